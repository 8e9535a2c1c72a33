package scenes

// Drawing pieces the geometry and detection views share: a fixed 3-D
// diagram view (orthographic, so nothing is ever behind the viewer), a
// label placer that never overprints, and conversions of core's colour and
// depth tensors into bitmaps.

import (
	"image/color"
	"math"
	"math/rand/v2"

	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// view3 draws world points on the canvas with an orthographic camera at
// azimuth az and elevation el (radians) around the y axis (y up). fit
// frames a set of points in a rectangle; the mapping is then fixed until
// the next fit, so Draw can map points without allocating.
type view3 struct {
	right, up geometry.Vec3 // screen axes in world coordinates
	fwd       geometry.Vec3 // towards the viewer's back: larger is farther
	// the fitted box: screen coordinates (sx, sy) of a point are
	// (ox + scale·p·right, oy − scale·p·up) within the frame of size fw×fh.
	scale, ox, oy float64
	fw, fh        float64
}

// setAngles orients the view: az turns around y, el looks down from above.
func (v *view3) setAngles(az, el float64) {
	// The viewer sits at direction d from the target and looks back at it.
	d := geometry.Vec3{math.Sin(az) * math.Cos(el), math.Sin(el), -math.Cos(az) * math.Cos(el)}
	v.fwd = d.Scale(-1)
	v.right = geometry.Vec3{0, 1, 0}.Cross(d).Normalize()
	if v.right.Norm() == 0 || math.IsNaN(v.right[0]) {
		v.right = geometry.Vec3{1, 0, 0}
	}
	v.up = d.Cross(v.right).Normalize()
}

// fit frames pts in a fw×fh frame with a margin (in frame units).
func (v *view3) fit(pts []geometry.Vec3, fw, fh, margin float64) {
	v.fw, v.fh = fw, fh
	if len(pts) == 0 {
		v.scale, v.ox, v.oy = 1, fw/2, fh/2
		return
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		x, y := p.Dot(v.right), p.Dot(v.up)
		x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
	}
	w, h := max(x1-x0, 1e-9), max(y1-y0, 1e-9)
	v.scale = min((fw-2*margin)/w, (fh-2*margin)/h)
	v.ox = fw/2 - v.scale*(x0+x1)/2
	v.oy = fh/2 + v.scale*(y0+y1)/2
}

// frame maps p to frame coordinates and its depth along the view.
func (v *view3) frame(p geometry.Vec3) (x, y, depth float64) {
	return v.ox + v.scale*p.Dot(v.right), v.oy - v.scale*p.Dot(v.up), p.Dot(v.fwd)
}

// at maps p into r, where the frame is drawn (r has the frame's aspect).
func (v *view3) at(r viz.Rect, p geometry.Vec3) (float64, float64) {
	x, y, _ := v.frame(p)
	return r.X + x/v.fw*r.W, r.Y + y/v.fh*r.H
}

// line draws the segment a–b.
func (v *view3) line(c viz.Canvas, r viz.Rect, a, b geometry.Vec3, width float64, col color.RGBA) {
	x0, y0 := v.at(r, a)
	x1, y1 := v.at(r, b)
	c.Line(x0, y0, x1, y1, width, col)
}

// arrow draws an arrow from a to b.
func (v *view3) arrow(c viz.Canvas, r viz.Rect, a, b geometry.Vec3, width float64, col color.RGBA) {
	x0, y0 := v.at(r, a)
	x1, y1 := v.at(r, b)
	arrow(c, x0, y0, x1, y1, width, col)
}

// dashed draws a–b in dashes of about 6 px.
func (v *view3) dashed(c viz.Canvas, r viz.Rect, a, b geometry.Vec3, width float64, col color.RGBA) {
	x0, y0 := v.at(r, a)
	x1, y1 := v.at(r, b)
	dashLine(c, x0, y0, x1, y1, width, col)
}

// dashLine draws a dashed segment on the canvas.
func dashLine(c viz.Canvas, x0, y0, x1, y1, width float64, col color.RGBA) {
	l := math.Hypot(x1-x0, y1-y0)
	n := int(l / 6)
	if n < 2 {
		c.Line(x0, y0, x1, y1, width, col)
		return
	}
	for i := 0; i < n; i += 2 {
		t0, t1 := float64(i)/float64(n), float64(min(i+1, n))/float64(n)
		c.Line(x0+(x1-x0)*t0, y0+(y1-y0)*t0, x0+(x1-x0)*t1, y0+(y1-y0)*t1, width, col)
	}
}

// aspectRect is the largest rectangle of aspect w:h centred in r.
func aspectRect(r viz.Rect, w, h float64) viz.Rect {
	if r.W <= 0 || r.H <= 0 || w <= 0 || h <= 0 {
		return viz.Rect{X: r.X, Y: r.Y}
	}
	s := min(r.W/w, r.H/h)
	fw, fh := w*s, h*s
	return viz.Rect{X: r.X + (r.W-fw)/2, Y: r.Y + (r.H-fh)/2, W: fw, H: fh}
}

// topAspect is aspectRect kept at the top of r (centred across).
func topAspect(r viz.Rect, w, h float64) viz.Rect {
	a := aspectRect(r, w, h)
	a.Y = r.Y
	return a
}

// labelPlacer places short labels near anchor points so that no two overlap:
// each label tries a ring of positions around its anchor and takes the
// first free one, or is left out (its text stays in the Inspection). It
// keeps its buffers between frames.
type labelPlacer struct {
	placed []viz.Rect
	// bound is where labels must stay (the panel).
	bound viz.Rect
}

// reset forgets the labels of the previous frame and sets the bound.
func (l *labelPlacer) reset(bound viz.Rect) {
	l.placed = l.placed[:0]
	l.bound = bound
}

// block reserves r (a drawn label or a title) so later labels avoid it.
func (l *labelPlacer) block(r viz.Rect) { l.placed = append(l.placed, r) }

// overlaps reports whether r meets a reserved rectangle.
func (l *labelPlacer) overlaps(r viz.Rect) bool {
	for _, p := range l.placed {
		if r.X < p.X+p.W && p.X < r.X+r.W && r.Y < p.Y+p.H && p.Y < r.Y+r.H {
			return true
		}
	}
	return false
}

// putBeyond draws s just beyond the tip (x, y) of an arrow pointing along
// (dx, dy), where it sits clear of the shaft; failing that, anywhere
// around the tip as put does.
func (l *labelPlacer) putBeyond(c viz.Canvas, x, y, dx, dy float64, s string, sz float64, col color.RGBA) bool {
	n := math.Hypot(dx, dy)
	if n > 0 {
		w, h := c.TextWidth(s, sz), viz.LineHeight(sz)
		ux, uy := dx/n, dy/n
		// The box's centre sits past the tip by half its extent along the
		// arrow plus a gap.
		reach := 6 + 0.5*(math.Abs(ux)*w+math.Abs(uy)*h)
		cx, cy := x+ux*reach, y+uy*reach
		r := viz.Rect{X: cx - w/2 - 1, Y: cy - h/2 - 1, W: w + 2, H: h + 2}
		if r.X >= l.bound.X && r.Y >= l.bound.Y && r.X+r.W <= l.bound.X+l.bound.W && r.Y+r.H <= l.bound.Y+l.bound.H && !l.overlaps(r) {
			l.placed = append(l.placed, r)
			c.Text(cx-w/2, cy-h/2+sz, s, sz, col, viz.AlignLeft)
			return true
		}
	}
	return l.put(c, x, y, s, sz, col)
}

// labelOffsets are the tries around an anchor, in units of the label's
// height: right, above right, below right, left, above, below, and further
// out along the same directions.
var labelOffsets = [][2]float64{{0.5, 0.35}, {0.4, -0.6}, {0.4, 1.3}, {-1, 0.35}, {-0.5, -0.8}, {-0.5, 1.5},
	{1.6, 0.35}, {1.2, -1.4}, {1.2, 2.1}, {-2, 0.35}, {-0.5, -1.9}, {-0.5, 2.6}}

// put draws s near (x, y) in col at size sz where it fits; it returns
// whether it was drawn.
func (l *labelPlacer) put(c viz.Canvas, x, y float64, s string, sz float64, col color.RGBA) bool {
	w := c.TextWidth(s, sz)
	h := viz.LineHeight(sz)
	for _, o := range labelOffsets {
		bx := x + o[0]*h
		if o[0] < 0 {
			bx = x + o[0]*h - w + h*0.5
		}
		by := y + o[1]*h - h*0.8
		r := viz.Rect{X: bx - 1, Y: by - 1, W: w + 2, H: h + 2}
		if r.X < l.bound.X || r.Y < l.bound.Y || r.X+r.W > l.bound.X+l.bound.W || r.Y+r.H > l.bound.Y+l.bound.H {
			continue
		}
		if l.overlaps(r) {
			continue
		}
		l.placed = append(l.placed, r)
		c.Text(bx, by+sz, s, sz, col, viz.AlignLeft)
		return true
	}
	return false
}

// srgbLUT maps linear [0,1] (in 1/1023 steps) to 8-bit display values.
var srgbLUT = func() [1024]uint8 {
	var t [1024]uint8
	for i := range t {
		t[i] = uint8(math.Round(255 * math.Pow(float64(i)/1023, 1/2.2)))
	}
	return t
}()

// linearToByte converts a linear colour value to display 8 bits.
func linearToByte(v float32) uint8 {
	if !(v > 0) {
		return 0
	}
	return srgbLUT[min(int(v*1023+0.5), 1023)]
}

// linearRGB is the display colour of a linear RGB triple.
func linearRGB(r, g, b float32) color.RGBA {
	return color.RGBA{linearToByte(r), linearToByte(g), linearToByte(b), 255}
}

// colorBitmap fills b from a [3,H,W] linear colour image.
func colorBitmap(b *viz.Bitmap, rgb []float32, h, w int) {
	newBitmap(b, w, h)
	plane := h * w
	p := b.Img.Pix
	for i := range plane {
		p[4*i] = linearToByte(rgb[i])
		p[4*i+1] = linearToByte(rgb[plane+i])
		p[4*i+2] = linearToByte(rgb[2*plane+i])
		p[4*i+3] = 255
	}
	b.Touch()
}

// noDepth is the colour of pixels without depth (background).
var noDepth = color.RGBA{60, 60, 66, 255}

// depthBitmap fills b from an [H,W] depth map, near = bright (viridis
// inverted over [0, maxDepth]), zero depth in noDepth.
func depthBitmap(b *viz.Bitmap, depth []float32, h, w int, maxDepth float64) {
	newBitmap(b, w, h)
	p := b.Img.Pix
	for i, d := range depth {
		c := noDepth
		if d > 0 {
			c = viz.Viridis.At(1 - float64(d)/maxDepth)
		}
		p[4*i], p[4*i+1], p[4*i+2], p[4*i+3] = c.R, c.G, c.B, 255
	}
	b.Touch()
}

// vecText formats a 3-vector as "(0.12, −0.50, 2.31)" in full: readouts of
// the geometry views are never cut short.
func vecText(p geometry.Vec3) string {
	return "(" + fmtShort(p[0]) + ", " + fmtShort(p[1]) + ", " + fmtShort(p[2]) + ")"
}

// fmtShort is fmtNum with float noise below 5e-4 shown as 0.
func fmtShort(v float64) string {
	if math.Abs(v) < 5e-4 {
		return "0"
	}
	return fmtNum(v)
}

// pairText formats "(u, v)".
func pairText(a, b float64) string { return "(" + fmtNum(a) + ", " + fmtNum(b) + ")" }

// textLines writes lines top-down in r at size sz, wrapping each (once:
// wrapped remembers it); it returns the height used. Lines that would not
// fit are left out.
func textLines(c viz.Canvas, r viz.Rect, sz float64, lines []string, cols []color.RGBA) float64 {
	lh := viz.LineHeight(sz)
	y := r.Y
	for i, s := range lines {
		col := viz.Ink
		if i < len(cols) {
			col = cols[i]
		}
		for _, ln := range wrapped(c, s, sz, r.W) {
			if y+lh > r.Y+r.H+0.5 {
				return y - r.Y
			}
			c.Text(r.X, y+sz, ln, sz, col, viz.AlignLeft)
			y += lh
		}
	}
	return y - r.Y
}

// chainPanel cuts a panel for lines (a chain of computations, each
// wrapped, never cut) off the bottom of area and writes them there under a
// rule: the lines before cur in ink, line cur in the accent, those after
// it muted; line bad (−1: none) is the pitfall's, in red, faded until
// badOn. Line i is element i of group. It returns the area left above.
func chainPanel(c viz.Canvas, area viz.Rect, f *scene.Frame, lines []string, cur, bad int, badOn bool, group int) viz.Rect {
	lh := viz.LineHeight(kitNum)
	r, top := area.CutBottom(float64(wrappedCount(c, lines, kitNum, area.W))*lh + 6)
	viz.MarkPanel(c, r)
	c.Line(r.X, r.Y+2, r.X+r.W, r.Y+2, 1, viz.Grid)
	y := r.Y + 6
	for i, ln := range lines {
		col := viz.Ink
		switch {
		case i == bad:
			col = viz.Bad
			if !badOn {
				col = viz.Fade(viz.Bad, 0.5)
			}
		case i == cur:
			col = viz.Accent
		case i > cur:
			col = viz.InkMuted
		}
		y0 := y
		for _, part := range wrapped(c, ln, kitNum, r.W) {
			c.Text(r.X, y+kitNum, part, kitNum, col, viz.AlignLeft)
			y += lh
		}
		f.Box(group, i, viz.Rect{X: r.X, Y: y0, W: r.W, H: y - y0})
	}
	return top
}

// splatter draws point clouds into a bitmap through a view3, the nearest
// point winning, 2×2 pixels a point. It keeps its z-buffer between uses.
type splatter struct {
	zbuf []float32
	b    *viz.Bitmap
	w, h int
}

// begin clears b (w×h, the view's frame size) to bg.
func (sp *splatter) begin(b *viz.Bitmap, w, h int, bg color.RGBA) {
	newBitmap(b, w, h)
	clearBitmap(b, bg)
	if len(sp.zbuf) != w*h {
		sp.zbuf = make([]float32, w*h)
	}
	for i := range sp.zbuf {
		sp.zbuf[i] = math.MaxFloat32
	}
	sp.b, sp.w, sp.h = b, w, h
}

// put splats p in col; without ztest it paints over whatever is there.
func (sp *splatter) put(v *view3, p geometry.Vec3, col color.RGBA, ztest bool) {
	x, y, z := v.frame(p)
	u, vv := int(x), int(y)
	if u < 0 || vv < 0 || u >= sp.w-1 || vv >= sp.h-1 {
		return
	}
	pix := sp.b.Img.Pix
	for _, j := range [4]int{vv*sp.w + u, vv*sp.w + u + 1, (vv+1)*sp.w + u, (vv+1)*sp.w + u + 1} {
		if !ztest || float32(z) < sp.zbuf[j] {
			sp.zbuf[j] = float32(z)
			pix[4*j], pix[4*j+1], pix[4*j+2], pix[4*j+3] = col.R, col.G, col.B, 255
		}
	}
}

// end marks the bitmap changed.
func (sp *splatter) end() { sp.b.Touch() }

// fadeBitmap fills dst with src mixed towards bg (keep is src's share).
func fadeBitmap(dst, src *viz.Bitmap, bg color.RGBA, keep float64) {
	r := src.Img.Rect
	newBitmap(dst, r.Dx(), r.Dy())
	k := int(keep * 256)
	bgc := [3]int{int(bg.R), int(bg.G), int(bg.B)}
	for i := 0; i < len(src.Img.Pix); i += 4 {
		for ch := range 3 {
			dst.Img.Pix[i+ch] = uint8((int(src.Img.Pix[i+ch])*k + bgc[ch]*(256-k)) >> 8)
		}
		dst.Img.Pix[i+3] = 255
	}
	dst.Touch()
}

// point3 reads row i of an [N,3] point tensor's data.
func point3(d []float32, i int) geometry.Vec3 {
	return geometry.Vec3{float64(d[3*i]), float64(d[3*i+1]), float64(d[3*i+2])}
}

// panelGrid splits r into n panels, at most perRow to a row, into dst's
// memory.
func panelGrid(dst []viz.Rect, r viz.Rect, n, perRow int, gap float64) []viz.Rect {
	perRow = max(1, min(perRow, n))
	return flowInto(dst, r, n, gap, (r.W-gap*float64(perRow-1))/float64(perRow)-0.5)
}

// yesNo formats a flag for a readout.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// seededWorld is synth3d's demo world with its boxes and balls moved about
// on the floor by seed, each by up to 0.2 along x and z, the boxes a
// little taller or lower and the balls a little larger or smaller (still
// resting on the floor, still apart); seed 1 (or less) is the world as designed.
// The views with a seed draw fresh inputs from it.
func seededWorld(seed uint64) *synth3d.World {
	w := synth3d.DemoWorld()
	if seed <= 1 {
		return w
	}
	rng := rand.New(rand.NewPCG(seed, 0x3d3d))
	shift := func() float64 { return 0.4 * (rng.Float64() - 0.5) }
	for i := range w.Boxes {
		b := &w.Boxes[i]
		dx, dz := shift(), shift()
		b.Min[0], b.Max[0] = b.Min[0]+dx, b.Max[0]+dx
		b.Min[2], b.Max[2] = b.Min[2]+dz, b.Max[2]+dz
		b.Max[1] = b.Min[1] + (b.Max[1]-b.Min[1])*(0.8+0.4*rng.Float64())
	}
	for i := range w.Spheres {
		sp := &w.Spheres[i]
		sp.Radius *= 0.85 + 0.3*rng.Float64()
		sp.Center[0] += shift()
		sp.Center[2] += shift()
		sp.Center[1] = sp.Radius
	}
	return w
}
