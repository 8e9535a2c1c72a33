package ebitenview

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"dlprep/viz"
)

// Canvas is a viz.Canvas drawing onto an *ebiten.Image. Logical
// coordinates are multiplied by the device scale (high-DPI screens).
type Canvas struct {
	dst   *ebiten.Image
	scale float64
	frame uint64

	path  vector.Path
	vs    []ebiten.Vertex
	is    []uint16
	white *ebiten.Image

	faces  map[float64]font.Face
	font   *opentype.Font
	images map[*viz.Bitmap]*upload
	labels map[labelKey]*label
	widths map[labelKey]float64 // measured strings, device pixels
	iopts  ebiten.DrawImageOptions
	tropts ebiten.DrawTrianglesOptions
}

var _ viz.Canvas = (*Canvas)(nil)

// upload is a Bitmap's copy on the GPU, refreshed when its Version moves.
type upload struct {
	img      *ebiten.Image
	version  uint64
	lastUsed uint64
}

// NewCanvas makes a canvas; call Begin with the target image each frame.
func NewCanvas() *Canvas {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("ebitenview: parsing Go Regular: " + err.Error())
	}
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	return &Canvas{faces: map[float64]font.Face{}, font: f, images: map[*viz.Bitmap]*upload{}, labels: map[labelKey]*label{}, widths: map[labelKey]float64{},
		white: white.SubImage(imageRect(1, 1, 2, 2)).(*ebiten.Image), scale: 1}
}

// Begin points the canvas at dst for one frame at the given device scale,
// and frees the uploads of bitmaps not drawn for a few seconds.
func (c *Canvas) Begin(dst *ebiten.Image, scale float64) {
	c.dst, c.scale = dst, scale
	if c.scale <= 0 {
		c.scale = 1
	}
	c.frame++
	if c.frame%120 == 0 {
		for b, u := range c.images {
			if c.frame-u.lastUsed > 300 {
				u.img.Deallocate()
				delete(c.images, b)
			}
		}
		for k, l := range c.labels {
			if c.frame-l.lastUsed > 120 {
				if l.img != nil {
					l.img.Deallocate()
				}
				delete(c.labels, k)
			}
		}
	}
}

// Scale is the device pixels per logical pixel (see viz.DeviceScale).
func (c *Canvas) Scale() float64 { return c.scale }

// Size implements viz.Canvas.
func (c *Canvas) Size() (float64, float64) {
	b := c.dst.Bounds()
	return float64(b.Dx()) / c.scale, float64(b.Dy()) / c.scale
}

func f32(v float64) float32 { return float32(v) }

// FillRect implements viz.Canvas.
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	if w <= 0 || h <= 0 || col.A == 0 {
		return
	}
	s := c.scale
	// Rectangles are pixel-aligned in practice: no anti-aliasing needed.
	vector.DrawFilledRect(c.dst, f32(x*s), f32(y*s), f32(w*s), f32(h*s), col, false)
}

// StrokeRect implements viz.Canvas: the outline lies inside the rectangle,
// as in the raster backend.
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
	c.vs, c.is = c.vs[:0], c.is[:0]
	c.featherSegment(x1*s, y1*s, x2*s, y2*s, width*s/2)
	c.flush(col, ebiten.FillRuleFillAll)
}

// Polyline implements viz.Canvas: feathered segments with a disc at each
// inner joint.
func (c *Canvas) Polyline(pts []viz.Point, width float64, col color.RGBA) {
	if len(pts) < 2 || col.A == 0 {
		return
	}
	s := c.scale
	hw := width * s / 2
	c.vs, c.is = c.vs[:0], c.is[:0]
	for i := 1; i < len(pts); i++ {
		c.featherSegment(pts[i-1].X*s, pts[i-1].Y*s, pts[i].X*s, pts[i].Y*s, hw)
		if i < len(pts)-1 && hw > 1 {
			c.featherDisc(pts[i].X*s, pts[i].Y*s, hw)
		}
		if len(c.vs) > 60000 {
			c.flush(col, ebiten.FillRuleFillAll)
			c.vs, c.is = c.vs[:0], c.is[:0]
		}
	}
	c.flush(col, ebiten.FillRuleFillAll)
}

// FillPolygon implements viz.Canvas: a non-zero fill plus a one-pixel
// feathered outline for the anti-aliased edge.
func (c *Canvas) FillPolygon(pts []viz.Point, col color.RGBA) {
	if len(pts) < 3 || col.A == 0 {
		return
	}
	c.buildPath(pts, true)
	c.vs, c.is = c.path.AppendVerticesAndIndicesForFilling(c.vs[:0], c.is[:0])
	for i := range c.vs {
		c.vs[i].ColorA = 1
	}
	c.flush(col, ebiten.FillRuleNonZero)
	s := c.scale
	c.vs, c.is = c.vs[:0], c.is[:0]
	for i := range pts {
		p, q := pts[i], pts[(i+1)%len(pts)]
		c.featherSegment(p.X*s, p.Y*s, q.X*s, q.Y*s, 0.25)
	}
	c.flush(col, ebiten.FillRuleFillAll)
}

