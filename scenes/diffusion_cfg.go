package scenes

import (
	"image/color"
	"math"

	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// cfgSweep are the guidance scales whose spread the side plot shows.
var cfgSweep = []float64{0, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 10}

// cfgSweepParticles is the sample size of each sweep run.
const cfgSweepParticles = 200

// CFGScene is problem 008: DDIM sampling of the 2-D mixture with
// classifier-free guidance toward a class (core's toy sampler, whose ε̂ is
// ε_null + w (ε_class − ε_null) from one pass over the mixture). The side
// plot shows the samples' spread shrinking as w grows.
type CFGScene struct {
	presets               []Preset // built once by Presets
	w                     float64
	class, mixK, n, steps int
	seed                  uint64
	sch                   *diffusion.Schedule
	mix                   *toy.Mixture
	smp                   *toy.Sampler
	classes               []int
	spread, inClass       []float64 // per cfgSweep entry
	err                   error

	k           int
	clock, hold float64
	plane       particlePlane
	fig         plot.Figure
	figVersion  uint64
}

// Info implements Scene.
func (s *CFGScene) Info() Info {
	return Info{
		ID:       "cfg",
		Title:    "Classifier-free guidance",
		Family:   "diffusion",
		Problems: []string{"008"},
		Statement: "A conditional diffusion model is trained to also predict noise without its condition (the null class). " +
			"At sampling time the two predictions are extrapolated to push samples toward the class.",
		Formula: "ε_guided = ε_uncond + w (ε_cond − ε_uncond).  w = 0: unconditional; w = 1: plain conditional; w > 1: guided " +
			"past it. Both predictions come from one batched call (here one pass over the mixture).",
		LookFor: "Raise w: particles leave the other classes' modes, then crowd into the most typical part of the class " +
			"(the spread within each mode shrinks, plot on the right): quality up, diversity down. Past w ≈ 3 the groups " +
			"also drift beyond the modes, away from the other classes: over-guidance. The problem's pitfall (two model calls, " +
			"conditional then unconditional, where one batched call would do) costs time, not correctness, so it has no " +
			"wrong picture: the same ε_guided comes out, at twice the launches. Here both predictions come from one pass " +
			"over the mixture, the batched form.",
	}
}

// Params implements Scene.
func (s *CFGScene) Params() []Param {
	return []Param{
		{Name: "guidance", Label: "guidance w", Kind: Float, Min: 0, Max: 10, Step: 0.5, Default: 3},
		{Name: "class", Label: "class", Kind: Int, Min: 0, Max: 7, Step: 1, Default: 0},
		{Name: "data", Label: "data", Kind: Choice, Choices: toyMixtureNames, Default: 1},
		{Name: "steps", Label: "DDIM steps", Kind: Int, Min: 2, Max: 100, Step: 1, Default: 30},
		{Name: "particles", Label: "particles", Kind: Int, Min: 20, Max: 800, Step: 10, Default: 300},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

// Presets implements Presetter.
func (s *CFGScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *CFGScene) makePresets() []Preset {
	base := func(kv Values) Values { return Overlay(s.Params(), kv) }
	return []Preset{
		{Name: "w = 3 toward the two-blob class", Values: base(nil)},
		{Name: "w = 0: unconditional", Values: base(Values{"guidance": 0})},
		{Name: "w = 1: plain conditional", Values: base(Values{"guidance": 1})},
		{Name: "w = 8: over-guided", Values: base(Values{"guidance": 8})},
		{Name: "Ring, class 2, w = 4", Values: base(Values{"data": 0, "class": 2, "guidance": 4})},
	}
}

// Reset implements Scene: runs the sampler at w and the sweep of w.
func (s *CFGScene) Reset(v Values) error {
	s.w, s.mixK, s.n, s.steps = v["guidance"], int(v["data"]), int(v["particles"]), int(v["steps"])
	s.seed = uint64(v["seed"])
	s.k, s.clock, s.hold = 0, 0, 0
	s.err = s.compute(int(v["class"]))
	return s.err
}

// Config is the sampler configuration at guidance w.
func (s *CFGScene) Config(w float64) toy.Config {
	return toy.Config{Schedule: s.sch, Method: toy.DDIM, Steps: s.steps, Class: s.class, Guidance: w, Record: true}
}

func (s *CFGScene) compute(class int) error {
	var err error
	if s.sch, err = newToySchedule(diffusion.Linear, 250); err != nil {
		return err
	}
	if s.mix, err = toyMixture(s.mixK); err != nil {
		return err
	}
	s.class = clampInt(class, 0, s.mix.NumClasses-1)
	if s.smp, err = toy.NewSampler(s.mix, s.Config(s.w), s.n); err != nil {
		return err
	}
	s.smp.Start(s.seed)
	s.smp.Run()
	_, steps := s.smp.Progress()
	s.classes = nearestClass(s.mix, s.smp.Frame(steps), s.classes)
	s.plane.reset(s.mix, s.class)

	// The sweep: final samples for each w, their spread (RMS distance to
	// their mean) and the fraction nearest a mode of the class.
	sw, err := toy.NewSampler(s.mix, toy.Config{Schedule: s.sch, Method: toy.DDIM, Steps: s.steps, Class: s.class}, cfgSweepParticles)
	if err != nil {
		return err
	}
	s.spread, s.inClass = s.spread[:0], s.inClass[:0]
	var lab []int
	for _, w := range cfgSweep {
		cfg := sw.Cfg
		cfg.Guidance = w
		if err := sw.Configure(cfg, cfgSweepParticles); err != nil {
			return err
		}
		sw.Start(s.seed)
		sw.Run()
		s.spread = append(s.spread, modeSpread(s.mix, s.class, sw.X))
		x32 := make([]float32, len(sw.X))
		for i, x := range sw.X {
			x32[i] = float32(x)
		}
		lab = nearestClass(s.mix, x32, lab)
		in := 0
		for _, c := range lab {
			if c == s.class {
				in++
			}
		}
		s.inClass = append(s.inClass, float64(in)/float64(len(lab)))
	}
	s.figVersion++
	return nil
}

// modeSpread measures diversity: points are grouped by the nearest
// component of the class, and the result is the RMS distance of each point
// to its group's own mean, in units of the component's standard deviation
// (1 for true samples of the class; it shrinks as guidance concentrates
// them, whereas the groups themselves may drift past the modes).
func modeSpread(m *toy.Mixture, class int, x []float64) float64 {
	n := len(x) / 2
	k := len(m.Comps)
	sx, sy, cnt := make([]float64, k), make([]float64, k), make([]int, k)
	grp := make([]int, n)
	for i := range n {
		best, bd := -1, math.Inf(1)
		for j, c := range m.Comps {
			if c.Class != class {
				continue
			}
			dx, dy := x[2*i]-c.Mean[0], x[2*i+1]-c.Mean[1]
			if d := dx*dx/c.Var[0] + dy*dy/c.Var[1]; d < bd {
				best, bd = j, d
			}
		}
		grp[i] = best
		sx[best] += x[2*i]
		sy[best] += x[2*i+1]
		cnt[best]++
	}
	tot := 0.0
	for i := range n {
		g := grp[i]
		c := m.Comps[g]
		dx, dy := x[2*i]-sx[g]/float64(cnt[g]), x[2*i+1]-sy[g]/float64(cnt[g])
		tot += (dx*dx/c.Var[0] + dy*dy/c.Var[1]) / 2
	}
	return math.Sqrt(tot / float64(n))
}

// Positions returns the particles of the current frame.
func (s *CFGScene) Positions() []float32 { return s.smp.Frame(s.k) }

// Sweep returns the guidance scales and the spread and in-class fraction of
// the samples at each.
func (s *CFGScene) Sweep() (ws, spread, inClass []float64) { return cfgSweep, s.spread, s.inClass }

// Step implements Stepper.
func (s *CFGScene) Step() {
	_, n := s.Progress()
	s.k = (s.k + 1) % (n + 1)
	s.clock, s.hold = 0, 0
}

// Progress implements Stepper.
func (s *CFGScene) Progress() (int, int) {
	if s.smp == nil || s.err != nil {
		return 0, 0
	}
	return s.k, s.smp.NumFrames() - 1
}

// Update implements Scene.
func (s *CFGScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	s.k, s.clock, s.hold = advanceFrames(s.k, s.smp.NumFrames()-1, s.clock, s.hold, dt)
}

// Readout implements Readouter.
func (s *CFGScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	k, n := s.Progress()
	return []KV{
		{"guidance w", f2(s.w)},
		{"class", itoa(s.class)},
		{"step", itoa(k) + " of " + itoa(n)},
		{"spread at w = 0, 1, 3, 10", f3(s.spread[0]) + ", " + f3(s.spread[2]) + ", " + f3(s.spread[5]) + ", " + f3(s.spread[9])},
	}
}

func (s *CFGScene) particleColor(i int) color.RGBA {
	if s.classes[i] == s.class {
		return viz.Accent
	}
	return viz.Fade(viz.InkMuted, 0.8)
}

// Draw implements Scene.
func (s *CFGScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	k, n := s.Progress()
	side := math.Min(area.H-22, area.W*0.58)
	left, right := area.CutLeft(side)
	left = caption(c, left, "DDIM "+itoa(s.steps)+" steps toward class "+itoa(s.class)+", w = "+f2(s.w)+"  ·  step "+itoa(k)+" of "+itoa(n))
	sq := fitRect(left, 1, 1)
	s.plane.density(s.smp.FrameAlphaBar(k))
	s.plane.drawPaths(s.smp.Frame, k, diffPathStride, s.particleColor)
	s.plane.draw(c, sq, s.smp.Frame(k), k, true, s.particleColor)

	right.X += 16
	right.W -= 16
	plotR, info := right.CutTop(math.Min(300, right.H*0.6))
	plotR = caption(c, plotR, "diversity (spread within modes, std) and share in class vs w")
	bm, err := s.fig.Render(s.figVersion, s.sweepSpec, int(plotR.W), int(plotR.H), 1)
	if err == nil {
		c.Image(bm, plotR.X, plotR.Y, float64(int(plotR.W)), float64(int(plotR.H)), true)
		a := s.fig.DataArea()
		x, _ := s.fig.DataToLogical(s.w, 0)
		c.Line(plotR.X+x, plotR.Y+a.Y, plotR.X+x, plotR.Y+a.Y+a.H, 1.5, viz.Bad)
	}
	y := info.Y + 16
	for _, ln := range [...]string{
		"blue: particles ending in class " + itoa(s.class) + "; grey: other classes",
		"background: p_t(x | class) at the current noise level",
		"guided ε = ε_uncond + w (ε_cond − ε_uncond), one pass",
	} {
		c.Text(info.X, y, ln, labelSize+1, viz.Ink, viz.AlignLeft)
		y += 18
	}
}

// sweepSpec plots the sweep.
func (s *CFGScene) sweepSpec() plot.Spec {
	return plot.Spec{XLabel: "guidance w", YMin: 0, YMax: math.Min(4, math.Max(1.15, slicesMax(s.spread)*1.1)),
		Series: []plot.Series{
			{Label: "spread within modes", X: cfgSweep, Y: s.spread, Color: viz.Accent, Width: 2},
			{Label: "share in class", X: cfgSweep, Y: s.inClass, Color: viz.Good, Width: 2, Dashed: true},
		}}
}

func slicesMax(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
