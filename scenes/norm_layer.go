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

// Problem 036, LayerNorm, told as a process: tokens of very different
// scales, each row's mean and biased variance, the normalised rows, then
// γ and β. Every number is norm.LayerNormTrace's; the pitfall is
// mistakes.LayerNormUnbiased on the same rows, and the variance of each
// shown row is measured by another LayerNormTrace.

const lnEps = 1e-5

// Inspection groups of the LayerNorm view.
const (
	gLnX = iota + 1
	gLnMean
	gLnVar
	gLnVarU
	gLnXHat
	gLnXHatVar
	gLnBad
	gLnBadVar
	gLnGamma
	gLnBeta
	gLnY
	gLnBadY
)

type lnStep int

const (
	lnInput lnStep = iota
	lnStats
	lnNorm
	lnAffine
)

type layerNormView struct {
	n, d                                                                             int
	seed                                                                             uint64
	pitfall                                                                          string
	x, gamma                                                                         *core.Tensor
	beta                                                                             *core.Tensor
	st                                                                               *norm.LayerNormStages
	xhatVar                                                                          *core.Tensor // each normalised row's variance, by LayerNormTrace
	varU                                                                             *core.Tensor // the unbiased variance the pitfall divides by
	bad, badY                                                                        *core.Tensor // the pitfall's normalised rows and output
	badVar                                                                           *core.Tensor
	steps                                                                            []lnStep
	tl                                                                               scene.Timeline
	hx, hmean, hvar, hvaru, hxhat, hxhatVar, hbad, hbadVar, hgamma, hbeta, hy, hbadY heat
	// quiz: draw only the version the pitfall selects, named by nothing
	// (Reset puts it in st and xhatVar, and drops bad).
	quiz bool
	// labels made by Reset: a frame formats nothing.
	optX, optXHat, optBad, optY, optBadY, optGamma, optBeta heatOpts
	ro                                                      kvMemo[int]
	cells                                                   cellsBuf
}

// lnColLabels label the one column of a [N, 1] statistic.
var lnColLabels = []string{" "}

func newLayerNormView() *layerNormView { return &layerNormView{} }

func (s *layerNormView) Info() scene.Info {
	p, _ := problems.Lookup("036")
	return scene.Info{ID: "layernorm", Problem: "036", Title: p.Title, Family: "convolution", Statement: p.Statement,
		Formula: `\mu_i = \frac{1}{D}\sum_j x_{ij},\quad \sigma_i^2 = \frac{1}{D}\sum_j (x_{ij} - \mu_i)^2,\quad y_{ij} = \gamma_j \frac{x_{ij} - \mu_i}{\sqrt{\sigma_i^2 + \epsilon}} + \beta_j`,
		LookFor: "LayerNorm's group is a row: one token's D features, nothing from the other tokens or the batch, so it behaves the same " +
			"in training and eval and keeps no running statistics. Each row is shifted by its own mean and divided by the square root " +
			"of its own variance, the biased one (÷ D, x.var(-1, unbiased=False)): every normalised row has mean 0 and variance 1, " +
			"whatever its scale was. γ and β [D] then scale and shift each feature, the same for every token. With the unbiased " +
			"variance (÷ D − 1, the pitfall) every row is shrunk by √((D−1)/D): its variance is (D−1)/D, visible for small D."}
}

func (s *layerNormView) Params() []scene.Param {
	return []scene.Param{
		{Name: "tokens", Label: "tokens N", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "features", Label: "features D", Kind: scene.Int, Min: 2, Max: 8, Step: 1, Default: 4},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs("036")...),
	}
}

func (s *layerNormView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: unbiased variance", Values: scene.Values{"pitfall": 1}},
		{Name: "Pitfall with D = 2", Values: scene.Values{"pitfall": 1, "features": 2}},
		{Name: "Wide rows", Values: scene.Values{"features": 8, "tokens": 3}},
	}
}

