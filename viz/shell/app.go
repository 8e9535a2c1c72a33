package shell

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"dlprep/scenes"
	"dlprep/viz"
)

// Families is the menu's group order.
var Families = []string{"attention", "convolution", "diffusion", "geometry", "detection", "losses", "lora", "complexity", "system design"}

// Options configure a new App.
type Options struct {
	// DefaultScene is shown first and whenever a requested scene does not
	// exist. Empty: "timestep_embedding" if registered, else the first
	// scene of the menu.
	DefaultScene string
	// Paused starts with the animation stopped.
	Paused bool
	// Now is the clock behind Stats; nil means time.Now.
	Now func() time.Time
}

// State is the part of the view a URL or a test cares about.
type State struct {
	Scene   string
	Params  map[string]string // every declared param, as URL text
	Step    int               // a Stepper's k of Progress, else 0
	Playing bool
}

// App is the visualizer shell: one current scene plus its chrome. It is
// not safe for concurrent use: call it from the game loop. Under WASM the
// page's JS callbacks may call it too, since Go runs one goroutine at a
// time there and no App method blocks.
type App struct {
	opts  Options
	now   func() time.Time
	infos []scenes.Info // menu order

	id         string
	scene      scenes.Scene
	info       scenes.Info
	params     []scenes.Param
	values     scenes.Values
	goodValues scenes.Values // last values the scene accepted
	pending    bool          // values changed, Reset not yet called
	playing    bool
	crashed    string // non-empty: the scene panicked; do not call it again until reset
	banner     string

	listeners []func(State)
	gen       int // bumped on scene or param change, for change detection
	fired     struct {
		gen, step int
		playing   bool
		ok        bool
	}

	ui ui

	created    time.Time
	firstFrame float64
	frames     int
	ring       workRing
	updateMs   float64
}

// New makes the shell and shows the default scene (paused if asked).
func New(opts Options) *App {
	a := &App{opts: opts, now: opts.Now, playing: !opts.Paused}
	if a.now == nil {
		a.now = time.Now
	}
	a.created = a.now()
	a.infos = menuInfos()
	a.ui.init()
	_ = a.Show(a.defaultID(), nil)
	return a
}

// menuInfos lists the registered scenes grouped by Families (unknown
// families last, alphabetically), by title within a family.
func menuInfos() []scenes.Info {
	var infos []scenes.Info
	for _, id := range scenes.IDs() {
		if s, err := scenes.New(id); err == nil {
			infos = append(infos, s.Info())
		}
	}
	rank := func(f string) int {
		for i, g := range Families {
			if g == f {
				return i
			}
		}
		return len(Families)
	}
	sort.SliceStable(infos, func(i, j int) bool {
		ri, rj := rank(infos[i].Family), rank(infos[j].Family)
		if ri != rj {
			return ri < rj
		}
		if infos[i].Family != infos[j].Family {
			return infos[i].Family < infos[j].Family
		}
		return infos[i].Title < infos[j].Title
	})
	return infos
}

func (a *App) defaultID() string {
	want := a.opts.DefaultScene
	if want == "" {
		want = "timestep_embedding"
	}
	for _, in := range a.infos {
		if in.ID == want {
			return want
		}
	}
	if len(a.infos) > 0 {
		return a.infos[0].ID
	}
	return ""
}

// Scenes lists every scene in menu order.
func (a *App) Scenes() []scenes.Info { return append([]scenes.Info(nil), a.infos...) }

// Show switches to scene id with params given as URL text. An unknown
// scene, unknown parameter names and malformed or out-of-range values are
// reported in the banner with a specific message and replaced by a working
// view (the default scene, the default values); the same message is
// returned. A nil error clears the banner.
func (a *App) Show(id string, params map[string]string) error {
	var errs []string
	sc, err := scenes.New(id)
	if err != nil {
		def := a.defaultID()
		if def == "" {
			a.scene, a.id = nil, ""
			return a.fail(fmt.Sprintf("unknown scene %q, and no scenes are registered", id))
		}
		errs = append(errs, fmt.Sprintf("unknown scene %q; showing %q instead", id, def))
		id, params = def, nil
		sc, _ = scenes.New(id)
	}
	a.scene, a.id, a.info, a.params = sc, id, sc.Info(), sc.Params()
	a.crashed = ""
	values, perr := resolveParams(id, a.params, params)
	if perr != nil {
		errs = append(errs, perr.Error())
	}
	if rerr := a.reset(values); rerr != nil {
		errs = append(errs, rerr.Error())
		defaults := scenes.Defaults(a.params)
		if rerr2 := a.reset(defaults); rerr2 != nil {
			errs = append(errs, rerr2.Error())
		}
	}
	a.gen++
	a.ui.sceneChanged()
	a.fire()
	if len(errs) > 0 {
		return a.fail(strings.Join(errs, "; "))
	}
	a.banner = ""
	return nil
}

// fail shows msg in the banner and returns it as an error.
func (a *App) fail(msg string) error {
	a.banner = msg
	a.ui.dirty = true
	return fmt.Errorf("%s", msg)
}

// reset calls the scene's Reset, recovering a panic into an error, and on
// success records values as the accepted ones.
func (a *App) reset(v scenes.Values) (err error) {
	a.values = v
	a.pending = false
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("scene %s panicked in Reset: %v", a.id, r)
		}
		if err == nil {
			a.goodValues = copyValues(v)
			a.crashed = ""
		} else {
			a.crashed = err.Error()
		}
	}()
	if err = a.scene.Reset(v); err != nil {
		err = fmt.Errorf("scene %s rejected the parameters: %v", a.id, err)
	}
	return err
}

