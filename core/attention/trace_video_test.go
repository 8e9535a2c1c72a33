package attention

import (
	"math"
	"strings"
	"testing"

	"dlprep/core"
)

// nearT fails unless got and want have the same shape and values within tol.
func nearT(t *testing.T, what string, got, want *core.Tensor, tol float64) {
	t.Helper()
	if !core.SameShape(got.Shape, want.Shape) {
		t.Fatalf("%s: shape %v, want %v", what, got.Shape, want.Shape)
	}
	for i := range want.Data {
		if math.Abs(float64(got.Data[i]-want.Data[i])) > tol {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got.Data[i], want.Data[i])
		}
	}
}

// The window trace's tubes are x's tokens in TubeOf order, its weights are
// WindowAttentionWeights' tube by tube, and its output WindowAttention's.
func TestWindowTraceMatchesWindowAttention(t *testing.T) {
	for _, tc := range []struct {
		b, c, t, h, w, heads int
		win                  Window
	}{
		{1, 8, 4, 6, 6, 2, Window{2, 3, 3}},
		{2, 6, 4, 6, 4, 3, Window{2, 3, 2}},
		{1, 4, 2, 4, 4, 1, Window{1, 4, 4}},
		{1, 4, 2, 2, 2, 4, Window{2, 2, 2}}, // one tube: the whole video
	} {
		x := randTensor(3, tc.b, tc.c, tc.t, tc.h, tc.w)
		wts := randWindow(4, tc.c)
		st, err := WindowTrace(x, wts, tc.heads, tc.win)
		if err != nil {
			t.Fatal(err)
		}
		y, err := WindowAttention(x, wts, tc.heads, tc.win)
		if err != nil {
			t.Fatal(err)
		}
		nearT(t, "Y", st.Y, y, 1e-5)
		n, grid := tc.win.Size(), st.Grid
		if want := [3]int{tc.t / tc.win.T, tc.h / tc.win.H, tc.w / tc.win.W}; grid != want {
			t.Fatalf("%+v: grid %v, want %v", tc, grid, want)
		}
		for tb := 0; tb < tc.b*st.NumTubes(); tb++ {
			tube := Tube{B: tb / st.NumTubes(), T: tb / (grid[1] * grid[2]) % grid[0], H: tb / grid[2] % grid[1], W: tb % grid[2]}
			attn, _, err := WindowAttentionWeights(x, wts, tc.heads, tc.win, tube)
			if err != nil {
				t.Fatal(err)
			}
			got := &core.Tensor{Shape: attn.Shape, Data: st.Weights.Data[tb*tc.heads*n*n : (tb+1)*tc.heads*n*n]}
			nearT(t, "weights of tube", got, attn, 1e-5)
			for i := 0; i < n; i++ {
				tt, hh, ww := tc.win.Token(tube, i)
				for ch := 0; ch < tc.c; ch++ {
					want := x.Data[(((tube.B*tc.c+ch)*tc.t+tt)*tc.h+hh)*tc.w+ww]
					if got := st.Tubes.Data[(tb*n+i)*tc.c+ch]; got != want {
						t.Fatalf("%+v: Tubes[%d,%d,%d] = %v, x gives %v", tc, tb, i, ch, got, want)
					}
				}
			}
		}
	}
	if _, err := WindowTrace(randTensor(1, 1, 4, 5, 4, 4), randWindow(2, 4), 1, Window{2, 2, 2}); err == nil ||
		!strings.Contains(err.Error(), "T=5") {
		t.Errorf("T=5, wT=2: error %v, want the production op's message", err)
	}
}

