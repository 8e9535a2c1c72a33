package shell

import (
	"dlprep/viz"
	"dlprep/viz/scene"
)

// inspector is the app's side of inspection: the focused element (under
// the pointer, tapped, or under the keyboard cursor) and what the scene
// says it holds, asked once per focus and step.
type inspector struct {
	focus  scene.Target
	cursor bool // the keyboard cursor is on (I toggles it)
	gen    int  // bumped whenever focus changes

	cached struct {
		ok         bool
		t          scene.Target
		step, gen  int
		found      bool
		inspection scene.Inspection
		line       string
	}
}

func (in *inspector) clear() {
	if in.focus.Valid() || in.cursor {
		in.gen++
	}
	in.focus, in.cursor = scene.Target{}, false
	in.cached.ok = false
}

func (in *inspector) set(t scene.Target) {
	if t != in.focus {
		in.focus = t
		in.gen++
	}
}

// inspect asks the scene about the focused element (cached).
func (a *App) inspect() (scene.Inspection, bool) {
	in := &a.insp
	if !in.focus.Valid() || a.scene == nil || a.crashed != "" {
		return scene.Inspection{}, false
	}
	step, _ := a.play.at()
	c := &in.cached
	if c.ok && c.t == in.focus && c.step == step && c.gen == a.gen {
		return c.inspection, c.found
	}
	c.ok, c.t, c.step, c.gen, c.found = true, in.focus, step, a.gen, false
	c.inspection, c.line = scene.Inspection{}, ""
	if is, ok := a.scene.(scene.Inspector); ok {
		a.syncFrame()
		a.guard("Inspect", func() { c.inspection, c.found = is.Inspect(&a.frame, in.focus) })
	}
	if c.found {
		c.line = describeInspection(c.inspection)
	}
	return c.inspection, c.found
}

// describe is the focused element as one line of text ("" for none).
func (in *inspector) describe() string {
	if !in.focus.Valid() || !in.cached.ok || in.cached.t != in.focus {
		return ""
	}
	return in.cached.line
}

// hoverScene updates the focus from a pointer at canvas (x, y) over the
// scene; the keyboard cursor, when on, keeps its element.
func (a *App) hoverScene(x, y float64) {
	if a.insp.cursor {
		return
	}
	r := a.ui.sceneR
	if !r.Contains(x, y) {
		a.insp.set(scene.Target{})
		return
	}
	t, _, ok := a.frame.Hit(x-r.X, y-r.Y)
	if !ok {
		t = scene.Target{}
	}
	a.insp.set(t)
	if ok {
		a.inspect()
	}
}

// moveCursor moves the keyboard cursor over the scene's elements.
func (a *App) moveCursor(d scene.Direction) {
	if t, ok := a.frame.Move(a.insp.focus, d); ok {
		a.insp.set(t)
		a.inspect()
	}
}

// toggleCursor turns the keyboard cursor on (at the first element, or the
// hovered one) or off.
func (a *App) toggleCursor() {
	in := &a.insp
	if in.cursor {
		in.cursor = false
		in.set(scene.Target{})
		return
	}
	in.cursor = true
	if !in.focus.Valid() {
		if t, ok := a.frame.Move(scene.Target{}, scene.Right); ok {
			in.set(t)
		}
	}
	in.gen++
	a.inspect()
}

// focusRect is where the focused element was drawn, in canvas pixels.
func (a *App) focusRect() (viz.Rect, bool) {
	if !a.insp.focus.Valid() {
		return viz.Rect{}, false
	}
	r, ok := a.frame.Locate(a.insp.focus)
	if !ok {
		return viz.Rect{}, false
	}
	r.X += a.ui.sceneR.X
	r.Y += a.ui.sceneR.Y
	return r, true
}
