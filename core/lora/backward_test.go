package lora

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"
	"dlprep/core/loss"
)

// lossOf is Σ y·dy for the layer's output: its gradient with respect to
// anything is what Backward computes for upstream gradient dy.
func lossOf(t *testing.T, l *Linear, x, dy *core.Tensor) float64 {
	t.Helper()
	y, err := l.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	var s float64
	for i, v := range y.Data {
		s += float64(v) * float64(dy.Data[i])
	}
	return s
}

// Backward agrees with central finite differences of Σ y·dy in every entry
// of A, B and x, for several shapes, ranks and scales.
func TestBackwardMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct {
		out, in, r int
		xshape     []int
		alpha      float64
	}{{3, 4, 2, []int{5, 4}, 4}, {6, 8, 1, []int{2, 3, 8}, 1}, {2, 3, 3, []int{3}, 6}} {
		l, err := New(randT(rng, tc.out, tc.in), randT(rng, tc.out), randT(rng, tc.r, tc.in), randT(rng, tc.out, tc.r), tc.alpha)
		if err != nil {
			t.Fatal(err)
		}
		x := randT(rng, tc.xshape...)
		yshape := append(append([]int(nil), tc.xshape[:len(tc.xshape)-1]...), tc.out)
		dy := randT(rng, yshape...)
		g, err := l.Backward(x, dy)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct {
			name string
			v    *core.Tensor
			grad *core.Tensor
		}{{"A", l.A, g.A}, {"B", l.B, g.B}, {"x", x, g.X}} {
			if !core.SameShape(p.v.Shape, p.grad.Shape) {
				t.Fatalf("%+v: grad of %s has shape %v, want %v", tc, p.name, p.grad.Shape, p.v.Shape)
			}
			for i := range p.v.Data {
				const h = 1e-2
				old := p.v.Data[i]
				p.v.Data[i] = old + h
				up := lossOf(t, l, x, dy)
				p.v.Data[i] = old - h
				down := lossOf(t, l, x, dy)
				p.v.Data[i] = old
				want := (up - down) / (2 * h)
				if got := float64(p.grad.Data[i]); math.Abs(got-want) > 2e-3*(1+math.Abs(want)) {
					t.Errorf("%+v: dL/d%s[%d] = %v, finite difference %v", tc, p.name, i, got, want)
				}
			}
		}
	}
}

// With B = 0, as training starts, A gets no gradient and B does: the
// reason only B moves on LoRA's first step.
func TestBackwardAtInit(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	l, err := Init(randT(rng, 5, 7), nil, 3, 6, rng)
	if err != nil {
		t.Fatal(err)
	}
	g, err := l.Backward(randT(rng, 4, 7), randT(rng, 4, 5))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range g.A.Data {
		if v != 0 {
			t.Fatalf("dL/dA[%d] = %v with B = 0, want 0", i, v)
		}
	}
	nonzero := 0
	for _, v := range g.B.Data {
		if v != 0 {
			nonzero++
		}
	}
	if nonzero != len(g.B.Data) {
		t.Errorf("dL/dB has %d of %d entries non-zero, want all", nonzero, len(g.B.Data))
	}
}

// Backward counts rows·(out·in + 2r·out + 3r·in) multiply-adds: dx through
// W, g = dy·B, dB, dA, g·A, and h = x·Aᵀ recomputed.
func TestBackwardMulAdds(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	out, in, r, rows := 9, 12, 3, 10
	l, _ := New(randT(rng, out, in), nil, randT(rng, r, in), randT(rng, out, r), 2)
	core.ResetMulAdds()
	if _, err := l.Backward(randT(rng, rows, in), randT(rng, rows, out)); err != nil {
		t.Fatal(err)
	}
	if got, want := core.MulAdds(), int64(rows*(out*in+2*r*out+3*r*in)); got != want {
		t.Errorf("Backward performed %d multiply-adds, want %d", got, want)
	}
}

func TestBackwardRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	l, _ := New(randT(rng, 4, 3), nil, randT(rng, 2, 3), randT(rng, 4, 2), 1)
	x := randT(rng, 5, 3)
	inf := randT(rng, 5, 4)
	inf.Data[3] = float32(math.Inf(1))
	for name, dy := range map[string]*core.Tensor{"nil": nil, "wrong out": randT(rng, 5, 3), "wrong rows": randT(rng, 4, 4),
		"wrong rank": randT(rng, 20), "Inf": inf} {
		if _, err := l.Backward(x, dy); err == nil {
			t.Errorf("grad_y %s: no error", name)
		}
	}
	if _, err := l.Backward(randT(rng, 5, 4), randT(rng, 5, 4)); err == nil {
		t.Error("x with in=4 for a layer of in=3: no error")
	}
}

// Training on a target that is a rank-2 change of W: the loss falls
// step by step at a small enough rate, the trace's losses are the MSE of
// its own factors, rank 2 fits the change, rank 1 cannot, and the trained
// layer's merged weight gives its outputs.
func TestTrainFitsALowRankChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	out, in := 6, 8
	w := randT(rng, out, in)
	u, v := randT(rng, out, 2), randT(rng, 2, in)
	target := core.New(out, in)
	core.Gemm(false, false, out, in, 2, 0.5, u.Data, 2, v.Data, in, 0, target.Data, in)
	x := randT(rng, 32, in)
	wt := w.Clone()
	for i := range wt.Data {
		wt.Data[i] += target.Data[i]
	}
	y, _ := core.Linear("test", x, wt, nil)
	final := map[int]float64{}
	for _, r := range []int{1, 2} {
		l, err := Init(w, nil, r, 2*float64(r), rand.New(rand.NewPCG(uint64(r), 1)))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Train(l, x, y, 0.05, 400)
		if err != nil {
			t.Fatal(err)
		}
		for k, st := range tr.Steps {
			m, _ := New(w, nil, st.A, st.B, l.Alpha)
			p, _ := m.Forward(x)
			want, _, _ := loss.MSE(p, y)
			if st.Loss != want {
				t.Fatalf("r=%d step %d: traced loss %v, MSE of its factors %v", r, k, st.Loss, want)
			}
			if k > 0 && st.Loss > tr.Steps[k-1].Loss*(1+1e-6)+1e-9 {
				t.Fatalf("r=%d: the loss rose at step %d: %v → %v", r, k, tr.Steps[k-1].Loss, st.Loss)
			}
		}
		for _, v := range l.B.Data {
			if v != 0 {
				t.Fatal("Train changed the layer it was given")
			}
		}
		final[r] = tr.FinalLoss
		pf, _ := tr.Layer.Forward(x)
		pm, _ := core.Linear("test", x, tr.Layer.Merge(), nil)
		for i := range pf.Data {
			if d := math.Abs(float64(pf.Data[i] - pm.Data[i])); d > 1e-4 {
				t.Fatalf("r=%d: factored %v, merged %v", r, pf.Data[i], pm.Data[i])
			}
		}
	}
	if start := final[2]; !(start < 1e-3) || !(final[1] > 100*final[2]) {
		t.Errorf("final losses: rank 1 %v, rank 2 %v; want rank 2 to fit a rank-2 change and rank 1 not", final[1], final[2])
	}
	l, _ := Init(w, nil, 1, 1, rng)
	for _, bad := range []struct {
		lr    float64
		steps int
	}{{0, 1}, {math.NaN(), 1}, {0.1, -1}, {0.1, MaxTrainSteps + 1}} {
		if _, err := Train(l, x, y, bad.lr, bad.steps); err == nil {
			t.Errorf("lr %v steps %d: no error", bad.lr, bad.steps)
		}
	}
}

// Delta is Merge minus W.
func TestDelta(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	l, _ := New(randT(rng, 4, 5), nil, randT(rng, 2, 5), randT(rng, 4, 2), 3)
	d, m := l.Delta(), l.Merge()
	for i := range d.Data {
		if math.Abs(float64(d.Data[i]+l.W.Data[i]-m.Data[i])) > 1e-5 {
			t.Fatalf("W + Delta = %v at %d, Merge %v", d.Data[i]+l.W.Data[i], i, m.Data[i])
		}
	}
}
