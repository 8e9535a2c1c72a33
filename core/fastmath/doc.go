// Package fastmath holds the vectorised float32 elementwise kernels the
// core's hot loops share: the exponential (Exp32Into), softmax's fused
// exp-subtract-max-and-sum (ExpSubMaxSum, SumExpSubMax) and the row
// reductions in front of it (Max32, MaxSum), plus the scaling after it
// (Scale32).
//
// On amd64 with AVX2 and FMA (checked at run time through CPUID and XCR0)
// the loops run in hand-written assembly, 8 lanes at a time with masked
// tails; every other target, js/wasm included, runs the pure-Go version of
// the same algorithm, so both agree to within the rounding of a fused
// multiply-add.
//
// Accuracy: exp is within 2 float32 ulps of the correctly rounded result
// over the whole float32 range (measured: under 1 ulp on both paths, see
// TestExpAccuracySweep),
// overflows to +Inf above ln(MaxFloat32), underflows gradually through the
// subnormals to 0, maps −Inf to 0 and propagates NaN.
//
// It imports nothing from dlprep: it is a leaf every core package may use.
//
// Tests: go test ./core/fastmath/ ; under Node:
// PATH=$PATH:$(go env GOROOT)/lib/wasm GOOS=js GOARCH=wasm go test ./core/fastmath/
package fastmath
