package scenes

import (
	"testing"

	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// checkGolden is the one golden-image check of the views: it opens a
// problem's view in the app with raw (URL-text) parameters, pauses at a
// step, renders the whole screen at w×h through the raster backend and
// compares it with testdata/<name>_golden.png (go test ./scenes -run
// Golden -regen rewrites the files). The app's menu holds only that view,
// so that adding or renaming other views leaves the image alone.
func checkGolden(t *testing.T, name, problem string, raw map[string]string, step, w, h int) {
	t.Helper()
	cat := All()
	var only []scene.Factory
	for _, f := range cat.Views {
		if f().Info().Problem == problem {
			only = append(only, f)
		}
	}
	if len(only) != 1 {
		t.Fatalf("%s: %d views of problem %s", name, len(only), problem)
	}
	cat.Views, cat.Default = only, problem
	a := shell.New(shell.Options{Catalogue: cat, Paused: true})
	if err := a.Show(problem, "", raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	a.SeekStep(step)
	c := raster.New(w, h, 1)
	a.Layout(float64(w), float64(h))
	a.Update(0, nil)
	a.Draw(c)
	rastertest.Check(t, c.RGBA(), "testdata/"+name+"_golden.png")
}

func TestAttentionGoldens(t *testing.T) {
	checkGolden(t, "mhsa_scores", "003", nil, 3, 1280, 800)
	checkGolden(t, "causal_pitfall_phone", "004", map[string]string{"pitfall": "mask-after-softmax"}, 2, 390, 844)
}

var _ scene.Scene = (*mhsaView)(nil)