// commit applies changed values; if the scene rejects them the banner
// says why and the last accepted values come back.
func (a *App) commit() {
	if !a.pending || a.scene == nil {
		return
	}
	a.gen++
	if err := a.reset(a.values); err != nil {
		a.banner = err.Error() + "; keeping the previous values"
		if a.reset(copyValues(a.goodValues)) != nil {
			a.reset(scenes.Defaults(a.params))
		}
		return
	}
	a.banner = ""
}

func copyValues(v scenes.Values) scenes.Values {
	out := make(scenes.Values, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}

// setValue changes one param (snapped to its grid); the scene is reset
// once, at the end of the Update that made the change.
func (a *App) setValue(i int, v float64) {
	p := a.params[i]
	v = snap(p, v)
	if a.values[p.Name] == v {
		return
	}
	a.values = copyValues(a.values)
	a.values[p.Name] = v
	a.pending = true
}

// applyValues replaces several params at once (a preset, the defaults).
func (a *App) applyValues(over scenes.Values) {
	v := scenes.Defaults(a.params)
	for k, x := range over {
		if _, ok := v[k]; ok {
			v[k] = x
		}
	}
	a.values = v
	a.pending = true
}

// restart re-runs Reset with the current values (the R key).
func (a *App) restart() {
	if a.scene == nil {
		return
	}
	a.pending = true
	a.commit()
}

// State reports the current scene, params, step and play state.
func (a *App) State() State {
	s := State{Scene: a.id, Params: paramStrings(a.params, a.values), Playing: a.playing}
	s.Step, _ = a.progress()
	return s
}

func (a *App) progress() (k, n int) {
	if st, ok := a.scene.(scenes.Stepper); ok && a.crashed == "" {
		return st.Progress()
	}
	return 0, 0
}

// Values is a copy of the current parameter values (Bool 0/1, Choice an
// index), as the scene received them.
func (a *App) Values() scenes.Values { return copyValues(a.values) }

// OnChange registers f to be called after the scene, its params, its step
// or the play state change (with the new state).
func (a *App) OnChange(f func(State)) { a.listeners = append(a.listeners, f) }

// fire calls the listeners if anything they see changed since last time.
func (a *App) fire() {
	step, _ := a.progress()
	if a.fired.ok && a.fired.gen == a.gen && a.fired.step == step && a.fired.playing == a.playing {
		return
	}
	a.fired.gen, a.fired.step, a.fired.playing, a.fired.ok = a.gen, step, a.playing, true
	if len(a.listeners) == 0 {
		return
	}
	s := a.State()
	for _, f := range a.listeners {
		f(s)
	}
}

// Update handles this frame's input, then advances the scene by dt
// seconds when playing.
func (a *App) Update(dt float64, events []Event) {
	t0 := a.now()
	for _, ev := range events {
		a.handle(ev)
	}
	a.commit()
	if a.scene != nil && a.crashed == "" {
		if !a.playing {
			dt = 0
		}
		if a.ui.stepFrame {
			dt, a.ui.stepFrame = 1.0/30, false
		}
		in := a.ui.sceneInput()
		a.guard("Update", func() { a.scene.Update(in, dt) })
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
			a.crashed = fmt.Sprintf("scene %s crashed in %s: %v", a.id, what, r)
			a.banner = a.crashed + " (press R to restart it)"
			a.ui.dirty = true
		}
	}()
	f()
}

// step advances one algorithm step (Stepper) or one frame, and pauses.
func (a *App) step() {
	if a.scene == nil || a.crashed != "" {
		return
	}
	a.playing = false
	if st, ok := a.scene.(scenes.Stepper); ok {
		a.guard("Step", st.Step)
		return
	}
	a.ui.stepFrame = true
}

// neighbour shows the scene d places away in menu order (wrapping).
func (a *App) neighbour(d int) {
	if len(a.infos) == 0 {
		return
	}
	cur := 0
	for i, in := range a.infos {
		if in.ID == a.id {
			cur = i
		}
	}
	n := len(a.infos)
	_ = a.Show(a.infos[((cur+d)%n+n)%n].ID, nil)
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

func msSince(now func() time.Time, t0 time.Time) float64 {
	return float64(now().Sub(t0).Nanoseconds()) / 1e6
}

// Mirror is the text equivalent of the screen, for the page's
// screen-reader mirror.
type Mirror struct {
	Title                       string
	Problems                    []string
	Statement, Formula, LookFor string
	Params                      []scenes.KV // label = value as shown
	Progress                    string      // "step k of n" for steppers
	Readout                     []scenes.KV
	Error                       string // the banner, if shown
}

// Mirror describes the current view in text.
func (a *App) Mirror() Mirror {
	m := Mirror{Title: a.info.Title, Problems: a.info.Problems, Statement: a.info.Statement,
		Formula: a.info.Formula, LookFor: a.info.LookFor, Error: a.banner}
	for _, p := range a.params {
		m.Params = append(m.Params, scenes.KV{Key: p.Label, Value: displayParam(p, a.values[p.Name])})
	}
	if k, n := a.progress(); n > 0 {
		m.Progress = fmt.Sprintf("step %d of %d", k, n)
	}
	if r, ok := a.scene.(scenes.Readouter); ok && a.crashed == "" {
		a.guard("Readout", func() { m.Readout = r.Readout() })
	}
	return m
}

// Banner is the error message on screen ("" when none).
func (a *App) Banner() string { return a.banner }
