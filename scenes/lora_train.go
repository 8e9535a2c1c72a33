package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/lora"
	"dlprep/core/loss"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
	"dlprep/viz/tex"
)

// The view of problem 013: LoRA trains, live. A frozen W, A random and B
// zero; plain gradient descent on a small regression task whose target is
// W plus a low-rank change; the loss falling and (α/r)·B·A approaching the
// change; every rank trained for comparison; then the merge, with the
// same outputs. Training is lora.Train (Forward, loss.MSE, Backward, all
// checked against PyTorch), run in Reset; the timeline walks its steps.

const (
	loraOutDim  = 6
	loraInDim   = 8
	loraSamples = 32
	loraSteps   = 120
	loraMaxRank = 4
	// loraPerStep is how many training steps one timeline step covers.
	loraPerStep = 10
)

// Inspection groups of the 013 view.
const (
	grpRW = iota + 1
	grpRA
	grpRB
	grpRDelta
	grpRTarget
	grpRGradA
	grpRGradB
	grpRMerged
	grpRBadMerged
	grpRLoss
	grpRRank0   // + r − 1: the rank sweep's curves
	grpRFlow    = grpRRank0 + loraMaxRank
	grpRCheck   = grpRFlow + 1
	grpRYFact   = grpRCheck + 1
	grpRYMerged = grpRYFact + 1
	grpRYBad    = grpRYMerged + 1
)

// loraShownSamples is how many samples' outputs the merge stage shows.
const loraShownSamples = 6

type loraTrainStep int

const (
	ltSetup loraTrainStep = iota
	ltForward
	ltGrads
	ltTrain
	ltRanks
	ltMerge
)

// loraFlowBox is one box of the forward pass diagram.
type loraFlowBox struct {
	name, shape string
	rows, cols  int
	norm        float64
	frozen      bool
	tex         string // the label, typeset
}

type loraView struct {
	r, targetRank int
	alpha, lr     float64
	seed          uint64
	pitfall       bool
	quiz          bool
	w, target     *core.Tensor // W [out,in] and the change ΔW* [out,in]
	x, y          *core.Tensor // inputs [N,in] and targets [N,out]
	init          *lora.Linear
	tr            *lora.TrainTrace
	ranks         [loraMaxRank]*lora.TrainTrace // every rank, same data
	deltas        []*core.Tensor                // (α/r)BA at every step, and after the last
	grads         *lora.Grads                   // at step 0
	merged        *core.Tensor                  // Merge
	badMerged     *core.Tensor                  // mistakes.LoRALinearNoScaling's merge
	yFact, yMerge *core.Tensor
	yBad          *core.Tensor
	maxDiff       float64
	mergedLoss    float64 // MSE of the merged layer's outputs
	badLoss       float64 // MSE with the update unscaled
	steps         []loraTrainStep
	iters         []int // per timeline step: the first training step shown
	tl            scene.Timeline
	// pictures
	hW, hTarget, hGA, hGB, hMerged, hBadMerged heat
	hDelta, hA, hB                             heat
	hYF, hYM, hYB                              heat
	shownIter                                  int // the snapshot hDelta, hA, hB hold (−1: none)
	aRange, bRange, dRange                     float64
	lossChart, rankChart                       chart
	lossXs, lossYs                             []float64
	rankXs                                     []float64
	rankYs                                     [loraMaxRank][]float64
	flow                                       []loraFlowBox
	checkText                                  []string
	iterText                                   []string // "step k: loss …", per snapshot
	quizRight, quizBad                         []string // the merge check of each version, unnamed
	badDiff                                    float64  // max |y trained − y merged without α/r|
	opts                                       map[loraOptsKey]heatOpts
	tc                                         tex.Cache
	ro                                         []scene.KV
}

func newLoRAView() *loraView { return &loraView{shownIter: -1} }

func (s *loraView) Info() scene.Info {
	p, _ := problems.Lookup("013")
	return scene.Info{ID: "lora_train", Problem: "013", Title: p.Title, Family: "lora", Statement: p.Statement,
		Formula: `y = W x + \frac{\alpha}{r} B A x,\quad B_0 = 0;\qquad \frac{\partial L}{\partial B} = \frac{\alpha}{r}\, \delta^\top (x A^\top),\quad \frac{\partial L}{\partial A} = \frac{\alpha}{r}\, (\delta B)^\top x;\qquad W' = W + \frac{\alpha}{r} B A`,
		LookFor: "W never changes: only A and B get gradients. B starts at zero, so the adapted layer is exactly the base one and the gradient " +
			"of A is zero on the first step (it is multiplied by B): B moves first, then A. The target is W plus a change of low rank; " +
			"(α/r)·B·A, a matrix of rank at most r, grows into it and the loss falls. Train every rank on the same data: a rank below the " +
			"change's cannot reach it and its loss stalls. At the end the update merges into one weight W' with the same outputs, so " +
			"inference costs nothing extra. The pitfall merges (or applies) the update without α/r."}
}

