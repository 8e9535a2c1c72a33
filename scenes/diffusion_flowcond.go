package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Problem 033, the time-conditioned flow layer, stage by stage: t's
// sinusoidal embedding, the time MLP, the scale γ and shift β, the
// modulated x and the output; then t sweeps from 0 to 1 and the
// modulation follows. Reset runs diffusion.FlowCondTrace once on a batch
// of the same x at t = 0, 0.01, …, 1; every stage shown is a row of it.

const fcGrid = 100 // t grid: fcGrid+1 values over [0, 1]

// Inspection groups of the flow layer view.
const (
	gFcE = iota + 1
	gFcH
	gFcGamma
	gFcBeta
	gFcX
	gFcMod
	gFcY
	gFcEStrip
	gFcGStrip
	gFcBStrip
)

type fcStepKind int

const (
	fcEmbed fcStepKind = iota
	fcMLP
	fcScaleShift
	fcModulate
	fcSweep
)

type flowCondView struct {
	d, seed       int
	t0            float64 // the t of the fixed stages
	row0          int
	x             *core.Tensor // [1, D]
	w             diffusion.FlowCondWeights
	ts            []float32
	st            *diffusion.FlowCondStages // over the t grid, [fcGrid+1, …]
	gamma         []float32                 // γ rows [fcGrid+1, D], split from GammaBeta
	beta          []float32
	lims          [6]float64 // bar ranges, fixed over t so the bars do not rescale
	steps         []fcStepKind
	tl            scene.Timeline
	heT, hgT, hbT heat // e, γ, β over every t: D rows × (fcGrid+1) columns
	eT, gT, bT    []float32
	// text made by Reset, or once per t the sweeps pass: a paused frame
	// formats nothing.
	tS          [fcGrid + 1]string // "t = 0.30" per row of the grid
	ends        [6][2]string       // the bar charts' axis ends, per lims entry
	shape, strS string
	titles      memo[[2]int, string]
	ro          kvMemo[[2]int]
	cells       cellsBuf
	poly        polyScratch
}

// Titles of the panels that name the t shown (keys of flowCondView.titles).
const (
	fcTitleE = iota
	fcTitleEsc
	fcTitleH
	fcTitleMod
	fcTitleY
)

func newFlowCondView() *flowCondView { return &flowCondView{} }

func (s *flowCondView) Info() scene.Info {
	p, _ := problems.Lookup("033")
	return scene.Info{ID: "flow_cond", Problem: "033", Title: p.Title, Family: "diffusion", Statement: p.Statement,
		Formula: `e = [\sin(t f)\,|\,\cos(t f)],\ f_i = e^{-\ln(10000)\, i/(D/2)};\quad h = W_2\,\mathrm{SiLU}(W_1 e + b_1) + b_2;\quad [\gamma\,|\,\beta] = W_a h + b_a;\quad y = W_o\,(x \odot (1 + \gamma) + \beta) + b_o`,
		LookFor: "t enters only through its embedding: D/2 sines and D/2 cosines of t at geometric frequencies. A small MLP turns that " +
			"into h, and one Linear(D, 2D) into a per-feature scale γ and shift β (chunk(2) splits them). The input x itself is the same " +
			"at every t: it is modulated, x·(1 + γ) + β, not normalised, and then a linear layer maps it to the output. As t sweeps from " +
			"0 to 1 the strips show γ(t) and β(t) for every t at once: smooth in t, since the frequencies are at most 1 radian per unit " +
			"of t, so the layer's behaviour changes gradually along the flow."}
}

func (s *flowCondView) Params() []scene.Param {
	return []scene.Param{
		{Name: "t", Label: "time t", Kind: scene.Float, Min: 0, Max: 1, Step: 0.01, Default: 0.3,
			Help: "the flow time of the stages before the sweep"},
		{Name: "d", Label: "width D", Kind: scene.Int, Min: 2, Max: 16, Step: 2, Default: 8},
		{Name: "seed", Label: "weights seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 3},
	}
}

func (s *flowCondView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "t = 0", Values: scene.Values{"t": 0}},
		{Name: "t = 1", Values: scene.Values{"t": 1}},
		{Name: "Wide", Values: scene.Values{"d": 16, "t": 0.5}},
	}
}

