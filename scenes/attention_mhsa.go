package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/embed"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The views of problems 003 (multi-head self-attention) and 004 (causal
// masking): one scene, two timelines. Every tensor shown comes from
// attention.MHSATrace; the pitfalls come from core/mistakes.

// mhsaWidth is the model width D: small enough to read every cell, and
// divisible by every head count offered.
const mhsaWidth = 8

// mhsaSentence supplies the tokens; repeated words share an embedding.
var mhsaSentence = []string{"the", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired"}

// mhsaHeads are the head counts of the heads choice.
var mhsaHeads = []int{1, 2, 4}

// Inspection groups of the attention views.
const (
	grpX = iota + 1
	grpQ
	grpK
	grpV
	grpQh // a head's slice of Q, K or V: Index is the cell, the head is in mhsaView.headOf
	grpKh
	grpVh
	grpScores
	grpMasked
	grpWeights
	grpHeads
	grpMerged
	grpY
	grpBad   // the pitfall's weights
	grpToken // a token of the arc picture
	// grpHead0 + i is head i's output in the merge stage.
	grpHead0 = 100
)

// mhsaStep is one step of the attention timelines.
type mhsaStep int

const (
	stInput mhsaStep = iota
	stProject
	stSplit
	stScores
	stMask
	stSoftmax
	stWeighted
	stMerge
	stOutput
	stAttend // 004: one query at a time, its arcs to the keys it sees
)

type mhsaView struct {
	problem string
	// params
	n, heads, head int
	causal         bool
	sharp          float64
	seed           uint64
	pitfall        string
	// computed
	x     *core.Tensor
	w     attention.MHSAWeights
	st    *attention.MHSAStages
	bad   *core.Tensor // the pitfall's weights [1,h,N,N], nil without one
	badFn string       // the mistakes function that computed bad
	// badTitle is the pitfall panel's title.
	badTitle string
	steps    []mhsaStep
	query    []int // for stAttend steps: the query shown
	tl       scene.Timeline
	// pictures, rebuilt by Reset
	hx, hq, hk, hv, hy, hmerged heat
	hqh, hkh, hvh, hheads       []heat
	hscores, hmasked, hweights  []heat
	hbad                        heat
	// layout of the last Draw, for the arcs
	tokX []float64
	// labels made by Reset: token rows, channel columns per head offset.
	rowLabels []string
	colLabels map[[2]int][]string
	// readout of the step last asked, remade when the step changes.
	roStep int
	ro     []scene.KV
	// optsMemo keeps the heat labels made for each panel (a title is a
	// concatenation: remaking it every frame would allocate).
	optsMemo map[optsKey]heatOpts
	// sumLabels are the row sums of the weights as text, per head; badSums
	// the pitfall's.
	sumLabels [][]string
	badSums   []string
	// quiz: draw only the version the pitfall selects, unnamed.
	quiz bool
}

type optsKey struct {
	name                    string
	head, group, rows, cols int
	col0                    int
}

func newMHSAView(problem string) *mhsaView { return &mhsaView{problem: problem} }

func (s *mhsaView) Info() scene.Info {
	p, _ := problems.Lookup(s.problem)
	in := scene.Info{ID: "attention", Problem: s.problem, Title: p.Title, Family: "attention", Statement: p.Statement}
	if s.problem == "003" {
		in.Formula = `Q = XW_q^\top,\; K = XW_k^\top,\; V = XW_v^\top;\quad \mathrm{head}_i = \mathrm{softmax}\left(\frac{Q_i K_i^\top}{\sqrt{d}}\right) V_i;\quad Y = [\mathrm{head}_1, \ldots, \mathrm{head}_h]\, W_o^\top`
		in.LookFor = "Follow one token through: its row of X becomes a row of Q, K and V; split heads cuts those rows into h pieces of d = D/h channels; " +
			"each head compares every query row with every key row (the score matrix, scaled by 1/√d), turns each row into weights that sum to 1, " +
			"and averages the value rows with them; merging puts the heads' pieces side by side again and the output projection mixes them. " +
			"The shapes in the caption are the interview answer: [B,N,D] → [B,h,N,d] → [B,h,N,N] → [B,h,N,d] → [B,N,D]. " +
			"The no-scale pitfall skips 1/√d: with larger scores the softmax rows turn almost one-hot."
	} else {
		in.Formula = `A = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d}} + M\right),\quad M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}`
		in.LookFor = "The mask is added to the scores before the softmax: the future keys get −∞, so their weights are exactly 0 and every row still sums to 1. " +
			"Step through the queries: token i attends only to tokens 0..i, itself included. The pitfalls: masking after the softmax zeroes the future " +
			"but leaves the rest as they were, so rows sum to less than 1; the strict triangle (tril with diagonal −1) hides a token from itself, " +
			"so the first token attends to nothing."
	}
	return in
}

func (s *mhsaView) Params() []scene.Param {
	ids := mistakeIDs(s.problem)
	n := 6.0
	if s.problem == "004" {
		n = 8
	}
	ps := []scene.Param{
		{Name: "tokens", Label: "tokens N", Kind: scene.Int, Min: 3, Max: 10, Step: 1, Default: n},
		{Name: "heads", Label: "heads h", Kind: scene.Choice, Choices: []string{"1", "2", "4"}, Default: 1,
			Help: "D = 8 channels are split into h heads of d = 8/h"},
		{Name: "head", Label: "head shown", Kind: scene.Int, Min: 0, Max: 3, Step: 1, Default: 0},
	}
	if s.problem == "003" {
		ps = append(ps, scene.Param{Name: "causal", Label: "causal mask", Kind: scene.Bool, Help: "mask the future keys (problem 004)"})
	}
	ps = append(ps,
		scene.Param{Name: "sharpness", Label: "weight scale", Kind: scene.Float, Min: 0.25, Max: 4, Step: 0.25, Default: 2,
			Help: "scales the random query and key projections: larger scores, peakier softmax"},
		scene.Param{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(ids...))
	return ps
}

// mistakeIDs lists the catalogued mistakes of a problem's view.
func mistakeIDs(problem string) []string {
	var ids []string
	for _, m := range mistakes.ForProblem(problem) {
		ids = append(ids, m.ID)
	}
	return ids
}

func (s *mhsaView) Presets() []scene.Preset {
	if s.problem == "003" {
		return []scene.Preset{
			{Name: "Two heads", Values: scene.Values{"heads": 1}},
			{Name: "Four heads of d = 2", Values: scene.Values{"heads": 2, "tokens": 5}},
			{Name: "Pitfall: no 1/√d", Values: scene.Values{"pitfall": 1, "sharpness": 3}},
		}
	}
	return []scene.Preset{
		{Name: "Pitfall: mask after softmax", Values: scene.Values{"pitfall": 1}},
		{Name: "Pitfall: diagonal masked", Values: scene.Values{"pitfall": 2}},
		{Name: "Soft attention", Values: scene.Values{"sharpness": 0.5, "tokens": 10}},
	}
}

// Applies implements scene.Applier.
func (s *mhsaView) Applies(name string, v scene.Values) string {
	if name == "head" {
		return headApplies(v, mhsaHeads[int(v["heads"])])
	}
	return ""
}

func (s *mhsaView) Reset(v scene.Values) error {
	s.n = int(v["tokens"])
	s.heads = mhsaHeads[clampInt(int(v["heads"]), 0, len(mhsaHeads)-1)]
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.causal = s.problem == "004" || v["causal"] != 0
	s.sharp, s.seed = v["sharpness"], uint64(v["seed"])
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		s.pitfall = s.Params()[len(s.Params())-1].Choices[i]
	}
	s.x, s.w = mhsaInputs(s.n, s.sharp, s.seed)
	st, err := attention.MHSATrace(s.x, s.w, s.heads, s.causal)
	if err != nil {
		return err
	}
	s.st = st
	if err := s.computePitfall(); err != nil {
		return err
	}
	s.rowLabels = s.rowLabels[:0]
	for i := range s.n {
		s.rowLabels = append(s.rowLabels, strconv.Itoa(i)+" "+mhsaSentence[i%len(mhsaSentence)])
	}
	s.roStep, s.ro = -1, nil
	clear(s.optsMemo)
	s.sumLabels = s.sumLabels[:0]
	for hh := range s.heads {
		s.sumLabels = append(s.sumLabels, rowSumLabels(st.Weights.Data[hh*s.n*s.n:(hh+1)*s.n*s.n], s.n))
	}
	s.badSums = nil
	if s.bad != nil {
		s.badSums = rowSumLabels(s.bad.Data[s.head*s.n*s.n:(s.head+1)*s.n*s.n], s.n)
	}
	s.buildTimeline()
	s.buildHeats()
	return nil
}

// sentenceX is x [1, n, d] for the first n words of mhsaSentence (round
// again when n is longer): one embedding per word, drawn from rng where
// the word first appears, so repeated words are alike.
func sentenceX(rng *rand.Rand, n, d int) *core.Tensor {
	words := map[string][]float32{}
	x := core.New(1, n, d)
	for i := range n {
		wd := mhsaSentence[i%len(mhsaSentence)]
		e, ok := words[wd]
		if !ok {
			e = make([]float32, d)
			for j := range e {
				e[j] = float32(rng.NormFloat64())
			}
			words[wd] = e
		}
		copy(x.Data[i*d:], e)
	}
	return x
}

// mhsaInputs builds x [1,N,D] (a word embedding plus the sinusoidal
// position code) and the four projections, deterministically from seed.
func mhsaInputs(n int, sharp float64, seed uint64) (*core.Tensor, attention.MHSAWeights) {
	rng := rand.New(rand.NewPCG(seed, 0xa77e))
	x := sentenceX(rng, n, mhsaWidth)
	pos := make([]float32, n)
	for i := range pos {
		pos[i] = float32(i)
	}
	if pe, err := embed.TimestepEmbedding(pos, mhsaWidth, embed.Interleaved); err == nil {
		for k := range x.Data {
			x.Data[k] += 0.5 * pe.Data[k]
		}
	}
	lin := func(scale float64) attention.Linear {
		w, b := core.New(mhsaWidth, mhsaWidth), core.New(mhsaWidth)
		sd := scale / math.Sqrt(mhsaWidth)
		for i := range w.Data {
			w.Data[i] = float32(rng.NormFloat64() * sd)
		}
		for i := range b.Data {
			b.Data[i] = float32(rng.NormFloat64() * 0.1)
		}
		return attention.Linear{W: w, B: b}
	}
	qk := math.Sqrt(sharp)
	return x, attention.MHSAWeights{Q: lin(qk), K: lin(qk), V: lin(1), Out: lin(1)}
}

// computePitfall runs the catalogued mistake on the same heads.
func (s *mhsaView) computePitfall() error {
	s.bad, s.badFn = nil, ""
	var fn func(q, k, v, mask *core.Tensor, causal bool) (*core.Tensor, *core.Tensor, error)
	switch s.pitfall {
	case "":
		return nil
	case "no-scale":
		fn, s.badFn = mistakes.NoScale, "mistakes.NoScale"
	case "mask-after-softmax":
		fn, s.badFn = mistakes.MaskAfterSoftmax, "mistakes.MaskAfterSoftmax"
	case "mask-diagonal":
		fn, s.badFn = mistakes.MaskDiagonal, "mistakes.MaskDiagonal"
	default:
		return nil
	}
	_, attn, err := fn(s.st.Qh, s.st.Kh, s.st.Vh, nil, s.causal)
	if err != nil {
		return err
	}
	s.bad = attn
	s.badTitle = "pitfall: " + s.pitfall
	return nil
}

// buildTimeline lists the steps of this problem's process.
func (s *mhsaView) buildTimeline() {
	n, h, d, D := s.n, s.heads, mhsaWidth/s.heads, mhsaWidth
	bnd := shapeOf(1, n, D)
	bhnd := shapeOf(1, h, n, d)
	bhnn := shapeOf(1, h, n, n)
	s.steps, s.query, s.tl = s.steps[:0], s.query[:0], s.tl[:0]
	add := func(k mhsaStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.query = append(s.query, -1)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	if s.problem == "003" {
		add(stInput, "input", "Each row of X is one token: its word embedding plus its position code, D = 8 numbers.", "X "+bnd, 1.5)
		add(stProject, "project", "Three Linear layers give every token a query, a key and a value: $Q = XW_q^\\top + b_q$, and the same for K and V.", "X "+bnd+" → Q, K, V "+bnd, 2.5)
		add(stSplit, "split heads", "view(B, N, h, d).transpose(1, 2): head "+strconv.Itoa(s.head)+" takes channels "+
			strconv.Itoa(s.head*d)+"–"+strconv.Itoa(s.head*d+d-1)+" of every token.", bnd+" → "+bhnd, 2.5)
		add(stScores, "scores", "Score (i, j) is query row i · key row j, divided by $\\sqrt{d}$ = "+fmtNum(math.Sqrt(float64(d)))+": watch the row and column that make each cell.", bhnd+" · "+shapeOf(1, h, d, n)+" → "+bhnn, 3)
		if s.causal {
			add(stMask, "mask", "Keys after the query get −∞ before the softmax (grey): the future is removed.", bhnn+" + mask "+shapeOf(n, n), 2)
		}
		add(stSoftmax, "softmax", "softmax over each row: the weights of a query are positive and sum to 1 (the sums are at the right).", bhnn+" → "+bhnn, 2.5)
		add(stWeighted, "weighted sum", "Each head's output row i is the weighted average of the value rows, with row i of the weights.", bhnn+" · "+bhnd+" → "+bhnd, 2.5)
		add(stMerge, "merge heads", "transpose(1, 2).reshape(B, N, D): the heads' pieces sit side by side again, channel for channel.", bhnd+" → "+bnd, 2)
		add(stOutput, "output projection", "A last Linear layer mixes the heads: $Y = \\mathrm{merged}\\, W_o^\\top + b_o$.", bnd+" → Y "+bnd, 2)
		return
	}
	add(stScores, "scores", "Scores $QK^\\top/\\sqrt{d}$ of head "+strconv.Itoa(s.head)+": row i is how much query token i matches each key.", bhnd+" · "+shapeOf(1, h, d, n)+" → "+bhnn, 2)
	add(stMask, "mask", "torch.tril(ones(N, N)) keeps j ≤ i; the rest (grey) is filled with −∞ before the softmax.", bhnn+" + mask "+shapeOf(n, n), 2)
	add(stSoftmax, "softmax", "exp(−∞) = 0: the future gets weight exactly 0, and every row still sums to 1.", bhnn+" → "+bhnn, 2)
	for i := range n {
		s.steps = append(s.steps, stAttend)
		s.query = append(s.query, i)
		s.tl = append(s.tl, scene.Step{Stage: "attend",
			Caption: "Query " + strconv.Itoa(i) + " \"" + mhsaSentence[i%len(mhsaSentence)] + "\" averages the values of tokens 0.." + strconv.Itoa(i) + ": itself and the past, never the future.",
			Shapes:  "weights row " + shapeOf(n) + " · V " + shapeOf(n, d) + " → " + shapeOf(d), Seconds: 1.2})
	}
}

// buildHeats repaints every matrix the timeline shows.
func (s *mhsaView) buildHeats() {
	st, n, D, h := s.st, s.n, mhsaWidth, s.heads
	d := D / h
	set := func(ht *heat, t *core.Tensor, rows, cols int) {
		lo, hi := symmetric(t.Data)
		ht.set(t.Data, rows, cols, viz.BlueWhiteRed, lo, hi, nil)
	}
	set(&s.hx, st.X, n, D)
	set(&s.hq, st.Q, n, D)
	set(&s.hk, st.K, n, D)
	set(&s.hv, st.V, n, D)
	set(&s.hmerged, st.Merged, n, D)
	set(&s.hy, st.Y, n, D)
	grow := func(hs []heat) []heat {
		if cap(hs) < h {
			return make([]heat, h)
		}
		return hs[:h]
	}
	s.hqh, s.hkh, s.hvh, s.hheads = grow(s.hqh), grow(s.hkh), grow(s.hvh), grow(s.hheads)
	s.hscores, s.hmasked, s.hweights = grow(s.hscores), grow(s.hmasked), grow(s.hweights)
	future := make([]bool, n*n)
	for i := range n {
		for j := i + 1; j < n; j++ {
			future[i*n+j] = s.causal
		}
	}
	slo, shi := symmetric(st.Scores.Data)
	for hh := range h {
		part := func(t *core.Tensor, sz int) []float32 { return t.Data[hh*sz : (hh+1)*sz] }
		lo, hi := symmetric(st.Qh.Data)
		s.hqh[hh].set(part(st.Qh, n*d), n, d, viz.BlueWhiteRed, lo, hi, nil)
		lo, hi = symmetric(st.Kh.Data)
		s.hkh[hh].set(part(st.Kh, n*d), n, d, viz.BlueWhiteRed, lo, hi, nil)
		lo, hi = symmetric(st.Vh.Data)
		s.hvh[hh].set(part(st.Vh, n*d), n, d, viz.BlueWhiteRed, lo, hi, nil)
		lo, hi = symmetric(st.Heads.Data)
		s.hheads[hh].set(part(st.Heads, n*d), n, d, viz.BlueWhiteRed, lo, hi, nil)
		s.hscores[hh].set(part(st.Scores, n*n), n, n, viz.BlueWhiteRed, slo, shi, nil)
		s.hmasked[hh].set(part(st.Masked, n*n), n, n, viz.BlueWhiteRed, slo, shi, future)
		s.hweights[hh].set(part(st.Weights, n*n), n, n, viz.Viridis, 0, 1, future)
	}
	if s.bad != nil {
		var badMask []bool
		if s.pitfall == "mask-diagonal" {
			badMask = make([]bool, n*n)
			for i := range n {
				for j := i; j < n; j++ {
					badMask[i*n+j] = true
				}
			}
		} else if s.causal {
			badMask = future
		}
		s.hbad.set(s.bad.Data[s.head*n*n:(s.head+1)*n*n], n, n, viz.Viridis, 0, 1, badMask)
	}
}

func (s *mhsaView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer.
func (s *mhsaView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *mhsaView) Explain(variant int) string {
	right := "The right version adds −∞ above the diagonal before the softmax: the future gets weight 0, the token sees itself, and every row sums to 1."
	if s.problem == "003" {
		right = "The right version divides the scores by √d before the softmax, so the weights stay soft as d grows."
	}
	return quizExplain(s.problem, variant, right)
}

// quizWeights is the heat and row sums of the version under test in quiz
// mode: the pitfall's when one is selected, else the right one.
func (s *mhsaView) quizWeights() (*heat, []string, int) {
	if s.bad != nil {
		return &s.hbad, s.badSums, grpBad
	}
	return &s.hweights[s.head], s.sumLabels[s.head], grpWeights
}

// tokens are the row labels: the words (made by Reset).
func (s *mhsaView) tokens() []string { return s.rowLabels }

// channelLabels are n column labels counting from `from`, made once.
func (s *mhsaView) channelLabels(from, n int) []string {
	k := [2]int{from, n}
	if l, ok := s.colLabels[k]; ok {
		return l
	}
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(from + i)
	}
	if s.colLabels == nil {
		s.colLabels = map[[2]int][]string{}
	}
	s.colLabels[k] = out
	return out
}

func (s *mhsaView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case stInput:
		s.hx.draw(c, fitWidth(area, 420), f, s.opts("X", "input", grpX, s.n, mhsaWidth, 0))
	case stProject:
		cells := flowCells(area, 4, 26, 150)
		s.hx.draw(c, cells[0], f, s.opts("X", "input", grpX, s.n, mhsaWidth, 0))
		s.hq.draw(c, cells[1], f, s.opts("Q", "", grpQ, s.n, mhsaWidth, 0))
		s.hk.draw(c, cells[2], f, s.opts("K", "", grpK, s.n, mhsaWidth, 0))
		s.hv.draw(c, cells[3], f, s.opts("V", "", grpV, s.n, mhsaWidth, 0))
		flowArrows(c, cells[:2])
	case stSplit:
		s.drawSplit(c, area, f)
	case stScores:
		s.drawScores(c, area, f)
	case stMask:
		s.drawMaskStage(c, area, f, &s.hmasked[s.head], "scores + mask", grpMasked)
	case stSoftmax:
		s.drawMaskStage(c, area, f, &s.hweights[s.head], "weights A", grpWeights)
	case stWeighted:
		cells := flowCells(area, 3, 26, 160)
		s.hweights[s.head].draw(c, cells[0], f, s.headOpts("A", grpWeights, s.n, s.n))
		s.hvh[s.head].draw(c, cells[1], f, s.headOpts("V", grpVh, s.n, mhsaWidth/s.heads))
		s.hheads[s.head].draw(c, cells[2], f, s.headOpts("A·V", grpHeads, s.n, mhsaWidth/s.heads))
	case stMerge:
		cells := flowCells(area, 2, 30, 200)
		d := mhsaWidth / s.heads
		// Every head's output, stacked, then merged.
		col := cells[0]
		hh := (col.H - float64(s.heads-1)*8) / float64(s.heads)
		for i := range s.heads {
			r := viz.Rect{X: col.X, Y: col.Y + float64(i)*(hh+8), W: col.W, H: hh}
			o := s.opts("head "+strconv.Itoa(i), "", grpHead0+i, s.n, d, i*d)
			o.Shape, o.NoScale = shapeOf(s.n, d), s.heads > 1
			if s.heads > 1 {
				o.RowLabels = nil
			}
			s.hheads[i].draw(c, r, f, o)
		}
		s.hmerged.draw(c, cells[1], f, s.opts("merged", "", grpMerged, s.n, mhsaWidth, 0))
		flowArrows(c, cells)
	case stOutput:
		cells := flowCells(area, 2, 30, 200)
		s.hmerged.draw(c, cells[0], f, s.opts("merged", "", grpMerged, s.n, mhsaWidth, 0))
		s.hy.draw(c, cells[1], f, s.opts("Y", "output", grpY, s.n, mhsaWidth, 0))
		flowArrows(c, cells)
	case stAttend:
		s.drawAttend(c, area, f, s.query[k])
	}
}

// fitWidth narrows r to at most w, keeping it at the left.
func fitWidth(r viz.Rect, w float64) viz.Rect {
	r.W = min(r.W, w)
	return r
}

// memo returns the labels of a panel, made once per Reset.
func (s *mhsaView) memo(k optsKey, make func() heatOpts) heatOpts {
	if o, ok := s.optsMemo[k]; ok {
		return o
	}
	if s.optsMemo == nil {
		s.optsMemo = map[optsKey]heatOpts{}
	}
	o := make()
	s.optsMemo[k] = o
	return o
}

// opts labels a [N, cols] tensor: tokens down, channels from col0 across.
func (s *mhsaView) opts(name, what string, group, rows, cols, col0 int) heatOpts {
	return s.memo(optsKey{name: name + "\x00" + what, group: group, rows: rows, cols: cols, col0: col0, head: -1},
		func() heatOpts { return s.makeOpts(name, what, group, rows, cols, col0) })
}

func (s *mhsaView) makeOpts(name, what string, group, rows, cols, col0 int) heatOpts {
	title := name
	if what != "" {
		title = name + " (" + what + ")"
	}
	return heatOpts{Title: title, Shape: shapeOf(1, rows, cols), RowLabels: s.tokens(), ColLabels: s.channelLabels(col0, cols),
		ColTitle: "channel", Group: group}
}

// headOpts labels head s.head's slice of a [1,h,N,cols] tensor.
func (s *mhsaView) headOpts(name string, group, rows, cols int) heatOpts {
	return s.memo(optsKey{name: name, head: s.head, group: group, rows: rows, cols: cols},
		func() heatOpts { return s.makeHeadOpts(name, group, rows, cols) })
}

func (s *mhsaView) makeHeadOpts(name string, group, rows, cols int) heatOpts {
	o := heatOpts{Title: name + ", head " + strconv.Itoa(s.head), Shape: shapeOf(1, s.heads, rows, cols),
		RowLabels: s.tokens(), Group: group}
	if cols == s.n && (group == grpWeights || group == grpScores || group == grpMasked || group == grpBad) {
		o.ColLabels, o.ColTitle, o.RowTitle = s.channelLabels(0, cols), "key", "query"
	} else {
		o.ColLabels, o.ColTitle = s.channelLabels(s.head*cols, cols), "channel"
	}
	return o
}

// drawSplit shows Q's columns cut into heads, then head s.head's Qh, Kh, Vh.
func (s *mhsaView) drawSplit(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	cells := flowCells(area, 4, 26, 140)
	qCells := s.hq.draw(c, cells[0], f, s.opts("Q", "", grpQ, s.n, mhsaWidth, 0))
	d := mhsaWidth / s.heads
	if qCells.W > 0 {
		cw := qCells.W / mhsaWidth
		for i := range s.heads {
			col := viz.Categorical(i)
			w := 2.0
			if i == s.head {
				w = 3
			}
			c.StrokeRect(qCells.X+float64(i*d)*cw, qCells.Y, float64(d)*cw, qCells.H, w, col)
		}
	}
	s.hqh[s.head].draw(c, cells[1], f, s.headOpts("Qh", grpQh, s.n, d))
	s.hkh[s.head].draw(c, cells[2], f, s.headOpts("Kh", grpKh, s.n, d))
	s.hvh[s.head].draw(c, cells[3], f, s.headOpts("Vh", grpVh, s.n, d))
	flowArrows(c, cells[:2])
}

// drawScores shows Qh and Kh beside the scores, and sweeps the cell being
// computed: row i of Qh and row j of Kh light up as (i, j) fills in.
func (s *mhsaView) drawScores(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	d := mhsaWidth / s.heads
	cells := flowCells(area, 3, 26, 150)
	qc := s.hqh[s.head].draw(c, cells[0], f, s.headOpts("Qh", grpQh, s.n, d))
	kc := s.hkh[s.head].draw(c, cells[1], f, s.headOpts("Kh", grpKh, s.n, d))
	sc := s.hscores[s.head].draw(c, cells[2], f, s.headOpts("scores S", grpScores, s.n, s.n))
	cell := min(int(f.Frac*float64(s.n*s.n)), s.n*s.n-1)
	i, j := cell/s.n, cell%s.n
	if fi, ok := f.Focused(grpScores); ok {
		i, j = fi/s.n, fi%s.n
	}
	if qc.W > 0 && kc.W > 0 && sc.W > 0 {
		outlineRow(c, qc, s.n, i, viz.Accent)
		outlineRow(c, kc, s.n, j, viz.Accent)
		outlineCell(c, sc, s.n, s.n, i, j, viz.Accent)
	}
}

// drawMaskStage shows the masked scores or the weights of the shown head,
// with each row's sum, and the pitfall's weights beside them.
func (s *mhsaView) drawMaskStage(c viz.Canvas, area viz.Rect, f *scene.Frame, ht *heat, name string, group int) {
	n := s.n
	if s.quiz && group == grpWeights {
		ht, sums, g := s.quizWeights()
		s.drawWithSums(c, fitWidth(area, 520), f, ht, "weights A", g, sums)
		return
	}
	if s.bad != nil && group == grpWeights {
		cells := flowCells(area, 2, 30, 230)
		s.drawWithSums(c, cells[0], f, ht, "right: weights A", group, s.sumLabels[s.head])
		s.drawWithSums(c, cells[1], f, &s.hbad, s.badTitle, grpBad, s.badSums)
		return
	}
	var sums []string
	if group == grpWeights {
		sums = s.sumLabels[s.head]
	}
	_ = n
	s.drawWithSums(c, fitWidth(area, 520), f, ht, name, group, sums)
}

// rowSumLabels are the sums of an n×n matrix's rows as text.
func rowSumLabels(w []float32, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f2(sum32(w[i*n : (i+1)*n]))
	}
	return out
}

