package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core/complexity"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 023: full fine-tuning against LoRA for one
// d×d layer, in trainable weights, optimiser memory and FLOPs per training
// step, as bars that move with d, r and the tokens; then r and the
// sequence length swept, and the inference choice between (XAᵀ)Bᵀ and
// forming BA first. Every count is core/complexity's (FineTuneCosts,
// LoRACosts, checked against the multiply-adds core.Gemm performs); the
// pitfall's is mistakes.LoRAFlopsNoSeqLen.

// costSweepN is how many values each sweep takes.
const costSweepN = 41

// Inspection groups of the 023 view.
const (
	grpCW = iota + 1
	grpCB
	grpCA
	grpCParams
	grpCMemory
	grpCFlops
	grpCInfer
)

type costStep int

const (
	csLayer costStep = iota
	csParams
	csMemory
	csFlops
	csSweepR
	csSweepL
)

// costGroups are the bars of one state: parameters, memory, FLOPs and
// inference, each a titled group.
type costGroups struct {
	params, memory, flops, infer []barRow
	titles                       [4]string
}

type costView struct {
	d, r, n, l int64
	seed       int
	pitfall    bool
	quiz       bool
	full, lora complexity.TrainCost
	inf        complexity.LoRACost
	bad        complexity.LoRACost // mistakes.LoRAFlopsNoSeqLen
	now        costGroups
	sweepR     []costGroups
	sweepL     []costGroups
	rGrid      []int64
	lGrid      []int64
	steps      []costStep
	tl         scene.Timeline
	layerText  [5]string
	ro         []scene.KV
}

func newCostView() *costView { return &costView{} }

func (s *costView) Info() scene.Info {
	p, _ := problems.Lookup("023")
	return scene.Info{ID: "finetune_cost", Problem: "023", Title: p.Title, Family: "complexity", Statement: p.Statement,
		Formula: `\frac{r(d_{in} + d_{out})}{d_{in}\, d_{out}} = \frac{r}{d_{out}} + \frac{r}{d_{in}};\qquad \mathrm{FLOPs}((XA^\top)B^\top) = 2NL\, r\,(d_{in} + d_{out}),\quad \mathrm{FLOPs}(BA) = 2\, d_{out}\, r\, d_{in}`,
		LookFor: "LoRA trains r(d_in + d_out) weights instead of d_in·d_out: the ratio is r/d_in + r/d_out, about 2% for r = 8 at d = 768. " +
			"Gradients and Adam's two moments exist only for what is trained, so the optimiser's memory shrinks by the same factor, while " +
			"the frozen W still has to be stored. The FLOPs of a step do not shrink as much: the forward pass still multiplies by W and the " +
			"backward pass still sends the gradient through W to the layers before; only the weight gradient dW is saved, so a step " +
			"costs about two thirds of full fine-tuning. At inference the factored (XA^T)B^T costs 2NL·r(d_in + d_out) on top of the base layer; " +
			"forming BA first costs 2·d_out·r·d_in once, which only pays over many tokens (or merge it into W and pay nothing). " +
			"The written answer's pitfall drops L from the adapter's term, undercounting it by the sequence length."}
}

func (s *costView) Params() []scene.Param {
	return []scene.Param{
		{Name: "d", Label: "width d (in = out)", Kind: scene.Int, Min: 64, Max: 4096, Step: 64, Default: 768},
		{Name: "r", Label: "rank r", Kind: scene.Float, Min: 1, Max: 256, Step: 1, Default: 8, Log: true},
		{Name: "n", Label: "sequences N", Kind: scene.Int, Min: 1, Max: 64, Step: 1, Default: 8},
		{Name: "l", Label: "tokens per sequence L", Kind: scene.Float, Min: 1, Max: 8192, Step: 1, Default: 512, Log: true},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 0, Max: 99, Step: 1, Default: 0,
			Help: "0: the sizes above; 1–99 draw a layer (a quiz uses these)"},
		scene.PitfallParam(mistakeIDs("023")...),
	}
}

