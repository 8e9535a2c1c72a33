package scenes

import (
	"fmt"
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"dlprep/viz/lint"
	"dlprep/viz/tex"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// The contract every view of the catalogue keeps. These tests iterate
// All(): adding a view to the catalogue is enough to have it checked.

// lintSizes are the canvas sizes the layout lint runs at: laptop, desktop,
// small laptop, phone.
var lintSizes = [][2]int{{1280, 800}, {1920, 1080}, {1024, 768}, {390, 844}}

var problemNumber = regexp.MustCompile(`^0[0-3][0-9]$`)

func TestCatalogue(t *testing.T) {
	cat := All()
	seen := map[string]string{}
	for _, f := range cat.Views {
		in := f().Info()
		if in.Problem == "" {
			continue
		}
		if !problemNumber.MatchString(in.Problem) || in.Problem > "036" {
			t.Errorf("%s: problem %q is not 000–036", in.ID, in.Problem)
		}
		if prev, dup := seen[in.Problem]; dup {
			t.Errorf("problem %s has two views: %s and %s", in.Problem, prev, in.ID)
		}
		seen[in.Problem] = in.ID
		if !slices.Contains(cat.Families, in.Family) {
			t.Errorf("%s: family %q is not in the menu's families", in.Problem, in.Family)
		}
	}
	for p := 0; p <= 36; p++ {
		if n := fmt.Sprintf("%03d", p); seen[n] == "" {
			t.Errorf("problem %s has no view", n)
		}
	}
}

// contractApp opens a view in the app, paused at its start, at a size.
func contractApp(t *testing.T, in scene.Info, w, h int) (*shell.App, *raster.Canvas) {
	t.Helper()
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show(in.Problem, in.ID, nil); err != nil {
		t.Fatalf("opening %s: %v", in.Problem, err)
	}
	c := raster.New(w, h, 1)
	a.Layout(float64(w), float64(h))
	a.Update(0, nil)
	a.Draw(c)
	return a, c
}

func forEachView(t *testing.T, f func(t *testing.T, s scene.Scene, in scene.Info)) {
	for _, mk := range All().Views {
		s := mk()
		in := s.Info()
		name := in.Problem + "_" + in.ID
		t.Run(name, func(t *testing.T) { f(t, s, in) })
	}
}

func TestViewDeclarations(t *testing.T) {
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		if in.Title == "" || in.Statement == "" || in.Formula == "" || in.LookFor == "" {
			t.Errorf("info incomplete: %+v", in)
		}
		if _, err := tex.Parse(in.Formula); err != nil {
			t.Errorf("the formula does not typeset: %v", err)
		}
		ps := s.Params()
		for _, p := range ps {
			if p.Name == "pitfall" && (p.Kind != scene.Choice || len(p.Choices) < 2 || p.Choices[0] != "none") {
				t.Errorf("the pitfall param must be a choice of none then mistake ids: %+v", p)
			}
		}
		if err := s.Reset(scene.Defaults(ps)); err != nil {
			t.Fatalf("Reset(defaults): %v", err)
		}
		tl := s.Timeline()
		if len(tl) < 3 {
			t.Errorf("timeline has %d steps, want at least 3", len(tl))
		}
		stages := map[string]bool{}
		m := raster.New(1, 1, 1)
		for k, st := range tl {
			stages[st.Stage] = true
			for _, rich := range []string{st.Caption, st.Shapes} {
				if _, err := tex.Wrap(m, rich, 14, 600, tex.Options{}); err != nil {
					t.Errorf("step %d: %v", k, err)
				}
			}
			if !(st.Seconds > 0) || st.Stage == "" || st.Caption == "" || st.Shapes == "" {
				t.Errorf("step %d: every step needs a stage, a caption, the shapes in view and a duration: %+v", k, st)
			}
		}
		if p, ok := s.(scene.Presetter); ok {
			for _, pr := range p.Presets() {
				if err := s.Reset(scene.Overlay(ps, pr.Values)); err != nil {
					t.Errorf("preset %q: %v", pr.Name, err)
				}
				if n := len(s.Timeline()); pr.Step < 0 || pr.Step >= n {
					t.Errorf("preset %q opens at step %d of %d", pr.Name, pr.Step, n)
				}
			}
		}
	})
}

// Play is never dead: 2 s of play from the start changes the picture.
func TestPlayMovesThePicture(t *testing.T) {
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		a, c := contractApp(t, in, 1280, 800)
		before := append([]byte(nil), c.RGBA().Pix...)
		a.SetPlaying(true)
		for range 4 {
			a.Update(0.5, nil)
		}
		a.Draw(c)
		if string(before) == string(c.RGBA().Pix) {
			t.Fatalf("2 s of play from the start changed nothing (time %.2f s)", a.State().Time)
		}
	})
}

// lintStates are the states the layout lint checks: the defaults, each
// preset, mid-timeline and the end.
func lintStates(a *shell.App, s scene.Scene) []func() string {
	states := []func() string{
		func() string { a.SeekStep(0); return "start" },
		func() string { a.SeekStep(a.State().Steps / 2); return "mid-timeline" },
		func() string { a.SeekStep(a.State().Steps - 1); return "last step" },
	}
	if p, ok := s.(scene.Presetter); ok {
		for _, pr := range p.Presets() {
			pr := pr
			states = append(states, func() string {
				raw := map[string]string{}
				st := a.State()
				_ = a.Show(st.Problem, st.Scene, nil)
				for _, prm := range s.Params() {
					if v, ok := pr.Values[prm.Name]; ok {
						raw[prm.Name] = formatRaw(prm, v)
					}
				}
				_ = a.Show(st.Problem, st.Scene, raw)
				a.SeekStep(a.State().Steps / 2)
				return "preset " + pr.Name
			})
		}
	}
	return states
}

