package scenes

import (
	"strings"
	"testing"

	"dlprep/viz/raster"
	"dlprep/viz/scene"
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
			c := &countCanvas{w: float64(sz[0]), h: float64(sz[1]), m: raster.New(1, 1, 1)}
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

// Reset refuses values outside the declared ranges with an error naming
// the view, instead of allocating or panicking (the app validates; the
// page's API may not). Ported from the first design scenes' tests.
func TestDesignRejectAbsurdValues(t *testing.T) {
	tests := []struct {
		mk func() scene.Scene
		v  scene.Values
	}{
		{func() scene.Scene { return newCineView("028") }, scene.Values{"span": 7}},
		{func() scene.Scene { return newCineView("031") }, scene.Values{"time": 99}},
		{func() scene.Scene { return newGreenScreenView() }, scene.Values{"light": 500}},
		{func() scene.Scene { return newGreenScreenView() }, scene.Values{"key_low": 0.9, "key_high": 0.7}},
		{func() scene.Scene { return newTwinView() }, scene.Values{"cameras": 9}},
		{func() scene.Scene { return newTwinView() }, scene.Values{"appearance": 2}},
	}
	for _, tc := range tests {
		s := tc.mk()
		err := s.Reset(scene.Overlay(s.Params(), tc.v))
		if err == nil || !strings.Contains(err.Error(), s.Info().ID) {
			t.Errorf("%s %v: Reset returned %v, want an error naming the view", s.Info().ID, tc.v, err)
		}
	}
}
