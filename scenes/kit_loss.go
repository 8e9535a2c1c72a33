package scenes

// Drawing pieces of the losses, LoRA and complexity views (problems 013,
// 019, 021–024, 026), beyond kit.go: a chart with linear or log axes (a
// second axis on the right, labelled marker lines, inspectable dots,
// legend outside the data), rows of bars with their values, vectors drawn
// as labelled cells, and number formats for counts, bytes and seconds.
// Strings are made when the data is set, never per frame.

import (
	"image/color"
	"math"
	"strconv"

	"dlprep/viz"
	"dlprep/viz/scene"
	"dlprep/viz/tex"
)

// axis maps data values onto a pixel span, linearly or on a log scale,
// and carries its ticks and their labels.
type axis struct {
	lo, hi float64
	log    bool
	title  string
	ticks  []float64
	labels []string
}

// set gives the axis its range and ticks; format writes a tick's label
// (nil: fmtAxis).
func (a *axis) set(lo, hi float64, log bool, title string, format func(float64) string) {
	if format == nil {
		format = fmtAxis
	}
	if log {
		lo, hi = max(lo, 1e-300), max(hi, 1e-300)
	}
	if !(hi > lo) {
		hi = lo + 1
		if log {
			hi = lo * 10
		}
	}
	a.lo, a.hi, a.log, a.title = lo, hi, log, title
	a.ticks, a.labels = a.ticks[:0], a.labels[:0]
	if log {
		e0, e1 := math.Ceil(math.Log10(lo)-1e-9), math.Floor(math.Log10(hi)+1e-9)
		step := math.Max(1, math.Ceil((e1-e0+1)/7))
		for e := e0; e <= e1; e += step {
			a.ticks = append(a.ticks, math.Pow(10, e))
		}
		if len(a.ticks) < 3 { // less than two decades: 2 and 5 too
			a.ticks = a.ticks[:0]
			for e := e0 - 1; e <= e1; e++ {
				for _, m := range [...]float64{1, 2, 5} {
					if v := m * math.Pow(10, e); v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
						a.ticks = append(a.ticks, v)
					}
				}
			}
		}
	} else {
		step := niceStep((hi - lo) / 5)
		for v := math.Ceil(lo/step-1e-9) * step; v <= hi+step*1e-9; v += step {
			a.ticks = append(a.ticks, v)
		}
	}
	for _, v := range a.ticks {
		a.labels = append(a.labels, format(v))
	}
}

// niceStep rounds a raw tick spacing to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch m := raw / p; {
	case m < 1.5:
		return p
	case m < 3.5:
		return 2 * p
	case m < 7.5:
		return 5 * p
	}
	return 10 * p
}

// frac is where v lies on the axis, 0 at lo and 1 at hi.
func (a *axis) frac(v float64) float64 {
	if a.log {
		v = max(v, 1e-300)
		return (math.Log(v) - math.Log(a.lo)) / (math.Log(a.hi) - math.Log(a.lo))
	}
	return (v - a.lo) / (a.hi - a.lo)
}

// fmtAxis writes a tick value compactly: 1k, 20k, 3M, 0.5.
func fmtAxis(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0"
	case a >= 1e12:
		return trimNum(v/1e12) + "T"
	case a >= 1e9:
		return trimNum(v/1e9) + "G"
	case a >= 1e6:
		return trimNum(v/1e6) + "M"
	case a >= 1e3:
		return trimNum(v/1e3) + "k"
	case a < 1e-3:
		return strconv.FormatFloat(v, 'e', 0, 64)
	}
	return trimNum(v)
}

// itoa64 formats an int64 (the complexity scene this family replaced
// defined it; the factorized-attention view uses it too).
func itoa64(v int64) string { return strconv.FormatInt(v, 10) }

