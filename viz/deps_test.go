package viz_test

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// viz is the engine; the scenes and the core plug into it, never the
// reverse (as gonum/plot's plot knows no plotter): no viz package may
// depend on dlprep/scenes or dlprep/core, for any platform.
func TestVizKnowsNoSceneAndNoCore(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("needs the go command")
	}
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./...")
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %v: %v\n%s", env, err, out)
		}
		for _, p := range strings.Fields(string(out)) {
			if p == "dlprep/scenes" || strings.HasPrefix(p, "dlprep/scenes/") || p == "dlprep/core" || strings.HasPrefix(p, "dlprep/core/") {
				t.Errorf("%v: a viz package depends on %s", env, p)
			}
		}
	}
}
