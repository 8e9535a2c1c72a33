// Package contract describes every conformance op for people: its inputs,
// params and outputs with their shapes, kinds and defaults, and what it
// computes. It is the single source of docs/ops.md (dlprep ops --markdown),
// of the contract dlprep practice prints, and of the typed signatures of
// the practice starter files.
//
// The text follows ../shared/conformance/OPS.md, which fixes the ops; the
// registry (package conformance) fixes which input and param names an op
// accepts, and a test keeps the two in agreement.
//
// Tests: go test ./conformance/contract/ (-update rewrites docs/ops.md).
package contract
