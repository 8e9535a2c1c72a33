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
	"dlprep/viz/tex"
)

// The view of problem 022: the stable log-sum-exp as the stages a first
// implementation writes (max, shift, exp, sum, log, add back, then the
// cross-entropy), with the naive log Σ exp x beside it overflowing in
// float32, and a sweep of the logits' scale. The stages come from
// loss.LogSumExpTrace, the naive ones from mistakes.NaiveLogSumExpTrace.

// lseClasses name the logits' classes.
var lseClasses = []string{"cat", "dog", "fox", "owl", "bee"}

// lsePattern are the logits at scale 1 for seed 1: the largest is 1, so
// the scale is the largest logit.
var lsePattern = []float32{0.9, 1, 0.55, 0.97, -0.3}

// lseOverflow is where e^x overflows float32: ln(MaxFloat32).
var lseOverflow = math.Log(math.MaxFloat32)

// Inspection groups of the 022 view.
const (
	grpLX = iota + 1
	grpLShift
	grpLExp
	grpLNaiveExp
	grpLScalar
	grpLSweep
	grpLSweepNaive
	grpLMarker
)

// The scalars of the 022 view, by index in grpLScalar.
const (
	lsM = iota
	lsSum
	lsLog
	lsLSE
	lsCE
	lsNSum
	lsNLog
	lsNCE
	lsCount
)

// lseStep is what a step of the 022 timeline adds.
type lseStep int

const (
	lseLogits lseStep = iota
	lseMax
	lseShift
	lseExp
	lseSum
	lseLog
	lseAdd
	lseCE
	lseSweep
)

type lseView struct {
	scale   float64
	target  int
	seed    uint64
	naive   bool // the naive version is drawn (beside, or alone in a quiz)
	quiz    bool
	pattern []float32
	x       *core.Tensor // [1, C]
	st      *loss.LSEStages
	nst     *mistakes.NaiveLSEStages
	ce      float64 // loss.CrossEntropy
	naiveCE float64 // mistakes.CrossEntropyNaive
	steps   []lseStep
	tl      scene.Timeline
	// columns and scalars, made by Reset
	colX, colShift, colExp, colNExp cellCol
	scalarSrc, scalarShort          [lsCount]string // TeX, value included
	scalarVal                       [lsCount]float64
	rowLabels                       []string
	// the sweep over the scale
	sweep              chart
	sweepScale         []float64
	sweepLSE, sweepNLS []float64
	naiveInfAt         float64
	tc                 tex.Cache
	ro                 []scene.KV
}

func newLSEView() *lseView { return &lseView{} }

func (s *lseView) Info() scene.Info {
	p, _ := problems.Lookup("022")
	return scene.Info{ID: "logsumexp", Problem: "022", Title: p.Title, Family: "losses", Statement: p.Statement,
		Formula: `\mathrm{lse}(x) = m + \log \sum_j e^{x_j - m},\quad m = \max_j x_j;\qquad \mathrm{CE}(x, t) = \mathrm{lse}(x) - x_t`,
		LookFor: "Read down the table as the code runs: the largest logit m is subtracted, so every exponent is at most 0 and every term " +
			"e^(x−m) lies in (0, 1] with the largest exactly 1; their sum is between 1 and C, its log between 0 and log C, and adding m back " +
			"gives log Σ e^x exactly. The naive column takes e^x directly: in float32 that is +∞ for any logit above ln(3.4e38) ≈ 88.72, " +
			"and one +∞ makes the sum, its log and the loss +∞. Slide the logit scale (a log slider) across 88.7 to watch it happen; the last " +
			"stage sweeps the scale from 1 to 10 000."}
}

