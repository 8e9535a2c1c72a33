package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

func newCFG(t testing.TB, v scene.Values) *cfgView {
	t.Helper()
	return newView(t, newCFGView, v)
}

// What the guidance view shows is what the production code computes: the
// guided run is toy.Sampler's (the old view's check), the two halves of
// the batched call are the mixture's unconditional and conditional ε*,
// the guided prediction is diffusion.CFG of them, the x0 estimates are
// diffusion.DDIMStep's, and the tensors' cells (and colours) hold those
// values.
func TestCFGViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"guidance": 0}, {"guidance": 8, "class": 1, "steps": 7, "particles": 100}} {
		s := newCFG(t, v)
		smp, err := toy.NewSampler(s.mix, toy.Config{Schedule: s.sch, Method: toy.DDIM, Steps: s.steps, Spacing: toy.Trailing,
			Class: s.class, Guidance: s.w, Record: true}, s.n)
		if err != nil {
			t.Fatal(err)
		}
		smp.Start(s.seed)
		smp.Run()
		// float32 against float64: the first step's x0 divides by
		// √ā ≈ 5e-5, and w multiplies what rounding leaves.
		tol := 2e-3 * max(1, s.w)
		for k := 0; k <= s.chain.Len(); k++ {
			for i, x := range smp.Frame(k) {
				if got := s.chain.State(k).Data[i]; !closeTo(got, x, tol*(1+math.Abs(float64(x)))) {
					t.Fatalf("%v state %d value %d: shown %v, toy.Sampler %v", v, k, i, got, x)
				}
			}
		}
		a := s.apart
		xs := make([]float64, len(a.Xt.Data))
		for i, x := range a.Xt.Data {
			xs[i] = float64(x)
		}
		eps := make([]float64, len(xs))
		for _, h := range []struct {
			class int
			got   []float32
		}{{toy.NullClass, a.EpsUncond.Data}, {s.class, a.EpsCond.Data}} {
			if err := s.mix.Eps(eps, xs, a.AlphaBarT, h.class); err != nil {
				t.Fatal(err)
			}
			for i, e := range eps {
				if h.got[i] != float32(e) {
					t.Fatalf("%v: half for class %d value %d is %v, ε* %v", v, h.class, i, h.got[i], e)
				}
			}
		}
		g, err := diffusion.CFG(a.EpsUncond, a.EpsCond, s.w)
		if err != nil {
			t.Fatal(err)
		}
		if !sameTensor(g, a.Eps) {
			t.Fatalf("%v: the guided ε is not diffusion.CFG of the halves", v)
		}
		for _, c := range []struct {
			eps, x0 *core.Tensor
		}{{a.EpsUncond, s.x0u}, {a.EpsCond, s.x0c}, {a.Eps, a.X0}} {
			_, want, err := diffusion.DDIMStep(a.Xt, c.eps, nil, a.DDIM)
			if err != nil {
				t.Fatal(err)
			}
			if !sameTensor(want, c.x0) {
				t.Fatalf("%v: an x0 estimate is not diffusion.DDIMStep's", v)
			}
		}
		// The tensors: the batch is x twice, the output the two halves,
		// and each colour decodes to its value.
		k := len(s.rows)
		for r, i := range s.rows {
			for j := range 2 {
				for half, e := range []*core.Tensor{a.EpsUncond, a.EpsCond} {
					if s.hBX.vals[(half*k+r)*2+j] != a.Xt.Data[2*i+j] || s.hBE.vals[(half*k+r)*2+j] != e.Data[2*i+j] {
						t.Fatalf("%v: batch row %d (particle %d) coordinate %d shows the wrong value", v, half*k+r, i, j)
					}
				}
				if s.hG.vals[r*2+j] != a.Eps.Data[2*i+j] || s.hU.vals[r*2+j] != a.EpsUncond.Data[2*i+j] || s.hC.vals[r*2+j] != a.EpsCond.Data[2*i+j] {
					t.Fatalf("%v: particle %d's halves or guided ε shown wrong", v, i)
				}
				got := s.hG.bm.Value(r, j, viz.BlueWhiteRed, s.hG.lo, s.hG.hi)
				if want := float64(a.Eps.Data[2*i+j]); math.Abs(got-want) > (s.hG.hi-s.hG.lo)/255+1e-6 {
					t.Fatalf("%v: guided ε cell (%d, %d) reads %v, value %v", v, r, j, got, want)
				}
			}
		}
	}
}

