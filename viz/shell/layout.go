package shell

import (
	"dlprep/viz"
	"dlprep/viz/scene"
	"dlprep/viz/tex"
)

// Sizes in logical pixels. Hit targets are at least 34 px tall so fingers
// can use them; the backend scales everything for high-DPI screens. No
// text is smaller than viz.MinTextSize.
const (
	topBarH     = 48.0
	menuW       = 240.0
	menuItemH   = 34.0
	menuHeadH   = 28.0
	rowH        = 36.0 // a widget row (slider, toggle, buttons)
	labelH      = 20.0
	pad         = 10.0
	bodySize    = 14.0
	smallSize   = 12.0
	titleSize   = 17.0
	transportH  = 44.0
	narrowWidth = 900.0 // below this the menu becomes an overlay
	// compactWidth: below this (phones) the parameter panel becomes an
	// overlay too, the top bar and the transport bar take two rows.
	compactWidth = 700.0
	// captionLines is how many lines a step's caption may take on the
	// figure; a longer one is shortened, whole in the tooltip and mirror.
	captionLines = 4
)

// hitKind names what a region of the screen does when pressed.
type hitKind int

const (
	hitNone hitKind = iota
	hitMenuItem
	hitMenuToggle
	hitPlay
	hitBack
	hitFwd
	hitScrub
	hitSpeed
	hitLoop
	hitReset
	hitHelp
	hitText
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
	hitTextPanel   // the text panel: drag or wheel to scroll
	hitCaption     // the step caption: hover for its whole text
	hitParamLabel  // a parameter's label: hover for its help
	hitQuiz        // top bar: start or end a quiz
	hitQuizAnswer
	hitQuizReveal
	hitQuizNext
	hitQuizEnd
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

	top, menu, right, center, caption, sceneR, transport, text, banner viz.Rect
	narrow, compact                                                    bool
	panelOpen                                                          bool // compact: the panel overlay is shown
	panelBtn, textBtn, resetBtn, helpBtn, menuBtn, bannerX, quizBtn    viz.Rect
	title                                                              string // as fitted into the top bar
	hits                                                               []hit
	menuScroll, menuContentH                                           float64
	panelScroll, panelContentH                                         float64
	textScroll, textContentH                                           float64

	// transport bar
	tBack, tPlay, tFwd, tScrub, tSpeed, tLoop viz.Rect
	scrubbing                                 bool

	// caption strip: the header of the step on screen, and its caption and
	// shapes as rich text (inline math between dollar signs).
	capStep  int
	capHead  string
	capText  tex.Paragraph
	capShape tex.Paragraph
	capShort bool // the caption did not fit in captionLines lines

	// widget rects per param, for drawing.
	paramRow []viz.Rect // label row + widget row
	widget   []viz.Rect
	presets  []viz.Rect
	choices  [][]viz.Rect // per param: its choice buttons (nil unless Choice)
	defaults viz.Rect
	readoutY float64 // where the readout starts (content coordinates)

	statement viz.TextBlock
	formula   tex.Paragraph
	// formulaOf is the Info.Formula formulaRich was made from.
	formulaOf, formulaRich string
	bannerText             viz.TextBlock
	readout                readoutCache

	// pointer
	menuDrag    bool    // the press turned into scrolling a panel
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

	focus    int // keyboard-focused param, -1 none
	helpOpen bool
	menuOpen bool

	measure    viz.Measurer
	menuLabels []string // labels shortened to the menu width
	menuShort  []bool   // which were shortened
	// revealCurrent asks the next menu layout to scroll the current view
	// into view (after [ ] or a URL picked one far down the list).
	revealCurrent bool
	sub           viz.SubCanvas
	linting       bool // drawing for the layout lint: no tooltip
	pts           []viz.Point
	families      map[string]string // menu headings, in capitals
	pvals         []paramCache      // parameter values as text
	speedOf       float64           // the speed speedText shows
	speedText     string

	// quiz panel
	quizBtns                      []viz.Rect
	quizText                      []string
	quizTextY                     float64
	quizVerdictLines              int
	quizReveal, quizNext, quizEnd viz.Rect
}

