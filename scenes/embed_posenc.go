package scenes

import (
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/embed"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Problem 035, NeRF's 3-D positional encoding, as Play moves a point along
// a path through the cube: its coordinates, the broadcast product of each
// coordinate with every band's frequency, their sines and cosines, and the
// concatenated code. Everything is embed.PositionalEncoding3DTrace's. The
// path is sampled finely enough that the fastest band still has eight
// samples per period at the largest L offered: no aliasing.

const (
	peN    = 160 // points along the path: 10 samples per period of the fastest band at L = 5
	peMaxL = 5
)

// Inspection groups of the positional encoding view.
const (
	gPeCoords = iota + 1
	gPePoint
	gPeC
	gPeF
	gPeA
	gPeSin
	gPeCos
	gPeY
	gPeBar
)

var peAxes = [3]string{"x", "y", "z"}

type posencStep int

const (
	pePoints posencStep = iota
	peBroadcast
	peSinCos
	peConcat
)

type posEncView struct {
	l      int
	coords *core.Tensor // [1, N, 3]
	st     *embed.PosEncStages
	width  int
	steps  []posencStep
	tl     scene.Timeline
	// transposed for display: a column per point
	cT, sinT, cosT, yT *core.Tensor
	hc, hsin, hcos, hy heat
	hpc, hpf, hpa      heat // the current point's coords [3,1], freqs [1,L], angles [3,L]
	shown              int
	pcV, paV           []float32
	fNums, aNums       []string
	cNums              []string
	bandLabels         []string // "x0".."zL−1"
	featLabels         []string
	pts                []viz.Point
	// text made by Reset, or once per point the sweep reaches: a paused
	// frame formats nothing.
	sinShape, yShape, sinT2 string
	barShape                string
	pcOpts, pfOpts, paOpts  heatOpts
	barTitles               memo[int, string]
	pointNums               memo[int, [2][]string] // a point's coords and angles as text
	ro                      kvMemo[int]
	poly                    polyScratch
}

// peLast labels the last point of the strips' axis; peBarEnds are the
// ends of the bars' axis, ±1.
var (
	peLast        = strconv.Itoa(peN - 1)
	peCoordsShape = "rows x, y, z " + shapeOf(1, peN, 3)
	peBarEnds     = barEnds(1)
)

func newPosEncView() *posEncView { return &posEncView{} }

func (s *posEncView) Info() scene.Info {
	p, _ := problems.Lookup("035")
	return scene.Info{ID: "posenc3d", Problem: "035", Title: p.Title, Family: "geometry", Statement: p.Statement,
		Formula: `\gamma(p) = \big[p,\ \sin(2^0 \pi p), \ldots, \sin(2^{L-1} \pi p),\ \cos(2^0 \pi p), \ldots, \cos(2^{L-1} \pi p)\big] \in \mathbb{R}^{3 + 6L}`,
		LookFor: "coords[..., None] * freqs broadcasts a [B, N, 3, 1] against [L]: every coordinate of every point times every band's " +
			"frequency 2^l·π, a 3 × L table per point with no loop. Its sines and cosines, flattened over the last two axes, go after the " +
			"coordinates: 3 + 6L numbers. Each band doubles the frequency, so along the path the first band changes slowly and the last " +
			"flickers; the x, y and z bands each depend on their own coordinate only. The path is sampled finely enough that even the " +
			"fastest band shows eight or more samples per period."}
}

func (s *posEncView) Params() []scene.Param {
	return []scene.Param{
		{Name: "bands", Label: "bands L", Kind: scene.Int, Min: 1, Max: peMaxL, Step: 1, Default: 4},
	}
}

func (s *posEncView) Presets() []scene.Preset {
	return []scene.Preset{{Name: "One band", Values: scene.Values{"bands": 1}}, {Name: "Five bands", Values: scene.Values{"bands": 5}}}
}

// pePath is point i of the path: x, y and z each move at their own rate,
// so their bands differ.
func pePath(i int) (x, y, z float32) {
	s := float64(i) / (peN - 1)
	return float32(-1 + 2*s), float32(-0.6 + 1.2*s), float32(0.8 - 1.2*s)
}

func (s *posEncView) Reset(v scene.Values) error {
	s.l = int(v["bands"])
	s.coords = core.New(1, peN, 3)
	for i := 0; i < peN; i++ {
		x, y, z := pePath(i)
		s.coords.Data[3*i], s.coords.Data[3*i+1], s.coords.Data[3*i+2] = x, y, z
	}
	st, err := embed.PositionalEncoding3DTrace(s.coords, s.l)
	if err != nil {
		return err
	}
	s.st, s.width = st, 3+6*s.l
	// A column per point: [N, k] → [k, N].
	tr := func(t *core.Tensor, k int) (*core.Tensor, error) {
		m, err := t.Reshape(peN, k)
		if err != nil {
			return nil, err
		}
		return m.Permute(1, 0)
	}
	if s.cT, err = tr(s.coords, 3); err != nil {
		return err
	}
	if s.sinT, err = tr(st.Sin, 3*s.l); err != nil {
		return err
	}
	if s.cosT, err = tr(st.Cos, 3*s.l); err != nil {
		return err
	}
	if s.yT, err = tr(st.Y, s.width); err != nil {
		return err
	}
	s.pointNums.reset()
	s.buildTimeline()
	s.buildPictures()
	s.sinShape = "rows x0..z" + strconv.Itoa(s.l-1) + " " + shapeOf(3*s.l, peN)
	s.sinT2 = shapeOf(3*s.l, peN)
	s.yShape = "rows: x y z | sin | cos " + shapeOf(s.width, peN)
	s.barShape = shapeOf(s.width)
	s.pcOpts = heatOpts{Title: "c", Shape: shapeOf(3, 1), RowLabels: peAxes[:], Group: gPeC, MaxCell: 56}
	s.pfOpts = heatOpts{Title: "2^l π", Shape: shapeOf(s.l), ColTitle: "band l", ColLabels: indexLabels(0, s.l), Group: gPeF, MaxCell: 56}
	s.paOpts = heatOpts{Title: "angles c·2^l π", Shape: shapeOf(3, s.l), RowLabels: peAxes[:], ColTitle: "band l", ColLabels: indexLabels(0, s.l),
		Group: gPeA, MaxCell: 56}
	s.barTitles.reset()
	s.ro.reset()
	return nil
}

func (s *posEncView) buildTimeline() {
	l := strconv.Itoa(s.l)
	s.steps = []posencStep{pePoints, peBroadcast, peSinCos, peConcat}
	s.tl = scene.Timeline{
		{Stage: "points", Caption: "N = " + strconv.Itoa(peN) + " points along a path through the cube; x, y and z each move at their own rate.",
			Shapes: "coords " + shapeOf(1, peN, 3), Seconds: 1.5},
		{Stage: "broadcast", Caption: "coords[..., None] · freqs: each coordinate times each band's 2^l·π, a 3 × " + l + " table per point, no loop.",
			Shapes: shapeOf(1, peN, 3, 1) + " · " + shapeOf(s.l) + " → " + shapeOf(1, peN, 3, s.l), Seconds: 5},
		{Stage: "sin and cos", Caption: "Their sines and cosines: along the path the first band turns slowly, each next one twice as fast.",
			Shapes: shapeOf(1, peN, 3, s.l) + " → sin, cos → flatten(−2) → " + shapeOf(1, peN, 3*s.l), Seconds: 5},
		{Stage: "concatenate", Caption: "torch.cat([coords, sin, cos], −1): 3 + 6L = " + strconv.Itoa(s.width) + " numbers per point.",
			Shapes: shapeOf(1, peN, 3) + " + 2 × " + shapeOf(1, peN, 3*s.l) + " → " + shapeOf(1, peN, s.width), Seconds: 5},
	}
}

func (s *posEncView) buildPictures() {
	s.hc.set(s.cT.Data, 3, peN, viz.BlueWhiteRed, -1, 1, nil)
	s.hsin.set(s.sinT.Data, 3*s.l, peN, viz.BlueWhiteRed, -1, 1, nil)
	s.hcos.set(s.cosT.Data, 3*s.l, peN, viz.BlueWhiteRed, -1, 1, nil)
	s.hy.set(s.yT.Data, s.width, peN, viz.BlueWhiteRed, -1, 1, nil)
	fl := float64(s.st.Freqs[s.l-1])
	s.hpf.set(s.st.Freqs, 1, s.l, viz.Viridis, 0, fl, nil)
	s.fNums = s.fNums[:0]
	for _, f := range s.st.Freqs {
		s.fNums = append(s.fNums, peShort(float64(f)))
	}
	s.bandLabels = s.bandLabels[:0]
	for ax := 0; ax < 3; ax++ {
		for b := 0; b < s.l; b++ {
			s.bandLabels = append(s.bandLabels, peAxes[ax]+strconv.Itoa(b))
		}
	}
	s.featLabels = append(s.featLabels[:0], "x", "y", "z")
	for _, g := range []string{"s", "c"} {
		for _, b := range s.bandLabels {
			s.featLabels = append(s.featLabels, g+b)
		}
	}
	s.shown = -1
	s.setPoint(0)
}

// peShort writes a value in at most five characters.
func peShort(v float64) string {
	if math.Abs(v) >= 10 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// setPoint rebuilds the current point's tables when it changes.
func (s *posEncView) setPoint(i int) {
	if i == s.shown {
		return
	}
	s.shown = i
	s.pcV = append(s.pcV[:0], s.coords.Data[3*i:3*i+3]...)
	s.paV = append(s.paV[:0], s.st.Angles.Data[i*3*s.l:(i+1)*3*s.l]...)
	s.hpc.set(s.pcV, 3, 1, viz.BlueWhiteRed, -1, 1, nil)
	lim := float64(s.st.Freqs[s.l-1])
	s.hpa.set(s.paV, 3, s.l, viz.BlueWhiteRed, -lim, lim, nil)
	// Each point's numbers are written once: the sweep passes every
	// point several times a second while playing.
	nums := s.pointNums.get(i, func() [2][]string {
		var out [2][]string
		for _, v := range s.pcV {
			out[0] = append(out[0], peShort(float64(v)))
		}
		for _, v := range s.paV {
			out[1] = append(out[1], peShort(float64(v)))
		}
		return out
	})
	s.cNums, s.aNums = nums[0], nums[1]
}

func (s *posEncView) Timeline() scene.Timeline { return s.tl }

// point is the point shown at f: swept in every stage.
func (s *posEncView) point(f *scene.Frame) int { return cvStepOf(f.Frac, peN) }

func (s *posEncView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	i := s.point(f)
	s.setPoint(i)
	strip := func(r viz.Rect, ht *heat, title, shape string, group int) viz.Rect {
		o := cvStripOpts{Title: title, Shape: shape, XLabel: "point along the path", X0: "0", X1: peLast, Group: group, MaxRowH: 22}
		sc := cvStrip(c, r, f, ht, o)
		if sc.W > 0 {
			x := sc.X + (float64(i)+0.5)/peN*sc.W
			c.Line(x, sc.Y-4, x, sc.Y+sc.H+4, 2, viz.Ink)
		}
		return sc
	}
	switch s.steps[min(f.Step, len(s.steps)-1)] {
	case pePoints:
		var a, b viz.Rect
		if cvHorizontal(area) {
			a, b = area.CutLeft(area.W * 0.45)
			_, b = b.CutLeft(20)
		} else {
			a, b = area.CutTop(area.H * 0.55)
			_, b = b.CutTop(8)
		}
		s.drawCube(c, a, f, i)
		strip(fitHeight(b, 150), &s.hc, "coords", peCoordsShape, gPeCoords)
	case peBroadcast:
		top, rest := area.CutTop(math.Min(area.H*0.35, 150))
		s.drawCube(c, top, f, i)
		_, rest = rest.CutTop(8)
		s.drawBroadcast(c, rest, f)
	case peSinCos:
		a, b := area.CutTop(area.H / 2)
		ss := strip(a, &s.hsin, "sin(2^l π c)", s.sinShape, gPeSin)
		cs := strip(b, &s.hcos, "cos(2^l π c)", s.sinT2, gPeCos)
		for _, sc := range [2]viz.Rect{ss, cs} {
			s.axisRules(c, sc, 3, s.l)
		}
	case peConcat:
		top, rest := area.CutTop(area.H * 0.6)
		sc := strip(top, &s.hy, "γ(p) for every point", s.yShape, gPeY)
		if sc.W > 0 {
			rh := sc.H / float64(s.width)
			for _, k := range []int{3, 3 + 3*s.l} {
				y := sc.Y + float64(k)*rh
				c.Line(sc.X-6, y, sc.X+sc.W, y, 2, viz.Ink)
			}
		}
		_, rest = rest.CutTop(8)
		title := s.barTitles.get(i, func() string { return "γ(p) of point " + strconv.Itoa(i) })
		cvBars(c, rest, f, s.st.Y.Data[i*s.width:(i+1)*s.width], cvBarOpts{Title: title, Shape: s.barShape, Lim: 1,
			Ends: peBarEnds, Labels: s.featLabels, Group: gPeBar, Hi: -1})
	}
}

// fitHeight shortens r to at most h.
func fitHeight(r viz.Rect, h float64) viz.Rect {
	r.H = min(r.H, h)
	return r
}

// axisRules separates the x, y and z bands of a strip of 3·L rows.
func (s *posEncView) axisRules(c viz.Canvas, sc viz.Rect, axes, l int) {
	if sc.W == 0 {
		return
	}
	rh := sc.H / float64(axes*l)
	for a := 1; a < axes; a++ {
		y := sc.Y + float64(a*l)*rh
		c.Line(sc.X-6, y, sc.X+sc.W, y, 2, viz.Ink)
	}
}

// drawCube draws the cube [−1, 1]³ in an oblique view, the path through
// it and the current point.
func (s *posEncView) drawCube(c viz.Canvas, r viz.Rect, f *scene.Frame, i int) {
	r = panel(c, r, "the path in [−1, 1]³")
	size := math.Min(r.W, r.H) * 0.36
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	proj := func(x, y, z float64) (float64, float64) {
		return cx + size*(x+0.5*z*math.Cos(math.Pi/6)), cy - size*(y+0.5*z*math.Sin(math.Pi/6))
	}
	for _, e := range [12][2][3]float64{
		{{-1, -1, -1}, {1, -1, -1}}, {{-1, 1, -1}, {1, 1, -1}}, {{-1, -1, 1}, {1, -1, 1}}, {{-1, 1, 1}, {1, 1, 1}},
		{{-1, -1, -1}, {-1, 1, -1}}, {{1, -1, -1}, {1, 1, -1}}, {{-1, -1, 1}, {-1, 1, 1}}, {{1, -1, 1}, {1, 1, 1}},
		{{-1, -1, -1}, {-1, -1, 1}}, {{1, -1, -1}, {1, -1, 1}}, {{-1, 1, -1}, {-1, 1, 1}}, {{1, 1, -1}, {1, 1, 1}},
	} {
		x0, y0 := proj(e[0][0], e[0][1], e[0][2])
		x1, y1 := proj(e[1][0], e[1][1], e[1][2])
		c.Line(x0, y0, x1, y1, 1, viz.Grid)
	}
	for ax, end := range [3][3]float64{{1.25, 0, 0}, {0, 1.25, 0}, {0, 0, 1.4}} {
		x0, y0 := proj(0, 0, 0)
		x1, y1 := proj(end[0], end[1], end[2])
		s.poly.arrow(c, x0, y0, x1, y1, 1.5, viz.InkMuted)
		c.Text(x1+4, y1-2, peAxes[ax], kitLabel, viz.InkMuted, viz.AlignLeft)
	}
	s.pts = s.pts[:0]
	for k := 0; k < peN; k++ {
		x, y, z := pePath(k)
		px, py := proj(float64(x), float64(y), float64(z))
		s.pts = append(s.pts, viz.Point{X: px, Y: py})
	}
	c.Polyline(s.pts, 2, viz.Accent)
	p := s.pts[i]
	c.FillCircle(p.X, p.Y, 6, viz.Bad)
	f.Dot(gPePoint, i, p.X, p.Y, 6)
}

// drawBroadcast shows the current point's coordinates [3, 1] times the
// bands' frequencies [L] giving its angles [3, L].
func (s *posEncView) drawBroadcast(c viz.Canvas, r viz.Rect, f *scene.Frame) {
	cW := math.Min(96, r.W*0.22)
	left, rest := r.CutLeft(cW)
	mid, right := rest.CutLeft(math.Min(rest.W*0.4, 60*float64(s.l)+40))
	_, mid = mid.CutLeft(16)
	_, right = right.CutLeft(16)
	cc := s.hpc.draw(c, left, f, s.pcOpts)
	cvNumbers(c, cc, &s.hpc, s.cNums)
	fc := s.hpf.draw(c, mid, f, s.pfOpts)
	cvNumbers(c, fc, &s.hpf, s.fNums)
	ac := s.hpa.draw(c, right, f, s.paOpts)
	cvNumbers(c, ac, &s.hpa, s.aNums)
	// The broadcast written between the tables: c × f = angles.
	if cc.W > 0 && fc.W > 0 && ac.W > 0 {
		y := fc.Y + fc.H/2 + kitTitle*0.35
		if mid.X-(cc.X+cc.W) > 12 {
			c.Text((cc.X+cc.W+mid.X)/2, y, "×", kitTitle, viz.Ink, viz.AlignCenter)
		}
		if right.X-(fc.X+fc.W) > 12 {
			c.Text((fc.X+fc.W+right.X)/2, y, "=", kitTitle, viz.Ink, viz.AlignCenter)
		}
	}
}

// Readout implements scene.Readouter.
func (s *posEncView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil {
		return nil
	}
	i := s.point(f)
	return s.ro.get(i, func() []scene.KV { return s.readout(i) })
}

// readout is the readout with point i shown.
func (s *posEncView) readout(i int) []scene.KV {
	// Samples per period of the fastest band along x, the fastest axis.
	dx := 2.0 / (peN - 1)
	per := 2 * math.Pi / (float64(s.st.Freqs[s.l-1]) * dx)
	return []scene.KV{
		{Key: "L", Value: strconv.Itoa(s.l)},
		{Key: "features", Value: strconv.Itoa(s.width)},
		{Key: "point", Value: strconv.Itoa(i)},
		{Key: "p", Value: f2(float64(s.coords.Data[3*i])) + ", " + f2(float64(s.coords.Data[3*i+1])) + ", " + f2(float64(s.coords.Data[3*i+2]))},
		{Key: "samples per period, fastest band", Value: f2(per)},
	}
}

// Inspect implements scene.Inspector.
func (s *posEncView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "embed.PositionalEncoding3DTrace (= embed.PositionalEncoding3D)"
	i, p := t.Index, s.point(f)
	l := s.l
	switch t.Group {
	case gPeCoords:
		ax, k := i/peN, i%peN
		return inspectCell(peAxes[ax%3]+" of point "+strconv.Itoa(k), "coords", s.coords.Data, []int{1, peN, 3}, []int{0, k, ax % 3}, "the view's path"), true
	case gPePoint:
		return scene.Inspection{Name: "point " + strconv.Itoa(i), Value: f2(float64(s.coords.Data[3*i])) + ", " + f2(float64(s.coords.Data[3*i+1])) + ", " +
			f2(float64(s.coords.Data[3*i+2])), Tensor: "coords", Index: "[0, " + strconv.Itoa(i) + ", :]", Shape: shapeOf(1, peN, 3), Source: "the view's path"}, true
	case gPeC:
		return inspectCell(peAxes[i%3]+" of point "+strconv.Itoa(p), "coords", s.coords.Data, []int{1, peN, 3}, []int{0, p, i % 3}, "the view's path"), true
	case gPeF:
		return scene.Inspection{Name: "frequency of band " + strconv.Itoa(i%l), Value: fmtNum(float64(s.st.Freqs[i%l])), Tensor: "freqs",
			Index: shapeOf(i % l), Shape: shapeOf(l), Source: src, Detail: "2^" + strconv.Itoa(i%l) + "·π"}, true
	case gPeA:
		return inspectCell("angle", "coords[..., None] * freqs", s.st.Angles.Data, []int{1, peN, 3, l}, []int{0, p, (i / l) % 3, i % l}, src), true
	case gPeSin, gPeCos:
		row, k := i/peN, i%peN
		v, name := s.st.Sin, "sin"
		if t.Group == gPeCos {
			v, name = s.st.Cos, "cos"
		}
		in := inspectCell(name+" of "+s.bandLabels[row%(3*l)]+", point "+strconv.Itoa(k), name, v.Data, []int{1, peN, 3, l}, []int{0, k, (row / l) % 3, row % l}, src)
		return in, true
	case gPeY:
		row, k := i/peN, i%peN
		return inspectCell(s.featLabels[row%s.width]+" of point "+strconv.Itoa(k), "γ(p)", s.st.Y.Data, []int{1, peN, s.width}, []int{0, k, row % s.width}, src), true
	case gPeBar:
		return inspectCell(s.featLabels[i%s.width]+" of point "+strconv.Itoa(p), "γ(p)", s.st.Y.Data, []int{1, peN, s.width}, []int{0, p, i % s.width}, src), true
	}
	return scene.Inspection{}, false
}
