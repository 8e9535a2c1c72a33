package scenes

import (
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Problem 006, the depthwise separable convolution, on a small picture:
// each colour channel gets its own k×k kernel (an edge finder across, one
// down, a blur), then a 1×1 convolution mixes the three filtered channels
// into O outputs; the counters set its parameters and multiply-adds
// against a standard convolution's. The stages are
// conv.DepthwiseSeparableTrace's, the counts conv.SeparableParams and
// conv.SeparableMulAdds.

const (
	sepSize = 14 // the picture is sepSize × sepSize
	sepC    = 3
	sepMaxO = 6
)

// Inspection groups of the separable view.
const (
	gSpRGB = iota + 1
	gSpP
	gSpCount // and gSpCount+1: the weights' and the multiply-adds' bars
	gSpRatio = 8
	gSpIn    = 10 // + channel
	gSpKer   = 20 // + channel
	gSpD     = 30 // + channel
	gSpY     = 40 // + output channel
)

// sepTints colour the three input channels of the picture.
var sepTints = [sepC]*viz.ColorMap{
	viz.NewColorMap("white-red", color.RGBA{255, 255, 255, 255}, color.RGBA{200, 40, 40, 255}),
	viz.NewColorMap("white-green", color.RGBA{255, 255, 255, 255}, color.RGBA{22, 128, 60, 255}),
	viz.NewColorMap("white-blue", color.RGBA{255, 255, 255, 255}, color.RGBA{37, 99, 235, 255}),
}

var sepChannelNames = [sepC]string{"red", "green", "blue"}

// sepKernelNames say what each channel's depthwise kernel does.
var sepKernelNames = [sepC]string{"edges across", "edges down", "blur"}

type sepStep int

const (
	spInput sepStep = iota
	spDepth
	spPoint
	spCount
)

type separableView struct {
	k, o    int
	seed    uint64
	x       *core.Tensor // [1, 3, S, S]
	depthW  *core.Tensor // [3, 1, k, k]
	pointW  *core.Tensor // [O, 3, 1, 1]
	st      *conv.SeparableStages
	ho, wo  int
	std     int // parameters of a standard conv
	sep     int
	stdMA   int64 // multiply-adds
	sepMA   int64
	bigStd  int // a 256 → 256, 3×3 layer
	bigSep  int
	steps   []sepStep
	tl      scene.Timeline
	rgb     viz.Bitmap
	hin     [sepC]heat
	hker    [sepC]heat
	kerNums [sepC][]string
	hd      [sepC]heat
	dMask   []bool
	shownD  int
	hp      heat
	pNums   []string
	hy      [sepMaxO]heat
	yLim    float64
	rows    []cvCompare
	ratioK  []float64 // separable/standard weights for O = 1..sepRatioMaxO, this k
	ratio3  []float64 // the same for k = 3
	pts     []viz.Point
	// labels and text made by Reset: a frame formats nothing.
	opts       memo[panelKey, heatOpts]
	countTitle [2]string
	countNote  string
	series     []cvSeries
	ro         []scene.KV
	cells      cellsBuf
	poly       polyScratch
}

// Panels of the separable view (kinds of panelKey).
const (
	spoInput = iota
	spoDepthIn
	spoKernel
	spoDepth
	spoPointD
	spoP
	spoY
)

// sepRatioLines say how the cost stage's ratio curve is drawn.
var sepRatioLines = cvLineOpts{Title: "separable / standard weights as O grows (C = 3)", XLabel: "output channels O",
	X0: 1, X1: sepRatioMaxO, Y0: 0, Y1: 1, Group: gSpRatio}.withTicks()

// sepXShape is the input's shape as text.
var sepXShape = shapeOf(1, 3, sepSize, sepSize)

// sepCountLegend names the bars of the cost stage.
var sepCountLegend = []legendItem{{Col: viz.InkMuted, Label: "standard k×k conv"}, {Col: viz.Categorical(0), Label: "depthwise part"},
	{Col: viz.Categorical(1), Label: "pointwise part"}}

// opt returns the labels of a panel, made by mk the first time.
func (s *separableView) opt(kind, a int, mk func() heatOpts) heatOpts {
	return s.opts.get(panelKey{kind, a, 0}, mk)
}

// sepRatioMaxO is the widest layer of the ratio curve.
const sepRatioMaxO = 64

func newSeparableView() *separableView { return &separableView{} }

func (s *separableView) Info() scene.Info {
	p, _ := problems.Lookup("006")
	return scene.Info{ID: "separable_conv", Problem: "006", Title: p.Title, Family: "convolution", Statement: p.Statement,
		Formula: `D_c = x_c \star k_c\;(\text{groups} = C),\quad Y_o = \sum_c P_{oc} D_c,\quad \frac{C k^2 + O C}{O C k^2} = \frac{1}{O} + \frac{1}{k^2}`,
		LookFor: "The depthwise stage never mixes channels: the red channel only meets its own kernel (edges across), the green its own " +
			"(edges down), the blue a blur, so each filtered picture is still one colour's. The pointwise stage is a 1×1 convolution: " +
			"every output pixel is a weighted sum of the three filtered pixels at the same place, with the weights of one row of P [O, C]. " +
			"A standard convolution does both at once with O·C·k² weights; the pair needs C·k² + O·C, a fraction 1/O + 1/k² of it, and " +
			"the multiply-adds shrink by the same factor. With an even k, padding k//2 grows the picture by one pixel."}
}

func (s *separableView) Params() []scene.Param {
	return []scene.Param{
		{Name: "kernel", Label: "kernel k", Kind: scene.Int, Min: 2, Max: 5, Step: 1, Default: 3,
			Help: "the depthwise kernels' size; padding is k//2, which keeps the size only for odd k"},
		{Name: "out", Label: "output channels O", Kind: scene.Int, Min: 2, Max: sepMaxO, Step: 1, Default: 4},
		{Name: "seed", Label: "pointwise seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 2},
	}
}

func (s *separableView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Even kernel: the picture grows", Values: scene.Values{"kernel": 4}},
		{Name: "Wide kernel, many outputs", Values: scene.Values{"kernel": 5, "out": 6}},
	}
}

// sepPicture is the input: a red disc, a green band and blue stripes.
func sepPicture() *core.Tensor {
	x := core.New(1, sepC, sepSize, sepSize)
	for i := 0; i < sepSize; i++ {
		for j := 0; j < sepSize; j++ {
			dy, dx := float64(i)-5, float64(j)-5.5
			if dx*dx+dy*dy <= 12.5 {
				x.Data[(0*sepSize+i)*sepSize+j] = 1
			}
			if i >= 8 && i <= 10 && j >= 2 {
				x.Data[(1*sepSize+i)*sepSize+j] = 1
			}
			if (i+j)%4 < 2 {
				x.Data[(2*sepSize+i)*sepSize+j] = 0.8
			}
		}
	}
	return x
}

// sepKernels are the depthwise kernels [3, 1, k, k]: a horizontal
// gradient (finds vertical edges), a vertical one, and a box blur.
func sepKernels(k int) *core.Tensor {
	w := core.New(sepC, 1, k, k)
	mid := float64(k-1) / 2
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			w.Data[0*k*k+i*k+j] = float32(float64(j) - mid)
			w.Data[1*k*k+i*k+j] = float32(float64(i) - mid)
			w.Data[2*k*k+i*k+j] = float32(1 / float64(k*k))
		}
	}
	return w
}

