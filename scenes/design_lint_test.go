package scenes

import (
	"testing"

	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// The design views are lint-clean at every step, not only the ones the
// contract samples (their tracking and path steps each draw other
// labels), at the defaults on every lint size and with every preset on a
// laptop and a phone.
func TestDesignLintEveryStep(t *testing.T) {
	type run struct {
		raw  map[string]string
		size [2]int
		name string
	}
	for _, p := range []string{"028", "029", "030", "031"} {
		var runs []run
		for _, sz := range lintSizes {
			runs = append(runs, run{nil, sz, "defaults"})
		}
		var s scene.Scene
		for _, mk := range All().Views {
			if v := mk(); v.Info().Problem == p {
				s = v
			}
		}
		if pr, ok := s.(scene.Presetter); ok {
			for _, preset := range pr.Presets() {
				raw := map[string]string{}
				for _, prm := range s.Params() {
					if v, ok := preset.Values[prm.Name]; ok {
						raw[prm.Name] = formatRaw(prm, v)
					}
				}
				runs = append(runs, run{raw, [2]int{1280, 800}, preset.Name}, run{raw, [2]int{390, 844}, preset.Name})
			}
		}
		for _, r := range runs {
			sz := r.size
			a := shell.New(shell.Options{Catalogue: All(), Paused: true})
			if err := a.Show(p, "", r.raw); err != nil {
				t.Fatal(err)
			}
			c := raster.New(sz[0], sz[1], 1)
			a.Layout(float64(sz[0]), float64(sz[1]))
			a.Update(0, nil)
			for k := 0; k < a.State().Steps; k++ {
				a.SeekStep(k)
				a.Draw(c)
				if rep := a.Lint(); !rep.Clean() {
					t.Errorf("%s (%s) at %dx%d, step %d: %v", p, r.name, sz[0], sz[1], k, rep)
				}
			}
		}
	}
}
