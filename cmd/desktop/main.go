// Command desktop runs the visualizer in a native window:
//
//	go run ./cmd/desktop [-problem NNN | -scene ID] [-set name=value]...
//
// -problem, -scene and -set go through the same validation as the browser
// URL: an unknown problem or a bad value shows the error banner and falls
// back to a working view. `make desktop` installs the X11/GL headers cgo needs and
// runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"dlprep/scenes"
	"dlprep/viz/ebitenview"
	"dlprep/viz/shell"
)

// sets collects repeated -set name=value flags.
type sets map[string]string

// String implements flag.Value.
func (s sets) String() string { return fmt.Sprint(map[string]string(s)) }

// Set implements flag.Value.
func (s sets) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want name=value, got %q", v)
	}
	s[name] = val
	return nil
}

func main() {
	scene := flag.String("scene", "", "scene id to open")
	problem := flag.String("problem", "", "problem number to open, e.g. 004 (default: the catalogue's first view)")
	params := sets{}
	flag.Var(params, "set", "scene parameter name=value (repeatable)")
	frames := flag.Int("frames", 0, "quit after drawing this many frames and print the work-per-frame statistics (0: run until closed)")
	flag.Parse()
	app := shell.New(shell.Options{Catalogue: scenes.All()})
	if *scene != "" || *problem != "" || len(params) > 0 {
		p, id := *problem, *scene
		if p == "" && id == "" {
			p = app.State().Problem
		}
		if err := app.Show(p, id, params); err != nil {
			// Shown in the banner too; the app opens on the fallback view.
			fmt.Fprintln(os.Stderr, "desktop:", err)
		}
	}
	if err := ebitenview.RunFrames(app, "dlprep", *frames); err != nil {
		fmt.Fprintln(os.Stderr, "desktop:", err)
		os.Exit(1)
	}
	if *frames > 0 {
		st := app.Stats()
		fmt.Printf("%s: %d frames, first frame %.1f ms, work per frame p50 %.2f ms, p95 %.2f ms\n",
			app.State().Scene, st.Frames, st.FirstFrameMs, st.WorkMsP50, st.WorkMsP95)
	}
}
