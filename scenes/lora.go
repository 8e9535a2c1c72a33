package scenes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/complexity"
	"dlprep/core/lora"
	"dlprep/viz"
)

// Problems 013 (LoRA linear) and 017 (LoRA on attention projections). The
// layer is core/lora's: its forward pass B(Ax), its Merge W + (α/r)BA, and
// the update alone as the Merge of the same factors over a zero base. The
// multiply-add counts are core.MulAdds around those calls, next to
// complexity.LoRACosts' analytic FLOPs.

const (
	loraOut    = 12
	loraIn     = 16
	loraTokens = 6 // sequence length of the attention panel (problem 017)
)

type loraScene struct {
	kv        []KV // cached readout, nil when stale
	r, tokens int
	alpha     float64
	trained   bool
	pitfall   bool

	layer    *lora.Linear
	w        *core.Tensor // frozen base [out, in]
	delta    *core.Tensor // (α/r) B A, core's Merge over a zero base
	merged   *core.Tensor // core's Merge
	x        *core.Tensor // [tokens, in]
	yFact    *core.Tensor // Forward(x): xW^T + (α/r)(xA^T)B^T
	yMerged  *core.Tensor // core.Linear(x, merged)
	maxDiff  float64
	maxDelta float64

	macBase, macFactored, macMergeFirst int64 // measured multiply-adds
	costs                               complexity.LoRACost

	wBmp, aBmp, bBmp, dBmp, mBmp viz.Bitmap
	xBmp, yfBmp, ymBmp           viz.Bitmap
	wLo                          float64
	err                          error
	txt                          loraTexts

	// Problem 017: one attention head over loraTokens tokens of width
	// loraIn with LoRA on q and v only, from core/attention.
	attnBase, attnLoRA *core.Tensor // [1, 1, S, S]
	attnDiff           float64
	baBmp, alBmp       viz.Bitmap
}

// loraTexts is everything Draw writes, formatted once per Reset.
type loraTexts struct {
	delta, scale, colours, io, diff, costs string
	macs                                   [3]string
	lines                                  [2]string
	attn                                   [2]string
}

func (s *loraScene) Info() Info {
	return Info{
		ID: "lora", Title: "LoRA: frozen W plus a low-rank update", Family: "lora", Problems: []string{"013", "017"},
		Statement: "Adapt a frozen linear layer by a trainable low-rank update: B [out, r] and A [r, in] with r much smaller than min(in, out). " +
			"B starts at zero so training starts from the base model; after training the update can be merged into W.",
		Formula: "y = W x + (α/r) B (A x);  W' = W + (α/r) B A;  trainable r(in + out) instead of in·out;  " +
			"B(Ax) costs r(in + out) per token, forming BA costs out·r·in once.",
		LookFor: "The merged weight is the base plus a matrix of rank r: its rows are combinations of r patterns. The " +
			"factored and merged outputs agree to float32 rounding. Untick \"trained\" to see the initial state: B = 0, " +
			"no change. The pitfall forms BA before applying it: out·r·in multiply-adds instead of r(in + out) per token.",
	}
}

func (s *loraScene) Params() []Param {
	return []Param{
		{Name: "r", Label: "Rank r", Kind: Int, Min: 1, Max: 12, Step: 1, Default: 2},
		{Name: "alpha", Label: "α", Kind: Float, Min: 0, Max: 32, Step: 0.5, Default: 4},
		{Name: "trained", Label: "Trained (B ≠ 0)", Kind: Bool, Default: 1, Help: "off: the initial state, B = 0"},
		{Name: "tokens", Label: "Tokens in x", Kind: Int, Min: 1, Max: 64, Step: 1, Default: 4},
		{Name: "pitfall_ba_first", Label: "Pitfall: form BA first", Kind: Bool, Default: 0},
	}
}

// loraPresets are built once: the shell asks for them every frame.
var loraPresets = []Preset{
	{Name: "Initial state", Values: Values{"trained": 0}},
	{Name: "Rank 1", Values: Values{"r": 1, "alpha": 2}},
	{Name: "Many tokens", Values: Values{"tokens": 64, "pitfall_ba_first": 1}},
}

func (s *loraScene) Presets() []Preset { return loraPresets }

func (s *loraScene) Reset(v Values) error {
	s.kv = nil
	s.r, s.alpha, s.tokens = int(v["r"]), v["alpha"], int(v["tokens"])
	s.trained, s.pitfall = v["trained"] != 0, v["pitfall_ba_first"] != 0
	s.err = s.compute()
	return s.err
}

