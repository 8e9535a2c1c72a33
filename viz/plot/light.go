//go:build js && !gonumplot

package plot

import (
	"fmt"
	"image"
	"math"
	"strconv"

	"dlprep/viz"
	"dlprep/viz/raster"
)

// Backend names the renderer compiled in.
const Backend = "light"

// render draws s with the raster backend: axes with nice ticks, a light
// grid, the lines, a legend and the labels.
func render(f *Figure, s Spec, w, h int, scale float64) error {
	pw, ph := int(math.Ceil(float64(w)*scale)), int(math.Ceil(float64(h)*scale))
	if f.bmp.Img == nil || f.bmp.Img.Rect.Dx() != pw || f.bmp.Img.Rect.Dy() != ph {
		f.bmp.Img = image.NewRGBA(image.Rect(0, 0, pw, ph))
	}
	c := raster.NewFor(f.bmp.Img, scale)
	c.Clear(viz.White)
	const fs = 11.0
	left, right, top, bottom := 46.0, 10.0, 8.0, 34.0
	if s.Title != "" {
		top += 18
		c.Text(float64(w)/2, 16, s.Title, 13, viz.Ink, viz.AlignCenter)
	}
	if s.YLabel != "" {
		left += 6
	}
	area := viz.Rect{X: left, Y: top, W: float64(w) - left - right, H: float64(h) - top - bottom}
	if area.W <= 0 || area.H <= 0 {
		return fmt.Errorf("plot: %dx%d is too small", w, h)
	}
	f.area = viz.Rect{X: area.X * scale, Y: area.Y * scale, W: area.W * scale, H: area.H * scale}
	tx := func(x float64) float64 { return area.X + (x-s.XMin)/(s.XMax-s.XMin)*area.W }
	ty := func(y float64) float64 { return area.Y + (1-(y-s.YMin)/(s.YMax-s.YMin))*area.H }
	for _, v := range ticks(s.XMin, s.XMax, 6) {
		x := tx(v)
		c.Line(x, area.Y, x, area.Y+area.H, 1, viz.Panel)
		c.Text(x, area.Y+area.H+14, tickLabel(v), fs, viz.InkMuted, viz.AlignCenter)
	}
	for _, v := range ticks(s.YMin, s.YMax, 5) {
		y := ty(v)
		c.Line(area.X, y, area.X+area.W, y, 1, viz.Panel)
		c.Text(area.X-4, y+4, tickLabel(v), fs, viz.InkMuted, viz.AlignRight)
	}
	c.StrokeRect(area.X, area.Y, area.W, area.H, 1, viz.Grid)
	var pts []viz.Point
	for _, sr := range s.Series {
		if len(sr.X) != len(sr.Y) {
			return fmt.Errorf("plot: series %q has %d x and %d y values", sr.Label, len(sr.X), len(sr.Y))
		}
		pts = pts[:0]
		for i := range sr.X {
			pts = append(pts, viz.Point{X: tx(sr.X[i]), Y: ty(sr.Y[i])})
		}
		width := sr.Width
		if width <= 0 {
			width = 1.5
		}
		col := sr.Color
		if sr.Dashed {
			col = viz.Fade(col, 0.6)
		}
		c.Polyline(pts, width, col)
	}
	y := area.Y + 14
	for _, sr := range s.Series {
		if sr.Label == "" {
			continue
		}
		x := area.X + area.W - 8
		c.Text(x, y, sr.Label, fs, viz.Ink, viz.AlignRight)
		lw := c.TextWidth(sr.Label, fs)
		c.Line(x-lw-26, y-4, x-lw-6, y-4, 2, sr.Color)
		y += 14
	}
	if s.XLabel != "" {
		c.Text(area.X+area.W/2, float64(h)-4, s.XLabel, fs, viz.Ink, viz.AlignCenter)
	}
	if s.YLabel != "" {
		c.Text(4, area.Y+10, s.YLabel, fs, viz.Ink, viz.AlignLeft)
	}
	return nil
}

// ticks returns about n round values (1, 2 or 5 times a power of ten
// apart) covering [lo, hi].
func ticks(lo, hi float64, n int) []float64 {
	if !(hi > lo) {
		return nil
	}
	raw := (hi - lo) / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := p
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
		out = append(out, v)
	}
	return out
}

func tickLabel(v float64) string {
	if math.Abs(v) < 1e-12 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