func (s *costView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "LLaMA-7B layer, r = 16", Values: scene.Values{"d": 4096, "r": 16, "n": 4, "l": 2048}},
		{Name: "Short sequences", Values: scene.Values{"l": 4}},
		{Name: "Pitfall: FLOPs without L", Values: scene.Values{"pitfall": 1}},
	}
}

// Applies implements scene.Applier.
func (s *costView) Applies(name string, v scene.Values) string {
	if v["seed"] != 0 && (name == "d" || name == "r" || name == "n" || name == "l") {
		return "seed " + strconv.Itoa(int(v["seed"])) + " draws the sizes; set it to 0 to use this"
	}
	return ""
}

func (s *costView) Reset(v scene.Values) error {
	s.seed = int(v["seed"])
	s.d, s.r, s.n, s.l = int64(v["d"]), int64(math.Round(v["r"])), int64(v["n"]), int64(math.Round(v["l"]))
	if s.seed > 0 {
		rng := rand.New(rand.NewPCG(uint64(s.seed), 23))
		s.d = 64 * int64(2+rng.IntN(63))
		s.r = int64(1) << rng.IntN(7)
		s.n = int64(1 + rng.IntN(16))
		s.l = int64(16) << rng.IntN(8)
	}
	s.pitfall = int(v["pitfall"]) == 1
	var err error
	if s.full, s.lora, s.inf, s.bad, err = costsOf(s.d, s.r, s.n, s.l); err != nil {
		return err
	}
	s.now = s.groups(s.d, s.r, s.n, s.l, s.full, s.lora, s.inf, s.bad)
	s.rGrid, s.lGrid = s.rGrid[:0], s.lGrid[:0]
	s.sweepR, s.sweepL = s.sweepR[:0], s.sweepL[:0]
	for i := range costSweepN {
		r := int64(math.Round(math.Pow(256, float64(i)/(costSweepN-1))))
		l := int64(math.Round(math.Pow(8192, float64(i)/(costSweepN-1))))
		fr, lr, ir, br, err := costsOf(s.d, r, s.n, s.l)
		if err != nil {
			return err
		}
		s.rGrid, s.sweepR = append(s.rGrid, r), append(s.sweepR, s.groups(s.d, r, s.n, s.l, fr, lr, ir, br))
		fl, ll, il, bl, err := costsOf(s.d, s.r, s.n, l)
		if err != nil {
			return err
		}
		s.lGrid, s.sweepL = append(s.lGrid, l), append(s.sweepL, s.groups(s.d, s.r, s.n, l, fl, ll, il, bl))
	}
	s.layerText = [5]string{
		"W: d·d = " + fmtCount(float64(s.full.Trainable)),
		"B, A: r(d + d) = " + fmtCount(float64(s.lora.Trainable)),
		strconv.FormatFloat(100*float64(s.lora.Trainable)/float64(s.full.Trainable), 'f', 2, 64) + "% of W",
		shapeOf(int(s.r), int(s.d)), shapeOf(int(s.d), int(s.r)),
	}
	s.buildTimeline()
	s.ro = nil
	return nil
}

// costsOf asks core for every count of one layer shape.
func costsOf(d, r, n, l int64) (full, lr complexity.TrainCost, inf, bad complexity.LoRACost, err error) {
	if full, lr, err = complexity.FineTuneCosts(d, d, r, n, l); err != nil {
		return
	}
	if inf, err = complexity.LoRACosts(d, d, r, n, l); err != nil {
		return
	}
	bad, err = mistakes.LoRAFlopsNoSeqLen(d, d, r, n, l)
	return
}

// Colours of the bars' parts.
var (
	costWeights = viz.Categorical(0)
	costGrads   = viz.Categorical(1)
	costAdam    = viz.Categorical(2)
	costFrozen  = viz.PanelDark
	costFwd     = viz.Categorical(0)
	costBwd     = viz.Categorical(3)
)

