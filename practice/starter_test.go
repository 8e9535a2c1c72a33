package practice

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dlprep/conformance/contract"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
)

// python is the interpreter the tests use: Debian's, which has NumPy (and
// PyTorch where python3-torch is installed); the python3 on PATH may not.
const python = "/usr/bin/python3"

// needPython fails the test unless python imports each module.
func needPython(t *testing.T, modules ...string) {
	t.Helper()
	for _, m := range modules {
		if err := exec.Command(python, "-c", "import "+m).Run(); err != nil {
			t.Fatalf("%s cannot import %s (%v): install python3-%s (tools/ci/deps.sh does)", python, m, err, m)
		}
	}
}

// opsWithProblems lists every op with the first problem it belongs to.
func opsWithProblems() map[string]problems.Problem {
	out := map[string]problems.Problem{}
	for _, p := range problems.All() {
		for _, op := range p.Ops {
			if _, ok := out[op]; !ok {
				out[op] = p
			}
		}
	}
	return out
}

// writeFilled writes op's starter in lang to a temporary folder with the
// solution file replaced by testdata/<file>.
func writeFilled(t *testing.T, p problems.Problem, op string, lang Lang, file string) (Starter, string) {
	t.Helper()
	s, err := NewStarter(p, op, lang)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := s.Write(dir); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, s.Solution), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// TestNumPyStarterEveryOp fills the NumPy starter of every op with a
// plain NumPy solution (testdata/numpy/<op>.py) and judges it through the
// generated run.py: every value case must pass.
func TestNumPyStarterEveryOp(t *testing.T) {
	needPython(t, "numpy")
	short := map[string]bool{"sdpa": true, "layernorm": true, "nms": true, "timestep_embedding": true}
	for op, p := range opsWithProblems() {
		if testing.Short() && !short[op] {
			continue // -short: four ops stand for the forty
		}
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			_, dir := writeFilled(t, p, op, NumPy, filepath.Join("numpy", op+".py"))
			rep, text := judgeRun(t, op, []string{python, filepath.Join(dir, "run.py")}, false, 0)
			if !rep.OK() {
				t.Errorf("the NumPy solution of %s fails:\n%s", op, firstLines(text, 20))
			}
		})
	}
}

// TestStartersForEveryOp: every op gets a starter in every language whose
// unfilled function is refused cleanly (a NotImplementedError or an error,
// never a crash of the glue).
func TestUnfilledStarterIsRefusedCleanly(t *testing.T) {
	needPython(t, "numpy")
	p, _ := problems.Lookup("004")
	s, err := NewStarter(p, "sdpa", NumPy)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := s.Write(dir); err != nil {
		t.Fatal(err)
	}
	rep, text := judgeRun(t, "sdpa", []string{python, filepath.Join(dir, "run.py")}, true, 0)
	if rep.OK() || !strings.Contains(text, "the solution refused the input: NotImplementedError: sdpa is not written yet (solution.py line") {
		t.Errorf("the unfilled starter should be refused case by case:\n%s", firstLines(text, 5))
	}
	// With --errors, the bad-input cases pass: the glue itself refuses
	// unknown names and malformed tensors, and the unfilled function raises.
	if rep.Passed == 0 {
		t.Errorf("no bad-input case passed:\n%s", text)
	}
}

// TestStarterFilesForEveryOpAndLanguage: every op has a starter in every
// language naming its function and outputs, and the Python files compile.
func TestStarterFilesForEveryOpAndLanguage(t *testing.T) {
	root := t.TempDir()
	var pyFiles []string
	for op, p := range opsWithProblems() {
		for _, lang := range []Lang{NumPy, Torch, Go} {
			s, err := NewStarter(p, op, lang)
			if err != nil {
				t.Fatalf("%s/%s: %v", op, lang, err)
			}
			if lang != Go {
				dir := filepath.Join(root, op+"-"+string(lang))
				if _, err := s.Write(dir); err != nil {
					t.Fatal(err)
				}
				pyFiles = append(pyFiles, filepath.Join(dir, "solution.py"), filepath.Join(dir, "run.py"))
			}
			if !strings.Contains(s.Files[s.Solution], s.Function()) || len(s.Glue) == 0 {
				t.Errorf("%s/%s: solution file lacks %s", op, lang, s.Function())
			}
			con, _ := contract.Lookup(op)
			for _, tn := range con.RequiredOutputs() {
				if !strings.Contains(s.Files[s.Solution], tn.Name) {
					t.Errorf("%s/%s: the solution file does not name output %s", op, lang, tn.Name)
				}
			}
		}
	}
	if _, err := NewStarter(problems.All()[4], "nms", NumPy); err == nil {
		t.Error("problem 004 is not checked by nms: want an error")
	}
	if _, err := os.Stat(python); err != nil {
		t.Skipf("no %s to compile the Python starters", python)
	}
	if out, err := exec.Command(python, append([]string{"-m", "py_compile"}, pyFiles...)...).CombinedOutput(); err != nil {
		t.Errorf("the Python starters do not compile: %v\n%s", err, out)
	}
}

// TestStarterKeepsTheLearnersSolution: writing again keeps solution.py
// and rewrites the glue.
func TestStarterKeepsTheLearnersSolution(t *testing.T) {
	p, _ := problems.Lookup("036")
	s, _ := NewStarter(p, "layernorm", NumPy)
	dir := t.TempDir()
	if kept, err := s.Write(dir); kept || err != nil {
		t.Fatalf("first write: kept %v, %v", kept, err)
	}
	mine := []byte("def layernorm(x, weight, bias, eps=1e-05):\n    return x\n")
	os.WriteFile(filepath.Join(dir, "solution.py"), mine, 0o644)
	os.WriteFile(filepath.Join(dir, "run.py"), []byte("broken"), 0o644)
	if kept, err := s.Write(dir); !kept || err != nil {
		t.Fatalf("second write: kept %v, %v", kept, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "solution.py")); !bytes.Equal(got, mine) {
		t.Error("the learner's solution.py was overwritten")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "run.py")); string(got) != s.Files["run.py"] {
		t.Error("run.py was not rewritten")
	}
}

