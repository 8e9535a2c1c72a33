package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/mistakes"
	"dlprep/core/norm"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Problem 020, BatchNorm2d, told as a process: a batch, its per-channel
// statistics over (B, H, W), the normalised batch, the running statistics'
// update, sixty training steps in which they converge (computed in Reset,
// walked by Play), and eval on the running statistics. Every number is
// norm.BatchNorm2D's (through its Trace); the pitfall is
// mistakes.BatchNormBiasedRunningVar on a twin layer fed the same batches.

const (
	bnC     = 3
	bnSteps = 60 // training steps precomputed by Reset
)

// bnMeans and bnStds are the per-channel distributions the batches are
// drawn from: what the running statistics should approach.
var (
	bnMeans = [bnC]float64{2, -1, 0.5}
	bnStds  = [bnC]float64{1.5, 0.6, 1}
)

// Inspection groups of the BatchNorm view.
const (
	gBnX = iota + 1
	gBnY
	gBnMean
	gBnVar
	gBnVarU
	gBnRunMean
	gBnRunVar
	gBnBadVar
	gBnTrainMean
	gBnTrainVar
	gBnEval
	gBnBadEval
	gBnYStats
)

type bnStep int

const (
	bnBatch bnStep = iota
	bnStats
	bnNorm
	bnUpdate
	bnTrain
	bnEval
)

type batchNormView struct {
	b, hw    int
	momentum float64
	seed     uint64
	pitfall  string
	n        int // values per channel, B·H·W
	// per training step k (0 is the first batch)
	xs       []*core.Tensor
	st       []*norm.BatchNormStages
	badVar   [][bnC]float32 // the pitfall's running variance after step k
	runMean  [bnC][]float64 // running statistics after each step, from 0 (before any)
	runVar   [bnC][]float64
	badRun   [bnC][]float64
	trueVar  [bnC][]float64
	trueMean [bnC][]float64
	yStats   *norm.BatchNormStages // statistics of the first step's output
	// eval on a fresh batch with the final running statistics
	evalX, evalY, badEvalY *core.Tensor
	evalVar, badEvalVar    *core.Tensor // per-channel variance of the eval outputs
	steps                  []bnStep
	tl                     scene.Timeline
	hx, hy                 heat
	xTiles, yTiles         []float32
	hmean, hvar, hvaru     heat
	hrm0, hrv0, hrm, hrv   heat // running statistics before and after step 0
	hbad                   heat
	hevalVar, hbadEvalVar  heat
	pts                    []viz.Point
	series                 []cvSeries
	// the running variance of the version drawn as the layer: after the
	// first step, and after the last (the pitfall's in a quiz round)
	runVar0, runVarEnd []float32
	// quiz: draw only the version the pitfall selects, named by nothing.
	quiz bool
	// text made by Reset: a frame formats nothing.
	optX, optY            heatOpts
	varTitle              string
	yStatText             [bnC]string
	evalNote              string
	meanSeries, varSeries []cvSeries
	meanLines, varLines   cvLineOpts
	ro                    kvMemo[int]
	cells                 cellsBuf
	poly                  polyScratch
}

// The channel labels and shape of a [C] statistic.
var (
	bnColLabels = []string{"c0", "c1", "c2"}
	bnShapeC    = shapeOf(bnC)
)

// SetQuiz implements scene.Quizzer.
func (s *batchNormView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *batchNormView) Explain(variant int) string {
	return quizExplain("020", variant, "The right version feeds the running variance the unbiased batch variance n/(n − 1)·σ², "+
		"so it settles on the channels' true variance and eval outputs have variance near 1.")
}

// showBad reports whether the pitfall is drawn beside the right version
// (not in a quiz, which draws one version).
func (s *batchNormView) showBad() bool { return s.pitfall != "" && !s.quiz }

func newBatchNormView() *batchNormView { return &batchNormView{} }

