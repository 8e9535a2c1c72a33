package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 017: LoRA on the query and value projections of an
// attention layer, and how the attention map moves as the adapters learn.
// Every tensor comes from attention.LoRATrace (= attention.LoRAMHSA, and
// its base with B = 0); the pitfall from mistakes.LoRAMHSANoScaling.

// loraD is the model width D.
const loraD = 8

// loraLevels is how many steps the training sweep takes from B = 0 to
// the trained B.
const loraLevels = 6

// Inspection groups of the LoRA attention view.
const (
	lgX         = iota + 1 // x [S, D]
	lgBase                 // the frozen layer's weights [S, S]
	lgMap                  // the adapted layer's weights [S, S]
	lgChange               // adapted − base [S, S]
	lgA                    // A of q [D, r]
	lgB                    // B of q [r, D]
	lgDW                   // ΔW of q [D, D]
	lgXA                   // x·A [S, r]
	lgUpd                  // the update (α/r)(x·A)B [S, D]
	lgQBase                // x·Wqᵀ [S, D]
	lgQ                    // the adapted q [S, D]
	lgK                    // k [S, D], no adapter
	lgBad                  // the pitfall's weights [S, S]
	lgBaseY                // the frozen layer's output [S, D]
	lgY                    // the adapted output [S, D]
	lgBadChange            // the pitfall's weights − base [S, S]
)

type loraStep int

const (
	lsBase loraStep = iota
	lsAdapters
	lsTrain
	lsQuery
	lsMap
	lsOutput
)

type loraAttnView struct {
	// params
	n, heads, head, r int
	alpha             float64
	seed              uint64
	pitfall           bool
	// computed
	x      *core.Tensor
	w      attention.LoRAWeights // the trained adapters
	st     *attention.LoRAStages // with the trained adapters
	levels []*attention.LoRAStages
	bad    *core.Tensor // the pitfall's weights [1, heads, S, S], nil without it
	steps  []loraStep
	level  []int // the training level of a step
	tl     scene.Timeline
	kv     []scene.KV // the readout, built by Reset
	// pictures
	hx, hbase, ha, hb, hdw, hxa, hupd, hqb, hq, hk, hbad, hby, hy heat
	hmap, hchange                                                 []heat // per level
	hbadChange                                                    heat
	chgMax                                                        float64
	tokLabels, chLabels, rLabels, keyLabels                       []string
	levelTitles                                                   []string
	dwShape                                                       string
	shapeX, shapeW, shapeA, shapeB                                string
}

func newLoRAAttnView() *loraAttnView { return &loraAttnView{} }

func (s *loraAttnView) Info() scene.Info {
	p, _ := problems.Lookup("017")
	return scene.Info{ID: "lora_attention", Problem: "017", Title: p.Title, Family: p.Family, Statement: p.Statement,
		Formula: `q = x W_q^\top + \frac{\alpha}{r}\,(x A_q) B_q,\quad k = x W_k^\top,\quad v = x W_v^\top + \frac{\alpha}{r}\,(x A_v) B_v;\quad ` +
			`\mathrm{softmax}\left(\frac{q k^\top}{\sqrt{d}}\right) v`,
		LookFor: "The base weights stay frozen; only the small factors A [D, r] and B [r, D] of q and v train, and k has none. " +
			"B starts at zero, so at initialisation the adapted layer is the base layer exactly: the same attention map. As B moves " +
			"away from zero the map changes, through q (which rows look where) and v (what they bring back), never through k. " +
			"The update (α/r)·A·B has rank at most r, and the layer never forms it: it computes x·A first ([S, r], cheap), then " +
			"multiplies by B. The pitfall drops α/r: with α/r = 4 the unscaled adapters move the map a quarter as far, which looks " +
			"like training that did nothing."}
}

