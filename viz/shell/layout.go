package shell

import (
	"strings"

	"dlprep/scenes"
	"dlprep/viz"
)

// Sizes in logical pixels. Hit targets are at least 34 px tall so fingers
// can use them; the backend scales everything for high-DPI screens.
const (
	topBarH     = 48.0
	menuW       = 232.0
	menuItemH   = 34.0
	menuHeadH   = 28.0
	rowH        = 36.0 // a widget row (slider, toggle, buttons)
	labelH      = 20.0
	pad         = 10.0
	bodySize    = 14.0
	smallSize   = 12.0
	titleSize   = 17.0
	narrowWidth = 900.0 // below this the menu becomes an overlay
	// compactWidth: below this (phones) the parameter panel becomes an
	// overlay too and the top bar takes two rows.
	compactWidth = 700.0
)

// hitKind names what a region of the screen does when pressed.
type hitKind int

const (
	hitNone hitKind = iota
	hitMenuItem
	hitMenuToggle
	hitPlay
	hitStep
	hitReset
	hitHelp
	hitSlider
	hitToggle
	hitChoice
	hitPreset
	hitDefaults
	hitBannerClose
	hitHelpOverlay
	hitMenuOverlay
	hitScene
	hitPanel       // the parameter panel's background: drag to scroll
	hitPanelToggle // compact layout: show/hide the parameter panel
)

// hit is a pressable region; i and j say which item (menu index, param
// index, choice index, preset index).
type hit struct {
	r    viz.Rect
	kind hitKind
	i, j int
}

// ui is the shell's layout and input state.
type ui struct {
	w, h  float64
	dirty bool

	top, menu, right, center, sceneR, text, banner viz.Rect
	narrow, compact                                bool
	panelOpen                                      bool // compact: the panel overlay is shown
	panelBtn                                       viz.Rect
	title, problems                                string // as fitted into the top bar
	hits                                           []hit
	menuScroll, menuContentH                       float64
	panelScroll, panelContentH                     float64

	// widget rects per param, for drawing.
	paramRow    []viz.Rect // label row + widget row
	widget      []viz.Rect
	presets     []viz.Rect
	presetNames []string
	choices     [][]viz.Rect // per param: its choice buttons (nil unless Choice)
	progress    struct {
		k, n int
		text string
	}
	defaults viz.Rect
	readout  viz.Rect
	buttons  [4]viz.Rect // play, step, reset, help
	menuBtn  viz.Rect
	bannerX  viz.Rect

	textBlocks [3]viz.TextBlock
	bannerText viz.TextBlock
	textH      float64

	// pointer
	menuDrag    bool    // the press turned into scrolling the menu or panel
	pressX      float64 // where the press started
	pressY      float64
	pressScroll float64 // the scroll offset when it started
	px, py      float64
	down        bool
	press       hit // what the press started on
	dragParam   int // slider being dragged, -1 none
	sceneClick  bool
	sceneDrag   bool
	hover       hit

	focus     int // keyboard-focused param, -1 none
	helpOpen  bool
	menuOpen  bool
	stepFrame bool

	measure    viz.Measurer
	menuLabels []string // titles shortened to the menu width
	// revealCurrent asks the next menu layout to scroll the current scene
	// into view (after [ ] or a URL picked a scene far down the list).
	revealCurrent bool
	sub           viz.SubCanvas
}

func (u *ui) init() {
	u.dragParam, u.focus, u.dirty = -1, -1, true
	u.measure = approxMeasurer{}
}

func (u *ui) sceneChanged() {
	u.dirty, u.focus, u.dragParam, u.menuOpen = true, -1, -1, false
	u.revealCurrent = true
}

func (u *ui) endFrame() { u.sceneClick = false }

// sceneInput is the pointer as the scene sees it.
func (u *ui) sceneInput() scenes.Input {
	return scenes.Input{MouseX: u.px - u.sceneR.X, MouseY: u.py - u.sceneR.Y,
		Clicked: u.sceneClick, Dragging: u.sceneDrag}
}

// approxMeasurer stands in for a canvas before the first Draw.
type approxMeasurer struct{}