// The geometry the arrows stage claims: as x0 estimates the guided point
// lies on the line from the unconditional one through the conditional
// one, w times as far.
func TestCFGExtrapolatesAlongALine(t *testing.T) {
	for _, w := range []float64{0, 1, 3, 8} {
		s := newCFG(t, scene.Values{"guidance": w})
		for i := range s.n * 2 {
			u, c, g := float64(s.x0u.Data[i]), float64(s.x0c.Data[i]), float64(s.apart.X0.Data[i])
			if want := u + w*(c-u); math.Abs(g-want) > 1e-4*(1+math.Abs(want)) {
				t.Fatalf("w = %v value %d: guided x0 %v, u + w (c − u) = %v", w, i, g, want)
			}
		}
	}
}

// Across w the samples show the trade the problem is about: w = 0 ignores
// the class, w = 1 samples it, and larger w shrinks the spread within it.
func TestCFGSmallMultiples(t *testing.T) {
	s := newCFG(t, nil)
	by := map[float64]cfgRun{}
	for _, r := range s.runs {
		by[r.w] = r
	}
	if got := by[0].stats.ClassShare[s.class]; got > 0.7 || got < 0.3 {
		t.Errorf("w = 0: %.2f of the samples in the class, want about half", got)
	}
	if got := by[1].stats.ClassShare[s.class]; got < 0.95 {
		t.Errorf("w = 1: %.2f in the class, want nearly all", got)
	}
	prev := math.Inf(1)
	for _, w := range []float64{1, 2, 4, 8} {
		tr := by[w].stats.Trace
		if !(tr < prev) {
			t.Errorf("w = %v: spread %.3f did not shrink from %.3f", w, tr, prev)
		}
		prev = tr
	}
	if !sameTensor(by[s.w].final, s.chain.State(s.chain.Len())) {
		t.Error("the multiple at the chosen w is not the run shown")
	}
	// The chosen w joins the multiples when it is not among them.
	odd := newCFG(t, scene.Values{"guidance": 5.5})
	found := false
	for _, r := range odd.runs {
		found = found || r.w == 5.5
	}
	if !found || len(odd.runs) != len(cfgSweep)+1 {
		t.Errorf("w = 5.5 is not among the multiples (%d runs)", len(odd.runs))
	}
}

// Hovering the batch names the batch row (the second half is offset by N)
// and the call that computed it; the class is disabled at w = 0.
func TestCFGInspectionAndControls(t *testing.T) {
	s := newCFG(t, nil)
	f := &scene.Frame{}
	s.Draw(raster.New(1280, 800, 1), f)
	k, n := len(s.rows), s.n
	i := s.rows[1]
	in, ok := s.Inspect(f, scene.Target{Group: grpCfgBatchE, Index: (k+1)*2 + 1})
	if !ok || in.Index != shapeOf(n+i, 1) || in.Shape != shapeOf(2*n, 2) || in.Value != fmtNum(float64(s.apart.EpsCond.Data[2*i+1])) {
		t.Errorf("second-half batch cell inspects as %+v", in)
	}
	in, ok = s.Inspect(f, scene.Target{Group: grpCfgG, Index: 0})
	if !ok || in.Source != "diffusion.CFG" {
		t.Errorf("guided cell inspects as %+v", in)
	}
	v := scene.Defaults(s.Params())
	if s.Applies("class", v) != "" {
		t.Error("the class is disabled at w = 3")
	}
	v["guidance"] = 0
	if s.Applies("class", v) == "" {
		t.Error("the class is live at w = 0, where it changes nothing")
	}
}

func TestCFGGoldens(t *testing.T) {
	checkGolden(t, "cfg_batch", "008", nil, 1, 1280, 800)
	checkGolden(t, "cfg_multiples_phone", "008", nil, 25, 390, 844)
}
