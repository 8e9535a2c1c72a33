package ops

import (
	"path/filepath"
	"runtime"
	"testing"

	"dlprep/conformance"
)

// goldenDir is testdata/conformance at the repository root.
func goldenDir(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "conformance")
}

// TestGolden runs every PyTorch-generated case; each case is a subtest named
// file/case so a failure says exactly which.
func TestGolden(t *testing.T) {
	files, bad := conformance.CollectFiles([]string{goldenDir(t)})
	if len(bad) > 0 {
		t.Fatal(bad[0])
	}
	if len(files) == 0 {
		t.Fatal("no golden files under testdata/conformance: run make golden")
	}
	for _, f := range files {
		for _, r := range conformance.CheckFile(f) {
			r := r
			t.Run(filepath.Base(f)+"/"+r.Case, func(t *testing.T) {
				if !r.Pass {
					t.Error(r.String())
				}
			})
		}
	}
}

// TestEveryOpHasGoldenCases makes sure no registered op goes unchecked
// against PyTorch, and that each has at least one bad-input case.
func TestEveryOpHasGoldenCases(t *testing.T) {
	files, badPaths := conformance.CollectFiles([]string{goldenDir(t)})
	if len(badPaths) > 0 {
		t.Fatal(badPaths[0])
	}
	good, bad := map[string]int{}, map[string]int{}
	for _, f := range files {
		cs, err := conformance.ParseFileAt(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cs {
			if c.ExpectError {
				bad[c.Op]++
			} else {
				good[c.Op]++
			}
		}
	}
	for _, op := range conformance.OpNames() {
		if good[op] < 2 {
			t.Errorf("op %s has %d golden cases, want at least 2", op, good[op])
		}
		if bad[op] < 1 {
			t.Errorf("op %s has no expect_error case", op)
		}
	}
}