// TextWidth implements viz.Measurer with a typical glyph width.
func (approxMeasurer) TextWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.55
}

// layout recomputes every rectangle and hit region; it runs only when the
// size, the scene, the banner or the menu changed.
func (a *App) layout() {
	u := &a.ui
	u.dirty = false
	u.hits = u.hits[:0]
	full := viz.Rect{W: u.w, H: u.h}
	u.narrow, u.compact = u.w < narrowWidth, u.w < compactWidth
	topH := topBarH
	if u.compact {
		topH = 2*topBarH - 6
	}
	var rest viz.Rect
	u.top, rest = full.CutTop(topH)
	if !u.narrow {
		u.menu, rest = rest.CutLeft(menuW)
	} else {
		u.menu = viz.Rect{X: 0, Y: topH, W: min(menuW+40, u.w), H: u.h - topH}
	}
	rw := min(max(u.w*0.26, 240), 320)
	switch {
	case u.compact:
		rw = min(320, u.w-40)
		u.right, u.center = viz.Rect{X: u.w - rw, Y: topH, W: rw, H: u.h - topH}, rest
	case u.narrow:
		rw = min(max(u.w*0.36, 200), 300)
		fallthrough
	default:
		u.right, u.center = rest.CutRight(rw)
	}

	a.layoutTopBar()
	a.layoutText()
	a.layoutBanner()
	if !u.compact || u.panelOpen {
		a.layoutRight()
	}
	if !u.narrow || u.menuOpen {
		a.layoutMenu()
	}
	if u.helpOpen {
		u.hits = append(u.hits, hit{r: full, kind: hitHelpOverlay})
	}
}

func (a *App) layoutTopBar() {
	u := &a.ui
	kinds := [4]hitKind{hitPlay, hitStep, hitReset, hitHelp}
	bh := topBarH - 12
	u.menuBtn, u.panelBtn = viz.Rect{}, viz.Rect{}
	titleX, titleEnd := u.top.X+pad, 0.0
	if u.compact {
		// Row 1: Scenes, title, ?; row 2: Play, Step, Reset ... Parameters.
		row2 := u.top.Y + topBarH - 6
		x := u.top.X + pad
		for i, w := range [3]float64{64, 56, 60} {
			u.buttons[i] = viz.Rect{X: x, Y: row2, W: w, H: bh}
			x += w + 6
		}
		u.buttons[3] = viz.Rect{X: u.top.X + u.top.W - pad - 40, Y: u.top.Y + 6, W: 40, H: bh}
		u.panelBtn = viz.Rect{X: u.top.X + u.top.W - pad - 110, Y: row2, W: 110, H: bh}
		u.hits = append(u.hits, hit{r: u.panelBtn, kind: hitPanelToggle})
		titleEnd = u.buttons[3].X - 8
	} else {
		x := u.top.X + u.top.W - pad
		widths := [4]float64{76, 64, 68, 40}
		for i := 3; i >= 0; i-- {
			x -= widths[i]
			u.buttons[i] = viz.Rect{X: x, Y: u.top.Y + 6, W: widths[i], H: bh}
			x -= 6
		}
		titleEnd = u.buttons[0].X - 8
		if a.scene != nil {
			if _, ok := a.scene.(scenes.Stepper); ok {
				titleEnd -= 80 // "step k of n"
			}
		}
	}
	for i := range u.buttons {
		u.hits = append(u.hits, hit{r: u.buttons[i], kind: kinds[i]})
	}
	if u.narrow {
		u.menuBtn = viz.Rect{X: pad, Y: u.top.Y + 6, W: 80, H: bh}
		u.hits = append(u.hits, hit{r: u.menuBtn, kind: hitMenuToggle})
		titleX = u.menuBtn.X + u.menuBtn.W + pad
	}
	// Fit the title, then the problem numbers if there is room.
	title := a.info.Title
	if title == "" {
		title = "dlprep"
	}
	room := titleEnd - titleX
	u.title = viz.Ellipsize(u.measure, title, titleSize, room)
	u.problems = ""
	if len(a.info.Problems) > 0 {
		p := "problem " + strings.Join(a.info.Problems, ", ")
		if u.measure.TextWidth(u.title, titleSize)+12+u.measure.TextWidth(p, smallSize) <= room {
			u.problems = p
		}
	}
}