func (s *loraScene) compute() error {
	if s.tokens < 1 || s.tokens > 4096 || math.IsNaN(s.alpha) || math.IsInf(s.alpha, 0) {
		return fmt.Errorf("lora scene: tokens=%d alpha=%v out of range", s.tokens, s.alpha)
	}
	rng := rand.New(rand.NewPCG(13, 17))
	if s.w == nil {
		s.w = core.New(loraOut, loraIn)
		for i := range s.w.Data {
			s.w.Data[i] = float32(0.5 * rng.NormFloat64())
		}
	}
	// The factors are core's initialisation (A uniform, B zero); "trained"
	// then fills B as if gradient steps had moved it.
	layer, err := lora.Init(s.w, nil, s.r, s.alpha, rand.New(rand.NewPCG(uint64(s.r), 1)))
	if err != nil {
		return err
	}
	if s.trained {
		brng := rand.New(rand.NewPCG(uint64(s.r), 2))
		for i := range layer.B.Data {
			layer.B.Data[i] = float32(0.6 * brng.NormFloat64())
		}
	}
	s.layer = layer
	zero, err := lora.New(core.New(loraOut, loraIn), nil, layer.A, layer.B, s.alpha)
	if err != nil {
		return err
	}
	s.delta = zero.Merge()
	s.merged = layer.Merge()
	xr := rand.New(rand.NewPCG(uint64(s.tokens), 3))
	s.x = core.New(s.tokens, loraIn)
	for i := range s.x.Data {
		s.x.Data[i] = float32(xr.NormFloat64())
	}
	// Measured multiply-adds: base alone, the factored adapter, and the
	// pitfall (merge, then one product).
	core.ResetMulAdds()
	if _, err := core.Linear("lora scene", s.x, s.w, nil); err != nil {
		return err
	}
	s.macBase = core.MulAdds()
	core.ResetMulAdds()
	if s.yFact, err = layer.Forward(s.x); err != nil {
		return err
	}
	s.macFactored = core.MulAdds() - s.macBase
	core.ResetMulAdds()
	m := layer.Merge()
	if s.yMerged, err = core.Linear("lora scene", s.x, m, nil); err != nil {
		return err
	}
	s.macMergeFirst = core.MulAdds() - s.macBase
	if s.costs, err = complexity.LoRACosts(loraIn, loraOut, int64(s.r), 1, int64(s.tokens)); err != nil {
		return err
	}
	s.maxDiff = 0
	for i, v := range s.yFact.Data {
		s.maxDiff = math.Max(s.maxDiff, math.Abs(float64(v-s.yMerged.Data[i])))
	}
	lim := math.Max(absMax(s.w.Data), absMax(s.merged.Data))
	s.wLo = lim
	s.maxDelta = absMax(s.delta.Data)
	if s.maxDelta <= 1e-12 {
		s.maxDelta = 0
	}
	s.wBmp.SetHeatmap(s.w.Data, loraOut, loraIn, viz.BlueWhiteRed, -lim, lim)
	s.dBmp.SetHeatmap(s.delta.Data, loraOut, loraIn, viz.BlueWhiteRed, -math.Max(s.maxDelta, 1e-6), math.Max(s.maxDelta, 1e-6))
	s.mBmp.SetHeatmap(s.merged.Data, loraOut, loraIn, viz.BlueWhiteRed, -lim, lim)
	s.aBmp.SetHeatmap(layer.A.Data, s.r, loraIn, viz.BlueWhiteRed, -absMax(layer.A.Data), absMax(layer.A.Data))
	bl := math.Max(absMax(layer.B.Data), 1e-6)
	if err := s.computeAttention(); err != nil {
		return err
	}
	s.txt = loraTexts{
		delta:   "ΔW, rank " + itoa(s.r),
		scale:   "× α/r = " + f3(s.alpha/float64(s.r)),
		colours: "colour scale ±" + f2(s.wLo) + " for W and W', ±" + f3(s.maxDelta) + " (max |ΔW|) for ΔW",
		io:      "x [" + itoa(s.tokens) + "×" + itoa(loraIn) + "] → y [" + itoa(s.tokens) + "×" + itoa(loraOut) + "]",
		diff:    "max |factored − merged| = " + strconv.FormatFloat(s.maxDiff, 'e', 1, 64) + " (float32 rounding)",
		costs:   "multiply-adds measured by core.Gemm (" + itoa(s.tokens) + " tokens)",
		macs:    [3]string{itoa64(s.macBase), itoa64(s.macFactored), itoa64(s.macMergeFirst)},
		attn: [2]string{"max |Δ weight| = " + f3(s.attnDiff) + ", k frozen",
			"trainable 4·D·r = " + itoa(4*loraIn*s.r) + " of 3·D² = " + itoa(3*loraIn*loraIn)},
		lines: [2]string{"trainable: r(in+out) = " + itoa64(s.costs.ParamsLoRA) + " of in·out = " + itoa64(s.costs.ParamsFull),
			"FLOPs (core/complexity): LoRA " + itoa64(s.costs.FlopsLoRA) + ", BA first " + itoa64(s.costs.FlopsMergeFirst)},
	}
	s.bBmp.SetHeatmap(layer.B.Data, loraOut, s.r, viz.BlueWhiteRed, -bl, bl)
	xl := absMax(s.x.Data)
	s.xBmp.SetHeatmap(s.x.Data, s.tokens, loraIn, viz.BlueWhiteRed, -xl, xl)
	yl := math.Max(absMax(s.yFact.Data), absMax(s.yMerged.Data))
	s.yfBmp.SetHeatmap(s.yFact.Data, s.tokens, loraOut, viz.BlueWhiteRed, -yl, yl)
	s.ymBmp.SetHeatmap(s.yMerged.Data, s.tokens, loraOut, viz.BlueWhiteRed, -yl, yl)
	return nil
}

