package viz

import "image/color"

// SubCanvas is a window onto a parent Canvas: coordinates are shifted so
// (0, 0) is the window's top-left and Size is the window's size. It does
// not clip; whoever owns the parent draws its surroundings afterwards.
// Reuse one across frames (Set) so per-frame drawing allocates nothing.
type SubCanvas struct {
	Parent     Canvas
	X, Y, W, H float64
	pts        []Point
}

// Set points the window at r of parent.
func (s *SubCanvas) Set(parent Canvas, r Rect) {
	s.Parent, s.X, s.Y, s.W, s.H = parent, r.X, r.Y, r.W, r.H
}

func (s *SubCanvas) shift(pts []Point) []Point {
	s.pts = s.pts[:0]
	for _, p := range pts {
		s.pts = append(s.pts, Point{p.X + s.X, p.Y + s.Y})
	}
	return s.pts
}

// Size implements Canvas.
func (s *SubCanvas) Size() (float64, float64) { return s.W, s.H }

// FillRect implements Canvas.
func (s *SubCanvas) FillRect(x, y, w, h float64, c color.RGBA) {
	s.Parent.FillRect(x+s.X, y+s.Y, w, h, c)
}

// StrokeRect implements Canvas.
func (s *SubCanvas) StrokeRect(x, y, w, h, width float64, c color.RGBA) {
	s.Parent.StrokeRect(x+s.X, y+s.Y, w, h, width, c)
}

// Line implements Canvas.
func (s *SubCanvas) Line(x1, y1, x2, y2, width float64, c color.RGBA) {
	s.Parent.Line(x1+s.X, y1+s.Y, x2+s.X, y2+s.Y, width, c)
}

// Polyline implements Canvas.
func (s *SubCanvas) Polyline(pts []Point, width float64, c color.RGBA) {
	s.Parent.Polyline(s.shift(pts), width, c)
}

// FillPolygon implements Canvas.
func (s *SubCanvas) FillPolygon(pts []Point, c color.RGBA) {
	s.Parent.FillPolygon(s.shift(pts), c)
}

// FillCircle implements Canvas.
func (s *SubCanvas) FillCircle(cx, cy, r float64, c color.RGBA) {
	s.Parent.FillCircle(cx+s.X, cy+s.Y, r, c)
}

// Text implements Canvas.
func (s *SubCanvas) Text(x, y float64, str string, size float64, c color.RGBA, align Align) {
	s.Parent.Text(x+s.X, y+s.Y, str, size, c, align)
}

// TextWidth implements Canvas.
func (s *SubCanvas) TextWidth(str string, size float64) float64 {
	return s.Parent.TextWidth(str, size)
}

// Image implements Canvas.
func (s *SubCanvas) Image(b *Bitmap, x, y, w, h float64, smooth bool) {
	s.Parent.Image(b, x+s.X, y+s.Y, w, h, smooth)
}

// Scale forwards the parent's device scale (see DeviceScale).
func (s *SubCanvas) Scale() float64 { return DeviceScale(s.Parent) }

// DeviceScale is how many device pixels a logical pixel of c covers, for
// code that renders its own bitmaps (plots) at full resolution. Backends
// report it with a Scale() float64 method; 1 otherwise.
func DeviceScale(c Canvas) float64 {
	if s, ok := c.(interface{ Scale() float64 }); ok {
		if v := s.Scale(); v > 0 {
			return v
		}
	}
	return 1
}

// MarkPanel forwards a panel declaration to the parent, shifted.
func (s *SubCanvas) MarkPanel(r Rect) {
	r.X += s.X
	r.Y += s.Y
	MarkPanel(s.Parent, r)
}

// MarkOverlay forwards an overlay declaration to the parent, shifted.
func (s *SubCanvas) MarkOverlay(r Rect) {
	r.X += s.X
	r.Y += s.Y
	MarkOverlay(s.Parent, r)
}
