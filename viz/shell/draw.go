package shell

import (
	"math"
	"strconv"
	"strings"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// trackSpan is the x range a slider's thumb travels in widget w (inset so
// the thumb stays inside at both ends).
func trackSpan(w viz.Rect) (x0, x1 float64) { return w.X + 12, w.X + w.W - 12 }

func (a *App) draw(c viz.Canvas) {
	u := &a.ui
	u.measure = c
	if w, h := c.Size(); w != u.w || h != u.h {
		u.w, u.h, u.dirty = w, h, true
	}
	if u.dirty {
		a.layout()
	}
	a.refreshReadout(c)
	c.FillRect(0, 0, u.w, u.h, viz.Paper)
	a.drawScene(c)
	a.drawCaption(c)
	a.drawTransport(c)
	a.drawText(c)
	a.drawBanner(c) // under the overlays, which are laid out above it too
	if !u.compact || u.panelOpen {
		if a.quiz != nil {
			a.drawQuiz(c)
		} else {
			a.drawRight(c)
		}
	}
	if !u.narrow || u.menuOpen {
		a.drawMenu(c)
	}
	a.drawTopBar(c)
	if u.helpOpen {
		a.drawHelp(c)
	}
	if !u.linting {
		a.drawTooltip(c)
	}
}

// refreshReadout asks the scene for its readout and, when it needs more
// room than before, lays the panel out again.
func (a *App) refreshReadout(c viz.Canvas) {
	u := &a.ui
	ro, ok := a.scene.(scene.Readouter)
	if !ok || a.crashed != "" || (u.compact && !u.panelOpen) || a.quiz != nil {
		return
	}
	var kvs []scene.KV
	a.syncFrame()
	a.guard("Readout", func() { kvs = ro.Readout(&a.frame) })
	if u.readout.set(c, kvs, u.right.W-2*pad) {
		a.layout()
	}
}

func (a *App) drawScene(c viz.Canvas) {
	u := &a.ui
	r := u.sceneR
	viz.MarkPanel(c, r)
	a.frame.Reset()
	if a.scene == nil {
		c.Text(r.X+r.W/2, r.Y+r.H/2, "There are no views.", bodySize, viz.InkMuted, viz.AlignCenter)
		return
	}
	if a.crashed != "" {
		c.Text(r.X+r.W/2, r.Y+r.H/2, "This view stopped. Press R to restart it.", bodySize, viz.Bad, viz.AlignCenter)
		return
	}
	a.syncFrame()
	u.sub.Set(c, r)
	a.guard("Draw", func() { a.scene.Draw(&u.sub, &a.frame) })
	if fr, ok := a.focusRect(); ok {
		c.StrokeRect(fr.X-1, fr.Y-1, fr.W+2, fr.H+2, 2, viz.Ink)
		c.StrokeRect(fr.X-3, fr.Y-3, fr.W+6, fr.H+6, 2, viz.White)
	}
}

// drawCaption writes the step on screen above the figure: its number and
// stage, the tensor shapes in view, and what to look at (rich text, math
// typeset).
func (a *App) drawCaption(c viz.Canvas) {
	u := &a.ui
	r := u.caption
	if r.H <= 0 {
		return
	}
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Paper)
	c.Line(r.X+pad, r.Y+r.H-1, r.X+r.W-pad, r.Y+r.H-1, 1, viz.Grid)
	viz.MarkPanel(c, r)
	n := len(a.play.tl)
	if n == 0 {
		return
	}
	k, _ := a.play.at()
	st := &a.play.tl[k]
	inner := r.Inset(pad)
	inner.Y, inner.H = r.Y+8, r.H-8
	if k != u.capStep {
		u.capStep = k
		u.capHead = stepHeader(k, n, st.Stage)
	}
	bottom := inner.Y + inner.H
	y := inner.Y + bodySize
	head := viz.Ellipsize(c, u.capHead, bodySize, inner.W)
	c.Text(inner.X, y, head, bodySize, viz.Accent, viz.AlignLeft)
	y += viz.LineHeight(bodySize) - bodySize
	if st.Shapes != "" {
		shapes := u.capShape.Lines(c, st.Shapes, bodySize, inner.W)
		hw := c.TextWidth(head, bodySize) + 16
		if len(shapes) == 1 && hw+shapes[0].Width <= inner.W {
			shapes[0].Draw(c, inner.X+inner.W-shapes[0].Width, inner.Y+bodySize, viz.InkMuted)
		} else {
			for i := range shapes {
				ln := &shapes[i]
				if y+ln.Height() > bottom+0.5 {
					break
				}
				ln.Draw(c, inner.X, y+ln.Ascent, viz.InkMuted)
				y += ln.Height()
			}
		}
	}
	if st.Caption == "" {
		return
	}
	lines := u.capText.Lines(c, st.Caption, bodySize, inner.W)
	u.capShort = false
	for i := range lines {
		ln := &lines[i]
		if y+ln.Height() > bottom+0.5 {
			u.capShort = true
			break
		}
		ln.Draw(c, inner.X, y+ln.Ascent, viz.Ink)
		y += ln.Height()
	}
}

