package scenes

import (
	"math"
	"testing"

	"dlprep/core/diffusion/toy"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// TestDiffusionSceneParticlesAreCoreSampler steps the scene and checks, at
// every frame, that the particles shown are exactly those of core's toy
// sampler run with the same configuration and seed.
func TestDiffusionSceneParticlesAreCoreSampler(t *testing.T) {
	for _, tc := range []Values{
		{"sampler": 1, "steps": 10, "eta": 0, "particles": 50},
		{"sampler": 1, "steps": 7, "eta": 1, "particles": 40, "schedule": 2, "data": 1},
		{"sampler": 0, "timesteps": 40, "sigma": 1, "particles": 30},
	} {
		s := resetScene(t, "diffusion", tc).(*DiffusionScene)
		ref, err := toy.NewSampler(s.Mixture(), s.Config(), int(tc["particles"]))
		if err != nil {
			t.Fatal(err)
		}
		ref.Start(s.Seed())
		_, n := s.Progress()
		if _, rn := ref.Progress(); rn != n {
			t.Fatalf("%v: scene has %d steps, sampler %d", tc, n, rn)
		}
		for k := 0; k <= n; k++ {
			got := s.Positions()
			if len(got) != len(ref.X) {
				t.Fatalf("%v frame %d: %d values, want %d", tc, k, len(got), len(ref.X))
			}
			for i, x := range ref.X {
				if got[i] != float32(x) {
					t.Fatalf("%v frame %d value %d: shown %v, sampler %v", tc, k, i, got[i], x)
				}
			}
			s.Step()
			ref.Step()
		}
	}
}

// TestDiffusionScenePitfallIsCoreSampler checks, at every frame, that the
// wrong run shown is core's toy sampler with the chosen Pitfall (and the
// method it belongs to, even when the other sampler was picked) from the
// same seed, and that the right run is the one the scene shows without a
// pitfall.
func TestDiffusionScenePitfallIsCoreSampler(t *testing.T) {
	for _, tc := range []struct {
		v      Values
		want   toy.Pitfall
		method toy.Method
	}{
		{Values{"sampler": 0, "timesteps": 30, "particles": 40, "pitfall": 1}, toy.AlphaBarForAlpha, toy.DDPM},
		{Values{"sampler": 1, "timesteps": 20, "particles": 30, "pitfall": 2, "sigma": 1}, toy.NoiseAtLastStep, toy.DDPM},
		{Values{"sampler": 1, "steps": 8, "particles": 50, "pitfall": 3, "data": 1}, toy.SwappedAlphaBars, toy.DDIM},
		{Values{"sampler": 0, "steps": 6, "particles": 20, "pitfall": 3, "eta": 0.5}, toy.SwappedAlphaBars, toy.DDIM},
	} {
		s := resetScene(t, "diffusion", tc.v).(*DiffusionScene)
		cfg := s.PitfallConfig()
		if cfg.Pitfall != tc.want || cfg.Method != tc.method || s.Config().Pitfall != toy.NoPitfall || s.Config().Method != tc.method {
			t.Fatalf("%v: pitfall config %v/%v, right %v/%v; want %v/%v and none", tc.v, cfg.Method, cfg.Pitfall,
				s.Config().Method, s.Config().Pitfall, tc.method, tc.want)
		}
		n := int(tc.v["particles"])
		bad, err := toy.NewSampler(s.Mixture(), cfg, n)
		if err != nil {
			t.Fatal(err)
		}
		bad.Start(s.Seed())
		// The right run must be what the scene shows with no pitfall and
		// the pitfall's sampler picked (η = 0 with the swapped pitfall,
		// for which core refuses η > 0).
		if tc.want == toy.SwappedAlphaBars && cfg.Eta != 0 {
			t.Fatalf("%v: swapped pitfall runs with η = %v, want 0", tc.v, cfg.Eta)
		}
		plain := Values{"pitfall": 0, "sampler": float64(tc.method), "eta": cfg.Eta}
		for k, x := range tc.v {
			if k != "pitfall" && k != "sampler" && k != "eta" {
				plain[k] = x
			}
		}
		right := resetScene(t, "diffusion", plain).(*DiffusionScene)
		if right.PitfallPositions() != nil {
			t.Fatalf("%v: no pitfall but a wrong run is shown", plain)
		}
		_, steps := s.Progress()
		if _, rn := bad.Progress(); rn != steps {
			t.Fatalf("%v: scene has %d steps, pitfall sampler %d", tc.v, steps, rn)
		}
		differ := false
		for k := 0; k <= steps; k++ {
			got := s.PitfallPositions()
			if len(got) != len(bad.X) {
				t.Fatalf("%v frame %d: %d values, want %d", tc.v, k, len(got), len(bad.X))
			}
			for i, x := range bad.X {
				if got[i] != float32(x) {
					t.Fatalf("%v frame %d value %d: shown %v, pitfall sampler %v", tc.v, k, i, got[i], x)
				}
			}
			gr, wr := s.Positions(), right.Positions()
			for i := range wr {
				if gr[i] != wr[i] {
					t.Fatalf("%v frame %d value %d: right run %v, without the pitfall %v", tc.v, k, i, gr[i], wr[i])
				}
				differ = differ || gr[i] != got[i]
			}
			s.Step()
			right.Step()
			bad.Step()
		}
		if !differ {
			t.Errorf("%v: the pitfall run never differs from the right one", tc.v)
		}
	}
}

// TestDiffusionScenePitfallPresetsShowDamage steps each pitfall preset to
// the end and checks the damage the Info text promises, on the spreads the
// readout shows: ā for α collapses (trace below a tenth of the data's),
// swapped ā_t, ā_{t−1} overshoots (trace above twice the data's, far from
// every mode), noise at t = 0 widens the modes a little.
func TestDiffusionScenePitfallPresetsShowDamage(t *testing.T) {
	checks := map[toy.Pitfall]func(tr, md [2]float64, data float64) bool{
		toy.AlphaBarForAlpha: func(tr, md [2]float64, data float64) bool { return tr[1] < data/10 && tr[0] > data*0.8 },
		toy.SwappedAlphaBars: func(tr, md [2]float64, data float64) bool { return tr[1] > 2*data && md[1] > 3*md[0] },
		toy.NoiseAtLastStep:  func(tr, md [2]float64, data float64) bool { return md[1] > md[0]*1.03 && md[1] < md[0]*1.2 },
	}
	seen := 0
	for _, p := range (&DiffusionScene{}).Presets() {
		pf := toy.Pitfall(p.Values["pitfall"])
		if pf == toy.NoPitfall {
			continue
		}
		seen++
		s := resetScene(t, "diffusion", p.Values).(*DiffusionScene)
		_, n := s.Progress()
		for range n {
			s.Step()
		}
		tr, md, data := s.Spreads()
		if !checks[pf](tr, md, data) {
			t.Errorf("%s: covariance trace right %.3f pitfall %.3f (data %.3f), RMS to mode %.3f → %.3f: not the documented damage",
				p.Name, tr[0], tr[1], data, md[0], md[1])
		}
	}
	if seen != len(checks) {
		t.Errorf("%d pitfall presets, want one per pitfall (%d)", seen, len(checks))
	}
}

// TestDiffusionPitfallGoldens renders the swapped-ā pitfall preset side by
// side at the end of its run and compares with
// testdata/diffusion_pitfall_golden.png (-regen rewrites it).
func TestDiffusionPitfallGoldens(t *testing.T) {
	s := resetScene(t, "diffusion", Values{"sampler": 1, "steps": 20, "data": 1, "particles": 200,
		"pitfall": float64(toy.SwappedAlphaBars)}).(*DiffusionScene)
	c := raster.New(960, 600, 1)
	_, n := s.Progress()
	for range n {
		s.Step()
		c.Clear(viz.Paper)
		s.Draw(c) // paths accumulate frame by frame, as when playing
	}
	rastertest.Check(t, c.RGBA(), "testdata/diffusion_pitfall_golden.png")
}

// TestDiffusionSceneLandsOnModes checks the end of a DDIM run: particles end
// near the mixture's modes (each within 4 std of a component mean).
func TestDiffusionSceneLandsOnModes(t *testing.T) {
	s := resetScene(t, "diffusion", Values{"sampler": 1, "steps": 50, "particles": 200}).(*DiffusionScene)
	_, n := s.Progress()
	for range n {
		s.Step()
	}
	x := s.Positions()
	far := 0
	for i := 0; i < len(x)/2; i++ {
		best := math.Inf(1)
		for _, c := range s.Mixture().Comps {
			d := math.Hypot(float64(x[2*i])-c.Mean[0], float64(x[2*i+1])-c.Mean[1])
			best = math.Min(best, d/math.Sqrt(c.Var[0]))
		}
		if best > 4 {
			far++
		}
	}
	if far > 4 {
		t.Errorf("%d of %d particles end more than 4 std from every mode", far, len(x)/2)
	}
}

// TestDiffusionScenePlays checks the animation reaches the end in about
// diffRunSeconds and draws every frame without panicking.
func TestDiffusionScenePlays(t *testing.T) {
	s := resetScene(t, "diffusion", nil).(*DiffusionScene)
	c := &countCanvas{w: 960, h: 600}
	for range int(diffRunSeconds*60) + 5 {
		s.Update(Input{}, 1.0/60)
		s.Draw(c)
	}
	if k, n := s.Progress(); k != n {
		t.Errorf("after %.1f s progress %d of %d, want the end", diffRunSeconds, k, n)
	}
}

func BenchmarkScene_diffusion(b *testing.B) { benchScene(b, "diffusion", nil) }

func BenchmarkScene_diffusion_pitfall(b *testing.B) {
	benchScene(b, "diffusion", Values{"sampler": 1, "steps": 20, "pitfall": 3})
}

func BenchmarkScene_diffusion_ddpm(b *testing.B) {
	benchScene(b, "diffusion", Values{"sampler": 0, "timesteps": 250})
}
