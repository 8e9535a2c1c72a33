package raster

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"dlprep/viz"
)

// textCache holds one face per device pixel size and, per face, the
// rasterized glyphs: opentype re-rasterizes a glyph on every call, which
// would dominate a frame of labels.
type textCache struct {
	mu    sync.Mutex
	font  *opentype.Font
	faces map[float64]*glyphFace
}

// glyphFace is a face of one size with its glyph cache.
type glyphFace struct {
	face   font.Face
	glyphs map[rune]*glyph
	ascent float64
}

// glyph is a cached glyph mask; rect is relative to the dot.
type glyph struct {
	mask    *image.Alpha
	rect    image.Rectangle
	advance fixed.Int26_6
}

var sharedText = func() *textCache {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("raster: parsing Go Regular: " + err.Error())
	}
	return &textCache{font: f, faces: map[float64]*glyphFace{}}
}()

// face returns the face for a device pixel size (rounded to a quarter
// pixel so nearby sizes share a cache).
func (t *textCache) face(px float64) *glyphFace {
	px = math.Max(1, math.Round(px*4)/4)
	if f, ok := t.faces[px]; ok {
		return f
	}
	face, err := opentype.NewFace(t.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("raster: font face: " + err.Error())
	}
	f := &glyphFace{face: face, glyphs: map[rune]*glyph{}, ascent: float64(face.Metrics().Ascent) / 64}
	t.faces[px] = f
	return f
}

func (f *glyphFace) glyph(r rune) *glyph {
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	g := &glyph{advance: adv, rect: dr}
	if ok && !dr.Empty() {
		// The face reuses its mask buffer: keep a copy.
		m := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(m, m.Rect, mask, mp, draw.Src)
		g.mask = m
	}
	f.glyphs[r] = g
	return g
}

// width is the advance of s in device pixels, with kerning.
func (f *glyphFace) width(s string) fixed.Int26_6 {
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += f.face.Kern(prev, r)
		}
		w += f.glyph(r).advance
		prev = r
	}
	return w
}

// Text implements viz.Canvas.
func (c *Canvas) Text(x, y float64, s string, size float64, col color.RGBA, align viz.Align) {
	if s == "" || col.A == 0 {
		return
	}
	t := c.text
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.face(size * c.scale)
	dx := x * c.scale
	switch align {
	case viz.AlignCenter:
		dx -= float64(f.width(s)) / 64 / 2
	case viz.AlignRight:
		dx -= float64(f.width(s)) / 64
	}
	// Glyphs land on whole pixels: the cache holds one rendering per glyph.
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(dx * 64)), Y: fixed.I(int(math.Round(y * c.scale)))}
	c.setColor(col)
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += f.face.Kern(prev, r)
		}
		g := f.glyph(r)
		if g.mask != nil {
			at := image.Pt(dot.X.Round(), dot.Y.Round())
			dr := g.rect.Add(at)
			draw.DrawMask(c.img, dr, c.src, image.Point{}, g.mask, image.Point{}, draw.Over)
		}
		dot.X += g.advance
		prev = r
	}
}

// TextWidth implements viz.Canvas.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	t := c.text
	t.mu.Lock()
	defer t.mu.Unlock()
	return float64(t.face(size*c.scale).width(s)) / 64 / c.scale
}
