// Package conv holds the convolutions of the interview problems: im2col
// (Im2Col, Unfold, the same column order as PyTorch's F.unfold), conv2d as
// im2col plus one matrix product per group (problem 018), the depthwise
// separable convolution (006) and the causal 3-D downsampler (001).
//
// Layouts follow PyTorch: images [B,C,H,W], video [B,C,T,H,W], weights
// [O, C/groups, k...]. A weight row [C/groups·kH·kW] is laid out in exactly
// the order Im2Col writes its rows (channel, then kernel row, then kernel
// column), so a conv is the matrix product W[O,K] × cols[K,L].
//
// A stride-1 conv with one group whose output keeps its input's size
// (padding "same": ResNet's 3×3 pad 1) is computed directly from x in NCHW
// where the CPU has AVX-512 (direct.go, gemm.ConvPlan): a vector of 16
// output pixels of one channel reads 16 consecutive values of x for each
// tap, lanes in the padding masked off, and y is written in place. It is
// not unfolded, padded or transposed at all, and checks x for NaN and ±Inf
// through its outputs.
//
// Other stride-1 convs with one group and at least 32 values per kernel
// row (kW·C), and the same-size ones on other CPUs, take the shifted form
// (shifted.go): the columns are unfolded along the kernel's width only,
// channel-last, and each kernel row is a shifted view of them, so the
// conv is kH products per band of output rows with the pixels on the long
// side. Every form does the same multiply-adds, and results agree with
// the im2col form within float32 rounding.
//
// At two threads or more the stages around the products (im2col,
// unfolding, copying out, the bias) run in parts on every core through
// core.Parallel, the products inside a part on its own goroutine; results
// are bit-identical to one thread and warm workspaces still allocate
// nothing (TestConvThreadsBitIdentical, TestConvParallelAllocatesNothing).
//
// Every matrix product goes through core.Gemm so that multiply-adds are
// counted. The package imports only the standard library and dlprep/core;
// it must never import ebiten or anything under viz/ (it builds for
// GOOS=js GOARCH=wasm).
//
// Tests: go test ./core/conv/ (property tests against a direct loop
// convolution, each stride-1 case in the form it takes and with the direct
// form off, a literal im2col grid, FuzzConv2D over both, BenchmarkOp_conv2d).
package conv
