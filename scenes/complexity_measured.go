package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"dlprep/core/complexity"
	"dlprep/core/complexity/measure"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The views of problems 019 (MHSA complexity) and 026 (CNN against ViT):
// analytic FLOP curves from core/complexity on log-log axes, with the
// core's own ops timed at small sizes beside them (core/complexity/measure:
// the FLOPs counted by core.Gemm and the wall-clock seconds), both
// crossovers labelled. Timing runs in Reset, once per size set, so it runs
// live wherever the view runs: in the page (WASM), natively in dlprep
// render and on the desktop.

// flopsTimer times the core's ops. Tests swap in a deterministic one
// (measure.CountingTimer): a wall clock depends on the machine's load.
var flopsTimer = measure.WallClock(200*time.Microsecond, 1)

// Inspection groups of the 019 and 026 views.
const (
	grpXCurve0 = iota + 1 // + series index: analytic curve points
	grpXDots0  = 10       // + series index: measured points
	grpXMarker = 20
	grpXHeads  = 21
	grpXVideo  = 22
)

type flopsStep int

const (
	xsFirst  flopsStep = iota // 019: projections; 026: convolution
	xsSecond                  // 019: QKᵀ and AV; 026: attention
	xsCross
	xsHeads // 019 only
	xsMeasured
	xsVideo // 026 only
)

// flopsPart is one analytic term and its measured part.
type flopsPart struct {
	name    string // legend
	col     viz.Color
	xs, ys  []float64 // analytic FLOPs over the chart's sizes
	mx, my  []float64 // measured sizes and seconds
	mflops  []int64   // counted FLOPs at the measured sizes
	label   []string  // the measured points as text
	source  string
	formula string
}

type flopsView struct {
	problem string
	// 019
	d, heads int
	// 026
	ch, k, t, kt int
	seed         int
	pitfall      bool
	quiz         bool
	n            float64 // the sizes marker
	parts        [2]flopsPart
	xlo, xhi     float64
	cross        float64 // analytic crossover (019: 2d + 1; 026: CrossoverN)
	written      float64 // 026's pitfall crossover
	mcross       float64 // measured crossover (0: none in range)
	secPerFLOP   float64 // the right axis's scale against the left
	chart        chart
	steps        []flopsStep
	tl           scene.Timeline
	// 019's heads: counted FLOPs and seconds at n = 2d per head count
	headsRows []barRow
	// 026's video bars
	videoRows []barRow
	// the measurement's cache key and its results
	measuredKey string
	mhsaPts     []measure.MHSAPoint
	convPts     []measure.ConvAttnPoint
	headPts     [4]measure.MHSAPoint
	ro          []scene.KV
	at          string // "at n = …" of the marker, for the readout
	marker      []string
}

func newFlopsView(problem string) *flopsView { return &flopsView{problem: problem} }

// flopsHeads are 019's head counts.
var flopsHeads = [...]int{1, 2, 4, 8}

func (s *flopsView) Info() scene.Info {
	p, _ := problems.Lookup(s.problem)
	in := scene.Info{Problem: s.problem, Title: p.Title, Family: "complexity", Statement: p.Statement}
	if s.problem == "019" {
		in.ID = "mhsa_flops"
		in.Formula = `(3 + 1) \cdot 2nd^2 + (2 + 2)\, n^2 d = 8nd^2 + 4n^2 d;\qquad 4n^2 d > 8nd^2 \iff n > 2d`
		in.LookFor = "On log-log axes a cost proportional to n is a line of slope 1 and one proportional to n² a line of slope 2: the " +
			"projections (four d×d products per token) and the attention proper (every token against every other) cross where " +
			"4n²d = 8nd², at n = 2d. Heads split d into h pieces of d/h: h·n²·(d/h) = n²d, the same count for any h, as core.Gemm's own " +
			"count confirms. The dots are the core's own ops timed here, on this machine or in this browser: their crossover is " +
			"not the analytic one, because the softmax, the memory traffic and the small matrices of each head cost time that " +
			"FLOPs do not count."
	} else {
		in.ID = "cnn_vit_flops"
		in.Formula = `\mathrm{conv}: 2N K^2 C^2;\quad \mathrm{attention}: 8NC^2 + 4N^2 C;\qquad 8NC^2 + 4N^2C > 2NK^2C^2 \iff N > \frac{C(K^2 - 4)}{2}`
		in.LookFor = "A K×K convolution costs the same per pixel wherever it is: a line of slope 1. Attention pays 8C² per pixel for its " +
			"projections plus 4NC for comparing every pixel with every other: slope 2 once N is large. They cross at N = C(K²−4)/2 " +
			"(for a 1×1 kernel attention always costs more). The written rule N > K²C forgets the projections' 8NC² and puts the " +
			"crossover several times too far. The dots are the core's conv2d and attention timed here; the video stage compares a " +
			"3-D convolution with full and factorized space-time attention over T frames."
	}
	return in
}