// TestNumPyMistakesAreNamed: plain NumPy solutions that each make one
// catalogued mistake (testdata/numpy_wrong/<id>.py, first line "# op: OP")
// fail, and the judge names the mistake.
func TestNumPyMistakesAreNamed(t *testing.T) {
	needPython(t, "numpy")
	files, err := filepath.Glob(filepath.Join("testdata", "numpy_wrong", "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no wrong solutions: %v", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".py")
		seen[id] = true
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(src), "\n")
			op, ok := strings.CutPrefix(first, "# op: ")
			if !ok {
				t.Fatalf("%s: the first line must be \"# op: OP\"", f)
			}
			m, ok := mistakes.Lookup(id)
			if !ok || !slices.Contains(m.Ops, op) {
				t.Fatalf("%s: %q is not a catalogued mistake of %s", f, id, op)
			}
			_, dir := writeFilled(t, opsWithProblems()[op], op, NumPy, filepath.Join("numpy_wrong", id+".py"))
			rep, text := judgeRun(t, op, []string{python, filepath.Join(dir, "run.py")}, false, 0)
			want := "  mistake: " + id + " — " + m.Summary + "  (see " + m.Link() + ")\n"
			if rep.OK() || rep.Diagnosed[id] == 0 || !strings.Contains(text, want) {
				t.Errorf("want a failure diagnosed as %s:\n%s", id, firstLines(text, 12))
			}
			t.Logf("%s: %d failing cases, %d named %s", op, rep.Failed, rep.Diagnosed[id], id)
		})
	}
	for _, id := range []string{"mask-after-softmax", "mask-diagonal", "no-scale", "nms-no-sort", "iou-unclamped",
		"freq-over-d", "alpha-bar-for-alpha", "alpha-bar-swapped", "transmittance-unshifted", "running-var-biased",
		"unbiased-variance", "extrinsic-not-inverted", "no-divide-by-z", "meshgrid-uv-swap", "rows-not-columns",
		"naive-logsumexp", "lora-no-scaling", "diagonal-not-masked"} {
		if !seen[id] {
			t.Errorf("the issue's mistake %s has no wrong NumPy solution", id)
		}
	}
}

// TestGoStarter fills the Go starter of a few ops with stdlib-only Go
// (testdata/go/<op>.go), builds it in the folder it was written to (its own
// module) and judges the binary; layernorm's solution also refuses the bad
// inputs, so it passes with --errors. One op runs through go run, the
// command the starter prints.
func TestGoStarter(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	for _, tc := range []struct {
		op     string
		errors bool
		goRun  bool
	}{{"layernorm", true, false}, {"logsumexp", false, false}, {"box_iou", false, false}, {"sdpa", false, true}} {
		t.Run(tc.op, func(t *testing.T) {
			t.Parallel()
			s, dir := writeFilled(t, opsWithProblems()[tc.op], tc.op, Go, filepath.Join("go", tc.op+".go"))
			argv := []string{"go", "-C", dir, "run", "."}
			if !tc.goRun {
				build := exec.Command("go", "build", "-o", "solution", ".")
				build.Dir = dir
				if out, err := build.CombinedOutput(); err != nil {
					t.Fatalf("go build in the starter folder: %v\n%s", err, out)
				}
				argv = []string{filepath.Join(dir, "solution")}
			} else if want := "dlprep judge " + tc.op + " -- go -C " + dir + " run ."; s.Command(dir) != want {
				t.Errorf("Command = %q, want %q", s.Command(dir), want)
			}
			rep, text := judgeRun(t, tc.op, argv, tc.errors, 60*time.Second)
			if !rep.OK() {
				t.Errorf("the Go solution of %s fails:\n%s", tc.op, firstLines(text, 20))
			}
		})
	}
}

// TestTorchStarter fills the PyTorch starter of sdpa and layernorm; it is
// skipped, saying so, where python3-torch is not installed.
func TestTorchStarter(t *testing.T) {
	if err := exec.Command(python, "-c", "import torch").Run(); err != nil {
		t.Skipf("PyTorch is not installed for %s (apt-get install python3-torch): the torch starter is not run", python)
	}
	for _, op := range []string{"sdpa", "layernorm"} {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			_, dir := writeFilled(t, opsWithProblems()[op], op, Torch, filepath.Join("torch", op+".py"))
			rep, text := judgeRun(t, op, []string{python, filepath.Join(dir, "run.py")}, false, 60*time.Second)
			if !rep.OK() {
				t.Errorf("the PyTorch solution of %s fails:\n%s", op, firstLines(text, 20))
			}
		})
	}
}

// TestGoStartersCompile: the Go starter of every op type-checks, unfilled,
// with the standard library alone (go vet over one module holding them all).
func TestGoStartersCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: compiles 40 programs")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	root := t.TempDir()
	for op, p := range opsWithProblems() {
		s, err := NewStarter(p, op, Go)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Write(filepath.Join(root, op)); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(root, op, "go.mod")) // one module for all
	}
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module starters\n\ngo 1.21\n"), 0o644)
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = root
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet of the Go starters: %v\n%s", err, out)
	}
}
