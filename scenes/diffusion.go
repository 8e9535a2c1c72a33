package scenes

import (
	"image/color"
	"math"

	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// Animation pacing shared by the particle scenes: a whole run takes about
// diffRunSeconds, then holds.
const (
	diffRunSeconds  = 5.0
	diffHoldSeconds = 2.0
	// diffPathStride draws the path of every n-th particle only.
	diffPathStride = 4
)

// DiffusionScene moves particles of a 2-D Gaussian mixture from noise to
// data with core's toy sampler (DDPM, problem 010, or DDIM, 011), drawing
// their paths over the noised density p_t. With a pitfall chosen it runs
// core's sampler a second time with that toy.Pitfall from the same x_T and
// shows the wrong run beside the right one.
type DiffusionScene struct {
	presets           []Preset // built once by Presets
	method            toy.Method
	steps, T, n, mixK int
	eta               float64
	sigma             diffusion.SigmaKind
	kind              diffusion.ScheduleKind
	seed              uint64
	showPaths         bool
	pitfall           toy.Pitfall
	// forced says the sampler chosen was replaced by the pitfall's method;
	// etaForced that η was set to 0 for it (see Reset).
	forced, etaForced bool

	sch     *diffusion.Schedule
	mix     *toy.Mixture
	smp     *toy.Sampler
	bad     *toy.Sampler // the pitfall run (nil without a pitfall)
	ts      []int        // timestep of each frame's state (-1: clean)
	classes []int        // class each particle ends in
	err     error

	k           int
	clock, hold float64
	plane       particlePlane
	badPlane    particlePlane
	sched       schedulePlot
	// dataTrace is the covariance trace of the data distribution; the
	// spreads are per frame: [right, pitfall] covariance trace and RMS
	// distance to the nearest mode mean, measured on the shown particles.
	dataTrace    float64
	spreadK      int
	trace, modeD [2]float64
}

// diffusionPitfalls are the pitfall choices, in toy.Pitfall order, with the
// method each belongs to.
// The choice names are short: they label buttons and appear in URLs.
var diffusionPitfalls = []string{"none", "ā for α", "noise at t=0", "ā swapped"}

// diffusionPitfallLabels name the pitfalls on the canvas (its font has ā,
// not the ᾱ of toy.Pitfall.String).
var diffusionPitfallLabels = []string{"none", "ā used for α", "noise at the last step", "ā_t and ā_{t−1} swapped"}

// Info implements Scene.
func (s *DiffusionScene) Info() Info {
	return Info{
		ID:       "diffusion",
		Title:    "DDPM and DDIM sampling",
		Family:   "diffusion",
		Problems: []string{"010", "011"},
		Statement: "A diffusion model turns noise into data by repeatedly removing predicted noise. Here the data is a " +
			"2-D Gaussian mixture, so the ideal noise predictor ε* is known in closed form and every particle is an exact sample path. " +
			"The pitfall menu runs a recorded mistake beside the right sampler, from the same starting noise: ā_t used where α_t " +
			"belongs, noise added at the last step (t = 0), or DDIM with ā_t and ā_{t−1} swapped.",
		Formula: "DDPM: x_{t−1} = (x_t − (1−α_t)/√(1−ā_t) ε)/√α_t + σ_t z (no z at t = 0). " +
			"DDIM: x0_pred = (x_t − √(1−ā_t) ε)/√ā_t, x_{t−1} = √ā_{t−1} x0_pred + √(1−ā_{t−1}−σ²) ε + σ z, σ = η·(DDPM's σ). " +
			"Pitfalls: α_t → ā_t in the DDPM step (every step jumps to x0_pred and re-noises); σ_0 z added at t = 0; " +
			"DDIM predicting x0 with ā_{t−1} and re-noising with ā_t.",
		LookFor: "DDPM paths jitter (fresh noise every step) and need every timestep; DDIM with η = 0 follows smooth, " +
			"deterministic paths and lands on the modes in a handful of jumps. Raise η to bring the noise back. The " +
			"background is the noised density p_t: it sharpens into the data as ā goes to 1. With a pitfall the wrong run is " +
			"drawn on the right, each particle coloured by the mode its right run reaches, and the readout compares the spread " +
			"(covariance trace, data's for reference) and the RMS distance to the nearest mode. ā for α: every step jumps to " +
			"x0_pred and re-noises, so particles never settle and end in one small clump (blobs preset: trace 0.11 against the " +
			"data's 1.72). Swapped ā_t, ā_{t−1}: the update runs toward noise and the particles fly past the data (blobs preset: " +
			"trace 7.1, far from every mode). Noise at t = 0: each mode is only blurred by σ_0 = √β_0, a small change that a short " +
			"schedule (T = 20) makes measurable (RMS to mode 0.239 → 0.255).",
	}
}

// Params implements Scene.
func (s *DiffusionScene) Params() []Param {
	return []Param{
		{Name: "sampler", Label: "sampler", Kind: Choice, Choices: []string{"ddpm", "ddim"}, Default: 1},
		{Name: "steps", Label: "DDIM steps", Kind: Int, Min: 1, Max: 100, Step: 1, Default: 20},
		{Name: "eta", Label: "DDIM η", Kind: Float, Min: 0, Max: 1, Step: 0.1, Default: 0},
		{Name: "sigma", Label: "DDPM σ", Kind: Choice, Choices: []string{"beta", "posterior"}, Default: 0},
		{Name: "timesteps", Label: "schedule length T", Kind: Int, Min: 20, Max: 1000, Step: 10, Default: 250},
		{Name: "schedule", Label: "schedule", Kind: Choice, Choices: []string{"linear", "scaled_linear", "cosine"}, Default: 0,
			Help: "linear kinds use β from 1e-4·1000/T to 0.02·1000/T, so x_T is noise for any T"},
		{Name: "data", Label: "data", Kind: Choice, Choices: toyMixtureNames, Default: 0},
		{Name: "particles", Label: "particles", Kind: Int, Min: 20, Max: 1000, Step: 10, Default: 400},
		{Name: "paths", Label: "draw paths", Kind: Bool, Default: 1},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
		{Name: "pitfall", Label: "pitfall", Kind: Choice, Choices: diffusionPitfalls, Default: 0,
			Help: "run core's sampler with the mistake beside the right one, same x_T; a pitfall sets the sampler it belongs to"},
	}
}

// Presets implements Presetter.
func (s *DiffusionScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *DiffusionScene) makePresets() []Preset {
	base := func(kv Values) Values { return Overlay(s.Params(), kv) }
	return []Preset{
		{Name: "DDIM, 20 steps, η = 0", Values: base(Values{"sampler": 1, "steps": 20, "eta": 0})},
		{Name: "DDPM, every step", Values: base(Values{"sampler": 0, "timesteps": 250})},
		{Name: "DDIM, 3 steps", Values: base(Values{"sampler": 1, "steps": 3})},
		{Name: "DDIM, η = 1 (stochastic)", Values: base(Values{"sampler": 1, "steps": 50, "eta": 1})},
		{Name: "Cosine schedule, blobs", Values: base(Values{"sampler": 1, "steps": 25, "schedule": 2, "data": 1})},
		{Name: "Pitfall: DDPM with ā for α", Values: base(Values{"sampler": 0, "timesteps": 250, "data": 1, "pitfall": float64(toy.AlphaBarForAlpha)})},
		{Name: "Pitfall: DDIM with ā_t, ā_{t−1} swapped", Values: base(Values{"sampler": 1, "steps": 20, "data": 1, "pitfall": float64(toy.SwappedAlphaBars)})},
		{Name: "Pitfall: DDPM noise at t = 0, T = 20", Values: base(Values{"sampler": 0, "timesteps": 20, "pitfall": float64(toy.NoiseAtLastStep)})},
	}
}

// newToySchedule builds the schedule the particle scenes use: the linear
// kinds' β range is scaled by 1000/T so that ᾱ_T ≈ 0 for short schedules.
func newToySchedule(kind diffusion.ScheduleKind, T int) (*diffusion.Schedule, error) {
	sc := 1000 / float64(T)
	return diffusion.NewSchedule(kind, T, math.Min(0.5, diffusion.DefaultBetaStart*sc), math.Min(0.5, diffusion.DefaultBetaEnd*sc))
}

// Reset implements Scene: it runs the whole sampler once (recording every
// frame); the animation only indexes the recording.
func (s *DiffusionScene) Reset(v Values) error {
	s.method = toy.DDPM
	if v["sampler"] == 1 {
		s.method = toy.DDIM
	}
	s.steps, s.T, s.n, s.mixK = int(v["steps"]), int(v["timesteps"]), int(v["particles"]), int(v["data"])
	s.eta, s.sigma, s.kind = v["eta"], diffusion.SigmaKind(v["sigma"]), diffusion.ScheduleKind(v["schedule"])
	s.seed, s.showPaths = uint64(v["seed"]), v["paths"] != 0
	s.pitfall = toy.Pitfall(clampInt(int(v["pitfall"]), 0, len(diffusionPitfalls)-1))
	// A pitfall belongs to one method; both runs use it so they compare.
	want := s.method
	switch s.pitfall {
	case toy.AlphaBarForAlpha, toy.NoiseAtLastStep:
		want = toy.DDPM
	case toy.SwappedAlphaBars:
		want = toy.DDIM
	}
	s.forced, s.method = want != s.method, want
	// Swapped, a DDIM step runs toward more noise, where η > 0 asks for a
	// negative variance: core refuses it, so both runs use η = 0.
	s.etaForced = s.pitfall == toy.SwappedAlphaBars && s.eta != 0
	if s.etaForced {
		s.eta = 0
	}
	s.k, s.clock, s.hold = 0, 0, 0
	s.err = s.compute()
	return s.err
}

// Config is the sampler configuration the scene runs (the right one).
func (s *DiffusionScene) Config() toy.Config {
	return toy.Config{Schedule: s.sch, Method: s.method, Sigma: s.sigma, Steps: s.steps, Eta: s.eta,
		Class: toy.NullClass, Record: true}
}

// PitfallConfig is the configuration of the wrong run: Config with the
// chosen toy.Pitfall (NoPitfall: no wrong run is shown).
func (s *DiffusionScene) PitfallConfig() toy.Config {
	c := s.Config()
	c.Pitfall = s.pitfall
	return c
}

// Mixture returns the data distribution.
func (s *DiffusionScene) Mixture() *toy.Mixture { return s.mix }

// Seed is the seed the sampler was started with.
func (s *DiffusionScene) Seed() uint64 { return s.seed }

func (s *DiffusionScene) compute() error {
	var err error
	if s.sch, err = newToySchedule(s.kind, s.T); err != nil {
		return err
	}
	if s.mix, err = toyMixture(s.mixK); err != nil {
		return err
	}
	if s.smp == nil {
		s.smp, err = toy.NewSampler(s.mix, s.Config(), s.n)
	} else {
		s.smp.Mix = s.mix
		err = s.smp.Configure(s.Config(), s.n)
	}
	if err != nil {
		return err
	}
	s.smp.Start(s.seed)
	s.smp.Run()
	_, steps := s.smp.Progress()
	s.ts = s.ts[:0]
	if s.method == toy.DDPM {
		for t := s.T - 1; t >= 0; t-- {
			s.ts = append(s.ts, t)
		}
	} else {
		s.ts = append(s.ts, s.sch.Timesteps(max(1, min(s.steps, s.T)))...)
	}
	s.ts = append(s.ts[:min(len(s.ts), steps)], -1)
	s.classes = nearestClass(s.mix, s.smp.Frame(steps), s.classes)
	s.plane.reset(s.mix, toy.NullClass)
	s.sched.set(s.sch, s.ts)
	_, cov, err := s.mix.Moments(toy.NullClass)
	if err != nil {
		return err
	}
	s.dataTrace, s.spreadK = cov[0]+cov[3], -1
	if s.pitfall == toy.NoPitfall {
		return nil
	}
	if s.bad == nil {
		s.bad, err = toy.NewSampler(s.mix, s.PitfallConfig(), s.n)
	} else {
		s.bad.Mix = s.mix
		err = s.bad.Configure(s.PitfallConfig(), s.n)
	}
	if err != nil {
		return err
	}
	s.bad.Start(s.seed)
	s.bad.Run()
	s.badPlane.reset(s.mix, toy.NullClass)
	return nil
}

// Positions returns the particles shown at the current frame, [N*2].
func (s *DiffusionScene) Positions() []float32 { return s.smp.Frame(s.k) }

// PitfallPositions returns the wrong run's particles at the current frame
// (nil without a pitfall).
func (s *DiffusionScene) PitfallPositions() []float32 {
	if s.pitfall == toy.NoPitfall || s.bad == nil {
		return nil
	}
	return s.bad.Frame(s.k)
}

// Spreads returns, for the current frame of the right run (0) and the
// pitfall run (1), the covariance trace of the particles and their RMS
// distance to the nearest mixture mean; and the data's covariance trace.
func (s *DiffusionScene) Spreads() (trace, modeDist [2]float64, data float64) {
	if s.spreadK != s.k {
		s.spreadK = s.k
		s.trace[0], s.modeD[0] = particleSpread(s.mix, s.Positions())
		s.trace[1], s.modeD[1] = particleSpread(s.mix, s.PitfallPositions())
	}
	return s.trace, s.modeD, s.dataTrace
}

// particleSpread measures a 2-D particle cloud for the readout: the trace
// of its sample covariance and the RMS distance of each particle to the
// nearest component mean (0, 0 for no particles).
func particleSpread(m *toy.Mixture, x []float32) (trace, modeDist float64) {
	n := len(x) / 2
	if n == 0 {
		return 0, 0
	}
	var mx, my float64
	for i := range n {
		mx += float64(x[2*i])
		my += float64(x[2*i+1])
	}
	mx, my = mx/float64(n), my/float64(n)
	for i := range n {
		px, py := float64(x[2*i]), float64(x[2*i+1])
		trace += (px-mx)*(px-mx) + (py-my)*(py-my)
		best := math.Inf(1)
		for _, c := range m.Comps {
			dx, dy := px-c.Mean[0], py-c.Mean[1]
			best = math.Min(best, dx*dx+dy*dy)
		}
		modeDist += best
	}
	return trace / float64(max(1, n-1)), math.Sqrt(modeDist / float64(n))
}

// Step implements Stepper: one sampler step.
func (s *DiffusionScene) Step() {
	_, n := s.Progress()
	if s.k < n {
		s.k++
	} else {
		s.k = 0
	}
	s.clock, s.hold = 0, 0
}

// Progress implements Stepper.
func (s *DiffusionScene) Progress() (int, int) {
	if s.smp == nil || s.err != nil {
		return 0, 0
	}
	return s.k, s.smp.NumFrames() - 1
}

// Update implements Scene.
func (s *DiffusionScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	s.k, s.clock, s.hold = advanceFrames(s.k, s.smp.NumFrames()-1, s.clock, s.hold, dt)
}

// advanceFrames is the shared animation clock: a run of n frames lasts
// about diffRunSeconds (at least a third of a second per frame), then holds
// and restarts.
func advanceFrames(k, n int, clock, hold, dt float64) (int, float64, float64) {
	if dt <= 0 || n <= 0 {
		return k, clock, hold
	}
	if k >= n {
		hold += dt
		if hold >= diffHoldSeconds {
			return 0, 0, 0
		}
		return k, clock, hold
	}
	per := math.Min(1.0/3, diffRunSeconds/float64(n))
	clock += dt
	for clock >= per && k < n {
		clock -= per
		k++
	}
	return k, clock, hold
}

// Readout implements Readouter.
func (s *DiffusionScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	k, n := s.Progress()
	t := s.ts[min(k, len(s.ts)-1)]
	method := s.method.String()
	if s.forced {
		method += " (the pitfall's sampler)"
	}
	if s.etaForced {
		method += ", η = 0 (swapped, η > 0 has no real σ)"
	}
	kv := []KV{
		{"sampler", method},
		{"step", itoa(k) + " of " + itoa(n)},
		{"timestep t", itoa(t)},
		{"ā", f3(s.smp.FrameAlphaBar(k))},
		{"particles", itoa(s.n)},
	}
	if s.pitfall != toy.NoPitfall {
		tr, md, data := s.Spreads()
		kv = append(kv,
			KV{"pitfall", diffusionPitfallLabels[s.pitfall]},
			KV{"covariance trace: right, pitfall (data)", f3(tr[0]) + ", " + f3(tr[1]) + "  (" + f3(data) + ")"},
			KV{"RMS distance to nearest mode: right, pitfall", f3(md[0]) + ", " + f3(md[1])})
	}
	return kv
}

// classColor colours particle i by the mode it ends in.
func (s *DiffusionScene) classColor(i int) color.RGBA { return viz.Categorical(s.classes[i]) }

// Draw implements Scene.
func (s *DiffusionScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	k, n := s.Progress()
	title := "DDPM, every timestep"
	if s.method == toy.DDIM {
		title = "DDIM, " + itoa(n) + " steps, η = " + f2(s.eta)
	}
	if s.pitfall != toy.NoPitfall {
		s.drawPitfall(c, area, title)
		return
	}
	side := math.Min(area.H-22, area.W*0.62)
	left, right := area.CutLeft(side)
	left = caption(c, left, title+"  ·  step "+itoa(k)+" of "+itoa(n))
	sq := fitRect(left, 1, 1)
	s.drawPlane(c, &s.plane, s.smp, sq)

	right = right.Inset(4)
	right.X += 12
	right.W -= 12
	plotR, info := right.CutTop(math.Min(300, right.H*0.6))
	s.sched.draw(c, plotR, k)
	info = caption(c, info, "now")
	y := info.Y
	t := s.ts[min(k, len(s.ts)-1)]
	lines := [...]string{
		"timestep t = " + itoa(t),
		"ā = " + f3(s.smp.FrameAlphaBar(k)) + "   (signal scale √ā = " + f2(math.Sqrt(s.smp.FrameAlphaBar(k))) + ")",
		"particles coloured by the mode they reach",
	}
	for _, ln := range lines {
		c.Text(info.X, y+12, ln, labelSize+1, viz.Ink, viz.AlignLeft)
		y += 18
	}
}

// drawPlane draws one run's particles (and paths) at the current frame.
func (s *DiffusionScene) drawPlane(c viz.Canvas, p *particlePlane, smp *toy.Sampler, sq viz.Rect) {
	p.density(smp.FrameAlphaBar(s.k))
	if s.showPaths {
		// DDPM paths zigzag every step: fewer of them stay readable.
		stride := diffPathStride
		if s.method == toy.DDPM {
			stride = max(diffPathStride, s.n/30)
		}
		p.drawPaths(smp.Frame, s.k, stride, s.classColor)
	}
	p.draw(c, sq, smp.Frame(s.k), s.k, s.showPaths, s.classColor)
}

// drawPitfall lays the right and the wrong run side by side, with their
// spreads underneath.
func (s *DiffusionScene) drawPitfall(c viz.Canvas, area viz.Rect, title string) {
	k, n := s.Progress()
	tr, md, data := s.Spreads()
	info, planes := area.CutBottom(40)
	cols := planes.Columns(2, 16)
	runs := [2]struct {
		p     *particlePlane
		smp   *toy.Sampler
		title string
		col   color.RGBA
	}{
		{&s.plane, s.smp, "right: " + title, viz.Ink},
		{&s.badPlane, s.bad, "pitfall: " + diffusionPitfallLabels[s.pitfall], viz.Bad},
	}
	for i, r := range runs {
		col := caption(c, cols[i], r.title+"  ·  step "+itoa(k)+" of "+itoa(n))
		sq := fitRect(col, 1, 1)
		s.drawPlane(c, r.p, r.smp, sq)
		c.Text(sq.X, sq.Y+sq.H+16, "covariance trace "+f3(tr[i])+"  ·  RMS to nearest mode "+f3(md[i]),
			labelSize+1, r.col, viz.AlignLeft)
	}
	y := info.Y + 32
	c.Text(info.X, y, "same x_T in both; particles coloured by the mode their right run reaches  ·  data: covariance trace "+
		f3(data)+"  ·  ā = "+f3(s.smp.FrameAlphaBar(k)), labelSize, viz.InkMuted, viz.AlignLeft)
}

// schedulePlot draws ᾱ_t of the scene's schedule (bold) and of the other
// kinds (dashed) with viz/plot, cached until the schedule or the size
// change; the visited timesteps and the current one are drawn live on top.
type schedulePlot struct {
	sch     *diffusion.Schedule
	ts      []int
	fig     plot.Figure
	version uint64
	others  [3]*diffusion.Schedule
}

func (p *schedulePlot) set(sch *diffusion.Schedule, ts []int) {
	p.sch, p.ts = sch, ts
	p.version++
	for k := range p.others {
		p.others[k], _ = newToySchedule(diffusion.ScheduleKind(k), sch.Len())
	}
}

// spec is the plot: ᾱ_t of each kind over t, and √(1−ᾱ_t) of this one.
func (p *schedulePlot) spec() plot.Spec {
	T := p.sch.Len()
	xs := make([]float64, T)
	for t := range xs {
		xs[t] = float64(t)
	}
	sp := plot.Spec{XLabel: "timestep t", YLabel: "", YMin: 0, YMax: 1.02}
	for k, o := range p.others {
		if o == nil || diffusion.ScheduleKind(k) == p.sch.Kind {
			continue
		}
		sp.Series = append(sp.Series, plot.Series{Label: "ā " + o.Kind.String(), X: xs, Y: o.AlphaBars,
			Color: viz.Fade(viz.Categorical(k+3), 0.8), Width: 1.2, Dashed: true})
	}
	noise := make([]float64, T)
	for t, a := range p.sch.AlphaBars {
		noise[t] = math.Sqrt(1 - a)
	}
	sp.Series = append(sp.Series,
		plot.Series{Label: "√(1−ā) noise", X: xs, Y: noise, Color: viz.Categorical(1), Width: 1.5},
		plot.Series{Label: "ā " + p.sch.Kind.String(), X: xs, Y: p.sch.AlphaBars, Color: viz.Accent, Width: 2.5})
	return sp
}

func (p *schedulePlot) draw(c viz.Canvas, r viz.Rect, k int) {
	r = caption(c, r, "noise schedule ("+p.sch.Kind.String()+", T = "+itoa(p.sch.Len())+")")
	bm, err := p.fig.Render(p.version, p.spec, int(r.W), int(r.H), 1)
	if err != nil {
		drawError(c, r, err)
		return
	}
	c.Image(bm, r.X, r.Y, float64(int(r.W)), float64(int(r.H)), true)
	a := p.fig.DataArea()
	for _, t := range p.ts {
		if t < 0 || len(p.ts) > 120 {
			continue // every timestep visited: ticks would merge into a bar
		}
		x, _ := p.fig.DataToLogical(float64(t), 0)
		c.Line(r.X+x, r.Y+a.Y+a.H-5, r.X+x, r.Y+a.Y+a.H, 1, viz.InkMuted)
	}
	if k < len(p.ts) && p.ts[k] >= 0 {
		t := p.ts[k]
		x, y := p.fig.DataToLogical(float64(t), p.sch.AlphaBars[t])
		c.Line(r.X+x, r.Y+a.Y, r.X+x, r.Y+a.Y+a.H, 1.5, viz.Bad)
		c.FillCircle(r.X+x, r.Y+y, 4, viz.Bad)
	}
}