func (s *loraView) Params() []scene.Param {
	return []scene.Param{
		{Name: "r", Label: "rank r", Kind: scene.Int, Min: 1, Max: loraMaxRank, Step: 1, Default: 2},
		{Name: "alpha", Label: "α", Kind: scene.Float, Min: 1, Max: 16, Step: 1, Default: 8,
			Help: "the update is scaled by α/r"},
		{Name: "change", Label: "rank of the change", Kind: scene.Int, Min: 1, Max: 3, Step: 1, Default: 2,
			Help: "the target is W plus a change of this rank"},
		{Name: "lr", Label: "learning rate", Kind: scene.Float, Min: 0.005, Max: 0.1, Step: 0.005, Default: 0.05, Log: true},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "draws W, the change, the data and A"},
		scene.PitfallParam(mistakeIDs("013")...),
	}
}

func (s *loraView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Rank 1: too small", Values: scene.Values{"r": 1}},
		{Name: "Rank 4, change of rank 1", Values: scene.Values{"r": 4, "change": 1}},
		{Name: "Slow: lr 0.01", Values: scene.Values{"lr": 0.01}},
		{Name: "Pitfall: merge without α/r", Values: scene.Values{"pitfall": 1}},
	}
}

// loraTask draws the base weight, a change of rank k, the inputs and the
// targets y = x(W + ΔW)ᵀ.
func loraTask(k int, seed uint64) (w, change, x, y *core.Tensor, err error) {
	rng := rand.New(rand.NewPCG(seed, 13))
	randn := func(scale float64, shape ...int) *core.Tensor {
		t := core.New(shape...)
		for i := range t.Data {
			t.Data[i] = float32(scale * rng.NormFloat64())
		}
		return t
	}
	w = randn(0.5, loraOutDim, loraInDim)
	u, v := randn(1, loraOutDim, k), randn(1, k, loraInDim)
	if change, err = core.MatMul(u, v); err != nil {
		return nil, nil, nil, nil, err
	}
	for i := range change.Data {
		change.Data[i] *= 0.35
	}
	x = randn(1, loraSamples, loraInDim)
	wt := w.Clone()
	for i := range wt.Data {
		wt.Data[i] += change.Data[i]
	}
	y, err = core.Linear("lora task", x, wt, nil)
	return w, change, x, y, err
}

func (s *loraView) Reset(v scene.Values) error {
	s.r, s.targetRank = clampInt(int(v["r"]), 1, loraMaxRank), clampInt(int(v["change"]), 1, 3)
	s.alpha, s.lr, s.seed = v["alpha"], v["lr"], uint64(v["seed"])
	s.pitfall = int(v["pitfall"]) == 1
	var err error
	if s.w, s.target, s.x, s.y, err = loraTask(s.targetRank, s.seed); err != nil {
		return err
	}
	for r := 1; r <= loraMaxRank; r++ {
		l, err := lora.Init(s.w, nil, r, s.alpha, rand.New(rand.NewPCG(s.seed, uint64(r))))
		if err != nil {
			return err
		}
		if s.ranks[r-1], err = lora.Train(l, s.x, s.y, s.lr, loraSteps); err != nil {
			return err
		}
		if r == s.r {
			s.init = l
		}
	}
	s.tr = s.ranks[s.r-1]
	s.deltas = s.deltas[:0]
	for _, st := range s.tr.Steps {
		l, err := lora.New(s.w, nil, st.A, st.B, s.alpha)
		if err != nil {
			return err
		}
		s.deltas = append(s.deltas, l.Delta())
	}
	s.deltas = append(s.deltas, s.tr.Layer.Delta())
	if s.grads, err = s.init.Backward(s.x, mustMSEGrad(s.init, s.x, s.y)); err != nil {
		return err
	}
	if err := s.computeMerge(); err != nil {
		return err
	}
	s.buildPictures()
	s.buildCharts()
	s.buildTimeline()
	s.ro = nil
	return nil
}

// mustMSEGrad is dL/dy of the MSE at the layer's output (nil on error,
// which Backward then reports).
func mustMSEGrad(l *lora.Linear, x, y *core.Tensor) *core.Tensor {
	p, err := l.Forward(x)
	if err != nil {
		return nil
	}
	_, g, err := loss.MSE(p, y)
	if err != nil {
		return nil
	}
	return g
}

// computeMerge merges the trained layer and checks its outputs; the
// pitfall merges without α/r.
func (s *loraView) computeMerge() error {
	l := s.tr.Layer
	s.merged = l.Merge()
	var err error
	if s.yFact, err = l.Forward(s.x); err != nil {
		return err
	}
	if s.yMerge, err = core.Linear("lora merge", s.x, s.merged, nil); err != nil {
		return err
	}
	s.maxDiff = 0
	for i, v := range s.yFact.Data {
		s.maxDiff = math.Max(s.maxDiff, math.Abs(float64(v-s.yMerge.Data[i])))
	}
	if s.mergedLoss, _, err = loss.MSE(s.yMerge, s.y); err != nil {
		return err
	}
	s.yBad, s.badMerged, err = mistakes.LoRALinearNoScaling(s.w, nil, l.A, l.B, s.x)
	if err != nil {
		return err
	}
	s.badDiff = 0
	for i, v := range s.yFact.Data {
		s.badDiff = math.Max(s.badDiff, math.Abs(float64(v-s.yBad.Data[i])))
	}
	s.badLoss, _, err = loss.MSE(s.yBad, s.y)
	return err
}