func (s *layerNormView) Reset(v scene.Values) error {
	s.n, s.d, s.seed = int(v["tokens"]), int(v["features"]), uint64(v["seed"])
	s.pitfall = ""
	if int(v["pitfall"]) > 0 {
		s.pitfall = mistakeIDs("036")[0]
	}
	rng := rand.New(rand.NewPCG(s.seed, 36))
	// Rows of very different offsets and scales: LayerNorm evens them out.
	s.x = core.New(1, s.n, s.d)
	for i := 0; i < s.n; i++ {
		off, sc := float64(i)*1.5-2, 0.4+0.6*float64(i)
		for j := 0; j < s.d; j++ {
			s.x.Data[i*s.d+j] = float32(off + sc*rng.NormFloat64())
		}
	}
	s.gamma, s.beta = core.New(s.d), core.New(s.d)
	for j := 0; j < s.d; j++ {
		s.gamma.Data[j] = float32(1 + 0.5*rng.NormFloat64())
		s.beta.Data[j] = float32(0.5 * rng.NormFloat64())
	}
	st, err := norm.LayerNormTrace(s.x, s.gamma, s.beta, lnEps)
	if err != nil {
		return err
	}
	s.st = st
	xv, err := norm.LayerNormTrace(st.XHat, nil, nil, lnEps)
	if err != nil {
		return err
	}
	s.xhatVar = xv.Var
	s.bad, s.badY, s.badVar, s.varU = nil, nil, nil, nil
	if s.pitfall != "" {
		if s.bad, err = mistakes.LayerNormUnbiased(s.x, nil, nil, lnEps); err != nil {
			return err
		}
		if s.badY, err = mistakes.LayerNormUnbiased(s.x, s.gamma, s.beta, lnEps); err != nil {
			return err
		}
		bv, err := norm.LayerNormTrace(s.bad, nil, nil, lnEps)
		if err != nil {
			return err
		}
		s.badVar = bv.Var
		// The variance the pitfall divides by: the biased one × D/(D−1),
		// read back from the pitfall's own output (σ_u = σ·√(Var(x_hat_bad))⁻¹).
		s.varU = core.New(s.n)
		for i := range s.varU.Data {
			if bv.Var.Data[i] > 0 {
				s.varU.Data[i] = st.Var.Data[i] / bv.Var.Data[i]
			}
		}
	}
	if s.quiz {
		// One version, drawn as the layer: the variance it divides by,
		// its normalised rows and their variance, its output.
		if s.pitfall != "" {
			tested := *st
			tested.Var, tested.XHat, tested.Y = s.varU, s.bad, s.badY
			s.st, s.xhatVar = &tested, s.badVar
		}
		s.bad, s.badY, s.badVar, s.varU = nil, nil, nil, nil
	}
	s.buildTimeline()
	s.buildPictures()
	s.optX, s.optXHat, s.optBad = s.opts("x", gLnX), s.opts("(x − μ)/√(σ² + ε)", gLnXHat), s.opts("pitfall: ÷ √(unbiased)", gLnBad)
	s.optY, s.optBadY = s.opts("y = γ · x_hat + β", gLnY), s.opts("pitfall y", gLnBadY)
	s.optGamma = heatOpts{Title: "γ", Shape: shapeOf(s.d), ColLabels: indexLabels(0, s.d), Group: gLnGamma, MaxCell: 56}
	s.optBeta = heatOpts{Title: "β", Shape: shapeOf(s.d), ColLabels: indexLabels(0, s.d), Group: gLnBeta, MaxCell: 56}
	s.ro.reset()
	return nil
}

// SetQuiz implements scene.Quizzer.
func (s *layerNormView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *layerNormView) Explain(variant int) string {
	return quizExplain("036", variant, "The right version divides by the biased variance (÷ D, unbiased=False): every normalised row "+
		"has mean 0 and variance 1.")
}

