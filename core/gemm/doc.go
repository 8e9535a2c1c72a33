// Package gemm is dlprep's single-precision matrix product.
//
// Every matrix product in core goes through Sgemm. The package must stay
// dependency-light: it never imports ebiten, and it builds for
// GOOS=js GOARCH=wasm (where a pure-Go path is used).
//
// Tests: go test ./core/gemm/ ; benchmarks: go test -bench . ./core/gemm/
package gemm