func (s *lseView) Params() []scene.Param {
	pit := scene.PitfallParam(mistakeIDs("022")...)
	// The naive version is the point of the problem: it is drawn beside
	// the stable one on arrival.
	pit.Default = 1
	return []scene.Param{
		{Name: "scale", Label: "largest logit", Kind: scene.Float, Min: 0.1, Max: 10000, Step: 0.1, Default: 100, Log: true,
			Help: "the logits are this times a fixed pattern whose largest entry is 1"},
		{Name: "target", Label: "target class", Kind: scene.Choice, Choices: lseClasses, Default: 3},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "draws another pattern of logits (1: the default one)"},
		pit,
	}
}

func (s *lseView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Small logits: both agree", Values: scene.Values{"scale": 5}},
		{Name: "Just past 88.7", Values: scene.Values{"scale": 90}},
		{Name: "Logits of 10 000", Values: scene.Values{"scale": 10000}},
		{Name: "Stable version alone", Values: scene.Values{"pitfall": 0}},
	}
}

func (s *lseView) Reset(v scene.Values) error {
	s.scale, s.seed = v["scale"], uint64(v["seed"])
	s.target = clampInt(int(v["target"]), 0, len(lseClasses)-1)
	s.naive = int(v["pitfall"]) == 1
	s.pattern = lsePatternFor(s.seed)
	s.x = core.New(1, len(s.pattern))
	for i, p := range s.pattern {
		s.x.Data[i] = float32(s.scale * float64(p))
	}
	var err error
	if s.st, err = loss.LogSumExpTrace(s.x.Data); err != nil {
		return err
	}
	if s.nst, err = mistakes.NaiveLogSumExpTrace(s.x.Data); err != nil {
		return err
	}
	if s.ce, err = loss.CrossEntropy(s.x, []int{s.target}, 0); err != nil {
		return err
	}
	if s.naiveCE, err = mistakes.CrossEntropyNaive(s.x, []int{s.target}, 0); err != nil {
		return err
	}
	if err := s.buildSweep(); err != nil {
		return err
	}
	s.buildCells()
	s.buildTimeline()
	s.ro = nil
	return nil
}

// lsePatternFor is the pattern of seed: seed 1's is lsePattern; others
// are drawn and scaled so their largest entry is exactly 1.
func lsePatternFor(seed uint64) []float32 {
	if seed <= 1 {
		return lsePattern
	}
	rng := rand.New(rand.NewPCG(seed, 22))
	p := make([]float32, len(lsePattern))
	top := -1.0
	for i := range p {
		v := 2*rng.Float64() - 1
		p[i] = float32(v)
		top = max(top, v)
	}
	if top < 0.2 { // keep a clear largest logit
		top = 0.2
		p[rng.IntN(len(p))] = 0.2
	}
	for i := range p {
		p[i] = float32(float64(p[i]) / top)
	}
	return p
}

// buildCells formats every column and scalar of the table.
func (s *lseView) buildCells() {
	st, nst := s.st, s.nst
	c := len(st.X)
	f64 := func(xs []float32) []float64 {
		out := make([]float64, len(xs))
		for i, v := range xs {
			out[i] = float64(v)
		}
		return out
	}
	lo, hi := symmetric(st.X)
	s.colX.set("x", f64(st.X), fmtCell, viz.BlueWhiteRed, lo, hi, grpLX)
	s.colShift.set("x - m", f64(st.Shifted), fmtCell, viz.BlueWhiteRed, lo, hi, grpLShift)
	s.colExp.set("e^{x - m}", f64(st.Exp), fmtCell, viz.Viridis, 0, 1, grpLExp)
	s.colNExp.set("e^{x}", f64(nst.Exp), fmtCell, viz.Greys, 0, 0, grpLNaiveExp)
	for i := range s.colNExp.fills {
		if !math.IsInf(float64(nst.Exp[i]), 0) {
			s.colNExp.fills[i], s.colNExp.inks[i] = viz.Panel, viz.Ink
		}
	}
	s.scalarVal = [lsCount]float64{float64(st.Max), float64(st.Sum), st.Log, st.LSE, s.ce,
		float64(nst.Sum), float64(nst.LSE), s.naiveCE}
	src := [lsCount]string{`m = `, `\Sigma = `, `\log \Sigma = `, `m + \log \Sigma = `, `\mathrm{CE} = `,
		`\Sigma = `, `\log \Sigma = `, `\mathrm{CE} = `}
	short := [lsCount]string{`m = `, `\Sigma = `, `\log\Sigma = `, `\mathrm{lse} = `, `\mathrm{CE} = `, `\Sigma = `, `\log\Sigma = `, `\mathrm{CE} = `}
	for i := range src {
		s.scalarSrc[i] = src[i] + texNum(s.scalarVal[i])
		s.scalarShort[i] = short[i] + texNum(s.scalarVal[i])
	}
	s.rowLabels = s.rowLabels[:0]
	for i := range c {
		s.rowLabels = append(s.rowLabels, lseClasses[i%len(lseClasses)])
	}
}

