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
// Bounded by design: CaseReader decodes a file as a stream, one case at a
// time, with its own JSON lexer (bare NaN and Infinity, duplicate keys,
// exact integer literals); a case's tensors are held to core's memory
// budget before they are allocated, like every op's outputs; only regular
// files up to MaxFileBytes are opened (OpenCaseFile), never a FIFO or a
// device. Outputs share the op's float32 data, and JSONWriter writes them a
// number at a time. Report lines go through SafeText.
//
// Tests: go test ./conformance/ (parser and runner) and ./conformance/ops
// (every case under testdata/conformance). Fuzz: go test -fuzz FuzzParse
// ./conformance/ and go test -fuzz FuzzOps ./conformance/ops/.
package conformance
