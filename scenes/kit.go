package scenes

// The scene kit: drawing pieces every view of the catalogue shares, so
// that tensors, labels, scales and legends look the same everywhere and
// keep the layout rules (text at least viz.MinTextSize, measured before it
// is placed, legends outside the data, every cell inspectable).

import (
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// Text sizes of the kit. Nothing is drawn below kitSmall (the app's
// minimum on every screen).
const (
	kitTitle = 14.0 // panel titles
	kitLabel = 12.0 // axis labels, tick labels, legends
	kitSmall = 12.0 // numbers in cells
	kitNum   = 13.0 // big numbers of a readout on the figure
)

// panel declares r as a panel (its text must stay inside) and writes its
// title on top, shortened to fit; it returns the area below the title.
func panel(c viz.Canvas, r viz.Rect, title string) viz.Rect {
	viz.MarkPanel(c, r)
	if title == "" {
		return r
	}
	c.Text(r.X, r.Y+kitTitle, viz.Ellipsize(c, title, kitTitle, r.W), kitTitle, viz.Ink, viz.AlignLeft)
	_, rest := r.CutTop(kitTitle + 8)
	return rest
}

// titleShape writes "name  [1, 6, 8]" as a panel title: the tensor's name
// in ink and its shape muted after it, shortened to fit r's width.
func titleShape(c viz.Canvas, r viz.Rect, name, shape string) viz.Rect {
	viz.MarkPanel(c, r)
	y := r.Y + kitTitle
	nw := c.TextWidth(name, kitTitle)
	if nw > r.W {
		c.Text(r.X, y, viz.Ellipsize(c, name, kitTitle, r.W), kitTitle, viz.Ink, viz.AlignLeft)
	} else {
		c.Text(r.X, y, name, kitTitle, viz.Ink, viz.AlignLeft)
		if room := r.W - nw - 8; shape != "" && room > c.TextWidth("…", kitLabel) {
			c.Text(r.X+nw+8, y, viz.Ellipsize(c, shape, kitLabel, room), kitLabel, viz.InkMuted, viz.AlignLeft)
		}
	}
	_, rest := r.CutTop(kitTitle + 8)
	return rest
}

// shapeOf formats a shape as "[1, 6, 8]".
func shapeOf(dims ...int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, d := range dims {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	b.WriteByte(']')
	return b.String()
}

// indexLabels are "from", "from+1", ... n of them: heat and bar axis
// labels.
func indexLabels(from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(from + i)
	}
	return out
}

// fmtNum formats a value for a label or a tooltip: 3 significant digits,
// −∞ and NaN spelt out.
func fmtNum(v float64) string {
	switch {
	case math.IsInf(v, -1):
		return "−∞"
	case math.IsInf(v, 1):
		return "+∞"
	case v != v:
		return "NaN"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	switch {
	case a >= 1e4 || a < 1e-3:
		return strconv.FormatFloat(v, 'e', 2, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// heat is one matrix on screen: a heatmap with a colour scale, labelled
// axes, numbers in the cells when they fit, and a grid mark so every cell
// can be inspected. Its bitmap is rebuilt only by set.
type heat struct {
	bm         viz.Bitmap
	vals       []float32
	rows, cols int
	lo, hi     float64
	cmap       *viz.ColorMap
	// masked cells are drawn grey (a causal mask's future, padding).
	masked []bool
	ok     bool
	// nums are the cells' values as text, and loS, hiS the scale's ends,
	// made once by set.
	nums     []string
	loS, hiS string
	// colTitle is the last column title drawn and colArrow it with its
	// arrow, kept so a frame does not concatenate them again.
	colTitle, colArrow string
}

// maskedGrey is the colour of masked cells: not a value of any map.
var maskedGrey = color.RGBA{205, 208, 214, 255}

// set gives the heat its values (row-major rows×cols) and colour scale;
// masked (nil or rows*cols) greys cells out. It copies nothing but masked.
func (h *heat) set(vals []float32, rows, cols int, cmap *viz.ColorMap, lo, hi float64, masked []bool) {
	h.vals, h.rows, h.cols, h.cmap, h.lo, h.hi = vals, rows, cols, cmap, lo, hi
	h.masked = append(h.masked[:0], masked...)
	// The numbers as text are made when first drawn (a heat set every
	// frame of a sweep, too small for numbers, never formats them).
	h.nums = h.nums[:0]
	h.loS, h.hiS = "", ""
	h.bm.SetHeatmap(vals, rows, cols, cmap, lo, hi)
	for i, m := range h.masked {
		if m {
			h.bm.Img.SetRGBA(i%cols, i/cols, maskedGrey)
		}
	}
	h.ok = true
}

// symmetric returns the colour range [−m, m] for signed values, m their
// largest finite magnitude (absMaxOf).
func symmetric(vals []float32) (lo, hi float64) {
	m := absMaxOf(vals)
	return -m, m
}

// heatOpts say how a heat is labelled.
type heatOpts struct {
	Title, Shape       string   // panel title: the tensor's name and shape
	RowTitle, ColTitle string   // axis titles ("query", "key")
	RowLabels          []string // per row (thinned when rows are short)
	ColLabels          []string // per column (thinned so they never overprint)
	Group              int      // the grid mark's group (0: not inspectable)
	NoScale            bool     // leave out the colour scale
	MaxCell            float64  // cells no larger than this (0: 48)
}

// cellMin is the cell size from which values are written in the cells.
const cellMin = 34

// heatLayout is how a heat is laid out in the area under its title: the
// height of the column title and labels above the cells, the width of the
// row labels left of them, the colour scale's height under them and the
// cell size.
type heatLayout struct{ top, left, scaleH, cell float64 }

// layoutHeat lays a rows×cols heat labelled by o out in r (the area under
// its title).
func layoutHeat(m viz.Measurer, r viz.Rect, rows, cols int, o heatOpts) heatLayout {
	lh := viz.LineHeight(kitLabel)
	var l heatLayout
	if !o.NoScale {
		l.scaleH = lh + 12
	}
	if len(o.ColLabels) > 0 {
		l.top += lh
	}
	if o.ColTitle != "" {
		l.top += lh
	}
	for _, s := range o.RowLabels {
		l.left = max(l.left, m.TextWidth(s, kitLabel))
	}
	if l.left > 0 {
		l.left += 6
	}
	if o.RowTitle != "" {
		l.left = max(l.left, m.TextWidth(o.RowTitle, kitLabel)+4)
	}
	l.left = min(l.left, r.W*0.35)
	maxCell := o.MaxCell
	if maxCell == 0 {
		maxCell = 48
	}
	l.cell = min((r.W-l.left)/float64(cols), (r.H-l.top-l.scaleH)/float64(rows), maxCell)
	return l
}

// heatNeed is the height heat.draw takes for a rows×cols heat labelled by o
// at width w, for stacking it above other panels.
func heatNeed(m viz.Measurer, w float64, rows, cols int, o heatOpts) float64 {
	h := 0.0
	if o.Title != "" {
		h += kitTitle + 8
	}
	l := layoutHeat(m, viz.Rect{W: w, H: math.Inf(1)}, rows, max(cols, 1), o)
	return h + l.top + l.scaleH + l.cell*float64(rows) + 2
}

// keepInside trims o's axis labels so that none leaves r (the area under
// the title) for a heat laid out as l: with cells smaller than a line the
// last row label hangs below the cells (harmless above a colour scale,
// clipped without one), and a column label centred near the right end can
// pass it. The hover still names every row and column.
func (l heatLayout) keepInside(m viz.Measurer, r viz.Rect, rows, cols int, o heatOpts) heatOpts {
	lh := viz.LineHeight(kitLabel)
	if n := min(len(o.RowLabels), rows); n > 0 && o.NoScale {
		// The label of row i reaches 0.55·12 below the row's middle: drop
		// the drawn labels that would hang out of the panel.
		every := int(math.Ceil(lh / l.cell))
		bottom := r.Y + r.H + 0.5
		for n > 0 {
			last := (n - 1) / every * every
			if r.Y+l.top+(float64(last)+0.5)*l.cell+0.55*kitLabel <= bottom {
				break
			}
			n = last
		}
		o.RowLabels = o.RowLabels[:n]
	}
	if n := min(len(o.ColLabels), cols); n > 0 {
		every := thinning(m, o.ColLabels, l.cell)
		last := (n - 1) / every * every
		right := r.X + l.left + l.cell*float64(cols)
		w := min(m.TextWidth(o.ColLabels[last], kitLabel), l.cell*float64(every)-2)
		if r.X+l.left+(float64(last)+0.5)*l.cell+w/2 > min(right, r.X+r.W)+0.5 {
			o.ColLabels = o.ColLabels[:last]
		}
	}
	return o
}

// draw lays the heat out in r: title, column labels, row labels, cells,
// colour scale. It returns the cells' rectangle (for highlights).
func (h *heat) draw(c viz.Canvas, r viz.Rect, f *scene.Frame, o heatOpts) viz.Rect {
	return h.render(c, r, f, o, false)
}

// drawFit is draw with no axis label leaving the panel (keepInside) and
// the row title written beside the row labels, right-aligned against the
// cells on the column title's line (draw writes a row title only where
// there are no row labels).
func (h *heat) drawFit(c viz.Canvas, r viz.Rect, f *scene.Frame, o heatOpts) viz.Rect {
	return h.render(c, r, f, o, true)
}

func (h *heat) render(c viz.Canvas, r viz.Rect, f *scene.Frame, o heatOpts, fit bool) viz.Rect {
	if !h.ok || h.rows == 0 || h.cols == 0 {
		return viz.Rect{}
	}
	if o.Title != "" {
		r = titleShape(c, r, o.Title, o.Shape)
	}
	lh := viz.LineHeight(kitLabel)
	l := layoutHeat(c, r, h.rows, h.cols, o)
	rowTitle := ""
	if fit && l.cell >= 1 {
		// Laid out again with the labels left, as drawn.
		rowTitle, o = o.RowTitle, l.keepInside(c, r, h.rows, h.cols, o)
		l = layoutHeat(c, r, h.rows, h.cols, o)
	}
	top, left, scaleH, cell := l.top, l.left, l.scaleH, l.cell
	if cell < 1 {
		return viz.Rect{}
	}
	cells := viz.Rect{X: r.X + left, Y: r.Y + top, W: cell * float64(h.cols), H: cell * float64(h.rows)}
	c.Image(&h.bm, cells.X, cells.Y, cells.W, cells.H, false)
	if cell >= 6 {
		for i := 1; i < h.cols; i++ {
			x := cells.X + float64(i)*cell
			c.Line(x, cells.Y, x, cells.Y+cells.H, 1, viz.Fade(viz.Paper, 0.6))
		}
		for i := 1; i < h.rows; i++ {
			y := cells.Y + float64(i)*cell
			c.Line(cells.X, y, cells.X+cells.W, y, 1, viz.Fade(viz.Paper, 0.6))
		}
	}
	// Axis titles and labels.
	if o.ColTitle != "" {
		if h.colTitle != o.ColTitle {
			h.colTitle, h.colArrow = o.ColTitle, o.ColTitle+" →"
		}
		c.Text(cells.X, r.Y+kitLabel, viz.Ellipsize(c, h.colArrow, kitLabel, r.X+r.W-cells.X), kitLabel, viz.InkMuted, viz.AlignLeft)
	}
	if len(o.ColLabels) > 0 {
		y := cells.Y - 4
		every := thinning(c, o.ColLabels, cell)
		for j := 0; j < h.cols && j < len(o.ColLabels); j += every {
			s := viz.Ellipsize(c, o.ColLabels[j], kitLabel, cell*float64(every)-2)
			c.Text(cells.X+(float64(j)+0.5)*cell, y, s, kitLabel, viz.InkMuted, viz.AlignCenter)
		}
	}
	if len(o.RowLabels) > 0 {
		every := int(math.Ceil(lh / cell))
		for i := 0; i < h.rows && i < len(o.RowLabels); i += every {
			s := viz.Ellipsize(c, o.RowLabels[i], kitLabel, left-6)
			c.Text(cells.X-6, cells.Y+(float64(i)+0.5)*cell+kitLabel*0.35, s, kitLabel, viz.InkMuted, viz.AlignRight)
		}
	}
	if o.RowTitle != "" && len(o.RowLabels) == 0 {
		c.Text(cells.X-4, cells.Y+kitLabel, viz.Ellipsize(c, o.RowTitle, kitLabel, left-4), kitLabel, viz.InkMuted, viz.AlignRight)
	}
	// Numbers in the cells when they fit.
	if cell >= cellMin {
		if len(h.nums) != h.rows*h.cols {
			h.nums = h.nums[:0]
			for _, v := range h.vals[:h.rows*h.cols] {
				h.nums = append(h.nums, fmtNum(float64(v)))
			}
		}
		h.writeNums(c, cells, cell, h.nums, 4)
	}
	if !o.NoScale {
		h.drawScale(c, viz.Rect{X: cells.X, Y: cells.Y + cells.H + 6, W: max(cells.W, 120), H: scaleH - 6}, r)
	}
	if o.Group != 0 {
		f.Grid(o.Group, cells, h.rows, h.cols)
	}
	if room := left - 2; rowTitle != "" && room >= 12 {
		c.Text(cells.X-2, cells.Y-2*lh+kitLabel, viz.Ellipsize(c, rowTitle, kitLabel, room), kitLabel, viz.InkMuted, viz.AlignRight)
	}
	return cells
}

// writeNums writes nums[k % len(nums)] in cell k of the heat drawn in
// cells at size cell, where the text fits with pad to spare; masked cells
// stay empty.
func (h *heat) writeNums(c viz.Canvas, cells viz.Rect, cell float64, nums []string, pad float64) {
	for i := 0; i < h.rows; i++ {
		for j := 0; j < h.cols; j++ {
			k := i*h.cols + j
			if len(h.masked) > k && h.masked[k] {
				continue
			}
			s := nums[k%len(nums)]
			if c.TextWidth(s, kitSmall) > cell-pad {
				continue
			}
			c.Text(cells.X+(float64(j)+0.5)*cell, cells.Y+(float64(i)+0.5)*cell+kitSmall*0.35, s, kitSmall, inkOn(h.bm.Img.RGBAAt(j, i)), viz.AlignCenter)
		}
	}
}

// thinning is every how many column labels one is drawn so that they
// never overprint.
func thinning(m viz.Measurer, labels []string, cell float64) int {
	w := 0.0
	for _, s := range labels {
		w = max(w, m.TextWidth(s, kitLabel))
	}
	every := 1
	for float64(every)*cell < min(w, 40)+6 {
		every++
	}
	return every
}

// drawScale draws the colour scale under a heat: a bar from lo to hi with
// the two ends labelled, as wide as r, inside bound.
func (h *heat) drawScale(c viz.Canvas, r viz.Rect, bound viz.Rect) {
	if h.loS == "" {
		h.loS, h.hiS = fmtNum(h.lo), fmtNum(h.hi)
	}
	r.W = min(r.W, bound.X+bound.W-r.X)
	lw, hw := c.TextWidth(h.loS, kitLabel), c.TextWidth(h.hiS, kitLabel)
	scaleStrip(c, r, h.cmap, h.loS, h.hiS, r.W-lw-hw-12)
}

// scaleStrip draws "lo [bar] hi" from r's top left, the bar barW wide,
// and returns where hi's text starts; it draws nothing when barW is under
// 20 (ok false).
func scaleStrip(c viz.Canvas, r viz.Rect, cmap *viz.ColorMap, loS, hiS string, barW float64) (hiX float64, ok bool) {
	if barW < 20 {
		return 0, false
	}
	bar := viz.Rect{X: r.X + c.TextWidth(loS, kitLabel) + 6, Y: r.Y + 2, W: barW, H: kitLabel - 2}
	const n = 32
	for i := range n {
		t := (float64(i) + 0.5) / n
		c.FillRect(bar.X+float64(i)*bar.W/n, bar.Y, bar.W/n+0.5, bar.H, cmap.At(t))
	}
	base := r.Y + kitLabel
	c.Text(r.X, base, loS, kitLabel, viz.InkMuted, viz.AlignLeft)
	x := bar.X + bar.W + 6
	c.Text(x, base, hiS, kitLabel, viz.InkMuted, viz.AlignLeft)
	return x, true
}

// valueEnds writes a plot's value axis at its ends: hi level with the
// plot's top and lo with its bottom, right-aligned gap left of it.
func valueEnds(c viz.Canvas, plot viz.Rect, hi, lo string, gap float64) {
	c.Text(plot.X-gap, plot.Y+kitLabel*0.8, hi, kitLabel, viz.InkMuted, viz.AlignRight)
	c.Text(plot.X-gap, plot.Y+plot.H, lo, kitLabel, viz.InkMuted, viz.AlignRight)
}

// rangeEnds writes an x axis under a plot on the baseline y: its ends x0
// and x1 at the plot's edges and its title centred between them when
// there is room.
func rangeEnds(c viz.Canvas, plot viz.Rect, y float64, x0, x1, title string) {
	c.Text(plot.X, y, x0, kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(plot.X+plot.W, y, x1, kitLabel, viz.InkMuted, viz.AlignRight)
	if room := plot.W - c.TextWidth(x0, kitLabel) - c.TextWidth(x1, kitLabel) - 16; title != "" && room > 30 {
		c.Text(plot.X+plot.W/2, y, viz.Ellipsize(c, title, kitLabel, room), kitLabel, viz.InkMuted, viz.AlignCenter)
	}
}

// inkOn picks dark or light text for legibility on a cell colour.
func inkOn(bg color.RGBA) color.RGBA {
	if 0.299*float64(bg.R)+0.587*float64(bg.G)+0.114*float64(bg.B) > 140 {
		return viz.Ink
	}
	return viz.White
}

// outlineCell strokes cell (i, j) of a heat drawn in cells.
func outlineCell(c viz.Canvas, cells viz.Rect, rows, cols, i, j int, col color.RGBA) {
	if rows == 0 || cols == 0 {
		return
	}
	cw, ch := cells.W/float64(cols), cells.H/float64(rows)
	c.StrokeRect(cells.X+float64(j)*cw, cells.Y+float64(i)*ch, cw, ch, 2, col)
}

// outlineRow strokes row i of a heat drawn in cells.
func outlineRow(c viz.Canvas, cells viz.Rect, rows, i int, col color.RGBA) {
	ch := cells.H / float64(rows)
	c.StrokeRect(cells.X, cells.Y+float64(i)*ch, cells.W, ch, 2, col)
}

// outlineCol strokes column j of a heat drawn in cells.
func outlineCol(c viz.Canvas, cells viz.Rect, cols, j int, col color.RGBA) {
	cw := cells.W / float64(cols)
	c.StrokeRect(cells.X+float64(j)*cw, cells.Y, cw, cells.H, 2, col)
}

// arrow draws a horizontal or any-direction arrow from (x0, y0) to (x1, y1).
// A view that draws arrows every frame keeps a polyScratch and calls its
// arrow: the same arrow, with no allocation for the head.
func arrow(c viz.Canvas, x0, y0, x1, y1, width float64, col color.RGBA) {
	var p polyScratch
	p.arrow(c, x0, y0, x1, y1, width, col)
}

// legendItem is one entry of a legend.
type legendItem struct {
	Col   color.RGBA
	Label string
}

// legend lays items out left to right in r, wrapping to new lines, and
// returns the height it used: callers put it outside the data.
func legend(c viz.Canvas, r viz.Rect, items []legendItem) float64 {
	lh := viz.LineHeight(kitLabel) + 2
	x, y := r.X, r.Y
	for _, it := range items {
		w := 14 + c.TextWidth(it.Label, kitLabel)
		if x > r.X && x+w > r.X+r.W {
			x, y = r.X, y+lh
		}
		label := viz.Ellipsize(c, it.Label, kitLabel, r.X+r.W-x-14)
		c.FillRect(x, y+2, 10, 10, it.Col)
		c.Text(x+14, y+kitLabel, label, kitLabel, viz.InkMuted, viz.AlignLeft)
		x += w + 14
	}
	return y + lh - r.Y
}

// legendHeight is the height legend will use for items in width w.
func legendHeight(m viz.Measurer, w float64, items []legendItem) float64 {
	lh := viz.LineHeight(kitLabel) + 2
	x, lines := 0.0, 1
	for _, it := range items {
		iw := 14 + m.TextWidth(it.Label, kitLabel)
		if x > 0 && x+iw > w {
			x, lines = 0, lines+1
		}
		x += iw + 14
	}
	return float64(lines) * lh
}

// note writes wrapped text in r (at kitLabel, muted) and returns the
// height used; lines that would not fit are left out, so keep notes short.
// The wrapping is remembered (wrapped), so a note drawn every frame is
// wrapped once.
func note(c viz.Canvas, r viz.Rect, s string, col color.RGBA) float64 {
	lh := viz.LineHeight(kitLabel)
	y := r.Y
	for _, ln := range wrapped(c, s, kitLabel, r.W) {
		if y+lh > r.Y+r.H+0.5 {
			break
		}
		c.Text(r.X, y+kitLabel, ln, kitLabel, col, viz.AlignLeft)
		y += lh
	}
	return y - r.Y
}

// sharedMemo is a memo (kit_memo.go) every view shares, across frames:
// it forgets everything when it holds limit values and a new one is asked
// for. The views run on one goroutine; the lock is for tests that do not.
type sharedMemo[K comparable, V any] struct {
	mu    sync.Mutex
	memo  memo[K, V]
	limit int
}

// get returns the value of k, making it with mk the first time.
func (s *sharedMemo[K, V]) get(k K, mk func() V) V {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.memo.m[k]; !ok && len(s.memo.m) >= s.limit {
		s.memo.reset()
	}
	return s.memo.get(k, mk)
}

// wrapMemo keeps wrapped text by string, size and width: views draw the
// same notes and readouts every frame, and wrapping measures and
// allocates. It is the one wrapped-text memo of the views (note, textLines
// and every view that wraps use it).
var wrapMemo = sharedMemo[wrapKey, []string]{limit: 2048}

// wrapKey names a wrapping. probe is the measurer's width of wrapProbe at
// the size, so that canvases that measure differently (a test's
// approximate measurer, the raster, another device scale) never share
// wrappings.
type wrapKey struct {
	s                  string
	size, width, probe float64
}

const wrapProbe = "Mw0."

// wrapped is viz.WrapText, remembered. The lines are shared: read them only.
func wrapped(m viz.Measurer, s string, size, width float64) []string {
	return wrapMemo.get(wrapKey{s, size, width, m.TextWidth(wrapProbe, size)}, func() []string {
		return viz.WrapText(m, s, size, width)
	})
}

// wrappedCount is how many lines the strings take wrapped (wrapped).
func wrappedCount(m viz.Measurer, lines []string, size, width float64) int {
	n := 0
	for _, s := range lines {
		n += len(wrapped(m, s, size, width))
	}
	return n
}

// flowCache keeps flowCells' layouts: the same panels are asked for every
// frame. Callers must not change the rectangles they get.
var flowCache = sharedMemo[flowKey, []viz.Rect]{limit: 1024}

type flowKey struct {
	r         viz.Rect
	n         int
	gap, minW float64
}

// flowCells splits r into n panels for a left-to-right flow of tensors
// with gap between them (room for an arrow); on a narrow area the panels
// wrap into rows of at most perRow. The slice is shared: read it only.
func flowCells(r viz.Rect, n int, gap, minW float64) []viz.Rect {
	if n <= 0 {
		return nil
	}
	return flowCache.get(flowKey{r, n, gap, minW}, func() []viz.Rect {
		return flowInto(make([]viz.Rect, 0, n), r, n, gap, minW)
	})
}

// flowInto is flowCells' layout written into dst's memory, so a view that
// lays out its panels every frame allocates nothing.
func flowInto(dst []viz.Rect, r viz.Rect, n int, gap, minW float64) []viz.Rect {
	dst = dst[:0]
	if n <= 0 {
		return dst
	}
	perRow := n
	for perRow > 1 && (r.W-gap*float64(perRow-1))/float64(perRow) < minW {
		perRow--
	}
	rows := (n + perRow - 1) / perRow
	h := (r.H - gap*float64(rows-1)) / float64(rows)
	for i := range n {
		row, col := i/perRow, i%perRow
		inRow := min(perRow, n-row*perRow)
		w := (r.W - gap*float64(inRow-1)) / float64(inRow)
		dst = append(dst, viz.Rect{X: r.X + float64(col)*(w+gap), Y: r.Y + float64(row)*(h+gap), W: w, H: h})
	}
	return dst
}

// flowArrows draws an arrow between consecutive panels on the same row.
func flowArrows(c viz.Canvas, cells []viz.Rect) {
	var p polyScratch
	p.flowArrows(c, cells)
}

// inspectCell is the usual Inspection of element (idx) of a tensor shown
// as a heat: its name, value, index and shape, and the core function.
func inspectCell(name, tensor string, vals []float32, shape []int, idx []int, source string) scene.Inspection {
	flat := 0
	for i, d := range shape {
		flat = flat*d + idx[i]
	}
	v := "?"
	if flat >= 0 && flat < len(vals) {
		v = fmtNum(float64(vals[flat]))
	}
	return scene.Inspection{Name: name, Value: v, Tensor: tensor, Index: shapeOf(idx...), Shape: shapeOf(shape...), Source: source}
}
