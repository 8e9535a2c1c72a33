package scenes

import (
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// kvMap turns a readout into a map.
func kvMap(kv []KV) map[string]string {
	m := make(map[string]string, len(kv))
	for _, e := range kv {
		m[e.Key] = e.Value
	}
	return m
}

// familyGolden renders a scene in a fixed state through the raster backend
// and compares it with testdata/<name>_golden.png (-regen rewrites it).
func familyGolden(t *testing.T, name string, s Scene, drive func()) {
	t.Helper()
	c := raster.New(960, 600, 1)
	c.Clear(viz.Paper)
	s.Draw(c)
	if drive != nil {
		drive()
	}
	c.Clear(viz.Paper)
	s.Draw(c)
	rastertest.Check(t, c.RGBA(), "testdata/"+name+"_golden.png")
}

func equalF32(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
