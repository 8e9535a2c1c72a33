package attention

import (
	"strings"
	"testing"

	"dlprep/core"
)

func randLoRA(seed int64, d, r int) LoRAWeights {
	return LoRAWeights{
		Q: randTensor(seed, d, d), K: randTensor(seed+1, d, d), V: randTensor(seed+2, d, d),
		QA: randTensor(seed+3, d, r), QB: randTensor(seed+4, r, d),
		VA: randTensor(seed+5, d, r), VB: randTensor(seed+6, r, d),
	}
}

// With B = 0 (standard LoRA init) the layer is exactly its frozen base; and
// putting the adapters into the base weights (merging) gives the same y.
func TestLoRAMHSAZeroBAndMerge(t *testing.T) {
	const b, s, d, r, heads = 2, 5, 8, 2, 2
	const alpha = 6.0
	x := randTensor(1, b, s, d)
	w := randLoRA(2, d, r)
	zero := w
	zero.QB, zero.VB = core.New(r, d), core.New(r, d)
	y0, _, err := LoRAMHSA(x, zero, heads, alpha)
	if err != nil {
		t.Fatal(err)
	}
	base := MHSAWeights{Q: Linear{W: w.Q}, K: Linear{W: w.K}, V: Linear{W: w.V}}
	yb, _, err := selfAttention("test", x.Data, b, s, d, base, heads, false, nil, &selfAttnBufs{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !near(y0.Data, yb.Data, 0) {
		t.Errorf("B=0: LoRA output differs from the base attention")
	}

	// merged Wq' = Wq + (alpha/r)(A B)ᵀ since q = x Wqᵀ + s x A B.
	merge := func(wb, a, bb *core.Tensor) *core.Tensor {
		m := wb.Clone()
		for o := 0; o < d; o++ {
			for i := 0; i < d; i++ {
				var ab float32
				for k := 0; k < r; k++ {
					ab += a.Data[i*r+k] * bb.Data[k*d+o]
				}
				m.Data[o*d+i] += alpha / r * ab
			}
		}
		return m
	}
	merged := MHSAWeights{Q: Linear{W: merge(w.Q, w.QA, w.QB)}, K: Linear{W: w.K}, V: Linear{W: merge(w.V, w.VA, w.VB)}}
	ym, _, err := selfAttention("test", x.Data, b, s, d, merged, heads, false, nil, &selfAttnBufs{}, false)
	if err != nil {
		t.Fatal(err)
	}
	y, _, err := LoRAMHSA(x, w, heads, alpha)
	if err != nil {
		t.Fatal(err)
	}
	if !near(y.Data, ym.Data, 1e-3) {
		t.Errorf("LoRA output differs from the merged weights: %v vs %v", y.Data[:4], ym.Data[:4])
	}
}

func TestLoRAMHSAErrors(t *testing.T) {
	x := randTensor(1, 1, 3, 8)
	w := randLoRA(2, 8, 2)
	rank := w
	rank.VA = randTensor(3, 8, 3)
	bshape := w
	bshape.QB = randTensor(4, 3, 8)
	tests := []struct {
		name  string
		w     LoRAWeights
		heads int
		alpha float64
		want  string
	}{
		{"A ranks", rank, 2, 1, "must share r"},
		{"B shape", bshape, 2, 1, "lora_q_B"},
		{"heads", w, 3, 1, "num_heads=3"},
	}
	for _, tc := range tests {
		_, _, err := LoRAMHSA(x, tc.w, tc.heads, tc.alpha)
		if err == nil || !strings.Contains(err.Error(), "lora_mhsa: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
