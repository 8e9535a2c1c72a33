package scenes

// Drawing pieces of the system-design views (problems 028-031): rendered
// images with their shapes and inspectable pixels, a plan (the world seen
// from above) with cameras and points, and a per-frame chart with the
// playhead. Everything that costs is built in Reset; Draw only places.

import (
	"image/color"
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// dsByte turns a linear colour value in [0, 1] into a byte (clamped).
func dsByte(v float32) uint8 {
	return uint8(math.Round(math.Min(math.Max(float64(v), 0), 1) * 255))
}

// dsSetRGB paints a [3,H,W] image into b; pixels where hole(i) is true
// (hole may be nil) get holeCol instead.
func dsSetRGB(b *viz.Bitmap, t *core.Tensor, hole func(i int) bool, holeCol color.RGBA) {
	h, w := t.Shape[1], t.Shape[2]
	newBitmap(b, w, h)
	plane := w * h
	for i := 0; i < plane; i++ {
		col := color.RGBA{dsByte(t.Data[i]), dsByte(t.Data[plane+i]), dsByte(t.Data[2*plane+i]), 255}
		if hole != nil && hole(i) {
			col = holeCol
		}
		b.Img.SetRGBA(i%w, i/w, col)
	}
	b.Touch()
}

// dsSetVec paints channels c0..c0+2 of a [C,H,W] tensor of values in
// [-scale, scale] as colours (0 is mid-grey): how ray directions and
// moments are usually pictured.
func dsSetVec(b *viz.Bitmap, t *core.Tensor, c0 int, scale float64) {
	h, w := t.Shape[1], t.Shape[2]
	newBitmap(b, w, h)
	plane := w * h
	for i := 0; i < plane; i++ {
		var rgb [3]uint8
		for k := range rgb {
			rgb[k] = dsByte(float32(0.5 + 0.5*float64(t.Data[(c0+k)*plane+i])/scale))
		}
		b.Img.SetRGBA(i%w, i/w, color.RGBA{rgb[0], rgb[1], rgb[2], 255})
	}
	b.Touch()
}

// dsRGB formats a pixel of a [3,H,W] image as "0.42 0.31 0.20".
func dsRGB(t *core.Tensor, i int) string {
	plane := t.Shape[1] * t.Shape[2]
	b := make([]byte, 0, 16)
	for k := 0; k < 3; k++ {
		if k > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendFloat(b, float64(t.Data[k*plane+i]), 'f', 2, 32)
	}
	return string(b)
}

// dsImage draws a titled w×h image in r, as large as fits with square
// pixels, marks its pixels as a grid of group (0: not inspectable), and
// returns where the image went.
func dsImage(c viz.Canvas, r viz.Rect, f *scene.Frame, b *viz.Bitmap, w, h int, title, shape string, group int) viz.Rect {
	if title != "" {
		r = titleShape(c, r, title, shape)
	}
	s := min(r.W/float64(w), r.H/float64(h))
	if s <= 0 || b.Img == nil {
		return viz.Rect{}
	}
	img := viz.Rect{X: r.X, Y: r.Y, W: s * float64(w), H: s * float64(h)}
	c.Image(b, img.X, img.Y, img.W, img.H, false)
	c.StrokeRect(img.X, img.Y, img.W, img.H, 1, viz.Grid)
	if group != 0 {
		f.Grid(group, img, h, w)
	}
	return img
}

// dsInspectPixel is the Inspection of pixel i of a [3,H,W] image.
func dsInspectPixel(name, tensor string, t *core.Tensor, i int, source string) scene.Inspection {
	h, w := t.Shape[1], t.Shape[2]
	return scene.Inspection{Name: name, Value: dsRGB(t, i), Tensor: tensor,
		Index: shapeOf(i/w, i%w), Shape: shapeOf(3, h, w), Source: source}
}

// dsColor is a synth3d colour as an opaque RGBA.
func dsColor(c [3]float32) color.RGBA {
	return color.RGBA{dsByte(c[0]), dsByte(c[1]), dsByte(c[2]), 255}
}

// dsPlan maps the world's ground plane (x to the right, z away from the
// viewer, so a camera looking along +z looks up the page) onto a
// rectangle, keeping the scale of both axes equal.
type dsPlan struct {
	r                      viz.Rect // where the plan is drawn
	x0, z1, scale          float64  // world x at the left edge, z at the top, px per metre
	minX, maxX, minZ, maxZ float64
}

// dsNewPlan fits the world box [minX, maxX] × [minZ, maxZ] into r.
func dsNewPlan(r viz.Rect, minX, maxX, minZ, maxZ float64) dsPlan {
	s := min(r.W/(maxX-minX), r.H/(maxZ-minZ))
	w, h := s*(maxX-minX), s*(maxZ-minZ)
	box := viz.Rect{X: r.X + (r.W-w)/2, Y: r.Y, W: w, H: h}
	return dsPlan{r: box, x0: minX, z1: maxZ, scale: s, minX: minX, maxX: maxX, minZ: minZ, maxZ: maxZ}
}

// at is the plan position of world point (x, z).
func (p *dsPlan) at(x, z float64) (float64, float64) {
	return p.r.X + (x-p.x0)*p.scale, p.r.Y + (p.z1-z)*p.scale
}

// camera draws a camera at eye looking along fwd (only x and z count) as
// a frustum of half-angle half, length l metres, and returns the plan
// position of its centre.
func (p *dsPlan) camera(c viz.Canvas, eye, fwd geometry.Vec3, half, l float64, col color.RGBA, width float64) (float64, float64) {
	ex, ez := p.at(eye[0], eye[2])
	a := math.Atan2(fwd[0], fwd[2])
	for _, s := range [2]float64{-1, 1} {
		x, z := eye[0]+l*math.Sin(a+s*half), eye[2]+l*math.Cos(a+s*half)
		px, pz := p.at(x, z)
		c.Line(ex, ez, px, pz, width, col)
	}
	lx, lz := p.at(eye[0]+l*math.Sin(a-half), eye[2]+l*math.Cos(a-half))
	rx, rz := p.at(eye[0]+l*math.Sin(a+half), eye[2]+l*math.Cos(a+half))
	c.Line(lx, lz, rx, rz, width, col)
	c.FillCircle(ex, ez, 3+width, col)
	return ex, ez
}

// dsChart is a bar chart over the frames of a timeline (the cameras of a
// path, the frames of a video): stacked bars, an optional outline per
// frame to compare with, and an optional line on its own scale, with the
// frame being shown highlighted. Labels are made by set.
type dsChart struct {
	n       int
	stacks  [][]float64 // per frame, the stacked segments (≥ 0)
	cols    []color.RGBA
	outline []float64 // per frame, a total drawn as an outline (nil: none)
	line    []float64 // per frame (nil: none)
	yMax    float64
	lineMax float64
	// labels, made once
	yTop, yLabel, lineTop, lineLabel, xTitle string
	legend                                   []legendItem
	xLabels                                  []string
}

// set fills the chart: yLabel names the bars' unit ("holes %"), the
// legend its series.
func (ch *dsChart) set(stacks [][]float64, cols []color.RGBA, outline, line []float64, yLabel, lineLabel, xTitle string, legend []legendItem) {
	ch.n, ch.stacks, ch.cols, ch.outline, ch.line = len(stacks), stacks, cols, outline, line
	ch.yMax, ch.lineMax = 0, 0
	for k, st := range stacks {
		t := 0.0
		for _, v := range st {
			t += v
		}
		ch.yMax = max(ch.yMax, t)
		if outline != nil {
			ch.yMax = max(ch.yMax, outline[k])
		}
	}
	for _, v := range line {
		ch.lineMax = max(ch.lineMax, v)
	}
	ch.yMax = dsNiceCeil(ch.yMax)
	ch.lineMax = dsNiceCeil(ch.lineMax)
	ch.yTop, ch.lineTop = fmtNum(ch.yMax), fmtNum(ch.lineMax)
	ch.yLabel, ch.lineLabel, ch.xTitle, ch.legend = yLabel, lineLabel, xTitle, legend
	ch.xLabels = ch.xLabels[:0]
	for k := range stacks {
		ch.xLabels = append(ch.xLabels, strconv.Itoa(k+1))
	}
}

// dsNiceCeil rounds v up to 1, 2 or 5 times a power of ten (v ≤ 0: 1).
func dsNiceCeil(v float64) float64 {
	if !(v > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// draw lays the chart out in r with frame cur highlighted and each bar
// marked as element k of group; it returns the plot area.
func (ch *dsChart) draw(c viz.Canvas, r viz.Rect, f *scene.Frame, cur, group int) viz.Rect {
	if ch.n == 0 {
		return viz.Rect{}
	}
	viz.MarkPanel(c, r)
	lh := viz.LineHeight(kitLabel)
	lgH := legendHeight(c, r.W, ch.legend)
	legend(c, viz.Rect{X: r.X, Y: r.Y, W: r.W, H: lgH}, ch.legend)
	left := max(c.TextWidth(ch.yTop, kitLabel), c.TextWidth("0", kitLabel)) + 6
	right := 0.0
	if ch.line != nil {
		right = c.TextWidth(ch.lineTop, kitLabel) + 6
	}
	// Axis names above the plot, at the two ends.
	top := r.Y + lgH + lh
	c.Text(r.X, top-4, viz.Ellipsize(c, ch.yLabel, kitLabel, r.W/2-4), kitLabel, viz.InkMuted, viz.AlignLeft)
	if ch.line != nil {
		c.Text(r.X+r.W, top-4, viz.Ellipsize(c, ch.lineLabel, kitLabel, r.W/2-4), kitLabel, viz.Bad, viz.AlignRight)
	}
	plot := viz.Rect{X: r.X + left, Y: top + 4, W: r.W - left - right, H: r.Y + r.H - top - 4 - 2*lh}
	if plot.H < 12 || plot.W < 20 {
		return viz.Rect{}
	}
	c.Line(plot.X, plot.Y+plot.H, plot.X+plot.W, plot.Y+plot.H, 1, viz.Grid)
	c.Line(plot.X, plot.Y, plot.X, plot.Y+plot.H, 1, viz.Grid)
	c.Text(plot.X-4, plot.Y+kitLabel*0.7, ch.yTop, kitLabel, viz.InkMuted, viz.AlignRight)
	c.Text(plot.X-4, plot.Y+plot.H, "0", kitLabel, viz.InkMuted, viz.AlignRight)
	if ch.line != nil {
		c.Text(plot.X+plot.W+4, plot.Y+kitLabel*0.7, ch.lineTop, kitLabel, viz.Bad, viz.AlignLeft)
	}
	bw := plot.W / float64(ch.n)
	if cur >= 0 && cur < ch.n {
		c.FillRect(plot.X+float64(cur)*bw, plot.Y, bw, plot.H, viz.Fade(viz.Accent, 0.12))
	}
	for k, st := range ch.stacks {
		x := plot.X + float64(k)*bw + bw*0.15
		y := plot.Y + plot.H
		for i, v := range st {
			hgt := v / ch.yMax * plot.H
			c.FillRect(x, y-hgt, bw*0.7, hgt, ch.cols[i])
			y -= hgt
		}
		if ch.outline != nil {
			hgt := ch.outline[k] / ch.yMax * plot.H
			c.StrokeRect(x, plot.Y+plot.H-hgt, bw*0.7, hgt, 1.5, viz.Ink)
		}
		if group != 0 {
			f.Box(group, k, viz.Rect{X: plot.X + float64(k)*bw, Y: plot.Y, W: bw, H: plot.H})
		}
	}
	if ch.line != nil {
		px, py := 0.0, 0.0
		for k, v := range ch.line {
			x := plot.X + (float64(k)+0.5)*bw
			y := plot.Y + plot.H - v/ch.lineMax*plot.H
			if k > 0 {
				c.Line(px, py, x, y, 2, viz.Bad)
			}
			c.FillCircle(x, y, 3, viz.Bad)
			px, py = x, y
		}
	}
	if cur >= 0 && cur < ch.n {
		c.StrokeRect(plot.X+float64(cur)*bw, plot.Y, bw, plot.H, 2, viz.Accent)
	}
	// Frame numbers under the bars, thinned so they never overprint, and
	// the axis title under them.
	every := thinning(c, ch.xLabels, bw)
	for k := 0; k < ch.n; k += every {
		col := viz.InkMuted
		if k == cur {
			col = viz.Accent
		}
		c.Text(plot.X+(float64(k)+0.5)*bw, plot.Y+plot.H+lh-2, ch.xLabels[k], kitLabel, col, viz.AlignCenter)
	}
	c.Text(plot.X+plot.W/2, plot.Y+plot.H+2*lh-2, viz.Ellipsize(c, ch.xTitle, kitLabel, plot.W), kitLabel, viz.InkMuted, viz.AlignCenter)
	return plot
}

// dsAngle is the angle between two directions, in degrees.
func dsAngle(a, b geometry.Vec3) float64 {
	return math.Acos(math.Min(math.Max(a.Normalize().Dot(b.Normalize()), -1), 1)) * 180 / math.Pi
}

// dsHeat draws an image-sized heat (a matte, a depth map, an error map)
// like dsImage: square pixels at whatever scale fits (the kit's heat
// needs whole pixels per cell), "u →" and "v" on its axes and its colour
// scale underneath; it marks the cells as a grid of group and returns
// where the image went.
func dsHeat(c viz.Canvas, r viz.Rect, f *scene.Frame, h *heat, title, shape string, group int) viz.Rect {
	if !h.ok {
		return viz.Rect{}
	}
	if title != "" {
		r = titleShape(c, r, title, shape)
	}
	lh := viz.LineHeight(kitLabel)
	left := c.TextWidth("v", kitLabel) + 6
	inner := viz.Rect{X: r.X + left, Y: r.Y + lh, W: r.W - left, H: r.H - lh - lh - 10}
	s := min(inner.W/float64(h.cols), inner.H/float64(h.rows))
	if s <= 0 {
		return viz.Rect{}
	}
	img := viz.Rect{X: inner.X, Y: inner.Y, W: s * float64(h.cols), H: s * float64(h.rows)}
	c.Text(img.X, r.Y+kitLabel, "u →", kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(img.X-4, img.Y+kitLabel, "v", kitLabel, viz.InkMuted, viz.AlignRight)
	c.Image(&h.bm, img.X, img.Y, img.W, img.H, false)
	c.StrokeRect(img.X, img.Y, img.W, img.H, 1, viz.Grid)
	h.drawScale(c, viz.Rect{X: img.X, Y: img.Y + img.H + 6, W: max(img.W, 120), H: lh}, r)
	if group != 0 {
		f.Grid(group, img, h.rows, h.cols)
	}
	return img
}

// dsMatte maps 0 to black and 1 to white: a matte as compositors show
// it, the actor white.
var dsMatte = viz.NewColorMap("matte", color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255})

// dsRing strokes a circle of radius r at (x, y) as 16 segments (the
// canvas fills circles but has no stroked one).
func dsRing(c viz.Canvas, x, y, r, width float64, col color.RGBA) {
	for a := 0; a < 16; a++ {
		a0, a1 := float64(a)*math.Pi/8, float64(a+1)*math.Pi/8
		c.Line(x+r*math.Cos(a0), y+r*math.Sin(a0), x+r*math.Cos(a1), y+r*math.Sin(a1), width, col)
	}
}
