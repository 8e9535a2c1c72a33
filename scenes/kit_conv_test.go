package scenes

import (
	"testing"
	"time"

	"dlprep/viz/scene"
)

// The views of this family draw a frame cheaply: at 1280×800 scene size
// with the pitfall on, no step of any of them spends more than a
// millisecond in Draw natively (the page's budget is 4 ms in WASM, about
// five times slower), nor allocates much once warm.
func TestConvFamilyDrawIsCheap(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	views := []struct {
		mk func() scene.Scene
		v  scene.Values
	}{
		{func() scene.Scene { return newIm2colView() }, scene.Values{"pitfall": 1}},
		{func() scene.Scene { return newSeparableView() }, nil},
		{func() scene.Scene { return newCausalView() }, scene.Values{"pitfall": 1}},
		{func() scene.Scene { return newBatchNormView() }, scene.Values{"pitfall": 1}},
		{func() scene.Scene { return newLayerNormView() }, scene.Values{"pitfall": 1}},
		{func() scene.Scene { return newTimestepView() }, scene.Values{"pitfall": 1}},
		{func() scene.Scene { return newFlowCondView() }, nil},
		{func() scene.Scene { return newPosEncView() }, nil},
	}
	c := &countCanvas{w: 710, h: 480}
	for _, vw := range views {
		s := vw.mk()
		if err := s.Reset(scene.Overlay(s.Params(), vw.v)); err != nil {
			t.Fatal(err)
		}
		f := &scene.Frame{}
		for k := range s.Timeline() {
			f.Step = k
			frame := func() {
				f.Reset()
				f.Frac += 0.013
				if f.Frac > 1 {
					f.Frac = 0
				}
				s.Draw(c, f)
			}
			frame()
			start := time.Now()
			const n = 50
			for range n {
				frame()
			}
			per := time.Since(start) / n
			allocs := testing.AllocsPerRun(20, frame)
			t.Logf("%s step %d: %v, %.0f allocs", s.Info().Problem, k, per, allocs)
			if per > time.Millisecond || allocs > 200 {
				t.Errorf("%s step %d: %v and %.0f allocations per frame", s.Info().Problem, k, per, allocs)
			}
		}
	}
}