func (s *separableView) Reset(v scene.Values) error {
	s.k, s.o, s.seed = int(v["kernel"]), clampInt(int(v["out"]), 1, sepMaxO), uint64(v["seed"])
	s.x = sepPicture()
	s.depthW = sepKernels(s.k)
	rng := rand.New(rand.NewPCG(s.seed, 6))
	s.pointW = core.New(s.o, sepC, 1, 1)
	for o := 0; o < s.o; o++ {
		for {
			zero := true
			for c := 0; c < sepC; c++ {
				w := float32(rng.IntN(5)-2) / 2
				s.pointW.Data[o*sepC+c] = w
				zero = zero && w == 0
			}
			if !zero {
				break
			}
		}
	}
	st, err := conv.DepthwiseSeparableTrace(s.x, s.depthW, nil, s.pointW, nil, 1)
	if err != nil {
		return err
	}
	s.st = st
	s.ho, s.wo = st.Y.Shape[2], st.Y.Shape[3]
	s.std, s.sep = conv.SeparableParams(sepC, s.o, s.k)
	s.stdMA, s.sepMA = conv.SeparableMulAdds(sepC, s.o, s.k, s.ho, s.wo)
	s.bigStd, s.bigSep = conv.SeparableParams(256, 256, 3)
	s.ratioK, s.ratio3 = s.ratioK[:0], s.ratio3[:0]
	for o := 1; o <= sepRatioMaxO; o++ {
		a, b := conv.SeparableParams(sepC, o, s.k)
		s.ratioK = append(s.ratioK, float64(b)/float64(a))
		a, b = conv.SeparableParams(sepC, o, 3)
		s.ratio3 = append(s.ratio3, float64(b)/float64(a))
	}
	s.opts.reset()
	s.buildTimeline()
	s.buildPictures()
	s.buildText()
	return nil
}

