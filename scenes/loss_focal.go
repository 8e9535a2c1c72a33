package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/loss"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 024: focal loss against cross-entropy on the same
// targets of one batch, from the logits through log-softmax, p_t, the
// cross-entropy, the modulating factor (1 − p_t)^γ and their product; then
// γ swept from 0 to 5, and a confidently wrong sample whose margin grows
// until the probabilities-first pitfall turns infinite. Every number comes
// from loss.FocalTrace (tested equal to loss.FocalLoss), loss.CrossEntropy
// and loss.LogSoftmaxInto; the pitfall from mistakes.FocalFromProbabilities.

const (
	focalN = 6 // samples
	focalC = 4 // classes
	// focalGammas is how many values the γ sweep takes (0 to 5).
	focalGammas   = 51
	focalGammaMax = 5.0
	// focalMargin is the largest margin of the confidently wrong sample.
	focalMargin = 130
)

// focalClasses name the classes.
var focalClasses = []string{"cat", "dog", "fox", "owl"}

// focalPt are seed 1's target probabilities, from easy to hard.
var focalPt = []float64{0.98, 0.93, 0.8, 0.6, 0.35, 0.1}

// Inspection groups of the 024 view.
const (
	grpFLogits = iota + 1
	grpFLogP
	grpFCE
	grpFFactor
	grpFFocal
	grpFShare
	grpFCurveCE
	grpFCurveFL
	grpFMargin
	grpFMarginBad
	grpFMarker
	grpFPt
)

type focalStep int

const (
	fsLogits focalStep = iota
	fsLogSoftmax
	fsCE
	fsFactor
	fsFocal
	fsSweep
	fsMargin
)

type focalView struct {
	gamma, alpha   float64
	seed           uint64
	pitfall        bool
	quiz           bool
	logits         *core.Tensor // [N, C]
	targets        []int
	logp           *core.Tensor // log-softmax [N, C]
	rows           []loss.FocalRow
	meanCE, meanFL float64 // loss.CrossEntropy, loss.FocalLoss
	// the γ sweep: per γ, each sample's focal loss and the mean
	sweepGamma []float64
	sweepFL    [][]float64
	sweepMean  []float64
	// the p_t curves: CE, and focal at the param's γ and at each swept γ
	ptGrid  []float64
	curveCE []float64
	curveFL [][]float64 // [focalGammas+1][...]: the last is the param's γ
	// the confidently wrong sample: loss against the margin
	margins              []float64
	marginFL, marginBad  []float64
	badInfAt             float64 // first margin where the pitfall is +∞
	badMean              float64 // the pitfall's batch mean
	steps                []focalStep
	tl                   scene.Timeline
	hLogits, hLogP       heat
	optsLogits, optsLogP heatOpts
	// bar rows, per stage (values formatted once)
	barsCE, barsFactor, barsFocal []barRow
	barsSweep                     [][]barRow // per swept γ
	// shares are each sample's share of the batch's cross-entropy and
	// focal loss, per swept γ and last at the param's γ.
	shareLabels   [][2][]string
	shareVals     [][2][]float64
	hPt           heat
	optsPt        heatOpts
	sampleLabels  []string
	curve, margin chart
	ro            []scene.KV
}

func newFocalView() *focalView { return &focalView{} }

func (s *focalView) Info() scene.Info {
	p, _ := problems.Lookup("024")
	return scene.Info{ID: "focal", Problem: "024", Title: p.Title, Family: "losses", Statement: p.Statement,
		Formula: `\mathrm{FL} = -\alpha_t\,(1 - p_t)^{\gamma} \log p_t,\quad \log p_t = x_t - \mathrm{lse}(x);\qquad \gamma = 0,\ \alpha = 1:\ \mathrm{FL} = \mathrm{CE} = -\log p_t`,
		LookFor: "Each row is one sample with the same target for both losses. log-softmax gives log p_t; cross-entropy is −log p_t; focal " +
			"multiplies it by (1 − p_t)^γ, which is near 0 for an easy sample (p_t near 1) and near 1 for a hard one. So the easy samples' " +
			"share of the batch's loss collapses as γ grows, and training focuses on the hard ones. The last stage takes a sample that is " +
			"confidently wrong by a growing margin: from log-softmax the loss grows like the margin; computing the probabilities first " +
			"underflows p_t to 0 beyond a margin of about 104 in float32, and log 0 makes the loss +∞."}
}

