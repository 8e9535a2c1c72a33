package scenes

// Drawing pieces the attention-family views share beyond kit.go: a video
// drawn as a row of frames (one small bitmap per frame, every cell
// inspectable), a colour scale for it, tokens flying between two layouts
// (the reshapes and permutes, animated), identity colours for tokens, and
// labelled bars for costs and weights.

import (
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// videoPanel is a video [T, H, W] on screen: T frames side by side (wrapped
// into rows when that gives larger cells), one bitmap per frame with one
// pixel per token. Bitmaps are painted by Reset (or once per step), never
// per frame.
type videoPanel struct {
	t, h, w int
	bms     []viz.Bitmap
	labels  []string // "t=0", ...
	// The colour scale of heat frames (cmap nil: none, e.g. identity
	// colours).
	cmap   *viz.ColorMap
	lo, hi float64
	// rects are the frames' cell rectangles of the last draw.
	rects []viz.Rect
	cell  float64
}

// resize prepares t frames of h×w cells, keeping bitmaps of the right size.
func (v *videoPanel) resize(t, h, w int) {
	v.t, v.h, v.w = t, h, w
	if cap(v.bms) < t {
		v.bms = make([]viz.Bitmap, t)
	}
	v.bms = v.bms[:t]
	for i := range v.bms {
		newBitmap(&v.bms[i], w, h)
	}
	v.labels = v.labels[:0]
	for i := range t {
		v.labels = append(v.labels, "t="+strconv.Itoa(i))
	}
	v.rects = make([]viz.Rect, t)
	v.cmap = nil
}

// relabel names the frames prefix+"0", prefix+"1", ... ("d=0" for feature
// maps).
func (v *videoPanel) relabel(prefix string) {
	for i := range v.labels {
		v.labels[i] = prefix + strconv.Itoa(i)
	}
}

// heatFrame paints frame i as a heatmap of vals [h·w] on cmap over lo..hi.
func (v *videoPanel) heatFrame(i int, vals []float32, cmap *viz.ColorMap, lo, hi float64) {
	v.bms[i].SetHeatmap(vals, v.h, v.w, cmap, lo, hi)
	v.cmap, v.lo, v.hi = cmap, lo, hi
}

// fill paints every cell of every frame c.
func (v *videoPanel) fill(c color.RGBA) {
	for i := range v.bms {
		p := v.bms[i].Img.Pix
		for k := 0; k+3 < len(p); k += 4 {
			p[k], p[k+1], p[k+2], p[k+3] = c.R, c.G, c.B, c.A
		}
		v.bms[i].Touch()
	}
}

// paint sets cell (row, col) of frame i; call touch when done.
func (v *videoPanel) paint(i, row, col int, c color.RGBA) { v.bms[i].Img.SetRGBA(col, row, c) }

// touch marks every frame changed after paint.
func (v *videoPanel) touch() {
	for i := range v.bms {
		v.bms[i].Touch()
	}
}

// videoOpts say how a video is labelled.
type videoOpts struct {
	Title, Shape string
	// Group0 + t is the grid mark group of frame t (0: not inspectable).
	Group0 int
	// Scale draws the colour scale of heatFrame under the frames, with
	// ScaleLabel after it ("channel 0"); Note writes one line there
	// instead (the meaning of identity colours).
	Scale      bool
	ScaleLabel string
	Note       string
	// BlockT puts a wider gap after every BlockT frames (a tube's frames).
	BlockT int
	// Win draws tube borders every Win[0] rows and Win[1] columns.
	Win [2]int
	// MaxCell caps the cell size (0: 40).
	MaxCell float64
}

const (
	frameGap  = 8.0
	blockGap  = 20.0
	footerPad = 8.0
)

// fit chooses the arrangement of the frames in r (after any title): the
// number per row that makes the cells largest, and that cell size. used is
// the height the frames, their labels and the footer take.
func (v *videoPanel) fit(r viz.Rect, o videoOpts) (cell float64, cols int, used float64) {
	lh := viz.LineHeight(kitLabel)
	foot := v.footer(o)
	maxCell := o.MaxCell
	if maxCell == 0 {
		maxCell = 40
	}
	bestCell, bestCols := 0.0, 1
	for cols := 1; cols <= v.t; cols++ {
		rows := (v.t + cols - 1) / cols
		extra := 0.0
		if o.BlockT > 1 {
			extra = float64((cols-1)/o.BlockT) * (blockGap - frameGap)
		}
		cw := (r.W - float64(cols-1)*frameGap - extra) / float64(cols*v.w)
		ch := (r.H - foot - float64(rows)*lh - float64(rows-1)*frameGap) / float64(rows*v.h)
		if cell := min(cw, ch); cell > bestCell+1e-9 {
			bestCell, bestCols = cell, cols
		}
	}
	cell = min(bestCell, maxCell)
	if cell >= 4 {
		cell = math.Floor(cell)
	}
	rows := (v.t + bestCols - 1) / bestCols
	used = float64(rows)*(lh+cell*float64(v.h)) + float64(rows-1)*frameGap + foot
	return cell, bestCols, used
}

// footer is the height of the line under the frames (scale or note).
func (v *videoPanel) footer(o videoOpts) float64 {
	if o.Scale && v.cmap != nil || o.Note != "" {
		return viz.LineHeight(kitLabel) + footerPad
	}
	return 0
}

// height is the height the panel takes at width w when it may take up to
// maxH: for stacking it above another panel.
func (v *videoPanel) height(w, maxH float64, o videoOpts) float64 {
	title := 0.0
	if o.Title != "" {
		title = kitTitle + 8
	}
	_, _, used := v.fit(viz.Rect{W: w, H: maxH - title}, o)
	return min(maxH, title+used+2)
}

// draw lays the frames out in r, draws them, marks them for inspection and
// returns the frames' cell rectangles (valid until the next draw).
func (v *videoPanel) draw(c viz.Canvas, r viz.Rect, f *scene.Frame, o videoOpts) []viz.Rect {
	v.cell = 0
	if v.t == 0 || len(v.bms) < v.t {
		return nil
	}
	if o.Title != "" {
		r = titleShape(c, r, o.Title, o.Shape)
	} else {
		viz.MarkPanel(c, r)
	}
	lh := viz.LineHeight(kitLabel)
	cell, cols, _ := v.fit(r, o)
	if cell < 1 {
		return nil
	}
	v.cell = cell
	fw, fh := cell*float64(v.w), cell*float64(v.h)
	y := r.Y
	x := r.X
	for i := range v.t {
		col := i % cols
		if i > 0 && col == 0 {
			x, y = r.X, y+lh+fh+frameGap
		} else if col > 0 {
			x += frameGap
			if o.BlockT > 1 && i%o.BlockT == 0 {
				x += blockGap - frameGap
			}
		}
		fr := viz.Rect{X: x, Y: y + lh, W: fw, H: fh}
		v.rects[i] = fr
		x += fw
		label := v.labels[i]
		if c.TextWidth(label, kitLabel) > fw {
			label = strconv.Itoa(i)
		}
		if c.TextWidth(label, kitLabel) <= fw+frameGap-2 {
			c.Text(fr.X, fr.Y-4, label, kitLabel, viz.InkMuted, viz.AlignLeft)
		}
		c.Image(&v.bms[i], fr.X, fr.Y, fr.W, fr.H, false)
		if cell >= 7 {
			lc := viz.Fade(viz.Paper, 0.55)
			for j := 1; j < v.w; j++ {
				c.Line(fr.X+float64(j)*cell, fr.Y, fr.X+float64(j)*cell, fr.Y+fh, 1, lc)
			}
			for j := 1; j < v.h; j++ {
				c.Line(fr.X, fr.Y+float64(j)*cell, fr.X+fw, fr.Y+float64(j)*cell, 1, lc)
			}
		}
		if o.Win[0] > 0 && o.Win[1] > 0 {
			for j := 0; j <= v.w; j += o.Win[1] {
				c.Line(fr.X+float64(j)*cell, fr.Y, fr.X+float64(j)*cell, fr.Y+fh, 2, viz.Ink)
			}
			for j := 0; j <= v.h; j += o.Win[0] {
				c.Line(fr.X, fr.Y+float64(j)*cell, fr.X+fw, fr.Y+float64(j)*cell, 2, viz.Ink)
			}
		} else {
			c.StrokeRect(fr.X, fr.Y, fw, fh, 1, viz.Grid)
		}
		if o.Group0 != 0 {
			f.Grid(o.Group0+i, fr, v.h, v.w)
		}
	}
	fr := viz.Rect{X: r.X, Y: y + lh + fh + footerPad, W: r.W, H: lh}
	switch {
	case o.Note != "":
		c.Text(fr.X, fr.Y+kitLabel, viz.Ellipsize(c, o.Note, kitLabel, fr.W), kitLabel, viz.InkMuted, viz.AlignLeft)
	case o.Scale && v.cmap != nil:
		scaleBar(c, fr, v.cmap, v.lo, v.hi, o.ScaleLabel)
	}
	return v.rects[:v.t]
}

// stackFlow lays n panels out in r: side by side when each gets minW, else
// stacked, where panel i takes need[i] of height (computed by the caller
// for the width r.W; a negative need takes an equal share of what the
// others leave).
func stackFlow(r viz.Rect, gap, minW float64, need ...float64) []viz.Rect {
	n := len(need)
	if n == 0 {
		return nil
	}
	if (r.W-gap*float64(n-1))/float64(n) >= minW {
		return flowCells(r, n, gap, minW)
	}
	out := make([]viz.Rect, n)
	left, free := r.H-gap*float64(n-1), 0
	for _, h := range need {
		if h < 0 {
			free++
		} else {
			left -= h
		}
	}
	share := 0.0
	if free > 0 {
		share = max(0, left/float64(free))
	}
	y := r.Y
	for i, h := range need {
		if h < 0 {
			h = share
		}
		out[i] = viz.Rect{X: r.X, Y: y, W: r.W, H: h}
		y += h + gap
	}
	return out
}

// cellRect is the rectangle of cell (row, col) of frame i in the last draw.
func (v *videoPanel) cellRect(i, row, col int) viz.Rect {
	fr := v.rects[i]
	return viz.Rect{X: fr.X + float64(col)*v.cell, Y: fr.Y + float64(row)*v.cell, W: v.cell, H: v.cell}
}

// drawn reports whether the last draw placed the frames.
func (v *videoPanel) drawn() bool { return v.t > 0 && v.cell >= 1 && len(v.rects) >= v.t }

// scaleBar draws a colour scale in r: "lo [bar] hi label", the bar at most
// 160 wide, the label shortened to what is left.
func scaleBar(c viz.Canvas, r viz.Rect, cmap *viz.ColorMap, lo, hi float64, label string) {
	loS, hiS := fmtNum(lo), fmtNum(hi)
	lw, hw := c.TextWidth(loS, kitLabel), c.TextWidth(hiS, kitLabel)
	x, ok := scaleStrip(c, r, cmap, loS, hiS, min(160, r.W-lw-hw-12))
	if !ok {
		return
	}
	x += hw + 10
	if room := r.X + r.W - x; label != "" && room > 30 {
		c.Text(x, r.Y+kitLabel, viz.Ellipsize(c, label, kitLabel, room), kitLabel, viz.InkMuted, viz.AlignLeft)
	}
}

// winHeadsOf is the head count the "heads" choice of the video-attention
// views selects (winHeads).
func winHeadsOf(v scene.Values) int { return winHeads[clampInt(int(v["heads"]), 0, len(winHeads)-1)] }

// headApplies is a view's Applies answer for its "head" parameter when
// heads heads are chosen: there is no head past the last.
func headApplies(v scene.Values, heads int) string {
	if v["head"] >= float64(heads) {
		return "there are only " + strconv.Itoa(heads) + " heads"
	}
	return ""
}

// identityColour is the colour of token i of n in group g (a tube, a
// frame): the group's hue, lighter the later the token, so that a layout
// shows both where each group went and the order inside it.
func identityColour(g, i, n int) color.RGBA {
	t := 0.0
	if n > 1 {
		t = 0.45 * float64(i) / float64(n-1)
	}
	return viz.Mix(viz.Categorical(g), viz.White, t)
}

// smoothstep eases t in [0, 1].
func smoothstep(t float64) float64 {
	t = max(0, min(1, t))
	return t * t * (3 - 2*t)
}

// flight is how far token g of n has flown when a stage is frac through:
// tokens leave one after another over the first 70% and each takes 30%.
func flight(frac float64, g, n int) float64 {
	if n <= 1 {
		return smoothstep(frac)
	}
	start := 0.7 * float64(g) / float64(n-1)
	return smoothstep((frac - start) / 0.3)
}

// flyTokens draws n tokens travelling from src to dst: the destination
// cells of those not yet arrived are veiled, the travelling ones drawn on
// top, not quite opaque so that a token passing over a label leaves it
// readable.
func flyTokens(c viz.Canvas, frac float64, n int, at func(g int) (src, dst viz.Rect, col viz.Color)) {
	if frac >= 1 {
		return
	}
	veil := viz.Fade(viz.Paper, 0.93)
	for g := range n {
		if flight(frac, g, n) < 1 {
			_, dst, _ := at(g)
			c.FillRect(dst.X, dst.Y, dst.W, dst.H, veil)
		}
	}
	for g := range n {
		p := flight(frac, g, n)
		if p <= 0 || p >= 1 {
			continue
		}
		src, dst, col := at(g)
		r := lerpRect(src, dst, p)
		c.FillRect(r.X, r.Y, r.W, r.H, viz.Fade(col, 0.94))
		c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Fade(viz.Ink, 0.5))
	}
}