// buildText writes the cost stage's titles and note, its curves and the
// readout.
func (s *separableView) buildText() {
	s.countTitle = [2]string{"weights (C = 3 → O = " + strconv.Itoa(s.o) + ", k = " + strconv.Itoa(s.k) + ")", "multiply-adds"}
	ratio := float64(s.sep) / float64(s.std)
	formula := 1/float64(s.o) + 1/float64(s.k*s.k)
	s.countNote = "separable / standard = " + f3(ratio) + " = 1/O + 1/k² = 1/" + strconv.Itoa(s.o) + " + 1/" + strconv.Itoa(s.k*s.k) + " = " + f3(formula) +
		", for the weights and the multiply-adds alike. A 256 → 256 layer with k = 3 keeps " + f3(float64(s.bigSep)/float64(s.bigStd)) +
		" of them: " + strconv.Itoa(s.bigSep) + " weights instead of " + strconv.Itoa(s.bigStd) + "."
	s.series = []cvSeries{{Y: s.ratioK, Col: viz.Accent, Label: "this k = " + strconv.Itoa(s.k)},
		{Y: s.ratio3, Col: viz.InkMuted, Label: "k = 3", Dashed: true}}
	if s.k == 3 {
		s.series = s.series[:1]
	}
	s.ro = []scene.KV{
		{Key: "x", Value: shapeOf(1, sepC, sepSize, sepSize)},
		{Key: "depthwise out", Value: shapeOf(1, sepC, s.ho, s.wo)},
		{Key: "Y", Value: shapeOf(1, s.o, s.ho, s.wo)},
		{Key: "weights, standard", Value: strconv.Itoa(s.std)},
		{Key: "weights, separable", Value: strconv.Itoa(s.sep)},
		{Key: "ratio", Value: f3(float64(s.sep) / float64(s.std))},
		{Key: "1/O + 1/k²", Value: f3(1/float64(s.o) + 1/float64(s.k*s.k))},
		{Key: "multiply-adds", Value: strconv.FormatInt(s.sepMA, 10) + " vs " + strconv.FormatInt(s.stdMA, 10)},
	}
}

func (s *separableView) buildTimeline() {
	x := shapeOf(1, sepC, sepSize, sepSize)
	d := shapeOf(1, sepC, s.ho, s.wo)
	s.steps = []sepStep{spInput, spDepth, spPoint, spCount}
	grow := ""
	if s.k%2 == 0 {
		grow = " With an even k, padding k//2 = " + strconv.Itoa(s.k/2) + " grows " + strconv.Itoa(sepSize) + " to " + strconv.Itoa(s.ho) + "."
	}
	s.tl = scene.Timeline{
		{Stage: "input", Caption: "A " + strconv.Itoa(sepSize) + "×" + strconv.Itoa(sepSize) + " picture with three channels: a red disc, a green band, blue stripes.",
			Shapes: "x " + x, Seconds: 1.5},
		{Stage: "depthwise", Caption: "groups = C: each channel meets only its own k×k kernel; no channel is mixed with another." + grow,
			Shapes: x + " ⊛ " + shapeOf(sepC, 1, s.k, s.k) + " → " + d, Seconds: 5},
		{Stage: "pointwise", Caption: "A 1×1 conv: output o at each pixel is row o of P times the three filtered values there.",
			Shapes: d + " · P " + shapeOf(s.o, sepC, 1, 1) + " → " + shapeOf(1, s.o, s.ho, s.wo), Seconds: 1.2 * float64(s.o)},
		{Stage: "cost", Caption: "Parameters and multiply-adds against one standard k×k conv from C to O channels: the ratio is 1/O + 1/k².",
			Shapes: "standard " + shapeOf(s.o, sepC, s.k, s.k) + " vs " + shapeOf(sepC, 1, s.k, s.k) + " + " + shapeOf(s.o, sepC, 1, 1), Seconds: 3},
	}
}

