package scenes

import (
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 005 (alpha compositing): one ray from the camera
// through eight samples of a small scene (air, fog, a glass pane, a red
// surface, a wall), composited layer by layer. The transmittance is drawn
// as a beam that thins at every sample, each sample's weight α_i T_i as a
// block, and the pixel as the stack of those blocks. Every number comes
// from geometry.AlphaComposite and geometry.CompositeSteps; the pitfall's
// from mistakes.CompositeUnshifted. In a quiz the view draws one version
// only, the one the pitfall selects, with nothing that names it.

// compLayer is one sample of the ray: what it is, its colour and which
// opacity parameter it takes (or a fixed opacity).
type compLayer struct {
	name  string
	rgb   [3]float32
	param string  // "" for a fixed opacity
	alpha float32 // the fixed opacity
}

var compLayers = []compLayer{
	{name: "air", rgb: [3]float32{0.85, 0.85, 0.85}},
	{name: "fog", rgb: [3]float32{0.55, 0.8, 0.6}, param: "fog"},
	{name: "fog", rgb: [3]float32{0.55, 0.8, 0.6}, param: "fog"},
	{name: "glass", rgb: [3]float32{0.2, 0.45, 0.95}, param: "glass"},
	{name: "air", rgb: [3]float32{0.85, 0.85, 0.85}},
	{name: "red surface", rgb: [3]float32{0.9, 0.15, 0.1}, param: "surface"},
	{name: "wall", rgb: [3]float32{0.95, 0.8, 0.15}, alpha: 1},
	{name: "wall", rgb: [3]float32{0.95, 0.8, 0.15}, alpha: 1},
}

// Inspection groups of the compositing view.
const (
	grpCompSample   = iota + 1 // a sample's slab on the ray
	grpCompTable               // the table of α, T, αT (and the pitfall's rows)
	grpCompBlock               // a sample's block in the pixel's stack
	grpCompBadBlock            // the same in the pitfall's stack
	grpCompPixel               // the composited colour: 0 right, 1 pitfall
)

type compositeView struct {
	fog, glass, surface float64
	seed                uint64
	pitfall             string
	// quiz: draw only the version the pitfall selects, unnamed.
	quiz             bool
	n                int
	colors, alphas   *core.Tensor // [1,N,3], [1,N,1]
	rgb, trans       *core.Tensor // AlphaComposite's [1,3], [1,N,1]
	weights, running *core.Tensor // CompositeSteps' [1,N,1], [1,N,3]
	badRGB, badT     *core.Tensor // the pitfall's, nil without one
	badW, badRun     *core.Tensor
	tl               scene.Timeline
	table            heat
	tableVals        []float32
	tableRows        []string
	tableStep        int // the step the table was built for (-1: none)
	mask             []bool
	beamPts          []viz.Point
	colLabels        []string // the samples' numbers, the table's columns
	kv               []scene.KV
	poly             polyScratch
}

func newCompositeView() *compositeView { return &compositeView{tableStep: -1} }

func (s *compositeView) Info() scene.Info {
	p, _ := problems.Lookup("005")
	return scene.Info{ID: "compositing", Problem: "005", Title: p.Title, Family: "geometry", Statement: p.Statement,
		Formula: `C = \sum_i c_i\, \alpha_i\, T_i,\qquad T_i = \prod_{j<i} (1 - \alpha_j),\quad T_0 = 1`,
		LookFor: "Follow the ray from the camera: the blue band is the transmittance T, the share of light from further on " +
			"that still reaches the camera. It starts at 1 and thins by (1 − α) at every sample. Each sample adds its colour " +
			"weighted by α T, drawn as a block under it and stacked into the pixel at the left; the blocks sum to 1 − T at the end. " +
			"T is torch.cumprod(1 − α) shifted right by one, with T_0 = 1. The pitfall forgets the shift: every sample is " +
			"dimmed by its own opacity too, so the red surface nearly vanishes and the pixel comes out dark."}
}

func (s *compositeView) Params() []scene.Param {
	return []scene.Param{
		{Name: "fog", Label: "fog opacity", Kind: scene.Float, Min: 0, Max: 1, Step: 0.05, Default: 0.2},
		{Name: "glass", Label: "glass opacity", Kind: scene.Float, Min: 0, Max: 1, Step: 0.05, Default: 0.4},
		{Name: "surface", Label: "surface opacity", Kind: scene.Float, Min: 0, Max: 1, Step: 0.05, Default: 0.85},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "1: the opacities as set; any other seed varies each sample's opacity around them"},
		scene.PitfallParam(mistakeIDs("005")...),
	}
}

