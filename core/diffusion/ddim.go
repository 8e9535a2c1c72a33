package diffusion

import (
	"fmt"
	"math"

	"dlprep/core"
)

// DDIMParams are one DDIM step from ᾱ_t to ᾱ_prev (Song et al. 2021). Eta 0
// is the deterministic sampler of problem 011; Eta 1 matches DDPM's
// posterior variance; Eta > 0 needs noise.
type DDIMParams struct {
	AlphaBarT, AlphaBarPrev, Eta float64
}

// DDIMCoefficients turn a DDIM step into
// x0 = (x_t − SqrtOneMinusAlphaBarT·ε)/SqrtAlphaBarT and
// x_prev = SqrtAlphaBarPrev·x0 + Dir·ε + Sigma·z.
type DDIMCoefficients struct {
	SqrtAlphaBarT, SqrtOneMinusAlphaBarT float64
	SqrtAlphaBarPrev                     float64
	Dir                                  float64 // √(1 − ᾱ_prev − σ²)
	Sigma                                float64 // η √((1−ᾱ_prev)/(1−ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev)
}

// Coefficients validates p and returns the step's scalars.
func (p DDIMParams) Coefficients() (DDIMCoefficients, error) {
	return ddimCoefficients("ddim_step", "alpha_bar_prev", p)
}

func ddimCoefficients(op, prevName string, p DDIMParams) (DDIMCoefficients, error) {
	if err := checkUnitInterval(op, "alpha_bar_t", p.AlphaBarT, true); err != nil {
		return DDIMCoefficients{}, err
	}
	if err := checkUnitInterval(op, prevName, p.AlphaBarPrev, true); err != nil {
		return DDIMCoefficients{}, err
	}
	if math.IsNaN(p.Eta) || math.IsInf(p.Eta, 0) || p.Eta < 0 {
		return DDIMCoefficients{}, fmt.Errorf("%s: eta must be a finite number >= 0, got %v", op, p.Eta)
	}
	c := DDIMCoefficients{
		SqrtAlphaBarT:         math.Sqrt(p.AlphaBarT),
		SqrtOneMinusAlphaBarT: math.Sqrt(1 - p.AlphaBarT),
		SqrtAlphaBarPrev:      math.Sqrt(p.AlphaBarPrev),
	}
	var s2 float64
	if p.Eta > 0 {
		if p.AlphaBarT == 1 {
			return DDIMCoefficients{}, fmt.Errorf("%s: eta=%v > 0 needs alpha_bar_t < 1, got 1", op, p.Eta)
		}
		if p.AlphaBarPrev < p.AlphaBarT {
			return DDIMCoefficients{}, fmt.Errorf("%s: eta=%v > 0 needs %s >= alpha_bar_t (a step toward less noise), got %v < %v", op, p.Eta, prevName, p.AlphaBarPrev, p.AlphaBarT)
		}
		s2 = p.Eta * p.Eta * (1 - p.AlphaBarPrev) / (1 - p.AlphaBarT) * (1 - p.AlphaBarT/p.AlphaBarPrev)
	}
	d := 1 - p.AlphaBarPrev - s2
	if d < 0 {
		// Only eta > 1 gets here: the noise would exceed the whole variance
		// budget 1 − ᾱ_prev (diffusers would return NaN).
		if d < -1e-12 {
			return DDIMCoefficients{}, fmt.Errorf("%s: eta=%v makes σ²=%v exceed 1-%s=%v", op, p.Eta, s2, prevName, 1-p.AlphaBarPrev)
		}
		d = 0
	}
	c.Dir = math.Sqrt(d)
	c.Sigma = math.Sqrt(s2)
	return c, nil
}

