package shell

import (
	"strconv"
	"strings"

	"dlprep/scenes"
	"dlprep/viz"
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
	c.FillRect(0, 0, u.w, u.h, viz.Paper)
	a.drawScene(c)
	a.drawText(c)
	a.drawBanner(c) // under the overlays, which are laid out above it too
	if !u.compact || u.panelOpen {
		a.drawRight(c)
	}
	if !u.narrow || u.menuOpen {
		a.drawMenu(c)
	}
	a.drawTopBar(c)
	if u.helpOpen {
		a.drawHelp(c)
	}
}

func (a *App) drawScene(c viz.Canvas) {
	u := &a.ui
	r := u.sceneR
	if a.scene == nil {
		c.Text(r.X+r.W/2, r.Y+r.H/2, "No scenes are registered.", bodySize, viz.InkMuted, viz.AlignCenter)
		return
	}
	if a.crashed != "" {
		c.Text(r.X+r.W/2, r.Y+r.H/2, "This scene stopped. Press R to restart it.", bodySize, viz.Bad, viz.AlignCenter)
		return
	}
	u.sub.Set(c, r)
	a.guard("Draw", func() { a.scene.Draw(&u.sub) })
}

func (a *App) drawText(c viz.Canvas) {
	u := &a.ui
	r := u.text
	if r.H <= 0 {
		return
	}
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y, r.X+r.W, r.Y, 1, viz.Grid)
	inner := r.Inset(pad)
	y := inner.Y
	for i, part := range a.textParts() {
		if part.body == "" {
			continue
		}
		c.Text(inner.X, y+bodySize, part.label, smallSize, viz.InkMuted, viz.AlignLeft)
		box := viz.Rect{X: inner.X + 90, Y: y, W: inner.W - 90, H: inner.Y + inner.H - y}
		h := u.textBlocks[i].Draw(c, box, part.body, bodySize, viz.Ink)
		y += max(h, labelH) + 6
		if y >= inner.Y+inner.H {
			break
		}
	}
}

func (a *App) drawTopBar(c viz.Canvas) {
	u := &a.ui
	r := u.top
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y+r.H, r.X+r.W, r.Y+r.H, 1, viz.Grid)
	x := r.X + pad
	if u.narrow {
		a.button(c, u.menuBtn, "Scenes", u.menuOpen, hitMenuToggle, 0)
		x = u.menuBtn.X + u.menuBtn.W + pad
	}
	if u.compact {
		a.button(c, u.panelBtn, "Parameters", u.panelOpen, hitPanelToggle, 0)
	}
	c.Text(x, r.Y+30, u.title, titleSize, viz.Ink, viz.AlignLeft)
	if u.problems != "" {
		c.Text(x+c.TextWidth(u.title, titleSize)+12, r.Y+30, u.problems, smallSize, viz.InkMuted, viz.AlignLeft)
	}
	if k, n := a.progress(); n > 0 && !u.compact {
		if p := &u.progress; p.k != k || p.n != n || p.text == "" {
			p.k, p.n, p.text = k, n, progressText(k, n)
		}
		c.Text(u.buttons[0].X-10, r.Y+30, u.progress.text, smallSize, viz.InkMuted, viz.AlignRight)
	}
	play := "Play"
	if a.playing {
		play = "Pause"
	}
	a.button(c, u.buttons[0], play, a.playing, hitPlay, 0)
	a.button(c, u.buttons[1], "Step", false, hitStep, 0)
	a.button(c, u.buttons[2], "Reset", false, hitReset, 0)
	a.button(c, u.buttons[3], "?", u.helpOpen, hitHelp, 0)
}

func progressText(k, n int) string {
	return "step " + strconv.Itoa(k) + " of " + strconv.Itoa(n)
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
	// A label wider than its button (a long choice name) is shortened rather
	// than drawn over its neighbours.
	label = viz.Ellipsize(c, label, bodySize, r.W-8)
	c.Text(r.X+r.W/2, r.Y+r.H/2+bodySize*0.36, label, bodySize, fg, viz.AlignCenter)
}