// fcWeights draws an nn.Linear's weights, scaled so that γ is of order
// one and the modulation shows.
func fcWeights(rng *rand.Rand, out, in int, scale float64) diffusion.LinearWeights {
	w, b := core.New(out, in), core.New(out)
	sd := scale / math.Sqrt(float64(in))
	for i := range w.Data {
		w.Data[i] = float32(sd * rng.NormFloat64())
	}
	for i := range b.Data {
		b.Data[i] = float32(0.1 * rng.NormFloat64())
	}
	return diffusion.LinearWeights{W: w, B: b}
}

func (s *flowCondView) Reset(v scene.Values) error {
	s.t0, s.d, s.seed = v["t"], int(v["d"]), int(v["seed"])
	s.row0 = clampInt(int(math.Round(s.t0*fcGrid)), 0, fcGrid)
	d, rows := s.d, fcGrid+1
	rng := rand.New(rand.NewPCG(uint64(s.seed), 0xf10c))
	s.w = diffusion.FlowCondWeights{TimeMLP0: fcWeights(rng, d, d, 1.5), TimeMLP2: fcWeights(rng, d, d, 1.5),
		AdaNorm: fcWeights(rng, 2*d, d, 0.8), OutLayer: fcWeights(rng, d, d, 1)}
	s.x = core.New(1, d)
	for i := range s.x.Data {
		s.x.Data[i] = float32(math.Sin(1.3*float64(i)+0.4) + 0.3)
	}
	xb := core.New(rows, d)
	s.ts = make([]float32, rows)
	for r := range rows {
		s.ts[r] = float32(r) / fcGrid
		copy(xb.Data[r*d:], s.x.Data)
	}
	st, err := diffusion.FlowCondTrace(xb, s.ts, s.w)
	if err != nil {
		return err
	}
	s.st = st
	s.gamma, s.beta = s.gamma[:0], s.beta[:0]
	for r := range rows {
		s.gamma = append(s.gamma, st.GammaBeta.Data[r*2*d:r*2*d+d]...)
		s.beta = append(s.beta, st.GammaBeta.Data[r*2*d+d:(r+1)*2*d]...)
	}
	s.lims = [6]float64{1, absMax(st.Hidden.Data), absMax(s.gamma), absMax(s.beta), math.Max(absMax(st.Mod.Data), absMax(s.x.Data)), absMax(st.Y.Data)}
	for i, l := range s.lims {
		s.ends[i] = barEnds(l)
	}
	for r := range rows {
		s.tS[r] = "t = " + f2(float64(s.ts[r]))
	}
	s.shape, s.strS = shapeOf(1, d), shapeOf(d)+" for each t"
	s.titles.reset()
	s.ro.reset()
	s.buildTimeline()
	s.buildPictures()
	return nil
}

func (s *flowCondView) buildTimeline() {
	bd := shapeOf(1, s.d)
	t := "t = " + f2(float64(s.ts[s.row0]))
	s.steps = []fcStepKind{fcEmbed, fcMLP, fcScaleShift, fcModulate, fcSweep}
	s.tl = scene.Timeline{
		{Stage: "embed t", Caption: "t sweeps 0 → 1: e = [sin(t f) | cos(t f)], D/2 frequencies f_i = exp(−ln(10000)·i/(D/2)). The strip holds e for every t.",
			Shapes: "t [B] → e " + bd, Seconds: 4},
		{Stage: "time MLP", Caption: "At " + t + ": Linear, SiLU, Linear turn e into h, a learned code of the time.",
			Shapes: "e " + bd + " → Linear → SiLU → Linear → h " + bd, Seconds: 2.5},
		{Stage: "scale and shift", Caption: "ada_norm = Linear(D, 2D), then chunk(2, dim=−1): a scale γ and a shift β per feature.",
			Shapes: "h " + bd + " → " + shapeOf(1, 2*s.d) + " → γ, β " + bd, Seconds: 2.5},
		{Stage: "modulate", Caption: "x·(1 + γ) + β (black ticks: x itself, the same at every t), then out_layer.",
			Shapes: "x " + bd + " → " + bd + " → y " + bd, Seconds: 2.5},
		{Stage: "sweep t", Caption: "t sweeps 0 → 1 again: γ(t) and β(t) move smoothly, and so the output of the same x changes with time.",
			Shapes: "t " + shapeOf(fcGrid+1) + " → γ, β " + shapeOf(fcGrid+1, s.d), Seconds: 8},
	}
}

