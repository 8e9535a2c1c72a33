package scenes

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/norm"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// Problems 020 (BatchNorm2d) and 036 (LayerNorm). The normalised blocks are
// core/norm's outputs and the running statistics core's BatchNorm2D state,
// stepped one training batch at a time. The pitfall (running variance fed
// the biased batch variance) is derived from core's own update: core moves
// the running variance by m·u with u the unbiased batch variance, so
// u = (v_new − (1−m)·v_old)/m and the biased one is u·(n−1)/n.

const (
	normC        = 3
	normMaxSteps = 200
	normStepsPS  = 6 // training steps per second while playing
)

// normMeans and normStds are the per-channel distributions batches are
// drawn from; the running statistics should approach them.
var (
	normMeans = [normC]float64{2, -1, 0.5}
	normStds  = [normC]float64{1.5, 0.6, 1}
)

type normScene struct {
	eval     bool
	yEval    *core.Tensor // BatchNorm in eval mode on the current batch
	kv       []KV         // cached readout, nil when stale
	b, hw    int
	momentum float64
	seed     uint64
	pitfall  bool

	bn       *norm.BatchNorm2D
	x, yBN   *core.Tensor // [B, C, hw, hw]
	yLN      *core.Tensor // LayerNorm over each sample's C·hw·hw values
	step     int
	clock    float64
	rng      *rand.Rand
	selB     int
	selC     int
	batchMu  [normC]float64 // derived from core's running-mean update
	batchU   [normC]float64 // unbiased batch variance, derived likewise
	histMean [normC][]float64
	histVar  [normC][]float64 // core's running variance
	histPit  [normC][]float64 // pitfall: biased variance fed in
	pitVar   [normC]float64

	tiles         [3][]float32
	bmps          [3]viz.Bitmap
	grids         [3]viz.Rect
	fig           plot.Figure
	figVer        uint64
	figR          viz.Rect
	pts           []viz.Point
	lnMean, lnVar float64 // of the selected sample's LayerNorm output
	bnMean, bnVar float64 // of the selected channel's BatchNorm output
	err           error
	grpT          string
	titles        [3]string
	sampleNames   []string
	panelTitle    string
	panelLines    []string
	pitLines      []string
}

func (s *normScene) Info() Info {
	return Info{
		ID: "norm", Title: "BatchNorm vs LayerNorm: which axes, which variance", Family: "convolution",
		Problems: []string{"020", "036"},
		Statement: "BatchNorm2d normalises each channel over the batch and the spatial axes (B, H, W) and keeps running " +
			"statistics for eval; LayerNorm normalises each sample over its own features (C, H, W) and keeps nothing.",
		Formula: "BN: μ_c, σ²_c over n = B·H·W values, y = γ(x − μ_c)/√(σ²_c + ε) + β;  running μ ← (1−m)μ + m·μ_c, " +
			"running σ² ← (1−m)σ² + m·σ²_c·n/(n−1) (unbiased).  LN: μ_b, σ²_b over C·H·W, biased.",
		LookFor: "Click a tile: BatchNorm's group is its column (one channel across the batch), LayerNorm's its row (one " +
			"sample across channels). Step or play: the running variance approaches the channel's true variance (dashed); " +
			"fed the biased variance (pitfall) it settles (n−1)/n too low, which with a small batch is visible. In eval " +
			"mode the batch is normalised by the running statistics: far from mean 0, variance 1 in the first steps, " +
			"close once they have converged.",
	}
}

func (s *normScene) Params() []Param {
	return []Param{
		{Name: "batch", Label: "Batch B", Kind: Int, Min: 2, Max: 8, Step: 1, Default: 2},
		{Name: "hw", Label: "Spatial size H = W", Kind: Int, Min: 1, Max: 4, Step: 1, Default: 2},
		{Name: "momentum", Label: "Momentum m", Kind: Float, Min: 0.01, Max: 1, Step: 0.01, Default: 0.1},
		{Name: "seed", Label: "Data seed", Kind: Int, Min: 0, Max: 99, Step: 1, Default: 1},
		{Name: "pitfall_biased_running_var", Label: "Pitfall: biased running variance", Kind: Bool, Default: 0},
		{Name: "eval", Label: "BatchNorm in eval mode", Kind: Bool, Default: 0,
			Help: "normalise the batch by the running statistics instead of its own"},
	}
}

// normPresets are built once: the shell asks for them every frame.
var normPresets = []Preset{
	{Name: "Tiny batch (pitfall)", Values: Values{"batch": 2, "hw": 1, "momentum": 0.05, "pitfall_biased_running_var": 1}},
	{Name: "Big batch", Values: Values{"batch": 8, "hw": 4}},
}

func (s *normScene) Presets() []Preset { return normPresets }

