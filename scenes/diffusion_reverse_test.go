package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

func newRev(t testing.TB, problem string, v scene.Values) *revView {
	t.Helper()
	return newView(t, func() *revView { return newRevView(problem) }, v)
}

// revCases are the configurations the reverse-step tests run: both
// problems, both σ kinds, η > 0, every data set and every pitfall.
var revCases = []struct {
	problem string
	v       scene.Values
}{
	{"010", nil},
	{"010", scene.Values{"sigma": 1, "data": 1, "T": 30, "particles": 100}},
	{"010", scene.Values{"pitfall": 1}},
	{"010", scene.Values{"pitfall": 2, "schedule": 1, "T": 20}},
	{"011", nil},
	{"011", scene.Values{"eta": 0.6, "steps": 7, "data": 2}},
	{"011", scene.Values{"pitfall": 1, "eta": 0.5}},
}

// What the reverse-step views show is what the production code computes:
// every step's result is the step op (diffusion.DDPMStep, DDIMStep or the
// core/mistakes function) on the shown x_t, ε̂ and z; ε̂ is the mixture's
// exact ε*; the whole run follows toy.Sampler (the sampler the old views
// checked against), its pitfall run the Sampler's own pitfall; the step
// taken apart has the pitfall's version from the same inputs.
func TestRevViewStagesAreCore(t *testing.T) {
	for _, tc := range revCases {
		s := newRev(t, tc.problem, tc.v)
		name := tc.problem + " " + s.pitfall
		method, pf := toy.DDPM, toy.NoPitfall
		var ddpm toy.DDPMStepFunc = diffusion.DDPMStep
		var ddim toy.DDIMStepFunc = diffusion.DDIMStep
		switch s.pitfall {
		case "alpha-bar-for-alpha":
			pf, ddpm = toy.AlphaBarForAlpha, mistakes.DDPMAlphaBarForAlpha
		case "noise-at-last-step":
			pf, ddpm = toy.NoiseAtLastStep, mistakes.DDPMNoiseAtLastStep
		case "alpha-bar-swapped":
			pf, ddim = toy.SwappedAlphaBars, mistakes.DDIMAlphaBarsSwapped
		}
		if s.ddim {
			method = toy.DDIM
			if s.pitfall != "" && s.eta != 0 {
				t.Fatalf("%s: the swapped pitfall runs with η = %v, want 0", name, s.eta)
			}
		}
		cfg := toy.Config{Schedule: s.sch, Method: method, Sigma: s.sigma, Steps: s.steps, Eta: s.eta, Class: toy.NullClass, Record: true}
		if s.ddim {
			cfg.Spacing = toy.Trailing
		}
		check := func(ch *toy.Chain, pf toy.Pitfall, step func(st toy.StepTrace) *core.Tensor, what string) {
			c := cfg
			c.Pitfall = pf
			smp, err := toy.NewSampler(s.mix, c, s.n)
			if err != nil {
				t.Fatal(err)
			}
			smp.Start(s.seed)
			smp.Run()
			if smp.NumFrames() != ch.Len()+1 {
				t.Fatalf("%s %s: %d states shown, the sampler has %d", name, what, ch.Len()+1, smp.NumFrames())
			}
			for k, st := range ch.Steps {
				want := step(st)
				for i, v := range want.Data {
					if st.Out.Data[i] != v {
						t.Fatalf("%s %s step %d value %d: shown %v, the step op gives %v", name, what, k, i, st.Out.Data[i], v)
					}
				}
				eps := make([]float64, len(st.Xt.Data))
				xs := make([]float64, len(eps))
				for i, v := range st.Xt.Data {
					xs[i] = float64(v)
				}
				if err := s.mix.Eps(eps, xs, st.AlphaBarT, toy.NullClass); err != nil {
					t.Fatal(err)
				}
				for i, v := range eps {
					if !closeTo(st.Eps.Data[i], float32(v), 1e-6) {
						t.Fatalf("%s %s step %d: ε̂[%d] shown %v, ε* %v", name, what, k, i, st.Eps.Data[i], v)
					}
				}
			}
			for k := 0; k <= ch.Len(); k++ {
				for i, v := range smp.Frame(k) {
					if got := ch.State(k).Data[i]; !closeTo(got, v, 2e-3*(1+math.Abs(float64(v)))) {
						t.Fatalf("%s %s state %d value %d: shown %v, toy.Sampler %v", name, what, k, i, got, v)
					}
				}
			}
		}
		op := func(ddpm toy.DDPMStepFunc, ddim toy.DDIMStepFunc) func(st toy.StepTrace) *core.Tensor {
			return func(st toy.StepTrace) *core.Tensor {
				if method == toy.DDPM {
					out, err := ddpm(st.Xt, st.Eps, st.Z, st.DDPM)
					if err != nil {
						t.Fatal(err)
					}
					return out
				}
				out, _, err := ddim(st.Xt, st.Eps, st.Z, st.DDIM)
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
		}
		check(s.chain, toy.NoPitfall, op(diffusion.DDPMStep, diffusion.DDIMStep), "right run")
		if s.pitfall == "" {
			if s.bad != nil || s.apartBad != nil {
				t.Fatalf("%s: a pitfall run without a pitfall", name)
			}
			continue
		}
		check(s.bad, pf, op(ddpm, ddim), "pitfall run")
		// The step taken apart, done wrong from the very same inputs.
		if s.apartBad != nil {
			want := op(ddpm, ddim)(s.apart)
			if !sameTensor(s.apartBad.Out, want) || s.apartBad.Xt != s.apart.Xt || s.apartBad.Eps != s.apart.Eps {
				t.Fatalf("%s: the pitfall's version of the step taken apart is not the mistake on its inputs", name)
			}
		} else if s.pitfall != "noise-at-last-step" {
			t.Fatalf("%s: the step taken apart shows no pitfall", name)
		}
	}
}

// The reverse-step views mark every particle where they draw it, and
// hovering one reads the shown tensor; the numbers panel shows the followed
// particle's values from the trace; the images are toy.ToGray of the image
// run.
func TestRevViewDrawsWhatItShows(t *testing.T) {
	for _, tc := range revCases {
		s := newRev(t, tc.problem, tc.v)
		c := raster.New(1280, 800, 1)
		f := &scene.Frame{}
		for k, stg := range s.stages {
			f.Reset()
			f.Step, f.Frac = k, 0
			s.Draw(c, f)
			if stg == rvImages {
				continue
			}
			if s.shownP == nil {
				t.Fatalf("%s step %d: no particles marked", tc.problem, k)
			}
			seen := 0
			for _, m := range f.Marks() {
				if m.Group != grpRevP {
					continue
				}
				seen++
				in, ok := s.Inspect(f, scene.Target{Group: grpRevP, Index: m.Index})
				if !ok || in.Value != pair(s.shownP.Data, m.Index) {
					t.Fatalf("%s step %d particle %d inspects as %+v", tc.problem, k, m.Index, in)
				}
				// Static stages draw the particle at the shown value.
				if stg != rvNext && stg != rvChain && stg != rvLast {
					lay := s.layout(c, viz.Rect{W: 1280, H: 800}.Inset(10), s.legendItems(stg))
					x, y := lay.plane.pt(s.shownP.Data, m.Index)
					if math.Abs(x-m.X) > 1e-9 || math.Abs(y-m.Y) > 1e-9 {
						t.Fatalf("%s step %d particle %d marked at (%v, %v), drawn at (%v, %v)", tc.problem, k, m.Index, m.X, m.Y, x, y)
					}
				}
			}
			if seen < s.n/2 {
				t.Fatalf("%s step %d: %d of %d particles marked", tc.problem, k, seen, s.n)
			}
		}
		// The numbers panel at the step taken apart.
		i := s.follow
		rows := s.rowsOf(s.apart, s.apartBad, i, false)
		want := []*core.Tensor{s.apart.Xt, s.apart.Eps, s.apart.X0}
		if !s.ddim || s.eta > 0 {
			want = append(want, s.apart.Mean, s.apart.Noise)
		}
		want = append(want, s.apart.Out)
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows, want %d", tc.problem, len(rows), len(want))
		}
		for r, w := range want {
			if rows[r].right != pair(w.Data, i) {
				t.Fatalf("%s row %d shows %s, the trace %s", tc.problem, r, rows[r].right, pair(w.Data, i))
			}
		}
		// Images: the snapshots are toy.ToGray of the image run's states.
		g := make([]uint8, 64)
		for ci, k := range s.imgCols {
			for im := range revImages {
				toy.ToGray(g, s.imgs.State(k).Data[im*64:(im+1)*64])
				for p, v := range g {
					if got := s.imgBm[ci][im].Img.Pix[4*p]; got != v {
						t.Fatalf("%s image %d at state %d pixel %d: grey %d, ToGray %d", tc.problem, im, k, p, got, v)
					}
				}
			}
		}
		sp := toy.Linspace
		if s.ddim {
			sp = toy.Trailing
		}
		want0, err := toy.RunChain(s.imgMix, toy.ChainConfig{Schedule: s.sch, Method: s.chain.Method, Sigma: s.sigma, Steps: s.steps, Spacing: sp, Eta: s.eta, Class: toy.NullClass}, revImages, s.seed)
		if err != nil {
			t.Fatal(err)
		}
		if !sameTensor(want0.State(want0.Len()), s.imgs.State(s.imgs.Len())) {
			t.Fatalf("%s: the images shown are not toy.RunChain's on the glyphs", tc.problem)
		}
	}
}

