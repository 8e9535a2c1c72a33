package scenes

import (
	"fmt"
	"image/color"
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// nullCanvas draws nothing and measures text like the raster backend: a
// frame on it costs only the app's and the scene's own work, which is what
// the page's per-frame budget is about (the GPU backend batches the rest).
type nullCanvas struct {
	w, h float64
	m    viz.Measurer
}

func (c *nullCanvas) Size() (float64, float64)                                               { return c.w, c.h }
func (c *nullCanvas) FillRect(x, y, w, h float64, col color.RGBA)                            {}
func (c *nullCanvas) StrokeRect(x, y, w, h, width float64, col color.RGBA)                   {}
func (c *nullCanvas) Line(x1, y1, x2, y2, width float64, col color.RGBA)                     {}
func (c *nullCanvas) Polyline(pts []viz.Point, width float64, col color.RGBA)                {}
func (c *nullCanvas) FillPolygon(pts []viz.Point, col color.RGBA)                            {}
func (c *nullCanvas) FillCircle(cx, cy, r float64, col color.RGBA)                           {}
func (c *nullCanvas) Text(x, y float64, s string, size float64, col color.RGBA, a viz.Align) {}
func (c *nullCanvas) TextWidth(s string, size float64) float64                               { return c.m.TextWidth(s, size) }
func (c *nullCanvas) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool)                   {}

// frameApp opens a view paused at the middle of its timeline on a
// null canvas of w×h, warmed up by a few frames.
func frameApp(tb testing.TB, in scene.Info, w, h int) (*shell.App, *nullCanvas) {
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show(in.Problem, in.ID, nil); err != nil {
		tb.Fatal(err)
	}
	c := &nullCanvas{w: float64(w), h: float64(h), m: raster.New(1, 1, 1)}
	a.Layout(float64(w), float64(h))
	a.SeekStep(a.State().Steps / 2)
	for range 3 {
		a.Update(0, nil)
		a.Draw(c)
	}
	return a, c
}

// BenchmarkViewFrame is one steady frame (Update and Draw of the app and
// the view, mid-timeline, playing) per view, without a backend.
func BenchmarkViewFrame(b *testing.B) {
	for _, mk := range All().Views {
		in := mk().Info()
		b.Run(fmt.Sprintf("%s_%s", in.Problem, in.ID), func(b *testing.B) {
			a, c := frameApp(b, in, 1280, 800)
			a.SetPlaying(true)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				a.Update(1.0/60, nil)
				a.Draw(c)
			}
		})
	}
}

// A steady frame allocates little: WASM's garbage collector is slow, and
// the page's budget is 4 ms a frame. Paused mid-timeline, nothing changes
// from one frame to the next, so nothing needs making.
func TestSteadyFrameAllocations(t *testing.T) {
	const budget = 12
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		a, c := frameApp(t, in, 1280, 800)
		n := testing.AllocsPerRun(10, func() {
			a.Update(0, nil)
			a.Draw(c)
		})
		if n > budget {
			t.Errorf("%.0f allocations per steady frame, budget %d", n, budget)
		}
	})
}
