package tex

import (
	"image/color"

	"dlprep/viz"
	"dlprep/viz/raster"
)

// recorder is a Canvas that records what is drawn (text runs with their
// sizes, and counts of the other calls) and measures like the raster
// backend. With keep false it records nothing, for allocation tests.
type recorder struct {
	m     viz.Measurer
	keep  bool
	texts []recordedText
	calls map[string]int
}

type recordedText struct {
	x, y, size float64
	s          string
}

func newRecorder() *recorder {
	return &recorder{m: raster.New(1, 1, 1), keep: true, calls: map[string]int{}}
}

func (r *recorder) count(name string) {
	if r.keep {
		r.calls[name]++
	}
}

func (r *recorder) Size() (float64, float64)                        { return 1000, 1000 }
func (r *recorder) FillRect(x, y, w, h float64, c color.RGBA)       { r.count("FillRect") }
func (r *recorder) StrokeRect(x, y, w, h, lw float64, c color.RGBA) { r.count("StrokeRect") }
func (r *recorder) Line(x1, y1, x2, y2, w float64, c color.RGBA)    { r.count("Line") }
func (r *recorder) Polyline(pts []viz.Point, w float64, c color.RGBA) {
	r.count("Polyline")
}
func (r *recorder) FillPolygon(pts []viz.Point, c color.RGBA)            { r.count("FillPolygon") }
func (r *recorder) FillCircle(cx, cy, rad float64, c color.RGBA)         { r.count("FillCircle") }
func (r *recorder) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) { r.count("Image") }
func (r *recorder) TextWidth(s string, size float64) float64             { return r.m.TextWidth(s, size) }
func (r *recorder) Text(x, y float64, s string, size float64, c color.RGBA, a viz.Align) {
	if r.keep {
		r.calls["Text"]++
		r.texts = append(r.texts, recordedText{x, y, size, s})
	}
}

// inkBox is a recorded run's ink rectangle.
func (r *recorder) inkBox(t recordedText) viz.Rect {
	asc, desc := InkExtent(t.s, t.size)
	return viz.Rect{X: t.x, Y: t.y - asc, W: r.TextWidth(t.s, t.size), H: asc + desc}
}