func (s *focalView) Params() []scene.Param {
	return []scene.Param{
		{Name: "gamma", Label: "focusing γ", Kind: scene.Float, Min: 0, Max: 5, Step: 0.1, Default: 2,
			Help: "γ = 0 is cross-entropy; the paper uses 2"},
		{Name: "alpha", Label: "class weight α", Kind: scene.Float, Min: 0.05, Max: 1, Step: 0.05, Default: 1,
			Help: "α_t for every class; 1 compares focal with cross-entropy directly"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "draws another batch (1: six samples from easy to hard)"},
		scene.PitfallParam(mistakeIDs("024")...),
	}
}

func (s *focalView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "γ = 0 is cross-entropy", Values: scene.Values{"gamma": 0}},
		{Name: "Strong focus γ = 5", Values: scene.Values{"gamma": 5}},
		{Name: "Pitfall: probabilities first", Values: scene.Values{"pitfall": 1}},
	}
}

func (s *focalView) Reset(v scene.Values) error {
	s.gamma, s.alpha, s.seed = v["gamma"], v["alpha"], uint64(v["seed"])
	s.pitfall = int(v["pitfall"]) == 1
	s.logits, s.targets = focalBatch(s.seed)
	f := loss.Focal{Gamma: s.gamma, Alpha: s.alpha}
	var err error
	if s.rows, err = loss.FocalTrace(s.logits, s.targets, f); err != nil {
		return err
	}
	if s.meanFL, err = loss.FocalLoss(s.logits, s.targets, f); err != nil {
		return err
	}
	if s.meanCE, err = loss.CrossEntropy(s.logits, s.targets, 0); err != nil {
		return err
	}
	if s.badMean, err = mistakes.FocalFromProbabilities(s.logits, s.targets, f); err != nil {
		return err
	}
	s.logp = core.New(focalN, focalC)
	if err := loss.LogSoftmaxInto(s.logp.Data, s.logits); err != nil {
		return err
	}
	if err := s.buildSweep(); err != nil {
		return err
	}
	if err := s.buildCurves(); err != nil {
		return err
	}
	if err := s.buildMargin(); err != nil {
		return err
	}
	s.buildPictures()
	s.buildTimeline()
	s.ro = nil
	return nil
}

// focalBatch makes the batch of seed: the targets cycle through the
// classes, the other logits are small and random, and each target's logit
// is set so that its probability is the wanted p_t (seed 1: focalPt; other
// seeds draw them from easy to hard).
func focalBatch(seed uint64) (*core.Tensor, []int) {
	rng := rand.New(rand.NewPCG(seed, 24))
	pts := focalPt
	if seed > 1 {
		pts = make([]float64, focalN)
		for i := range pts {
			// Evenly spread on the logit scale from easy to hard, jittered.
			z := 4 - 6.5*(float64(i)+rng.Float64()*0.8)/float64(focalN)
			pts[i] = 1 / (1 + math.Exp(-z))
		}
	}
	x := core.New(focalN, focalC)
	targets := make([]int, focalN)
	for i := range focalN {
		t := (i + int(seed)) % focalC
		targets[i] = t
		others := 0.0
		for j := range focalC {
			if j != t {
				v := rng.NormFloat64() * 0.8
				x.Data[i*focalC+j] = float32(v)
				others += math.Exp(v)
			}
		}
		p := pts[i]
		x.Data[i*focalC+t] = float32(math.Log(p/(1-p)) + math.Log(others))
	}
	return x, targets
}

// buildSweep computes each sample's focal loss at every swept γ.
func (s *focalView) buildSweep() error {
	s.sweepGamma = s.sweepGamma[:0]
	s.sweepFL = s.sweepFL[:0]
	s.sweepMean = s.sweepMean[:0]
	for k := range focalGammas {
		g := focalGammaMax * float64(k) / (focalGammas - 1)
		rows, err := loss.FocalTrace(s.logits, s.targets, loss.Focal{Gamma: g, Alpha: s.alpha})
		if err != nil {
			return err
		}
		mean, err := loss.FocalLoss(s.logits, s.targets, loss.Focal{Gamma: g, Alpha: s.alpha})
		if err != nil {
			return err
		}
		fl := make([]float64, len(rows))
		for i, r := range rows {
			fl[i] = r.Focal
		}
		s.sweepGamma = append(s.sweepGamma, g)
		s.sweepFL = append(s.sweepFL, fl)
		s.sweepMean = append(s.sweepMean, mean)
	}
	return nil
}

