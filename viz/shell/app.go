package shell

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// Options configure a new App.
type Options struct {
	// Catalogue is what the app shows: the views, the menu's family order
	// and the view shown first.
	Catalogue scene.Catalogue
	// Paused starts with the animation stopped.
	Paused bool
	// Now is the clock behind Stats; nil means time.Now. Playback never
	// reads it: it advances by the elapsed time Update is given.
	Now func() time.Time
	// OnText, when set, puts a "Text" button in the top bar that calls it
	// (the page shows or hides its text mirror).
	OnText func()
	// Scores are the learner's quiz records by problem from earlier visits;
	// OnScore is told each new one (the page keeps them in local storage).
	Scores  map[string]Score
	OnScore func(problem string, s Score)
}

// State is the part of the view a URL or a test cares about.
type State struct {
	Scene   string
	Problem string
	Params  map[string]string // every declared param, as URL text
	// Step is the timeline step on screen (0-based), Steps the timeline's
	// length, Time the playhead in seconds and Duration its end.
	Step, Steps    int
	Time, Duration float64
	Playing, Loop  bool
	Speed          float64
}

// App is the visualizer shell: one current view plus its chrome. It is
// not safe for concurrent use: call it from the game loop. Under WASM the
// page's JS callbacks may call it too, since Go runs one goroutine at a
// time there and no App method blocks.
type App struct {
	opts  Options
	now   func() time.Time
	views []view // menu order
	def   int    // index of the default view, -1 when there are none

	cur        int // index into views
	scene      scene.Scene
	info       scene.Info
	params     []scene.Param
	presets    []scene.Preset
	values     scene.Values
	goodValues scene.Values // last values the scene accepted
	pending    bool         // values changed, Reset not yet called
	crashed    string       // non-empty: the scene panicked; not called again until reset
	banner     string

	play  playhead
	frame scene.Frame

	insp inspector
	tip  tooltip

	quiz         *quiz
	scores       map[string]Score
	quizRand     *rand.Rand
	lastQuizSeed int

	listeners []func(State)
	gen       int // bumped on scene or param change, for change detection
	fired     struct {
		gen, step, focus int
		playing          bool
		ok               bool
	}

	ui ui

	created    time.Time
	firstFrame float64
	frames     int
	ring       workRing
	updateMs   float64
}

// New makes the shell and shows the catalogue's default view.
func New(opts Options) *App {
	a := &App{opts: opts, now: opts.Now, cur: -1, def: -1}
	a.play.playing = !opts.Paused
	a.play.speed = 1
	if a.now == nil {
		a.now = time.Now
	}
	a.created = a.now()
	a.quizRand = rand.New(rand.NewPCG(uint64(a.created.UnixNano()), 0x9e3779b97f4a7c15))
	a.scores = map[string]Score{}
	for k, v := range opts.Scores {
		a.scores[k] = v
	}
	a.views = menuOrder(opts.Catalogue)
	if len(a.views) > 0 {
		a.def = 0
		if d := opts.Catalogue.Default; d != "" {
			if i, err := findView(a.views, d, ""); err == nil {
				a.def = i
			} else if i, err := findView(a.views, "", d); err == nil {
				a.def = i
			}
		}
	}
	a.ui.init()
	if a.def >= 0 {
		a.open(a.def, nil, nil)
	}
	return a
}

// Views lists every view in menu order.
func (a *App) Views() []scene.Info {
	out := make([]scene.Info, len(a.views))
	for i, v := range a.views {
		out[i] = v.info
	}
	return out
}

// HasView reports whether a problem and/or scene id (either may be empty)
// names a view of the catalogue, by the rule Show follows.
func (a *App) HasView(problem, id string) bool {
	_, err := findView(a.views, problem, id)
	return err == nil
}