// FillCircle implements viz.Canvas.
func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	if r <= 0 || col.A == 0 {
		return
	}
	s := c.scale
	c.vs, c.is = c.vs[:0], c.is[:0]
	c.featherDisc(cx*s, cy*s, r*s)
	c.flush(col, ebiten.FillRuleFillAll)
}

// Anti-aliasing by feathering: ebiten's own AntiAlias renders through a
// double-size offscreen buffer per draw, which took 1.5 s per frame under
// software GL (Xvfb, SwiftShader) against 26 ms without. Instead each
// shape gets a one-pixel rim whose vertex alpha falls from 1 to 0, so the
// GPU's interpolation draws the soft edge and the triangles still batch.

// vertex appends a device-space vertex with coverage a; flush colours it.
func (c *Canvas) vertex(x, y, a float64) uint16 {
	c.vs = append(c.vs, ebiten.Vertex{DstX: float32(x), DstY: float32(y), SrcX: 1, SrcY: 1, ColorA: float32(a)})
	return uint16(len(c.vs) - 1)
}

func (c *Canvas) quad(a, b, d, e uint16) { c.is = append(c.is, a, b, d, b, e, d) }

// featherSegment adds a line of half-width hw (device pixels): a solid
// core and a one-pixel rim fading out on both sides. Lines thinner than a
// pixel keep a one-pixel footprint with proportionally lower coverage.
func (c *Canvas) featherSegment(x1, y1, x2, y2, hw float64) {
	dx, dy := x2-x1, y2-y1
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l, dx/l
	in, out, a := hw-0.5, hw+0.5, 1.0
	if in < 0 {
		in, out, a = 0, 1, 2*hw
	}
	var v [8]uint16
	for k, o := range [4]float64{-out, -in, in, out} {
		cov := a
		if k == 0 || k == 3 {
			cov = 0
		}
		v[k] = c.vertex(x1+nx*o, y1+ny*o, cov)
		v[k+4] = c.vertex(x2+nx*o, y2+ny*o, cov)
	}
	for k := 0; k < 3; k++ {
		c.quad(v[k], v[k+1], v[k+4], v[k+5])
	}
}

// featherDisc adds a filled circle with a one-pixel soft rim.
func (c *Canvas) featherDisc(cx, cy, r float64) {
	n := 12
	for n < 256 && r*(1-math.Cos(math.Pi/float64(n))) > 0.2 {
		n *= 2
	}
	in, out, a := r-0.5, r+0.5, 1.0
	if in < 0 {
		in, a = 0, r*2
	}
	centre := c.vertex(cx, cy, a)
	first := uint16(len(c.vs))
	for i := 0; i < n; i++ {
		th := 2 * math.Pi * float64(i) / float64(n)
		cs, sn := math.Cos(th), math.Sin(th)
		c.vertex(cx+in*cs, cy+in*sn, a)
		c.vertex(cx+out*cs, cy+out*sn, 0)
	}
	for i := 0; i < n; i++ {
		j := (i + 1) % n
		ii, io := first+uint16(2*i), first+uint16(2*i+1)
		ji, jo := first+uint16(2*j), first+uint16(2*j+1)
		c.is = append(c.is, centre, ii, ji)
		c.quad(ii, io, ji, jo)
	}
}

func (c *Canvas) buildPath(pts []viz.Point, closed bool) {
	c.path = vector.Path{}
	s := c.scale
	c.path.MoveTo(f32(pts[0].X*s), f32(pts[0].Y*s))
	for _, p := range pts[1:] {
		c.path.LineTo(f32(p.X*s), f32(p.Y*s))
	}
	if closed {
		c.path.Close()
	}
}

// flush draws c.vs/c.is in col: each vertex's ColorA holds its coverage,
// which scales the premultiplied colour.
func (c *Canvas) flush(col color.RGBA, rule ebiten.FillRule) {
	if len(c.is) == 0 {
		return
	}
	r, g, b, a := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	for i := range c.vs {
		v := &c.vs[i]
		k := v.ColorA
		v.SrcX, v.SrcY = 1, 1
		v.ColorR, v.ColorG, v.ColorB, v.ColorA = r*k, g*k, b*k, a*k
	}
	c.tropts = ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha, FillRule: rule}
	c.dst.DrawTriangles(c.vs, c.is, c.white, &c.tropts)
}

// face returns the Go Regular face for a device pixel size (quarter-pixel
// steps share a face).
func (c *Canvas) face(px float64) font.Face {
	if f, ok := c.faces[px]; ok {
		return f
	}
	f, err := opentype.NewFace(c.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("ebitenview: font face: " + err.Error())
	}
	c.faces[px] = f
	return f
}

// labelKey identifies a rendered string: its text and device pixel size.
type labelKey struct {
	s  string
	px float64
}

