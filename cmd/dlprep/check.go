package main

import (
	"errors"
	"fmt"
	"io"

	"dlprep/conformance"
	"dlprep/conformance/contract"
	_ "dlprep/conformance/ops" // registers every op
)

// runCheck runs the cases of every path, printing each failure as it
// happens and, always, the summary line last. A path that is missing or
// unreadable counts as one failed case; the others still run.
func runCheck(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "dlprep check: give one or more files or folders\n")
		return 2
	}
	passed, failed := 0, 0
	report := func(r conformance.Result) {
		if r.Pass {
			passed++
			return
		}
		failed++
		fmt.Fprintln(stdout, r.String())
	}
	for _, arg := range args {
		files, bad := conformance.CollectFiles([]string{arg})
		for _, r := range bad {
			report(r)
		}
		for _, f := range files {
			conformance.CheckStream(f, report)
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		return 1
	}
	return 0
}

// runEval prints each case's outputs (or its error) as JSON, case by case
// as they are computed: an array when the file holds an array, one object
// when it holds one case. It exits 1 when a case that does not expect an
// error fails to run, or when the file holds no case (as check does).
func runEval(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, "dlprep eval: give exactly one case file\n")
		return 2
	}
	path := args[0]
	f, err := conformance.OpenCaseFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "dlprep eval: %s\n", conformance.SafeText(err.Error(), 0))
		return 1
	}
	defer f.Close()
	cr := conformance.NewCaseReader(f)
	jw := conformance.NewJSONWriter(stdout)
	code, n := 0, 0
	for {
		c, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(stderr, "dlprep eval: %s: %s\n", conformance.SafeText(path, 0), conformance.SafeText(err.Error(), 0))
			code = 1
			break
		}
		switch {
		case n > 0:
			jw.Raw(",\n")
		case cr.IsArray():
			jw.Raw("[\n")
		}
		n++
		jw.Raw(`{"name": `)
		jw.String(c.Name)
		jw.Raw(`, "op": `)
		jw.String(c.Op)
		out, err := conformance.Evaluate(c)
		if err != nil {
			jw.Raw(`, "error": `)
			jw.String(err.Error())
			var pe *conformance.PanicError
			if !c.ExpectError || errors.As(err, &pe) {
				code = 1
			}
		} else {
			jw.Raw(`, "outputs": `)
			jw.Outputs(out)
		}
		jw.Raw("}")
		// Each case goes out as soon as it is computed.
		if err := jw.Flush(); err != nil {
			fmt.Fprintf(stderr, "dlprep eval: writing the output: %v\n", err)
			return 1
		}
	}
	switch {
	case cr.IsArray() && n == 0:
		jw.Raw("[]\n")
	case cr.IsArray():
		jw.Raw("\n]\n")
	case n > 0:
		jw.Raw("\n")
	}
	if err := jw.Flush(); err != nil {
		fmt.Fprintf(stderr, "dlprep eval: writing the output: %v\n", err)
		return 1
	}
	if n == 0 && code == 0 {
		fmt.Fprintf(stderr, "dlprep eval: %s: file holds no cases\n", conformance.SafeText(path, 0))
		code = 1
	}
	return code
}

// runOps lists the op names, or with --markdown writes docs/ops.md: the
// contract of every registered op (conformance/contract).
func runOps(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		for _, n := range conformance.OpNames() {
			fmt.Fprintln(stdout, n)
		}
		return 0
	case len(args) == 1 && (args[0] == "--markdown" || args[0] == "-markdown"):
		md, err := contract.Markdown(conformance.OpNames())
		if err != nil {
			fmt.Fprintf(stderr, "dlprep ops: %v\n", err)
			return 1
		}
		stdout.Write(md)
		return 0
	}
	fmt.Fprintf(stderr, "dlprep ops: unexpected arguments %q (usage: dlprep ops [--markdown])\n", args)
	return 2
}