func (s *normScene) Reset(v Values) error {
	s.kv = nil
	s.b, s.hw, s.momentum, s.seed = int(v["batch"]), int(v["hw"]), v["momentum"], uint64(v["seed"])
	s.pitfall = v["pitfall_biased_running_var"] != 0
	s.eval = v["eval"] != 0
	if s.b < 2 || s.b > 64 || s.hw < 1 || s.hw > 16 || !(s.momentum > 0 && s.momentum <= 1) {
		s.err = fmt.Errorf("norm scene: batch=%d hw=%d momentum=%v out of range", s.b, s.hw, s.momentum)
		return s.err
	}
	s.bn = norm.NewBatchNorm2D(normC)
	s.bn.Momentum = s.momentum
	s.rng = rand.New(rand.NewPCG(s.seed, 20))
	s.step, s.clock = 0, 0
	s.selB, s.selC = min(s.selB, s.b-1), min(s.selC, normC-1)
	for c := 0; c < normC; c++ {
		s.histMean[c] = append(s.histMean[c][:0], float64(s.bn.RunningMean.Data[c]))
		s.histVar[c] = append(s.histVar[c][:0], float64(s.bn.RunningVar.Data[c]))
		s.pitVar[c] = float64(s.bn.RunningVar.Data[c])
		s.histPit[c] = append(s.histPit[c][:0], s.pitVar[c])
	}
	s.x = core.New(s.b, normC, s.hw, s.hw)
	s.yBN, s.yLN, s.yEval = nil, nil, nil
	s.figVer++
	s.err = s.trainStep()
	return s.err
}

// trainStep draws a batch and runs core's BatchNorm2D in training mode on
// it (updating the running statistics in place) and LayerNorm on the same
// block.
func (s *normScene) trainStep() error {
	hw2 := s.hw * s.hw
	for b := 0; b < s.b; b++ {
		for c := 0; c < normC; c++ {
			for i := 0; i < hw2; i++ {
				s.x.Data[(b*normC+c)*hw2+i] = float32(normMeans[c] + normStds[c]*s.rng.NormFloat64())
			}
		}
	}
	var oldMean, oldVar [normC]float64
	for c := 0; c < normC; c++ {
		oldMean[c], oldVar[c] = float64(s.bn.RunningMean.Data[c]), float64(s.bn.RunningVar.Data[c])
	}
	if s.yBN == nil || len(s.yBN.Data) != len(s.x.Data) {
		s.yBN = core.New(s.x.Shape...)
		s.yLN = core.New(s.x.Shape...)
	}
	if err := s.bn.ForwardInto(s.yBN, s.x); err != nil {
		return err
	}
	if s.eval {
		// The same layer in eval mode, on the statistics just updated: a
		// copy of the state with Training off changes nothing.
		if s.yEval == nil || len(s.yEval.Data) != len(s.x.Data) {
			s.yEval = core.New(s.x.Shape...)
		}
		ev := *s.bn
		ev.Training = false
		if err := ev.ForwardInto(s.yEval, s.x); err != nil {
			return err
		}
	}
	// LayerNorm over the last axis of the same data viewed as [B, C·H·W].
	flatX := core.Tensor{Shape: []int{s.b, normC * hw2}, Data: s.x.Data}
	flatY := core.Tensor{Shape: []int{s.b, normC * hw2}, Data: s.yLN.Data}
	if err := norm.LayerNormInto(&flatY, &flatX, nil, nil, 1e-5); err != nil {
		return err
	}
	m := s.momentum
	n := float64(s.b * hw2)
	for c := 0; c < normC; c++ {
		rm, rv := float64(s.bn.RunningMean.Data[c]), float64(s.bn.RunningVar.Data[c])
		s.batchMu[c] = (rm - (1-m)*oldMean[c]) / m
		s.batchU[c] = (rv - (1-m)*oldVar[c]) / m
		s.pitVar[c] = (1-m)*s.pitVar[c] + m*s.batchU[c]*(n-1)/n
		s.histMean[c] = append(s.histMean[c], rm)
		s.histVar[c] = append(s.histVar[c], rv)
		s.histPit[c] = append(s.histPit[c], s.pitVar[c])
	}
	s.step++
	s.refresh()
	return nil
}

