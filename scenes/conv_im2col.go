package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Problem 018, conv2d as im2col and one matrix product, told as a process:
// the padded input, the window becoming a column of the unfolded matrix,
// the weight flattened into GEMM rows, the product column by column, and
// the reshape to the output grid. Every tensor is conv.Conv2DTrace's; the
// pitfall is mistakes.Conv2DWeightChannelsLastTrace on the same input.

// Inspection groups of the im2col view. gImIn+c is channel c of the
// padded input, gImKer+o*8+c the kernel of output o over channel c.
const (
	gImCols = iota + 1
	gImRows
	gImBadRows
	gImProd
	gImBadProd
	gImWT
	gImIn      = 20
	gImKer     = 40
	gImY       = 80
	gImBadY    = 90
	im2colMaxC = 3
	im2colMaxO = 3
)

type im2colStep int

const (
	imInput im2colStep = iota
	imUnfold
	imWeight
	imGemm
	imOutput
)

type im2colView struct {
	// parameters
	h, w, c, o, k, stride, pad, dil int
	seed                            uint64
	pitfall                         string
	// computed by Reset
	x, weight, bias *core.Tensor
	st, bad         *conv.Conv2DStages
	ph, pw, kk, l   int
	steps           []im2colStep
	tl              scene.Timeline
	// pictures, built by Reset (the cols and product reveal is rebuilt
	// when the swept column changes, in place)
	hin             [im2colMaxC]heat
	inVals          [im2colMaxC][]float32
	padMask         []bool
	hker            [im2colMaxO * im2colMaxC]heat
	hrows, hbadRows heat
	hcols           heat
	colsMask        []bool
	shownCols       int
	hprod, hbadProd heat
	prodMask        []bool
	shownProd       int
	hwt             heat // Wᵀ [C·k·k, O] (and the pitfall's beside it)
	wtVals          []float32
	wtLabels        []string
	wtColLabels     []string
	colsLabels      []string
	prodLabels      []string
	badProdLabels   []string
	inLabels        [im2colMaxC][]string
	kerNums         [im2colMaxO * im2colMaxC][]string
	rowNums         []string
	badRowNums      []string
	hy, hbadY       [im2colMaxO]heat
	rowLabels       []string
	padRowLabels    []string
	padColLabels    []string
	colLabels       []string
	kerLabels       []string
	differs         []bool // pitfall output cells that differ from the right ones
	prodLim         float64
	sweepSecs       float64
	// labels and titles made once per Reset, or once per swept position:
	// a paused frame formats nothing.
	opts     memo[panelKey, heatOpts]
	legendCh []legendItem
	// quiz: draw only the version the pitfall selects, named by nothing
	// (Reset puts it in st and drops bad); testLast says its weight rows
	// are the channels-last ones.
	quiz, testLast bool
	ro             kvMemo[[2]int]
	cells          cellsBuf
}

// Panels of the im2col view (kinds of panelKey).
const (
	imoInput = iota
	imoCols
	imoKernel
	imoRows
	imoBadRows
	imoWT
	imoColsGemm
	imoProd
	imoBadProd
	imoProdOut
	imoY
	imoBadY
)

// opt returns the labels of panel k, made by mk the first time.
func (s *im2colView) opt(kind, a, b int, mk func() heatOpts) heatOpts {
	return s.opts.get(panelKey{kind, a, b}, mk)
}

func newIm2colView() *im2colView { return &im2colView{} }

func (s *im2colView) Info() scene.Info {
	p, _ := problems.Lookup("018")
	return scene.Info{ID: "im2col", Problem: "018", Title: p.Title, Family: "convolution", Statement: p.Statement,
		Formula: `\mathrm{cols} = \mathrm{unfold}(x) \in \mathbb{R}^{C k^2 \times L},\quad Y = W_{[O,\, C k^2]}\,\mathrm{cols} + b,\quad L = H_o W_o,\quad H_o = \left\lfloor \frac{H + 2p - d(k-1) - 1}{s} \right\rfloor + 1`,
		LookFor: "Follow one window: its C·k·k numbers, read channel by channel and row by row, become one column of the unfolded matrix " +
			"[C·k·k, L], one column per output position l. The weight [O, C, k, k] viewed as [O, C·k·k] lists its taps in the same order, " +
			"so one row of it times one column is one output number, and the whole convolution is one matrix product [O, C·k·k]·[C·k·k, L] = [O, L], " +
			"which view(1, O, Ho, Wo) puts back on the grid. Stride skips window positions, dilation spreads the taps, padding adds the grey zeros. " +
			"The pitfall flattens the weight channels-last, [k, k, C]: the same numbers, in an order that no longer matches the columns, " +
			"so every tap meets the wrong input (with one channel nothing moves)."}
}

func (s *im2colView) Params() []scene.Param {
	return []scene.Param{
		{Name: "height", Label: "input height H", Kind: scene.Int, Min: 3, Max: 7, Step: 1, Default: 5},
		{Name: "width", Label: "input width W", Kind: scene.Int, Min: 3, Max: 8, Step: 1, Default: 5},
		{Name: "channels", Label: "input channels C", Kind: scene.Int, Min: 1, Max: im2colMaxC, Step: 1, Default: 2},
		{Name: "out", Label: "output channels O", Kind: scene.Int, Min: 1, Max: im2colMaxO, Step: 1, Default: 1},
		{Name: "kernel", Label: "kernel k", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 3},
		{Name: "stride", Label: "stride s", Kind: scene.Int, Min: 1, Max: 3, Step: 1, Default: 1},
		{Name: "padding", Label: "padding p", Kind: scene.Int, Min: 0, Max: 2, Step: 1, Default: 1},
		{Name: "dilation", Label: "dilation d", Kind: scene.Int, Min: 1, Max: 2, Step: 1, Default: 1},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs("018")...),
	}
}

