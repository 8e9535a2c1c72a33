package plot

import (
	"math"
	"testing"

	"dlprep/viz"
)

func sine() Spec {
	x := make([]float64, 101)
	y := make([]float64, 101)
	for i := range x {
		x[i] = float64(i) / 10
		y[i] = math.Sin(x[i])
	}
	return Spec{Title: "sin", XLabel: "x", YLabel: "y", Series: []Series{{Label: "sin x", X: x, Y: y, Color: viz.Categorical(0)}},
		XMin: 0, XMax: 10, YMin: -1, YMax: 1}
}

func TestFigureCachesUntilVersionOrSizeChange(t *testing.T) {
	var f Figure
	calls := 0
	spec := func() Spec { calls++; return sine() }
	steps := []struct {
		version uint64
		w, h    int
		scale   float64
		want    int
	}{
		{1, 300, 200, 1, 1}, {1, 300, 200, 1, 1}, {2, 300, 200, 1, 2}, {2, 320, 200, 1, 3}, {2, 320, 200, 2, 4}, {2, 320, 200, 2, 4},
	}
	for _, s := range steps {
		b, err := f.Render(s.version, spec, s.w, s.h, s.scale)
		if err != nil {
			t.Fatal(err)
		}
		if f.Renders() != s.want || calls != s.want {
			t.Fatalf("after Render(v=%d, %dx%d@%v): %d renders, %d spec calls, want %d", s.version, s.w, s.h, s.scale, f.Renders(), calls, s.want)
		}
		if got := b.Img.Bounds().Dx(); got != int(float64(s.w)*s.scale) {
			t.Fatalf("bitmap width %d, want %v", got, float64(s.w)*s.scale)
		}
	}
}

// The data mapping must land on the drawn line: the pixel at sin's peak
// is the series colour (or close to it).
func TestDataToLogicalHitsTheLine(t *testing.T) {
	var f Figure
	b, err := f.Render(1, sine, 400, 300, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := viz.Categorical(0)
	for _, x := range []float64{math.Pi / 2, 3 * math.Pi / 2, 5} {
		px, py := f.DataToLogical(x, math.Sin(x))
		found := false
		for dy := -2; dy <= 2 && !found; dy++ {
			c := b.Img.RGBAAt(int(px), int(py)+dy)
			d := math.Abs(float64(c.R)-float64(want.R)) + math.Abs(float64(c.G)-float64(want.G)) + math.Abs(float64(c.B)-float64(want.B))
			found = d < 90
		}
		if !found {
			t.Errorf("x=%.2f maps to (%.1f,%.1f), no line colour there (%v)", x, px, py, b.Img.RGBAAt(int(px), int(py)))
		}
	}
	a := f.DataArea()
	if a.W < 200 || a.H < 150 || a.X < 0 || a.Y < 0 || a.X+a.W > 400 || a.Y+a.H > 300 {
		t.Errorf("data area %+v does not fit a 400x300 plot", a)
	}
}
