package shell

import (
	"errors"
	"image/color"
	"reflect"
	"strings"
	"testing"

	"dlprep/scenes"
	"dlprep/viz"
)

// fakeScene exercises every widget kind, Stepper, Presetter and Readouter.
type fakeScene struct {
	id      string
	v       scenes.Values
	k       int
	resets  int
	last    scenes.Input
	clicks  int
	panicIn string
}

func (s *fakeScene) Info() scenes.Info {
	return scenes.Info{ID: s.id, Title: "Fake " + s.id, Family: "attention", Problems: []string{"999"},
		Statement: "A test scene.", Formula: "y = x", LookFor: "nothing"}
}

func (s *fakeScene) Params() []scenes.Param {
	return []scenes.Param{
		{Name: "alpha", Label: "Alpha", Kind: scenes.Float, Min: 0, Max: 1, Step: 0.05, Default: 0.5},
		{Name: "n", Label: "N", Kind: scenes.Int, Min: 1, Max: 10, Step: 1, Default: 3},
		{Name: "pitfall", Label: "Pitfall", Kind: scenes.Bool},
		{Name: "layout", Label: "Layout", Kind: scenes.Choice, Choices: []string{"interleaved", "concat"}},
	}
}

func (s *fakeScene) Reset(v scenes.Values) error {
	if v["n"] == 7 {
		return errors.New("n=7 is unlucky")
	}
	s.v, s.k = v, 0
	s.resets++
	return nil
}
func (s *fakeScene) Update(in scenes.Input, dt float64) {
	s.last = in
	if in.Clicked {
		s.clicks++
	}
	if s.panicIn == "Update" {
		panic("boom")
	}
}
func (s *fakeScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, color.RGBA{0, 0, 0, 255})
}
func (s *fakeScene) Step()                { s.k = min(s.k+1, 5) }
func (s *fakeScene) Progress() (int, int) { return s.k, 5 }
func (s *fakeScene) Presets() []scenes.Preset {
	return []scenes.Preset{{Name: "Big", Values: scenes.Values{"n": 10, "alpha": 1}}}
}
func (s *fakeScene) Readout() []scenes.KV {
	return []scenes.KV{{Key: "alpha", Value: formatNumber(s.Params()[0], s.v["alpha"])}}
}

var lastFake = map[string]*fakeScene{}

func init() {
	for _, id := range []string{"zz_fake_a", "zz_fake_b"} {
		id := id
		scenes.Register(func() scenes.Scene {
			s := &fakeScene{id: id}
			lastFake[id] = s
			return s
		})
	}
}

// recorder is a Canvas that remembers the text it was asked to draw.
type recorder struct {
	w, h  float64
	texts []drawnText
}

type drawnText struct {
	x, y float64
	s    string
}

func (r *recorder) Size() (float64, float64)                         { return r.w, r.h }
func (r *recorder) FillRect(x, y, w, h float64, c color.RGBA)        {}
func (r *recorder) StrokeRect(x, y, w, h, lw float64, c color.RGBA)  {}
func (r *recorder) Line(x1, y1, x2, y2, w float64, c color.RGBA)     {}
func (r *recorder) Polyline(p []viz.Point, w float64, c color.RGBA)  {}
func (r *recorder) FillPolygon(p []viz.Point, c color.RGBA)          {}
func (r *recorder) FillCircle(x, y, rad float64, c color.RGBA)       {}
func (r *recorder) Image(b *viz.Bitmap, x, y, w, h float64, sm bool) {}
func (r *recorder) TextWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.5
}
func (r *recorder) Text(x, y float64, s string, size float64, c color.RGBA, al viz.Align) {
	r.texts = append(r.texts, drawnText{x, y, s})
}

// find returns where text s was drawn last frame.
func (r *recorder) find(t *testing.T, s string) drawnText {
	t.Helper()
	for _, d := range r.texts {
		if d.s == s {
			return d
		}
	}
	t.Fatalf("text %q was not drawn", s)
	return drawnText{}
}

func (r *recorder) has(sub string) bool {
	for _, d := range r.texts {
		if strings.Contains(d.s, sub) {
			return true
		}
	}
	return false
}

func newTestApp(t *testing.T, id string) (*App, *recorder) {
	t.Helper()
	a := New(Options{DefaultScene: "zz_fake_a", Paused: true})
	if id != "" {
		if err := a.Show(id, nil); err != nil {
			t.Fatal(err)
		}
	}
	rec := &recorder{w: 1280, h: 800}
	a.Layout(1280, 800)
	frame(a, rec)
	return a, rec
}