func (s *im2colView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Stride 2", Values: scene.Values{"stride": 2, "height": 6, "width": 6}},
		{Name: "Dilated", Values: scene.Values{"dilation": 2, "padding": 2}},
		{Name: "Two filters", Values: scene.Values{"out": 2, "channels": 1, "width": 6}},
		{Name: "Pitfall: channels-last weight", Values: scene.Values{"pitfall": 1, "kernel": 2, "padding": 0, "channels": 3}},
	}
}

func (s *im2colView) Reset(v scene.Values) error {
	s.h, s.w, s.c, s.o = int(v["height"]), int(v["width"]), int(v["channels"]), int(v["out"])
	s.k, s.stride, s.pad, s.dil = int(v["kernel"]), int(v["stride"]), int(v["padding"]), int(v["dilation"])
	s.seed = uint64(v["seed"])
	s.c, s.o = clampInt(s.c, 1, im2colMaxC), clampInt(s.o, 1, im2colMaxO)
	if s.quiz {
		// With one channel or a 1×1 kernel both flattenings agree: a
		// quiz takes two channels and k ≥ 2, whatever the version.
		s.c, s.k = max(s.c, 2), max(s.k, 2)
	}
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		ids := mistakeIDs("018")
		s.pitfall = ids[min(i, len(ids))-1]
	}
	// Integers keep every product checkable by hand.
	rng := rand.New(rand.NewPCG(s.seed, 18))
	s.x = core.New(1, s.c, s.h, s.w)
	for i := range s.x.Data {
		s.x.Data[i] = float32(rng.IntN(10))
	}
	s.weight = core.New(s.o, s.c, s.k, s.k)
	for i := range s.weight.Data {
		s.weight.Data[i] = float32(rng.IntN(4) - 1)
	}
	s.bias = core.New(s.o)
	for i := range s.bias.Data {
		s.bias.Data[i] = float32(rng.IntN(5) - 2)
	}
	o := conv.DefaultOptions()
	o.Stride, o.Padding, o.Dilation = [2]int{s.stride, s.stride}, [2]int{s.pad, s.pad}, [2]int{s.dil, s.dil}
	st, err := conv.Conv2DTrace(s.x, s.weight, s.bias, o)
	if err != nil {
		return err
	}
	s.st, s.bad, s.testLast = st, nil, false
	if s.pitfall == "weight-channels-last" {
		if s.bad, err = mistakes.Conv2DWeightChannelsLastTrace(s.x, s.weight, s.bias, o); err != nil {
			return err
		}
		if s.quiz {
			s.st, s.bad, s.testLast = s.bad, nil, true
		}
	}
	s.ph, s.pw, s.kk, s.l = s.h+2*s.pad, s.w+2*s.pad, s.k*s.k, st.Ho*st.Wo
	s.opts.reset()
	s.ro.reset()
	s.legendCh = s.legendCh[:0]
	for ch := range s.c {
		s.legendCh = append(s.legendCh, legendItem{Col: viz.Categorical(ch), Label: "tap of channel " + strconv.Itoa(ch)})
	}
	s.buildTimeline()
	s.buildPictures()
	return nil
}

func (s *im2colView) buildTimeline() {
	k, kk, l, o := s.k, s.c*s.k*s.k, s.l, s.o
	x := shapeOf(1, s.c, s.h, s.w)
	cols := shapeOf(1, kk, l)
	s.sweepSecs = math.Max(4, 0.28*float64(l))
	s.steps = []im2colStep{imInput, imUnfold, imWeight, imGemm, imOutput}
	pad := "Padding p = " + strconv.Itoa(s.pad) + " puts a ring of zeros (grey) around each channel; the window slides over this grid."
	if s.pad == 0 {
		pad = "No padding: the window slides over the image itself, so the output is smaller."
	}
	s.tl = scene.Timeline{
		{Stage: "input", Caption: "x holds C = " + strconv.Itoa(s.c) + " channels of " + strconv.Itoa(s.h) + "×" + strconv.Itoa(s.w) + " integers. " + pad,
			Shapes: "x " + x + ", padded " + shapeOf(1, s.c, s.ph, s.pw), Seconds: 1.5},
		{Stage: "unfold", Caption: "Window position l becomes column l: its " + strconv.Itoa(kk) + " numbers, channel by channel, row by row (rows (c, i, j)).",
			Shapes: x + " → unfold → " + cols, Seconds: s.sweepSecs},
		{Stage: "flatten weight", Caption: "weight.view(O, −1): each filter's " + strconv.Itoa(s.c) + "·" + strconv.Itoa(k) + "·" + strconv.Itoa(k) +
			" taps in the same (c, i, j) order, one GEMM row per output channel.",
			Shapes: "W " + shapeOf(o, s.c, k, k) + " → " + shapeOf(o, kk), Seconds: 2.5},
		{Stage: "matrix product", Caption: "Output l = W row · column l (+ bias): the taps meet the window's numbers pair by pair.",
			Shapes: shapeOf(o, kk) + " · " + shapeOf(kk, l) + " → " + shapeOf(1, o, l), Seconds: s.sweepSecs},
		{Stage: "reshape", Caption: "view(1, O, Ho, Wo): position l goes back to row l // Wo, column l % Wo of the output grid.",
			Shapes: shapeOf(1, o, l) + " → Y " + shapeOf(1, o, s.st.Ho, s.st.Wo), Seconds: 2.5},
	}
	if s.quiz {
		// Say what is drawn, never what it should be: that is the answer.
		s.tl[2].Caption = "The weight " + shapeOf(o, s.c, k, k) + " flattened into one GEMM row per output channel; the band under the rows " +
			"is the input channel each position's tap belongs to."
		s.tl[2].Shapes = "W " + shapeOf(o, s.c, k, k) + " → " + shapeOf(o, kk)
		return
	}
	if s.bad != nil {
		s.tl[2].Caption = "Right: the taps in unfold's (c, i, j) order. Pitfall: flattened [k, k, C], the same numbers interleaved by channel."
		s.tl[4].Caption = "The channels-last weight (right panel) gives other numbers: red cells differ from conv2d's output."
	}
}