func (s *batchNormView) Info() scene.Info {
	p, _ := problems.Lookup("020")
	return scene.Info{ID: "batchnorm", Problem: "020", Title: p.Title, Family: "convolution", Statement: p.Statement,
		Formula: `\mu_c = \frac{1}{n}\sum_{b,h,w} x_{bchw},\quad \sigma_c^2 = \frac{1}{n}\sum (x - \mu_c)^2,\quad y = \gamma_c \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}} + \beta_c,\quad \hat\sigma^2 \leftarrow (1 - m)\hat\sigma^2 + m \frac{n}{n-1}\sigma_c^2`,
		LookFor: "BatchNorm's group is a channel: one column of the batch, every sample and every pixel of it, n = B·H·W values. " +
			"It normalises with their mean and biased variance (divided by n), so each channel of the output has mean 0 and variance 1. " +
			"The running statistics move a fraction m toward each batch's, the variance toward the unbiased n/(n−1)·σ², and over the " +
			"training steps they settle on the channels' true mean and variance (dashed). Fed the biased variance (the pitfall), the " +
			"running variance settles (n−1)/n too low, visible with a small batch; in eval that inflates every output by √(n/(n−1))."}
}

func (s *batchNormView) Params() []scene.Param {
	return []scene.Param{
		{Name: "batch", Label: "batch B", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 2},
		{Name: "hw", Label: "height = width", Kind: scene.Int, Min: 1, Max: 3, Step: 1, Default: 2},
		{Name: "momentum", Label: "momentum m", Kind: scene.Float, Min: 0.05, Max: 0.5, Step: 0.05, Default: 0.1},
		{Name: "seed", Label: "data seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs("020")...),
	}
}

func (s *batchNormView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: biased running variance", Values: scene.Values{"pitfall": 1}},
		{Name: "Tiny batch, n = 4 (pitfall)", Values: scene.Values{"pitfall": 1, "batch": 4, "hw": 1}},
		{Name: "Big batch", Values: scene.Values{"batch": 6, "hw": 3}},
	}
}

func (s *batchNormView) Reset(v scene.Values) error {
	s.b, s.hw, s.momentum, s.seed = int(v["batch"]), int(v["hw"]), v["momentum"], uint64(v["seed"])
	s.pitfall = ""
	if int(v["pitfall"]) > 0 {
		s.pitfall = mistakeIDs("020")[0]
	}
	s.n = s.b * s.hw * s.hw
	rng := rand.New(rand.NewPCG(s.seed, 20))
	draw := func() *core.Tensor {
		x := core.New(s.b, bnC, s.hw, s.hw)
		hw2 := s.hw * s.hw
		for b := 0; b < s.b; b++ {
			for c := 0; c < bnC; c++ {
				for i := 0; i < hw2; i++ {
					x.Data[(b*bnC+c)*hw2+i] = float32(bnMeans[c] + bnStds[c]*rng.NormFloat64())
				}
			}
		}
		return x
	}
	bn, bad := norm.NewBatchNorm2D(bnC), norm.NewBatchNorm2D(bnC)
	bn.Momentum, bad.Momentum = s.momentum, s.momentum
	s.xs, s.st, s.badVar = s.xs[:0], s.st[:0], s.badVar[:0]
	for c := 0; c < bnC; c++ {
		s.runMean[c] = append(s.runMean[c][:0], float64(bn.RunningMean.Data[c]))
		s.runVar[c] = append(s.runVar[c][:0], float64(bn.RunningVar.Data[c]))
		s.badRun[c] = append(s.badRun[c][:0], float64(bad.RunningVar.Data[c]))
		s.trueVar[c] = s.trueVar[c][:0]
		s.trueMean[c] = s.trueMean[c][:0]
		for range bnSteps + 1 {
			s.trueVar[c] = append(s.trueVar[c], bnStds[c]*bnStds[c])
			s.trueMean[c] = append(s.trueMean[c], bnMeans[c])
		}
	}
	for k := 0; k < bnSteps; k++ {
		x := draw()
		st, err := bn.Trace(x)
		if err != nil {
			return err
		}
		if _, err := mistakes.BatchNormBiasedRunningVar(bad, x); err != nil {
			return err
		}
		s.xs, s.st = append(s.xs, x), append(s.st, st)
		var bv [bnC]float32
		copy(bv[:], bad.RunningVar.Data)
		s.badVar = append(s.badVar, bv)
		for c := 0; c < bnC; c++ {
			s.runMean[c] = append(s.runMean[c], float64(st.RunningMean.Data[c]))
			s.runVar[c] = append(s.runVar[c], float64(st.RunningVar.Data[c]))
			s.badRun[c] = append(s.badRun[c], float64(bv[c]))
		}
	}
	// The first output's own statistics, by a fresh layer's trace: mean 0,
	// variance 1 per channel.
	var err error
	if s.yStats, err = norm.NewBatchNorm2D(bnC).Trace(s.st[0].Y); err != nil {
		return err
	}
	// Eval: a fresh batch through both layers on their running statistics.
	s.evalX = draw()
	bn.Training, bad.Training = false, false
	if s.evalY, err = bn.Forward(s.evalX); err != nil {
		return err
	}
	if s.badEvalY, err = bad.Forward(s.evalX); err != nil {
		return err
	}
	if s.evalVar, err = outputVar(s.evalY); err != nil {
		return err
	}
	if s.badEvalVar, err = outputVar(s.badEvalY); err != nil {
		return err
	}
	s.runVar0, s.runVarEnd = s.st[0].RunningVar.Data, s.st[bnSteps-1].RunningVar.Data
	if s.quiz && s.pitfall != "" {
		// The version under test is the layer drawn: the pitfall's
		// running variance and eval.
		s.runVar0, s.runVarEnd = s.badVar[0][:], s.badVar[bnSteps-1][:]
		s.runVar, s.badRun = s.badRun, s.runVar
		s.evalY, s.badEvalY = s.badEvalY, s.evalY
		s.evalVar, s.badEvalVar = s.badEvalVar, s.evalVar
	}
	s.buildTimeline()
	s.buildPictures()
	s.buildText()
	return nil
}