func (s *layerNormView) buildTimeline() {
	x := shapeOf(1, s.n, s.d)
	col := shapeOf(1, s.n, 1)
	s.steps = []lnStep{lnInput, lnStats, lnNorm, lnAffine}
	s.tl = scene.Timeline{
		{Stage: "input", Caption: "N = " + strconv.Itoa(s.n) + " tokens of D = " + strconv.Itoa(s.d) + " features, each at its own offset and scale. LayerNorm's group is a row.",
			Shapes: "x " + x, Seconds: 1.5},
		{Stage: "row statistics", Caption: "Each row's mean and biased variance over its D features (÷ D): x.var(-1, unbiased=False).",
			Shapes: x + " → mean, var over −1 → " + col, Seconds: 1.0 * float64(s.n)},
		{Stage: "normalise", Caption: "(x − μ)/√(σ² + ε): every row now has mean 0 and variance 1 (the column at the right).",
			Shapes: x + " − " + col + " → " + x, Seconds: 2.5},
		{Stage: "scale and shift", Caption: "γ and β [D] scale and shift each feature, the same for every token.",
			Shapes: x + " · γ " + shapeOf(s.d) + " + β " + shapeOf(s.d) + " → y " + x, Seconds: 2.5},
	}
	if s.quiz {
		// Say what is drawn, never what it should be: that is the answer.
		s.tl[1].Caption = "Each row's mean and variance over its D features."
		s.tl[2].Caption = "(x − μ)/√(σ² + ε), and the variance of each normalised row (the column at the right)."
		return
	}
	if s.pitfall != "" {
		r := f3(float64(s.d-1) / float64(s.d))
		s.tl[1].Caption = "Right: ÷ D. Pitfall: ÷ (D − 1), the unbiased variance, larger by D/(D − 1) (red column)."
		s.tl[2].Caption = "Dividing by the unbiased variance leaves each row's variance at (D − 1)/D = " + r + ", not 1 (red)."
		s.tl[3].Caption = "After γ and β the pitfall's output is still shrunk toward β by √((D − 1)/D)."
	}
}

func (s *layerNormView) buildPictures() {
	lo, hi := symmetric(s.x.Data)
	s.hx.set(s.x.Data, s.n, s.d, viz.BlueWhiteRed, lo, hi, nil)
	s.hmean.set(s.st.Mean.Data, s.n, 1, viz.BlueWhiteRed, lo, hi, nil)
	_, vhi := symmetric(s.st.Var.Data)
	if s.varU != nil {
		_, vhi = symmetric(s.varU.Data)
		s.hvaru.set(s.varU.Data, s.n, 1, viz.Viridis, 0, vhi, nil)
	}
	s.hvar.set(s.st.Var.Data, s.n, 1, viz.Viridis, 0, vhi, nil)
	nlo, nhi := symmetric(s.st.XHat.Data)
	s.hxhat.set(s.st.XHat.Data, s.n, s.d, viz.BlueWhiteRed, nlo, nhi, nil)
	s.hxhatVar.set(s.xhatVar.Data, s.n, 1, viz.Viridis, 0, 1.2, nil)
	if s.bad != nil {
		s.hbad.set(s.bad.Data, s.n, s.d, viz.BlueWhiteRed, nlo, nhi, nil)
		s.hbadVar.set(s.badVar.Data, s.n, 1, viz.Viridis, 0, 1.2, nil)
	}
	glo, ghi := symmetric(append(append([]float32(nil), s.gamma.Data...), s.beta.Data...))
	s.hgamma.set(s.gamma.Data, 1, s.d, viz.BlueWhiteRed, glo, ghi, nil)
	s.hbeta.set(s.beta.Data, 1, s.d, viz.BlueWhiteRed, glo, ghi, nil)
	ylo, yhi := symmetric(s.st.Y.Data)
	s.hy.set(s.st.Y.Data, s.n, s.d, viz.BlueWhiteRed, ylo, yhi, nil)
	if s.badY != nil {
		s.hbadY.set(s.badY.Data, s.n, s.d, viz.BlueWhiteRed, ylo, yhi, nil)
	}
}

func (s *layerNormView) Timeline() scene.Timeline { return s.tl }

func (s *layerNormView) opts(title string, group int) heatOpts {
	return heatOpts{Title: title, Shape: shapeOf(1, s.n, s.d), RowTitle: "token", RowLabels: indexLabels(0, s.n), ColTitle: "feature",
		ColLabels: indexLabels(0, s.d), Group: group, MaxCell: 56}
}

func colOpts(title string, group int) heatOpts {
	return heatOpts{Title: title, ColLabels: lnColLabels, Group: group, MaxCell: 56}
}

// matWithColumn draws a [N, D] heat and a [N, 1] column beside it, their
// rows aligned; it returns the matrix's and the column's cells.
func (s *layerNormView) matWithColumn(c viz.Canvas, r viz.Rect, f *scene.Frame, m *heat, mo heatOpts, col *heat, co heatOpts) (viz.Rect, viz.Rect) {
	colW := c.TextWidth(co.Title, kitTitle) + 16
	colW = max(colW, 120)
	body, side := r.CutLeft(r.W - colW)
	mc := m.draw(c, body, f, mo)
	if mc.W == 0 {
		return mc, viz.Rect{}
	}
	cell := mc.H / float64(m.rows)
	co.MaxCell = cell
	// Align the column's rows with the matrix's: same top, same cell.
	// (the matrix's colour scale is at least 120 wide: keep clear of it)
	side.X = mc.X + max(mc.W, 128) + 16
	side.W = r.X + r.W - side.X
	side.Y = mc.Y - (kitTitle + 8) - viz.LineHeight(kitLabel)
	side.H = r.Y + r.H - side.Y
	cc := col.draw(c, side, f, co)
	return mc, cc
}