// buildPictures paints every matrix the timeline shows.
func (s *im2colView) buildPictures() {
	st := s.st
	ph, pw := s.ph, s.pw
	s.padMask = s.padMask[:0]
	for i := 0; i < ph; i++ {
		for j := 0; j < pw; j++ {
			s.padMask = append(s.padMask, i < s.pad || i >= s.pad+s.h || j < s.pad || j >= s.pad+s.w)
		}
	}
	for c := 0; c < s.c; c++ {
		vals := s.inVals[c][:0]
		for i := 0; i < ph; i++ {
			for j := 0; j < pw; j++ {
				y, x := i-s.pad, j-s.pad
				v := float32(0)
				if y >= 0 && y < s.h && x >= 0 && x < s.w {
					v = s.x.Data[(c*s.h+y)*s.w+x]
				}
				vals = append(vals, v)
			}
		}
		s.inVals[c] = vals
		s.hin[c].set(vals, ph, pw, lightBlues, 0, 9, s.padMask)
	}
	s.padRowLabels, s.padColLabels = indexLabels(-s.pad, ph), indexLabels(-s.pad, pw)
	wlo, whi := -2.0, 2.0
	for oc := 0; oc < s.o; oc++ {
		for c := 0; c < s.c; c++ {
			s.hker[oc*s.c+c].set(s.weight.Data[(oc*s.c+c)*s.kk:(oc*s.c+c+1)*s.kk], s.k, s.k, viz.BlueWhiteRed, wlo, whi, nil)
		}
	}
	kk := s.c * s.kk
	s.hrows.set(st.WeightRows.Data, s.o, kk, viz.BlueWhiteRed, wlo, whi, nil)
	if s.bad != nil {
		s.hbadRows.set(s.bad.WeightRows.Data, s.o, kk, viz.BlueWhiteRed, wlo, whi, nil)
	}
	s.rowLabels = s.rowLabels[:0]
	for r := 0; r < kk; r++ {
		s.rowLabels = append(s.rowLabels, strconv.Itoa(r/s.kk)+","+strconv.Itoa(r/s.k%s.k)+","+strconv.Itoa(r%s.k))
	}
	s.colLabels = indexLabels(0, s.l)
	s.kerLabels = indexLabels(0, kk)
	s.prodLim = 1
	for _, v := range st.Prod.Data {
		s.prodLim = math.Max(s.prodLim, math.Abs(float64(v)))
	}
	if s.bad != nil {
		for _, v := range s.bad.Prod.Data {
			s.prodLim = math.Max(s.prodLim, math.Abs(float64(v)))
		}
	}
	for oc := 0; oc < s.o; oc++ {
		plane := st.Y.Data[oc*s.l : (oc+1)*s.l]
		s.hy[oc].set(plane, st.Ho, st.Wo, viz.BlueWhiteRed, -s.prodLim, s.prodLim, nil)
		if s.bad != nil {
			s.hbadY[oc].set(s.bad.Y.Data[oc*s.l:(oc+1)*s.l], st.Ho, st.Wo, viz.BlueWhiteRed, -s.prodLim, s.prodLim, nil)
		}
	}
	s.differs = s.differs[:0]
	if s.bad != nil {
		for i, v := range st.Y.Data {
			s.differs = append(s.differs, v != s.bad.Y.Data[i])
		}
	}
	// Wᵀ for the product stage: the weight rows (and the pitfall's) as
	// columns, so tap q sits beside row q of the unfolded matrix.
	nW := s.o
	if s.bad != nil {
		nW *= 2
	}
	s.wtVals = s.wtVals[:0]
	s.wtColLabels = s.wtColLabels[:0]
	for q := 0; q < kk; q++ {
		for j := 0; j < nW; j++ {
			src := st.WeightRows
			if j >= s.o {
				src = s.bad.WeightRows
			}
			s.wtVals = append(s.wtVals, src.Data[(j%s.o)*kk+q])
		}
	}
	for j := 0; j < nW; j++ {
		lbl := strconv.Itoa(j % s.o)
		if j >= s.o {
			lbl += "'"
		}
		s.wtColLabels = append(s.wtColLabels, lbl)
	}
	s.hwt.set(s.wtVals, kk, nW, viz.BlueWhiteRed, wlo, whi, nil)
	s.wtLabels = cvIntLabels(s.wtLabels, s.wtVals)
	s.colsLabels = cvIntLabels(s.colsLabels, st.Cols.Data)
	s.prodLabels = cvIntLabels(s.prodLabels, st.Prod.Data)
	if s.bad != nil {
		s.badProdLabels = cvIntLabels(s.badProdLabels, s.bad.Prod.Data)
		s.badRowNums = cvIntLabels(s.badRowNums, s.bad.WeightRows.Data)
	}
	s.rowNums = cvIntLabels(s.rowNums, st.WeightRows.Data)
	for c := 0; c < s.c; c++ {
		s.inLabels[c] = cvIntLabels(s.inLabels[c], s.inVals[c])
	}
	for i := 0; i < s.o*s.c; i++ {
		oc, ch := i/s.c, i%s.c
		s.kerNums[i] = cvIntLabels(s.kerNums[i], s.weight.Data[(oc*s.c+ch)*s.kk:(oc*s.c+ch+1)*s.kk])
	}
	s.shownCols, s.shownProd = -2, -2
	s.revealCols(s.l - 1)
	s.revealProd(s.o*s.l - 1)
}

