package scenes

import (
	"fmt"
	"testing"

	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// frameApp opens a view paused at the middle of its timeline on a
// null canvas of w×h, warmed up by a few frames.
func frameApp(tb testing.TB, in scene.Info, w, h int) (*shell.App, *countCanvas) {
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show(in.Problem, in.ID, nil); err != nil {
		tb.Fatal(err)
	}
	c := &countCanvas{w: float64(w), h: float64(h), m: raster.New(1, 1, 1)}
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
// the page's budget is 4 ms a frame. Paused at any step, nothing changes
// from one frame to the next, so nothing needs making.
func TestSteadyFrameAllocations(t *testing.T) {
	const budget = 12
	forEachView(t, func(t *testing.T, s scene.Scene, in scene.Info) {
		a, c := frameApp(t, in, 1280, 800)
		for k := range a.State().Steps {
			a.SeekStep(k)
			for range 3 { // the step's first frames make its labels
				a.Update(0, nil)
				a.Draw(c)
			}
			n := testing.AllocsPerRun(5, func() {
				a.Update(0, nil)
				a.Draw(c)
			})
			if n > budget {
				t.Errorf("step %d: %.0f allocations per steady frame, budget %d", k, n, budget)
			}
		}
	})
}
