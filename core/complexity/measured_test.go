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
