package glyph

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Cache holds one Face per device pixel size. It is not safe for
// concurrent use: a backend that draws from several goroutines locks
// around it.
type Cache struct {
	font  *opentype.Font
	faces map[float64]*Face
}

// New parses Go Regular (embedded, so this cannot fail in practice; a
// failure is a broken build and panics).
func New() *Cache {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("glyph: parsing Go Regular: " + err.Error())
	}
	return &Cache{font: f, faces: map[float64]*Face{}}
}

// Size rounds a device pixel size to the quarter pixel that nearby sizes
// share a Face at.
func Size(px float64) float64 { return math.Max(1, math.Round(px*4)/4) }

// Face returns the face for a device pixel size (see Size).
func (c *Cache) Face(px float64) *Face {
	px = Size(px)
	if f, ok := c.faces[px]; ok {
		return f
	}
	face, err := opentype.NewFace(c.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("glyph: font face: " + err.Error()) // only for sizes ≤ 0, which Size rules out
	}
	f := &Face{face: face, glyphs: map[rune]*mask{}, metrics: face.Metrics()}
	c.faces[px] = f
	return f
}

// Face is Go Regular at one size with its rasterized glyphs.
type Face struct {
	face    font.Face
	glyphs  map[rune]*mask
	metrics font.Metrics
}

// mask is a cached glyph; rect is relative to the dot.
type mask struct {
	img     *image.Alpha
	rect    image.Rectangle
	advance fixed.Int26_6
}

// Metrics are the face's ascent, descent and line height.
func (f *Face) Metrics() font.Metrics { return f.metrics }

func (f *Face) glyph(r rune) *mask {
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	dr, m, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	g := &mask{advance: adv, rect: dr}
	if ok && !dr.Empty() {
		// The face reuses its mask buffer: keep a copy.
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(a, a.Rect, m, mp, draw.Src)
		g.img = a
	}
	f.glyphs[r] = g
	return g
}

// Width is the advance of s, with kerning.
func (f *Face) Width(s string) fixed.Int26_6 {
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

// Draw lays s over dst in src's colour, the dot on the baseline at its
// start. Glyphs land on whole pixels: the cache holds one rendering per
// glyph, and whole pixels keep them sharp.
func (f *Face) Draw(dst draw.Image, src image.Image, dot fixed.Point26_6, s string) {
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += f.face.Kern(prev, r)
		}
		g := f.glyph(r)
		if g.img != nil {
			dr := g.rect.Add(image.Pt(dot.X.Round(), dot.Y.Round()))
			draw.DrawMask(dst, dr, src, image.Point{}, g.img, image.Point{}, draw.Over)
		}
		dot.X += g.advance
		prev = r
	}
}
