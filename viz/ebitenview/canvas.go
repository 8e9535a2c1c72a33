package ebitenview

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/math/fixed"

	"dlprep/viz"
	"dlprep/viz/glyph"
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

	glyphs   *glyph.Cache
	images   map[*viz.Bitmap]*upload
	atlas    atlas
	placed   []glyph.Placed // the string Text is drawing
	runs     map[widthKey]*textRun
	lpix     []byte               // a label being promoted (see textRun)
	promoted int                  // glyphs promoted this frame
	widths   map[widthKey]float64 // measured strings, device pixels
	iopts    ebiten.DrawImageOptions
	tropts   ebiten.DrawTrianglesOptions
	circle   []viz.Point // the unit n-gon last used by featherDisc or featherRing
	sprites  map[spriteKey]*sprite
	batch    batch
	calls    int // ebiten draw calls since Begin
}

var (
	_ viz.Canvas       = (*Canvas)(nil)
	_ viz.DiscDrawer   = (*Canvas)(nil)
	_ viz.SquareDrawer = (*Canvas)(nil)
	_ viz.Flusher      = (*Canvas)(nil)
)

// upload is a Bitmap's copy on the GPU, refreshed when its Version moves.
type upload struct {
	img      *ebiten.Image
	version  uint64
	lastUsed uint64
}

// NewCanvas makes a canvas; call Begin with the target image each frame.
func NewCanvas() *Canvas {
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	return &Canvas{glyphs: glyph.New(), images: map[*viz.Bitmap]*upload{}, sprites: map[spriteKey]*sprite{}, widths: map[widthKey]float64{},
		runs: map[widthKey]*textRun{}, atlas: atlas{slots: map[glyphKey]glyphSlot{}}, batch: batch{page: -1},
		white: white.SubImage(imageRect(1, 1, 2, 2)).(*ebiten.Image), scale: 1}
}

