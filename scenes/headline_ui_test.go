package scenes

import (
	"image/color"
	"runtime"
	"slices"
	"testing"
	"time"

	"dlprep/viz"
)

// countCanvas is a viz.Canvas that draws nothing and counts calls, so tests
// and benchmarks measure a scene's own work without a rasterizer.
type countCanvas struct {
	w, h  float64
	calls int
	texts []string // every Text string when keepText is set
	keep  bool
}

func (c *countCanvas) Size() (float64, float64)                          { return c.w, c.h }
func (c *countCanvas) FillRect(x, y, w, h float64, col color.RGBA)       { c.calls++ }
func (c *countCanvas) StrokeRect(x, y, w, h, lw float64, col color.RGBA) { c.calls++ }
func (c *countCanvas) Line(x1, y1, x2, y2, lw float64, col color.RGBA)   { c.calls++ }
func (c *countCanvas) Polyline(p []viz.Point, lw float64, col color.RGBA) {
	c.calls++
}
func (c *countCanvas) FillPolygon(p []viz.Point, col color.RGBA)  { c.calls++ }
func (c *countCanvas) FillCircle(x, y, r float64, col color.RGBA) { c.calls++ }
func (c *countCanvas) Text(x, y float64, s string, size float64, col color.RGBA, a viz.Align) {
	c.calls++
	if c.keep {
		c.texts = append(c.texts, s)
	}
}
func (c *countCanvas) TextWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.55
}
func (c *countCanvas) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) { c.calls++ }

// benchScene measures one frame at the scene's defaults while playing:
// Update, Draw, and the Readout and Presets the shell reads every frame.
func benchScene(b *testing.B, id string, v Values) {
	sc, err := New(id)
	if err != nil {
		b.Fatal(err)
	}
	vals := Defaults(sc.Params())
	for k, x := range v {
		vals[k] = x
	}
	if err := sc.Reset(vals); err != nil {
		b.Fatal(err)
	}
	c := &countCanvas{w: 960, h: 600}
	b.ReportAllocs()
	durs := make([]time.Duration, 0, b.N)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for range b.N {
		t0 := threadCPU()
		sc.Update(Input{}, 1.0/60)
		sc.Draw(c)
		// The shell also reads these every frame.
		if r, ok := sc.(Readouter); ok {
			r.Readout()
		}
		if p, ok := sc.(Presetter); ok {
			p.Presets()
		}
		durs = append(durs, threadCPU()-t0)
	}
	b.StopTimer()
	slices.Sort(durs)
	// CPU time of this thread per Update+Draw: immune to the machine's load.
	b.ReportMetric(float64(durs[len(durs)/2].Nanoseconds())/1e3, "cpu-p50-µs")
	b.ReportMetric(float64(durs[len(durs)*95/100].Nanoseconds())/1e3, "cpu-p95-µs")
	b.ReportMetric(float64(durs[len(durs)-1].Nanoseconds())/1e3, "cpu-max-µs")
}

// resetScene makes a scene with its defaults overridden by v.
func resetScene(t testing.TB, id string, v Values) Scene {
	t.Helper()
	sc, err := New(id)
	if err != nil {
		t.Fatal(err)
	}
	vals := Defaults(sc.Params())
	for k, x := range v {
		vals[k] = x
	}
	if err := sc.Reset(vals); err != nil {
		t.Fatalf("%s: Reset(%v): %v", id, v, err)
	}
	return sc
}