// Show switches to the view of a problem and/or scene id (either may be
// empty) with params given as URL text. A step (the "step" key of params,
// 0-based) opens the view paused at that step. Unknown names, malformed
// or out-of-range values are reported in the banner with a specific
// message and replaced by a working view (the default view, the default
// values); the same message is returned. A nil error clears the banner.
func (a *App) Show(problem, id string, params map[string]string) error {
	var errs []string
	i := a.def
	if problem != "" || id != "" {
		j, err := findView(a.views, problem, id)
		if err != nil {
			if a.def < 0 {
				return a.fail(err.Error() + ", and there are no views")
			}
			errs = append(errs, fmt.Sprintf("%v; showing %s instead", err, menuLabel(a.views[a.def].info)))
			params = nil
		} else {
			i = j
		}
	}
	if i < 0 {
		return a.fail("there are no views")
	}
	errs = append(errs, a.open(i, params, nil)...)
	if len(errs) > 0 {
		return a.fail(joinLimited(errs, 4))
	}
	a.banner = ""
	a.ui.dirty = true
	return nil
}

// open makes view i current with raw params; it returns the problems it
// found with them.
func (a *App) open(i int, raw map[string]string, keep scene.Values) []string {
	var errs []string
	a.cur = i
	a.quiz = nil
	a.scene = a.views[i].make()
	a.crashed = ""
	a.guard("Info", func() { a.info = a.scene.Info() })
	a.guard("Params", func() { a.params = a.scene.Params() })
	a.presets = nil
	if p, ok := a.scene.(scene.Presetter); ok {
		a.guard("Presets", func() { a.presets = p.Presets() })
	}
	quizSeed, hasQuiz := 0, false
	if s, ok := raw["quiz"]; ok {
		raw = copyRaw(raw)
		delete(raw, "quiz")
		k, err := strconv.Atoi(s)
		if err != nil || k < 0 {
			errs = append(errs, fmt.Sprintf("quiz=%s is not a quiz number", quote(s)))
		} else {
			quizSeed, hasQuiz = k, true
		}
	}
	step, hasStep := -1, false
	if s, ok := raw["step"]; ok {
		raw = copyRaw(raw)
		delete(raw, "step")
		k, err := parseStep(s)
		if err != nil {
			errs = append(errs, err.Error())
		} else {
			step, hasStep = k, true
		}
	}
	values, perr := resolveParams(a.info.ID, a.params, raw)
	if perr != nil {
		errs = append(errs, perr.Error())
	}
	if keep != nil {
		values = keep
	}
	a.play.t = 0
	if rerr := a.reset(values); rerr != nil {
		errs = append(errs, rerr.Error())
		if rerr2 := a.reset(scene.Defaults(a.params)); rerr2 != nil {
			errs = append(errs, rerr2.Error())
		}
	}
	if hasQuiz && !a.StartQuiz(quizSeed) {
		errs = append(errs, menuLabel(a.info)+" has no quiz")
	}
	if hasStep {
		if step >= len(a.play.tl) {
			errs = append(errs, fmt.Sprintf("step=%d is past the last step (%d steps, 0 to %d)", step, len(a.play.tl), len(a.play.tl)-1))
			step = len(a.play.tl) - 1
		}
		a.play.seekStep(step)
		a.play.playing = false
	}
	a.gen++
	a.insp.clear()
	a.ui.sceneChanged()
	a.fire()
	return errs
}

func copyRaw(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// fail shows msg in the banner and returns it as an error.
func (a *App) fail(msg string) error {
	a.banner = msg
	a.ui.dirty = true
	return fmt.Errorf("%s", msg)
}

// reset calls the scene's Reset, recovering a panic into an error; on
// success it records values as the accepted ones and takes the new
// timeline, keeping the playhead where it was when it still fits.
func (a *App) reset(v scene.Values) (err error) {
	a.values = v
	a.pending = false
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("scene %s panicked in Reset: %v", a.info.ID, r)
		}
		if err == nil {
			a.goodValues = copyValues(v)
			a.crashed = ""
			var tl scene.Timeline
			a.guard("Timeline", func() { tl = a.scene.Timeline() })
			if len(tl) == 0 && a.crashed == "" {
				tl = scene.Timeline{{Stage: "view", Seconds: 1}}
			}
			a.play.setTimeline(tl)
		} else {
			a.crashed = err.Error()
		}
	}()
	if err = a.scene.Reset(v); err != nil {
		err = fmt.Errorf("%s rejected the parameters: %v", menuLabel(a.info), err)
	}
	return err
}

