package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestCheckCountsAndExitCode(t *testing.T) {
	code, out, _ := runCLI("check", "testdata/mixed.json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; last != "2 passed, 2 failed" {
		t.Errorf("last line %q, want %q", last, "2 passed, 2 failed")
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	for _, want := range []string{"wrong_value: y: max abs error 1", `unknown op "no_such_op"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckMalformedFileNeverPanics(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"op": "timestep_embedding", "inputs": {"timesteps": {"shape": [2], "data": [1]}}, "expected": {"y": {"shape": [], "data": [0]}}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`not json at all`), 0o644)
	code, out, _ := runCLI("check", dir)
	if !strings.HasSuffix(strings.TrimSpace(out), "0 passed, 2 failed") || code != 1 {
		t.Errorf("code %d, output:\n%s", code, out)
	}
}

func TestCheckAllPassExitsZero(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok.json"), []byte(`{"op": "timestep_embedding", "params": {"embedding_dim": 2}, "inputs": {"timesteps": {"shape": [1], "data": [0]}}, "expected": {"y": {"shape": [1, 2], "data": [0, 1]}}}`), 0o644)
	code, out, _ := runCLI("check", dir)
	if code != 0 || strings.TrimSpace(out) != "1 passed, 0 failed" {
		t.Errorf("code %d, output %q", code, out)
	}
}

func TestEvalPrintsJSON(t *testing.T) {
	// Every case here either runs or errors while expecting to: exit 0.
	code, out, _ := runCLI("eval", "testdata/mixed.json")
	if code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("eval output is not JSON: %v\n%s", err, out)
	}
	if len(got) != 4 {
		t.Fatalf("got %d results, want 4", len(got))
	}
	y := got[0]["outputs"].(map[string]any)["y"].(map[string]any)["data"].([]any)
	if len(y) != 4 || y[1].(float64) != 1 {
		t.Errorf("eval y = %v, want [0 1 0 1]", y)
	}
	if _, ok := got[2]["error"]; !ok {
		t.Errorf("refused case has no error: %v", got[2])
	}
}

func TestOpsListsKnownOps(t *testing.T) {
	_, out, _ := runCLI("ops")
	if !strings.Contains(out, "timestep_embedding\n") {
		t.Errorf("ops output lacks timestep_embedding:\n%s", out)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errOut := runCLI("frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("code %d, stderr %q", code, errOut)
	}
}

func TestOpsMarkdownIsDocsOpsMD(t *testing.T) {
	code, out, errOut := runCLI("ops", "--markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "docs", "ops.md"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Error("dlprep ops --markdown differs from docs/ops.md: go run ./cmd/dlprep ops --markdown > docs/ops.md")
	}
	if code, _, _ := runCLI("ops", "--html"); code != 2 {
		t.Errorf("an unknown flag must exit 2, got %d", code)
	}
}
