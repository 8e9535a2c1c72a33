package scenes

import (
	"math"
	"testing"

	"dlprep/core/diffusion/toy"
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

func BenchmarkScene_diffusion_ddpm(b *testing.B) {
	benchScene(b, "diffusion", Values{"sampler": 0, "timesteps": 250})
}