// refresh lays the three blocks out as B×C grids of hw×hw tiles and
// updates the selected groups' texts.
func (s *normScene) refresh() {
	s.kv = nil
	hw2 := s.hw * s.hw
	rows, cols := s.b*s.hw, normC*s.hw
	for k, t := range [3]*core.Tensor{s.x, s.bnShown(), s.yLN} {
		if cap(s.tiles[k]) < rows*cols {
			s.tiles[k] = make([]float32, rows*cols)
		}
		s.tiles[k] = s.tiles[k][:rows*cols]
		for b := 0; b < s.b; b++ {
			for c := 0; c < normC; c++ {
				for i := 0; i < s.hw; i++ {
					for j := 0; j < s.hw; j++ {
						s.tiles[k][(b*s.hw+i)*cols+c*s.hw+j] = t.Data[(b*normC+c)*hw2+i*s.hw+j]
					}
				}
			}
		}
		lim := 3.0
		if k == 0 {
			lim = 4.5
		}
		s.bmps[k].SetHeatmap(s.tiles[k], rows, cols, viz.BlueWhiteRed, -lim, lim)
	}
	s.bnMean, s.bnVar = groupStats(s.bnShown(), s.b, normC, hw2, -1, s.selC)
	s.lnMean, s.lnVar = groupStats(s.yLN, s.b, normC, hw2, s.selB, -1)
	s.texts()
	s.grpT = "BN output, channel " + itoa(s.selC) + ": mean " + f3(s.bnMean) + ", var " + f3(s.bnVar) +
		"   LN output, sample " + itoa(s.selB) + ": mean " + f3(s.lnMean) + ", var " + f3(s.lnVar)
}

// bnShown is the BatchNorm output on screen: training mode, or eval mode
// (running statistics) when that is on.
func (s *normScene) bnShown() *core.Tensor {
	if s.eval && s.yEval != nil {
		return s.yEval
	}
	return s.yBN
}

// texts formats everything Draw writes, once per change.
func (s *normScene) texts() {
	hw2 := s.hw * s.hw
	sel := s.selC
	bnTitle := "BatchNorm2d (core): per channel"
	if s.eval {
		bnTitle = "BatchNorm2d eval: running statistics"
	}
	s.titles = [3]string{"x [B=" + itoa(s.b) + ", C=3, " + itoa(s.hw) + "×" + itoa(s.hw) + "]", bnTitle,
		"LayerNorm (core): per sample"}
	s.sampleNames = s.sampleNames[:0]
	for i := 0; i < s.b; i++ {
		s.sampleNames = append(s.sampleNames, "b"+itoa(i))
	}
	s.panelTitle = "running statistics, channel " + itoa(sel)
	s.panelLines = append(s.panelLines[:0],
		"orange: BatchNorm's group, blue: LayerNorm's (click a tile)",
		"step "+itoa(s.step)+" of "+itoa(normMaxSteps)+", n = B·H·W = "+itoa(s.b*hw2),
		"running mean "+f3(float64(s.bn.RunningMean.Data[sel]))+" (true "+f2(normMeans[sel])+")",
		"running var "+f3(float64(s.bn.RunningVar.Data[sel]))+" (true "+f3(normStds[sel]*normStds[sel])+")",
		"batch mean "+f3(s.batchMu[sel])+", unbiased var "+f3(s.batchU[sel]))
	s.pitLines = append(s.pitLines[:0], "pitfall, biased: running var "+f3(s.pitVar[sel]),
		"settles near (n−1)/n = "+f3(float64(hw2*s.b-1)/float64(hw2*s.b))+" of the true")
}

var normChannelNames = [normC]string{"c0", "c1", "c2"}

// groupStats is the mean and biased variance of a [B,C,hw²] block over one
// channel (b < 0) or one sample (c < 0): a check that the output is
// normalised over that group, shown beside it.
func groupStats(t *core.Tensor, nb, nc, hw2, b, c int) (mean, variance float64) {
	var sum, sq float64
	n := 0
	for bi := 0; bi < nb; bi++ {
		for ci := 0; ci < nc; ci++ {
			if (b >= 0 && bi != b) || (c >= 0 && ci != c) {
				continue
			}
			for _, v := range t.Data[(bi*nc+ci)*hw2 : (bi*nc+ci+1)*hw2] {
				sum += float64(v)
				sq += float64(v) * float64(v)
				n++
			}
		}
	}
	mean = sum / float64(n)
	return mean, sq/float64(n) - mean*mean
}

// Step trains on one more batch.
func (s *normScene) Step() {
	if s.bn == nil || s.err != nil || s.step >= normMaxSteps {
		return
	}
	s.err = s.trainStep()
}

// Progress is the number of training steps taken.
func (s *normScene) Progress() (int, int) { return s.step, normMaxSteps }

func (s *normScene) Update(in Input, dt float64) {
	if s.bn == nil {
		return
	}
	s.clock += dt
	if s.clock >= 1.0/normStepsPS {
		s.clock = 0
		s.Step()
	}
	if in.Clicked {
		for _, g := range s.grids {
			if !g.Contains(in.MouseX, in.MouseY) {
				continue
			}
			s.selB = clampInt(int((in.MouseY-g.Y)/g.H*float64(s.b)), 0, s.b-1)
			s.selC = clampInt(int((in.MouseX-g.X)/g.W*normC), 0, normC-1)
			s.figVer++ // the true-variance line is the selected channel's
			s.refresh()
		}
	}
}

