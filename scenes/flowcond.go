package scenes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/viz"
)

// Problem 033: the time-conditioned flow layer. Reset runs core's
// FlowCondLayer once on a batch of fcSteps+1 copies of x at t = 0, 0.01,
// ..., 1, so playing (which sweeps t) only indexes rows. Every stage shown
// (embedding, MLP output, γ, β, modulated x, output) is core's
// FlowCondTrace of that batch; the test checks its output equals
// FlowCondLayer's bit for bit.

const (
	fcSteps = 100 // t grid: fcSteps+1 values over [0, 1]
	fcSweep = 8.0 // seconds per sweep of t while playing
)

type flowCondScene struct {
	d, seed int
	tf      float64 // current t in [0, 1]
	row     int     // round(tf·fcSteps)
	err     error

	x       *core.Tensor // [1,D] input
	w       diffusion.FlowCondWeights
	freqs   []float32
	ts      []float32
	emb     *core.Tensor // [fcSteps+1, D] sinusoidal embedding
	hid     *core.Tensor // time_mlp output [.., D]
	gb      *core.Tensor // ada_norm output [.., 2D]: γ then β
	mod     *core.Tensor // x(1+γ)+β [.., D]
	out     *core.Tensor // out_layer(mod) [.., D]
	coreOut *core.Tensor // diffusion.FlowCondLayer on the same batch

	gammaBmp viz.Bitmap // γ over the t grid: D rows × (fcSteps+1) columns
	ranges   [6]float64 // bar scales per panel, fixed over t so bars do not rescale

	readouts   [][]KV // per row of the t grid
	tLabels    []string
	lines      [2]string
	stripTitle string
}

// Info implements Scene.
func (s *flowCondScene) Info() Info {
	return Info{
		ID: "flow_cond", Title: "Time-conditioned flow layer", Family: "diffusion", Problems: []string{"033"},
		Statement: "Condition a layer of a flow-matching network on the time t: embed t with sines and cosines, pass the " +
			"embedding through a small MLP, turn it into a per-feature scale γ and shift β, modulate x with them, then apply a linear layer.",
		Formula: "e = [sin(t f_i) | cos(t f_i)], f_i = exp(−ln(10000)·i/(D/2)), i = 0…D/2−1 (D/2, not D/2−1);  " +
			"h = Linear(SiLU(Linear(e)));  [γ | β] = Linear(h) split in halves;  y = out_layer(x·(1 + γ) + β).",
		LookFor: "Press play: t sweeps from 0 to 1 and γ and β change smoothly, so the same x gives a different output at " +
			"each time. The strip shows γ for every t at once. The fast frequencies (left of e) move most; with f over D/2 the " +
			"slowest is 10000^(−(D/2−1)/(D/2)), not exactly 1/10000. There is no normalisation: only scale and shift.",
	}
}

// Params implements Scene.
func (s *flowCondScene) Params() []Param {
	return []Param{
		{Name: "t", Label: "Time t", Kind: Float, Min: 0, Max: 1, Step: 0.01, Default: 0.3,
			Help: "flow time; playing sweeps it from 0 to 1"},
		{Name: "d", Label: "Width D", Kind: Int, Min: 2, Max: 32, Step: 2, Default: 8,
			Help: "feature and embedding size (even: one sin and one cos per frequency)"},
		{Name: "seed", Label: "Weights seed", Kind: Int, Min: 0, Max: 99, Step: 1, Default: 3},
	}
}

var fcPresets = []Preset{
	{Name: "t = 0", Values: Values{"t": 0}},
	{Name: "t = 1", Values: Values{"t": 1}},
	{Name: "Wide", Values: Values{"d": 24, "t": 0.5}},
}

// Presets implements Presetter.
func (s *flowCondScene) Presets() []Preset { return fcPresets }