func (s *separableView) buildPictures() {
	n := sepSize * sepSize
	newBitmap(&s.rgb, sepSize, sepSize)
	for i := 0; i < sepSize; i++ {
		for j := 0; j < sepSize; j++ {
			r := s.x.Data[0*n+i*sepSize+j]
			g := s.x.Data[1*n+i*sepSize+j]
			b := s.x.Data[2*n+i*sepSize+j]
			s.rgb.Img.SetRGBA(j, i, color.RGBA{uint8(255 * (1 - 0.8*g - 0.8*b)), uint8(255 * (1 - 0.8*r - 0.6*b)), uint8(255 * (1 - 0.8*r - 0.8*g)), 255})
		}
	}
	s.rgb.Touch()
	kk := s.k * s.k
	for c := 0; c < sepC; c++ {
		s.hin[c].set(s.x.Data[c*n:(c+1)*n], sepSize, sepSize, sepTints[c], 0, 1, nil)
		ker := s.depthW.Data[c*kk : (c+1)*kk]
		lo, hi := symmetric(ker)
		s.hker[c].set(ker, s.k, s.k, viz.BlueWhiteRed, lo, hi, nil)
		s.kerNums[c] = s.kerNums[c][:0]
		for _, w := range ker {
			s.kerNums[c] = append(s.kerNums[c], cvShort(float64(w)))
		}
	}
	_, s.yLim = symmetric(s.st.Y.Data)
	s.shownD = -2
	s.revealDepth(s.ho*s.wo - 1)
	s.hp.set(s.pointW.Data, s.o, sepC, viz.BlueWhiteRed, -1, 1, nil)
	s.pNums = cvIntLabels(s.pNums[:0], s.pointW.Data)
	for i := range s.pNums {
		s.pNums[i] = cvShort(float64(s.pointW.Data[i]))
	}
	l := s.ho * s.wo
	for o := 0; o < s.o; o++ {
		s.hy[o].set(s.st.Y.Data[o*l:(o+1)*l], s.ho, s.wo, viz.BlueWhiteRed, -s.yLim, s.yLim, nil)
	}
	// The depthwise share of each separable count: the same formulas
	// with no output channels leave only the depthwise term.
	_, depthParams := conv.SeparableParams(sepC, 0, s.k)
	_, depthMA := conv.SeparableMulAdds(sepC, 0, s.k, s.ho, s.wo)
	s.rows = []cvCompare{
		{Label: "standard conv: O·C·k² = " + strconv.Itoa(s.o) + "·3·" + strconv.Itoa(kk), Value: float64(s.std), Text: strconv.Itoa(s.std), Col: viz.InkMuted},
		{Label: "separable: C·k² + O·C = " + strconv.Itoa(depthParams) + " + " + strconv.Itoa(s.sep-depthParams), Value: float64(s.sep),
			Text: strconv.Itoa(s.sep), Col: viz.Categorical(1), Part: float64(depthParams), PartCol: viz.Categorical(0)},
		{Label: "standard conv, " + strconv.Itoa(s.ho) + "×" + strconv.Itoa(s.wo) + " outputs", Value: float64(s.stdMA), Text: strconv.FormatInt(s.stdMA, 10), Col: viz.InkMuted},
		{Label: "separable: " + strconv.FormatInt(depthMA, 10) + " + " + strconv.FormatInt(s.sepMA-depthMA, 10), Value: float64(s.sepMA),
			Text: strconv.FormatInt(s.sepMA, 10), Col: viz.Categorical(1), Part: float64(depthMA), PartCol: viz.Categorical(0)},
	}
}

// cvShort writes a small weight in at most 4 characters ("−1", "0.5",
// ".11").
func cvShort(v float64) string {
	switch {
	case v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v == math.Round(v*2)/2:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case math.Abs(v) < 1:
		s := strconv.FormatFloat(v, 'f', 2, 64)
		if v > 0 {
			return s[1:]
		}
		return "-" + s[2:]
	}
	return fmtNum(v)
}