// commit applies changed values; if the scene rejects them the banner
// says why and the last accepted values (and their picture) come back.
func (a *App) commit() {
	if !a.pending || a.scene == nil {
		return
	}
	a.gen++
	a.ui.dirty = true
	if err := a.reset(a.values); err != nil {
		a.banner = err.Error() + "; keeping the previous values"
		if a.reset(copyValues(a.goodValues)) != nil {
			a.reset(scene.Defaults(a.params))
		}
		return
	}
	a.banner = ""
}

func copyValues(v scene.Values) scene.Values {
	out := make(scene.Values, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}

// setValue changes one param (snapped to its grid); the scene is reset
// once, at the end of the Update that made the change.
func (a *App) setValue(i int, v float64) {
	p := a.params[i]
	if a.disabled(i) != "" {
		return
	}
	v = snap(p, v)
	if a.values[p.Name] == v {
		return
	}
	a.values = copyValues(a.values)
	a.values[p.Name] = v
	a.pending = true
}

// disabled is why param i does not apply now ("" when it does).
func (a *App) disabled(i int) string {
	ap, ok := a.scene.(scene.Applier)
	if !ok || a.crashed != "" {
		return ""
	}
	why := ""
	a.guard("Applies", func() { why = ap.Applies(a.params[i].Name, a.values) })
	return why
}

// applyValues replaces several params at once (a preset, the defaults).
func (a *App) applyValues(over scene.Values) {
	v := scene.Defaults(a.params)
	for k, x := range over {
		if _, ok := v[k]; ok {
			v[k] = x
		}
	}
	a.values = v
	a.pending = true
}

// applyPreset applies a preset's values now and opens its step, paused.
func (a *App) applyPreset(p scene.Preset) {
	a.applyValues(p.Values)
	a.commit()
	if p.Step > 0 {
		a.play.playing = false
		a.play.seekStep(p.Step)
	}
}

// restart re-runs Reset with the current values and rewinds (the R key).
func (a *App) restart() {
	if a.scene == nil {
		return
	}
	a.pending = true
	a.commit()
	a.play.t = 0
}

// State reports the current view, params and playhead.
func (a *App) State() State {
	s := State{Scene: a.info.ID, Problem: a.info.Problem, Params: paramStrings(a.params, a.values),
		Steps: len(a.play.tl), Time: a.play.t, Duration: a.play.total, Playing: a.play.playing,
		Loop: a.play.loop, Speed: a.play.speed}
	s.Step, _ = a.play.at()
	return s
}

// Values is a copy of the current parameter values (Bool 0/1, Choice an
// index), as the scene received them.
func (a *App) Values() scene.Values { return copyValues(a.values) }

// OnChange registers f to be called after the view, its params, its step,
// the focused element or the play state change (with the new state).
func (a *App) OnChange(f func(State)) { a.listeners = append(a.listeners, f) }

// fire calls the listeners if anything they see changed since last time.
func (a *App) fire() {
	step, _ := a.play.at()
	if a.fired.ok && a.fired.gen == a.gen && a.fired.step == step && a.fired.playing == a.play.playing &&
		a.fired.focus == a.insp.gen {
		return
	}
	a.fired.gen, a.fired.step, a.fired.playing, a.fired.focus, a.fired.ok = a.gen, step, a.play.playing, a.insp.gen, true
	if len(a.listeners) == 0 {
		return
	}
	s := a.State()
	for _, f := range a.listeners {
		f(s)
	}
}

// Update handles this frame's input, then advances the playhead by dt
// seconds of elapsed time (when playing).
func (a *App) Update(dt float64, events []Event) {
	t0 := a.now()
	for _, ev := range events {
		a.handle(ev)
	}
	a.commit()
	if a.scene != nil && a.crashed == "" && !a.ui.scrubbing {
		a.play.advance(dt)
	}
	a.ui.endFrame()
	a.fire()
	a.updateMs += msSince(a.now, t0)
}

// guard runs a scene call, turning a panic into a visible error and
// stopping further calls until the scene is reset.
func (a *App) guard(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			a.crashed = fmt.Sprintf("scene %s crashed in %s: %v", a.info.ID, what, r)
			a.banner = a.crashed + " (press R to restart it)"
			a.ui.dirty = true
		}
	}()
	f()
}