// drawWithSums draws a weight matrix with each row's sum at its right
// (green when it is 1, red otherwise); sums nil draws none.
func (s *mhsaView) drawWithSums(c viz.Canvas, r viz.Rect, f *scene.Frame, ht *heat, title string, group int, sums []string) {
	n := s.n
	sumW := 0.0
	if sums != nil {
		sumW = c.TextWidth("sum 0.00", kitLabel) + 8
	}
	o := s.headOpts(title, group, n, n)
	side, body := r.CutRight(sumW)
	cells := ht.draw(c, body, f, o)
	if sums == nil || cells.W == 0 {
		return
	}
	ch := cells.H / float64(n)
	lh := viz.LineHeight(kitLabel)
	every := int(math.Ceil(lh / ch))
	c.Text(side.X+4, cells.Y-4, "sum", kitLabel, viz.InkMuted, viz.AlignLeft)
	for i := 0; i < n; i += every {
		col := viz.Good
		if sums[i] != "1.00" {
			col = viz.Bad
		}
		c.Text(side.X+4, cells.Y+(float64(i)+0.5)*ch+kitLabel*0.35, sums[i], kitLabel, col, viz.AlignLeft)
	}
}

func sum32(xs []float32) float64 {
	t := 0.0
	for _, x := range xs {
		t += float64(x)
	}
	return t
}

