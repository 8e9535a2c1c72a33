package scenes

import (
	"slices"
	"testing"

	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

// geometryProblems are the views of kit_geometry.go's users.
var geometryProblems = []string{"005", "007", "014", "015", "016", "032", "034"}

// The geometry views animate within their steps (beams grow, sweeps
// move, labels follow the compared pair), so the contract's lint at step
// starts is not enough: they lint clean at every step, at several points
// within it, with every pitfall, on the laptop's and the phone's scene
// areas, and with each kind of element under the pointer.
func TestGeometryViewsLintWithinSteps(t *testing.T) {
	frames := 0
	defer func() { t.Logf("%d frames linted", frames) }()
	for _, mk := range All().Views {
		s := mk()
		in := s.Info()
		if !slices.Contains(geometryProblems, in.Problem) {
			continue
		}
		ps := s.Params()
		sets := []scene.Values{scene.Defaults(ps)}
		for _, p := range ps {
			if p.Name == "pitfall" {
				for ch := 1; ch < len(p.Choices); ch++ {
					sets = append(sets, scene.Overlay(ps, scene.Values{"pitfall": float64(ch)}))
				}
			}
		}
		for _, v := range sets {
			if err := s.Reset(v); err != nil {
				t.Fatalf("%s %v: %v", in.Problem, v, err)
			}
			for _, sz := range [][2]float64{{710, 450}, {370, 420}} {
				for k := range s.Timeline() {
					for _, frac := range []float64{0, 0.3, 0.6, 0.95} {
						rec := lint.NewRecorder(sz[0], sz[1], raster.New(1, 1, 1))
						f := &scene.Frame{Step: k, Frac: frac}
						s.Draw(rec, f)
						frames++
						if rep := rec.Check(kitSmall); !rep.Clean() {
							t.Errorf("%s pitfall %v, %v, step %d at %.2f: %v", in.Problem, v["pitfall"], sz, k, frac, rep)
						}
						if frac != 0.6 {
							continue
						}
						// One element of each group under the pointer.
						seen := map[int]bool{}
						for _, m := range f.Marks() {
							if seen[m.Group] {
								continue
							}
							seen[m.Group] = true
							rec := lint.NewRecorder(sz[0], sz[1], raster.New(1, 1, 1))
							s.Draw(rec, &scene.Frame{Step: k, Frac: frac, Focus: scene.Target{Group: m.Group, Index: m.Index}})
							if rep := rec.Check(kitSmall); !rep.Clean() {
								t.Errorf("%s pitfall %v, %v, step %d, focus %d/%d: %v", in.Problem, v["pitfall"], sz, k, m.Group, m.Index, rep)
							}
						}
					}
				}
			}
		}
	}
}