func (s *loraView) buildPictures() {
	absMaxOf := func(ts ...*core.Tensor) float64 {
		m := 1e-6
		for _, t := range ts {
			for _, v := range t.Data {
				m = math.Max(m, math.Abs(float64(v)))
			}
		}
		return m
	}
	wl := absMaxOf(s.w, s.merged)
	s.hW.set(s.w.Data, loraOutDim, loraInDim, viz.BlueWhiteRed, -wl, wl, nil)
	s.hMerged.set(s.merged.Data, loraOutDim, loraInDim, viz.BlueWhiteRed, -wl, wl, nil)
	bl := absMaxOf(s.badMerged)
	s.hBadMerged.set(s.badMerged.Data, loraOutDim, loraInDim, viz.BlueWhiteRed, -max(wl, bl), max(wl, bl), nil)
	s.dRange = absMaxOf(s.target)
	s.hTarget.set(s.target.Data, loraOutDim, loraInDim, viz.BlueWhiteRed, -s.dRange, s.dRange, nil)
	s.aRange, s.bRange = 1e-6, 1e-6
	for _, st := range s.tr.Steps {
		s.aRange, s.bRange = max(s.aRange, absMaxOf(st.A)), max(s.bRange, absMaxOf(st.B))
	}
	s.aRange, s.bRange = max(s.aRange, absMaxOf(s.tr.Layer.A)), max(s.bRange, absMaxOf(s.tr.Layer.B))
	ga := absMaxOf(s.grads.A, s.grads.B)
	s.hGA.set(s.grads.A.Data, s.r, loraInDim, viz.BlueWhiteRed, -ga, ga, nil)
	s.hGB.set(s.grads.B.Data, loraOutDim, s.r, viz.BlueWhiteRed, -ga, ga, nil)
	yl := absMaxOf(s.yFact, s.yBad)
	part := loraShownSamples * loraOutDim
	s.hYF.set(s.yFact.Data[:part], loraShownSamples, loraOutDim, viz.BlueWhiteRed, -yl, yl, nil)
	s.hYM.set(s.yMerge.Data[:part], loraShownSamples, loraOutDim, viz.BlueWhiteRed, -yl, yl, nil)
	s.hYB.set(s.yBad.Data[:part], loraShownSamples, loraOutDim, viz.BlueWhiteRed, -yl, yl, nil)
	s.shownIter = -1
	s.iterText = s.iterText[:0]
	for k := 0; k <= loraSteps; k++ {
		s.iterText = append(s.iterText, "after "+strconv.Itoa(k)+" steps: loss "+fmtNum(s.lossAt(k)))
	}
	// The forward pass's boxes: norms of what flows, from core.
	h, _ := core.Linear("lora flow", s.x, s.init.A, nil)
	base, _ := core.Linear("lora flow", s.x, s.w, nil)
	zero, _ := lora.New(core.New(loraOutDim, loraInDim), nil, s.init.A, s.init.B, s.alpha)
	ad, _ := zero.Forward(s.x)
	y0, _ := s.init.Forward(s.x)
	s.flow = append(s.flow[:0],
		loraFlowBox{name: "input x", tex: `x`, shape: shapeOf(loraSamples, loraInDim), rows: loraSamples, cols: loraInDim, norm: frob(s.x)},
		loraFlowBox{name: "frozen weight W", tex: `W\ \mathrm{frozen}`, shape: shapeOf(loraOutDim, loraInDim), rows: loraOutDim, cols: loraInDim, norm: frob(s.w), frozen: true},
		loraFlowBox{name: "frozen path x W^T", tex: `xW^\top`, shape: shapeOf(loraSamples, loraOutDim), rows: loraSamples, cols: loraOutDim, norm: frob(base)},
		loraFlowBox{name: "factor A", tex: `A`, shape: shapeOf(s.r, loraInDim), rows: s.r, cols: loraInDim, norm: frob(s.init.A)},
		loraFlowBox{name: "h = x A^T", tex: `h = xA^\top`, shape: shapeOf(loraSamples, s.r), rows: loraSamples, cols: s.r, norm: frob(h)},
		loraFlowBox{name: "factor B, zero at the start", tex: `B = 0`, shape: shapeOf(loraOutDim, s.r), rows: loraOutDim, cols: s.r, norm: frob(s.init.B)},
		loraFlowBox{name: "adapter path (α/r) h B^T", tex: `(\alpha/r)\,hB^\top`, shape: shapeOf(loraSamples, loraOutDim), rows: loraSamples, cols: loraOutDim, norm: frob(ad)},
		loraFlowBox{name: "output y", tex: `y`, shape: shapeOf(loraSamples, loraOutDim), rows: loraSamples, cols: loraOutDim, norm: frob(y0)},
	)
	s.checkText = append(s.checkText[:0],
		"trained loss "+fmtNum(s.tr.FinalLoss),
		"merged W' gives loss "+fmtNum(s.mergedLoss),
		"max |y factored − y merged| = "+strconv.FormatFloat(s.maxDiff, 'e', 1, 64))
	if s.pitfall {
		s.checkText = append(s.checkText, "without α/r: loss "+fmtNum(s.badLoss))
	}
	s.quizRight = []string{"trained loss " + fmtNum(s.tr.FinalLoss), "merged W' gives loss " + fmtNum(s.mergedLoss),
		"max |y trained − y merged| = " + strconv.FormatFloat(s.maxDiff, 'e', 1, 64)}
	s.quizBad = []string{"trained loss " + fmtNum(s.tr.FinalLoss), "merged W' gives loss " + fmtNum(s.badLoss),
		"max |y trained − y merged| = " + strconv.FormatFloat(s.badDiff, 'e', 1, 64)}
	clear(s.opts)
}

