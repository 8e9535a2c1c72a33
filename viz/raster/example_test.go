package raster_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// Example draws every kind of Canvas call once. TestExampleGolden runs it
// and compares the PNG it writes (to the temp dir) with testdata/shapes_golden.png.
func Example() {
	c := raster.New(320, 200, 1)
	c.Clear(viz.Paper)
	c.FillRect(10, 10, 90, 50, viz.Accent)
	c.FillRect(20.5, 20.5, 60, 20, viz.Fade(viz.Bad, 0.5)) // off-grid and translucent
	c.StrokeRect(110, 10, 90, 50, 3, viz.Ink)
	c.Line(210, 10, 310, 60, 4, viz.Good)
	c.Polyline([]viz.Point{{X: 10, Y: 120}, {X: 60, Y: 80}, {X: 110, Y: 120}, {X: 160, Y: 80}}, 6, viz.Fade(viz.Accent, 0.6))
	c.FillPolygon([]viz.Point{{X: 180, Y: 80}, {X: 240, Y: 80}, {X: 210, Y: 130}}, viz.Categorical(1))
	c.FillCircle(280, 105, 25, viz.Categorical(2))
	vals := make([]float32, 4*8)
	for i := range vals {
		vals[i] = float32(i)
	}
	c.Image(viz.Heatmap(vals, 4, 8, viz.Viridis, 0, 31), 10, 140, 160, 40, false)
	c.Text(180, 155, "Hello, dlprep", 16, viz.Ink, viz.AlignLeft)
	c.Text(310, 185, "right", 12, viz.InkMuted, viz.AlignRight)
	if err := rastertest.WritePNG(filepath.Join(os.TempDir(), "dlprep_shapes.png"), c.RGBA()); err != nil {
		fmt.Println(err)
	}
	fmt.Println("wrote dlprep_shapes.png")
	// Output: wrote dlprep_shapes.png
}

func TestExampleGolden(t *testing.T) {
	Example()
	img, err := rastertest.ReadPNG(filepath.Join(os.TempDir(), "dlprep_shapes.png"))
	if err != nil {
		t.Fatal(err)
	}
	rastertest.Check(t, img, "testdata/shapes_golden.png")
}

// ExampleNew_highDPI draws the same label at device scale 2: the image has
// twice the pixels and the text stays the same logical size.
func ExampleNew_highDPI() {
	c := raster.New(100, 40, 2)
	w, h := c.Size()
	b := c.RGBA().Bounds()
	fmt.Println(w, h, b.Dx(), b.Dy())
	// Output: 100 40 200 80
}
