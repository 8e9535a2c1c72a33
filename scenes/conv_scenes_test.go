package scenes

import (
	"strings"
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
)

// familyIDs are the scenes of the convolution, losses, lora, complexity,
// geometry and system design families written on top of the headline ones.
var familyIDs = []string{"im2col", "losses", "complexity", "lora", "norm", "compositing", "rotations", "posenc3d"}

var menuFamilies = map[string]bool{"attention": true, "convolution": true, "diffusion": true, "geometry": true,
	"detection": true, "losses": true, "lora": true, "complexity": true, "system design": true}

// Every family scene is registered, describes itself, resets at its
// defaults and at every preset, and draws and answers input without
// panicking; its readout is not empty.
func TestFamilyScenesBasics(t *testing.T) {
	for _, id := range familyIDs {
		sc, err := New(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		info := sc.Info()
		if info.ID != id || info.Title == "" || info.Statement == "" || info.Formula == "" || info.LookFor == "" || len(info.Problems) == 0 {
			t.Errorf("%s: incomplete Info %+v", id, info)
		}
		if !menuFamilies[info.Family] {
			t.Errorf("%s: family %q is not a menu group", id, info.Family)
		}
		names := map[string]bool{}
		for _, p := range sc.Params() {
			names[p.Name] = true
			if p.Default < p.Min || p.Default > p.Max {
				if p.Kind != Choice && p.Kind != Bool {
					t.Errorf("%s: param %s default %v outside [%v, %v]", id, p.Name, p.Default, p.Min, p.Max)
				}
			}
			if p.Kind == Choice && (int(p.Default) < 0 || int(p.Default) >= len(p.Choices)) {
				t.Errorf("%s: choice %s default %v out of range", id, p.Name, p.Default)
			}
		}
		sets := []Preset{{Name: "defaults"}}
		if ps, ok := sc.(Presetter); ok {
			sets = append(sets, ps.Presets()...)
		}
		for _, ps := range sets {
			v := Defaults(sc.Params())
			for k, x := range ps.Values {
				if !names[k] {
					t.Errorf("%s preset %q: unknown param %q", id, ps.Name, k)
				}
				v[k] = x
			}
			s, _ := New(id)
			if err := s.Reset(v); err != nil {
				t.Errorf("%s preset %q: Reset: %v", id, ps.Name, err)
				continue
			}
			exercise(t, id+" preset "+ps.Name, s)
			if len(s.(Readouter).Readout()) == 0 {
				t.Errorf("%s preset %q: empty readout", id, ps.Name)
			}
		}
	}
}

// exercise draws, clicks around the canvas, steps and draws again.
func exercise(t *testing.T, what string, s Scene) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s: panic %v", what, r)
		}
	}()
	c := &countCanvas{w: 960, h: 600}
	s.Draw(c)
	for y := 5.0; y < 600; y += 37 {
		for x := 5.0; x < 960; x += 53 {
			s.Update(Input{MouseX: x, MouseY: y, Clicked: true}, 0)
		}
	}
	if st, ok := s.(Stepper); ok {
		for range 3 {
			st.Step()
		}
	}
	s.Update(Input{}, 1)
	s.Draw(c)
	small := &countCanvas{w: 320, h: 240}
	s.Draw(small)
}

// Every parameter at its minimum and at its maximum (the others at their
// defaults) either resets or returns an error naming the scene or an op;
// nothing panics, and a scene drawn after a failed Reset shows a banner.
func TestFamilyScenesParamExtremes(t *testing.T) {
	for _, id := range familyIDs {
		sc, _ := New(id)
		for _, p := range sc.Params() {
			ends := []float64{p.Min, p.Max}
			if p.Kind == Choice {
				ends = []float64{0, float64(len(p.Choices) - 1)}
			} else if p.Kind == Bool {
				ends = []float64{0, 1}
			}
			for _, x := range ends {
				v := Defaults(sc.Params())
				v[p.Name] = x
				s, _ := New(id)
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Fatalf("%s %s=%v: panic %v", id, p.Name, x, r)
						}
					}()
					if err := s.Reset(v); err != nil {
						if err.Error() == "" || strings.Count(err.Error(), ":") == 0 {
							t.Errorf("%s %s=%v: error %q names nothing", id, p.Name, x, err)
						}
						s.Draw(&countCanvas{w: 960, h: 600})
						return
					}
					exercise(t, id+" "+p.Name+"="+f2(x), s)
				}()
			}
		}
	}
}

// Reset refuses values outside the declared ranges with an error instead of
// allocating or panicking (the shell validates, the JS API may not).
func TestFamilyScenesRejectAbsurdValues(t *testing.T) {
	bad := map[string]Values{
		"im2col":      {"h": 1e9},
		"losses":      {"tau": 0},
		"lora":        {"tokens": 1e9},
		"norm":        {"batch": 1e6},
		"compositing": {"samples": 1e7},
		"rotations":   {"cameras": 1e6},
		"posenc3d":    {"x": 7},
		"complexity":  {"heads": 99},
	}
	for id, v := range bad {
		sc, _ := New(id)
		vals := Defaults(sc.Params())
		for k, x := range v {
			vals[k] = x
		}
		if err := sc.Reset(vals); err == nil {
			t.Errorf("%s: Reset(%v) accepted", id, v)
		}
	}
}

// Drawn through the raster backend at device scale 2 (high-DPI), every
// family scene paints a non-blank picture without panicking.
func TestFamilyScenesHighDPI(t *testing.T) {
	for _, id := range familyIDs {
		s := resetScene(t, id, nil)
		c := raster.New(800, 500, 2)
		c.Clear(viz.Paper)
		s.Draw(c)
		img := c.RGBA()
		inked := 0
		for i := 0; i < len(img.Pix); i += 4 * 97 {
			if img.Pix[i] != viz.Paper.R || img.Pix[i+1] != viz.Paper.G || img.Pix[i+2] != viz.Paper.B {
				inked++
			}
		}
		if total := len(img.Pix) / (4 * 97); inked < total/20 {
			t.Errorf("%s at scale 2: only %d of %d sampled pixels drawn", id, inked, total)
		}
	}
}

// A frame (Update, Draw, Readout, Presets at the defaults, paused)
// allocates next to nothing once the plots are cached: the browser's GC is
// slow. Columns' small slices are the few that remain.
func TestFamilyScenesFrameAllocations(t *testing.T) {
	for _, id := range familyIDs {
		s := resetScene(t, id, nil)
		c := &countCanvas{w: 960, h: 600}
		frame := func() {
			s.Update(Input{MouseX: 1, MouseY: 1}, 0)
			s.Draw(c)
			s.(Readouter).Readout()
			if p, ok := s.(Presetter); ok {
				p.Presets()
			}
		}
		frame()
		if n := testing.AllocsPerRun(50, frame); n > 6 {
			t.Errorf("%s: %.0f allocations per frame, want at most 6", id, n)
		}
	}
}
