// Package attention holds the attention ops of the interview problems:
// scaled dot-product attention (problem 003's bonus, 004's causal mask),
// multi-head self-attention (003, 004), spatio-temporal window attention
// (000), factorized space-time attention (027), camera-conditioned
// cross-attention (025) and self-attention with LoRA on q and v (017).
//
// Every op follows ../../shared/conformance/OPS.md: heads split the channel
// axis as [heads, head_dim], the scale is 1/sqrt(head_dim), a boolean mask
// keeps the positions where it is 1, and a query row whose keys are all
// masked gets zero weights and a zero output (PyTorch would give NaN). Each op
// also returns its attention weights, because the visualizer draws them.
//
// All matrix products go through core.Gemm, which counts multiply-adds; MHSA
// performs exactly the products of OPS.md's mhsa_flops and nothing else.
// Heads are never copied out: a head is a column block of the [tokens,
// channels] projections, addressed through Gemm's leading dimensions.
//
// Callers that run an op every frame use a Workspace: its methods mirror
// SDPA, MHSA, WindowAttention, FactorizedAttention and CameraCrossAttention,
// keep every output and scratch buffer between calls and allocate nothing
// once warm (WASM's GC is slow). The package-level functions run on a fresh
// Workspace and return tensors the caller owns, identical bit for bit.
//
// The softmax takes its row maximum, exponentials and their sum from
// core/fastmath (AVX2 on amd64, pure Go elsewhere).
//
// The package imports only the standard library, dlprep/core and
// dlprep/core/fastmath: never
// ebiten, never gonum directly (it must build with GOOS=js GOARCH=wasm).
//
// Tests: go test ./core/attention/ (unit and property tests, FuzzSDPA,
// TestWorkspaceAllocs for the zero-allocation promise);
// the PyTorch golden cases run in ./conformance/ops; benchmarks with
// go test -run x -bench 'Op_|Workspace_' -benchmem -benchtime 10x ./core/attention/.
package attention