// frame runs one Update (with events) and Draw, recording fresh text.
func frame(a *App, rec *recorder, evs ...Event) {
	a.Update(1.0/60, evs)
	rec.texts = rec.texts[:0]
	a.Draw(rec)
}

func click(x, y float64) []Event {
	return []Event{{Kind: PointerMove, X: x, Y: y}, {Kind: PointerDown, X: x, Y: y}, {Kind: PointerUp, X: x, Y: y}}
}

func TestClickMenuSwitchesScene(t *testing.T) {
	a, rec := newTestApp(t, "")
	if got := a.State().Scene; got != "zz_fake_a" {
		t.Fatalf("start scene: got %q, want zz_fake_a", got)
	}
	var seen []string
	a.OnChange(func(s State) { seen = append(seen, s.Scene) })
	item := rec.find(t, "Fake zz_fake_b")
	frame(a, rec, click(item.x+5, item.y-5)...)
	if got := a.State().Scene; got != "zz_fake_b" {
		t.Fatalf("after clicking the menu item at (%.0f,%.0f): got scene %q, want zz_fake_b", item.x+5, item.y-5, got)
	}
	if !reflect.DeepEqual(seen, []string{"zz_fake_b"}) {
		t.Errorf("OnChange saw %v, want [zz_fake_b]", seen)
	}
}

func TestSpaceTogglesPlay(t *testing.T) {
	a, rec := newTestApp(t, "")
	for i, want := range []bool{true, false, true} {
		frame(a, rec, Event{Kind: KeyPress, Key: KeySpace})
		if got := a.State().Playing; got != want {
			t.Fatalf("after %d space presses: Playing=%v, want %v", i+1, got, want)
		}
	}
}

func TestKeysStepResetAndNavigate(t *testing.T) {
	a, rec := newTestApp(t, "")
	frame(a, rec, Event{Kind: KeyPress, Key: "n"}, Event{Kind: KeyPress, Key: KeyRight})
	if got := a.State().Step; got != 2 {
		t.Fatalf("after n and →: Step=%d, want 2", got)
	}
	frame(a, rec, Event{Kind: KeyPress, Key: "R"})
	if got := a.State().Step; got != 0 {
		t.Fatalf("after R: Step=%d, want 0", got)
	}
	frame(a, rec, Event{Kind: KeyPress, Key: "]"})
	if got := a.State().Scene; got == "zz_fake_a" {
		t.Fatalf("] did not move to another scene")
	}
	frame(a, rec, Event{Kind: KeyPress, Key: "["})
	if got := a.State().Scene; got != "zz_fake_a" {
		t.Fatalf("] then [: got %q, want zz_fake_a", got)
	}
	// Focus the Int param (second) with ↓↓ and raise it with →.
	frame(a, rec, Event{Kind: KeyPress, Key: KeyDown}, Event{Kind: KeyPress, Key: KeyDown}, Event{Kind: KeyPress, Key: KeyRight})
	if got := a.State().Params["n"]; got != "4" {
		t.Fatalf("↓↓→: n=%s, want 4", got)
	}
	frame(a, rec, Event{Kind: KeyPress, Key: "?"})
	if !rec.has("Keyboard shortcuts") {
		t.Errorf("? did not open the help overlay")
	}
	frame(a, rec, Event{Kind: KeyPress, Key: KeyEscape})
	if rec.has("Keyboard shortcuts") {
		t.Errorf("Escape did not close the help overlay")
	}
}

func TestSliderDragChangesParam(t *testing.T) {
	a, rec := newTestApp(t, "")
	w := a.ui.widget[0] // alpha
	x0, x1 := trackSpan(w)
	y := w.Y + w.H/2
	var got []string
	a.OnChange(func(s State) { got = append(got, s.Params["alpha"]) })
	frame(a, rec, Event{Kind: PointerDown, X: x0 + 0.25*(x1-x0), Y: y})
	frame(a, rec, Event{Kind: PointerMove, X: x0 + 0.8*(x1-x0), Y: y + 30}) // drifting off the track still drags
	frame(a, rec, Event{Kind: PointerMove, X: x1 + 50, Y: y}, Event{Kind: PointerUp, X: x1 + 50, Y: y})
	if want := []string{"0.25", "0.8", "1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("alpha during the drag: got %v, want %v", got, want)
	}
	if s := a.State().Params["alpha"]; s != "1" {
		t.Fatalf("State alpha=%s, want 1", s)
	}
	if v := lastFake["zz_fake_a"].v["alpha"]; v != 1 {
		t.Fatalf("scene saw alpha=%v, want 1", v)
	}
	if q := a.Query(); q != "scene=zz_fake_a&alpha=1" {
		t.Fatalf("Query()=%q, want scene=zz_fake_a&alpha=1", q)
	}
}