// layoutText sizes the text panel under the scene to its wrapped content,
// at most 40% of the centre column.
func (a *App) layoutText() {
	u := &a.ui
	inner := u.center.Inset(pad)
	h := 0.0
	for i, s := range a.textParts() {
		if s.body == "" {
			continue
		}
		lines := u.textBlocks[i].Lines(u.measure, s.body, bodySize, inner.W-90)
		h += max(float64(len(lines))*viz.LineHeight(bodySize), labelH) + 6
	}
	h = min(h+2*pad, u.center.H*0.4)
	u.textH = h
	u.text, u.sceneR = u.center.CutBottom(h)
	u.hits = append(u.hits, hit{r: u.sceneR, kind: hitScene})
}

type textPart struct{ label, body string }

func (a *App) textParts() [3]textPart {
	return [3]textPart{{"Problem", a.info.Statement}, {"Formula", a.info.Formula}, {"Look for", a.info.LookFor}}
}

func (a *App) layoutBanner() {
	u := &a.ui
	u.banner, u.bannerX = viz.Rect{}, viz.Rect{}
	if a.banner == "" {
		return
	}
	r := u.sceneR.Inset(pad)
	lines := u.bannerText.Lines(u.measure, a.banner, bodySize, r.W-60)
	h := max(float64(min(len(lines), 4))*viz.LineHeight(bodySize)+16, 44)
	u.banner = viz.Rect{X: r.X, Y: r.Y, W: r.W, H: h}
	u.bannerX = viz.Rect{X: r.X + r.W - 44, Y: r.Y, W: 44, H: 44}
	u.hits = append(u.hits, hit{r: u.bannerX, kind: hitBannerClose})
}

func (a *App) layoutRight() {
	u := &a.ui
	u.hits = append(u.hits, hit{r: u.right, kind: hitPanel})
	r := u.right.Inset(pad)
	u.panelScroll = min(u.panelScroll, max(0, u.panelContentH-u.right.H))
	y := r.Y + 24 - u.panelScroll // "Parameters" heading
	// visible keeps a widget's hit region inside the panel, so widgets
	// scrolled under the top bar cannot be pressed through it.
	visible := func(h hit) {
		top, bot := max(h.r.Y, u.right.Y), min(h.r.Y+h.r.H, u.right.Y+u.right.H)
		if bot > top {
			h.r.Y, h.r.H = top, bot-top
			u.hits = append(u.hits, h)
		}
	}
	u.paramRow = u.paramRow[:0]
	u.widget = u.widget[:0]
	u.choices = u.choices[:0]
	for i, p := range a.params {
		wh := rowH
		if p.Kind == scenes.Choice {
			wh = rowH * float64(len(choiceRows(u.measure, p, r.W)))
		}
		row := viz.Rect{X: r.X, Y: y, W: r.W, H: labelH + wh}
		w := viz.Rect{X: r.X, Y: y + labelH, W: r.W, H: wh}
		u.paramRow = append(u.paramRow, row)
		u.widget = append(u.widget, w)
		switch p.Kind {
		case scenes.Float, scenes.Int:
			visible(hit{r: w, kind: hitSlider, i: i})
		case scenes.Bool:
			visible(hit{r: w, kind: hitToggle, i: i})
		case scenes.Choice:
			for j, cr := range choiceRects(u.measure, p, w) {
				visible(hit{r: cr, kind: hitChoice, i: i, j: j})
			}
		}
		var crs []viz.Rect
		if p.Kind == scenes.Choice {
			crs = choiceRects(u.measure, p, w)
		}
		u.choices = append(u.choices, crs)
		y += labelH + wh + 8
	}
	// Presets, then a Defaults button, as wrapped buttons.
	u.presets = u.presets[:0]
	names := u.presetNames[:0]
	if ps, ok := a.scene.(scenes.Presetter); ok {
		for _, p := range ps.Presets() {
			names = append(names, p.Name)
		}
	}
	u.presetNames = names
	y += 4
	if len(names) > 0 {
		y += 22 // "Presets" heading
	}
	x := r.X
	place := func(label string) viz.Rect {
		w := u.measure.TextWidth(label, bodySize) + 24
		if x > r.X && x+w > r.X+r.W {
			x, y = r.X, y+rowH+6
		}
		b := viz.Rect{X: x, Y: y, W: min(w, r.W), H: rowH}
		x += w + 6
		return b
	}
	for i, n := range names {
		b := place(n)
		u.presets = append(u.presets, b)
		visible(hit{r: b, kind: hitPreset, i: i})
	}
	u.defaults = place("Defaults")
	visible(hit{r: u.defaults, kind: hitDefaults})
	y += rowH + 14
	// The readout gets the rest, at least room for a few lines: below
	// that the panel scrolls.
	const readoutMin = 150
	u.readout = viz.Rect{X: r.X, Y: y, W: r.W, H: max(readoutMin, r.Y+r.H-y)}
	u.panelContentH = y + readoutMin + pad + u.panelScroll - u.right.Y
}