// trimNum is v with at most 3 significant digits and no trailing zeros.
func trimNum(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// fmtCount writes a count with a unit prefix: 590k, 12.3M, 4.72G.
func fmtCount(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e12:
		return strconv.FormatFloat(v/1e12, 'f', 2, 64) + " T"
	case a >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', 2, 64) + " G"
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + " M"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + " k"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// fmtBytes writes a size in bytes: 2.36 MB.
func fmtBytes(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1<<30:
		return strconv.FormatFloat(v/(1<<30), 'f', 2, 64) + " GiB"
	case a >= 1<<20:
		return strconv.FormatFloat(v/(1<<20), 'f', 2, 64) + " MiB"
	case a >= 1<<10:
		return strconv.FormatFloat(v/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " B"
}

// fmtSeconds writes a duration: 45 µs, 1.2 ms.
func fmtSeconds(s float64) string {
	switch {
	case !(s > 0):
		return "0 s"
	case s >= 1:
		return trimNum(s) + " s"
	case s >= 1e-3:
		return trimNum(s*1e3) + " ms"
	case s >= 1e-6:
		return trimNum(s*1e6) + " µs"
	}
	return trimNum(s*1e9) + " ns"
}

// chartSeries is one curve or set of points of a chart.
type chartSeries struct {
	xs, ys []float64
	col    color.RGBA
	width  float64
	dashed bool
	right  bool // on the right axis
	// dots draws a disc at every point, marked for inspection as group
	// (element i is point i); group 0 draws the line alone.
	dots  bool
	group int
	dotR  float64 // the dots' radius (0: 3.5; negative: marked, not drawn)
	// show is how much of the series is drawn, from 0 (nothing) to 1: a
	// reveal along the points, set per frame.
	show float64
	// hidden series are laid out but not drawn (a legend entry stays).
	hidden bool
}

// chartMarker is a vertical line at x with a label above the plot.
type chartMarker struct {
	x     float64
	label string
	col   color.RGBA
	// group and index mark the label for inspection (group 0: not).
	group, index int
	hidden       bool
}

// chart is a line chart: axes with ticks and titles, curves, dots, marker
// lines with labels in lanes above the data, and a legend below it.
type chart struct {
	x, y, y2 axis
	hasY2    bool
	series   []chartSeries
	markers  []chartMarker
	legend   []legendItem
	// plot is the data area of the last draw.
	plot viz.Rect
	pts  []viz.Point
}

// chartLanes is how many rows of marker labels sit above the data.
const chartLanes = 2

// at maps a data point to the canvas, on the left or right axis.
func (ch *chart) at(x, y float64, right bool) (float64, float64) {
	ay := &ch.y
	if right {
		ay = &ch.y2
	}
	fx, fy := ch.x.frac(x), ay.frac(y)
	return ch.plot.X + fx*ch.plot.W, ch.plot.Y + ch.plot.H - fy*ch.plot.H
}

// draw lays the chart out in r and draws it; it returns the data area.
func (ch *chart) draw(c viz.Canvas, r viz.Rect, f *scene.Frame) viz.Rect {
	viz.MarkPanel(c, r)
	lh := viz.LineHeight(kitLabel)
	legendH := 0.0
	if len(ch.legend) > 0 {
		legendH = legendHeight(c, r.W, ch.legend)
	}
	lanes := 0.0
	for _, m := range ch.markers {
		if !m.hidden && m.label != "" {
			lanes = chartLanes * lh
			break
		}
	}
	left, right := 0.0, 0.0
	for _, s := range ch.y.labels {
		left = max(left, c.TextWidth(s, kitLabel))
	}
	if ch.hasY2 {
		for _, s := range ch.y2.labels {
			right = max(right, c.TextWidth(s, kitLabel))
		}
		right += 6
	} else {
		right = c.TextWidth(ch.x.labels[len(ch.x.labels)-1], kitLabel)/2 + 2
	}
	left += 6
	top := lh + lanes + 4 // axis titles, then the marker lanes
	bottom := lh + 4 + lh + legendH
	p := viz.Rect{X: r.X + left, Y: r.Y + top, W: r.W - left - right, H: r.H - top - bottom}
	ch.plot = p
	if p.W < 40 || p.H < 30 {
		return viz.Rect{}
	}
	// Axis titles above the tick labels.
	c.Text(r.X, r.Y+kitLabel, viz.Ellipsize(c, ch.y.title, kitLabel, r.W*0.48), kitLabel, viz.InkMuted, viz.AlignLeft)
	if ch.hasY2 {
		c.Text(r.X+r.W, r.Y+kitLabel, viz.Ellipsize(c, ch.y2.title, kitLabel, r.W*0.48), kitLabel, viz.InkMuted, viz.AlignRight)
	}
	// Frame and grid.
	c.FillRect(p.X, p.Y, p.W, p.H, viz.White)
	lastY := math.Inf(1)
	for i, v := range ch.y.ticks {
		_, y := ch.at(ch.x.lo, v, false)
		c.Line(p.X, y, p.X+p.W, y, 1, viz.Fade(viz.Grid, 0.6))
		if lastY-y >= lh {
			c.Text(p.X-4, y+kitLabel*0.35, ch.y.labels[i], kitLabel, viz.InkMuted, viz.AlignRight)
			lastY = y
		}
	}
	if ch.hasY2 {
		lastY = math.Inf(1)
		for i, v := range ch.y2.ticks {
			_, y := ch.at(ch.x.lo, v, true)
			if lastY-y >= lh && y >= p.Y-1 && y <= p.Y+p.H+1 {
				c.Text(p.X+p.W+4, y+kitLabel*0.35, ch.y2.labels[i], kitLabel, viz.InkMuted, viz.AlignLeft)
				lastY = y
			}
		}
	}
	lastX := math.Inf(-1)
	for i, v := range ch.x.ticks {
		x, _ := ch.at(v, ch.y.lo, false)
		c.Line(x, p.Y, x, p.Y+p.H, 1, viz.Fade(viz.Grid, 0.6))
		w := c.TextWidth(ch.x.labels[i], kitLabel)
		if x-w/2 >= lastX+6 && x+w/2 <= r.X+r.W {
			c.Text(x, p.Y+p.H+4+kitLabel, ch.x.labels[i], kitLabel, viz.InkMuted, viz.AlignCenter)
			lastX = x + w/2
		}
	}
	c.StrokeRect(p.X, p.Y, p.W, p.H, 1, viz.Grid)
	c.Text(p.X+p.W, p.Y+p.H+4+lh+kitLabel, viz.Ellipsize(c, ch.x.title, kitLabel, p.W), kitLabel, viz.InkMuted, viz.AlignRight)
	// Markers: the line over the data, the label in the first free lane.
	var laneEnd [chartLanes]float64
	for i := range laneEnd {
		laneEnd[i] = math.Inf(-1)
	}
	for _, m := range ch.markers {
		if m.hidden {
			continue
		}
		x, _ := ch.at(m.x, ch.y.lo, false)
		if x < p.X-0.5 || x > p.X+p.W+0.5 {
			continue
		}
		c.Line(x, p.Y, x, p.Y+p.H, 1.5, m.col)
		if m.label == "" {
			continue
		}
		w := c.TextWidth(m.label, kitLabel)
		lx := min(max(x-w/2, r.X), r.X+r.W-w)
		for lane := range chartLanes {
			if lx < laneEnd[lane]+8 {
				continue
			}
			y := p.Y - 4 - float64(chartLanes-1-lane)*lh
			c.Line(x, y+2, x, p.Y, 1, m.col)
			c.Text(lx, y, m.label, kitLabel, m.col, viz.AlignLeft)
			laneEnd[lane] = lx + w
			if m.group != 0 {
				f.Box(m.group, m.index, viz.Rect{X: lx, Y: y - kitLabel, W: w, H: kitLabel + 3})
			}
			break
		}
	}
	// Series, clipped to the data area by their own range.
	for si := range ch.series {
		s := &ch.series[si]
		if s.hidden || s.show <= 0 || len(s.xs) == 0 {
			continue
		}
		n := len(s.xs)
		upto := min(n, int(math.Ceil(s.show*float64(n)-1e-9)))
		ch.pts = ch.pts[:0]
		for i := range upto {
			x, y := ch.at(s.xs[i], s.ys[i], s.right)
			if math.IsNaN(y) || math.IsInf(y, 0) || y < p.Y-1 || y > p.Y+p.H+1 {
				ch.flush(c, s)
				continue
			}
			ch.pts = append(ch.pts, viz.Point{X: x, Y: y})
			if s.dots {
				rad := s.dotR
				if rad == 0 {
					rad = 3.5
				}
				if rad > 0 {
					c.FillCircle(x, y, rad, s.col)
				}
				if s.group != 0 {
					f.Dot(s.group, i, x, y, 4)
				}
			}
		}
		ch.flush(c, s)
	}
	if len(ch.legend) > 0 {
		legend(c, viz.Rect{X: r.X, Y: r.Y + r.H - legendH, W: r.W, H: legendH}, ch.legend)
	}
	return p
}

// flush draws the points gathered so far of a series and starts afresh.
func (ch *chart) flush(c viz.Canvas, s *chartSeries) {
	if len(ch.pts) >= 2 && s.width > 0 {
		if s.dashed {
			for i := 1; i < len(ch.pts); i += 2 {
				c.Line(ch.pts[i-1].X, ch.pts[i-1].Y, ch.pts[i].X, ch.pts[i].Y, s.width, s.col)
			}
		} else {
			c.Polyline(ch.pts, s.width, s.col)
		}
	}
	ch.pts = ch.pts[:0]
}

// barSeg is one coloured part of a bar.
type barSeg struct {
	v   float64
	col color.RGBA
}

// barRow is one bar: a label, its parts (stacked), the value written at
// its end, and its inspection mark.
type barRow struct {
	label string
	segs  []barSeg
	// pair, when set, is a second bar drawn under the first in the same
	// row (two quantities of one item, compared).
	pair  []barSeg
	value string
	// valueCol colours the value (zero: muted ink).
	valueCol     color.RGBA
	group, index int
	// outline strokes the bar (the focused or current one).
	outline bool
}

// total is the bar's length in data units.
func (b *barRow) total() float64 {
	t := 0.0
	for _, s := range b.segs {
		t += s.v
	}
	return t
}

// drawBars draws rows of horizontal bars in r against a common scale
// (0 to top, or logarithmic from lo to top), labels on the left and values
// at the bars' ends; it returns the height used.
func drawBars(c viz.Canvas, r viz.Rect, rows []barRow, top float64, logLo float64, f *scene.Frame) float64 {
	if len(rows) == 0 {
		return 0
	}
	lw, vw := 0.0, 0.0
	for i := range rows {
		lw = max(lw, c.TextWidth(rows[i].label, kitLabel))
		vw = max(vw, c.TextWidth(rows[i].value, kitLabel))
	}
	lw = min(lw+8, r.W*0.4)
	barW := r.W - lw - vw - 8
	if barW < 20 {
		return 0
	}
	lh := viz.LineHeight(kitLabel)
	rowH := min(max(lh+2, r.H/float64(len(rows))), 34)
	bh := min(rowH-6, 18)
	scale := func(v float64) float64 {
		if logLo > 0 {
			if v <= logLo {
				return 0
			}
			return barW * math.Min(1, math.Log(v/logLo)/math.Log(top/logLo))
		}
		if !(top > 0) {
			return 0
		}
		return barW * math.Min(1, math.Max(0, v/top))
	}
	for i := range rows {
		b := &rows[i]
		y := r.Y + float64(i)*rowH
		cy := y + rowH/2
		c.Text(r.X+lw-8, cy+kitLabel*0.35, viz.Ellipsize(c, b.label, kitLabel, lw-8), kitLabel, viz.InkMuted, viz.AlignRight)
		x0 := r.X + lw
		bar := func(segs []barSeg, top, h float64) float64 {
			x, cum := x0, 0.0
			for _, s := range segs {
				cum += s.v
				x1 := x0 + scale(cum)
				if math.IsInf(s.v, 1) {
					x1 = x0 + barW
				}
				if x1 > x {
					c.FillRect(x, top, x1-x, h, s.col)
				}
				x = max(x, x1)
			}
			return x
		}
		var x, y0, hh float64
		if b.pair != nil {
			h := min(bh/2, 9)
			x = max(bar(b.segs, cy-h-1, h), bar(b.pair, cy+1, h))
			y0, hh = cy-h-1, 2*h+2
		} else {
			x = bar(b.segs, cy-bh/2, bh)
			y0, hh = cy-bh/2, bh
		}
		if b.outline {
			c.StrokeRect(x0-1, y0-1, max(x-x0, 2)+2, hh+2, 2, viz.Accent)
		}
		vc := b.valueCol
		if vc.A == 0 {
			vc = viz.InkMuted
		}
		c.Text(x+6, cy+kitLabel*0.35, b.value, kitLabel, vc, viz.AlignLeft)
		if b.group != 0 {
			f.Box(b.group, b.index, viz.Rect{X: x0, Y: y0, W: max(x-x0, 8), H: hh})
		}
	}
	return rowH * float64(len(rows))
}

// cellCol is one column of a vector drawn as cells (a stage of a small
// computation): a typeset title, the cells' values as text and colours,
// marked for inspection.
type cellCol struct {
	title  string // TeX
	labels []string
	fills  []color.RGBA
	inks   []color.RGBA
	group  int
}

// set fills the column's cells from values: text by format, colour from
// cmap over [lo, hi] (non-finite values in bad's colour).
func (cc *cellCol) set(title string, vals []float64, format func(float64) string, cmap *viz.ColorMap, lo, hi float64, group int) {
	cc.title, cc.group = title, group
	cc.labels, cc.fills, cc.inks = cc.labels[:0], cc.fills[:0], cc.inks[:0]
	for _, v := range vals {
		cc.labels = append(cc.labels, format(v))
		var fill color.RGBA
		switch {
		case math.IsInf(v, 0) || math.IsNaN(v):
			fill = viz.Bad
		case hi > lo:
			fill = cmap.At(math.Min(1, math.Max(0, (v-lo)/(hi-lo))))
		default:
			fill = cmap.At(0.5)
		}
		cc.fills = append(cc.fills, fill)
		cc.inks = append(cc.inks, inkOn(fill))
	}
}

// draw lays the column's cells top to bottom in r from y0 with rows of
// height rowH, up to n of them (a reveal); it returns the cells' rect.
func (cc *cellCol) draw(c viz.Canvas, tc *tex.Cache, r viz.Rect, titleY, y0, rowH float64, n int, f *scene.Frame) viz.Rect {
	if cc.title != "" {
		l := tc.Layout(c, cc.title, kitTitle)
		x := r.X + (r.W-l.Box.Width)/2
		l.Draw(c, max(x, r.X), titleY, viz.Ink)
	}
	cells := viz.Rect{X: r.X, Y: y0, W: r.W, H: rowH * float64(len(cc.labels))}
	for i := range min(n, len(cc.labels)) {
		y := y0 + float64(i)*rowH
		c.FillRect(r.X, y+1, r.W, rowH-2, cc.fills[i])
		s := viz.Ellipsize(c, cc.labels[i], kitSmall, r.W-6)
		c.Text(r.X+r.W/2, y+rowH/2+kitSmall*0.35, s, kitSmall, cc.inks[i], viz.AlignCenter)
	}
	if cc.group != 0 && n > 0 {
		shown := cells
		shown.H = rowH * float64(min(n, len(cc.labels)))
		f.Grid(cc.group, shown, min(n, len(cc.labels)), 1)
	}
	return cells
}

// fmtCell writes a value for a narrow cell: up to 5 characters where it
// can, infinities as ±∞.
func fmtCell(v float64) string {
	if a := math.Abs(v); v == 0 || math.IsInf(v, 0) || v != v || (a < 1e5 && a >= 1e-3) {
		return fmtNum(v) // ±∞, NaN and 0 spelt out as fmtNum does
	}
	s := strconv.FormatFloat(v, 'e', 1, 64)
	// 2.7e+43 → 2.7e43; 1.0e-05 → 1.0e-5
	b := []byte(s)
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '+' || (b[i] == '0' && i > 0 && (b[i-1] == '-' || b[i-1] == 'e') && i+1 < len(b)) {
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

// mathLabel draws TeX src at (x, baseline) with the cache, aligned, and
// returns its width.
func mathLabel(c viz.Canvas, tc *tex.Cache, src string, x, baseline, size float64, col color.RGBA, align viz.Align) float64 {
	l := tc.Layout(c, src, size)
	switch align {
	case viz.AlignCenter:
		x -= l.Box.Width / 2
	case viz.AlignRight:
		x -= l.Box.Width
	}
	l.Draw(c, x, baseline, col)
	return l.Box.Width
}

// pairTotal is the second bar's length in data units.
func (b *barRow) pairTotal() float64 {
	t := 0.0
	for _, s := range b.pair {
		t += s.v
	}
	return t
}

// heatItem is one heat of a row drawn by drawHeatRow.
type heatItem struct {
	ht   *heat
	opts heatOpts
}

// drawHeatRow lays heats out left to right (wrapping into rows on a narrow
// area, each at least minW wide) and draws them all at one cell size, the
// largest at which every one fits, so equal shapes look equal.
func drawHeatRow(c viz.Canvas, r viz.Rect, f *scene.Frame, items []heatItem, gap, minW, maxCell float64) {
	if len(items) == 0 {
		return
	}
	cells := flowCells(r, len(items), gap, minW)
	lh := viz.LineHeight(kitLabel)
	cell := maxCell
	for i, it := range items {
		if it.ht == nil || it.ht.rows == 0 {
			continue
		}
		over := kitTitle + 8
		if !it.opts.NoScale {
			over += lh + 12
		}
		if len(it.opts.ColLabels) > 0 {
			over += lh
		}
		cell = min(cell, cells[i].W/float64(it.ht.cols), (cells[i].H-over)/float64(it.ht.rows))
	}
	cell = math.Floor(cell)
	if cell < 2 {
		return
	}
	for i, it := range items {
		if it.ht == nil {
			continue
		}
		o := it.opts
		o.MaxCell = cell
		it.ht.draw(c, cells[i], f, o)
	}
}