// transpose lays rows [n, d] out as d rows of n (a strip over t).
func fcStrip(dst, rows []float32, n, d int) []float32 {
	dst = append(dst[:0], make([]float32, n*d)...)
	for r := 0; r < n; r++ {
		for j := 0; j < d; j++ {
			dst[j*n+r] = rows[r*d+j]
		}
	}
	return dst
}

func (s *flowCondView) buildPictures() {
	n := fcGrid + 1
	s.eT = fcStrip(s.eT, s.st.Emb.Data, n, s.d)
	s.gT = fcStrip(s.gT, s.gamma, n, s.d)
	s.bT = fcStrip(s.bT, s.beta, n, s.d)
	s.heT.set(s.eT, s.d, n, viz.BlueWhiteRed, -1, 1, nil)
	s.hgT.set(s.gT, s.d, n, viz.BlueWhiteRed, -s.lims[2], s.lims[2], nil)
	s.hbT.set(s.bT, s.d, n, viz.BlueWhiteRed, -s.lims[3], s.lims[3], nil)
}

func (s *flowCondView) Timeline() scene.Timeline { return s.tl }

// row is the t-grid row shown at f: swept in the embedding and sweep
// stages, the parameter's t otherwise.
func (s *flowCondView) row(f *scene.Frame) int {
	switch s.steps[min(f.Step, len(s.steps)-1)] {
	case fcEmbed, fcSweep:
		return cvStepOf(f.Frac, fcGrid+1)
	}
	return s.row0
}

func (s *flowCondView) vec(t *core.Tensor, r, w, off int) []float32 {
	return t.Data[r*w+off : r*w+off+s.d]
}

func (s *flowCondView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	r := s.row(f)
	d := s.d
	// title is the panel kind's title at the t shown.
	title := func(kind int) string {
		return s.titles.get([2]int{kind, r}, func() string {
			tl := s.tS[r]
			switch kind {
			case fcTitleEsc:
				return "e at " + tl + " (sin | cos)"
			case fcTitleE:
				return "e at " + tl
			case fcTitleH:
				return "h at " + tl
			case fcTitleMod:
				return "x·(1 + γ) + β at " + tl
			}
			return "y at " + tl
		})
	}
	bar := func(rr viz.Rect, title string, v []float32, lim int, group int, split bool, ghost []float32) {
		cvBars(c, rr, f, v, cvBarOpts{Title: title, Shape: s.shape, Lim: s.lims[lim], Ends: s.ends[lim], Split: split, Group: group, Hi: -1, Ghost: ghost})
	}
	strip := func(rr viz.Rect, ht *heat, title string, group int) {
		o := cvStripOpts{Title: title, Shape: s.strS, RowTitle: "feature", XLabel: "t", X0: "0", X1: "1", Group: group}
		if sc := cvStrip(c, rr, f, ht, o); sc.W > 0 {
			x := sc.X + (float64(r)+0.5)/float64(fcGrid+1)*sc.W
			c.Line(x, sc.Y-4, x, sc.Y+sc.H+4, 2, viz.Ink)
		}
	}
	switch s.steps[min(f.Step, len(s.steps)-1)] {
	case fcEmbed:
		top, bottom := area.CutTop(area.H * 0.5)
		bar(top, title(fcTitleEsc), s.vec(s.st.Emb, r, d, 0), 0, gFcE, true, nil)
		strip(bottom, &s.heT, "e for every t", gFcEStrip)
	case fcMLP:
		cells := s.cells.flow(area, 2, 30, 200)
		bar(cells[0], title(fcTitleE), s.vec(s.st.Emb, r, d, 0), 0, gFcE, true, nil)
		bar(cells[1], "h = time_mlp(e)", s.vec(s.st.Hidden, r, d, 0), 1, gFcH, false, nil)
		s.poly.flowArrows(c, cells)
	case fcScaleShift:
		cells := s.cells.flow(area, 3, 26, 170)
		bar(cells[0], title(fcTitleH), s.vec(s.st.Hidden, r, d, 0), 1, gFcH, false, nil)
		bar(cells[1], "γ (scale)", s.gamma[r*d:(r+1)*d], 2, gFcGamma, false, nil)
		bar(cells[2], "β (shift)", s.beta[r*d:(r+1)*d], 3, gFcBeta, false, nil)
		s.poly.flowArrows(c, cells[:2])
	case fcModulate:
		cells := s.cells.flow(area, 3, 26, 170)
		bar(cells[0], "x", s.x.Data, 4, gFcX, false, nil)
		bar(cells[1], "x·(1 + γ) + β", s.vec(s.st.Mod, r, d, 0), 4, gFcMod, false, s.x.Data)
		bar(cells[2], "y = out_layer", s.vec(s.st.Y, r, d, 0), 5, gFcY, false, nil)
		s.poly.flowArrows(c, cells)
	case fcSweep:
		var strips, bars viz.Rect
		if cvHorizontal(area) {
			strips, bars = area.CutLeft(area.W * 0.55)
			_, bars = bars.CutLeft(20)
		} else {
			strips, bars = area.CutTop(area.H * 0.5)
			_, bars = bars.CutTop(8)
		}
		a, b := strips.CutTop(strips.H / 2)
		strip(a, &s.hgT, "γ(t)", gFcGStrip)
		strip(b, &s.hbT, "β(t)", gFcBStrip)
		p, q := bars.CutTop(bars.H / 2)
		bar(p, title(fcTitleMod), s.vec(s.st.Mod, r, d, 0), 4, gFcMod, false, s.x.Data)
		bar(q, title(fcTitleY), s.vec(s.st.Y, r, d, 0), 5, gFcY, false, nil)
	}
}

