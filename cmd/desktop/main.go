// Command desktop runs the visualizer in a native window:
//
//	go run ./cmd/desktop [-scene ID] [-set name=value]...
//
// -scene and -set go through the same validation as the browser URL: an
// unknown scene or a bad value shows the error banner and falls back to a
// working view. `make desktop` installs the X11/GL headers cgo needs and
// runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

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
	scene := flag.String("scene", "", "scene id to open (default: the first scene)")
	params := sets{}
	flag.Var(params, "set", "scene parameter name=value (repeatable)")
	flag.Parse()
	app := shell.New(shell.Options{})
	if *scene != "" || len(params) > 0 {
		id := *scene
		if id == "" {
			id = app.State().Scene
		}
		if err := app.Show(id, params); err != nil {
			// Shown in the banner too; the app opens on the fallback view.
			fmt.Fprintln(os.Stderr, "desktop:", err)
		}
	}
	if err := ebitenview.Run(app, "dlprep"); err != nil {
		fmt.Fprintln(os.Stderr, "desktop:", err)
		os.Exit(1)
	}
}
