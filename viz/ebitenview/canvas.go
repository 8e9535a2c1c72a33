package ebitenview

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"

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

	faces  map[float64]*text.GoXFace
	font   *opentype.Font
	images map[*viz.Bitmap]*upload
	topts  text.DrawOptions
	iopts  ebiten.DrawImageOptions
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
	return &Canvas{faces: map[float64]*text.GoXFace{}, font: f, images: map[*viz.Bitmap]*upload{},
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
	vector.DrawFilledRect(c.dst, f32(x*s), f32(y*s), f32(w*s), f32(h*s), col, true)
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
	vector.StrokeLine(c.dst, f32(x1*s), f32(y1*s), f32(x2*s), f32(y2*s), f32(max(width*s, 1)), col, true)
}

// Polyline implements viz.Canvas, with round joins.
func (c *Canvas) Polyline(pts []viz.Point, width float64, col color.RGBA) {
	if len(pts) < 2 || col.A == 0 {
		return
	}
	c.buildPath(pts, false)
	c.vs, c.is = c.path.AppendVerticesAndIndicesForStroke(c.vs[:0], c.is[:0], &vector.StrokeOptions{
		Width: f32(max(width*c.scale, 1)), LineJoin: vector.LineJoinRound})
	c.drawVertices(col, ebiten.FillRuleFillAll)
}

// FillPolygon implements viz.Canvas.
func (c *Canvas) FillPolygon(pts []viz.Point, col color.RGBA) {
	if len(pts) < 3 || col.A == 0 {
		return
	}
	c.buildPath(pts, true)
	c.vs, c.is = c.path.AppendVerticesAndIndicesForFilling(c.vs[:0], c.is[:0])
	c.drawVertices(col, ebiten.FillRuleNonZero)
}

// FillCircle implements viz.Canvas.
func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	if r <= 0 || col.A == 0 {
		return
	}
	s := c.scale
	vector.DrawFilledCircle(c.dst, f32(cx*s), f32(cy*s), f32(r*s), col, true)
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

// drawVertices fills c.vs/c.is with col (premultiplied, like color.RGBA).
func (c *Canvas) drawVertices(col color.RGBA, rule ebiten.FillRule) {
	r, g, b, a := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	for i := range c.vs {
		v := &c.vs[i]
		v.SrcX, v.SrcY = 1, 1
		v.ColorR, v.ColorG, v.ColorB, v.ColorA = r, g, b, a
	}
	c.dst.DrawTriangles(c.vs, c.is, c.white, &ebiten.DrawTrianglesOptions{
		ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha, FillRule: rule, AntiAlias: true})
}

// face returns the Go Regular face for a device pixel size (quarter-pixel
// steps share a face, and text/v2 caches its glyphs).
func (c *Canvas) face(px float64) *text.GoXFace {
	px = math.Max(1, math.Round(px*4)/4)
	if f, ok := c.faces[px]; ok {
		return f
	}
	ff, err := opentype.NewFace(c.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("ebitenview: font face: " + err.Error())
	}
	f := text.NewGoXFace(ff)
	c.faces[px] = f
	return f
}

// Text implements viz.Canvas; y is the baseline.
func (c *Canvas) Text(x, y float64, s string, size float64, col color.RGBA, align viz.Align) {
	if s == "" || col.A == 0 {
		return
	}
	f := c.face(size * c.scale)
	op := &c.topts
	*op = text.DrawOptions{}
	// text/v2 puts the top of the line box at the origin: lift it by the
	// ascent, and snap the baseline to a device pixel like the raster backend.
	op.GeoM.Translate(x*c.scale, math.Round(y*c.scale)-f.Metrics().HAscent)
	op.ColorScale.ScaleWithColor(col)
	switch align {
	case viz.AlignCenter:
		op.PrimaryAlign = text.AlignCenter
	case viz.AlignRight:
		op.PrimaryAlign = text.AlignEnd
	}
	text.Draw(c.dst, s, f, op)
}

// TextWidth implements viz.Canvas.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	return text.Advance(s, c.face(size*c.scale)) / c.scale
}

// Image implements viz.Canvas: the bitmap is uploaded once per Version.
func (c *Canvas) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) {
	if b == nil || b.Img == nil || w <= 0 || h <= 0 || b.Img.Rect.Empty() {
		return
	}
	u := c.images[b]
	sz := b.Img.Rect.Size()
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