func (s *compositeView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: unshifted cumprod", Values: scene.Values{"pitfall": 1}},
		{Name: "Clear air: the wall shows", Values: scene.Values{"fog": 0, "glass": 0.1, "surface": 0.3}},
		{Name: "Opaque glass hides all", Values: scene.Values{"glass": 1}},
	}
}

func (s *compositeView) Reset(v scene.Values) error {
	s.fog, s.glass, s.surface, s.seed = v["fog"], v["glass"], v["surface"], uint64(max(v["seed"], 0))
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		ps := s.Params()
		ch := ps[len(ps)-1].Choices
		s.pitfall = ch[min(i, len(ch)-1)]
	}
	s.n = len(compLayers)
	s.colLabels = s.colLabels[:0]
	for i := range s.n {
		s.colLabels = append(s.colLabels, strconv.Itoa(i))
	}
	s.colors, s.alphas = core.New(1, s.n, 3), core.New(1, s.n, 1)
	for i, l := range compLayers {
		copy(s.colors.Data[3*i:3*i+3], l.rgb[:])
		a := l.alpha
		switch l.param {
		case "fog":
			a = float32(s.fog)
		case "glass":
			a = float32(s.glass)
		case "surface":
			a = float32(s.surface)
		}
		s.alphas.Data[i] = a
	}
	s.jitterOpacities()
	var err error
	if s.rgb, s.trans, err = geometry.AlphaComposite(s.colors, s.alphas); err != nil {
		return err
	}
	if s.weights, s.running, err = geometry.CompositeSteps(s.colors, s.alphas, s.trans); err != nil {
		return err
	}
	s.badRGB, s.badT, s.badW, s.badRun = nil, nil, nil, nil
	if s.pitfall == "transmittance-unshifted" {
		if s.badRGB, s.badT, err = mistakes.CompositeUnshifted(s.colors, s.alphas); err != nil {
			return err
		}
		if s.badW, s.badRun, err = geometry.CompositeSteps(s.colors, s.alphas, s.badT); err != nil {
			return err
		}
	}
	s.buildTimeline()
	s.buildReadout()
	s.tableStep = -1
	s.setTable(0)
	return nil
}

// jitterOpacities draws each sample's opacity around its setting from the
// seed (1 leaves them as set): air gets a trace of haze, fog, glass and
// the surface move by up to ±0.2 each, the wall stays opaque.
func (s *compositeView) jitterOpacities() {
	if s.seed <= 1 {
		return
	}
	rng := rand.New(rand.NewPCG(s.seed, 0x0a1fa))
	for i, l := range compLayers {
		a := float64(s.alphas.Data[i])
		switch {
		case l.param == "" && l.alpha == 0:
			a = 0.12 * rng.Float64()
		case l.param != "":
			a += 0.4 * (rng.Float64() - 0.5)
		}
		s.alphas.Data[i] = float32(math.Round(min(max(a, 0), 1)*100) / 100)
	}
}

// shown are the transmittance, weights, running colour and colour the
// picture is drawn from: the right version's, or in a quiz the version
// under test.
func (s *compositeView) shown() (trans, weights, running, rgb *core.Tensor) {
	if s.quiz && s.badT != nil {
		return s.badT, s.badW, s.badRun, s.badRGB
	}
	return s.trans, s.weights, s.running, s.rgb
}

