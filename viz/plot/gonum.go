//go:build !js || gonumplot

package plot

import (
	"fmt"
	"image"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"dlprep/viz"
)

// Backend names the renderer compiled in.
const Backend = "gonum"

func init() {
	// One sans face for all plot text, closer to the app's Go font.
	gplot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
}

// render draws s with gonum/plot (see RenderGonum) into f.
func render(f *Figure, s Spec, w, h int, scale float64) error {
	img, area, err := RenderGonum(s, w, h, scale)
	if err != nil {
		return err
	}
	f.bmp.Img, f.area = img, area
	return nil
}

// RenderGonum draws s with gonum/plot at 72*scale dpi, so one logical pixel
// is one point, into a new w*scale x h*scale image. It returns the image and
// the data area in its pixels. Unset axis ranges are fitted as Figure does.
// Figure calls it natively; the browser's plot worker (wasm/plotworker,
// built with -tags gonumplot) calls it for the main module, so both draw
// plots with the same code.
func RenderGonum(s Spec, w, h int, scale float64) (*image.RGBA, viz.Rect, error) {
	if w <= 0 || h <= 0 || !(scale > 0) {
		return nil, viz.Rect{}, fmt.Errorf("plot: cannot draw %dx%d at scale %v", w, h, scale)
	}
	fitRanges(&s)
	p := gplot.New()
	p.BackgroundColor = viz.White
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = s.Title, s.XLabel, s.YLabel
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = s.XMin, s.XMax, s.YMin, s.YMax
	p.Add(plotter.NewGrid())
	for _, sr := range s.Series {
		if len(sr.X) != len(sr.Y) {
			return nil, viz.Rect{}, fmt.Errorf("plot: series %q has %d x and %d y values", sr.Label, len(sr.X), len(sr.Y))
		}
		xys := make(plotter.XYs, len(sr.X))
		for i := range xys {
			xys[i].X, xys[i].Y = sr.X[i], sr.Y[i]
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, viz.Rect{}, fmt.Errorf("plot: series %q: %v", sr.Label, err)
		}
		l.Color = sr.Color
		l.Width = vg.Points(1.5)
		if sr.Width > 0 {
			l.Width = vg.Points(sr.Width)
		}
		if sr.Dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(l)
		if sr.Label != "" {
			p.Legend.Add(sr.Label, l)
		}
	}
	p.Legend.Top = true
	dpi := max(1, int(72*scale+0.5))
	c := vgimg.NewWith(vgimg.UseWH(vg.Points(float64(w)), vg.Points(float64(h))), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	p.Draw(dc)
	// Where the data landed, in points with y up, turned into pixels (at
	// the rounded dpi vgimg drew with).
	da := p.DataCanvas(dc)
	k := float64(dpi) / 72
	x0, x1 := float64(da.Min.X)*k, float64(da.Max.X)*k
	hpx := float64(h) * k
	y0, y1 := hpx-float64(da.Max.Y)*k, hpx-float64(da.Min.Y)*k
	area := viz.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
	// vgimg draws into its own image (platform.md): take that one when it
	// is an RGBA at the origin, else copy it out.
	src := c.Image()
	if rgba, ok := src.(*image.RGBA); ok && rgba.Rect.Min == (image.Point{}) && rgba.Stride == 4*rgba.Rect.Dx() {
		return rgba, area, nil
	}
	b := src.Bounds()
	img := image.NewRGBA(image.Rectangle{Max: b.Size()})
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			img.Set(x, y, src.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return img, area, nil
}