// paramCache is a parameter's value and its text.
type paramCache struct {
	name string
	v    float64
	s    string
}

func (u *ui) init() {
	u.dragParam, u.focus, u.dirty, u.capStep = -1, -1, true, -1
	u.measure = approxMeasurer{}
}

func (u *ui) sceneChanged() {
	u.dirty, u.focus, u.dragParam, u.menuOpen = true, -1, -1, false
	u.revealCurrent, u.textScroll, u.panelScroll, u.capStep = true, 0, 0, -1
}

func (u *ui) endFrame() { u.sceneClick = false }

// approxMeasurer stands in for a canvas before the first Draw.
type approxMeasurer struct{}

// TextWidth implements viz.Measurer with a typical glyph width.
func (approxMeasurer) TextWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.55
}

// layout recomputes every rectangle and hit region; it runs only when the
// size, the view, the banner or an overlay changed.
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
	switch {
	case u.compact:
		rw := min(340, u.w-40)
		u.right, u.center = viz.Rect{X: u.w - rw, Y: topH, W: rw, H: u.h - topH}, rest
	case u.narrow:
		u.right, u.center = rest.CutRight(min(max(u.w*0.36, 220), 300))
	default:
		u.right, u.center = rest.CutRight(min(max(u.w*0.24, 260), 330))
	}

	a.layoutTopBar()
	a.layoutCenter()
	a.layoutBanner()
	if !u.compact || u.panelOpen {
		if a.quiz != nil {
			a.layoutQuiz()
		} else {
			a.layoutRight()
		}
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
	bh := topBarH - 12
	u.menuBtn, u.panelBtn, u.textBtn, u.quizBtn = viz.Rect{}, viz.Rect{}, viz.Rect{}, viz.Rect{}
	y1 := u.top.Y + 6
	titleX := u.top.X + pad
	right := u.top.X + u.top.W - pad
	u.helpBtn = viz.Rect{X: right - 40, Y: y1, W: 40, H: bh}
	u.hits = append(u.hits, hit{r: u.helpBtn, kind: hitHelp})
	titleEnd := u.helpBtn.X - 8
	if u.compact {
		// Row 2: Reset, Text ... Parameters.
		y2 := u.top.Y + topBarH - 6
		u.resetBtn = viz.Rect{X: u.top.X + pad, Y: y2, W: 68, H: bh}
		if a.opts.OnText != nil {
			u.textBtn = viz.Rect{X: u.resetBtn.X + u.resetBtn.W + 6, Y: y2, W: 60, H: bh}
		}
		u.panelBtn = viz.Rect{X: right - 110, Y: y2, W: 110, H: bh}
		u.hits = append(u.hits, hit{r: u.panelBtn, kind: hitPanelToggle})
	} else {
		u.resetBtn = viz.Rect{X: u.helpBtn.X - 6 - 68, Y: y1, W: 68, H: bh}
		titleEnd = u.resetBtn.X - 8
		if a.opts.OnText != nil {
			u.textBtn = viz.Rect{X: u.resetBtn.X - 6 - 60, Y: y1, W: 60, H: bh}
			titleEnd = u.textBtn.X - 8
		}
	}
	u.hits = append(u.hits, hit{r: u.resetBtn, kind: hitReset})
	if u.textBtn.W > 0 {
		u.hits = append(u.hits, hit{r: u.textBtn, kind: hitText})
	}
	if a.scene != nil && a.CanQuiz() {
		// Quiz sits left of the top row's last buttons.
		left := u.helpBtn
		if !u.compact {
			left = u.resetBtn
			if u.textBtn.W > 0 {
				left = u.textBtn
			}
		}
		u.quizBtn = viz.Rect{X: left.X - 6 - 60, Y: left.Y, W: 60, H: bh}
		titleEnd = u.quizBtn.X - 8
		u.hits = append(u.hits, hit{r: u.quizBtn, kind: hitQuiz})
	}
	if u.narrow {
		u.menuBtn = viz.Rect{X: pad, Y: y1, W: 84, H: bh}
		u.hits = append(u.hits, hit{r: u.menuBtn, kind: hitMenuToggle})
		titleX = u.menuBtn.X + u.menuBtn.W + pad
	}
	title := menuLabel(a.info)
	if title == "" {
		title = "dlprep"
	}
	u.title = viz.Ellipsize(u.measure, title, titleSize, titleEnd-titleX)
}

