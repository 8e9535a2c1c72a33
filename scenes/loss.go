package scenes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/loss"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// Problems 022 (stable log-sum-exp cross-entropy), 024 (focal loss) and 021
// (InfoNCE). Every correct number comes from core/loss. The pitfalls are the
// wrong versions: core's NaiveLogSumExpRow for 022, and for 024 a softmax
// taken in float32 before the log, written here as focalProbsFirst because
// core rightly has no such function.

// lossPattern are the logits before scaling; class 0 is the target of the
// cross-entropy, class lossFocalTarget (the smallest) the target whose
// probability underflows in the focal pitfall.
var lossPattern = [...]float32{1, -0.4, 0.7, 0.2, -1, 0.5}

const (
	lossFocalTarget = 4
	lossPairs       = 4 // InfoNCE pairs N (matrix 2N×2N)
	lossDim         = 8 // InfoNCE embedding size D
	lossMaxMargin   = 130
)

// lossGammas are the focusing exponents whose curves the p_t plot shows.
var lossGammas = [...]float64{0, 0.5, 1, 2, 5}

// lossScene shows the three losses side by side.
type lossScene struct {
	smoothing                float64
	rows                     []lossRow
	infoText                 string
	noNormText               string
	kv                       []KV // cached readout, nil when stale
	scale, gamma, tau, noise float64
	pitProbs, pitNoNorm      bool

	logits        *core.Tensor // [1, C] scaled pattern
	naiveLSE      float32      // core.NaiveLogSumExpRow
	stableLSE     float64      // loss.LogSumExp
	ce, naiveCE   float64
	focal         float64 // loss.FocalLoss at the smallest class
	focalNaive    float64 // probabilities first
	logitLabels   []string
	zi, zj        *core.Tensor
	sim           []float32 // 2N×2N similarity / τ, diagonal masked
	simBmp        viz.Bitmap
	simLabels     []string
	infoNCE       float64 // loss.InfoNCE
	infoFromSim   float64 // loss.CrossEntropy over the shown matrix
	infoNoNorm    float64 // the same without normalising (pitfall)
	simLo, simHi  float64
	pt            []float64
	curves        [len(lossGammas) + 1][]float64 // last: the slider's γ
	margins       []float64
	marginCore    []float64
	marginNaive   []float64 // finite prefix of the pitfall
	naiveInfAt    float64   // first margin where the pitfall is Inf (0: none)
	figPt, figM   plot.Figure
	verPt, verM   uint64
	err           error
	ptR, mR, simR viz.Rect
}

func (s *lossScene) Info() Info {
	return Info{
		ID: "losses", Title: "Stable losses: log-sum-exp, focal, InfoNCE", Family: "losses",
		Problems: []string{"022", "024", "021"},
		Statement: "Cross-entropy needs log Σ exp over the logits, which overflows float32 beyond ≈ 88; focal loss " +
			"down-weights easy examples by (1 − p_t)^γ; InfoNCE is cross-entropy over a cosine-similarity matrix whose " +
			"diagonal is masked and whose targets are the other view of each sample.",
		Formula: "lse(x) = m + log Σ exp(x − m), m = max x;  CE = lse(x) − x_t;  FL = −α (1 − p_t)^γ log p_t with " +
			"log p_t from log-softmax;  InfoNCE: S = z z^T/τ over the normalised rows z, S_ii masked, positive of i is i ± N.",
		LookFor: "Push the logit scale past 89: the naive log Σ exp becomes +Inf while the stable one stays finite. " +
			"Bigger γ flattens the curve for confident p_t. With the focal pitfall the probability of the target " +
			"underflows to 0 and log 0 gives Inf (or Inf/Inf = NaN). In the InfoNCE matrix the positives (green) should " +
			"be the brightest cells of their rows; without normalisation the scale of the vectors leaks into the loss.",
	}
}

func (s *lossScene) Params() []Param {
	return []Param{
		{Name: "scale", Label: "Logit scale", Kind: Float, Min: 0, Max: 10000, Step: 1, Default: 60,
			Help: "logits are this times a fixed pattern in [−1, 1]"},
		{Name: "smoothing", Label: "Label smoothing ε", Kind: Float, Min: 0, Max: 0.5, Step: 0.05, Default: 0,
			Help: "cross-entropy against (1−ε) on the target plus ε/C everywhere"},
		{Name: "gamma", Label: "Focal γ", Kind: Float, Min: 0, Max: 5, Step: 0.1, Default: 2},
		{Name: "tau", Label: "InfoNCE temperature τ", Kind: Float, Min: 0.05, Max: 2, Step: 0.05, Default: 0.5},
		{Name: "noise", Label: "InfoNCE view noise", Kind: Float, Min: 0, Max: 2, Step: 0.05, Default: 0.4,
			Help: "how far the second view z_j is from z_i"},
		{Name: "pitfall_probs", Label: "Pitfall: probabilities before the log", Kind: Bool, Default: 0},
		{Name: "pitfall_no_normalize", Label: "Pitfall: InfoNCE without normalising", Kind: Bool, Default: 0},
	}
}

