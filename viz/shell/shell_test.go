package shell

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"dlprep/viz"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

// fakeScene exercises every widget kind, the timeline, presets, readout,
// inspection, pointer input and Applier.
type fakeScene struct {
	id, problem string
	v           scene.Values
	resets      int
	clicks      int
	panicIn     string
	drawn       scene.Frame // the last frame drawn
}

func (s *fakeScene) Info() scene.Info {
	return scene.Info{ID: s.id, Problem: s.problem, Title: "Fake " + s.id, Family: "attention",
		Statement: "A test scene.", Formula: "y = x", LookFor: "nothing"}
}

func (s *fakeScene) Params() []scene.Param {
	return []scene.Param{
		{Name: "alpha", Label: "Alpha", Kind: scene.Float, Min: 0, Max: 1, Step: 0.05, Default: 0.5},
		{Name: "n", Label: "N", Kind: scene.Int, Min: 1, Max: 10, Step: 1, Default: 3},
		{Name: "flag", Label: "Flag", Kind: scene.Bool},
		{Name: "layout", Label: "Layout", Kind: scene.Choice, Choices: []string{"interleaved", "concat"}},
		{Name: "scale", Label: "Scale", Kind: scene.Float, Min: 0.1, Max: 1000, Default: 1, Log: true},
	}
}

func (s *fakeScene) Reset(v scene.Values) error {
	if s.panicIn == "Reset" {
		panic("boom")
	}
	if v["n"] == 7 {
		return errors.New("n=7 is unlucky")
	}
	s.v = v
	s.resets++
	return nil
}

// Timeline: n steps of one second, then a two-second sweep.
func (s *fakeScene) Timeline() scene.Timeline {
	tl := scene.Uniform("count", int(s.v["n"]), 1, func(k int) (string, string) {
		return fmt.Sprintf("step %d of the count", k), "[B,N,D] → [B,h,N,d]"
	})
	return append(tl, scene.Step{Stage: "sweep", Caption: "the sweep", Seconds: 2})
}

func (s *fakeScene) Draw(c viz.Canvas, f *scene.Frame) {
	if s.panicIn == "Draw" {
		panic("boom")
	}
	w, h := c.Size()
	c.FillRect(0, 0, w, h, color.RGBA{0, 0, 0, 255})
	// A bar whose width is the playhead, so pixels show time.
	c.FillRect(0, 0, w*f.Time/10, 20, viz.White)
	f.Grid(1, viz.Rect{X: 100, Y: 100, W: 40, H: 40}, 2, 2)
	f.Dot(2, 7, 300, 300, 3)
	s.drawn = *f
}

func (s *fakeScene) Presets() []scene.Preset {
	return []scene.Preset{{Name: "Big", Values: scene.Values{"n": 10, "alpha": 1}, Step: 4}}
}

func (s *fakeScene) Readout(f *scene.Frame) []scene.KV {
	return []scene.KV{{Key: "alpha", Value: fmt.Sprint(s.v["alpha"])}, {Key: "step", Value: fmt.Sprint(f.Step)}}
}

func (s *fakeScene) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	switch t.Group {
	case 1:
		return scene.Inspection{Name: "weight", Value: fmt.Sprint(t.Index), Tensor: "W",
			Index: fmt.Sprintf("[%d, %d]", t.Index/2, t.Index%2), Shape: "[2, 2]", Source: "fake.Compute"}, true
	case 2:
		return scene.Inspection{Name: "particle", Value: "x"}, true
	}
	return scene.Inspection{}, false
}

func (s *fakeScene) Pointer(f *scene.Frame, in scene.Input) bool {
	if in.Clicked {
		s.clicks++
	}
	return in.Clicked
}

func (s *fakeScene) Applies(name string, v scene.Values) string {
	if name == "layout" && v["flag"] == 0 {
		return "only with the flag on"
	}
	return ""
}

var lastFake = map[string]*fakeScene{}

