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
