package scenes

import (
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The views of problems 010 (the DDPM reverse step) and 011 (the DDIM
// step): one scene, two timelines. A cloud of particles drawn from noise
// is denoised toward a 2-D data set whose exact noise predictor ε* is
// known (toy.Moons, toy.Spiral, toy.Ring). One step is taken apart first,
// x_t → ε̂ → x̂₀ → mean → + σz → x_{t−1}, then the whole run plays step by
// step, the last step (t = 0) is taken apart again, and the same sampler
// denoises 8×8 images. Every value comes from toy.RunChain, which runs the
// tensor ops of package diffusion; the pitfalls run the core/mistakes
// functions in the same trace, from the same x_T and the same noise.

// Inspection groups of the reverse-step views.
const (
	grpRevP      = iota + 1 // a particle (right run)
	grpRevBad               // a particle of the pitfall's run
	grpRevStrip             // a step of the noise-level strip
	grpRevRow               // a row of the particle's numbers panel
	grpRevCoef              // a row of the step's coefficients panel
	grpRevStat              // a row of the samples' statistics
	grpRevImg0   = 1000     // + 16·column + image: one image of the images stage
	revImgGroups = 16
)

// revStage is one kind of step of the reverse-step timelines.
type revStage int

const (
	rvInput   revStage = iota // x_t of the step taken apart
	rvEps                     // ε as arrows
	rvX0                      // x₀
	rvMean                    // DDPM's mean; DDIM's re-noised x₀
	rvNoise                   // + σ z
	rvNext                    // the particles move to x_{t−1}
	rvChain                   // one step of the whole run
	rvLast                    // the last step, taken apart
	rvSamples                 // the samples against the data
	rvImages                  // the same sampler on 8×8 images
)

// revParticles are the particle counts offered.
const (
	revDefaultParticles = 300
	revImages           = 6 // images denoised in the images stage
	revImageCols        = 6 // snapshots of each image
	revDDIMT            = 1000
)

type revView struct {
	problem string
	ddim    bool
	// params
	kind      diffusion.ScheduleKind
	T, steps  int
	sigma     diffusion.SigmaKind
	eta       float64
	apartAbar float64
	dataK, n  int
	seed      uint64
	pitfall   string
	// computed by Reset
	mix       *toy.Mixture
	sch       *diffusion.Schedule
	chain     *toy.Chain
	bad       *toy.Chain // the pitfall's run, nil without one
	badFn     string     // the core/mistakes function the pitfall runs
	kStar     int        // the step taken apart
	apart     toy.StepTrace
	apartBad  *toy.StepTrace // the pitfall's version of that step from its inputs (nil: none or no difference)
	imgMix    *toy.Mixture
	imgs      *toy.Chain
	imgsBad   *toy.Chain
	imgCols   []int // the states the images stage shows
	imgBm     [][revImages]viz.Bitmap
	imgBadBm  [revImages]viz.Bitmap
	stats     toy.CloudStats
	badStats  toy.CloudStats
	dataTrace float64
	follow    int // the particle the numbers panel follows
	stages    []revStage
	chainK    []int
	tl        scene.Timeline
	// drawing state, rebuilt by Reset or when the size changes
	dens     densityStack
	base     layer // the data's shape, stamped once per size
	cloud    stagedLayer
	trails   layer
	trailK   int
	strip    strip
	shownP   *core.Tensor // the particles marked this frame (for Inspect)
	shownPN  string
	shownBad *core.Tensor
	shownBN  string
	rowVals  []numRow
	rows     rowCache
	trailPts []viz.Point
	// text made once per Reset (or per step, particle or column shown):
	// a paused frame formats nothing.
	legends  memo[revStage, []legendItem]
	titles   memo[[2]int, string]
	runNames memo[int, string]
	imgHeads memo[int, [2]string]
	ro       kvMemo[[2]int]
	// quiz: draw only the run the pitfall selects, named by nothing
	// (Reset puts it in chain and imgs, and drops bad).
	quiz  bool
	poly  polyScratch
	discs discBatch
}

func newRevView(problem string) *revView { return &revView{problem: problem, ddim: problem == "011"} }

func (s *revView) Info() scene.Info {
	p, _ := problems.Lookup(s.problem)
	in := scene.Info{ID: "diffusion", Problem: s.problem, Title: p.Title, Family: "diffusion", Statement: fontSafe(p.Statement)}
	if !s.ddim {
		in.Formula = `\hat x_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon}{\sqrt{\bar\alpha_t}},\quad x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}\,\hat\epsilon\right) + \sigma_t z,\quad \sigma_0 = 0`
		in.LookFor = "One reverse step, taken apart on a cloud of particles: the model predicts the noise ε in every particle (orange arrows), " +
			"which gives its guess of the clean point x₀ (green rings, already on the data's shape). DDPM moves only a small way toward it " +
			"(the mean μ, purple: α_t, one step's factor, not ā_t) and adds fresh noise σ_t z (grey). Then the whole run plays: T such steps, " +
			"the cloud condensing onto the data; the last step, t = 0, adds no noise. The strip shows ā against the step: with the cosine " +
			"schedule every step changes something; with the linear one the first steps sit at ā ≈ 0 and barely move anything. " +
			"Pitfalls, in red from the same x_T and noise: ā used for α makes every step jump all the way to x₀ (the red arrows of the mean " +
			"stage) and re-noise by only σ_t, so the cloud settles too early and piles onto part of the shape (the spiral preset: the samples " +
			"cover a third of it); noise at the last step leaves the samples blurred off the shape by σ_0 z. Hover a particle for its numbers; click one to follow it."
	} else {
		in.Formula = `\hat x_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon}{\sqrt{\bar\alpha_t}},\quad x_{t-1} = \sqrt{\bar\alpha_{t-1}}\,\hat x_0 + \sqrt{1-\bar\alpha_{t-1}-\sigma_t^2}\,\hat\epsilon + \sigma_t z,\quad \sigma_t = \eta\sqrt{\frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}}\sqrt{1-\frac{\bar\alpha_t}{\bar\alpha_{t-1}}}`
		in.LookFor = "One DDIM step, taken apart: the predicted noise ε (orange) gives the clean estimate x₀ (green rings); DDIM then " +
			"re-noises x₀ to the next, lower noise level with the same ε (purple), so with η = 0 no fresh noise enters and the path is " +
			"deterministic. That is why DDIM can skip: 10 steps of a 1000-step schedule land on the data. Then the run plays step by step; " +
			"the last step lands on x₀ itself. Raise η to add noise back (η = 1 is DDPM's posterior noise). The pitfall swaps ā_t and " +
			"ā_{t−1}: x₀ is estimated with the wrong level and re-noised to the old one, so every step runs toward noise and the red " +
			"cloud flies apart. Hover a particle for its numbers; click one to follow it."
	}
	return in
}

var revScheduleKinds = []diffusion.ScheduleKind{diffusion.Cosine, diffusion.Linear}

func (s *revView) Params() []scene.Param {
	ps := []scene.Param{
		{Name: "schedule", Label: "schedule", Kind: scene.Choice, Choices: []string{"cosine", "linear"}, Default: 0,
			Help: "cosine spaces the steps evenly in ā; with linear the first steps sit at ā ≈ 0 and change little"},
	}
	if !s.ddim {
		ps = append(ps,
			scene.Param{Name: "T", Label: "timesteps T", Kind: scene.Int, Min: 10, Max: 200, Step: 10, Default: 50,
				Help: "DDPM visits every timestep: T steps"},
			scene.Param{Name: "sigma", Label: "noise σ_t", Kind: scene.Choice, Choices: []string{"beta", "posterior"}, Default: 0,
				Help: "σ² = β_t, or the posterior variance (1 − ā_{t−1})/(1 − ā_t) β_t"})
	} else {
		ps = append(ps,
			scene.Param{Name: "steps", Label: "DDIM steps (of 1000)", Kind: scene.Int, Min: 2, Max: 50, Step: 1, Default: 10,
				Help: "timesteps 999, 899, …: evenly spaced, ending one stretch before the data (trailing spacing)"},
			scene.Param{Name: "eta", Label: "η", Kind: scene.Float, Min: 0, Max: 1, Step: 0.1, Default: 0,
				Help: "0: deterministic DDIM; 1: DDPM's posterior noise"})
	}
	ps = append(ps,
		scene.Param{Name: "apart", Label: "step taken apart at ā ≈", Kind: scene.Float, Min: 0.05, Max: 0.95, Step: 0.05, Default: 0.5,
			Help: "the first stages take apart the step whose noise level ā is nearest this"},
		scene.Param{Name: "data", Label: "data", Kind: scene.Choice, Choices: dataSets, Default: 0},
		scene.Param{Name: "particles", Label: "particles", Kind: scene.Int, Min: 50, Max: 600, Step: 50, Default: revDefaultParticles},
		scene.Param{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs(s.problem)...))
	return ps
}

func (s *revView) Presets() []scene.Preset {
	if !s.ddim {
		return []scene.Preset{
			{Name: "Linear schedule: idle first steps", Values: scene.Values{"schedule": 1}},
			{Name: "Spiral, posterior σ", Values: scene.Values{"data": 1, "sigma": 1}},
			{Name: "Pitfall: ā for α", Values: scene.Values{"pitfall": 1, "data": 1, "T": 100}},
			{Name: "Pitfall: noise at t = 0", Values: scene.Values{"pitfall": 2, "schedule": 1, "T": 20}},
		}
	}
	return []scene.Preset{
		{Name: "3 steps", Values: scene.Values{"steps": 3}},
		{Name: "η = 1", Values: scene.Values{"eta": 1, "steps": 25}},
		{Name: "Linear schedule", Values: scene.Values{"schedule": 1}},
		{Name: "Pitfall: ā_t, ā_{t−1} swapped", Values: scene.Values{"pitfall": 1}},
	}
}

// SetQuiz implements scene.Quizzer.
func (s *revView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *revView) Explain(variant int) string {
	if s.ddim {
		return quizExplain(s.problem, variant, "The right version estimates x₀ with ā_t and re-noises that estimate to ā_{t−1}: every step "+
			"moves toward the data, and the last lands on the estimate itself.")
	}
	return quizExplain(s.problem, variant, "The right version takes one step's α_t in the mean (not ā_t), so each step moves a "+
		"little way toward the x₀ estimate, and adds no noise at the last step, t = 0.")
}

// Applies implements scene.Applier.
func (s *revView) Applies(name string, v scene.Values) string {
	if s.ddim && name == "eta" && s.quiz {
		// The same for every version: the reason must not name one.
		return "a quiz runs DDIM with η = 0"
	}
	if s.ddim && name == "eta" && v["pitfall"] == 1 {
		return "the swapped pitfall steps toward noise, where η > 0 has no real σ: both runs use η = 0"
	}
	return ""
}

func (s *revView) Reset(v scene.Values) error {
	s.kind = revScheduleKinds[clampInt(int(v["schedule"]), 0, len(revScheduleKinds)-1)]
	s.dataK, s.n, s.seed = int(v["data"]), int(v["particles"]), uint64(v["seed"])
	s.apartAbar = v["apart"]
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		ps := s.Params()
		if ch := ps[len(ps)-1].Choices; i < len(ch) {
			s.pitfall = ch[i]
		}
	}
	cfg := toy.ChainConfig{Class: toy.NullClass}
	if !s.ddim {
		s.T = int(v["T"])
		s.sigma = diffusion.SigmaKind(clampInt(int(v["sigma"]), 0, 1))
		cfg.Method, cfg.Sigma = toy.DDPM, s.sigma
	} else {
		s.T, s.steps, s.eta = revDDIMT, int(v["steps"]), v["eta"]
		if s.pitfall != "" || s.quiz {
			s.eta = 0 // see Applies; a quiz runs every version at η = 0
		}
		// Trailing spacing: the last step covers a real stretch of noise,
		// not ā_0 ≈ 1 to 1.
		cfg.Method, cfg.Steps, cfg.Eta, cfg.Spacing = toy.DDIM, s.steps, s.eta, toy.Trailing
	}
	var err error
	if s.sch, err = scheduleFor(s.kind, s.T); err != nil {
		return err
	}
	cfg.Schedule = s.sch
	if s.mix, err = dataSet(s.dataK); err != nil {
		return err
	}
	if s.chain, err = toy.RunChain(s.mix, cfg, s.n, s.seed); err != nil {
		return err
	}
	bad := cfg
	s.bad, s.badFn, s.apartBad, s.imgsBad = nil, "", nil, nil
	switch s.pitfall {
	case "alpha-bar-for-alpha":
		bad.DDPMStep, s.badFn = mistakes.DDPMAlphaBarForAlpha, "mistakes.DDPMAlphaBarForAlpha"
	case "noise-at-last-step":
		bad.DDPMStep, s.badFn = mistakes.DDPMNoiseAtLastStep, "mistakes.DDPMNoiseAtLastStep"
	case "alpha-bar-swapped":
		bad.DDIMStep, s.badFn = mistakes.DDIMAlphaBarsSwapped, "mistakes.DDIMAlphaBarsSwapped"
	}
	if s.badFn != "" {
		if s.bad, err = toy.RunChain(s.mix, bad, s.n, s.seed); err != nil {
			return err
		}
		if s.quiz {
			// The run under test is the one drawn.
			s.chain, s.bad = s.bad, nil
		}
	}
	// The step taken apart: the one whose ā_t is nearest the asked level,
	// never the last (it has a stage of its own).
	S := s.chain.Len()
	s.kStar = 0
	best := math.Inf(1)
	for k := 0; k < max(1, S-1); k++ {
		if d := math.Abs(s.chain.Steps[k].AlphaBarT - s.apartAbar); d < best {
			s.kStar, best = k, d
		}
	}
	s.apart = s.chain.Steps[s.kStar]
	if s.bad != nil {
		st, err := toy.Retrace(cfg.Method, s.apart, bad.DDPMStep, bad.DDIMStep)
		if err != nil {
			return err
		}
		if !sameTensor(st.Out, s.apart.Out) || !sameTensor(st.X0, s.apart.X0) {
			s.apartBad = &st
		}
	}
	if err := s.computeImages(cfg, bad); err != nil {
		return err
	}
	if s.stats, err = s.mix.Stats(s.chain.State(S).Data); err != nil {
		return err
	}
	if s.bad != nil {
		if s.badStats, err = s.mix.Stats(s.bad.State(S).Data); err != nil {
			return err
		}
	}
	if s.dataTrace, err = s.mix.DataTrace(toy.NullClass); err != nil {
		return err
	}
	if err := s.dens.build(s.mix, toy.NullClass); err != nil {
		return err
	}
	s.strip.set(s.chain, s.kStar)
	s.follow = typicalParticle(s.apart)
	s.trails.key, s.base.key, s.trailK = layerKey{}, layerKey{}, -1
	s.cloud.reset()
	s.rows.ok = false
	s.legends.reset()
	s.titles.reset()
	s.runNames.reset()
	s.imgHeads.reset()
	s.ro.reset()
	s.buildTimeline()
	return nil
}

// sameTensor reports whether two tensors hold the same values.
func sameTensor(a, b *core.Tensor) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.Data) != len(b.Data) {
		return false
	}
	for i, v := range a.Data {
		if v != b.Data[i] {
			return false
		}
	}
	return true
}