// revealCols shows the unfolded matrix up to column upto (the rest grey).
func (s *im2colView) revealCols(upto int) {
	if upto == s.shownCols {
		return
	}
	s.shownCols = upto
	kk := s.c * s.kk
	s.colsMask = s.colsMask[:0]
	for r := 0; r < kk; r++ {
		for j := 0; j < s.l; j++ {
			s.colsMask = append(s.colsMask, j > upto)
		}
	}
	s.hcols.set(s.st.Cols.Data, kk, s.l, lightBlues, 0, 9, s.colsMask)
}

// revealProd shows the product up to item upto of the sweep over (o, l).
func (s *im2colView) revealProd(upto int) {
	if upto == s.shownProd {
		return
	}
	s.shownProd = upto
	s.prodMask = s.prodMask[:0]
	for oc := 0; oc < s.o; oc++ {
		for j := 0; j < s.l; j++ {
			s.prodMask = append(s.prodMask, j*s.o+oc > upto)
		}
	}
	s.hprod.set(s.st.Prod.Data, s.o, s.l, viz.BlueWhiteRed, -s.prodLim, s.prodLim, s.prodMask)
	if s.bad != nil {
		s.hbadProd.set(s.bad.Prod.Data, s.o, s.l, viz.BlueWhiteRed, -s.prodLim, s.prodLim, s.prodMask)
	}
}

func (s *im2colView) Timeline() scene.Timeline { return s.tl }

// position is the swept window position l (and output channel) at f.
func (s *im2colView) position(f *scene.Frame) (oc, l int) {
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case imUnfold:
		return 0, cvStepOf(f.Frac, s.l)
	case imGemm:
		i := cvStepOf(f.Frac, s.l*s.o)
		return i % s.o, i / s.o
	case imInput, imWeight:
		return 0, 0
	}
	return s.o - 1, s.l - 1
}

func (s *im2colView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil || len(s.steps) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	oc, l := s.position(f)
	switch s.steps[k] {
	case imInput:
		s.drawInputs(c, area, f, -1)
	case imUnfold:
		s.revealCols(l)
		s.drawUnfold(c, area, f, l)
	case imWeight:
		s.drawWeight(c, area, f)
	case imGemm:
		s.revealCols(s.l - 1)
		s.revealProd(l*s.o + oc)
		s.drawGemm(c, area, f, oc, l)
	case imOutput:
		s.revealProd(s.o*s.l - 1)
		s.drawOutput(c, area, f)
	}
}

// window returns the padded-grid cell of tap r (row of the unfolded
// matrix) at window position l.
func (s *im2colView) window(r, l int) (ch, i, j int) {
	ch, ti, tj := r/s.kk, r/s.k%s.k, r%s.k
	oy, ox := l/s.st.Wo, l%s.st.Wo
	return ch, oy*s.stride + ti*s.dil, ox*s.stride + tj*s.dil
}

// drawInputs draws the padded channels in r; l ≥ 0 outlines the window at
// position l and the tap under the focus.
func (s *im2colView) drawInputs(c viz.Canvas, r viz.Rect, f *scene.Frame, l int) {
	minW := 130.0
	if cvHorizontal(r) && s.c > 1 && r.W < 300 {
		minW = r.W
	}
	cells := s.cells.flow(r, s.c, 18, minW)
	for ch := 0; ch < s.c; ch++ {
		o := s.opt(imoInput, ch, 0, func() heatOpts {
			return heatOpts{Title: "x[0, " + strconv.Itoa(ch) + "]", Shape: "padded " + shapeOf(s.ph, s.pw), RowLabels: s.padRowLabels,
				ColLabels: s.padColLabels, Group: gImIn + ch, MaxCell: 33}
		})
		cr := s.hin[ch].draw(c, cells[ch], f, o)
		cvNumbers(c, cr, &s.hin[ch], s.inLabels[ch])
		if cr.W == 0 || l < 0 {
			continue
		}
		cw := cr.W / float64(s.pw)
		oy, ox := l/s.st.Wo, l%s.st.Wo
		span := float64((s.k-1)*s.dil + 1)
		c.StrokeRect(cr.X+float64(ox*s.stride)*cw, cr.Y+float64(oy*s.stride)*cw, span*cw, span*cw, 3, viz.Accent)
		if s.dil > 1 {
			for r := ch * s.kk; r < (ch+1)*s.kk; r++ {
				_, i, j := s.window(r, l)
				outlineCell(c, cr, s.ph, s.pw, i, j, viz.Accent)
			}
		}
		if fi, ok := f.Focused(gImCols); ok {
			rr, fl := fi/s.l, fi%s.l
			if fch, i, j := s.window(rr, fl); fch == ch {
				outlineCell(c, cr, s.ph, s.pw, i, j, viz.Ink)
			}
		}
	}
}