func (s *flopsView) Params() []scene.Param {
	if s.problem == "019" {
		return []scene.Param{
			{Name: "d", Label: "width d", Kind: scene.Choice, Choices: []string{"16", "32", "64"}, Default: 1,
				Help: "the core is timed at this width, over n from d/2 to 4d"},
			{Name: "n", Label: "tokens n (marker)", Kind: scene.Float, Min: 4, Max: 4096, Step: 1, Default: 197, Log: true},
		}
	}
	return []scene.Param{
		{Name: "c", Label: "channels C", Kind: scene.Choice, Choices: []string{"8", "16", "32"}, Default: 1},
		{Name: "k", Label: "kernel K", Kind: scene.Choice, Choices: []string{"1", "3", "5", "7"}, Default: 1},
		{Name: "n", Label: "pixels N (marker)", Kind: scene.Float, Min: 4, Max: 4096, Step: 1, Default: 196, Log: true},
		{Name: "t", Label: "frames T", Kind: scene.Int, Min: 1, Max: 32, Step: 1, Default: 8},
		{Name: "kt", Label: "temporal kernel Kt", Kind: scene.Int, Min: 1, Max: 7, Step: 1, Default: 3},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 0, Max: 99, Step: 1, Default: 0,
			Help: "0: C and K above; 1–99 draw them (a quiz uses these)"},
		scene.PitfallParam(mistakeIDs("026")...),
	}
}

func (s *flopsView) Presets() []scene.Preset {
	if s.problem == "019" {
		return []scene.Preset{
			{Name: "Narrow heads d = 16", Values: scene.Values{"d": 0}},
			{Name: "ViT-B's 197 tokens at d = 64", Values: scene.Values{"d": 2, "n": 197}},
		}
	}
	return []scene.Preset{
		{Name: "1×1 kernel: attention always costs more", Values: scene.Values{"k": 0}},
		{Name: "7×7 kernel, C = 32", Values: scene.Values{"k": 3, "c": 2}},
		{Name: "Pitfall: the written rule", Values: scene.Values{"pitfall": 1}},
	}
}

// Applies implements scene.Applier.
func (s *flopsView) Applies(name string, v scene.Values) string {
	if s.problem == "026" && v["seed"] != 0 && (name == "c" || name == "k") {
		return "seed " + strconv.Itoa(int(v["seed"])) + " draws C and K; set it to 0 to use this"
	}
	return ""
}

var (
	flopsC = [...]int{8, 16, 32}
	flopsK = [...]int{1, 3, 5, 7}
	flopsD = [...]int{16, 32, 64}
)

