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
// A stride-1 conv with one group and at least 32 values per kernel row
// (kW·C) takes a faster lowering than full im2col (shifted.go): the
// columns are unfolded along the kernel's width only, channel-last, and
// each kernel row is a shifted view of them, so the conv is kH products per
// band of output rows with the pixels on the long side; same multiply-adds,
// results equal to the im2col form within float32 rounding.
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
// convolution, a literal im2col grid, FuzzConv2D, BenchmarkOp_conv2d).
package conv
