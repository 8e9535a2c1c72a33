package diffusion

import (
	"fmt"
	"math"

	"dlprep/core"
)

// SigmaKind chooses the DDPM reverse-step noise level σ_t.
type SigmaKind int

// The two σ choices of Ho et al. 2020, both valid for DDPM.
const (
	// SigmaBeta is σ² = β_t, the upper bound (the noise added going forward).
	SigmaBeta SigmaKind = iota
	// SigmaPosterior is σ² = β̃_t = (1-ᾱ_{t-1})/(1-ᾱ_t) β_t, the variance of
	// q(x_{t-1} | x_t, x_0), the lower bound.
	SigmaPosterior
)

// ParseSigma reads "beta" or "posterior".
func ParseSigma(s string) (SigmaKind, error) {
	switch s {
	case "beta":
		return SigmaBeta, nil
	case "posterior":
		return SigmaPosterior, nil
	}
	return 0, fmt.Errorf("ddpm_step: unknown sigma %q (want beta or posterior)", s)
}

// String is the OPS.md name of the σ choice.
func (k SigmaKind) String() string {
	if k == SigmaPosterior {
		return "posterior"
	}
	return "beta"
}

// DDPMParams are the schedule values of one DDPM reverse step at timestep T.
// BetaT enters only through σ. AlphaBarPrev (ᾱ_{t-1}) is needed only by
// SigmaPosterior with T > 0; 0 means absent.
type DDPMParams struct {
	AlphaT, AlphaBarT, BetaT, AlphaBarPrev float64
	T                                      int
	Sigma                                  SigmaKind
}

// DDPMCoefficients turn a DDPM step into x_{t-1} = (x_t − EpsCoef·ε)·InvSqrtAlpha + Sigma·z.
type DDPMCoefficients struct {
	InvSqrtAlpha float64 // 1/√α_t
	EpsCoef      float64 // (1−α_t)/√(1−ᾱ_t)
	Sigma        float64 // 0 at t = 0: the last step adds no noise
}

// Coefficients validates p and returns the step's scalars.
func (p DDPMParams) Coefficients() (DDPMCoefficients, error) {
	const op = "ddpm_step"
	if p.T < 0 {
		return DDPMCoefficients{}, fmt.Errorf("%s: t must be >= 0, got %d", op, p.T)
	}
	if err := checkUnitInterval(op, "alpha_t", p.AlphaT, true); err != nil {
		return DDPMCoefficients{}, err
	}
	if err := checkUnitInterval(op, "alpha_bar_t", p.AlphaBarT, false); err != nil {
		return DDPMCoefficients{}, err
	}
	if math.IsNaN(p.BetaT) || p.BetaT < 0 || p.BetaT > 1 {
		return DDPMCoefficients{}, fmt.Errorf("%s: beta_t must be in [0, 1], got %v", op, p.BetaT)
	}
	if p.Sigma != SigmaBeta && p.Sigma != SigmaPosterior {
		return DDPMCoefficients{}, fmt.Errorf("%s: unknown sigma kind %d", op, int(p.Sigma))
	}
	c := DDPMCoefficients{
		InvSqrtAlpha: 1 / math.Sqrt(p.AlphaT),
		EpsCoef:      (1 - p.AlphaT) / math.Sqrt(1-p.AlphaBarT),
	}
	if p.T == 0 {
		return c, nil
	}
	switch p.Sigma {
	case SigmaBeta:
		c.Sigma = math.Sqrt(p.BetaT)
	case SigmaPosterior:
		if p.AlphaBarPrev == 0 {
			return DDPMCoefficients{}, fmt.Errorf("%s: sigma \"posterior\" at t=%d needs alpha_bar_prev (missing or 0)", op, p.T)
		}
		if math.IsNaN(p.AlphaBarPrev) || p.AlphaBarPrev < 0 || p.AlphaBarPrev > 1 {
			return DDPMCoefficients{}, fmt.Errorf("%s: sigma \"posterior\" at t=%d needs alpha_bar_prev in (0, 1], got %v", op, p.T, p.AlphaBarPrev)
		}
		c.Sigma = math.Sqrt((1 - p.AlphaBarPrev) / (1 - p.AlphaBarT) * p.BetaT)
	}
	return c, nil
}

// DDPMStep is problem 010: one reverse step
// x_{t-1} = (x_t − (1−α_t)/√(1−ᾱ_t) ε)/√α_t + σ_t z, with no noise at t = 0.
// xt, eps and z must have the same shape (z is checked even at t = 0).
func DDPMStep(xt, eps, z *core.Tensor, p DDPMParams) (*core.Tensor, error) {
	const op = "ddpm_step"
	if xt == nil {
		return nil, fmt.Errorf("%s: missing x_t", op)
	}
	if err := checkFinite(op, "x_t", xt); err != nil {
		return nil, err
	}
	if err := checkSame(op, xt, "predicted_noise", eps); err != nil {
		return nil, err
	}
	// The noise term vanishes at t = 0, so z may then be omitted.
	if z != nil || p.T != 0 {
		if z == nil {
			return nil, fmt.Errorf("%s: noise is required when t=%d > 0", op, p.T)
		}
		if err := checkSame(op, xt, "noise", z); err != nil {
			return nil, err
		}
	}
	c, err := p.Coefficients()
	if err != nil {
		return nil, err
	}
	if err := core.CheckBudget(op, core.Float32s("x_prev", xt.Shape...)); err != nil {
		return nil, err
	}
	out := core.New(xt.Shape...)
	var zd []float32
	if z != nil {
		zd = z.Data
	}
	DDPMStepInto(out.Data, xt.Data, eps.Data, zd, c)
	return out, nil
}

// DDPMStepInto writes the step into dst (which may alias xt). z may be nil
// when c.Sigma is 0. Lengths are the caller's responsibility.
func DDPMStepInto(dst, xt, eps, z []float32, c DDPMCoefficients) {
	for i, x := range xt {
		v := (float64(x) - c.EpsCoef*float64(eps[i])) * c.InvSqrtAlpha
		if c.Sigma != 0 {
			v += c.Sigma * float64(z[i])
		}
		dst[i] = float32(v)
	}
}
