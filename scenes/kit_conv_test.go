package scenes

import (
	"testing"

	"dlprep/viz/scene"
)

// The views of this family draw a frame without making much: at 1280×800
// scene size with the pitfall on, no step of any of them allocates much
// once warm (WASM's collector is slow). Their time per frame is measured
// by BenchmarkViewFrame and, in the page, by the e2e suite.
func TestConvFamilyDrawIsCheap(t *testing.T) {
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
			// Allocations, not the clock: a busy machine moves times
			// (BenchmarkViewFrame measures them).
			if allocs := testing.AllocsPerRun(20, frame); allocs > 200 {
				t.Errorf("%s step %d: %.0f allocations per frame", s.Info().Problem, k, allocs)
			}
		}
	}
}
