package scenes

import (
	"math"
	"slices"
	"strconv"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 008, classifier-free guidance: particles of the
// two-moons data sampled by DDIM toward one moon. One step is taken apart
// as the problem asks for it: one batched call on torch.cat([x, x]) with
// conditions [null, c], chunk(2) into the unconditional and conditional
// predictions, and their extrapolation ε̂ = ε_∅ + w (ε_c − ε_∅), first as
// tensors, then as arrows on the particles (as x0 estimates, the three
// lie on one line). Then the guided run plays, and small multiples compare
// the samples across w from the same x_T. Every value comes from
// toy.RunChain, whose guided prediction is exactly that batched call
// (Mixture.EpsBatch) and diffusion.CFG.

// Inspection groups of the guidance view.
const (
	grpCfgP       = iota + 1 // a particle of the guided run
	grpCfgStrip              // a step of the noise-level strip
	grpCfgRow                // a row of the numbers panel
	grpCfgBatchX             // the batched input torch.cat([x, x])
	grpCfgBatchE             // the batched output
	grpCfgU                  // ε_∅, the first half
	grpCfgC                  // ε_c, the second half
	grpCfgG                  // the guided ε
	grpCfgModel              // the model box
	grpCfgVec                // a point of the ε-space diagram (0 null, 1 c, 2 guided)
	grpCfgMulti0  = 100      // + j: a particle of small multiple j
	cfgTensorRows = 6        // particles shown in the tensors
	cfgSteps      = 1000     // the schedule's length
)

// cfgSweep are the guidance scales of the small multiples (the current w
// joins them).
var cfgSweep = []float64{0, 1, 2, 4, 8}

// cfgClasses name the moons.
var cfgClasses = []string{"upper", "lower"}

type cfgStage int

const (
	cgInput  cfgStage = iota // x_t of the step taken apart
	cgBatch                  // one batched call
	cgChunk                  // its output split in two
	cgGuide                  // ε = ε_∅ + w (ε_c − ε_∅)
	cgArrows                 // the three predictions as x0 estimates on the particles
	cgChain                  // one step of the guided run
	cgMulti                  // small multiples across w
)

// cfgRun is the final samples of one guidance scale.
type cfgRun struct {
	w     float64
	final *core.Tensor
	stats toy.CloudStats
	off   int
	l     layer
	// title, l1 and l2 are its panel's text, made by Reset.
	title, l1, l2 string
}

type cfgView struct {
	// params
	w            float64
	class, steps int
	n            int
	seed         uint64
	apartAbar    float64
	// computed
	mix        *toy.Mixture
	sch        *diffusion.Schedule
	chain      *toy.Chain
	kStar      int
	apart      toy.StepTrace
	x0u, x0c   *core.Tensor // x0 estimates from each half (diffusion.DDIMStep)
	runs       []cfgRun
	classTrace float64
	rows       []int // the particles the tensors show
	hBX, hBE   heat
	hU, hC, hG heat
	bufBX      []float32
	bufBE      []float32
	bufU       []float32
	bufC       []float32
	bufG       []float32
	follow     int
	stages     []cfgStage
	chainK     []int
	tl         scene.Timeline
	// drawing
	dens     densityStack
	base     layer // the data's shape, stamped once per size
	cloud    layer
	discs    discBatch
	strip    strip
	shownP   *core.Tensor
	shownPN  string
	rowVals  []numRow
	rowc     rowCache
	trailPts []viz.Point
	// text made by Reset, by setRows (the tensors' labels follow the
	// followed particle) or once per step or particle shown: a paused
	// frame formats nothing.
	legends             memo[cfgStage, []legendItem]
	names               memo[int, string]
	titles              memo[[2]int, string]
	optsBX, optsBE      heatOpts
	optsU, optsC, optsG heatOpts
	extTitle, extNote   string
	wLabel, modelNote   string
	ro                  kvMemo[int]
	cells               cellsBuf
	poly                polyScratch
}

func newCFGView() *cfgView { return &cfgView{} }

func (s *cfgView) Info() scene.Info {
	p, _ := problems.Lookup("008")
	return scene.Info{ID: "cfg", Problem: "008", Title: p.Title, Family: "diffusion", Statement: fontSafe(p.Statement),
		Formula: `\hat\epsilon = \epsilon_\theta(x_t, \varnothing) + w\,\big(\epsilon_\theta(x_t, c) - \epsilon_\theta(x_t, \varnothing)\big),\quad [\epsilon_\varnothing; \epsilon_c] = \epsilon_\theta([x_t; x_t], [\varnothing; c])`,
		LookFor: "The model is trained to predict the noise with its condition and without it (the null condition). Guidance asks for " +
			"both in one call: the batch is x twice, the first half with the null condition, the second with the class; chunk(2) splits " +
			"the output. The guided prediction extrapolates from the unconditional one through the conditional one: as x0 estimates on " +
			"the particles, the grey (unconditional), green (conditional) and blue (guided) points lie on one line, the blue w times as " +
			"far from the grey as the green. w = 0 ignores the class; w = 1 is the plain conditional model, which here samples the moon " +
			"exactly; w > 1 pushes further from the other class, so the samples crowd into the most typical part of the moon and, at " +
			"large w, past it. Compare the small multiples: same x_T, only w changes. Two calls (conditional, then unconditional) give " +
			"the same numbers at twice the launches: the batched call is the problem's point."}
}

func (s *cfgView) Params() []scene.Param {
	return []scene.Param{
		{Name: "guidance", Label: "guidance w", Kind: scene.Float, Min: 0, Max: 10, Step: 0.5, Default: 3,
			Help: "0: unconditional; 1: conditional; > 1: past it"},
		{Name: "class", Label: "condition c", Kind: scene.Choice, Choices: cfgClasses, Default: 0,
			Help: "the moon to guide toward"},
		{Name: "steps", Label: "DDIM steps", Kind: scene.Int, Min: 4, Max: 50, Step: 1, Default: 20},
		{Name: "apart", Label: "step taken apart at ā ≈", Kind: scene.Float, Min: 0.05, Max: 0.95, Step: 0.05, Default: 0.35},
		{Name: "particles", Label: "particles", Kind: scene.Int, Min: 50, Max: 600, Step: 50, Default: revDefaultParticles},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

func (s *cfgView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "w = 0: unconditional", Values: scene.Values{"guidance": 0}},
		{Name: "w = 1: conditional", Values: scene.Values{"guidance": 1}},
		{Name: "w = 8: over-guided", Values: scene.Values{"guidance": 8}},
		{Name: "Lower moon, late step", Values: scene.Values{"class": 1, "apart": 0.7}},
	}
}

// Applies implements scene.Applier.
func (s *cfgView) Applies(name string, v scene.Values) string {
	if name == "class" && v["guidance"] == 0 {
		return "w = 0 ignores the condition: the guided prediction is the unconditional one"
	}
	return ""
}

func (s *cfgView) Reset(v scene.Values) error {
	s.w, s.class, s.steps = v["guidance"], clampInt(int(v["class"]), 0, 1), int(v["steps"])
	s.n, s.seed, s.apartAbar = int(v["particles"]), uint64(v["seed"]), v["apart"]
	var err error
	if s.sch, err = scheduleFor(diffusion.Cosine, cfgSteps); err != nil {
		return err
	}
	if s.mix, err = dataSet(0); err != nil {
		return err
	}
	cfg := toy.ChainConfig{Schedule: s.sch, Method: toy.DDIM, Steps: s.steps, Spacing: toy.Trailing, Class: s.class, Guidance: s.w}
	if s.chain, err = toy.RunChain(s.mix, cfg, s.n, s.seed); err != nil {
		return err
	}
	S := s.chain.Len()
	s.kStar = 0
	best := math.Inf(1)
	for k := 0; k < S; k++ {
		if d := math.Abs(s.chain.Steps[k].AlphaBarT - s.apartAbar); d < best {
			s.kStar, best = k, d
		}
	}
	s.apart = s.chain.Steps[s.kStar]
	// The x0 estimate each half implies, by the same op as the guided one.
	if _, s.x0u, err = diffusion.DDIMStep(s.apart.Xt, s.apart.EpsUncond, nil, s.apart.DDIM); err != nil {
		return err
	}
	if _, s.x0c, err = diffusion.DDIMStep(s.apart.Xt, s.apart.EpsCond, nil, s.apart.DDIM); err != nil {
		return err
	}
	if s.classTrace, err = s.mix.DataTrace(s.class); err != nil {
		return err
	}
	// The small multiples: the same x_T at each w.
	ws := append([]float64(nil), cfgSweep...)
	if !slices.Contains(ws, s.w) {
		ws = append(ws, s.w)
		slices.Sort(ws)
	}
	for len(s.runs) < len(ws) {
		s.runs = append(s.runs, cfgRun{})
	}
	s.runs = s.runs[:len(ws)]
	for j, w := range ws {
		c := cfg
		c.Guidance = w
		ch := s.chain
		if w != s.w {
			if ch, err = toy.RunChain(s.mix, c, s.n, s.seed); err != nil {
				return err
			}
		}
		r := &s.runs[j]
		r.w, r.final = w, ch.State(ch.Len())
		if r.stats, err = s.mix.Stats(r.final.Data); err != nil {
			return err
		}
		r.off = outside(r.final.Data)
		r.l.key = layerKey{}
		r.title = "w = " + strconv.FormatFloat(r.w, 'g', 3, 64)
		if r.w == s.w {
			r.title += " (yours)"
		}
		r.l1 = "in class " + strconv.Itoa(int(math.Round(100*r.stats.ClassShare[s.class]))) + "%"
		r.l2 = "spread " + f2(r.stats.Trace/s.classTrace) + "×"
		if r.off > 0 {
			r.l2 += ", " + itoa(r.off) + " off"
		}
	}
	if err := s.dens.build(s.mix, s.class); err != nil {
		return err
	}
	s.strip.set(s.chain, s.kStar)
	s.follow = typicalParticle(s.apart)
	s.legends.reset()
	s.names.reset()
	s.titles.reset()
	s.ro.reset()
	s.wLabel = "w = " + strconv.FormatFloat(s.w, 'g', 3, 64)
	s.modelNote = "one call, batch " + itoa(2*s.n) + ": half with the null condition, half with c"
	s.setRows()
	s.cloud.key, s.base.key = layerKey{}, layerKey{}
	s.rowc.ok = false
	s.buildTimeline()
	return nil
}

// setRows picks the particles the tensors show (the followed one first)
// and fills the heats from the trace.
func (s *cfgView) setRows() {
	k := min(cfgTensorRows, s.n)
	s.rows = s.rows[:0]
	for j := range k {
		s.rows = append(s.rows, (s.follow+j)%s.n)
	}
	a := s.apart
	s.bufBX, s.bufBE = s.bufBX[:0], s.bufBE[:0]
	s.bufU, s.bufC, s.bufG = s.bufU[:0], s.bufC[:0], s.bufG[:0]
	for half := range 2 {
		for _, i := range s.rows {
			s.bufBX = append(s.bufBX, a.Xt.Data[2*i], a.Xt.Data[2*i+1])
			e := a.EpsUncond
			if half == 1 {
				e = a.EpsCond
			}
			s.bufBE = append(s.bufBE, e.Data[2*i], e.Data[2*i+1])
		}
	}
	for _, i := range s.rows {
		s.bufU = append(s.bufU, a.EpsUncond.Data[2*i], a.EpsUncond.Data[2*i+1])
		s.bufC = append(s.bufC, a.EpsCond.Data[2*i], a.EpsCond.Data[2*i+1])
		s.bufG = append(s.bufG, a.Eps.Data[2*i], a.Eps.Data[2*i+1])
	}
	lo, hi := symmetric(s.bufBX)
	s.hBX.set(s.bufBX, 2*k, 2, viz.BlueWhiteRed, lo, hi, nil)
	all := append(append(append([]float32(nil), s.bufBE...), s.bufG...), s.bufU...)
	lo, hi = symmetric(all)
	s.hBE.set(s.bufBE, 2*k, 2, viz.BlueWhiteRed, lo, hi, nil)
	s.hU.set(s.bufU, k, 2, viz.BlueWhiteRed, lo, hi, nil)
	s.hC.set(s.bufC, k, 2, viz.BlueWhiteRed, lo, hi, nil)
	s.hG.set(s.bufG, k, 2, viz.BlueWhiteRed, lo, hi, nil)
	s.setTensorText()
}

// setTensorText labels the tensors of the batched call for the rows shown,
// and writes the ε-space panel's title and note for the first of them.
func (s *cfgView) setTensorText() {
	n := s.n
	var batchLabels, halfLabels []string
	for half := range 2 {
		for _, i := range s.rows {
			cond := "null"
			if half == 1 {
				cond = "c"
			}
			batchLabels = append(batchLabels, itoa(i+half*n)+" "+cond)
		}
	}
	for _, i := range s.rows {
		halfLabels = append(halfLabels, itoa(i))
	}
	xy := []string{"x", "y"}
	bo := func(title string, g int, shape string, rows []string) heatOpts {
		return heatOpts{Title: title, Shape: shape, RowLabels: rows, ColLabels: xy, ColTitle: "coordinate", Group: g, MaxCell: 44}
	}
	s.optsBX = bo("cat([x, x])", grpCfgBatchX, shapeOf(2*n, 2), batchLabels)
	s.optsBE = bo("ε", grpCfgBatchE, shapeOf(2*n, 2), batchLabels)
	s.optsU = bo("ε null", grpCfgU, shapeOf(n, 2), halfLabels)
	s.optsC = bo("ε c", grpCfgC, shapeOf(n, 2), halfLabels)
	s.optsG = bo("guided ε", grpCfgG, shapeOf(n, 2), halfLabels)
	i, a := s.rows[0], s.apart
	s.extTitle = "particle " + itoa(i) + " in ε space"
	s.extNote = "grey: ε null " + pair(a.EpsUncond.Data, i) + "; green: ε c " + pair(a.EpsCond.Data, i) + "; blue: " + f2(s.w) +
		" steps along the line, " + pair(a.Eps.Data, i) + " (diffusion.CFG)"
}

func (s *cfgView) buildTimeline() {
	S, n := s.chain.Len(), s.n
	shp := shapeOf(n, 2)
	s.stages, s.chainK, s.tl = s.stages[:0], s.chainK[:0], s.tl[:0]
	add := func(st cfgStage, k int, stage, caption, shapes string, sec float64) {
		s.stages = append(s.stages, st)
		s.chainK = append(s.chainK, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	a := s.apart
	moon := cfgClasses[s.class] + " moon"
	add(cgInput, s.kStar, "x_t", "Guiding toward the "+moon+" (c = "+itoa(s.class)+"), w = "+f2(s.w)+": "+itoa(n)+" particles at DDIM step "+
		itoa(s.kStar+1)+" of "+itoa(S)+", $\\bar\\alpha_t$ = "+f2(a.AlphaBarT)+". The model can predict their noise with the condition or without it.",
		"x_t "+shp, 1.2)
	add(cgBatch, s.kStar, "one batched call", "One call, not two: the batch is torch.cat([x, x]) with conditions [null, c]. Rows 0–"+itoa(n-1)+
		" ask for the unconditional noise, rows "+itoa(n)+"–"+itoa(2*n-1)+" for the class's.", "x "+shp+" → batch "+shapeOf(2*n, 2)+" → ε "+shapeOf(2*n, 2), 3)
	add(cgChunk, s.kStar, "chunk", "chunk(2) splits the output in two: $\\epsilon_\\varnothing$ (the first half) and $\\epsilon_c$ (the second).",
		shapeOf(2*n, 2)+" → 2 × "+shp, 2.5)
	add(cgGuide, s.kStar, "extrapolate", "$\\hat\\epsilon = \\epsilon_\\varnothing + w\\,(\\epsilon_c - \\epsilon_\\varnothing)$ with w = "+f2(s.w)+
		": from the unconditional prediction, "+f2(s.w)+" times the step to the conditional one.", "2 × "+shp+" → ε "+shp, 3)
	add(cgArrows, s.kStar, "on the particles", "As x0 estimates: grey from $\\epsilon_\\varnothing$, green from $\\epsilon_c$, blue from $\\hat\\epsilon$. "+
		"The three lie on one line, the blue "+f2(s.w)+" times as far from the grey as the green.", "x0 "+shp+" × 3", 3.5)
	sec := max(0.25, min(0.8, 9/float64(S)))
	for k := range S {
		st := s.chain.Steps[k]
		add(cgChain, k, "guided sampling", "Guided DDIM step "+itoa(k+1)+" of "+itoa(S)+": $\\bar\\alpha$ "+f3(st.AlphaBarT)+" → "+f3(st.AlphaBarNext)+
			", every step with the same batched call.", "x_t "+shp+" → x_{t−1} "+shp, sec)
	}
	add(cgMulti, S, "across w", "The same x_T sampled at each w: w = 0 ignores the class, w = 1 samples the "+moon+" exactly, larger w "+
		"pushes them away from the other moon, into the part of this one farthest from it.", itoa(len(s.runs))+" × x_0 "+shp, 4)
}

func (s *cfgView) Timeline() scene.Timeline { return s.tl }

func (s *cfgView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.chain == nil || len(s.stages) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := clampInt(f.Step, 0, len(s.stages)-1)
	stg := s.stages[k]
	s.shownP = nil
	switch stg {
	case cgBatch, cgChunk, cgGuide:
		s.drawTensors(c, f, area, stg)
		return
	case cgMulti:
		s.drawMultiples(c, f, area)
		return
	}
	items := s.legends.get(stg, func() []legendItem { return s.legendItems(stg) })
	lay := planeLayout(c, area, items)
	if lay.plane.r.W < 20 {
		return
	}
	s.drawPlane(c, f, lay.plane, stg, s.chainK[k], f.Frac)
	legend(c, lay.legend, items)
	s.drawNumbers(c, f, lay.side, stg)
	ph := float64(s.kStar)
	if stg == cgChain {
		ph = float64(s.chainK[k]) + ease(f.Frac/0.8)
	}
	s.strip.draw(c, lay.strip, f, grpCfgStrip, ph, "noise level over the run")
}

// Colours of the guidance view: the two predictions and the guided one.
var (
	colUncond = colZ
	colCond   = colX0
	colGuided = colXt
)

func (s *cfgView) legendItems(stg cfgStage) []legendItem {
	it := []legendItem{{colXt, "particles"}}
	if stg == cgArrows {
		it = []legendItem{{colUncond, "from ε null"}, {colCond, "from ε c"}, {colGuided, "guided"}}
	}
	return append(it, legendItem{classInk(s.class), cfgClasses[s.class] + " moon (c)"}, legendItem{dataSolid, "other moon"})
}

// classInk is the colour of the guided-toward class's beads.
func classInk(int) viz.Color { return colEps }

// stampClassData stamps the data's beads, the condition's in its colour.
func (l *layer) stampClassData(m *toy.Mixture, class int) {
	for _, c := range m.Comps {
		r := math.Sqrt(c.Var[0]) / (2 * l.p.ext) * l.p.r.W * 1.6
		col := dataInk
		if c.Class == class {
			col = viz.Fade(classInk(class), 0.35)
		}
		l.disc(c.Mean[0], c.Mean[1], max(2.5, r), col)
	}
}

func (s *cfgView) drawPlane(c viz.Canvas, f *scene.Frame, p dplane, stg cfgStage, k int, frac float64) {
	abar := s.apart.AlphaBarT
	t := 1.0
	if stg == cgChain {
		st := s.chain.Steps[k]
		t = ease(frac / 0.8)
		abar = st.AlphaBarT + (st.AlphaBarNext-st.AlphaBarT)*t
	}
	p.frame(c, s.dens.at(abar))
	if s.base.begin(c, p, layerKey{Variant: 2}) {
		s.base.stampClassData(s.mix, s.class)
		s.base.done()
	}
	s.base.draw(c)
	if s.cloud.begin(c, p, layerKey{Step: int(stg)*100000 + k}) {
		s.stampLines(&s.cloud, stg)
		s.cloud.done()
	}
	s.cloud.draw(c)
	s.drawDiscs(c, p, stg, k, t)
	// Marks and the followed particle.
	var pos, from *core.Tensor
	switch stg {
	case cgInput, cgArrows:
		pos, s.shownPN = s.apart.Xt, "x_t"
	case cgChain:
		st := s.chain.Steps[k]
		pos, from, s.shownPN = st.Out, st.Xt, s.names.get(k, func() string { return "x after guided step " + itoa(k+1) })
	}
	s.shownP = pos
	at := func(i int) (float64, float64) { return p.tween(from, pos, i, t) }
	for i := range s.n {
		if x, y := at(i); p.inside(x, y) {
			f.Dot(grpCfgP, i, x, y, revDot)
		}
	}
	fi := s.focus(f)
	if stg == cgChain {
		s.trailPts = s.trailPts[:0]
		for j := 0; j <= k+1 && j <= s.chain.Len(); j++ {
			x, y := p.pt(s.chain.State(j).Data, fi)
			if j == k+1 {
				x, y = at(fi)
			}
			s.trailPts = append(s.trailPts, p.clamp(x, y))
		}
		trailLine(c, s.trailPts)
	}
	if x, y := at(fi); p.inside(x, y) {
		c.StrokeRect(x-6, y-6, 12, 12, 1.5, viz.Ink)
	}
	if stg == cgArrows {
		a := s.apart
		px, py := float64(a.Xt.Data[2*fi]), float64(a.Xt.Data[2*fi+1])
		ux, uy := float64(s.x0u.Data[2*fi]), float64(s.x0u.Data[2*fi+1])
		cx, cy := float64(s.x0c.Data[2*fi]), float64(s.x0c.Data[2*fi+1])
		gx, gy := float64(a.X0.Data[2*fi]), float64(a.X0.Data[2*fi+1])
		p.vecLine(c, &s.poly, px, py, ux, uy, 1.5, colUncond, true)
		p.vecLine(c, &s.poly, px, py, cx, cy, 1.5, colCond, true)
		p.vecLine(c, &s.poly, ux, uy, gx, gy, 2.5, colGuided, true)
	}
}

// cfgArrowEvery thins the arrows of the particles not followed.
const cfgArrowEvery = 3

// stampLines draws the guidance lines into the layer (they stay put
// within a step; the particles, which move, are drawn by drawDiscs).
func (s *cfgView) stampLines(l *layer, stg cfgStage) {
	if stg != cgArrows {
		return
	}
	a := s.apart
	xt := a.Xt.Data
	for i := 0; i < s.n; i += cfgArrowEvery {
		px, py := float64(xt[2*i]), float64(xt[2*i+1])
		ux, uy := float64(s.x0u.Data[2*i]), float64(s.x0u.Data[2*i+1])
		gx, gy := float64(a.X0.Data[2*i]), float64(a.X0.Data[2*i+1])
		l.line(px, py, ux, uy, 1, faint(colUncond, 0.25))
		// The guidance line: from the unconditional estimate through
		// the conditional one to the guided one.
		l.line(ux, uy, gx, gy, 1, faint(colGuided, 0.45))
	}
}

// drawDiscs draws the particles and estimates of this stage, one batch
// per kind, t of the way through a guided step.
func (s *cfgView) drawDiscs(c viz.Canvas, p dplane, stg cfgStage, k int, t float64) {
	n := s.n
	b := &s.discs
	b.on(p)
	every := func(xs []float32, step int) { b.addEvery(xs, n, step) }
	switch stg {
	case cgInput:
		every(s.apart.Xt.Data, 1)
		b.flush(c, revDot, 0, colXt)
	case cgArrows:
		every(s.x0u.Data, cfgArrowEvery)
		b.flush(c, revRing-0.6, 1, colUncond)
		every(s.x0c.Data, cfgArrowEvery)
		b.flush(c, revRing-0.6, 1, colCond)
		every(s.apart.X0.Data, cfgArrowEvery)
		b.flush(c, revDot, 0, colGuided)
		every(s.apart.Xt.Data, 1)
		b.flush(c, 1.6, 0, faint(viz.Ink, 0.35))
	case cgChain:
		st := s.chain.Steps[k]
		every(st.X0.Data, 1)
		b.flush(c, 1.8, 0, faint(colX0, 0.8))
		for i := range n {
			b.add(lerp32(st.Xt.Data, st.Out.Data, i, t))
		}
		b.flush(c, revDot, 0, colXt)
	}
}

func (s *cfgView) focus(f *scene.Frame) int {
	return followed(f, s.follow, s.n, grpCfgP)
}

// Pointer implements scene.Pointer: a click on a particle follows it (and
// puts it first in the tensors).
func (s *cfgView) Pointer(f *scene.Frame, in scene.Input) bool {
	i, ok := clickFollow(f, in, s.follow, s.n, grpCfgP)
	if ok {
		s.follow = i
		s.setRows()
	}
	return ok
}

// drawNumbers is the followed particle's two predictions, their guided
// combination and the x0 estimates, with the arithmetic.
func (s *cfgView) drawNumbers(c viz.Canvas, f *scene.Frame, r viz.Rect, stg cfgStage) {
	i := s.focus(f)
	a := s.apart
	chain := 0
	if stg == cgChain {
		chain = 1
	}
	title := s.titles.get([2]int{i, chain}, func() string {
		if chain == 1 {
			return "particle " + itoa(i)
		}
		return "particle " + itoa(i) + ", step " + itoa(s.kStar+1)
	})
	var w string
	s.rowVals, w = s.rowc.get([3]int{i, 0, 0}, func() ([]numRow, string) {
		return []numRow{
			{label: symXt, name: "x_t", right: pair(a.Xt.Data, i), source: "toy.RunChain"},
			{label: sym{Base: "ε", Sub: "null"}, name: "ε unconditional (first half of the batch)", right: pair(a.EpsUncond.Data, i), source: "toy.Mixture.EpsBatch (one call)"},
			{label: sym{Base: "ε", Sub: "c"}, name: "ε conditional (second half of the batch)", right: pair(a.EpsCond.Data, i), source: "toy.Mixture.EpsBatch (one call)"},
			{label: symEps, name: "guided ε", right: pair(a.Eps.Data, i), source: "diffusion.CFG"},
			{label: sym{Base: "x", Sub: "0", Hat: true, After: " guided"}, name: "x₀ estimate from the guided ε", right: pair(a.X0.Data, i), source: "diffusion.DDIMStep"},
		}, "guided ε = " + f2(s.w) + " × (" + pair(a.EpsCond.Data, i) + " − " + pair(a.EpsUncond.Data, i) + ") + " + pair(a.EpsUncond.Data, i) + " = " + pair(a.Eps.Data, i)
	})
	y := drawRows(c, f, r, title, s.rowVals, len(s.rowVals), grpCfgRow)
	if y+8 < r.Y+r.H {
		note(c, viz.Rect{X: r.X + 6, Y: y + 6, W: r.W - 6, H: r.Y + r.H - y - 6}, w, viz.Ink)
	}
}

// drawTensors is the batched call as tensors: the stacked input, the model
// (one call), the output, its halves and the guided prediction.
func (s *cfgView) drawTensors(c viz.Canvas, f *scene.Frame, area viz.Rect, stg cfgStage) {
	switch stg {
	case cgBatch:
		if area.W < 560 {
			// Narrow: the model as a band on top, the two batches side by
			// side under it, as tall as they can be.
			band, rest := area.CutTop(min(64, area.H*0.2))
			s.drawModel(c, f, band)
			cells := s.cells.flow(rest.Inset(2), 2, 28, 60)
			s.hBX.draw(c, cells[0], f, s.optsBX)
			s.hBE.draw(c, cells[1], f, s.optsBE)
			s.poly.flowArrows(c, cells)
			break
		}
		cells := s.cells.flow(area, 3, 28, 120)
		s.hBX.draw(c, cells[0], f, s.optsBX)
		s.drawModel(c, f, cells[1])
		s.hBE.draw(c, cells[2], f, s.optsBE)
		s.poly.flowArrows(c, cells)
	case cgChunk:
		cells := s.cells.flow(area, 3, 28, 110)
		s.hBE.draw(c, cells[0], f, s.optsBE)
		s.hU.draw(c, cells[1], f, s.optsU)
		s.hC.draw(c, cells[2], f, s.optsC)
		s.poly.flowArrows(c, cells[:2])
	case cgGuide:
		var heats, diag viz.Rect
		if area.W >= 560 {
			heats, diag = area.CutLeft(area.W * 0.6)
			diag = diag.Inset(8)
		} else {
			heats, diag = area.CutTop(area.H * 0.55)
		}
		cells := s.cells.flow(heats, 3, 24, 100)
		s.hU.draw(c, cells[0], f, s.optsU)
		s.hC.draw(c, cells[1], f, s.optsC)
		s.hG.draw(c, cells[2], f, s.optsG)
		s.drawExtrapolation(c, f, diag)
	}
}

// drawExtrapolation draws the followed particle's guidance in ε space:
// the unconditional and conditional predictions and the line through
// them, with the guided one at w, ticks at each whole w.
func (s *cfgView) drawExtrapolation(c viz.Canvas, f *scene.Frame, r viz.Rect) {
	i := s.rows[0]
	a := s.apart
	r = panel(c, r, s.extTitle)
	lh := viz.LineHeight(kitLabel)
	noteH := 3 * lh
	side := min(r.W, r.H-noteH-4)
	if side < 60 {
		return
	}
	box := viz.Rect{X: r.X + (r.W-side)/2, Y: r.Y, W: side, H: side}
	u := [2]float64{float64(a.EpsUncond.Data[2*i]), float64(a.EpsUncond.Data[2*i+1])}
	cc := [2]float64{float64(a.EpsCond.Data[2*i]), float64(a.EpsCond.Data[2*i+1])}
	g := [2]float64{float64(a.Eps.Data[2*i]), float64(a.Eps.Data[2*i+1])}
	// A square window around the three points.
	lo, hi := u, u
	for _, p := range [2][2]float64{cc, g} {
		for d := range 2 {
			lo[d], hi[d] = min(lo[d], p[d]), max(hi[d], p[d])
		}
	}
	span := max(hi[0]-lo[0], hi[1]-lo[1], 0.2) * 1.25
	mid := [2]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2}
	px := func(p [2]float64) (float64, float64) {
		return box.X + ((p[0]-mid[0])/span+0.5)*box.W, box.Y + (0.5-(p[1]-mid[1])/span)*box.H
	}
	c.FillRect(box.X, box.Y, box.W, box.H, viz.White)
	c.StrokeRect(box.X, box.Y, box.W, box.H, 1, viz.Grid)
	ox, oy := px([2]float64{0, 0})
	if box.Contains(ox, oy) {
		c.Line(box.X, oy, box.X+box.W, oy, 1, viz.Fade(viz.Grid, 0.8))
		c.Line(ox, box.Y, ox, box.Y+box.H, 1, viz.Fade(viz.Grid, 0.8))
	}
	ux, uy := px(u)
	cx, cy := px(cc)
	gx, gy := px(g)
	c.Line(ux, uy, gx, gy, 1.5, viz.Fade(colGuided, 0.5))
	// Ticks at w = 0, 1, 2, ... along the line u + w (c − u).
	for w := 0.0; w <= s.w+1e-9; w++ {
		tx, ty := ux+(cx-ux)*w, uy+(cy-uy)*w
		c.FillCircle(tx, ty, 2, viz.InkMuted)
	}
	s.poly.arrow(c, ux, uy, cx, cy, 2, colCond)
	c.FillCircle(ux, uy, 5, colUncond)
	c.FillCircle(cx, cy, 5, colCond)
	c.FillCircle(gx, gy, 6, colGuided)
	// Name the points by their w when they stand apart.
	lx, ly := -1e9, -1e9
	for _, pt := range [3]struct {
		x, y float64
		s    string
	}{{ux, uy, "w = 0"}, {cx, cy, "w = 1"}, {gx, gy, s.wLabel}} {
		if (math.Abs(pt.y-ly) > 16 || math.Abs(pt.x-lx) > 70) && pt.y > box.Y+14 && pt.y+6 < box.Y+box.H && pt.x+10+c.TextWidth(pt.s, kitLabel) < box.X+box.W {
			c.Text(pt.x+10, pt.y+4, pt.s, kitLabel, viz.InkMuted, viz.AlignLeft)
			lx, ly = pt.x, pt.y
		}
	}
	f.Dot(grpCfgVec, 0, ux, uy, 5)
	f.Dot(grpCfgVec, 1, cx, cy, 5)
	f.Dot(grpCfgVec, 2, gx, gy, 6)
	note(c, viz.Rect{X: r.X, Y: box.Y + box.H + 4, W: r.W, H: noteH}, s.extNote, viz.Ink)
}

// drawModel is the model box: one call on the whole batch.
func (s *cfgView) drawModel(c viz.Canvas, f *scene.Frame, r viz.Rect) {
	h := min(r.H, 120.0)
	box := viz.Rect{X: r.X, Y: r.Y + (r.H-h)/2, W: r.W, H: h}
	c.FillRect(box.X, box.Y, box.W, box.H, viz.Panel)
	c.StrokeRect(box.X, box.Y, box.W, box.H, 1.5, viz.InkMuted)
	f.Box(grpCfgModel, 0, box)
	if box.H < 50 || box.W < 60 {
		return
	}
	in := panel(c, box.Inset(6), "noise model")
	note(c, in, s.modelNote, viz.Ink)
}

// drawMultiples draws the final samples at each w side by side, with
// their numbers.
func (s *cfgView) drawMultiples(c viz.Canvas, f *scene.Frame, area viz.Rect) {
	lh := viz.LineHeight(kitLabel)
	cells := s.cells.grid(area, len(s.runs), 12, kitTitle+8+2*lh+4)
	for j := range s.runs {
		r := &s.runs[j]
		cell := cells[j]
		title := r.title
		col := viz.Ink
		if r.w == s.w {
			col = colXt
		}
		body := panel(c, cell, title)
		if r.w == s.w {
			c.FillRect(cell.X, cell.Y+kitTitle+3, min(cell.W, c.TextWidth(title, kitTitle)), 2, col)
		}
		side := min(body.W, body.H-2*lh-4)
		if side < 30 {
			continue
		}
		p := newPlane(viz.Rect{X: body.X + (body.W-side)/2, Y: body.Y, W: side, H: side})
		p.frame(c, nil)
		if r.l.begin(c, p, layerKey{Variant: j + 1}) {
			r.l.stampClassData(s.mix, s.class)
			for i := range s.n {
				r.l.disc(float64(r.final.Data[2*i]), float64(r.final.Data[2*i+1]), 1.8, colXt)
			}
			r.l.done()
		}
		r.l.draw(c)
		p.markDots(f, grpCfgMulti0+j, r.final.Data, s.n, 1.8)
		y := p.r.Y + p.r.H + kitLabel + 2
		l1, l2 := r.l1, r.l2
		c.Text(body.X, y, viz.Ellipsize(c, l1, kitLabel, body.W), kitLabel, viz.Ink, viz.AlignLeft)
		c.Text(body.X, y+lh, viz.Ellipsize(c, l2, kitLabel, body.W), kitLabel, viz.Ink, viz.AlignLeft)
	}
}

// Readout implements scene.Readouter.
func (s *cfgView) Readout(f *scene.Frame) []scene.KV {
	if s.chain == nil {
		return nil
	}
	k := clampInt(f.Step, 0, len(s.stages)-1)
	if s.stages[k] != cgChain {
		k = -1 // every other step reads out the same
	}
	return s.ro.get(k, func() []scene.KV { return s.readout(k) })
}

// readout is the readout at step k (−1: a step outside the guided run).
func (s *cfgView) readout(k int) []scene.KV {
	kv := []scene.KV{{Key: "guidance w, class", Value: f2(s.w) + ", " + cfgClasses[s.class] + " moon"},
		{Key: "calls per step", Value: "1 (batch " + itoa(2*s.n) + ")"}}
	for _, r := range s.runs {
		if r.w == s.w {
			kv = append(kv, scene.KV{Key: "in class, spread (class's = 1)", Value: f2(r.stats.ClassShare[s.class]) + ", " + f2(r.stats.Trace/s.classTrace)})
		}
	}
	if k >= 0 {
		st := s.chain.Steps[s.chainK[k]]
		kv = append(kv, scene.KV{Key: "guided step", Value: itoa(s.chainK[k]+1) + " of " + itoa(s.chain.Len()) + ", ā " + f3(st.AlphaBarT) + " → " + f3(st.AlphaBarNext)})
	}
	return kv
}

// Inspect implements scene.Inspector.
func (s *cfgView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.chain == nil {
		return scene.Inspection{}, false
	}
	n, k := s.n, len(s.rows)
	a := s.apart
	switch {
	case t.Group == grpCfgP && s.shownP != nil && t.Index < n:
		i := t.Index
		return scene.Inspection{Name: "particle " + itoa(i), Value: pair(s.shownP.Data, i), Tensor: s.shownPN, Index: "[" + itoa(i) + ", :]",
			Shape: shapeOf(n, 2), Source: "toy.RunChain (guided: toy.Mixture.EpsBatch, diffusion.CFG, diffusion.DDIMStep)",
			Detail: "x0 estimates: from ε null " + pair(s.x0u.Data, i) + ", from ε c " + pair(s.x0c.Data, i) + ", guided " + pair(a.X0.Data, i)}, true
	case t.Group == grpCfgStrip && t.Index >= 0 && t.Index < s.chain.Len():
		st := s.chain.Steps[t.Index]
		return scene.Inspection{Name: "step " + itoa(t.Index+1) + " (t = " + itoa(st.T) + ")", Value: "ā " + f3(st.AlphaBarT) + " → " + f3(st.AlphaBarNext),
			Tensor: "ā", Index: "[" + itoa(st.T) + "]", Shape: shapeOf(cfgSteps), Source: "diffusion.NewSchedule (cosine)"}, true
	case t.Group == grpCfgRow && t.Index < len(s.rowVals):
		row := s.rowVals[t.Index]
		return scene.Inspection{Name: row.name, Value: row.right, Tensor: row.name, Index: "[" + itoa(s.focus(f)) + ", :]", Shape: shapeOf(n, 2), Source: row.source}, true
	case (t.Group == grpCfgBatchX || t.Group == grpCfgBatchE) && t.Index < 2*k*2:
		r, j := t.Index/2, t.Index%2
		half, i := r/k, s.rows[r%k]
		cond := "null"
		if half == 1 {
			cond = "c = " + itoa(s.class)
		}
		if t.Group == grpCfgBatchX {
			return scene.Inspection{Name: "batch row " + itoa(half*n+i) + " (particle " + itoa(i) + ", condition " + cond + ")",
				Value: fmtNum(float64(a.Xt.Data[2*i+j])), Tensor: "torch.cat([x, x])", Index: shapeOf(half*n+i, j), Shape: shapeOf(2*n, 2),
				Source: "toy.RunChain (the batched call's input)"}, true
		}
		e := a.EpsUncond
		if half == 1 {
			e = a.EpsCond
		}
		return scene.Inspection{Name: "predicted noise, condition " + cond, Value: fmtNum(float64(e.Data[2*i+j])), Tensor: "ε",
			Index: shapeOf(half*n+i, j), Shape: shapeOf(2*n, 2), Source: "toy.Mixture.EpsBatch (one call on the batch)"}, true
	case (t.Group == grpCfgU || t.Group == grpCfgC || t.Group == grpCfgG) && t.Index < 2*k:
		i, j := s.rows[t.Index/2], t.Index%2
		switch t.Group {
		case grpCfgU:
			return inspectCell("unconditional noise (first half)", "ε null", a.EpsUncond.Data, []int{n, 2}, []int{i, j}, "toy.Mixture.EpsBatch, chunk(2)"), true
		case grpCfgC:
			return inspectCell("conditional noise (second half)", "ε c", a.EpsCond.Data, []int{n, 2}, []int{i, j}, "toy.Mixture.EpsBatch, chunk(2)"), true
		}
		in := inspectCell("guided noise", "guided ε", a.Eps.Data, []int{n, 2}, []int{i, j}, "diffusion.CFG")
		in.Detail = fmtNum(float64(a.EpsUncond.Data[2*i+j])) + " + " + f2(s.w) + " × (" + fmtNum(float64(a.EpsCond.Data[2*i+j])) + " − " + fmtNum(float64(a.EpsUncond.Data[2*i+j])) + ")"
		return in, true
	case t.Group == grpCfgVec && t.Index >= 0 && t.Index < 3:
		i := s.rows[0]
		e := []*core.Tensor{a.EpsUncond, a.EpsCond, a.Eps}[t.Index]
		name := []string{"unconditional noise", "conditional noise", "guided noise"}[t.Index]
		src := []string{"toy.Mixture.EpsBatch (first half)", "toy.Mixture.EpsBatch (second half)", "diffusion.CFG"}[t.Index]
		return scene.Inspection{Name: name + " of particle " + itoa(i), Value: pair(e.Data, i), Tensor: "ε", Index: "[" + itoa(i) + ", :]",
			Shape: shapeOf(n, 2), Source: src}, true
	case t.Group == grpCfgModel:
		return scene.Inspection{Name: "the noise model, called once", Value: "batch " + itoa(2*n), Source: "toy.Mixture.EpsBatch",
			Detail: "the exact ε* of the data, per row conditioned on null or on c"}, true
	case t.Group >= grpCfgMulti0 && t.Group-grpCfgMulti0 < len(s.runs) && t.Index < n:
		r := s.runs[t.Group-grpCfgMulti0]
		return scene.Inspection{Name: "sample " + itoa(t.Index) + " at w = " + fmtNum(r.w), Value: pair(r.final.Data, t.Index), Tensor: "x_0",
			Index: "[" + itoa(t.Index) + ", :]", Shape: shapeOf(n, 2), Source: "toy.RunChain (guidance w = " + fmtNum(r.w) + ")"}, true
	}
	return scene.Inspection{}, false
}