func (s *flopsView) Reset(v scene.Values) error {
	s.n = v["n"]
	if s.problem == "019" {
		s.d = flopsD[clampInt(int(v["d"]), 0, len(flopsD)-1)]
		if err := s.resetMHSA(); err != nil {
			return err
		}
	} else {
		s.ch, s.k = flopsC[clampInt(int(v["c"]), 0, len(flopsC)-1)], flopsK[clampInt(int(v["k"]), 0, len(flopsK)-1)]
		s.t, s.kt, s.seed = int(v["t"]), int(v["kt"]), int(v["seed"])
		if s.seed > 0 {
			rng := rand.New(rand.NewPCG(uint64(s.seed), 26))
			s.ch, s.k = flopsC[rng.IntN(len(flopsC))], flopsK[1+rng.IntN(len(flopsK)-1)]
		}
		s.pitfall = int(v["pitfall"]) == 1
		if err := s.resetConv(); err != nil {
			return err
		}
	}
	s.alignAxes()
	s.buildChart()
	s.buildTimeline()
	s.ro = nil
	return nil
}

// geomSizes are n sizes from lo to hi in ×√2 steps (rounded, distinct).
func geomSizes(lo, hi int) []int {
	var out []int
	for x := float64(lo); x <= float64(hi)*1.0001; x *= math.Sqrt2 {
		n := int(math.Round(x))
		if len(out) == 0 || n != out[len(out)-1] {
			out = append(out, n)
		}
	}
	return out
}

