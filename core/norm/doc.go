// Package norm holds the normalisation layers written by hand: BatchNorm2d
// (problem 020: batch statistics in training with running-stat updates,
// running statistics in eval) and LayerNorm (problem 036).
//
// The variance is formed in two passes (mean first, then squared deviations
// from the float32 mean, corrected for its rounding), so large offsets do not
// cancel. Sums run in 32 float32 lanes (AVX2 assembly on amd64, each lane
// adding n/32 values) whose results are combined per row or channel in
// float64; other platforms use four float64 accumulators. Normalising uses the biased variance; BatchNorm's running variance
// takes the unbiased one, as nn.BatchNorm2d does.
//
// The package imports only the standard library, dlprep/core and
// golang.org/x/sys/cpu (to choose the AVX2 loops); it must
// never import ebiten or viz/ (it builds for GOOS=js GOARCH=wasm).
//
// Tests: go test ./core/norm/ (formula and property tests,
// BenchmarkOp_batchnorm2d, BenchmarkOp_layernorm).
package norm
