package scenes

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/embed"
	"dlprep/viz"
	"dlprep/viz/plot"
)

// Problem 035: NeRF's 3-D positional encoding. The matrix, the curves and
// the selected point's encoding are columns of core/embed's
// PositionalEncoding3D over points on a line; the similarity curve is the
// dot product of those encodings, which shows how sharply the encoding
// tells nearby points apart as bands are added.

const posencPoints = 160

type posencScene struct {
	kv    []KV // cached readout, nil when stale
	bands int
	sel   int // selected point index

	coords  *core.Tensor // [1, P, 3]: x from −1 to 1, y and z fixed
	enc     *core.Tensor // [1, P, 3+6L] from core
	width   int
	xs      []float64
	sinCols [][]float64 // sin(2^l π x) per band, read from enc
	sim     []float64   // normalised dot product with the selected point
	bmp     viz.Bitmap
	fig     plot.Figure
	simFig  plot.Figure
	ver     uint64
	simVer  uint64
	heatR   viz.Rect
	curveR  viz.Rect
	simR    viz.Rect
	err     error
}

func (s *posencScene) Info() Info {
	return Info{
		ID: "posenc3d", Title: "3-D positional encoding (NeRF)", Family: "geometry", Problems: []string{"035"},
		Statement: "Lift a 3-D point into sines and cosines at octave-spaced frequencies so a small MLP can represent fine " +
			"detail: the coordinate itself, then sin and cos of 2^l·π·c for every coordinate c and band l < L, broadcast " +
			"over all points without loops.",
		Formula: "γ(p) = [p, sin(2^0 π p), …, sin(2^{L−1} π p), cos(2^0 π p), …, cos(2^{L−1} π p)], 3 + 6L numbers.",
		LookFor: "Each band doubles the frequency: the first columns vary slowly along x, the last flicker. The similarity " +
			"of the selected point's encoding to its neighbours narrows as L grows: more bands, finer detail the MLP can " +
			"separate (and more aliasing if L is too high for the sampling).",
	}
}

func (s *posencScene) Params() []Param {
	return []Param{
		{Name: "bands", Label: "Bands L", Kind: Int, Min: 0, Max: 10, Step: 1, Default: 4},
		{Name: "x", Label: "Selected x", Kind: Float, Min: -1, Max: 1, Step: 0.01, Default: 0.25},
	}
}

// posencPresets are built once: the shell asks for them every frame.
var posencPresets = []Preset{{Name: "One band", Values: Values{"bands": 1}}, {Name: "Ten bands", Values: Values{"bands": 10}}}

func (s *posencScene) Presets() []Preset { return posencPresets }

func (s *posencScene) Reset(v Values) error {
	s.kv = nil
	bands, x := int(v["bands"]), v["x"]
	if !(x >= -1 && x <= 1) {
		s.err = fmt.Errorf("posenc3d scene: x=%v is outside [−1, 1]", x)
		return s.err
	}
	s.sel = int(math.Round((x + 1) / 2 * (posencPoints - 1)))
	if s.enc == nil || bands != s.bands {
		s.bands = bands
		if s.err = s.compute(); s.err != nil {
			return s.err
		}
	}
	s.similarity()
	return nil
}

func (s *posencScene) compute() error {
	if s.coords == nil {
		s.coords = core.New(1, posencPoints, 3)
		s.xs = make([]float64, posencPoints)
		for i := 0; i < posencPoints; i++ {
			x := -1 + 2*float64(i)/(posencPoints-1)
			s.xs[i] = x
			s.coords.Data[3*i], s.coords.Data[3*i+1], s.coords.Data[3*i+2] = float32(x), 0.3, -0.2
		}
	}
	enc, err := embed.PositionalEncoding3D(s.coords, s.bands)
	if err != nil {
		return err
	}
	s.enc, s.width = enc, 3+6*s.bands
	s.sinCols = s.sinCols[:0]
	for l := 0; l < s.bands; l++ {
		col := make([]float64, posencPoints)
		for i := range col {
			col[i] = float64(enc.Data[i*s.width+3+l]) // axis-major: x's bands first
		}
		s.sinCols = append(s.sinCols, col)
	}
	s.bmp.SetHeatmap(enc.Data, posencPoints, s.width, viz.BlueWhiteRed, -1, 1)
	s.ver++
	return nil
}

// similarity is the cosine similarity of every point's x features (its L
// sines and L cosines; y and z are the same for every point on the line)
// with the selected point's.
func (s *posencScene) similarity() {
	s.kv = nil
	if cap(s.sim) < posencPoints {
		s.sim = make([]float64, posencPoints)
	}
	s.sim = s.sim[:posencPoints]
	w, l := s.width, s.bands
	part := func(p, j int) float64 { // j < L: sin band j, else cos band j−L
		if j < l {
			return float64(s.enc.Data[p*w+3+j])
		}
		return float64(s.enc.Data[p*w+3+3*l+j-l])
	}
	for i := 0; i < posencPoints; i++ {
		var dot, n1, n2 float64
		for j := 0; j < 2*l; j++ {
			a, b := part(i, j), part(s.sel, j)
			dot += a * b
			n1 += a * a
			n2 += b * b
		}
		if n1 > 0 && n2 > 0 {
			s.sim[i] = dot / math.Sqrt(n1*n2)
		} else {
			s.sim[i] = 1
		}
	}
	s.simVer++
}