// The factorized trace ends where FactorizedAttention ends, and each
// regroup puts the tokens where the permutes say.
func TestFactorizedTraceMatchesFactorizedAttention(t *testing.T) {
	for _, tc := range []struct{ b, t, c, h, w, heads int }{
		{1, 4, 8, 4, 4, 2}, {2, 3, 6, 2, 3, 3}, {1, 1, 4, 4, 1, 1},
	} {
		x := randTensor(5, tc.b, tc.t, tc.c, tc.h, tc.w)
		wts := FactorizedWeights{Spatial: randMHSA(6, tc.c), Temporal: randMHSA(7, tc.c)}
		st, err := FactorizedTrace(x, wts, tc.heads)
		if err != nil {
			t.Fatal(err)
		}
		r, err := FactorizedAttention(x, wts, tc.heads)
		if err != nil {
			t.Fatal(err)
		}
		nearT(t, "spatial", st.Spatial, r.Spatial, 1e-5)
		nearT(t, "temporal", st.Temporal, r.Temporal, 1e-5)
		nearT(t, "Y", st.Y, r.Y, 1e-5)
		hw := tc.h * tc.w
		for b := range tc.b {
			for ti := range tc.t {
				for p := range hw {
					for ch := range tc.c {
						want := x.Data[((b*tc.t+ti)*tc.c+ch)*hw+p]
						if got := st.Frames.Data[((b*tc.t+ti)*hw+p)*tc.c+ch]; got != want {
							t.Fatalf("Frames[%d,%d,%d] = %v, x gives %v", b*tc.t+ti, p, ch, got, want)
						}
						want = st.SpatialOut.Data[((b*tc.t+ti)*hw+p)*tc.c+ch]
						if got := st.Pixels.Data[((b*hw+p)*tc.t+ti)*tc.c+ch]; got != want {
							t.Fatalf("Pixels[%d,%d,%d] = %v, spatial output gives %v", b*hw+p, ti, ch, got, want)
						}
					}
				}
			}
		}
	}
}

// The camera trace's weights and output are CameraCrossAttention's in both
// modes; with one key per query every weight is exactly 1.
func TestCameraTraceMatchesCameraCrossAttention(t *testing.T) {
	const b, tt, c, h, w, dc, heads = 2, 3, 8, 2, 3, 5, 2
	x := randTensor(8, b, tt, c, h, w)
	cam := randTensor(9, b, tt, dc)
	wts := CameraWeights{Q: Linear{W: randTensor(10, c, c)}, K: Linear{W: randTensor(11, c, dc)},
		V: Linear{W: randTensor(12, c, dc)}, Proj: Linear{W: randTensor(13, c, c), B: randTensor(14, c)}}
	for _, mode := range []CameraMode{PerFrame, AllFrames} {
		st, err := CameraTrace(x, cam, wts, heads, mode)
		if err != nil {
			t.Fatal(err)
		}
		y, attn, err := CameraCrossAttention(x, cam, wts, heads, mode)
		if err != nil {
			t.Fatal(err)
		}
		nearT(t, mode.String()+" weights", st.Weights, attn, 1e-6)
		nearT(t, mode.String()+" Y", st.Y, y, 1e-5)
		if !core.SameShape(st.Scores.Shape, attn.Shape) {
			t.Fatalf("%v: scores %v, weights %v", mode, st.Scores.Shape, attn.Shape)
		}
		if mode == PerFrame {
			for i, v := range st.Weights.Data {
				if v != 1 {
					t.Fatalf("per frame: weight %d is %v, want exactly 1", i, v)
				}
			}
		}
		// A score is q·k·scale for its pixel and camera (head 0, video 0).
		hd := c / heads
		p, cm := h*w-1, tt-1
		dot := 0.0
		for i := range hd {
			dot += float64(st.Q.Data[(cm*h*w+p)*c+i]) * float64(st.K.Data[cm*c+i])
		}
		got := st.Scores.Data[(cm*heads)*h*w+p] // PerFrame: sequence cm, head 0, query p
		if mode == AllFrames {
			got = st.Scores.Data[(cm*h*w+p)*tt+cm] // video 0, head 0, query cm·HW+p, key cm
		}
		if math.Abs(float64(got)-dot*st.Scale) > 1e-5 {
			t.Errorf("%v: score %v, q·k/√d = %v", mode, got, dot*st.Scale)
		}
	}
}