// groups makes the bars of one layer shape (strings included).
func (s *costView) groups(d, r, n, l int64, full, lr complexity.TrainCost, inf, bad complexity.LoRACost) costGroups {
	var g costGroups
	f := func(v int64) float64 { return float64(v) }
	g.titles = [4]string{
		"trainable weights, d = " + strconv.FormatInt(d, 10) + ", r = " + strconv.FormatInt(r, 10),
		"memory in float32: weights, gradients, Adam's m and v",
		"FLOPs per step, N·L = " + strconv.FormatInt(n*l, 10) + " tokens: forward + backward",
		"inference: the adapter's FLOPs, factored (XA^T)B^T or BA formed first",
	}
	g.params = []barRow{
		{label: "full", segs: []barSeg{{f(full.Trainable), costWeights}}, value: fmtCount(f(full.Trainable)), group: grpCParams, index: 0},
		{label: "LoRA", segs: []barSeg{{f(lr.Trainable), costWeights}}, value: fmtCount(f(lr.Trainable)) + " (" +
			strconv.FormatFloat(100*f(lr.Trainable)/f(full.Trainable), 'f', 1, 64) + "%)", group: grpCParams, index: 1},
	}
	mem := func(c complexity.TrainCost) []barSeg {
		return []barSeg{{4 * f(c.Frozen), costFrozen}, {4 * f(c.Trainable), costWeights}, {4 * f(c.Gradients), costGrads}, {4 * f(c.AdamMoments), costAdam}}
	}
	memTotal := func(c complexity.TrainCost) float64 { return 4 * f(c.Frozen+c.Trainable+c.OptimizerFloats()) }
	g.memory = []barRow{
		{label: "full", segs: mem(full), value: fmtBytes(memTotal(full)), group: grpCMemory, index: 0},
		{label: "LoRA", segs: mem(lr), value: fmtBytes(memTotal(lr)), group: grpCMemory, index: 1},
	}
	g.flops = []barRow{
		{label: "full", segs: []barSeg{{f(full.Forward), costFwd}, {f(full.Backward), costBwd}}, value: fmtCount(f(full.Step())) + "FLOP", group: grpCFlops, index: 0},
		{label: "LoRA", segs: []barSeg{{f(lr.Forward), costFwd}, {f(lr.Backward), costBwd}}, value: fmtCount(f(lr.Step())) + "FLOP (" +
			strconv.FormatFloat(100*f(lr.Step())/f(full.Step()), 'f', 0, 64) + "%)", group: grpCFlops, index: 1},
	}
	fact, merge := f(inf.FlopsLoRA-inf.FlopsFull), f(inf.FlopsMergeFirst-inf.FlopsFull)
	g.infer = []barRow{
		{label: "factored", segs: []barSeg{{fact, viz.Accent}}, value: fmtCount(fact) + "FLOP", group: grpCInfer, index: 0},
		{label: "BA first", segs: []barSeg{{merge, viz.InkMuted}}, value: fmtCount(merge) + "FLOP", group: grpCInfer, index: 1},
	}
	if s.pitfall {
		w := f(bad.FlopsLoRA - bad.FlopsFull)
		row := barRow{label: "written", segs: []barSeg{{w, viz.Bad}}, value: fmtCount(w) + "FLOP (no L)", valueCol: viz.Bad, group: grpCInfer, index: 2}
		if s.quiz {
			g.infer[0] = barRow{label: "factored", segs: []barSeg{{w, viz.Accent}}, value: fmtCount(w) + "FLOP", group: grpCInfer, index: 2}
		} else {
			g.infer = append(g.infer, row)
		}
	}
	return g
}