func (s *normScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.bn == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("norm scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, bottom := area.CutTop(area.H * 0.5)
	titles := &s.titles
	cols := top.Columns(3, 24)
	rows, nc := s.b*s.hw, normC*s.hw
	for k := range 3 {
		r := caption(c, cols[k], titles[k])
		_, r = r.CutLeft(16)
		_, r = r.CutTop(12)
		g := gridRect(viz.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H - 36}, rows, nc, 40)
		s.grids[k] = g
		cellGrid(c, g, &s.bmps[k], rows, nc, nil)
		tw, th := g.W/normC, g.H/float64(s.b)
		for i := 1; i < normC; i++ {
			c.Line(g.X+float64(i)*tw, g.Y, g.X+float64(i)*tw, g.Y+g.H, 2, viz.Paper)
		}
		for i := 1; i < s.b; i++ {
			c.Line(g.X, g.Y+float64(i)*th, g.X+g.W, g.Y+float64(i)*th, 2, viz.Paper)
		}
		for i := 0; i < normC; i++ {
			c.Text(g.X+(float64(i)+0.5)*tw, g.Y-3, normChannelNames[i], smallSize, viz.InkMuted, viz.AlignCenter)
		}
		for i := 0; i < s.b; i++ {
			c.Text(g.X-3, g.Y+(float64(i)+0.5)*th+4, s.sampleNames[i], smallSize, viz.InkMuted, viz.AlignRight)
		}
		// BatchNorm's group: the selected channel's column; LayerNorm's: the
		// selected sample's row.
		if k != 2 {
			c.StrokeRect(g.X+float64(s.selC)*tw, g.Y, tw, g.H, 2.5, viz.Categorical(1))
		}
		if k != 1 {
			c.StrokeRect(g.X, g.Y+float64(s.selB)*th, g.W, th, 2.5, viz.Categorical(0))
		}
	}
	c.Text(top.X, top.Y+top.H-8, s.grpT, labelSize, viz.Ink, viz.AlignLeft)

	plotR, text := bottom.CutLeft(bottom.W * 0.6)
	s.figR = plotR
	if drawFigure(c, &s.fig, s.figVer, s.plotSpec, plotR) {
		s.drawHistory(c, s.histVar[s.selC], viz.Good)
		if s.pitfall {
			s.drawHistory(c, s.histPit[s.selC], viz.Bad)
		}
	}
	inner := viz.DrawPanel(c, text.Inset(4), s.panelTitle)
	y := drawLines(c, inner.X, inner.Y, s.panelLines, labelSize+1, viz.Ink)
	if s.pitfall {
		drawLines(c, inner.X, y, s.pitLines, labelSize+1, viz.Bad)
	}
}

// drawHistory draws a running-statistic history over the cached axes.
func (s *normScene) drawHistory(c viz.Canvas, h []float64, col color.RGBA) {
	s.pts = s.pts[:0]
	top := s.yMax()
	for i, v := range h {
		x, y := figPoint(&s.fig, s.figR, float64(i), math.Min(v, top))
		s.pts = append(s.pts, viz.Point{X: x, Y: y})
	}
	c.Polyline(s.pts, 2, col)
}

func (s *normScene) yMax() float64 { return 1.6 * normStds[0] * normStds[0] }

// plotSpec draws the axes and the true variances; the histories move over
// it without re-rendering.
func (s *normScene) plotSpec() plot.Spec {
	sp := plot.Spec{Title: "running variance (green: core, red: biased pitfall)", XLabel: "training step", YLabel: "variance",
		XMin: 0, XMax: normMaxSteps, YMin: 0, YMax: s.yMax()}
	v := normStds[s.selC] * normStds[s.selC]
	sp.Series = append(sp.Series, plot.Series{Label: "true σ², channel " + itoa(s.selC), X: []float64{0, normMaxSteps}, Y: []float64{v, v},
		Color: viz.InkMuted, Dashed: true, Width: 1.5})
	return sp
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *normScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *normScene) buildReadout() []KV {
	if s.bn == nil || s.err != nil {
		return nil
	}
	c := s.selC
	kv := []KV{
		{"step", itoa(s.step)},
		{"channel", itoa(c)},
		{"running mean", strconv.FormatFloat(float64(s.bn.RunningMean.Data[c]), 'f', 4, 32)},
		{"running var", strconv.FormatFloat(float64(s.bn.RunningVar.Data[c]), 'f', 4, 32)},
		{"BN output mean", f3(s.bnMean)},
		{"BN output var", f3(s.bnVar)},
		{"LN output mean", f3(s.lnMean)},
		{"LN output var", f3(s.lnVar)},
	}
	if s.pitfall {
		kv = append(kv, KV{"running var, biased pitfall", strconv.FormatFloat(s.pitVar[c], 'f', 4, 64)})
	}
	return kv
}
