package attention

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"dlprep/core"
)

// randMHSA returns random projections for width d.
func randMHSA(seed int64, d int) MHSAWeights {
	l := func(s int64) Linear { return Linear{W: randTensor(s, d, d), B: randTensor(s+1, d)} }
	return MHSAWeights{Q: l(seed), K: l(seed + 2), V: l(seed + 4), Out: l(seed + 6)}
}

// The core's multiply-add counter after one forward must equal OPS.md's
// mhsa_flops/2: 3·n·d² + n²d + n²d + n·d² per sequence.
func TestMHSAMulAddsMatchFormula(t *testing.T) {
	for _, tc := range []struct{ b, n, d, heads int }{
		{1, 197, 48, 12}, {1, 5, 8, 1}, {2, 7, 12, 3}, {3, 1, 4, 4},
	} {
		x := randTensor(1, tc.b, tc.n, tc.d)
		w := randMHSA(2, tc.d)
		core.ResetMulAdds()
		if _, _, err := MHSA(x, w, tc.heads, true); err != nil {
			t.Fatal(err)
		}
		got := core.MulAdds()
		n, d := int64(tc.n), int64(tc.d)
		want := int64(tc.b) * (3*n*d*d + n*n*d + n*n*d + n*d*d)
		if got != want {
			t.Errorf("B=%d N=%d D=%d heads=%d: %d multiply-adds, want %d", tc.b, tc.n, tc.d, tc.heads, got, want)
		}
	}
}

// Causal MHSA: editing token j changes no output before j (bit for bit),
// and does change output j.
func TestMHSACausalIgnoresFuture(t *testing.T) {
	const b, n, d = 2, 7, 12
	x := randTensor(3, b, n, d)
	w := randMHSA(4, d)
	y, attn, err := MHSA(x, w, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < n; j++ {
		x2 := x.Clone()
		for bi := 0; bi < b; bi++ {
			for c := 0; c < d; c++ {
				x2.Data[(bi*n+j)*d+c] += 0.5
			}
		}
		y2, _, err := MHSA(x2, w, 3, true)
		if err != nil {
			t.Fatal(err)
		}
		for bi := 0; bi < b; bi++ {
			for i := 0; i < n; i++ {
				changed := false
				for c := 0; c < d; c++ {
					at := (bi*n+i)*d + c
					changed = changed || y.Data[at] != y2.Data[at]
				}
				if i < j && changed {
					t.Errorf("editing token %d changed output %d (batch %d)", j, i, bi)
				}
				if i == j && !changed {
					t.Errorf("editing token %d left its own output unchanged (batch %d)", j, bi)
				}
			}
		}
	}
	// Weights above the diagonal are exactly zero; each row sums to 1.
	for bh := 0; bh < b*3; bh++ {
		for i := 0; i < n; i++ {
			var sum float32
			for j := 0; j < n; j++ {
				a := attn.Data[(bh*n+i)*n+j]
				if j > i && a != 0 {
					t.Errorf("attn[%d][%d,%d] = %v, want 0 (future key)", bh, i, j, a)
				}
				sum += a
			}
			if sum < 0.9999 || sum > 1.0001 {
				t.Errorf("attn[%d] row %d sums to %v, want 1", bh, i, sum)
			}
		}
	}
}

func TestMHSAErrors(t *testing.T) {
	x := randTensor(1, 2, 3, 8)
	good := randMHSA(2, 8)
	badK := good
	badK.K.W = randTensor(3, 8, 6)
	badBias := good
	badBias.Out.B = randTensor(4, 6)
	noQ := good
	noQ.Q.W = nil
	tests := []struct {
		name  string
		x     *core.Tensor
		w     MHSAWeights
		heads int
		want  string
	}{
		{"heads 3 of 8", x, good, 3, "num_heads=3"},
		{"heads 0", x, good, 0, "num_heads"},
		{"heads -2", x, good, -2, "num_heads"},
		{"heads huge", x, good, 1 << 30, "num_heads"},
		{"k weight", x, badK, 2, "k_proj.weight"},
		{"out bias", x, badBias, 2, "out_proj.bias"},
		{"missing q", x, noQ, 2, "q_proj.weight"},
		{"x 2-d", randTensor(5, 3, 8), good, 2, "x"},
		{"x width", randTensor(6, 2, 3, 6), good, 2, "q_proj.weight"},
	}
	for _, tc := range tests {
		_, _, err := MHSA(tc.x, tc.w, tc.heads, false)
		if err == nil || !strings.Contains(err.Error(), "mhsa:") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one naming mhsa and %q", tc.name, err, tc.want)
		}
	}
}

// MHSA checks its projections' values through their results (see
// selfAttention's finiteLater): NaN or ±Inf anywhere in any weight or bias
// is still refused with an error naming it and its flat index, including
// an Inf weight that only ever meets zeros of x (Inf·0 is NaN), and when
// there are no tokens at all (no result to tell, so the weights
// themselves are checked).
func TestMHSARefusesNonFiniteWeights(t *testing.T) {
	const b, n, d, heads = 2, 5, 8, 2
	bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	names := [4]string{"q_proj", "k_proj", "v_proj", "out_proj"}
	for pi, name := range names {
		for _, bias := range []bool{false, true} {
			for _, v := range bad {
				for _, at := range []int{0, d - 1, d*d - 1} {
					w := randMHSA(3, d)
					l := [4]*Linear{&w.Q, &w.K, &w.V, &w.Out}[pi]
					what, t0 := name+".weight", l.W
					if bias {
						what, t0 = name+".bias", l.B
						at %= d
					}
					t0.Data[at] = v
					for _, shape := range [][3]int{{b, n, d}, {0, n, d}, {b, 0, d}} {
						x := randTensor(4, shape[0], shape[1], shape[2])
						_, _, err := MHSA(x, w, heads, false)
						want := fmt.Sprintf("%s holds a non-finite value (%v at flat index %d)", what, v, at)
						if err == nil || !strings.Contains(err.Error(), want) {
							t.Fatalf("x %v, %s[%d] = %v: error %v, want one containing %q", shape, what, at, v, err, want)
						}
					}
				}
			}
		}
	}
	// An Inf weight whose input column is zero in every token.
	w := randMHSA(5, d)
	w.K.W.Data[3*d+2] = float32(math.Inf(1))
	x := randTensor(6, b, n, d)
	for r := 0; r < b*n; r++ {
		x.Data[r*d+2] = 0
	}
	if _, _, err := MHSA(x, w, heads, false); err == nil || !strings.Contains(err.Error(), "k_proj.weight holds a non-finite value") {
		t.Fatalf("Inf weight meeting only zeros: error %v, want k_proj.weight's", err)
	}
	// Finite weights whose results overflow are not the weights' fault:
	// no weight is named.
	w = randMHSA(7, d)
	for i := range w.V.W.Data {
		w.V.W.Data[i] = 3e38
	}
	if _, _, err := MHSA(randTensor(8, b, n, d), w, heads, false); err != nil && strings.Contains(err.Error(), "_proj.") {
		t.Fatalf("overflowing results blamed a finite weight: %v", err)
	}
}
