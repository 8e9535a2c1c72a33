package viz

import "image/color"

// SquareDrawer is a Canvas that fills many squares of one size, each in
// its own colour, in one call: a GPU backend sends them as one batch of
// triangles, where one FillRect per point (a point cloud seen from above,
// a thousand points flying out along their rays) costs a call each, a
// few microseconds apiece in the browser. Backends without it get the
// same picture from Squares, one FillRect at a time.
type SquareDrawer interface {
	// Squares fills a side×side square centred on every centre, square i
	// in cols[i].
	Squares(centres []Point, side float64, cols []color.RGBA)
}

// Squares fills a side×side square centred on each centre, square i in
// cols[i] (len(cols) must be len(centres)), batched when the canvas can.
func Squares(c Canvas, centres []Point, side float64, cols []color.RGBA) {
	if len(centres) == 0 || side <= 0 {
		return
	}
	cols = cols[:len(centres)]
	if d, ok := c.(SquareDrawer); ok {
		d.Squares(centres, side, cols)
		return
	}
	for i, p := range centres {
		c.FillRect(p.X-side/2, p.Y-side/2, side, side, cols[i])
	}
}

// Squares forwards to the parent, shifted, so a scene drawing through the
// window keeps the parent's batching.
func (s *SubCanvas) Squares(centres []Point, side float64, cols []color.RGBA) {
	Squares(s.Parent, s.shift(centres), side, cols)
}
