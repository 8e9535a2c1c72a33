package tex

import (
	"image/color"
	"math"

	"dlprep/viz"
)

// Box is the size of laid-out material in logical pixels: Width from the
// left edge, Ascent above and Descent below the baseline (both measured to
// the ink, so boxes of neighbouring lines can be packed tightly).
type Box struct{ Width, Ascent, Descent float64 }

// Height is Ascent + Descent.
func (b Box) Height() float64 { return b.Ascent + b.Descent }

// Layout is a formula laid out for one size: a list of drawing items
// relative to the left end of its baseline, ready to draw at any position
// and in any colour without further measuring or allocating.
type Layout struct {
	Box
	items    []item
	segments []segment // top-level pieces between break opportunities (rich.go)
	expr     *Expr     // for re-laying out a segment at a smaller size
	size     float64
	opts     Options
	scratch  []viz.Point // Polyline points shifted to the drawing position
}

// Err is the parse error of the formula (nil if it parsed cleanly). A
// formula with errors still draws: unknown commands appear literally in a
// muted colour.
func (l *Layout) Err() error {
	if l.expr == nil {
		return nil
	}
	return l.expr.err
}

// Draw draws the formula with the left end of its baseline at (x,
// baseline). Items flagged muted (unknown commands) use col at reduced
// opacity. It allocates nothing; a Layout must not be drawn from two
// goroutines at once (it reuses a scratch buffer).
func (l *Layout) Draw(c viz.Canvas, x, baseline float64, col color.RGBA) {
	l.drawItems(c, 0, len(l.items), x, baseline, col)
}

// mutedOpacity is how strongly unknown commands are drawn: readable, but
// visibly not part of the typeset formula.
const mutedOpacity = 0.55

// itemKind says which Canvas call draws an item.
type itemKind uint8

const (
	itemText     itemKind = iota // Text at (x, y) baseline-left
	itemHRule                    // FillRect x..x+w, centred on y, thickness h, snapped to device rows
	itemVRule                    // FillRect y..y+h, centred on x, thickness w, snapped to device columns
	itemLine                     // Line (x, y)-(x2, y2)
	itemPolyline                 // Polyline pts
	itemDot                      // FillCircle at (x, y), radius w
	itemMiddle                   // a \middle delimiter whose height is not known yet (layout only)
)

// item is one Canvas call. Coordinates are relative to the formula's
// origin, y down.
type item struct {
	kind  itemKind
	muted bool
	x, y  float64
	x2    float64 // itemLine: end x
	y2    float64 // itemLine: end y
	w, h  float64 // rules: length and thickness; text: advance width; lines: stroke width (w); dot: radius (w)
	size  float64 // text size
	text  string
	pts   []viz.Point
	delim delimKind // itemMiddle
}

// drawItems draws items [from, to) offset by (dx, dy).
func (l *Layout) drawItems(c viz.Canvas, from, to int, dx, dy float64, col color.RGBA) {
	muted := viz.Fade(col, mutedOpacity)
	scale := viz.DeviceScale(c)
	for i := from; i < to; i++ {
		it := &l.items[i]
		k := col
		if it.muted {
			k = muted
		}
		switch it.kind {
		case itemText:
			c.Text(dx+it.x, dy+it.y, it.text, it.size, k, viz.AlignLeft)
		case itemHRule:
			y, h := snapRule(dy+it.y, it.h, scale)
			c.FillRect(dx+it.x, y, it.w, h, k)
		case itemVRule:
			x, w := snapRule(dx+it.x, it.w, scale)
			c.FillRect(x, dy+it.y, w, it.h, k)
		case itemLine:
			c.Line(dx+it.x, dy+it.y, dx+it.x2, dy+it.y2, it.w, k)
		case itemPolyline:
			pts := l.scratch[:0]
			for _, p := range it.pts {
				pts = append(pts, viz.Point{X: p.X + dx, Y: p.Y + dy})
			}
			l.scratch = pts
			c.Polyline(pts, it.w, k)
		case itemDot:
			c.FillCircle(dx+it.x, dy+it.y, it.w, k)
		}
	}
}

// snapRule moves a rule of thickness t centred on v so that its edges fall
// on device pixels, and rounds its thickness to whole device pixels (at
// least one): a one-pixel rule straddling two pixel rows would be drawn as
// two grey rows.
func snapRule(v, t, scale float64) (start, thickness float64) {
	n := math.Max(1, math.Round(t*scale))
	start = math.Round(v*scale - n/2)
	return start / scale, n / scale
}

// shift moves items [from:] by (dx, dy).
func shiftItems(items []item, dx, dy float64) {
	if dx == 0 && dy == 0 {
		return
	}
	for i := range items {
		it := &items[i]
		it.x += dx
		it.y += dy
		switch it.kind {
		case itemLine:
			it.x2 += dx
			it.y2 += dy
		case itemPolyline:
			for j := range it.pts {
				it.pts[j].X += dx
				it.pts[j].Y += dy
			}
		}
	}
}