// buildCurves computes loss against p_t for a two-class row [logit(p), 0]
// with target 0 (so p_t = p): cross-entropy, and focal at every swept γ and
// at the param's.
func (s *focalView) buildCurves() error {
	const n = 99
	s.ptGrid = s.ptGrid[:0]
	row := core.New(n, 2)
	targets := make([]int, n)
	for i := range n {
		p := float64(i+1) / (n + 1)
		s.ptGrid = append(s.ptGrid, p)
		row.Data[2*i] = float32(math.Log(p / (1 - p)))
	}
	curve := func(g float64) ([]float64, error) {
		rows, err := loss.FocalTrace(row, targets, loss.Focal{Gamma: g, Alpha: s.alpha})
		if err != nil {
			return nil, err
		}
		out := make([]float64, n)
		for i, r := range rows {
			out[i] = r.Focal
		}
		return out, nil
	}
	var err error
	if s.curveCE, err = curve(0); err != nil {
		return err
	}
	for i := range s.curveCE {
		s.curveCE[i] /= s.alpha // cross-entropy has no α
	}
	s.curveFL = s.curveFL[:0]
	for _, g := range append(append([]float64(nil), s.sweepGamma...), s.gamma) {
		c, err := curve(g)
		if err != nil {
			return err
		}
		s.curveFL = append(s.curveFL, c)
	}
	ch := &s.curve
	ch.x.set(0, 1, false, "p_t, the target's probability", nil)
	ch.y.set(0, 4.6, false, "loss of one sample", nil)
	ch.series = append(ch.series[:0],
		chartSeries{xs: s.ptGrid, ys: s.curveCE, col: viz.InkMuted, width: 2, dashed: true},
		chartSeries{xs: s.ptGrid, ys: s.curveFL[len(s.curveFL)-1], col: viz.Accent, width: 2.5},
		chartSeries{col: viz.InkMuted, dots: true, group: grpFCurveCE},
		chartSeries{col: viz.Accent, dots: true, group: grpFCurveFL})
	return nil
}

// buildMargin sweeps a sample that is wrong by margin m (logits [−m, 0],
// target 0) through the right focal loss and the pitfall.
func (s *focalView) buildMargin() error {
	s.margins, s.marginFL, s.marginBad = s.margins[:0], s.marginFL[:0], s.marginBad[:0]
	s.badInfAt = 0
	row := core.New(1, 2)
	f := loss.Focal{Gamma: s.gamma, Alpha: s.alpha}
	for m := 0.0; m <= focalMargin; m += 1 {
		row.Data[0] = float32(-m)
		right, err := loss.FocalLoss(row, []int{0}, f)
		if err != nil {
			return err
		}
		bad, err := mistakes.FocalFromProbabilities(row, []int{0}, f)
		if err != nil {
			return err
		}
		s.margins = append(s.margins, m)
		s.marginFL = append(s.marginFL, right)
		s.marginBad = append(s.marginBad, bad)
		if s.badInfAt == 0 && (math.IsInf(bad, 0) || math.IsNaN(bad)) {
			s.badInfAt = m
		}
	}
	ch := &s.margin
	ch.x.set(0, focalMargin, false, "margin m: logits [−m, 0], target the first", nil)
	ch.y.set(0, focalMargin*1.05*max(s.alpha, 0.05), false, "loss", nil)
	ch.series = append(ch.series[:0],
		chartSeries{xs: s.margins, ys: s.marginFL, col: viz.Accent, width: 2.5, dots: true, group: grpFMargin, dotR: -1},
		chartSeries{xs: s.margins, ys: s.marginBad, col: viz.Bad, width: 2, dashed: true, dots: true, group: grpFMarginBad, dotR: -1})
	label := "+∞ from m = " + strconv.FormatFloat(s.badInfAt, 'f', 0, 64)
	ch.markers = append(ch.markers[:0], chartMarker{x: s.badInfAt, label: label, col: viz.Bad, group: grpFMarker})
	ch.legend = ch.legend[:0]
	return nil
}