// SetQuiz implements scene.Quizzer.
func (s *compositeView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *compositeView) Explain(variant int) string {
	return quizExplain("005", variant, "The right version shifts the cumulative product: T_i = Π_{j<i} (1 − α_j) with T_0 = 1, so a sample is dimmed only by what lies in front of it, "+
		"and the weights α_i T_i sum to 1 minus the light left at the end.")
}

func (s *compositeView) buildTimeline() {
	if s.quiz {
		s.buildQuizTimeline()
		return
	}
	n := s.n
	s.tl = s.tl[:0]
	shapes := "colors " + shapeOf(1, n, 3) + ", opacities " + shapeOf(1, n, 1)
	s.tl = append(s.tl, scene.Step{Stage: "samples", Seconds: 1.2, Shapes: shapes,
		Caption: "A ray leaves the camera and crosses " + strconv.Itoa(n) + " samples, each with a colour $c_i$ and an opacity $\\alpha_i$."})
	for i := range n {
		t, w := float64(s.trans.Data[i]), float64(s.weights.Data[i])
		cap := "Sample " + strconv.Itoa(i) + " (" + compLayers[i].name + "): $T_{" + strconv.Itoa(i) + "}$ = " + f2(t)
		if i == 0 {
			cap += ", nothing in front of it; "
		} else {
			cap += " = $T_{" + strconv.Itoa(i-1) + "}(1-\\alpha_{" + strconv.Itoa(i-1) + "})$; "
		}
		cap += "it adds $\\alpha_i T_i$ = " + f2(w) + " of its colour."
		s.tl = append(s.tl, scene.Step{Stage: "layer by layer", Seconds: 1.5, Caption: cap,
			Shapes: "T " + shapeOf(1, n, 1) + ", running C " + shapeOf(1, 3)})
	}
	sumW := 0.0
	for i := range n {
		sumW += float64(s.weights.Data[i])
	}
	s.tl = append(s.tl, scene.Step{Stage: "composite", Seconds: 2.5, Shapes: shapes + " → C " + shapeOf(1, 3),
		Caption: "$C = \\sum_i c_i \\alpha_i T_i$ = " + rgbText(s.rgb.Data) + "; the weights sum to " + f2(sumW) +
			". T is cumprod(1 − α) shifted right by one."})
}

// buildQuizTimeline is the timeline of a quiz: the numbers of the version
// under test, and no claim about how its T was made.
func (s *compositeView) buildQuizTimeline() {
	n := s.n
	trans, weights, _, rgb := s.shown()
	s.tl = s.tl[:0]
	shapes := "colors " + shapeOf(1, n, 3) + ", opacities " + shapeOf(1, n, 1)
	s.tl = append(s.tl, scene.Step{Stage: "samples", Seconds: 1.2, Shapes: shapes,
		Caption: "A ray leaves the camera and crosses " + strconv.Itoa(n) + " samples, each with a colour $c_i$ and an opacity $\\alpha_i$."})
	for i := range n {
		cap := "Sample " + strconv.Itoa(i) + " (" + compLayers[i].name + "), $\\alpha_{" + strconv.Itoa(i) + "}$ = " + f2(float64(s.alphas.Data[i])) +
			": this version's $T_{" + strconv.Itoa(i) + "}$ = " + f2(float64(trans.Data[i])) + ", so it adds $\\alpha_i T_i$ = " + f2(float64(weights.Data[i])) + " of its colour."
		s.tl = append(s.tl, scene.Step{Stage: "layer by layer", Seconds: 1.5, Caption: cap,
			Shapes: "T " + shapeOf(1, n, 1) + ", running C " + shapeOf(1, 3)})
	}
	sumW := 0.0
	for i := range n {
		sumW += float64(weights.Data[i])
	}
	s.tl = append(s.tl, scene.Step{Stage: "composite", Seconds: 2.5, Shapes: shapes + " → C " + shapeOf(1, 3),
		Caption: "$C = \\sum_i c_i \\alpha_i T_i$ = " + rgbText(rgb.Data) + "; the weights sum to " + f2(sumW) + ". Which version made it?"})
}