func (s *loraAttnView) Params() []scene.Param {
	return []scene.Param{
		{Name: "tokens", Label: "tokens S", Kind: scene.Int, Min: 3, Max: 8, Step: 1, Default: 6},
		{Name: "heads", Label: "heads h", Kind: scene.Choice, Choices: []string{"1", "2", "4"}, Default: 0,
			Help: "D = 8 channels split into h heads of d = 8/h"},
		{Name: "head", Label: "head shown", Kind: scene.Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "r", Label: "rank r", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 2},
		{Name: "alpha", Label: "α", Kind: scene.Float, Min: 1, Max: 32, Step: 1, Default: 8, Help: "the update is scaled by α/r"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam("lora-no-scaling"),
	}
}

func (s *loraAttnView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: no α/r", Values: scene.Values{"pitfall": 1}},
		{Name: "Rank 1", Values: scene.Values{"r": 1, "alpha": 4}},
		{Name: "Two heads", Values: scene.Values{"heads": 1, "tokens": 8}},
	}
}

// Applies implements scene.Applier.
func (s *loraAttnView) Applies(name string, v scene.Values) string {
	if name == "head" {
		return headApplies(v, winHeadsOf(v))
	}
	return ""
}

func (s *loraAttnView) Reset(v scene.Values) error {
	s.n, s.r, s.alpha = int(v["tokens"]), int(v["r"]), v["alpha"]
	s.heads = winHeadsOf(v)
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.seed = uint64(v["seed"])
	s.pitfall = int(v["pitfall"]) == 1
	s.x, s.w = loraInputs(s.n, s.r, s.seed)
	// The training sweep: B from 0 to its trained value, every level
	// through the production op's trace.
	s.levels = s.levels[:0]
	for k := range loraLevels {
		wk := s.w
		wk.QB, wk.VB = scaled(s.w.QB, float64(k)/(loraLevels-1)), scaled(s.w.VB, float64(k)/(loraLevels-1))
		st, err := attention.LoRATrace(s.x, wk, s.heads, s.alpha)
		if err != nil {
			return err
		}
		s.levels = append(s.levels, st)
	}
	s.st = s.levels[loraLevels-1]
	s.bad = nil
	if s.pitfall {
		_, attn, err := mistakes.LoRAMHSANoScaling(s.x, s.w, s.heads)
		if err != nil {
			return err
		}
		s.bad = attn
	}
	s.buildTimeline()
	s.buildPictures()
	s.kv = s.buildReadout()
	return nil
}

// scaled returns t·k (a new tensor).
func scaled(t *core.Tensor, k float64) *core.Tensor {
	out := t.Clone()
	for i := range out.Data {
		out.Data[i] *= float32(k)
	}
	return out
}

// loraInputs builds x [1,S,D] (one embedding per word, repeated words
// alike), the frozen projections and the adapters of q and v: A as
// initialised, B as if trained.
func loraInputs(n, r int, seed uint64) (*core.Tensor, attention.LoRAWeights) {
	rng := rand.New(rand.NewPCG(seed, 0x10a))
	x := sentenceX(rng, n, loraD)
	mat := func(rows, cols int, sd float64) *core.Tensor {
		t := core.New(rows, cols)
		for i := range t.Data {
			t.Data[i] = float32(sd * rng.NormFloat64())
		}
		return t
	}
	// A: kaiming-uniform-like, bound 1/√D; B: what training might leave.
	uni := func(rows, cols int) *core.Tensor {
		t := core.New(rows, cols)
		b := 1 / math.Sqrt(loraD)
		for i := range t.Data {
			t.Data[i] = float32((2*rng.Float64() - 1) * b)
		}
		return t
	}
	sd := 1.4 / math.Sqrt(loraD)
	w := attention.LoRAWeights{Q: mat(loraD, loraD, sd), K: mat(loraD, loraD, sd), V: mat(loraD, loraD, 1/math.Sqrt(loraD)),
		QA: uni(loraD, r), VA: uni(loraD, r)}
	w.QB, w.VB = mat(r, loraD, 0.35), mat(r, loraD, 0.35)
	return x, w
}

