package attention

import (
	"testing"

	"dlprep/core"
)

// The core's multiply-add count equals FactorizedCost's analytic FLOPs / 2,
// and the weights have the documented shapes.
func TestFactorizedCostMatchesKernels(t *testing.T) {
	for _, tc := range []struct{ b, t, c, h, w, heads int }{
		{1, 4, 8, 3, 5, 2}, {2, 3, 6, 2, 2, 3}, {1, 1, 4, 4, 1, 1},
	} {
		w := FactorizedWeights{Spatial: randMHSA(1, tc.c), Temporal: randMHSA(9, tc.c)}
		x := randTensor(2, tc.b, tc.t, tc.c, tc.h, tc.w)
		core.ResetMulAdds()
		r, err := FactorizedAttention(x, w, tc.heads)
		if err != nil {
			t.Fatal(err)
		}
		got := core.MulAdds() * 2
		want := int64(tc.b) * FactorizedCost(tc.t, tc.c, tc.h, tc.w).Factorized
		if got != want {
			t.Errorf("%+v: kernels did %d FLOPs, FactorizedCost says %d", tc, got, want)
		}
		hw := tc.h * tc.w
		if s := []int{tc.b * tc.t, tc.heads, hw, hw}; !core.SameShape(r.Spatial.Shape, s) {
			t.Errorf("%+v: spatial weights %v, want %v", tc, r.Spatial.Shape, s)
		}
		if s := []int{tc.b * hw, tc.heads, tc.t, tc.t}; !core.SameShape(r.Temporal.Shape, s) {
			t.Errorf("%+v: temporal weights %v, want %v", tc, r.Temporal.Shape, s)
		}
		if !core.SameShape(r.Y.Shape, x.Shape) {
			t.Errorf("%+v: y %v, want %v", tc, r.Y.Shape, x.Shape)
		}
	}
}

// Problem 027's claim in numbers: for a 16-frame 14x14 clip at C=768 the
// factorized form is cheaper than full attention, and the full form grows as
// (THW)².
func TestFactorizedCostNumbers(t *testing.T) {
	c := FactorizedCost(16, 768, 14, 14)
	n, tt, cc := int64(196), int64(16), int64(768)
	if want := 8*n*tt*cc*cc + 4*(n*tt)*(n*tt)*cc; c.Full != want {
		t.Errorf("full = %d, want %d", c.Full, want)
	}
	if want := 16*n*tt*cc*cc + 4*n*n*tt*cc + 4*tt*tt*n*cc; c.Factorized != want {
		t.Errorf("factorized = %d, want %d", c.Factorized, want)
	}
	if c.Factorized >= c.Full {
		t.Errorf("factorized %d >= full %d for T=16, 14x14, C=768", c.Factorized, c.Full)
	}
}

// With a single frame the temporal stage attends over one token (weight
// exactly 1): a cheap check that the regrouping produced T-long sequences.
func TestFactorizedOneFrameTemporalWeightsAreOne(t *testing.T) {
	w := FactorizedWeights{Spatial: randMHSA(1, 4), Temporal: randMHSA(9, 4)}
	r, err := FactorizedAttention(randTensor(3, 2, 1, 4, 2, 3), w, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range r.Temporal.Data {
		if a != 1 {
			t.Fatalf("temporal weight %d = %v, want 1 with T=1", i, a)
		}
	}
}
