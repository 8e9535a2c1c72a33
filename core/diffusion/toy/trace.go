package toy

import (
	"fmt"
	"math"
	"math/rand/v2"

	"dlprep/core"
	"dlprep/core/diffusion"
)

// Traces of whole sampling runs, every step taken apart, for the views that
// show a step stage by stage (problems 008, 010, 011, 012). A Sampler runs
// the update in float64 for speed; a trace runs the PyTorch-checked tensor
// ops of package diffusion themselves, step by step, and keeps every
// intermediate: the noise prediction (for guidance, both halves of the
// batched call), the x0 estimate, the step's mean (the op run with z = 0),
// the noise drawn and the result. The step op is a parameter, so the same
// trace runs a catalogued mistake (core/mistakes) from the same x_T and the
// same noise.

// DDPMStepFunc is the signature of diffusion.DDPMStep (and of the mistakes
// of problem 010).
type DDPMStepFunc func(xt, eps, z *core.Tensor, p diffusion.DDPMParams) (*core.Tensor, error)

// DDIMStepFunc is the signature of diffusion.DDIMStep (and of the mistake
// of problem 011).
type DDIMStepFunc func(xt, eps, z *core.Tensor, p diffusion.DDIMParams) (xPrev, x0 *core.Tensor, err error)

// ChainConfig chooses what RunChain runs.
type ChainConfig struct {
	Schedule *diffusion.Schedule
	Method   Method              // DDPM or DDIM
	Sigma    diffusion.SigmaKind // DDPM
	Steps    int                 // DDIM: timesteps visited (0 or > T: all)
	Spacing  Spacing             // DDIM: which timesteps
	Eta      float64             // DDIM
	// Class and Guidance as in Config: with a class, ε̂ is the guided
	// combination of one batched call's two halves (diffusion.CFG).
	Class    int
	Guidance float64
	// DDPMStep and DDIMStep are the update (nil: diffusion.DDPMStep and
	// diffusion.DDIMStep; a mistakes function to run the mistake).
	DDPMStep DDPMStepFunc
	DDIMStep DDIMStepFunc
}

// StepTrace is one step of a run taken apart. Tensors are [N, Dim].
type StepTrace struct {
	// T is the schedule index whose ε̂ the step evaluates (−1: clean data,
	// the first step of an inversion). AlphaBarT is ᾱ of the state Xt,
	// AlphaBarNext ᾱ of the state Out (ᾱ_{t−1} sampling, ᾱ_{t+1}
	// inverting).
	T                       int
	AlphaBarT, AlphaBarNext float64
	// DDPM and DDIM are the params the step op was called with (the one
	// the method uses; Inversion's are in DDIM, with AlphaBarPrev = ᾱ_next).
	DDPM diffusion.DDPMParams
	DDIM diffusion.DDIMParams
	Xt   *core.Tensor
	// EpsUncond and EpsCond are the halves of the batched noise call of
	// classifier-free guidance (nil without a class); Eps is the ε̂ the
	// step used: diffusion.CFG of the two, or the unconditional call.
	EpsUncond, EpsCond, Eps *core.Tensor
	// X0 is the x0 estimate (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t, from diffusion.DDIMStep
	// (for a DDIM run, from the step op itself, so a mistake's own).
	X0 *core.Tensor
	// Mean is the step op run with z = 0; Z the noise it was run with (nil
	// when the step draws none); Out the step op's result; Noise what the
	// noise added, Out − Mean (σ z for the right ops).
	Mean, Z, Out, Noise *core.Tensor
}

// setNoise fills Noise = Out − Mean.
func (st *StepTrace) setNoise() {
	st.Noise = core.New(st.Out.Shape...)
	for i, v := range st.Out.Data {
		st.Noise.Data[i] = v - st.Mean.Data[i]
	}
}

// Chain is a whole traced run.
type Chain struct {
	Method Method
	N, Dim int
	Steps  []StepTrace
}

// Len is the number of steps.
func (c *Chain) Len() int { return len(c.Steps) }

// State is the particles after k steps: State(0) the start, State(Len())
// the result.
func (c *Chain) State(k int) *core.Tensor {
	if k < len(c.Steps) {
		return c.Steps[max(k, 0)].Xt
	}
	return c.Steps[len(c.Steps)-1].Out
}

