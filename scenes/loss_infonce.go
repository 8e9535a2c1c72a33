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

// The view of problem 021: InfoNCE (SimCLR's NT-Xent) from the two views
// of N samples through the normalised embeddings, the 2N×2N similarity
// matrix over τ with its positives and masked diagonal, each row's softmax
// and loss, then a sweep of the temperature. The stages come from
// loss.InfoNCETrace (tested equal to loss.InfoNCE); the pitfalls' matrices
// from core/mistakes, their softmax and row losses from loss.SoftmaxCE.

const (
	nceDim   = 8  // embedding width D
	nceTaus  = 41 // temperatures swept
	nceTauLo = 0.02
	nceTauHi = 2.0
)

// Inspection groups of the 021 view.
const (
	grpNZi = iota + 1
	grpNZj
	grpNZ
	grpNSim
	grpNProb
	grpNBadSim
	grpNBadProb
	grpNRowLoss
	grpNSweep
	grpNMarker
	grpNNorm
	grpNBadLoss
)

type nceStep int

const (
	nsViews nceStep = iota
	nsNormalize
	nsSimilarity
	nsMask
	nsSoftmax
	nsLoss
	nsSweep
)

type nceView struct {
	n            int
	tau, noise   float64
	seed         uint64
	pitfall      string
	quiz         bool
	zi, zj       *core.Tensor
	st           *loss.InfoNCEStages
	norms        []float64    // the raw rows' lengths
	bad          *core.Tensor // the pitfall's matrix [2N,2N], nil without one
	badProb      []float32
	badRowLoss   []float64
	badLoss      float64
	badFn        string
	steps        []nceStep
	tl           scene.Timeline
	hZi, hZj, hZ heat
	hSim, hProb  heat
	hZraw        heat
	hBad, hBadP  heat
	// the temperature sweep: per τ, the softmax's heat and the loss
	sweepTau  []float64
	sweepLoss []float64
	sweepBad  []float64
	sweepP    []heat
	sweepText []string
	// sweepTitle are the softmax panel's titles, per τ.
	sweepTitle []string
	sweep      chart
	// labels, made by Reset
	rowLabels, dimLabels, normText []string
	rowLossText, badLossText       []string
	optsCache                      map[string]heatOpts
	ro                             []scene.KV
}

func newNCEView() *nceView { return &nceView{} }

func (s *nceView) Info() scene.Info {
	p, _ := problems.Lookup("021")
	return scene.Info{ID: "infonce", Problem: "021", Title: p.Title, Family: "losses", Statement: p.Statement,
		Formula: `\hat z = \frac{z}{\lVert z \rVert},\quad S_{ab} = \frac{\hat z_a \cdot \hat z_b}{\tau},\ S_{aa} = -10^9;\qquad \mathcal{L} = \frac{1}{2N}\sum_{a} \left(\log \sum_{b} e^{S_{ab}} - S_{a,\,a \pm N}\right)`,
		LookFor: "Rows and columns run over the 2N embeddings: first the N first views (i0, i1, …), then the N second views (j0, j1, …). " +
			"The positive of row i_k is column j_k and the other way round: the green outlines, N off the diagonal. The diagonal is each " +
			"embedding against itself, cos = 1, the largest entry of its row: it is masked with −1e9 (not −∞, which can turn into NaN), or " +
			"the softmax would put its weight there. Each row's softmax should peak on its positive; the loss is the mean of −log of that " +
			"weight. A small τ sharpens every row. Forget to normalise and the vectors' lengths, not their directions, decide the scores."}
}

func (s *nceView) Params() []scene.Param {
	return []scene.Param{
		{Name: "pairs", Label: "samples N", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4,
			Help: "the matrix is 2N × 2N"},
		{Name: "tau", Label: "temperature τ", Kind: scene.Float, Min: nceTauLo, Max: nceTauHi, Step: 0.01, Default: 0.2, Log: true},
		{Name: "noise", Label: "view noise", Kind: scene.Float, Min: 0, Max: 1.5, Step: 0.05, Default: 0.5,
			Help: "how far the second view of a sample is from the first"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs("021")...),
	}
}

