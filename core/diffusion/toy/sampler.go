package toy

import (
	"fmt"
	"math"
	"math/rand/v2"

	"dlprep/core/diffusion"
)

// Method is the update a Sampler runs.
type Method int

// Sampler methods.
const (
	// DDPM is the ancestral sampler (problem 010): every timestep T-1..0,
	// noise from Config.Sigma, none at t = 0.
	DDPM Method = iota
	// DDIM visits Config.Steps evenly spaced timesteps (problem 011), with
	// Config.Eta (0 = deterministic); its last step lands on ᾱ = 1.
	DDIM
	// Inversion runs the DDIM update toward noise (problem 012) from clean
	// data (ᾱ = 1) up through the same timesteps DDIM would visit, so a DDIM
	// run with the same Steps started from its result retraces it.
	Inversion
)

// String names the method for labels.
func (m Method) String() string {
	switch m {
	case DDIM:
		return "ddim"
	case Inversion:
		return "inversion"
	}
	return "ddpm"
}

// MaxFrameValues caps the recorded trajectory (frames × particles × Dim) so
// a scene slider cannot exhaust a browser tab's memory: 16M float32, 64 MB.
const MaxFrameValues = 16 << 20

// Config chooses what a Sampler runs.
type Config struct {
	Schedule *diffusion.Schedule
	Method   Method
	Sigma    diffusion.SigmaKind // DDPM only
	Steps    int                 // DDIM and Inversion: timesteps visited (0 or > T: all T)
	Eta      float64             // DDIM only; > 0 draws noise
	// Class conditions the prediction (NullClass: unconditional). With a
	// class, Guidance is the CFG scale w: 0 ignores the class, 1 is the
	// plain conditional ε*, > 1 over-guides.
	Class    int
	Guidance float64
	// Record keeps every state (frame 0 = the start) for Frame.
	Record bool
	// Pitfall runs one of the recorded mistakes instead of the right update
	// (DDPM: AlphaBarForAlpha, NoiseAtLastStep; DDIM: SwappedAlphaBars).
	Pitfall Pitfall
	// Spacing chooses the DDIM and Inversion timesteps.
	Spacing Spacing
}

// Spacing is how a DDIM (or inversion) run picks its subset of timesteps.
type Spacing int

// Timestep spacings.
const (
	// Linspace visits T−1 down to 0 evenly (Schedule.Timesteps); the last
	// step then goes from ᾱ_0 ≈ 1 to 1 and barely moves anything.
	Linspace Spacing = iota
	// Trailing visits T−1 down to about T/n − 1 (Schedule.TrailingTimesteps),
	// so every step, the last included, covers an equal stretch.
	Trailing
)

// timesteps is sp's subset of n timesteps of sch.
func (sp Spacing) timesteps(sch *diffusion.Schedule, n int) []int {
	if sp == Trailing {
		return sch.TrailingTimesteps(n)
	}
	return sch.Timesteps(n)
}

// Sampler moves n particles through one run of a Config. Buffers are kept
// across Start calls.
type Sampler struct {
	Mix *Mixture
	Cfg Config
	N   int
	// X holds the current particles, [N*Dim] row-major; X0 the last step's
	// prediction of the clean data, (x_t − √(1−ᾱ_t) ε)/√ᾱ_t.
	X, X0 []float64

	// steps lists, in run order, the timestep each step's ε is evaluated at
	// and the ᾱ before and after it.
	steps     []stepPlan
	k         int
	eps, z    []float64
	traj      []float32
	frameAbar []float64
	rng       *rand.Rand
}

type stepPlan struct {
	t                int     // schedule index (−1: clean data)
	abarFrom, abarTo float64 // ᾱ of the state before and after
}

// NewSampler validates cfg against the mixture and allocates the buffers
// for n particles.
func NewSampler(m *Mixture, cfg Config, n int) (*Sampler, error) {
	s := &Sampler{Mix: m}
	if err := s.Configure(cfg, n); err != nil {
		return nil, err
	}
	return s, nil
}

// Configure changes the run (reusing buffers when they are big enough) and
// rewinds to before Start. After an error the sampler takes no steps until a
// successful Configure.
func (s *Sampler) Configure(cfg Config, n int) error {
	err := s.configure(cfg, n)
	if err != nil {
		s.steps, s.k, s.rng = s.steps[:0], 0, nil
		s.traj, s.frameAbar = s.traj[:0], s.frameAbar[:0]
	}
	return err
}