func (s *compositeView) Timeline() scene.Timeline { return s.tl }

// rgbText formats a colour "(0.42, 0.31, 0.20)".
func rgbText(c []float32) string {
	return "(" + f2(float64(c[0])) + ", " + f2(float64(c[1])) + ", " + f2(float64(c[2])) + ")"
}

// rgbShow shows a colour in [0, 1]³ as is: the composite is over black,
// the formula's convention (the light left at the end is not added).
func rgbShow(c []float32) color.RGBA {
	q := func(v float32) uint8 { return uint8(math.Round(math.Min(math.Max(float64(v), 0), 1) * 255)) }
	return color.RGBA{q(c[0]), q(c[1]), q(c[2]), 255}
}

// layerOf is the sample being composited at step k (-1 before the first,
// n after the last).
func (s *compositeView) layerOf(k int) int {
	if k <= 0 {
		return -1
	}
	return min(k-1, s.n)
}

// setTable fills the table for step k: samples not reached yet are grey,
// so the cumprod fills in left to right.
func (s *compositeView) setTable(k int) {
	if s.tableStep == k {
		return
	}
	s.tableStep = k
	n := s.n
	s.tableRows = append(s.tableRows[:0], "α", "1 − α", "T", "α T")
	s.tableVals = s.tableVals[:0]
	for i := range n {
		s.tableVals = append(s.tableVals, s.alphas.Data[i])
	}
	for i := range n {
		s.tableVals = append(s.tableVals, 1-s.alphas.Data[i])
	}
	trans, weights, _, _ := s.shown()
	s.tableVals = append(s.tableVals, trans.Data[:n]...)
	s.tableVals = append(s.tableVals, weights.Data[:n]...)
	if s.badT != nil && !s.quiz {
		s.tableRows = append(s.tableRows, "T pitfall", "α T pitfall")
		s.tableVals = append(s.tableVals, s.badT.Data[:n]...)
		s.tableVals = append(s.tableVals, s.badW.Data[:n]...)
	}
	rows := len(s.tableRows)
	s.mask = s.mask[:0]
	upto := s.layerOf(k)
	if k == len(s.tl)-1 {
		upto = n
	}
	for r := range rows {
		for i := range n {
			// α and 1 − α are inputs, shown from the start.
			s.mask = append(s.mask, r >= 2 && i > upto)
		}
	}
	s.table.set(s.tableVals, rows, n, viz.Viridis, 0, 1, s.mask)
}

func (s *compositeView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.trans == nil || len(s.tl) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.tl)-1)
	s.setTable(k)
	top, bottom := area.CutTop(area.H * 0.52)
	s.drawRay(c, top.Inset(2), f, k)
	o := heatOpts{Title: "the cumprod, sample by sample", Shape: "T " + shapeOf(1, s.n, 1), RowLabels: s.tableRows,
		ColLabels: s.colLabels, ColTitle: "sample i", Group: grpCompTable, MaxCell: 44}
	_, bottom = bottom.CutTop(6)
	cells := s.table.draw(c, bottom, f, o)
	if cells.W > 0 {
		col := -1
		if i, ok := f.Focused(grpCompSample); ok {
			col = i
		} else if i, ok := f.Focused(grpCompTable); ok {
			col = i % s.n
		} else if l := s.layerOf(k); l >= 0 && l < s.n {
			col = l
		}
		if col >= 0 {
			outlineCol(c, cells, s.n, col, viz.Accent)
		}
	}
}