// frob is a tensor's Frobenius norm.
func frob(t *core.Tensor) float64 {
	if t == nil {
		return 0
	}
	s := 0.0
	for _, v := range t.Data {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s)
}

// lossAt is the loss after k training steps (k = loraSteps: the end).
func (s *loraView) lossAt(k int) float64 {
	if k >= len(s.tr.Steps) {
		return s.tr.FinalLoss
	}
	return s.tr.Steps[k].Loss
}

// factorsAt are A and B after k training steps.
func (s *loraView) factorsAt(k int) (a, b *core.Tensor) {
	if k >= len(s.tr.Steps) {
		return s.tr.Layer.A, s.tr.Layer.B
	}
	return s.tr.Steps[k].A, s.tr.Steps[k].B
}

// showIter points the ΔW, A and B heats at snapshot k, rebuilding them
// only when k changes.
func (s *loraView) showIter(k int) {
	k = clampInt(k, 0, loraSteps)
	if k == s.shownIter {
		return
	}
	a, b := s.factorsAt(k)
	s.hDelta.set(s.deltas[k].Data, loraOutDim, loraInDim, viz.BlueWhiteRed, -s.dRange, s.dRange, nil)
	ab := max(s.aRange, s.bRange)
	s.hA.set(a.Data, s.r, loraInDim, viz.BlueWhiteRed, -ab, ab, nil)
	s.hB.set(b.Data, loraOutDim, s.r, viz.BlueWhiteRed, -ab, ab, nil)
	s.shownIter = k
}

