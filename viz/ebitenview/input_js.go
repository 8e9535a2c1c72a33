//go:build js

package ebitenview

import (
	"strings"
	"sync"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"dlprep/viz/shell"
)

// In the browser ebiten samples the mouse buttons and keys once per tick,
// so a press and release (or a key down and up) that both land between
// two ticks are lost: about 30% of scripted clicks, and quick taps on
// phones. The page's own events are queued here instead and replayed in
// order; pointer events cover mouse, touch and pen alike.

// browserInput is the queue the JS listeners fill.
type browserInput struct {
	mu      sync.Mutex
	events  []shell.Event
	canvas  js.Value
	pressed bool
	funcs   []js.Func
}

var input = &browserInput{}

func init() { input.listen() }

// jsKeyNames maps KeyboardEvent.code to the shell's key names.
var jsKeyNames = map[string]string{
	"Space": shell.KeySpace, "ArrowLeft": shell.KeyLeft, "ArrowRight": shell.KeyRight,
	"ArrowUp": shell.KeyUp, "ArrowDown": shell.KeyDown, "PageUp": shell.KeyPageUp,
	"PageDown": shell.KeyPageDown, "Escape": shell.KeyEscape, "Tab": shell.KeyTab, "Enter": shell.KeyEnter,
}

func (in *browserInput) push(ev shell.Event) {
	in.mu.Lock()
	in.events = append(in.events, ev)
	in.mu.Unlock()
}

// pos is the event's position in canvas CSS pixels, which are the shell's
// logical pixels (LayoutF scales them to device pixels).
func (in *browserInput) pos(e js.Value) (x, y float64, inside bool) {
	if !in.canvas.Truthy() {
		in.canvas = js.Global().Get("document").Call("querySelector", "canvas")
		if !in.canvas.Truthy() {
			return 0, 0, false
		}
	}
	r := in.canvas.Call("getBoundingClientRect")
	x = e.Get("clientX").Float() - r.Get("left").Float()
	y = e.Get("clientY").Float() - r.Get("top").Float()
	return x, y, x >= 0 && y >= 0 && x < r.Get("width").Float() && y < r.Get("height").Float()
}

// typing reports whether the event is aimed at a form field of the page.
func typing(e js.Value) bool {
	t := e.Get("target")
	if !t.Truthy() || t.Get("tagName").IsUndefined() {
		return false
	}
	switch t.Get("tagName").String() {
	case "INPUT", "TEXTAREA", "SELECT":
		return true
	}
	return t.Get("isContentEditable").Truthy()
}

func (in *browserInput) on(target js.Value, name string, f func(e js.Value)) {
	fn := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 0 {
			f(args[0])
		}
		return nil
	})
	in.funcs = append(in.funcs, fn)
	target.Call("addEventListener", name, fn)
}

func (in *browserInput) listen() {
	win := js.Global()
	in.on(win, "pointerdown", func(e js.Value) {
		if !e.Get("isPrimary").Bool() || e.Get("button").Int() != 0 {
			return
		}
		if x, y, ok := in.pos(e); ok {
			in.pressed = true
			in.push(shell.Event{Kind: shell.PointerMove, X: x, Y: y})
			in.push(shell.Event{Kind: shell.PointerDown, X: x, Y: y})
		}
	})
	in.on(win, "pointermove", func(e js.Value) {
		if !e.Get("isPrimary").Bool() {
			return
		}
		if x, y, ok := in.pos(e); ok || in.pressed {
			in.push(shell.Event{Kind: shell.PointerMove, X: x, Y: y})
		}
	})
	up := func(e js.Value) {
		if !e.Get("isPrimary").Bool() || !in.pressed {
			return
		}
		in.pressed = false
		x, y, _ := in.pos(e)
		in.push(shell.Event{Kind: shell.PointerUp, X: x, Y: y})
	}
	in.on(win, "pointerup", up)
	in.on(win, "pointercancel", up)
	in.on(win, "keydown", func(e js.Value) {
		if typing(e) || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return // leave browser shortcuts and form fields alone
		}
		if name, ok := jsKeyNames[e.Get("code").String()]; ok {
			if e.Get("repeat").Bool() && name != shell.KeyLeft && name != shell.KeyRight {
				return // held arrows sweep a slider; other keys act once
			}
			in.push(shell.Event{Kind: shell.KeyPress, Key: name})
			return
		}
		if k := e.Get("key").String(); len([]rune(k)) == 1 && k != " " {
			in.push(shell.Event{Kind: shell.KeyPress, Key: strings.ToLower(k)})
		}
	})
}

// pollInput drains the page's events, plus ebiten's accumulated wheel.
func (g *Game) pollInput() {
	input.mu.Lock()
	g.events = append(g.events, input.events...)
	input.events = input.events[:0]
	input.mu.Unlock()
	if wx, wy := ebiten.Wheel(); wx != 0 || wy != 0 {
		mx, my := ebiten.CursorPosition()
		s := g.scale
		g.events = append(g.events, shell.Event{Kind: shell.Wheel, X: float64(mx) / s, Y: float64(my) / s, DX: wx, DY: wy})
	}
}
