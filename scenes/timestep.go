package scenes

import (
	"fmt"
	"math"
	"strconv"

	"dlprep/core/embed"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// Problem 009: the sinusoidal timestep embedding. Every number on screen
// comes from core/embed; the pitfall (frequencies indexed over D instead of
// D/2) is also read from core, as described at pitfallEmbedding.

// tsRows is the number of timesteps the heatmaps show: t = 0, 10, ..., 990.
const (
	tsRows   = 100
	tsStride = 10
	tsMaxT   = 1000
)

// tsPlotIdx are the frequency indices, as fractions of D/2, whose sine
// columns the plot follows: fast to slow.
var tsPlotIdx = [...]float64{0.5, 0.75, 1}

// tsPanel is one heatmap as drawn: which matrix, where, and its strip for
// the selected t. Kept after Draw so tests can read pixels back.
type tsPanel struct {
	name    string
	layout  embed.Layout
	pitfall bool
	rect    viz.Rect // heatmap area in scene coordinates
	strip   viz.Rect // the selected-t strip under it
}

// timestepScene shows both layouts as heatmaps (timesteps x dims), the
// embedding of the selected t, and a plot of a few columns against t.
type timestepScene struct {
	d, t    int
	pitfall bool

	ts    []float32        // heatmap timesteps
	mats  [2][2][]float32  // [layout][pitfall] tsRows x d
	sel   [2][2][]float32  // [layout][pitfall] 1 x d, at t
	maps  [2][2]viz.Bitmap // heatmaps
	strip [2][2]viz.Bitmap // selected-t strips
	freqs [2][]float64     // [pitfall] interleaved frequencies
	curve [2][len(tsPlotIdx)][]float64
	tAll  []float64

	fig    plot.Figure
	figVer uint64

	panels  []tsPanel
	plotR   viz.Rect
	hover   string
	err     error
	readout []KV         // rebuilt on Reset, not per frame
	tLabel  string       // "t=250"
	marker  [3]viz.Point // scratch for the marker triangle
}

// Info implements Scene.
func (s *timestepScene) Info() Info {
	return Info{
		ID: "timestep_embedding", Title: "Sinusoidal timestep embedding", Family: "diffusion", Problems: []string{"009"},
		Statement: "Turn a diffusion timestep t into a D-dimensional vector of sines and cosines at geometrically spaced " +
			"frequencies, so the network can tell nearby and distant steps apart.",
		Formula: "PE(t,2i) = sin(t·f_i), PE(t,2i+1) = cos(t·f_i), f_i = 10000^(−2i/D), i = 0…D/2−1.  " +
			"Concat layout: [sin(t·f) | cos(t·f)] with f_i = exp(−ln(10000)·i/(D/2−1)).",
		LookFor: "Left columns flicker fast, right columns change slowly: each sin/cos pair is a clock at its own speed. " +
			"Turn on the pitfall: with frequencies indexed over D the slowest clock is only 10000^(−1/2), so every column " +
			"wraps within the 1000 steps and far-apart timesteps get similar codes.",
	}
}

// Params implements Scene: D, the selected t and the pitfall toggle.
func (s *timestepScene) Params() []Param {
	return []Param{
		{Name: "dim", Label: "Embedding size D", Kind: Int, Min: 4, Max: 128, Step: 2, Default: 64,
			Help: "number of dimensions (even: one sin and one cos per frequency)"},
		{Name: "t", Label: "Selected timestep t", Kind: Int, Min: 0, Max: tsMaxT - 1, Step: 1, Default: 250,
			Help: "the timestep whose embedding is shown under each heatmap"},
		{Name: "pitfall", Label: "Pitfall: frequencies over D", Kind: Bool, Default: 0,
			Help: "index frequencies as 10000^(−i/D) instead of 10000^(−2i/D), shown beside the correct ones"},
	}
}

// Presets implements Presetter.
func (s *timestepScene) Presets() []Preset { return tsPresets }

var tsPresets = []Preset{
	{Name: "Small D", Values: Values{"dim": 8, "t": 40}},
	{Name: "Pitfall", Values: Values{"dim": 64, "t": 600, "pitfall": 1}},
}

// Reset recomputes only what the change needs: moving t recomputes the
// two (or four) one-row strips, changing D or the pitfall the matrices
// and the plot.
func (s *timestepScene) Reset(v Values) error {
	d, t, pit := int(v["dim"]), int(v["t"]), v["pitfall"] != 0
	if d%2 != 0 || d < 4 || d > 128 {
		return fmt.Errorf("timestep_embedding scene: D=%d must be even and in [4, 128]", d)
	}
	if t < 0 || t >= tsMaxT {
		return fmt.Errorf("timestep_embedding scene: t=%d is outside [0, %d]", t, tsMaxT-1)
	}
	full := s.mats[0][0] == nil || d != s.d || pit != s.pitfall
	s.d, s.t, s.pitfall = d, t, pit
	if full {
		if err := s.computeMatrices(); err != nil {
			s.err = err
			return err
		}
	}
	if err := s.computeStrips(); err != nil {
		s.err = err
		return err
	}
	s.err = nil
	s.tLabel = "t=" + strconv.Itoa(s.t)
	s.readout = s.buildReadout()
	return nil
}

func (s *timestepScene) computeMatrices() error {
	if s.ts == nil {
		s.ts = make([]float32, tsRows)
		for i := range s.ts {
			s.ts[i] = float32(i * tsStride)
		}
		s.tAll = make([]float64, tsMaxT)
		for i := range s.tAll {
			s.tAll[i] = float64(i)
		}
	}
	for _, lay := range []embed.Layout{embed.Interleaved, embed.Concat} {
		for p := 0; p < 2; p++ {
			if p == 1 && !s.pitfall {
				s.mats[lay][p] = nil
				continue
			}
			m, err := tsEmbedding(s.ts, s.d, lay, p == 1)
			if err != nil {
				return err
			}
			s.mats[lay][p] = m
			s.maps[lay][p].SetHeatmap(m, tsRows, s.d, viz.BlueWhiteRed, -1, 1)
		}
	}
	// The plot follows sine columns of the interleaved layout for all t.
	all := make([]float32, tsMaxT)
	for i := range all {
		all[i] = float32(i)
	}
	for p := 0; p < 2; p++ {
		if p == 1 && !s.pitfall {
			continue
		}
		m, err := tsEmbedding(all, s.d, embed.Interleaved, p == 1)
		if err != nil {
			return err
		}
		for k, col := range s.plotCols() {
			c := make([]float64, tsMaxT)
			for r := range c {
				c[r] = float64(m[r*s.d+col])
			}
			s.curve[p][k] = c
		}
		f, err := embed.Frequencies(s.d*(1+p), embed.Interleaved)
		if err != nil {
			return err
		}
		s.freqs[p] = f[:s.d/2]
	}
	s.figVer++
	return nil
}

// plotCols are the sine columns (2i) the plot follows.
func (s *timestepScene) plotCols() [len(tsPlotIdx)]int {
	var out [len(tsPlotIdx)]int
	half := s.d / 2
	for k, q := range tsPlotIdx {
		i := min(int(math.Round(q*float64(half)))-1, half-1)
		out[k] = 2 * max(i, 0)
	}
	return out
}

func (s *timestepScene) computeStrips() error {
	one := []float32{float32(s.t)}
	for _, lay := range []embed.Layout{embed.Interleaved, embed.Concat} {
		for p := 0; p < 2; p++ {
			if p == 1 && !s.pitfall {
				continue
			}
			m, err := tsEmbedding(one, s.d, lay, p == 1)
			if err != nil {
				return err
			}
			s.sel[lay][p] = m
			s.strip[lay][p].SetHeatmap(m, 1, s.d, viz.BlueWhiteRed, -1, 1)
		}
	}
	return nil
}

// tsEmbedding returns the len(ts) x d embedding from core/embed. With
// pitfall it is the embedding whose frequencies are indexed over D instead
// of D/2. Core's own 2D-dimensional embedding has exactly those
// frequencies first: interleaved f_i = 10000^(−2i/(2D)) = 10000^(−i/D), and
// concat f_i = exp(−ln(10000)·i/(D−1)). So the pitfall is read from core as
// the first D/2 frequencies of a 2D-dimensional embedding, never recomputed
// here.
func tsEmbedding(ts []float32, d int, layout embed.Layout, pitfall bool) ([]float32, error) {
	if !pitfall {
		e, err := embed.TimestepEmbedding(ts, d, layout)
		if err != nil {
			return nil, err
		}
		return e.Data, nil
	}
	wide, err := embed.TimestepEmbedding(ts, 2*d, layout)
	if err != nil {
		return nil, err
	}
	out := make([]float32, len(ts)*d)
	half := d / 2
	for r := range ts {
		src, dst := wide.Data[r*2*d:(r+1)*2*d], out[r*d:(r+1)*d]
		if layout == embed.Interleaved {
			copy(dst, src[:d]) // pairs 0..D/2−1
		} else {
			copy(dst[:half], src[:half])    // sin of the first D/2 frequencies
			copy(dst[half:], src[d:d+half]) // their cos
		}
	}
	return out, nil
}

// Update implements Scene: hovering a heatmap names the cell and its value.
func (s *timestepScene) Update(in Input, dt float64) {
	s.hover = ""
	for _, p := range s.panels {
		if !p.rect.Contains(in.MouseX, in.MouseY) {
			continue
		}
		row := int((in.MouseY - p.rect.Y) / p.rect.H * tsRows)
		col := int((in.MouseX - p.rect.X) / p.rect.W * float64(s.d))
		row, col = min(max(row, 0), tsRows-1), min(max(col, 0), s.d-1)
		m := s.mats[p.layout][tsB(p.pitfall)]
		if m == nil {
			continue
		}
		s.hover = p.name + ": PE(t=" + strconv.Itoa(row*tsStride) + ", dim " + strconv.Itoa(col) + ") = " +
			strconv.FormatFloat(float64(m[row*s.d+col]), 'f', 4, 64)
	}
}

func tsB(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Draw implements Scene: heatmaps on top, the plot below.
func (s *timestepScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil {
		c.Text(area.X, area.Y+16, s.err.Error(), 14, viz.Bad, viz.AlignLeft)
		return
	}
	heat, rest := area.CutTop(area.H * 0.58)
	_, plotR := rest.CutTop(10)
	s.layoutPanels(viz.Rect{X: heat.X, Y: heat.Y, W: heat.W, H: heat.H - 22})
	for _, p := range s.panels {
		s.drawPanel(c, p)
	}
	s.drawColorKey(c, viz.Rect{X: heat.X + 80, Y: heat.Y + heat.H - 12, W: 150, H: 12})
	s.drawPlot(c, plotR)
	if s.hover != "" {
		c.Text(area.X, area.Y+area.H, s.hover, 12, viz.Ink, viz.AlignLeft)
	}
}

// layoutPanels places two heatmaps (four with the pitfall) side by side.
func (s *timestepScene) layoutPanels(r viz.Rect) {
	type spec struct {
		name string
		lay  embed.Layout
		pit  bool
	}
	specs := []spec{{"interleaved", embed.Interleaved, false}, {"concat [sin | cos]", embed.Concat, false}}
	if s.pitfall {
		specs = []spec{{"interleaved", embed.Interleaved, false}, {"interleaved, pitfall", embed.Interleaved, true},
			{"concat", embed.Concat, false}, {"concat, pitfall", embed.Concat, true}}
	}
	s.panels = s.panels[:0]
	_, r = r.CutTop(22) // captions
	for i, col := range r.Columns(len(specs), 14) {
		_, col = col.CutLeft(34) // t axis labels
		hm := viz.Rect{X: col.X, Y: col.Y, W: col.W, H: col.H - 34}
		st := viz.Rect{X: hm.X, Y: hm.Y + hm.H + 8, W: hm.W, H: 14}
		s.panels = append(s.panels, tsPanel{name: specs[i].name, layout: specs[i].lay, pitfall: specs[i].pit, rect: hm, strip: st})
	}
}

func (s *timestepScene) drawPanel(c viz.Canvas, p tsPanel) {
	r := p.rect
	ink := viz.Ink
	if p.pitfall {
		ink = viz.Bad
	}
	c.Text(r.X-34, r.Y-8, p.name, 13, ink, viz.AlignLeft)
	c.Image(&s.maps[p.layout][tsB(p.pitfall)], r.X, r.Y, r.W, r.H, false)
	c.StrokeRect(r.X-1, r.Y-1, r.W+2, r.H+2, 1, viz.Grid)
	c.Text(r.X-4, r.Y+9, "t=0", 10, viz.InkMuted, viz.AlignRight)
	c.Text(r.X-4, r.Y+r.H, strconv.Itoa((tsRows-1)*tsStride), 10, viz.InkMuted, viz.AlignRight)
	// Marker at the selected t.
	y := r.Y + (float64(s.t)/tsStride+0.5)/tsRows*r.H
	c.Line(r.X-6, y, r.X+r.W+3, y, 1.5, viz.Ink)
	s.marker = [3]viz.Point{{X: r.X - 10, Y: y - 4}, {X: r.X - 3, Y: y}, {X: r.X - 10, Y: y + 4}}
	c.FillPolygon(s.marker[:], viz.Ink)
	st := p.strip
	c.Image(&s.strip[p.layout][tsB(p.pitfall)], st.X, st.Y, st.W, st.H, false)
	c.StrokeRect(st.X-1, st.Y-1, st.W+2, st.H+2, 1, viz.Grid)
	c.Text(st.X-4, st.Y+11, s.tLabel, 10, viz.Ink, viz.AlignRight)
}

func (s *timestepScene) drawColorKey(c viz.Canvas, r viz.Rect) {
	c.Text(r.X-8, r.Y+10, "colour: −1", 11, viz.InkMuted, viz.AlignRight)
	for i := 0; i < 30; i++ {
		c.FillRect(r.X+float64(i)*r.W/30, r.Y, r.W/30+0.5, r.H, viz.BlueWhiteRed.At(float64(i)/29))
	}
	c.Text(r.X+r.W+6, r.Y+10, "+1", 11, viz.InkMuted, viz.AlignLeft)
}

func (s *timestepScene) drawPlot(c viz.Canvas, r viz.Rect) {
	s.plotR = r
	if r.W < 100 || r.H < 80 {
		return
	}
	b, err := s.fig.Render(s.figVer, s.plotSpec, int(r.W), int(r.H), viz.DeviceScale(c))
	if err != nil {
		c.Text(r.X, r.Y+14, err.Error(), 12, viz.Bad, viz.AlignLeft)
		return
	}
	c.Image(b, r.X, r.Y, float64(int(r.W)), float64(int(r.H)), true)
	// The selected t moves without redrawing the cached plot.
	a := s.fig.DataArea()
	x, _ := s.fig.DataToLogical(float64(s.t), 0)
	c.Line(r.X+x, r.Y+a.Y, r.X+x, r.Y+a.Y+a.H, 1.5, viz.Fade(viz.Ink, 0.7))
}

func (s *timestepScene) plotSpec() plot.Spec {
	sp := plot.Spec{Title: "PE(t, 2i) for a few i (interleaved)", XLabel: "timestep t", YLabel: "value",
		XMin: 0, XMax: tsMaxT - 1, YMin: -1.15, YMax: 1.15}
	cols := s.plotCols()
	for p := 0; p < 2; p++ {
		if p == 1 && !s.pitfall {
			continue
		}
		for k, col := range cols {
			lbl := "i=" + strconv.Itoa(col/2)
			if p == 1 {
				lbl += " pitfall"
			}
			sp.Series = append(sp.Series, plot.Series{Label: lbl, X: s.tAll, Y: s.curve[p][k],
				Color: viz.Categorical(k), Width: 1.5, Dashed: p == 1})
		}
	}
	return sp
}

// Readout returns the numbers computed at the last Reset.
func (s *timestepScene) Readout() []KV {
	if s.err != nil {
		return nil
	}
	return s.readout
}

func (s *timestepScene) buildReadout() []KV {
	if s.freqs[0] == nil {
		return nil
	}
	period := func(f []float64) string {
		return strconv.FormatFloat(2*math.Pi/f[len(f)-1], 'f', 0, 64) + " steps"
	}
	kv := []KV{
		{"D", strconv.Itoa(s.d)},
		{"t", strconv.Itoa(s.t)},
		{"PE(t, 0..3)", tsFirst(s.sel[embed.Interleaved][0], 4)},
		{"slowest period", period(s.freqs[0])},
	}
	if s.pitfall {
		kv = append(kv, KV{"slowest period, pitfall", period(s.freqs[1])},
			KV{"PE(t, 0..3), pitfall", tsFirst(s.sel[embed.Interleaved][1], 4)})
	}
	return kv
}

func tsFirst(v []float32, n int) string {
	out := ""
	for i := 0; i < n && i < len(v); i++ {
		if i > 0 {
			out += " "
		}
		out += strconv.FormatFloat(float64(v[i]), 'f', 2, 32)
	}
	return out
}