// typicalParticle picks the particle the numbers panel follows at first:
// the one whose x̂₀ lies at the median distance from its x_t, neither a
// particle already on the data nor an outlier.
func typicalParticle(st toy.StepTrace) int {
	n := st.Xt.Shape[0]
	type pd struct {
		i int
		d float64
	}
	ds := make([]pd, n)
	for i := range n {
		ds[i] = pd{i, math.Hypot(float64(st.X0.Data[2*i]-st.Xt.Data[2*i]), float64(st.X0.Data[2*i+1]-st.Xt.Data[2*i+1]))}
	}
	// A partial selection is enough: sort by distance.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && ds[j].d < ds[j-1].d; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
	return ds[n/2].i
}

// computeImages runs the same sampler (and pitfall) on the glyph images
// and paints the snapshots.
func (s *revView) computeImages(cfg, bad toy.ChainConfig) error {
	var err error
	if s.imgMix == nil {
		if s.imgMix, err = toy.Glyphs(0.2); err != nil {
			return err
		}
	}
	if s.imgs, err = toy.RunChain(s.imgMix, cfg, revImages, s.seed); err != nil {
		return err
	}
	if s.badFn != "" {
		if s.imgsBad, err = toy.RunChain(s.imgMix, bad, revImages, s.seed); err != nil {
			return err
		}
		if s.quiz {
			s.imgs, s.imgsBad = s.imgsBad, nil
		}
	}
	S := s.imgs.Len()
	s.imgCols = s.imgCols[:0]
	for c := range revImageCols {
		k := int(math.Round(float64(c) * float64(S) / float64(revImageCols-1)))
		if len(s.imgCols) == 0 || k != s.imgCols[len(s.imgCols)-1] {
			s.imgCols = append(s.imgCols, k)
		}
	}
	for len(s.imgBm) < len(s.imgCols) {
		s.imgBm = append(s.imgBm, [revImages]viz.Bitmap{})
	}
	gray := make([]uint8, toy.GlyphSize*toy.GlyphSize)
	paint := func(b *viz.Bitmap, x []float32) {
		g := toy.GlyphSize
		newBitmap(b, g, g)
		toy.ToGray(gray, x)
		for p, v := range gray {
			b.Img.Pix[4*p], b.Img.Pix[4*p+1], b.Img.Pix[4*p+2], b.Img.Pix[4*p+3] = v, v, v, 255
		}
		b.Touch()
	}
	D := s.imgMix.Dim
	for c, k := range s.imgCols {
		st := s.imgs.State(k).Data
		for i := range revImages {
			paint(&s.imgBm[c][i], st[i*D:(i+1)*D])
		}
	}
	if s.imgsBad != nil {
		st := s.imgsBad.State(S).Data
		for i := range revImages {
			paint(&s.imgBadBm[i], st[i*D:(i+1)*D])
		}
	}
	return nil
}

