// Package lora is low-rank adaptation of a linear layer (problem 013): a
// frozen W [out,in] plus (α/r)·B·A with A [r,in] and B [out,r], applied as
// B(A x) so the d_out×d_in product BA is never formed during the forward
// pass, and merged into W (W + (α/r) BA) only when asked.
//
// Forward and Merge are separate calls so their costs can be measured
// apart: Forward performs N·(d_in·d_out + r·(d_in+d_out)) multiply-adds for
// N rows of x and Merge d_out·r·d_in (OPS.md lora_costs; the test is in
// core/complexity/measured_test.go). Every product goes through core.Gemm.
//
// It must never import ebiten, viz or scenes; it builds for GOOS=js.
//
// Tests: go test ./core/lora/ ; PyTorch golden cases (nn.Linear modules) in
// testdata/conformance/lora.json run by go test ./conformance/ops/.
package lora