// Readout implements scene.Readouter.
func (s *flowCondView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil {
		return nil
	}
	r, d := s.row(f), s.d
	return s.ro.get([2]int{min(f.Step, len(s.steps)-1), r}, func() []scene.KV { return s.readout(r, d) })
}

// readout is the readout at grid row r.
func (s *flowCondView) readout(r, d int) []scene.KV {
	return []scene.KV{
		{Key: "t", Value: f2(float64(s.ts[r]))},
		{Key: "D", Value: strconv.Itoa(d)},
		{Key: "e[0..3]", Value: tsFirst(s.vec(s.st.Emb, r, d, 0), 4)},
		{Key: "γ[0..3]", Value: tsFirst(s.gamma[r*d:], 4)},
		{Key: "β[0..3]", Value: tsFirst(s.beta[r*d:], 4)},
		{Key: "y[0..3]", Value: tsFirst(s.vec(s.st.Y, r, d, 0), 4)},
	}
}

// Inspect implements scene.Inspector.
func (s *flowCondView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "diffusion.FlowCondTrace (= diffusion.FlowCondLayer)"
	r, d, i := s.row(f), s.d, t.Index
	n := fcGrid + 1
	at := func(name, tensor string, v []float32, shape []int, idx []int) (scene.Inspection, bool) {
		in := inspectCell(name, tensor, v, shape, idx, src)
		in.Detail = "at t = " + f2(float64(s.ts[idx[0]]))
		return in, true
	}
	switch t.Group {
	case gFcE:
		return at("time embedding", "e", s.st.Emb.Data, []int{n, d}, []int{r, i % d})
	case gFcH:
		return at("time MLP output", "h", s.st.Hidden.Data, []int{n, d}, []int{r, i % d})
	case gFcGamma:
		return at("scale", "γ", s.gamma, []int{n, d}, []int{r, i % d})
	case gFcBeta:
		return at("shift", "β", s.beta, []int{n, d}, []int{r, i % d})
	case gFcX:
		return inspectCell("input (the same at every t)", "x", s.x.Data, []int{1, d}, []int{0, i % d}, "the view's input"), true
	case gFcMod:
		return at("modulated x", "x·(1+γ)+β", s.st.Mod.Data, []int{n, d}, []int{r, i % d})
	case gFcY:
		return at("output", "y", s.st.Y.Data, []int{n, d}, []int{r, i % d})
	case gFcEStrip, gFcGStrip, gFcBStrip:
		v, name := s.st.Emb.Data, "time embedding"
		switch t.Group {
		case gFcGStrip:
			v, name = s.gamma, "scale γ"
		case gFcBStrip:
			v, name = s.beta, "shift β"
		}
		j, rr := i/n, i%n
		return at(name, name, v, []int{n, d}, []int{rr, j % d})
	}
	return scene.Inspection{}, false
}
