// Package problems is the catalogue of dlprep's 37 interview problems as
// plain data: number, title, family, the conformance ops that check an
// answer, difficulty, a short statement, the idioms worth knowing and the ids
// of the catalogued mistakes (package core/mistakes computes each of them).
//
// The CLI's practice mode lists and describes problems from it, and the
// visualizer reads titles from it, so the text here is user-facing: it is
// written in our own words, and ../shared/problems.md and idioms.md are its
// sources.
//
// It imports the standard library only (it must stay readable from any layer,
// including the WebAssembly build). Tests: go test ./core/problems/
package problems