func (s *im2colView) drawUnfold(c viz.Canvas, area viz.Rect, f *scene.Frame, l int) {
	var in, right viz.Rect
	if cvHorizontal(area) {
		in, right = area.CutLeft(math.Min(area.W*0.36, 300))
		_, right = right.CutLeft(20)
	} else {
		in, right = area.CutTop(area.H * 0.42)
		_, right = right.CutTop(10)
	}
	s.drawInputs(c, in, f, l)
	o := s.opt(imoCols, 0, 0, func() heatOpts {
		return heatOpts{Title: "cols = unfold(x)", Shape: shapeOf(1, s.c*s.kk, s.l), RowTitle: "(c, i, j)", RowLabels: s.rowLabels,
			ColTitle: "window position l", ColLabels: s.colLabels, Group: gImCols, MaxCell: 30}
	})
	cr := s.hcols.draw(c, right, f, o)
	cvNumbers(c, cr, &s.hcols, s.colsLabels)
	if cr.W > 0 {
		outlineCol(c, cr, s.l, l, viz.Accent)
		s.channelRules(c, cr, true)
	}
}

// channelRules draws a rule between the channels' blocks of taps of a
// matrix drawn in cr: across it (rows) or down it (columns).
func (s *im2colView) channelRules(c viz.Canvas, cr viz.Rect, rows bool) {
	kk := s.c * s.kk
	for ch := 1; ch < s.c; ch++ {
		if rows {
			y := cr.Y + cr.H*float64(ch*s.kk)/float64(kk)
			c.Line(cr.X-4, y, cr.X+cr.W, y, 2, viz.Ink)
		} else {
			x := cr.X + cr.W*float64(ch*s.kk)/float64(kk)
			c.Line(x, cr.Y-4, x, cr.Y+cr.H+4, 2, viz.Ink)
		}
	}
}

// drawWeight shows the kernels and their flattening into GEMM rows, with
// the channel each tap belongs to; the pitfall's rows below the right
// ones.
func (s *im2colView) drawWeight(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	kerH := math.Min(area.H*0.4, 30*float64(s.k)+60)
	ker, rows := area.CutTop(kerH)
	_, rows = rows.CutTop(8)
	n := s.o * s.c
	// Kernels side by side at a readable size, not spread over the width.
	ker.W = math.Min(ker.W, float64(n)*(float64(s.k)*32+40))
	cells := s.cells.flow(ker, n, 12, 90)
	for oc := 0; oc < s.o; oc++ {
		for ch := 0; ch < s.c; ch++ {
			i := oc*s.c + ch
			o := s.opt(imoKernel, oc, ch, func() heatOpts {
				return heatOpts{Title: "W[" + strconv.Itoa(oc) + ", " + strconv.Itoa(ch) + "]", NoScale: i != n-1, Group: gImKer + oc*8 + ch, MaxCell: 32}
			})
			r := cells[i]
			cr := s.hker[i].draw(c, r, f, o)
			if cr.W > 0 {
				cvNumbers(c, cr, &s.hker[i], s.kerNums[i])
				c.StrokeRect(cr.X-2, cr.Y-2, cr.W+4, cr.H+4, 2, viz.Categorical(ch))
			}
		}
	}
	// A legend for the bands under the rows: the channel each tap is of.
	items := s.legendCh
	lg := legendHeight(c, rows.W, items)
	legend(c, viz.Rect{X: rows.X, Y: rows.Y, W: rows.W, H: lg}, items)
	_, rows = rows.CutTop(lg + 4)
	if s.quiz {
		s.drawRows(c, rows, f, &s.hrows, "W as GEMM rows", gImRows, s.testLast, false)
		return
	}
	if s.bad == nil {
		s.drawRows(c, rows, f, &s.hrows, "W.view(O, −1)", gImRows, false, false)
		return
	}
	top, bottom := rows.CutTop(rows.H / 2)
	s.drawRows(c, top, f, &s.hrows, "W.view(O, −1)", gImRows, false, false)
	s.drawRows(c, bottom, f, &s.hbadRows, "pitfall: flattened [k, k, C]", gImBadRows, true, true)
}

