//go:build !js

package ebitenview

import (
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"dlprep/viz/shell"
)

// keyNames lists the non-character keys the shell understands, in a fixed
// order so keys landing in the same tick reach the shell deterministically.
// Letters and symbols arrive as typed characters instead, so layouts and
// Shift work.
var keyNames = []struct {
	key  ebiten.Key
	name string
}{
	{ebiten.KeySpace, shell.KeySpace}, {ebiten.KeyArrowLeft, shell.KeyLeft}, {ebiten.KeyArrowRight, shell.KeyRight},
	{ebiten.KeyArrowUp, shell.KeyUp}, {ebiten.KeyArrowDown, shell.KeyDown}, {ebiten.KeyPageUp, shell.KeyPageUp},
	{ebiten.KeyPageDown, shell.KeyPageDown}, {ebiten.KeyEscape, shell.KeyEscape}, {ebiten.KeyTab, shell.KeyTab},
	{ebiten.KeyEnter, shell.KeyEnter},
}

// repeats reports whether a held key fires this tick: on press, then
// after 1/3 s every 1/15 s (arrows sweeping a slider).
func repeats(ticks int) bool { return ticks == 1 || (ticks > 20 && ticks%4 == 0) }

// pollInput samples ebiten's input state once per tick: natively, events
// arrive fast enough that a press never starts and ends within one tick.
func (g *Game) pollInput() {
	s := g.scale
	mx, my := ebiten.CursorPosition()
	x, y := float64(mx)/s, float64(my)/s
	if !g.touchOn && (x != g.lastX || y != g.lastY) {
		g.events = append(g.events, shell.Event{Kind: shell.PointerMove, X: x, Y: y})
		g.lastX, g.lastY = x, y
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		g.events = append(g.events, shell.Event{Kind: shell.PointerDown, X: x, Y: y})
	}
	if inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft) {
		g.events = append(g.events, shell.Event{Kind: shell.PointerUp, X: x, Y: y})
	}
	if wx, wy := ebiten.Wheel(); wx != 0 || wy != 0 {
		g.events = append(g.events, shell.Event{Kind: shell.Wheel, X: x, Y: y, DX: wx, DY: wy})
	}
	g.updateTouch()
	for _, kn := range keyNames {
		k, name := kn.key, kn.name
		if d := inpututil.KeyPressDuration(k); d > 0 && (repeats(d) && (k == ebiten.KeyArrowLeft || k == ebiten.KeyArrowRight) || d == 1) {
			g.events = append(g.events, shell.Event{Kind: shell.KeyPress, Key: name})
		}
	}
	g.chars = ebiten.AppendInputChars(g.chars[:0])
	for _, r := range g.chars {
		if r == ' ' {
			continue // already KeySpace
		}
		g.events = append(g.events, shell.Event{Kind: shell.KeyPress, Key: strings.ToLower(string(r))})
	}
}

// updateTouch makes the first finger the pointer: a tap is a press and a
// release, a drag moves it.
func (g *Game) updateTouch() {
	s := g.scale
	if !g.touchOn {
		g.touches = inpututil.AppendJustPressedTouchIDs(g.touches[:0])
		if len(g.touches) > 0 {
			g.touch, g.touchOn = g.touches[0], true
			tx, ty := ebiten.TouchPosition(g.touch)
			x, y := float64(tx)/s, float64(ty)/s
			g.lastX, g.lastY = x, y
			g.events = append(g.events, shell.Event{Kind: shell.PointerMove, X: x, Y: y},
				shell.Event{Kind: shell.PointerDown, X: x, Y: y})
		}
		return
	}
	if inpututil.IsTouchJustReleased(g.touch) {
		tx, ty := inpututil.TouchPositionInPreviousTick(g.touch)
		g.events = append(g.events, shell.Event{Kind: shell.PointerUp, X: float64(tx) / s, Y: float64(ty) / s})
		g.touchOn = false
		return
	}
	tx, ty := ebiten.TouchPosition(g.touch)
	if x, y := float64(tx)/s, float64(ty)/s; x != g.lastX || y != g.lastY {
		g.events = append(g.events, shell.Event{Kind: shell.PointerMove, X: x, Y: y})
		g.lastX, g.lastY = x, y
	}
}