// AlphaBar is ᾱ of State(k).
func (c *Chain) AlphaBar(k int) float64 {
	if k < len(c.Steps) {
		return c.Steps[max(k, 0)].AlphaBarT
	}
	return c.Steps[len(c.Steps)-1].AlphaBarNext
}

// samplerStream is the PCG stream of every run's generator: a trace seeded
// like a Sampler draws the same x_T and the same noise.
const samplerStream = 0x9e3779b97f4a7c15

// maxTraceValues bounds a trace's memory (about eight tensors a step).
const maxTraceValues = MaxFrameValues

// RunChain draws x_T ~ N(0, I) for n points and runs cfg to the end,
// keeping every step. Seeded alike, it draws the x_T and noise of
// Sampler.Start: a DDPM run draws z at every step (the last step's z is
// drawn but unused by the right update), a DDIM run with η > 0 at every
// step.
func RunChain(m *Mixture, cfg ChainConfig, n int, seed uint64) (*Chain, error) {
	if m == nil {
		return nil, fmt.Errorf("toy: chain has no mixture")
	}
	if n < 1 || n > 1<<20 {
		return nil, fmt.Errorf("toy: particle count must be in [1, %d], got %d", 1<<20, n)
	}
	rng := rand.New(rand.NewPCG(seed, samplerStream))
	xT := core.New(n, m.Dim)
	for i := range xT.Data {
		xT.Data[i] = float32(rng.NormFloat64())
	}
	return runChain(m, cfg, xT, rng)
}

// RunChainFrom runs cfg from the given x_T ([N, Dim]; DDIM from an
// inversion's result, say); seed drives any noise.
func RunChainFrom(m *Mixture, cfg ChainConfig, xT *core.Tensor, seed uint64) (*Chain, error) {
	if m == nil {
		return nil, fmt.Errorf("toy: chain has no mixture")
	}
	if xT == nil || len(xT.Shape) != 2 || xT.Shape[1] != m.Dim || xT.Shape[0] < 1 {
		var sh []int
		if xT != nil {
			sh = xT.Shape
		}
		return nil, fmt.Errorf("toy: x_T must be [N, %d], got %v", m.Dim, sh)
	}
	return runChain(m, cfg, xT, rand.New(rand.NewPCG(seed, samplerStream)))
}

func runChain(m *Mixture, cfg ChainConfig, xT *core.Tensor, rng *rand.Rand) (*Chain, error) {
	if cfg.Schedule == nil || cfg.Schedule.Len() == 0 {
		return nil, fmt.Errorf("toy: chain needs a schedule")
	}
	if cfg.Method != DDPM && cfg.Method != DDIM {
		return nil, fmt.Errorf("toy: RunChain runs ddpm or ddim, got %v (use Invert)", cfg.Method)
	}
	if err := m.checkClass(cfg.Class); err != nil {
		return nil, err
	}
	if math.IsNaN(cfg.Guidance) || math.IsInf(cfg.Guidance, 0) {
		return nil, fmt.Errorf("toy: guidance scale must be finite, got %v", cfg.Guidance)
	}
	ddpm, ddim := cfg.DDPMStep, cfg.DDIMStep
	if ddpm == nil {
		ddpm = diffusion.DDPMStep
	}
	if ddim == nil {
		ddim = diffusion.DDIMStep
	}
	plan := planSteps(nil, cfg.Schedule, cfg.Method, cfg.Steps, cfg.Spacing)
	n := xT.Shape[0]
	if err := checkTraceSize(len(plan), n, m.Dim); err != nil {
		return nil, err
	}
	ch := &Chain{Method: cfg.Method, N: n, Dim: m.Dim, Steps: make([]StepTrace, 0, len(plan))}
	eb := newEpsBatcher(m, n)
	x := xT
	for _, p := range plan {
		st := StepTrace{T: p.t, AlphaBarT: p.abarFrom, AlphaBarNext: p.abarTo, Xt: x}
		var err error
		if st.EpsUncond, st.EpsCond, st.Eps, err = eb.predict(x, p.abarFrom, cfg.Class, cfg.Guidance); err != nil {
			return nil, err
		}
		switch cfg.Method {
		case DDPM:
			st.DDPM = cfg.Schedule.DDPM(p.t, cfg.Sigma)
			st.Z = normal(rng, n, m.Dim)
			if st.Out, err = ddpm(x, st.Eps, st.Z, st.DDPM); err != nil {
				return nil, fmt.Errorf("toy: step t=%d: %w", p.t, err)
			}
			if st.Mean, err = ddpm(x, st.Eps, core.New(n, m.Dim), st.DDPM); err != nil {
				return nil, fmt.Errorf("toy: step t=%d: %w", p.t, err)
			}
			if _, st.X0, err = diffusion.DDIMStep(x, st.Eps, nil, diffusion.DDIMParams{AlphaBarT: p.abarFrom, AlphaBarPrev: p.abarTo}); err != nil {
				return nil, fmt.Errorf("toy: x0 at t=%d: %w", p.t, err)
			}
		case DDIM:
			st.DDIM = diffusion.DDIMParams{AlphaBarT: p.abarFrom, AlphaBarPrev: p.abarTo, Eta: cfg.Eta}
			var zero *core.Tensor
			if cfg.Eta > 0 {
				st.Z, zero = normal(rng, n, m.Dim), core.New(n, m.Dim)
			}
			if st.Out, st.X0, err = ddim(x, st.Eps, st.Z, st.DDIM); err != nil {
				return nil, fmt.Errorf("toy: step t=%d: %w", p.t, err)
			}
			if st.Mean, _, err = ddim(x, st.Eps, zero, st.DDIM); err != nil {
				return nil, fmt.Errorf("toy: step t=%d: %w", p.t, err)
			}
		}
		st.setNoise()
		ch.Steps = append(ch.Steps, st)
		x = st.Out
	}
	return ch, nil
}