func (s *loraAttnView) buildTimeline() {
	n, h, r, d := s.n, s.heads, s.r, loraD
	s.shapeX = shapeOf(1, n, d)
	s.shapeW = shapeOf(1, h, n, n)
	s.shapeA, s.shapeB = shapeOf(d, r), shapeOf(r, d)
	sc := fmtNum(s.alpha / float64(r))
	s.steps, s.level, s.tl = s.steps[:0], s.level[:0], s.tl[:0]
	add := func(k loraStep, lvl int, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.level = append(s.level, lvl)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(lsBase, 0, "frozen layer", "The frozen layer: q, k, v = $xW^\\top$ and its attention map, which LoRA starts from.",
		"x "+s.shapeX+" → weights "+s.shapeW, 1.5)
	add(lsAdapters, loraLevels-1, "adapters", "q and v get (α/r)·A·B, rank "+strconv.Itoa(r)+", α/r = "+sc+"; k gets nothing. B starts at 0.",
		"A "+s.shapeA+" · B "+s.shapeB+" × α/r → ΔW "+shapeOf(d, d), 3)
	for k := range loraLevels {
		frac := float64(k) / (loraLevels - 1)
		c := "B = " + f2(frac) + "·B*: the map moves away from the base as B grows."
		if k == 0 {
			c = "B = 0 at initialisation: the adapted map is the base map exactly."
		}
		add(lsTrain, k, "training", c, "weights "+s.shapeW+", B "+s.shapeB, 0.9)
	}
	add(lsQuery, loraLevels-1, "q path", "The layer computes x·A first (cheap, [S, r]), then ·B·α/r, and adds it to $xW_q^\\top$.",
		s.shapeX+" · A "+s.shapeA+" → "+shapeOf(1, n, r)+" · B "+s.shapeB+" → "+s.shapeX, 3)
	mc := "Trained adapters against the frozen layer: each query row now weighs the keys differently."
	switch sc := s.alpha / float64(r); {
	case !s.pitfall:
	case sc > 1:
		mc = "Without α/r the update is " + fmtNum(sc) + "× too small: the pitfall's map barely leaves the frozen one."
	case sc < 1:
		mc = "Without α/r the update is " + fmtNum(1/sc) + "× too large: the pitfall's map overshoots."
	default:
		mc = "Here α = r, so α/r = 1 and the pitfall changes nothing: try another α."
	}
	add(lsMap, loraLevels-1, "attention map", mc, s.shapeX+" → weights "+s.shapeW, 3)
	add(lsOutput, loraLevels-1, "output", "y = weights · v, heads merged (no output projection): v's adapter changes what comes back too.",
		s.shapeW+" · v "+shapeOf(1, h, n, d/h)+" → y "+s.shapeX, 2.5)
}

func (s *loraAttnView) buildPictures() {
	n, d, r := s.n, loraD, s.r
	st := s.st
	sym := func(h *heat, vals []float32, rows, cols int) {
		lo, hi := symmetric(vals)
		h.set(vals, rows, cols, viz.BlueWhiteRed, lo, hi, nil)
	}
	sym(&s.hx, s.x.Data, n, d)
	sym(&s.ha, s.w.QA.Data, d, r)
	sym(&s.hb, s.w.QB.Data, r, d)
	sym(&s.hdw, st.DeltaQ.Data, d, d)
	sym(&s.hxa, st.XAQ.Data, n, r)
	sym(&s.hupd, st.UpdQ.Data, n, d)
	lo, hi := symmetric(append(append([]float32(nil), st.QBase.Data...), st.Q.Data...))
	s.hqb.set(st.QBase.Data, n, d, viz.BlueWhiteRed, lo, hi, nil)
	s.hq.set(st.Q.Data, n, d, viz.BlueWhiteRed, lo, hi, nil)
	sym(&s.hk, st.K.Data, n, d)
	lo, hi = symmetric(append(append([]float32(nil), st.BaseY.Data...), st.Y.Data...))
	s.hby.set(st.BaseY.Data, n, d, viz.BlueWhiteRed, lo, hi, nil)
	s.hy.set(st.Y.Data, n, d, viz.BlueWhiteRed, lo, hi, nil)
	s.hbase.set(s.mapOf(st.BaseWeights), n, n, viz.Viridis, 0, 1, nil)
	s.hmap, s.hchange = growHeats(s.hmap, loraLevels), growHeats(s.hchange, loraLevels)
	last := s.levels[loraLevels-1]
	s.chgMax = 0
	for i, v := range s.mapOf(last.Weights) {
		s.chgMax = max(s.chgMax, math.Abs(float64(v-s.mapOf(last.BaseWeights)[i])))
	}
	if s.bad != nil {
		for i, v := range s.mapOf(s.bad) {
			s.chgMax = max(s.chgMax, math.Abs(float64(v-s.mapOf(last.BaseWeights)[i])))
		}
	}
	s.chgMax = max(s.chgMax, 1e-3)
	for k, lv := range s.levels {
		s.hmap[k].set(s.mapOf(lv.Weights), n, n, viz.Viridis, 0, 1, nil)
		chg := make([]float32, n*n)
		for i, v := range s.mapOf(lv.Weights) {
			chg[i] = v - s.mapOf(lv.BaseWeights)[i]
		}
		s.hchange[k].set(chg, n, n, viz.BlueWhiteRed, -s.chgMax, s.chgMax, nil)
	}
	if s.bad != nil {
		s.hbad.set(s.mapOf(s.bad), n, n, viz.Viridis, 0, 1, nil)
		chg := make([]float32, n*n)
		for i, v := range s.mapOf(s.bad) {
			chg[i] = v - s.mapOf(last.BaseWeights)[i]
		}
		s.hbadChange.set(chg, n, n, viz.BlueWhiteRed, -s.chgMax, s.chgMax, nil)
	}
	s.tokLabels = s.tokLabels[:0]
	for i := range n {
		s.tokLabels = append(s.tokLabels, strconv.Itoa(i)+" "+mhsaSentence[i%len(mhsaSentence)])
	}
	s.chLabels, s.rLabels, s.keyLabels = indexLabels(0, d), indexLabels(0, r), indexLabels(0, n)
	s.levelTitles = s.levelTitles[:0]
	for k := range loraLevels {
		s.levelTitles = append(s.levelTitles, "adapted, B = "+f2(float64(k)/(loraLevels-1))+"·B*")
	}
	s.dwShape = shapeOf(d, d) + ", rank " + strconv.Itoa(r)
}

// mapOf is the head shown's [S, S] block of weights [1, heads, S, S].
func (s *loraAttnView) mapOf(w *core.Tensor) []float32 {
	n := s.n
	return w.Data[s.head*n*n : (s.head+1)*n*n]
}

func (s *loraAttnView) Timeline() scene.Timeline { return s.tl }

func (s *loraAttnView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 || area.W < 20 || area.H < 20 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case lsBase:
		cells := flowCells(area, 2, 30, 200)
		xc := s.hx.drawFit(c, cells[0], f, s.tokOpts("x", s.shapeX, "channel", s.chLabels, lgX))
		mc := s.hbase.drawFit(c, cells[1], f, s.mapOpts("frozen layer's weights", lgBase))
		if q := min(int(f.Frac*float64(s.n)), s.n-1); mc.W > 0 && xc.W > 0 {
			outlineRow(c, mc, s.n, q, viz.Accent)
			outlineRow(c, xc, s.n, q, viz.Accent)
		}
	case lsAdapters:
		s.drawAdapters(c, area, f)
	case lsTrain:
		s.drawTrain(c, area, f, s.level[k])
	case lsQuery:
		s.drawQuery(c, area, f)
	case lsMap:
		s.drawMap(c, area, f)
	case lsOutput:
		cells := flowCells(area, 2, 30, 200)
		s.hby.drawFit(c, cells[0], f, s.tokOpts("y, frozen", s.shapeX, "channel", s.chLabels, lgBaseY))
		s.hy.drawFit(c, cells[1], f, s.tokOpts("y, with adapters", s.shapeX, "channel", s.chLabels, lgY))
	}
}

