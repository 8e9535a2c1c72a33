package attention

import (
	"strings"
	"testing"

	"dlprep/core"
)

func randCamera(seed int64, c, dc int) CameraWeights {
	return CameraWeights{
		Q: Linear{W: randTensor(seed, c, c)}, K: Linear{W: randTensor(seed+1, c, dc)},
		V: Linear{W: randTensor(seed+2, c, dc)}, Proj: Linear{W: randTensor(seed+3, c, c), B: randTensor(seed+4, c)},
	}
}

// Problem 025's pitfall as a test: with one camera token per frame every
// weight is exactly 1 and the output does not depend on the pixels at all.
func TestCameraPerFrameIgnoresPixels(t *testing.T) {
	const b, tt, c, h, w, dc = 2, 3, 6, 2, 3, 5
	x, cam := randTensor(1, b, tt, c, h, w), randTensor(2, b, tt, dc)
	wts := randCamera(3, c, dc)
	y, attn, err := CameraCrossAttention(x, cam, wts, 2, PerFrame)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{b * tt, 2, h * w, 1}; !core.SameShape(attn.Shape, want) {
		t.Fatalf("attention shape %v, want %v", attn.Shape, want)
	}
	for i, a := range attn.Data {
		if a != 1 {
			t.Fatalf("attention[%d] = %v, want exactly 1", i, a)
		}
	}
	other := randTensor(9, b, tt, c, h, w)
	y2, _, err := CameraCrossAttention(other, cam, wts, 2, PerFrame)
	if err != nil {
		t.Fatal(err)
	}
	for i := range y.Data {
		if y.Data[i] != y2.Data[i] {
			t.Fatalf("y[%d] = %v with one video, %v with another: per_frame output must not depend on pixels", i, y.Data[i], y2.Data[i])
		}
	}
	// ...and every pixel of a frame holds the same vector.
	for f := 0; f < b*tt; f++ {
		for ch := 0; ch < c; ch++ {
			base := (f*c + ch) * h * w
			for p := 1; p < h*w; p++ {
				if y.Data[base+p] != y.Data[base] {
					t.Errorf("frame %d ch %d pixel %d = %v, pixel 0 = %v: want a broadcast", f, ch, p, y.Data[base+p], y.Data[base])
				}
			}
		}
	}
}

// In all_frames mode the pixels matter (weights vary) and each weight row
// is a distribution over the T cameras.
func TestCameraAllFramesWeights(t *testing.T) {
	const b, tt, c, h, w, dc = 1, 4, 4, 2, 2, 3
	x, cam := randTensor(1, b, tt, c, h, w), randTensor(2, b, tt, dc)
	_, attn, err := CameraCrossAttention(x, cam, randCamera(3, c, dc), 2, AllFrames)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{b, 2, tt * h * w, tt}; !core.SameShape(attn.Shape, want) {
		t.Fatalf("attention shape %v, want %v", attn.Shape, want)
	}
	distinct := false
	for r := 0; r < 2*tt*h*w; r++ {
		var s float32
		for j := 0; j < tt; j++ {
			s += attn.Data[r*tt+j]
		}
		if s < 0.9999 || s > 1.0001 {
			t.Errorf("row %d sums to %v, want 1", r, s)
		}
		distinct = distinct || attn.Data[r*tt] != attn.Data[0]
	}
	if !distinct {
		t.Errorf("all weight rows are equal: the queries had no effect")
	}
}

func TestCameraErrors(t *testing.T) {
	x, cam := randTensor(1, 1, 2, 4, 2, 2), randTensor(2, 1, 2, 3)
	w := randCamera(3, 4, 3)
	tests := []struct {
		name  string
		cam   *core.Tensor
		heads int
		mode  CameraMode
		want  string
	}{
		{"cam frames", randTensor(4, 1, 3, 3), 2, PerFrame, "cam"},
		{"heads", cam, 3, PerFrame, "C=4"},
		{"mode", cam, 2, CameraMode(7), "mode"},
		{"dc", randTensor(5, 1, 2, 5), 2, AllFrames, "to_k.weight"},
	}
	for _, tc := range tests {
		_, _, err := CameraCrossAttention(x, tc.cam, w, tc.heads, tc.mode)
		if err == nil || !strings.Contains(err.Error(), "camera_cross_attention: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := ParseCameraMode("per_pixel"); err == nil || !strings.Contains(err.Error(), `"per_pixel"`) {
		t.Errorf("ParseCameraMode(per_pixel): got error %v", err)
	}
}