// The pitfalls show at once, on the numbers the samples panel prints (at
// their presets): ā for α piles the samples onto part of the shape, swapped
// ā runs the cloud off into noise, noise at the last step blurs the samples
// off the data's shape.
func TestRevPitfallsShow(t *testing.T) {
	abar := newRev(t, "010", scene.Values{"pitfall": 1, "data": 1, "T": 100})
	if !(abar.badStats.Coverage < 0.5 && abar.stats.Coverage > 0.9 && abar.badStats.Trace < abar.dataTrace/2) {
		t.Errorf("ā for α: coverage %.2f (right %.2f), spread %.3f (data %.3f): want the samples piled onto part of the spiral",
			abar.badStats.Coverage, abar.stats.Coverage, abar.badStats.Trace, abar.dataTrace)
	}
	// At the step taken apart the mistake's mean is x̂₀ itself.
	if !sameTensor(abar.apartBad.Mean, abar.apart.X0) {
		t.Error("ā for α: the mistake's mean is not the x0 estimate")
	}
	swapped := newRev(t, "011", scene.Values{"pitfall": 1})
	if !(swapped.badStats.Trace > 2*swapped.dataTrace && swapped.badStats.MeanDist > 5*swapped.stats.MeanDist) {
		t.Errorf("swapped ā: spread %.3f (data %.3f), distance %.3f against %.3f: want the cloud gone to noise",
			swapped.badStats.Trace, swapped.dataTrace, swapped.badStats.MeanDist, swapped.stats.MeanDist)
	}
	noise := newRev(t, "010", scene.Values{"pitfall": 2, "schedule": 1, "T": 20})
	if r := noise.badStats.MeanDist / noise.stats.MeanDist; !(r > 1.15 && r < 2) {
		t.Errorf("noise at t = 0: distance to the data %.4f against %.4f (×%.2f): want a visible blur", noise.badStats.MeanDist, noise.stats.MeanDist, r)
	}
	// The last step of that run is where it happens: σ_0 z is drawn there.
	last := noise.bad.Steps[noise.bad.Len()-1]
	if last.T != 0 || sameTensor(last.Out, last.Mean) || !sameTensor(noise.chain.Steps[noise.chain.Len()-1].Out, noise.chain.Steps[noise.chain.Len()-1].Mean) {
		t.Error("noise at t = 0: the last step of the pitfall adds no noise, or the right one does")
	}
}

