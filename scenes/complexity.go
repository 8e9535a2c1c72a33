package scenes

import (
	"fmt"
	"image/color"
	"strconv"

	"dlprep/core/complexity"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// Problems 019 (MHSA FLOPs), 023 (LoRA vs full fine-tuning cost) and 026
// (CNN vs ViT). Every count on screen is core/complexity's; the scene only
// samples it over a range for the plots and finds where curves cross by
// comparing core's numbers.

const cxSamples = 160

// cxHeads are the head counts offered (each divides every d the slider allows).
var cxHeads = [...]int{1, 2, 4, 8, 16}

type complexityScene struct {
	kv                     []KV // cached readout, nil when stale
	d, heads, n, r, tokens int
	npix                   int
	ch, k, t, kt           int
	pitfall                bool

	mhsa      complexity.MHSACost
	lora      complexity.LoRACost
	cnn       complexity.CNNViTCost
	mhsaCross int // smallest n where QK^T + AV exceed the projections, from core

	// Plot data.
	mhsaX, mhsaQuad, mhsaLin, mhsaTot      []float64
	loraX, loraParams, loraFact, loraMerge []float64
	cnnX, cnnConv, cnnAttn                 []float64
	mhsaMax, cnnMax                        float64
	figM, figL, figC                       plot.Figure
	verM, verL, verC                       uint64
	rM, rL, rC                             viz.Rect

	lines []string
	err   error
}

func (s *complexityScene) Info() Info {
	return Info{
		ID: "complexity", Title: "FLOP counts: attention, LoRA, CNN vs ViT", Family: "complexity",
		Problems: []string{"019", "023", "026"},
		Statement: "Count the work: self-attention over n tokens of width d, a LoRA adapter of rank r against full " +
			"fine-tuning, and a k×k convolution against attention over the same N pixels.",
		Formula: "MHSA: 8nd² (projections) + 4n²d (QK^T, AV), heads do not change it.  LoRA: params r(d_in+d_out) vs " +
			"d_in·d_out; FLOPs 2NL·r(d_in+d_out) for (XA^T)B^T vs 2·d_out·r·d_in to form BA.  CNN 2NK²C² vs attention " +
			"8NC² + 4N²C: attention costs more once N > C(K²−4)/2.",
		LookFor: "The quadratic term overtakes the projections near n = d (exactly at n = 2d with these constants). " +
			"The factored adapter costs 2r/d of the base layer per token; forming BA first pays d²r once, which only " +
			"wins over many tokens. The written rule N > K²C (pitfall) misses the projections' 4C.",
	}
}

func (s *complexityScene) Params() []Param {
	heads := make([]string, len(cxHeads))
	for i, h := range cxHeads {
		heads[i] = strconv.Itoa(h)
	}
	return []Param{
		{Name: "d", Label: "Model width d", Kind: Int, Min: 64, Max: 2048, Step: 64, Default: 512},
		{Name: "heads", Label: "Heads", Kind: Choice, Choices: heads, Default: 3, Help: "does not change the FLOPs"},
		{Name: "n", Label: "MHSA tokens n", Kind: Int, Min: 1, Max: 8192, Step: 1, Default: 1536},
		{Name: "r", Label: "LoRA rank r", Kind: Int, Min: 1, Max: 128, Step: 1, Default: 8},
		{Name: "tokens", Label: "LoRA tokens N·L", Kind: Int, Min: 1, Max: 8192, Step: 1, Default: 128},
		{Name: "npix", Label: "CNN pixels N", Kind: Int, Min: 1, Max: 65536, Step: 1, Default: 256},
		{Name: "c", Label: "CNN channels C", Kind: Int, Min: 1, Max: 1024, Step: 1, Default: 64},
		{Name: "k", Label: "CNN kernel K", Kind: Int, Min: 1, Max: 9, Step: 1, Default: 3},
		{Name: "t", Label: "Frames T", Kind: Int, Min: 1, Max: 64, Step: 1, Default: 8},
		{Name: "kt", Label: "Temporal kernel Kt", Kind: Int, Min: 1, Max: 7, Step: 1, Default: 3},
		{Name: "pitfall_written_rule", Label: "Pitfall: crossover N > K²C", Kind: Bool, Default: 0},
	}
}

// complexityPresets are built once: the shell asks for them every frame.
var complexityPresets = []Preset{
	{Name: "ViT-B/16", Values: Values{"d": 768, "heads": 4, "n": 197, "r": 8, "tokens": 197, "c": 768, "k": 3}},
	{Name: "Long video", Values: Values{"d": 512, "n": 4096, "t": 32, "c": 128, "k": 3, "kt": 3}},
	{Name: "Written rule (pitfall)", Values: Values{"c": 64, "k": 5, "pitfall_written_rule": 1}},
}

func (s *complexityScene) Presets() []Preset { return complexityPresets }

func (s *complexityScene) Reset(v Values) error {
	s.kv = nil
	hi := int(v["heads"])
	if hi < 0 || hi >= len(cxHeads) {
		s.err = fmt.Errorf("complexity scene: heads choice %d out of range", hi)
		return s.err
	}
	d, n, r, tokens := int(v["d"]), int(v["n"]), int(v["r"]), int(v["tokens"])
	ch, k, t, kt := int(v["c"]), int(v["k"]), int(v["t"]), int(v["kt"])
	mhsaChanged := s.mhsaX == nil || d != s.d
	loraChanged := s.loraX == nil || d != s.d || tokens != s.tokens
	cnnChanged := s.cnnX == nil || ch != s.ch || k != s.k
	s.d, s.heads, s.n, s.r, s.tokens = d, cxHeads[hi], n, r, tokens
	s.ch, s.k, s.t, s.kt = ch, k, t, kt
	s.npix = int(v["npix"])
	pit := v["pitfall_written_rule"] != 0
	if pit != s.pitfall {
		cnnChanged = true
	}
	s.pitfall = pit
	s.err = s.compute(mhsaChanged, loraChanged, cnnChanged)
	return s.err
}

func (s *complexityScene) compute(mhsaChanged, loraChanged, cnnChanged bool) error {
	var err error
	if s.mhsa, err = complexity.MHSAFlops(int64(s.n), int64(s.d), int64(s.heads)); err != nil {
		return err
	}
	if s.lora, err = complexity.LoRACosts(int64(s.d), int64(s.d), int64(s.r), 1, int64(s.tokens)); err != nil {
		return err
	}
	if s.cnn, err = complexity.CNNViTFlops(int64(s.npix), int64(s.ch), int64(s.k), int64(s.t), int64(s.kt)); err != nil {
		return err
	}
	if mhsaChanged {
		if err := s.sampleMHSA(); err != nil {
			return err
		}
	}
	if loraChanged {
		if err := s.sampleLoRA(); err != nil {
			return err
		}
	}
	if cnnChanged {
		if err := s.sampleCNN(); err != nil {
			return err
		}
	}
	s.lines = s.lines[:0]
	m := s.mhsa
	s.lines = append(s.lines,
		"MHSA n="+itoa(s.n)+", d="+itoa(s.d)+", "+itoa(s.heads)+" heads: projections "+gflops(m.Projections+m.OutputProjection)+
			", QK^T + AV "+gflops(m.Scores+m.WeightedSum)+", total "+gflops(m.Total)+"; quadratic part wins from n = "+itoa(s.mhsaCross),
		"LoRA r="+itoa(s.r)+", d_in=d_out="+itoa(s.d)+": params "+itoa64(s.lora.ParamsLoRA)+" vs "+itoa64(s.lora.ParamsFull)+
			" ("+f2(100*float64(s.lora.ParamsLoRA)/float64(s.lora.ParamsFull))+"% = r/d_in + r/d_out); over "+itoa(s.tokens)+
			" tokens: (XA^T)B^T adds "+gflops(s.lora.FlopsLoRA-s.lora.FlopsFull)+", forming BA first "+gflops(s.lora.FlopsMergeFirst-s.lora.FlopsFull),
		"CNN vs ViT, N="+itoa(s.npix)+", C="+itoa(s.ch)+", K="+itoa(s.k)+": conv "+gflops(s.cnn.Conv2D)+", attention "+gflops(s.cnn.Attention)+
			"; attention costs more from N = "+itoa64(s.cnn.CrossoverN),
		"video T="+itoa(s.t)+", Kt="+itoa(s.kt)+": 3-D conv "+gflops(s.cnn.Conv3D)+", full space-time attention "+gflops(s.cnn.AttentionST)+
			", factorized "+gflops(s.cnn.AttentionFactorized))
	if s.pitfall {
		s.lines = append(s.lines, "pitfall: the written rule N > K²C puts the crossover at N = "+itoa(s.k*s.k*s.ch+1)+
			"; core's count, with the projections' 8NC², gives N = "+itoa64(s.cnn.CrossoverN))
	}
	return nil
}

// sampleMHSA samples core's MHSA count over n in [0, 4d] and finds the first
// n at which the quadratic terms exceed the projection terms.
func (s *complexityScene) sampleMHSA() error {
	s.mhsaX, s.mhsaQuad, s.mhsaLin, s.mhsaTot = s.mhsaX[:0], s.mhsaQuad[:0], s.mhsaLin[:0], s.mhsaTot[:0]
	hi := 4 * s.d
	for i := 0; i <= cxSamples; i++ {
		n := hi * i / cxSamples
		m, err := complexity.MHSAFlops(int64(n), int64(s.d), 1)
		if err != nil {
			return err
		}
		s.mhsaX = append(s.mhsaX, float64(n))
		s.mhsaQuad = append(s.mhsaQuad, float64(m.Scores+m.WeightedSum)/1e9)
		s.mhsaLin = append(s.mhsaLin, float64(m.Projections+m.OutputProjection)/1e9)
		s.mhsaTot = append(s.mhsaTot, float64(m.Total)/1e9)
	}
	s.mhsaMax = s.mhsaTot[len(s.mhsaTot)-1]
	s.mhsaCross = 0
	for lo, top := 1, 64*s.d; lo <= top; {
		mid := (lo + top) / 2
		m, err := complexity.MHSAFlops(int64(mid), int64(s.d), 1)
		if err != nil {
			return err
		}
		if m.Scores+m.WeightedSum > m.Projections+m.OutputProjection {
			s.mhsaCross, top = mid, mid-1
		} else {
			lo = mid + 1
		}
	}
	s.verM++
	return nil
}

// sampleLoRA samples core's LoRA costs over r in [1, 128] as percentages of
// the base layer.
func (s *complexityScene) sampleLoRA() error {
	s.loraX, s.loraParams, s.loraFact, s.loraMerge = s.loraX[:0], s.loraParams[:0], s.loraFact[:0], s.loraMerge[:0]
	for r := 1; r <= 128; r++ {
		c, err := complexity.LoRACosts(int64(s.d), int64(s.d), int64(r), 1, int64(s.tokens))
		if err != nil {
			return err
		}
		s.loraX = append(s.loraX, float64(r))
		s.loraParams = append(s.loraParams, 100*float64(c.ParamsLoRA)/float64(c.ParamsFull))
		s.loraFact = append(s.loraFact, 100*float64(c.FlopsLoRA-c.FlopsFull)/float64(c.FlopsFull))
		s.loraMerge = append(s.loraMerge, 100*float64(c.FlopsMergeFirst-c.FlopsFull)/float64(c.FlopsFull))
	}
	s.verL++
	return nil
}

// sampleCNN samples core's conv and attention counts over N up to three
// times the crossover.
func (s *complexityScene) sampleCNN() error {
	c0, err := complexity.CNNViTFlops(1, int64(s.ch), int64(s.k), 1, 1)
	if err != nil {
		return err
	}
	hi := max(3*int(c0.CrossoverN), 64)
	if s.pitfall {
		hi = max(hi, 2*(s.k*s.k*s.ch+1))
	}
	s.cnnX, s.cnnConv, s.cnnAttn = s.cnnX[:0], s.cnnConv[:0], s.cnnAttn[:0]
	for i := 0; i <= cxSamples; i++ {
		n := hi * i / cxSamples
		c, err := complexity.CNNViTFlops(int64(n), int64(s.ch), int64(s.k), 1, 1)
		if err != nil {
			return err
		}
		s.cnnX = append(s.cnnX, float64(n))
		s.cnnConv = append(s.cnnConv, float64(c.Conv2D)/1e9)
		s.cnnAttn = append(s.cnnAttn, float64(c.Attention)/1e9)
	}
	s.cnnMax = max(s.cnnConv[len(s.cnnConv)-1], s.cnnAttn[len(s.cnnAttn)-1])
	s.verC++
	return nil
}

func gflops(v int64) string {
	f := float64(v)
	switch {
	case f >= 1e9:
		return strconv.FormatFloat(f/1e9, 'f', 2, 64) + " GFLOP"
	case f >= 1e6:
		return strconv.FormatFloat(f/1e6, 'f', 2, 64) + " MFLOP"
	case f >= 1e3:
		return strconv.FormatFloat(f/1e3, 'f', 1, 64) + " kFLOP"
	}
	return strconv.FormatInt(v, 10) + " FLOP"
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }

func (s *complexityScene) Update(in Input, dt float64) {}

func (s *complexityScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.mhsaX == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("complexity scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	plots, notes := area.CutTop(area.H * 0.68)
	cols := plots.Columns(3, 12)
	s.rM, s.rL, s.rC = cols[0], cols[1], cols[2]
	if drawFigure(c, &s.figM, s.verM, s.mhsaSpec, s.rM) {
		s.vline(c, &s.figM, s.rM, float64(s.d), s.mhsaMax, viz.InkMuted, "n = d")
		s.vline(c, &s.figM, s.rM, float64(s.mhsaCross), s.mhsaMax, viz.Bad, "")
		if s.n <= 4*s.d {
			x, y := figPoint(&s.figM, s.rM, float64(s.n), float64(s.mhsa.Total)/1e9)
			c.FillCircle(x, y, 4, viz.Accent)
		}
	}
	if drawFigure(c, &s.figL, s.verL, s.loraSpec, s.rL) {
		s.vline(c, &s.figL, s.rL, float64(s.r), s.loraTop(), viz.Accent, "r")
	}
	if drawFigure(c, &s.figC, s.verC, s.cnnSpec, s.rC) {
		s.vline(c, &s.figC, s.rC, float64(s.cnn.CrossoverN), s.cnnMax, viz.Good, "")
		if s.pitfall {
			s.vline(c, &s.figC, s.rC, float64(s.k*s.k*s.ch+1), s.cnnMax, viz.Bad, "K²C")
		}
		if float64(s.npix) <= s.cnnX[len(s.cnnX)-1] {
			x, y := figPoint(&s.figC, s.rC, float64(s.npix), float64(s.cnn.Attention)/1e9)
			c.FillCircle(x, y, 4, viz.Accent)
		}
	}
	inner := viz.DrawPanel(c, notes, "counts from core/complexity")
	y := inner.Y
	for i, ln := range s.lines {
		col := viz.Ink
		if s.pitfall && i == len(s.lines)-1 {
			col = viz.Bad
		}
		y = drawLines(c, inner.X, y, []string{ln}, labelSize+1, col)
	}
}

func (s *complexityScene) loraTop() float64 {
	return max(s.loraParams[len(s.loraParams)-1], s.loraFact[len(s.loraFact)-1], s.loraMerge[len(s.loraMerge)-1])
}

// vline marks x on a cached figure drawn at r, from y = 0 to top.
func (s *complexityScene) vline(c viz.Canvas, fig *plot.Figure, r viz.Rect, x, top float64, col color.RGBA, label string) {
	x0, y0 := figPoint(fig, r, x, 0)
	_, y1 := figPoint(fig, r, x, top)
	a := fig.DataArea()
	if x0 < r.X+a.X-0.5 || x0 > r.X+a.X+a.W+0.5 {
		return
	}
	c.Line(x0, y0, x0, y1, 1.5, col)
	if label != "" {
		c.Text(x0+3, y1+12, label, smallSize, col, viz.AlignLeft)
	}
}

func (s *complexityScene) mhsaSpec() plot.Spec {
	return plot.Spec{Title: "MHSA, d=" + itoa(s.d) + " (GFLOP)", XLabel: "tokens n", YLabel: "GFLOP",
		XMin: 0, XMax: float64(4 * s.d), YMin: 0, YMax: s.mhsaMax * 1.05,
		Series: []plot.Series{
			{Label: "8nd² projections", X: s.mhsaX, Y: s.mhsaLin, Color: viz.Categorical(0)},
			{Label: "4n²d QK^T, AV", X: s.mhsaX, Y: s.mhsaQuad, Color: viz.Categorical(3)},
			{Label: "total", X: s.mhsaX, Y: s.mhsaTot, Color: viz.Ink, Width: 2},
		}}
}

func (s *complexityScene) loraSpec() plot.Spec {
	return plot.Spec{Title: "LoRA vs full, d=" + itoa(s.d) + ", " + itoa(s.tokens) + " tokens (% of base)", XLabel: "rank r", YLabel: "%",
		XMin: 1, XMax: 128, YMin: 0, YMax: s.loraTop() * 1.05,
		Series: []plot.Series{
			{Label: "extra FLOPs (XA^T)B^T", X: s.loraX, Y: s.loraFact, Color: viz.Categorical(0), Width: 3},
			{Label: "trainable params", X: s.loraX, Y: s.loraParams, Color: viz.Categorical(1), Width: 1.5, Dashed: true},
			{Label: "extra FLOPs BA first", X: s.loraX, Y: s.loraMerge, Color: viz.Bad, Dashed: true},
		}}
}

func (s *complexityScene) cnnSpec() plot.Spec {
	return plot.Spec{Title: "conv K=" + itoa(s.k) + " vs attention, C=" + itoa(s.ch) + " (GFLOP)", XLabel: "pixels N", YLabel: "GFLOP",
		XMin: 0, XMax: s.cnnX[len(s.cnnX)-1], YMin: 0, YMax: s.cnnMax * 1.05,
		Series: []plot.Series{
			{Label: "conv 2NK²C²", X: s.cnnX, Y: s.cnnConv, Color: viz.Categorical(1), Width: 2},
			{Label: "attention 8NC² + 4N²C", X: s.cnnX, Y: s.cnnAttn, Color: viz.Categorical(0), Width: 2},
		}}
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *complexityScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *complexityScene) buildReadout() []KV {
	if s.err != nil || s.mhsaX == nil {
		return nil
	}
	kv := []KV{
		{"mhsa total", itoa64(s.mhsa.Total)},
		{"mhsa quadratic wins from n", itoa(s.mhsaCross)},
		{"lora params", itoa64(s.lora.ParamsLoRA)},
		{"full params", itoa64(s.lora.ParamsFull)},
		{"lora flops", itoa64(s.lora.FlopsLoRA)},
		{"merge-first flops", itoa64(s.lora.FlopsMergeFirst)},
		{"conv2d flops", itoa64(s.cnn.Conv2D)},
		{"attention flops", itoa64(s.cnn.Attention)},
		{"crossover N", itoa64(s.cnn.CrossoverN)},
		{"conv3d flops", itoa64(s.cnn.Conv3D)},
		{"space-time attention flops", itoa64(s.cnn.AttentionST)},
		{"factorized attention flops", itoa64(s.cnn.AttentionFactorized)},
	}
	if s.pitfall {
		kv = append(kv, KV{"written-rule crossover N", itoa(s.k*s.k*s.ch + 1)})
	}
	return kv
}