// buildText writes the figure's labels, series and notes.
func (s *batchNormView) buildText() {
	s.optX, s.optY = s.tileOpts("x", gBnX), s.tileOpts("y", gBnY)
	s.varTitle = "var σ² (÷ n = " + strconv.Itoa(s.n) + ")"
	for ch := range bnC {
		s.yStatText[ch] = "c" + strconv.Itoa(ch) + ": " + f2(float64(s.yStats.Mean.Data[ch])) + ", " + f2(float64(s.yStats.Var.Data[ch]))
	}
	last := s.st[len(s.st)-1]
	rv := s.runVarEnd
	s.evalNote = "Running mean after " + strconv.Itoa(bnSteps) + " steps: " + f2(float64(last.RunningMean.Data[0])) + ", " + f2(float64(last.RunningMean.Data[1])) +
		", " + f2(float64(last.RunningMean.Data[2])) + " (true 2, −1, 0.5); running var: " + f2(float64(rv[0])) + ", " +
		f2(float64(rv[1])) + ", " + f2(float64(rv[2])) + " (true 2.25, 0.36, 1)."
	if s.showBad() {
		bv := s.badVar[len(s.badVar)-1]
		s.evalNote += " Pitfall's running var: " + f2(float64(bv[0])) + ", " + f2(float64(bv[1])) + ", " + f2(float64(bv[2])) + "."
	}
	// The training curves: each channel's running statistic and, dashed,
	// its true value; the pitfall's variance in red beside the right one.
	s.meanSeries, s.varSeries = s.meanSeries[:0], s.varSeries[:0]
	lo, hi, top := 0.0, 0.0, 0.0
	for ch := 0; ch < bnC; ch++ {
		lbl := "c" + strconv.Itoa(ch)
		s.meanSeries = append(s.meanSeries, cvSeries{Y: s.runMean[ch], Col: viz.Categorical(ch), Label: lbl},
			cvSeries{Y: s.trueMean[ch], Col: viz.Fade(viz.Categorical(ch), 0.6), Dashed: true, Width: 1.5, Full: true})
		s.varSeries = append(s.varSeries, cvSeries{Y: s.runVar[ch], Col: viz.Categorical(ch), Label: lbl},
			cvSeries{Y: s.trueVar[ch], Col: viz.Fade(viz.Categorical(ch), 0.6), Dashed: true, Width: 1.5, Full: true})
		lo, hi = math.Min(lo, bnMeans[ch]-1), math.Max(hi, bnMeans[ch]+1)
		top = math.Max(top, bnStds[ch]*bnStds[ch]*1.5)
	}
	if s.showBad() {
		for ch := 0; ch < bnC; ch++ {
			lbl := ""
			if ch == 0 {
				lbl = "pitfall (÷ n)"
			}
			s.varSeries = append(s.varSeries, cvSeries{Y: s.badRun[ch], Col: viz.Bad, Label: lbl, Width: 1.5})
		}
	}
	s.meanLines = cvLineOpts{Title: "running mean", XLabel: "training step", X0: 0, X1: bnSteps, Y0: math.Floor(lo), Y1: math.Ceil(hi), Group: gBnTrainMean}.withTicks()
	s.varLines = cvLineOpts{Title: "running var (dashed: true σ²)", XLabel: "training step", X0: 0, X1: bnSteps, Y0: 0, Y1: math.Ceil(top), Group: gBnTrainVar}.withTicks()
	s.ro.reset()
}