func (s *layerNormView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case lnInput:
		s.hx.draw(c, fitWidth(area, 480), f, s.optX)
	case lnStats:
		s.drawStats(c, area, f, cvStepOf(f.Frac, s.n))
	case lnNorm:
		parts := [2]viz.Rect{area}
		if s.bad != nil {
			copy(parts[:], s.cells.flow(area, 2, 24, 250))
		}
		s.matWithColumn(c, parts[0], f, &s.hxhat, s.optXHat, &s.hxhatVar, colOpts("row var", gLnXHatVar))
		if s.bad != nil {
			_, bc := s.matWithColumn(c, parts[1], f, &s.hbad, s.optBad, &s.hbadVar, colOpts("row var", gLnBadVar))
			if bc.W > 0 {
				c.StrokeRect(bc.X-3, bc.Y-3, bc.W+6, bc.H+6, 2, viz.Bad)
			}
		}
	case lnAffine:
		top, rest := area.CutTop(2 * (kitTitle + 8 + viz.LineHeight(kitLabel) + 40 + 28))
		gb := s.cells.flow(top, 2, 24, 150)
		s.hgamma.draw(c, fitWidth(gb[0], 360), f, s.optGamma)
		s.hbeta.draw(c, fitWidth(gb[1], 360), f, s.optBeta)
		_, rest = rest.CutTop(8)
		parts := [2]viz.Rect{rest}
		if s.bad != nil {
			copy(parts[:], s.cells.flow(rest, 2, 24, 200))
		}
		s.hy.draw(c, fitWidth(parts[0], 480), f, s.optY)
		if s.bad != nil {
			if bc := s.hbadY.draw(c, fitWidth(parts[1], 480), f, s.optBadY); bc.W > 0 {
				c.StrokeRect(bc.X-3, bc.Y-3, bc.W+6, bc.H+6, 2, viz.Bad)
			}
		}
	}
}

// lnColumn is one [N, 1] column drawn beside x.
type lnColumn struct {
	h            *heat
	title, short string
	group        int
	bad          bool
}

// drawStats shows x with the swept row outlined and, beside it with rows
// aligned, the row means and variances (and the pitfall's).
func (s *layerNormView) drawStats(c viz.Canvas, area viz.Rect, f *scene.Frame, row int) {
	var colBuf [3]lnColumn
	cols := append(colBuf[:0], lnColumn{&s.hmean, "mean μ", "μ", gLnMean, false}, lnColumn{&s.hvar, "var σ² (÷ D)", "÷ D", gLnVar, false})
	if s.quiz {
		cols[1].title, cols[1].short = "var σ²", "σ²"
	}
	if s.bad != nil {
		cols = append(cols, lnColumn{&s.hvaru, "pitfall: ÷ (D − 1)", "÷ (D−1)", gLnVarU, true})
	}
	narrow := area.W < 560
	var widthBuf [3]float64
	widths := widthBuf[:len(cols)]
	total := 0.0
	for i, cl := range cols {
		t := cl.title
		if narrow {
			t = cl.short
		}
		widths[i] = max(c.TextWidth(t, kitTitle)+14, 56)
		if !narrow {
			widths[i] = max(widths[i], 120)
		}
		total += widths[i]
	}
	mr := area
	mr.W = math.Min(area.W-total-16, 56*float64(s.d)+60)
	mc := s.hx.draw(c, mr, f, s.optX)
	if mc.W == 0 {
		return
	}
	outlineRow(c, mc, s.n, row, viz.Accent)
	cell := mc.H / float64(s.n)
	x := mc.X + math.Max(mc.W, 128) + 16
	y := mc.Y - (kitTitle + 8) - viz.LineHeight(kitLabel)
	for i, cl := range cols {
		t := cl.title
		if narrow {
			t = cl.short
		}
		if x+widths[i] > area.X+area.W+1 {
			break
		}
		o := colOpts(t, cl.group)
		o.MaxCell = cell
		cc := cl.h.draw(c, viz.Rect{X: x, Y: y, W: widths[i], H: area.Y + area.H - y}, f, o)
		if cc.W > 0 {
			outlineRow(c, cc, s.n, row, viz.Accent)
			if cl.bad {
				c.StrokeRect(cc.X-3, cc.Y-3, cc.W+6, cc.H+6, 2, viz.Bad)
			}
		}
		x += widths[i]
	}
}