// lossPresets are built once: the shell asks for them every frame.
var lossPresets = []Preset{
	{Name: "Overflow (±1e4)", Values: Values{"scale": 10000, "pitfall_probs": 1}},
	{Name: "Just past 88", Values: Values{"scale": 95}},
	{Name: "Cold InfoNCE", Values: Values{"tau": 0.05, "noise": 0.2}},
}

func (s *lossScene) Presets() []Preset { return lossPresets }

func (s *lossScene) Reset(v Values) error {
	s.kv = nil
	scale, gamma, tau, noise := v["scale"], v["gamma"], v["tau"], v["noise"]
	s.smoothing = v["smoothing"]
	if !(s.smoothing >= 0 && s.smoothing <= 1) {
		s.err = fmt.Errorf("losses scene: label smoothing %v outside [0, 1]", s.smoothing)
		return s.err
	}
	if !(scale >= 0 && scale <= 1e4) || !(gamma >= 0 && gamma <= 10) || !(tau > 0 && tau <= 10) || !(noise >= 0 && noise <= 10) {
		s.err = fmt.Errorf("losses scene: scale=%v gamma=%v tau=%v noise=%v out of range", scale, gamma, tau, noise)
		return s.err
	}
	curves := s.pt == nil || gamma != s.gamma || (v["pitfall_probs"] != 0) != s.pitProbs
	s.scale, s.gamma, s.tau, s.noise = scale, gamma, tau, noise
	s.pitProbs, s.pitNoNorm = v["pitfall_probs"] != 0, v["pitfall_no_normalize"] != 0
	s.err = s.computeLSE()
	if s.err == nil && curves {
		s.err = s.computeCurves()
	}
	if s.err == nil {
		s.err = s.computeInfoNCE()
	}
	if s.err == nil {
		s.formatRows()
	}
	return s.err
}

func (s *lossScene) computeLSE() error {
	if s.logits == nil {
		s.logits = core.New(1, len(lossPattern))
	}
	for i, p := range lossPattern {
		s.logits.Data[i] = float32(float64(p) * s.scale)
	}
	s.logitLabels = numLabels(s.logitLabels, s.logits.Data, 1)
	s.naiveLSE = loss.NaiveLogSumExpRow(s.logits.Data)
	lse, err := loss.LogSumExp(s.logits)
	if err != nil {
		return err
	}
	s.stableLSE = float64(lse.Data[0])
	if s.ce, err = loss.CrossEntropy(s.logits, []int{0}, s.smoothing); err != nil {
		return err
	}
	s.naiveCE = float64(s.naiveLSE) - float64(s.logits.Data[0])
	f := loss.DefaultFocal()
	f.Gamma = s.gamma
	if s.focal, err = loss.FocalLoss(s.logits, []int{lossFocalTarget}, f); err != nil {
		return err
	}
	s.focalNaive = focalProbsFirst(s.logits.Data, lossFocalTarget, s.gamma)
	return nil
}

// focalProbsFirst is problem 024's pitfall, kept only to show it fail: the
// softmax is taken in float32 first, then its log. A target probability
// that underflows to 0 gives log 0 = −Inf and an infinite loss; logits past
// 88 overflow exp to Inf and Inf/Inf is NaN.
func focalProbsFirst(logits []float32, target int, gamma float64) float64 {
	var sum float32
	for _, x := range logits {
		sum += float32(math.Exp(float64(x)))
	}
	p := float32(math.Exp(float64(logits[target]))) / sum
	return -math.Pow(float64(1-p), gamma) * float64(float32(math.Log(float64(p))))
}

