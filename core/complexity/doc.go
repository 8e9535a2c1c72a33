// Package complexity holds the analytic FLOP and parameter counts of
// problems 019 (MHSA), 023 (LoRA versus full fine-tuning) and 026 (CNN versus
// ViT, 2-D and spatio-temporal), as exact int64 integers with overflow
// checks. One multiply-add is 2 FLOPs; a product [m,k]x[k,n] is 2mkn; bias,
// softmax and normalisation are not counted (OPS.md).
//
// The counts are not only stated: measured_test.go runs the core's MHSA
// (core/attention) and LoRA (core/lora) forward passes and checks the
// multiply-adds core.Gemm performed, times 2, against these formulas.
//
// It must never import ebiten, viz or scenes; it builds for GOOS=js.
//
// Tests: go test ./core/complexity/
package complexity