// layoutCenter splits the centre column: the step caption on top of the
// figure, the scene, the transport bar, and the text panel.
func (a *App) layoutCenter() {
	u := &a.ui
	c := u.center
	// Text panel: its wrapped content, at most 28% of the column.
	inner := c.Inset(pad)
	content := 2 * pad
	if st, fo := a.textHeights(inner.W - textLabelW); st+fo > 0 {
		content += max(st, labelH) + 6 + max(fo, labelH) + 6
	}
	u.textContentH = content
	th := min(content, max(c.H*0.28, 60))
	if content <= 2*pad {
		th = 0
	}
	u.text, c = c.CutBottom(th)
	u.textScroll = min(u.textScroll, max(0, u.textContentH-u.text.H))
	if th > 0 {
		u.hits = append(u.hits, hit{r: u.text, kind: hitTextPanel})
	}
	// Transport bar.
	tH := transportH
	if u.compact {
		tH = 2*transportH - 4
	}
	u.transport, c = c.CutBottom(tH)
	a.layoutTransport()
	// Caption strip: as tall as the longest caption of the timeline needs,
	// so the figure does not jump as the steps change.
	capH := a.captionHeight(c.W - 2*pad)
	u.caption, u.sceneR = c.CutTop(capH)
	u.capStep = -1
	u.hits = append(u.hits, hit{r: u.caption, kind: hitCaption})
	u.hits = append(u.hits, hit{r: u.sceneR, kind: hitScene})
}

// textLabelW is the width of the labels ("Problem", "Formula") left of
// the text panel's paragraphs.
const textLabelW = 76.0

// textHeights are the heights of the statement and the typeset formula
// in a column of width w.
func (a *App) textHeights(w float64) (statement, formula float64) {
	u := &a.ui
	if a.info.Statement != "" {
		statement = float64(len(u.statement.Lines(u.measure, a.info.Statement, bodySize, w))) * viz.LineHeight(bodySize)
	}
	if a.info.Formula != "" {
		formula = tex.Height(u.formula.Lines(u.measure, u.formulaSource(a.info.Formula), formulaSize, w))
	}
	return statement, formula
}

// formulaSize is the size formulas are set at: a little larger than the
// text, so their scripts stay at or above the minimum size.
const formulaSize = 16.0

// formulaSource is Info.Formula as rich text: one inline formula, which
// wraps after its relations and operators. It is made once per view (a
// concatenation every frame would allocate).
func (u *ui) formulaSource(f string) string {
	if f != u.formulaOf {
		u.formulaOf, u.formulaRich = f, "$"+f+"$"
	}
	return u.formulaRich
}