// formatRaw writes a value as a URL would carry it.
func formatRaw(p scene.Param, v float64) string {
	switch p.Kind {
	case scene.Choice:
		return p.Choices[int(v)]
	case scene.Bool:
		if v != 0 {
			return "true"
		}
		return "false"
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", v), "0"), ".")
}

// Text never overlaps, leaves its panel or the canvas, or shrinks below
// the minimum, at any size, in any state.
func TestLayoutLint(t *testing.T) {
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		for _, sz := range lintSizes {
			a, c := contractApp(t, in, sz[0], sz[1])
			for _, set := range lintStates(a, s) {
				what := set()
				a.Draw(c)
				if b := a.Banner(); b != "" {
					t.Errorf("%dx%d %s: banner %q", sz[0], sz[1], what, b)
				}
				if rep := a.Lint(); !rep.Clean() {
					t.Errorf("%dx%d %s: %v", sz[0], sz[1], what, rep)
				}
				if bad := missingGlyphs(a, c); bad != "" {
					t.Errorf("%dx%d %s: the font cannot draw %s", sz[0], sz[1], what, bad)
				}
			}
		}
	})
}

// Every view lets the learner inspect what it shows: each group of marks
// answers with a value and the core function behind it.
func TestEverythingInspectable(t *testing.T) {
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		a, c := contractApp(t, in, 1280, 800)
		for k := 0; k < a.State().Steps; k++ {
			a.SeekStep(k)
			a.Draw(c)
			marks := a.Marks()
			if len(marks) == 0 {
				t.Errorf("step %d marks nothing to inspect", k)
				continue
			}
			is, ok := a.Scene().(scene.Inspector)
			if !ok {
				t.Fatalf("the scene is not an Inspector")
			}
			for _, m := range marks {
				got, ok := is.Inspect(a.Frame(), scene.Target{Group: m.Group, Index: m.Index})
				if !ok || got.Value == "" || got.Source == "" || got.Name == "" {
					t.Errorf("step %d: group %d element %d inspects as %+v, %v; want a name, a value and its source",
						k, m.Group, m.Index, got, ok)
				}
			}
		}
	})
}

var goRegular = sync.OnceValue(func() *sfnt.Font {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	return f
})

// missingGlyphs lists the characters of the frame's text (as the layout
// recorder saw it) that the UI font has no glyph for: they would draw as
// blanks (ᵀ and ⊙ are not in Go Regular; typeset them instead).
func missingGlyphs(a *shell.App, c *raster.Canvas) string {
	w, h := c.Size()
	rec := lint.NewRecorder(w, h, c)
	a.Draw(rec)
	var buf sfnt.Buffer
	seen := map[rune]bool{}
	var bad []string
	for _, t := range rec.Texts {
		for _, r := range t.S {
			if seen[r] || r == '\n' || r == '\t' {
				continue
			}
			seen[r] = true
			if gi, err := goRegular().GlyphIndex(&buf, r); err != nil || gi == 0 {
				bad = append(bad, fmt.Sprintf("%q in %q", r, t.S))
			}
		}
	}
	return strings.Join(bad, ", ")
}

// Every view survives any canvas size, pointer input anywhere and every
// step, with each preset: nothing panics (a panic fails the test).
func TestViewsSurviveAnySize(t *testing.T) {
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		valueSets := []scene.Values{scene.Defaults(s.Params())}
		if p, ok := s.(scene.Presetter); ok {
			for _, pr := range p.Presets() {
				valueSets = append(valueSets, scene.Overlay(s.Params(), pr.Values))
			}
		}
		for _, v := range valueSets {
			if err := s.Reset(v); err != nil {
				t.Fatalf("Reset(%v): %v", v, err)
			}
			tl := s.Timeline()
			for _, size := range [][2]int{{0, 0}, {1, 1}, {160, 100}, {960, 600}, {2400, 1400}} {
				c := lint.NewRecorder(float64(size[0]), float64(size[1]), raster.New(1, 1, 1))
				f := &scene.Frame{}
				for k := range tl {
					f.Reset()
					f.Step, f.Frac, f.Time = k, 0.5, tl.Start(k)+tl[k].Seconds/2
					s.Draw(c, f)
					if p, ok := s.(scene.Pointer); ok {
						for _, fr := range [][2]float64{{0.1, 0.1}, {0.5, 0.3}, {0.8, 0.7}} {
							x, y := fr[0]*float64(size[0]), fr[1]*float64(size[1])
							p.Pointer(f, scene.Input{X: x, Y: y, Clicked: true})
							p.Pointer(f, scene.Input{X: x + 30, Y: y, Dragging: true})
						}
					}
					if is, ok := s.(scene.Inspector); ok {
						for _, m := range f.Marks() {
							is.Inspect(f, scene.Target{Group: m.Group, Index: m.Index})
						}
					}
				}
			}
		}
	})
}
