package toy

import (
	"fmt"
	"math"

	"dlprep/core/diffusion"
)

// Pitfall swaps a correct update for one of the mistakes problems.md records,
// so a scene can run the wrong sampler beside the right one on the same x_T.
type Pitfall int

// The mistakes of problems 010 and 011.
const (
	NoPitfall Pitfall = iota
	// AlphaBarForAlpha is DDPM with ᾱ_t where α_t belongs: every step
	// jumps to the x0 estimate (x_t − √(1−ᾱ_t) ε)/√ᾱ_t and adds fresh noise,
	// so the samples never settle.
	AlphaBarForAlpha
	// NoiseAtLastStep is DDPM adding σ z at t = 0 as well (σ_0 = √β_0; the
	// posterior σ vanishes there anyway). With the default linear schedule
	// σ_0 = 0.01: a small blur that a short, coarse schedule makes visible.
	NoiseAtLastStep
	// SwappedAlphaBars is DDIM with ᾱ_t and ᾱ_{t−1} exchanged: x0 is
	// predicted with ᾱ_{t−1} and re-noised with ᾱ_t, which runs the update
	// toward noise instead of away from it.
	SwappedAlphaBars
)

// String names the pitfall for labels.
func (p Pitfall) String() string {
	switch p {
	case AlphaBarForAlpha:
		return "ᾱ for α"
	case NoiseAtLastStep:
		return "noise at the last step"
	case SwappedAlphaBars:
		return "ᾱ_t and ᾱ_{t-1} swapped"
	}
	return "none"
}

// checkPitfall refuses a pitfall that does not belong to the method.
func checkPitfall(cfg Config) error {
	switch cfg.Pitfall {
	case NoPitfall:
		return nil
	case AlphaBarForAlpha, NoiseAtLastStep:
		if cfg.Method == DDPM {
			return nil
		}
	case SwappedAlphaBars:
		if cfg.Method == DDIM {
			return nil
		}
	default:
		return fmt.Errorf("toy: unknown pitfall %d", int(cfg.Pitfall))
	}
	return fmt.Errorf("toy: pitfall %q does not apply to %v", cfg.Pitfall, cfg.Method)
}

// ddpmCoefficients are the DDPM scalars of timestep t, with the pitfall.
func ddpmCoefficients(cfg Config, t int) (diffusion.DDPMCoefficients, error) {
	p := cfg.Schedule.DDPM(t, cfg.Sigma)
	if cfg.Pitfall == AlphaBarForAlpha {
		p.AlphaT = p.AlphaBarT
	}
	c, err := p.Coefficients()
	if err == nil && cfg.Pitfall == NoiseAtLastStep && t == 0 {
		c.Sigma = math.Sqrt(p.BetaT)
	}
	return c, err
}

// ddimParams are the DDIM params of a step, with the pitfall.
func ddimParams(cfg Config, from, to float64) diffusion.DDIMParams {
	if cfg.Pitfall == SwappedAlphaBars {
		from, to = to, from
	}
	return diffusion.DDIMParams{AlphaBarT: from, AlphaBarPrev: to, Eta: cfg.Eta}
}