func (s *nceView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Cold τ = 0.05", Values: scene.Values{"tau": 0.05}},
		{Name: "Hard views", Values: scene.Values{"noise": 1.2, "pairs": 6}},
		{Name: "Pitfall: diagonal kept", Values: scene.Values{"pitfall": 1}},
		{Name: "Pitfall: not normalised", Values: scene.Values{"pitfall": 2}},
	}
}

// nceInputs draws N samples' first views and noisy second views, with
// rows of different lengths (so normalising matters).
func nceInputs(n int, noise float64, seed uint64) (zi, zj *core.Tensor) {
	rng := rand.New(rand.NewPCG(seed, 21))
	zi, zj = core.New(n, nceDim), core.New(n, nceDim)
	for r := range n {
		scale := 0.5 + 1.5*rng.Float64()
		for c := range nceDim {
			v := rng.NormFloat64()
			zi.Data[r*nceDim+c] = float32(scale * v)
			zj.Data[r*nceDim+c] = float32(scale * (v + noise*rng.NormFloat64()))
		}
	}
	return zi, zj
}

func (s *nceView) Reset(v scene.Values) error {
	s.n, s.tau, s.noise, s.seed = int(v["pairs"]), v["tau"], v["noise"], uint64(v["seed"])
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		s.pitfall = s.Params()[len(s.Params())-1].Choices[i]
	}
	s.zi, s.zj = nceInputs(s.n, s.noise, s.seed)
	var err error
	if s.st, err = loss.InfoNCETrace(s.zi, s.zj, s.tau); err != nil {
		return err
	}
	m := 2 * s.n
	s.norms = s.norms[:0]
	for r := range m {
		src := s.zi.Data
		rr := r
		if r >= s.n {
			src, rr = s.zj.Data, r-s.n
		}
		sq := 0.0
		for _, x := range src[rr*nceDim : (rr+1)*nceDim] {
			sq += float64(x) * float64(x)
		}
		s.norms = append(s.norms, math.Sqrt(sq))
	}
	if err := s.computePitfall(); err != nil {
		return err
	}
	if err := s.buildSweep(); err != nil {
		return err
	}
	s.buildPictures()
	s.buildTimeline()
	s.ro = nil
	return nil
}

// computePitfall runs the catalogued mistake on the same views.
func (s *nceView) computePitfall() error {
	s.bad, s.badProb, s.badRowLoss, s.badFn = nil, nil, nil, ""
	var mat func(zi, zj *core.Tensor, tau float64) (*core.Tensor, error)
	var lossFn func(zi, zj *core.Tensor, tau float64) (float64, error)
	switch s.pitfall {
	case "diagonal-not-masked":
		mat, lossFn, s.badFn = mistakes.InfoNCEDiagonalKeptMatrix, mistakes.InfoNCEDiagonalKept, "mistakes.InfoNCEDiagonalKept"
	case "no-normalize":
		mat, lossFn, s.badFn = mistakes.InfoNCEUnnormalizedMatrix, mistakes.InfoNCEUnnormalized, "mistakes.InfoNCEUnnormalized"
	default:
		return nil
	}
	var err error
	if s.bad, err = mat(s.zi, s.zj, s.tau); err != nil {
		return err
	}
	if s.badLoss, err = lossFn(s.zi, s.zj, s.tau); err != nil {
		return err
	}
	s.badProb, s.badRowLoss, err = loss.SoftmaxCE(s.bad, s.st.Pos)
	return err
}