// drawTransport draws play/pause, step back and forward, the scrubber with
// one segment per stage, the speed and the loop toggle.
func (a *App) drawTransport(c viz.Canvas) {
	u := &a.ui
	r := u.transport
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y, r.X+r.W, r.Y, 1, viz.Grid)
	viz.MarkPanel(c, r)
	p := &a.play
	a.button(c, u.tBack, "", false, hitBack, 0)
	u.stepIcon(c, u.tBack, -1)
	a.button(c, u.tPlay, "", p.playing, hitPlay, 0)
	cx, cy := u.tPlay.X+u.tPlay.W/2, u.tPlay.Y+u.tPlay.H/2
	if p.playing {
		c.FillRect(cx-7, cy-8, 5, 16, viz.White)
		c.FillRect(cx+2, cy-8, 5, 16, viz.White)
	} else {
		u.tri(c, cx-6, cy-9, cx+9, cy, cx-6, cy+9, viz.Ink)
	}
	a.button(c, u.tFwd, "", false, hitFwd, 0)
	u.stepIcon(c, u.tFwd, +1)
	if u.speedOf != p.speed || u.speedText == "" {
		u.speedOf, u.speedText = p.speed, formatSpeed(p.speed)
	}
	a.button(c, u.tSpeed, u.speedText, false, hitSpeed, 0)
	a.button(c, u.tLoop, "Loop", p.loop, hitLoop, 0)
	a.drawScrubber(c)
}

// stepIcon draws a step-back (dir -1) or step-forward (+1) icon: a bar
// and a triangle.
func (u *ui) stepIcon(c viz.Canvas, b viz.Rect, dir float64) {
	cx, cy := b.X+b.W/2, b.Y+b.H/2
	bar := cx + dir*6
	c.FillRect(bar-1.5, cy-8, 3, 16, viz.Ink)
	tip, base := cx+dir*4, cx-dir*7
	u.tri(c, base, cy-8, tip, cy, base, cy+8, viz.Ink)
}

// tri fills a triangle from a reused point buffer (a literal slice would
// allocate every frame).
func (u *ui) tri(c viz.Canvas, x0, y0, x1, y1, x2, y2 float64, col viz.Color) {
	u.pts = append(u.pts[:0], viz.Point{X: x0, Y: y0}, viz.Point{X: x1, Y: y1}, viz.Point{X: x2, Y: y2})
	c.FillPolygon(u.pts, col)
}

func formatSpeed(s float64) string {
	return strconv.FormatFloat(s, 'f', -1, 64) + "×"
}

