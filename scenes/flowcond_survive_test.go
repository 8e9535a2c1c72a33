package scenes

import "testing"

// TestFlowCondSurvivesAnySize is the flow_cond half of a test the
// first-contract patch_embed scene shared with it (patch_embed is now a
// process view under the contract tests): every preset at sizes from empty
// to large under clicks, drags, play and steps, a complete description and
// a readout. It skips once flow_cond is rewritten on the new contract,
// whose own tests then cover it.
func TestFlowCondSurvivesAnySize(t *testing.T) {
	const id = "flow_cond"
	sc, err := New(id)
	if err != nil {
		t.Skipf("%s is no longer a first-contract scene: %v", id, err)
	}
	info := sc.Info()
	if info.ID != id || info.Title == "" || info.Statement == "" || info.Formula == "" || info.LookFor == "" || len(info.Problems) == 0 {
		t.Errorf("%s: incomplete Info %+v", id, info)
	}
	all := []Values{Defaults(sc.Params())}
	for _, pr := range sc.(Presetter).Presets() {
		for k := range pr.Values {
			if _, ok := all[0][k]; !ok {
				t.Errorf("%s preset %q sets unknown param %q", id, pr.Name, k)
			}
		}
		all = append(all, Overlay(sc.Params(), pr.Values))
	}
	for _, v := range all {
		s, _ := New(id)
		if err := s.Reset(v); err != nil {
			t.Fatalf("%s %v: %v", id, v, err)
		}
		for _, size := range [][2]float64{{0, 0}, {160, 100}, {960, 600}, {1700, 1000}} {
			c := &countCanvas{w: size[0], h: size[1]}
			s.Draw(c)
			for _, f := range [][2]float64{{0.1, 0.1}, {0.2, 0.5}, {0.5, 0.3}, {0.8, 0.7}} {
				x, y := f[0]*size[0], f[1]*size[1]
				s.Update(Input{MouseX: x, MouseY: y, Clicked: true}, 0)
				s.Update(Input{MouseX: x + 30, MouseY: y, Dragging: true}, 0.5)
				s.Draw(c)
			}
			if st, ok := s.(Stepper); ok {
				_, n := st.Progress()
				for range n + 2 {
					st.Step()
				}
			}
			s.Draw(c)
			if len(s.(Readouter).Readout()) == 0 {
				t.Errorf("%s %v: empty readout", id, v)
			}
		}
	}
}
