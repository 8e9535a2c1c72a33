// Package toy is a diffusion world small enough to solve exactly: the data
// distribution is a Gaussian mixture (2-D points for particle clouds, 64-D
// for 8x8 grey glyph images), so the noised marginal p_t is again a mixture
// (means √ᾱ μ_k, covariances ᾱ Σ_k + (1−ᾱ) I) and the ideal noise prediction
//
//	ε*(x_t, t) = −√(1−ᾱ_t) ∇ log p_t(x_t)
//
// is computed in closed form. It stands in for a trained network so the
// diffusion scenes can show DDPM (both σ choices), DDIM (any step subset, any
// η), classifier-free guidance (class-conditional ε*, the null class being the
// full mixture) and DDIM inversion on thousands of particles, with the same
// step formulas as the PyTorch-checked ops of package diffusion. Config.Pitfall
// runs one of the mistakes of problems 010-011 instead, to show beside the
// right run. RunChain, Invert and RunRoundTrip trace whole runs through the
// tensor ops of package diffusion instead, keeping every stage of every
// step (ε̂ and, with guidance, both halves of the batched call; x0; the
// mean; σ z), with the step op a parameter so a core/mistakes function runs
// from the same x_T and noise. Moons and Spiral are the usual 2-D data sets
// of diffusion tutorials, as chains of small Gaussians.
//
// Mixture evaluates densities with per-ᾱ caches and a Sampler records
// trajectories into buffers it reuses across runs (WASM has a slow GC).
// Neither is safe for concurrent use.
//
// It must never import ebiten, viz or scenes; it builds for GOOS=js.
//
// Tests: go test ./core/diffusion/toy/ (DDIM determinism, inversion round
// trip, DDPM sample moments, CFG at w = 1, ε* against finite differences;
// traces against the ops, the Sampler and the mistakes).
package toy
