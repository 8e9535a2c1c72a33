package toy_test

import (
	"fmt"

	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
)

// A 20-step DDIM run on the glyph images, guided (w = 3) toward the "ring"
// class, printed with ink where the final pixel is positive.
func ExampleSampler() {
	mix, err := toy.Glyphs(0.2)
	if err != nil {
		panic(err)
	}
	sch, err := diffusion.NewSchedule(diffusion.Linear, 1000, diffusion.DefaultBetaStart, diffusion.DefaultBetaEnd)
	if err != nil {
		panic(err)
	}
	ring := 3 // index of "ring" in toy.GlyphNames()
	s, err := toy.NewSampler(mix, toy.Config{Schedule: sch, Method: toy.DDIM, Steps: 20, Class: ring, Guidance: 3, Record: true}, 1)
	if err != nil {
		panic(err)
	}
	s.Start(42)
	s.Run()
	img := s.Frame(s.NumFrames() - 1)
	fmt.Println(toy.GlyphNames()[ring], s.NumFrames(), "frames")
	for r := range toy.GlyphSize {
		line := ""
		for c := range toy.GlyphSize {
			if img[r*toy.GlyphSize+c] > 0 {
				line += "#"
			} else {
				line += "."
			}
		}
		fmt.Println(line)
	}
	// Output:
	// ring 21 frames
	// ........
	// .######.
	// .#....#.
	// .#....#.
	// .#....#.
	// .#....#.
	// .######.
	// ........
}