// drawScrubber draws the timeline: a segment per stage (alternating
// shades), ticks between steps when there is room, and the playhead.
func (a *App) drawScrubber(c viz.Canvas) {
	u := &a.ui
	p := &a.play
	r := u.tScrub
	x0, x1 := scrubSpan(r)
	cy := r.Y + r.H/2
	if p.total <= 0 || x1 <= x0 {
		return
	}
	span := x1 - x0
	t, shade := 0.0, false
	for i := 0; i < len(p.tl); {
		j := i
		d := 0.0
		for j < len(p.tl) && p.tl[j].Stage == p.tl[i].Stage {
			d += p.tl[j].Seconds
			j++
		}
		sx := x0 + t/p.total*span
		ex := x0 + (t+d)/p.total*span
		col := viz.Grid
		if shade {
			col = viz.PanelDark
		}
		c.FillRect(sx, cy-5, max(ex-sx-1, 1), 10, col)
		shade = !shade
		t += d
		i = j
	}
	if len(p.tl) > 1 && span/float64(len(p.tl)) >= 6 {
		for k := 1; k < len(p.tl); k++ {
			x := x0 + p.tl.Start(k)/p.total*span
			c.Line(x, cy-7, x, cy+7, 1, viz.InkMuted)
		}
	}
	xp := x0 + p.t/p.total*span
	c.FillRect(x0, cy-2, xp-x0, 4, viz.Accent)
	c.FillCircle(xp, cy, 9, viz.Accent)
	c.FillCircle(xp, cy, 3.5, viz.White)
}

func (a *App) drawText(c viz.Canvas) {
	u := &a.ui
	r := u.text
	if r.H <= 0 {
		return
	}
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y, r.X+r.W, r.Y, 1, viz.Grid)
	viz.MarkPanel(c, r)
	inner := r.Inset(pad)
	lh := viz.LineHeight(bodySize)
	y := inner.Y - u.textScroll
	more := u.textContentH-u.textScroll > r.H+1
	bottom := r.Y + r.H - 1
	if more {
		bottom -= hintH
	}
	// visible says whether a line from top to top+h lies wholly in view.
	visible := func(top, h float64) bool { return top >= r.Y+1 && top+h <= bottom }
	w := inner.W - textLabelW
	if a.info.Statement != "" {
		if visible(y, lh) {
			c.Text(inner.X, y+bodySize, "Problem", smallSize, viz.InkMuted, viz.AlignLeft)
		}
		lines := u.statement.Lines(c, a.info.Statement, bodySize, w)
		for j, ln := range lines {
			if top := y + float64(j)*lh; visible(top, lh) {
				c.Text(inner.X+textLabelW, top+bodySize, ln, bodySize, viz.Ink, viz.AlignLeft)
			}
		}
		y += max(float64(len(lines))*lh, labelH) + 6
	}
	if a.info.Formula != "" {
		if visible(y, lh) {
			c.Text(inner.X, y+bodySize, "Formula", smallSize, viz.InkMuted, viz.AlignLeft)
		}
		lines := u.formula.Lines(c, u.formulaSource(a.info.Formula), formulaSize, w)
		for i := range lines {
			ln := &lines[i]
			if visible(y, ln.Height()) {
				ln.Draw(c, inner.X+textLabelW, y+ln.Ascent, viz.Ink)
			}
			y += ln.Height()
		}
	}
	if more {
		moreHint(c, r, false)
	}
}

// moreHint says a scrolled panel continues below (or above): an opaque
// band with "▼ more" that nothing else is drawn under.
func moreHint(c viz.Canvas, r viz.Rect, up bool) {
	if up {
		c.FillRect(r.X+1, r.Y, r.W-1, hintH, viz.Panel)
		c.Text(r.X+r.W-12, r.Y+13, "▲ more", smallSize, viz.InkMuted, viz.AlignRight)
		return
	}
	c.FillRect(r.X+1, r.Y+r.H-hintH, r.W-1, hintH, viz.Panel)
	c.Text(r.X+r.W-12, r.Y+r.H-5, "▼ more", smallSize, viz.InkMuted, viz.AlignRight)
}

// familyLabel is a menu heading: the family in capitals (made once).
func (u *ui) familyLabel(fam string) string {
	if s, ok := u.families[fam]; ok {
		return s
	}
	if u.families == nil {
		u.families = map[string]string{}
	}
	u.families[fam] = strings.ToUpper(fam)
	return u.families[fam]
}