func (a *App) drawMenu(c viz.Canvas) {
	u := &a.ui
	r := u.menu
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X+r.W, r.Y, r.X+r.W, r.Y+r.H, 1, viz.Grid)
	y := r.Y + 6 - u.menuScroll
	fam := ""
	for i, in := range a.infos {
		if in.Family != fam {
			fam = in.Family
			if y+menuHeadH > r.Y && y < r.Y+r.H {
				c.Text(r.X+12, y+menuHeadH-8, strings.ToUpper(fam), smallSize, viz.InkMuted, viz.AlignLeft)
			}
			y += menuHeadH
		}
		item := viz.Rect{X: r.X + 4, Y: y, W: r.W - 8, H: menuItemH}
		y += menuItemH
		if item.Y < r.Y || item.Y+item.H > r.Y+r.H {
			continue
		}
		fg := viz.Ink
		switch {
		case in.ID == a.id:
			c.FillRect(item.X, item.Y, item.W, item.H, viz.Accent)
			fg = viz.White
		case u.hover.kind == hitMenuItem && u.hover.i == i:
			c.FillRect(item.X, item.Y, item.W, item.H, viz.PanelDark)
		}
		label := in.Title
		if i < len(u.menuLabels) {
			label = u.menuLabels[i]
		}
		c.Text(item.X+12, item.Y+item.H/2+5, label, bodySize, fg, viz.AlignLeft)
	}
	// Say when the list continues beyond the panel (wheel or drag to scroll).
	if u.menuScroll > 0 {
		c.FillRect(r.X, r.Y, r.W, 18, viz.Fade(viz.Panel, 0.9))
		c.Text(r.X+r.W-12, r.Y+13, "▲ more", smallSize, viz.InkMuted, viz.AlignRight)
	}
	if u.menuContentH-u.menuScroll > r.H+1 {
		c.FillRect(r.X, r.Y+r.H-18, r.W, 18, viz.Fade(viz.Panel, 0.9))
		c.Text(r.X+r.W-12, r.Y+r.H-5, "▼ more", smallSize, viz.InkMuted, viz.AlignRight)
	}
}

func (a *App) drawRight(c viz.Canvas) {
	u := &a.ui
	r := u.right
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y, r.X, r.Y+r.H, 1, viz.Grid)
	in := r.Inset(pad)
	c.Text(in.X, in.Y+14-u.panelScroll, "Parameters", smallSize, viz.InkMuted, viz.AlignLeft)
	for i, p := range a.params {
		if i >= len(u.widget) {
			break
		}
		row, w := u.paramRow[i], u.widget[i]
		v := a.values[p.Name]
		c.Text(row.X, row.Y+15, p.Label, bodySize, viz.Ink, viz.AlignLeft)
		if p.Kind != scenes.Choice {
			c.Text(row.X+row.W, row.Y+15, displayParam(p, v), bodySize, viz.Accent, viz.AlignRight)
		}
		switch p.Kind {
		case scenes.Float, scenes.Int:
			a.drawSlider(c, w, p, v)
		case scenes.Bool:
			a.drawToggle(c, w, v != 0)
		case scenes.Choice:
			for j, cr := range u.choices[i] {
				a.button(c, cr, p.Choices[j], int(v) == j, hitNone, 0)
			}
		}
		if u.focus == i {
			c.StrokeRect(row.X-4, row.Y-2, row.W+8, row.H+4, 2, viz.Accent)
		}
	}
	if len(u.presets) > 0 {
		c.Text(in.X, u.presets[0].Y-8, "Presets", smallSize, viz.InkMuted, viz.AlignLeft)
		for i, name := range u.presetNames {
			a.button(c, u.presets[i], name, false, hitPreset, i)
		}
	}
	a.button(c, u.defaults, "Defaults", false, hitDefaults, 0)
	a.drawReadout(c)
	if u.panelContentH-u.panelScroll > r.H+1 {
		c.FillRect(r.X+1, r.Y+r.H-18, r.W-1, 18, viz.Fade(viz.Panel, 0.9))
		c.Text(r.X+r.W-12, r.Y+r.H-5, "▼ more", smallSize, viz.InkMuted, viz.AlignRight)
	}
}

