package raster

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"

	"dlprep/viz"
)

// Canvas is a viz.Canvas over an *image.RGBA. Logical coordinates are
// multiplied by Scale to give device pixels, as on a high-DPI screen.
type Canvas struct {
	img   *image.RGBA
	scale float64
	z     vector.Rasterizer
	src   *image.Uniform
	pts   []viz.Point // device-space scratch
	subs  []int       // subpath starts in pts
	text  *textCache

	opaqueSeen map[*viz.Bitmap]opaqueEntry
	srcColor   color.RGBA
}

// setColor points the uniform source at col. Storing a color.RGBA in the
// Uniform's interface field allocates, so only do it when col changes.
func (c *Canvas) setColor(col color.RGBA) {
	if col != c.srcColor || c.src.C == nil {
		c.src.C, c.srcColor = col, col
	}
}

var _ viz.Canvas = (*Canvas)(nil)

// New returns a canvas of w x h logical pixels at the given device scale
// (1 for ordinary output, 2 for a high-DPI one); the image is w*scale x
// h*scale pixels, transparent.
func New(w, h int, scale float64) *Canvas {
	if scale <= 0 {
		scale = 1
	}
	img := image.NewRGBA(image.Rect(0, 0, int(math.Ceil(float64(w)*scale)), int(math.Ceil(float64(h)*scale))))
	return NewFor(img, scale)
}

// NewFor draws into an existing image (its bounds must start at 0, 0).
func NewFor(img *image.RGBA, scale float64) *Canvas {
	if scale <= 0 {
		scale = 1
	}
	c := &Canvas{img: img, scale: scale, src: &image.Uniform{}, text: sharedText}
	c.z.DrawOp = draw.Over
	return c
}

// RGBA is the canvas's pixels.
func (c *Canvas) RGBA() *image.RGBA { return c.img }

// Scale is the device pixels per logical pixel.
func (c *Canvas) Scale() float64 { return c.scale }

// Clear fills the whole image with col, replacing what was there.
func (c *Canvas) Clear(col color.RGBA) {
	c.setColor(col)
	draw.Draw(c.img, c.img.Rect, c.src, image.Point{}, draw.Src)
}

// Size implements viz.Canvas.
func (c *Canvas) Size() (float64, float64) {
	return float64(c.img.Rect.Dx()) / c.scale, float64(c.img.Rect.Dy()) / c.scale
}

// isInt reports whether v is within a rounding error of an integer.
func isInt(v float64) bool { return math.Abs(v-math.Round(v)) < 1e-6 }

// FillRect implements viz.Canvas. Pixel-aligned rectangles skip the
// rasterizer: they are most of a frame's area (backgrounds, panels).
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	if w <= 0 || h <= 0 || col.A == 0 {
		return
	}
	s := c.scale
	x0, y0, x1, y1 := x*s, y*s, (x+w)*s, (y+h)*s
	if isInt(x0) && isInt(y0) && isInt(x1) && isInt(y1) {
		r := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1))).Intersect(c.img.Rect)
		c.setColor(col)
		op := draw.Over
		if col.A == 255 {
			op = draw.Src
		}
		draw.Draw(c.img, r, c.src, image.Point{}, op)
		return
	}
	c.begin()
	c.rect(x0, y0, x1, y1, false)
	c.fill(col)
}

// StrokeRect implements viz.Canvas: the outline lies inside the rectangle,
// drawn as four non-overlapping bars so no rasterizer spans the interior.
func (c *Canvas) StrokeRect(x, y, w, h, width float64, col color.RGBA) {
	if w <= 0 || h <= 0 || col.A == 0 {
		return
	}
	lw := max(width, 1/c.scale)
	if 2*lw >= w || 2*lw >= h {
		c.FillRect(x, y, w, h, col)
		return
	}
	c.FillRect(x, y, w, lw, col)
	c.FillRect(x, y+h-lw, w, lw, col)
	c.FillRect(x, y+lw, lw, h-2*lw, col)
	c.FillRect(x+w-lw, y+lw, lw, h-2*lw, col)
}