func fakeCatalogue() scene.Catalogue {
	var views []scene.Factory
	for _, v := range [][2]string{{"zz_fake_a", "997"}, {"zz_fake_b", "998"}, {"zz_fake_b", "999"}} {
		id, p := v[0], v[1]
		views = append(views, func() scene.Scene {
			s := &fakeScene{id: id, problem: p}
			lastFake[p] = s
			return s
		})
	}
	return scene.Catalogue{Families: []string{"attention"}, Views: views, Default: "997"}
}

// textRecorder is a Canvas that remembers the text it was asked to draw.
type textRecorder struct {
	lint.Recorder
}

func newRecorder(w, h float64) *textRecorder {
	return &textRecorder{Recorder: *lint.NewRecorder(w, h, fixedMeasure{})}
}

type fixedMeasure struct{}

func (fixedMeasure) TextWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.5
}

func (r *textRecorder) has(sub string) bool {
	for _, t := range r.Texts {
		if strings.Contains(t.S, sub) {
			return true
		}
	}
	return false
}

func newTestApp(t *testing.T) (*App, *textRecorder) {
	t.Helper()
	a := New(Options{Catalogue: fakeCatalogue(), Paused: true})
	rec := newRecorder(1280, 800)
	a.Layout(1280, 800)
	frame(a, rec)
	return a, rec
}

// frame runs one Update (no time passes) and Draw.
func frame(a *App, c viz.Canvas, evs ...Event) {
	if r, ok := c.(*textRecorder); ok {
		r.Texts, r.Panels = r.Texts[:0], r.Panels[:0]
	}
	a.Update(0, evs)
	a.Draw(c)
}

func click(x, y float64) []Event {
	return []Event{{Kind: PointerDown, X: x, Y: y}, {Kind: PointerUp, X: x, Y: y}}
}

func center(r viz.Rect) (float64, float64) { return r.X + r.W/2, r.Y + r.H/2 }

func TestDefaultViewAndLinks(t *testing.T) {
	a, _ := newTestApp(t)
	if s := a.State(); s.Problem != "997" || s.Scene != "zz_fake_a" {
		t.Fatalf("default view %s/%s, want 997/zz_fake_a", s.Problem, s.Scene)
	}
	tests := []struct {
		query       string
		wantProblem string
		wantErr     string
	}{
		{"?problem=999", "999", ""},
		{"?scene=zz_fake_b", "998", ""}, // a scene id opens its first view
		{"?scene=zz_fake_b&problem=999", "999", ""},
		{"?scene=zz_fake_a&problem=999", "997", "does not tell problem"},
		{"?problem=123", "997", `unknown problem "123"`},
		{"?problem=998&alpha=2", "998", "outside [0, 1]"},
		{"?problem=998&nope=1", "998", `no parameter "nope"`},
		{"?problem=998&step=x", "998", "not a step number"},
		{"?problem=998&step=99", "998", "past the last step"},
	}
	for _, tt := range tests {
		err := a.ShowLink(ParseQuery(tt.query))
		if s := a.State(); s.Problem != tt.wantProblem {
			t.Errorf("%s: showing %s, want %s", tt.query, s.Problem, tt.wantProblem)
		}
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.query, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tt.query, err, tt.wantErr)
		case tt.wantErr != "" && a.Banner() != err.Error():
			t.Errorf("%s: banner %q, want the error", tt.query, a.Banner())
		}
	}
}

func TestQueryRoundTrip(t *testing.T) {
	a, _ := newTestApp(t)
	if err := a.ShowLink(ParseQuery("?problem=998&alpha=0.25&layout=concat&flag=true&step=2")); err != nil {
		t.Fatal(err)
	}
	want := "problem=998&alpha=0.25&flag=true&layout=concat&step=2"
	if q := a.Query(); q != want {
		t.Fatalf("Query() = %q, want %q", q, want)
	}
	b, _ := newTestApp(t)
	if err := b.ShowLink(ParseQuery(a.Query())); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.State(), b.State()) {
		t.Fatalf("state after round trip %+v, want %+v", b.State(), a.State())
	}
	if s := b.State(); s.Playing || s.Step != 2 {
		t.Fatalf("a link with a step opens paused at it: %+v", s)
	}
}