// Invert runs DDIM inversion (diffusion.DDIMInversionStep) from clean data
// x0 ([N, Dim]) up through the timesteps a steps-step DDIM run visits, with
// the unconditional ε̂, keeping every step: a DDIM run with the same steps
// and spacing started from its result retraces it, up to the inversion's
// error.
func Invert(m *Mixture, sch *diffusion.Schedule, steps int, spacing Spacing, x0 *core.Tensor) (*Chain, error) {
	if m == nil || sch == nil || sch.Len() == 0 {
		return nil, fmt.Errorf("toy: inversion needs a mixture and a schedule")
	}
	if x0 == nil || len(x0.Shape) != 2 || x0.Shape[1] != m.Dim || x0.Shape[0] < 1 {
		return nil, fmt.Errorf("toy: x0 must be [N, %d]", m.Dim)
	}
	plan := planSteps(nil, sch, Inversion, steps, spacing)
	n := x0.Shape[0]
	if err := checkTraceSize(len(plan), n, m.Dim); err != nil {
		return nil, err
	}
	ch := &Chain{Method: Inversion, N: n, Dim: m.Dim, Steps: make([]StepTrace, 0, len(plan))}
	eb := newEpsBatcher(m, n)
	x := x0
	for _, p := range plan {
		st := StepTrace{T: p.t, AlphaBarT: p.abarFrom, AlphaBarNext: p.abarTo, Xt: x,
			DDIM: diffusion.DDIMParams{AlphaBarT: p.abarFrom, AlphaBarPrev: p.abarTo}}
		var err error
		if _, _, st.Eps, err = eb.predict(x, p.abarFrom, NullClass, 0); err != nil {
			return nil, err
		}
		if st.Out, err = diffusion.DDIMInversionStep(x, st.Eps, diffusion.InversionParams{AlphaBarT: p.abarFrom, AlphaBarNext: p.abarTo}); err != nil {
			return nil, fmt.Errorf("toy: inversion step from ᾱ=%v: %w", p.abarFrom, err)
		}
		if _, st.X0, err = diffusion.DDIMStep(x, st.Eps, nil, st.DDIM); err != nil {
			return nil, err
		}
		st.Mean = st.Out
		st.setNoise()
		ch.Steps = append(ch.Steps, st)
		x = st.Out
	}
	return ch, nil
}

// RoundTrip is problem 012's experiment: data inverted to noise with steps
// DDIM steps, then regenerated by DDIM with the same steps.
type RoundTrip struct {
	Inv, Gen *Chain
	// Err is each point's distance from its regeneration; Mean their mean.
	Err  []float64
	Mean float64
}