// texNum writes a value inside a formula (∞ as \infty).
func texNum(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return `+\infty`
	case math.IsInf(v, -1):
		return `-\infty`
	case v != v:
		return `\mathrm{NaN}`
	}
	return fmtCell(v)
}

// buildSweep computes both versions' log-sum-exp over scales 1 to 10⁴ of
// the same pattern.
func (s *lseView) buildSweep() error {
	const n = 81
	s.sweepScale, s.sweepLSE, s.sweepNLS = s.sweepScale[:0], s.sweepLSE[:0], s.sweepNLS[:0]
	s.naiveInfAt = 0
	row := make([]float32, len(s.pattern))
	for i := range n {
		sc := math.Pow(10, 4*float64(i)/(n-1))
		for j, p := range s.pattern {
			row[j] = float32(sc * float64(p))
		}
		st, err := loss.LogSumExpTrace(row)
		if err != nil {
			return err
		}
		nv, err := mistakes.NaiveLogSumExpTrace(row)
		if err != nil {
			return err
		}
		s.sweepScale = append(s.sweepScale, sc)
		s.sweepLSE = append(s.sweepLSE, st.LSE)
		s.sweepNLS = append(s.sweepNLS, float64(nv.LSE))
		if s.naiveInfAt == 0 && math.IsInf(float64(nv.LSE), 1) {
			s.naiveInfAt = sc
		}
	}
	ch := &s.sweep
	ch.x.set(1, 1e4, true, "largest logit (scale)", nil)
	top := 0.0
	for _, v := range s.sweepLSE {
		top = max(top, v)
	}
	ch.y.set(0.5, top*1.5, true, "log Σ exp x", nil)
	ch.series = append(ch.series[:0],
		chartSeries{xs: s.sweepScale, ys: s.sweepLSE, col: viz.Accent, width: 2.5, dots: true, group: grpLSweep, dotR: -1},
		chartSeries{xs: s.sweepScale, ys: s.sweepNLS, col: viz.Bad, width: 2, dashed: true, dots: true, group: grpLSweepNaive, dotR: -1})
	ch.markers = append(ch.markers[:0],
		chartMarker{x: s.scale, label: "now: " + fmtCell(s.scale), col: viz.InkMuted, group: grpLMarker, index: 0},
		chartMarker{x: lseOverflow, label: "exp(x) = +∞ beyond 88.7", col: viz.Bad, group: grpLMarker, index: 1})
	return nil
}