// revealDepth shows the depthwise outputs up to position l (the rest
// grey), rebuilt in place only when l changes.
func (s *separableView) revealDepth(l int) {
	if l == s.shownD {
		return
	}
	s.shownD = l
	n := s.ho * s.wo
	s.dMask = s.dMask[:0]
	for i := 0; i < n; i++ {
		s.dMask = append(s.dMask, i > l)
	}
	for c := 0; c < sepC; c++ {
		plane := s.st.Depth.Data[c*n : (c+1)*n]
		lo, hi := symmetric(plane)
		s.hd[c].set(plane, s.ho, s.wo, viz.BlueWhiteRed, lo, hi, s.dMask)
	}
}

func (s *separableView) Timeline() scene.Timeline { return s.tl }

func (s *separableView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case spInput:
		s.revealDepth(s.ho*s.wo - 1)
		s.drawInput(c, area, f)
	case spDepth:
		l := cvStepOf(f.Frac, s.ho*s.wo)
		s.revealDepth(l)
		s.drawDepth(c, area, f, l)
	case spPoint:
		s.revealDepth(s.ho*s.wo - 1)
		s.drawPoint(c, area, f, cvStepOf(f.Frac, s.o))
	case spCount:
		s.drawCount(c, area, f)
	}
}

func (s *separableView) drawInput(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	cells := s.cells.flow(area, 4, 16, 150)
	pic := titleShape(c, cells[0], "x as a picture", sepXShape)
	side := math.Min(pic.W, pic.H-6)
	if side > 10 {
		c.Image(&s.rgb, pic.X, pic.Y+4, side, side, false)
		c.StrokeRect(pic.X, pic.Y+4, side, side, 1, viz.Grid)
		f.Grid(gSpRGB, viz.Rect{X: pic.X, Y: pic.Y + 4, W: side, H: side}, sepSize, sepSize)
	}
	for ch := 0; ch < sepC; ch++ {
		s.hin[ch].draw(c, cells[ch+1], f, s.opt(spoInput, ch, func() heatOpts {
			return heatOpts{Title: "x[0, " + strconv.Itoa(ch) + "] " + sepChannelNames[ch], Shape: shapeOf(sepSize, sepSize), Group: gSpIn + ch, MaxCell: 16}
		}))
	}
}

// drawDepth lays out one row per channel: the channel, its kernel, its
// filtered picture filling in as the window slides (the same position in
// every channel: the three convolutions run side by side).
func (s *separableView) drawDepth(c viz.Canvas, area viz.Rect, f *scene.Frame, l int) {
	rowH := area.H / sepC
	for ch := 0; ch < sepC; ch++ {
		row := viz.Rect{X: area.X, Y: area.Y + float64(ch)*rowH, W: area.W, H: rowH - 6}
		kw := math.Min(row.W*0.24, float64(s.k)*30+20)
		side := (row.W - kw - 2*26) / 2
		inR := viz.Rect{X: row.X, Y: row.Y, W: side, H: row.H}
		kR := viz.Rect{X: row.X + side + 26, Y: row.Y, W: kw, H: row.H}
		dR := viz.Rect{X: kR.X + kw + 26, Y: row.Y, W: side, H: row.H}
		ic := s.hin[ch].draw(c, inR, f, s.opt(spoDepthIn, ch, func() heatOpts {
			return heatOpts{Title: "x[0, " + strconv.Itoa(ch) + "]", Shape: sepChannelNames[ch], Group: gSpIn + ch, MaxCell: 14}
		}))
		kc := s.hker[ch].draw(c, kR, f, s.opt(spoKernel, ch, func() heatOpts {
			return heatOpts{Title: "k[" + strconv.Itoa(ch) + "]", Shape: sepKernelNames[ch], Group: gSpKer + ch, MaxCell: 30, NoScale: true}
		}))
		cvNumbers(c, kc, &s.hker[ch], s.kerNums[ch])
		dc := s.hd[ch].draw(c, dR, f, s.opt(spoDepth, ch, func() heatOpts {
			return heatOpts{Title: "D[0, " + strconv.Itoa(ch) + "]", Shape: shapeOf(s.ho, s.wo), Group: gSpD + ch, MaxCell: 14}
		}))
		if ic.W > 0 && kc.W > 0 {
			s.poly.arrow(c, ic.X+ic.W+6, ic.Y+ic.H/2, kc.X-6, kc.Y+kc.H/2, 2, viz.InkMuted)
		}
		if kc.W > 0 && dc.W > 0 {
			s.poly.arrow(c, kc.X+kc.W+6, kc.Y+kc.H/2, dc.X-6, dc.Y+dc.H/2, 2, viz.InkMuted)
		}
		// The window over the input: output (oy, ox) reads rows
		// oy−k//2 .. oy−k//2+k−1 (stride 1, padding k//2).
		if ic.W > 0 {
			oy, ox := l/s.wo, l%s.wo
			cw := ic.W / sepSize
			x0, y0 := float64(ox-s.k/2), float64(oy-s.k/2)
			x1, y1 := x0+float64(s.k), y0+float64(s.k)
			x0, y0 = math.Max(x0, 0), math.Max(y0, 0)
			x1, y1 = math.Min(x1, sepSize), math.Min(y1, sepSize)
			if x1 > x0 && y1 > y0 {
				c.StrokeRect(ic.X+x0*cw, ic.Y+y0*cw, (x1-x0)*cw, (y1-y0)*cw, 2, viz.Ink)
			}
		}
		if dc.W > 0 {
			outlineCell(c, dc, s.ho, s.wo, l/s.wo, l%s.wo, viz.Ink)
		}
	}
}