// RunRoundTrip inverts x0 and regenerates it (see RoundTrip).
func RunRoundTrip(m *Mixture, sch *diffusion.Schedule, steps int, spacing Spacing, x0 *core.Tensor) (*RoundTrip, error) {
	inv, err := Invert(m, sch, steps, spacing, x0)
	if err != nil {
		return nil, err
	}
	gen, err := RunChainFrom(m, ChainConfig{Schedule: sch, Method: DDIM, Steps: steps, Spacing: spacing, Class: NullClass}, inv.State(inv.Len()), 0)
	if err != nil {
		return nil, err
	}
	rt := &RoundTrip{Inv: inv, Gen: gen, Err: make([]float64, x0.Shape[0])}
	back, D := gen.State(gen.Len()).Data, m.Dim
	for i := range rt.Err {
		d := 0.0
		for j := range D {
			v := float64(back[i*D+j]) - float64(x0.Data[i*D+j])
			d += v * v
		}
		rt.Err[i] = math.Sqrt(d)
		rt.Mean += rt.Err[i] / float64(len(rt.Err))
	}
	return rt, nil
}

// SampleData draws n points of class (NullClass: the whole mixture) as
// Sampler.Start does for an inversion run with this seed.
func SampleData(m *Mixture, n, class int, seed uint64) (*core.Tensor, error) {
	if n < 1 || n > 1<<20 {
		return nil, fmt.Errorf("toy: point count must be in [1, %d], got %d", 1<<20, n)
	}
	buf := make([]float64, n*m.Dim)
	if err := m.Sample(rand.New(rand.NewPCG(seed, samplerStream)), buf, nil, class); err != nil {
		return nil, err
	}
	x := core.New(n, m.Dim)
	for i, v := range buf {
		x.Data[i] = float32(v)
	}
	return x, nil
}

func checkTraceSize(steps, n, dim int) error {
	if v := 8 * (steps + 1) * n * dim; v > maxTraceValues || v < 0 {
		return fmt.Errorf("toy: tracing %d steps of %d points in %d-d exceeds %d values", steps, n, dim, maxTraceValues)
	}
	return nil
}

// normal draws an [n, dim] tensor of N(0, 1) values.
func normal(rng *rand.Rand, n, dim int) *core.Tensor {
	z := core.New(n, dim)
	for i := range z.Data {
		z.Data[i] = float32(rng.NormFloat64())
	}
	return z
}

// epsBatcher makes the noise calls of a trace with reused buffers.
type epsBatcher struct {
	m       *Mixture
	xs, out []float64
	classes []int
}

func newEpsBatcher(m *Mixture, n int) *epsBatcher {
	return &epsBatcher{m: m, xs: make([]float64, 2*n*m.Dim), out: make([]float64, 2*n*m.Dim), classes: make([]int, 2*n)}
}

// predict is the noise prediction at ᾱ. Without a class it is one call on
// the batch; with one it is classifier-free guidance as problem 008 asks:
// one call on torch.cat([x, x]) with conditions [null, class], split into
// its halves (chunk(2)), combined by diffusion.CFG.
func (b *epsBatcher) predict(x *core.Tensor, abar float64, class int, w float64) (uncond, cond, eps *core.Tensor, err error) {
	n, D := x.Shape[0], b.m.Dim
	copies := 1
	if class != NullClass {
		copies = 2
	}
	xs, out, classes := b.xs[:copies*n*D], b.out[:copies*n*D], b.classes[:copies*n]
	for c := range copies {
		for i, v := range x.Data {
			xs[c*n*D+i] = float64(v)
		}
		for i := range n {
			classes[c*n+i] = NullClass
			if c == 1 {
				classes[c*n+i] = class
			}
		}
	}
	if err := b.m.EpsBatch(out, xs, abar, classes); err != nil {
		return nil, nil, nil, err
	}
	half := func(c int) *core.Tensor {
		t := core.New(n, D)
		for i := range t.Data {
			t.Data[i] = float32(out[c*n*D+i])
		}
		return t
	}
	if class == NullClass {
		return nil, nil, half(0), nil
	}
	uncond, cond = half(0), half(1)
	eps, err = diffusion.CFG(uncond, cond, w)
	return uncond, cond, eps, err
}