// buildSweep runs the loss (and the pitfall's) over temperatures from
// 0.02 to 2, keeping each softmax for the picture.
func (s *nceView) buildSweep() error {
	m := 2 * s.n
	s.sweepTau, s.sweepLoss, s.sweepBad, s.sweepText = s.sweepTau[:0], s.sweepLoss[:0], s.sweepBad[:0], s.sweepText[:0]
	s.sweepTitle = s.sweepTitle[:0]
	if cap(s.sweepP) < nceTaus {
		s.sweepP = make([]heat, nceTaus)
	}
	s.sweepP = s.sweepP[:nceTaus]
	mask := diagMask(m)
	for k := range nceTaus {
		tau := nceTauLo * math.Pow(nceTauHi/nceTauLo, float64(k)/(nceTaus-1))
		st, err := loss.InfoNCETrace(s.zi, s.zj, tau)
		if err != nil {
			return err
		}
		s.sweepTau = append(s.sweepTau, tau)
		s.sweepLoss = append(s.sweepLoss, st.Loss)
		s.sweepText = append(s.sweepText, strconv.FormatFloat(tau, 'f', 3, 64))
		s.sweepTitle = append(s.sweepTitle, "softmax at τ = "+strconv.FormatFloat(tau, 'f', 3, 64))
		s.sweepP[k].set(st.Prob, m, m, viz.Viridis, 0, 1, mask)
		bad := math.NaN()
		switch s.pitfall {
		case "diagonal-not-masked":
			bad, err = mistakes.InfoNCEDiagonalKept(s.zi, s.zj, tau)
		case "no-normalize":
			bad, err = mistakes.InfoNCEUnnormalized(s.zi, s.zj, tau)
		}
		if err != nil {
			return err
		}
		s.sweepBad = append(s.sweepBad, bad)
	}
	ch := &s.sweep
	ch.x.set(nceTauLo, nceTauHi, true, "temperature τ", nil)
	top := 0.0
	for i := range s.sweepLoss {
		top = max(top, s.sweepLoss[i])
		if !math.IsNaN(s.sweepBad[i]) && !math.IsInf(s.sweepBad[i], 0) {
			top = max(top, s.sweepBad[i])
		}
	}
	ch.y.set(0, top*1.08, false, "InfoNCE loss", nil)
	ch.series = append(ch.series[:0],
		chartSeries{xs: s.sweepTau, ys: s.sweepLoss, col: viz.Accent, width: 2.5, dots: true, group: grpNSweep, dotR: 2.5},
		chartSeries{xs: s.sweepTau, ys: s.sweepBad, col: viz.Bad, width: 2, dashed: true})
	ch.markers = append(ch.markers[:0], chartMarker{x: s.tau, label: "τ = " + strconv.FormatFloat(s.tau, 'f', 2, 64), col: viz.InkMuted, group: grpNMarker})
	return nil
}

// diagMask greys out the diagonal of an m×m heat.
func diagMask(m int) []bool {
	out := make([]bool, m*m)
	for i := range m {
		out[i*m+i] = true
	}
	return out
}

// offDiagRange is the colour range of a matrix without its diagonal.
func offDiagRange(vals []float32, m int) (lo, hi float64) {
	a := 0.0
	for i, v := range vals {
		if i/m != i%m {
			a = max(a, math.Abs(float64(v)))
		}
	}
	if a == 0 {
		a = 1
	}
	return -a, a
}

func (s *nceView) buildPictures() {
	st, n, m := s.st, s.n, 2*s.n
	lo, hi := symmetric(s.zi.Data)
	lo2, hi2 := symmetric(s.zj.Data)
	lo, hi = min(lo, lo2), max(hi, hi2)
	s.hZi.set(s.zi.Data, n, nceDim, viz.BlueWhiteRed, lo, hi, nil)
	s.hZj.set(s.zj.Data, n, nceDim, viz.BlueWhiteRed, lo, hi, nil)
	s.hZ.set(st.Z, m, nceDim, viz.BlueWhiteRed, -1, 1, nil)
	raw := append(append([]float32(nil), s.zi.Data...), s.zj.Data...)
	rlo, rhi := symmetric(raw)
	s.hZraw.set(raw, m, nceDim, viz.BlueWhiteRed, rlo, rhi, nil)
	mask := diagMask(m)
	slo, shi := offDiagRange(st.Sim, m)
	s.hSim.set(st.Sim, m, m, viz.BlueWhiteRed, slo, shi, mask)
	s.hProb.set(st.Prob, m, m, viz.Viridis, 0, 1, mask)
	if s.bad != nil {
		var bmask []bool
		if s.pitfall != "diagonal-not-masked" {
			bmask = mask
		}
		blo, bhi := offDiagRange(s.bad.Data, m)
		if bmask == nil {
			blo, bhi = symmetric(s.bad.Data)
		}
		s.hBad.set(s.bad.Data, m, m, viz.BlueWhiteRed, blo, bhi, bmask)
		s.hBadP.set(s.badProb, m, m, viz.Viridis, 0, 1, bmask)
	}
	s.rowLabels = s.rowLabels[:0]
	for r := range m {
		if r < n {
			s.rowLabels = append(s.rowLabels, "i"+strconv.Itoa(r))
		} else {
			s.rowLabels = append(s.rowLabels, "j"+strconv.Itoa(r-n))
		}
	}
	s.dimLabels = s.dimLabels[:0]
	for c := range nceDim {
		s.dimLabels = append(s.dimLabels, strconv.Itoa(c))
	}
	s.normText = s.normText[:0]
	for _, v := range s.norms {
		s.normText = append(s.normText, strconv.FormatFloat(v, 'f', 2, 64))
	}
	s.rowLossText = lossTexts(s.rowLossText, st.RowLoss)
	s.badLossText = lossTexts(s.badLossText, s.badRowLoss)
	clear(s.optsCache)
}

