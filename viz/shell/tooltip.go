package shell

import (
	"dlprep/viz"
	"dlprep/viz/scene"
)

// tipSize is the tooltip's text size.
const tipSize = 13.0

// tooltip is the text of the tooltip on screen, wrapped once per content.
type tooltip struct {
	key   string
	width float64
	lines []tipLine
	w, h  float64
}

type tipLine struct {
	s   string
	col viz.Color
}

// tipContent is what the tooltip should say now: the inspected element,
// or the hovered control's help, reason or full label. The key changes
// whenever the content does.
func (a *App) tipContent() (key string, lines []tipLine, anchor viz.Point, ok bool) {
	u := &a.ui
	if a.insp.focus.Valid() {
		in, found := a.inspect()
		if !found {
			return "", nil, viz.Point{}, false
		}
		anchor = viz.Point{X: u.px, Y: u.py}
		if fr, ok := a.focusRect(); ok && (a.insp.cursor || !u.sceneR.Contains(u.px, u.py)) {
			anchor = viz.Point{X: fr.X + fr.W, Y: fr.Y + fr.H}
		}
		return "insp:" + a.insp.cached.line, inspectionLines(in), anchor, true
	}
	if u.down || !inCanvas(u) {
		return "", nil, viz.Point{}, false
	}
	anchor = viz.Point{X: u.px, Y: u.py}
	h := u.hover
	text := ""
	switch h.kind {
	case hitParamLabel, hitSlider, hitToggle, hitChoice:
		if h.i < len(a.params) {
			p := a.params[h.i]
			if why := a.disabled(h.i); why != "" {
				text = p.Label + " does not apply: " + why
			} else if h.kind == hitChoice && h.j < len(p.Choices) {
				text = p.Label + ": " + p.Choices[h.j]
			} else if p.Help != "" {
				text = p.Label + ": " + p.Help
			}
		}
	case hitMenuItem:
		if h.i < len(u.menuShort) && u.menuShort[h.i] {
			text = menuLabel(a.views[h.i].info)
		}
	case hitCaption:
		if u.capShort && len(a.play.tl) > 0 {
			k, _ := a.play.at()
			text = a.play.tl[k].Caption
		}
	case hitScrub:
		if a.play.total > 0 {
			x0, x1 := scrubSpan(u.tScrub)
			k, _ := a.play.tl.At(min(max((u.px-x0)/(x1-x0), 0), 1) * a.play.total)
			text = stepHeader(k, len(a.play.tl), a.play.tl[k].Stage)
		}
	case hitBack:
		text = "Step back (←)"
	case hitFwd:
		text = "Step forward (→ or N)"
	case hitPlay:
		text = "Play or pause (Space); at the end, Play starts again"
	case hitSpeed:
		text = "Playback speed (− and +)"
	case hitLoop:
		text = "Loop: start again at the end (L)"
	case hitPreset:
		if h.i < len(a.presets) {
			text = a.presets[h.i].Name
		}
	}
	if text == "" {
		return "", nil, viz.Point{}, false
	}
	return "ui:" + text, []tipLine{{text, viz.Ink}}, anchor, true
}

func inCanvas(u *ui) bool { return u.px >= 0 && u.py >= 0 && u.px < u.w && u.py < u.h }

// inspectionLines is an Inspection as tooltip lines: the value, where it
// sits in its tensor, and the core function behind it.
func inspectionLines(in scene.Inspection) []tipLine {
	var out []tipLine
	head := in.Name
	if in.Value != "" {
		if head != "" {
			head += " = "
		}
		head += in.Value
	}
	out = append(out, tipLine{head, viz.Ink})
	if in.Tensor != "" || in.Index != "" || in.Shape != "" {
		s := in.Tensor + in.Index
		if in.Shape != "" {
			if s != "" {
				s += " in "
			}
			s += "shape " + in.Shape
		}
		out = append(out, tipLine{s, viz.InkMuted})
	}
	if in.Source != "" {
		out = append(out, tipLine{"computed by " + in.Source, viz.Accent})
	}
	if in.Detail != "" {
		out = append(out, tipLine{in.Detail, viz.InkMuted})
	}
	return out
}

func (a *App) drawTooltip(c viz.Canvas) {
	u := &a.ui
	key, lines, anchor, ok := a.tipContent()
	if !ok {
		return
	}
	t := &a.tip
	maxW := min(360, u.w-20)
	if key != t.key || maxW != t.width {
		t.key, t.width = key, maxW
		t.lines = t.lines[:0]
		t.w = 0
		for _, ln := range lines {
			for _, s := range viz.WrapText(c, ln.s, tipSize, maxW-16) {
				t.lines = append(t.lines, tipLine{s, ln.col})
				t.w = max(t.w, c.TextWidth(s, tipSize))
			}
		}
		t.w += 16
		t.h = float64(len(t.lines))*viz.LineHeight(tipSize) + 12
	}
	x, y := anchor.X+16, anchor.Y+18
	if x+t.w > u.w-4 {
		x = max(4, anchor.X-16-t.w)
	}
	if y+t.h > u.h-4 {
		y = max(4, anchor.Y-12-t.h)
	}
	c.FillRect(x, y, t.w, t.h, viz.White)
	c.StrokeRect(x, y, t.w, t.h, 1, viz.InkMuted)
	viz.MarkOverlay(c, viz.Rect{X: x, Y: y, W: t.w, H: t.h})
	ty := y + 6 + tipSize
	for _, ln := range t.lines {
		c.Text(x+8, ty, ln.s, tipSize, ln.col, viz.AlignLeft)
		ty += viz.LineHeight(tipSize)
	}
}
