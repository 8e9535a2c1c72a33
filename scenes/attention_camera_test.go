package scenes

import (
	"math"
	"testing"

	"dlprep/core/attention"
)

// TestCameraScenePerFrameWeightsAreOne checks problem 025's point in the
// per-frame mode: every weight shown is exactly 1 (core's), other cameras
// are not keys, and the output of each frame is constant over its pixels.
func TestCameraScenePerFrameWeightsAreOne(t *testing.T) {
	s := resetScene(t, "camera_attention", Values{"mode": 0}).(*CameraAttentionScene)
	for tt := range s.t {
		for h := range s.h {
			for w := range s.w {
				for k := range s.t {
					want := float32(-1)
					if k == tt {
						want = 1
					}
					if got := s.Weight(tt, h, w, k); got != want {
						t.Fatalf("pixel (%d,%d,%d) camera %d: weight %v, want %v", tt, h, w, k, got, want)
					}
				}
			}
		}
	}
	for tt, sp := range s.Spread() {
		if sp > 1e-6 {
			t.Errorf("frame %d: output spread over pixels %v, want 0", tt, sp)
		}
	}
}

// TestCameraSceneAllFramesShowsCore checks the all-frames weights shown are
// core's, each pixel's weights sum to 1, and the output varies over pixels.
func TestCameraSceneAllFramesShowsCore(t *testing.T) {
	s := resetScene(t, "camera_attention", Values{"mode": 1, "head": 1}).(*CameraAttentionScene)
	_, attn, err := attention.CameraCrossAttention(s.x, s.cam, s.wts, s.heads, attention.AllFrames)
	if err != nil {
		t.Fatal(err)
	}
	hw := s.h * s.w
	for tt := range s.t {
		for p := range hw {
			sum := 0.0
			for k := range s.t {
				got := s.Weight(tt, p/s.w, p%s.w, k)
				want := attn.Data[((1*s.t*hw)+tt*hw+p)*s.t+k]
				if got != want {
					t.Fatalf("pixel (%d,%d) camera %d: shown %v, core %v", tt, p, k, got, want)
				}
				sum += float64(got)
			}
			if math.Abs(sum-1) > 1e-5 {
				t.Errorf("pixel (%d,%d): weights sum to %v", tt, p, sum)
			}
		}
	}
	for tt, sp := range s.Spread() {
		if sp < 1e-4 {
			t.Errorf("frame %d: output spread %v, want > 0 in all-frames mode", tt, sp)
		}
	}
}

func BenchmarkScene_camera_attention(b *testing.B) { benchScene(b, "camera_attention", nil) }