// captionHeight is the strip's height: a header line (stage and shapes)
// and the longest caption, wrapped, up to captionLines.
func (a *App) captionHeight(w float64) float64 {
	u := &a.ui
	most := 0.0
	var p, q tex.Paragraph
	for i, st := range a.play.tl {
		if i > 200 { // long timelines repeat their captions; sample the start
			break
		}
		h := 0.0
		if st.Caption != "" {
			lines := p.Lines(u.measure, st.Caption, bodySize, w)
			h = tex.Height(lines[:min(len(lines), captionLines)])
		}
		if st.Shapes != "" {
			head := u.measure.TextWidth(stepHeader(i, len(a.play.tl), st.Stage), bodySize) + 16
			shapes := q.Lines(u.measure, st.Shapes, bodySize, w)
			if len(shapes) > 1 || head+shapes[0].Width > w {
				h += tex.Height(shapes) // the shapes take lines of their own
			}
		}
		most = max(most, h)
	}
	return 8 + viz.LineHeight(bodySize) + most + 6
}

// stepHeader is the caption strip's first line: "Step 3 of 8 · split heads".
func stepHeader(k, n int, stage string) string {
	s := "Step " + itoa(k+1) + " of " + itoa(n)
	if stage != "" {
		s += " · " + stage
	}
	return s
}

// layoutTransport places play, step back and forward, the scrubber, the
// speed and the loop buttons.
func (a *App) layoutTransport() {
	u := &a.ui
	r := u.transport.Inset(4)
	bh := transportH - 8
	x := r.X + pad/2
	y := r.Y
	place := func(w float64) viz.Rect {
		b := viz.Rect{X: x, Y: y, W: w, H: bh}
		x += w + 6
		return b
	}
	u.tBack, u.tPlay, u.tFwd = place(44), place(52), place(44)
	if u.compact {
		x = r.X + r.W - pad/2 - 56 - 6 - 56
		u.tSpeed, u.tLoop = place(56), place(56)
		u.tScrub = viz.Rect{X: r.X + pad, Y: r.Y + transportH, W: r.W - 2*pad, H: bh}
	} else {
		x0 := x + 6
		x = r.X + r.W - pad/2 - 56 - 6 - 56
		u.tSpeed, u.tLoop = place(56), place(56)
		u.tScrub = viz.Rect{X: x0, Y: y, W: u.tSpeed.X - 12 - x0, H: bh}
	}
	for _, h := range []hit{{r: u.tBack, kind: hitBack}, {r: u.tPlay, kind: hitPlay}, {r: u.tFwd, kind: hitFwd},
		{r: u.tScrub, kind: hitScrub}, {r: u.tSpeed, kind: hitSpeed}, {r: u.tLoop, kind: hitLoop}} {
		u.hits = append(u.hits, h)
	}
}

// scrubSpan is the x range of the scrubber's track.
func scrubSpan(r viz.Rect) (x0, x1 float64) { return r.X + 8, r.X + r.W - 8 }

func (a *App) layoutBanner() {
	u := &a.ui
	u.banner, u.bannerX = viz.Rect{}, viz.Rect{}
	if a.banner == "" {
		return
	}
	r := u.sceneR.Inset(pad)
	lines := u.bannerText.Lines(u.measure, a.banner, bodySize, r.W-60)
	h := max(float64(min(len(lines), maxBannerLines))*viz.LineHeight(bodySize)+16, 44)
	u.banner = viz.Rect{X: r.X, Y: r.Y, W: r.W, H: h}
	u.bannerX = viz.Rect{X: r.X + r.W - 44, Y: r.Y, W: 44, H: 44}
	u.hits = append(u.hits, hit{r: u.bannerX, kind: hitBannerClose})
}