// The LoRA trace's adapted attention is LoRAMHSA's; its base attention is
// LoRAMHSA's with B = 0; the updates have rank r and give the adapted
// projections.
func TestLoRATraceMatchesLoRAMHSA(t *testing.T) {
	const b, s, d, r, heads, alpha = 2, 5, 8, 2, 2, 6.0
	x := randTensor(15, b, s, d)
	w := randLoRA(16, d, r)
	st, err := LoRATrace(x, w, heads, alpha)
	if err != nil {
		t.Fatal(err)
	}
	y, attn, err := LoRAMHSA(x, w, heads, alpha)
	if err != nil {
		t.Fatal(err)
	}
	nearT(t, "weights", st.Weights, attn, 1e-5)
	nearT(t, "Y", st.Y, y, 1e-4)
	zero := w
	zero.QB, zero.VB = core.New(r, d), core.New(r, d)
	y0, attn0, err := LoRAMHSA(x, zero, heads, alpha)
	if err != nil {
		t.Fatal(err)
	}
	nearT(t, "base weights", st.BaseWeights, attn0, 1e-5)
	nearT(t, "base Y", st.BaseY, y0, 1e-4)
	// q = x Wqᵀ + x ΔWq, with ΔWq formed explicitly.
	xq, err := core.MatMul(&core.Tensor{Shape: []int{b * s, d}, Data: x.Data}, st.DeltaQ)
	if err != nil {
		t.Fatal(err)
	}
	for i := range st.Q.Data {
		if want := st.QBase.Data[i] + xq.Data[i]; math.Abs(float64(st.Q.Data[i]-want)) > 1e-4 {
			t.Fatalf("Q[%d] = %v, base + x·ΔWq = %v", i, st.Q.Data[i], want)
		}
	}
	// The cheap order: x·A first, [B,S,r], then the update (α/r)·(x·A)·B.
	xa, err := core.MatMul(&core.Tensor{Shape: []int{b * s, d}, Data: x.Data}, w.QA)
	if err != nil {
		t.Fatal(err)
	}
	if !core.SameShape(st.XAQ.Shape, []int{b, s, r}) {
		t.Fatalf("x·A shape %v, want [%d %d %d]", st.XAQ.Shape, b, s, r)
	}
	nearT(t, "x·A", &core.Tensor{Shape: xa.Shape, Data: st.XAQ.Data}, xa, 0)
	for i := range st.Q.Data {
		if math.Abs(float64(st.Q.Data[i]-st.QBase.Data[i]-st.UpdQ.Data[i])) > 1e-5 {
			t.Fatalf("Q[%d] = %v, base + update = %v", i, st.Q.Data[i], st.QBase.Data[i]+st.UpdQ.Data[i])
		}
	}
	if st.Scale != alpha/r {
		t.Errorf("scale %v, want α/r = %v", st.Scale, alpha/r)
	}
}

// The score counts are the sizes of the weights the ops return, per head
// and video.
func TestFactorizedScoresCountTheWeights(t *testing.T) {
	for _, tc := range []struct{ t, c, h, w, heads int }{{4, 8, 4, 4, 2}, {3, 4, 2, 5, 1}, {1, 4, 3, 3, 4}} {
		x := randTensor(17, 1, tc.t, tc.c, tc.h, tc.w)
		r, err := FactorizedAttention(x, FactorizedWeights{Spatial: randMHSA(18, tc.c), Temporal: randMHSA(19, tc.c)}, tc.heads)
		if err != nil {
			t.Fatal(err)
		}
		full, sp, tm := FactorizedScores(tc.t, tc.h, tc.w)
		if got := int64(len(r.Spatial.Data)) / int64(tc.heads); got != sp {
			t.Errorf("%+v: spatial weights hold %d per head, FactorizedScores says %d", tc, got, sp)
		}
		if got := int64(len(r.Temporal.Data)) / int64(tc.heads); got != tm {
			t.Errorf("%+v: temporal weights hold %d per head, FactorizedScores says %d", tc, got, tm)
		}
		seq, err := x.Permute(0, 1, 3, 4, 2)
		if err != nil {
			t.Fatal(err)
		}
		if seq, err = seq.Reshape(1, tc.t*tc.h*tc.w, tc.c); err != nil {
			t.Fatal(err)
		}
		_, attn, err := MHSA(seq, randMHSA(20, tc.c), tc.heads, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := int64(len(attn.Data)) / int64(tc.heads); got != full {
			t.Errorf("%+v: full attention holds %d weights per head, FactorizedScores says %d", tc, got, full)
		}
	}
}