func lossTexts(dst []string, vals []float64) []string {
	dst = dst[:0]
	for _, v := range vals {
		dst = append(dst, fmtNum(v))
	}
	return dst
}

// opts labels a heat of this view, made once per Reset.
func (s *nceView) opts(title string, group int, square bool) heatOpts {
	if o, ok := s.optsCache[title]; ok {
		return o
	}
	m := 2 * s.n
	o := heatOpts{Title: title, Group: group, RowLabels: s.rowLabels}
	switch {
	case square:
		o.Shape, o.ColLabels, o.ColTitle = shapeOf(m, m), s.rowLabels, "candidate"
	case group == grpNZi || group == grpNZj:
		o.Shape, o.ColLabels, o.ColTitle = shapeOf(s.n, nceDim), s.dimLabels, "channel"
		o.RowLabels = s.rowLabels[:s.n]
		if group == grpNZj {
			o.RowLabels = s.rowLabels[s.n:]
		}
	default:
		o.Shape, o.ColLabels, o.ColTitle = shapeOf(m, nceDim), s.dimLabels, "channel"
	}
	if s.optsCache == nil {
		s.optsCache = map[string]heatOpts{}
	}
	s.optsCache[title] = o
	return o
}

func (s *nceView) buildTimeline() {
	n, m := s.n, 2*s.n
	nd, md, mm := shapeOf(n, nceDim), shapeOf(m, nceDim), shapeOf(m, m)
	tau := strconv.FormatFloat(s.tau, 'f', 2, 64)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k nceStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(nsViews, "two views", "Two augmented views of each of N = "+strconv.Itoa(n)+" samples, embedded: $z_i$ and $z_j$, stacked into z.",
		"z_i, z_j "+nd+" → z "+md, 1.5)
	add(nsNormalize, "normalise", "F.normalize: every row divided by its length (left), so a dot product is a cosine in [−1, 1].", md+" → "+md, 2)
	add(nsSimilarity, "similarity", "$S = \\hat z \\hat z^\\top / \\tau$ with τ = "+tau+": row a against every candidate b. Each row's positive is its other view (green).",
		md+" · "+shapeOf(nceDim, m)+" → "+mm, 2.5)
	add(nsMask, "mask", "The diagonal, a row against itself, is cos = 1: the largest score. fill_diagonal_(−1e9) removes it (−∞ can give NaN).",
		mm, 2.5)
	add(nsSoftmax, "softmax", "Each row's softmax over its 2N − 1 candidates; its loss is −log of the positive's weight (right).", mm+" → "+mm, 2.5)
	add(nsLoss, "loss", "InfoNCE is the mean of the 2N row losses: "+fmtNum(s.st.Loss)+".", shapeOf(m)+" → []", 2)
	add(nsSweep, "τ sweep", "τ from 0.02 to 2: a cold τ sharpens every row onto its best candidate, a warm one flattens it.", mm+" per τ", 6)
	if s.quiz {
		// Nothing in the captions may tell the versions apart.
		for i := range s.tl {
			switch s.steps[i] {
			case nsNormalize:
				s.tl[i].Caption = "This version's embeddings before the similarities."
			case nsSimilarity:
				s.tl[i].Caption = "This version's similarity matrix over τ = " + tau + ": each row's positive is its other view."
			case nsMask:
				s.tl[i].Caption = "The diagonal: a row against itself. Right, or a mistake?"
			case nsLoss:
				s.tl[i].Caption = "The mean of the row losses."
			}
		}
	}
}