// fillCell paints one cell of a drawn grid over its bitmap, keeping the
// grid line around it.
func fillCell(c viz.Canvas, r viz.Rect, col viz.Color) {
	c.FillRect(r.X, r.Y, r.W, r.H, col)
	if r.W >= 7 {
		c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Fade(viz.Paper, 0.55))
	}
}

// lerpRect moves a towards b by t.
func lerpRect(a, b viz.Rect, t float64) viz.Rect {
	return viz.Rect{X: a.X + (b.X-a.X)*t, Y: a.Y + (b.Y-a.Y)*t, W: a.W + (b.W-a.W)*t, H: a.H + (b.H-a.H)*t}
}

// cellOf is cell (i, j) of a rows×cols grid drawn in cells.
func cellOf(cells viz.Rect, rows, cols, i, j int) viz.Rect {
	cw, ch := cells.W/float64(cols), cells.H/float64(rows)
	return viz.Rect{X: cells.X + float64(j)*cw, Y: cells.Y + float64(i)*ch, W: cw, H: ch}
}

// barItem is one labelled bar.
type barItem struct {
	Label, Value string
	V            float64
	Col          color.RGBA
}

// barsHeight is the height bars needs for n items.
func barsHeight(n int) float64 { return float64(n) * (viz.LineHeight(kitLabel) + 22) }