// drawRay draws the camera, the samples as slabs along the ray, the beam
// of transmittance and each sample's block, and the pixel's stacks.
func (s *compositeView) drawRay(c viz.Canvas, r viz.Rect, f *scene.Frame, k int) {
	// beside: the pitfall's beam, blocks and stack drawn beside the right
	// ones (never in a quiz, which draws the version under test alone).
	trans, weights, running, _ := s.shown()
	beside := s.badT != nil && !s.quiz
	title := "one ray, front to back"
	if beside {
		title = "one ray: right (blue) and pitfall (red)"
	}
	r = panel(c, r, title)
	n := s.n
	lh := viz.LineHeight(kitLabel)
	stacks := 1
	if beside {
		stacks = 2
	}
	stackW := 26.0
	left := stackW*float64(stacks) + 10*float64(stacks) + 22 // the pixel's stacks and the camera
	if r.W < left+float64(n)*24 || r.H < 4*lh+30 {
		return
	}
	// Rows: slab labels, the slabs with the beam through them, the
	// blocks, the axis label.
	labelY := r.Y + kitLabel
	bandTop := r.Y + lh + 4
	bandH := (r.H - 2*lh - 10) * 0.55
	blockTop := bandTop + bandH + 6
	blockH := r.H - (blockTop - r.Y) - lh - 2
	mid := bandTop + bandH/2
	x0 := r.X + left
	sw := (r.X + r.W - x0) / float64(n)
	slabW := min(sw*0.42, 22)
	layer := s.layerOf(k)
	last := k == len(s.tl)-1
	done := func(i int) bool { return last || i < layer }
	reach := -1.0 // how far along the beam is drawn, in samples
	switch {
	case k == 0:
		reach = -0.5 + f.Frac*0.5
	case last:
		reach = float64(n)
	default:
		reach = float64(layer) + f.Frac
	}
	if k == 0 {
		// The ray itself grows out from the camera during the first step.
		xe := x0 + f.Frac*(r.X+r.W-x0)
		c.Line(x0-16, mid, xe, mid, 1, viz.InkMuted)
	} else {
		c.Line(x0-16, mid, r.X+r.W, mid, 1, viz.InkMuted)
	}
	// The camera: a small wedge looking right.
	cx := x0 - 18
	c.FillPolygon(s.poly.tri(viz.Point{X: cx, Y: mid}, viz.Point{X: cx - 12, Y: mid - 8}, viz.Point{X: cx - 12, Y: mid + 8}), viz.Ink)
	// The beams: the band's height is the transmittance along the ray.
	// Right: T_i up to sample i, T_{i+1} behind it. The pitfall's T_i
	// already holds (1 − α_i), so its band is thinned before the sample.
	xEnd := x0 - 16 + (reach+0.5)/(float64(n)+0.5)*(r.X+r.W-(x0-16))
	if k > 0 && !last {
		xEnd = x0 + (reach-0.5)*sw + sw/2
	}
	if last {
		xEnd = r.X + r.W
	}
	profile := func(trans []float32, bad bool) []viz.Point {
		s.beamPts = s.beamPts[:0]
		add := func(x, t float64) {
			if x > xEnd {
				x = xEnd
			}
			s.beamPts = append(s.beamPts, viz.Point{X: x, Y: t})
		}
		xa := x0 - 16
		for i := 0; i < n && xa < xEnd; i++ {
			xs := x0 + float64(i)*sw
			t := float64(trans[i])
			if bad {
				add(xa, t)
				add(xs+sw/2, t)
			} else if s.quiz {
				// As computed: T_i up to the sample, T_{i+1} after it.
				next := t * float64(1-s.alphas.Data[i])
				if i+1 < n {
					next = float64(trans[i+1])
				}
				add(xa, t)
				add(xs, t)
				add(xs, next)
				add(xs+sw/2, next)
			} else {
				add(xa, t)
				add(xs, t)
				add(xs, t*float64(1-s.alphas.Data[i]))
				add(xs+sw/2, t*float64(1-s.alphas.Data[i]))
			}
			xa = xs + sw/2
		}
		return s.beamPts
	}
	pts := profile(trans.Data, false)
	for i := 1; i < len(pts); i++ {
		if pts[i].X > pts[i-1].X {
			th := pts[i].Y * bandH
			c.FillRect(pts[i-1].X, mid-th/2, pts[i].X-pts[i-1].X, th, viz.Fade(viz.Accent, 0.28))
		}
	}
	if beside {
		pts = profile(s.badT.Data, true)
		for i := 1; i < len(pts); i++ {
			th := pts[i].Y * bandH
			if pts[i].X > pts[i-1].X {
				c.Line(pts[i-1].X, mid-th/2, pts[i].X, mid-th/2, 2, viz.Bad)
				c.Line(pts[i-1].X, mid+th/2, pts[i].X, mid+th/2, 2, viz.Bad)
			}
			if i+1 < len(pts) && pts[i+1].Y != pts[i].Y {
				nh := pts[i+1].Y * bandH
				c.Line(pts[i].X, mid-th/2, pts[i].X, mid-nh/2, 2, viz.Bad)
				c.Line(pts[i].X, mid+th/2, pts[i].X, mid+nh/2, 2, viz.Bad)
			}
		}
	}
	focus := -1
	if i, ok := f.Focused(grpCompSample); ok {
		focus = i
	} else if i, ok := f.Focused(grpCompTable); ok {
		focus = i % n
	} else if i, ok := f.Focused(grpCompBlock); ok {
		focus = i
	} else if i, ok := f.Focused(grpCompBadBlock); ok {
		focus = i
	}
	for i := range n {
		xs := x0 + float64(i)*sw
		a := float64(s.alphas.Data[i])
		col := rgbShow(s.colors.Data[3*i : 3*i+3])
		slab := viz.Rect{X: xs - slabW/2, Y: bandTop, W: slabW, H: bandH}
		c.FillRect(slab.X, slab.Y, slab.W, slab.H, viz.Mix(viz.Paper, col, 0.15+0.85*a))
		stroke, sw2 := viz.Grid, 1.0
		if i == layer && !last || i == focus {
			stroke, sw2 = viz.Accent, 2.5
		}
		c.StrokeRect(slab.X, slab.Y, slab.W, slab.H, sw2, stroke)
		f.Box(grpCompSample, i, slab)
		c.Text(xs, labelY, strconv.Itoa(i), kitLabel, viz.InkMuted, viz.AlignCenter)
		// Its weight as a block under it: right filled, pitfall outlined.
		if done(i) || i == layer {
			grow := 1.0
			if i == layer && !last {
				grow = f.Frac
			}
			bh := float64(weights.Data[i]) * blockH * grow
			bx := xs - slabW/2
			if beside {
				bx = xs - slabW/2 - 2
			}
			c.FillRect(bx, blockTop+blockH-bh, slabW/2+2, bh, col)
			if beside {
				bb := float64(s.badW.Data[i]) * blockH * grow
				c.StrokeRect(xs+1, blockTop+blockH-bb, slabW/2, bb, 1.5, viz.Bad)
			}
		}
	}
	c.Line(x0-sw/2, blockTop+blockH, r.X+r.W, blockTop+blockH, 1, viz.Grid)
	// The pixel: its colour so far on top, and under it the stack of the
	// weights, which fills up to Σ α T.
	stack := func(j int, w, run *core.Tensor, group int, edge color.RGBA) {
		sx := r.X + float64(j)*(stackW+10)
		sq := viz.Rect{X: sx, Y: bandTop, W: stackW, H: 22}
		base := blockTop + blockH
		total := base - (sq.Y + sq.H + 6)
		upto := layer
		if last {
			upto = n - 1
		}
		acc := 0.0
		for i := 0; i <= upto && i < n; i++ {
			grow := 1.0
			if i == layer && !last {
				grow = f.Frac
			}
			bh := float64(w.Data[i]) * total * grow
			acc += bh
			blk := viz.Rect{X: sx, Y: base - acc, W: stackW, H: bh}
			c.FillRect(blk.X, blk.Y, blk.W, blk.H, rgbShow(s.colors.Data[3*i:3*i+3]))
			if i == focus {
				c.StrokeRect(blk.X, blk.Y, blk.W, blk.H, 2, viz.Accent)
			}
			f.Box(group, i, blk)
		}
		c.StrokeRect(sx, base-total, stackW, total, 1, edge)
		col := viz.Black
		if shown := upto; shown >= 0 {
			if shown == layer && !last && f.Frac < 0.5 {
				shown-- // the sample's colour joins when its block has grown
			}
			if shown >= 0 {
				col = rgbShow(run.Data[3*min(shown, n-1) : 3*min(shown, n-1)+3])
			}
		}
		c.FillRect(sq.X, sq.Y, sq.W, sq.H, col)
		c.StrokeRect(sq.X, sq.Y, sq.W, sq.H, 1.5, edge)
		f.Box(grpCompPixel, j, sq)
	}
	stack(0, weights, running, grpCompBlock, viz.Accent)
	if beside {
		stack(1, s.badW, s.badRun, grpCompBadBlock, viz.Bad)
	}
	c.Text(r.X, labelY, "C", kitLabel, viz.Ink, viz.AlignLeft)
	if beside {
		c.Text(r.X+stackW+10, labelY, "C'", kitLabel, viz.Bad, viz.AlignLeft)
	}
	tx := max(x0-sw/2, r.X+float64(stacks)*(stackW+10)+4)
	c.Text(tx, r.Y+r.H-2, viz.Ellipsize(c, "weight α T of each sample", kitLabel, r.X+r.W-tx), kitLabel, viz.InkMuted, viz.AlignLeft)
}

