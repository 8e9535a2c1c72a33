package ops

import (
	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/diffusion"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "cfg",
		Inputs: []string{"eps_uncond", "eps_cond"},
		Params: []string{"guidance_scale"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			w, err := p.Float("guidance_scale")
			if err != nil {
				return nil, err
			}
			eps, err := diffusion.CFG(in["eps_uncond"], in["eps_cond"], w)
			return tensorOut("eps", eps, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:     "ddpm_step",
		Inputs:   []string{"x_t", "predicted_noise"},
		Optional: []string{"noise"}, // not needed at t = 0
		Params:   []string{"alpha_t", "alpha_bar_t", "beta_t", "t", "sigma", "alpha_bar_prev"},
		Run:      ddpmRun(diffusion.DDPMStep),
	})
	conformance.Register(conformance.Op{
		Name:     "ddim_step",
		Inputs:   []string{"x_t", "predicted_noise"},
		Optional: []string{"noise"},
		Params:   []string{"alpha_bar_t", "alpha_bar_prev", "eta"},
		Run:      ddimRun(diffusion.DDIMStep),
	})
	conformance.Register(conformance.Op{
		Name:   "ddim_inversion_step",
		Inputs: []string{"x_t", "predicted_noise"},
		Params: []string{"alpha_bar_t", "alpha_bar_next"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			var ip diffusion.InversionParams
			var err error
			if ip.AlphaBarT, err = p.Float("alpha_bar_t"); err != nil {
				return nil, err
			}
			if ip.AlphaBarNext, err = p.Float("alpha_bar_next"); err != nil {
				return nil, err
			}
			x, err := diffusion.DDIMInversionStep(in["x_t"], in["predicted_noise"], ip)
			return tensorOut("x_next", x, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:   "noise_schedule",
		Params: []string{"num_steps", "kind", "beta_start", "beta_end"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			n, err := p.Int("num_steps")
			if err != nil {
				return nil, err
			}
			ks, err := p.StringOr("kind", "linear")
			if err != nil {
				return nil, err
			}
			kind, err := diffusion.ParseScheduleKind(ks)
			if err != nil {
				return nil, err
			}
			b0, err := p.FloatOr("beta_start", diffusion.DefaultBetaStart)
			if err != nil {
				return nil, err
			}
			b1, err := p.FloatOr("beta_end", diffusion.DefaultBetaEnd)
			if err != nil {
				return nil, err
			}
			s, err := diffusion.NewSchedule(kind, n, b0, b1)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{
				"betas":      float32Vector(s.Betas),
				"alphas":     float32Vector(s.Alphas),
				"alpha_bars": float32Vector(s.AlphaBars),
			}, nil
		},
	})
}

// ddpmRun adapts a ddpm_step computation: x_t, predicted_noise, an
// optional noise and the step's schedule values in; x_prev out.
func ddpmRun(f func(xt, eps, z *core.Tensor, p diffusion.DDPMParams) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		dp, err := ddpmParams(p)
		if err != nil {
			return nil, err
		}
		x, err := f(in["x_t"], in["predicted_noise"], in["noise"], dp)
		return tensorOut("x_prev", x, err)
	}
}

// ddimRun adapts a ddim_step computation: x_t, predicted_noise, an
// optional noise, ᾱ_t, ᾱ_prev and η in; x_prev and x0_pred out.
func ddimRun(f func(xt, eps, z *core.Tensor, p diffusion.DDIMParams) (xPrev, x0 *core.Tensor, err error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		var dp diffusion.DDIMParams
		var err error
		if dp.AlphaBarT, err = p.Float("alpha_bar_t"); err != nil {
			return nil, err
		}
		if dp.AlphaBarPrev, err = p.Float("alpha_bar_prev"); err != nil {
			return nil, err
		}
		if dp.Eta, err = p.FloatOr("eta", 0); err != nil {
			return nil, err
		}
		xp, x0, err := f(in["x_t"], in["predicted_noise"], in["noise"], dp)
		return tensorsOut("x_prev", xp, "x0_pred", x0, err)
	}
}

// ddpmParams reads ddpm_step's schedule values, t and σ kind.
func ddpmParams(p conformance.Params) (diffusion.DDPMParams, error) {
	var dp diffusion.DDPMParams
	var err error
	for _, f := range []struct {
		name string
		dst  *float64
	}{{"alpha_t", &dp.AlphaT}, {"alpha_bar_t", &dp.AlphaBarT}, {"beta_t", &dp.BetaT}} {
		if *f.dst, err = p.Float(f.name); err != nil {
			return dp, err
		}
	}
	// Absent reads as 0, which Coefficients refuses when needed.
	if dp.AlphaBarPrev, err = p.FloatOr("alpha_bar_prev", 0); err != nil {
		return dp, err
	}
	if dp.T, err = p.Int("t"); err != nil {
		return dp, err
	}
	s, err := p.StringOr("sigma", "beta")
	if err != nil {
		return dp, err
	}
	dp.Sigma, err = diffusion.ParseSigma(s)
	return dp, err
}

// float32Vector rounds float64 values to float32, the precision every
// compared output has (OPS.md: computation is float32).
func float32Vector(xs []float64) conformance.Value {
	t := core.New(len(xs))
	for i, v := range xs {
		t.Data[i] = float32(v)
	}
	return conformance.FromTensor(t)
}
