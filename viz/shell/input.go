package shell

import (
	"math"
	"strings"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// handle applies one input event.
func (a *App) handle(ev Event) {
	u := &a.ui
	if u.dirty {
		a.layout()
	}
	switch ev.Kind {
	case PointerMove:
		u.px, u.py = ev.X, ev.Y
		switch {
		case u.dragParam >= 0:
			a.dragTo(ev.X)
		case u.scrubbing:
			a.scrubTo(ev.X)
		case u.down && (u.press.kind == hitMenuItem || u.press.kind == hitMenuOverlay):
			// Touch screens scroll the menu by dragging it.
			if dy := ev.Y - u.pressY; u.menuDrag || math.Abs(dy) > 8 {
				u.menuDrag = true
				u.menuScroll = min(max(u.pressScroll-dy, 0), max(0, u.menuContentH-u.menu.H))
				u.dirty = true
			}
		case u.down && u.press.kind == hitTextPanel:
			if dy := ev.Y - u.pressY; u.menuDrag || math.Abs(dy) > 8 {
				u.menuDrag = true
				u.textScroll = min(max(u.pressScroll-dy, 0), max(0, u.textContentH-u.text.H))
			}
		case u.down && u.press.kind != hitSlider && u.right.Contains(u.pressX, u.pressY) && (!u.compact || u.panelOpen):
			// ...and the parameter panel too, from anywhere but a slider.
			if dy := ev.Y - u.pressY; u.menuDrag || math.Abs(dy) > 8 {
				u.menuDrag = true
				u.panelScroll = min(max(u.pressScroll-dy, 0), max(0, u.panelContentH-u.right.H))
				u.dirty = true
			}
		case u.down && u.press.kind == hitScene:
			u.sceneDrag = true
			a.pointScene(false)
		}
		if !u.down {
			u.hover = u.hitAt(ev.X, ev.Y)
			if u.hover.kind == hitScene {
				a.hoverScene(ev.X, ev.Y)
			} else if !a.insp.cursor {
				a.insp.set(scene.Target{})
			}
		}
	case PointerDown:
		u.px, u.py, u.down = ev.X, ev.Y, true
		u.press = u.hitAt(ev.X, ev.Y)
		u.pressX, u.pressY, u.pressScroll, u.menuDrag = ev.X, ev.Y, u.menuScroll, false
		if u.right.Contains(ev.X, ev.Y) {
			u.pressScroll = u.panelScroll
		}
		if u.press.kind == hitTextPanel {
			u.pressScroll = u.textScroll
		}
		if u.menuOpen && u.press.kind != hitMenuItem && u.press.kind != hitMenuOverlay && u.press.kind != hitMenuToggle {
			u.menuOpen, u.dirty, u.press = false, true, hit{}
			return
		}
		// A press outside the compact layout's panel overlay closes it.
		if u.compact && u.panelOpen && !u.right.Contains(ev.X, ev.Y) && u.press.kind != hitPanelToggle {
			u.panelOpen, u.dirty, u.press = false, true, hit{}
			return
		}
		switch u.press.kind {
		case hitSlider:
			if a.disabled(u.press.i) == "" {
				u.dragParam, u.focus = u.press.i, u.press.i
				a.dragTo(ev.X)
			}
		case hitScrub:
			u.scrubbing = true
			a.play.playing = false
			a.scrubTo(ev.X)
		}
	case PointerUp:
		u.px, u.py = ev.X, ev.Y
		if !u.down {
			return
		}
		u.down, u.sceneDrag = false, false
		release := u.hitAt(ev.X, ev.Y)
		if u.dragParam >= 0 {
			u.dragParam = -1
			return
		}
		if u.scrubbing {
			u.scrubbing = false
			return
		}
		if u.menuDrag {
			u.menuDrag, u.press = false, hit{}
			return
		}
		// A click is a press and release on the same target, so a drag
		// that wanders off a button does not trigger it.
		if release.kind == u.press.kind && release.i == u.press.i && release.j == u.press.j {
			a.click(release)
		}
		u.press = hit{}
	case Wheel:
		switch {
		case u.menu.Contains(ev.X, ev.Y) && (!u.narrow || u.menuOpen):
			u.menuScroll = min(max(u.menuScroll-ev.DY*menuItemH, 0), max(0, u.menuContentH-u.menu.H))
			u.dirty = true
		case u.right.Contains(ev.X, ev.Y) && (!u.compact || u.panelOpen):
			u.panelScroll = min(max(u.panelScroll-ev.DY*menuItemH, 0), max(0, u.panelContentH-u.right.H))
			u.dirty = true
		case u.text.Contains(ev.X, ev.Y):
			u.textScroll = min(max(u.textScroll-ev.DY*menuItemH, 0), max(0, u.textContentH-u.text.H))
		}
	case KeyPress:
		a.key(ev.Key)
	}
}

// dragTo moves the dragged slider to pointer x.
func (a *App) dragTo(x float64) {
	u := &a.ui
	i := u.dragParam
	if i < 0 || i >= len(a.params) || i >= len(u.widget) {
		return
	}
	p := a.params[i]
	a.setValue(i, sliderValue(p, sliderFraction(u.widget[i], x)))
}

// scrubTo moves the playhead to pointer x on the scrubber.
func (a *App) scrubTo(x float64) {
	x0, x1 := scrubSpan(a.ui.tScrub)
	if x1 <= x0 {
		return
	}
	a.play.seekFraction((x - x0) / (x1 - x0))
}

// sliderFraction is where x falls along a slider's track, in [0, 1].
func sliderFraction(w viz.Rect, x float64) float64 {
	x0, x1 := trackSpan(w)
	if x1 <= x0 {
		return 0
	}
	return min(max((x-x0)/(x1-x0), 0), 1)
}

// pointScene hands a click or drag on the scene to a Pointer scene and,
// for a tap, focuses the element under it (a tooltip on touch screens).
func (a *App) pointScene(clicked bool) {
	u := &a.ui
	r := u.sceneR
	in := scene.Input{X: u.px - r.X, Y: u.py - r.Y, Clicked: clicked, Dragging: u.sceneDrag}
	if p, ok := a.scene.(scene.Pointer); ok && a.crashed == "" {
		changed := false
		a.syncFrame()
		a.guard("Pointer", func() { changed = p.Pointer(&a.frame, in) })
		if changed {
			a.gen++
		}
	}
	if clicked {
		if t, _, ok := a.frame.Hit(in.X, in.Y); ok {
			a.insp.set(t)
			a.inspect()
		} else if !a.insp.cursor {
			a.insp.set(scene.Target{})
		}
	}
}

func (a *App) click(h hit) {
	u := &a.ui
	switch h.kind {
	case hitMenuItem:
		if h.i < len(a.views) {
			a.banner = ""
			a.open(h.i, nil, nil)
			u.dirty = true
		}
	case hitMenuToggle:
		u.menuOpen, u.panelOpen, u.dirty = !u.menuOpen, false, true
	case hitPanelToggle:
		u.panelOpen, u.menuOpen, u.dirty = !u.panelOpen, false, true
	case hitPlay:
		a.play.toggle()
	case hitBack:
		a.play.stepBy(-1)
	case hitFwd:
		a.play.stepBy(+1)
	case hitSpeed:
		if a.play.speed >= Speeds[len(Speeds)-1] {
			a.play.speed = Speeds[0]
		} else {
			a.play.cycleSpeed(+1)
		}
	case hitLoop:
		a.play.loop = !a.play.loop
	case hitReset:
		a.restart()
	case hitHelp:
		u.helpOpen, u.dirty = !u.helpOpen, true
	case hitText:
		if a.opts.OnText != nil {
			a.opts.OnText()
		}
	case hitHelpOverlay:
		u.helpOpen, u.dirty = false, true
	case hitToggle:
		u.focus = h.i
		a.setValue(h.i, 1-a.values[a.params[h.i].Name])
	case hitChoice:
		u.focus = h.i
		a.setValue(h.i, float64(h.j))
	case hitPreset:
		if h.i < len(a.presets) {
			a.applyPreset(a.presets[h.i])
		}
	case hitDefaults:
		a.applyValues(nil)
	case hitBannerClose:
		a.banner, u.dirty = "", true
	case hitScene:
		a.pointScene(true)
	case hitQuiz:
		if a.quiz != nil {
			a.EndQuiz(false)
		} else {
			a.StartQuiz(-1)
		}
	case hitQuizAnswer:
		a.answerQuiz(h.i)
	case hitQuizReveal:
		a.EndQuiz(true)
	case hitQuizNext:
		a.StartQuiz(-1)
	case hitQuizEnd:
		a.EndQuiz(false)
	}
}

// key applies one key press.
func (a *App) key(k string) {
	u := &a.ui
	cursor := a.insp.cursor
	switch strings.ToLower(k) {
	case strings.ToLower(KeySpace), " ":
		a.play.toggle()
	case "n":
		a.play.stepBy(+1)
	case strings.ToLower(KeyRight):
		switch {
		case cursor:
			a.moveCursor(scene.Right)
		case u.focus >= 0:
			a.nudge(+1)
		default:
			a.play.stepBy(+1)
		}
	case strings.ToLower(KeyLeft):
		switch {
		case cursor:
			a.moveCursor(scene.Left)
		case u.focus >= 0:
			a.nudge(-1)
		default:
			a.play.stepBy(-1)
		}
	case strings.ToLower(KeyDown), strings.ToLower(KeyTab):
		if cursor && k != KeyTab {
			a.moveCursor(scene.Down)
		} else if n := len(a.params); n > 0 {
			u.focus = (u.focus + 1) % n
		}
	case strings.ToLower(KeyUp):
		if cursor {
			a.moveCursor(scene.Up)
		} else if n := len(a.params); n > 0 {
			u.focus = (u.focus - 1 + n + 1) % (n + 1) // wraps through "none"
			if u.focus == n {
				u.focus = -1
			}
		}
	case strings.ToLower(KeyHome):
		a.play.playing = false
		a.play.seekStep(0)
	case strings.ToLower(KeyEnd):
		a.play.playing = false
		a.play.t = a.play.total
	case "-", "_":
		a.play.cycleSpeed(-1)
	case "+", "=":
		a.play.cycleSpeed(+1)
	case "l":
		a.play.loop = !a.play.loop
	case "i":
		a.toggleCursor()
	case "q":
		if a.quiz != nil {
			a.EndQuiz(false)
		} else {
			a.StartQuiz(-1)
		}
	case "r":
		a.restart()
	case "d":
		a.applyValues(nil)
	case "[", strings.ToLower(KeyPageUp):
		a.neighbour(-1)
	case "]", strings.ToLower(KeyPageDown):
		a.neighbour(+1)
	case "?", "h":
		u.helpOpen, u.dirty = !u.helpOpen, true
	case strings.ToLower(KeyEscape):
		u.helpOpen, u.menuOpen, u.panelOpen, u.focus, u.dirty = false, false, false, -1, true
		if a.insp.cursor {
			a.toggleCursor()
		}
	}
}

// nudge moves the focused param by one step.
func (a *App) nudge(dir float64) {
	i := a.ui.focus
	if i < 0 || i >= len(a.params) {
		return
	}
	p := a.params[i]
	v := a.values[p.Name] + dir*stepOf(p)
	if p.Log && p.Kind == scene.Float {
		// One key press moves a log slider by a hundredth of its track.
		v = sliderValue(p, sliderPosition(p, a.values[p.Name])+dir/100)
	}
	if p.Kind == scene.Bool || p.Kind == scene.Choice {
		v = min(max(v, paramMin(p)), paramMax(p))
	}
	a.setValue(i, v)
}
