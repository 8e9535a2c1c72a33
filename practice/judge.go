package practice

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dlprep/conformance"
	"dlprep/conformance/contract"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
)

// DefaultTimeout is how long the judge waits for each answer.
const DefaultTimeout = 10 * time.Second

// Options configure one judge run.
type Options struct {
	// Op is the op to judge (see ResolveTarget).
	Op string
	// Command is the solution's argv.
	Command []string
	// Errors adds the op's bad-input cases, which the solution must refuse
	// by answering {"id": ..., "error": ...}.
	Errors bool
	// Timeout bounds the wait for each answer (0: DefaultTimeout).
	Timeout time.Duration
	Cases   *CaseSet
	// Out receives the report: one line per failing case (with any
	// diagnosis under it), then "N passed, M failed".
	Out io.Writer
	// Log receives progress notes; nil discards them.
	Log io.Writer
}

// Report is the outcome of a run.
type Report struct {
	Passed, Failed int
	// Diagnosed counts failing cases per matching mistake id.
	Diagnosed map[string]int
}

// OK reports whether the solution passed every case.
func (r Report) OK() bool { return r.Failed == 0 && r.Passed > 0 }

// ResolveTarget turns judge's first argument, an op name or a problem
// number, into an op: a number stands for its problem's main op.
func ResolveTarget(arg string) (string, error) {
	if arg != "" && strings.Trim(arg, "0123456789") == "" {
		p, ok := problems.Lookup(arg)
		if !ok {
			return "", fmt.Errorf("there is no problem %s (problems are 000 to %03d)", arg, len(problems.All())-1)
		}
		if p.MainOp() == "" {
			return "", fmt.Errorf("problem %s (%s) is a design problem: it has no op to judge", p.Number, p.Title)
		}
		return p.MainOp(), nil
	}
	if _, ok := conformance.Lookup(arg); !ok {
		return "", fmt.Errorf("unknown op %q (dlprep ops lists them; a problem number such as 004 works too)", arg)
	}
	return arg, nil
}

// Judge runs the solution once on every case of the op and reports. It
// returns an error only when there is nothing to judge (unknown op, no
// cases); everything the solution does ends as failed cases.
func Judge(o Options) (Report, error) {
	rep := Report{Diagnosed: map[string]int{}}
	con, ok := contract.Lookup(o.Op)
	if !ok {
		return rep, fmt.Errorf("unknown op %q", o.Op)
	}
	cases, err := o.Cases.Cases(o.Op, o.Errors)
	if err != nil {
		return rep, err
	}
	if len(cases) == 0 {
		return rep, fmt.Errorf("no cases for op %s", o.Op)
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format, args...)
		}
	}
	exact := map[string]bool{}
	for _, t := range con.Outputs {
		exact[t.Name] = t.Kind != contract.Float
	}
	requests, caps := make([][]byte, len(cases)), make([]int, len(cases))
	for i, c := range cases {
		requests[i], caps[i] = c.Request, answerCap(c)
	}
	logf("dlprep judge: %s, %d cases, running %s\n", o.Op, len(cases), strings.Join(o.Command, " "))

	w := &reporter{out: o.Out, rep: &rep}
	sol, err := startSolution(o.Command, requests, caps)
	if err != nil {
		w.abort(cases, 0, fmt.Sprintf("cannot start %q: %v", strings.Join(o.Command, " "), err), "")
		return w.done(), nil
	}
	for k, c := range cases {
		timer := time.NewTimer(timeout)
		var a answerLine
		var open bool
		select {
		case a, open = <-sol.lines:
		case <-timer.C:
			sol.finish(0)
			w.abort(cases, k, fmt.Sprintf("no answer within %v (answered %d of %d cases; --timeout sets the limit per answer); the solution was killed",
				timeout, k, len(cases)), sol.stderr.lastLines(10))
			return w.done(), nil
		}
		timer.Stop()
		if !open || a.err != nil {
			// Its output is closed: give it a moment to exit, to say how it ended.
			status, exited := sol.finish(time.Second)
			why := "the solution closed its output"
			if exited {
				why = "the solution exited"
				if status != "" {
					why += " (" + status + ")"
				}
			}
			w.abort(cases, k, fmt.Sprintf("%s after answering %d of %d cases", why, k, len(cases)), sol.stderr.lastLines(10))
			return w.done(), nil
		}
		if a.tooLong > 0 {
			w.fail(c, fmt.Sprintf("the answer is %d bytes or more, longer than this case's outputs can need (%d); not read", a.tooLong, caps[k]))
			continue
		}
		ans, perr := parseAnswer(a.text)
		if perr != nil {
			sol.finish(0)
			w.abort(cases, k, fmt.Sprintf("answer %d is not a judge answer: %v: %s (stdout is for answers only: print anything else to stderr)",
				k+1, perr, snippet(a.text)), sol.stderr.lastLines(10))
			return w.done(), nil
		}
		if ans.id != c.ID {
			sol.finish(0)
			w.abort(cases, k, fmt.Sprintf("answer %d has id %q, expected %q (answer each case once, in order)", k+1, ans.id, c.ID),
				sol.stderr.lastLines(10))
			return w.done(), nil
		}
		w.judge(c, ans, exact, con)
	}
	switch status, exited := sol.finish(2 * time.Second); {
	case !exited:
		logf("dlprep judge: the solution did not exit within 2s of its last answer (its input was closed); it was killed\n")
	case status != "":
		logf("dlprep judge: after its last answer the solution exited with %s\n", status)
	}
	return w.done(), nil
}