// paramText is param i's value as the panel shows it, remade only when
// the value changes (formatting allocates, every frame would add up).
func (u *ui) paramText(i int, p scene.Param, v float64) string {
	for len(u.pvals) <= i {
		u.pvals = append(u.pvals, paramCache{v: math.NaN()})
	}
	if pc := &u.pvals[i]; pc.v != v || pc.name != p.Name {
		pc.v, pc.name, pc.s = v, p.Name, displayParam(p, v)
	}
	return u.pvals[i].s
}

// hintH is the height of a "more" band.
const hintH = 18.0

func (a *App) drawTopBar(c viz.Canvas) {
	u := &a.ui
	r := u.top
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y+r.H, r.X+r.W, r.Y+r.H, 1, viz.Grid)
	viz.MarkPanel(c, r)
	x := r.X + pad
	if u.narrow {
		a.button(c, u.menuBtn, "Problems", u.menuOpen, hitMenuToggle, 0)
		x = u.menuBtn.X + u.menuBtn.W + pad
	}
	if u.compact {
		a.button(c, u.panelBtn, "Parameters", u.panelOpen, hitPanelToggle, 0)
	}
	c.Text(x, r.Y+30, u.title, titleSize, viz.Ink, viz.AlignLeft)
	a.button(c, u.resetBtn, "Reset", false, hitReset, 0)
	if u.textBtn.W > 0 {
		a.button(c, u.textBtn, "Text", false, hitText, 0)
	}
	if u.quizBtn.W > 0 {
		a.button(c, u.quizBtn, "Quiz", a.quiz != nil, hitQuiz, 0)
	}
	a.button(c, u.helpBtn, "?", u.helpOpen, hitHelp, 0)
}

// button draws a pressable label; on marks a toggled-on state.
func (a *App) button(c viz.Canvas, r viz.Rect, label string, on bool, kind hitKind, i int) {
	u := &a.ui
	bg := viz.White
	if u.hover.kind == kind && u.hover.i == i && kind != hitNone {
		bg = viz.PanelDark
	}
	fg := viz.Ink
	if on {
		bg, fg = viz.Accent, viz.White
	}
	c.FillRect(r.X, r.Y, r.W, r.H, bg)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Grid)
	if label == "" {
		return
	}
	// A label wider than its button (a long choice name) is shortened
	// rather than drawn over its neighbours; the tooltip has it whole.
	label = viz.Ellipsize(c, label, bodySize, r.W-8)
	c.Text(r.X+r.W/2, r.Y+r.H/2+bodySize*0.36, label, bodySize, fg, viz.AlignCenter)
}

func (a *App) drawMenu(c viz.Canvas) {
	u := &a.ui
	r := u.menu
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X+r.W, r.Y, r.X+r.W, r.Y+r.H, 1, viz.Grid)
	markPanelOrOverlay(c, r, u.narrow)
	top, bottom := r.Y, r.Y+r.H
	up, down := u.menuScroll > 0, u.menuContentH-u.menuScroll > r.H+1
	if up {
		top += hintH
	}
	if down {
		bottom -= hintH
	}
	y := r.Y + 6 - u.menuScroll
	fam := ""
	for i, v := range a.views {
		if v.info.Family != fam {
			fam = v.info.Family
			if y+menuHeadH-8-0.8*smallSize >= top && y+menuHeadH-8+0.2*smallSize <= bottom {
				c.Text(r.X+12, y+menuHeadH-8, u.familyLabel(fam), smallSize, viz.InkMuted, viz.AlignLeft)
			}
			y += menuHeadH
		}
		item := viz.Rect{X: r.X + 4, Y: y, W: r.W - 8, H: menuItemH}
		y += menuItemH
		if item.Y < top || item.Y+item.H > bottom {
			continue
		}
		fg := viz.Ink
		switch {
		case i == a.cur:
			c.FillRect(item.X, item.Y, item.W, item.H, viz.Accent)
			fg = viz.White
		case u.hover.kind == hitMenuItem && u.hover.i == i:
			c.FillRect(item.X, item.Y, item.W, item.H, viz.PanelDark)
		}
		if i < len(u.menuLabels) {
			c.Text(item.X+12, item.Y+item.H/2+5, u.menuLabels[i], bodySize, fg, viz.AlignLeft)
		}
	}
	if up {
		moreHint(c, r, true)
	}
	if down {
		moreHint(c, r, false)
	}
}