// DDIMStep is problem 011 (η = 0) and general DDIM (η > 0): it predicts
// x0 = (x_t − √(1−ᾱ_t) ε)/√ᾱ_t, then
// x_prev = √ᾱ_prev x0 + √(1−ᾱ_prev−σ²) ε + σ z. It returns x_prev and x0.
// z may be nil when Eta is 0 (it is ignored then).
func DDIMStep(xt, eps, z *core.Tensor, p DDIMParams) (xPrev, x0 *core.Tensor, err error) {
	const op = "ddim_step"
	if xt == nil {
		return nil, nil, fmt.Errorf("%s: missing x_t", op)
	}
	if err := checkFinite(op, "x_t", xt); err != nil {
		return nil, nil, err
	}
	if err := checkSame(op, xt, "predicted_noise", eps); err != nil {
		return nil, nil, err
	}
	if z != nil {
		if err := checkSame(op, xt, "noise", z); err != nil {
			return nil, nil, err
		}
	}
	c, err := p.Coefficients()
	if err != nil {
		return nil, nil, err
	}
	if p.Eta > 0 && z == nil {
		return nil, nil, fmt.Errorf("%s: eta=%v > 0 needs the noise input", op, p.Eta)
	}
	if err := core.CheckBudget(op, core.Float32s("x_prev", xt.Shape...), core.Float32s("x0_pred", xt.Shape...)); err != nil {
		return nil, nil, err
	}
	xPrev, x0 = core.New(xt.Shape...), core.New(xt.Shape...)
	var zd []float32
	if z != nil {
		zd = z.Data
	}
	DDIMStepInto(xPrev.Data, x0.Data, xt.Data, eps.Data, zd, c)
	return xPrev, x0, nil
}

// DDIMStepInto writes x_prev and the x0 prediction (x0 may be nil when not
// wanted). z may be nil when c.Sigma is 0.
func DDIMStepInto(xPrev, x0, xt, eps, z []float32, c DDIMCoefficients) {
	for i, x := range xt {
		e := float64(eps[i])
		p0 := (float64(x) - c.SqrtOneMinusAlphaBarT*e) / c.SqrtAlphaBarT
		v := c.SqrtAlphaBarPrev*p0 + c.Dir*e
		if c.Sigma != 0 {
			v += c.Sigma * float64(z[i])
		}
		if x0 != nil {
			x0[i] = float32(p0)
		}
		xPrev[i] = float32(v)
	}
}

// InversionParams are one DDIM inversion step from ᾱ_t to the noisier ᾱ_next.
type InversionParams struct {
	AlphaBarT, AlphaBarNext float64
}

// Coefficients returns the step as DDIM coefficients (η = 0, with ᾱ_next in
// the place of ᾱ_prev).
func (p InversionParams) Coefficients() (DDIMCoefficients, error) {
	return ddimCoefficients("ddim_inversion_step", "alpha_bar_next", DDIMParams{AlphaBarT: p.AlphaBarT, AlphaBarPrev: p.AlphaBarNext})
}

// DDIMInversionStep is problem 012: the deterministic DDIM update run toward
// more noise, x_next = √ᾱ_next x0 + √(1−ᾱ_next) ε with ε predicted at t. The
// approximation ε(x_t, t) ≈ ε(x_next, t_next) is why the round trip drifts
// when there are few steps.
func DDIMInversionStep(xt, eps *core.Tensor, p InversionParams) (*core.Tensor, error) {
	const op = "ddim_inversion_step"
	if xt == nil {
		return nil, fmt.Errorf("%s: missing x_t", op)
	}
	if err := checkFinite(op, "x_t", xt); err != nil {
		return nil, err
	}
	if err := checkSame(op, xt, "predicted_noise", eps); err != nil {
		return nil, err
	}
	c, err := p.Coefficients()
	if err != nil {
		return nil, err
	}
	if err := core.CheckBudget(op, core.Float32s("x_next", xt.Shape...)); err != nil {
		return nil, err
	}
	out := core.New(xt.Shape...)
	DDIMStepInto(out.Data, nil, xt.Data, eps.Data, nil, c)
	return out, nil
}