// answerCap bounds one answer line: room for every expected and input
// number at 64 bytes each (a float64 with all its digits takes 24), plus
// 4 MiB for extra outputs and names.
func answerCap(c Case) int {
	n := c.inputElems
	for _, v := range c.Expected {
		n += v.Len()
	}
	return 4<<20 + 64*n
}

func snippet(b []byte) string {
	const max = 80
	s := string(b)
	if !utf8.ValidString(s) {
		return fmt.Sprintf("%d bytes of binary data", len(b))
	}
	if len(s) > max {
		s = s[:max] + "…"
	}
	if s == "" {
		return "(an empty line)"
	}
	return strconv.Quote(s)
}

// answer is one decoded answer line.
type answer struct {
	id      string
	errMsg  *string
	outputs map[string]json.RawMessage
}

func parseAnswer(line []byte) (answer, error) {
	var raw struct {
		ID      *json.RawMessage           `json:"id"`
		Error   *json.RawMessage           `json:"error"`
		Outputs map[string]json.RawMessage `json:"outputs"`
	}
	clean := conformance.QuoteNonFinite(line)
	dec := json.NewDecoder(bytes.NewReader(clean))
	if err := dec.Decode(&raw); err != nil {
		return answer{}, errors.New("not a JSON object")
	}
	if dec.More() {
		return answer{}, errors.New("more than one JSON value on the line")
	}
	if raw.ID == nil {
		return answer{}, errors.New(`no "id"`)
	}
	var a answer
	if err := json.Unmarshal(*raw.ID, &a.id); err != nil {
		return answer{}, fmt.Errorf(`"id" must be a string, got %s`, snippet(*raw.ID))
	}
	if raw.Error != nil && string(*raw.Error) != "null" {
		var msg string
		if err := json.Unmarshal(*raw.Error, &msg); err != nil {
			msg = string(*raw.Error)
		}
		a.errMsg = &msg
	}
	a.outputs = raw.Outputs
	return a, nil
}

// reporter prints the report and keeps the counts.
type reporter struct {
	out io.Writer
	rep *Report
}

func (w *reporter) pass() { w.rep.Passed++ }

func (w *reporter) fail(c Case, msg string) {
	w.rep.Failed++
	fmt.Fprintf(w.out, "%s: %s\n", c.ID, msg)
}

// abort fails case k with why (and the stderr tail) and every later case
// as not answered.
func (w *reporter) abort(cases []Case, k int, why, stderr string) {
	if k >= len(cases) {
		return
	}
	w.fail(cases[k], why)
	if stderr != "" {
		fmt.Fprint(w.out, stderr)
	}
	const listed = 10
	for i, c := range cases[k+1:] {
		if i == listed {
			fmt.Fprintf(w.out, "... and %d more cases not answered\n", len(cases)-k-1-listed)
			w.rep.Failed += len(cases) - k - 1 - listed
			break
		}
		w.fail(c, "not answered")
	}
}