// computeCurves asks core for the focal loss of a two-class row [z, 0]
// with target 0, so p_t = sigmoid(z): at 99 values of p_t per γ, and along
// the margin m (row [−m, 0]) for the pitfall plot.
func (s *lossScene) computeCurves() error {
	const n = 99
	if s.pt == nil {
		s.pt = make([]float64, n)
		for i := range s.pt {
			s.pt[i] = float64(i+1) / (n + 1)
		}
		for g := range lossGammas {
			c, err := focalCurve(s.pt, lossGammas[g])
			if err != nil {
				return err
			}
			s.curves[g] = c
		}
	}
	c, err := focalCurve(s.pt, s.gamma)
	if err != nil {
		return err
	}
	s.curves[len(lossGammas)] = c
	row := core.New(1, 2)
	f := loss.DefaultFocal()
	f.Gamma = s.gamma
	s.margins, s.marginCore, s.marginNaive, s.naiveInfAt = s.margins[:0], s.marginCore[:0], s.marginNaive[:0], 0
	for m := 0.0; m <= lossMaxMargin; m += 0.5 {
		row.Data[0], row.Data[1] = float32(-m), 0
		v, err := loss.FocalLoss(row, []int{0}, f)
		if err != nil {
			return err
		}
		s.margins = append(s.margins, m)
		s.marginCore = append(s.marginCore, v)
		if s.naiveInfAt == 0 {
			if nv := focalProbsFirst(row.Data, 0, s.gamma); math.IsInf(nv, 0) || math.IsNaN(nv) {
				s.naiveInfAt = m
			} else {
				s.marginNaive = append(s.marginNaive, nv)
			}
		}
	}
	s.verPt++
	s.verM++
	return nil
}