// EpsBatch is the noise model called once on a batch whose points carry
// their own condition: classes[i] conditions point i of xs (NullClass: the
// unconditional prediction). It is what one network call on
// torch.cat([x, x]) with conditions [null, c] computes, the batched form of
// classifier-free guidance; dst gets ε*(x_i, ᾱ | classes[i]).
func (m *Mixture) EpsBatch(dst, xs []float64, alphaBar float64, classes []int) error {
	if err := m.checkArgs(xs, alphaBar, NullClass); err != nil {
		return err
	}
	n := len(xs) / m.Dim
	if len(classes) != n || len(dst) != len(xs) {
		return fmt.Errorf("toy: batch of %d points has %d classes and %d outputs (want %d and %d)", n, len(classes), len(dst), n, len(xs))
	}
	for _, c := range classes {
		if err := m.checkClass(c); err != nil {
			return err
		}
	}
	m.noise(alphaBar)
	D := m.Dim
	s := math.Sqrt(1 - alphaBar)
	for i := range n {
		x, out := xs[i*D:(i+1)*D], dst[i*D:(i+1)*D]
		clear(out)
		m.componentLogs(x)
		m.accumulate(out, x, classes[i], s)
	}
	return nil
}

// Retrace runs step st again with another step op from the same inputs
// (x_t, ε̂, z and params): a mistake's version of exactly that step. The
// op not used by the method may be nil; X0 is the op's own for DDIM and
// unchanged for DDPM (the mistakes of 010 do not touch the estimate).
func Retrace(method Method, st StepTrace, ddpm DDPMStepFunc, ddim DDIMStepFunc) (StepTrace, error) {
	out := st
	var err error
	switch method {
	case DDPM:
		if ddpm == nil {
			ddpm = diffusion.DDPMStep
		}
		if out.Out, err = ddpm(st.Xt, st.Eps, st.Z, st.DDPM); err != nil {
			return StepTrace{}, err
		}
		out.Mean, err = ddpm(st.Xt, st.Eps, core.New(st.Xt.Shape...), st.DDPM)
	case DDIM:
		if ddim == nil {
			ddim = diffusion.DDIMStep
		}
		var zero *core.Tensor
		if st.Z != nil {
			zero = core.New(st.Xt.Shape...)
		}
		if out.Out, out.X0, err = ddim(st.Xt, st.Eps, st.Z, st.DDIM); err != nil {
			return StepTrace{}, err
		}
		out.Mean, _, err = ddim(st.Xt, st.Eps, zero, st.DDIM)
	default:
		return StepTrace{}, fmt.Errorf("toy: Retrace runs ddpm or ddim steps, got %v", method)
	}
	if err != nil {
		return StepTrace{}, err
	}
	out.setNoise()
	return out, nil
}

// StepBack takes the DDIM step from an inversion step's result back down
// to where it started (ᾱ_next to ᾱ_t) with the noise predicted there,
// ε̂(x_next): the step a regeneration takes at that level. Inversion used
// ε̂(x_t) instead, so the two differ, and Out misses the step's Xt by the
// local error that the round trip accumulates.
func StepBack(m *Mixture, inv StepTrace) (StepTrace, error) {
	if m == nil || inv.Out == nil {
		return StepTrace{}, fmt.Errorf("toy: StepBack needs a mixture and a traced inversion step")
	}
	back := StepTrace{T: inv.T, AlphaBarT: inv.AlphaBarNext, AlphaBarNext: inv.AlphaBarT, Xt: inv.Out,
		DDIM: diffusion.DDIMParams{AlphaBarT: inv.AlphaBarNext, AlphaBarPrev: inv.AlphaBarT}}
	var err error
	eb := newEpsBatcher(m, inv.Out.Shape[0])
	if _, _, back.Eps, err = eb.predict(inv.Out, inv.AlphaBarNext, NullClass, 0); err != nil {
		return StepTrace{}, err
	}
	if back.Out, back.X0, err = diffusion.DDIMStep(inv.Out, back.Eps, nil, back.DDIM); err != nil {
		return StepTrace{}, err
	}
	back.Mean = back.Out
	back.setNoise()
	return back, nil
}