// neighbour shows the view d places away in menu order (wrapping).
func (a *App) neighbour(d int) {
	n := len(a.views)
	if n == 0 {
		return
	}
	a.banner = ""
	a.open(((a.cur+d)%n+n)%n, nil, nil)
	a.ui.dirty = true
}

// Layout tells the shell the canvas size in logical pixels (Draw also
// picks it up from the canvas).
func (a *App) Layout(w, h float64) {
	if w != a.ui.w || h != a.ui.h {
		a.ui.w, a.ui.h, a.ui.dirty = w, h, true
	}
}

// Draw paints the scene and the chrome onto c.
func (a *App) Draw(c viz.Canvas) {
	t0 := a.now()
	a.draw(c)
	// A backend that queues draws issues them here, inside the frame's
	// measured work.
	if f, ok := c.(viz.Flusher); ok {
		f.Flush()
	}
	a.frames++
	ms := msSince(a.now, t0)
	if a.frames == 1 {
		a.firstFrame = msSince(a.now, a.created)
	}
	a.ring.add(a.updateMs + ms)
	a.updateMs = 0
}

// Stats reports the first-frame time and recent per-frame work.
func (a *App) Stats() Stats {
	p50, p95 := a.ring.percentiles()
	return Stats{FirstFrameMs: a.firstFrame, Frames: a.frames, WorkMsP50: p50, WorkMsP95: p95}
}

// ResetStats forgets the recorded frame times (after a scene switch, so
// steady-state work is measured apart from the switch).
func (a *App) ResetStats() { a.ring = workRing{} }

func msSince(now func() time.Time, t0 time.Time) float64 {
	return float64(now().Sub(t0).Nanoseconds()) / 1e6
}

// Mirror is the text equivalent of the screen, for the page's
// screen-reader mirror.
type Mirror struct {
	Title                       string
	Problem                     string
	Statement, Formula, LookFor string
	Params                      []scene.KV // label = value as shown
	// Progress is "step k of n: stage", Caption and Shapes the step's text.
	Progress, Caption, Shapes string
	Readout                   []scene.KV
	// Focus describes the element under the keyboard cursor or pointer.
	Focus string
	Error string // the banner, if shown
}

// Mirror describes the current view in text.
func (a *App) Mirror() Mirror {
	m := Mirror{Title: a.info.Title, Problem: a.info.Problem, Statement: a.info.Statement,
		Formula: a.info.Formula, LookFor: a.info.LookFor, Error: a.banner}
	for i, p := range a.params {
		if a.quiz != nil && p.Name == "pitfall" {
			continue // the answer of the quiz
		}
		v := displayParam(p, a.values[p.Name])
		if why := a.disabled(i); why != "" {
			v += " (does not apply: " + why + ")"
		}
		m.Params = append(m.Params, scene.KV{Key: p.Label, Value: v})
	}
	if n := len(a.play.tl); n > 0 {
		k, _ := a.play.at()
		st := a.play.tl[k]
		m.Progress = fmt.Sprintf("step %d of %d: %s", k+1, n, st.Stage)
		m.Caption, m.Shapes = st.Caption, st.Shapes
	}
	if r, ok := a.scene.(scene.Readouter); ok && a.crashed == "" && a.quiz == nil {
		a.syncFrame()
		a.guard("Readout", func() { m.Readout = r.Readout(&a.frame) })
	}
	m.Focus = a.insp.describe()
	return m
}