// maxBannerLines bounds the error banner; a longer message ends in "…"
// (the whole of it is in the text mirror).
const maxBannerLines = 4

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
		if p.Kind == scene.Choice {
			wh = rowH * float64(len(choiceRows(u.measure, p, r.W)))
		}
		row := viz.Rect{X: r.X, Y: y, W: r.W, H: labelH + wh}
		w := viz.Rect{X: r.X, Y: y + labelH, W: r.W, H: wh}
		u.paramRow = append(u.paramRow, row)
		u.widget = append(u.widget, w)
		visible(hit{r: viz.Rect{X: r.X, Y: y, W: r.W, H: labelH}, kind: hitParamLabel, i: i})
		var crs []viz.Rect
		switch p.Kind {
		case scene.Float, scene.Int:
			visible(hit{r: w, kind: hitSlider, i: i})
		case scene.Bool:
			visible(hit{r: w, kind: hitToggle, i: i})
		case scene.Choice:
			crs = choiceRects(u.measure, p, w)
			for j, cr := range crs {
				visible(hit{r: cr, kind: hitChoice, i: i, j: j})
			}
		}
		u.choices = append(u.choices, crs)
		y += labelH + wh + 8
	}
	// The readout comes next (its height follows its content each frame),
	// then the presets and Defaults: see placePresets.
	u.readoutY = y + u.panelScroll
	a.placePresets(u.readoutY + u.readout.height)
}

// placePresets lays out the preset buttons and Defaults starting at
// content y (before scrolling), and sets the panel's content height.
func (a *App) placePresets(contentY float64) {
	u := &a.ui
	r := u.right.Inset(pad)
	y := contentY - u.panelScroll + 8
	u.presets = u.presets[:0]
	if len(a.presets) > 0 {
		y += 22 // "Presets" heading
	}
	x := r.X
	place := func(label string) viz.Rect {
		w := min(u.measure.TextWidth(label, bodySize)+24, r.W)
		if x > r.X && x+w > r.X+r.W {
			x, y = r.X, y+rowH+6
		}
		b := viz.Rect{X: x, Y: y, W: w, H: rowH}
		x += w + 6
		return b
	}
	for i := range a.presets {
		b := place(a.presets[i].Name)
		u.presets = append(u.presets, b)
		if b.Y+b.H > u.right.Y && b.Y < u.right.Y+u.right.H {
			u.hits = append(u.hits, hit{r: clipRect(b, u.right), kind: hitPreset, i: i})
		}
	}
	u.defaults = place("Defaults")
	if u.defaults.Y+u.defaults.H > u.right.Y && u.defaults.Y < u.right.Y+u.right.H {
		u.hits = append(u.hits, hit{r: clipRect(u.defaults, u.right), kind: hitDefaults})
	}
	u.panelContentH = y + rowH + pad + u.panelScroll - u.right.Y
}

// clipRect is the part of a inside b.
func clipRect(a, b viz.Rect) viz.Rect {
	x0, y0 := max(a.X, b.X), max(a.Y, b.Y)
	x1, y1 := min(a.X+a.W, b.X+b.W), min(a.Y+a.H, b.Y+b.H)
	return viz.Rect{X: x0, Y: y0, W: max(0, x1-x0), H: max(0, y1-y0)}
}

// choiceRows wraps a choice param's buttons into rows: as many per row as
// fit their labels at full length, at most 3.
func choiceRows(m viz.Measurer, p scene.Param, w float64) [][]int {
	var rows [][]int
	widest := 0.0
	for _, c := range p.Choices {
		widest = max(widest, m.TextWidth(c, bodySize)+20)
	}
	per := max(1, min(3, int((w+4)/(widest+4))))
	if len(p.Choices) == 4 && per == 3 {
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

func choiceRects(m viz.Measurer, p scene.Param, w viz.Rect) []viz.Rect {
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
	u.menuShort = u.menuShort[:0]
	for _, v := range a.views {
		full := menuLabel(v.info)
		s := viz.Ellipsize(u.measure, full, bodySize, u.menu.W-32)
		u.menuLabels = append(u.menuLabels, s)
		u.menuShort = append(u.menuShort, s != full)
	}
	if u.revealCurrent {
		u.revealCurrent = false
		top := 6.0 // the current item's offset from the top of the list
		fam := ""
		for i, v := range a.views {
			if v.info.Family != fam {
				fam, top = v.info.Family, top+menuHeadH
			}
			if i == a.cur {
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
	for i, v := range a.views {
		if v.info.Family != fam {
			fam = v.info.Family
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