// curveXs are the chart's sizes: integers log-spaced over [lo, hi],
// without repeats (the counts are of whole tokens).
func curveXs(lo, hi float64) []float64 {
	const n = 97
	out := make([]float64, 0, n)
	for i := range n {
		x := math.Round(lo * math.Pow(hi/lo, float64(i)/(n-1)))
		if len(out) == 0 || x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

func (s *flopsView) resetMHSA() error {
	d := int64(s.d)
	s.xlo, s.xhi = float64(s.d)/8, float64(s.d)*32
	xs := curveXs(s.xlo, s.xhi)
	proj, quad := make([]float64, len(xs)), make([]float64, len(xs))
	for i, x := range xs {
		c, err := complexity.MHSAFlops(int64(x), d, 1)
		if err != nil {
			return err
		}
		proj[i], quad[i] = float64(c.Projections+c.OutputProjection), float64(c.Scores+c.WeightedSum)
	}
	cross, err := complexity.MHSACrossover(d)
	if err != nil {
		return err
	}
	// The curves meet at n = 2d; from cross = 2d + 1 on the n² part costs more.
	s.cross = float64(cross - 1)
	// The core, timed (once per width).
	key := "019/" + strconv.Itoa(s.d)
	if key != s.measuredKey {
		var ns []int
		for _, n := range geomSizes(s.d/2, 4*s.d) {
			if c, _ := complexity.MHSAFlops(int64(n), d, 1); float64(c.Total) <= flopsBudget {
				ns = append(ns, n)
			}
		}
		if s.mhsaPts, err = measure.MHSA(ns, s.d, 1, flopsTimer, 19); err != nil {
			return err
		}
		for i, h := range flopsHeads {
			if s.d%h != 0 {
				continue
			}
			pts, err := measure.MHSA([]int{s.d}, s.d, h, flopsTimer, 19)
			if err != nil {
				return err
			}
			s.headPts[i] = pts[0]
		}
		s.measuredKey = key
	}
	s.parts[0] = flopsPart{name: "projections 8nd²", col: viz.Categorical(0), xs: xs, ys: proj, source: "complexity.MHSAFlops", formula: "8nd²"}
	s.parts[1] = flopsPart{name: "QK^T and AV 4n²d", col: viz.Categorical(3), xs: xs, ys: quad, source: "complexity.MHSAFlops", formula: "4n²d"}
	for _, p := range s.mhsaPts {
		s.parts[0].addMeasured(p.N, p.Projections)
		s.parts[1].addMeasured(p.N, p.Attention)
	}
	s.headsRows = s.headsRows[:0]
	top := 0.0
	for i, h := range flopsHeads {
		p := s.headPts[i]
		fl := p.Projections.FLOPs + p.Attention.FLOPs
		top = max(top, float64(fl))
		s.headsRows = append(s.headsRows, barRow{label: strconv.Itoa(h) + " head" + plural(h),
			segs:  []barSeg{{float64(p.Projections.FLOPs), viz.Categorical(0)}, {float64(p.Attention.FLOPs), viz.Categorical(3)}},
			value: fmtCount(float64(fl)) + "FLOP, " + fmtSeconds(p.Projections.Seconds+p.Attention.Seconds), group: grpXHeads, index: i})
	}
	s.measuredCross()
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// addMeasured appends one measured point of a part.
func (p *flopsPart) addMeasured(n int, m measure.Part) {
	p.mx = append(p.mx, float64(n))
	p.my = append(p.my, m.Seconds)
	p.mflops = append(p.mflops, m.FLOPs)
	p.label = append(p.label, fmtSeconds(m.Seconds)+" for "+fmtCount(float64(m.FLOPs))+"FLOP")
}

// flopsBudget bounds the FLOPs of one timed call, so the page times only
// small layers (a few milliseconds in all, natively).
const flopsBudget = 9e6

func (s *flopsView) resetConv() error {
	ch, k := int64(s.ch), int64(s.k)
	s.xlo, s.xhi = 4, 4096
	xs := curveXs(s.xlo, s.xhi)
	conv, att := make([]float64, len(xs)), make([]float64, len(xs))
	for i, x := range xs {
		c, err := complexity.CNNViTFlops(int64(x), ch, k, 1, 1)
		if err != nil {
			return err
		}
		conv[i], att[i] = float64(c.Conv2D), float64(c.Attention)
	}
	c0, err := complexity.CNNViTFlops(1, ch, k, 1, 1)
	if err != nil {
		return err
	}
	s.cross = float64(c0.CrossoverN)
	w, err := mistakes.CrossoverWrittenRule(1, ch, k, 1, 1)
	if err != nil {
		return err
	}
	s.written = float64(w.CrossoverN)
	key := "026/" + strconv.Itoa(s.ch) + "/" + strconv.Itoa(s.k)
	if key != s.measuredKey {
		var sides []int
		for _, side := range []int{3, 4, 6, 8, 11, 16} {
			c, _ := complexity.CNNViTFlops(int64(side*side), ch, k, 1, 1)
			if float64(c.Conv2D+c.Attention) <= flopsBudget {
				sides = append(sides, side)
			}
		}
		if s.convPts, err = measure.ConvVsAttention(sides, s.ch, s.k, flopsTimer, 26); err != nil {
			return err
		}
		s.measuredKey = key
	}
	s.parts[0] = flopsPart{name: "conv 2NK²C²", col: viz.Categorical(1), xs: xs, ys: conv, source: "complexity.CNNViTFlops", formula: "2NK²C²"}
	s.parts[1] = flopsPart{name: "attention 8NC² + 4N²C", col: viz.Categorical(0), xs: xs, ys: att, source: "complexity.CNNViTFlops", formula: "8NC² + 4N²C"}
	for _, p := range s.convPts {
		s.parts[0].addMeasured(p.N, p.Conv)
		s.parts[1].addMeasured(p.N, p.Attention)
	}
	s.measuredCross()
	// The video: one layer over T frames at the marker's N.
	n := int64(math.Round(s.n))
	c, err := complexity.CNNViTFlops(n, ch, k, int64(s.t), int64(s.kt))
	if err != nil {
		return err
	}
	s.videoRows = append(s.videoRows[:0],
		barRow{label: "3-D conv", segs: []barSeg{{float64(c.Conv3D), viz.Categorical(1)}}, value: fmtCount(float64(c.Conv3D)) + "FLOP", group: grpXVideo, index: 0},
		barRow{label: "full space-time attention", segs: []barSeg{{float64(c.AttentionST), viz.Categorical(0)}}, value: fmtCount(float64(c.AttentionST)) + "FLOP", group: grpXVideo, index: 1},
		barRow{label: "factorized attention", segs: []barSeg{{float64(c.AttentionFactorized), viz.Categorical(2)}}, value: fmtCount(float64(c.AttentionFactorized)) + "FLOP", group: grpXVideo, index: 2})
	return nil
}

// measuredCross finds where the measured attention part overtakes the
// other (measure.Crossover on the timed sizes).
func (s *flopsView) measuredCross() {
	s.mcross = 0
	if x, ok := measure.Crossover(s.parts[0].mx, s.parts[0].my, s.parts[1].my); ok {
		s.mcross = x
	}
}

// alignAxes scales the seconds axis so that a time proportional to the
// FLOPs at the median measured rate lies on its curve.
func (s *flopsView) alignAxes() {
	var rates []float64
	for _, p := range s.parts {
		for i, sec := range p.my {
			if sec > 0 && p.mflops[i] > 0 {
				rates = append(rates, sec/float64(p.mflops[i]))
			}
		}
	}
	s.secPerFLOP = 1e-9
	if len(rates) > 0 {
		// Insertion sort: a handful of rates.
		for i := 1; i < len(rates); i++ {
			for j := i; j > 0 && rates[j] < rates[j-1]; j-- {
				rates[j], rates[j-1] = rates[j-1], rates[j]
			}
		}
		s.secPerFLOP = rates[len(rates)/2]
	}
}

func (s *flopsView) buildChart() {
	ch := &s.chart
	lo, hi := math.Inf(1), 0.0
	for _, p := range s.parts {
		for _, y := range p.ys {
			if y > 0 {
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
		}
		for _, y := range p.my {
			if y > 0 {
				lo, hi = math.Min(lo, y/s.secPerFLOP), math.Max(hi, y/s.secPerFLOP)
			}
		}
	}
	xt := "tokens n"
	if s.problem == "026" {
		xt = "pixels N"
	}
	ch.x.set(s.xlo, s.xhi, true, xt, nil)
	ch.y.set(lo/2, hi*2, true, "FLOPs (lines)", nil)
	ch.hasY2 = true
	ch.y2.set(lo/2*s.secPerFLOP, hi*2*s.secPerFLOP, true, "measured time (dots)", fmtSeconds)
	ch.series = ch.series[:0]
	for i, p := range s.parts {
		ch.series = append(ch.series, chartSeries{xs: p.xs, ys: p.ys, col: p.col, width: 2.5, dots: true, dotR: -1, group: grpXCurve0 + i})
	}
	for i, p := range s.parts {
		ch.series = append(ch.series, chartSeries{xs: p.mx, ys: p.my, col: p.col, right: true, dots: true,
			group: grpXDots0 + i, dotR: 4.5})
	}
	marker := func(x float64) string { return fmtAxis(math.Round(x)) }
	crossName := "n = 2d = "
	if s.problem == "026" {
		crossName = "N* = "
	}
	written := "K²C = "
	if s.quiz {
		written = crossName
	}
	s.marker = []string{crossName + marker(s.cross), "measured ≈ " + marker(s.mcross), written + marker(s.written), "now: " + marker(s.n)}
	ch.markers = append(ch.markers[:0],
		chartMarker{x: s.cross, label: s.marker[0], col: viz.Ink, group: grpXMarker, index: 0},
		chartMarker{x: s.mcross, label: s.marker[1], col: viz.InkMuted, group: grpXMarker, index: 1, hidden: s.mcross == 0},
		chartMarker{x: s.written, label: s.marker[2], col: viz.Bad, group: grpXMarker, index: 2, hidden: true},
		chartMarker{x: s.n, label: s.marker[3], col: viz.Accent, group: grpXMarker, index: 3})
	s.at = "at " + marker(s.n)
}

func (s *flopsView) buildTimeline() {
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k flopsStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	if s.problem == "019" {
		d := strconv.Itoa(s.d)
		nd, dd := "[n, "+d+"]", "["+d+", "+d+"]"
		add(xsFirst, "projections", "Q, K, V and the output: four "+nd+"·"+dd+" products, 2nd² FLOPs each: 8nd², a line of slope 1.", nd+" · "+dd+" → "+nd, 2)
		add(xsSecond, "scores and AV", "$QK^\\top$ and $AV$: every token against every other, 2n²d each: 4n²d, slope 2.", nd+" · [d, n] → [n, n] · "+nd, 2.5)
		add(xsCross, "crossover", "They cross where 4n²d = 8nd²: n = 2d = "+strconv.Itoa(2*s.d)+". Beyond it the n² part dominates.", "n = 2d", 2)
		add(xsHeads, "heads", "h heads of width d/h: h · 2n²(d/h) = 2n²d: core.Gemm counts the same FLOPs for every h (here at n = d). The time still grows: smaller products run slower.", "[1, h, n, d/h] for h = 1, 2, 4, 8", 2.5)
		add(xsMeasured, "measured", "The core timed here (dots, right axis): "+s.measuredText()+" against 2d = "+strconv.Itoa(2*s.d)+
			"; softmax and memory traffic cost time that FLOPs do not count.",
			"n = "+strconv.Itoa(s.minMeasured())+" … "+strconv.Itoa(s.maxMeasured()), 4)
		return
	}
	c, k := strconv.Itoa(s.ch), strconv.Itoa(s.k)
	add(xsFirst, "convolution", "A "+k+"×"+k+" conv, C = "+c+" in and out: 2NK²C² FLOPs, the same per pixel: slope 1.", "[1, C, H, W], N = HW", 2)
	add(xsSecond, "attention", "Attention over the N pixels: projections 8NC² plus every pixel against every other, 4N²C.", "[1, N, C] → [N, N]", 2.5)
	cross := "They cross where 8NC² + 4N²C = 2NK²C²: N* = C(K² − 4)/2 + 1 = " + strconv.Itoa(int(s.cross)) + "."
	if s.pitfall && !s.quiz {
		cross += " The written rule says " + strconv.Itoa(int(s.written)) + "."
	}
	if s.quiz {
		cross = "This version's crossover: " + strconv.Itoa(int(s.quizCross())) + ". Right, or the mistake?"
	}
	add(xsCross, "crossover", cross, "N*", 2.5)
	add(xsMeasured, "measured", "The core's conv2d and attention timed here (dots, right axis): "+s.measuredText()+" against N* = "+
		strconv.Itoa(int(s.cross))+".",
		"N = "+strconv.Itoa(s.minMeasured())+" … "+strconv.Itoa(s.maxMeasured()), 4)
	add(xsVideo, "video", "T = "+strconv.Itoa(s.t)+" frames: a 3-D conv grows with T, full space-time attention with T², factorized attention in between.",
		"[1, C, T, H, W]", 3)
}

// measuredText says where the timed curves cross.
func (s *flopsView) measuredText() string {
	if s.mcross == 0 {
		return "the timed attention never overtook the other part up to " + strconv.Itoa(s.maxMeasured())
	}
	return "the timed curves cross near " + fmtAxis(math.Round(s.mcross))
}

// quizCross is the crossover of the version under test.
func (s *flopsView) quizCross() float64 {
	if s.pitfall {
		return s.written
	}
	return s.cross
}

// minMeasured is the smallest size timed.
func (s *flopsView) minMeasured() int {
	if len(s.parts[0].mx) == 0 {
		return 0
	}
	return int(s.parts[0].mx[0])
}

// maxMeasured is the largest size timed.
func (s *flopsView) maxMeasured() int {
	if len(s.parts[0].mx) == 0 {
		return 0
	}
	return int(s.parts[0].mx[len(s.parts[0].mx)-1])
}

func (s *flopsView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer (026, which has a pitfall).
func (s *flopsView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer.
func (s *flopsView) Explain(variant int) string {
	return quizExplain(s.problem, variant, "The right count includes the projections' 8NC², so attention costs more from N = C(K² − 4)/2 + 1.")
}

func (s *flopsView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if len(s.steps) == 0 || area.W < 80 || area.H < 80 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	st := s.steps[k]
	switch st {
	case xsHeads:
		s.drawHeads(c, area, f)
		return
	case xsVideo:
		s.drawVideo(c, area, f)
		return
	}
	ch := &s.chart
	for i := range ch.series {
		ch.series[i].show = 1
		ch.series[i].hidden = false
	}
	ch.series[1].hidden = st < xsSecond
	ch.series[2].hidden = st < xsMeasured
	ch.series[3].hidden = st < xsMeasured
	ch.markers[0].hidden = st < xsCross || (s.quiz && s.pitfall)
	ch.markers[1].hidden = st < xsMeasured || s.mcross == 0
	ch.markers[2].hidden = st < xsCross || !s.pitfall || (s.quiz && !s.pitfall)
	if s.quiz && s.pitfall {
		ch.markers[2].col = viz.Ink
	} else {
		ch.markers[2].col = viz.Bad
	}
	ch.legend = ch.legend[:0]
	for i, p := range s.parts {
		if !ch.series[i].hidden {
			ch.legend = append(ch.legend, legendItem{p.col, p.name})
		}
	}
	if st >= xsMeasured {
		ch.legend = append(ch.legend, legendItem{viz.InkMuted, "dots: the core timed here"})
	}
	p := ch.draw(c, area, f)
	if p.W == 0 || st != xsMeasured {
		return
	}
	// While the step plays, the measured sizes light up one by one.
	if n := len(s.parts[0].mx); n > 0 && f.Frac > 0 {
		i := min(n-1, int(f.Frac*float64(n)))
		for _, part := range s.parts {
			if x, y := ch.at(part.mx[i], part.my[i], true); y >= p.Y-1 && y <= p.Y+p.H+1 {
				c.FillCircle(x, y, 7, viz.Fade(part.col, 0.5))
			}
		}
	}
}

// drawHeads is 019's heads stage: counted FLOPs (identical) and the time
// of each head count at n = 2d.
func (s *flopsView) drawHeads(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	r := panel(c, fitWidth(area, 620), "n = d = "+strconv.Itoa(s.d)+": FLOPs counted by core.Gemm, and the time")
	top := 0.0
	for i := range s.headsRows {
		top = max(top, s.headsRows[i].total())
	}
	used := drawBars(c, viz.Rect{X: r.X, Y: r.Y, W: r.W, H: min(r.H-40, 34*float64(len(s.headsRows)))}, s.headsRows, top, 0, f)
	legend(c, viz.Rect{X: r.X, Y: r.Y + used + 8, W: r.W, H: 40}, flopsHeadsLegend)
}

var flopsHeadsLegend = []legendItem{{viz.Categorical(0), "projections"}, {viz.Categorical(3), "QK^T and AV"}}

// drawVideo is 026's last stage: one layer over T frames, log-scaled bars.
func (s *flopsView) drawVideo(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	r := panel(c, fitWidth(area, 640), "T = "+strconv.Itoa(s.t)+" frames of N = "+strconv.Itoa(int(math.Round(s.n)))+" pixels, Kt = "+strconv.Itoa(s.kt)+" (log scale)")
	top, lo := 0.0, math.Inf(1)
	for i := range s.videoRows {
		top = max(top, s.videoRows[i].total())
		lo = min(lo, s.videoRows[i].total())
	}
	drawBars(c, viz.Rect{X: r.X, Y: r.Y, W: r.W, H: min(r.H, 34*float64(len(s.videoRows)))}, s.videoRows, top*1.2, lo/10, f)
}

// Readout implements scene.Readouter.
func (s *flopsView) Readout(f *scene.Frame) []scene.KV {
	if len(s.steps) == 0 {
		return nil
	}
	if s.ro == nil {
		n := int64(math.Round(s.n))
		if s.problem == "019" {
			c, _ := complexity.MHSAFlops(n, int64(s.d), 1)
			s.ro = []scene.KV{
				{Key: "projections " + s.at, Value: strconv.FormatInt(c.Projections+c.OutputProjection, 10)},
				{Key: "QK^T + AV " + s.at, Value: strconv.FormatInt(c.Scores+c.WeightedSum, 10)},
				{Key: "analytic crossover n", Value: strconv.Itoa(int(s.cross))},
				{Key: "measured crossover n", Value: fmtAxis(math.Round(s.mcross))},
			}
		} else {
			c, _ := complexity.CNNViTFlops(n, int64(s.ch), int64(s.k), int64(s.t), int64(s.kt))
			s.ro = []scene.KV{
				{Key: "C, K", Value: strconv.Itoa(s.ch) + ", " + strconv.Itoa(s.k)},
				{Key: "conv " + s.at, Value: strconv.FormatInt(c.Conv2D, 10)},
				{Key: "attention " + s.at, Value: strconv.FormatInt(c.Attention, 10)},
				{Key: "analytic crossover N", Value: strconv.Itoa(int(s.cross))},
				{Key: "measured crossover N", Value: fmtAxis(math.Round(s.mcross))},
			}
			if s.pitfall {
				s.ro = append(s.ro, scene.KV{Key: "written-rule crossover N", Value: strconv.Itoa(int(s.written))})
			}
		}
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *flopsView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if len(s.steps) == 0 {
		return scene.Inspection{}, false
	}
	i := t.Index
	size := "n"
	if s.problem == "026" {
		size = "N"
	}
	switch {
	case t.Group >= grpXCurve0 && t.Group < grpXCurve0+2:
		p := &s.parts[t.Group-grpXCurve0]
		if i < 0 || i >= len(p.xs) {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: p.formula + " at " + size + " = " + strconv.Itoa(int(math.Round(p.xs[i]))), Value: fmtCount(p.ys[i]) + "FLOP",
			Tensor: "FLOPs", Index: shapeOf(i), Shape: shapeOf(len(p.xs)), Source: p.source}, true
	case t.Group >= grpXDots0 && t.Group < grpXDots0+2:
		p := &s.parts[t.Group-grpXDots0]
		if i < 0 || i >= len(p.mx) {
			return scene.Inspection{}, false
		}
		src := "measure.MHSA: core.Linear and attention.SDPA, timed"
		if s.problem == "026" {
			src = "measure.ConvVsAttention: conv.Conv2D and attention.MHSA, timed"
		}
		return scene.Inspection{Name: p.formula + " measured at " + size + " = " + strconv.Itoa(int(p.mx[i])), Value: p.label[i],
			Tensor: "seconds", Index: shapeOf(i), Shape: shapeOf(len(p.mx)), Source: src,
			Detail: "the analytic count is " + strconv.FormatInt(p.mflops[i], 10) + " FLOPs; core.Gemm counted the same"}, true
	case t.Group == grpXMarker:
		if i < 0 || i >= len(s.marker) {
			return scene.Inspection{}, false
		}
		src := [...]string{"complexity.MHSACrossover", "measure.Crossover of the timed points", "mistakes.CrossoverWrittenRule", "the marker parameter"}[i]
		if s.problem == "026" && i == 0 {
			src = "complexity.CNNViTFlops (CrossoverN)"
		}
		if s.quiz && (i == 0 || i == 2) {
			src = "the version under test"
		}
		return scene.Inspection{Name: "crossover and marker", Value: s.marker[i], Tensor: size, Index: "[0]", Shape: "[]", Source: src}, true
	case t.Group == grpXHeads:
		if i < 0 || i >= len(flopsHeads) {
			return scene.Inspection{}, false
		}
		p := s.headPts[i]
		return scene.Inspection{Name: strconv.Itoa(flopsHeads[i]) + " heads at n = d", Value: strconv.FormatInt(p.Projections.FLOPs+p.Attention.FLOPs, 10) + " FLOPs",
			Tensor: "FLOPs", Index: shapeOf(i), Shape: shapeOf(len(flopsHeads)), Source: "measure.MHSA (core.Gemm's count)",
			Detail: "timed: " + fmtSeconds(p.Projections.Seconds+p.Attention.Seconds)}, true
	case t.Group == grpXVideo:
		if i < 0 || i >= len(s.videoRows) {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: s.videoRows[i].label, Value: s.videoRows[i].value, Tensor: "FLOPs", Index: shapeOf(i),
			Shape: shapeOf(len(s.videoRows)), Source: "complexity.CNNViTFlops"}, true
	}
	return scene.Inspection{}, false
}