// Begin points the canvas at dst for one frame at the given device scale,
// and frees the uploads of bitmaps not drawn for a few seconds.
func (c *Canvas) Begin(dst *ebiten.Image, scale float64) {
	c.Flush() // anything left belongs to the old target
	c.dst, c.scale, c.calls = dst, scale, 0
	if c.scale <= 0 {
		c.scale = 1
	}
	c.frame++
	c.promoted = 0
	if c.frame%120 == 0 {
		for b, u := range c.images {
			if c.frame-u.lastUsed > 300 {
				u.img.Deallocate()
				delete(c.images, b)
			}
		}
		for k, r := range c.runs {
			if c.frame-r.lastUsed > 120 {
				delete(c.runs, k) // a label's slot stays until its page is recycled
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
	// Two triangles of our own, not vector.DrawFilledRect, whose vertex
	// cache cost more than the rectangle (a frame fills hundreds).
	c.vs, c.is = c.vs[:0], c.is[:0]
	c.rect(x*s, y*s, w*s, h*s)
	c.flush(col, ebiten.FillRuleFillAll)
}

// Squares implements viz.SquareDrawer: every square is two triangles,
// coloured per vertex (premultiplied), queued in the batch as FillRect's
// are.
func (c *Canvas) Squares(centres []viz.Point, side float64, cols []color.RGBA) {
	s := c.scale
	d := side * s
	c.vs, c.is = c.vs[:0], c.is[:0]
	for i, p := range centres {
		col := cols[i]
		if col.A == 0 {
			continue
		}
		if len(c.vs)+4 > batchVertices {
			c.emit()
			c.vs, c.is = c.vs[:0], c.is[:0]
		}
		a := len(c.vs)
		c.rect((p.X-side/2)*s, (p.Y-side/2)*s, d, d)
		c.tint(a, col)
	}
	c.emit()
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
	s := c.scale
	c.vs, c.is = c.vs[:0], c.is[:0]
	c.rect(x*s, y*s, w*s, lw*s)
	c.rect(x*s, (y+h-lw)*s, w*s, lw*s)
	c.rect(x*s, (y+lw)*s, lw*s, (h-2*lw)*s)
	c.rect((x+w-lw)*s, (y+lw)*s, lw*s, (h-2*lw)*s)
	c.flush(col, ebiten.FillRuleFillAll)
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

// rect adds a solid device-space rectangle.
func (c *Canvas) rect(x, y, w, h float64) {
	a := c.vertex(x, y, 1)
	c.vertex(x+w, y, 1)
	c.vertex(x, y+h, 1)
	c.vertex(x+w, y+h, 1)
	c.quad(a, a+1, a+2, a+3)
}

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
	n := circleSegments(r)
	c.unitCircle(n)
	c.featherDiscN(cx, cy, r, n)
}

// circleSegments is how many sides a circle of radius r (device pixels)
// needs to stay within 0.2 px of round.
func circleSegments(r float64) int {
	n := 12
	for n < 256 && r*(1-math.Cos(math.Pi/float64(n))) > 0.2 {
		n *= 2
	}
	return n
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

// flush queues c.vs/c.is in col (see batch): each vertex's ColorA holds
// its coverage, which scales the premultiplied colour. A non-zero fill
// (a polygon's stencil) cannot join the batch: it is drawn at once.
func (c *Canvas) flush(col color.RGBA, rule ebiten.FillRule) {
	if len(c.is) == 0 {
		return
	}
	c.tint(0, col)
	if rule == ebiten.FillRuleFillAll {
		c.emit()
		return
	}
	c.Flush()
	c.drawWhite(rule)
}

// tint colours the vertices c.vs[from:] with col (premultiplied), each
// scaled by the coverage its ColorA holds, and points them at the white
// pixel.
func (c *Canvas) tint(from int, col color.RGBA) {
	r, g, b, a := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	for i := from; i < len(c.vs); i++ {
		v := &c.vs[i]
		k := v.ColorA
		v.SrcX, v.SrcY = 1, 1
		v.ColorR, v.ColorG, v.ColorB, v.ColorA = r*k, g*k, b*k, a*k
	}
}

// drawWhite draws c.vs/c.is, tinted, from the white pixel.
func (c *Canvas) drawWhite(rule ebiten.FillRule) {
	if len(c.is) == 0 {
		return
	}
	c.tropts = ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha, FillRule: rule}
	c.dst.DrawTriangles(c.vs, c.is, c.white, &c.tropts)
	c.calls++
}

// widthKey identifies a measured string: its text and device pixel size.
type widthKey struct {
	s  string
	px float64
}

// maxTexture bounds every image this canvas makes, in device pixels: GPUs
// guarantee 4096 (WebGL2's minimum MAX_TEXTURE_SIZE is 2048, but every
// browser we run in gives at least 4096), and a wider image crashes
// ebiten's atlas. A bitmap that large is a bug upstream; text comes from
// glyph atlas pages of atlasSide (see atlas), whatever its length.
const maxTexture = 4096

// Text implements viz.Canvas; y is the baseline. The glyphs come from
// the atlas, placed as glyph.Face.Draw places them. A string's layout
// and atlas slots are kept as a textRun, so a label drawn every frame
// costs one map lookup and its quads, not a layout (kerning looks up two
// glyph indices per pair) and a slot lookup per glyph.
func (c *Canvas) Text(x, y float64, s string, size float64, col color.RGBA, align viz.Align) {
	if s == "" || col.A == 0 {
		return
	}
	px := glyph.Size(size * c.scale) // the key is the size its face is made at
	k := widthKey{s, px}
	run := c.runs[k]
	if run == nil {
		run = &textRun{gen: -1}
		c.runs[k] = run
	}
	if run.lastUsed != c.frame {
		run.frames++
		run.lastUsed = c.frame
	}
	if run.gen != c.atlas.recycled {
		run.labelled, run.unlabelled = false, false // its page may have been cleared
	}
	if !run.labelled && !run.unlabelled && run.gen == c.atlas.recycled && run.frames >= promoteAfter && c.promoted < promoteGlyphsPerFrame {
		c.promote(run)
	}
	if run.gen == c.atlas.recycled {
		ox, oy := c.pen(x, y, run.advance, align)
		if run.labelled {
			c.glyphQuad(run.label, ox, oy, col)
			return
		}
		for _, q := range run.quads {
			c.glyphQuad(q, ox, oy, col)
		}
		return
	}
	// Lay the string out, drawing as it goes: putting a glyph in the
	// atlas may recycle a page, which draws what is pending first.
	gen := c.atlas.recycled
	var adv fixed.Int26_6
	c.placed, adv = c.glyphs.Face(px).Layout(c.placed[:0], s)
	run.advance, run.quads = float32(adv)/64, run.quads[:0]
	ox, oy := c.pen(x, y, run.advance, align)
	for i := range c.placed {
		gl := &c.placed[i]
		if gl.Mask == nil {
			continue
		}
		sl, ok := c.glyphSlot(px, gl)
		if !ok {
			continue // larger than a page
		}
		q := runQuad{page: sl.page, mask: gl.Mask, sx: float32(sl.x), sy: float32(sl.y),
			w: float32(gl.Rect.Dx()), h: float32(gl.Rect.Dy()),
			dx: float32(gl.Rect.Min.X), dy: float32(gl.Rect.Min.Y)}
		run.quads = append(run.quads, q)
		c.glyphQuad(q, ox, oy, col)
	}
	if c.atlas.recycled == gen {
		// Valid until a page is recycled; one recycled while laying out
		// may have held this run's first glyphs, so it is laid out again
		// next time.
		run.gen = gen
	}
}

// pen is where a string advance device pixels wide starts, aligned on x
// with its baseline at y, on whole device pixels: they keep the cached
// glyphs sharp, as in the raster backend.
func (c *Canvas) pen(x, y float64, advance float32, align viz.Align) (ox, oy float32) {
	dx := x * c.scale
	switch align {
	case viz.AlignCenter:
		dx -= float64(advance) / 2
	case viz.AlignRight:
		dx -= float64(advance)
	}
	return float32(math.Round(dx)), float32(math.Round(y * c.scale))
}

// textRun is a string at one size laid out on the atlas, and, once it
// has been drawn in promoteAfter frames, composed whole into an atlas
// slot of its own: a label.
type textRun struct {
	quads    []runQuad
	advance  float32 // device pixels
	gen      int     // atlas.recycled when laid out; -1 before
	lastUsed uint64
	frames   int // frames it was drawn in

	label      runQuad // the whole string as one quad, once labelled
	labelled   bool
	unlabelled bool // promotion failed (no ink, too wide, no room): not tried again
}

// A string drawn from the atlas costs a quad per glyph every frame, 4
// vertices each; the menu, axes and captions hold a thousand glyphs or
// more, and in the browser the vertices cost about 40 ns each on their
// way through ebiten (headless Chromium, DevTools profile). So a string
// that stays on screen is promoted to a label: its glyphs composed on the
// CPU from the cached masks into an atlas slot of its own, one quad from
// then on, in the same batch as everything else. Strings that change (a
// sampler's step, counters) stay glyph by glyph and take no room: only a
// string drawn in promoteAfter frames (half a second at 60 frames a
// second) is promoted, and at most promoteGlyphsPerFrame glyphs a frame,
// so a view's first frames do not make all their labels at once. Labels
// are never freed one by one: a slot stays until its page is recycled,
// which also lays out and promotes every string again. Rendering labels
// on the GPU from the glyphs was tried before: it made every label depend
// on the atlas page, and ebiten (which keeps images restorable after a
// lost WebGL context) then iterated all its images on every draw.
const (
	promoteAfter          = 30
	promoteGlyphsPerFrame = 64
)

// promote composes run's glyphs into a label slot (see textRun).
func (c *Canvas) promote(run *textRun) {
	if len(run.quads) == 0 {
		run.unlabelled = true // no ink: nothing to draw
		return
	}
	x0, y0 := run.quads[0].dx, run.quads[0].dy
	x1, y1 := x0, y0
	for _, q := range run.quads {
		x0, y0 = min(x0, q.dx), min(y0, q.dy)
		x1, y1 = max(x1, q.dx+q.w), max(y1, q.dy+q.h)
	}
	w, h := int(x1-x0), int(y1-y0)
	sl, ok := glyphSlot{}, w > 0 && h > 0
	if ok {
		sl, ok = c.room(w, h)
	}
	if !ok {
		// Wider than a page, or no room left: it stays glyph by glyph
		// until the atlas is recycled (which lays it out again).
		run.unlabelled = true
		return
	}
	c.promoted += len(run.quads)
	n := 4 * w * h
	if cap(c.lpix) < n {
		c.lpix = make([]byte, n)
	}
	pix := c.lpix[:n]
	clear(pix)
	// White coverage, each glyph laid over the ones before it as
	// glyph.Face.Draw does (premultiplied: all four channels alike).
	for _, q := range run.quads {
		m := q.mask
		ox, oy := int(q.dx-x0), int(q.dy-y0)
		for y := range int(q.h) {
			row := m.Pix[y*m.Stride : y*m.Stride+int(q.w)]
			o := 4 * ((oy+y)*w + ox)
			for _, a := range row {
				if a != 0 {
					d := uint32(pix[o])
					v := byte(uint32(a) + (d*(255-uint32(a))+127)/255)
					pix[o], pix[o+1], pix[o+2], pix[o+3] = v, v, v, v
				}
				o += 4
			}
		}
	}
	c.atlas.pages[sl.page].put(sl.x, sl.y, w, h, pix)
	run.label = runQuad{page: sl.page, sx: float32(sl.x), sy: float32(sl.y), w: float32(w), h: float32(h), dx: x0, dy: y0}
	run.labelled = true
}

// runQuad is one inked glyph of a textRun: its atlas slot and where its
// top-left corner goes relative to the dot, in device pixels.
type runQuad struct {
	page         int
	sx, sy, w, h float32
	dx, dy       float32
	mask         *image.Alpha // the glyph's coverage (the face's cached copy)
}

// glyphQuad queues q, with the dot at (ox, oy), in the batch.
func (c *Canvas) glyphQuad(q runQuad, ox, oy float32, col color.RGBA) {
	c.onPage(q.page, 4)
	r, g, b, a := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	c.batch.vs, c.batch.is = appendQuad(c.batch.vs, c.batch.is, q, ox, oy, r, g, b, a)
}

// appendQuad appends q's two triangles, its top-left corner at (ox+q.dx,
// oy+q.dy), in the premultiplied colour (r, g, b, a).
func appendQuad(vs []ebiten.Vertex, is []uint16, q runQuad, ox, oy, r, g, b, a float32) ([]ebiten.Vertex, []uint16) {
	x0, y0 := ox+q.dx, oy+q.dy
	v := uint16(len(vs))
	vs = append(vs,
		ebiten.Vertex{DstX: x0, DstY: y0, SrcX: q.sx, SrcY: q.sy, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x0 + q.w, DstY: y0, SrcX: q.sx + q.w, SrcY: q.sy, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x0, DstY: y0 + q.h, SrcX: q.sx, SrcY: q.sy + q.h, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x0 + q.w, DstY: y0 + q.h, SrcX: q.sx + q.w, SrcY: q.sy + q.h, ColorR: r, ColorG: g, ColorB: b, ColorA: a})
	return vs, append(is, v, v+1, v+2, v+1, v+3, v+2)
}

// TextWidth implements viz.Canvas. It measures without rendering: text
// wrapping measures many candidate lines that are never drawn.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	px := glyph.Size(size * c.scale) // the key is the size its face is made at
	k := widthKey{s, px}
	if run := c.runs[k]; run != nil && run.gen >= 0 {
		return float64(run.advance) / c.scale
	}
	w, ok := c.widths[k]
	if !ok {
		if len(c.widths) > 8192 {
			clear(c.widths)
		}
		w = float64(c.glyphs.Face(px).Width(s)) / 64
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
	c.Flush()
	c.dst.DrawImage(u.img, op)
	c.calls++
}

// Discs implements viz.DiscDrawer: each disc (or ring) is one textured
// quad on a cached coverage sprite, and all of them go in one
// DrawTriangles per 16 K shapes, instead of a call and dozens of vertices
// per particle. Bilinear sampling places them at sub-pixel positions, so
// moving particles glide rather than snap.
func (c *Canvas) Discs(centres []viz.Point, r, width float64, col color.RGBA) {
	if len(centres) == 0 || r <= 0 || col.A == 0 {
		return
	}
	s := c.scale
	sp := c.discSprite(r*s, max(width, 0)*s)
	if sp == nil { // too large for a sprite: tessellate
		for _, p := range centres {
			c.vs, c.is = c.vs[:0], c.is[:0]
			if width <= 0 {
				c.featherDisc(p.X*s, p.Y*s, r*s)
			} else {
				n := circleSegments(r * s)
				c.unitCircle(n)
				c.featherRing(p.X*s, p.Y*s, r*s, width*s/2, n)
			}
			c.flush(col, ebiten.FillRuleFillAll)
		}
		return
	}
	cr, cg, cb, ca := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	half := float32(sp.h) + 0.5
	side := float32(2*sp.h + 1)
	c.Flush()
	c.vs, c.is = c.vs[:0], c.is[:0]
	draw := func() {
		c.tropts = ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha, Filter: ebiten.FilterLinear}
		c.dst.DrawTriangles(c.vs, c.is, sp.img, &c.tropts)
		c.calls++
		c.vs, c.is = c.vs[:0], c.is[:0]
	}
	for _, p := range centres {
		if len(c.vs)+4 > 65000 {
			draw()
		}
		x, y := float32(p.X*s), float32(p.Y*s)
		i := uint16(len(c.vs))
		for _, corner := range [4][2]float32{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
			c.vs = append(c.vs, ebiten.Vertex{
				DstX: x - half + corner[0]*side, DstY: y - half + corner[1]*side,
				SrcX: corner[0] * side, SrcY: corner[1] * side,
				ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca,
			})
		}
		c.quad(i, i+1, i+2, i+3)
	}
	draw()
}

// maxSpriteRadius is the largest disc, in device pixels, drawn from a
// sprite; larger ones are tessellated (they are rare, and a sprite per
// size would be big).
const maxSpriteRadius = 24

// sprite is a disc's or ring's coverage as a white, premultiplied image.
type sprite struct {
	img *ebiten.Image
	h   int // the centre pixel; the image is 2h+1 square
}

// spriteKey is a sprite's radius and line width in eighths of a device
// pixel (width 0: a disc).
type spriteKey struct{ r, w int }

// discSprite returns the cached sprite for radius r and width w (device
// pixels), or nil when r is too large for one.
func (c *Canvas) discSprite(r, w float64) *sprite {
	if r+w/2 > maxSpriteRadius {
		return nil
	}
	k := spriteKey{int(r*8 + 0.5), int(w*8 + 0.5)}
	if sp, ok := c.sprites[k]; ok {
		return sp
	}
	if len(c.sprites) >= 64 { // sizes change with zoom: keep a bounded set
		for _, sp := range c.sprites {
			sp.img.Deallocate()
		}
		clear(c.sprites)
	}
	h, mask := viz.DiscMask(float64(k.r)/8, float64(k.w)/8)
	n := 2*h + 1
	pix := make([]byte, 4*n*n)
	for i, a := range mask {
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = a, a, a, a
	}
	sp := &sprite{img: ebiten.NewImage(n, n), h: h}
	sp.img.WritePixels(pix)
	c.sprites[k] = sp
	return sp
}

// unitCircle fills c.circle with n points of the unit circle (cached: the
// same n comes back frame after frame).
func (c *Canvas) unitCircle(n int) {
	if len(c.circle) == n {
		return
	}
	c.circle = c.circle[:0]
	for i := range n {
		sn, cs := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		c.circle = append(c.circle, viz.Point{X: cs, Y: sn})
	}
}

// featherDiscN is featherDisc with the n-gon of c.circle.
func (c *Canvas) featherDiscN(cx, cy, r float64, n int) {
	in, out, a := r-0.5, r+0.5, 1.0
	if in < 0 {
		in, a = 0, r*2
	}
	centre := c.vertex(cx, cy, a)
	first := uint16(len(c.vs))
	for _, u := range c.circle[:n] {
		c.vertex(cx+in*u.X, cy+in*u.Y, a)
		c.vertex(cx+out*u.X, cy+out*u.Y, 0)
	}
	for i := range n {
		j := (i + 1) % n
		ii, io := first+uint16(2*i), first+uint16(2*i+1)
		ji, jo := first+uint16(2*j), first+uint16(2*j+1)
		c.is = append(c.is, centre, ii, ji)
		c.quad(ii, io, ji, jo)
	}
}

// featherRing adds a ring of radius r and half-width hw (device pixels)
// with soft edges on both sides; thinner than a pixel, it keeps a
// one-pixel footprint at proportionally lower coverage (as featherSegment).
func (c *Canvas) featherRing(cx, cy, r, hw float64, n int) {
	in, out, a := hw-0.5, hw+0.5, 1.0
	if in < 0 {
		in, out, a = 0, 1, 2*hw
	}
	radii := [4]float64{max(0, r-out), max(0, r-in), r + in, r + out}
	cov := [4]float64{0, a, a, 0}
	first := uint16(len(c.vs))
	for _, u := range c.circle[:n] {
		for k, rad := range radii {
			c.vertex(cx+rad*u.X, cy+rad*u.Y, cov[k])
		}
	}
	for i := range n {
		j := (i + 1) % n
		vi, vj := first+uint16(4*i), first+uint16(4*j)
		for k := range uint16(3) {
			c.quad(vi+k, vi+k+1, vj+k, vj+k+1)
		}
	}
}