// buildTimeline lists the stages of this problem's process.
func (s *revView) buildTimeline() {
	S, n := s.chain.Len(), s.n
	shp := shapeOf(n, 2)
	s.stages, s.chainK, s.tl = s.stages[:0], s.chainK[:0], s.tl[:0]
	add := func(st revStage, k int, stage, caption, shapes string, sec float64) {
		s.stages = append(s.stages, st)
		s.chainK = append(s.chainK, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	a := s.apart
	t := a.T
	runName := "T = " + itoa(S)
	if s.ddim {
		runName = itoa(S) + " DDIM steps"
	}
	add(rvInput, s.kStar, "x_t", "Take one step apart: "+itoa(n)+" particles at step "+itoa(s.kStar+1)+" of "+itoa(S)+" ($t$ = "+itoa(t)+
		", $\\bar\\alpha_t$ = "+f2(a.AlphaBarT)+"). Each is part data, part noise: $x_t = \\sqrt{\\bar\\alpha_t}\\,x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon$.",
		"x_t "+shp, 1.2)
	add(rvEps, s.kStar, "predict ε", "The model predicts the noise in every particle, $\\hat\\epsilon = \\epsilon_\\theta(x_t, t)$ (here the exact $\\epsilon^*$ "+
		"of the data). Each arrow takes it away: $x_t - \\sqrt{1-\\bar\\alpha_t}\\,\\hat\\epsilon$.", "x_t "+shp+" → ε "+shp, 2.5)
	add(rvX0, s.kStar, "estimate x0", "Rescaled by $1/\\sqrt{\\bar\\alpha_t}$ = "+f2(1/math.Sqrt(a.AlphaBarT))+" that is the model's guess of the clean point, "+
		"$\\hat x_0$ (rings): already near the data's shape, though the particles are not.", "x_t, ε "+shp+" → x0 "+shp, 2.5)
	if !s.ddim {
		c, _ := a.DDPM.Coefficients()
		add(rvMean, s.kStar, "mean", "DDPM moves only one step toward it: $\\mu = \\frac{1}{\\sqrt{\\alpha_t}}\\left(x_t - \\frac{1-\\alpha_t}{\\sqrt{1-\\bar\\alpha_t}}\\hat\\epsilon\\right)$, "+
			"with this step's $\\alpha_t$ = "+f3(a.DDPM.AlphaT)+", not $\\bar\\alpha_t$.", "x_t, ε "+shp+" → μ "+shp, 2.5)
		add(rvNoise, s.kStar, "add noise", "Then fresh noise: $+\\,\\sigma_t z$ with $z \\sim \\mathcal{N}(0, I)$ and $\\sigma_t$ = "+f3(c.Sigma)+
			" ("+map[bool]string{true: "posterior", false: "$\\sqrt{\\beta_t}$"}[s.sigma == diffusion.SigmaPosterior]+").", "μ, z "+shp+" → x_{t−1} "+shp, 2)
	} else {
		add(rvMean, s.kStar, "re-noise", "DDIM re-noises $\\hat x_0$ to the next level with the same $\\hat\\epsilon$: $\\sqrt{\\bar\\alpha_{t-1}}\\,\\hat x_0 + "+
			"\\sqrt{1-\\bar\\alpha_{t-1}-\\sigma_t^2}\\,\\hat\\epsilon$, $\\bar\\alpha_{t-1}$ = "+f2(a.AlphaBarNext)+".", "x0, ε "+shp+" → x_{t−1} "+shp, 2.5)
		if s.eta > 0 {
			c, _ := a.DDIM.Coefficients()
			add(rvNoise, s.kStar, "add noise", "With η = "+f2(s.eta)+" fresh noise enters: $+\\,\\sigma_t z$, $\\sigma_t$ = "+f3(c.Sigma)+".", "z "+shp+" → x_{t−1} "+shp, 2)
		}
	}
	jitter := " and jitters with the fresh noise"
	if s.ddim && s.eta == 0 {
		jitter = ", deterministically"
	}
	add(rvNext, s.kStar, "x_{t−1}", "$x_{t-1}$: each particle drifts toward the data"+jitter+"; $\\bar\\alpha$ rises from "+f2(a.AlphaBarT)+" to "+
		f2(a.AlphaBarNext)+". Sampling is "+itoa(S)+" such steps, from pure noise.",
		"x_t "+shp+" → x_{t−1} "+shp, 2)
	sec := max(0.15, min(0.8, 9/float64(S)))
	for k := 0; k < S-1; k++ {
		st := s.chain.Steps[k]
		add(rvChain, k, "sample", "Sampling step "+itoa(k+1)+" of "+itoa(S)+" ("+runName+"): $t$ = "+itoa(st.T)+", $\\bar\\alpha$ "+f3(st.AlphaBarT)+
			" → "+f3(st.AlphaBarNext)+".", "x_t "+shp+" → x_{t−1} "+shp, sec)
	}
	last := s.chain.Steps[S-1]
	if !s.ddim {
		add(rvLast, S-1, "t = 0", "The last step, $t$ = 0: $x_0 = \\mu$, and no noise is added ($\\sigma_0 z$ would only blur the samples).",
			"x_1 "+shp+" → x_0 "+shp, 3)
	} else {
		add(rvLast, S-1, "last step", "The last step goes to $\\bar\\alpha$ = 1 from $t$ = "+itoa(last.T)+": $x_0 = \\hat x_0$, the estimate itself.",
			"x_t "+shp+" → x_0 "+shp, 3)
	}
	add(rvSamples, S, "samples", "The samples: "+itoa(n)+" particles on the data's shape, mean distance "+f3(s.stats.MeanDist)+" from it.",
		"x_0 "+shp, 2.5)
	add(rvImages, S, "on images", "The same sampler on 8×8 images: each image is one point in 64 dimensions, and coarse structure appears before detail.",
		"x_t "+shapeOf(revImages, 64)+", "+itoa(S+1)+" states", 3.5)
	if s.quiz {
		s.quizCaptions()
	}
}

// quizCaptions says what each stage draws, never what it should be: in a
// quiz that is the answer.
func (s *revView) quizCaptions() {
	for k, st := range s.stages {
		c := &s.tl[k].Caption
		switch st {
		case rvX0:
			*c = "The model's guess of the clean point, $\\hat x_0$ (rings), from $x_t$ and $\\hat\\epsilon$."
		case rvMean:
			*c = "The step's mean μ for every particle (purple arrows), from $x_t$ and $\\hat\\epsilon$."
			if s.ddim {
				*c = "DDIM re-noises $\\hat x_0$ to the next noise level with the same $\\hat\\epsilon$ (purple arrows)."
			}
		case rvNoise:
			*c = "Then fresh noise: $+\\,\\sigma_t z$ with $z \\sim \\mathcal{N}(0, I)$ (grey arrows)."
		case rvNext:
			*c = "$x_{t-1}$: where each particle lands; $\\bar\\alpha$ rises from " + f2(s.apart.AlphaBarT) + " to " + f2(s.apart.AlphaBarNext) +
				". Sampling is " + itoa(s.chain.Len()) + " such steps, from pure noise."
		case rvLast:
			*c = "The last step, taken apart: its mean (purple) and the noise it adds (grey, if any)."
			if s.ddim {
				*c = "The last step, to $\\bar\\alpha$ = 1 from $t$ = " + itoa(s.chain.Steps[s.chain.Len()-1].T) + "."
			}
		case rvSamples:
			*c = "The samples against the data's shape: mean distance " + f3(s.stats.MeanDist) + " from it."
		case rvImages:
			*c = "The same sampler on 8×8 images: each image is one point in 64 dimensions."
		}
	}
}

func (s *revView) Timeline() scene.Timeline { return s.tl }

// layout is planeLayout for this view.
func (s *revView) layout(c viz.Canvas, area viz.Rect, items []legendItem) revLayout {
	return planeLayout(c, area, items)
}

func (s *revView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.chain == nil || len(s.stages) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := clampInt(f.Step, 0, len(s.stages)-1)
	stg := s.stages[k]
	s.shownP, s.shownBad = nil, nil
	if stg == rvImages {
		s.drawImages(c, area, f, f.Frac)
		return
	}
	items := s.legends.get(stg, func() []legendItem { return s.legendItems(stg) })
	lay := s.layout(c, area, items)
	if lay.plane.r.W < 20 {
		return
	}
	s.drawPlane(c, f, lay.plane, stg, s.chainK[k], f.Frac)
	s.prepareCloud(c, lay.plane, k)
	legend(c, lay.legend, items)
	switch stg {
	case rvChain:
		s.drawCoefficients(c, f, lay.side, s.chain.Steps[s.chainK[k]])
	case rvSamples:
		s.drawStats(c, f, lay.side)
	case rvLast:
		s.drawNumbers(c, f, lay.side, stg, f.Frac)
	default:
		s.drawNumbers(c, f, lay.side, stg, f.Frac)
	}
	s.strip.draw(c, lay.strip, f, grpRevStrip, s.playhead(stg, s.chainK[k], f.Frac), "noise level over the run")
}

// playhead is the strip's position: states done plus the fraction of the
// step under way.
func (s *revView) playhead(stg revStage, k int, frac float64) float64 {
	switch stg {
	case rvInput, rvEps, rvX0, rvMean, rvNoise:
		return float64(s.kStar)
	case rvNext:
		return float64(s.kStar) + ease(frac)
	case rvChain:
		return float64(k) + ease(frac/0.8)
	case rvLast:
		return float64(k) + ease((frac-0.45)/0.5)
	}
	return float64(s.chain.Len())
}

func (s *revView) legendItems(stg revStage) []legendItem {
	var it []legendItem
	switch stg {
	case rvInput, rvSamples:
		it = append(it, legendItem{colXt, "particles"})
	case rvChain:
		it = append(it, legendItem{colXt, "particles"}, legendItem{colX0, "x₀ estimate"})
	case rvEps:
		it = append(it, legendItem{colXt, "particles"}, legendItem{colEps, "noise removed"})
	case rvX0:
		it = append(it, legendItem{colXt, "particles"}, legendItem{colX0, "x₀ estimate"})
	case rvMean:
		if s.ddim {
			it = append(it, legendItem{colX0, "x₀ estimate"}, legendItem{colMean, "re-noised"})
		} else {
			it = append(it, legendItem{colX0, "x₀ estimate"}, legendItem{colMean, "mean μ"})
		}
	case rvNoise:
		it = append(it, legendItem{colMean, "mean"}, legendItem{colZ, "σz"})
	case rvNext:
		it = append(it, legendItem{colXt, "particles, moving"})
	case rvLast:
		it = append(it, legendItem{colXt, "particles"}, legendItem{colMean, "mean"})
	}
	if s.bad != nil {
		it = append(it, legendItem{colBad, "pitfall: " + s.pitfall})
	}
	return append(it, legendItem{dataSolid, "data"})
}

// drawPlane draws the density, the stamped particle layer and the
// highlighted particle, and marks every particle for inspection.
func (s *revView) drawPlane(c viz.Canvas, f *scene.Frame, p dplane, stg revStage, k int, frac float64) {
	a := s.apart
	abar := a.AlphaBarT
	switch stg {
	case rvNext:
		abar += (a.AlphaBarNext - abar) * ease(frac)
	case rvChain:
		st := s.chain.Steps[k]
		abar = st.AlphaBarT + (st.AlphaBarNext-st.AlphaBarT)*ease(frac/0.8)
	case rvLast:
		st := s.chain.Steps[k]
		abar = st.AlphaBarT + (st.AlphaBarNext-st.AlphaBarT)*ease((frac-0.45)/0.5)
	case rvSamples:
		abar = 1
	}
	p.frame(c, s.dens.at(abar))
	if s.base.begin(c, p, layerKey{Variant: 2}) {
		s.base.stampData(s.mix)
		s.base.done()
	}
	s.base.draw(c)
	if stg == rvChain || stg == rvLast || stg == rvSamples {
		s.drawTrails(c, p, min(k, s.chain.Len()))
	}
	s.cloud.show(c, p, cloudKey(stg, k, frac), func(l *layer, from, to int) int {
		return s.stampLines(l, stg, k, frac, from, to)
	}).draw(c)
	s.drawDiscs(c, p, stg, k, frac)
	s.markAndHighlight(c, f, p, stg, k, frac)
}

// cloudKey names what the cloud layer holds at a stage, chain step and
// fraction of the step.
func cloudKey(stg revStage, k int, frac float64) layerKey {
	key := layerKey{Step: int(stg)*100000 + k}
	if lastArrows(stg, frac) {
		key.Variant = 1
	}
	return key
}

// revAheadItems is how many lines or arrows a frame stamps ahead into the
// cloud's spare layer: a stage of 300–600 is ready within 8–15 frames,
// and every stage that has any lasts longer than that.
const revAheadItems = 40

// prepareCloud stamps ahead the first step after timeline step kk that
// has lines of its own, so that reaching it swaps layers.
func (s *revView) prepareCloud(c viz.Canvas, p dplane, kk int) {
	for j := kk + 1; j < len(s.stages); j++ {
		stg, k := s.stages[j], s.chainK[j]
		stamp := func(l *layer, from, to int) int { return s.stampLines(l, stg, k, 0, from, to) }
		if stg == rvImages || stamp(nil, 0, 0) == 0 {
			continue
		}
		s.cloud.prepare(c, p, cloudKey(stg, k, 0), revAheadItems, stamp)
		return
	}
}

// faint fades a colour for context marks.
func faint(col viz.Color, a float64) viz.Color { return viz.Fade(col, a) }

// Particle radii, logical pixels.
const (
	revDot  = 2.4
	revRing = 3.2
)

// lastArrows reports whether the last step's stage still shows its mean
// and noise arrows: until the particles start to move.
func lastArrows(stg revStage, frac float64) bool {
	return stg == rvLast && ease((frac-0.45)/0.5) == 0
}

// stampLines stamps items [from, to) of this stage's lines and arrows
// into the layer and returns how many it has: one per particle, and one
// per particle again for the pitfall's run where it has its own. They
// stay put within a step, so the layer is stamped once per step (or ahead
// of it, see stagedLayer); the particles, which move, are drawn by
// drawDiscs.
func (s *revView) stampLines(l *layer, stg revStage, k int, frac float64, from, to int) int {
	a := s.apart
	n := s.n
	xt := a.Xt.Data
	// part is the range of particles whose items are among [from, to)
	// when a run's items start at item first.
	part := func(first int) (int, int) { return max(from-first, 0), min(to-first, n) }
	switch stg {
	case rvEps:
		sq := math.Sqrt(1 - a.AlphaBarT)
		lo, hi := part(0)
		for i := lo; i < hi; i++ {
			x, y := float64(xt[2*i]), float64(xt[2*i+1])
			ex, ey := float64(a.Eps.Data[2*i]), float64(a.Eps.Data[2*i+1])
			l.line(x, y, x-sq*ex, y-sq*ey, 1, faint(colEps, 0.35))
		}
		return n
	case rvX0:
		lo, hi := part(0)
		for i := lo; i < hi; i++ {
			l.line(float64(xt[2*i]), float64(xt[2*i+1]), float64(a.X0.Data[2*i]), float64(a.X0.Data[2*i+1]), 1, faint(colX0, 0.22))
		}
		return n
	case rvMean:
		lo, hi := part(0)
		for i := lo; i < hi; i++ {
			x, y := float64(xt[2*i]), float64(xt[2*i+1])
			l.arrow(x, y, float64(a.Mean.Data[2*i]), float64(a.Mean.Data[2*i+1]), 1, faint(colMean, 0.9))
		}
		b := s.apartBad
		if b == nil {
			return n
		}
		lo, hi = part(n)
		for i := lo; i < hi; i++ {
			x, y := float64(xt[2*i]), float64(xt[2*i+1])
			l.arrow(x, y, float64(b.Mean.Data[2*i]), float64(b.Mean.Data[2*i+1]), 1, faint(colBad, 0.7))
		}
		return 2 * n
	case rvNoise:
		lo, hi := part(0)
		for i := lo; i < hi; i++ {
			mx, my := float64(a.Mean.Data[2*i]), float64(a.Mean.Data[2*i+1])
			l.arrow(mx, my, mx+float64(a.Noise.Data[2*i]), my+float64(a.Noise.Data[2*i+1]), 1, colZ)
		}
		return n
	case rvNext:
		out := a.Out.Data
		lo, hi := part(0)
		for i := lo; i < hi; i++ {
			l.line(float64(xt[2*i]), float64(xt[2*i+1]), float64(out[2*i]), float64(out[2*i+1]), 1, faint(colXt, 0.25))
		}
		b := s.apartBad
		if b == nil {
			return n
		}
		lo, hi = part(n)
		for i := lo; i < hi; i++ {
			l.line(float64(xt[2*i]), float64(xt[2*i+1]), float64(b.Out.Data[2*i]), float64(b.Out.Data[2*i+1]), 1, faint(colBad, 0.3))
		}
		return 2 * n
	case rvLast:
		if !lastArrows(stg, frac) {
			return 0
		}
		lo, hi := part(0)
		s.stampLastArrows(l, s.chain, k, false, lo, hi)
		if s.bad == nil {
			return n
		}
		lo, hi = part(n)
		s.stampLastArrows(l, s.bad, k, true, lo, hi)
		return 2 * n
	}
	return 0
}

// stampLastArrows draws the mean and noise arrows of particles [lo, hi)
// of a run's step k.
func (s *revView) stampLastArrows(l *layer, ch *toy.Chain, k int, bad bool, lo, hi int) {
	if k >= ch.Len() {
		return
	}
	st := ch.Steps[k]
	col, zc := colMean, colZ
	if bad {
		col, zc = faint(colBad, 0.7), colBad
	}
	for i := lo; i < hi; i++ {
		x, y := float64(st.Xt.Data[2*i]), float64(st.Xt.Data[2*i+1])
		mx, my := float64(st.Mean.Data[2*i]), float64(st.Mean.Data[2*i+1])
		l.arrow(x, y, mx, my, 1, col)
		if zx, zy := float64(st.Noise.Data[2*i]), float64(st.Noise.Data[2*i+1]); zx != 0 || zy != 0 {
			l.arrow(mx, my, mx+zx, my+zy, 1.5, zc)
		}
	}
}

// drawDiscs draws this stage's particles, estimates and pitfall rings,
// one batch per kind. The stages that take the step apart are complete
// from their first frame (stepping shows them whole); the moves animate
// with frac.
func (s *revView) drawDiscs(c viz.Canvas, p dplane, stg revStage, k int, frac float64) {
	a := s.apart
	n := s.n
	xt := a.Xt.Data
	b := &s.discs
	b.on(p)
	all := func(xs []float32) { b.addEvery(xs, n, 1) }
	switch stg {
	case rvInput:
		all(xt)
		b.flush(c, revDot, 0, colXt)
	case rvEps:
		all(xt)
		b.flush(c, revDot, 0, colXt)
		// The tip, x_t − √(1−ā_t) ε̂, is the signal part √ā_t x̂₀.
		sq := math.Sqrt(1 - a.AlphaBarT)
		for i := range n {
			b.add(float64(xt[2*i])-sq*float64(a.Eps.Data[2*i]), float64(xt[2*i+1])-sq*float64(a.Eps.Data[2*i+1]))
		}
		b.flush(c, 1.6, 0, colEps)
	case rvX0:
		all(xt)
		b.flush(c, revDot, 0, faint(colXt, 0.45))
		all(a.X0.Data)
		b.flush(c, revRing, 1.2, colX0)
		if bad := s.apartBad; bad != nil && !sameTensor(bad.X0, a.X0) {
			all(bad.X0.Data)
			b.flush(c, revRing, 1.2, colBad)
		}
	case rvMean:
		all(a.X0.Data)
		b.flush(c, revRing, 1, faint(colX0, 0.35))
		all(xt)
		b.flush(c, revDot, 0, faint(colXt, 0.5))
		all(a.Mean.Data)
		b.flush(c, revDot, 0, colMean)
	case rvNoise:
		all(xt)
		b.flush(c, revDot, 0, faint(colXt, 0.3))
		all(a.Mean.Data)
		b.flush(c, revDot, 0, colMean)
		if bad := s.apartBad; bad != nil {
			for i := range n {
				b.add(float64(bad.Mean.Data[2*i]+bad.Noise.Data[2*i]), float64(bad.Mean.Data[2*i+1]+bad.Noise.Data[2*i+1]))
			}
			b.flush(c, revRing, 1.2, colBad)
		}
	case rvNext:
		t := ease(frac)
		for i := range n {
			b.add(lerp32(xt, a.Out.Data, i, t))
		}
		b.flush(c, revDot, 0, colXt)
		if bad := s.apartBad; bad != nil {
			for i := range n {
				b.add(lerp32(xt, bad.Out.Data, i, t))
			}
			b.flush(c, revRing, 1.2, colBad)
		}
	case rvChain, rvLast, rvSamples:
		t := 1.0
		switch stg {
		case rvChain:
			t = ease(frac / 0.8)
		case rvLast:
			t = ease((frac - 0.45) / 0.5)
		}
		s.drawRun(c, p, s.chain, k, t, false, stg == rvLast)
		if s.bad != nil {
			s.drawRun(c, p, s.bad, k, t, true, stg == rvLast)
		}
	}
}

// drawRun draws a run's particles between state k and k+1 (t of the way),
// as discs, or as rings for the pitfall's run.
func (s *revView) drawRun(c viz.Canvas, p dplane, ch *toy.Chain, k int, t float64, bad, last bool) {
	b := &s.discs
	b.on(p)
	flush := func() {
		if bad {
			b.flush(c, revRing, 1.2, colBad)
		} else {
			b.flush(c, revDot, 0, colXt)
		}
	}
	if k >= ch.Len() {
		b.addEvery(ch.State(ch.Len()).Data, s.n, 1)
		flush()
		return
	}
	st := ch.Steps[k]
	if !bad && !last {
		// The model's current guess of the data: the shape shows in x̂₀
		// long before it shows in x_t.
		b.addEvery(st.X0.Data, s.n, 1)
		b.flush(c, 1.8, 0, faint(colX0, 0.85))
	}
	for i := range s.n {
		b.add(lerp32(st.Xt.Data, st.Out.Data, i, t))
	}
	flush()
}

// revTrailEvery is which particles leave a trail: every third, so the
// paths stay readable.
const revTrailEvery = 3

// drawTrails draws the paths of the right run up to state k, adding only
// the new segments to the trail layer as the run advances.
func (s *revView) drawTrails(c viz.Canvas, p dplane, k int) {
	if s.trails.begin(c, p, layerKey{Variant: 1}) || k < s.trailK {
		if s.trailK >= 0 {
			clear(s.trails.bm.Img.Pix)
		}
		s.trailK = 0
	}
	if k > s.trailK {
		for j := s.trailK; j < k; j++ {
			a, b := s.chain.State(j).Data, s.chain.State(j+1).Data
			every := revTrailEvery
			if !s.ddim {
				every = 10 // DDPM's paths zigzag: fewer stay readable
			}
			for i := 0; i < s.n; i += every {
				s.trails.line(float64(a[2*i]), float64(a[2*i+1]), float64(b[2*i]), float64(b[2*i+1]), 1, viz.Fade(colXt, 0.22))
			}
		}
		s.trailK = k
		s.trails.done()
	}
	s.trails.draw(c)
}

// drawFollowedTrail draws the followed particle's path up to state k.
func (s *revView) drawFollowedTrail(c viz.Canvas, p dplane, i, k int) {
	s.trailPts = s.trailPts[:0]
	for j := 0; j <= k && j <= s.chain.Len(); j++ {
		x, y := p.pt(s.chain.State(j).Data, i)
		s.trailPts = append(s.trailPts, p.clamp(x, y))
	}
	trailLine(c, s.trailPts)
}

// markAndHighlight marks every particle for inspection at the place it is
// drawn and draws the followed (or hovered) particle on top.
func (s *revView) markAndHighlight(c viz.Canvas, f *scene.Frame, p dplane, stg revStage, k int, frac float64) {
	a := s.apart
	var pos, bad *core.Tensor
	var posName, badName string
	var from, fromBad *core.Tensor
	t := 1.0
	switch stg {
	case rvInput, rvEps:
		pos, posName = a.Xt, "x_t"
	case rvX0:
		pos, posName = a.X0, "x₀ estimate"
		if s.apartBad != nil && !sameTensor(s.apartBad.X0, a.X0) {
			bad, badName = s.apartBad.X0, "x₀ estimate"
		}
	case rvMean:
		pos, posName = a.Mean, "μ"
		if s.ddim {
			posName = "re-noised x₀"
		}
		if s.apartBad != nil {
			bad, badName = s.apartBad.Mean, posName
		}
	case rvNoise, rvNext:
		pos, posName = a.Out, "x_{t−1}"
		if s.apartBad != nil {
			bad, badName = s.apartBad.Out, "x_{t−1}"
		}
		if stg == rvNext {
			from, t = a.Xt, ease(frac)
			if bad != nil {
				fromBad = a.Xt
			}
		}
	case rvChain, rvLast:
		st := s.chain.Steps[k]
		pos, posName, from = st.Out, s.runNames.get(k, func() string { return "x after step " + itoa(k+1) }), st.Xt
		t = ease(frac / 0.8)
		if stg == rvLast {
			t = ease((frac - 0.45) / 0.5)
		}
		if s.bad != nil {
			bad, badName, fromBad = s.bad.Steps[k].Out, s.runNames.get(-1-k, func() string { return "pitfall's x after step " + itoa(k+1) }), s.bad.Steps[k].Xt
		}
	case rvSamples:
		pos, posName = s.chain.State(s.chain.Len()), "sample x_0"
		if s.bad != nil {
			bad, badName = s.bad.State(s.bad.Len()), "pitfall's sample"
		}
	}
	s.shownP, s.shownPN, s.shownBad, s.shownBN = pos, posName, bad, badName
	at := func(x, from *core.Tensor, i int) (float64, float64) { return p.tween(from, x, i, t) }
	if bad != nil {
		for i := range s.n {
			if x, y := at(bad, fromBad, i); p.inside(x, y) {
				f.Dot(grpRevBad, i, x, y, revRing)
			}
		}
	}
	for i := range s.n {
		if x, y := at(pos, from, i); p.inside(x, y) {
			f.Dot(grpRevP, i, x, y, revDot)
		}
	}
	fi := s.focus(f)
	if stg == rvChain || stg == rvLast || stg == rvSamples {
		s.drawFollowedTrail(c, p, fi, min(k, s.chain.Len()))
	}
	x, y := at(pos, from, fi)
	if p.inside(x, y) {
		c.StrokeRect(x-6, y-6, 12, 12, 1.5, viz.Ink)
	}
	if bad != nil {
		if bx, by := at(bad, fromBad, fi); p.inside(bx, by) {
			c.StrokeRect(bx-6, by-6, 12, 12, 1.5, colBad)
		}
	}
	// A hovered row of the numbers panel marks its point on the plane.
	if r, ok := f.Focused(grpRevRow); ok && r < len(s.rowVals) && s.rowVals[r].at != nil {
		if x, y := p.pt(s.rowVals[r].at.Data, fi); p.inside(x, y) {
			c.StrokeRect(x-8, y-8, 16, 16, 2.5, viz.Bad)
		}
	}
	// The followed particle's arrows, bold, over the faint field.
	i := fi
	px, py := float64(a.Xt.Data[2*i]), float64(a.Xt.Data[2*i+1])
	switch stg {
	case rvEps:
		sq := math.Sqrt(1 - a.AlphaBarT)
		p.vecLine(c, &s.poly, px, py, px-sq*float64(a.Eps.Data[2*i]), py-sq*float64(a.Eps.Data[2*i+1]), 2.5, colEps, true)
	case rvX0, rvMean:
		p.vecLine(c, &s.poly, px, py, float64(a.X0.Data[2*i]), float64(a.X0.Data[2*i+1]), 1.5, colX0, false)
		if stg == rvMean {
			mx, my := float64(a.Mean.Data[2*i]), float64(a.Mean.Data[2*i+1])
			p.vecLine(c, &s.poly, px, py, mx, my, 2.5, colMean, true)
		}
	case rvNoise:
		mx, my := float64(a.Mean.Data[2*i]), float64(a.Mean.Data[2*i+1])
		p.vecLine(c, &s.poly, mx, my, mx+float64(a.Noise.Data[2*i]), my+float64(a.Noise.Data[2*i+1]), 2.5, colZ, true)
	}
}

// focus is the particle the panels follow: the hovered one, else the one
// clicked or picked by Reset.
func (s *revView) focus(f *scene.Frame) int {
	return followed(f, s.follow, s.n, grpRevP, grpRevBad)
}

// Pointer implements scene.Pointer: a click on a particle follows it.
func (s *revView) Pointer(f *scene.Frame, in scene.Input) bool {
	i, ok := clickFollow(f, in, s.follow, s.n, grpRevP, grpRevBad)
	if ok {
		s.follow = i
	}
	return ok
}

// numRowsOf lists the numbers of particle i through step st (and the
// pitfall's version), in the order the stages reveal them.
func (s *revView) rowsOf(st toy.StepTrace, bad *toy.StepTrace, i int, last bool) []numRow {
	src := "toy.RunChain → diffusion.DDPMStep"
	if s.ddim {
		src = "toy.RunChain → diffusion.DDIMStep"
	}
	x0src := "diffusion.DDIMStep (its x0)"
	if s.quiz {
		src, x0src = quizSource, quizSource
	}
	val := func(x *core.Tensor) string { return pair(x.Data, i) }
	bv := func(get func(*toy.StepTrace) *core.Tensor) string {
		if bad == nil {
			return ""
		}
		return pair(get(bad).Data, i)
	}
	next := symXprev
	if last {
		next = sym{Base: "x", Sub: "0"}
	}
	rows := []numRow{
		{symXt, "x_t", val(st.Xt), bv(func(b *toy.StepTrace) *core.Tensor { return b.Xt }), src, nil},
		{symEps, "predicted noise ε", val(st.Eps), bv(func(b *toy.StepTrace) *core.Tensor { return b.Eps }), "toy.Mixture.EpsBatch (exact ε*)", nil},
		{symX0, "x₀ estimate", val(st.X0), bv(func(b *toy.StepTrace) *core.Tensor { return b.X0 }), x0src, nil},
	}
	if !s.ddim || s.eta > 0 {
		rows = append(rows,
			numRow{symMu, "mean μ (the step with z = 0)", val(st.Mean), bv(func(b *toy.StepTrace) *core.Tensor { return b.Mean }), src, nil},
			numRow{symSigZ, "noise σ z", val(st.Noise), bv(func(b *toy.StepTrace) *core.Tensor { return b.Noise }), src, nil})
	}
	rows = append(rows, numRow{next, "x_{t−1}", val(st.Out), bv(func(b *toy.StepTrace) *core.Tensor { return b.Out }), src, st.Out})
	rows[0].at, rows[2].at = st.Xt, st.X0
	if len(rows) == 6 {
		rows[3].at = st.Mean
	}
	if bad != nil {
		for r := range rows {
			if rows[r].bad == rows[r].right {
				rows[r].bad = "same"
			}
		}
	}
	return rows
}

// revRevealed is how many rows of the numbers panel a stage shows.
func (s *revView) revealed(stg revStage, nrows int) int {
	switch stg {
	case rvInput:
		return 1
	case rvEps:
		return 2
	case rvX0:
		return 3
	case rvMean:
		return 4
	case rvNoise:
		return 5
	}
	return nrows
}

// drawNumbers is the followed particle's numbers at each stage of the step
// taken apart (or of the last step), the pitfall's beside them.
func (s *revView) drawNumbers(c viz.Canvas, f *scene.Frame, r viz.Rect, stg revStage, frac float64) {
	i := s.focus(f)
	st, bad := s.apart, s.apartBad
	last := stg == rvLast
	title := s.titles.get([2]int{i, 0}, func() string { return "particle " + itoa(i) + ", step " + itoa(s.kStar+1) })
	if last {
		k := s.chain.Len() - 1
		st = s.chain.Steps[k]
		bad = nil
		if s.bad != nil {
			b := s.bad.Steps[k]
			bad = &b
		}
		title = s.titles.get([2]int{i, 1}, func() string { return "particle " + itoa(i) + ", last step" })
	}
	var w string
	s.rowVals, w = s.rows.get([3]int{int(stg), i, 0}, func() ([]numRow, string) {
		if s.quiz {
			// The arithmetic of the right formula would name it.
			return s.rowsOf(st, bad, i, last), ""
		}
		return s.rowsOf(st, bad, i, last), s.worked(stg, st, i)
	})
	shown := s.revealed(stg, len(s.rowVals))
	if stg == rvNext || last {
		shown = len(s.rowVals)
	}
	y := drawRows(c, f, r, title, s.rowVals, shown, grpRevRow)
	if w != "" && y+8 < r.Y+r.H {
		note(c, viz.Rect{X: r.X + 6, Y: y + 6, W: r.W - 6, H: r.Y + r.H - y - 6}, w, viz.Ink)
	}
}

// worked is the stage's arithmetic for particle i with its numbers in:
// the coefficients from the schedule, the values from the trace.
func (s *revView) worked(stg revStage, st toy.StepTrace, i int) string {
	sa, sq := math.Sqrt(st.AlphaBarT), math.Sqrt(1-st.AlphaBarT)
	switch stg {
	case rvInput:
		return "x_t mixes signal and noise: √ā = " + f2(sa) + " of the data, √(1 − ā) = " + f2(sq) + " of the noise."
	case rvEps:
		return "x_t − " + f2(sq) + " × ε = " + pair(st.Xt.Data, i) + " − " + f2(sq) + " × " + pair(st.Eps.Data, i) + ": the dot at the arrow's tip."
	case rvX0:
		return "divided by √ā = " + f2(sa) + ": x₀ ≈ " + pair(st.X0.Data, i) + "."
	case rvMean:
		if !s.ddim {
			c, _ := st.DDPM.Coefficients()
			return "μ = " + f3(c.InvSqrtAlpha) + " × (x_t − " + f3(c.EpsCoef) + " × ε) = " + pair(st.Mean.Data, i) + ": a small step."
		}
		c, _ := st.DDIM.Coefficients()
		return f3(c.SqrtAlphaBarPrev) + " × x₀ + " + f3(c.Dir) + " × ε = " + pair(st.Mean.Data, i) + "."
	case rvNoise:
		return "σz = σ × z, z = " + pair(st.Z.Data, i) + ": " + pair(st.Noise.Data, i) + "."
	case rvNext, rvLast:
		if s.ddim && st.Z == nil {
			c, _ := st.DDIM.Coefficients()
			return "x = " + f3(c.SqrtAlphaBarPrev) + " × x₀ + " + f3(c.Dir) + " × ε = " + pair(st.Out.Data, i) + "."
		}
		return "x = μ + σz = " + pair(st.Out.Data, i) + "."
	}
	return ""
}

// drawCoefficients is the scalars of the step under way: what the update
// multiplies by, from the schedule.
func (s *revView) drawCoefficients(c viz.Canvas, f *scene.Frame, r viz.Rect, st toy.StepTrace) {
	rows, _ := s.rows.get([3]int{int(rvChain), st.T, 1}, func() ([]numRow, string) { return s.coefRows(st, s.nextT(st.T)), "" })
	s.rowVals = rows
	drawRows(c, f, r, "this step's numbers", rows, len(rows), grpRevCoef)
}

// nextT names the timestep the run visits after t ("data" after the
// last).
func (s *revView) nextT(t int) string {
	for k, st := range s.chain.Steps {
		if st.T == t && k+1 < s.chain.Len() {
			return itoa(s.chain.Steps[k+1].T)
		}
	}
	return "data"
}

// coefRows lists the scalars of step st, which goes on to timestep next.
func (s *revView) coefRows(st toy.StepTrace, next string) []numRow {
	var rows []numRow
	add := func(l sym, name string, v float64, src string) {
		rows = append(rows, numRow{label: l, name: name, right: f3(v), source: src})
	}
	rows = append(rows, numRow{label: sym{Base: "t"}, name: "timestep, and the next one visited", right: itoa(st.T) + " → " + next, source: map[bool]string{true: "diffusion.Schedule.TrailingTimesteps", false: "every timestep"}[s.ddim]})
	if !s.ddim {
		cf, _ := st.DDPM.Coefficients()
		add(symAbarT, "ā_t", st.AlphaBarT, "diffusion.NewSchedule")
		add(sym{Base: "α", Sub: "t"}, "α_t = 1 − β_t", st.DDPM.AlphaT, "diffusion.NewSchedule")
		add(sym{Base: "1/√α", Sub: "t"}, "1/√α_t", cf.InvSqrtAlpha, "diffusion.DDPMParams.Coefficients")
		add(sym{Base: "ε", Hat: true, After: " weight"}, "(1 − α_t)/√(1 − ā_t)", cf.EpsCoef, "diffusion.DDPMParams.Coefficients")
		add(sym{Base: "σ", Sub: "t"}, "σ_t", cf.Sigma, "diffusion.DDPMParams.Coefficients")
	} else {
		cf, _ := st.DDIM.Coefficients()
		add(symAbarT, "ā_t", st.AlphaBarT, "diffusion.NewSchedule")
		add(sym{Base: "α", Sub: "t−1", Bar: true}, "ā_{t−1}", st.AlphaBarNext, "diffusion.NewSchedule")
		add(sym{Pre: "√", Base: "α", Sub: "t−1", Bar: true}, "√ā_{t−1}, the weight of the x₀ estimate", cf.SqrtAlphaBarPrev, "diffusion.DDIMParams.Coefficients")
		add(sym{Base: "ε", Hat: true, After: " weight"}, "√(1 − ā_{t−1} − σ²)", cf.Dir, "diffusion.DDIMParams.Coefficients")
		add(sym{Base: "σ", Sub: "t"}, "σ_t", cf.Sigma, "diffusion.DDIMParams.Coefficients")
	}
	return rows
}

// drawStats compares the samples with the data (and the pitfall's).
func (s *revView) drawStats(c viz.Canvas, f *scene.Frame, r viz.Rect) {
	rows, _ := s.rows.get([3]int{int(rvSamples), 0, 2}, func() ([]numRow, string) { return s.statRows(), "" })
	s.rowVals = rows
	drawRows(c, f, r, "samples against the data", rows, len(rows), grpRevStat)
}

// statRows compares the samples with the data (and the pitfall's).
func (s *revView) statRows() []numRow {
	rows := []numRow{
		{label: sym{Base: "distance"}, name: "mean distance to the data's shape", right: f3(s.stats.MeanDist), source: "toy.Mixture.Stats"},
		{label: sym{Base: "spread"}, name: "covariance trace (the data's: " + f3(s.dataTrace) + ")", right: f3(s.stats.Trace) + " (data " + f2(s.dataTrace) + ")", source: "toy.Mixture.Stats"},
		{label: sym{Base: "coverage"}, name: "share of the data's shape the samples cover", right: f2(s.stats.Coverage), source: "toy.Mixture.Stats"},
	}
	if s.bad != nil {
		rows[0].bad, rows[1].bad, rows[2].bad = f3(s.badStats.MeanDist), f3(s.badStats.Trace), f2(s.badStats.Coverage)
		if o := outside(s.bad.State(s.bad.Len()).Data); o > 0 {
			rows = append(rows, numRow{label: sym{Base: "off the plot"}, name: "pitfall samples outside the plot", right: "0", bad: itoa(o), source: "toy.RunChain"})
		}
	}
	return rows
}

// drawImages shows the images stage: each image's states from noise to
// sample, revealed left to right, and the pitfall's samples in red.
func (s *revView) drawImages(c viz.Canvas, area viz.Rect, f *scene.Frame, frac float64) {
	cols := len(s.imgCols)
	extra := 0
	if s.imgsBad != nil {
		extra = 1
	}
	r := panel(c, area, "6 images, from noise (left) to samples")
	lh := viz.LineHeight(kitLabel)
	gap := 6.0
	cell := min((r.W-gap*float64(cols+extra))/float64(cols+extra), (r.H-2*lh-gap*revImages)/float64(revImages), 72)
	if cell < 8 {
		return
	}
	// Every column shows from the first frame; a frame sweeps across them.
	sweep := min(cols-1, int(frac*float64(cols)))
	x0 := r.X + (r.W-(cell+gap)*float64(cols+extra))/2
	y0 := r.Y + 2*lh
	S := s.imgs.Len()
	for ci := 0; ci < cols+extra; ci++ {
		x := x0 + float64(ci)*(cell+gap)
		hs := s.imgHeads.get(ci, func() [2]string {
			if ci < cols {
				return [2]string{"step " + itoa(s.imgCols[ci]), "ā " + f2(s.imgs.AlphaBar(s.imgCols[ci]))}
			}
			return [2]string{"pitfall", "step " + itoa(S)}
		})
		head, sub, col := hs[0], hs[1], viz.InkMuted
		if ci >= cols {
			col = colBad
		}
		c.Text(x+cell/2, r.Y+kitLabel, viz.Ellipsize(c, head, kitLabel, cell+gap-2), kitLabel, col, viz.AlignCenter)
		c.Text(x+cell/2, r.Y+lh+kitLabel, viz.Ellipsize(c, sub, kitLabel, cell+gap-2), kitLabel, col, viz.AlignCenter)
		if ci == sweep {
			c.StrokeRect(x-3, y0-3, cell+6, float64(revImages)*(cell+gap)-gap+6, 2, colXt)
		}
		for i := range revImages {
			y := y0 + float64(i)*(cell+gap)
			b := &s.imgBadBm[i]
			if ci < cols {
				b = &s.imgBm[ci][i]
			}
			c.Image(b, x, y, cell, cell, false)
			if ci == cols {
				c.StrokeRect(x-1, y-1, cell+2, cell+2, 1.5, colBad)
			}
			f.Grid(grpRevImg0+ci*revImgGroups+i, viz.Rect{X: x, Y: y, W: cell, H: cell}, toy.GlyphSize, toy.GlyphSize)
			// The hovered pixel, in every state of its image.
			if f.Focus.Group >= grpRevImg0 && (f.Focus.Group-grpRevImg0)%revImgGroups == i && f.Focus.Index >= 0 && f.Focus.Index < 64 {
				px := cell / toy.GlyphSize
				c.StrokeRect(x+float64(f.Focus.Index%8)*px, y+float64(f.Focus.Index/8)*px, px, px, 2, viz.Bad)
			}
		}
	}
}

// grayOf is the grey level toy.ToGray paints a pixel value.
func grayOf(v float32) uint8 {
	var g [1]uint8
	toy.ToGray(g[:], []float32{v})
	return g[0]
}

// Readout implements scene.Readouter.
func (s *revView) Readout(f *scene.Frame) []scene.KV {
	if s.chain == nil || len(s.stages) == 0 || s.quiz {
		return nil
	}
	k := clampInt(f.Step, 0, len(s.stages)-1)
	return s.ro.get([2]int{k, s.focus(f)}, func() []scene.KV { return s.readout(f, k) })
}

// readout is the readout of step k (the followed particle's numbers in
// the stages that take a step apart).
func (s *revView) readout(f *scene.Frame, k int) []scene.KV {
	S := s.chain.Len()
	kv := []scene.KV{{Key: "schedule", Value: s.kind.String() + ", T = " + itoa(s.T)}}
	if s.ddim {
		kv = append(kv, scene.KV{Key: "DDIM steps, η", Value: itoa(S) + ", " + f2(s.eta)})
	} else {
		kv = append(kv, scene.KV{Key: "σ", Value: s.sigma.String()})
	}
	switch s.stages[k] {
	case rvChain, rvLast:
		st := s.chain.Steps[s.chainK[k]]
		kv = append(kv, scene.KV{Key: "sampling step", Value: itoa(s.chainK[k]+1) + " of " + itoa(S)},
			scene.KV{Key: "t, ā", Value: itoa(st.T) + ", " + f3(st.AlphaBarT) + " → " + f3(st.AlphaBarNext)})
	case rvSamples, rvImages:
		kv = append(kv, scene.KV{Key: "distance to the data", Value: f3(s.stats.MeanDist)},
			scene.KV{Key: "spread (data's)", Value: f3(s.stats.Trace) + " (" + f3(s.dataTrace) + ")"})
		if s.bad != nil {
			kv = append(kv, scene.KV{Key: "pitfall distance, spread", Value: f3(s.badStats.MeanDist) + ", " + f3(s.badStats.Trace)})
		}
	default:
		kv = append(kv, scene.KV{Key: "step taken apart", Value: itoa(s.kStar+1) + " of " + itoa(S) + ", t = " + itoa(s.apart.T)},
			scene.KV{Key: "ā_t → ā_{t−1}", Value: f3(s.apart.AlphaBarT) + " → " + f3(s.apart.AlphaBarNext)})
		i := s.focus(f)
		kv = append(kv, scene.KV{Key: "particle " + itoa(i) + " x_t → x_{t−1}", Value: pair(s.apart.Xt.Data, i) + " → " + pair(s.apart.Out.Data, i)})
	}
	if s.pitfall != "" {
		kv = append(kv, scene.KV{Key: "pitfall", Value: s.pitfall + " (" + s.badFn + ")"})
	}
	return kv
}

// Inspect implements scene.Inspector.
func (s *revView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.chain == nil {
		return scene.Inspection{}, false
	}
	n := s.n
	shape := shapeOf(n, 2)
	src := "toy.RunChain → diffusion.DDPMStep"
	if s.ddim {
		src = "toy.RunChain → diffusion.DDIMStep"
	}
	imgSrc := "toy.RunChain on toy.Glyphs"
	if s.quiz {
		src, imgSrc = quizSource, quizSource+" on toy.Glyphs"
	}
	switch {
	case t.Group == grpRevP && s.shownP != nil && t.Index < n:
		i := t.Index
		return scene.Inspection{Name: "particle " + itoa(i), Value: pair(s.shownP.Data, i), Tensor: s.shownPN,
			Index: "[" + itoa(i) + ", :]", Shape: shape, Source: src,
			Detail: "at the step taken apart: x_t " + pair(s.apart.Xt.Data, i) + ", ε " + pair(s.apart.Eps.Data, i) + ", x₀ estimate " + pair(s.apart.X0.Data, i)}, true
	case t.Group == grpRevBad && s.shownBad != nil && t.Index < n:
		i := t.Index
		return scene.Inspection{Name: "pitfall particle " + itoa(i), Value: pair(s.shownBad.Data, i), Tensor: s.shownBN,
			Index: "[" + itoa(i) + ", :]", Shape: shape, Source: "toy.RunChain → " + s.badFn,
			Detail: "same x_T and noise as the right run; the right one is at " + pair(s.shownP.Data, i)}, true
	case t.Group == grpRevStrip && t.Index >= 0 && t.Index < s.chain.Len():
		st := s.chain.Steps[t.Index]
		return scene.Inspection{Name: "step " + itoa(t.Index+1) + " (t = " + itoa(st.T) + ")", Value: "ā " + f3(st.AlphaBarT) + " → " + f3(st.AlphaBarNext),
			Tensor: "ā", Index: "[" + itoa(max(st.T, 0)) + "]", Shape: shapeOf(s.T), Source: "diffusion.NewSchedule (" + s.kind.String() + ")"}, true
	case (t.Group == grpRevRow || t.Group == grpRevCoef || t.Group == grpRevStat) && t.Index < len(s.rowVals):
		row := s.rowVals[t.Index]
		in := scene.Inspection{Name: row.name, Value: row.right, Source: row.source}
		if t.Group == grpRevRow {
			in.Tensor, in.Index, in.Shape = row.name, "["+itoa(s.focus(f))+", :]", shape
		}
		if row.bad != "" {
			in.Detail = "pitfall (" + s.badFn + "): " + row.bad
		}
		return in, true
	case t.Group >= grpRevImg0:
		g := t.Group - grpRevImg0
		ci, i := g/revImgGroups, g%revImgGroups
		if i >= revImages || t.Index < 0 || t.Index >= 64 {
			return scene.Inspection{}, false
		}
		D := s.imgMix.Dim
		var x *core.Tensor
		name, source := "", imgSrc
		switch {
		case ci < len(s.imgCols):
			x, name = s.imgs.State(s.imgCols[ci]), "image "+itoa(i)+" after "+itoa(s.imgCols[ci])+" steps"
		case s.imgsBad != nil:
			x, name, source = s.imgsBad.State(s.imgsBad.Len()), "pitfall's image "+itoa(i), "toy.RunChain on toy.Glyphs → "+s.badFn
		default:
			return scene.Inspection{}, false
		}
		v := x.Data[i*D+t.Index]
		return scene.Inspection{Name: name + ", pixel (" + itoa(t.Index/8) + ", " + itoa(t.Index%8) + ")", Value: fmtNum(float64(v)),
			Tensor: "x", Index: "[" + itoa(i) + ", " + itoa(t.Index) + "]", Shape: shapeOf(revImages, 64), Source: source,
			Detail: "grey level " + strconv.Itoa(int(grayOf(v))) + " of 255 (toy.ToGray)"}, true
	}
	return scene.Inspection{}, false
}
