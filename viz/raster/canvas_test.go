package raster_test

import (
	"image/color"
	"math"
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
)

func TestFillRectExactPixels(t *testing.T) {
	c := raster.New(8, 6, 1)
	c.FillRect(2, 1, 3, 2, viz.Bad)
	img := c.RGBA()
	for y := 0; y < 6; y++ {
		for x := 0; x < 8; x++ {
			inside := x >= 2 && x < 5 && y >= 1 && y < 3
			want := color.RGBA{}
			if inside {
				want = viz.Bad
			}
			if got := img.RGBAAt(x, y); got != want {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

// coverage sums the alpha of an image, in pixels: an anti-aliased shape's
// area.
func coverage(c *raster.Canvas) float64 {
	img := c.RGBA()
	s := 0.0
	for i := 3; i < len(img.Pix); i += 4 {
		s += float64(img.Pix[i]) / 255
	}
	return s
}

func TestShapeAreas(t *testing.T) {
	tests := []struct {
		name string
		draw func(c *raster.Canvas)
		want float64
	}{
		{"offgrid rect", func(c *raster.Canvas) { c.FillRect(10.5, 10.25, 20, 10, viz.Black) }, 200},
		{"circle r=15", func(c *raster.Canvas) { c.FillCircle(50, 50, 15, viz.Black) }, math.Pi * 225},
		{"horizontal line", func(c *raster.Canvas) { c.Line(10, 40, 90, 40, 4, viz.Black) }, 320},
		{"diagonal line", func(c *raster.Canvas) { c.Line(10, 10, 70, 90, 2, viz.Black) }, 200},
		{"stroke rect", func(c *raster.Canvas) { c.StrokeRect(10, 10, 40, 30, 2, viz.Black) }, 40*30 - 36*26},
		{"triangle", func(c *raster.Canvas) {
			c.FillPolygon([]viz.Point{{X: 10, Y: 10}, {X: 60, Y: 10}, {X: 10, Y: 50}}, viz.Black)
		}, 1000},
		// A polyline folding back over itself must not cancel or double.
		{"polyline overlap", func(c *raster.Canvas) {
			c.Polyline([]viz.Point{{X: 10, Y: 50}, {X: 90, Y: 50}, {X: 10, Y: 50.0001}}, 4, viz.Black)
		}, 320 + 4*math.Pi},
		{"clipped circle", func(c *raster.Canvas) { c.FillCircle(0, 0, 20, viz.Black) }, math.Pi * 400 / 4},
	}
	for _, tc := range tests {
		c := raster.New(100, 100, 1)
		tc.draw(c)
		if got := coverage(c); math.Abs(got-tc.want) > 0.03*tc.want+2 {
			t.Errorf("%s: covered %.1f px, want %.1f", tc.name, got, tc.want)
		}
	}
}

func TestHighDPIScalesShapesAndText(t *testing.T) {
	c1, c2 := raster.New(100, 50, 1), raster.New(100, 50, 2)
	for _, c := range []*raster.Canvas{c1, c2} {
		c.FillCircle(30, 25, 10, viz.Black)
	}
	if a1, a2 := coverage(c1), coverage(c2); math.Abs(a2/a1-4) > 0.05 {
		t.Errorf("circle at scale 2 covers %.1f px, at scale 1 %.1f: ratio %.2f, want 4", a2, a1, a2/a1)
	}
	w1, w2 := c1.TextWidth("Timestep embedding", 14), c2.TextWidth("Timestep embedding", 14)
	if math.Abs(w1-w2) > 1 || w1 < 80 || w1 > 160 {
		t.Errorf("logical text width at scale 1: %.1f, at scale 2: %.1f; want equal and plausible", w1, w2)
	}
}

func TestTextAlignment(t *testing.T) {
	// Right-aligned text ends at x, centred text straddles it.
	for _, tc := range []struct {
		align      viz.Align
		wantMinMax func(x0, x1, w float64) bool
	}{
		{viz.AlignLeft, func(x0, x1, w float64) bool { return x0 >= 49 && x0 <= 53 }},
		{viz.AlignRight, func(x0, x1, w float64) bool { return x1 >= 46 && x1 <= 51 }},
		{viz.AlignCenter, func(x0, x1, w float64) bool { return math.Abs((x0+x1)/2-50) < 3 }},
	} {
		c := raster.New(100, 30, 1)
		c.Text(50, 20, "IIII", 14, viz.Black, tc.align)
		x0, x1 := inkSpan(c)
		if !tc.wantMinMax(x0, x1, c.TextWidth("IIII", 14)) {
			t.Errorf("align %v: ink spans x=%.0f..%.0f around anchor 50", tc.align, x0, x1)
		}
	}
}

func inkSpan(c *raster.Canvas) (x0, x1 float64) {
	img := c.RGBA()
	x0, x1 = math.Inf(1), math.Inf(-1)
	b := img.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if img.RGBAAt(x, y).A > 64 {
				x0, x1 = min(x0, float64(x)), max(x1, float64(x+1))
			}
		}
	}
	return x0, x1
}

func TestHeatmapCellsNearest(t *testing.T) {
	vals := []float32{0, 1, 2, 3}
	b := viz.Heatmap(vals, 2, 2, viz.Viridis, 0, 3)
	c := raster.New(40, 40, 1)
	c.Image(b, 0, 0, 40, 40, false)
	for i, v := range vals {
		x, y := 10+20*(i%2), 10+20*(i/2)
		got := c.RGBA().RGBAAt(x, y)
		if want := viz.Viridis.At(float64(v) / 3); got != want {
			t.Errorf("cell %d at (%d,%d) = %v, want %v", i, x, y, got, want)
		}
	}
}

func BenchmarkShellLikeFrame(b *testing.B) {
	c := raster.New(1280, 800, 1)
	for i := 0; i < b.N; i++ {
		c.FillRect(0, 0, 1280, 800, viz.Paper)
		for k := 0; k < 200; k++ {
			x := float64(k%20) * 60
			y := float64(k/20) * 70
			c.FillCircle(x+20, y+20, 8, viz.Accent)
			c.Line(x, y, x+50, y+40, 2, viz.Ink)
			c.Text(x, y+60, "label 123", 13, viz.Ink, viz.AlignLeft)
		}
	}
}
