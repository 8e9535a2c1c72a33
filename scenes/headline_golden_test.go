package scenes

import (
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// TestHeadlineGoldens renders each headline scene in a fixed state through
// the raster backend and compares it with testdata/<name>_golden.png
// (go test ./scenes -run Goldens -regen rewrites them).
func TestHeadlineGoldens(t *testing.T) {
	for _, tc := range []struct {
		name, id string
		v        Values
		drive    func(s Scene)
	}{} {
		t.Run(tc.name, func(t *testing.T) {
			s := resetScene(t, tc.id, tc.v)
			c := raster.New(960, 600, 1)
			s.Draw(c) // lays out, so clicks in drive land
			if tc.drive != nil {
				tc.drive(s)
			}
			c.Clear(viz.Paper)
			s.Draw(c)
			rastertest.Check(t, c.RGBA(), "testdata/"+tc.name+"_golden.png")
		})
	}
}