// tokOpts labels an [S, cols] tensor: tokens down.
func (s *loraAttnView) tokOpts(title, shape, colTitle string, cols []string, group int) heatOpts {
	return heatOpts{Title: title, Shape: shape, RowTitle: "token ↓", RowLabels: s.tokLabels, ColTitle: colTitle, ColLabels: cols,
		Group: group, MaxCell: 40}
}

// mapOpts labels an attention map of the head shown.
func (s *loraAttnView) mapOpts(title string, group int) heatOpts {
	return heatOpts{Title: title, Shape: s.shapeW, RowTitle: "query ↓", RowLabels: s.tokLabels, ColTitle: "key",
		ColLabels: s.keyLabels, Group: group, MaxCell: 44}
}

// drawAdapters shows A · B × α/r = ΔW for q.
func (s *loraAttnView) drawAdapters(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	cells := flowCells(area, 3, 26, 150)
	ao := heatOpts{Title: "A of q", Shape: s.shapeA, RowTitle: "in ↓", RowLabels: s.chLabels, ColTitle: "r", ColLabels: s.rLabels,
		Group: lgA, MaxCell: 40}
	ac := s.ha.drawFit(c, cells[0], f, ao)
	bo := heatOpts{Title: "B of q (trained)", Shape: s.shapeB, RowTitle: "r ↓", RowLabels: s.rLabels, ColTitle: "out", ColLabels: s.chLabels,
		Group: lgB, MaxCell: 40}
	bc := s.hb.drawFit(c, cells[1], f, bo)
	do := heatOpts{Title: "ΔW = (α/r)·A·B", Shape: s.dwShape, RowTitle: "in ↓",
		RowLabels: s.chLabels, ColTitle: "out", ColLabels: s.chLabels, Group: lgDW, MaxCell: 40}
	dc := s.hdw.drawFit(c, cells[2], f, do)
	// Sweep the product: row i of A and column j of B make ΔW[i, j].
	cell := min(int(f.Frac*float64(loraD*loraD)), loraD*loraD-1)
	i, j := cell/loraD, cell%loraD
	if fi, ok := f.Focused(lgDW); ok && fi < loraD*loraD {
		i, j = fi/loraD, fi%loraD
	}
	if ac.W > 0 && bc.W > 0 && dc.W > 0 {
		outlineRow(c, ac, loraD, i, viz.Accent)
		outlineCol(c, bc, loraD, j, viz.Accent)
		outlineCell(c, dc, loraD, loraD, i, j, viz.Accent)
	}
}