// bars draws items as horizontal bars in r, each with its label above and
// its value after the bar, scaled so that maxV fills the width left for the
// value; it marks bar i as element i of group (0: none) and returns the
// height used.
func bars(c viz.Canvas, r viz.Rect, f *scene.Frame, group int, items []barItem, maxV float64) float64 {
	lh := viz.LineHeight(kitLabel)
	vw := 0.0
	for _, it := range items {
		vw = max(vw, c.TextWidth(it.Value, kitLabel))
	}
	full := r.W - vw - 8
	y := r.Y
	for i, it := range items {
		c.Text(r.X, y+kitLabel, viz.Ellipsize(c, it.Label, kitLabel, r.W), kitLabel, viz.Ink, viz.AlignLeft)
		y += lh + 2
		w := 0.0
		if maxV > 0 && full > 0 {
			w = max(2, full*it.V/maxV)
		}
		c.FillRect(r.X, y, w, 14, it.Col)
		c.Text(r.X+w+6, y+kitLabel-1, it.Value, kitLabel, viz.InkMuted, viz.AlignLeft)
		if group != 0 {
			f.Box(group, i, viz.Rect{X: r.X, Y: y - lh - 2, W: max(w, 24) + vw + 6, H: lh + 16})
		}
		y += 20
	}
	return y - r.Y
}

