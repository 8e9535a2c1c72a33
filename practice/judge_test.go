package practice

import (
	"bytes"
	"dlprep/core/mistakes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var testCases = NewCaseSet(os.DirFS(filepath.Join("..", "testdata", "conformance")))

// judgeRun judges op with argv and returns the report and its text.
func judgeRun(t *testing.T, op string, argv []string, errorsToo bool, timeout time.Duration) (Report, string) {
	t.Helper()
	var out bytes.Buffer
	rep, err := Judge(Options{Op: op, Command: argv, Errors: errorsToo, Timeout: timeout, Cases: testCases, Out: &out})
	if err != nil {
		t.Fatalf("judge %s: %v", op, err)
	}
	text := out.String()
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if want := regexp.MustCompile(`^\d+ passed, \d+ failed$`); !want.MatchString(lines[len(lines)-1]) {
		t.Errorf("last line %q is not the summary", lines[len(lines)-1])
	}
	return rep, text
}

func TestJudgeRightGoSolutionPasses(t *testing.T) {
	for _, op := range []string{"sdpa", "layernorm", "nms", "cnn_vit_flops", "logsumexp", "vectorized_warp"} {
		rep, text := judgeRun(t, op, solverCommand(t, "right"), true, 0)
		if !rep.OK() || len(rep.Diagnosed) != 0 {
			t.Errorf("%s: the right answers must all pass, undiagnosed:\n%s", op, text)
		}
	}
}

// TestJudgeNamesEveryMistake: for every catalogued mistake and every op it
// applies to, a Go solution that makes the mistake (and is right where the
// mistake cannot be computed) fails, and at least one failing case is
// diagnosed by the mistake's id, with its link.
func TestJudgeNamesEveryMistake(t *testing.T) {
	for _, m := range mistakes.All() {
		for _, op := range m.Ops {
			t.Run(op+"/"+m.ID, func(t *testing.T) {
				rep, text := judgeRun(t, op, solverCommand(t, "mistake:"+m.ID), false, 0)
				if rep.OK() {
					t.Fatalf("a solution making mistake %s passed:\n%s", m.ID, text)
				}
				line := "  mistake: " + m.ID + " — " + m.Summary + "  (see ?problem=" + m.Problem + "&pitfall=" + m.ID + ")"
				if !strings.Contains(text, line+"\n") || rep.Diagnosed[m.ID] == 0 {
					t.Errorf("no diagnosis line %q in:\n%s", line, firstLines(text, 30))
				}
				for id := range rep.Diagnosed {
					if id != m.ID {
						t.Logf("also diagnosed %s on %d cases", id, rep.Diagnosed[id])
					}
				}
			})
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

// TestJudgeMisbehavingSolutions: every way of breaking the protocol ends
// as failed cases with a clear message, promptly, and never as a hang.
func TestJudgeMisbehavingSolutions(t *testing.T) {
	const op = "layernorm" // 9 value cases
	for _, tc := range []struct {
		mode   string
		passed int
		want   []string
	}{
		{"crash:2", 2, []string{"the solution exited (exit status 3) after answering 2 of 9 cases", "its stderr ended with:",
			"| ZeroDivisionError: the solver crashed on purpose", ": not answered"}},
		{"garbage:1", 1, []string{`answer 2 is not a judge answer: not a JSON object: "debug: q has shape (2, 3)" (stdout is for answers only`}},
		{"wrong-id:3", 3, []string{`answer 4 has id "`, `-oops", expected "`, "(answer each case once, in order)"}},
		{"hang:4", 4, []string{"no answer within 300ms (answered 4 of 9 cases; --timeout sets the limit per answer)"}},
		{"exit:5", 5, []string{"the solution exited after answering 5 of 9 cases", ": not answered"}},
		{"truncated", 0, []string{"answer 1 is not a judge answer: not a JSON object: "}},
		{"refuse", 0, []string{"the solution refused the input: not implemented"}},
		{"nan", 0, []string{"value(s) not finite, not trusted: NaN at [0,0], expected"}},
		{"overflow", 0, []string{"value(s) beyond float32's range, not trusted: 1e+39 at [0,0]"}},
		{"huge", 0, []string{"longer than this case's outputs can need"}},
		{"deaf", 0, []string{"no answer within 300ms (answered 0 of 9 cases"}},
		{"orphan", 0, []string{"no answer within 300ms"}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			start := time.Now()
			timeout := 5 * time.Second
			if strings.Contains(strings.Join(tc.want, ""), "300ms") {
				timeout = 300 * time.Millisecond
			}
			rep, text := judgeRun(t, op, solverCommand(t, tc.mode), false, timeout)
			if took := time.Since(start); took > 8*time.Second {
				t.Errorf("the judge took %v", took)
			}
			if rep.Passed != tc.passed || rep.Passed+rep.Failed != 9 {
				t.Errorf("passed %d, failed %d; want %d passed of 9:\n%s", rep.Passed, rep.Failed, tc.passed, text)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestJudgeCannotStart(t *testing.T) {
	rep, text := judgeRun(t, "layernorm", []string{"/no/such/solver"}, false, 0)
	if rep.OK() || rep.Failed != 9 || !strings.Contains(text, `cannot start "/no/such/solver"`) {
		t.Errorf("report:\n%s", text)
	}
}

func TestJudgeErrorCases(t *testing.T) {
	// The right solution answers bad inputs with errors; one that answers
	// every case with outputs fails exactly the bad-input cases.
	rep, text := judgeRun(t, "cfg", solverCommand(t, "right"), true, 0)
	if !rep.OK() {
		t.Fatalf("right solution with --errors:\n%s", text)
	}
	all := rep.Passed
	rep, text = judgeRun(t, "cfg", solverCommand(t, "refuse"), true, 0)
	if rep.Passed == 0 || rep.Passed == all || !strings.Contains(text, "the solution refused the input") {
		t.Errorf("refusing everything passes only the bad-input cases: %d of %d:\n%s", rep.Passed, all, text)
	}
}

func TestResolveTarget(t *testing.T) {
	for _, tc := range []struct{ arg, op, err string }{
		{"sdpa", "sdpa", ""},
		{"004", "sdpa", ""},
		{"22", "cross_entropy", ""},
		{"028", "", "design problem"},
		{"099", "", "no problem 099"},
		{"sdpaa", "", `unknown op "sdpaa"`},
	} {
		op, err := ResolveTarget(tc.arg)
		if op != tc.op || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ResolveTarget(%q) = %q, %v; want %q, error containing %q", tc.arg, op, err, tc.op, tc.err)
		}
	}
}