// choiceRows wraps a choice param's buttons into rows of at most 3.
func choiceRows(m viz.Measurer, p scenes.Param, w float64) [][]int {
	var rows [][]int
	per := 3
	if len(p.Choices) == 4 {
		per = 2
	}
	for i := range p.Choices {
		if i%per == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
	}
	return rows
}

func choiceRects(m viz.Measurer, p scenes.Param, w viz.Rect) []viz.Rect {
	out := make([]viz.Rect, len(p.Choices))
	for ri, row := range choiceRows(m, p, w.W) {
		cols := viz.Rect{X: w.X, Y: w.Y + float64(ri)*rowH, W: w.W, H: rowH - 4}.Columns(len(row), 4)
		for k, i := range row {
			out[i] = cols[k]
		}
	}
	return out
}

func (a *App) layoutMenu() {
	u := &a.ui
	// The menu's background: swallows presses between items (overlay) and
	// starts drag-scrolling anywhere on the list.
	u.hits = append(u.hits, hit{r: u.menu, kind: hitMenuOverlay})
	u.menuLabels = u.menuLabels[:0]
	for _, in := range a.infos {
		u.menuLabels = append(u.menuLabels, viz.Ellipsize(u.measure, in.Title, bodySize, u.menu.W-32))
	}
	if u.revealCurrent {
		u.revealCurrent = false
		top := 6.0 // the current item's offset from the top of the list
		fam := ""
		for _, in := range a.infos {
			if in.Family != fam {
				fam, top = in.Family, top+menuHeadH
			}
			if in.ID == a.id {
				break
			}
			top += menuItemH
		}
		if top-menuHeadH < u.menuScroll {
			u.menuScroll = max(0, top-menuHeadH)
		} else if top+menuItemH > u.menuScroll+u.menu.H-20 {
			u.menuScroll = top + menuItemH - u.menu.H + 20 // clear of the "more" hint
		}
	}
	y := u.menu.Y + 6 - u.menuScroll
	fam := ""
	for i, in := range a.infos {
		if in.Family != fam {
			fam = in.Family
			y += menuHeadH
		}
		r := viz.Rect{X: u.menu.X + 4, Y: y, W: u.menu.W - 8, H: menuItemH}
		if r.Y >= u.menu.Y && r.Y+r.H <= u.menu.Y+u.menu.H {
			u.hits = append(u.hits, hit{r: r, kind: hitMenuItem, i: i})
		}
		y += menuItemH
	}
	u.menuContentH = y + u.menuScroll - u.menu.Y + 6
}

// hitAt finds the topmost region at (x, y): later hits are on top.
func (u *ui) hitAt(x, y float64) hit {
	for i := len(u.hits) - 1; i >= 0; i-- {
		if u.hits[i].r.Contains(x, y) {
			return u.hits[i]
		}
	}
	return hit{}
}
