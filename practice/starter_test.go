package practice

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dlprep/conformance/contract"
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
// solution file replaced by testdata/<lang>/<file>.
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
	src, err := os.ReadFile(filepath.Join("testdata", string(lang), file))
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
	for op, p := range opsWithProblems() {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			_, dir := writeFilled(t, p, op, NumPy, op+".py")
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

func TestStarterFilesForEveryOpAndLanguage(t *testing.T) {
	for op, p := range opsWithProblems() {
		for _, lang := range []Lang{NumPy, Torch, Go} {
			s, err := NewStarter(p, op, lang)
			if err != nil {
				t.Fatalf("%s/%s: %v", op, lang, err)
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