// drawAttend is 004's walk over the queries: the weights with the query's
// row outlined, and the arcs from the query to the keys it sees (the
// pitfall's arcs beside, in red).
func (s *mhsaView) drawAttend(c viz.Canvas, area viz.Rect, f *scene.Frame, q int) {
	n := s.n
	top, bottom := area.CutTop(area.H * 0.55)
	var cells viz.Rect
	switch {
	case s.quiz:
		ht, _, g := s.quizWeights()
		cells = ht.draw(c, fitWidth(top, 420), f, s.headOpts("weights A", g, n, n))
	case s.bad != nil:
		cols := flowCells(top, 2, 30, 200)
		cells = s.hweights[s.head].draw(c, cols[0], f, s.headOpts("right: weights A", grpWeights, n, n))
		bc := s.hbad.draw(c, cols[1], f, s.headOpts(s.badTitle, grpBad, n, n))
		if bc.W > 0 {
			outlineRow(c, bc, n, q, viz.Bad)
		}
	default:
		cells = s.hweights[s.head].draw(c, fitWidth(top, 420), f, s.headOpts("weights A", grpWeights, n, n))
	}
	if cells.W > 0 {
		outlineRow(c, cells, n, q, viz.Accent)
	}
	s.drawArcs(c, bottom, f, q)
}

