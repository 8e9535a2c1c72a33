package viz

import (
	"image/color"
	"math"
)

// DiscDrawer is a Canvas that draws many discs or rings of one size and
// colour in one call: a GPU backend sends them as one batch of triangles,
// where one FillCircle per particle would cost a call each. Backends
// without it get the same picture from Discs, one shape at a time.
type DiscDrawer interface {
	// Discs draws a disc of radius r at every centre (width 0), or a ring
	// of that radius and line width.
	Discs(centres []Point, r, width float64, c color.RGBA)
}

// Discs draws a disc of radius r (width 0) or a ring of radius r and line
// width `width` at each centre, batched when the canvas can.
func Discs(c Canvas, centres []Point, r, width float64, col color.RGBA) {
	if len(centres) == 0 || r <= 0 || col.A == 0 {
		return
	}
	if d, ok := c.(DiscDrawer); ok {
		d.Discs(centres, r, width, col)
		return
	}
	if width <= 0 {
		for _, p := range centres {
			c.FillCircle(p.X, p.Y, r, col)
		}
		return
	}
	// Segments rather than a Polyline: a slice handed to an interface
	// method escapes, and this runs per particle.
	for _, p := range centres {
		x0, y0 := p.X+r, p.Y
		for i := 1; i <= ringSegments; i++ {
			s, co := math.Sincos(2 * math.Pi * float64(i) / ringSegments)
			x1, y1 := p.X+r*co, p.Y+r*s
			c.Line(x0, y0, x1, y1, width, col)
			x0, y0 = x1, y1
		}
	}
}

// ringSegments is how many straight pieces a ring is drawn with when the
// canvas has no DiscDrawer (rings here are a few pixels across).
const ringSegments = 16

// Discs forwards to the parent, shifted, so a scene drawing through the
// window keeps the parent's batching.
func (s *SubCanvas) Discs(centres []Point, r, width float64, c color.RGBA) {
	Discs(s.Parent, s.shift(centres), r, width, c)
}

// DiscMask is the coverage of a disc of radius r (w = 0), or of a ring of
// radius r and line width w, on a (2h+1)² pixel grid centred on pixel
// (h, h), as 0–255 per pixel (row-major). Radii are in pixels of the grid.
// The border row and column are always empty, so a bilinear sample at the
// edge reads nothing.
func DiscMask(r, w float64) (h int, mask []uint8) {
	h = int(math.Ceil(r+w/2)) + 1
	n := 2*h + 1
	mask = make([]uint8, n*n)
	for y := -h; y <= h; y++ {
		for x := -h; x <= h; x++ {
			d := math.Hypot(float64(x), float64(y))
			cov := r + 0.5 - d
			if w > 0 {
				// The overlap of the pixel's span [d−½, d+½] with the
				// ring's [r−w/2, r+w/2]: a ring thinner than a pixel
				// covers that fraction of it.
				cov = min(d+0.5, r+w/2) - max(d-0.5, r-w/2)
			}
			mask[(y+h)*n+x+h] = uint8(255*max(0, min(1, cov)) + 0.5)
		}
	}
	return h, mask
}