// outputVar is each channel's biased variance of y, as a fresh
// BatchNorm2D's trace measures it.
func outputVar(y *core.Tensor) (*core.Tensor, error) {
	st, err := norm.NewBatchNorm2D(y.Shape[1]).Trace(y)
	if err != nil {
		return nil, err
	}
	return st.Var, nil
}

func (s *batchNormView) buildTimeline() {
	x := shapeOf(s.b, bnC, s.hw, s.hw)
	c := shapeOf(bnC)
	n := strconv.Itoa(s.n)
	s.steps = []bnStep{bnBatch, bnStats, bnNorm, bnUpdate, bnTrain, bnEval}
	s.tl = scene.Timeline{
		{Stage: "batch", Caption: "A batch of B = " + strconv.Itoa(s.b) + " samples, C = 3 channels of " + strconv.Itoa(s.hw) + "×" + strconv.Itoa(s.hw) +
			": rows are samples, columns channels. BatchNorm's group is a column.", Shapes: "x " + x, Seconds: 1.5},
		{Stage: "statistics", Caption: "Per channel, over (B, H, W): n = " + n + " values, their mean and biased variance (÷ n).",
			Shapes: x + " → mean, var over (0, 2, 3) → " + c, Seconds: 3.6},
		{Stage: "normalise", Caption: "y = (x − μ_c)/√(σ²_c + ε)·γ + β, with γ = 1, β = 0 at initialisation: every channel now has mean 0, variance 1.",
			Shapes: x + " → y " + x, Seconds: 2.5},
		{Stage: "running statistics", Caption: "In place: running mean ← (1 − m)·itself + m·μ; running var ← (1 − m)·itself + m·n/(n−1)·σ² (unbiased).",
			Shapes: "running mean, var " + c, Seconds: 2.5},
		{Stage: "training", Caption: "Sixty batches: the running statistics settle on the channels' true mean and variance (dashed).",
			Shapes: strconv.Itoa(bnSteps) + " × " + x + " → running " + c, Seconds: 6},
		{Stage: "eval", Caption: "model.eval(): a new batch is normalised by the running statistics; each channel's output variance is near 1.",
			Shapes: "x " + x + " → y " + x, Seconds: 2.5},
	}
	if s.quiz {
		// Say what is drawn, never what it should be: that is the answer.
		s.tl[3].Caption = "In place, the running mean and variance move a fraction m = " + f2(s.momentum) + " toward this batch's statistics."
		s.tl[4].Caption = "Sixty batches: the running statistics over the steps (dashed: the channels' true mean and variance)."
		s.tl[5].Caption = "model.eval(): a new batch is normalised by the running statistics, and each channel's output variance measured."
		return
	}
	if s.pitfall != "" {
		s.tl[3].Caption = "Right: the running var takes n/(n−1)·σ². Pitfall: it takes σ² itself, (n−1)/n = " + f3(float64(s.n-1)/float64(s.n)) + " of it."
		s.tl[4].Caption = "The pitfall's running variance (red) settles (n−1)/n = " + f3(float64(s.n-1)/float64(s.n)) + " of the right one, below the truth."
		s.tl[5].Caption = "In eval the pitfall divides by too small a variance: its outputs' variance is about n/(n−1), not 1."
	}
}

