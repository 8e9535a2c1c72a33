package complexity

import (
	"math/rand/v2"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/lora"
)

func randT(rng *rand.Rand, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

// TestMHSAFlopsMeasured runs the core's MHSA forward and checks that twice
// the multiply-adds core.Gemm performed equals mhsa_flops.total per
// sequence, whatever the head count or masking.
func TestMHSAFlopsMeasured(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		b, n, d, heads int
		causal         bool
	}{{1, 197, 64, 8, false}, {1, 5, 12, 3, true}, {2, 9, 16, 1, false}, {3, 33, 24, 6, true}, {1, 1, 4, 4, false}} {
		lin := func() attention.Linear { return attention.Linear{W: randT(rng, tc.d, tc.d), B: randT(rng, tc.d)} }
		w := attention.MHSAWeights{Q: lin(), K: lin(), V: lin(), Out: lin()}
		x := randT(rng, tc.b, tc.n, tc.d)
		core.ResetMulAdds()
		if _, _, err := attention.MHSA(x, w, tc.heads, tc.causal); err != nil {
			t.Fatal(err)
		}
		got := 2 * core.MulAdds()
		want, err := MHSAFlops(int64(tc.n), int64(tc.d), int64(tc.heads))
		if err != nil {
			t.Fatal(err)
		}
		if got != int64(tc.b)*want.Total {
			t.Errorf("MHSA B=%d N=%d D=%d heads=%d causal=%v: measured %d FLOPs, mhsa_flops.total×B = %d", tc.b, tc.n, tc.d, tc.heads, tc.causal, got, int64(tc.b)*want.Total)
		}
	}
}

// TestLoRACostsMeasured runs lora.Linear's forward pass (N sequences of L
// tokens) and its merge, and checks the measured FLOPs against lora_costs:
// the forward is flops_lora, the merge is flops_merge_first − flops_full,
// and a forward with the merged weight is flops_full.
func TestLoRACostsMeasured(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ dIn, dOut, r, n, l int }{
		{48, 32, 4, 2, 7}, {768, 768, 8, 1, 197}, {5, 9, 1, 3, 1}, {16, 16, 16, 1, 4},
	} {
		ll, err := lora.New(randT(rng, tc.dOut, tc.dIn), randT(rng, tc.dOut), randT(rng, tc.r, tc.dIn), randT(rng, tc.dOut, tc.r), 2)
		if err != nil {
			t.Fatal(err)
		}
		want, err := LoRACosts(int64(tc.dIn), int64(tc.dOut), int64(tc.r), int64(tc.n), int64(tc.l))
		if err != nil {
			t.Fatal(err)
		}
		x := randT(rng, tc.n, tc.l, tc.dIn)

		core.ResetMulAdds()
		if _, err := ll.Forward(x); err != nil {
			t.Fatal(err)
		}
		if got := 2 * core.MulAdds(); got != want.FlopsLoRA {
			t.Errorf("%+v: LoRA forward measured %d FLOPs, flops_lora %d", tc, got, want.FlopsLoRA)
		}

		core.ResetMulAdds()
		merged := ll.Merge()
		if got := 2 * core.MulAdds(); got != want.FlopsMergeFirst-want.FlopsFull {
			t.Errorf("%+v: merge measured %d FLOPs, flops_merge_first - flops_full = %d", tc, got, want.FlopsMergeFirst-want.FlopsFull)
		}
		core.ResetMulAdds()
		if _, err := core.Linear("test", x, merged, ll.Bias); err != nil {
			t.Fatal(err)
		}
		if got := 2 * core.MulAdds(); got != want.FlopsFull {
			t.Errorf("%+v: merged forward measured %d FLOPs, flops_full %d", tc, got, want.FlopsFull)
		}
	}
}

// TestFineTuneCostsMeasured runs one training step's products through
// core.Gemm and counts them: full fine-tuning's dW = dYᵀX and dX = dY·W,
// and lora.Linear's Forward and Backward (which recomputes H = XAᵀ, the
// 2NL·r·d_in that autograd would keep from the forward pass).
func TestFineTuneCostsMeasured(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct{ dIn, dOut, r, n, l int }{{48, 32, 4, 2, 7}, {16, 16, 16, 1, 4}, {5, 9, 1, 3, 1}} {
		full, lr, err := FineTuneCosts(int64(tc.dIn), int64(tc.dOut), int64(tc.r), int64(tc.n), int64(tc.l))
		if err != nil {
			t.Fatal(err)
		}
		rows := tc.n * tc.l
		x, dy, w := randT(rng, rows, tc.dIn), randT(rng, rows, tc.dOut), randT(rng, tc.dOut, tc.dIn)
		core.ResetMulAdds()
		if _, err := core.Linear("test", x, w, nil); err != nil {
			t.Fatal(err)
		}
		if got := 2 * core.MulAdds(); got != full.Forward {
			t.Errorf("%+v: full forward measured %d FLOPs, want %d", tc, got, full.Forward)
		}
		core.ResetMulAdds()
		dw, dx := core.New(tc.dOut, tc.dIn), core.New(rows, tc.dIn)
		core.Gemm(true, false, tc.dOut, tc.dIn, rows, 1, dy.Data, tc.dOut, x.Data, tc.dIn, 0, dw.Data, tc.dIn)
		core.Gemm(false, false, rows, tc.dIn, tc.dOut, 1, dy.Data, tc.dOut, w.Data, tc.dIn, 0, dx.Data, tc.dIn)
		if got := 2 * core.MulAdds(); got != full.Backward {
			t.Errorf("%+v: full backward measured %d FLOPs, want %d", tc, got, full.Backward)
		}
		ll, err := lora.New(w, nil, randT(rng, tc.r, tc.dIn), randT(rng, tc.dOut, tc.r), 2)
		if err != nil {
			t.Fatal(err)
		}
		core.ResetMulAdds()
		if _, err := ll.Forward(x); err != nil {
			t.Fatal(err)
		}
		if got := 2 * core.MulAdds(); got != lr.Forward {
			t.Errorf("%+v: LoRA forward measured %d FLOPs, want %d", tc, got, lr.Forward)
		}
		core.ResetMulAdds()
		if _, err := ll.Backward(x, dy); err != nil {
			t.Fatal(err)
		}
		if got, want := 2*core.MulAdds(), lr.Backward+int64(2*rows*tc.r*tc.dIn); got != want {
			t.Errorf("%+v: LoRA backward measured %d FLOPs, want %d (+ H recomputed)", tc, got, want)
		}
	}
}