// Reset implements Scene.
func (s *flowCondScene) Reset(v Values) error {
	t, d, seed := v["t"], int(v["d"]), int(v["seed"])
	if math.IsNaN(t) || t < 0 || t > 1 {
		return fmt.Errorf("flow_cond scene: t=%v is outside [0, 1]", t)
	}
	if d < 2 || d > 32 || d%2 != 0 {
		return fmt.Errorf("flow_cond scene: D=%d must be even and in [2, 32]", d)
	}
	if s.coreOut == nil || d != s.d || seed != s.seed {
		s.d, s.seed = d, seed
		if err := s.compute(); err != nil {
			s.err = err
			return err
		}
	}
	s.err = nil
	s.setT(t)
	return nil
}

func (s *flowCondScene) setT(t float64) {
	s.tf = t
	s.row = clampInt(int(math.Round(t*fcSteps)), 0, fcSteps)
}

// fcLinear draws an nn.Linear's weights, scaled so the modulation is
// visible (γ of order one).
func fcLinear(rng *rand.Rand, out, in int, scale float64) diffusion.LinearWeights {
	w, b := core.New(out, in), core.New(out)
	sd := scale / math.Sqrt(float64(in))
	for i := range w.Data {
		w.Data[i] = float32(sd * rng.NormFloat64())
	}
	for i := range b.Data {
		b.Data[i] = float32(0.1 * rng.NormFloat64())
	}
	return diffusion.LinearWeights{W: w, B: b}
}

func (s *flowCondScene) compute() error {
	const op = "flow_cond scene"
	d, rows := s.d, fcSteps+1
	rng := rand.New(rand.NewPCG(uint64(s.seed), 0xf10c))
	s.w = diffusion.FlowCondWeights{
		TimeMLP0: fcLinear(rng, d, d, 1.5),
		TimeMLP2: fcLinear(rng, d, d, 1.5),
		AdaNorm:  fcLinear(rng, 2*d, d, 0.8),
		OutLayer: fcLinear(rng, d, d, 1),
	}
	x1 := make([]float32, d)
	for i := range x1 {
		x1[i] = float32(math.Sin(1.3*float64(i)+0.4) + 0.3)
	}
	xb := core.New(rows, d)
	s.ts = make([]float32, rows)
	for r := range rows {
		s.ts[r] = float32(r) / fcSteps
		copy(xb.Data[r*d:], x1)
	}
	s.x = core.New(1, d)
	copy(s.x.Data, x1)
	var err error
	// Every stage comes from core's trace of the layer on the whole batch.
	st, err := diffusion.FlowCondTrace(xb, s.ts, s.w)
	if err != nil {
		return err
	}
	s.emb, s.hid, s.gb, s.mod, s.out = st.Emb, st.Hidden, st.GammaBeta, st.Mod, st.Y
	if s.coreOut, err = diffusion.FlowCondLayer(xb, s.ts, s.w); err != nil {
		return err
	}
	if s.freqs, err = diffusion.FlowTimeFrequencies(d); err != nil {
		return err
	}
	// γ for every t as a strip: dims down, t across.
	gam := make([]float32, d*rows)
	gmax := 1e-6
	for r := range rows {
		for j := range d {
			v := s.gb.Data[r*2*d+j]
			gam[j*rows+r] = v
			gmax = math.Max(gmax, math.Abs(float64(v)))
		}
	}
	s.gammaBmp.SetHeatmap(gam, d, rows, viz.BlueWhiteRed, -gmax, gmax)
	s.ranges = [6]float64{1, maxAbs(s.hid.Data), gmax, fcHalfMax(s.gb.Data, d, d), maxAbs(s.mod.Data), maxAbs(s.out.Data)}
	s.ranges[4] = math.Max(s.ranges[4], maxAbs(x1))
	s.buildTexts()
	return nil
}

// fcHalfMax is the largest |v| over columns [off, off+n) of rows of width 2n.
func fcHalfMax(v []float32, off, n int) float64 {
	m := 1e-6
	for r := 0; r*2*n < len(v); r++ {
		for _, x := range v[r*2*n+off : r*2*n+off+n] {
			m = math.Max(m, math.Abs(float64(x)))
		}
	}
	return m
}