// buildPictures makes the heats, bars and labels of every stage.
func (s *focalView) buildPictures() {
	lo, hi := symmetric(s.logits.Data)
	s.hLogits.set(s.logits.Data, focalN, focalC, viz.BlueWhiteRed, lo, hi, nil)
	plo := 0.0
	for _, v := range s.logp.Data {
		plo = math.Min(plo, float64(v))
	}
	s.hLogP.set(s.logp.Data, focalN, focalC, viz.Viridis, plo, 0, nil)
	s.sampleLabels = s.sampleLabels[:0]
	for i, r := range s.rows {
		s.sampleLabels = append(s.sampleLabels, strconv.Itoa(i)+": p_t "+strconv.FormatFloat(r.Pt, 'f', 2, 64))
	}
	rowsOf := func(dst []barRow, vals []float64, group int, col viz.Color) []barRow {
		dst = dst[:0]
		for i, v := range vals {
			dst = append(dst, barRow{label: s.sampleLabels[i], segs: []barSeg{{v, col}}, value: fmtNum(v), group: group, index: i})
		}
		return dst
	}
	ce, fac, fl := make([]float64, focalN), make([]float64, focalN), make([]float64, focalN)
	for i, r := range s.rows {
		ce[i], fac[i], fl[i] = r.CE, r.Factor, r.Focal
	}
	s.barsCE = rowsOf(s.barsCE, ce, grpFCE, viz.InkMuted)
	s.barsFactor = rowsOf(s.barsFactor, fac, grpFFactor, viz.Categorical(1))
	s.barsFocal = s.focalPairs(s.barsFocal, ce, fl)
	s.barsSweep = s.barsSweep[:0]
	for k := range s.sweepGamma {
		s.barsSweep = append(s.barsSweep, s.focalPairs(nil, ce, s.sweepFL[k]))
	}
	// The shares of the batch's loss, per sample, at every γ.
	s.shareVals, s.shareLabels = s.shareVals[:0], s.shareLabels[:0]
	for gi := range len(s.sweepGamma) + 1 {
		flg := fl
		if gi < len(s.sweepGamma) {
			flg = s.sweepFL[gi]
		}
		var vals [2][]float64
		var labels [2][]string
		for j, xs := range [2][]float64{ce, flg} {
			tot := 0.0
			for _, v := range xs {
				tot += v
			}
			for _, v := range xs {
				sh := 0.0
				if tot > 0 {
					sh = v / tot
				}
				vals[j] = append(vals[j], sh)
				labels[j] = append(labels[j], strconv.FormatFloat(100*sh, 'f', 0, 64)+"%")
			}
		}
		s.shareVals, s.shareLabels = append(s.shareVals, vals), append(s.shareLabels, labels)
	}
	pt := make([]float32, focalN)
	for i, r := range s.rows {
		pt[i] = float32(r.Pt)
	}
	s.hPt.set(pt, focalN, 1, viz.Viridis, 0, 1, nil)
	rowLabels := make([]string, focalN)
	for i := range rowLabels {
		rowLabels[i] = strconv.Itoa(i)
	}
	s.optsLogits = heatOpts{Title: "logits x", Shape: shapeOf(focalN, focalC), RowTitle: "sample", ColTitle: "class",
		RowLabels: rowLabels, ColLabels: focalClasses, Group: grpFLogits}
	s.optsPt = heatOpts{Title: "p_t", Shape: shapeOf(focalN), RowLabels: rowLabels, ColLabels: []string{"target"}, Group: grpFPt}
	s.optsLogP = heatOpts{Title: "log p = x − lse(x)", Shape: shapeOf(focalN, focalC), RowTitle: "sample", ColTitle: "class",
		RowLabels: rowLabels, ColLabels: focalClasses, Group: grpFLogP}
}

