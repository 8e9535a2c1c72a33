package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"

	"dlprep/conformance"
	"dlprep/conformance/contract"
	_ "dlprep/conformance/ops" // registers every op
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "dlprep check: give one or more files or folders\n")
		return 2
	}
	files, err := conformance.CollectFiles(args)
	if err != nil {
		fmt.Fprintf(stderr, "dlprep check: %v\n", err)
		fmt.Fprintln(stdout, "0 passed, 1 failed")
		return 1
	}
	passed, failed := 0, 0
	for _, f := range files {
		for _, r := range conformance.CheckFile(f) {
			if r.Pass {
				passed++
				continue
			}
			failed++
			fmt.Fprintln(stdout, r.String())
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		return 1
	}
	return 0
}

func runEval(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, "dlprep eval: give exactly one case file\n")
		return 2
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "dlprep eval: %v\n", err)
		return 1
	}
	cases, err := conformance.ParseFile(data)
	if err != nil {
		fmt.Fprintf(stderr, "dlprep eval: %s: %v\n", args[0], err)
		return 1
	}
	var buf bytes.Buffer
	code := 0
	if len(cases) != 1 {
		buf.WriteString("[\n")
	}
	for i, c := range cases {
		if i > 0 {
			buf.WriteString(",\n")
		}
		fmt.Fprintf(&buf, `{"name": %s, "op": %s, `, strconv.Quote(c.Name), strconv.Quote(c.Op))
		out, err := conformance.Evaluate(c)
		if err != nil {
			fmt.Fprintf(&buf, `"error": %s}`, strconv.Quote(err.Error()))
			if !c.ExpectError {
				code = 1
			}
			continue
		}
		buf.WriteString(`"outputs": `)
		conformance.AppendJSON(&buf, out)
		buf.WriteString("}")
	}
	if len(cases) != 1 {
		buf.WriteString("\n]")
	}
	buf.WriteString("\n")
	stdout.Write(buf.Bytes())
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