func (s *nceView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer.
func (s *nceView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer.
func (s *nceView) Explain(variant int) string {
	return quizExplain("021", variant, "The right version normalises the embeddings and masks the diagonal with −1e9, so every row's softmax is over the other 2N − 1 candidates.")
}

func (s *nceView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 || area.W < 60 || area.H < 60 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	st := s.steps[k]
	// In a quiz only the version under test is drawn, under neutral names.
	quizBad := s.quiz && s.bad != nil
	switch st {
	case nsViews:
		cells := flowCells(area, 2, 26, 170)
		s.hZi.draw(c, cells[0], f, s.opts("z_i (first views)", grpNZi, false))
		s.hZj.draw(c, cells[1], f, s.opts("z_j (second views)", grpNZj, false))
	case nsNormalize:
		title := "z / |z|, row by row"
		if s.quiz {
			title = "embeddings fed to S"
		}
		if quizBad && s.pitfall == "no-normalize" {
			// The raw rows: this version never divides them.
			s.drawWithText(c, fitWidth(area, 480), f, &s.hZraw, title, grpNZ, "|z|", s.normText, grpNNorm)
			break
		}
		s.drawWithText(c, fitWidth(area, 480), f, &s.hZ, title, grpNZ, "|z|", s.normText, grpNNorm)
	case nsSimilarity, nsMask:
		s.drawMatrices(c, area, f, st, &s.hSim, &s.hBad, "S = cosine / τ", grpNSim, grpNBadSim, nil, nil)
	case nsSoftmax, nsLoss:
		s.drawMatrices(c, area, f, st, &s.hProb, &s.hBadP, "softmax of each row", grpNProb, grpNBadProb, s.rowLossText, s.badLossText)
	case nsSweep:
		s.drawSweep(c, area, f)
	}
}

// drawMatrices draws the right matrix and the pitfall's beside it (only
// the one under test in a quiz, under a neutral title), positives
// outlined green, the diagonal outlined in the mask stage; side texts are
// the row losses.
func (s *nceView) drawMatrices(c viz.Canvas, area viz.Rect, f *scene.Frame, st nceStep, right, bad *heat, title string, grp, badGrp int, side, badSide []string) {
	neutral := "S"
	if grp == grpNProb {
		neutral = "softmax of each row"
	}
	switch {
	case s.quiz && s.bad != nil:
		s.outlines(c, s.drawWithText(c, fitWidth(area, 520), f, bad, neutral, badGrp, "loss", badSide, grpNRowLoss), st)
	case s.quiz || s.bad == nil:
		if s.quiz {
			title = neutral
		}
		s.outlines(c, s.drawWithText(c, fitWidth(area, 520), f, right, title, grp, "loss", side, grpNRowLoss), st)
	default:
		cols := flowCells(area, 2, 24, 250)
		s.outlines(c, s.drawWithText(c, cols[0], f, right, "right: "+title, grp, "loss", side, grpNRowLoss), st)
		s.outlines(c, s.drawWithText(c, cols[1], f, bad, "pitfall: "+s.pitfall, badGrp, "loss", badSide, grpNBadLoss), st)
	}
}

// outlines marks the positives (green) and, in the mask stage, the
// diagonal.
func (s *nceView) outlines(c viz.Canvas, cells viz.Rect, st nceStep) {
	m := 2 * s.n
	if cells.W == 0 {
		return
	}
	for r := range m {
		outlineCell(c, cells, m, m, r, s.st.Pos[r], viz.Good)
		if st == nsMask {
			outlineCell(c, cells, m, m, r, r, viz.Bad)
		}
	}
}

// drawWithText draws a heat with a column of texts at its right (row
// norms or row losses, marked as sideGroup).
func (s *nceView) drawWithText(c viz.Canvas, r viz.Rect, f *scene.Frame, ht *heat, title string, group int, head string, texts []string, sideGroup int) viz.Rect {
	o := s.opts(title, group, ht.cols == ht.rows && ht.rows == 2*s.n)
	sideW := 0.0
	if texts != nil {
		sideW = max(c.TextWidth(head, kitLabel), c.TextWidth("00.00", kitLabel)) + 12
	}
	side, body := r.CutRight(sideW)
	cells := ht.draw(c, body, f, o)
	if texts == nil || cells.W == 0 {
		return cells
	}
	n := len(texts)
	ch := cells.H / float64(n)
	lh := viz.LineHeight(kitLabel)
	every := int(math.Ceil(lh / ch))
	c.Text(side.X+6, cells.Y-4, head, kitLabel, viz.InkMuted, viz.AlignLeft)
	for i := 0; i < n; i += every {
		c.Text(side.X+6, cells.Y+(float64(i)+0.5)*ch+kitLabel*0.35, texts[i], kitLabel, viz.InkMuted, viz.AlignLeft)
	}
	f.Grid(sideGroup, viz.Rect{X: side.X + 4, Y: cells.Y, W: sideW - 4, H: cells.H}, n, 1)
	return cells
}

// drawSweep is the last stage: the softmax at the swept τ beside the loss
// against τ.
func (s *nceView) drawSweep(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	k := min(nceTaus-1, int(math.Round(f.Frac*(nceTaus-1))))
	var left, right viz.Rect
	if area.W >= 600 {
		left, right = area.CutLeft(area.W * 0.5)
		right.X += 12
		right.W -= 12
	} else {
		left, right = area.CutTop(area.H * 0.55)
		right.Y += 8
		right.H -= 8
	}
	o := s.opts("softmax of each row", grpNProb, true)
	o.Title = s.sweepTitle[k]
	cells := s.sweepP[k].draw(c, left, f, o)
	if cells.W > 0 {
		m := 2 * s.n
		for r := range m {
			outlineCell(c, cells, m, m, r, s.st.Pos[r], viz.Good)
		}
	}
	ch := &s.sweep
	ch.series[1].hidden = s.bad == nil
	ch.series[0].hidden = s.quiz && s.bad != nil
	if s.quiz && s.bad != nil {
		ch.series[1].hidden = false
	}
	ch.legend = ch.legend[:0]
	if !ch.series[0].hidden {
		ch.legend = append(ch.legend, legendItem{viz.Accent, "InfoNCE"})
	}
	if s.bad != nil && !s.quiz {
		ch.legend = append(ch.legend, legendItem{viz.Bad, "pitfall: " + s.pitfall})
	}
	for i := range ch.series {
		ch.series[i].show = 1
	}
	p := ch.draw(c, right, f)
	if p.W > 0 {
		sr := &ch.series[0]
		if s.quiz && s.bad != nil {
			sr = &ch.series[1]
		}
		if x, y := ch.at(sr.xs[k], sr.ys[k], false); !math.IsNaN(y) {
			c.FillCircle(x, y, 6, sr.col)
		}
	}
}

// Readout implements scene.Readouter.
func (s *nceView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil {
		return nil
	}
	if s.ro == nil {
		s.ro = []scene.KV{
			{Key: "matrix", Value: shapeOf(2*s.n, 2*s.n)},
			{Key: "τ", Value: strconv.FormatFloat(s.tau, 'f', 3, 64)},
			{Key: "InfoNCE loss", Value: strconv.FormatFloat(s.st.Loss, 'f', 4, 64)},
			{Key: "chance level log(2N − 1)", Value: strconv.FormatFloat(math.Log(float64(2*s.n-1)), 'f', 4, 64)},
		}
		if s.bad != nil {
			s.ro = append(s.ro, scene.KV{Key: "pitfall loss", Value: strconv.FormatFloat(s.badLoss, 'f', 4, 64)})
		}
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *nceView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	n, m := s.n, 2*s.n
	i := t.Index
	const src = "loss.InfoNCETrace (= loss.InfoNCE)"
	badSrc := s.badFn
	if s.quiz {
		badSrc = "the version under test"
	}
	pair := func(r, c int) string {
		switch {
		case r == c:
			return "the diagonal: " + s.rowLabels[r] + " against itself"
		case s.st.Pos[r] == c:
			return "the positive of " + s.rowLabels[r] + ": its other view " + s.rowLabels[c]
		}
		return s.rowLabels[r] + " against " + s.rowLabels[c] + ": a negative"
	}
	sq := func(name, tensor string, vals []float32, source string) (scene.Inspection, bool) {
		if i < 0 || i >= m*m || vals == nil {
			return scene.Inspection{}, false
		}
		in := inspectCell(name, tensor, vals, []int{m, m}, []int{i / m, i % m}, source)
		in.Detail = pair(i/m, i%m)
		if i/m == i%m && vals[i] <= loss.InfoNCEMask/2 {
			in.Value = "−1e9 (masked)"
		}
		return in, true
	}
	k := min(f.Step, len(s.steps)-1)
	switch t.Group {
	case grpNZi:
		return inspectCell("first view", "z_i", s.zi.Data, []int{n, nceDim}, []int{i / nceDim, i % nceDim}, "the inputs (seeded)"), i >= 0 && i < n*nceDim
	case grpNZj:
		return inspectCell("second view", "z_j", s.zj.Data, []int{n, nceDim}, []int{i / nceDim, i % nceDim}, "the inputs (seeded)"), i >= 0 && i < n*nceDim
	case grpNZ:
		if s.quiz && s.pitfall == "no-normalize" {
			in := inspectCell("embedding", "z", s.hZraw.vals, []int{m, nceDim}, []int{i / nceDim, i % nceDim}, badSrc)
			return in, i >= 0 && i < m*nceDim
		}
		return inspectCell("normalised embedding", "ẑ", s.st.Z, []int{m, nceDim}, []int{i / nceDim, i % nceDim}, src), i >= 0 && i < m*nceDim
	case grpNSim:
		return sq("similarity / τ", "S", s.st.Sim, src)
	case grpNProb:
		vals := s.st.Prob
		name := "softmax weight"
		if k < len(s.steps) && s.steps[k] == nsSweep {
			ks := min(nceTaus-1, int(math.Round(f.Frac*(nceTaus-1))))
			vals = s.sweepP[ks].vals
			name = "softmax weight at τ = " + s.sweepText[ks]
		}
		return sq(name, "P", vals, src)
	case grpNBadSim:
		name := "pitfall similarity (" + s.pitfall + ")"
		if s.quiz {
			name = "similarity / τ"
		}
		if s.bad == nil {
			return scene.Inspection{}, false
		}
		return sq(name, "S", s.bad.Data, badSrc)
	case grpNBadProb:
		name := "pitfall softmax weight (" + s.pitfall + ")"
		if s.quiz {
			name = "softmax weight"
		}
		return sq(name, "P", s.badProb, "loss.SoftmaxCE of "+badSrc)
	case grpNNorm:
		if i < 0 || i >= m {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "length of " + s.rowLabels[i] + " before normalising", Value: s.normText[i], Tensor: "|z|",
			Index: shapeOf(i), Shape: shapeOf(m), Source: "the inputs (seeded)"}, true
	case grpNRowLoss, grpNBadLoss:
		if i < 0 || i >= m {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: "row loss of " + s.rowLabels[i] + ": −log P[pos]", Value: s.rowLossText[i], Tensor: "loss",
			Index: shapeOf(i), Shape: shapeOf(m), Source: src, Detail: "its positive: " + s.rowLabels[s.st.Pos[i]]}
		if t.Group == grpNBadLoss || (s.quiz && s.bad != nil) {
			in.Value, in.Source = s.badLossText[i], "loss.SoftmaxCE of "+badSrc
		}
		return in, true
	case grpNSweep:
		if i < 0 || i >= nceTaus {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "InfoNCE at τ = " + s.sweepText[i], Value: fmtNum(s.sweepLoss[i]), Tensor: "loss",
			Index: shapeOf(i), Shape: shapeOf(nceTaus), Source: "loss.InfoNCE"}, true
	case grpNMarker:
		return scene.Inspection{Name: "the slider's temperature", Value: strconv.FormatFloat(s.tau, 'f', 3, 64), Tensor: "τ",
			Index: "[0]", Shape: "[]", Source: "the tau parameter"}, true
	}
	return scene.Inspection{}, false
}
