package scenes

import (
	"slices"
	"testing"

	"dlprep/core/diffusion/toy"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// TestImagesSceneShowsCoreSampler checks the images shown at each frame are
// core's sampler state converted by core's ToGray.
func TestImagesSceneShowsCoreSampler(t *testing.T) {
	for _, v := range []Values{{"sampler": 1, "steps": 6, "images": 3}, {"sampler": 0, "images": 2, "class": 3, "guidance": 2}} {
		s := resetScene(t, "diffusion_images", v).(*DiffusionImagesScene)
		ref, err := toy.NewSampler(s.mix, s.Config(), int(v["images"]))
		if err != nil {
			t.Fatal(err)
		}
		ref.Start(s.seed)
		_, n := s.Progress()
		want := make([]uint8, len(ref.X))
		x32 := make([]float32, len(ref.X))
		for k := 0; k <= n; k++ {
			for i, x := range ref.X {
				x32[i] = float32(x)
			}
			toy.ToGray(want, x32)
			if got := s.CurrentGray(); !slices.Equal(got, want) {
				t.Fatalf("%v frame %d: grey images differ from ToGray(sampler)", v, k)
			}
			s.Step()
			ref.Step()
		}
	}
}

// TestImagesScenePitfallIsCoreSampler checks, at every frame, that the
// wrong row is core's sampler run with the chosen toy.Pitfall (method forced
// to the pitfall's) from the same seed, shown through ToGray, that the right
// row is unchanged by the pitfall, and that the two end different.
func TestImagesScenePitfallIsCoreSampler(t *testing.T) {
	for _, tc := range []struct {
		v      Values
		want   toy.Pitfall
		method toy.Method
	}{
		{Values{"sampler": 1, "images": 3, "pitfall": 1}, toy.AlphaBarForAlpha, toy.DDPM},
		{Values{"sampler": 0, "images": 2, "pitfall": 2, "class": 2, "guidance": 2}, toy.NoiseAtLastStep, toy.DDPM},
		{Values{"sampler": 0, "steps": 7, "images": 4, "pitfall": 3}, toy.SwappedAlphaBars, toy.DDIM},
	} {
		s := resetScene(t, "diffusion_images", tc.v).(*DiffusionImagesScene)
		cfg := s.PitfallConfig()
		if cfg.Pitfall != tc.want || cfg.Method != tc.method || s.Config().Pitfall != toy.NoPitfall {
			t.Fatalf("%v: pitfall config %v/%v, right pitfall %v; want %v/%v and none", tc.v, cfg.Method, cfg.Pitfall,
				s.Config().Pitfall, tc.method, tc.want)
		}
		n := int(tc.v["images"])
		bad, err := toy.NewSampler(s.mix, cfg, n)
		if err != nil {
			t.Fatal(err)
		}
		bad.Start(s.seed)
		plain := Values{"pitfall": 0, "sampler": float64(tc.method)}
		for k, x := range tc.v {
			if k != "pitfall" && k != "sampler" {
				plain[k] = x
			}
		}
		right := resetScene(t, "diffusion_images", plain).(*DiffusionImagesScene)
		if right.PitfallGray() != nil {
			t.Fatalf("%v: no pitfall but a wrong row is shown", plain)
		}
		_, steps := s.Progress()
		want := make([]uint8, len(bad.X))
		x32 := make([]float32, len(bad.X))
		for k := 0; k <= steps; k++ {
			for i, x := range bad.X {
				x32[i] = float32(x)
			}
			toy.ToGray(want, x32)
			if got := s.PitfallGray(); !slices.Equal(got, want) {
				t.Fatalf("%v frame %d: pitfall images differ from ToGray(pitfall sampler)", tc.v, k)
			}
			if got, w := s.CurrentGray(), right.CurrentGray(); !slices.Equal(got, w) {
				t.Fatalf("%v frame %d: right images differ from the scene without the pitfall", tc.v, k)
			}
			if k == steps && slices.Equal(s.CurrentGray(), s.PitfallGray()) {
				t.Errorf("%v: right and pitfall images end identical", tc.v)
			}
			s.Step()
			right.Step()
			bad.Step()
		}
	}
}

// TestImagesPitfallGoldens renders the ā-for-α pitfall at the end of its
// run and compares with testdata/diffusion_images_pitfall_golden.png
// (-regen rewrites it).
func TestImagesPitfallGoldens(t *testing.T) {
	s := resetScene(t, "diffusion_images", Values{"sampler": 0, "pitfall": float64(toy.AlphaBarForAlpha)}).(*DiffusionImagesScene)
	_, n := s.Progress()
	for range n {
		s.Step()
	}
	c := raster.New(960, 600, 1)
	c.Clear(viz.Paper)
	s.Draw(c)
	rastertest.Check(t, c.RGBA(), "testdata/diffusion_images_pitfall_golden.png")
}

func BenchmarkScene_diffusion_images(b *testing.B) { benchScene(b, "diffusion_images", nil) }