// drawArcs lays the tokens out in a row and draws arcs from query q to
// every key, as thick as its weight (the pitfall's weights as red arcs
// below the row).
func (s *mhsaView) drawArcs(c viz.Canvas, r viz.Rect, f *scene.Frame, q int) {
	n := s.n
	r = panel(c, r, "")
	step := r.W / float64(n)
	lh := viz.LineHeight(kitLabel)
	baseY := r.Y + r.H*0.55
	if s.bad == nil || s.quiz {
		baseY = r.Y + r.H - lh - 4
	}
	s.tokX = s.tokX[:0]
	row := s.st.Weights.Data[(s.head*n+q)*n : (s.head*n+q+1)*n]
	if s.quiz && s.bad != nil {
		row = s.bad.Data[(s.head*n+q)*n : (s.head*n+q+1)*n]
	}
	qx := r.X + (float64(q)+0.5)*step
	arcs := func(wts []float32, up bool, col viz.Color) {
		for j := range n {
			kx := r.X + (float64(j)+0.5)*step
			wt := float64(wts[j])
			if wt < 0.01 {
				continue
			}
			hgt := min(r.H*0.45-lh, 8+math.Abs(kx-qx)*0.3)
			sign := -1.0
			y0 := baseY - lh - 4
			if !up {
				sign, y0 = 1, baseY+8
			}
			px, py := qx, y0
			for k := 1; k <= 10; k++ {
				t := float64(k) / 10
				x := qx + (kx-qx)*t
				y := y0 + sign*4*hgt*t*(1-t)
				c.Line(px, py, x, y, 1+5*wt, viz.Fade(col, 0.3+0.7*wt))
				px, py = x, y
			}
		}
	}
	arcs(row, true, viz.Accent)
	if s.bad != nil && !s.quiz {
		arcs(s.bad.Data[(s.head*n+q)*n:(s.head*n+q+1)*n], false, viz.Bad)
	}
	for j := range n {
		kx := r.X + (float64(j)+0.5)*step
		s.tokX = append(s.tokX, kx)
		word := viz.Ellipsize(c, mhsaSentence[j%len(mhsaSentence)], kitLabel, step-4)
		col := viz.Ink
		switch {
		case j == q:
			col = viz.Accent
		case j > q:
			col = viz.InkMuted
		}
		c.Text(kx, baseY, word, kitLabel, col, viz.AlignCenter)
		tw := max(c.TextWidth(word, kitLabel), 16)
		f.Box(grpToken, j, viz.Rect{X: kx - tw/2, Y: baseY - kitLabel, W: tw, H: kitLabel + 4})
	}
}