// focalPairs are the bars of the focal stage: per sample, its
// cross-entropy (grey) then its focal loss (accent).
func (s *focalView) focalPairs(dst []barRow, ce, fl []float64) []barRow {
	dst = dst[:0]
	for i := range ce {
		dst = append(dst, barRow{label: s.sampleLabels[i], segs: []barSeg{{ce[i], viz.Grid}}, pair: []barSeg{{fl[i], viz.Accent}},
			value: fmtNum(ce[i]) + " → " + fmtNum(fl[i]), group: grpFFocal, index: i})
	}
	return dst
}

func (s *focalView) buildTimeline() {
	nc := shapeOf(focalN, focalC)
	n := shapeOf(focalN)
	g := strconv.FormatFloat(s.gamma, 'f', 1, 64)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k focalStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(fsLogits, "logits", "A batch of six samples over four classes; each target is outlined. Both losses use the same targets.", "x "+nc+", targets "+n, 1.5)
	add(fsLogSoftmax, "log-softmax", "log p = x − logsumexp(x) row by row; gather the target: $\\log p_t$, and $p_t = e^{\\log p_t}$.", nc+" → "+nc+" → "+n, 2.5)
	add(fsCE, "cross-entropy", "Cross-entropy is $-\\log p_t$: mean "+fmtNum(s.meanCE)+". Easy samples still add up.", n, 2)
	add(fsFactor, "factor", "The modulating factor $(1 - p_t)^\\gamma$ with γ = "+g+": near 0 for easy samples, near 1 for hard ones.", n, 2)
	add(fsFocal, "focal", "Focal = α · factor · CE: mean "+fmtNum(s.meanFL)+" against "+fmtNum(s.meanCE)+"; the hard samples' share grows.", n+" × "+n+" → "+n, 3)
	add(fsSweep, "γ sweep", "γ from 0 (cross-entropy) to 5: the easy samples' losses fall away first.", n+" per γ", 6)
	margin := "A confidently wrong sample: from log-softmax its loss grows like the margin."
	if s.pitfall && !s.quiz {
		margin += " Probabilities first: +∞ from m = " + strconv.FormatFloat(s.badInfAt, 'f', 0, 64) + "."
	}
	if s.quiz {
		margin = "A confidently wrong sample, the margin growing to 130: this version's loss."
	}
	add(fsMargin, "confident and wrong", margin, "logits [1, 2] × 131 margins", 3)
}

