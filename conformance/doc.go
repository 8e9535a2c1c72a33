// Package conformance reads, runs and checks the conformance cases of
// ../shared/conformance/OPS.md: JSON files holding an op's inputs, params
// and the outputs PyTorch computed.
//
// It is a thin layer over core: each op registers an adapter (Register) that
// turns decoded inputs and params into a call of the documented Go API and its
// results into Values. The runner never panics on any file: malformed JSON,
// NaN/Infinity literals (as Python's json module writes them), wrong shapes,
// missing inputs and unknown params all end as a failed case, or as a passed
// one when the case says "expect_error".
//
// Tests: go test ./conformance/ runs every case under testdata/conformance.
// Fuzz: go test -fuzz FuzzParse ./conformance/ (and FuzzRunOps).
package conformance