// tiles lays a [B,C,hw,hw] tensor out as a (B·hw) × (C·hw) picture:
// sample b's channel c is the tile at row b, column c.
func (s *batchNormView) tiles(dst []float32, t *core.Tensor) []float32 {
	hw := s.hw
	cols := bnC * hw
	dst = append(dst[:0], make([]float32, s.b*hw*cols)...)
	for b := 0; b < s.b; b++ {
		for c := 0; c < bnC; c++ {
			for i := 0; i < hw; i++ {
				for j := 0; j < hw; j++ {
					dst[(b*hw+i)*cols+c*hw+j] = t.Data[((b*bnC+c)*hw+i)*hw+j]
				}
			}
		}
	}
	return dst
}

func (s *batchNormView) buildPictures() {
	st := s.st[0]
	rows, cols := s.b*s.hw, bnC*s.hw
	s.xTiles = s.tiles(s.xTiles, s.xs[0])
	s.yTiles = s.tiles(s.yTiles, st.Y)
	lo, hi := symmetric(s.xTiles)
	s.hx.set(s.xTiles, rows, cols, viz.BlueWhiteRed, lo, hi, nil)
	s.hy.set(s.yTiles, rows, cols, viz.BlueWhiteRed, lo, hi, nil)
	vlo, vhi := symmetric(st.VarUnbiased.Data)
	s.hmean.set(st.Mean.Data, 1, bnC, viz.BlueWhiteRed, lo, hi, nil)
	s.hvar.set(st.Var.Data, 1, bnC, viz.Viridis, 0, vhi, nil)
	s.hvaru.set(st.VarUnbiased.Data, 1, bnC, viz.Viridis, 0, vhi, nil)
	_ = vlo
	init := []float32{0, 0, 0}
	ones := []float32{1, 1, 1}
	s.hrm0.set(init, 1, bnC, viz.BlueWhiteRed, lo, hi, nil)
	s.hrv0.set(ones, 1, bnC, viz.Viridis, 0, vhi, nil)
	s.hrm.set(st.RunningMean.Data, 1, bnC, viz.BlueWhiteRed, lo, hi, nil)
	s.hrv.set(s.runVar0, 1, bnC, viz.Viridis, 0, vhi, nil)
	s.hbad.set(s.badVar[0][:], 1, bnC, viz.Viridis, 0, vhi, nil)
	s.hevalVar.set(s.evalVar.Data, 1, bnC, viz.Viridis, 0, 2, nil)
	s.hbadEvalVar.set(s.badEvalVar.Data, 1, bnC, viz.Viridis, 0, 2, nil)
}

func (s *batchNormView) Timeline() scene.Timeline { return s.tl }

func (s *batchNormView) tileOpts(title string, group int) heatOpts {
	rl := make([]string, s.b*s.hw)
	for b := 0; b < s.b; b++ {
		rl[b*s.hw] = "b" + strconv.Itoa(b)
	}
	cl := make([]string, bnC*s.hw)
	for c := 0; c < bnC; c++ {
		cl[c*s.hw] = "c" + strconv.Itoa(c)
	}
	return heatOpts{Title: title, Shape: shapeOf(s.b, bnC, s.hw, s.hw), RowTitle: "sample", RowLabels: rl, ColTitle: "channel",
		ColLabels: cl, Group: group, MaxCell: 60}
}

// tileRules separates the samples' and channels' tiles of a tile heat.
func (s *batchNormView) tileRules(c viz.Canvas, cr viz.Rect) {
	if cr.W == 0 {
		return
	}
	cw := cr.W / float64(bnC)
	for i := 1; i < bnC; i++ {
		c.Line(cr.X+float64(i)*cw, cr.Y, cr.X+float64(i)*cw, cr.Y+cr.H, 3, viz.Paper)
	}
	rh := cr.H / float64(s.b)
	for i := 1; i < s.b; i++ {
		c.Line(cr.X, cr.Y+float64(i)*rh, cr.X+cr.W, cr.Y+float64(i)*rh, 3, viz.Paper)
	}
}

// outlineChannel outlines channel c's column of a tile heat.
func (s *batchNormView) outlineChannel(c viz.Canvas, cr viz.Rect, ch int, col viz.Color) {
	if cr.W == 0 {
		return
	}
	cw := cr.W / float64(bnC)
	c.StrokeRect(cr.X+float64(ch)*cw, cr.Y, cw, cr.H, 3, col)
}