func (s *costView) buildTimeline() {
	d := strconv.FormatInt(s.d, 10)
	wShape, bShape, aShape := shapeOf(int(s.d), int(s.d)), shapeOf(int(s.d), int(s.r)), shapeOf(int(s.r), int(s.d))
	pct := strconv.FormatFloat(100*float64(s.lora.Trainable)/float64(s.full.Trainable), 'f', 1, 64)
	stepPct := strconv.FormatFloat(100*float64(s.lora.Step())/float64(s.full.Step()), 'f', 0, 64)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k costStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(csLayer, "the layer", "A "+d+"×"+d+" layer W, and LoRA's B and A of rank "+strconv.FormatInt(s.r, 10)+", drawn to scale.",
		"W "+wShape+", B "+bShape+", A "+aShape, 1.5)
	add(csParams, "trainable", "Full fine-tuning trains all of W; LoRA trains B and A: $r/d_{in} + r/d_{out}$ = "+pct+"% as many.", "d·d against r(d + d)", 2.5)
	add(csMemory, "optimiser memory", "Gradients and Adam's m and v exist only for what is trained; the frozen W (grey) is still stored.", "4 bytes per float", 2.5)
	add(csFlops, "FLOPs per step", "LoRA still runs x·W forward and sends the gradient through W backward; it only skips dW: "+stepPct+"% of a full step.",
		shapeOf(int(s.n), int(s.l), int(s.d))+" through "+wShape, 3)
	add(csSweepR, "sweep r", "r from 1 to 256: trainable weights and memory grow with r; a step's FLOPs barely move.", "r = 1…256", 6)
	add(csSweepL, "sweep L", "L from 1 to 8192: a step's FLOPs grow with the tokens, the weights and the memory do not. Forming BA first pays only for long sequences.",
		"L = 1…8192", 6)
	if s.pitfall && !s.quiz {
		s.tl[3].Caption += " The written count drops L from the adapter's term."
	}
}

func (s *costView) Timeline() scene.Timeline { return s.tl }

// SetQuiz implements scene.Quizzer.
func (s *costView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer.
func (s *costView) Explain(variant int) string {
	return quizExplain("023", variant, "The right count charges the adapter 2NL·r(d_in + d_out): every one of the N·L tokens goes through A and B.")
}

// sweepIndex is the swept value shown at the frame.
func sweepIndex(f *scene.Frame) int {
	return min(costSweepN-1, int(math.Round(f.Frac*(costSweepN-1))))
}

func (s *costView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if len(s.steps) == 0 || area.W < 60 || area.H < 60 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case csLayer:
		s.drawLayer(c, area, f)
	case csParams:
		s.drawGroups(c, area, f, &s.now, true, false, false, false)
	case csMemory:
		s.drawGroups(c, area, f, &s.now, true, true, false, false)
	case csFlops:
		s.drawGroups(c, area, f, &s.now, true, true, true, s.pitfall || s.quiz)
	case csSweepR:
		s.drawGroups(c, area, f, &s.sweepR[sweepIndex(f)], true, true, true, false)
	case csSweepL:
		s.drawGroups(c, area, f, &s.sweepL[sweepIndex(f)], false, false, true, true)
	}
}

// drawGroups draws the chosen groups of bars, one under the other, each
// against its own largest bar, with the legend of the memory and FLOP
// parts.
func (s *costView) drawGroups(c viz.Canvas, area viz.Rect, f *scene.Frame, g *costGroups, params, memory, flops, infer bool) {
	viz.MarkPanel(c, area)
	lh := viz.LineHeight(kitLabel)
	y := area.Y
	n := 0
	for _, on := range [4]bool{params, memory, flops, infer} {
		if on {
			n++
		}
	}
	block := min((area.H)/float64(max(n, 1)), 150)
	draw := func(title string, rows []barRow, items []legendItem) {
		r := viz.Rect{X: area.X, Y: y, W: min(area.W, 640), H: block - 8}
		c.Text(r.X, r.Y+kitTitle, viz.Ellipsize(c, title, kitTitle, r.W), kitTitle, viz.Ink, viz.AlignLeft)
		top := 0.0
		for i := range rows {
			top = max(top, rows[i].total())
		}
		legH := 0.0
		if len(items) > 0 {
			legH = legendHeight(c, r.W, items)
		}
		barsH := min(r.H-kitTitle-8-legH, 30*float64(len(rows)))
		used := drawBars(c, viz.Rect{X: r.X, Y: r.Y + kitTitle + 6, W: r.W, H: barsH}, rows, top, 0, f)
		if len(items) > 0 {
			legend(c, viz.Rect{X: r.X, Y: r.Y + kitTitle + 8 + used, W: r.W, H: legH}, items)
		}
		y += block
	}
	_ = lh
	if params {
		draw(g.titles[0], g.params, nil)
	}
	if memory {
		draw(g.titles[1], g.memory, costMemLegend)
	}
	if flops {
		draw(g.titles[2], g.flops, costFlopLegend)
	}
	if infer {
		draw(g.titles[3], g.infer, nil)
	}
}

