package attention

import (
	"strings"
	"testing"

	"dlprep/core"
)

// Degenerate but valid shapes (empty batches, sequences, frames) return
// empty or zero results, never a panic; oversized requests are errors.
func TestDegenerateShapes(t *testing.T) {
	t.Run("sdpa empty", func(t *testing.T) {
		for _, sh := range [][6]int{{0, 2, 3, 4, 2, 2}, {1, 0, 3, 4, 2, 2}, {1, 1, 0, 4, 2, 2}, {1, 1, 3, 0, 2, 2}, {1, 1, 3, 4, 2, 0}} {
			b, h, s, s2, dk, dv := sh[0], sh[1], sh[2], sh[3], sh[4], sh[5]
			out, attn, err := SDPA(core.New(b, h, s, dk), core.New(b, h, s2, dk), core.New(b, h, s2, dv), nil, true)
			if err != nil {
				t.Errorf("%v: %v", sh, err)
				continue
			}
			if !core.SameShape(out.Shape, []int{b, h, s, dv}) || !core.SameShape(attn.Shape, []int{b, h, s, s2}) {
				t.Errorf("%v: shapes %v %v", sh, out.Shape, attn.Shape)
			}
			for i, x := range out.Data {
				if x != 0 {
					t.Errorf("%v: out[%d] = %v, want 0 (no keys or zero values)", sh, i, x)
				}
			}
		}
	})
	t.Run("mhsa empty sequence", func(t *testing.T) {
		y, attn, err := MHSA(core.New(2, 0, 4), randMHSA(1, 4), 2, true)
		if err != nil || len(y.Data) != 0 || !core.SameShape(attn.Shape, []int{2, 2, 0, 0}) {
			t.Errorf("got %v, %v, %v", y, attn, err)
		}
	})
	t.Run("factorized no pixels", func(t *testing.T) {
		w := FactorizedWeights{Spatial: randMHSA(1, 4), Temporal: randMHSA(2, 4)}
		for _, sh := range [][5]int{{1, 2, 4, 0, 3}, {1, 0, 4, 2, 2}, {0, 2, 4, 2, 2}} {
			r, err := FactorizedAttention(core.New(sh[:]...), w, 2)
			if err != nil || !core.SameShape(r.Y.Shape, sh[:]) {
				t.Errorf("%v: got %v, %v", sh, r, err)
			}
		}
	})
	t.Run("camera no pixels", func(t *testing.T) {
		for _, mode := range []CameraMode{PerFrame, AllFrames} {
			y, _, err := CameraCrossAttention(core.New(1, 2, 4, 0, 3), randTensor(1, 1, 2, 3), randCamera(2, 4, 3), 2, mode)
			if err != nil || !core.SameShape(y.Shape, []int{1, 2, 4, 0, 3}) {
				t.Errorf("%v: got %v, %v", mode, y, err)
			}
		}
	})
	t.Run("lora empty batch", func(t *testing.T) {
		y, _, err := LoRAMHSA(core.New(0, 3, 4), randLoRA(1, 4, 2), 2, 1)
		if err != nil || !core.SameShape(y.Shape, []int{0, 3, 4}) {
			t.Errorf("got %v, %v", y, err)
		}
	})
	t.Run("window empty batch", func(t *testing.T) {
		y, err := WindowAttention(core.New(0, 4, 2, 2, 2), randWindow(1, 4), 2, Window{2, 2, 2})
		if err != nil || !core.SameShape(y.Shape, []int{0, 4, 2, 2, 2}) {
			t.Errorf("got %v, %v", y, err)
		}
	})
	t.Run("huge requests are errors", func(t *testing.T) {
		long := core.New(1, 1, 1<<15, 1)
		if _, _, err := SDPA(long, long, long, nil, false); err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("sdpa with 2^30 weights: got error %v", err)
		}
		if _, err := WindowAttention(core.New(1, 4, 2, 2, 2), randWindow(1, 4), 2, Window{1 << 20, 2, 2}); err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("window larger than the video: got error %v", err)
		}
		if _, _, err := MHSA(core.New(1, 2, 4), randMHSA(1, 4), 1<<20, false); err == nil {
			t.Errorf("num_heads 2^20: no error")
		}
	})
}