// computeAttention runs core's LoRA attention (q and v adapted, k frozen)
// with B = 0, which must be the base attention, and with the scene's B.
func (s *loraScene) computeAttention() error {
	rng := rand.New(rand.NewPCG(17, 17))
	mat := func(r, c int, scale float64) *core.Tensor {
		t := core.New(r, c)
		for i := range t.Data {
			t.Data[i] = float32(scale * rng.NormFloat64())
		}
		return t
	}
	d := loraIn
	x := mat(loraTokens, d, 1)
	x.Shape = []int{1, loraTokens, d}
	w := attention.LoRAWeights{Q: mat(d, d, 0.4), K: mat(d, d, 0.4), V: mat(d, d, 0.4),
		QA: mat(d, s.r, 0.3), VA: mat(d, s.r, 0.3), QB: core.New(s.r, d), VB: core.New(s.r, d)}
	var err error
	if _, s.attnBase, err = attention.LoRAMHSA(x, w, 1, s.alpha); err != nil {
		return err
	}
	if s.trained {
		brng := rand.New(rand.NewPCG(uint64(s.r), 4))
		for _, b := range []*core.Tensor{w.QB, w.VB} {
			for i := range b.Data {
				b.Data[i] = float32(0.5 * brng.NormFloat64())
			}
		}
	}
	if _, s.attnLoRA, err = attention.LoRAMHSA(x, w, 1, s.alpha); err != nil {
		return err
	}
	s.attnDiff = 0
	for i, v := range s.attnLoRA.Data {
		s.attnDiff = math.Max(s.attnDiff, math.Abs(float64(v-s.attnBase.Data[i])))
	}
	s.baBmp.SetHeatmap(s.attnBase.Data, loraTokens, loraTokens, viz.Viridis, 0, 1)
	s.alBmp.SetHeatmap(s.attnLoRA.Data, loraTokens, loraTokens, viz.Viridis, 0, 1)
	return nil
}

func (s *loraScene) drawAttention(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, "attention (017): LoRA on q, v only")
	cols := r.Columns(2, 10)
	bottom := r.Y
	for k, b := range [2]*viz.Bitmap{&s.baBmp, &s.alBmp} {
		title := "frozen base"
		if k == 1 {
			title = "with adapters"
		}
		c.Text(cols[k].X, cols[k].Y+11, title, smallSize, viz.InkMuted, viz.AlignLeft)
		g := gridRect(viz.Rect{X: cols[k].X, Y: cols[k].Y + 16, W: cols[k].W, H: cols[k].H - 60}, loraTokens, loraTokens, 24)
		cellGrid(c, g, b, loraTokens, loraTokens, nil)
		bottom = g.Y + g.H
	}
	drawLines(c, r.X, bottom+8, s.txt.attn[:], smallSize, viz.InkMuted)
}

func (s *loraScene) Update(in Input, dt float64) {}