// With the default cosine schedule no step is idle. A step's visible
// change is how far it turns the state's mix of signal and noise: the angle
// θ = atan(√(1−ā)/√ā) (x_t = cos θ x_0 + sin θ ε) falls from π/2 to 0 over
// the run; the cosine schedule turns it by nearly equal amounts, the linear
// one spends its first steps near θ = π/2, where nothing shows.
func TestRevNoIdleSteps(t *testing.T) {
	idle := func(s *revView) int {
		n, S := 0, float64(s.chain.Len())
		for _, st := range s.chain.Steps {
			th := func(a float64) float64 { return math.Atan2(math.Sqrt(1-a), math.Sqrt(a)) }
			if th(st.AlphaBarT)-th(st.AlphaBarNext) < 0.3*(math.Pi/2)/S {
				n++
			}
		}
		return n
	}
	for _, steps := range []float64{3, 10, 25} {
		if n := idle(newRev(t, "011", scene.Values{"steps": steps})); n != 0 {
			t.Errorf("cosine, %v DDIM steps: %d idle steps", steps, n)
		}
	}
	if n := idle(newRev(t, "011", scene.Values{"schedule": 1, "steps": 20})); n < 3 {
		t.Errorf("linear, 20 DDIM steps: %d idle steps, want the idle start to show", n)
	}
	if a, b := idle(newRev(t, "010", nil)), idle(newRev(t, "010", scene.Values{"schedule": 1})); !(a == 0 && b >= 8) {
		t.Errorf("DDPM T = 50: %d idle steps with cosine, %d with linear", a, b)
	}
}

