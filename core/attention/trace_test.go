package attention

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"
)

// The trace's stages fit together and end where MHSA ends: its weights and
// output equal MHSA's, the heads are the projections split, and the masked
// scores are −∞ exactly above the diagonal when causal.
func TestMHSATraceMatchesMHSA(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(shape ...int) *core.Tensor {
		x := core.New(shape...)
		for i := range x.Data {
			x.Data[i] = float32(rng.NormFloat64())
		}
		return x
	}
	const b, n, d, h = 2, 5, 8, 2
	lin := func() Linear { return Linear{W: rnd(d, d), B: rnd(d)} }
	w := MHSAWeights{Q: lin(), K: lin(), V: lin(), Out: lin()}
	x := rnd(b, n, d)
	for _, causal := range []bool{false, true} {
		st, err := MHSATrace(x, w, h, causal)
		if err != nil {
			t.Fatal(err)
		}
		y, attn, err := MHSA(x, w, h, causal)
		if err != nil {
			t.Fatal(err)
		}
		near := func(name string, got, want *core.Tensor) {
			t.Helper()
			for i := range want.Data {
				if math.Abs(float64(got.Data[i]-want.Data[i])) > 1e-5 {
					t.Fatalf("causal=%v %s[%d] = %v, MHSA gives %v", causal, name, i, got.Data[i], want.Data[i])
				}
			}
		}
		near("weights", st.Weights, attn)
		near("y", st.Y, y)
		// Qh[b, head, i, c] is Q[b, i, head·d/h + c].
		hd := d / h
		for bi := range b {
			for hh := range h {
				for i := range n {
					for c := range hd {
						if got, want := st.Qh.Data[((bi*h+hh)*n+i)*hd+c], st.Q.Data[(bi*n+i)*d+hh*hd+c]; got != want {
							t.Fatalf("Qh[%d,%d,%d,%d] = %v, Q gives %v", bi, hh, i, c, got, want)
						}
					}
				}
			}
		}
		for i := range n {
			for j := range n {
				inf := math.IsInf(float64(st.Masked.Data[i*n+j]), -1)
				if inf != (causal && j > i) {
					t.Fatalf("causal=%v masked[%d][%d] = %v", causal, i, j, st.Masked.Data[i*n+j])
				}
			}
		}
		if math.Abs(st.Scale-1/math.Sqrt(float64(hd))) > 1e-12 {
			t.Fatalf("scale %v", st.Scale)
		}
	}
	if _, err := MHSATrace(x, w, 3, false); err == nil {
		t.Fatal("3 heads of 8 channels: no error")
	}
}