var (
	costMemLegend  = []legendItem{{costFrozen, "frozen W"}, {costWeights, "trained weights"}, {costGrads, "gradients"}, {costAdam, "Adam m, v"}}
	costFlopLegend = []legendItem{{costFwd, "forward"}, {costBwd, "backward"}}
)

// drawLayer draws W as a square and B, A as strips of width r, to scale.
func (s *costView) drawLayer(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	viz.MarkPanel(c, area)
	lh := viz.LineHeight(kitLabel)
	side := math.Floor(min(area.H-3*lh-20, (area.W-40)/2.3))
	if side < 20 {
		return
	}
	thin := max(2, side*float64(s.r)/float64(s.d))
	y0 := area.Y + lh + 8
	wr := viz.Rect{X: area.X, Y: y0, W: side, H: side}
	c.FillRect(wr.X, wr.Y, wr.W, wr.H, costFrozen)
	c.StrokeRect(wr.X, wr.Y, wr.W, wr.H, 1, viz.InkMuted)
	c.Text(wr.X, area.Y+kitLabel, viz.Ellipsize(c, "full: all of W trains", kitLabel, side), kitLabel, viz.Ink, viz.AlignLeft)
	c.Text(wr.X, wr.Y+wr.H+4+kitLabel, viz.Ellipsize(c, s.layerText[0], kitLabel, side), kitLabel, viz.InkMuted, viz.AlignLeft)
	f.Box(grpCW, 0, wr)
	x := wr.X + side + 40
	br := viz.Rect{X: x, Y: y0, W: thin, H: side}
	ar := viz.Rect{X: x + thin + 12, Y: y0, W: side, H: thin}
	c.FillRect(br.X, br.Y, br.W, br.H, costWeights)
	c.FillRect(ar.X, ar.Y, ar.W, ar.H, costWeights)
	c.Text(br.X, area.Y+kitLabel, viz.Ellipsize(c, "LoRA: only B and A train", kitLabel, area.X+area.W-br.X), kitLabel, viz.Ink, viz.AlignLeft)
	c.Text(ar.X+4, ar.Y+ar.H+4+kitLabel, "A "+s.layerText[3], kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(br.X+br.W+6, br.Y+side/2, "B "+s.layerText[4], kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(br.X, br.Y+br.H+4+kitLabel, viz.Ellipsize(c, s.layerText[1], kitLabel, area.X+area.W-br.X), kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(br.X, br.Y+br.H+4+kitLabel+lh, viz.Ellipsize(c, s.layerText[2], kitLabel, area.X+area.W-br.X), kitLabel, viz.Accent, viz.AlignLeft)
	f.Box(grpCB, 0, viz.Rect{X: br.X - 3, Y: br.Y, W: br.W + 6, H: br.H})
	f.Box(grpCA, 0, viz.Rect{X: ar.X, Y: ar.Y - 3, W: ar.W, H: ar.H + 6})
}

// Readout implements scene.Readouter.
func (s *costView) Readout(f *scene.Frame) []scene.KV {
	if len(s.steps) == 0 {
		return nil
	}
	if s.ro == nil {
		s.ro = []scene.KV{
			{Key: "d, r, N, L", Value: strconv.FormatInt(s.d, 10) + ", " + strconv.FormatInt(s.r, 10) + ", " + strconv.FormatInt(s.n, 10) + ", " + strconv.FormatInt(s.l, 10)},
			{Key: "trainable full / LoRA", Value: strconv.FormatInt(s.full.Trainable, 10) + " / " + strconv.FormatInt(s.lora.Trainable, 10)},
			{Key: "optimiser floats full / LoRA", Value: strconv.FormatInt(s.full.OptimizerFloats(), 10) + " / " + strconv.FormatInt(s.lora.OptimizerFloats(), 10)},
			{Key: "step FLOPs full", Value: strconv.FormatInt(s.full.Step(), 10)},
			{Key: "step FLOPs LoRA", Value: strconv.FormatInt(s.lora.Step(), 10)},
			{Key: "inference adapter FLOPs", Value: strconv.FormatInt(s.inf.FlopsLoRA-s.inf.FlopsFull, 10)},
		}
		if s.pitfall {
			s.ro = append(s.ro, scene.KV{Key: "written (no L) adapter FLOPs", Value: strconv.FormatInt(s.bad.FlopsLoRA-s.bad.FlopsFull, 10)})
		}
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *costView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if len(s.steps) == 0 {
		return scene.Inspection{}, false
	}
	k := min(f.Step, len(s.steps)-1)
	d, r, l := s.d, s.r, s.l
	full, lr, inf, bad := s.full, s.lora, s.inf, s.bad
	switch s.steps[k] {
	case csSweepR:
		i := sweepIndex(f)
		r = s.rGrid[i]
		full, lr, inf, bad, _ = costsOf(d, r, s.n, l)
	case csSweepL:
		i := sweepIndex(f)
		l = s.lGrid[i]
		full, lr, inf, bad, _ = costsOf(d, r, s.n, l)
	}
	which := [2]string{"full fine-tuning", "LoRA"}
	pick := func(i int) complexity.TrainCost {
		if i == 1 {
			return lr
		}
		return full
	}
	in := scene.Inspection{Index: "[" + strconv.Itoa(t.Index) + "]", Shape: "[2]", Source: "complexity.FineTuneCosts"}
	i := t.Index
	switch t.Group {
	case grpCW:
		in.Name, in.Value, in.Tensor, in.Shape = "weights of W", strconv.FormatInt(d*d, 10), "W", shapeOf(int(d), int(d))
	case grpCB:
		in.Name, in.Value, in.Tensor, in.Shape = "weights of B", strconv.FormatInt(d*r, 10), "B", shapeOf(int(d), int(r))
	case grpCA:
		in.Name, in.Value, in.Tensor, in.Shape = "weights of A", strconv.FormatInt(d*r, 10), "A", shapeOf(int(r), int(d))
	case grpCParams:
		if i < 0 || i > 1 {
			return scene.Inspection{}, false
		}
		in.Name, in.Value, in.Tensor = "trainable weights, "+which[i], strconv.FormatInt(pick(i).Trainable, 10), "params"
	case grpCMemory:
		if i < 0 || i > 1 {
			return scene.Inspection{}, false
		}
		c := pick(i)
		in.Name, in.Tensor = "bytes in float32, "+which[i], "memory"
		in.Value = strconv.FormatInt(4*(c.Frozen+c.Trainable+c.OptimizerFloats()), 10)
		in.Detail = "frozen " + strconv.FormatInt(c.Frozen, 10) + ", trained " + strconv.FormatInt(c.Trainable, 10) +
			", gradients " + strconv.FormatInt(c.Gradients, 10) + ", Adam " + strconv.FormatInt(c.AdamMoments, 10) + " floats"
	case grpCFlops:
		if i < 0 || i > 1 {
			return scene.Inspection{}, false
		}
		c := pick(i)
		in.Name, in.Tensor, in.Value = "FLOPs of a training step, "+which[i], "FLOPs", strconv.FormatInt(c.Step(), 10)
		in.Detail = "forward " + strconv.FormatInt(c.Forward, 10) + ", backward " + strconv.FormatInt(c.Backward, 10)
	case grpCInfer:
		in.Tensor, in.Source, in.Shape = "FLOPs", "complexity.LoRACosts", "[3]"
		switch i {
		case 0:
			in.Name, in.Value = "adapter FLOPs of (XA^T)B^T over N·L tokens", strconv.FormatInt(inf.FlopsLoRA-inf.FlopsFull, 10)
		case 1:
			in.Name, in.Value = "FLOPs of forming BA first", strconv.FormatInt(inf.FlopsMergeFirst-inf.FlopsFull, 10)
		case 2:
			in.Name, in.Value, in.Source = "the written count, without L", strconv.FormatInt(bad.FlopsLoRA-bad.FlopsFull, 10), "mistakes.LoRAFlopsNoSeqLen"
			if s.quiz {
				in.Name, in.Source = "adapter FLOPs of (XA^T)B^T over N·L tokens", "the version under test"
			}
		default:
			return scene.Inspection{}, false
		}
	default:
		return scene.Inspection{}, false
	}
	return in, true
}