func (s *flowCondScene) buildTexts() {
	d, rows := s.d, fcSteps+1
	fl := float64(s.freqs[len(s.freqs)-1])
	flS := strconv.FormatFloat(fl, 'g', 3, 64)
	s.readouts = make([][]KV, rows)
	s.tLabels = make([]string, rows)
	for r := range rows {
		g := s.gb.Data[r*2*d : r*2*d+d]
		b := s.gb.Data[r*2*d+d : (r+1)*2*d]
		s.tLabels[r] = "t = " + strconv.FormatFloat(float64(s.ts[r]), 'f', 2, 32)
		s.readouts[r] = []KV{
			{"t", strconv.FormatFloat(float64(s.ts[r]), 'f', 2, 32)},
			{"D", itoa(d)},
			{"e[0..3]", tsFirst(s.emb.Data[r*d:], 4)},
			{"MLP out[0..3]", tsFirst(s.hid.Data[r*d:], 4)},
			{"γ[0..3]", tsFirst(g, 4)},
			{"β[0..3]", tsFirst(b, 4)},
			{"x(1+γ)+β [0..3]", tsFirst(s.mod.Data[r*d:], 4)},
			{"out[0..3]", tsFirst(s.out.Data[r*d:], 4)},
			{"slowest frequency f_" + itoa(d/2-1), flS},
		}
	}
	s.stripTitle = "γ(t) for every t (rows: features 0…" + itoa(d-1) + ", columns: t from 0 to 1)"
	s.lines = [2]string{
		"frequencies f_i = exp(−ln(10000)·i/(D/2)): f_0 = 1 … f_" + itoa(d/2-1) + " = " + flS + fcConcatNote(d),
		"x is the same at every t; only γ(t) and β(t) change what out_layer sees",
	}
}

// Step implements Stepper: t moves on by 0.1, wrapping after 1.
func (s *flowCondScene) Step() {
	r := s.row + fcSteps/10
	if r > fcSteps {
		r = 0
	}
	s.setT(float64(r) / fcSteps)
}

// Progress implements Stepper: the t grid position.
func (s *flowCondScene) Progress() (k, n int) { return s.row, fcSteps }

// Update implements Scene: playing sweeps t over [0, 1] and starts again.
func (s *flowCondScene) Update(in Input, dt float64) {
	if dt <= 0 || s.err != nil {
		return
	}
	t := s.tf + dt/fcSweep
	if t > 1 {
		t = 0
	}
	s.setT(t)
}

// fcPanel names the bar panels in pipeline order.
var fcPanel = [...]string{"e = embed(t)", "MLP out h", "γ (scale)", "β (shift)", "x(1+γ)+β (line: x)", "out_layer"}

// Draw implements Scene: the γ strip over all t on top, then the pipeline
// as bar charts.
func (s *flowCondScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if area.W < 60 || area.H < 60 {
		return
	}
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	top, rest := area.CutTop(math.Min(area.H*0.3, 170))
	s.drawStrip(c, top)
	_, rest = rest.CutTop(14)
	foot, bars := rest.CutBottom(40)
	r := s.row
	d := s.d
	x := s.x.Data
	for i := range fcPanel {
		col := columnOf(bars, len(fcPanel), i, 16)
		var v []float32
		switch i {
		case 0:
			v = s.emb.Data[r*d : (r+1)*d]
		case 1:
			v = s.hid.Data[r*d : (r+1)*d]
		case 2:
			v = s.gb.Data[r*2*d : r*2*d+d]
		case 3:
			v = s.gb.Data[r*2*d+d : (r+1)*2*d]
		case 4:
			v = s.mod.Data[r*d : (r+1)*d]
		default:
			v = s.out.Data[r*d : (r+1)*d]
		}
		var ghost []float32
		if i == 4 {
			ghost = x // the unmodulated x, for comparison
		}
		s.drawBars(c, col, fcPanel[i], v, ghost, s.ranges[i], i == 0)
		if i > 0 {
			ax := col.X - 8
			ay := col.Y + col.H/2
			c.Line(ax-6, ay, ax+2, ay, 1.5, viz.InkMuted)
			c.Line(ax-2, ay-4, ax+2, ay, 1.5, viz.InkMuted)
			c.Line(ax-2, ay+4, ax+2, ay, 1.5, viz.InkMuted)
		}
	}
	c.Text(foot.X, foot.Y+14, s.lines[0], labelSize, viz.InkMuted, viz.AlignLeft)
	c.Text(foot.X, foot.Y+30, s.lines[1], labelSize, viz.InkMuted, viz.AlignLeft)
}