func (s *lseView) buildTimeline() {
	c := len(s.pattern)
	v := shapeOf(1, c)
	one := shapeOf(1, 1)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k lseStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	top := fmtCell(float64(s.st.Max))
	if s.quiz {
		// Neutral steps: nothing names the version under test.
		add(lseLogits, "logits", "Five logits x for one sample; its target is \""+lseClasses[s.target]+"\".", "x "+v, 1.5)
		add(lseExp, "exponentials", "The exponentials this version takes, in float32.", v+" → "+v, 2.5)
		add(lseSum, "sum", "Their sum.", v+" → "+one, 2)
		add(lseLog, "log", "Its log: this version's log Σ exp x.", one+" → "+one, 2)
		add(lseCE, "loss", "The cross-entropy lse − x_t. Right, or the mistake?", one, 2.5)
		add(lseSweep, "scale sweep", "The same logits scaled from 1 to 10 000.", "lse over 81 scales", 3)
		return
	}
	add(lseLogits, "logits", "Five logits x for one sample; its target is \""+lseClasses[s.target]+"\". The largest is "+top+".", "x "+v, 1.5)
	add(lseMax, "max", "Find the largest logit: $m = \\max_j x_j$ = "+top+" (keepdim, so it broadcasts).", v+" → m "+one, 2)
	add(lseShift, "shift", "Subtract it: every $x_j - m \\le 0$, the largest exactly 0.", v+" − "+one+" → "+v, 2)
	exp := "So $e^{x_j - m}$ lies in (0, 1], the largest exactly 1: nothing can overflow."
	if s.naive {
		exp += " The naive $e^{x_j}$ is +∞ in float32 beyond 88.7."
	}
	add(lseExp, "exp", exp, v+" → "+v, 3)
	sum := "Their sum Σ is between 1 and C = 5."
	if s.naive {
		sum += " The naive sum of +∞ is +∞."
	}
	add(lseSum, "sum", sum, v+" → "+one, 2)
	add(lseLog, "log", "log Σ is between 0 and log 5 = 1.61: a small, exact correction.", one+" → "+one, 2)
	add(lseAdd, "add back", "Add m back: $m + \\log\\Sigma = \\log\\sum_j e^{x_j}$ exactly, for any finite logits.", one+" + "+one+" → "+one, 2)
	add(lseCE, "cross-entropy", "The loss is lse − the target's logit: "+fmtCell(s.ce)+" (F.cross_entropy gives the same).", one+" − x_t → "+one, 2.5)
	sweep := "Scale the same logits from 1 to 10 000: the stable log-sum-exp follows the largest logit."
	if s.naive {
		sweep += " The naive one is +∞ from 88.7 on."
	}
	add(lseSweep, "scale sweep", sweep, "lse over 81 scales", 3)
}