func TestToggleChoiceAndPresetClicks(t *testing.T) {
	a, rec := newTestApp(t, "")
	tg := a.ui.widget[2]
	frame(a, rec, click(tg.X+10, tg.Y+tg.H/2)...)
	c := rec.find(t, "concat")
	frame(a, rec, click(c.x, c.y-4)...)
	p := rec.find(t, "Big")
	frame(a, rec, click(p.x, p.y-4)...)
	want := map[string]string{"alpha": "1", "n": "10", "pitfall": "false", "layout": "interleaved"}
	if got := a.State().Params; !reflect.DeepEqual(got, want) {
		t.Fatalf("after preset Big: %v, want %v", got, want)
	}
	frame(a, rec, click(tg.X+10, tg.Y+tg.H/2)...)
	c = rec.find(t, "concat")
	frame(a, rec, click(c.x, c.y-4)...)
	want = map[string]string{"alpha": "1", "n": "10", "pitfall": "true", "layout": "concat"}
	if got := a.State().Params; !reflect.DeepEqual(got, want) {
		t.Fatalf("after toggle and choice: %v, want %v", got, want)
	}
}

func TestQueryRoundTrip(t *testing.T) {
	for _, q := range []string{
		"scene=zz_fake_a",
		"scene=zz_fake_a&alpha=0.35&n=9&pitfall=true&layout=concat",
		"scene=zz_fake_b&layout=concat",
	} {
		a := New(Options{DefaultScene: "zz_fake_a"})
		id, params := ParseQuery("?" + q)
		if err := a.Show(id, params); err != nil {
			t.Fatalf("Show(%q): %v", q, err)
		}
		if got := a.Query(); got != q {
			t.Errorf("round trip: got %q, want %q", got, q)
		}
	}
}

func TestMalformedParamsBannerAndFallback(t *testing.T) {
	tests := []struct {
		query   string
		scene   string
		params  map[string]string
		wantErr []string
	}{
		{"scene=nope&alpha=0.2", "zz_fake_a", map[string]string{"alpha": "0.5", "n": "3", "pitfall": "false", "layout": "interleaved"},
			[]string{`unknown scene "nope"`, `"zz_fake_a"`}},
		{"scene=zz_fake_b&alpha=abc&n=4", "zz_fake_b", map[string]string{"alpha": "0.5", "n": "4", "pitfall": "false", "layout": "interleaved"},
			[]string{`alpha="abc" is not a number`, "default 0.5"}},
		{"scene=zz_fake_b&alpha=1.5", "zz_fake_b", map[string]string{"alpha": "0.5", "n": "3", "pitfall": "false", "layout": "interleaved"},
			[]string{"alpha=1.5 is outside [0, 1]"}},
		{"scene=zz_fake_b&n=2.5&layout=diagonal&beta=1", "zz_fake_b", map[string]string{"alpha": "0.5", "n": "3", "pitfall": "false", "layout": "interleaved"},
			[]string{"n=2.5 is not a whole number", `layout="diagonal" is not one of interleaved, concat`, `no parameter "beta"`}},
		{"scene=zz_fake_b&alpha=0.33", "zz_fake_b", map[string]string{"alpha": "0.5", "n": "3", "pitfall": "false", "layout": "interleaved"},
			[]string{"alpha=0.33 is not on its grid 0, 0.05, 0.1, … (step 0.05)"}},
		{"scene=zz_fake_b&n=7", "zz_fake_b", map[string]string{"alpha": "0.5", "n": "3", "pitfall": "false", "layout": "interleaved"},
			[]string{"n=7 is unlucky"}},
	}
	for _, tc := range tests {
		a := New(Options{DefaultScene: "zz_fake_a"})
		rec := &recorder{w: 1280, h: 800}
		err := a.Show(ParseQuery(tc.query))
		if err == nil {
			t.Fatalf("Show(%s): no error", tc.query)
		}
		frame(a, rec)
		for _, w := range tc.wantErr {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Show(%s) error %q does not mention %q", tc.query, err, w)
			}
			if !strings.Contains(a.Banner(), w) || !strings.Contains(a.Mirror().Error, w) {
				t.Errorf("Show(%s) banner %q does not mention %q", tc.query, a.Banner(), w)
			}
		}
		if !rec.has(strings.Fields(tc.wantErr[0])[0]) {
			t.Errorf("Show(%s): banner text not drawn", tc.query)
		}
		st := a.State()
		if st.Scene != tc.scene || !reflect.DeepEqual(st.Params, tc.params) {
			t.Errorf("Show(%s) fell back to %s %v, want %s %v", tc.query, st.Scene, st.Params, tc.scene, tc.params)
		}
		// A valid Show clears the banner.
		if err := a.Show("zz_fake_a", nil); err != nil || a.Banner() != "" {
			t.Errorf("after a valid Show: err=%v banner=%q", err, a.Banner())
		}
	}
}

