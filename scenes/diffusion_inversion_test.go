package scenes

import (
	"math"
	"testing"

	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

func newInv(t testing.TB, v scene.Values) *invView {
	t.Helper()
	return newView(t, newInversionView, v)
}

// What the inversion view shows is what the production code computes:
// every step up is diffusion.DDIMInversionStep on the shown point and
// noise, the run up follows toy.Sampler's inversion and the way down its
// DDIM from the latent (the old view's checks), the error is the distance
// between the data and its regeneration, and the step back is toy.StepBack.
func TestInversionViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"steps": 3, "data": 1, "points": 40}, {"steps": 25, "data": 2}} {
		s := newInv(t, v)
		S := s.rt.Inv.Len()
		if S != s.steps || s.rt.Gen.Len() != s.steps {
			t.Fatalf("%v: %d steps up, %d down; the slider says %d", v, S, s.rt.Gen.Len(), s.steps)
		}
		for k, st := range s.rt.Inv.Steps {
			want, err := diffusion.DDIMInversionStep(st.Xt, st.Eps, diffusion.InversionParams{AlphaBarT: st.AlphaBarT, AlphaBarNext: st.AlphaBarNext})
			if err != nil {
				t.Fatal(err)
			}
			if !sameTensor(want, st.Out) {
				t.Fatalf("%v: inversion step %d is not diffusion.DDIMInversionStep", v, k)
			}
		}
		inv, err := toy.NewSampler(s.mix, toy.Config{Schedule: s.sch, Method: toy.Inversion, Steps: s.steps, Spacing: toy.Trailing, Class: toy.NullClass, Record: true}, s.n)
		if err != nil {
			t.Fatal(err)
		}
		inv.Start(s.seed)
		inv.Run()
		for k := 0; k <= S; k++ {
			for i, x := range inv.Frame(k) {
				if got := s.rt.Inv.State(k).Data[i]; !closeTo(got, x, 1e-3*(1+math.Abs(float64(x)))) {
					t.Fatalf("%v inversion state %d value %d: shown %v, toy.Sampler %v", v, k, i, got, x)
				}
			}
		}
		gen, err := toy.NewSampler(s.mix, toy.Config{Schedule: s.sch, Method: toy.DDIM, Steps: s.steps, Spacing: toy.Trailing, Class: toy.NullClass, Record: true}, s.n)
		if err != nil {
			t.Fatal(err)
		}
		if err := gen.StartFrom(inv.X, s.seed); err != nil {
			t.Fatal(err)
		}
		gen.Run()
		mean := 0.0
		back := s.rt.Gen.State(S).Data
		for i, x := range gen.X {
			if !closeTo(back[i], float32(x), 2e-3*(1+math.Abs(x))) {
				t.Fatalf("%v regenerated value %d: shown %v, toy.Sampler %v", v, i, back[i], x)
			}
		}
		for i := range s.n {
			d := math.Hypot(float64(back[2*i])-float64(s.x0.Data[2*i]), float64(back[2*i+1])-float64(s.x0.Data[2*i+1]))
			if math.Abs(d-s.rt.Err[i]) > 1e-9 {
				t.Fatalf("%v point %d: error %v, distance %v", v, i, s.rt.Err[i], d)
			}
			mean += d / float64(s.n)
		}
		if math.Abs(mean-s.rt.Mean) > 1e-9 {
			t.Fatalf("%v: mean error %v, recomputed %v", v, s.rt.Mean, mean)
		}
		want, err := toy.StepBack(s.mix, s.rt.Inv.Steps[s.kMid])
		if err != nil {
			t.Fatal(err)
		}
		if !sameTensor(want.Out, s.back.Out) || s.miss <= 0 {
			t.Fatalf("%v: the step back shown is not toy.StepBack's (mean miss %v)", v, s.miss)
		}
	}
}

// Fewer steps, more error: the multiples' errors fall as the steps grow,
// from a long way off at 2 steps to near the data at 32.
func TestInversionErrorFallsWithSteps(t *testing.T) {
	s := newInv(t, nil)
	prev := math.Inf(1)
	for _, r := range s.runs {
		if !(r.rt.Mean < prev) {
			t.Errorf("%d steps: error %.3f, not below %.3f with fewer", r.steps, r.rt.Mean, prev)
		}
		prev = r.rt.Mean
	}
	if first, last := s.runs[0].rt.Mean, s.runs[len(s.runs)-1].rt.Mean; !(first > 5*last) {
		t.Errorf("error at %d steps %.3f, at %d steps %.3f: want a clear fall", s.runs[0].steps, first, s.runs[len(s.runs)-1].steps, last)
	}
}

// Every point is marked where it is drawn and reads its shown value.
func TestInversionViewDrawsWhatItShows(t *testing.T) {
	s := newInv(t, nil)
	c := raster.New(1280, 800, 1)
	f := &scene.Frame{}
	for k, stg := range s.stages {
		f.Reset()
		f.Step = k
		s.Draw(c, f)
		if stg == ivMulti {
			continue
		}
		pos, _, _ := s.state(stg, s.chainK[k])
		seen := 0
		for _, m := range f.Marks() {
			if m.Group != grpInvP {
				continue
			}
			seen++
			if in, ok := s.Inspect(f, scene.Target{Group: grpInvP, Index: m.Index}); !ok || in.Value != pair(pos.Data, m.Index) {
				t.Fatalf("step %d point %d inspects as %+v, shows %s", k, m.Index, in, pair(pos.Data, m.Index))
			}
		}
		if seen < s.n/2 {
			t.Fatalf("step %d: %d of %d points marked", k, seen, s.n)
		}
	}
}

func TestInversionGoldens(t *testing.T) {
	checkGolden(t, "inversion_miss", "012", nil, 8, 1280, 800)
	checkGolden(t, "inversion_multiples_phone", "012", nil, 16, 390, 844)
}
