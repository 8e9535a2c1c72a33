package raster

import (
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/math/fixed"

	"dlprep/viz"
	"dlprep/viz/glyph"
)

// textCache is the glyph cache every raster canvas shares, behind a lock:
// canvases may render on several goroutines.
type textCache struct {
	mu     sync.Mutex
	glyphs *glyph.Cache
}

var sharedText = &textCache{glyphs: glyph.New()}

// Text implements viz.Canvas.
func (c *Canvas) Text(x, y float64, s string, size float64, col color.RGBA, align viz.Align) {
	if s == "" || col.A == 0 {
		return
	}
	t := c.text
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.glyphs.Face(size * c.scale)
	dx := x * c.scale
	switch align {
	case viz.AlignCenter:
		dx -= float64(f.Width(s)) / 64 / 2
	case viz.AlignRight:
		dx -= float64(f.Width(s)) / 64
	}
	c.setColor(col)
	f.Draw(c.img, c.src, fixed.Point26_6{X: fixed.Int26_6(math.Round(dx * 64)), Y: fixed.I(int(math.Round(y * c.scale)))}, s)
}

// TextWidth implements viz.Canvas.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	t := c.text
	t.mu.Lock()
	defer t.mu.Unlock()
	return float64(t.glyphs.Face(size*c.scale).Width(s)) / 64 / c.scale
}