// Line implements viz.Canvas.
func (c *Canvas) Line(x1, y1, x2, y2, width float64, col color.RGBA) {
	if col.A == 0 {
		return
	}
	s := c.scale
	c.begin()
	c.segment(x1*s, y1*s, x2*s, y2*s, max(width*s, 1)/2)
	c.fill(col)
}

// Polyline implements viz.Canvas: a quad per segment plus a disc at each
// inner joint, in one path so a translucent line is not darker where its
// pieces overlap. Long lines are cut into runs with small bounding boxes:
// the rasterizer's cost is the box's area, and a wiggly plot line's box is
// the whole plot (ten times slower under WASM).
func (c *Canvas) Polyline(pts []viz.Point, width float64, col color.RGBA) {
	if len(pts) < 2 || col.A == 0 {
		return
	}
	s := c.scale
	hw := max(width*s, 1) / 2
	const maxRunArea = 96 * 96
	c.begin()
	x0, y0, x1, y1 := pts[0].X*s, pts[0].Y*s, pts[0].X*s, pts[0].Y*s
	for i := 1; i < len(pts); i++ {
		px, py := pts[i].X*s, pts[i].Y*s
		nx0, ny0, nx1, ny1 := min(x0, px), min(y0, py), max(x1, px), max(y1, py)
		if len(c.subs) > 0 && (nx1-nx0+2*hw)*(ny1-ny0+2*hw) > maxRunArea {
			c.fill(col) // this run is done; the next starts at pts[i-1]
			c.begin()
			qx, qy := pts[i-1].X*s, pts[i-1].Y*s
			nx0, ny0, nx1, ny1 = min(qx, px), min(qy, py), max(qx, px), max(qy, py)
		}
		x0, y0, x1, y1 = nx0, ny0, nx1, ny1
		c.segment(pts[i-1].X*s, pts[i-1].Y*s, px, py, hw)
		if hw > 1 && i < len(pts)-1 {
			c.disc(px, py, hw)
		}
	}
	c.fill(col)
}

// FillPolygon implements viz.Canvas.
func (c *Canvas) FillPolygon(pts []viz.Point, col color.RGBA) {
	if len(pts) < 3 || col.A == 0 {
		return
	}
	c.begin()
	c.subs = append(c.subs, len(c.pts))
	for _, p := range pts {
		c.pts = append(c.pts, viz.Point{X: p.X * c.scale, Y: p.Y * c.scale})
	}
	c.fill(col)
}

// FillCircle implements viz.Canvas.
func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	if r <= 0 || col.A == 0 {
		return
	}
	c.begin()
	c.disc(cx*c.scale, cy*c.scale, r*c.scale)
	c.fill(col)
}

// Image implements viz.Canvas.
func (c *Canvas) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) {
	if b == nil || b.Img == nil || w <= 0 || h <= 0 {
		return
	}
	s := c.scale
	dr := image.Rect(int(math.Round(x*s)), int(math.Round(y*s)), int(math.Round((x+w)*s)), int(math.Round((y+h)*s)))
	op := draw.Over
	if c.opaque(b) {
		op = draw.Src // a copy, not a blend: most bitmaps are opaque
	}
	if dr.Size() == b.Img.Rect.Size() {
		draw.Draw(c.img, dr, b.Img, b.Img.Rect.Min, op)
		return
	}
	var k xdraw.Interpolator = xdraw.NearestNeighbor
	if smooth {
		k = xdraw.ApproxBiLinear
	}
	k.Scale(c.img, dr, b.Img, b.Img.Bounds(), op, nil)
}

