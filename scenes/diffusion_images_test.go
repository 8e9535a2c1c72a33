package scenes

import (
	"slices"
	"testing"

	"dlprep/core/diffusion/toy"
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

func BenchmarkScene_diffusion_images(b *testing.B) { benchScene(b, "diffusion_images", nil) }
