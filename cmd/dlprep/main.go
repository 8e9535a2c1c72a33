// Command dlprep is the project's CLI: the conformance runner (check, eval,
// ops), practice mode (practice, judge; package practice) and headless
// exports of the visualizer's scenes (render).
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

const usage = `usage:
  dlprep check PATH...     run conformance cases (files or folders of *.json)
  dlprep eval CASE.json    print the computed outputs as JSON
  dlprep ops [--markdown]  list every op name (--markdown: their contract, docs/ops.md)
  dlprep practice [NNN]    list the problems, or describe one and write a starter (docs/practice.md)
  dlprep judge OP|NNN [--errors] [--timeout 10s] -- CMD [ARGS...]
                           run your solution on every case of an op and name its mistakes
`

// memoryLimit is the Go heap's soft limit. A case holds at most the memory
// budget in decoded tensors and its op as much again (core.Budget), which
// leaves the collector room under 1 GB only if it does not wait for the
// heap to double before running, as it would by default.
const memoryLimit = 768 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// commands maps subcommand names to their implementations; each returns the
// process exit code. Other files add entries (render) in init.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"check": runCheck,
	"eval":  runEval,
	"ops":   runOps,
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dlprep: unknown command %q\n%s", args[0], usage)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}