// drawTrain shows level k of the sweep: the frozen map, the adapted map
// and their difference.
func (s *loraAttnView) drawTrain(c viz.Canvas, area viz.Rect, f *scene.Frame, k int) {
	cells := flowCells(area, 3, 24, 160)
	s.hbase.drawFit(c, cells[0], f, s.mapOpts("frozen", lgBase))
	s.hmap[k].drawFit(c, cells[1], f, s.mapOpts(s.levelTitles[k], lgMap))
	o := s.mapOpts("adapted − frozen", lgChange)
	s.hchange[k].drawFit(c, cells[2], f, o)
}

// drawQuery shows the q path in the order the layer computes it.
func (s *loraAttnView) drawQuery(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	cells := grid2x2(area, 22)
	xa := s.hxa.drawFit(c, cells[0], f, s.tokOpts("x·A", shapeOf(1, s.n, s.r), "r", s.rLabels, lgXA))
	up := s.hupd.drawFit(c, cells[1], f, s.tokOpts("(α/r)(x·A)·B", s.shapeX, "channel", s.chLabels, lgUpd))
	qb := s.hqb.drawFit(c, cells[2], f, s.tokOpts("x·W_q.T", s.shapeX, "channel", s.chLabels, lgQBase))
	q := s.hq.drawFit(c, cells[3], f, s.tokOpts("q = sum", s.shapeX, "channel", s.chLabels, lgQ))
	if row := min(int(f.Frac*float64(s.n)), s.n-1); xa.W > 0 && up.W > 0 && qb.W > 0 && q.W > 0 {
		for _, r := range []viz.Rect{xa, up, qb, q} {
			outlineRow(c, r, s.n, row, viz.Accent)
		}
	}
}

