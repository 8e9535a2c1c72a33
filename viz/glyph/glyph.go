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

// place moves the pen at x over r, after prev (negative at the start):
// kerning, then r's advance. It returns r's glyph, the pen position it is
// drawn at and the position after it. Width, Draw and Layout all step
// through a string with it, so they agree.
func (f *Face) place(x fixed.Int26_6, prev, r rune) (g *mask, at, next fixed.Int26_6) {
	if prev >= 0 {
		x += f.face.Kern(prev, r)
	}
	g = f.glyph(r)
	return g, x, x + g.advance
}

// Width is the advance of s, with kerning.
func (f *Face) Width(s string) fixed.Int26_6 {
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		_, _, w = f.place(w, prev, r)
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
		g, at, next := f.place(dot.X, prev, r)
		if g.img != nil {
			dr := g.rect.Add(image.Pt(at.Round(), dot.Y.Round()))
			draw.DrawMask(dst, dr, src, image.Point{}, g.img, image.Point{}, draw.Over)
		}
		dot.X, prev = next, r
	}
}

// Placed is one glyph of a string as Draw places it.
type Placed struct {
	Rune rune
	// Rect is where Mask goes, in whole pixels relative to the dot at
	// the string's start (on the baseline); empty when Mask is nil.
	Rect image.Rectangle
	// Mask is the glyph's coverage, bounds at the origin and the size of
	// Rect; nil for a glyph with no ink (a space). It is the face's
	// cached copy: read it, do not change it.
	Mask *image.Alpha
}

// Layout appends the glyphs of s to dst, one per rune, where Draw puts
// them when the dot starts on a whole pixel (Draw at dot d puts each Mask
// at Rect + d), and returns dst and the advance of s (Width). With dst
// reused, a string of cached glyphs lays out without allocating: a
// renderer keeping glyphs in a texture atlas draws from it.
func (f *Face) Layout(dst []Placed, s string) ([]Placed, fixed.Int26_6) {
	var x fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		g, at, next := f.place(x, prev, r)
		p := Placed{Rune: r}
		if g.img != nil {
			p.Rect, p.Mask = g.rect.Add(image.Pt(at.Round(), 0)), g.img
		}
		dst = append(dst, p)
		x, prev = next, r
	}
	return dst, x
}