// Controls agree with the timeline: the run has as many steps as the
// slider says, the captions count them the same way, and η is disabled
// (and unused) under the swapped pitfall.
func TestRevControlsAgree(t *testing.T) {
	for _, tc := range []struct {
		problem string
		v       scene.Values
		steps   int
	}{{"010", scene.Values{"T": 30}, 30}, {"011", scene.Values{"steps": 7}, 7}, {"011", scene.Values{"steps": 2}, 2}} {
		s := newRev(t, tc.problem, tc.v)
		if s.chain.Len() != tc.steps {
			t.Errorf("%s %v: %d steps run", tc.problem, tc.v, s.chain.Len())
		}
		chain := 0
		for k, st := range s.stages {
			if st == rvChain {
				chain++
				if want := "step " + itoa(s.chainK[k]+1) + " of " + itoa(tc.steps); !strings.Contains(s.tl[k].Caption, want) {
					t.Errorf("%s: caption %q does not say %q", tc.problem, s.tl[k].Caption, want)
				}
			}
		}
		if chain != tc.steps-1 {
			t.Errorf("%s %v: %d sampling stages, want %d (the last step has its own)", tc.problem, tc.v, chain, tc.steps-1)
		}
	}
	d := newRevView("011")
	v := scene.Defaults(d.Params())
	if d.Applies("eta", v) != "" {
		t.Error("η disabled without a pitfall")
	}
	v["pitfall"] = 1
	if d.Applies("eta", v) == "" {
		t.Error("η live under the swapped pitfall, which cannot use it")
	}
}

// Clicking a particle follows it in the numbers panel.
func TestRevPointerFollows(t *testing.T) {
	s := newRev(t, "010", nil)
	c := raster.New(1280, 800, 1)
	f := &scene.Frame{}
	s.Draw(c, f)
	var m scene.Mark
	for _, mk := range f.Marks() {
		if mk.Group == grpRevP && mk.Index != s.follow {
			m = mk
			break
		}
	}
	if !s.Pointer(f, scene.Input{X: m.X, Y: m.Y, Clicked: true}) || s.follow != m.Index {
		// Another particle may lie on top at that point.
		if hit, _, _ := f.Hit(m.X, m.Y); s.follow != hit.Index {
			t.Fatalf("clicking particle %d follows %d", m.Index, s.follow)
		}
	}
}

func TestRevGoldens(t *testing.T) {
	checkGolden(t, "ddpm_mean", "010", nil, 3, 1280, 800)
	checkGolden(t, "ddim_swapped_phone", "011", map[string]string{"pitfall": "alpha-bar-swapped"}, 12, 390, 844)
}