func (s *batchNormView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if len(s.st) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case bnBatch:
		cr := s.hx.draw(c, fitWidth(area, 460), f, s.optX)
		s.tileRules(c, cr)
		s.outlineChannel(c, cr, 0, viz.Accent)
	case bnStats:
		s.drawStats(c, area, f, cvStepOf(f.Frac, bnC))
	case bnNorm:
		cells := s.cells.flow(area, 2, 30, 170)
		xc := s.hx.draw(c, cells[0], f, s.optX)
		s.tileRules(c, xc)
		body, foot := cells[1].CutTop(cells[1].H - 64)
		yc := s.hy.draw(c, body, f, s.optY)
		s.tileRules(c, yc)
		if xc.W > 0 && yc.W > 0 && math.Abs(xc.Y-yc.Y) < 1 {
			s.poly.arrow(c, xc.X+xc.W+6, xc.Y+xc.H/2, yc.X-6, yc.Y+yc.H/2, 2, viz.InkMuted)
		}
		s.vecRow(c, foot, f, "y's own per-channel mean, var", s.yStatText[:])
	case bnUpdate:
		s.drawUpdate(c, area, f)
	case bnTrain:
		s.drawTrain(c, area, f, min(int(f.Frac*bnSteps)+1, bnSteps))
	case bnEval:
		s.drawEval(c, area, f)
	}
}

// vecRow writes a titled line of short texts in r (inspectable as the
// output's statistics).
func (s *batchNormView) vecRow(c viz.Canvas, r viz.Rect, f *scene.Frame, title string, items []string) {
	r = panel(c, r, title)
	x := r.X
	for i, it := range items {
		w := c.TextWidth(it, kitLabel)
		if x+w > r.X+r.W {
			break
		}
		c.Text(x, r.Y+kitLabel, it, kitLabel, viz.Ink, viz.AlignLeft)
		f.Box(gBnYStats, i, viz.Rect{X: x, Y: r.Y, W: w, H: kitLabel + 4})
		x += w + 16
	}
}

// vec draws a [C] vector as a titled one-row heat with its numbers.
func vecOpts(title string, group int) heatOpts {
	return heatOpts{Title: title, Shape: bnShapeC, ColLabels: bnColLabels, Group: group, MaxCell: 56}
}

func (s *batchNormView) drawStats(c viz.Canvas, area viz.Rect, f *scene.Frame, ch int) {
	var left, right viz.Rect
	if cvHorizontal(area) {
		left, right = area.CutLeft(area.W * 0.5)
		_, right = right.CutLeft(24)
	} else {
		left, right = area.CutTop(area.H * 0.45)
		_, right = right.CutTop(8)
	}
	cr := s.hx.draw(c, left, f, s.optX)
	s.tileRules(c, cr)
	s.outlineChannel(c, cr, ch, viz.Accent)
	var parts [3]viz.Rect
	if cvHorizontal(area) {
		h := right.H / 3
		parts = [3]viz.Rect{{X: right.X, Y: right.Y, W: right.W, H: h}, {X: right.X, Y: right.Y + h, W: right.W, H: h}, {X: right.X, Y: right.Y + 2*h, W: right.W, H: h}}
	} else {
		copy(parts[:], s.cells.flow(right, 3, 6, 160))
	}
	for i, p := range [3]struct {
		h     *heat
		title string
		group int
	}{{&s.hmean, "mean μ", gBnMean}, {&s.hvar, s.varTitle, gBnVar}, {&s.hvaru, "unbiased (÷ n − 1)", gBnVarU}} {
		vc := p.h.draw(c, parts[i], f, vecOpts(p.title, p.group))
		if vc.W > 0 {
			outlineCell(c, vc, 1, bnC, 0, ch, viz.Accent)
		}
	}
}