func (s *focalView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer.
func (s *focalView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer.
func (s *focalView) Explain(variant int) string {
	return quizExplain("024", variant, "The right version takes log p_t from log-softmax, so even a sample wrong by a margin of 1000 has a finite loss.")
}

func (s *focalView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.rows == nil || len(s.steps) == 0 || area.W < 60 || area.H < 60 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case fsLogits:
		s.outlineTargets(c, s.hLogits.draw(c, fitWidth(area, 360), f, s.optsLogits))
	case fsLogSoftmax:
		left, rest := area.CutLeft(area.W * 0.42)
		mid, right := rest.CutLeft(rest.W * 0.72)
		if area.W < 600 {
			left, rest = area.CutTop(area.H * 0.5)
			mid, right = rest.CutLeft(rest.W * 0.72)
			rest.Y += 8
		}
		s.outlineTargets(c, s.hLogits.draw(c, left, f, s.optsLogits))
		s.outlineTargets(c, s.hLogP.draw(c, mid.Inset(4), f, s.optsLogP))
		pc := s.hPt.draw(c, right.Inset(4), f, s.optsPt)
		if i := min(focalN-1, int(f.Frac*focalN)); f.Frac > 0 && pc.W > 0 {
			outlineCell(c, pc, focalN, 1, i, 0, viz.Accent)
		}
	case fsCE:
		s.drawBarStage(c, area, f, "cross-entropy −log p_t", s.barsCE, 0)
	case fsFactor:
		s.drawBarStage(c, area, f, "factor (1 − p_t)^γ, γ = "+s.gammaText(), s.barsFactor, 1)
	case fsFocal:
		s.drawFocal(c, area, f, s.barsFocal, len(s.curveFL)-1)
	case fsSweep:
		i := min(focalGammas-1, int(math.Round(f.Frac*(focalGammas-1))))
		s.drawFocal(c, area, f, s.barsSweep[i], i)
	case fsMargin:
		s.drawMargin(c, area, f)
	}
}

// outlineTargets outlines each sample's target cell in a [N, C] heat.
func (s *focalView) outlineTargets(c viz.Canvas, cells viz.Rect) {
	if cells.W == 0 {
		return
	}
	for i, t := range s.targets {
		outlineCell(c, cells, focalN, focalC, i, t, viz.Categorical(1))
	}
}

// gammaText is the param's γ, as text.
func (s *focalView) gammaText() string { return strconv.FormatFloat(s.gamma, 'f', 1, 64) }

// drawBarStage draws one bar per sample under a title; top 0 scales to the
// largest bar.
func (s *focalView) drawBarStage(c viz.Canvas, area viz.Rect, f *scene.Frame, title string, rows []barRow, top float64) {
	r := panel(c, fitWidth(area, 560), title)
	if top == 0 {
		for i := range rows {
			top = max(top, rows[i].total())
		}
	}
	// The sample being computed is outlined while the step plays.
	cur := min(len(rows)-1, int(f.Frac*float64(len(rows))))
	for i := range rows {
		rows[i].outline = f.Frac > 0 && i == cur
	}
	drawBars(c, viz.Rect{X: r.X, Y: r.Y, W: r.W, H: min(r.H, 34*float64(len(rows)))}, rows, top, 0, f)
}

// drawFocal draws the focal stage for swept γ index gi (the last index is
// the param's γ): CE and focal per sample, the batch's shares, the curves.
func (s *focalView) drawFocal(c viz.Canvas, area viz.Rect, f *scene.Frame, rows []barRow, gi int) {
	// Side by side on a wide screen; bars over the curves on a phone.
	var left, right viz.Rect
	if area.W >= 600 {
		left, right = area.CutLeft(area.W * 0.5)
		right = right.Inset(0)
		right.X += 12
		right.W -= 12
	} else {
		left, right = area.CutTop(area.H * 0.56)
		right.Y += 10
		right.H -= 10
	}
	r := panel(c, left, "per sample, γ = "+s.gammaLabel(gi)+": cross-entropy → focal")
	top := 0.0
	for i := range rows {
		top = max(top, rows[i].total(), rows[i].pairTotal())
		rows[i].outline = false
	}
	lh := viz.LineHeight(kitLabel)
	shareH := 3*lh + 10
	used := drawBars(c, viz.Rect{X: r.X, Y: r.Y, W: r.W, H: max(0, min(r.H-shareH, 30*float64(len(rows))))}, rows, top, 0, f)
	s.drawShares(c, viz.Rect{X: r.X, Y: r.Y + used + 4, W: r.W, H: shareH}, f, gi)
	// The curves: loss against p_t at this γ, the samples on them.
	ch := &s.curve
	ch.series[1].ys = s.curveFL[gi]
	ch.series[1].show, ch.series[0].show = 1, 1
	ce, fl := &ch.series[2], &ch.series[3]
	ce.xs, ce.ys, fl.xs, fl.ys = ce.xs[:0], ce.ys[:0], fl.xs[:0], fl.ys[:0]
	for i, rw := range s.rows {
		ce.xs, ce.ys = append(ce.xs, rw.Pt), append(ce.ys, rw.CE)
		fl.xs = append(fl.xs, rw.Pt)
		if gi < len(s.sweepFL) {
			fl.ys = append(fl.ys, s.sweepFL[gi][i])
		} else {
			fl.ys = append(fl.ys, rw.Focal)
		}
	}
	ce.show, fl.show = 1, 1
	ce.width, fl.width = 0, 0
	ch.legend = append(ch.legend[:0], legendItem{viz.InkMuted, "cross-entropy"}, legendItem{viz.Accent, "focal at this γ"})
	ch.draw(c, right, f)
}

// gammaLabel is γ of sweep index gi (the last: the param's), as text.
func (s *focalView) gammaLabel(gi int) string {
	if gi < len(s.sweepGamma) {
		return focalGammaText[gi]
	}
	return s.gammaText()
}

// focalGammaText are the swept γ as text, made once.
var focalGammaText = func() []string {
	out := make([]string, focalGammas)
	for k := range out {
		out[k] = strconv.FormatFloat(focalGammaMax*float64(k)/(focalGammas-1), 'f', 1, 64)
	}
	return out
}()

// drawShares draws two stacked bars: each sample's share of the batch's
// cross-entropy and of its focal loss at swept γ index gi.
func (s *focalView) drawShares(c viz.Canvas, r viz.Rect, f *scene.Frame, gi int) {
	if r.H < 20 || gi >= len(s.shareVals) {
		return
	}
	vals, labels := s.shareVals[gi], s.shareLabels[gi]
	lh := viz.LineHeight(kitLabel)
	c.Text(r.X, r.Y+kitLabel, viz.Ellipsize(c, "each sample's share of the batch's loss (hardest darkest)", kitLabel, r.W), kitLabel, viz.InkMuted, viz.AlignLeft)
	lw := max(c.TextWidth("CE", kitLabel), c.TextWidth("FL", kitLabel)) + 8
	for j, name := range [2]string{"CE", "FL"} {
		y := r.Y + lh + 4 + float64(j)*(lh+6)
		c.Text(r.X, y+kitLabel, name, kitLabel, viz.InkMuted, viz.AlignLeft)
		x := r.X + lw
		w := r.W - lw
		for i, sh := range vals[j] {
			seg := sh * w
			col := viz.Viridis.At(1 - float64(i)/float64(focalN-1)*0.85 - 0.1)
			c.FillRect(x, y, seg, lh, col)
			if lbl := labels[j][i]; seg >= c.TextWidth(lbl, kitLabel)+4 {
				c.Text(x+seg/2, y+lh/2+kitLabel*0.35, lbl, kitLabel, inkOn(col), viz.AlignCenter)
			}
			f.Box(grpFShare, j*focalN+i, viz.Rect{X: x, Y: y, W: max(seg, 1), H: lh})
			x += seg
		}
	}
}

// drawMargin is the last stage: the confidently wrong sample.
func (s *focalView) drawMargin(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	ch := &s.margin
	showBad := s.pitfall
	ch.series[0].hidden = s.quiz && s.pitfall
	ch.series[1].hidden = !showBad
	ch.markers[0].hidden = !showBad || s.quiz || s.badInfAt == 0
	ch.legend = ch.legend[:0]
	if !ch.series[0].hidden {
		ch.legend = append(ch.legend, legendItem{viz.Accent, "from log-softmax"})
	}
	if showBad && !s.quiz {
		ch.legend = append(ch.legend, legendItem{viz.Bad, "probabilities first (float32)"})
	}
	ch.series[0].show, ch.series[1].show = 1, 1
	p := ch.draw(c, area, f)
	if p.W == 0 {
		return
	}
	// The playhead walks the margin.
	i := min(len(s.margins)-1, int(math.Round(f.Frac*float64(len(s.margins)-1))))
	for si := range ch.series[:2] {
		sr := &ch.series[si]
		if sr.hidden {
			continue
		}
		if x, y := ch.at(sr.xs[i], sr.ys[i], false); !math.IsInf(sr.ys[i], 0) && y >= p.Y-1 {
			c.FillCircle(x, y, 6, sr.col)
		}
	}
}

// Readout implements scene.Readouter.
func (s *focalView) Readout(f *scene.Frame) []scene.KV {
	if s.rows == nil {
		return nil
	}
	if s.ro == nil {
		s.ro = []scene.KV{
			{Key: "γ, α", Value: s.gammaText() + ", " + strconv.FormatFloat(s.alpha, 'f', 2, 64)},
			{Key: "mean cross-entropy", Value: strconv.FormatFloat(s.meanCE, 'f', 4, 64)},
			{Key: "mean focal loss", Value: strconv.FormatFloat(s.meanFL, 'f', 4, 64)},
			{Key: "focal / cross-entropy", Value: strconv.FormatFloat(s.meanFL/s.meanCE, 'f', 3, 64)},
		}
		if s.pitfall {
			s.ro = append(s.ro, scene.KV{Key: "probabilities first, batch", Value: strconv.FormatFloat(s.badMean, 'f', 4, 64)},
				scene.KV{Key: "probabilities first: +∞ from margin", Value: strconv.FormatFloat(s.badInfAt, 'f', 0, 64)})
		}
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *focalView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.rows == nil {
		return scene.Inspection{}, false
	}
	const src = "loss.FocalTrace (= loss.FocalLoss)"
	i := t.Index
	sample := func(name string, v float64, source string) (scene.Inspection, bool) {
		if i < 0 || i >= focalN {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: name + " of sample " + strconv.Itoa(i), Value: fmtNum(v), Tensor: name,
			Index: shapeOf(i), Shape: shapeOf(focalN), Source: source,
			Detail: "target " + focalClasses[s.targets[i]] + ", p_t = " + strconv.FormatFloat(s.rows[i].Pt, 'f', 4, 64)}, true
	}
	k := min(f.Step, len(s.steps)-1)
	switch t.Group {
	case grpFLogits:
		in := inspectCell("logit", "x", s.logits.Data, []int{focalN, focalC}, []int{i / focalC, i % focalC}, "the batch (seeded)")
		if i%focalC == s.targets[i/focalC] {
			in.Detail = "the target of sample " + strconv.Itoa(i/focalC)
		}
		return in, i >= 0 && i < focalN*focalC
	case grpFLogP:
		return inspectCell("log-probability", "log p", s.logp.Data, []int{focalN, focalC}, []int{i / focalC, i % focalC}, "loss.LogSoftmaxInto"), i >= 0 && i < focalN*focalC
	case grpFCE:
		if i >= 0 && i < focalN {
			return sample("cross-entropy", s.rows[i].CE, src)
		}
	case grpFFactor:
		if i >= 0 && i < focalN {
			return sample("factor (1 − p_t)^γ", s.rows[i].Factor, src)
		}
	case grpFFocal:
		if i >= 0 && i < focalN {
			v := s.rows[i].Focal
			if k < len(s.steps) && s.steps[k] == fsSweep {
				gi := min(focalGammas-1, int(math.Round(f.Frac*(focalGammas-1))))
				v = s.sweepFL[gi][i]
			}
			return sample("focal loss", v, src)
		}
	case grpFPt:
		if i >= 0 && i < focalN {
			return sample("p_t", s.rows[i].Pt, src)
		}
	case grpFShare:
		j, n := i/focalN, i%focalN
		gi := len(s.shareLabels) - 1
		if k < len(s.steps) && s.steps[k] == fsSweep {
			gi = min(focalGammas-1, int(math.Round(f.Frac*(focalGammas-1))))
		}
		if j < 2 && n < focalN && i >= 0 {
			name := [2]string{"share of the batch's cross-entropy", "share of the batch's focal loss"}[j]
			return scene.Inspection{Name: name + ", sample " + strconv.Itoa(n), Value: s.shareLabels[gi][j][n], Tensor: "share",
				Index: shapeOf(n), Shape: shapeOf(focalN), Source: src}, true
		}
	case grpFCurveCE, grpFCurveFL:
		if i >= 0 && i < focalN {
			if t.Group == grpFCurveCE {
				return sample("cross-entropy", s.rows[i].CE, "loss.FocalTrace, γ = 0")
			}
			return sample("focal loss", s.curve.series[3].ys[min(i, len(s.curve.series[3].ys)-1)], src)
		}
	case grpFMargin, grpFMarginBad:
		if i < 0 || i >= len(s.margins) {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: "focal loss at margin " + strconv.Itoa(i), Value: fmtCell(s.marginFL[i]), Tensor: "loss",
			Index: shapeOf(i), Shape: shapeOf(len(s.margins)), Source: "loss.FocalLoss"}
		if t.Group == grpFMarginBad {
			in.Value = fmtCell(s.marginBad[i])
			in.Source = "mistakes.FocalFromProbabilities"
			if s.quiz {
				in.Source = "the version under test"
			}
		}
		return in, true
	case grpFMarker:
		return scene.Inspection{Name: "first margin where probabilities-first is +∞", Value: strconv.FormatFloat(s.badInfAt, 'f', 0, 64),
			Tensor: "margin", Index: "[0]", Shape: "[]", Source: "mistakes.FocalFromProbabilities",
			Detail: "e^(−m) underflows float32 (its smallest subnormal is e^−103.3), so p_t = 0 and log 0 = −∞"}, true
	}
	return scene.Inspection{}, false
}