// Readout implements scene.Readouter.
func (s *mhsaView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil || len(s.steps) == 0 {
		return nil
	}
	k := min(f.Step, len(s.steps)-1)
	if k == s.roStep {
		return s.ro
	}
	n := s.n
	kv := []scene.KV{
		{Key: "shape of X", Value: shapeOf(1, n, mhsaWidth)},
		{Key: "heads × head width", Value: strconv.Itoa(s.heads) + " × " + strconv.Itoa(mhsaWidth/s.heads)},
		{Key: "scale 1/√d", Value: fmtNum(s.st.Scale)},
	}
	q := s.query[k]
	if q < 0 {
		q = n - 1
	}
	row := s.st.Weights.Data[(s.head*n+q)*n : (s.head*n+q+1)*n]
	kv = append(kv, scene.KV{Key: "weights of query " + strconv.Itoa(q), Value: floatList(row)},
		scene.KV{Key: "its sum", Value: f3(sum32(row))})
	if s.bad != nil {
		brow := s.bad.Data[(s.head*n+q)*n : (s.head*n+q+1)*n]
		kv = append(kv, scene.KV{Key: "pitfall weights", Value: floatList(brow)},
			scene.KV{Key: "pitfall sum", Value: f3(sum32(brow))})
	}
	s.roStep, s.ro = k, kv
	return kv
}

