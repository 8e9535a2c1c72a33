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
	}{
		{"nms", "nms", nil, func(s Scene) { s.(Stepper).Step(); s.(Stepper).Step() }},
		{"nms_pitfall", "nms", Values{"pitfall_unsorted": 1, "boxes": 14, "seed": 4}, func(s Scene) {
			for range 20 {
				s.(Stepper).Step()
			}
		}},
		{"diffusion", "diffusion", Values{"particles": 200}, func(s Scene) {
			for range 12 {
				s.(Stepper).Step()
			}
		}},
		{"cfg", "cfg", nil, func(s Scene) {
			for range 30 {
				s.(Stepper).Step()
			}
		}},
		{"ddim_inversion", "ddim_inversion", nil, func(s Scene) {
			for range 12 {
				s.(Stepper).Step()
			}
		}},
		{"diffusion_images", "diffusion_images", nil, func(s Scene) {
			for range 18 {
				s.(Stepper).Step()
			}
		}},
		{"depth", "depth", nil, nil},
		{"window_attention", "window_attention", nil, nil},
		{"window_attention_pitfall", "window_attention", Values{"pitfall_unpartition": 1}, nil},
		{"factorized_attention", "factorized_attention", nil, nil},
		{"factorized_attention_pitfall", "factorized_attention", Values{"view": factTemporal, "pitfall_regroup": 1}, nil},
		{"camera_attention", "camera_attention", nil, nil},
		{"camera_attention_all", "camera_attention", Values{"mode": 1}, nil},
		{"warp", "warp", Values{"pitfall_swap_uv": 1}, nil},
	} {
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