// syncFrame puts the playhead and focus into the frame.
func (a *App) syncFrame() {
	f := &a.frame
	f.Step, f.Frac = a.play.at()
	f.Time = a.play.t
	f.Focus = a.insp.focus
}

// Banner is the error message on screen ("" when none).
func (a *App) Banner() string { return a.banner }

// describeInspection is one line of text for an inspection.
func describeInspection(in scene.Inspection) string {
	var b strings.Builder
	b.WriteString(in.Name)
	if in.Value != "" {
		b.WriteString(" = ")
		b.WriteString(in.Value)
	}
	if in.Tensor != "" || in.Index != "" {
		b.WriteString("; ")
		b.WriteString(in.Tensor)
		b.WriteString(in.Index)
		if in.Shape != "" {
			b.WriteString(" of shape ")
			b.WriteString(in.Shape)
		}
	}
	if in.Source != "" {
		b.WriteString("; computed by ")
		b.WriteString(in.Source)
	}
	if in.Detail != "" {
		b.WriteString("; ")
		b.WriteString(in.Detail)
	}
	return b.String()
}

// TogglePlay plays or pauses, as the Play button does.
func (a *App) TogglePlay() { a.play.toggle() }

// DrawScene paints only the scene, at the playhead, over all of c: the
// view without its chrome (exports, tests).
func (a *App) DrawScene(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	a.frame.Reset()
	if a.scene == nil || a.crashed != "" {
		return
	}
	a.syncFrame()
	a.guard("Draw", func() { a.scene.Draw(c, &a.frame) })
}

// ViewParams declares the parameters of view i (menu order), from a fresh
// scene, so a script can build links without opening the view.
func (a *App) ViewParams(i int) []scene.Param {
	if i < 0 || i >= len(a.views) {
		return nil
	}
	var ps []scene.Param
	a.guard("Params", func() { ps = a.views[i].make().Params() })
	return ps
}

// SeekStep pauses at the start of step k of the current timeline.
func (a *App) SeekStep(k int) {
	a.play.playing = false
	a.play.seekStep(k)
	a.fire()
}

// SetPlaying plays or pauses (Play at the end starts again).
func (a *App) SetPlaying(on bool) {
	if on != a.play.playing {
		a.play.toggle()
	}
	a.fire()
}

// Scene is the current scene (tests inspect it).
func (a *App) Scene() scene.Scene { return a.scene }

// Frame is the frame last drawn, with its marks (tests inspect it).
func (a *App) Frame() *scene.Frame { return &a.frame }

// Marks are the inspectable regions the scene marked in the last Draw.
func (a *App) Marks() []scene.Mark { return a.frame.Marks() }

// PresetLink is a preset of a view as URL text, so a script can open it.
type PresetLink struct {
	Name   string
	Params map[string]string
}

// ViewPresets lists view i's presets as links (menu order).
func (a *App) ViewPresets(i int) []PresetLink {
	if i < 0 || i >= len(a.views) {
		return nil
	}
	var out []PresetLink
	a.guard("Presets", func() {
		s := a.views[i].make()
		p, ok := s.(scene.Presetter)
		if !ok {
			return
		}
		ps := s.Params()
		for _, pr := range p.Presets() {
			raw := map[string]string{}
			for _, prm := range ps {
				if v, ok := pr.Values[prm.Name]; ok {
					raw[prm.Name] = formatParam(prm, v)
				}
			}
			if pr.Step > 0 {
				raw["step"] = strconv.Itoa(pr.Step)
			}
			out = append(out, PresetLink{Name: pr.Name, Params: raw})
		}
	})
	return out
}
