// Package practice is dlprep's practice mode: it lists and describes the
// problems, writes starter files in which a learner fills in one function,
// and judges any program that speaks the judge's wire protocol (one JSON
// line per case on stdin, one JSON line per answer on stdout; see
// docs/practice.md) against the PyTorch-made conformance cases, naming the
// catalogued mistake (core/mistakes) a failing answer matches.
//
// The judge never hangs and never panics on what a solution does: it runs
// the solution once, in its own process group, with a per-answer timeout,
// bounded line lengths and a bounded stderr tail, and turns a crash, a
// garbled line, a wrong id, a timeout or missing answers into failed cases
// with a clear message.
//
// The cases come in as an fs.FS (the CLI embeds testdata/conformance; see
// package dlprep at the repository root), so the package never looks for
// files relative to the working directory.
//
// Tests run real solutions through the real protocol: the test binary
// itself as a Go solution (correct, each mistake, and each way of
// misbehaving), Python with NumPy (/usr/bin/python3) for the starters and
// for hand-written right and wrong answers, and PyTorch when present.
// go test ./practice/ (-short runs the NumPy sweep on four ops, not all 40).
package practice