// maxOf is the largest value of xs (0 for none).
func maxOf(xs []float32) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, float64(x))
	}
	return m
}

// absMaxOf is the largest |x| (1 for none or all zero, a usable scale).
func absMaxOf(xs []float32) float64 {
	m := 0.0
	for _, x := range xs {
		if a := math.Abs(float64(x)); a > m && !math.IsInf(a, 0) {
			m = a
		}
	}
	if m == 0 {
		return 1
	}
	return m
}

// videoInput makes a smooth video: each channel a travelling sinusoid plus
// a little noise, so that nearby tokens look alike and attention has
// structure to find. Laid out [1,C,T,H,W] (channelsFirst, problem 000) or
// [1,T,C,H,W] (problems 025 and 027).
func videoInput(rng *rand.Rand, t, c, h, w int, channelsFirst bool) *core.Tensor {
	x := core.New(1, t, c, h, w)
	if channelsFirst {
		x = core.New(1, c, t, h, w)
	}
	for ci := range c {
		fx, fy, ft := 0.3+rng.Float64()*0.9, 0.3+rng.Float64()*0.9, rng.Float64()*0.8
		ph := rng.Float64() * 2 * math.Pi
		for ti := range t {
			for hi := range h {
				for wi := range w {
					v := math.Sin(fx*float64(wi)+fy*float64(hi)+ft*float64(ti)+ph) + 0.3*rng.NormFloat64()
					i := ((ti*c+ci)*h+hi)*w + wi
					if channelsFirst {
						i = ((ci*t+ti)*h+hi)*w + wi
					}
					x.Data[i] = float32(v)
				}
			}
		}
	}
	return x
}