func (s *Sampler) configure(cfg Config, n int) error {
	m := s.Mix
	if m == nil {
		return fmt.Errorf("toy: sampler has no mixture")
	}
	if cfg.Schedule == nil || cfg.Schedule.Len() == 0 {
		return fmt.Errorf("toy: sampler needs a schedule")
	}
	if n < 1 || n > 1<<20 {
		return fmt.Errorf("toy: particle count must be in [1, %d], got %d", 1<<20, n)
	}
	if err := m.checkClass(cfg.Class); err != nil {
		return err
	}
	if cfg.Method < DDPM || cfg.Method > Inversion {
		return fmt.Errorf("toy: unknown method %d", int(cfg.Method))
	}
	if err := checkPitfall(cfg); err != nil {
		return err
	}
	sch := cfg.Schedule
	plan := planSteps(s.steps[:0], sch, cfg.Method, cfg.Steps, cfg.Spacing)
	// Validate every step's coefficients now so Step never fails.
	for _, p := range plan {
		if _, err := s.coefficients(cfg, p); err != nil {
			return err
		}
	}
	vals := n * m.Dim
	frames := len(plan) + 1
	if cfg.Record && frames*vals > MaxFrameValues {
		return fmt.Errorf("toy: recording %d frames of %d particles in %d-d exceeds %d values", frames, n, m.Dim, MaxFrameValues)
	}
	s.Cfg, s.N, s.steps, s.k, s.rng = cfg, n, plan, 0, nil
	s.X, s.X0 = grow(s.X, vals), grow(s.X0, vals)
	s.eps, s.z = grow(s.eps, vals), grow(s.z, vals)
	s.frameAbar = s.frameAbar[:0]
	s.traj = s.traj[:0]
	if cfg.Record {
		if cap(s.traj) < frames*vals {
			s.traj = make([]float32, 0, frames*vals)
		}
	}
	return nil
}

// planSteps appends to plan the steps a run of method visits on sch, in
// run order (steps: the DDIM and Inversion subset, 0 for all T, spaced by
// spacing).
func planSteps(plan []stepPlan, sch *diffusion.Schedule, method Method, steps int, spacing Spacing) []stepPlan {
	T := sch.Len()
	switch method {
	case DDPM:
		for t := T - 1; t >= 0; t-- {
			plan = append(plan, stepPlan{t: t, abarFrom: sch.AlphaBars[t], abarTo: sch.AlphaBarPrev(t)})
		}
	case DDIM:
		ts := spacing.timesteps(sch, stepsOrAll(steps, T))
		for i, t := range ts {
			to := 1.0
			if i+1 < len(ts) {
				to = sch.AlphaBars[ts[i+1]]
			}
			plan = append(plan, stepPlan{t: t, abarFrom: sch.AlphaBars[t], abarTo: to})
		}
	case Inversion:
		ts := spacing.timesteps(sch, stepsOrAll(steps, T))
		from, prevT := 1.0, -1
		for i := len(ts) - 1; i >= 0; i-- {
			plan = append(plan, stepPlan{t: prevT, abarFrom: from, abarTo: sch.AlphaBars[ts[i]]})
			from, prevT = sch.AlphaBars[ts[i]], ts[i]
		}
	}
	return plan
}

func stepsOrAll(steps, T int) int {
	if steps <= 0 || steps > T {
		return T
	}
	return steps
}

func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

// coefficients are the step's scalars, from package diffusion.
type stepCoefficients struct {
	ddpm diffusion.DDPMCoefficients
	ddim diffusion.DDIMCoefficients
}

func (s *Sampler) coefficients(cfg Config, p stepPlan) (stepCoefficients, error) {
	var c stepCoefficients
	var err error
	switch cfg.Method {
	case DDPM:
		c.ddpm, err = ddpmCoefficients(cfg, p.t)
	case DDIM:
		c.ddim, err = ddimParams(cfg, p.abarFrom, p.abarTo).Coefficients()
	case Inversion:
		c.ddim, err = diffusion.InversionParams{AlphaBarT: p.abarFrom, AlphaBarNext: p.abarTo}.Coefficients()
	}
	return c, err
}