func (s *posencScene) Update(in Input, dt float64) {
	if in.Clicked && s.enc != nil && s.heatR.Contains(in.MouseX, in.MouseY) {
		s.sel = clampInt(int((in.MouseY-s.heatR.Y)/s.heatR.H*posencPoints), 0, posencPoints-1)
		s.similarity()
	}
}

func (s *posencScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.enc == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("posenc3d scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	left, right := area.CutLeft(area.W * 0.38)
	r := caption(c, left, "γ(p) for "+itoa(posencPoints)+" points, x from −1 to 1 (rows), "+itoa(s.width)+" features")
	_, r = r.CutLeft(26)
	s.heatR = viz.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H - 40}
	c.Image(&s.bmp, s.heatR.X, s.heatR.Y, s.heatR.W, s.heatR.H, false)
	c.StrokeRect(s.heatR.X, s.heatR.Y, s.heatR.W, s.heatR.H, 1, viz.Grid)
	c.Text(s.heatR.X-4, s.heatR.Y+10, "−1", smallSize, viz.InkMuted, viz.AlignRight)
	c.Text(s.heatR.X-4, s.heatR.Y+s.heatR.H, "+1", smallSize, viz.InkMuted, viz.AlignRight)
	y := s.heatR.Y + (float64(s.sel)+0.5)/posencPoints*s.heatR.H
	c.Line(s.heatR.X-6, y, s.heatR.X+s.heatR.W+3, y, 1.5, viz.Ink)
	// Column groups: xyz | sin | cos.
	cw := s.heatR.W / float64(s.width)
	gy := s.heatR.Y + s.heatR.H + 14
	c.Text(s.heatR.X+1.5*cw, gy, "xyz", smallSize, viz.InkMuted, viz.AlignCenter)
	if s.bands > 0 {
		c.Text(s.heatR.X+(3+1.5*float64(s.bands))*cw, gy, "sin", smallSize, viz.InkMuted, viz.AlignCenter)
		c.Text(s.heatR.X+(3+4.5*float64(s.bands))*cw, gy, "cos", smallSize, viz.InkMuted, viz.AlignCenter)
		for _, k := range []int{3, 3 + 3*s.bands} {
			x := s.heatR.X + float64(k)*cw
			c.Line(x, s.heatR.Y, x, s.heatR.Y+s.heatR.H, 1.5, viz.Ink)
		}
	}
	top, bottom := right.Inset(4).CutTop(right.H * 0.5)
	s.curveR, s.simR = top, bottom
	if drawFigure(c, &s.fig, s.ver, s.curveSpec, top) {
		x, y0 := figPoint(&s.fig, top, s.xs[s.sel], -1.1)
		_, y1 := figPoint(&s.fig, top, s.xs[s.sel], 1.1)
		c.Line(x, y0, x, y1, 1.5, viz.Fade(viz.Ink, 0.7))
	}
	drawFigure(c, &s.simFig, s.simVer, s.simSpec, bottom)
}

func (s *posencScene) curveSpec() plot.Spec {
	sp := plot.Spec{Title: "sin(2^l π x) from core, l < L", XLabel: "x", YLabel: "value", XMin: -1, XMax: 1, YMin: -1.1, YMax: 1.1}
	for l, col := range s.sinCols {
		if l >= 6 {
			break // the rest are too dense to read; the heatmap shows them
		}
		sp.Series = append(sp.Series, plot.Series{Label: "l=" + itoa(l), X: s.xs, Y: col, Color: viz.Categorical(l), Width: 1.5})
	}
	if len(sp.Series) == 0 {
		sp.Series = append(sp.Series, plot.Series{X: s.xs, Y: make([]float64, len(s.xs)), Color: viz.Grid})
	}
	return sp
}

func (s *posencScene) simSpec() plot.Spec {
	return plot.Spec{Title: "cosine similarity of the x features to the selected point", XLabel: "x", YLabel: "similarity",
		XMin: -1, XMax: 1, YMin: -1.05, YMax: 1.05,
		Series: []plot.Series{{Label: "L=" + itoa(s.bands), X: s.xs, Y: s.sim, Color: viz.Accent, Width: 2}}}
}

// halfWidth is the distance from the selected point to where its
// similarity first drops below 0.5, on the right (or left) side.
func (s *posencScene) halfWidth() float64 {
	for i := s.sel; i < posencPoints; i++ {
		if s.sim[i] < 0.5 {
			return s.xs[i] - s.xs[s.sel]
		}
	}
	for i := s.sel; i >= 0; i-- {
		if s.sim[i] < 0.5 {
			return s.xs[s.sel] - s.xs[i]
		}
	}
	return 2
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *posencScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *posencScene) buildReadout() []KV {
	if s.enc == nil || s.err != nil {
		return nil
	}
	row := s.enc.Data[s.sel*s.width : (s.sel+1)*s.width]
	return []KV{
		{"L", itoa(s.bands)},
		{"features", itoa(s.width)},
		{"x", f3(s.xs[s.sel])},
		{"γ(p)[0..5]", tsFirst(row, 6)},
		{"similarity half-width", f3(s.halfWidth())},
	}
}
