package scenes

import (
	"testing"
)

// headlineIDs are the scenes of this file family.
var headlineIDs = []string{}

// TestHeadlineScenesSurviveAnySize drives every preset of every headline
// scene through clicks, drags, steps and draws at sizes from empty to
// large: nothing may panic, and every scene must describe itself.
func TestHeadlineScenesSurviveAnySize(t *testing.T) {
	for _, id := range headlineIDs {
		sc, err := New(id)
		if err != nil {
			t.Fatal(err)
		}
		info := sc.Info()
		if info.ID != id || info.Title == "" || info.Statement == "" || info.Formula == "" || info.LookFor == "" || len(info.Problems) == 0 {
			t.Errorf("%s: incomplete Info %+v", id, info)
		}
		presets := []Values{Defaults(sc.Params())}
		if p, ok := sc.(Presetter); ok {
			for _, pr := range p.Presets() {
				v := Defaults(sc.Params())
				for k, x := range pr.Values {
					if _, known := v[k]; !known {
						t.Errorf("%s preset %q sets unknown param %q", id, pr.Name, k)
					}
					v[k] = x
				}
				presets = append(presets, v)
			}
		}
		for _, v := range presets {
			s, _ := New(id)
			if err := s.Reset(v); err != nil {
				continue // a preset may demonstrate core's error
			}
			for _, size := range [][2]float64{{0, 0}, {160, 100}, {960, 600}, {1700, 1000}} {
				c := &countCanvas{w: size[0], h: size[1]}
				s.Draw(c)
				for _, f := range [][2]float64{{0.1, 0.1}, {0.3, 0.5}, {0.5, 0.3}, {0.8, 0.7}} {
					x, y := f[0]*size[0], f[1]*size[1]
					s.Update(Input{MouseX: x, MouseY: y, Clicked: true}, 0)
					s.Update(Input{MouseX: x, MouseY: y, Dragging: true}, 0.02)
					s.Update(Input{MouseX: x + 30, MouseY: y, Dragging: true}, 0.02)
					s.Update(Input{MouseX: x + 30, MouseY: y, Clicked: true}, 0.5)
					s.Draw(c)
				}
				if st, ok := s.(Stepper); ok {
					_, n := st.Progress()
					for range n + 2 {
						st.Step()
					}
				}
				s.Draw(c)
				if r, ok := s.(Readouter); ok && len(r.Readout()) == 0 {
					t.Errorf("%s: empty readout", id)
				}
			}
		}
	}
}