func (a *App) drawRight(c viz.Canvas) {
	u := &a.ui
	r := u.right
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y, r.X, r.Y+r.H, 1, viz.Grid)
	markPanelOrOverlay(c, r, u.compact)
	down := u.panelContentH-u.panelScroll > r.H+1
	bottom := r.Y + r.H
	if down {
		bottom -= hintH
	}
	// fits says whether text at baseline y lies wholly in the visible panel.
	fits := func(y float64) bool { return y-0.8*bodySize >= r.Y+1 && y+0.2*bodySize <= bottom }
	rectFits := func(b viz.Rect) bool { return b.Y >= r.Y && b.Y+b.H <= bottom }
	in := r.Inset(pad)
	if y := in.Y + 14 - u.panelScroll; fits(y) {
		c.Text(in.X, y, "Parameters", smallSize, viz.InkMuted, viz.AlignLeft)
	}
	for i, p := range a.params {
		if i >= len(u.widget) {
			break
		}
		row, w := u.paramRow[i], u.widget[i]
		v := a.values[p.Name]
		why := a.disabled(i)
		labelCol, valCol := viz.Ink, viz.Accent
		if why != "" {
			labelCol, valCol = viz.InkMuted, viz.InkMuted
		}
		if fits(row.Y + 15) {
			val := ""
			if p.Kind != scene.Choice {
				val = u.paramText(i, p, v)
				if why != "" {
					val = "n/a"
				}
			}
			vw := c.TextWidth(val, bodySize)
			c.Text(row.X, row.Y+15, viz.Ellipsize(c, p.Label, bodySize, row.W-vw-10), bodySize, labelCol, viz.AlignLeft)
			if val != "" {
				c.Text(row.X+row.W, row.Y+15, val, bodySize, valCol, viz.AlignRight)
			}
		}
		if !rectFits(w) {
			continue
		}
		switch p.Kind {
		case scene.Float, scene.Int:
			a.drawSlider(c, w, p, v, why != "")
		case scene.Bool:
			a.drawToggle(c, w, v != 0, why != "")
		case scene.Choice:
			for j, cr := range u.choices[i] {
				a.button(c, cr, p.Choices[j], int(v) == j && why == "", hitNone, 0)
			}
		}
		if u.focus == i {
			c.StrokeRect(row.X-4, row.Y-2, row.W+8, row.H+4, 2, viz.Accent)
		}
	}
	a.drawReadout(c, fits)
	if len(u.presets) > 0 && fits(u.presets[0].Y-8) {
		c.Text(in.X, u.presets[0].Y-8, "Presets", smallSize, viz.InkMuted, viz.AlignLeft)
	}
	for i, b := range u.presets {
		if rectFits(b) {
			a.button(c, b, a.presets[i].Name, false, hitPreset, i)
		}
	}
	if rectFits(u.defaults) {
		a.button(c, u.defaults, "Defaults", false, hitDefaults, 0)
	}
	if down {
		moreHint(c, r, false)
	}
}

func (a *App) drawSlider(c viz.Canvas, w viz.Rect, p scene.Param, v float64, off bool) {
	x0, x1 := trackSpan(w)
	cy := w.Y + w.H/2
	t := sliderPosition(p, v)
	xt := x0 + t*(x1-x0)
	col := viz.Accent
	if off {
		col = viz.Grid
	}
	c.Line(x0, cy, x1, cy, 4, viz.Grid)
	c.Line(x0, cy, xt, cy, 4, col)
	c.FillCircle(xt, cy, 10, col)
	c.FillCircle(xt, cy, 4, viz.White)
}

func (a *App) drawToggle(c viz.Canvas, w viz.Rect, on, off bool) {
	r := viz.Rect{X: w.X, Y: w.Y + (w.H-24)/2, W: 48, H: 24}
	bg, kx := viz.Grid, r.X+12
	if on {
		bg, kx = viz.Accent, r.X+r.W-12
	}
	if off {
		bg = viz.PanelDark
	}
	c.FillCircle(r.X+12, r.Y+12, 12, bg)
	c.FillCircle(r.X+r.W-12, r.Y+12, 12, bg)
	c.FillRect(r.X+12, r.Y, r.W-24, r.H, bg)
	c.FillCircle(kx, r.Y+12, 9, viz.White)
}