// label is a string rendered once in white; Text tints and places it.
// Drawing glyph by glyph (as ebiten's text/v2 does) meant thousands of
// draw calls per frame, each a few microseconds under WASM. Labels are
// rasterized with x/image/font like the raster backend's text, which also
// keeps ebiten's text package (and its shaping engine) out of the WASM.
type label struct {
	img      *ebiten.Image // nil for strings with no ink
	advance  float64       // device pixels
	ascent   float64
	lastUsed uint64
}

// labelPad keeps glyph overhangs (italics, j's tail) inside the image.
const labelPad = 2

// maxTexture bounds every image this canvas makes, in device pixels: GPUs
// guarantee 4096 (WebGL2's minimum MAX_TEXTURE_SIZE is 2048, but every
// browser we run in gives at least 4096), and a wider image crashes
// ebiten's atlas. A label that long is a bug upstream (the shell wraps
// and shortens text); drawing its start beats stopping the app.
const maxTexture = 4096

func (c *Canvas) label(s string, size float64) *label {
	px := math.Max(1, math.Round(size*c.scale*4)/4)
	k := labelKey{s, px}
	if l, ok := c.labels[k]; ok {
		l.lastUsed = c.frame
		return l
	}
	f := c.face(px)
	m := f.Metrics()
	asc := float64(m.Ascent.Ceil())
	l := &label{advance: float64(font.MeasureString(f, s)) / 64, ascent: asc, lastUsed: c.frame}
	if l.advance+2*labelPad > maxTexture || px+2*labelPad > maxTexture {
		s = fitTexture(f, s)
		l.advance = float64(font.MeasureString(f, s)) / 64
	}
	w, h := int(math.Ceil(l.advance))+2*labelPad, int(asc)+m.Descent.Ceil()+2*labelPad
	if w > 2*labelPad && h > 2*labelPad {
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		d := font.Drawer{Dst: rgba, Src: image.White, Face: f, Dot: fixed.P(labelPad, labelPad+int(asc))}
		d.DrawString(s)
		l.img = ebiten.NewImageFromImage(rgba)
	}
	c.labels[k] = l
	return l
}

// fitTexture shortens s to the longest prefix that fits maxTexture.
func fitTexture(f font.Face, s string) string {
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if float64(font.MeasureString(f, string(r[:mid])))/64+2*labelPad <= maxTexture {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo])
}

// Text implements viz.Canvas; y is the baseline.
func (c *Canvas) Text(x, y float64, s string, size float64, col color.RGBA, align viz.Align) {
	if s == "" || col.A == 0 {
		return
	}
	l := c.label(s, size)
	if l.img == nil {
		return
	}
	dx := x * c.scale
	switch align {
	case viz.AlignCenter:
		dx -= l.advance / 2
	case viz.AlignRight:
		dx -= l.advance
	}
	op := &c.iopts
	*op = ebiten.DrawImageOptions{}
	// Whole device pixels keep the cached glyphs sharp, as in the raster
	// backend.
	op.GeoM.Translate(math.Round(dx)-labelPad, math.Round(y*c.scale)-l.ascent-labelPad)
	op.ColorScale.ScaleWithColor(col)
	c.dst.DrawImage(l.img, op)
}

// TextWidth implements viz.Canvas. It measures without rendering: text
// wrapping measures many candidate lines that are never drawn.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	px := math.Max(1, math.Round(size*c.scale*4)/4)
	k := labelKey{s, px}
	if l, ok := c.labels[k]; ok {
		return l.advance / c.scale
	}
	w, ok := c.widths[k]
	if !ok {
		if len(c.widths) > 8192 {
			clear(c.widths)
		}
		w = float64(font.MeasureString(c.face(px), s)) / 64
		c.widths[k] = w
	}
	return w / c.scale
}

// Image implements viz.Canvas: the bitmap is uploaded once per Version.
func (c *Canvas) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) {
	if b == nil || b.Img == nil || w <= 0 || h <= 0 || b.Img.Rect.Empty() {
		return
	}
	u := c.images[b]
	sz := b.Img.Rect.Size()
	if sz.X > maxTexture || sz.Y > maxTexture {
		return // see maxTexture: a bitmap this large is a bug upstream
	}
	if u != nil && u.img.Bounds().Size() != sz {
		u.img.Deallocate()
		u = nil
	}
	if u == nil {
		u = &upload{img: ebiten.NewImage(sz.X, sz.Y), version: b.Version - 1}
		c.images[b] = u
	}
	if u.version != b.Version {
		u.img.WritePixels(b.Img.Pix)
		u.version = b.Version
	}
	u.lastUsed = c.frame
	s := c.scale
	op := &c.iopts
	*op = ebiten.DrawImageOptions{}
	op.GeoM.Scale(w*s/float64(sz.X), h*s/float64(sz.Y))
	op.GeoM.Translate(x*s, y*s)
	op.Filter = ebiten.FilterNearest
	if smooth {
		op.Filter = ebiten.FilterLinear
	}
	c.dst.DrawImage(u.img, op)
}