// Start begins a run with a seeded random generator: DDPM and DDIM start
// from x_T ~ N(0, I); Inversion starts from data drawn from the mixture
// (class Cfg.Class).
func (s *Sampler) Start(seed uint64) {
	s.rng = rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	if s.Cfg.Method == Inversion {
		// checkClass passed in Configure, so Sample cannot fail.
		_ = s.Mix.Sample(s.rng, s.X, nil, s.Cfg.Class)
	} else {
		for i := range s.X {
			s.X[i] = s.rng.NormFloat64()
		}
	}
	s.rewind()
}

// StartFrom begins a run from the given particles ([N*Dim], copied), e.g.
// DDIM from the output of an Inversion run; seed drives any noise.
func (s *Sampler) StartFrom(x []float64, seed uint64) error {
	if len(x) != len(s.X) {
		return fmt.Errorf("toy: start has %d values, want %d (%d particles × %d)", len(x), len(s.X), s.N, s.Mix.Dim)
	}
	s.rng = rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	copy(s.X, x)
	s.rewind()
	return nil
}

func (s *Sampler) rewind() {
	s.k = 0
	clear(s.X0)
	s.frameAbar = s.frameAbar[:0]
	s.traj = s.traj[:0]
	s.record(s.startAbar())
}

func (s *Sampler) startAbar() float64 {
	if len(s.steps) == 0 {
		return 1
	}
	return s.steps[0].abarFrom
}

func (s *Sampler) record(abar float64) {
	s.frameAbar = append(s.frameAbar, abar)
	if !s.Cfg.Record {
		return
	}
	for _, v := range s.X {
		s.traj = append(s.traj, float32(v))
	}
}

// Step advances one step and reports whether one was taken (false once the
// run is done or before Start).
func (s *Sampler) Step() bool {
	if s.rng == nil || s.k >= len(s.steps) {
		return false
	}
	p := s.steps[s.k]
	c, _ := s.coefficients(s.Cfg, p) // validated in Configure
	// The class-conditional ε* is guided toward Cfg.Class; ᾱ of the current
	// state is p.abarFrom.
	_ = s.Mix.GuidedEps(s.eps, s.X, p.abarFrom, s.Cfg.Class, s.Cfg.Guidance)
	switch s.Cfg.Method {
	case DDPM:
		d := c.ddpm
		// The x0 estimate is only shown, not used by the update.
		sa, s1 := math.Sqrt(p.abarFrom), math.Sqrt(1-p.abarFrom)
		for i, x := range s.X {
			s.X0[i] = (x - s1*s.eps[i]) / sa
			v := (x - d.EpsCoef*s.eps[i]) * d.InvSqrtAlpha
			if d.Sigma != 0 {
				v += d.Sigma * s.rng.NormFloat64()
			}
			s.X[i] = v
		}
	default:
		d := c.ddim
		for i, x := range s.X {
			e := s.eps[i]
			x0 := (x - d.SqrtOneMinusAlphaBarT*e) / d.SqrtAlphaBarT
			v := d.SqrtAlphaBarPrev*x0 + d.Dir*e
			if d.Sigma != 0 {
				v += d.Sigma * s.rng.NormFloat64()
			}
			s.X0[i], s.X[i] = x0, v
		}
	}
	s.k++
	s.record(p.abarTo)
	return true
}

// Run takes every remaining step.
func (s *Sampler) Run() {
	for s.Step() {
	}
}

// Done reports whether the run has taken all its steps.
func (s *Sampler) Done() bool { return s.k >= len(s.steps) }

// Progress is (steps taken, steps in the run).
func (s *Sampler) Progress() (k, n int) { return s.k, len(s.steps) }

// Timestep is the schedule index whose ε the next step evaluates (−1 for
// the first Inversion step, which starts from clean data; −1 when done).
func (s *Sampler) Timestep() int {
	if s.k >= len(s.steps) {
		return -1
	}
	return s.steps[s.k].t
}

// NumFrames is how many states have been recorded so far (steps taken + 1).
func (s *Sampler) NumFrames() int { return len(s.frameAbar) }

// FrameAlphaBar is the ᾱ of recorded state i (1 = clean data).
func (s *Sampler) FrameAlphaBar(i int) float64 { return s.frameAbar[i] }

// Frame returns recorded state i ([N*Dim], a view into the trajectory
// buffer, valid until the next Start or Configure), or nil without Record.
func (s *Sampler) Frame(i int) []float32 {
	vals := s.N * s.Mix.Dim
	if !s.Cfg.Record || i < 0 || (i+1)*vals > len(s.traj) {
		return nil
	}
	return s.traj[i*vals : (i+1)*vals]
}
