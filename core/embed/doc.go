// Package embed holds the position and time embeddings: sinusoidal timestep
// embeddings (problem 009, both layouts), 3-D positional encodings (035) and
// patch embedding (002).
//
// Patch embedding's projection goes through core.Gemm like every matrix
// product. The package imports only the standard library and dlprep/core
// (its tests also use dlprep/core/conv); it must never import ebiten or
// viz/, so it builds for GOOS=js GOARCH=wasm.
//
// Tests: go test ./core/embed/ (patch embedding against a strided conv,
// literal patch and encoding grids, BenchmarkOp_patch_embed).
package embed
