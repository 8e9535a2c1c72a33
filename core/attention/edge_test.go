package attention

import (
	"strings"
	"testing"

	"dlprep/core"
)

// Degenerate but valid shapes (empty batches, sequences, no frames) return
// empty or zero results, never a panic; zero widths (channels, head width,
// frame height or width) and oversized requests are errors.
func TestDegenerateShapes(t *testing.T) {
	t.Run("sdpa empty", func(t *testing.T) {
		for _, sh := range [][6]int{{0, 2, 3, 4, 2, 2}, {1, 0, 3, 4, 2, 2}, {1, 1, 0, 4, 2, 2}, {1, 1, 3, 0, 2, 2}} {
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
		for _, sh := range [][5]int{{1, 0, 4, 2, 2}, {0, 2, 4, 2, 2}} {
			r, err := FactorizedAttention(core.New(sh[:]...), w, 2)
			if err != nil || !core.SameShape(r.Y.Shape, sh[:]) {
				t.Errorf("%v: got %v, %v", sh, r, err)
			}
		}
	})
	t.Run("camera no frames", func(t *testing.T) {
		for _, mode := range []CameraMode{PerFrame, AllFrames} {
			y, _, err := CameraCrossAttention(core.New(1, 0, 4, 2, 3), randTensor(1, 1, 0, 3), randCamera(2, 4, 3), 2, mode)
			if err != nil || !core.SameShape(y.Shape, []int{1, 0, 4, 2, 3}) {
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
		if _, _, err := SDPA(long, long, long, nil, false); err == nil || !strings.Contains(err.Error(), "attention [1,1,32768,32768] need") {
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

// TestZeroWidthsAreErrors: a zero channel, head or frame size is refused
// with a message naming it, before any product runs (a zero channel count
// used to reach the GEMM as a leading dimension of 0 and panic).
func TestZeroWidthsAreErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"sdpa dv=0", func() error {
			_, _, err := SDPA(core.New(1, 1, 3, 2), core.New(1, 1, 4, 2), core.New(1, 1, 4, 0), nil, false)
			return err
		}, "dv must be positive"},
		{"mhsa D=0", func() error {
			_, _, err := MHSA(core.New(1, 3, 0), randMHSA(1, 0), 1, false)
			return err
		}, "channels D must be positive, got D=0"},
		{"window C=0", func() error {
			_, err := WindowAttention(core.New(1, 0, 2, 2, 2), randWindow(1, 0), 1, Window{2, 2, 2})
			return err
		}, "channels C must be positive"},
		{"factorized C=0", func() error {
			_, err := FactorizedAttention(core.New(1, 2, 0, 2, 2), FactorizedWeights{Spatial: randMHSA(1, 0), Temporal: randMHSA(2, 0)}, 1)
			return err
		}, "channels C must be positive"},
		{"factorized H=0", func() error {
			_, err := FactorizedAttention(core.New(1, 2, 4, 0, 3), FactorizedWeights{Spatial: randMHSA(1, 4), Temporal: randMHSA(2, 4)}, 2)
			return err
		}, "H=0"},
		{"camera C=0", func() error {
			_, _, err := CameraCrossAttention(core.New(1, 2, 0, 2, 2), randTensor(1, 1, 2, 3), randCamera(2, 0, 3), 1, PerFrame)
			return err
		}, "channels C must be positive"},
		{"camera H=0", func() error {
			_, _, err := CameraCrossAttention(core.New(1, 2, 4, 0, 3), randTensor(1, 1, 2, 3), randCamera(2, 4, 3), 2, AllFrames)
			return err
		}, "H=0"},
		{"camera Dc=0", func() error {
			_, _, err := CameraCrossAttention(core.New(1, 2, 4, 2, 3), randTensor(1, 1, 2, 0), randCamera(2, 4, 0), 2, AllFrames)
			return err
		}, "Dc must be positive"},
		{"lora_mhsa D=0", func() error {
			_, _, err := LoRAMHSA(core.New(1, 3, 0), randLoRA(1, 0, 2), 1, 1)
			return err
		}, "channels D must be positive"},
	}
	for _, tc := range tests {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestBudgetRefusesBeforeAllocating runs every op under a tiny budget:
// shapes whose results would pass it are refused with the sizes named.
func TestBudgetRefusesBeforeAllocating(t *testing.T) {
	defer core.SetBudget(core.SetBudget(64 << 10))
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"sdpa", func() error {
			q := core.New(1, 1, 256, 1)
			_, _, err := SDPA(q, q, q, nil, false)
			return err
		}, "sdpa: output [1,1,256,1] + attention [1,1,256,256] need 257 KiB, over the 64 KiB budget"},
		{"mhsa", func() error {
			_, _, err := MHSA(core.New(1, 200, 4), randMHSA(1, 4), 2, false)
			return err
		}, "attention [1,2,200,200]"},
		{"window", func() error {
			_, err := WindowAttention(core.New(1, 4, 8, 16, 16), randWindow(1, 4), 2, Window{8, 16, 16})
			return err
		}, "tube weights [2048,2048]"},
		{"factorized", func() error {
			_, err := FactorizedAttention(core.New(1, 2, 4, 16, 16), FactorizedWeights{Spatial: randMHSA(1, 4), Temporal: randMHSA(2, 4)}, 2)
			return err
		}, "attention [2,2,256,256]"},
		{"camera", func() error {
			_, _, err := CameraCrossAttention(core.New(1, 64, 4, 16, 16), randTensor(1, 1, 64, 3), randCamera(2, 4, 3), 2, AllFrames)
			return err
		}, "attention [1,2,16384,64]"},
		{"lora_mhsa", func() error {
			_, _, err := LoRAMHSA(core.New(1, 200, 4), randLoRA(1, 4, 2), 2, 1)
			return err
		}, "attention [1,2,200,200]"},
	}
	for _, tc := range tests {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "budget") {
			t.Errorf("%s: error %v, want a budget error containing %q", tc.name, err, tc.want)
		}
	}
}