func (a *App) drawReadout(c viz.Canvas, fits func(float64) bool) {
	u := &a.ui
	if len(u.readout.lines) == 0 {
		return
	}
	r := u.right.Inset(pad)
	top := u.readoutY - u.panelScroll
	if fits(top + 14) {
		c.Text(r.X, top+14, "Readout", smallSize, viz.InkMuted, viz.AlignLeft)
	}
	for _, ln := range u.readout.lines {
		y := top + ln.y
		if !fits(y) {
			continue
		}
		if ln.key != "" {
			c.Text(r.X, y, ln.key, bodySize, viz.InkMuted, viz.AlignLeft)
		}
		if ln.value != "" {
			c.Text(r.X+r.W, y, ln.value, bodySize, viz.Ink, viz.AlignRight)
		}
	}
}

func (a *App) drawBanner(c viz.Canvas) {
	u := &a.ui
	if a.banner == "" || u.banner.W <= 0 {
		return
	}
	r := u.banner
	c.FillRect(r.X, r.Y, r.W, r.H, viz.BannerBg)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 2, viz.Bad)
	viz.MarkOverlay(c, r) // laid over the figure: what it covers is hidden, not clipped
	inner := viz.Rect{X: r.X + 12, Y: r.Y + 8, W: r.W - 60, H: r.H - 8}
	lines := u.bannerText.Lines(c, a.banner, bodySize, inner.W)
	lh := viz.LineHeight(bodySize)
	for i, ln := range lines {
		if i == maxBannerLines-1 && len(lines) > maxBannerLines {
			ln = viz.Ellipsize(c, ln+" "+lines[i+1], bodySize, inner.W)
		}
		c.Text(inner.X, inner.Y+bodySize+float64(i)*lh, ln, bodySize, viz.Bad, viz.AlignLeft)
		if i == maxBannerLines-1 {
			break
		}
	}
	x := u.bannerX
	c.Text(x.X+x.W/2, x.Y+x.H/2+7, "×", 20, viz.Bad, viz.AlignCenter)
}

func (a *App) drawHelp(c viz.Canvas) {
	u := &a.ui
	c.FillRect(0, 0, u.w, u.h, viz.Fade(viz.Black, 0.35))
	viz.MarkOverlay(c, viz.Rect{W: u.w, H: u.h})
	w := min(560, u.w-20)
	keyW := min(190, w*0.42)
	lh := viz.LineHeight(bodySize)
	h := 70.0
	for _, s := range Shortcuts {
		h += float64(len(viz.WrapText(c, s[1], bodySize, w-keyW-30)))*lh + 6
	}
	r := viz.Rect{X: (u.w - w) / 2, Y: max((u.h-h)/2, 4), W: w, H: h}
	c.FillRect(r.X, r.Y, r.W, r.H, viz.White)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Grid)
	viz.MarkPanel(c, r)
	c.Text(r.X+20, r.Y+34, "Keyboard shortcuts", titleSize, viz.Ink, viz.AlignLeft)
	y := r.Y + 64
	for _, s := range Shortcuts {
		c.Text(r.X+16, y, viz.Ellipsize(c, s[0], bodySize, keyW-8), bodySize, viz.Accent, viz.AlignLeft)
		for _, ln := range viz.WrapText(c, s[1], bodySize, w-keyW-30) {
			c.Text(r.X+16+keyW, y, ln, bodySize, viz.Ink, viz.AlignLeft)
			y += lh
		}
		y += 6
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// markPanelOrOverlay declares a side panel, or an overlay when it is laid
// over the figure (the narrow and compact layouts).
func markPanelOrOverlay(c viz.Canvas, r viz.Rect, overlay bool) {
	if overlay {
		viz.MarkOverlay(c, r)
	} else {
		viz.MarkPanel(c, r)
	}
}