// drawPoint shows the filtered channels, the mixing matrix P with row o
// outlined, and the O outputs with output o outlined.
func (s *separableView) drawPoint(c viz.Canvas, area viz.Rect, f *scene.Frame, o int) {
	var dR, pR, yR viz.Rect
	if cvHorizontal(area) {
		dR, pR = area.CutLeft(area.W * 0.26)
		pR, yR = pR.CutLeft(math.Min(pR.W*0.32, 180))
		_, pR = pR.CutLeft(20)
		_, yR = yR.CutLeft(20)
	} else {
		// Narrow: P in a column at the left, the filtered channels and
		// the outputs stacked at its right.
		pR, dR = area.CutLeft(math.Min(area.W*0.3, 120))
		_, dR = dR.CutLeft(12)
		dR, yR = dR.CutTop(dR.H * 0.36)
		_, yR = yR.CutTop(6)
	}
	var dcs [sepC]viz.Rect
	if cvHorizontal(area) {
		h := dR.H / sepC
		for ch := 0; ch < sepC; ch++ {
			dcs[ch] = viz.Rect{X: dR.X, Y: dR.Y + float64(ch)*h, W: dR.W, H: h - 4}
		}
	} else {
		copy(dcs[:], s.cells.flow(dR, sepC, 8, 60))
	}
	for ch := 0; ch < sepC; ch++ {
		s.hd[ch].draw(c, dcs[ch], f, s.opt(spoPointD, ch, func() heatOpts {
			return heatOpts{Title: "D[0, " + strconv.Itoa(ch) + "]", Group: gSpD + ch, MaxCell: 12}
		}))
	}
	pc := s.hp.draw(c, pR, f, s.opt(spoP, 0, func() heatOpts {
		return heatOpts{Title: "P", Shape: shapeOf(s.o, sepC, 1, 1), RowTitle: "o", RowLabels: indexLabels(0, s.o),
			ColTitle: "c", ColLabels: indexLabels(0, sepC), Group: gSpP, MaxCell: 32}
	}))
	cvNumbers(c, pc, &s.hp, s.pNums)
	if pc.W > 0 {
		outlineRow(c, pc, s.o, o, viz.Accent)
	}
	// A balanced grid of outputs, each with its scale.
	perRow := int(math.Ceil(math.Sqrt(float64(s.o))))
	if !cvHorizontal(area) {
		perRow = (s.o + 1) / 2
	}
	yc := s.cells.flow(yR, s.o, 10, yR.W/float64(perRow)-12)
	for i := 0; i < s.o; i++ {
		cr := s.hy[i].draw(c, yc[i], f, s.opt(spoY, i, func() heatOpts {
			return heatOpts{Title: "Y[0, " + strconv.Itoa(i) + "]", Group: gSpY + i, MaxCell: 12}
		}))
		if i == o && cr.W > 0 {
			c.StrokeRect(cr.X-3, cr.Y-3, cr.W+6, cr.H+6, 2, viz.Accent)
		}
	}
}

