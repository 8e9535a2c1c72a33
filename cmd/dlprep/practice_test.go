package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dlprep/core/mistakes"
	"dlprep/core/problems"
)

func TestPracticeList(t *testing.T) {
	code, out, _ := runCLI("practice")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"000  Spatio-temporal window attention", "hard", "window_attention",
		"004  Causal masking", "sdpa, mhsa", "028  Virtual cinematographer (design)", "(design: no op)", "036  Manual LayerNorm"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
}

// TestPracticeEveryProblem: dlprep practice NNN --lang numpy describes
// every problem and writes a starter for each one with an op.
func TestPracticeEveryProblem(t *testing.T) {
	for _, p := range problems.All() {
		dir := filepath.Join(t.TempDir(), "s")
		code, out, errOut := runCLI("practice", p.Number, "--lang", "numpy", "--dir", dir)
		if code != 0 {
			t.Fatalf("practice %s: exit %d: %s", p.Number, code, errOut)
		}
		for _, want := range append([]string{"Problem " + p.Number + ": " + p.Title, "Idioms worth knowing:"}, p.Idioms[0][:20]) {
			if !strings.Contains(out, want) {
				t.Errorf("practice %s lacks %q:\n%s", p.Number, want, out)
			}
		}
		if p.MainOp() == "" {
			if _, err := os.Stat(dir); err == nil || !strings.Contains(out, "no starter") {
				t.Errorf("design problem %s: no starter expected:\n%s", p.Number, out)
			}
			continue
		}
		for _, want := range []string{"op " + p.MainOp() + " (", "inputs:", "outputs:",
			"dlprep judge " + p.MainOp() + " -- python3 " + filepath.Join(dir, "run.py")} {
			if !strings.Contains(out, want) {
				t.Errorf("practice %s lacks %q:\n%s", p.Number, want, out)
			}
		}
		for _, f := range []string{"solution.py", "run.py"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("practice %s: %v", p.Number, err)
			}
		}
	}
}

func TestPracticeFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"practice", "004", "--mistakes"}, 0, "mask-after-softmax  (on sdpa, mhsa)"},
		{[]string{"practice", "--mistakes", "002"}, 0, "has no catalogued mistakes"},
		{[]string{"practice", "007", "--op", "box_iou", "--lang", "go", "--dir", filepath.Join(dir, "g")}, 0, "go -C " + filepath.Join(dir, "g") + " run ."},
		{[]string{"practice", "022", "--lang", "torch", "--dir", filepath.Join(dir, "t")}, 0, "op cross_entropy"},
		{[]string{"practice", "007", "--op", "sdpa"}, 2, "not by \"sdpa\""},
		{[]string{"practice", "099"}, 2, "no problem \"099\""},
		{[]string{"practice", "004", "--lang", "rust"}, 2, "unknown language"},
		{[]string{"practice", "004", "005"}, 2, "one problem number at a time"},
	} {
		code, out, errOut := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d (want %d), output lacks %q:\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "g", "go.mod")); err != nil {
		t.Errorf("the Go starter has no go.mod: %v", err)
	}
}

func TestJudgeUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"judge", "sdpa"}, "give the solution's command after --"},
		{[]string{"judge", "sdpa", "--"}, "give the solution's command after --"},
		{[]string{"judge", "--", "python3"}, "give one op name or problem number"},
		{[]string{"judge", "nope", "--", "python3"}, `unknown op "nope"`},
		{[]string{"judge", "029", "--", "python3"}, "design problem"},
		{[]string{"judge", "sdpa", "--timeout", "0s", "--", "python3"}, "--timeout must be positive"},
	} {
		code, out, errOut := runCLI(tc.args...)
		if code != 2 || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q in:\n%s%s", tc.args, code, tc.want, out, errOut)
		}
	}
}

// docSolution is the plain-Python solution of docs/practice.md.
func docSolution(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "practice.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```python\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/practice.md has no ```python block")
	}
	return string(m[1])
}

// TestDocsSolutionThroughTheCLI runs the documented plain-Python solution
// with the embedded cases: it passes, and with the unbiased variance it
// fails and is diagnosed.
func TestDocsSolutionThroughTheCLI(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := exec.LookPath(py); err != nil {
		t.Skip("no " + py)
	}
	src := docSolution(t)
	if n := strings.Count(strings.TrimSpace(src), "\n") + 1; n > 20 {
		t.Errorf("the documented solution has %d lines; the issue asks for about 15", n)
	}
	dir := t.TempDir()
	right, wrong := filepath.Join(dir, "right.py"), filepath.Join(dir, "wrong.py")
	os.WriteFile(right, []byte(src), 0o644)
	mutated := strings.Replace(src, "for v in row) / d\n", "for v in row) / (d - 1)\n", 1)
	if mutated == src {
		t.Fatal("the documented solution has no variance line ending in \"for v in row) / d\" to break")
	}
	os.WriteFile(wrong, []byte(mutated), 0o644)
	code, out, errOut := runCLI("judge", "layernorm", "--", py, right)
	if code != 0 || !strings.HasSuffix(out, "9 passed, 0 failed\n") {
		t.Errorf("documented solution: exit %d:\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI("judge", "036", "--", py, wrong)
	m, _ := mistakes.Lookup("unbiased-variance")
	if code != 1 || !strings.Contains(out, "  mistake: unbiased-variance — "+m.Summary+"  (see ?problem=036&pitfall=unbiased-variance)") {
		t.Errorf("with the unbiased variance: exit %d:\n%s", code, out)
	}
}
