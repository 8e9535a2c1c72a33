package scenes

import (
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// TestTextHasGlyphs checks that every string a scene puts on screen (the
// text panel, parameter labels and choices, presets, readout) uses only
// characters the UI font can draw: a missing glyph renders as a blank, which
// silently turned "ᾱ_t" into "  _t" in the diffusion panel once.
func TestTextHasGlyphs(t *testing.T) {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	missing := func(s string) string {
		var bad []string
		for _, r := range s {
			if r == '\n' || r == '\t' {
				continue
			}
			if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
				bad = append(bad, string(r))
			}
		}
		return strings.Join(bad, " ")
	}
	for _, id := range IDs() {
		s, err := New(id)
		if err != nil {
			t.Fatal(err)
		}
		in := s.Info()
		texts := map[string]string{"title": in.Title, "statement": in.Statement, "formula": in.Formula, "look for": in.LookFor}
		// Presets may switch on pitfall panels whose labels differ.
		if ps, ok := s.(Presetter); ok {
			for _, pr := range ps.Presets() {
				v := Defaults(s.Params())
				for k, x := range pr.Values {
					v[k] = x
				}
				if err := s.Reset(v); err != nil {
					continue
				}
				c := &countCanvas{w: 1000, h: 700, keep: true}
				s.Update(Input{}, 1.0/30)
				s.Draw(c)
				texts["drawn in preset "+pr.Name] = strings.Join(c.texts, " ")
			}
		}
		for _, p := range s.Params() {
			texts["param "+p.Name] = p.Label + " " + p.Help + " " + strings.Join(p.Choices, " ")
		}
		if ps, ok := s.(Presetter); ok {
			for _, pr := range ps.Presets() {
				texts["preset"] += pr.Name + " "
			}
		}
		if err := s.Reset(Defaults(s.Params())); err == nil {
			// Text drawn on the canvas too, after a few frames of play.
			c := &countCanvas{w: 1000, h: 700, keep: true}
			for i := 0; i < 5; i++ {
				s.Update(Input{}, 1.0/30)
				s.Draw(c)
			}
			texts["drawn"] = strings.Join(c.texts, " ")
			if ro, ok := s.(Readouter); ok {
				for _, kv := range ro.Readout() {
					texts["readout"] += kv.Key + " " + kv.Value + " "
				}
			}
		}
		for where, txt := range texts {
			if m := missing(txt); m != "" {
				t.Errorf("%s %s: the UI font has no glyph for %s", id, where, m)
			}
		}
	}
}