func TestScenePanicShowsBanner(t *testing.T) {
	a, rec := newTestApp(t, "zz_fake_b")
	lastFake["zz_fake_b"].panicIn = "Update"
	frame(a, rec)
	frame(a, rec)
	if !strings.Contains(a.Banner(), "crashed in Update: boom") {
		t.Fatalf("banner %q, want the panic", a.Banner())
	}
	lastFake["zz_fake_b"].panicIn = ""
	frame(a, rec, Event{Kind: KeyPress, Key: "r"})
	if a.Banner() != "" || a.crashed != "" {
		t.Fatalf("R did not restart the crashed scene: banner %q", a.Banner())
	}
}

func TestSceneGetsClicksInItsCoordinates(t *testing.T) {
	a, rec := newTestApp(t, "")
	r := a.ui.sceneR
	frame(a, rec, click(r.X+100, r.Y+50)...)
	s := lastFake["zz_fake_a"]
	if s.clicks != 1 || s.last.MouseX != 100 || s.last.MouseY != 50 {
		t.Fatalf("scene input: clicks=%d at (%v,%v), want 1 at (100,50)", s.clicks, s.last.MouseX, s.last.MouseY)
	}
}

func TestStatsCountFrames(t *testing.T) {
	a, rec := newTestApp(t, "")
	for i := 0; i < 9; i++ {
		frame(a, rec)
	}
	st := a.Stats()
	if st.Frames != 10 || st.FirstFrameMs <= 0 || st.WorkMsP95 < st.WorkMsP50 || st.WorkMsP50 <= 0 {
		t.Fatalf("Stats=%+v, want 10 frames, positive times, p95>=p50", st)
	}
}

func TestNarrowLayoutMenuOverlay(t *testing.T) {
	a := New(Options{DefaultScene: "zz_fake_a"})
	rec := &recorder{w: 600, h: 800}
	frame(a, rec)
	if rec.has("Fake zz_fake_b") {
		t.Fatalf("narrow layout shows the menu without being asked")
	}
	b := rec.find(t, "Scenes")
	frame(a, rec, click(b.x, b.y-4)...)
	item := rec.find(t, "Fake zz_fake_b")
	frame(a, rec, click(item.x+5, item.y-5)...)
	if got := a.State().Scene; got != "zz_fake_b" {
		t.Fatalf("narrow menu click: scene %q, want zz_fake_b", got)
	}
}

// In a short window the menu scrolls: [ ] keep the current scene visible,
// and dragging the list scrolls it without selecting anything.
func TestMenuScrolls(t *testing.T) {
	a := New(Options{DefaultScene: "zz_fake_a", Paused: true})
	rec := &recorder{w: 1280, h: 160}
	frame(a, rec)
	if len(a.infos) < 8 {
		t.Skip("too few scenes registered to overflow the menu")
	}
	if rec.has("Fake zz_fake_b") {
		t.Fatalf("the last scene is visible in a 300 px window; the test needs an overflowing menu")
	}
	frame(a, rec, Event{Kind: KeyPress, Key: "]"})
	if a.State().Scene != "zz_fake_b" || !rec.has("Fake zz_fake_b") {
		t.Fatalf("after ]: scene %s, its menu item drawn: %v", a.State().Scene, rec.has("Fake zz_fake_b"))
	}
	if !rec.has("▲ more") {
		t.Errorf("scrolled menu shows no '▲ more' hint")
	}
	before := a.ui.menuScroll
	m := a.ui.menu
	frame(a, rec, Event{Kind: PointerDown, X: m.X + 50, Y: m.Y + 100}, Event{Kind: PointerMove, X: m.X + 50, Y: m.Y + 200},
		Event{Kind: PointerUp, X: m.X + 50, Y: m.Y + 200})
	if got := a.ui.menuScroll; got != max(0, before-100) {
		t.Errorf("drag down by 100: scroll %v -> %v, want %v", before, got, max(0, before-100))
	}
	if a.State().Scene != "zz_fake_b" {
		t.Errorf("dragging the menu selected scene %s", a.State().Scene)
	}
}