// drawStrip draws γ for the whole t grid with a marker at the current t.
func (s *flowCondScene) drawStrip(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.stripTitle)
	_, r = r.CutLeft(20)
	r.H -= 16
	if r.W < 4 || r.H < 4 {
		return
	}
	c.Image(&s.gammaBmp, r.X, r.Y, r.W, r.H, false)
	c.StrokeRect(r.X-1, r.Y-1, r.W+2, r.H+2, 1, viz.Grid)
	x := r.X + (float64(s.row)+0.5)/(fcSteps+1)*r.W
	c.Line(x, r.Y-4, x, r.Y+r.H+4, 2, viz.Ink)
	c.Text(x, r.Y+r.H+15, s.tLabels[s.row], labelSize, viz.Ink, viz.AlignCenter)
	c.Text(r.X-4, r.Y+r.H+15, "0", smallSize, viz.InkMuted, viz.AlignRight)
	c.Text(r.X+r.W+4, r.Y+r.H+15, "1", smallSize, viz.InkMuted, viz.AlignLeft)
}

// drawBars draws v as vertical bars around a zero line scaled to ±lim;
// ghost (if any) is outlined behind; halves colours the sin and cos halves.
func (s *flowCondScene) drawBars(c viz.Canvas, r viz.Rect, title string, v, ghost []float32, lim float64, halves bool) {
	r = caption(c, r, title)
	if r.W < 4 || r.H < 20 || len(v) == 0 {
		return
	}
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	mid := r.Y + r.H/2
	scale := (r.H/2 - 4) / lim
	bw := r.W / float64(len(v))
	for j, val := range v {
		col := viz.Accent
		switch {
		case halves && j >= len(v)/2:
			col = viz.Categorical(1)
		case !halves && val < 0:
			col = viz.Bad
		}
		bh := float64(val) * scale
		x := r.X + float64(j)*bw + bw*0.15
		if bh >= 0 {
			c.FillRect(x, mid-bh, bw*0.7, bh, col)
		} else {
			c.FillRect(x, mid, bw*0.7, -bh, col)
		}
		if ghost != nil {
			gh := float64(ghost[j]) * scale
			c.Line(x-1, mid-gh, x+bw*0.7+1, mid-gh, 2, viz.Ink)
		}
	}
	c.Line(r.X, mid, r.X+r.W, mid, 1, viz.InkMuted)
	if halves {
		c.Text(r.X+r.W*0.25, r.Y+r.H-4, "sin", smallSize, viz.InkMuted, viz.AlignCenter)
		c.Text(r.X+r.W*0.75, r.Y+r.H-4, "cos", smallSize, viz.InkMuted, viz.AlignCenter)
	}
}

// Readout implements Readouter.
func (s *flowCondScene) Readout() []KV {
	if s.err != nil || s.readouts == nil {
		return nil
	}
	return s.readouts[s.row]
}

// fcConcatNote contrasts the last frequency with timestep_embedding's
// concat layout, whose D/2−1 denominator makes it exactly 1/10000 (and is
// undefined for D = 2).
func fcConcatNote(d int) string {
	if d < 4 {
		return ""
	}
	return " (over D/2−1, as in timestep_embedding's concat layout, it would be 0.0001)"
}