// Readout implements scene.Readouter.
func (s *layerNormView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil || s.quiz {
		return nil
	}
	row := 0
	if k := min(f.Step, len(s.steps)-1); s.steps[k] == lnStats {
		row = cvStepOf(f.Frac, s.n)
	}
	return s.ro.get(row, func() []scene.KV { return s.readout(row) })
}

// readout is the readout with row shown.
func (s *layerNormView) readout(row int) []scene.KV {
	kv := []scene.KV{
		{Key: "x", Value: shapeOf(1, s.n, s.d)},
		{Key: "token", Value: strconv.Itoa(row)},
		{Key: "mean, var (÷ D)", Value: f3(float64(s.st.Mean.Data[row])) + ", " + f3(float64(s.st.Var.Data[row]))},
		{Key: "normalised row var", Value: f3(float64(s.xhatVar.Data[row]))},
	}
	if s.bad != nil {
		kv = append(kv, scene.KV{Key: "pitfall row var", Value: f3(float64(s.badVar.Data[row]))},
			scene.KV{Key: "(D − 1)/D", Value: f3(float64(s.d-1) / float64(s.d))})
	}
	return kv
}

// Inspect implements scene.Inspector.
func (s *layerNormView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	src, varName, xvSrc := "norm.LayerNormTrace (= norm.LayerNorm)", "row variance (÷ D)", "norm.LayerNormTrace of x_hat"
	if s.quiz {
		src, varName, xvSrc = quizSource, "row variance", "norm.LayerNormTrace of x_hat, "+quizSource+"'s"
	}
	i := t.Index
	full := func(name, tensor string, x *core.Tensor, source string) (scene.Inspection, bool) {
		return inspectCell(name, tensor, x.Data, []int{1, s.n, s.d}, []int{0, i / s.d, i % s.d}, source), true
	}
	col := func(name, tensor string, x *core.Tensor, source string) (scene.Inspection, bool) {
		return inspectCell(name, tensor, x.Data, []int{1, s.n, 1}, []int{0, i % s.n, 0}, source), true
	}
	switch t.Group {
	case gLnX:
		return full("input", "x", s.x, "the view's tokens (seeded)")
	case gLnMean:
		return col("row mean", "μ", s.st.Mean, src)
	case gLnVar:
		return col(varName, "σ²", s.st.Var, src)
	case gLnVarU:
		in, ok := col("row variance (÷ D − 1)", "σ²_unbiased", s.varU, "mistakes.LayerNormUnbiased (read back from its output)")
		in.Detail = "D/(D − 1) = " + f3(float64(s.d)/float64(s.d-1)) + " times the biased one"
		return in, ok
	case gLnXHat:
		return full("normalised", "x_hat", s.st.XHat, src)
	case gLnXHatVar:
		return col("variance of the normalised row", "Var(x_hat)", s.xhatVar, xvSrc)
	case gLnBad:
		return full("pitfall normalised", "x_hat", s.bad, "mistakes.LayerNormUnbiased")
	case gLnBadVar:
		in, ok := col("variance of the pitfall's row", "Var(x_hat)", s.badVar, "norm.LayerNormTrace of mistakes.LayerNormUnbiased's output")
		in.Detail = "(D − 1)/D = " + f3(float64(s.d-1)/float64(s.d))
		return in, ok
	case gLnGamma:
		return inspectCell("scale", "γ", s.gamma.Data, []int{s.d}, []int{i % s.d}, "the view's weight (seeded)"), true
	case gLnBeta:
		return inspectCell("shift", "β", s.beta.Data, []int{s.d}, []int{i % s.d}, "the view's bias (seeded)"), true
	case gLnY:
		return full("output", "y", s.st.Y, src)
	case gLnBadY:
		return full("pitfall output", "y", s.badY, "mistakes.LayerNormUnbiased")
	}
	return scene.Inspection{}, false
}