// drawMap shows the trained map beside the frozen one, and the pitfall's;
// below them, when there is room, how far each moved from the frozen map.
func (s *loraAttnView) drawMap(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	np := 2
	if s.bad != nil {
		np = 3
	}
	top, bottom := area, viz.Rect{}
	twoRows := area.W >= float64(np)*170+float64(np-1)*24 && area.H >= 400
	if twoRows {
		top, bottom = area.CutTop(area.H / 2)
		_, bottom = bottom.CutTop(12)
	}
	cells := flowCells(top, np, 24, 160)
	bc := s.hbase.drawFit(c, cells[0], f, s.mapOpts("frozen", lgBase))
	mc := s.hmap[loraLevels-1].drawFit(c, cells[1], f, s.mapOpts("with adapters, ×α/r", lgMap))
	rects := []viz.Rect{bc, mc}
	if s.bad != nil {
		xc := s.hbad.drawFit(c, cells[2], f, s.mapOpts("pitfall: no α/r", lgBad))
		rects = append(rects, xc)
	}
	if twoRows {
		low := flowCells(bottom, np, 24, 160)
		note(c, low[0], "below each map: how far it moved from the frozen one, on one scale", viz.InkMuted)
		cc := s.hchange[loraLevels-1].drawFit(c, low[1], f, s.mapOpts("adapted − frozen", lgChange))
		rects = append(rects, cc)
		if s.bad != nil {
			pc := s.hbadChange.drawFit(c, low[2], f, s.mapOpts("pitfall − frozen", lgBadChange))
			rects = append(rects, pc)
		}
	}
	q := min(int(f.Frac*float64(s.n)), s.n-1)
	for _, r := range rects {
		if r.W > 0 {
			outlineRow(c, r, s.n, q, viz.Accent)
		}
	}
}

// grid2x2 splits r into two rows of two cells.
func grid2x2(r viz.Rect, gap float64) []viz.Rect {
	top, bottom := r.CutTop((r.H - gap) / 2)
	_, bottom = bottom.CutTop(gap)
	a, b := top.CutLeft((top.W - gap) / 2)
	_, b = b.CutLeft(gap)
	c, d := bottom.CutLeft((bottom.W - gap) / 2)
	_, d = d.CutLeft(gap)
	return []viz.Rect{a, b, c, d}
}

// Readout implements scene.Readouter: the numbers depend on the values
// only, so Reset builds them once.
func (s *loraAttnView) Readout(f *scene.Frame) []scene.KV { return s.kv }

// buildReadout lists the numbers the readout panel shows.
func (s *loraAttnView) buildReadout() []scene.KV {
	if s.st == nil {
		return nil
	}
	d, r := loraD, s.r
	kv := []scene.KV{
		{Key: "α/r", Value: fmtNum(s.st.Scale)},
		{Key: "trainable", Value: "2·2·D·r = " + strconv.Itoa(4*d*r) + " of 3·D² = " + strconv.Itoa(3*d*d)},
		{Key: "largest change of a weight", Value: fmtNum(s.chgMaxOf(s.levels[loraLevels-1].Weights))},
	}
	if s.bad != nil {
		kv = append(kv, scene.KV{Key: "largest change, pitfall", Value: fmtNum(s.chgMaxOf(s.bad))})
	}
	return kv
}

// chgMaxOf is the largest |w − base| over the head shown.
func (s *loraAttnView) chgMaxOf(w *core.Tensor) float64 {
	m := 0.0
	base := s.mapOf(s.st.BaseWeights)
	for i, v := range s.mapOf(w) {
		m = max(m, math.Abs(float64(v-base[i])))
	}
	return m
}

