package lora

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"

	"dlprep/internal/benchcpu"
)

func randT(rng *rand.Rand, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

// TestInitStartsAtBase: with B = 0 the adapted layer is the base layer, bit
// for bit (the reason LoRA initialises B, not A, to zero).
func TestInitStartsAtBase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	w, b, x := randT(rng, 6, 10), randT(rng, 6), randT(rng, 3, 4, 10)
	l, err := Init(w, b, 4, 8, rng)
	if err != nil {
		t.Fatal(err)
	}
	y, err := l.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := core.Linear("test", x, w, b)
	for i := range y.Data {
		if y.Data[i] != base.Data[i] {
			t.Fatalf("y[%d] = %v, base layer %v", i, y.Data[i], base.Data[i])
		}
	}
}

// TestMergedEqualsFactored: x·Mergeᵀ + b equals Forward(x), and a hand
// computed 1x2 example gives the literal numbers.
func TestMergedEqualsFactored(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	w, b, a, bb := randT(rng, 7, 5), randT(rng, 7), randT(rng, 3, 5), randT(rng, 7, 3)
	l, err := New(w, b, a, bb, 6)
	if err != nil {
		t.Fatal(err)
	}
	x := randT(rng, 9, 5)
	y, err := l.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	ym, _ := core.Linear("test", x, l.Merge(), b)
	for i := range y.Data {
		if d := math.Abs(float64(y.Data[i] - ym.Data[i])); d > 1e-4*(1+math.Abs(float64(y.Data[i]))) {
			t.Errorf("y[%d]: factored %v, merged %v", i, y.Data[i], ym.Data[i])
		}
	}
	// W = [[1 0]], b = [0.5], A = [[1 1]], B = [[2]], α = 2, r = 1:
	// y = x0 + 0.5 + 2·2·(x0+x1); x = [1, 2] → 1 + 0.5 + 12 = 13.5;
	// merged W = [[1+4, 4]] = [[5 4]].
	mk := func(shape []int, d ...float32) *core.Tensor { t, _ := core.FromData(d, shape...); return t }
	l2, err := New(mk([]int{1, 2}, 1, 0), mk([]int{1}, 0.5), mk([]int{1, 2}, 1, 1), mk([]int{1, 1}, 2), 2)
	if err != nil {
		t.Fatal(err)
	}
	y2, _ := l2.Forward(mk([]int{2}, 1, 2))
	if y2.Data[0] != 13.5 || len(y2.Shape) != 1 || y2.Shape[0] != 1 {
		t.Errorf("x=[1 2]: y = %v %v, want [1] [13.5]", y2.Shape, y2.Data)
	}
	if m := l2.Merge().Data; m[0] != 5 || m[1] != 4 {
		t.Errorf("merged weight %v, want [5 4]", m)
	}
}

func TestNewRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	w, b := randT(rng, 4, 3), randT(rng, 4)
	for _, tc := range []struct {
		name          string
		w, bias, a, b *core.Tensor
		alpha         float64
	}{
		{"rank mismatch", w, b, randT(rng, 2, 3), randT(rng, 4, 3), 1},
		{"A in mismatch", w, b, randT(rng, 2, 5), randT(rng, 4, 2), 1},
		{"B out mismatch", w, b, randT(rng, 2, 3), randT(rng, 5, 2), 1},
		{"bias size", w, randT(rng, 3), randT(rng, 2, 3), randT(rng, 4, 2), 1},
		{"rank 0", w, b, core.New(0, 3), core.New(4, 0), 1},
		{"1-d weight", randT(rng, 12), b, randT(rng, 2, 3), randT(rng, 4, 2), 1},
		{"alpha NaN", w, b, randT(rng, 2, 3), randT(rng, 4, 2), math.NaN()},
	} {
		if _, err := New(tc.w, tc.bias, tc.a, tc.b, tc.alpha); err == nil {
			t.Errorf("%s: New returned no error", tc.name)
		}
	}
	l, _ := New(w, b, randT(rng, 2, 3), randT(rng, 4, 2), 1)
	if _, err := l.Forward(randT(rng, 2, 4)); err == nil {
		t.Error("Forward with x [2,4] for in=3 returned no error")
	}
}

// BenchmarkOp_lora_linear is a ViT-B token sequence through one adapted
// projection: x [197,768], W [768,768], r = 8.
func BenchmarkOp_lora_linear(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	l, err := New(randT(rng, 768, 768), randT(rng, 768), randT(rng, 8, 768), randT(rng, 768, 8), 16)
	if err != nil {
		b.Fatal(err)
	}
	x := randT(rng, 197, 768)
	y := make([]float32, 197*768)
	benchcpu.Loop(b, func() {
		if err := l.ForwardInto(y, x); err != nil {
			b.Fatal(err)
		}
	})
}

// TestForwardIntoMatchesForward: the buffer-reusing call gives the same
// numbers and refuses a wrongly sized buffer.
func TestForwardIntoMatchesForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	l, err := New(randT(rng, 5, 4), randT(rng, 5), randT(rng, 2, 4), randT(rng, 5, 2), 3)
	if err != nil {
		t.Fatal(err)
	}
	x := randT(rng, 2, 3, 4)
	want, _ := l.Forward(x)
	got := make([]float32, 30)
	if err := l.ForwardInto(got, x); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i] != want.Data[i] {
			t.Fatalf("ForwardInto[%d] = %v, Forward %v", i, got[i], want.Data[i])
		}
	}
	if err := l.ForwardInto(got[:29], x); err == nil {
		t.Error("ForwardInto with 29 values for [2,3,5] returned no error")
	}
}