// Progress depends on the elapsed time only: 2 s of play delivered in 4
// frames and in 120 frames end in the same state and the same picture.
func TestPlaybackIsFrameRateIndependent(t *testing.T) {
	run := func(frames int) (State, []byte) {
		a := New(Options{Catalogue: fakeCatalogue()})
		c := raster.New(640, 400, 1)
		a.Layout(640, 400)
		a.Update(0, nil)
		a.Draw(c)
		for range frames {
			a.Update(2.0/float64(frames), nil)
			a.Draw(c)
		}
		return a.State(), append([]byte(nil), c.RGBA().Pix...)
	}
	s4, p4 := run(4)
	s120, p120 := run(120)
	if math.Abs(s4.Time-2) > 1e-9 || math.Abs(s120.Time-2) > 1e-9 {
		t.Fatalf("after 2 s: time %v (4 frames) and %v (120 frames), want 2", s4.Time, s120.Time)
	}
	if s4.Step != s120.Step || s4.Step != 2 {
		t.Fatalf("steps %d and %d, want 2", s4.Step, s120.Step)
	}
	if string(p4) != string(p120) {
		t.Fatal("the pictures after 2 s of play differ between 4 and 120 frames")
	}
}

func TestTransport(t *testing.T) {
	a, rec := newTestApp(t) // 3 steps of 1 s, then a 2 s sweep: 5 s
	u := &a.ui
	press := func(r viz.Rect) { x, y := center(r); frame(a, rec, click(x, y)...) }
	if s := a.State(); s.Steps != 4 || s.Duration != 5 || s.Playing {
		t.Fatalf("state %+v, want 4 steps, 5 s, paused", s)
	}
	press(u.tFwd)
	press(u.tFwd)
	if s := a.State(); s.Step != 2 || s.Time != 2 {
		t.Fatalf("after two steps forward: step %d at %v s", s.Step, s.Time)
	}
	press(u.tBack)
	if s := a.State(); s.Step != 1 {
		t.Fatalf("after a step back: step %d, want 1", s.Step)
	}
	press(u.tPlay)
	a.Update(0.5, nil)
	if s := a.State(); !s.Playing || s.Time != 1.5 {
		t.Fatalf("playing: %+v, want time 1.5", s)
	}
	press(u.tSpeed) // 1× → 2×
	a.Update(0.5, nil)
	if s := a.State(); s.Speed != 2 || s.Time != 2.5 {
		t.Fatalf("at 2×: speed %v time %v, want 2 and 2.5", s.Speed, s.Time)
	}
	a.Update(10, nil) // capped at maxFrameGap: one second of wall time
	if s := a.State(); s.Time != 4.5 {
		t.Fatalf("a long gap moved the playhead to %v, want 4.5", s.Time)
	}
	a.Update(1, nil) // past the end: stops there
	if s := a.State(); s.Playing || s.Time != 5 {
		t.Fatalf("at the end: %+v, want stopped at 5", s)
	}
	press(u.tPlay) // Play at the end starts again
	if s := a.State(); !s.Playing || s.Time != 0 {
		t.Fatalf("Play at the end: %+v, want playing from 0", s)
	}
	press(u.tLoop)
	a.Update(1, nil)
	a.Update(1, nil)
	a.Update(1, nil) // 6 s of a 5 s loop at 2×
	if s := a.State(); !s.Playing || !s.Loop || math.Abs(s.Time-1) > 1e-9 {
		t.Fatalf("looping: %+v, want playing at 1 s", s)
	}
	// Scrubbing: press at 80% of the track, the playhead follows and pauses.
	x0, x1 := scrubSpan(u.tScrub)
	frame(a, rec, Event{Kind: PointerDown, X: x0 + 0.8*(x1-x0), Y: u.tScrub.Y + u.tScrub.H/2})
	if s := a.State(); s.Playing || math.Abs(s.Time-4) > 1e-9 {
		t.Fatalf("scrubbed to %+v, want paused at 4 s", s)
	}
	frame(a, rec, Event{Kind: PointerMove, X: x0, Y: 0}, Event{Kind: PointerUp, X: x0, Y: 0})
	if s := a.State(); s.Time != 0 {
		t.Fatalf("dragged the scrubber to the start: time %v", s.Time)
	}
}