// The parameter panel scrolls in a short window, and widgets scrolled
// under the top bar do not steal its clicks.
func TestPanelScrolls(t *testing.T) {
	a := New(Options{DefaultScene: "zz_fake_a", Paused: true})
	rec := &recorder{w: 1280, h: 260}
	frame(a, rec)
	r := a.ui.right
	frame(a, rec, Event{Kind: Wheel, X: r.X + 20, Y: r.Y + 50, DY: -3})
	if a.ui.panelScroll <= 0 {
		t.Fatalf("wheel over the panel did not scroll it (content %.0f px in %.0f)", a.ui.panelContentH, r.H)
	}
	if !rec.has("Defaults") {
		t.Errorf("scrolled panel does not show the Defaults button")
	}
	play := rec.find(t, "Play")
	frame(a, rec, click(play.x, play.y-4)...)
	if !a.State().Playing {
		t.Errorf("Play button under a scrolled panel did not start playing")
	}
	// Dragging the panel back down to the top.
	frame(a, rec, Event{Kind: PointerDown, X: r.X + 5, Y: r.Y + 100}, Event{Kind: PointerMove, X: r.X + 5, Y: r.Y + 250},
		Event{Kind: PointerUp, X: r.X + 5, Y: r.Y + 250})
	if a.ui.panelScroll != 0 {
		t.Errorf("dragging the panel down did not scroll back to the top: %v", a.ui.panelScroll)
	}
}

// On a phone-sized canvas the parameters live in an overlay opened from
// the top bar; the scene gets the full width.
func TestCompactLayoutParameterOverlay(t *testing.T) {
	a := New(Options{DefaultScene: "zz_fake_a", Paused: true})
	rec := &recorder{w: 400, h: 800}
	frame(a, rec)
	if rec.has("Alpha") {
		t.Fatalf("compact layout shows the parameter panel without being asked")
	}
	if a.ui.sceneR.W < 380 {
		t.Errorf("scene area %.0f px wide on a 400 px canvas, want the full width", a.ui.sceneR.W)
	}
	b := rec.find(t, "Parameters")
	frame(a, rec, click(b.x, b.y-4)...)
	if !rec.has("Alpha") {
		t.Fatalf("the Parameters button did not open the panel")
	}
	w := a.ui.widget[0]
	_, x1 := trackSpan(w)
	frame(a, rec, click(x1, w.Y+w.H/2)...)
	if got := a.State().Params["alpha"]; got != "1" {
		t.Fatalf("slider in the overlay: alpha=%s, want 1", got)
	}
	frame(a, rec, click(10, 600)...) // outside the overlay
	if rec.has("Alpha") {
		t.Errorf("a press outside the overlay did not close it")
	}
	for _, s := range []string{"Play", "Step", "Reset", "?", "Scenes"} {
		rec.find(t, s)
	}
}

// Target finds the controls where the pointer can press them.
func TestTargets(t *testing.T) {
	a, rec := newTestApp(t, "")
	for _, tc := range []struct {
		name  string
		check func() bool
	}{
		{"button:play", func() bool { return a.State().Playing }},
		{"menu:zz_fake_b", func() bool { return a.State().Scene == "zz_fake_b" }},
		{"choice:layout:concat", func() bool { return a.State().Params["layout"] == "concat" }},
		{"param:pitfall", func() bool { return a.State().Params["pitfall"] == "true" }},
		{"preset:Big", func() bool { return a.State().Params["n"] == "10" }},
	} {
		r, ok := a.Target(tc.name)
		if !ok {
			t.Fatalf("Target(%q) not found", tc.name)
		}
		frame(a, rec, click(r.X+r.W/4, r.Y+r.H/2)...)
		if !tc.check() {
			t.Errorf("clicking Target(%q) at %+v did not act (state %+v)", tc.name, r, a.State())
		}
	}
	if _, ok := a.Target("menu:nope"); ok {
		t.Errorf("Target(menu:nope) found")
	}
}
