// Package diffusion holds the denoising-diffusion arithmetic of problems
// 008-012: noise schedules (linear, scaled_linear, cosine), classifier-free
// guidance, the DDPM reverse step (σ = √β or the posterior σ), the DDIM step
// (η = 0 deterministic, η > 0 stochastic) and DDIM inversion.
//
// Each step is written once as scalar coefficients (DDPMParams.Coefficients,
// DDIMParams.Coefficients, InversionParams.Coefficients) so that the tensor
// ops checked against PyTorch and the float64 particle samplers of the toy
// world (subpackage toy) run exactly the same formulas.
//
// It must never import ebiten, viz or scenes; it builds for GOOS=js.
//
// Tests: go test ./core/diffusion/... ; the PyTorch golden cases are run by
// go test ./conformance/ops/ (testdata/conformance/diffusion.json).
package diffusion