// Readout implements scene.Readouter: the numbers of the last Reset.
func (s *compositeView) Readout(f *scene.Frame) []scene.KV {
	if s.quiz {
		return nil // the numbers would tell the versions apart
	}
	return s.kv
}

// buildReadout lists the ray's numbers once per Reset.
func (s *compositeView) buildReadout() {
	n := s.n
	kv := []scene.KV{
		{Key: "opacities α", Value: floatList(s.alphas.Data[:n])},
		{Key: "transmittance T", Value: floatList(s.trans.Data[:n])},
		{Key: "weights α T", Value: floatList(s.weights.Data[:n])},
		{Key: "colour C", Value: rgbText(s.rgb.Data)},
	}
	if s.badT != nil {
		kv = append(kv, scene.KV{Key: "pitfall T", Value: floatList(s.badT.Data[:n])},
			scene.KV{Key: "pitfall colour C'", Value: rgbText(s.badRGB.Data)})
	}
	s.kv = kv
}

// Inspect implements scene.Inspector.
func (s *compositeView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.trans == nil {
		return scene.Inspection{}, false
	}
	n := s.n
	if s.quiz {
		return s.inspectQuiz(t)
	}
	const src = "geometry.AlphaComposite"
	switch t.Group {
	case grpCompSample:
		return s.inspectSample(t.Index, s.trans, s.weights, " (geometry.AlphaComposite)")
	case grpCompTable:
		row, i := t.Index/n, t.Index%n
		if row < 0 || row >= len(s.tableRows) {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: s.tableRows[row] + " of sample " + strconv.Itoa(i), Value: fmtNum(float64(s.tableVals[t.Index])),
			Index: shapeOf(0, i, 0), Shape: shapeOf(1, n, 1), Source: src}
		switch row {
		case 0, 1:
			in.Tensor, in.Source = "opacities", "the view's input"
		case 2:
			in.Tensor, in.Detail = "T", "T_i = Π_{j<i} (1 − α_j): cumprod shifted by one"
		case 3:
			in.Tensor, in.Source = "α T", "geometry.CompositeSteps (= AlphaComposite's weights)"
		case 4:
			in.Tensor, in.Source, in.Detail = "T (pitfall)", "mistakes.CompositeUnshifted", "Π_{j≤i}: includes the sample's own (1 − α_i)"
		case 5:
			in.Tensor, in.Source = "α T (pitfall)", "geometry.CompositeSteps on mistakes.CompositeUnshifted's T"
		}
		return in, true
	case grpCompBlock, grpCompBadBlock:
		i := t.Index
		if i < 0 || i >= n {
			return scene.Inspection{}, false
		}
		w, src := s.weights, "geometry.CompositeSteps"
		name := "share of sample " + strconv.Itoa(i) + " in the pixel"
		if t.Group == grpCompBadBlock {
			if s.badW == nil {
				return scene.Inspection{}, false
			}
			w, src, name = s.badW, "mistakes.CompositeUnshifted", "pitfall: "+name
		}
		return scene.Inspection{Name: name, Value: f3(float64(w.Data[i])), Tensor: "α T", Index: shapeOf(0, i, 0),
			Shape: shapeOf(1, n, 1), Source: src, Detail: compLayers[i].name}, true
	case grpCompPixel:
		if t.Index == 1 && s.badRGB != nil {
			return scene.Inspection{Name: "pitfall colour C'", Value: rgbText(s.badRGB.Data), Tensor: "C", Index: "[0]",
				Shape: shapeOf(1, 3), Source: "mistakes.CompositeUnshifted"}, true
		}
		return scene.Inspection{Name: "composited colour C", Value: rgbText(s.rgb.Data), Tensor: "C", Index: "[0]",
			Shape: shapeOf(1, 3), Source: src, Detail: "the swatch shows the running colour up to the current sample"}, true
	}
	return scene.Inspection{}, false
}

