// Package ops registers every op of OPS.md with the conformance runner: one
// file per family, each a thin adapter from decoded inputs and params to the
// core's Go API. Import it for its side effect.
//
// Tests: go test ./conformance/ops/ runs every golden case under
// testdata/conformance and fuzzes the ops (FuzzOps).
package ops