func (s *loraView) buildCharts() {
	s.lossXs, s.lossYs = s.lossXs[:0], s.lossYs[:0]
	lo, hi := math.Inf(1), 0.0
	for k := 0; k <= loraSteps; k++ {
		s.lossXs = append(s.lossXs, float64(k))
		s.lossYs = append(s.lossYs, s.lossAt(k))
	}
	s.rankXs = s.lossXs
	for r := range loraMaxRank {
		tr := s.ranks[r]
		s.rankYs[r] = s.rankYs[r][:0]
		for k := 0; k <= loraSteps; k++ {
			v := tr.FinalLoss
			if k < len(tr.Steps) {
				v = tr.Steps[k].Loss
			}
			s.rankYs[r] = append(s.rankYs[r], v)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	lo = math.Max(lo, 1e-9)
	ch := &s.lossChart
	ch.x.set(0, loraSteps, false, "training step", nil)
	ch.y.set(lo/2, hi*2, true, "MSE loss (log)", nil)
	ch.series = append(ch.series[:0], chartSeries{xs: s.lossXs, ys: s.lossYs, col: viz.Accent, width: 2.5, dots: true, group: grpRLoss, dotR: -1})
	ch.legend = ch.legend[:0]
	rc := &s.rankChart
	rc.x.set(0, loraSteps, false, "training step", nil)
	rc.y.set(lo/2, hi*2, true, "MSE loss (log)", nil)
	rc.series = rc.series[:0]
	rc.legend = rc.legend[:0]
	for r := range loraMaxRank {
		w := 1.5
		if r+1 == s.r {
			w = 3.5
		}
		rc.series = append(rc.series, chartSeries{xs: s.rankXs, ys: s.rankYs[r], col: viz.Categorical(r), width: w, dots: true,
			group: grpRRank0 + r, dotR: -1})
		rc.legend = append(rc.legend, legendItem{viz.Categorical(r), "r = " + strconv.Itoa(r+1) + ": " + fmtNum(s.rankYs[r][loraSteps])})
	}
}

func (s *loraView) buildTimeline() {
	sc := strconv.FormatFloat(s.alpha/float64(s.r), 'g', 3, 64)
	wShape, aShape, bShape := shapeOf(loraOutDim, loraInDim), shapeOf(s.r, loraInDim), shapeOf(loraOutDim, s.r)
	s.steps, s.iters, s.tl = s.steps[:0], s.iters[:0], s.tl[:0]
	add := func(k loraTrainStep, it int, stage, caption, shapes string, sec float64) {
		s.steps, s.iters = append(s.steps, k), append(s.iters, it)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(ltSetup, 0, "setup", "W is frozen. A is random, B is zero, so (α/r)·BA = 0: the layer starts as the base layer. The target adds a rank-"+
		strconv.Itoa(s.targetRank)+" change to W.", "W "+wShape+", A "+aShape+", B "+bShape, 2)
	add(ltForward, 0, "forward", "$y = xW^\\top + \\tfrac{\\alpha}{r}(xA^\\top)B^\\top$ with α/r = "+sc+"; BA is never formed. MSE against the targets: "+fmtNum(s.lossAt(0))+".",
		shapeOf(loraSamples, loraInDim)+" → "+shapeOf(loraSamples, s.r)+" → "+shapeOf(loraSamples, loraOutDim), 2.5)
	add(ltGrads, 0, "gradients", "$\\partial L/\\partial A = \\tfrac{\\alpha}{r}(\\delta B)^\\top x$ is zero while B = 0; $\\partial L/\\partial B = \\tfrac{\\alpha}{r}\\delta^\\top(xA^\\top)$ is not: only B moves first.",
		"dA "+aShape+", dB "+bShape, 3)
	for it := 0; it < loraSteps; it += loraPerStep {
		end := it + loraPerStep
		add(ltTrain, it, "train", "Steps "+strconv.Itoa(it)+"–"+strconv.Itoa(end)+": loss "+fmtNum(s.lossAt(it))+" → "+fmtNum(s.lossAt(end))+
			"; (α/r)·BA grows into the change.", "ΔW = (α/r)·B·A "+wShape, 1.5)
	}
	add(ltRanks, loraSteps, "rank sweep", "Every rank trained on the same data: below the change's rank "+strconv.Itoa(s.targetRank)+" the loss stalls.",
		"r = 1…"+strconv.Itoa(loraMaxRank)+", "+strconv.Itoa(loraSteps)+" steps each", 3)
	merge := "Merge: W' = W + (α/r)·BA, one " + wShape + " weight with the same outputs, to float32 rounding."
	if s.pitfall && !s.quiz {
		merge += " Without α/r the outputs change: loss " + fmtNum(s.badLoss) + "."
	}
	if s.quiz {
		merge = "This version merges the trained update into W. Does it keep the outputs?"
	}
	add(ltMerge, loraSteps, "merge", merge, wShape+" + "+bShape+"·"+aShape+" → "+wShape, 3)
}

func (s *loraView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer.
func (s *loraView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer.
func (s *loraView) Explain(variant int) string {
	return quizExplain("013", variant, "The right version scales the update by α/r in training and in the merge, so the merged weight gives the trained outputs.")
}

// iterAt is the training step shown at the frame.
func (s *loraView) iterAt(f *scene.Frame) int {
	k := min(f.Step, len(s.steps)-1)
	if s.steps[k] != ltTrain {
		return s.iters[k]
	}
	return min(loraSteps, s.iters[k]+int(f.Frac*loraPerStep))
}

func (s *loraView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.tr == nil || len(s.steps) == 0 || area.W < 60 || area.H < 60 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case ltSetup:
		s.showIter(0)
		s.drawFactors(c, area, f, false)
	case ltForward:
		s.drawFlow(c, area, f)
	case ltGrads:
		s.drawGrads(c, area, f)
	case ltTrain:
		s.showIter(s.iterAt(f))
		top, bottom := area.CutTop(area.H * 0.5)
		s.drawFactors(c, top, f, true)
		s.drawLoss(c, viz.Rect{X: bottom.X, Y: bottom.Y + 8, W: bottom.W, H: bottom.H - 8}, f)
	case ltRanks:
		s.rankChart.series[0].show = 1
		for i := range s.rankChart.series {
			s.rankChart.series[i].show = 1
		}
		s.rankChart.draw(c, area, f)
	case ltMerge:
		s.drawMerge(c, area, f)
	}
}

// loraOptsKey names a panel's labels.
type loraOptsKey struct {
	group int
	title string
}

// heatOptsFor labels one of the view's matrices, made once per Reset.
func (s *loraView) heatOptsFor(group int, title string, rows, cols int, cell float64, noScale bool) heatOpts {
	key := loraOptsKey{group, title}
	if o, ok := s.opts[key]; ok {
		return o
	}
	o := heatOpts{Title: title, Shape: shapeOf(rows, cols), Group: group, MaxCell: cell, NoScale: noScale}
	if group == grpRYFact || group == grpRYMerged || group == grpRYBad {
		o.Shape = "first " + strconv.Itoa(rows) + " of " + shapeOf(loraSamples, cols)
	}
	if s.opts == nil {
		s.opts = map[loraOptsKey]heatOpts{}
	}
	s.opts[key] = o
	return o
}

// drawFactors draws B · A (scaled) = ΔW beside the target change, at one
// cell size; withTitle adds the step's loss above.
func (s *loraView) drawFactors(c viz.Canvas, area viz.Rect, f *scene.Frame, withText bool) {
	lh := viz.LineHeight(kitLabel)
	if withText {
		c.Text(area.X, area.Y+kitLabel, s.iterText[s.shownIter], kitLabel, viz.Ink, viz.AlignLeft)
		area.Y += lh + 4
		area.H -= lh + 4
	}
	// B and A share A's colour scale; ΔW and the change share theirs.
	items := [...]heatItem{
		{&s.hB, s.heatOptsFor(grpRB, "B", loraOutDim, s.r, 0, true)},
		{&s.hA, s.heatOptsFor(grpRA, "A (and B)", s.r, loraInDim, 0, false)},
		{&s.hDelta, s.heatOptsFor(grpRDelta, "(α/r)BA", loraOutDim, loraInDim, 0, false)},
		{&s.hTarget, s.heatOptsFor(grpRTarget, "target change", loraOutDim, loraInDim, 0, false)},
	}
	if area.W < 520 {
		// A phone: the update against the change, big enough to compare.
		drawHeatRow(c, area, f, items[2:], 16, 150, 36)
		return
	}
	drawHeatRow(c, area, f, items[:], 16, 150, 36)
}

// drawLoss draws the loss curve with the playhead's step.
func (s *loraView) drawLoss(c viz.Canvas, r viz.Rect, f *scene.Frame) {
	ch := &s.lossChart
	ch.series[0].show = 1
	p := ch.draw(c, r, f)
	if p.W == 0 {
		return
	}
	k := s.shownIter
	if x, y := ch.at(float64(k), s.lossAt(k), false); y >= p.Y-1 && y <= p.Y+p.H+1 {
		c.FillCircle(x, y, 6, viz.Accent)
	}
}

// drawFlow draws the forward pass as boxes sized by their shapes: the
// frozen path x Wᵀ and the adapter path x Aᵀ then Bᵀ, added.
func (s *loraView) drawFlow(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	viz.MarkPanel(c, area)
	lh := viz.LineHeight(kitLabel)
	// Five columns: x | W, A | xWᵀ, h | B | adapter out, y.
	colW := (area.W - 4*14) / 5
	unit := min(colW/float64(loraInDim+1), (area.H/2-2*lh-8)/float64(loraSamples)*2.2, 10)
	box := func(i int, cx, cy float64, col viz.Color) viz.Rect {
		b := s.flow[i]
		bw := max(unit*float64(b.cols), 6)
		bh := max(unit*float64(b.rows)/2.2, 6)
		r := viz.Rect{X: cx - bw/2, Y: cy - bh/2, W: bw, H: bh}
		fill := viz.Fade(col, 0.35)
		if b.frozen {
			fill = viz.PanelDark
		}
		c.FillRect(r.X, r.Y, r.W, r.H, fill)
		c.StrokeRect(r.X, r.Y, r.W, r.H, 1.5, col)
		mathLabel(c, &s.tc, b.tex, cx, r.Y-6-lh, kitLabel, viz.Ink, viz.AlignCenter)
		c.Text(cx, r.Y-4, viz.Ellipsize(c, b.shape, kitLabel, colW), kitLabel, viz.InkMuted, viz.AlignCenter)
		f.Box(grpRFlow, i, r)
		return r
	}
	colX := func(i int) float64 { return area.X + colW/2 + float64(i)*(colW+14) }
	topY := area.Y + area.H*0.28
	botY := area.Y + area.H*0.72
	midY := area.Y + area.H*0.5
	bx := box(0, colX(0), midY, viz.Ink)
	bw := box(1, colX(1), topY, viz.InkMuted)
	bxw := box(2, colX(2), topY, viz.InkMuted)
	ba := box(3, colX(1), botY, viz.Accent)
	bh := box(4, colX(2), botY, viz.Accent)
	bb := box(5, colX(3), botY, viz.Accent)
	bad := box(6, colX(4), botY, viz.Accent)
	by := box(7, colX(4), topY, viz.Good)
	arrow(c, bx.X+bx.W+4, bx.Y+bx.H*0.3, bw.X-4, bw.Y+bw.H/2, 1.5, viz.InkMuted)
	arrow(c, bx.X+bx.W+4, bx.Y+bx.H*0.7, ba.X-4, ba.Y+ba.H/2, 1.5, viz.Accent)
	arrow(c, bw.X+bw.W+4, bw.Y+bw.H/2, bxw.X-4, bxw.Y+bxw.H/2, 1.5, viz.InkMuted)
	arrow(c, ba.X+ba.W+4, ba.Y+ba.H/2, bh.X-4, bh.Y+bh.H/2, 1.5, viz.Accent)
	arrow(c, bh.X+bh.W+4, bh.Y+bh.H/2, bb.X-4, bb.Y+bb.H/2, 1.5, viz.Accent)
	arrow(c, bb.X+bb.W+4, bb.Y+bb.H/2, bad.X-4, bad.Y+bad.H/2, 1.5, viz.Accent)
	arrow(c, bxw.X+bxw.W+4, bxw.Y+bxw.H/2, by.X-4, by.Y+by.H/2, 1.5, viz.InkMuted)
	arrow(c, bad.X+bad.W/2, bad.Y-2*lh-8, by.X+by.W/2, by.Y+by.H+4, 1.5, viz.Accent)
	// The path being computed is outlined while the step plays.
	if f.Frac > 0 {
		i := min(len(s.flow)-1, int(f.Frac*float64(len(s.flow))))
		if r, ok := f.Locate(scene.Target{Group: grpRFlow, Index: i}); ok {
			c.StrokeRect(r.X-3, r.Y-3, r.W+6, r.H+6, 2, viz.Accent)
		}
	}
}

// drawGrads draws the first step's gradients beside B = 0: dL/dA all
// zero, dL/dB not.
func (s *loraView) drawGrads(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	s.showIter(0)
	items := [...]heatItem{
		{&s.hB, s.heatOptsFor(grpRB, "B at step 0", loraOutDim, s.r, 0, false)},
		{&s.hGA, s.heatOptsFor(grpRGradA, "dL/dA: all 0", s.r, loraInDim, 0, false)},
		{&s.hGB, s.heatOptsFor(grpRGradB, "dL/dB", loraOutDim, s.r, 0, false)},
	}
	drawHeatRow(c, area, f, items[:], 24, 110, 40)
}

// drawMerge draws W + ΔW = W', then the outputs of the trained layer and
// of the merged one for the first samples, and the check (the pitfall's
// merge beside; in a quiz only the version under test).
func (s *loraView) drawMerge(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	s.showIter(loraSteps)
	lh := viz.LineHeight(kitLabel)
	texts := s.checkText
	if s.quiz {
		texts = s.quizChecks()
	}
	textH := float64(len(texts))*lh + 6
	weights, rest := area.CutTop((area.H - textH) * 0.5)
	outputs, check := rest.CutTop(rest.H - textH)
	type item = struct {
		ht    *heat
		group int
		title string
	}
	row := func(r viz.Rect, minW float64, items ...item) {
		var hs [4]heatItem
		n := 0
		for _, it := range items {
			if it.ht != nil && n < len(hs) {
				hs[n] = heatItem{it.ht, s.heatOptsFor(it.group, it.title, it.ht.rows, it.ht.cols, 0, false)}
				n++
			}
		}
		drawHeatRow(c, r, f, hs[:n], 12, minW, 36)
	}
	merged, badMerged, yM, yB := item{&s.hMerged, grpRMerged, "W' = W + (α/r)BA"}, item{}, item{&s.hYM, grpRYMerged, "y from W'"}, item{}
	switch {
	case s.quiz && s.pitfall:
		merged, yM = item{&s.hBadMerged, grpRBadMerged, "merged W'"}, item{&s.hYB, grpRYBad, "y from W'"}
	case s.quiz:
		merged.title = "merged W'"
	case s.pitfall:
		badMerged, yB = item{&s.hBadMerged, grpRBadMerged, "pitfall: W + BA"}, item{&s.hYB, grpRYBad, "pitfall: y"}
	}
	if area.W < 520 {
		// A phone: the merged weight and the outputs only (W and the
		// update are in the earlier stages).
		row(weights, 150, merged, badMerged)
	} else {
		row(weights, 150, item{&s.hW, grpRW, "W, frozen"}, item{&s.hDelta, grpRDelta, "(α/r)BA"}, merged, badMerged)
	}
	row(viz.Rect{X: outputs.X, Y: outputs.Y + 6, W: outputs.W, H: outputs.H - 6}, 100,
		item{&s.hYF, grpRYFact, "y trained"}, yM, yB)
	y := check.Y + 2
	for i, t := range texts {
		col := viz.Ink
		if i == 3 {
			col = viz.Bad
		}
		c.Text(check.X, y+kitLabel, viz.Ellipsize(c, t, kitLabel, check.W), kitLabel, col, viz.AlignLeft)
		f.Box(grpRCheck, i, viz.Rect{X: check.X, Y: y, W: max(8, min(check.W, c.TextWidth(t, kitLabel))), H: lh})
		y += lh
	}
}

// quizChecks are the merge stage's lines for the version under test.
func (s *loraView) quizChecks() []string {
	if s.pitfall {
		return s.quizBad
	}
	return s.quizRight
}

// Readout implements scene.Readouter.
func (s *loraView) Readout(f *scene.Frame) []scene.KV {
	if s.tr == nil {
		return nil
	}
	if s.ro == nil {
		s.ro = []scene.KV{
			{Key: "rank r, α/r", Value: strconv.Itoa(s.r) + ", " + strconv.FormatFloat(s.alpha/float64(s.r), 'g', 3, 64)},
			{Key: "trainable A, B", Value: strconv.Itoa(s.r*(loraInDim+loraOutDim)) + " of " + strconv.Itoa(loraInDim*loraOutDim)},
			{Key: "loss at the start", Value: fmtNum(s.lossAt(0))},
			{Key: "loss after " + strconv.Itoa(loraSteps) + " steps", Value: fmtNum(s.tr.FinalLoss)},
			{Key: "max |factored − merged|", Value: strconv.FormatFloat(s.maxDiff, 'e', 2, 64)},
		}
		if s.pitfall {
			s.ro = append(s.ro, scene.KV{Key: "loss merged without α/r", Value: fmtNum(s.badLoss)})
		}
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *loraView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.tr == nil {
		return scene.Inspection{}, false
	}
	i := t.Index
	it := s.iterAt(f)
	at := " after " + strconv.Itoa(it) + " steps"
	mat := func(name, tensor string, x *core.Tensor, source string) (scene.Inspection, bool) {
		rows, cols := x.Shape[0], x.Shape[1]
		if i < 0 || i >= rows*cols {
			return scene.Inspection{}, false
		}
		return inspectCell(name, tensor, x.Data, []int{rows, cols}, []int{i / cols, i % cols}, source), true
	}
	a, b := s.factorsAt(it)
	switch t.Group {
	case grpRW:
		return mat("frozen base weight", "W", s.w, "the task (seeded); never trained")
	case grpRTarget:
		return mat("target change", "ΔW*", s.target, "the task: a rank-"+strconv.Itoa(s.targetRank)+" matrix")
	case grpRA:
		return mat("factor A"+at, "A", a, "lora.Train (Backward, gradient descent)")
	case grpRB:
		return mat("factor B"+at, "B", b, "lora.Train (Backward, gradient descent)")
	case grpRDelta:
		return mat("update (α/r)·BA"+at, "ΔW", s.deltas[min(it, len(s.deltas)-1)], "lora.Linear.Delta of the trained factors")
	case grpRGradA:
		return mat("gradient of A at step 0", "dL/dA", s.grads.A, "lora.Linear.Backward")
	case grpRGradB:
		return mat("gradient of B at step 0", "dL/dB", s.grads.B, "lora.Linear.Backward")
	case grpRMerged:
		return mat("merged weight", "W'", s.merged, "lora.Linear.Merge")
	case grpRYFact, grpRYMerged, grpRYBad:
		y, src, name := s.yFact, "lora.Linear.Forward (trained)", "output of the trained layer"
		switch {
		case t.Group == grpRYMerged:
			y, src, name = s.yMerge, "core.Linear with lora.Linear.Merge", "output of the merged weight"
		case t.Group == grpRYBad && s.quiz:
			y, src, name = s.yBad, "the version under test", "output of the merged weight"
		case t.Group == grpRYBad:
			y, src, name = s.yBad, "mistakes.LoRALinearNoScaling", "output without α/r"
		}
		if i < 0 || i >= loraShownSamples*loraOutDim {
			return scene.Inspection{}, false
		}
		return inspectCell(name, "y", y.Data, []int{loraSamples, loraOutDim}, []int{i / loraOutDim, i % loraOutDim}, src), true
	case grpRBadMerged:
		src := "mistakes.LoRALinearNoScaling"
		name := "merged weight without α/r"
		if s.quiz {
			src, name = "the version under test", "merged weight"
		}
		return mat(name, "W'", s.badMerged, src)
	case grpRLoss:
		if i < 0 || i > loraSteps {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "MSE loss after " + strconv.Itoa(i) + " steps", Value: fmtNum(s.lossAt(i)), Tensor: "loss",
			Index: shapeOf(i), Shape: shapeOf(loraSteps + 1), Source: "lora.Train (loss.MSE of Forward)"}, true
	case grpRFlow:
		if i < 0 || i >= len(s.flow) {
			return scene.Inspection{}, false
		}
		bx := s.flow[i]
		return scene.Inspection{Name: bx.name + " (Frobenius norm)", Value: fmtNum(bx.norm), Tensor: bx.name, Index: "all",
			Shape: bx.shape, Source: "core.Linear, lora.Linear.Forward at step 0"}, true
	case grpRCheck:
		texts := s.checkText
		if s.quiz {
			texts = s.quizChecks()
		}
		if i < 0 || i >= len(texts) {
			return scene.Inspection{}, false
		}
		src := "lora.Linear.Merge, core.Linear, loss.MSE"
		if i == 3 {
			src = "mistakes.LoRALinearNoScaling"
		}
		if s.quiz {
			src = "the version under test"
		}
		return scene.Inspection{Name: "merge check", Value: texts[i], Tensor: "y", Index: "all", Shape: shapeOf(loraSamples, loraOutDim), Source: src}, true
	}
	if t.Group >= grpRRank0 && t.Group < grpRRank0+loraMaxRank {
		r := t.Group - grpRRank0
		if i < 0 || i > loraSteps {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "loss of rank " + strconv.Itoa(r+1) + " after " + strconv.Itoa(i) + " steps", Value: fmtNum(s.rankYs[r][i]),
			Tensor: "loss", Index: shapeOf(i), Shape: shapeOf(loraSteps + 1), Source: "lora.Train"}, true
	}
	return scene.Inspection{}, false
}
