package diffusion

import (
	"fmt"
	"math"

	"dlprep/core"
)

// MaxSteps caps a schedule's length: real schedules have about 1000 steps and
// a param like num_steps = 1e9 must fail instead of exhausting memory.
const MaxSteps = 1000000

// ScheduleKind names how the betas of a schedule are spaced.
type ScheduleKind int

// Schedule kinds (OPS.md noise_schedule).
const (
	// Linear spaces β evenly from BetaStart to BetaEnd (DDPM).
	Linear ScheduleKind = iota
	// ScaledLinear spaces √β evenly and squares (Stable Diffusion).
	ScaledLinear
	// Cosine derives β from ᾱ(t) = cos²((t/T+s)/(1+s)·π/2)/ᾱ(0), s = 0.008,
	// clipped at 0.999 (Nichol & Dhariwal 2021).
	Cosine
)

// ParseScheduleKind reads "linear", "scaled_linear" or "cosine".
func ParseScheduleKind(s string) (ScheduleKind, error) {
	switch s {
	case "linear":
		return Linear, nil
	case "scaled_linear":
		return ScaledLinear, nil
	case "cosine":
		return Cosine, nil
	}
	return 0, fmt.Errorf("noise_schedule: unknown kind %q (want linear, scaled_linear or cosine)", s)
}

// String is the OPS.md name of the kind.
func (k ScheduleKind) String() string {
	switch k {
	case ScaledLinear:
		return "scaled_linear"
	case Cosine:
		return "cosine"
	}
	return "linear"
}

// Default β range of the linear kinds (Ho et al. 2020).
const (
	DefaultBetaStart = 1e-4
	DefaultBetaEnd   = 0.02
)

// cosineOffset is the s of the cosine schedule: it keeps β_0 from being
// vanishingly small.
const cosineOffset = 0.008

// maxCosineBeta clips the cosine schedule's last betas, which approach 1.
const maxCosineBeta = 0.999

// Schedule is a noise schedule indexed by timestep t = 0..T-1:
// Alphas[t] = 1 - Betas[t], AlphaBars[t] = Π_{s≤t} Alphas[s].
type Schedule struct {
	Kind      ScheduleKind
	Betas     []float64
	Alphas    []float64
	AlphaBars []float64
}

// NewSchedule builds a schedule of numSteps steps. betaStart and betaEnd are
// used by Linear and ScaledLinear only and must lie in [0, 1).
func NewSchedule(kind ScheduleKind, numSteps int, betaStart, betaEnd float64) (*Schedule, error) {
	if numSteps < 1 || numSteps > MaxSteps {
		return nil, fmt.Errorf("noise_schedule: num_steps must be in [1, %d], got %d", MaxSteps, numSteps)
	}
	if err := core.CheckBudget("noise_schedule", core.Float64s("betas, alphas, alpha_bars", 3, numSteps)); err != nil {
		return nil, err
	}
	s := &Schedule{Kind: kind, Betas: make([]float64, numSteps)}
	switch kind {
	case Linear, ScaledLinear:
		for _, b := range []struct {
			name string
			v    float64
		}{{"beta_start", betaStart}, {"beta_end", betaEnd}} {
			if !(b.v >= 0 && b.v < 1) {
				return nil, fmt.Errorf("noise_schedule: %s must be in [0, 1), got %v", b.name, b.v)
			}
		}
		lo, hi := betaStart, betaEnd
		if kind == ScaledLinear {
			lo, hi = math.Sqrt(lo), math.Sqrt(hi)
		}
		for t := range s.Betas {
			v := lo
			if numSteps > 1 {
				// The same interpolation as torch.linspace: from each end
				// toward the middle, so both ends are exact.
				step := (hi - lo) / float64(numSteps-1)
				if t < numSteps/2 {
					v = lo + step*float64(t)
				} else {
					v = hi - step*float64(numSteps-1-t)
				}
			}
			if kind == ScaledLinear {
				v *= v
			}
			s.Betas[t] = v
		}
	case Cosine:
		abar := func(t int) float64 {
			c := math.Cos((float64(t)/float64(numSteps) + cosineOffset) / (1 + cosineOffset) * math.Pi / 2)
			return c * c
		}
		a0 := abar(0)
		for t := range s.Betas {
			s.Betas[t] = math.Min(1-(abar(t+1)/a0)/(abar(t)/a0), maxCosineBeta)
		}
	default:
		return nil, fmt.Errorf("noise_schedule: unknown kind %d", int(kind))
	}
	s.Alphas = make([]float64, numSteps)
	s.AlphaBars = make([]float64, numSteps)
	prod := 1.0
	for t, b := range s.Betas {
		s.Alphas[t] = 1 - b
		prod *= s.Alphas[t]
		s.AlphaBars[t] = prod
	}
	return s, nil
}

// Len is the number of timesteps T.
func (s *Schedule) Len() int { return len(s.Betas) }

// AlphaBarPrev is ᾱ_{t-1}, with ᾱ_{-1} = 1 (no noise before the first step).
func (s *Schedule) AlphaBarPrev(t int) float64 {
	if t <= 0 {
		return 1
	}
	return s.AlphaBars[t-1]
}

// DDPM returns the reverse-step params of timestep t with the given σ choice.
func (s *Schedule) DDPM(t int, sigma SigmaKind) DDPMParams {
	return DDPMParams{AlphaT: s.Alphas[t], AlphaBarT: s.AlphaBars[t], BetaT: s.Betas[t],
		AlphaBarPrev: s.AlphaBarPrev(t), T: t, Sigma: sigma}
}

// Timesteps returns n timesteps of a T-step schedule in descending order,
// evenly spaced from T-1 down to 0 (rounded), the subset a DDIM sampler
// visits. n is clipped to [1, T].
func (s *Schedule) Timesteps(n int) []int {
	T := s.Len()
	n = max(1, min(n, T))
	ts := make([]int, n)
	for i := range ts {
		if n == 1 {
			ts[i] = T - 1
			continue
		}
		ts[i] = int(math.Round(float64(n-1-i) * float64(T-1) / float64(n-1)))
	}
	return ts
}

// TrailingTimesteps returns n timesteps of a T-step schedule in descending
// order with "trailing" spacing (diffusers' timestep_spacing="trailing",
// Lin et al. 2024): round(T − i·T/n) − 1 for i = 0..n−1, so the first step
// starts at the noisiest timestep T−1 and the last one at about T/n − 1
// rather than at 0. A sampler that finishes with a step to ᾱ = 1 then has
// no idle last step (from ᾱ_0 ≈ 1 to 1). n is clipped to [1, T].
func (s *Schedule) TrailingTimesteps(n int) []int {
	T := s.Len()
	n = max(1, min(n, T))
	ts := make([]int, n)
	for i := range ts {
		ts[i] = max(0, int(math.Round(float64(T)-float64(i)*float64(T)/float64(n)))-1)
	}
	return ts
}