func TestKeyboardTransport(t *testing.T) {
	a, rec := newTestApp(t)
	key := func(k string) { frame(a, rec, Event{Kind: KeyPress, Key: k}) }
	key(KeyRight)
	key("n")
	if s := a.State(); s.Step != 2 {
		t.Fatalf("→ N: step %d, want 2", s.Step)
	}
	key(KeyEnd)
	if s := a.State(); s.Time != s.Duration {
		t.Fatalf("End: time %v, want %v", s.Time, s.Duration)
	}
	key(KeyHome)
	key("+")
	key("l")
	if s := a.State(); s.Time != 0 || s.Speed != 2 || !s.Loop {
		t.Fatalf("Home + L: %+v", s)
	}
	key(KeySpace)
	if !a.State().Playing {
		t.Fatal("Space did not play")
	}
}

// The step on screen is captioned on the figure with its stage and shapes.
func TestCaptionStrip(t *testing.T) {
	a, rec := newTestApp(t)
	a.SeekStep(1)
	frame(a, rec)
	for _, want := range []string{"Step 2 of 4 · count", "[B,N,D] → [B,h,N,d]", "step 1 of the count"} {
		if !rec.has(want) {
			t.Errorf("caption strip lacks %q", want)
		}
	}
	if m := a.Mirror(); m.Progress != "step 2 of 4: count" || m.Caption != "step 1 of the count" {
		t.Errorf("mirror %q / %q", m.Progress, m.Caption)
	}
}

// Hovering an element shows what the scene says it holds; the keyboard
// cursor walks the elements and the mirror reads the focused one.
func TestInspection(t *testing.T) {
	a, rec := newTestApp(t)
	r := a.ui.sceneR
	// Cell (1, 0) of the 2×2 grid at (100,100)-(140,140).
	frame(a, rec, Event{Kind: PointerMove, X: r.X + 105, Y: r.Y + 125})
	frame(a, rec)
	if !rec.has("weight = 2") || !rec.has("W[1, 0] in shape [2, 2]") || !rec.has("computed by fake.Compute") {
		t.Fatalf("tooltip missing; drew %v", texts(rec))
	}
	if got := lastFake["997"].drawn.Focus; got != (scene.Target{Group: 1, Index: 2}) {
		t.Fatalf("scene was told focus %+v, want cell 2 of group 1", got)
	}
	if m := a.Mirror(); !strings.Contains(m.Focus, "weight = 2") {
		t.Fatalf("mirror focus %q", m.Focus)
	}
	// The dot is hoverable beyond its 3 px radius (a finger's width).
	frame(a, rec, Event{Kind: PointerMove, X: r.X + 305, Y: r.Y + 304})
	if got := a.insp.focus; got != (scene.Target{Group: 2, Index: 7}) {
		t.Fatalf("focus %+v, want the dot", got)
	}
	// Keyboard: I, then arrows, from cell 0.
	frame(a, rec, Event{Kind: PointerMove, X: 1, Y: 1})
	key := func(k string) { frame(a, rec, Event{Kind: KeyPress, Key: k}) }
	key("i")
	if got := a.insp.focus; got != (scene.Target{Group: 1, Index: 0}) {
		t.Fatalf("cursor starts at %+v, want cell 0", got)
	}
	key(KeyRight)
	key(KeyDown)
	if got := a.insp.focus; got != (scene.Target{Group: 1, Index: 3}) {
		t.Fatalf("→ ↓ gave %+v, want cell 3", got)
	}
	key(KeyRight) // on to the dot, far to the right and below
	if got := a.insp.focus; got.Group != 2 {
		t.Fatalf("→ from the grid's edge gave %+v, want the dot", got)
	}
	if s := a.State(); s.Step != 0 {
		t.Fatalf("arrows in inspect mode moved the playhead to %d", s.Step)
	}
	key(KeyEscape)
	if a.insp.focus.Valid() || a.insp.cursor {
		t.Fatal("Esc did not leave inspect mode")
	}
}

func texts(r *textRecorder) []string {
	var out []string
	for _, t := range r.Texts {
		out = append(out, t.S)
	}
	return out
}

