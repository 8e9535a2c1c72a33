package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"dlprep"
	"dlprep/core/problems"
	"dlprep/practice"
)

func init() {
	commands["practice"] = runPractice
	commands["judge"] = runJudge
}

// parseInterspersed parses flags that may come before or after the
// positional arguments (dlprep practice 004 --lang go) and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// runPractice is "dlprep practice [NNN [--lang L] [--dir D] [--op OP] [--mistakes]]".
func runPractice(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("practice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "numpy", "starter language: numpy, torch or go")
	dir := fs.String("dir", "", "folder for the starter files (default dlprep-practice/NNN-op-lang)")
	op := fs.String("op", "", "which of the problem's ops to write the starter for (default its main op)")
	listMistakes := fs.Bool("mistakes", false, "list the problem's catalogued mistakes instead of writing a starter")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: dlprep practice                  list the problems\n"+
			"       dlprep practice NNN [flags]      describe problem NNN and write a starter\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) == 0 {
		practice.List(stdout)
		return 0
	}
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "dlprep practice: one problem number at a time, got %q\n", pos)
		return 2
	}
	p, ok := problems.Lookup(pos[0])
	if !ok {
		fmt.Fprintf(stderr, "dlprep practice: no problem %q (dlprep practice lists them)\n", pos[0])
		return 2
	}
	if *listMistakes {
		practice.Mistakes(stdout, p)
		return 0
	}
	l, err := practice.ParseLang(*lang)
	if err != nil {
		fmt.Fprintf(stderr, "dlprep practice: %v\n", err)
		return 2
	}
	target := p.MainOp()
	if *op != "" {
		if !slices.Contains(p.Ops, *op) {
			fmt.Fprintf(stderr, "dlprep practice: problem %s is checked by %v, not by %q\n", p.Number, p.Ops, *op)
			return 2
		}
		target = *op
	}
	practice.Describe(stdout, p, target)
	if target == "" {
		fmt.Fprintln(stdout, "\nA design problem has no single right answer, so no starter and no judge: see its scene in the visualizer.")
		return 0
	}
	s, err := practice.NewStarter(p, target, l)
	if err != nil {
		fmt.Fprintf(stderr, "dlprep practice: %v\n", err)
		return 1
	}
	d := *dir
	if d == "" {
		d = filepath.Join("dlprep-practice", fmt.Sprintf("%s-%s-%s", p.Number, target, l))
	}
	kept, err := s.Write(d)
	if err != nil {
		fmt.Fprintf(stderr, "dlprep practice: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout)
	if kept {
		fmt.Fprintf(stdout, "Kept your %s; rewrote the glue (%v) in %s.\n", s.Solution, s.Glue, d)
	} else {
		fmt.Fprintf(stdout, "Wrote %s (fill in %s) and the glue %v, which you never edit, in %s.\n", s.Solution, s.Function(), s.Glue, d)
	}
	fmt.Fprintf(stdout, "Judge it with:\n  %s\n", s.Command(d))
	return 0
}

// runJudge is "dlprep judge OP|NNN [--errors] [--timeout 10s] -- CMD [ARGS...]".
func runJudge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("judge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withErrors := fs.Bool("errors", false, "also run the bad-input cases, which the solution must refuse with an error")
	timeout := fs.Duration("timeout", practice.DefaultTimeout, "how long to wait for each answer")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: dlprep judge OP|NNN [--errors] [--timeout 10s] -- CMD [ARGS...]\n"+
			"Runs CMD once and sends it every case of the op as JSON lines (docs/practice.md).\n")
		fs.PrintDefaults()
	}
	sep := slices.Index(args, "--")
	if sep < 0 || sep == len(args)-1 {
		fmt.Fprintln(stderr, "dlprep judge: give the solution's command after --")
		fs.Usage()
		return 2
	}
	pos, err := parseInterspersed(fs, args[:sep])
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "dlprep judge: give one op name or problem number before --, got %q\n", pos)
		return 2
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "dlprep judge: --timeout must be positive, got %v\n", *timeout)
		return 2
	}
	op, err := practice.ResolveTarget(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "dlprep judge: %v\n", err)
		return 2
	}
	rep, err := practice.Judge(practice.Options{
		Op: op, Command: args[sep+1:], Errors: *withErrors, Timeout: *timeout,
		Cases: caseSet(), Out: stdout, Log: stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "dlprep judge: %v\n", err)
		return 1
	}
	if !rep.OK() {
		return 1
	}
	return 0
}

// caseSet is the embedded cases, or the folder DLPREP_CASES names (for
// judging against cases made since the binary was built).
func caseSet() *practice.CaseSet {
	if d := os.Getenv("DLPREP_CASES"); d != "" {
		return practice.NewCaseSet(os.DirFS(d))
	}
	return practice.NewCaseSet(dlprep.ConformanceCases())
}