// benchPlay measures frames of play at 60 frames a second through the
// whole timeline: the scene's own work (stamping layers, marks, text),
// without a rasterizer. The page's budget is 4 ms a frame in WASM, about
// five times native.
func benchPlay(b *testing.B, s scene.Scene) {
	c := &countCanvas{w: 710, h: 450}
	f := &scene.Frame{}
	tl := s.Timeline()
	dur := tl.Duration()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		f.Reset()
		f.Time = math.Mod(float64(i)/60, dur)
		f.Step, f.Frac = tl.At(f.Time)
		s.Draw(c, f)
		if r, ok := s.(scene.Readouter); ok {
			r.Readout(f)
		}
	}
}

func BenchmarkRevDDPMPlay(b *testing.B) { benchPlay(b, newRev(b, "010", nil)) }
func BenchmarkRevDDIMPitfallPlay(b *testing.B) {
	benchPlay(b, newRev(b, "011", scene.Values{"pitfall": 1}))
}
func BenchmarkCFGPlay(b *testing.B)       { benchPlay(b, newCFG(b, nil)) }
func BenchmarkInversionPlay(b *testing.B) { benchPlay(b, newInv(b, nil)) }

// The cloud's lines are stamped ahead into a spare layer while playing
// (stagedLayer), a few per frame, and swapped in at the stage change. At
// every frame of a run played at 3 frames a second (too few frames to
// stamp a stage ahead in full), 14 (headless Chromium's rate) and 60, the
// layer drawn must hold exactly what stamping its step afresh gives; from
// 14 on, every stage change with lines must swap in a layer made ahead,
// not stamp one in that frame.
func TestRevCloudStampedAhead(t *testing.T) {
	for _, tc := range revCases {
		for _, fps := range []float64{3, 14, 60} {
			s := newRev(t, tc.problem, tc.v)
			name := tc.problem + " " + s.pitfall
			c := &countCanvas{w: 900, h: 600, m: raster.New(1, 1, 1)}
			var fresh layer
			var checked layerKey
			lastCur := -1
			swaps, stamped := 0, 0
			tl := s.Timeline()
			for f := (scene.Frame{}); f.Step < len(tl) && s.stages[f.Step] != rvImages; {
				f.Reset()
				before := s.cloud.cur
				s.Draw(c, &f)
				shown := &s.cloud.l[s.cloud.cur]
				if s.cloud.cur != before {
					swaps++
				} else if f.Frac == 0 && !shown.blank && shown.key != checked {
					stamped++
				}
				if shown.key != checked || s.cloud.cur != lastCur {
					// The same step stamped in one go.
					stg, k := s.stages[f.Step], s.chainK[f.Step]
					if fresh.begin(c, shown.p, cloudKey(stg, k, f.Frac)) {
						s.stampLines(&fresh, stg, k, f.Frac, 0, math.MaxInt)
					}
					if shown.key != fresh.key || shown.blank != fresh.blank || string(shown.bm.Img.Pix) != string(fresh.bm.Img.Pix) {
						t.Fatalf("%s at %v fps, step %d (stage %d) frac %.2f: the layer drawn differs from a fresh stamp (key %+v, want %+v)",
							name, fps, f.Step, s.stages[f.Step], f.Frac, shown.key, fresh.key)
					}
					checked, lastCur = shown.key, s.cloud.cur
				}
				f.Frac += 1 / (fps * tl[f.Step].Seconds)
				if f.Frac >= 1 {
					f.Step, f.Frac = f.Step+1, 0
				}
			}
			if fps < 14 {
				continue
			}
			if swaps < 4 {
				t.Errorf("%s at %v fps: %d swaps of a layer stamped ahead, want one per stage with lines", name, fps, swaps)
			}
			if stamped > 0 {
				t.Errorf("%s at %v fps: %d stage changes stamped their layer in the frame, want none", name, fps, stamped)
			}
		}
	}
}