func TestParamsAndApplies(t *testing.T) {
	a, rec := newTestApp(t)
	u := &a.ui
	// layout does not apply until the flag is on: pressing it does nothing.
	x, y := center(u.choices[3][1])
	frame(a, rec, click(x, y)...)
	if got := a.State().Params["layout"]; got != "interleaved" {
		t.Fatalf("a disabled choice changed to %s", got)
	}
	frame(a, rec, Event{Kind: PointerMove, X: x, Y: y})
	if !rec.has("does not apply: only with the flag on") {
		t.Fatalf("no reason shown for the disabled control; drew %v", texts(rec))
	}
	x, y = center(u.widget[2])
	frame(a, rec, click(u.widget[2].X+10, y)...)
	x, y = center(u.choices[3][1])
	frame(a, rec, click(x, y)...)
	if got := a.State().Params; got["flag"] != "true" || got["layout"] != "concat" {
		t.Fatalf("params %v, want flag on and concat", got)
	}
	// A log slider at its middle is the geometric mean of its ends.
	x0, x1 := trackSpan(u.widget[4])
	frame(a, rec, Event{Kind: PointerDown, X: (x0 + x1) / 2, Y: u.widget[4].Y + 10},
		Event{Kind: PointerUp, X: (x0 + x1) / 2, Y: u.widget[4].Y + 10})
	if got := a.Values()["scale"]; math.Abs(got-10) > 1e-9 {
		t.Fatalf("log slider at its middle: %v, want 10", got)
	}
	// A rejected value keeps the previous view and says why.
	a.applyValues(scene.Values{"n": 7})
	frame(a, rec)
	if !strings.Contains(a.Banner(), "n=7 is unlucky") || a.Values()["n"] != 3 {
		t.Fatalf("banner %q, n=%v", a.Banner(), a.Values()["n"])
	}
}

func TestPresetsAreAskedOnce(t *testing.T) {
	a, rec := newTestApp(t)
	x, y := center(a.ui.presets[0])
	frame(a, rec, click(x, y)...)
	if got := a.State().Params; got["n"] != "10" || got["alpha"] != "1" {
		t.Fatalf("preset gave %v", got)
	}
	if a.State().Steps != 11 {
		t.Fatalf("the timeline did not follow the new values: %d steps", a.State().Steps)
	}
	if s := a.State(); s.Step != 4 || s.Playing {
		t.Fatalf("the preset opens at step %d (playing %v), want paused at its step 4", s.Step, s.Playing)
	}
}

func TestPanicsAreContained(t *testing.T) {
	a, rec := newTestApp(t)
	lastFake["997"].panicIn = "Draw"
	frame(a, rec)
	if !strings.Contains(a.Banner(), "crashed in Draw") {
		t.Fatalf("banner %q", a.Banner())
	}
	frame(a, rec) // no further calls, no panic
	lastFake["997"].panicIn = ""
	frame(a, rec, Event{Kind: KeyPress, Key: "r"})
	frame(a, rec)
	if a.crashed != "" {
		t.Fatalf("R did not restart the view: %s", a.crashed)
	}
}

// A 2,000-character value gives a short message that wraps inside the
// banner, whose long words break instead of running off the screen.
func TestLongValuesStayInTheBanner(t *testing.T) {
	a, _ := newTestApp(t)
	err := a.ShowLink(ParseQuery("?problem=997&alpha=" + strings.Repeat("9", 2000) + "&" + strings.Repeat("x", 3000) + "=1"))
	if err == nil || len(err.Error()) > 600 {
		t.Fatalf("error of %d characters: %.200v", len(fmt.Sprint(err)), err)
	}
	err = a.ShowLink(ParseQuery("?scene=" + strings.Repeat("q", 3000)))
	if err == nil || len(err.Error()) > 300 {
		t.Fatalf("unknown 3,000-character scene: %d characters", len(fmt.Sprint(err)))
	}
	var many []string
	for i := range 2000 {
		many = append(many, fmt.Sprintf("p%d=1", i))
	}
	err = a.ShowLink(ParseQuery("?problem=997&" + strings.Join(many, "&")))
	if err == nil || len(err.Error()) > 1200 {
		t.Fatalf("2,000 unknown parameters: %d characters", len(fmt.Sprint(err)))
	}
	for _, size := range [][2]float64{{1280, 800}, {390, 844}} {
		a.banner = strings.Repeat("w", 2000) // one unbreakable word
		a.ui.dirty = true
		rec := newRecorder(size[0], size[1])
		a.Layout(size[0], size[1])
		frame(a, rec)
		if rep := a.Lint(); !rep.Clean() {
			t.Errorf("%v: %v", size, rep)
		}
	}
}