func (s *batchNormView) drawUpdate(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n := 4
	if s.showBad() {
		n = 5
	}
	minW := 150.0
	if cvHorizontal(area) {
		minW = area.W/2 - 12
	}
	cells := s.cells.flow(area, n, 12, minW)
	s.hrm0.draw(c, cells[0], f, vecOpts("running mean, before", gBnRunMean+100))
	s.hrm.draw(c, cells[1], f, vecOpts("running mean, after", gBnRunMean))
	s.hrv0.draw(c, cells[2], f, vecOpts("running var, before", gBnRunVar+100))
	after := "running var, after (÷ n − 1)"
	if s.quiz {
		after = "running var, after"
	}
	s.hrv.draw(c, cells[3], f, vecOpts(after, gBnRunVar))
	if s.showBad() {
		if vc := s.hbad.draw(c, cells[4], f, vecOpts("pitfall: after (÷ n)", gBnBadVar)); vc.W > 0 {
			c.StrokeRect(vc.X-3, vc.Y-3, vc.W+6, vc.H+6, 2, viz.Bad)
		}
	}
}

// drawTrain plots the running mean and variance over the first k steps,
// with the truth dashed and the pitfall's variance in red.
func (s *batchNormView) drawTrain(c viz.Canvas, area viz.Rect, f *scene.Frame, k int) {
	cells := s.cells.flow(area, 2, 20, 260)
	o := s.meanLines
	o.Upto = k + 1
	cvLines(c, cells[0], f, s.meanSeries, o, &s.pts)
	o = s.varLines
	o.Upto = k + 1
	cvLines(c, cells[1], f, s.varSeries, o, &s.pts)
}

func (s *batchNormView) drawEval(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n := 1
	if s.showBad() {
		n = 2
	}
	top, rest := area.CutTop(math.Min(area.H*0.4, 160))
	cells := s.cells.flow(top, n, 20, 160)
	s.hevalVar.draw(c, cells[0], f, vecOpts("eval output variance", gBnEval))
	if s.showBad() {
		if vc := s.hbadEvalVar.draw(c, cells[1], f, vecOpts("pitfall: eval output variance", gBnBadEval)); vc.W > 0 {
			c.StrokeRect(vc.X-3, vc.Y-3, vc.W+6, vc.H+6, 2, viz.Bad)
		}
	}
	_, rest = rest.CutTop(8)
	note(c, panel(c, fitWidth(rest, 620), "the statistics eval uses"), s.evalNote, viz.Ink)
}

// Readout implements scene.Readouter.
func (s *batchNormView) Readout(f *scene.Frame) []scene.KV {
	if len(s.st) == 0 || s.quiz {
		return nil
	}
	k := 1
	if st := min(f.Step, len(s.steps)-1); s.steps[st] == bnTrain {
		k = min(int(f.Frac*bnSteps)+1, bnSteps)
	} else if s.steps[st] == bnEval {
		k = bnSteps
	}
	return s.ro.get(k, func() []scene.KV { return s.readout(k) })
}

// readout is the readout after training step k.
func (s *batchNormView) readout(k int) []scene.KV {
	kv := []scene.KV{
		{Key: "x", Value: shapeOf(s.b, bnC, s.hw, s.hw)},
		{Key: "n = B·H·W", Value: strconv.Itoa(s.n)},
		{Key: "training step", Value: strconv.Itoa(k)},
		{Key: "running var, c0", Value: f3(s.runVar[0][k])},
		{Key: "true var, c0", Value: f3(bnStds[0] * bnStds[0])},
	}
	if s.pitfall != "" {
		kv = append(kv, scene.KV{Key: "pitfall running var, c0", Value: f3(s.badRun[0][k])},
			scene.KV{Key: "(n−1)/n", Value: f3(float64(s.n-1) / float64(s.n))})
	}
	return kv
}