func (s *loraScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.layer == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("lora scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, bottom := area.CutTop(min(area.H*0.5, 300))
	// Top: W + B·(α/r)·A = merged, each 12×16 at the same cell size.
	cell := min((top.W-160)/float64(4*loraIn+s.r), (top.H-50)/float64(loraOut), 20)
	y := top.Y + captionSize + 10
	x := top.X
	mat := func(title string, b *viz.Bitmap, rows, cols int, yy float64) viz.Rect {
		r := viz.Rect{X: x, Y: yy, W: cell * float64(cols), H: cell * float64(rows)}
		c.Text(r.X, top.Y+captionSize, title, labelSize, viz.Ink, viz.AlignLeft)
		cellGrid(c, r, b, rows, cols, nil)
		x += r.W + 10
		return r
	}
	op := func(sym string) {
		c.Text(x+4, y+cell*loraOut/2+6, sym, 18, viz.Ink, viz.AlignLeft)
		x += 26
	}
	mat("base W (frozen)", &s.wBmp, loraOut, loraIn, y)
	op("+")
	mat("B", &s.bBmp, loraOut, s.r, y)
	op("·")
	ar := mat("A", &s.aBmp, s.r, loraIn, y)
	c.Text(ar.X, ar.Y+ar.H+14, s.txt.scale, labelSize, viz.InkMuted, viz.AlignLeft)
	op("=")
	mat(s.txt.delta, &s.dBmp, loraOut, loraIn, y)
	op("→")
	mat("merged W + ΔW (core)", &s.mBmp, loraOut, loraIn, y)
	c.Text(top.X, top.Y+top.H-6, s.txt.colours, labelSize, viz.InkMuted, viz.AlignLeft)

	left, rest := bottom.CutLeft(bottom.W * 0.4)
	mid, right := rest.CutLeft(rest.W * 0.4)
	s.drawOutputs(c, left)
	s.drawAttention(c, mid.Inset(4))
	s.drawCosts(c, right.Inset(4))
}

func (s *loraScene) drawOutputs(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.txt.io)
	rowH := min((r.H-60)/float64(s.tokens), 22)
	cols := r.Columns(3, 14)
	put := func(col viz.Rect, title string, b *viz.Bitmap, n int) {
		c.Text(col.X, col.Y+11, title, smallSize, viz.InkMuted, viz.AlignLeft)
		g := viz.Rect{X: col.X, Y: col.Y + 16, W: col.W, H: rowH * float64(s.tokens)}
		cellGrid(c, g, b, s.tokens, n, nil)
	}
	put(cols[0], "x", &s.xBmp, loraIn)
	put(cols[1], "Wx + (α/r)B(Ax)", &s.yfBmp, loraOut)
	put(cols[2], "W'x (merged)", &s.ymBmp, loraOut)
	c.Text(r.X, r.Y+16+rowH*float64(s.tokens)+28, s.txt.diff, labelSize, viz.Good, viz.AlignLeft)
}

func (s *loraScene) drawCosts(c viz.Canvas, r viz.Rect) {
	inner := viz.DrawPanel(c, r, s.txt.costs)
	maxV := float64(max(s.macBase, s.macFactored, s.macMergeFirst))
	y := inner.Y + 4
	bar := func(label string, v int64, vs string, pitfall bool) {
		c.Text(inner.X, y+11, label, labelSize, viz.Ink, viz.AlignLeft)
		y += 15
		w := (inner.W - 70) * float64(v) / maxV
		fill := viz.Categorical(0)
		if pitfall {
			fill = viz.Bad
		}
		c.FillRect(inner.X, y, w, 12, fill)
		c.Text(inner.X+w+6, y+10, vs, smallSize, viz.Ink, viz.AlignLeft)
		y += 20
	}
	bar("base x W^T: tokens·in·out", s.macBase, s.txt.macs[0], false)
	bar("adapter (xA^T)B^T: tokens·r·(in+out)", s.macFactored, s.txt.macs[1], false)
	if s.pitfall {
		bar("pitfall, BA first: out·r·in", s.macMergeFirst, s.txt.macs[2], true)
	}
	drawLines(c, inner.X, y, s.txt.lines[:], labelSize, viz.InkMuted)
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *loraScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *loraScene) buildReadout() []KV {
	if s.layer == nil || s.err != nil {
		return nil
	}
	return []KV{
		{"r", itoa(s.r)},
		{"α/r", f3(s.alpha / float64(s.r))},
		{"max |ΔW|", f3(s.maxDelta)},
		{"max |factored − merged|", strconv.FormatFloat(s.maxDiff, 'e', 2, 64)},
		{"base multiply-adds", itoa64(s.macBase)},
		{"adapter multiply-adds", itoa64(s.macFactored)},
		{"BA-first multiply-adds", itoa64(s.macMergeFirst)},
		{"lora flops", itoa64(s.costs.FlopsLoRA)},
		{"trainable params", itoa64(s.costs.ParamsLoRA)},
		{"attention max change", f3(s.attnDiff)},
	}
}