// opaque reports whether every pixel of b has alpha 255, remembered per
// bitmap version so the scan happens once per change.
func (c *Canvas) opaque(b *viz.Bitmap) bool {
	if e, ok := c.opaqueSeen[b]; ok && e.version == b.Version {
		return e.opaque
	}
	if c.opaqueSeen == nil || len(c.opaqueSeen) > 256 {
		c.opaqueSeen = map[*viz.Bitmap]opaqueEntry{}
	}
	o := b.Img.Opaque()
	c.opaqueSeen[b] = opaqueEntry{b.Version, o}
	return o
}

type opaqueEntry struct {
	version uint64
	opaque  bool
}

// begin starts a new path.
func (c *Canvas) begin() {
	c.pts, c.subs = c.pts[:0], c.subs[:0]
}

// rect adds an axis-aligned rectangle; reversed winds it the other way.
func (c *Canvas) rect(x0, y0, x1, y1 float64, reversed bool) {
	c.subs = append(c.subs, len(c.pts))
	if reversed {
		c.pts = append(c.pts, viz.Point{X: x0, Y: y0}, viz.Point{X: x0, Y: y1}, viz.Point{X: x1, Y: y1}, viz.Point{X: x1, Y: y0})
	} else {
		c.pts = append(c.pts, viz.Point{X: x0, Y: y0}, viz.Point{X: x1, Y: y0}, viz.Point{X: x1, Y: y1}, viz.Point{X: x0, Y: y1})
	}
}

// segment adds a line from (x1,y1) to (x2,y2) as a quad of half-width hw,
// wound like rect's forward rectangles (vector sums signed coverage, so
// pieces wound oppositely would cancel where they overlap).
func (c *Canvas) segment(x1, y1, x2, y2, hw float64) {
	dx, dy := x2-x1, y2-y1
	l := math.Hypot(dx, dy)
	if l == 0 {
		c.disc(x1, y1, hw)
		return
	}
	nx, ny := -dy/l*hw, dx/l*hw
	c.subs = append(c.subs, len(c.pts))
	// For x1<x2 this runs top-left, top-right, bottom-right, bottom-left.
	c.pts = append(c.pts, viz.Point{X: x1 - nx, Y: y1 - ny}, viz.Point{X: x2 - nx, Y: y2 - ny},
		viz.Point{X: x2 + nx, Y: y2 + ny}, viz.Point{X: x1 + nx, Y: y1 + ny})
}

// disc adds a circle as a polygon fine enough that its edge error stays
// under a tenth of a pixel, wound like rect. The polygon's radius is
// enlarged so its area equals the circle's.
func (c *Canvas) disc(cx, cy, r float64) {
	n := 8
	for n < 512 && r*(1-math.Cos(math.Pi/float64(n))) > 0.1 {
		n *= 2
	}
	th := 2 * math.Pi / float64(n)
	r *= math.Sqrt(th / math.Sin(th))
	c.subs = append(c.subs, len(c.pts))
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		c.pts = append(c.pts, viz.Point{X: cx + r*math.Cos(a), Y: cy + r*math.Sin(a)})
	}
}

// fill rasterizes the current path in col, with the rasterizer sized to
// the path's bounding box clipped to the image.
func (c *Canvas) fill(col color.RGBA) {
	if len(c.pts) == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range c.pts {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	if math.IsNaN(minX+minY+maxX+maxY) || math.IsInf(minX+minY+maxX+maxY, 0) {
		return
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY))).Intersect(c.img.Rect)
	if box.Empty() {
		return
	}
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	c.z.Reset(box.Dx(), box.Dy())
	c.z.DrawOp = draw.Over
	for k, start := range c.subs {
		end := len(c.pts)
		if k+1 < len(c.subs) {
			end = c.subs[k+1]
		}
		if end-start < 3 {
			continue
		}
		p := c.pts[start]
		c.z.MoveTo(float32(p.X)-ox, float32(p.Y)-oy)
		for _, p := range c.pts[start+1 : end] {
			c.z.LineTo(float32(p.X)-ox, float32(p.Y)-oy)
		}
		c.z.ClosePath()
	}
	c.setColor(col)
	c.z.Draw(c.img, box, c.src, image.Point{})
}