func (a *App) drawSlider(c viz.Canvas, w viz.Rect, p scenes.Param, v float64) {
	x0, x1 := trackSpan(w)
	cy := w.Y + w.H/2
	t := 0.0
	if p.Max > p.Min {
		t = (v - p.Min) / (p.Max - p.Min)
	}
	xt := x0 + t*(x1-x0)
	c.Line(x0, cy, x1, cy, 4, viz.Grid)
	c.Line(x0, cy, xt, cy, 4, viz.Accent)
	c.FillCircle(xt, cy, 10, viz.Accent)
	c.FillCircle(xt, cy, 4, viz.White)
}

func (a *App) drawToggle(c viz.Canvas, w viz.Rect, on bool) {
	r := viz.Rect{X: w.X, Y: w.Y + (w.H-24)/2, W: 48, H: 24}
	bg, kx := viz.Grid, r.X+12
	if on {
		bg, kx = viz.Accent, r.X+r.W-12
	}
	c.FillCircle(r.X+12, r.Y+12, 12, bg)
	c.FillCircle(r.X+r.W-12, r.Y+12, 12, bg)
	c.FillRect(r.X+12, r.Y, r.W-24, r.H, bg)
	c.FillCircle(kx, r.Y+12, 9, viz.White)
}

func (a *App) drawReadout(c viz.Canvas) {
	u := &a.ui
	r := u.readout
	ro, ok := a.scene.(scenes.Readouter)
	if !ok || a.crashed != "" || r.H < 40 {
		return
	}
	var kvs []scenes.KV
	a.guard("Readout", func() { kvs = ro.Readout() })
	c.Text(r.X, r.Y+14, "Readout", smallSize, viz.InkMuted, viz.AlignLeft)
	y := r.Y + 22
	for _, kv := range kvs {
		if y+viz.LineHeight(bodySize) > r.Y+r.H {
			break
		}
		key := kv.Key
		if room := r.W - c.TextWidth(kv.Value, bodySize) - 8; c.TextWidth(key, bodySize) > room {
			key = viz.Ellipsize(c, key, bodySize, room)
		}
		c.Text(r.X, y+bodySize, key, bodySize, viz.InkMuted, viz.AlignLeft)
		c.Text(r.X+r.W, y+bodySize, kv.Value, bodySize, viz.Ink, viz.AlignRight)
		y += viz.LineHeight(bodySize)
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
	u.bannerText.Draw(c, viz.Rect{X: r.X + 12, Y: r.Y + 8, W: r.W - 60, H: r.H - 8}, a.banner, bodySize, viz.Bad)
	x := u.bannerX
	c.Text(x.X+x.W/2, x.Y+x.H/2+7, "×", 20, viz.Bad, viz.AlignCenter)
}

func (a *App) drawHelp(c viz.Canvas) {
	u := &a.ui
	c.FillRect(0, 0, u.w, u.h, viz.Fade(viz.Black, 0.35))
	w, h := min(520, u.w-20), 70+float64(len(Shortcuts))*26
	r := viz.Rect{X: (u.w - w) / 2, Y: (u.h - h) / 2, W: w, H: h}
	c.FillRect(r.X, r.Y, r.W, r.H, viz.White)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Grid)
	c.Text(r.X+20, r.Y+34, "Keyboard shortcuts", titleSize, viz.Ink, viz.AlignLeft)
	y := r.Y + 64
	for _, s := range Shortcuts {
		c.Text(r.X+20, y, s[0], bodySize, viz.Accent, viz.AlignLeft)
		c.Text(r.X+190, y, s[1], bodySize, viz.Ink, viz.AlignLeft)
		y += 26
	}
	c.Text(r.X+r.W-16, r.Y+r.H-12, "tap or press ? to close", smallSize, viz.InkMuted, viz.AlignRight)
}
