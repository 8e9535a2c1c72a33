// Package norm holds the normalisation layers written by hand: BatchNorm2d
// (problem 020: batch statistics in training with running-stat updates,
// running statistics in eval) and LayerNorm (problem 036).
//
// Statistics are accumulated in float64 and the variance is formed in two
// passes (mean first, then squared deviations), so large offsets do not
// cancel. Normalising uses the biased variance; BatchNorm's running variance
// takes the unbiased one, as nn.BatchNorm2d does.
//
// The package imports only the standard library and dlprep/core; it must
// never import ebiten or viz/ (it builds for GOOS=js GOARCH=wasm).
//
// Tests: go test ./core/norm/ (formula and property tests,
// BenchmarkOp_batchnorm2d, BenchmarkOp_layernorm).
package norm