// floatList formats numbers as "0.12 0.50 ...".
func floatList(xs []float32) string {
	b := make([]byte, 0, 6*len(xs))
	for i, x := range xs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendFloat(b, float64(x), 'f', 2, 64)
	}
	return string(b)
}

// Inspect implements scene.Inspector.
func (s *mhsaView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	st, n, D, h := s.st, s.n, mhsaWidth, s.heads
	d := D / h
	const src = "attention.MHSATrace (= attention.MHSA)"
	full := func(name, tensor string, x *core.Tensor) (scene.Inspection, bool) {
		return inspectCell(name, tensor, x.Data, []int{1, n, D}, []int{0, t.Index / D, t.Index % D}, src), true
	}
	head := func(name, tensor string, x *core.Tensor, cols int, hh int) scene.Inspection {
		return inspectCell(name, tensor, x.Data, []int{1, h, n, cols}, []int{0, hh, t.Index / cols, t.Index % cols}, src)
	}
	switch t.Group {
	case grpX:
		return full("input feature", "X", st.X)
	case grpQ:
		return full("query", "Q", st.Q)
	case grpK:
		return full("key", "K", st.K)
	case grpV:
		return full("value", "V", st.V)
	case grpMerged:
		return full("merged heads", "merged", st.Merged)
	case grpY:
		return full("output", "Y", st.Y)
	case grpQh:
		return head("query of head "+strconv.Itoa(s.head), "Qh", st.Qh, d, s.head), true
	case grpKh:
		return head("key of head "+strconv.Itoa(s.head), "Kh", st.Kh, d, s.head), true
	case grpVh:
		return head("value of head "+strconv.Itoa(s.head), "Vh", st.Vh, d, s.head), true
	case grpHeads:
		return head("output of head "+strconv.Itoa(s.head), "A·V", st.Heads, d, s.head), true
	case grpScores:
		in := head("score q·k/√d", "S", st.Scores, n, s.head)
		in.Detail = "query " + strconv.Itoa(t.Index/n) + " · key " + strconv.Itoa(t.Index%n) + ", scaled by " + fmtNum(st.Scale)
		return in, true
	case grpMasked:
		in := head("masked score", "S + M", st.Masked, n, s.head)
		if i, j := t.Index/n, t.Index%n; j > i {
			in.Detail = "key " + strconv.Itoa(j) + " comes after query " + strconv.Itoa(i) + ": masked to −∞"
		}
		return in, true
	case grpWeights:
		in := head("attention weight", "A", st.Weights, n, s.head)
		i := t.Index / n
		in.Detail = "row " + strconv.Itoa(i) + " sums to " + f3(sum32(st.Weights.Data[(s.head*n+i)*n:(s.head*n+i+1)*n]))
		return in, true
	case grpBad:
		name, fn := "pitfall weight ("+s.pitfall+")", s.badFn
		if s.quiz {
			name, fn = "attention weight", "the version under test"
		}
		in := inspectCell(name, "A", s.bad.Data, []int{1, h, n, n}, []int{0, s.head, t.Index / n, t.Index % n}, fn)
		i := t.Index / n
		in.Detail = "row " + strconv.Itoa(i) + " sums to " + f3(sum32(s.bad.Data[(s.head*n+i)*n:(s.head*n+i+1)*n]))
		return in, true
	case grpHead0, grpHead0 + 1, grpHead0 + 2, grpHead0 + 3:
		hh := t.Group - grpHead0
		return head("output of head "+strconv.Itoa(hh), "A·V", st.Heads, d, hh), true
	case grpToken:
		j := t.Index
		k := min(f.Step, len(s.steps)-1)
		q := max(s.query[k], 0)
		wt := st.Weights.Data[(s.head*n+q)*n+j]
		return scene.Inspection{Name: "weight of key " + strconv.Itoa(j) + " \"" + mhsaSentence[j%len(mhsaSentence)] + "\" for query " + strconv.Itoa(q),
			Value: fmtNum(float64(wt)), Tensor: "A", Index: shapeOf(0, s.head, q, j), Shape: shapeOf(1, h, n, n), Source: src}, true
	}
	return scene.Inspection{}, false
}
