package ebitenview

import (
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"dlprep/viz/shell"
)

func imageRect(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }

// Game runs a shell.App as an ebiten.Game.
type Game struct {
	App    *shell.App
	canvas *Canvas
	scale  float64
	// StopAfter, when positive, ends the game loop once the app has drawn
	// that many frames (for measuring the app natively, e.g. under Xvfb).
	StopAfter int

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

	// lastTick is when Update last ran: the app advances by elapsed wall
	// time, so a busy machine that draws fewer frames plays at the same
	// pace (FixedStep replaces it in tests that want frame-exact time).
	lastTick  time.Time
	FixedStep float64
}

// NewGame wraps app.
func NewGame(app *shell.App) *Game {
	return &Game{App: app, canvas: NewCanvas(), scale: 1, lastX: -1, lastY: -1}
}

// Update implements ebiten.Game: input becomes shell Events.
func (g *Game) Update() error {
	g.events = g.events[:0]
	g.pollInput()
	g.App.Update(g.elapsed(), g.events)
	if g.StopAfter > 0 && g.App.Stats().Frames >= g.StopAfter {
		return ebiten.Termination
	}
	return nil
}

// elapsed is the wall time since the last Update, in seconds.
func (g *Game) elapsed() float64 {
	if g.FixedStep > 0 {
		return g.FixedStep
	}
	now := time.Now()
	dt := 0.0
	if !g.lastTick.IsZero() {
		dt = now.Sub(g.lastTick).Seconds()
	}
	g.lastTick = now
	return dt
}

// Draw implements ebiten.Game.
func (g *Game) Draw(screen *ebiten.Image) {
	g.canvas.Begin(screen, g.scale)
	g.App.Draw(g.canvas)
	g.canvas.Flush()
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
// is closed. On desktops the window title follows the scene:
// "<scene title> — <title>".
func Run(app *shell.App, title string) error { return RunFrames(app, title, 0) }

// RunFrames is Run that returns after the app has drawn frames frames
// (0: until the window is closed).
func RunFrames(app *shell.App, title string, frames int) error {
	setTitle := func() {
		if t := app.Mirror().Title; t != "" {
			ebiten.SetWindowTitle(t + " — " + title)
			return
		}
		ebiten.SetWindowTitle(title)
	}
	setTitle()
	last := app.State().Problem + app.State().Scene
	app.OnChange(func(s shell.State) {
		if s.Problem+s.Scene != last {
			last = s.Problem + s.Scene
			setTitle()
		}
	})
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false) // the shell paints every pixel
	g := NewGame(app)
	g.StopAfter = frames
	if err := ebiten.RunGame(g); err != nil && err != ebiten.Termination {
		return err
	}
	return nil
}
