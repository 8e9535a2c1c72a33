package shell

import (
	"reflect"
	"strings"
	"testing"

	"dlprep/viz/raster"
)

// The shell drives the real timestep scene: URL state in and out, the
// slider, the pitfall toggle and a rejected value.
func TestShellWithTimestepScene(t *testing.T) {
	a := New(Options{DefaultScene: "timestep_embedding", Paused: true})
	if err := a.Show(ParseQuery("?scene=timestep_embedding&dim=32&t=600&pitfall=true")); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"dim": "32", "t": "600", "pitfall": "true"}
	if got := a.State().Params; !reflect.DeepEqual(got, want) {
		t.Fatalf("params %v, want %v", got, want)
	}
	if q := a.Query(); q != "scene=timestep_embedding&dim=32&t=600&pitfall=true" {
		t.Fatalf("Query() = %q", q)
	}
	c := raster.New(1280, 800, 1)
	a.Update(0, nil)
	a.Draw(c)
	m := a.Mirror()
	if m.Title != "Sinusoidal timestep embedding" || len(m.Problems) != 1 || m.Problems[0] != "009" {
		t.Errorf("mirror title %q problems %v", m.Title, m.Problems)
	}
	var periods []string
	for _, kv := range m.Readout {
		if strings.HasPrefix(kv.Key, "slowest period") {
			periods = append(periods, kv.Key+"="+kv.Value)
		}
	}
	if len(periods) != 2 {
		t.Errorf("readout with the pitfall on: %v, want both slowest periods", m.Readout)
	}
	// Odd D is off the slider's grid: banner, default value, error.
	err := a.Show(ParseQuery("scene=timestep_embedding&dim=65"))
	if err == nil || !strings.Contains(a.Banner(), "dim=65 is not on its grid 4, 6, 8") {
		t.Fatalf("dim=65: err %v, banner %q", err, a.Banner())
	}
	if got := a.State().Params["dim"]; got != "64" {
		t.Fatalf("dim=65 fell back to %s, want the default 64", got)
	}
	// Drag the D slider to its left end: D=4.
	a.Update(0, nil)
	a.Draw(c)
	w := a.ui.widget[0]
	x0, _ := trackSpan(w)
	a.Update(0, []Event{{Kind: PointerDown, X: x0 - 5, Y: w.Y + w.H/2}, {Kind: PointerUp, X: x0 - 5, Y: w.Y + w.H/2}})
	if got := a.State().Params["dim"]; got != "4" {
		t.Fatalf("slider at its left end: dim=%s, want 4", got)
	}
}
