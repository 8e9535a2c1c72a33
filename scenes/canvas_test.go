package scenes

import (
	"image/color"

	"dlprep/viz"
)

// countCanvas is a viz.Canvas that draws nothing and counts calls, so tests
// and benchmarks measure a view's own work without a rasterizer. It
// measures text with m (the raster backend's metrics, so layouts match the
// screen) or, without one, with a typical glyph width.
type countCanvas struct {
	w, h  float64
	m     viz.Measurer
	calls int
	texts []string // every Text string when keep is set
	keep  bool
}

func (c *countCanvas) Size() (float64, float64)                          { return c.w, c.h }
func (c *countCanvas) FillRect(x, y, w, h float64, col color.RGBA)       { c.calls++ }
func (c *countCanvas) StrokeRect(x, y, w, h, lw float64, col color.RGBA) { c.calls++ }
func (c *countCanvas) Line(x1, y1, x2, y2, lw float64, col color.RGBA)   { c.calls++ }
func (c *countCanvas) Polyline(p []viz.Point, lw float64, col color.RGBA) {
	c.calls++
}
func (c *countCanvas) FillPolygon(p []viz.Point, col color.RGBA)  { c.calls++ }
func (c *countCanvas) FillCircle(x, y, r float64, col color.RGBA) { c.calls++ }
func (c *countCanvas) Text(x, y float64, s string, size float64, col color.RGBA, a viz.Align) {
	c.calls++
	if c.keep {
		c.texts = append(c.texts, s)
	}
}
func (c *countCanvas) TextWidth(s string, size float64) float64 {
	if c.m != nil {
		return c.m.TextWidth(s, size)
	}
	return float64(len([]rune(s))) * size * 0.55
}
func (c *countCanvas) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) { c.calls++ }

// equalF32 reports whether a and b hold the same numbers, bit for bit.
func equalF32(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