// Inspect implements scene.Inspector.
func (s *loraAttnView) Inspect(f *scene.Frame, tg scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "attention.LoRATrace (= attention.LoRAMHSA)"
	n, d, r, h := s.n, loraD, s.r, s.heads
	st := s.st
	i := tg.Index
	k := min(f.Step, len(s.steps)-1)
	lvl := s.level[k]
	tok := func(name, tensor string, x *core.Tensor, cols int) (scene.Inspection, bool) {
		if i < 0 || i >= n*cols {
			return scene.Inspection{}, false
		}
		in := inspectCell(name, tensor, x.Data, []int{1, n, cols}, []int{0, i / cols, i % cols}, src)
		in.Detail = "token " + s.tokLabels[i/cols]
		return in, true
	}
	attn := func(name string, x *core.Tensor, source string) (scene.Inspection, bool) {
		if i < 0 || i >= n*n {
			return scene.Inspection{}, false
		}
		in := inspectCell(name, "weights", x.Data, []int{1, h, n, n}, []int{0, s.head, i / n, i % n}, source)
		in.Detail = "query " + s.tokLabels[i/n] + " → key " + s.tokLabels[i%n]
		return in, true
	}
	switch tg.Group {
	case lgX:
		return tok("input", "x", s.x, d)
	case lgXA:
		return tok("x·A of q", "xA", st.XAQ, r)
	case lgUpd:
		return tok("update of q", "(α/r)(xA)B", st.UpdQ, d)
	case lgQBase:
		return tok("frozen query", "x·W_q.T", st.QBase, d)
	case lgQ:
		return tok("adapted query", "q", st.Q, d)
	case lgK:
		return tok("key (no adapter)", "k", st.K, d)
	case lgBaseY:
		return tok("frozen output", "y", st.BaseY, d)
	case lgY:
		return tok("adapted output", "y", st.Y, d)
	case lgBase:
		return attn("frozen weight", st.BaseWeights, src+" with B = 0")
	case lgMap:
		in, ok := attn("adapted weight", s.levels[lvl].Weights, src)
		in.Detail += ", B = " + f2(float64(lvl)/(loraLevels-1)) + "·B*"
		return in, ok
	case lgChange:
		if i < 0 || i >= n*n {
			return scene.Inspection{}, false
		}
		lv := s.levels[lvl]
		chg := s.mapOf(lv.Weights)[i] - s.mapOf(lv.BaseWeights)[i]
		return scene.Inspection{Name: "change of a weight", Value: fmtNum(float64(chg)), Tensor: "weights", Index: shapeOf(0, s.head, i/n, i%n),
			Shape: s.shapeW, Source: src, Detail: "adapted " + fmtNum(float64(s.mapOf(lv.Weights)[i])) + " − frozen " +
				fmtNum(float64(s.mapOf(lv.BaseWeights)[i]))}, true
	case lgBad:
		if s.bad == nil {
			return scene.Inspection{}, false
		}
		return attn("pitfall weight (no α/r)", s.bad, "mistakes.LoRAMHSANoScaling")
	case lgBadChange:
		if s.bad == nil || i < 0 || i >= n*n {
			return scene.Inspection{}, false
		}
		b, base := s.mapOf(s.bad)[i], s.mapOf(st.BaseWeights)[i]
		return scene.Inspection{Name: "change of a pitfall weight", Value: fmtNum(float64(b - base)), Tensor: "weights",
			Index: shapeOf(0, s.head, i/n, i%n), Shape: s.shapeW, Source: "mistakes.LoRAMHSANoScaling",
			Detail: "pitfall " + fmtNum(float64(b)) + " − frozen " + fmtNum(float64(base))}, true
	case lgA:
		if i < 0 || i >= d*r {
			return scene.Inspection{}, false
		}
		return inspectCell("A of q", "lora_q_A", s.w.QA.Data, []int{d, r}, []int{i / r, i % r}, "input (initialised)"), true
	case lgB:
		if i < 0 || i >= r*d {
			return scene.Inspection{}, false
		}
		return inspectCell("B of q", "lora_q_B", s.w.QB.Data, []int{r, d}, []int{i / d, i % d}, "input (trained)"), true
	case lgDW:
		if i < 0 || i >= d*d {
			return scene.Inspection{}, false
		}
		in := inspectCell("update of W_q", "ΔW", st.DeltaQ.Data, []int{d, d}, []int{i / d, i % d}, src)
		in.Detail = "row " + strconv.Itoa(i/d) + " of A · column " + strconv.Itoa(i%d) + " of B × α/r"
		return in, true
	}
	return scene.Inspection{}, false
}
