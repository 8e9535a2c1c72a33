package shell

import (
	"math"
	"strings"

	"dlprep/scenes"
	"dlprep/viz"
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
		if u.dragParam >= 0 {
			a.dragTo(ev.X)
		} else if u.down && (u.press.kind == hitMenuItem || u.press.kind == hitMenuOverlay) {
			// Touch screens scroll the menu by dragging it.
			if dy := ev.Y - u.pressY; u.menuDrag || math.Abs(dy) > 8 {
				u.menuDrag = true
				u.menuScroll = min(max(u.pressScroll-dy, 0), max(0, u.menuContentH-u.menu.H))
				u.dirty = true
			}
		} else if u.down && u.press.kind != hitSlider && u.right.Contains(u.pressX, u.pressY) && (!u.compact || u.panelOpen) {
			// ...and the parameter panel too, from anywhere but a slider.
			if dy := ev.Y - u.pressY; u.menuDrag || math.Abs(dy) > 8 {
				u.menuDrag = true
				u.panelScroll = min(max(u.pressScroll-dy, 0), max(0, u.panelContentH-u.right.H))
				u.dirty = true
			}
		} else if u.down && u.press.kind == hitScene {
			u.sceneDrag = true
		}
		if !u.down {
			u.hover = u.hitAt(ev.X, ev.Y)
		}
	case PointerDown:
		u.px, u.py, u.down = ev.X, ev.Y, true
		u.press = u.hitAt(ev.X, ev.Y)
		u.pressX, u.pressY, u.pressScroll, u.menuDrag = ev.X, ev.Y, u.menuScroll, false
		if u.right.Contains(ev.X, ev.Y) {
			u.pressScroll = u.panelScroll
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
		if u.press.kind == hitSlider {
			u.dragParam, u.focus = u.press.i, u.press.i
			a.dragTo(ev.X)
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
		if u.menu.Contains(ev.X, ev.Y) && (!u.narrow || u.menuOpen) {
			maxScroll := max(0, u.menuContentH-u.menu.H)
			u.menuScroll = min(max(u.menuScroll-ev.DY*menuItemH, 0), maxScroll)
			u.dirty = true
		} else if u.right.Contains(ev.X, ev.Y) && (!u.compact || u.panelOpen) {
			u.panelScroll = min(max(u.panelScroll-ev.DY*menuItemH, 0), max(0, u.panelContentH-u.right.H))
			u.dirty = true
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
	t := sliderFraction(u.widget[i], x)
	a.setValue(i, p.Min+t*(p.Max-p.Min))
}

// sliderFraction is where x falls along a slider's track, in [0, 1].
func sliderFraction(w viz.Rect, x float64) float64 {
	x0, x1 := trackSpan(w)
	if x1 <= x0 {
		return 0
	}
	return min(max((x-x0)/(x1-x0), 0), 1)
}

func (a *App) click(h hit) {
	u := &a.ui
	switch h.kind {
	case hitMenuItem:
		if h.i < len(a.infos) {
			_ = a.Show(a.infos[h.i].ID, nil)
		}
	case hitMenuToggle:
		u.menuOpen, u.panelOpen, u.dirty = !u.menuOpen, false, true
	case hitPanelToggle:
		u.panelOpen, u.menuOpen, u.dirty = !u.panelOpen, false, true
	case hitPlay:
		a.playing = !a.playing
	case hitStep:
		a.step()
	case hitReset:
		a.restart()
	case hitHelp:
		u.helpOpen, u.dirty = !u.helpOpen, true
	case hitHelpOverlay:
		u.helpOpen, u.dirty = false, true
	case hitToggle:
		u.focus = h.i
		a.setValue(h.i, 1-a.values[a.params[h.i].Name])
	case hitChoice:
		u.focus = h.i
		a.setValue(h.i, float64(h.j))
	case hitPreset:
		a.preset(h.i)
	case hitDefaults:
		a.applyValues(nil)
	case hitBannerClose:
		a.banner, u.dirty = "", true
	case hitScene:
		u.sceneClick = true
	}
}

// key applies one key press.
func (a *App) key(k string) {
	u := &a.ui
	switch strings.ToLower(k) {
	case strings.ToLower(KeySpace), " ":
		a.playing = !a.playing
	case "n":
		a.step()
	case strings.ToLower(KeyRight):
		if u.focus >= 0 {
			a.nudge(+1)
		} else {
			a.step()
		}
	case strings.ToLower(KeyLeft):
		if u.focus >= 0 {
			a.nudge(-1)
		}
	case strings.ToLower(KeyDown), strings.ToLower(KeyTab):
		if n := len(a.params); n > 0 {
			u.focus = (u.focus + 1) % n
		}
	case strings.ToLower(KeyUp):
		if n := len(a.params); n > 0 {
			u.focus = (u.focus - 1 + n + 1) % (n + 1) // wraps through "none"
			if u.focus == n {
				u.focus = -1
			}
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
	if p.Kind == scenes.Bool || p.Kind == scenes.Choice {
		v = min(max(v, paramMin(p)), paramMax(p))
	}
	a.setValue(i, v)
}

// preset applies preset i of the scene.
func (a *App) preset(i int) {
	ps, ok := a.scene.(scenes.Presetter)
	if !ok {
		return
	}
	list := ps.Presets()
	if i < len(list) {
		a.applyValues(list[i].Values)
	}
}
