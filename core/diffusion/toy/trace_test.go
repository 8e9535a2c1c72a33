package toy_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/core/mistakes"
)

func schedule(t testing.TB, kind diffusion.ScheduleKind, T int) *diffusion.Schedule {
	t.Helper()
	sc := 1000 / float64(T)
	s, err := diffusion.NewSchedule(kind, T, min(0.5, diffusion.DefaultBetaStart*sc), min(0.5, diffusion.DefaultBetaEnd*sc))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func moons(t testing.TB) *toy.Mixture {
	t.Helper()
	m, err := toy.Moons(12, 0.08)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// EpsBatch with one condition per point is, point by point, the plain
// (conditional or unconditional) ε*.
func TestEpsBatchIsEpsPerPoint(t *testing.T) {
	m := moons(t)
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 40
	xs, got := make([]float64, 2*n), make([]float64, 2*n)
	classes := make([]int, n)
	for i := range n {
		xs[2*i], xs[2*i+1] = 1.5*rng.NormFloat64(), rng.NormFloat64()
		classes[i] = i%3 - 1 // null, 0, 1
	}
	if err := m.EpsBatch(got, xs, 0.35, classes); err != nil {
		t.Fatal(err)
	}
	want := make([]float64, 2)
	for i := range n {
		if err := m.Eps(want, xs[2*i:2*i+2], 0.35, classes[i]); err != nil {
			t.Fatal(err)
		}
		if got[2*i] != want[0] || got[2*i+1] != want[1] {
			t.Fatalf("point %d class %d: batched %v, alone %v", i, classes[i], got[2*i:2*i+2], want)
		}
	}
	if err := m.EpsBatch(got, xs, 0.35, classes[:n-1]); err == nil {
		t.Error("a class list shorter than the batch must be an error")
	}
	classes[3] = 7
	if err := m.EpsBatch(got, xs, 0.35, classes); err == nil {
		t.Error("an unknown class must be an error")
	}
}

func near32(a, b []float32, tol float64) (int, bool) {
	if len(a) != len(b) {
		return -1, false
	}
	for i := range a {
		if d := math.Abs(float64(a[i]) - float64(b[i])); !(d <= tol*(1+math.Abs(float64(b[i])))) {
			return i, false
		}
	}
	return 0, true
}

// Every stage a trace keeps is the production op's: Out is the step op on
// (Xt, Eps, Z), Mean the op with z = 0, X0 the DDIM x0 estimate, Eps the
// mixture's (guided) ε*, and with a class the halves of the batched call
// are the unconditional and conditional ε* and Eps their diffusion.CFG.
func TestRunChainStagesAreTheOps(t *testing.T) {
	m := moons(t)
	for _, tc := range []struct {
		name string
		cfg  toy.ChainConfig
	}{
		{"ddpm beta", toy.ChainConfig{Method: toy.DDPM}},
		{"ddpm posterior", toy.ChainConfig{Method: toy.DDPM, Sigma: diffusion.SigmaPosterior}},
		{"ddim", toy.ChainConfig{Method: toy.DDIM, Steps: 8}},
		{"ddim eta", toy.ChainConfig{Method: toy.DDIM, Steps: 8, Eta: 0.7}},
		{"ddim cfg", toy.ChainConfig{Method: toy.DDIM, Steps: 8, Class: 1, Guidance: 3}},
	} {
		cfg := tc.cfg
		cfg.Schedule = schedule(t, diffusion.Cosine, 30)
		if tc.name != "ddim cfg" {
			cfg.Class = toy.NullClass
		}
		ch, err := toy.RunChain(m, cfg, 25, 3)
		if err != nil {
			t.Fatal(err)
		}
		if want := 30; cfg.Method == toy.DDPM && ch.Len() != want {
			t.Fatalf("%s: %d steps, want %d", tc.name, ch.Len(), want)
		}
		for k, st := range ch.Steps {
			if k > 0 && st.Xt != ch.Steps[k-1].Out {
				t.Fatalf("%s step %d does not start where step %d ended", tc.name, k, k-1)
			}
			var out, mean, x0 *core.Tensor
			switch cfg.Method {
			case toy.DDPM:
				out, _ = diffusion.DDPMStep(st.Xt, st.Eps, st.Z, st.DDPM)
				mean, _ = diffusion.DDPMStep(st.Xt, st.Eps, core.New(st.Xt.Shape...), st.DDPM)
				_, x0, _ = diffusion.DDIMStep(st.Xt, st.Eps, nil, diffusion.DDIMParams{AlphaBarT: st.AlphaBarT, AlphaBarPrev: st.AlphaBarNext})
				if st.DDPM.T != st.T || st.DDPM.AlphaBarT != st.AlphaBarT || st.DDPM.AlphaBarPrev != st.AlphaBarNext {
					t.Fatalf("%s step %d: params %+v for t=%d ᾱ %v → %v", tc.name, k, st.DDPM, st.T, st.AlphaBarT, st.AlphaBarNext)
				}
			case toy.DDIM:
				var z *core.Tensor
				if cfg.Eta > 0 {
					z = core.New(st.Xt.Shape...)
				}
				out, x0, _ = diffusion.DDIMStep(st.Xt, st.Eps, st.Z, st.DDIM)
				mean, _, _ = diffusion.DDIMStep(st.Xt, st.Eps, z, st.DDIM)
			}
			noise := core.New(out.Shape...)
			for i := range noise.Data {
				noise.Data[i] = out.Data[i] - mean.Data[i]
			}
			for _, c := range []struct {
				what      string
				got, want *core.Tensor
			}{{"out", st.Out, out}, {"mean", st.Mean, mean}, {"x0", st.X0, x0}, {"noise", st.Noise, noise}} {
				if i, ok := near32(c.got.Data, c.want.Data, 0); !ok {
					t.Fatalf("%s step %d: %s[%d] traced %v, op %v", tc.name, k, c.what, i, c.got.Data[i], c.want.Data[i])
				}
			}
			xs := make([]float64, len(st.Xt.Data))
			for i, v := range st.Xt.Data {
				xs[i] = float64(v)
			}
			eps := make([]float64, len(xs))
			if err := m.GuidedEps(eps, xs, st.AlphaBarT, cfg.Class, cfg.Guidance); err != nil {
				t.Fatal(err)
			}
			want := make([]float32, len(eps))
			for i, v := range eps {
				want[i] = float32(v)
			}
			if i, ok := near32(st.Eps.Data, want, 1e-5); !ok {
				t.Fatalf("%s step %d: ε̂[%d] traced %v, GuidedEps %v", tc.name, k, i, st.Eps.Data[i], want[i])
			}
			if cfg.Class == toy.NullClass {
				if st.EpsCond != nil || st.EpsUncond != nil {
					t.Fatalf("%s: halves of a batched call without a class", tc.name)
				}
				continue
			}
			guided, _ := diffusion.CFG(st.EpsUncond, st.EpsCond, cfg.Guidance)
			if i, ok := near32(st.Eps.Data, guided.Data, 0); !ok {
				t.Fatalf("%s step %d: ε̂[%d] %v, CFG of the halves %v", tc.name, k, i, st.Eps.Data[i], guided.Data[i])
			}
			for _, h := range []struct {
				class int
				got   *core.Tensor
			}{{toy.NullClass, st.EpsUncond}, {cfg.Class, st.EpsCond}} {
				if err := m.Eps(eps, xs, st.AlphaBarT, h.class); err != nil {
					t.Fatal(err)
				}
				for i, v := range eps {
					if h.got.Data[i] != float32(v) {
						t.Fatalf("%s step %d: half for class %d [%d] = %v, ε* %v", tc.name, k, h.class, i, h.got.Data[i], v)
					}
				}
			}
		}
	}
}

// A trace seeded like a Sampler follows the Sampler's run (float32 against
// float64), with the right updates and with each catalogued mistake run by
// its core/mistakes function against the Sampler's own pitfall: the two
// implementations of the mistakes agree.
func TestRunChainFollowsSampler(t *testing.T) {
	m := moons(t)
	for _, tc := range []struct {
		name string
		cfg  toy.ChainConfig
		pf   toy.Pitfall
		tol  float64
	}{
		{"ddpm", toy.ChainConfig{Method: toy.DDPM}, toy.NoPitfall, 1e-3},
		{"ddpm posterior", toy.ChainConfig{Method: toy.DDPM, Sigma: diffusion.SigmaPosterior}, toy.NoPitfall, 1e-3},
		{"ddim", toy.ChainConfig{Method: toy.DDIM, Steps: 12}, toy.NoPitfall, 1e-3},
		{"ddim trailing", toy.ChainConfig{Method: toy.DDIM, Steps: 12, Spacing: toy.Trailing}, toy.NoPitfall, 1e-3},
		{"ddim eta 1", toy.ChainConfig{Method: toy.DDIM, Steps: 12, Eta: 1}, toy.NoPitfall, 1e-3},
		{"ddim cfg w 4", toy.ChainConfig{Method: toy.DDIM, Steps: 12, Class: 0, Guidance: 4}, toy.NoPitfall, 1e-3},
		{"alpha-bar-for-alpha", toy.ChainConfig{Method: toy.DDPM, DDPMStep: mistakes.DDPMAlphaBarForAlpha}, toy.AlphaBarForAlpha, 1e-2},
		{"noise-at-last-step", toy.ChainConfig{Method: toy.DDPM, DDPMStep: mistakes.DDPMNoiseAtLastStep}, toy.NoiseAtLastStep, 1e-3},
		{"alpha-bar-swapped", toy.ChainConfig{Method: toy.DDIM, Steps: 12, DDIMStep: mistakes.DDIMAlphaBarsSwapped}, toy.SwappedAlphaBars, 1e-3},
	} {
		cfg := tc.cfg
		cfg.Schedule = schedule(t, diffusion.Linear, 40)
		if tc.name != "ddim cfg w 4" {
			cfg.Class = toy.NullClass
		}
		const n, seed = 30, 9
		ch, err := toy.RunChain(m, cfg, n, seed)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		s, err := toy.NewSampler(m, toy.Config{Schedule: cfg.Schedule, Method: cfg.Method, Sigma: cfg.Sigma, Steps: cfg.Steps,
			Eta: cfg.Eta, Class: cfg.Class, Guidance: cfg.Guidance, Record: true, Pitfall: tc.pf, Spacing: cfg.Spacing}, n)
		if err != nil {
			t.Fatal(err)
		}
		s.Start(seed)
		s.Run()
		if s.NumFrames() != ch.Len()+1 {
			t.Fatalf("%s: sampler %d frames, trace %d steps", tc.name, s.NumFrames(), ch.Len())
		}
		for k := 0; k <= ch.Len(); k++ {
			if i, ok := near32(ch.State(k).Data, s.Frame(k), tc.tol); !ok {
				t.Fatalf("%s: state %d value %d traced %v, sampler %v", tc.name, k, i, ch.State(k).Data[i], s.Frame(k)[i])
			}
			if ch.AlphaBar(k) != s.FrameAlphaBar(k) {
				t.Fatalf("%s: state %d at ᾱ %v, sampler %v", tc.name, k, ch.AlphaBar(k), s.FrameAlphaBar(k))
			}
		}
	}
}

// Inversion's steps are diffusion.DDIMInversionStep; the round trip's
// regeneration is DDIM from the inversion's end, its error the distance
// back to the data, and the error falls as the steps grow (problem 012).
func TestRoundTrip(t *testing.T) {
	m := moons(t)
	sch := schedule(t, diffusion.Cosine, 1000)
	x0, err := toy.SampleData(m, 60, toy.NullClass, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, spacing := range []toy.Spacing{toy.Linspace, toy.Trailing} {
		prev := math.Inf(1)
		for _, steps := range []int{3, 10, 40, 200} {
			rt, err := toy.RunRoundTrip(m, sch, steps, spacing, x0)
			if err != nil {
				t.Fatal(err)
			}
			if rt.Inv.Len() != steps || rt.Gen.Len() != steps || rt.Inv.State(0) != x0 {
				t.Fatalf("%d steps: inversion %d, regeneration %d steps", steps, rt.Inv.Len(), rt.Gen.Len())
			}
			for k, st := range rt.Inv.Steps {
				want, err := diffusion.DDIMInversionStep(st.Xt, st.Eps, diffusion.InversionParams{AlphaBarT: st.AlphaBarT, AlphaBarNext: st.AlphaBarNext})
				if err != nil {
					t.Fatal(err)
				}
				if i, ok := near32(st.Out.Data, want.Data, 0); !ok {
					t.Fatalf("%d steps, inversion step %d value %d: %v, op %v", steps, k, i, st.Out.Data[i], want.Data[i])
				}
				if st.AlphaBarNext >= st.AlphaBarT {
					t.Fatalf("inversion step %d goes from ᾱ %v to %v: not toward noise", k, st.AlphaBarT, st.AlphaBarNext)
				}
			}
			if rt.Gen.State(0) != rt.Inv.State(steps) {
				t.Fatalf("%d steps: regeneration does not start at the inversion's end", steps)
			}
			back, mean := rt.Gen.State(steps).Data, 0.0
			for i, e := range rt.Err {
				want := math.Hypot(float64(back[2*i])-float64(x0.Data[2*i]), float64(back[2*i+1])-float64(x0.Data[2*i+1]))
				if math.Abs(e-want) > 1e-12 {
					t.Fatalf("point %d: error %v, distance %v", i, e, want)
				}
				mean += want / float64(len(rt.Err))
			}
			if math.Abs(rt.Mean-mean) > 1e-12 || !(rt.Mean < prev) {
				t.Errorf("%d steps: mean error %v (recomputed %v), with fewer steps %v: want it to fall", steps, rt.Mean, mean, prev)
			}
			prev = rt.Mean
		}
		if prev > 0.02 {
			t.Errorf("200 steps: mean round-trip error %v, want near 0", prev)
		}
	}
}

// SampleData draws the points an inversion Sampler starts from.
func TestSampleDataIsSamplerStart(t *testing.T) {
	m := moons(t)
	x, err := toy.SampleData(m, 50, 1, 8)
	if err != nil {
		t.Fatal(err)
	}
	s, err := toy.NewSampler(m, toy.Config{Schedule: schedule(t, diffusion.Linear, 20), Method: toy.Inversion, Class: 1}, 50)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(8)
	for i, v := range s.X {
		if x.Data[i] != float32(v) {
			t.Fatalf("value %d: %v, sampler %v", i, x.Data[i], v)
		}
	}
}

func TestChainRejects(t *testing.T) {
	m := moons(t)
	sch := schedule(t, diffusion.Linear, 20)
	for _, tc := range []struct {
		name string
		cfg  toy.ChainConfig
		n    int
	}{
		{"no schedule", toy.ChainConfig{Method: toy.DDPM, Class: toy.NullClass}, 4},
		{"inversion method", toy.ChainConfig{Schedule: sch, Method: toy.Inversion, Class: toy.NullClass}, 4},
		{"unknown class", toy.ChainConfig{Schedule: sch, Method: toy.DDIM, Class: 5}, 4},
		{"nan guidance", toy.ChainConfig{Schedule: sch, Method: toy.DDIM, Class: 0, Guidance: math.NaN()}, 4},
		{"no points", toy.ChainConfig{Schedule: sch, Method: toy.DDIM, Class: toy.NullClass}, 0},
		{"swapped with eta", toy.ChainConfig{Schedule: sch, Method: toy.DDIM, Class: toy.NullClass, Eta: 0.5, DDIMStep: mistakes.DDIMAlphaBarsSwapped}, 4},
	} {
		if _, err := toy.RunChain(m, tc.cfg, tc.n, 1); err == nil {
			t.Errorf("%s: want an error", tc.name)
		}
	}
	if _, err := toy.RunChainFrom(m, toy.ChainConfig{Schedule: sch, Method: toy.DDIM, Class: toy.NullClass}, core.New(3, 5), 1); err == nil {
		t.Error("x_T of the wrong width must be an error")
	}
	if _, err := toy.Invert(m, sch, 5, toy.Linspace, core.New(3)); err == nil {
		t.Error("x0 of the wrong shape must be an error")
	}
}

func TestShapes(t *testing.T) {
	mo := moons(t)
	if len(mo.Comps) != 24 || mo.NumClasses != 2 {
		t.Fatalf("moons: %d components in %d classes, want 24 in 2", len(mo.Comps), mo.NumClasses)
	}
	for _, c := range mo.Comps {
		if math.Abs(c.Mean[0]) > 2 || math.Abs(c.Mean[1]) > 1 {
			t.Errorf("moons component at %v, outside [−2, 2] × [−1, 1]", c.Mean)
		}
	}
	sp, err := toy.Spiral(40, 0.06)
	if err != nil {
		t.Fatal(err)
	}
	// Evenly spaced along the arc: neighbouring means about equally far
	// apart (chords of equal arcs, within 2%).
	d0 := math.Hypot(sp.Comps[1].Mean[0]-sp.Comps[0].Mean[0], sp.Comps[1].Mean[1]-sp.Comps[0].Mean[1])
	for i := 2; i < len(sp.Comps); i++ {
		d := math.Hypot(sp.Comps[i].Mean[0]-sp.Comps[i-1].Mean[0], sp.Comps[i].Mean[1]-sp.Comps[i-1].Mean[1])
		if math.Abs(d-d0) > 0.02*d0 {
			t.Errorf("spiral: means %d and %d are %v apart, the first two %v", i-1, i, d, d0)
		}
	}
	idx, dist := make([]int, 2), make([]float64, 2)
	c := mo.Comps[5].Mean
	if err := mo.NearestMean([]float32{float32(c[0]), float32(c[1] + 0.05), 30, 0}, idx, dist); err != nil {
		t.Fatal(err)
	}
	if idx[0] != 5 || math.Abs(dist[0]-0.05) > 1e-6 || dist[1] < 27 {
		t.Errorf("nearest means %v at %v", idx, dist)
	}
	for _, bad := range []func() error{
		func() error { _, err := toy.Moons(1, 0.1); return err },
		func() error { _, err := toy.Moons(10, 0); return err },
		func() error { _, err := toy.Spiral(1, 0.1); return err },
		func() error { _, err := toy.Spiral(10, -1); return err },
		func() error { return mo.NearestMean([]float32{1, 2, 3}, idx, dist) },
	} {
		if bad() == nil {
			t.Error("want an error")
		}
	}
}

// Retrace runs a mistake on exactly the inputs of a right step: the
// mistakes function's own output, from the same x_t, ε̂ and z.
func TestRetrace(t *testing.T) {
	m := moons(t)
	for _, tc := range []struct {
		method toy.Method
		ddpm   toy.DDPMStepFunc
		ddim   toy.DDIMStepFunc
	}{
		{toy.DDPM, mistakes.DDPMAlphaBarForAlpha, nil},
		{toy.DDPM, mistakes.DDPMNoiseAtLastStep, nil},
		{toy.DDIM, nil, mistakes.DDIMAlphaBarsSwapped},
	} {
		ch, err := toy.RunChain(m, toy.ChainConfig{Schedule: schedule(t, diffusion.Linear, 20), Method: tc.method, Steps: 6, Class: toy.NullClass}, 12, 2)
		if err != nil {
			t.Fatal(err)
		}
		for k, st := range ch.Steps {
			bad, err := toy.Retrace(tc.method, st, tc.ddpm, tc.ddim)
			if err != nil {
				t.Fatal(err)
			}
			var want, wantMean, wantX0 *core.Tensor
			if tc.method == toy.DDPM {
				want, _ = tc.ddpm(st.Xt, st.Eps, st.Z, st.DDPM)
				wantMean, _ = tc.ddpm(st.Xt, st.Eps, core.New(st.Xt.Shape...), st.DDPM)
				wantX0 = st.X0
			} else {
				want, wantX0, _ = tc.ddim(st.Xt, st.Eps, nil, st.DDIM)
				wantMean = want
			}
			for _, c := range [][2]*core.Tensor{{bad.Out, want}, {bad.Mean, wantMean}, {bad.X0, wantX0}} {
				if i, ok := near32(c[0].Data, c[1].Data, 0); !ok {
					t.Fatalf("%v step %d value %d: retraced %v, mistake %v", tc.method, k, i, c[0].Data[i], c[1].Data[i])
				}
			}
			if bad.Xt != st.Xt || bad.Eps != st.Eps {
				t.Fatal("the retrace does not keep the step's inputs")
			}
		}
	}
	if _, err := toy.Retrace(toy.Inversion, toy.StepTrace{}, nil, nil); err == nil {
		t.Error("retracing an inversion step must be an error")
	}
}

func TestStats(t *testing.T) {
	m := moons(t)
	// Two points on component 0 (class 0) and two 0.1 above component 15
	// (class 1): mean distance 0.05, shares ½ and ½.
	a, b := m.Comps[0].Mean, m.Comps[15].Mean
	xs := []float32{float32(a[0]), float32(a[1]), float32(a[0]), float32(a[1]),
		float32(b[0]), float32(b[1] + 0.1), float32(b[0]), float32(b[1] + 0.1)}
	st, err := m.Stats(xs)
	if err != nil {
		t.Fatal(err)
	}
	dx, dy := b[0]-a[0], b[1]+0.1-a[1]
	// Sample covariance trace of two pairs at ±(d/2): 4·|d/2|²/3.
	wantTrace := (dx*dx + dy*dy) / 3
	if math.Abs(st.MeanDist-0.05) > 1e-6 || math.Abs(st.ClassShare[0]-0.5) > 1e-12 || math.Abs(st.Trace-wantTrace) > 1e-5 {
		t.Errorf("stats %+v, want mean distance 0.05, shares ½, trace %v", st, wantTrace)
	}
	tr, err := m.DataTrace(toy.NullClass)
	if err != nil || !(tr > 0.5 && tr < 3) {
		t.Errorf("data trace %v, %v", tr, err)
	}
	if _, err := m.Stats([]float32{1}); err == nil {
		t.Error("half a point must be an error")
	}
}

// With linspace spacing a DDIM run's last step goes from ᾱ_0 ≈ 1 to 1 and
// moves nothing; with trailing spacing it covers as much as the others.
func TestTrailingSpacingHasNoIdleLastStep(t *testing.T) {
	m := moons(t)
	sch := schedule(t, diffusion.Cosine, 1000)
	move := func(sp toy.Spacing) float64 {
		ch, err := toy.RunChain(m, toy.ChainConfig{Schedule: sch, Method: toy.DDIM, Steps: 10, Spacing: sp, Class: toy.NullClass}, 50, 1)
		if err != nil {
			t.Fatal(err)
		}
		last := ch.Steps[ch.Len()-1]
		d := 0.0
		for i, v := range last.Out.Data {
			d = math.Max(d, math.Abs(float64(v-last.Xt.Data[i])))
		}
		return d
	}
	if lin, tr := move(toy.Linspace), move(toy.Trailing); !(lin < 0.02 && tr > 0.1) {
		t.Errorf("largest move in the last step: linspace %v, trailing %v; want an idle one and a real one", lin, tr)
	}
}

// StepBack is the regeneration's step at that level: for a one-step
// round trip it is the whole regeneration; its miss shrinks with the step.
func TestStepBack(t *testing.T) {
	m := moons(t)
	sch := schedule(t, diffusion.Cosine, 1000)
	x0, err := toy.SampleData(m, 40, toy.NullClass, 3)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := toy.RunRoundTrip(m, sch, 1, toy.Trailing, x0)
	if err != nil {
		t.Fatal(err)
	}
	back, err := toy.StepBack(m, rt.Inv.Steps[0])
	if err != nil {
		t.Fatal(err)
	}
	if !sameValues(back.Out, rt.Gen.State(1)) {
		t.Fatal("stepping back a one-step inversion is not its regeneration")
	}
	miss := func(steps int) float64 {
		inv, err := toy.Invert(m, sch, steps, toy.Trailing, x0)
		if err != nil {
			t.Fatal(err)
		}
		st := inv.Steps[steps/2]
		b, err := toy.StepBack(m, st)
		if err != nil {
			t.Fatal(err)
		}
		d := 0.0
		for i, v := range b.Out.Data {
			d = math.Max(d, math.Abs(float64(v-st.Xt.Data[i])))
		}
		return d
	}
	if a, b := miss(4), miss(64); !(b < a/4) {
		t.Errorf("one step back misses by %v with 4 steps and %v with 64: want it to shrink", a, b)
	}
}

func sameValues(a, b *core.Tensor) bool {
	_, ok := near32(a.Data, b.Data, 0)
	return ok
}
