package ebitenview

import (
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"dlprep/viz/shell"
)

func imageRect(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }

// Game runs a shell.App as an ebiten.Game.
type Game struct {
	App    *shell.App
	canvas *Canvas
	scale  float64

	events  []shell.Event
	keys    []ebiten.Key
	chars   []rune
	touches []ebiten.TouchID
	lastX   float64
	lastY   float64
	pressed bool
	touch   ebiten.TouchID // the touch acting as the pointer, if touching
	touchOn bool

	// AfterDraw, if set, runs after each frame is drawn (tests capture
	// pixels here; ReadPixels only works inside the game loop).
	AfterDraw func(screen *ebiten.Image)
}

// NewGame wraps app.
func NewGame(app *shell.App) *Game {
	return &Game{App: app, canvas: NewCanvas(), scale: 1, lastX: -1, lastY: -1}
}

// keyNames maps the non-character keys the shell understands. Letters and
// symbols arrive as typed characters instead, so layouts and Shift work.
var keyNames = map[ebiten.Key]string{
	ebiten.KeySpace: shell.KeySpace, ebiten.KeyArrowLeft: shell.KeyLeft, ebiten.KeyArrowRight: shell.KeyRight,
	ebiten.KeyArrowUp: shell.KeyUp, ebiten.KeyArrowDown: shell.KeyDown, ebiten.KeyPageUp: shell.KeyPageUp,
	ebiten.KeyPageDown: shell.KeyPageDown, ebiten.KeyEscape: shell.KeyEscape, ebiten.KeyTab: shell.KeyTab,
	ebiten.KeyEnter: shell.KeyEnter,
}

// repeats reports whether a held key fires this tick: on press, then
// after 1/3 s every 1/15 s (arrows sweeping a slider).
func repeats(ticks int) bool { return ticks == 1 || (ticks > 20 && ticks%4 == 0) }

// Update implements ebiten.Game: input becomes shell Events.
func (g *Game) Update() error {
	g.events = g.events[:0]
	s := g.scale
	// Mouse.
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
	// Keys.
	for k, name := range keyNames {
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
	g.App.Update(1/float64(ebiten.TPS()), g.events)
	return nil
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

// Draw implements ebiten.Game.
func (g *Game) Draw(screen *ebiten.Image) {
	g.canvas.Begin(screen, g.scale)
	g.App.Draw(g.canvas)
	if g.AfterDraw != nil {
		g.AfterDraw(screen)
	}
}

// Layout implements ebiten.Game; LayoutF is used instead.
func (g *Game) Layout(w, h int) (int, int) { panic("ebitenview: Layout is not used (LayoutF is)") }

// LayoutF makes the screen as many device pixels as the window has, so
// text and lines stay sharp on high-DPI screens, and tells the shell the
// logical size.
func (g *Game) LayoutF(w, h float64) (float64, float64) {
	g.scale = ebiten.Monitor().DeviceScaleFactor()
	if g.scale <= 0 {
		g.scale = 1
	}
	g.App.Layout(w, h)
	return w * g.scale, h * g.scale
}

// Run opens a window (or takes the browser canvas) and runs app until it
// is closed.
func Run(app *shell.App, title string) error {
	ebiten.SetWindowTitle(title)
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false) // the shell paints every pixel
	return ebiten.RunGame(NewGame(app))
}
