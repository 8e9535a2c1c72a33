package mistakes

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/diffusion"
)

// DDPMAlphaBarForAlpha is problem 010's first mistake: the step uses ᾱ_t
// where α_t belongs, x_{t-1} = (x_t − (1−ᾱ_t)/√(1−ᾱ_t) ε)/√ᾱ_t + σ z, which
// is the x0 estimate plus noise: every step jumps all the way to x0.
func DDPMAlphaBarForAlpha(xt, eps, z *core.Tensor, p diffusion.DDPMParams) (*core.Tensor, error) {
	if _, err := diffusion.DDPMStep(xt, eps, z, p); err != nil {
		return nil, err
	}
	p.AlphaT = p.AlphaBarT
	return diffusion.DDPMStep(xt, eps, z, p)
}

// DDPMNoiseAtLastStep is problem 010's second mistake: σ z is added at
// t = 0 as well, with σ = √β_0 (whatever the σ kind: the posterior σ has no
// ᾱ_{-1} to use there). It needs the noise z at t = 0; at t > 0 it is the
// right step.
func DDPMNoiseAtLastStep(xt, eps, z *core.Tensor, p diffusion.DDPMParams) (*core.Tensor, error) {
	out, err := diffusion.DDPMStep(xt, eps, z, p)
	if err != nil || p.T != 0 {
		return out, err
	}
	if z == nil {
		return nil, fmt.Errorf("ddpm_step: adding noise at t=0 needs the noise input")
	}
	c, err := p.Coefficients()
	if err != nil {
		return nil, err
	}
	c.Sigma = math.Sqrt(p.BetaT)
	diffusion.DDPMStepInto(out.Data, xt.Data, eps.Data, z.Data, c)
	return out, nil
}

// DDIMAlphaBarsSwapped is problem 011's mistake: ᾱ_t and ᾱ_{t-1} change
// places, so x0 is predicted with the next level's ᾱ and re-noised to the
// current one, which runs the step toward noise. It returns x_prev and the
// (wrong) x0 prediction, like diffusion.DDIMStep.
func DDIMAlphaBarsSwapped(xt, eps, z *core.Tensor, p diffusion.DDIMParams) (xPrev, x0 *core.Tensor, err error) {
	if _, _, err := diffusion.DDIMStep(xt, eps, z, p); err != nil {
		return nil, nil, err
	}
	p.AlphaBarT, p.AlphaBarPrev = p.AlphaBarPrev, p.AlphaBarT
	return diffusion.DDIMStep(xt, eps, z, p)
}
