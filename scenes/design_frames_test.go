package scenes

import (
	"testing"

	"dlprep/viz/raster"
	"dlprep/viz/shell"
)

// Every step of the design views draws a steady frame with few
// allocations, not only the middle one the contract samples: their
// strings, bitmaps and layouts are made in Reset. The budget is half the
// contract's: what is left is the app's own and the kit's layout slices.
func TestDesignFramesAllocateLittle(t *testing.T) {
	const budget = 6
	for _, p := range []string{"028", "029", "030", "031"} {
		a := shell.New(shell.Options{Catalogue: All(), Paused: true})
		if err := a.Show(p, "", nil); err != nil {
			t.Fatal(err)
		}
		for _, sz := range [][2]int{{1280, 800}, {390, 844}} {
			c := &nullCanvas{w: float64(sz[0]), h: float64(sz[1]), m: raster.New(1, 1, 1)}
			a.Layout(float64(sz[0]), float64(sz[1]))
			for k := 0; k < a.State().Steps; k++ {
				a.SeekStep(k)
				for range 3 {
					a.Update(0, nil)
					a.Draw(c)
				}
				if n := testing.AllocsPerRun(5, func() {
					a.Update(0, nil)
					a.Draw(c)
				}); n > budget {
					t.Errorf("%s at %dx%d, step %d: %.0f allocations per steady frame, budget %d", p, sz[0], sz[1], k, n, budget)
				}
			}
		}
	}
}