func (s *separableView) drawCount(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	r := fitWidth(area, 640)
	items := sepCountLegend
	lg := legendHeight(c, r.W, items)
	legend(c, r, items)
	_, r = r.CutTop(lg + 8)
	// Weights and multiply-adds, each pair on its own scale.
	for i, title := range s.countTitle {
		p := panel(c, r, title)
		h := cvCompareBars(c, p, f, s.rows[2*i:2*i+2], gSpCount+i)
		_, r = r.CutTop(kitTitle + 8 + h + 10)
	}
	h := note(c, r, s.countNote, viz.Ink)
	_, r = r.CutTop(h + 10)
	if r.H < 150 {
		return
	}
	// The ratio as the layer widens: it falls toward 1/k², the depthwise
	// share, once O is large.
	series := s.series
	o := sepRatioLines
	if pl := cvLines(c, r, f, series, o, &s.pts); pl.W > 0 {
		x := pl.X + float64(s.o-1)/float64(sepRatioMaxO-1)*pl.W
		c.FillCircle(x, cvYOf(pl, o, s.ratioK[s.o-1]), 5, viz.Accent)
	}
}

// Readout implements scene.Readouter.
func (s *separableView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil {
		return nil
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *separableView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "conv.DepthwiseSeparableTrace (= conv.DepthwiseSeparable)"
	n, i := sepSize*sepSize, t.Index
	l := s.ho * s.wo
	switch g := t.Group; {
	case g == gSpRGB:
		y, x := i/sepSize, i%sepSize
		return scene.Inspection{Name: "pixel (red, green, blue)", Value: fmtNum(float64(s.x.Data[i%n])) + ", " + fmtNum(float64(s.x.Data[n+i%n])) + ", " +
			fmtNum(float64(s.x.Data[2*n+i%n])), Tensor: "x", Index: "[0, :, " + strconv.Itoa(y) + ", " + strconv.Itoa(x) + "]",
			Shape: shapeOf(1, sepC, sepSize, sepSize), Source: "the view's picture"}, true
	case g >= gSpIn && g < gSpIn+sepC:
		return inspectCell(sepChannelNames[g-gSpIn]+" value", "x", s.x.Data, []int{1, sepC, sepSize, sepSize}, []int{0, g - gSpIn, i / sepSize, i % sepSize},
			"the view's picture"), true
	case g >= gSpKer && g < gSpKer+sepC:
		return inspectCell("depthwise weight ("+sepKernelNames[g-gSpKer]+")", "depth_conv.weight", s.depthW.Data, []int{sepC, 1, s.k, s.k},
			[]int{g - gSpKer, 0, i / s.k, i % s.k}, "the view's kernels"), true
	case g >= gSpD && g < gSpD+sepC:
		in := inspectCell("depthwise output", "D", s.st.Depth.Data, []int{1, sepC, s.ho, s.wo}, []int{0, g - gSpD, i / s.wo, i % s.wo}, src)
		in.Detail = "channel " + strconv.Itoa(g-gSpD) + " only, through its own kernel"
		return in, true
	case g == gSpP:
		return inspectCell("pointwise weight", "P", s.pointW.Data, []int{s.o, sepC, 1, 1}, []int{i / sepC, i % sepC, 0, 0}, "the view's 1×1 weights (seeded)"), true
	case g >= gSpY && g < gSpY+s.o:
		o := g - gSpY
		in := inspectCell("output", "Y", s.st.Y.Data, []int{1, s.o, s.ho, s.wo}, []int{0, o, i / s.wo, i % s.wo}, src)
		p := s.pointW.Data[o*sepC : (o+1)*sepC]
		in.Detail = cvShort(float64(p[0])) + "·D0 + " + cvShort(float64(p[1])) + "·D1 + " + cvShort(float64(p[2])) + "·D2 at this pixel"
		_ = l
		return in, true
	case g == gSpRatio && i >= 0 && i < len(s.ratioK):
		return scene.Inspection{Name: "separable / standard weights, O = " + strconv.Itoa(i+1), Value: f3(s.ratioK[i]),
			Detail: "1/O + 1/k² = " + f3(1/float64(i+1)+1/float64(s.k*s.k)), Source: "conv.SeparableParams"}, true
	case (g == gSpCount || g == gSpCount+1) && i >= 0 && i < 2:
		row := s.rows[2*(g-gSpCount)+i]
		src := "conv.SeparableParams"
		if g == gSpCount+1 {
			src = "conv.SeparableMulAdds (as core.Gemm counts them)"
		}
		return scene.Inspection{Name: row.Label, Value: row.Text, Source: src}, true
	}
	return scene.Inspection{}, false
}