func (s *lseView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer.
func (s *lseView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer.
func (s *lseView) Explain(variant int) string {
	return quizExplain("022", variant, "The right version subtracts the largest logit before exp, so every term is at most 1, and adds it back after the log.")
}

// shows reports whether the table at step k includes what stage a adds.
func (s *lseView) shows(k int, a lseStep) bool {
	if k < 0 || k >= len(s.steps) {
		return false
	}
	return s.steps[k] >= a
}

func (s *lseView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 || area.W < 60 || area.H < 60 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	if s.steps[k] == lseSweep {
		s.drawSweep(c, area, f)
		return
	}
	s.drawTable(c, area, f, k)
}

// drawTable draws the stages up to step k as a table: one row per class,
// one column per vector stage, the scalars below their columns.
func (s *lseView) drawTable(c viz.Canvas, area viz.Rect, f *scene.Frame, k int) {
	stable := !s.quiz || !s.naive
	naive := s.naive
	st := s.steps[k]
	viz.MarkPanel(c, area)
	n := len(s.rowLabels)
	lw := 0.0
	for _, l := range s.rowLabels {
		lw = max(lw, c.TextWidth(l, kitLabel))
	}
	lw += 10
	cols := 2 // x, then the naive e^x alone (a quiz)
	if stable {
		cols = 3
		if naive {
			cols = 4
		}
	}
	gap := 10.0
	colW := min((area.W-lw-gap*float64(cols))/float64(cols), 140)
	if colW < 20 {
		return
	}
	lh := viz.LineHeight(kitLabel)
	headY := area.Y + kitLabel
	titleY := area.Y + lh + 18
	y0 := titleY + 10
	const scalarRows = 4
	rowH := min(40, max(18, (area.Y+area.H-y0-scalarRows*(lh+14)-10)/float64(n)))
	// Row labels: the classes, the target in accent once it matters.
	for i, l := range s.rowLabels {
		col := viz.InkMuted
		if i == s.target && s.shows(k, lseCE) {
			col = viz.Accent
		}
		c.Text(area.X+lw-8, y0+(float64(i)+0.5)*rowH+kitLabel*0.35, l, kitLabel, col, viz.AlignRight)
	}
	colRect := func(i int) viz.Rect {
		return viz.Rect{X: area.X + lw + float64(i)*(colW+gap), Y: area.Y, W: colW, H: area.H}
	}
	// Every stage's cells are drawn from the start of its step (a paused
	// step shows it whole); while it plays, the row being computed is
	// outlined, top to bottom.
	reveal := func(lseStep) int { return n }
	cursor := func(a lseStep, cells viz.Rect) {
		if st == a && cells.W > 0 && f.Frac > 0 {
			outlineCell(c, cells, n, 1, min(n-1, int(f.Frac*float64(n))), 0, viz.Accent)
		}
	}
	scalarY := y0 + rowH*float64(n) + 10
	scalar := func(r viz.Rect, row int, idx int) {
		y := scalarY + float64(row)*(lh+14)
		box := viz.Rect{X: r.X, Y: y, W: r.W, H: lh + 8}
		fill, ink := viz.Panel, viz.Ink
		if math.IsInf(s.scalarVal[idx], 0) || math.IsNaN(s.scalarVal[idx]) {
			fill, ink = viz.Bad, viz.White
		}
		c.FillRect(box.X, box.Y, box.W, box.H, fill)
		l := s.tc.Layout(c, s.scalarSrc[idx], kitSmall)
		if l.Box.Width > box.W-6 {
			l = s.tc.Layout(c, s.scalarShort[idx], kitSmall)
		}
		if l.Box.Width <= box.W-6 {
			l.Draw(c, box.X+(box.W-l.Box.Width)/2, box.Y+box.H/2+kitSmall*0.35, ink)
		} else {
			v := fmtCell(s.scalarVal[idx])
			c.Text(box.X+box.W/2, box.Y+box.H/2+kitSmall*0.35, viz.Ellipsize(c, v, kitSmall, box.W-6), kitSmall, ink, viz.AlignCenter)
		}
		f.Box(grpLScalar, idx, box)
	}
	// Group headings over the columns, outside a quiz.
	if !s.quiz {
		span := colRect(2)
		span.X = colRect(0).X
		span.W = colRect(2).X + colW - span.X
		c.Text(span.X, headY, viz.Ellipsize(c, "stable: shift by the largest logit", kitLabel, span.W), kitLabel, viz.Accent, viz.AlignLeft)
		if naive {
			r := colRect(3)
			c.Text(r.X, headY, viz.Ellipsize(c, "naive", kitLabel, r.W), kitLabel, viz.Bad, viz.AlignLeft)
		}
	}
	// x, always.
	rx := colRect(0)
	cx := s.colX.draw(c, &s.tc, rx, titleY, y0, rowH, reveal(lseLogits), f)
	cursor(lseLogits, cx)
	switch {
	case st == lseMax && stable:
		// The scan for the largest walks down to it.
		am := argmax32(s.st.X)
		outlineCell(c, cx, n, 1, min(am, int(f.Frac/0.5*float64(n))), 0, viz.Accent)
	case s.shows(k, lseCE):
		outlineCell(c, cx, n, 1, s.target, 0, viz.Accent)
	}
	if !stable {
		// A quiz of the naive version: x, e^x and its reductions.
		rn := colRect(1)
		if s.shows(k, lseExp) {
			cursor(lseExp, s.colNExp.draw(c, &s.tc, rn, titleY, y0, rowH, reveal(lseExp), f))
		}
		s.naiveScalars(k, rn, scalar)
		return
	}
	if s.shows(k, lseMax) {
		scalar(rx, 0, lsM)
	}
	if s.shows(k, lseShift) {
		cursor(lseShift, s.colShift.draw(c, &s.tc, colRect(1), titleY, y0, rowH, reveal(lseShift), f))
	}
	re := colRect(2)
	if s.shows(k, lseExp) {
		cursor(lseExp, s.colExp.draw(c, &s.tc, re, titleY, y0, rowH, reveal(lseExp), f))
	}
	for _, sc := range [...]struct {
		at  lseStep
		row int
		idx int
	}{{lseSum, 0, lsSum}, {lseLog, 1, lsLog}, {lseAdd, 2, lsLSE}, {lseCE, 3, lsCE}} {
		if s.shows(k, sc.at) {
			scalar(re, sc.row, sc.idx)
		}
	}
	if naive {
		rn := colRect(3)
		if s.shows(k, lseExp) {
			cursor(lseExp, s.colNExp.draw(c, &s.tc, rn, titleY, y0, rowH, reveal(lseExp), f))
		}
		s.naiveScalars(k, rn, scalar)
	}
}

// naiveScalars draws the naive column's sum, log and loss up to step k.
func (s *lseView) naiveScalars(k int, r viz.Rect, scalar func(viz.Rect, int, int)) {
	if s.shows(k, lseSum) {
		scalar(r, 0, lsNSum)
	}
	if s.shows(k, lseLog) {
		scalar(r, 1, lsNLog)
	}
	if s.shows(k, lseCE) {
		scalar(r, 3, lsNCE)
	}
}

// argmax32 is the index of the largest entry.
func argmax32(xs []float32) int {
	best := 0
	for i, v := range xs {
		if v > xs[best] {
			best = i
		}
	}
	return best
}

// drawSweep is the last stage: both versions over the scale.
func (s *lseView) drawSweep(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	ch := &s.sweep
	ch.series[0].hidden = s.quiz && s.naive
	ch.series[1].hidden = !s.naive
	ch.markers[1].hidden = !s.naive || s.quiz
	ch.legend = ch.legend[:0]
	if !ch.series[0].hidden {
		ch.legend = append(ch.legend, legendItem{viz.Accent, "m + log Σ exp(x − m)"})
	}
	if !ch.series[1].hidden {
		ch.legend = append(ch.legend, legendItem{viz.Bad, "log Σ exp x in float32"})
	}
	for i := range ch.series {
		ch.series[i].show = 1
	}
	p := ch.draw(c, area, f)
	if p.W == 0 {
		return
	}
	// The playhead walks along the sweep: its point on each curve.
	i := min(len(s.sweepScale)-1, int(math.Round(f.Frac*float64(len(s.sweepScale)-1))))
	for si := range ch.series {
		sr := &ch.series[si]
		if sr.hidden {
			continue
		}
		if x, y := ch.at(sr.xs[i], sr.ys[i], false); y >= p.Y-1 && y <= p.Y+p.H+1 {
			c.FillCircle(x, y, 6, sr.col)
		}
	}
}

// Readout implements scene.Readouter.
func (s *lseView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil {
		return nil
	}
	if s.ro != nil {
		return s.ro
	}
	s.ro = []scene.KV{
		{Key: "largest logit m", Value: fmtCell(float64(s.st.Max))},
		{Key: "Σ exp(x − m)", Value: strconv.FormatFloat(float64(s.st.Sum), 'f', 4, 64)},
		{Key: "log-sum-exp", Value: strconv.FormatFloat(s.st.LSE, 'f', 4, 64)},
		{Key: "cross-entropy", Value: strconv.FormatFloat(s.ce, 'f', 4, 64)},
	}
	if s.naive {
		s.ro = append(s.ro, scene.KV{Key: "naive log Σ exp x", Value: fmtCell(float64(s.nst.LSE))},
			scene.KV{Key: "naive cross-entropy", Value: fmtCell(s.naiveCE)})
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *lseView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	c := len(s.st.X)
	const src = "loss.LogSumExpTrace (= loss.LogSumExpRow)"
	nsrc := "mistakes.NaiveLogSumExpTrace (= mistakes.NaiveLogSumExp)"
	if s.quiz {
		nsrc = "the version under test"
	}
	cell := func(name, tensor string, v float32, source string) (scene.Inspection, bool) {
		if t.Index < 0 || t.Index >= c {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: name + " of " + lseClasses[t.Index%len(lseClasses)], Value: fmtCell(float64(v)), Tensor: tensor,
			Index: shapeOf(0, t.Index), Shape: shapeOf(1, c), Source: source}, true
	}
	switch t.Group {
	case grpLX:
		if t.Index >= 0 && t.Index < c {
			in, ok := cell("logit", "x", s.st.X[t.Index], "the logits (scale × pattern)")
			in.Source = "input: scale × pattern, float32"
			return in, ok
		}
	case grpLShift:
		if t.Index >= 0 && t.Index < c {
			return cell("shifted logit x − m", "x − m", s.st.Shifted[t.Index], src)
		}
	case grpLExp:
		if t.Index >= 0 && t.Index < c {
			return cell("term e^(x−m)", "exp(x − m)", s.st.Exp[t.Index], src)
		}
	case grpLNaiveExp:
		if t.Index >= 0 && t.Index < c {
			in, ok := cell("term e^x (float32)", "exp(x)", s.nst.Exp[t.Index], nsrc)
			if math.IsInf(float64(s.nst.Exp[t.Index]), 1) {
				in.Detail = "x = " + fmtCell(float64(s.st.X[t.Index])) + " > ln(3.4e38) ≈ 88.72: float32 overflows"
			}
			return in, ok
		}
	case grpLScalar:
		names := [lsCount]string{"largest logit m", "Σ e^(x−m)", "log Σ e^(x−m)", "log-sum-exp m + log Σ", "cross-entropy lse − x_t",
			"Σ e^x (float32)", "log Σ e^x", "cross-entropy"}
		if t.Index < 0 || t.Index >= lsCount {
			return scene.Inspection{}, false
		}
		source := src
		switch t.Index {
		case lsCE:
			source = "loss.CrossEntropy"
		case lsNSum, lsNLog:
			source = nsrc
		case lsNCE:
			source = "mistakes.CrossEntropyNaive"
			if s.quiz {
				source = nsrc
			}
		}
		return scene.Inspection{Name: names[t.Index], Value: fmtCell(s.scalarVal[t.Index]), Tensor: "scalar", Index: "[0]",
			Shape: shapeOf(1, 1), Source: source}, true
	case grpLSweep, grpLSweepNaive:
		if t.Index < 0 || t.Index >= len(s.sweepScale) {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: "log-sum-exp at largest logit " + fmtCell(s.sweepScale[t.Index]), Tensor: "lse",
			Index: "[" + strconv.Itoa(t.Index) + "]", Shape: shapeOf(len(s.sweepScale)), Source: "loss.LogSumExpTrace",
			Value: fmtCell(s.sweepLSE[t.Index])}
		if t.Group == grpLSweepNaive {
			in.Value, in.Source = fmtCell(s.sweepNLS[t.Index]), nsrc
			in.Name = "log Σ e^x in float32 at largest logit " + fmtCell(s.sweepScale[t.Index])
		}
		return in, true
	case grpLMarker:
		if t.Index == 0 {
			return scene.Inspection{Name: "the slider's largest logit", Value: fmtCell(s.scale), Tensor: "scale", Index: "[0]",
				Shape: "[]", Source: "the scale parameter"}, true
		}
		return scene.Inspection{Name: "where e^x overflows float32", Value: strconv.FormatFloat(lseOverflow, 'f', 2, 64),
			Tensor: "ln(MaxFloat32)", Index: "[0]", Shape: "[]", Source: "math.Log(math.MaxFloat32)",
			Detail: "the first scale of the sweep with a +∞: " + fmtCell(s.naiveInfAt)}, true
	}
	return scene.Inspection{}, false
}