// Inspect implements scene.Inspector.
func (s *batchNormView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if len(s.st) == 0 {
		return scene.Inspection{}, false
	}
	const src = "norm.BatchNorm2D.Trace (= Forward)"
	st, i := s.st[0], t.Index
	hw, cols := s.hw, bnC*s.hw
	tile := func(name, tensor string, x *core.Tensor, source string) (scene.Inspection, bool) {
		r, cc := i/cols, i%cols
		b, ii, ch, jj := r/hw, r%hw, cc/hw, cc%hw
		in := inspectCell(name, tensor, x.Data, []int{s.b, bnC, hw, hw}, []int{b, ch, ii, jj}, source)
		in.Detail = "sample " + strconv.Itoa(b) + ", channel " + strconv.Itoa(ch) + " (BatchNorm's group: channel " + strconv.Itoa(ch) + ")"
		return in, true
	}
	vec := func(name string, v *core.Tensor, source string) (scene.Inspection, bool) {
		return inspectCell(name, name, v.Data, []int{bnC}, []int{i % bnC}, source), true
	}
	switch t.Group {
	case gBnX:
		return tile("input", "x", s.xs[0], "the view's batch (normal per channel)")
	case gBnY:
		return tile("normalised", "y", st.Y, src)
	case gBnMean:
		return vec("batch mean", st.Mean, src)
	case gBnVar:
		return vec("batch variance (biased)", st.Var, src)
	case gBnVarU:
		return vec("batch variance (unbiased)", st.VarUnbiased, src)
	case gBnRunMean:
		return vec("running mean after step 1", st.RunningMean, src)
	case gBnRunVar:
		source := src
		if s.quiz {
			source = quizSource
		}
		return inspectCell("running var after step 1", "running var after step 1", s.runVar0, []int{bnC}, []int{i % bnC}, source), true
	case gBnRunMean + 100:
		return scene.Inspection{Name: "running mean at initialisation", Value: "0", Tensor: "running_mean", Index: shapeOf(i % bnC), Shape: shapeOf(bnC), Source: "norm.NewBatchNorm2D"}, true
	case gBnRunVar + 100:
		return scene.Inspection{Name: "running var at initialisation", Value: "1", Tensor: "running_var", Index: shapeOf(i % bnC), Shape: shapeOf(bnC), Source: "norm.NewBatchNorm2D"}, true
	case gBnBadVar:
		return scene.Inspection{Name: "pitfall running var after step 1", Value: fmtNum(float64(s.badVar[0][i%bnC])), Tensor: "running_var",
			Index: shapeOf(i % bnC), Shape: shapeOf(bnC), Source: "mistakes.BatchNormBiasedRunningVar"}, true
	case gBnTrainMean, gBnTrainVar:
		k := clampInt(i, 0, bnSteps)
		name, v, truth := "running means after step "+strconv.Itoa(k), s.runMean, bnMeans
		if t.Group == gBnTrainVar {
			name, v = "running vars after step "+strconv.Itoa(k), s.runVar
			truth = [bnC]float64{bnStds[0] * bnStds[0], bnStds[1] * bnStds[1], bnStds[2] * bnStds[2]}
		}
		in := scene.Inspection{Name: name, Value: f2(v[0][k]) + ", " + f2(v[1][k]) + ", " + f2(v[2][k]), Tensor: "running statistics",
			Index: "step " + strconv.Itoa(k), Shape: shapeOf(bnC), Source: src,
			Detail: "true: " + f2(truth[0]) + ", " + f2(truth[1]) + ", " + f2(truth[2])}
		if s.quiz {
			in.Source = quizSource
		}
		if t.Group == gBnTrainVar && s.showBad() {
			in.Detail += "; pitfall: " + f2(s.badRun[0][k]) + ", " + f2(s.badRun[1][k]) + ", " + f2(s.badRun[2][k])
		}
		return in, true
	case gBnEval:
		if s.quiz {
			return vec("eval output variance", s.evalVar, quizSource+" in eval (measured by norm.BatchNorm2D.Trace)")
		}
		return vec("eval output variance", s.evalVar, "norm.BatchNorm2D.Forward in eval (measured by its Trace)")
	case gBnBadEval:
		return vec("pitfall eval output variance", s.badEvalVar, "mistakes.BatchNormBiasedRunningVar's layer in eval")
	case gBnYStats:
		ch := i % bnC
		return scene.Inspection{Name: "y's mean and variance, channel " + strconv.Itoa(ch), Value: f3(float64(s.yStats.Mean.Data[ch])) + ", " +
			f3(float64(s.yStats.Var.Data[ch])), Tensor: "y", Shape: shapeOf(s.b, bnC, s.hw, s.hw), Source: "norm.BatchNorm2D.Trace of y"}, true
	}
	return scene.Inspection{}, false
}