// drawRows draws a [O, C·k·k] weight matrix with, under it, a band of
// the input channel each position holds (coloured as the kernels' frames;
// last: flattened channels-last) — for the pitfall, marked where it is
// not the channel unfold puts there — and the colour scale under the band.
func (s *im2colView) drawRows(c viz.Canvas, r viz.Rect, f *scene.Frame, ht *heat, title string, group int, last, bad bool) {
	kk := s.c * s.kk
	lh := viz.LineHeight(kitLabel)
	const band = 10.0
	scaleH := lh + 12
	// The scale goes at the bottom of r, under the band and below the
	// heat's own panel.
	viz.MarkPanel(c, r)
	_, body := r.CutBottom(band + 4 + scaleH)
	kind := imoRows
	if bad {
		kind = imoBadRows
	}
	o := s.opt(kind, 0, 0, func() heatOpts {
		return heatOpts{Title: title, Shape: shapeOf(s.o, kk), RowLabels: indexLabels(0, s.o), ColTitle: "position q = (c·k + i)·k + j",
			ColLabels: s.kerLabels, Group: group, MaxCell: 30, NoScale: true}
	})
	if body.H < kitTitle+8+2*lh+18*float64(s.o) {
		o.ColTitle = ""
	}
	cr := ht.draw(c, body, f, o)
	if cr.W == 0 {
		return
	}
	if bad && s.bad != nil {
		cvNumbers(c, cr, ht, s.badRowNums)
	} else {
		cvNumbers(c, cr, ht, s.rowNums)
	}
	cw := cr.W / float64(kk)
	y := cr.Y + cr.H + 3
	// The band: which input channel the value came from. Unfold pairs
	// position q with channel q / k²; channels-last puts channel q % C there.
	for q := 0; q < kk; q++ {
		from := q / s.kk
		if last {
			from = q % s.c
		}
		c.FillRect(cr.X+float64(q)*cw+1, y, cw-2, band, viz.Categorical(from))
		if bad && from != q/s.kk {
			c.StrokeRect(cr.X+float64(q)*cw, y-1, cw, band+2, 1.5, viz.Bad)
		}
	}
	s.channelRules(c, cr, false)
	if bad {
		c.StrokeRect(cr.X-3, cr.Y-3, cr.W+6, cr.H+6, 2, viz.Bad)
	}
	ht.drawScale(c, viz.Rect{X: cr.X, Y: r.Y + r.H - scaleH + 4, W: math.Max(cr.W, 120), H: scaleH - 6}, r)
}

// drawGemm lays the product out as the matrices meet: Wᵀ [C·k·k, O]
// beside the unfolded matrix, row for row, so tap q of the weight sits
// next to tap q of every window; the product [O, L] under it, column for
// column. The swept column l and output cell (o, l) are outlined.
func (s *im2colView) drawGemm(c viz.Canvas, area viz.Rect, f *scene.Frame, oc, l int) {
	kk := s.c * s.kk
	lh := viz.LineHeight(kitLabel)
	nW := s.o // columns of Wᵀ (and of the pitfall's beside it)
	if s.bad != nil {
		nW *= 2
	}
	labelW := c.TextWidth("0,0,0", kitLabel) + 10
	gap := 14.0
	prodRows := float64(s.o)
	if s.bad != nil {
		prodRows *= 2
	}
	// Height: column labels and title above, K rows, a scale; then the
	// product's title, rows and scale (twice with the pitfall).
	prods := 1.0
	if s.bad != nil {
		prods = 2
	}
	fixedH := kitTitle + 8 + 2*lh + (lh + 12) + prods*(kitTitle+8+lh+12+6)
	titleW := c.TextWidth("W rows", kitTitle) + 4
	cell := math.Min((area.W-labelW-gap-8)/float64(nW+s.l), (area.H-fixedH)/(float64(kk)+prodRows))
	cell = math.Min(cell, (area.W-labelW-gap-8-titleW)/float64(s.l))
	cell = math.Min(cell, 30)
	if cell < 4 {
		return
	}
	// The (c, i, j) labels are written here, left of the weight column:
	// the heat would squeeze them into a third of its narrow width.
	wR := viz.Rect{X: area.X + labelW, Y: area.Y, W: math.Max(float64(nW)*cell+2, c.TextWidth("W rows", kitTitle)+4),
		H: kitTitle + 8 + 2*lh + float64(kk)*cell + lh + 12}
	colsR := viz.Rect{X: wR.X + wR.W + gap, Y: area.Y, W: float64(s.l)*cell + 1, H: wR.H}
	wo := heatOpts{Title: "W row", ColTitle: "o", ColLabels: s.wtColLabels, Group: gImWT, MaxCell: cell}
	if s.o > 1 || s.bad != nil {
		wo.Title = "W rows"
	}
	wc := s.hwt.draw(c, wR, f, wo)
	if wc.W > 0 {
		every := int(math.Ceil(lh / cell))
		c.Text(wc.X-4, wc.Y-4, "(c, i, j)", kitLabel, viz.InkMuted, viz.AlignRight)
		for q := 0; q < kk; q += every {
			c.Text(wc.X-4, wc.Y+(float64(q)+0.5)*cell+kitLabel*0.35, s.rowLabels[q], kitLabel, viz.InkMuted, viz.AlignRight)
		}
	}
	cvNumbers(c, wc, &s.hwt, s.wtLabels)
	co := s.opt(imoColsGemm, 0, 0, func() heatOpts {
		return heatOpts{Title: "cols", Shape: shapeOf(kk, s.l), ColTitle: "window position l", ColLabels: s.colLabels, Group: gImCols}
	})
	co.MaxCell = cell
	cc := s.hcols.draw(c, colsR, f, co)
	cvNumbers(c, cc, &s.hcols, s.colsLabels)
	if wc.W > 0 && cc.W > 0 {
		outlineCol(c, cc, s.l, l, viz.Accent)
		outlineCol(c, wc, nW, oc, viz.Accent)
		s.channelRules(c, wc, true)
		if s.bad != nil {
			x := wc.X + wc.W/2
			c.Line(x, wc.Y-2, x, wc.Y+wc.H+2, 2, viz.Bad)
		}
	}
	y := colsR.Y + colsR.H + 6
	v := s.st.Prod.Data[oc*s.l+l]
	prodH := kitTitle + 8 + float64(s.o)*cell + lh + 12
	px := colsR.X
	if cc.W > 0 {
		px = cc.X
	}
	po := s.opt(imoProd, oc, l, func() heatOpts {
		return heatOpts{Title: "W row " + strconv.Itoa(oc) + " · column " + strconv.Itoa(l) + " + b = " + cvFmt(float64(v)),
			Shape: shapeOf(1, s.o, s.l), Group: gImProd}
	})
	po.MaxCell = cell
	pr := viz.Rect{X: px, Y: y, W: area.X + area.W - px, H: prodH}
	if pc := s.hprod.draw(c, pr, f, po); pc.W > 0 {
		cvNumbers(c, pc, &s.hprod, s.prodLabels)
		outlineCell(c, pc, s.o, s.l, oc, l, viz.Accent)
	}
	if s.bad == nil {
		return
	}
	bv := s.bad.Prod.Data[oc*s.l+l]
	bo := s.opt(imoBadProd, oc, l, func() heatOpts {
		return heatOpts{Title: "pitfall: [k, k, C] row · column " + strconv.Itoa(l) + " + b = " + cvFmt(float64(bv)), Shape: shapeOf(1, s.o, s.l),
			Group: gImBadProd}
	})
	bo.MaxCell = cell
	br := viz.Rect{X: px, Y: y + prodH + 6, W: area.X + area.W - px, H: prodH}
	if pc := s.hbadProd.draw(c, br, f, bo); pc.W > 0 {
		cvNumbers(c, pc, &s.hbadProd, s.badProdLabels)
		col := viz.Accent
		if bv != v {
			col = viz.Bad
		}
		outlineCell(c, pc, s.o, s.l, oc, l, col)
	}
}