// The shell's own chrome passes the layout lint at every size.
func TestChromeLint(t *testing.T) {
	for _, size := range [][2]float64{{1280, 800}, {1920, 1080}, {1024, 768}, {800, 600}, {390, 844}, {320, 568}} {
		a := New(Options{Catalogue: fakeCatalogue(), Paused: true, OnText: func() {}})
		rec := newRecorder(size[0], size[1])
		a.Layout(size[0], size[1])
		frame(a, rec)
		if rep := a.Lint(); !rep.Clean() {
			t.Errorf("%v: %v", size, rep)
		}
		if size[0] < compactWidth {
			x, y := center(a.ui.panelBtn)
			frame(a, rec, click(x, y)...)
			if rep := a.Lint(); !rep.Clean() {
				t.Errorf("%v with the parameter panel open: %v", size, rep)
			}
		}
	}
}

func TestTargets(t *testing.T) {
	a, _ := newTestApp(t)
	for _, name := range []string{"menu:997", "menu:zz_fake_b", "param:alpha", "choice:layout:concat", "preset:Big",
		"scrubber", "button:play", "button:back", "button:forward", "button:speed", "button:loop", "button:reset", "button:help"} {
		if _, ok := a.Target(name); !ok {
			t.Errorf("Target(%q) not found", name)
		}
	}
	if r, _ := a.Target("menu:zz_fake_b"); r != mustTarget(t, a, "menu:998") {
		t.Error("menu:<scene id> is not the scene's first view")
	}
}

func mustTarget(t *testing.T, a *App, name string) viz.Rect {
	r, ok := a.Target(name)
	if !ok {
		t.Fatalf("no target %s", name)
	}
	return r
}

// HasView follows Show's rule: a problem, a scene id, or both when the
// scene tells that problem.
func TestHasView(t *testing.T) {
	a, _ := newTestApp(t)
	for _, tc := range []struct {
		problem, id string
		want        bool
	}{
		{"998", "", true}, {"", "zz_fake_b", true}, {"999", "zz_fake_b", true},
		{"997", "zz_fake_b", false}, {"996", "", false}, {"", "nope", false},
	} {
		if got := a.HasView(tc.problem, tc.id); got != tc.want {
			t.Errorf("HasView(%q, %q) = %v, want %v", tc.problem, tc.id, got, tc.want)
		}
	}
}

// flushCanvas is a raster canvas that queues its draws (viz.Flusher), each
// flush taking 3 ms of the test's clock.
type flushCanvas struct {
	*raster.Canvas
	clock   *time.Time
	flushes int
}

func (c *flushCanvas) Flush() { c.flushes++; *c.clock = c.clock.Add(3 * time.Millisecond) }

// A backend that queues draws is flushed once a frame, inside the frame's
// measured work: the GPU calls are the frame's cost, and Stats must not
// leave them out.
func TestFlushIsFrameWork(t *testing.T) {
	now := time.Unix(0, 0)
	a := New(Options{Catalogue: fakeCatalogue(), Now: func() time.Time { return now }})
	c := &flushCanvas{Canvas: raster.New(640, 400, 1), clock: &now}
	a.Layout(640, 400)
	for range 20 {
		a.Update(1.0/60, nil)
		a.Draw(c)
	}
	if c.flushes != 20 {
		t.Errorf("%d flushes in 20 frames, want one a frame", c.flushes)
	}
	if st := a.Stats(); st.WorkMsP50 < 3 {
		t.Errorf("work p50 %.2f ms with 3 ms flushes: the flush is not counted", st.WorkMsP50)
	}
}
