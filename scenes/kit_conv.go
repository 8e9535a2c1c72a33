package scenes

// Drawing pieces of the convolution, normalisation and embedding views
// (problems 001, 006, 009, 018, 020, 033, 035, 036) beyond kit.go: bar
// charts of a vector, a line chart of a few series, comparison bars for
// counters and a wrapped note. They keep kit.go's rules: text at least
// kitSmall, measured before it is placed, scales and legends outside the
// data, every bar inspectable.

import (
	"image/color"
	"math"
	"strconv"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// cvBarOpts say how a vector is drawn as bars.
type cvBarOpts struct {
	Title, Shape string
	// Lim is the half-range of the value axis (bars run from −Lim to Lim);
	// 0 takes the largest |value|.
	Lim float64
	// Ghost, when not nil, is drawn as a tick over each bar (a reference
	// vector, e.g. x before it was modulated).
	Ghost []float32
	// Split colours the second half of the bars differently (sin | cos).
	Split bool
	// Labels name some bars under the axis (thinned to fit); nil: indices.
	Labels []string
	Group  int // f.Box per bar with Index = bar (0: not inspectable)
	Hi     int // a bar to outline (−1: none)
	// Ends are the value axis's ends as text, barEnds(Lim) made once by
	// the view; empty, cvBars formats them (allocating every frame).
	Ends [2]string
}

// barEnds writes the ends of a bar chart's value axis, ±lim.
func barEnds(lim float64) [2]string { return [2]string{"+" + fmtNum(lim), fmtNum(-lim)} }

// cvBars draws v as vertical bars around a zero line in r, with a title,
// the value range written left of the axis and the index under it; it
// returns the bars' area.
func cvBars(c viz.Canvas, r viz.Rect, f *scene.Frame, v []float32, o cvBarOpts) viz.Rect {
	if o.Title != "" {
		r = titleShape(c, r, o.Title, o.Shape)
	}
	if len(v) == 0 || r.W < 30 || r.H < 30 {
		return viz.Rect{}
	}
	lim := o.Lim
	if lim <= 0 {
		for _, x := range v {
			lim = max(lim, math.Abs(float64(x)))
		}
		for _, x := range o.Ghost {
			lim = max(lim, math.Abs(float64(x)))
		}
	}
	if lim == 0 || math.IsNaN(lim) || math.IsInf(lim, 0) {
		lim = 1
	}
	hiS, loS := o.Ends[0], o.Ends[1]
	if hiS == "" || o.Lim <= 0 {
		ends := barEnds(lim)
		hiS, loS = ends[0], ends[1]
	}
	left := max(c.TextWidth(hiS, kitLabel), c.TextWidth(loS, kitLabel)) + 6
	lh := viz.LineHeight(kitLabel)
	data := viz.Rect{X: r.X + left, Y: r.Y + 4, W: r.W - left, H: r.H - lh - 6}
	if data.W < 10 || data.H < 16 {
		return viz.Rect{}
	}
	c.FillRect(data.X, data.Y, data.W, data.H, viz.Panel)
	mid := data.Y + data.H/2
	valueEnds(c, data, hiS, loS, 4)
	scale := (data.H/2 - 2) / lim
	bw := data.W / float64(len(v))
	for j, x := range v {
		col := viz.Accent
		if o.Split && j >= len(v)/2 {
			col = viz.Categorical(1)
		}
		h := clampF(float64(x), -lim, lim) * scale
		bx := data.X + float64(j)*bw + bw*0.15
		if h >= 0 {
			c.FillRect(bx, mid-h, bw*0.7, h, col)
		} else {
			c.FillRect(bx, mid, bw*0.7, -h, col)
		}
		if o.Ghost != nil && j < len(o.Ghost) {
			g := clampF(float64(o.Ghost[j]), -lim, lim) * scale
			c.Line(bx-1, mid-g, bx+bw*0.7+1, mid-g, 2, viz.Ink)
		}
		if o.Group != 0 {
			f.Box(o.Group, j, viz.Rect{X: data.X + float64(j)*bw, Y: data.Y, W: bw, H: data.H})
		}
	}
	c.Line(data.X, mid, data.X+data.W, mid, 1, viz.InkMuted)
	if o.Hi >= 0 && o.Hi < len(v) {
		c.StrokeRect(data.X+float64(o.Hi)*bw, data.Y, bw, data.H, 2, viz.Ink)
	}
	// Index labels under the axis, thinned so they never overprint.
	labels := o.Labels
	every := 1
	widest := 0.0
	for j := range v {
		s := strconv.Itoa(j)
		if labels != nil && j < len(labels) {
			s = labels[j]
		}
		widest = max(widest, c.TextWidth(s, kitLabel))
	}
	for float64(every)*bw < widest+6 {
		every++
	}
	for j := 0; j < len(v); j += every {
		s := strconv.Itoa(j)
		if labels != nil && j < len(labels) {
			s = labels[j]
		}
		x, w := data.X+(float64(j)+0.5)*bw, c.TextWidth(s, kitLabel)
		if x+w/2 > r.X+r.W || x-w/2 < r.X {
			continue
		}
		c.Text(x, data.Y+data.H+kitLabel+2, s, kitLabel, viz.InkMuted, viz.AlignCenter)
	}
	return data
}

func clampF(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// cvSeries is one line of a cvLines chart.
type cvSeries struct {
	Y      []float64 // one value per x step
	Col    color.RGBA
	Label  string
	Dashed bool
	Width  float64
	// Full draws the whole series even when the chart draws only a prefix
	// (a reference line, such as the true value).
	Full bool
}

// cvLineOpts say how a line chart is drawn.
type cvLineOpts struct {
	Title          string
	XLabel, YLabel string
	X0, X1         float64 // the x range the series span
	Y0, Y1         float64 // the value axis
	// Upto draws each series only up to this many points (0: all).
	Upto int
	// Group marks each x step of the first series (f.Box, Index = step).
	Group int
	// Ticks are Y0, Y1, X0 and X1 as text, set by withTicks once; empty,
	// cvLines formats them (allocating every frame).
	Ticks [4]string
}

// withTicks returns o with its axis ends written out.
func (o cvLineOpts) withTicks() cvLineOpts {
	o.Ticks = [4]string{cvFmt(o.Y0), cvFmt(o.Y1), cvFmt(o.X0), cvFmt(o.X1)}
	return o
}

// cvLines draws series over a shared x range with labelled axes and a
// legend under them; pts is scratch reused across frames. It returns the
// plot area.
func cvLines(c viz.Canvas, r viz.Rect, f *scene.Frame, series []cvSeries, o cvLineOpts, pts *[]viz.Point) viz.Rect {
	if o.Title != "" {
		r = panel(c, r, o.Title)
	} else {
		viz.MarkPanel(c, r)
	}
	// The legend's items on the stack: a frame allocates nothing for them.
	var buf [4]legendItem
	items := buf[:0]
	for _, s := range series {
		if s.Label != "" {
			items = append(items, legendItem{Col: s.Col, Label: s.Label})
		}
	}
	lh := viz.LineHeight(kitLabel)
	legH := 0.0
	if len(items) > 0 {
		legH = legendHeight(c, r.W, items) + 2
	}
	if o.Ticks[0] == "" {
		o = o.withTicks()
	}
	y0S, y1S := o.Ticks[0], o.Ticks[1]
	left := max(c.TextWidth(y0S, kitLabel), c.TextWidth(y1S, kitLabel)) + 8
	plot := viz.Rect{X: r.X + left, Y: r.Y + 4, W: r.W - left - 8, H: r.H - legH - 2*lh - 8}
	if plot.W < 30 || plot.H < 24 {
		return viz.Rect{}
	}
	c.FillRect(plot.X, plot.Y, plot.W, plot.H, viz.White)
	c.StrokeRect(plot.X, plot.Y, plot.W, plot.H, 1, viz.Grid)
	valueEnds(c, plot, y1S, y0S, 4)
	// x ticks at both ends, the axis titles between them.
	ty := plot.Y + plot.H + kitLabel + 2
	rangeEnds(c, plot, ty, o.Ticks[2], o.Ticks[3], o.XLabel)
	if o.YLabel != "" {
		c.Text(plot.X+4, plot.Y+kitLabel+2, viz.Ellipsize(c, o.YLabel, kitLabel, plot.W-8), kitLabel, viz.InkMuted, viz.AlignLeft)
	}
	if len(items) > 0 {
		legend(c, viz.Rect{X: r.X, Y: ty + 6, W: r.W, H: legH}, items)
	}
	px := func(i, n int) float64 {
		if n <= 1 {
			return plot.X
		}
		return plot.X + float64(i)/float64(n-1)*plot.W
	}
	py := func(v float64) float64 {
		t := (clampF(v, o.Y0, o.Y1) - o.Y0) / (o.Y1 - o.Y0)
		return plot.Y + plot.H - t*plot.H
	}
	for _, s := range series {
		n := len(s.Y)
		upto := n
		if o.Upto > 0 && !s.Full {
			upto = min(o.Upto, n)
		}
		w := s.Width
		if w == 0 {
			w = 2
		}
		if s.Dashed {
			for i := 0; i+1 < upto; i += 2 {
				c.Line(px(i, n), py(s.Y[i]), px(i+1, n), py(s.Y[i+1]), w, s.Col)
			}
			continue
		}
		*pts = (*pts)[:0]
		for i := 0; i < upto; i++ {
			*pts = append(*pts, viz.Point{X: px(i, n), Y: py(s.Y[i])})
		}
		if len(*pts) > 1 {
			c.Polyline(*pts, w, s.Col)
		}
	}
	if o.Group != 0 && len(series) > 0 {
		n := len(series[0].Y)
		upto := n
		if o.Upto > 0 {
			upto = min(o.Upto, n)
		}
		step := plot.W / float64(max(n-1, 1))
		for i := 0; i < upto; i++ {
			f.Box(o.Group, i, viz.Rect{X: px(i, n) - step/2, Y: plot.Y, W: step, H: plot.H})
		}
	}
	return plot
}

// cvYOf maps a value to the y of a plot drawn by cvLines with o.
func cvYOf(plot viz.Rect, o cvLineOpts, v float64) float64 {
	t := (clampF(v, o.Y0, o.Y1) - o.Y0) / (o.Y1 - o.Y0)
	return plot.Y + plot.H - t*plot.H
}

// cvCompare is one row of a counter comparison: a label, a count and a
// colour; Part, when above 0, is the share of Value drawn first in
// PartCol (a stacked bar: the depthwise part of a separable cost, say).
type cvCompare struct {
	Label   string
	Value   float64
	Text    string // the count as written
	Col     color.RGBA
	Part    float64
	PartCol color.RGBA
}

// cvCompareBars draws horizontal bars of rows scaled to the largest, each
// with its label above and its count at its end; boxes are marked with
// group and the row index. It returns the height used.
func cvCompareBars(c viz.Canvas, r viz.Rect, f *scene.Frame, rows []cvCompare, group int) float64 {
	lh := viz.LineHeight(kitLabel)
	top := 0.0
	for _, rw := range rows {
		top = max(top, rw.Value)
	}
	if top <= 0 {
		top = 1
	}
	y := r.Y
	for i, rw := range rows {
		c.Text(r.X, y+kitLabel, viz.Ellipsize(c, rw.Label, kitLabel, r.W), kitLabel, viz.InkMuted, viz.AlignLeft)
		y += lh
		tw := c.TextWidth(rw.Text, kitLabel) + 8
		maxW := r.W - tw
		if maxW < 10 {
			break
		}
		w := max(2, rw.Value/top*maxW)
		c.FillRect(r.X, y+1, w, 14, rw.Col)
		if rw.Part > 0 {
			c.FillRect(r.X, y+1, max(1, rw.Part/top*maxW), 14, rw.PartCol)
		}
		c.Text(r.X+w+6, y+kitLabel+1, rw.Text, kitLabel, viz.Ink, viz.AlignLeft)
		if group != 0 {
			f.Box(group, i, viz.Rect{X: r.X, Y: y, W: r.W, H: 16})
		}
		y += 22
	}
	return y - r.Y
}

// cvHorizontal reports whether an area is wide enough to lay two big
// pictures side by side rather than one over the other.
func cvHorizontal(r viz.Rect) bool { return r.W > 1.25*r.H && r.W >= 560 }

// cvStepOf maps a step's Frac to one of n items, so a sweep spends the
// same time on each.
func cvStepOf(frac float64, n int) int {
	if n <= 0 {
		return 0
	}
	return clampInt(int(frac*float64(n)), 0, n-1)
}

// cvNumbers writes each cell's value in the cells of a heat drawn at
// cells when they are too small for kit's numbers (below cellMin) but
// still hold the text, as short integers do; masked cells stay empty.
func cvNumbers(c viz.Canvas, cells viz.Rect, h *heat, labels []string) {
	if cells.W == 0 || h.rows == 0 || h.cols == 0 {
		return
	}
	cell := cells.W / float64(h.cols)
	if cell >= cellMin || cell < 16 {
		return
	}
	h.writeNums(c, cells, cell, labels, 3)
}

// cvFmt formats a value as fmtNum does, integers without decimals.
func cvFmt(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e4 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return fmtNum(v)
}

// cvIntLabels formats integral values as cell labels ("−1", "7").
func cvIntLabels(dst []string, v []float32) []string {
	dst = dst[:0]
	for _, x := range v {
		dst = append(dst, cvFmt(float64(x)))
	}
	return dst
}

// tsFirst formats the first n values as "0.12 −0.50 …".
func tsFirst(v []float32, n int) string {
	out := ""
	for i := 0; i < n && i < len(v); i++ {
		if i > 0 {
			out += " "
		}
		out += strconv.FormatFloat(float64(v[i]), 'f', 2, 32)
	}
	return out
}

// cvStripOpts say how a heat is drawn as a strip.
type cvStripOpts struct {
	Title, Shape string
	RowTitle     string
	XLabel       string // under the strip, between the end labels
	X0, X1       string // the end labels of the x axis
	Group        int
	MaxRowH      float64 // 0: 28
}

// cvStrip draws a heat stretched into r (cells need not be square: many
// columns, few rows, as a quantity over time), with its title, row
// indices at the left, the x axis under it and the colour scale; every
// cell is marked for inspection. It returns the cells' rectangle.
func cvStrip(c viz.Canvas, r viz.Rect, f *scene.Frame, h *heat, o cvStripOpts) viz.Rect {
	if !h.ok || h.rows == 0 || h.cols == 0 {
		return viz.Rect{}
	}
	if o.Title != "" {
		r = titleShape(c, r, o.Title, o.Shape)
	}
	lh := viz.LineHeight(kitLabel)
	left := c.TextWidth(strconv.Itoa(h.rows-1), kitLabel) + 8
	if o.RowTitle != "" {
		left = max(left, c.TextWidth(o.RowTitle, kitLabel)+6)
	}
	maxRow := o.MaxRowH
	if maxRow == 0 {
		maxRow = 28
	}
	rowH := min((r.H-2*lh-16)/float64(h.rows), maxRow)
	if rowH < 2 || r.W-left < 20 {
		return viz.Rect{}
	}
	cells := viz.Rect{X: r.X + left, Y: r.Y + 2, W: r.W - left, H: rowH * float64(h.rows)}
	c.Image(&h.bm, cells.X, cells.Y, cells.W, cells.H, false)
	c.StrokeRect(cells.X-0.5, cells.Y-0.5, cells.W+1, cells.H+1, 1, viz.Grid)
	if o.RowTitle != "" && rowH*float64(h.rows) >= 2*lh {
		c.Text(cells.X-4, cells.Y+kitLabel, o.RowTitle, kitLabel, viz.InkMuted, viz.AlignRight)
	}
	every := int(math.Ceil(lh / rowH))
	start := 0
	if o.RowTitle != "" {
		start = every * int(math.Ceil(lh/(rowH*float64(every))))
	}
	for i := start; i < h.rows; i += every {
		c.Text(cells.X-4, cells.Y+(float64(i)+0.5)*rowH+kitLabel*0.35, strconv.Itoa(i), kitLabel, viz.InkMuted, viz.AlignRight)
	}
	ty := cells.Y + cells.H + kitLabel + 2
	rangeEnds(c, cells, ty, o.X0, o.X1, o.XLabel)
	h.drawScale(c, viz.Rect{X: cells.X, Y: ty + 4, W: min(cells.W, 260), H: lh + 6}, r)
	if o.Group != 0 {
		f.Grid(o.Group, cells, h.rows, h.cols)
	}
	return cells
}