// inspectSample is the Inspection of input sample i with its T and
// weight from trans and weights (detail is added to them).
func (s *compositeView) inspectSample(i int, trans, weights *core.Tensor, detail string) (scene.Inspection, bool) {
	n := s.n
	if i < 0 || i >= n {
		return scene.Inspection{}, false
	}
	return scene.Inspection{Name: "sample " + strconv.Itoa(i) + ": " + compLayers[i].name,
		Value:  "c = " + rgbText(s.colors.Data[3*i:3*i+3]) + ", α = " + f2(float64(s.alphas.Data[i])),
		Tensor: "colors, opacities", Index: shapeOf(0, i), Shape: shapeOf(1, n, 3), Source: "the view's input (compositing layers)",
		Detail: "T = " + f3(float64(trans.Data[i])) + ", weight α T = " + f3(float64(weights.Data[i])) + detail}, true
}

// inspectQuiz answers hovers in a quiz: the version under test's numbers,
// with no source or formula that tells which version it is.
func (s *compositeView) inspectQuiz(t scene.Target) (scene.Inspection, bool) {
	n := s.n
	trans, weights, _, rgb := s.shown()
	const src = "the version under test"
	switch t.Group {
	case grpCompSample:
		return s.inspectSample(t.Index, trans, weights, "")
	case grpCompTable:
		row, i := t.Index/n, t.Index%n
		if row < 0 || row >= len(s.tableRows) || t.Index >= len(s.tableVals) {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: s.tableRows[row] + " of sample " + strconv.Itoa(i), Value: fmtNum(float64(s.tableVals[t.Index])),
			Tensor: s.tableRows[row], Index: shapeOf(0, i, 0), Shape: shapeOf(1, n, 1), Source: src}
		if row < 2 {
			in.Tensor, in.Source = "opacities", "the view's input"
		}
		return in, true
	case grpCompBlock:
		i := t.Index
		if i < 0 || i >= n {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "share of sample " + strconv.Itoa(i) + " in the pixel", Value: f3(float64(weights.Data[i])), Tensor: "α T",
			Index: shapeOf(0, i, 0), Shape: shapeOf(1, n, 1), Source: src, Detail: compLayers[i].name}, true
	case grpCompPixel:
		return scene.Inspection{Name: "composited colour C", Value: rgbText(rgb.Data), Tensor: "C", Index: "[0]",
			Shape: shapeOf(1, 3), Source: src, Detail: "the swatch shows the running colour up to the current sample"}, true
	}
	return scene.Inspection{}, false
}