// randLinear is a seeded nn.Linear [out,in] (with a small bias when asked),
// its weights scaled by s/√in.
func randLinear(rng *rand.Rand, out, in int, s float64, bias bool) attention.Linear {
	w := core.New(out, in)
	sd := s / math.Sqrt(float64(in))
	for i := range w.Data {
		w.Data[i] = float32(rng.NormFloat64() * sd)
	}
	l := attention.Linear{W: w}
	if bias {
		l.B = core.New(out)
		for i := range l.B.Data {
			l.B.Data[i] = float32(rng.NormFloat64() * 0.1)
		}
	}
	return l
}

// axisNum formats an axis value: whole numbers as integers, others as
// fmtNum does.
func axisNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e6 {
		return strconv.Itoa(int(v))
	}
	return fmtNum(v)
}

// plotSeries is one curve of a linePlot.
type plotSeries struct {
	Label string
	Col   color.RGBA
	Y     []float64
}

// linePlot draws curves over xs in r from 0 up: a legend on top, the y
// axis labelled at 0 and its top, the x axis at its ends and at mark
// (an x index drawn as a vertical rule, -1 for none), axis titles. Point i
// of series k is element k·len(xs)+i of group, marked as a dot.
func linePlot(c viz.Canvas, r viz.Rect, f *scene.Frame, group int, xs []float64, series []plotSeries, xTitle, yTitle string, mark int) {
	viz.MarkPanel(c, r)
	if len(xs) < 2 || len(series) == 0 {
		return
	}
	lh := viz.LineHeight(kitLabel)
	items := make([]legendItem, len(series))
	top := 0.0
	for k, s := range series {
		items[k] = legendItem{Col: s.Col, Label: s.Label}
		for _, y := range s.Y {
			top = max(top, y)
		}
	}
	if top <= 0 {
		top = 1
	}
	lg := legend(c, r, items)
	c.Text(r.X, r.Y+lg+kitLabel, viz.Ellipsize(c, yTitle, kitLabel, r.W), kitLabel, viz.InkMuted, viz.AlignLeft)
	topS, zeroS := fmtNum(top), "0"
	left := max(c.TextWidth(topS, kitLabel), c.TextWidth(zeroS, kitLabel)) + 6
	plot := viz.Rect{X: r.X + left, Y: r.Y + lg + lh + 6, W: r.W - left - 8, H: r.H - lg - lh - 6 - 2*lh - 4}
	if plot.W < 40 || plot.H < 24 {
		return
	}
	x0, x1 := xs[0], xs[len(xs)-1]
	px := func(x float64) float64 { return plot.X + (x-x0)/(x1-x0)*plot.W }
	py := func(y float64) float64 { return plot.Y + plot.H - y/top*plot.H }
	c.Line(plot.X, plot.Y, plot.X, plot.Y+plot.H, 1, viz.Grid)
	c.Line(plot.X, plot.Y+plot.H, plot.X+plot.W, plot.Y+plot.H, 1, viz.Grid)
	c.Text(plot.X-4, plot.Y+kitLabel*0.35, topS, kitLabel, viz.InkMuted, viz.AlignRight)
	c.Text(plot.X-4, plot.Y+plot.H+kitLabel*0.35, zeroS, kitLabel, viz.InkMuted, viz.AlignRight)
	base := plot.Y + plot.H + kitLabel + 3
	lo, hi := axisNum(x0), axisNum(x1)
	c.Text(plot.X, base, lo, kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(plot.X+plot.W, base, hi, kitLabel, viz.InkMuted, viz.AlignRight)
	if mark >= 0 && mark < len(xs) {
		mx := px(xs[mark])
		c.Line(mx, plot.Y, mx, plot.Y+plot.H, 1.5, viz.Fade(viz.Accent, 0.6))
		ms := axisNum(xs[mark])
		mw := c.TextWidth(ms, kitLabel)
		if mx-mw/2 > plot.X+c.TextWidth(lo, kitLabel)+6 && mx+mw/2 < plot.X+plot.W-c.TextWidth(hi, kitLabel)-6 {
			c.Text(mx, base, ms, kitLabel, viz.Accent, viz.AlignCenter)
		}
	}
	c.Text(plot.X+plot.W/2, base+lh, viz.Ellipsize(c, xTitle, kitLabel, plot.W), kitLabel, viz.InkMuted, viz.AlignCenter)
	for k, s := range series {
		for i := 1; i < len(xs) && i < len(s.Y); i++ {
			c.Line(px(xs[i-1]), py(s.Y[i-1]), px(xs[i]), py(s.Y[i]), 2, s.Col)
		}
		for i := 0; i < len(xs) && i < len(s.Y); i++ {
			rad := 2.5
			if i == mark {
				rad = 4.5
			}
			c.FillCircle(px(xs[i]), py(s.Y[i]), rad, s.Col)
			if group != 0 {
				f.Dot(group, k*len(xs)+i, px(xs[i]), py(s.Y[i]), rad)
			}
		}
	}
}
