package viz_test

import (
	"image/color"
	"slices"
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
)

// rectLog records FillRect calls; it has no SquareDrawer, so Squares
// falls back to one FillRect per square.
type rectLog struct {
	viz.Canvas
	rects []viz.Rect
	cols  []color.RGBA
}

func (r *rectLog) FillRect(x, y, w, h float64, c color.RGBA) {
	r.rects = append(r.rects, viz.Rect{X: x, Y: y, W: w, H: h})
	r.cols = append(r.cols, c)
}

// Squares without a batching backend is a FillRect per square, centred,
// in its own colour, also through a SubCanvas (shifted by its origin);
// nothing is drawn for a non-positive side or no squares.
func TestSquaresFallback(t *testing.T) {
	log := &rectLog{Canvas: raster.New(10, 10, 1)}
	pts := []viz.Point{{X: 10, Y: 20}, {X: 3.5, Y: 4}}
	cols := []color.RGBA{viz.Accent, viz.Bad}
	var sub viz.SubCanvas
	sub.Set(log, viz.Rect{X: 100, Y: 200, W: 50, H: 50})
	viz.Squares(log, pts, 4, cols)
	viz.Squares(&sub, pts, 2, cols)
	viz.Squares(log, pts, 0, cols)
	viz.Squares(log, nil, 4, nil)
	want := []viz.Rect{{X: 8, Y: 18, W: 4, H: 4}, {X: 1.5, Y: 2, W: 4, H: 4}, {X: 109, Y: 219, W: 2, H: 2}, {X: 102.5, Y: 203, W: 2, H: 2}}
	if !slices.Equal(log.rects, want) {
		t.Errorf("rects %v, want %v", log.rects, want)
	}
	if !slices.Equal(log.cols, []color.RGBA{viz.Accent, viz.Bad, viz.Accent, viz.Bad}) {
		t.Errorf("colours %v", log.cols)
	}
}