func (w *reporter) done() Report {
	fmt.Fprintf(w.out, "%d passed, %d failed\n", w.rep.Passed, w.rep.Failed)
	return *w.rep
}

// judge checks one answer and prints its failure and diagnosis.
func (w *reporter) judge(c Case, a answer, exact map[string]bool, con contract.Op) {
	if a.errMsg != nil {
		if c.ExpectError {
			w.pass()
			return
		}
		w.fail(c, "the solution refused the input: "+oneLine(*a.errMsg))
		return
	}
	if a.outputs == nil {
		if c.ExpectError {
			w.fail(c, `a bad-input case: the solution must answer {"id": ..., "error": "..."}, it answered neither outputs nor error`)
		} else {
			w.fail(c, `the answer has neither "outputs" nor "error"`)
		}
		return
	}
	if c.ExpectError {
		w.fail(c, "a bad-input case: the solution must refuse it with an error, it answered outputs")
		return
	}
	got := map[string]conformance.Value{}
	var wrong []*mismatch
	for _, name := range outputOrder(c, con) {
		raw, ok := a.outputs[name]
		if !ok {
			have := make([]string, 0, len(a.outputs))
			for n := range a.outputs {
				have = append(have, n)
			}
			sort.Strings(have)
			wrong = append(wrong, &mismatch{name, fmt.Sprintf("missing (the answer has %s)", orNone(have))})
			continue
		}
		v, err := conformance.ParseTensor(raw)
		if err != nil {
			wrong = append(wrong, &mismatch{name, err.Error()})
			continue
		}
		got[name] = v
		if m := compareOutput(name, v, c.Expected[name], exact[name], c.Atol, c.Rtol); m != nil {
			wrong = append(wrong, m)
		}
	}
	if len(wrong) == 0 {
		w.pass()
		return
	}
	msg := wrong[0].String()
	if len(wrong) > 1 {
		var others []string
		for _, m := range wrong[1:] {
			others = append(others, m.output)
		}
		msg += " (also wrong: " + strings.Join(others, ", ") + ")"
	}
	w.fail(c, msg)
	if len(got) < len(c.Expected) {
		return // an output is missing or unreadable: nothing to diagnose
	}
	for _, m := range diagnose(c, got, exact) {
		w.rep.Diagnosed[m.ID]++
		fmt.Fprintf(w.out, "  mistake: %s — %s  (see %s)\n", m.ID, m.Summary, m.Link())
	}
}

// outputOrder lists the case's expected outputs in the contract's order.
func outputOrder(c Case, con contract.Op) []string {
	var names []string
	for _, t := range con.Outputs {
		if _, ok := c.Expected[t.Name]; ok {
			names = append(names, t.Name)
		}
	}
	var rest []string
	for n := range c.Expected {
		if !slices.Contains(names, n) {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(names, rest...)
}

// diagnose returns the catalogued mistakes of the case's op whose output on
// the case's inputs the answer matches on every expected output, among
// those that differ from the right answer on this case.
func diagnose(c Case, got map[string]conformance.Value, exact map[string]bool) []mistakes.Mistake {
	var out []mistakes.Mistake
	for _, v := range conformance.Variants(c.Op) {
		res, err := conformance.CallVariant(v, c.Inputs, c.Params)
		if err != nil {
			continue
		}
		match, differs, defined := true, false, 0
		for name, want := range c.Expected {
			m, ok := res[name]
			if !ok {
				match = false
				break
			}
			differs = differs || differsFrom(m, want, exact[name], c.Atol, c.Rtol)
			ok, d := matchesMistake(got[name], m, exact[name], c.Atol, c.Rtol)
			defined += d
			match = match && ok
		}
		if match && differs && defined > 0 {
			if m, ok := mistakes.Lookup(v.Mistake); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "no outputs"
	}
	return strings.Join(names, ", ")
}

// oneLine keeps a solution's error message on one report line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