// drawOutput shows the product reshaped into the output grids, and the
// pitfall's grids beside them with the differing cells in red.
func (s *im2colView) drawOutput(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n := s.o
	if s.bad != nil {
		n *= 2
	}
	top, bottom := area.CutTop(math.Min(area.H*0.3, 110))
	po := s.opt(imoProdOut, 0, 0, func() heatOpts {
		return heatOpts{Title: "W·cols + b", Shape: shapeOf(1, s.o, s.l), ColTitle: "l", ColLabels: s.colLabels, RowLabels: indexLabels(0, s.o),
			Group: gImProd, MaxCell: 26}
	})
	pc := s.hprod.draw(c, top, f, po)
	cvNumbers(c, pc, &s.hprod, s.prodLabels)
	_, bottom = bottom.CutTop(8)
	cells := s.cells.flow(bottom, n, 20, 130)
	for oc := 0; oc < s.o; oc++ {
		o := s.opt(imoY, oc, 0, func() heatOpts {
			return heatOpts{Title: "Y[0, " + strconv.Itoa(oc) + "]", Shape: shapeOf(s.st.Ho, s.st.Wo), RowLabels: indexLabels(0, s.st.Ho),
				ColLabels: indexLabels(0, s.st.Wo), Group: gImY + oc, MaxCell: 33}
		})
		yc := s.hy[oc].draw(c, cells[oc], f, o)
		cvNumbers(c, yc, &s.hy[oc], s.prodLabels[oc*s.l:(oc+1)*s.l])
		if s.bad == nil {
			continue
		}
		bo := s.opt(imoBadY, oc, 0, func() heatOpts {
			bo := o
			bo.Title, bo.Group = "pitfall Y[0, "+strconv.Itoa(oc)+"]", gImBadY+oc
			return bo
		})
		cr := s.hbadY[oc].draw(c, cells[s.o+oc], f, bo)
		if cr.W == 0 {
			continue
		}
		cvNumbers(c, cr, &s.hbadY[oc], s.badProdLabels[oc*s.l:(oc+1)*s.l])
		for i := 0; i < s.l; i++ {
			if s.differs[oc*s.l+i] {
				outlineCell(c, cr, s.st.Ho, s.st.Wo, i/s.st.Wo, i%s.st.Wo, viz.Bad)
			}
		}
	}
}

// SetQuiz implements scene.Quizzer.
func (s *im2colView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *im2colView) Explain(variant int) string {
	return quizExplain("018", variant, "The right version flattens the weight with W.view(O, −1): each filter's taps in (c, i, j) order, "+
		"the order unfold lists every window in, so each tap meets its own input.")
}

// Readout implements scene.Readouter.
func (s *im2colView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil || s.quiz {
		return nil
	}
	oc, l := s.position(f)
	return s.ro.get([2]int{oc, l}, func() []scene.KV { return s.readout(oc, l) })
}

// readout is the readout with output channel oc at position l.
func (s *im2colView) readout(oc, l int) []scene.KV {
	kv := []scene.KV{
		{Key: "x", Value: shapeOf(1, s.c, s.h, s.w)},
		{Key: "k, s, p, d", Value: strconv.Itoa(s.k) + ", " + strconv.Itoa(s.stride) + ", " + strconv.Itoa(s.pad) + ", " + strconv.Itoa(s.dil)},
		{Key: "cols", Value: shapeOf(1, s.c*s.kk, s.l)},
		{Key: "Y", Value: shapeOf(1, s.o, s.st.Ho, s.st.Wo)},
		{Key: "position l", Value: strconv.Itoa(l) + " = (" + strconv.Itoa(l/s.st.Wo) + ", " + strconv.Itoa(l%s.st.Wo) + ")"},
		{Key: "Y[0, " + strconv.Itoa(oc) + "] at l", Value: fmtNum(float64(s.st.Prod.Data[oc*s.l+l]))},
	}
	if s.bad != nil {
		kv = append(kv, scene.KV{Key: "pitfall at l", Value: fmtNum(float64(s.bad.Prod.Data[oc*s.l+l]))})
	}
	return kv
}