func focalCurve(pt []float64, gamma float64) ([]float64, error) {
	row := core.New(1, 2)
	f := loss.DefaultFocal()
	f.Gamma = gamma
	out := make([]float64, len(pt))
	for i, p := range pt {
		row.Data[0] = float32(math.Log(p / (1 - p)))
		v, err := loss.FocalLoss(row, []int{0}, f)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// computeInfoNCE draws fixed embeddings z_i and a noisy second view z_j,
// asks core for the loss, and builds the matrix it is made of for display:
// rows normalised, S = ẑẑ^T/τ by core.Gemm, diagonal set to core's mask. The
// loss of that matrix by core's cross-entropy equals core's InfoNCE (tested).
func (s *lossScene) computeInfoNCE() error {
	rng := rand.New(rand.NewPCG(21, 21))
	s.zi, s.zj = core.New(lossPairs, lossDim), core.New(lossPairs, lossDim)
	for i := range s.zi.Data {
		s.zi.Data[i] = float32(rng.NormFloat64())
	}
	for i := range s.zj.Data {
		s.zj.Data[i] = s.zi.Data[i] + float32(s.noise*rng.NormFloat64())
	}
	// Scale the vectors unevenly so that forgetting to normalise matters.
	for r := 0; r < lossPairs; r++ {
		k := float32(1 + 2*r)
		for j := 0; j < lossDim; j++ {
			s.zi.Data[r*lossDim+j] *= k
			s.zj.Data[r*lossDim+j] *= k
		}
	}
	var err error
	if s.infoNCE, err = loss.InfoNCE(s.zi, s.zj, s.tau); err != nil {
		return err
	}
	m := 2 * lossPairs
	pos := make([]int, m)
	for i := range pos {
		pos[i] = (i + lossPairs) % m
	}
	build := func(normalize bool) (*core.Tensor, error) {
		z := make([]float32, m*lossDim)
		copy(z, s.zi.Data)
		copy(z[lossPairs*lossDim:], s.zj.Data)
		if normalize {
			for r := 0; r < m; r++ {
				row := z[r*lossDim : (r+1)*lossDim]
				var n float64
				for _, v := range row {
					n += float64(v) * float64(v)
				}
				inv := float32(1 / math.Max(math.Sqrt(n), 1e-12))
				for i := range row {
					row[i] *= inv
				}
			}
		}
		sim := core.New(m, m)
		core.Gemm(false, true, m, m, lossDim, float32(1/s.tau), z, lossDim, z, lossDim, 0, sim.Data, m)
		for r := 0; r < m; r++ {
			sim.Data[r*m+r] = loss.InfoNCEMask
		}
		return sim, nil
	}
	sim, _ := build(true)
	if s.infoFromSim, err = loss.CrossEntropy(sim, pos, 0); err != nil {
		return err
	}
	raw, _ := build(false)
	if s.infoNoNorm, err = loss.CrossEntropy(raw, pos, 0); err != nil {
		return err
	}
	shown := sim
	if s.pitNoNorm {
		shown = raw
	}
	s.sim = append(s.sim[:0], shown.Data...)
	// Colour range over the off-diagonal entries; the diagonal is drawn grey.
	s.simLo, s.simHi = math.Inf(1), math.Inf(-1)
	s.simLabels = s.simLabels[:0]
	for i, v := range s.sim {
		if i/m == i%m {
			s.simLabels = append(s.simLabels, "×")
			continue
		}
		s.simLo, s.simHi = math.Min(s.simLo, float64(v)), math.Max(s.simHi, float64(v))
		s.simLabels = append(s.simLabels, strconv.FormatFloat(float64(v), 'f', 1, 32))
	}
	hi := math.Max(math.Abs(s.simLo), math.Abs(s.simHi))
	s.simBmp.SetHeatmap(s.sim, m, m, viz.BlueWhiteRed, -hi, hi)
	for r := 0; r < m; r++ {
		s.simBmp.Img.SetRGBA(r, r, viz.PanelDark)
	}
	return nil
}

func (s *lossScene) Update(in Input, dt float64) {}

func (s *lossScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.logits == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("losses scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, bottom := area.CutTop(area.H * 0.48)
	tc := top.Columns(2, 18)
	bc := bottom.Columns(2, 18)
	s.drawLSE(c, tc[0])
	s.drawInfoNCE(c, tc[1])
	s.ptR, s.mR = bc[0], bc[1]
	if drawFigure(c, &s.figPt, s.verPt, s.ptSpec, bc[0]) {
		// The live focal value at the current logits is a marker on the γ curve.
		p := math.Exp(-s.focalLogPt())
		if p > 0.01 && p < 0.99 {
			x, y := figPoint(&s.figPt, bc[0], p, s.focal)
			c.FillCircle(x, y, 4, viz.Accent)
		}
	}
	if drawFigure(c, &s.figM, s.verM, s.marginSpec, bc[1]) && s.pitProbs && s.naiveInfAt > 0 {
		x, y0 := figPoint(&s.figM, bc[1], s.naiveInfAt, 0)
		_, y1 := figPoint(&s.figM, bc[1], s.naiveInfAt, lossMaxMargin)
		c.Line(x, y0, x, y1, 1.5, viz.Bad)
		c.Text(x-4, (y0+y1)/2, "pitfall: Inf →", labelSize, viz.Bad, viz.AlignRight)
	}
}

// focalLogPt is −log p_t of the focal target at the current logits, from
// core's log-sum-exp.
func (s *lossScene) focalLogPt() float64 {
	return s.stableLSE - float64(s.logits.Data[lossFocalTarget])
}

func (s *lossScene) drawLSE(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, "log-sum-exp (022): logits = scale × pattern")
	n := len(lossPattern)
	bars, rest := r.CutTop(min(r.H*0.45, 110))
	mid := bars.Y + bars.H/2
	bw := bars.W / float64(n)
	c.Line(bars.X, mid, bars.X+bars.W, mid, 1, viz.Grid)
	for i, p := range lossPattern {
		hgt := float64(p) * (bars.H/2 - 12)
		col := viz.Categorical(0)
		if i == 0 {
			col = viz.Good
		} else if i == lossFocalTarget {
			col = viz.Categorical(1)
		}
		x := bars.X + float64(i)*bw + 4
		if hgt >= 0 {
			c.FillRect(x, mid-hgt, bw-8, hgt, col)
		} else {
			c.FillRect(x, mid, bw-8, -hgt, col)
		}
		c.Text(x+(bw-8)/2, bars.Y+bars.H, s.logitLabels[i], smallSize, viz.Ink, viz.AlignCenter)
	}
	y := rest.Y + 4
	for _, rw := range s.rows {
		col := viz.Ink
		if rw.bad {
			col = viz.Bad
		}
		c.Text(rest.X, y+labelSize+1, rw.key, labelSize+1, viz.InkMuted, viz.AlignLeft)
		c.Text(rest.X+rest.W*0.62, y+labelSize+1, rw.value, labelSize+1, col, viz.AlignLeft)
		y += viz.LineHeight(labelSize + 2)
	}
}

// lossRow is one line of the log-sum-exp panel.
type lossRow struct {
	key, value string
	bad        bool
}

// formatRows formats the log-sum-exp panel and the InfoNCE notes once per
// Reset.
func (s *lossScene) formatRows() {
	naiveBad := math.IsInf(float64(s.naiveLSE), 0) || math.IsNaN(float64(s.naiveLSE))
	s.rows = append(s.rows[:0],
		lossRow{"naive log Σ exp x (float32)", fmtLoss(float64(s.naiveLSE)), naiveBad},
		lossRow{"stable m + log Σ exp(x − m)", fmtLoss(s.stableLSE), false},
		lossRow{"cross-entropy, target green: naive", fmtLoss(s.naiveCE), naiveBad},
		lossRow{"cross-entropy (core), ε = " + f2(s.smoothing), fmtLoss(s.ce), false},
		lossRow{"focal γ=" + f2(s.gamma) + ", target orange (core)", fmtLoss(s.focal), false})
	if s.pitProbs {
		s.rows = append(s.rows, lossRow{"focal, probabilities first (pitfall)", fmtLoss(s.focalNaive),
			math.IsInf(s.focalNaive, 0) || math.IsNaN(s.focalNaive)})
	}
	s.infoText = "loss (core info_nce) " + f3(s.infoNCE) + "  =  cross-entropy of the normalised matrix " + f3(s.infoFromSim)
	s.noNormText = "without normalising: " + f3(s.infoNoNorm)
}

func (s *lossScene) drawInfoNCE(c viz.Canvas, r viz.Rect) {
	title := "InfoNCE (021): S = cos(z_a, z_b)/τ, diagonal masked (×), positives green"
	if s.pitNoNorm {
		title = "InfoNCE pitfall: S = z_a·z_b/τ, not normalised"
	}
	r = caption(c, r, title)
	m := 2 * lossPairs
	info, grid := r.CutBottom(40)
	g := gridRect(grid, m, m, 40)
	g.X += (grid.W - g.W) / 2
	s.simR = g
	cellGrid(c, g, &s.simBmp, m, m, s.simLabels)
	for i := 0; i < m; i++ {
		cr := cellRect(g, m, m, i, (i+lossPairs)%m)
		c.StrokeRect(cr.X+1, cr.Y+1, cr.W-2, cr.H-2, 2, viz.Good)
	}
	y := info.Y + 14
	c.Text(info.X, y, s.infoText, labelSize, viz.Ink, viz.AlignLeft)
	if s.pitNoNorm {
		c.Text(info.X, y+16, s.noNormText, labelSize, viz.Bad, viz.AlignLeft)
	}
}

func (s *lossScene) ptSpec() plot.Spec {
	sp := plot.Spec{Title: "focal loss vs p_t (core, α = 1)", XLabel: "p_t", YLabel: "loss", XMin: 0, XMax: 1, YMin: 0, YMax: 4.6}
	for g, gamma := range lossGammas {
		sp.Series = append(sp.Series, plot.Series{Label: "γ=" + strconv.FormatFloat(gamma, 'g', -1, 64), X: s.pt, Y: s.curves[g],
			Color: viz.Categorical(g), Width: 1.5})
	}
	sp.Series = append(sp.Series, plot.Series{Label: "γ=" + f2(s.gamma) + " (slider)", X: s.pt, Y: s.curves[len(lossGammas)],
		Color: viz.Ink, Width: 2.5, Dashed: true})
	return sp
}

func (s *lossScene) marginSpec() plot.Spec {
	sp := plot.Spec{Title: "focal loss, wrong by margin m: logits [−m, 0]", XLabel: "margin m", YLabel: "loss",
		XMin: 0, XMax: lossMaxMargin, YMin: 0, YMax: lossMaxMargin + 5}
	sp.Series = append(sp.Series, plot.Series{Label: "log-softmax (core)", X: s.margins, Y: s.marginCore, Color: viz.Good, Width: 2})
	if s.pitProbs && len(s.marginNaive) > 1 {
		sp.Series = append(sp.Series, plot.Series{Label: "probabilities first: Inf beyond m=" + strconv.FormatFloat(s.naiveInfAt, 'f', 1, 64),
			X: s.margins[:len(s.marginNaive)], Y: s.marginNaive, Color: viz.Bad, Width: 2, Dashed: true})
	}
	return sp
}

// fmtLoss formats a loss, spelling out the non-finite values the pitfalls
// produce.
func fmtLoss(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "−Inf"
	case math.Abs(v) >= 1e5:
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *lossScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *lossScene) buildReadout() []KV {
	if s.logits == nil || s.err != nil {
		return nil
	}
	kv := []KV{
		{"logit scale", strconv.FormatFloat(s.scale, 'f', -1, 64)},
		{"naive lse", fmtLoss(float64(s.naiveLSE))},
		{"stable lse", fmtLoss(s.stableLSE)},
		{"cross-entropy", fmtLoss(s.ce)},
		{"focal", fmtLoss(s.focal)},
		{"info_nce", fmtLoss(s.infoNCE)},
		{"info_nce from matrix", fmtLoss(s.infoFromSim)},
	}
	if s.pitProbs {
		kv = append(kv, KV{"focal, probabilities first", fmtLoss(s.focalNaive)},
			KV{"pitfall Inf from margin", strconv.FormatFloat(s.naiveInfAt, 'f', 1, 64)})
	}
	if s.pitNoNorm {
		kv = append(kv, KV{"info_nce not normalised", fmtLoss(s.infoNoNorm)})
	}
	return kv
}
