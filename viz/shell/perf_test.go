package shell

import (
	"testing"

	"dlprep/scenes"
	"dlprep/viz/raster"
)

// BenchmarkFrame is one Update+Draw of the whole app at 1280x800 through
// the raster backend, per registered scene.
func BenchmarkFrame(b *testing.B) {
	for _, id := range scenes.IDs() {
		b.Run(id, func(b *testing.B) {
			a := New(Options{DefaultScene: id})
			c := raster.New(1280, 800, 1)
			a.Update(1.0/60, nil)
			a.Draw(c)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a.Update(1.0/60, nil)
				a.Draw(c)
			}
			st := a.Stats()
			b.ReportMetric(st.WorkMsP95, "p95-ms")
		})
	}
}

// A steady frame (no input, nothing changed) must allocate almost
// nothing: WASM's garbage collector is slow. The recorder canvas
// allocates nothing itself beyond its text log, so this counts the shell
// and the scene.
func TestSteadyFrameAllocations(t *testing.T) {
	for _, tc := range []struct {
		id     string
		budget float64
	}{{"timestep_embedding", 16}} {
		a := New(Options{DefaultScene: tc.id})
		c := &recorder{w: 1280, h: 800}
		a.Update(1.0/60, nil)
		a.Draw(c)
		n := testing.AllocsPerRun(20, func() {
			c.texts = c.texts[:0]
			a.Update(1.0/60, nil)
			a.Draw(c)
		})
		if n > tc.budget {
			t.Errorf("%s: %.0f allocations per steady frame, budget %.0f", tc.id, n, tc.budget)
		}
	}
}