// Inspect implements scene.Inspector.
func (s *im2colView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	src := "conv.Conv2DTrace (= conv.Conv2D)"
	if s.quiz {
		src = quizSource
	}
	kk := s.c * s.kk
	i := t.Index
	switch g := t.Group; {
	case g >= gImIn && g < gImIn+s.c:
		ch, pi, pj := g-gImIn, i/s.pw, i%s.pw
		in := scene.Inspection{Name: "input value", Value: fmtNum(float64(s.inVals[ch][i%len(s.inVals[ch])])), Tensor: "x",
			Index: shapeOf(0, ch, pi-s.pad, pj-s.pad), Shape: shapeOf(1, s.c, s.h, s.w), Source: "the view's input (seeded integers 0–9)"}
		if s.padMask[i%len(s.padMask)] {
			in.Name, in.Detail = "zero padding", "outside the image: unfold reads 0 here"
		}
		return in, true
	case g >= gImKer && g < gImKer+8*im2colMaxO:
		oc, ch := (g-gImKer)/8, (g-gImKer)%8
		return inspectCell("weight tap", "W", s.weight.Data, []int{s.o, s.c, s.k, s.k}, []int{oc, ch, i / s.k, i % s.k},
			"the view's weight (seeded integers −1..2)"), true
	case g == gImCols:
		r, l := i/s.l, i%s.l
		in := inspectCell("unfolded value", "cols", s.st.Cols.Data, []int{1, kk, s.l}, []int{0, r, l}, "conv.Unfold")
		ch, pi, pj := s.window(r, l)
		in.Detail = "tap (c, i, j) = (" + s.rowLabels[r] + ") of window " + strconv.Itoa(l) + " reads x[0, " + strconv.Itoa(ch) + ", " +
			strconv.Itoa(pi-s.pad) + ", " + strconv.Itoa(pj-s.pad) + "]"
		return in, true
	case g == gImRows:
		if s.quiz {
			in := inspectCell("GEMM row entry", "W as GEMM rows", s.st.WeightRows.Data, []int{s.o, kk}, []int{i / kk, i % kk}, src)
			q := i % kk
			from := q / s.kk
			if s.testLast {
				from = q % s.c
			}
			in.Detail = "a tap of channel " + strconv.Itoa(from)
			return in, true
		}
		return inspectCell("GEMM row entry", "W.view(O, −1)", s.st.WeightRows.Data, []int{s.o, kk}, []int{i / kk, i % kk}, src), true
	case g == gImBadRows && s.bad != nil:
		in := inspectCell("channels-last entry", "W flattened [k, k, C]", s.bad.WeightRows.Data, []int{s.o, kk}, []int{i / kk, i % kk},
			"mistakes.Conv2DWeightChannelsLastTrace")
		q := i % kk
		in.Detail = "holds channel " + strconv.Itoa(q%s.c) + "'s tap; unfold puts channel " + strconv.Itoa(q/s.kk) + " here"
		return in, true
	case g == gImWT:
		nW := s.hwt.cols
		q, j := i/nW, i%nW
		if j >= s.o && s.bad != nil {
			in := inspectCell("channels-last tap", "W flattened [k, k, C]", s.bad.WeightRows.Data, []int{s.o, kk}, []int{j - s.o, q},
				"mistakes.Conv2DWeightChannelsLastTrace")
			in.Detail = "meets unfold row (" + s.rowLabels[q] + ") but holds channel " + strconv.Itoa(q%s.c) + "'s tap"
			return in, true
		}
		in := inspectCell("weight tap", "W.view(O, −1)", s.st.WeightRows.Data, []int{s.o, kk}, []int{j, q}, src)
		in.Detail = "tap (c, i, j) = (" + s.rowLabels[q] + "), drawn transposed beside row " + strconv.Itoa(q) + " of cols"
		if s.quiz {
			in.Tensor, in.Detail = "W as GEMM rows", "drawn transposed beside row "+strconv.Itoa(q)+" of cols"
		}
		return in, true
	case g == gImProd:
		in := inspectCell("output (flat)", "W·cols + b", s.st.Prod.Data, []int{1, s.o, s.l}, []int{0, i / s.l, i % s.l}, src)
		in.Detail = "bias " + fmtNum(float64(s.bias.Data[i/s.l])) + " included"
		return in, true
	case g == gImBadProd && s.bad != nil:
		return inspectCell("pitfall output (flat)", "W'·cols + b", s.bad.Prod.Data, []int{1, s.o, s.l}, []int{0, i / s.l, i % s.l},
			"mistakes.Conv2DWeightChannelsLastTrace"), true
	case g >= gImY && g < gImY+s.o:
		oc := g - gImY
		ysrc := "conv.Conv2D"
		if s.quiz {
			ysrc = quizSource
		}
		return inspectCell("output", "Y", s.st.Y.Data, []int{1, s.o, s.st.Ho, s.st.Wo}, []int{0, oc, i / s.st.Wo, i % s.st.Wo}, ysrc), true
	case g >= gImBadY && g < gImBadY+s.o && s.bad != nil:
		oc := g - gImBadY
		in := inspectCell("pitfall output", "Y", s.bad.Y.Data, []int{1, s.o, s.st.Ho, s.st.Wo}, []int{0, oc, i / s.st.Wo, i % s.st.Wo},
			"mistakes.Conv2DWeightChannelsLast")
		in.Detail = "conv2d gives " + fmtNum(float64(s.st.Y.Data[oc*s.l+i]))
		return in, true
	}
	return scene.Inspection{}, false
}
