// Package core holds dlprep's tensor type and the matrix product every op
// uses; the interview problems themselves live in its subpackages, one per
// concern (attention, conv, norm, embed, loss, diffusion, geometry, detect,
// lora, complexity).
//
// Contract: every op follows ../shared/conformance/OPS.md (inputs, params,
// outputs, semantics) and returns an error, never panics, on bad input. The
// core never imports ebiten and builds for GOOS=js GOARCH=wasm.
//
// Matrix products go through MatMul/Gemm here, which count the multiply-adds
// they perform (MulAdds), so analytic FLOP formulas can be checked against
// what the kernels really do.
//
// Memory: every op lists what it is about to allocate (outputs and working
// memory, as Blocks whose sizes are overflow-checked products of all the
// dims, zeros included) and calls CheckBudget before allocating anything;
// past Budget (DefaultBudget, 256 MiB; tests lower it with SetBudget) it
// returns an error naming the blocks and their sizes.
//
// Tests: go test ./core/... ; under Node:
// PATH=$PATH:$(go env GOROOT)/lib/wasm GOOS=js GOARCH=wasm go test ./core/...
package core
