package scenes

import (
	"fmt"
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

// The views of problems 032 (rotational consistency around a loop of
// cameras) and 034 (the 6-D rotation representation), both drawn in 3-D.
// 032's products come from geometry.IsPathClosed and LoopPartials, the
// pitfall's from mistakes.PathReversed and PathReversedPartials; 034's
// vectors from geometry.TraceRotation6D (= RotationFrom6D), the pitfall's
// matrix from mistakes.Rotation6DRows. In a quiz each view draws one
// version only, the one the pitfall selects, named by nothing.

// axisRot is the rotation by deg degrees about axis (Rodrigues): it builds
// the views' inputs.
func axisRot(axis geometry.Vec3, deg float64) geometry.Mat3 {
	k := axis.Normalize()
	th := deg * math.Pi / 180
	c, s, v := math.Cos(th), math.Sin(th), 1-math.Cos(th)
	x, y, z := k[0], k[1], k[2]
	return geometry.Mat3{
		c + x*x*v, x*y*v - z*s, x*z*v + y*s,
		y*x*v + z*s, c + y*y*v, y*z*v - x*s,
		z*x*v - y*s, z*y*v + x*s, c + z*z*v,
	}
}

// The axis colours of a triad: x, y, z.
var triadCols = [3]color.RGBA{{220, 60, 50, 255}, {30, 150, 70, 255}, {40, 100, 230, 255}}

// column returns column j of m.
func matColumn(m geometry.Mat3, j int) geometry.Vec3 { return geometry.Vec3{m[j], m[3+j], m[6+j]} }

// ---- 032: loop closure ----

// Inspection groups of the loop view.
const (
	grpLoopCamera = iota + 1 // a camera of the loop
	grpLoopP                 // the running product P_k
	grpLoopBadP              // the pitfall's running product
	grpLoopEdge              // R_k of the edge being applied
)

type loopView struct {
	n          int
	drift, tol float64
	seed       uint64
	view       float64
	pitfall    bool
	// quiz: draw only the version the pitfall selects, unnamed.
	quiz        bool
	pos         []geometry.Vec3 // camera centres
	abs         []geometry.Mat3 // camera-to-world rotations (columns: the camera's axes)
	rs          []geometry.Mat3 // the edges, read back from the float32 tensor
	rt          *core.Tensor    // [n,3,3]
	partial     []geometry.Mat3 // LoopPartials
	badPartial  []geometry.Mat3 // PathReversedPartials
	closure     geometry.PathClosure
	bad         geometry.PathClosure
	v3          view3
	hp, hbad    heat
	hr          heat
	pvals, bval []float32
	rvals       []float32
	shownP      int // the partial the heats were built for (-1: none)
	tl          scene.Timeline
	// the side's texts, built once per step
	sideStep  int
	sideLines []string
	sideCols  []color.RGBA
	titleR    string
	titleP    string
	titleBad  string
	legendAll []legendItem
	camLabels []string
	lab       labelPlacer
	cells     []viz.Rect
	heats     []int
	kv        []scene.KV
}

func newLoopView() *loopView { return &loopView{shownP: -1} }

func (s *loopView) Info() scene.Info {
	p, _ := problems.Lookup("032")
	return scene.Info{ID: "rotations", Problem: "032", Title: p.Title, Family: "geometry", Statement: p.Statement,
		Formula: `R_\mathrm{total} = R_{n-1} \cdots R_1 R_0,\quad \lVert R_\mathrm{total} - I \rVert_F < \tau,\quad \theta = \arccos\frac{\mathrm{tr}\, R_\mathrm{total} - 1}{2}`,
		LookFor: "The cameras stand on a loop, each turned its own way; R_k is the relative rotation from camera k to camera k+1. " +
			"Chaining them edge by edge carries camera 0's axes around the loop: the solid triad at each camera is the chained " +
			"orientation, the faint one the camera's true one. Back at camera 0 the product should be the identity. With drift " +
			"on one edge the chain comes back turned by the drift angle, and the Frobenius error says whether it is within the " +
			"tolerance. The pitfall multiplies each new rotation on the right: rotations do not commute, so its red triads " +
			"wander off and the loop does not close even without drift."}
}

func (s *loopView) Params() []scene.Param {
	return []scene.Param{
		{Name: "cameras", Label: "cameras n", Kind: scene.Int, Min: 3, Max: 8, Step: 1, Default: 5},
		{Name: "drift", Label: "drift on one edge (°)", Kind: scene.Float, Min: 0, Max: 20, Step: 0.5, Default: 0},
		{Name: "tol", Label: "tolerance τ on |R − I|", Kind: scene.Float, Min: 0.001, Max: 0.5, Step: 0.001, Default: 0.01},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 3},
		{Name: "view", Label: "view angle", Kind: scene.Float, Min: -180, Max: 180, Step: 5, Default: 25},
		scene.PitfallParam(mistakeIDs("032")...),
	}
}

func (s *loopView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Drift of 5° on one edge", Values: scene.Values{"drift": 5}},
		{Name: "Pitfall: order reversed", Values: scene.Values{"pitfall": 1}},
		{Name: "Eight cameras", Values: scene.Values{"cameras": 8, "drift": 2}},
	}
}

func (s *loopView) Reset(v scene.Values) error {
	s.n, s.drift, s.tol, s.seed = int(v["cameras"]), v["drift"], v["tol"], uint64(v["seed"])
	s.view, s.pitfall = v["view"], v["pitfall"] >= 1
	if s.n < 2 || s.n > 64 {
		return fmt.Errorf("rotations: %d cameras, want 2 to 64", s.n)
	}
	rng := rand.New(rand.NewPCG(s.seed, 32))
	// Cameras on a circle, each looking at the middle but tilted its own
	// way, so the relative rotations turn about different axes.
	s.pos, s.abs = s.pos[:0], s.abs[:0]
	for k := range s.n {
		a := 2 * math.Pi * float64(k) / float64(s.n)
		p := geometry.Vec3{2 * math.Cos(a), 0.4 * math.Sin(3*a), 2 * math.Sin(a)}
		look, err := geometry.LookAt(p, geometry.Vec3{0.3 * rng.NormFloat64(), 0.3 * rng.NormFloat64(), 0.3 * rng.NormFloat64()},
			geometry.Vec3{0.4 * rng.NormFloat64(), 1, 0.4 * rng.NormFloat64()})
		if err != nil {
			return err
		}
		s.pos = append(s.pos, p)
		s.abs = append(s.abs, look.Rotation().Transpose())
	}
	// Edge k takes camera k's orientation to camera k+1's: world-to-cam
	// rotations W_k = abs_kᵀ, R_k = W_{k+1} W_kᵀ. Drift tilts edge 1.
	s.rt = core.New(s.n, 3, 3)
	for k := range s.n {
		wNext := s.abs[(k+1)%s.n].Transpose()
		r := wNext.Mul(s.abs[k])
		if k == 1%s.n && s.drift != 0 {
			r = axisRot(geometry.Vec3{0.3, 1, 0.2}, s.drift).Mul(r)
		}
		for j, x := range r {
			s.rt.Data[9*k+j] = float32(x)
		}
	}
	var err error
	if s.closure, err = geometry.IsPathClosed(s.rt, s.tol); err != nil {
		return err
	}
	s.rs = s.rs[:0]
	for k := range s.n {
		m, err := geometry.Mat3FromTensor("is_path_closed", "rotations", &core.Tensor{Shape: []int{3, 3}, Data: s.rt.Data[9*k : 9*k+9]})
		if err != nil {
			return err
		}
		s.rs = append(s.rs, m)
	}
	s.partial = geometry.LoopPartials(s.rs)
	s.badPartial = nil
	if s.pitfall {
		if s.bad, err = mistakes.PathReversed(s.rt, s.tol); err != nil {
			return err
		}
		s.badPartial = mistakes.PathReversedPartials(s.rs)
	}
	s.v3.setAngles(s.view*math.Pi/180, 0.5)
	pts := append([]geometry.Vec3(nil), s.pos...)
	for _, p := range s.pos {
		pts = append(pts, p.Add(geometry.Vec3{0.7, 0.7, 0.7}), p.Sub(geometry.Vec3{0.7, 0.7, 0.7}))
	}
	s.v3.fit(pts, 400, 300, 10)
	s.buildTimeline()
	s.buildReadout()
	s.shownP, s.sideLines = -1, nil
	s.setHeats(0)
	return nil
}

// chain is the running products and the closure the picture is drawn
// from: the right ones, or in a quiz the version under test's.
func (s *loopView) chain() ([]geometry.Mat3, geometry.PathClosure) {
	if s.quiz && s.badPartial != nil {
		return s.badPartial, s.bad
	}
	return s.partial, s.closure
}

// SetQuiz implements scene.Quizzer.
func (s *loopView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *loopView) Explain(variant int) string {
	return quizExplain("032", variant, "The right version puts each new rotation on the left, P_{k+1} = R_k P_k, so R_total = R_{n−1} ⋯ R_1 R_0: the chained axes "+
		"follow the cameras' own and, without drift, come back to camera 0 as the identity.")
}

// buildQuizTimeline is the timeline of a quiz: the chain of the version
// under test, told without the order of its product.
func (s *loopView) buildQuizTimeline() {
	n := s.n
	_, cl := s.chain()
	s.tl = s.tl[:0]
	s.tl = append(s.tl, scene.Step{Stage: "loop", Seconds: 1.2, Shapes: "rotations " + shapeOf(n, 3, 3),
		Caption: strconv.Itoa(n) + " cameras on a loop; $R_k$ turns camera k's orientation into camera k+1's. The chain starts with $P_0 = I$ at camera 0."})
	for k := range n {
		c := "Edge " + strconv.Itoa(k) + ": the chain takes in $R_{" + strconv.Itoa(k) + "}$ and carries the axes to camera " + strconv.Itoa((k+1)%n)
		if k == n-1 {
			c += ", back to the start"
		}
		if s.drift != 0 && k == 1%n {
			c += "; this edge drifts by " + fmtNum(s.drift) + "°"
		}
		s.tl = append(s.tl, scene.Step{Stage: "chain", Seconds: 1.8, Caption: c + ".",
			Shapes: "R_" + strconv.Itoa(k) + " " + shapeOf(3, 3) + " · P " + shapeOf(3, 3) + " → " + shapeOf(3, 3)})
	}
	verdict := "closed"
	if !cl.Closed {
		verdict = "not closed"
	}
	s.tl = append(s.tl, scene.Step{Stage: "closure", Seconds: 3, Shapes: "R_total " + shapeOf(3, 3) + " vs I",
		Caption: "This version's $\\lVert R_\\mathrm{total} - I \\rVert_F$ = " + fmtNum(cl.Error) + " against τ = " + fmtNum(s.tol) + ": " + verdict +
			" (θ = " + fmtNum(cl.AngleDeg) + "°)."})
}

func (s *loopView) buildTimeline() {
	if s.quiz {
		s.buildQuizTimeline()
		return
	}
	n := s.n
	s.tl = s.tl[:0]
	s.tl = append(s.tl, scene.Step{Stage: "loop", Seconds: 1.2, Shapes: "rotations " + shapeOf(n, 3, 3),
		Caption: strconv.Itoa(n) + " cameras on a loop; $R_k$ turns camera k's orientation into camera k+1's. Start with $P_0 = I$ at camera 0."})
	for k := range n {
		next := (k + 1) % n
		c := "Edge " + strconv.Itoa(k) + ": $P_{" + strconv.Itoa(k+1) + "} = R_{" + strconv.Itoa(k) + "} P_{" + strconv.Itoa(k) + "}$ carries the axes to camera " + strconv.Itoa(next)
		if k == n-1 {
			c += ", back to the start"
		}
		if s.drift != 0 && k == 1%n {
			c += "; this edge drifts by " + fmtNum(s.drift) + "°"
		}
		s.tl = append(s.tl, scene.Step{Stage: "chain", Seconds: 1.8, Caption: c + ".",
			Shapes: "R_" + strconv.Itoa(k) + " " + shapeOf(3, 3) + " · P " + shapeOf(3, 3) + " → " + shapeOf(3, 3)})
	}
	verdict := "closed"
	if !s.closure.Closed {
		verdict = "not closed"
	}
	c := "$\\lVert R_\\mathrm{total} - I \\rVert_F$ = " + fmtNum(s.closure.Error) + " against τ = " + fmtNum(s.tol) + ": " + verdict +
		" (θ = " + fmtNum(s.closure.AngleDeg) + "°)."
	if s.pitfall {
		c += " Reversed order: error " + fmtNum(s.bad.Error) + ", θ = " + fmtNum(s.bad.AngleDeg) + "°."
	}
	s.tl = append(s.tl, scene.Step{Stage: "closure", Seconds: 3, Caption: c, Shapes: "R_total " + shapeOf(3, 3) + " vs I"})
}

func (s *loopView) Timeline() scene.Timeline { return s.tl }

// partialAt is the running product shown at step k.
func (s *loopView) partialAt(k int) int {
	if k <= 0 {
		return 0
	}
	return min(k, s.n)
}

// setHeats shows P_k (and the pitfall's) in the heats.
func (s *loopView) setHeats(k int) {
	if s.shownP == k {
		return
	}
	s.shownP = k
	fill := func(dst []float32, m geometry.Mat3) []float32 {
		dst = dst[:0]
		for _, x := range m {
			dst = append(dst, float32(x))
		}
		return dst
	}
	partial, _ := s.chain()
	s.pvals = fill(s.pvals, partial[k])
	s.hp.set(s.pvals, 3, 3, viz.BlueWhiteRed, -1, 1, nil)
	if s.badPartial != nil {
		s.bval = fill(s.bval, s.badPartial[k])
		s.hbad.set(s.bval, 3, 3, viz.BlueWhiteRed, -1, 1, nil)
	}
	e := max(k-1, 0)
	s.rvals = fill(s.rvals, s.rs[min(e, s.n-1)])
	s.hr.set(s.rvals, 3, 3, viz.BlueWhiteRed, -1, 1, nil)
}

// triad draws a rotation's columns as three axes of length l at p.
func (s *loopView) triad(c viz.Canvas, fr viz.Rect, p geometry.Vec3, m geometry.Mat3, l, width float64, fade float64) {
	for j := range 3 {
		s.v3.line(c, fr, p, p.Add(matColumn(m, j).Scale(l)), width, viz.Fade(triadCols[j], fade))
	}
}

func (s *loopView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if len(s.partial) == 0 || len(s.tl) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.tl)-1)
	last := k == len(s.tl)-1
	pk := s.partialAt(k)
	s.setHeats(pk)
	var view, side viz.Rect
	if area.W < 560 {
		view, side = area.CutTop(area.H * 0.5)
		_, side = side.CutTop(8)
	} else {
		side, view = area.CutRight(min(230, area.W*0.34))
		_, side = side.CutLeft(12)
	}
	s.drawLoop(c, view, f, k, pk, last)
	s.drawSide(c, side, f, k, pk, last)
}

// drawLoop draws the cameras, the loop and the chained triads.
func (s *loopView) drawLoop(c viz.Canvas, r viz.Rect, f *scene.Frame, k, pk int, last bool) {
	r = panel(c, r, "the loop in 3-D")
	lh := viz.LineHeight(kitLabel)
	if s.legendAll == nil {
		s.legendAll = []legendItem{{Col: triadCols[0], Label: "x"}, {Col: triadCols[1], Label: "y"}, {Col: triadCols[2], Label: "z (view)"},
			{Col: viz.Grid, Label: "faint: true axes"}, {Col: viz.Bad, Label: "pitfall chain"}}
	}
	items := s.legendAll[:4]
	if s.pitfall && !s.quiz {
		items = s.legendAll
	}
	partial, closure := s.chain()
	lgH := legendHeight(c, r.W, items)
	lr, r := r.CutBottom(lgH + 2)
	fr := aspectRect(r, 400, 300)
	if fr.W < 20 {
		return
	}
	_ = lh
	v := &s.v3
	// The loop's edges, with the current one highlighted.
	for e := range s.n {
		a, b := s.pos[e], s.pos[(e+1)%s.n]
		col, wd := viz.Grid, 1.5
		if !last && k >= 1 && e == k-1 {
			col, wd = viz.Accent, 3
		}
		v.line(c, fr, a, b, wd, col)
	}
	focus := -1
	if i, ok := f.Focused(grpLoopCamera); ok {
		focus = i
	}
	base := s.abs[0]
	for i, p := range s.pos {
		// The camera's true axes, faint, then the chained ones where the
		// chain has reached.
		s.triad(c, fr, p, s.abs[i], 0.7, 1, 0.3)
		x, y := v.at(fr, p)
		col := viz.Ink
		if i == focus {
			col = viz.Accent
		}
		c.FillCircle(x, y, 4.5, col)
		f.Dot(grpLoopCamera, i, x, y, 7)
	}
	// Chained orientation of camera i: P_i applied to camera 0's (as
	// world-to-camera rotations: W_i = P_i W_0, axes = columns of W_iᵀ).
	chained := func(p geometry.Mat3) geometry.Mat3 { return p.Mul(base.Transpose()).Transpose() }
	upto := pk
	for i := 0; i <= upto && i <= s.n; i++ {
		at := s.pos[i%s.n]
		m := chained(partial[i])
		if i == upto && !last && k >= 1 {
			// The triad travels along the edge, turning at its middle.
			from := s.pos[(i-1+s.n)%s.n]
			at = from.Add(at.Sub(from).Scale(f.Frac))
			if f.Frac < 0.5 {
				m = chained(partial[i-1])
			}
		}
		s.triad(c, fr, at, m, 0.7, 2.5, 1)
		if s.badPartial != nil && !s.quiz && i > 0 {
			bm := chained(s.badPartial[i])
			if i == upto && !last && k >= 1 && f.Frac < 0.5 {
				bm = chained(s.badPartial[i-1])
			}
			for j := range 3 {
				v.dashed(c, fr, at, at.Add(matColumn(bm, j).Scale(0.7)), 2, viz.Fade(viz.Bad, 0.85))
			}
		}
	}
	// Camera names, placed so they never collide.
	lab := &s.lab
	lab.reset(fr)
	for _, p := range s.pos {
		x, y := v.at(fr, p)
		lab.block(viz.Rect{X: x - 5, Y: y - 5, W: 10, H: 10})
	}
	if last {
		// The verdict where the loop closes.
		x, y := v.at(fr, s.pos[0])
		col, txt := viz.Good, "back at cam 0: θ = "+fmtNum(closure.AngleDeg)+"°"
		if !closure.Closed {
			col = viz.Bad
		}
		lab.put(c, x, y, txt, kitLabel, col)
		if s.pitfall && !s.quiz {
			lab.put(c, x, y, "reversed: θ = "+fmtNum(s.bad.AngleDeg)+"°", kitLabel, viz.Bad)
		}
	}
	for len(s.camLabels) < s.n {
		s.camLabels = append(s.camLabels, "cam "+strconv.Itoa(len(s.camLabels)))
	}
	for i, p := range s.pos {
		x, y := v.at(fr, p)
		lab.put(c, x, y, s.camLabels[i], kitLabel, viz.Ink)
	}
	legend(c, lr, items)
}

// drawSide shows the running product, the edge being applied and the
// closure numbers.
func (s *loopView) drawSide(c viz.Canvas, r viz.Rect, f *scene.Frame, k, pk int, last bool) {
	lh := viz.LineHeight(kitNum)
	numH := 3*lh + 6
	if s.pitfall && !s.quiz {
		numH += lh
	}
	top, nums := r.CutTop(r.H - numH)
	// The edge's R_k when there is room; on a short side only the running
	// products (R_k answers on hover of the camera).
	withR := top.H >= 150 || top.W >= 3*110+20
	heats := s.heats[:0]
	if withR {
		heats = append(heats, grpLoopEdge)
	}
	heats = append(heats, grpLoopP)
	if s.badPartial != nil && !s.quiz {
		heats = append(heats, grpLoopBadP)
	}
	s.cells = flowInto(s.cells, top, len(heats), 10, 100)
	cells := s.cells
	o := func(title string, group int) heatOpts {
		return heatOpts{Title: title, Shape: shapeOf(3, 3), Group: group, MaxCell: 40, RowLabels: loopAxisLabels, ColLabels: loopAxisLabels}
	}
	if s.sideStep != k || s.sideLines == nil {
		s.sideStep = k
		e := max(k-1, 0)
		s.titleR = "R_" + strconv.Itoa(min(e, s.n-1))
		s.titleP = "P_" + strconv.Itoa(pk)
		s.titleBad = "pitfall P_" + strconv.Itoa(pk)
		partial, closure := s.chain()
		s.sideLines = append(s.sideLines[:0],
			"now: |P − I| = "+fmtNum(frobI(partial[pk])),
			"end: |R − I| = "+fmtNum(closure.Error)+", θ = "+fmtNum(closure.AngleDeg)+"°",
			"tolerance τ = "+fmtNum(s.tol))
		s.sideCols = append(s.sideCols[:0], viz.Ink, viz.InkMuted, viz.InkMuted)
		if last {
			s.sideCols[1] = viz.Good
			if !closure.Closed {
				s.sideCols[1] = viz.Bad
			}
		}
		if s.pitfall && !s.quiz {
			s.sideLines = append(s.sideLines, "pitfall end: |R − I| = "+fmtNum(s.bad.Error)+", θ = "+fmtNum(s.bad.AngleDeg)+"°")
			s.sideCols = append(s.sideCols, viz.Bad)
		}
	}
	s.heats = heats
	for i, g := range heats {
		switch g {
		case grpLoopEdge:
			s.hr.draw(c, cells[i], f, o(s.titleR, grpLoopEdge))
		case grpLoopP:
			s.hp.draw(c, cells[i], f, o(s.titleP, grpLoopP))
		case grpLoopBadP:
			s.hbad.draw(c, cells[i], f, o(s.titleBad, grpLoopBadP))
		}
	}
	viz.MarkPanel(c, nums)
	textLines(c, viz.Rect{X: nums.X, Y: nums.Y + 4, W: nums.W, H: nums.H - 4}, kitNum, s.sideLines, s.sideCols)
}

// loopAxisLabels label the 3×3 heats' rows and columns.
var loopAxisLabels = []string{"0", "1", "2"}

// Axis labels of the 6-D view's tables.
var (
	xyzLabels      = []string{"x", "y", "z"}
	bLabels        = []string{"b1", "b2", "b3"}
	sixdTableShape = "7 × [3]"
)

// frobI is |m − I|_F, for the running product's readout.
func frobI(m geometry.Mat3) float64 {
	return geometry.ComposeLoop([]geometry.Mat3{m}, 0).Error
}

// Readout implements scene.Readouter: the numbers of the last Reset.
func (s *loopView) Readout(f *scene.Frame) []scene.KV {
	if s.quiz {
		return nil // it would name the versions
	}
	return s.kv
}

// buildReadout lists the loop's numbers once per Reset.
func (s *loopView) buildReadout() {
	kv := []scene.KV{
		{Key: "cameras", Value: strconv.Itoa(s.n)},
		{Key: "|R_total − I|_F", Value: fmtNum(s.closure.Error)},
		{Key: "angle θ", Value: fmtNum(s.closure.AngleDeg) + "°"},
		{Key: "closed within τ", Value: strconv.FormatBool(s.closure.Closed)},
	}
	if s.pitfall {
		kv = append(kv, scene.KV{Key: "pitfall |R − I|_F", Value: fmtNum(s.bad.Error)}, scene.KV{Key: "pitfall θ", Value: fmtNum(s.bad.AngleDeg) + "°"})
	}
	s.kv = kv
}

// Inspect implements scene.Inspector.
func (s *loopView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if len(s.partial) == 0 {
		return scene.Inspection{}, false
	}
	k := min(f.Step, len(s.tl)-1)
	pk := s.partialAt(k)
	cell := func(name, tensor string, m geometry.Mat3, src string) (scene.Inspection, bool) {
		if t.Index < 0 || t.Index >= 9 {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: name, Value: fmtNum(m[t.Index]), Tensor: tensor, Index: shapeOf(t.Index/3, t.Index%3),
			Shape: shapeOf(3, 3), Source: src}, true
	}
	switch t.Group {
	case grpLoopCamera:
		i := t.Index
		if i < 0 || i >= s.n {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: "camera " + strconv.Itoa(i), Value: "at " + vecText(s.pos[i]), Tensor: "rotations", Index: shapeOf(i),
			Shape: shapeOf(s.n, 3, 3), Source: "the view's loop; geometry.LoopPartials"}
		partial, _ := s.chain()
		in.Detail = "chained |P_" + strconv.Itoa(i) + " − I| = " + fmtNum(frobI(partial[i])) + "; its edge R_" + strconv.Itoa(i) + " turns " +
			fmtNum(geometry.ComposeLoop([]geometry.Mat3{s.rs[i]}, 0).AngleDeg) + "°"
		if s.quiz {
			in.Source = "the view's loop; the version under test"
		}
		return in, true
	case grpLoopP:
		if s.quiz {
			partial, _ := s.chain()
			return cell("running product P_"+strconv.Itoa(pk), "P", partial[pk], "the version under test")
		}
		return cell("running product P_"+strconv.Itoa(pk), "P", s.partial[pk], "geometry.LoopPartials (last = IsPathClosed's R_total)")
	case grpLoopBadP:
		if s.badPartial != nil {
			return cell("pitfall running product", "P", s.badPartial[pk], "mistakes.PathReversedPartials (last = PathReversed's)")
		}
	case grpLoopEdge:
		e := min(max(k-1, 0), s.n-1)
		return cell("edge rotation R_"+strconv.Itoa(e), "rotations["+strconv.Itoa(e)+"]", s.rs[e], "the view's input, as geometry.IsPathClosed reads it")
	}
	return scene.Inspection{}, false
}

// ---- 034: the 6-D representation ----

// Inspection groups of the 6-D view.
const (
	grpSixVec    = iota + 1 // an arrow tip: the vector's values
	grpSixTable             // the table of vectors
	grpSixR                 // R
	grpSixBadR              // the pitfall's matrix
	grpSixTableT            // the table laid on its side (wide, short areas)
)

type sixdStep int

const (
	sxInputs sixdStep = iota
	sxNorm1
	sxProject
	sxSubtract
	sxNorm2
	sxCross
	sxStack
)

// sixdVecNames name the rows of the table, in the trace's order.
var sixdVecNames = []string{"a1", "a2", "b1", "proj", "a2 − proj", "b2", "b3"}

type sixdView struct {
	angle, len1, len2, turn, view float64
	seed                          uint64
	pitfall                       bool
	// quiz: draw only the version the pitfall selects, unnamed.
	quiz bool
	// colLabels name the columns of the matrix under test in a quiz.
	colLabels     [3]string
	tr            geometry.Rotation6DTrace
	r, bad        *core.Tensor // [1,3,3]
	vecs          [7]geometry.Vec3
	v3            view3
	table, tableT heat
	tvals, tvalsT []float32
	maskT         []bool
	mask          []bool
	tableStep     int
	hr, hbad      heat
	lab           labelPlacer
	tl            scene.Timeline
	draws         []arrowDraw
	cells         []viz.Rect
	kv            []scene.KV
}

func newSixdView() *sixdView {
	return &sixdView{tableStep: -1, colLabels: [3]string{"col 0", "col 1", "col 2"}}
}

func (s *sixdView) Info() scene.Info {
	p, _ := problems.Lookup("034")
	return scene.Info{ID: "rotations", Problem: "034", Title: p.Title, Family: "geometry", Statement: p.Statement,
		Formula: `b_1 = \frac{a_1}{\lVert a_1 \rVert},\quad b_2 = \frac{a_2 - (b_1 \cdot a_2)\, b_1}{\lVert a_2 - (b_1 \cdot a_2)\, b_1 \rVert},\quad b_3 = b_1 \times b_2,\quad R = [\, b_1\ b_2\ b_3 \,]`,
		LookFor: "A network outputs six numbers: two 3-vectors a1 and a2, of any length and angle. Gram-Schmidt turns them into a " +
			"rotation: a1 is normalised to b1; a2's component along b1 (dashed) is removed, leaving the part of a2 at right angles " +
			"to b1, normalised to b2; the cross product gives b3. The table fills in row by row. The b_i are the columns of R, so " +
			"R's first column points along a1. The pitfall stacks them as rows, which gives R transposed: its columns (red, dashed) no longer follow a1."}
}

func (s *sixdView) Params() []scene.Param {
	return []scene.Param{
		{Name: "angle", Label: "angle a1 to a2 (°)", Kind: scene.Float, Min: 10, Max: 170, Step: 5, Default: 55},
		{Name: "len1", Label: "length of a1", Kind: scene.Float, Min: 0.3, Max: 2, Step: 0.1, Default: 1.6},
		{Name: "len2", Label: "length of a2", Kind: scene.Float, Min: 0.3, Max: 2, Step: 0.1, Default: 1.3},
		{Name: "turn", Label: "turn the pair (°)", Kind: scene.Float, Min: -180, Max: 180, Step: 5, Default: 20},
		{Name: "view", Label: "view angle", Kind: scene.Float, Min: -180, Max: 180, Step: 5, Default: 35},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "1: the six numbers as set; any other seed varies the lengths and the angle and tilts the pair"},
		scene.PitfallParam(mistakeIDs("034")...),
	}
}

func (s *sixdView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: rows, not columns", Values: scene.Values{"pitfall": 1}},
		{Name: "Nearly parallel inputs", Values: scene.Values{"angle": 10}},
		{Name: "Short a1, long a2", Values: scene.Values{"len1": 0.4, "len2": 2, "angle": 120}},
	}
}

func (s *sixdView) Reset(v scene.Values) error {
	s.angle, s.len1, s.len2, s.turn, s.view = v["angle"], v["len1"], v["len2"], v["turn"], v["view"]
	s.pitfall = v["pitfall"] >= 1
	s.seed = uint64(max(v["seed"], 0))
	// A seed above 1 varies the six numbers around the settings: each
	// length by up to ±40%, the angle by up to ±30°, and the pair tilted
	// by up to 50°.
	tilt := geometry.Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}
	if s.seed > 1 {
		rng := rand.New(rand.NewPCG(s.seed, 0x6d))
		vary := func(x, by, lo, hi float64) float64 {
			return math.Round(min(max(x+by*(2*rng.Float64()-1), lo), hi)*10) / 10
		}
		s.len1 = vary(s.len1, 0.4*s.len1, 0.3, 2)
		s.len2 = vary(s.len2, 0.4*s.len2, 0.3, 2)
		s.angle = math.Round(min(max(s.angle+30*(2*rng.Float64()-1), 10), 170))
		tilt = axisRot(geometry.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}, 50*rng.Float64())
	}
	// a1 leans up out of the floor; a2 is a1 turned by the angle about an
	// axis tilted off the vertical, so all three b's point somewhere new.
	yaw := tilt.Mul(axisRot(geometry.Vec3{0, 1, 0}, s.turn))
	dir1 := yaw.MulVec(geometry.Vec3{1, 0.35, 0.15}.Normalize())
	axis := yaw.MulVec(geometry.Vec3{0.25, 1, -0.6})
	a1 := dir1.Scale(s.len1)
	a2 := axisRot(axis, s.angle).MulVec(dir1).Scale(s.len2)
	d6 := core.New(1, 6)
	for i := range 3 {
		d6.Data[i], d6.Data[3+i] = float32(a1[i]), float32(a2[i])
	}
	var err error
	if s.r, err = geometry.Rotation6DToMatrix(d6); err != nil {
		return err
	}
	// The trace runs on the float32 inputs the op sees.
	f1 := geometry.Vec3{float64(d6.Data[0]), float64(d6.Data[1]), float64(d6.Data[2])}
	f2v := geometry.Vec3{float64(d6.Data[3]), float64(d6.Data[4]), float64(d6.Data[5])}
	if s.tr, err = geometry.TraceRotation6D(f1, f2v); err != nil {
		return err
	}
	s.bad = nil
	if s.pitfall {
		if s.bad, err = mistakes.Rotation6DRows(d6); err != nil {
			return err
		}
	}
	s.vecs = [7]geometry.Vec3{s.tr.A1, s.tr.A2, s.tr.B1, s.tr.Proj, s.tr.Ortho, s.tr.B2, s.tr.B3}
	s.v3.setAngles(s.view*math.Pi/180, 0.45)
	pts := []geometry.Vec3{{}, {1.1, 0, 0}, {0, 1.1, 0}, {0, 0, 1.1}}
	pts = append(pts, s.vecs[:]...)
	for i := range 16 {
		a := 2 * math.Pi * float64(i) / 16
		pts = append(pts, s.tr.B1.Scale(math.Cos(a)).Add(s.tr.B2.Scale(math.Sin(a))))
	}
	if s.bad != nil || s.quiz {
		// R's rows (the transpose's columns): framed alike in every
		// version of a quiz.
		for j := range 3 {
			pts = append(pts, geometry.Vec3{float64(s.r.Data[3*j]), float64(s.r.Data[3*j+1]), float64(s.r.Data[3*j+2])})
		}
	}
	s.v3.fit(pts, 400, 320, 24)
	s.hr.set(s.r.Data, 3, 3, viz.BlueWhiteRed, -1, 1, nil)
	if s.bad != nil {
		s.hbad.set(s.bad.Data, 3, 3, viz.BlueWhiteRed, -1, 1, nil)
	}
	s.buildTimeline()
	s.buildReadout()
	s.tableStep = -1
	s.setTable(0)
	return nil
}

func (s *sixdView) buildTimeline() {
	tr := s.tr
	s.tl = scene.Timeline{
		{Stage: "inputs", Seconds: 1.2, Shapes: "d6 " + shapeOf(1, 6) + " → a1, a2 " + shapeOf(3),
			Caption: "Six numbers: a1 = " + vecText(tr.A1) + " and a2 = " + vecText(tr.A2) + ", any length, at " + fmtNum(s.angle) + "°."},
		{Stage: "normalise a1", Seconds: 2, Shapes: "a1 " + shapeOf(3) + " → b1 " + shapeOf(3),
			Caption: "$b_1 = a_1/\\lVert a_1 \\rVert$: the same direction, length 1 (it was " + fmtNum(tr.A1.Norm()) + ")."},
		{Stage: "project", Seconds: 2, Shapes: "b1 · a2 → " + shapeOf(1),
			Caption: "a2's component along b1: $(b_1 \\cdot a_2)\\, b_1$, of length " + fmtNum(tr.Along) + " (dashed)."},
		{Stage: "remove", Seconds: 2, Shapes: "a2 − proj → " + shapeOf(3),
			Caption: "Remove it: $a_2 - (b_1 \\cdot a_2) b_1$ = " + vecText(tr.Ortho) + " is at right angles to b1."},
		{Stage: "normalise a2", Seconds: 2, Shapes: shapeOf(3) + " → b2 " + shapeOf(3),
			Caption: "Normalise it: b2 = " + vecText(tr.B2) + "."},
		{Stage: "cross", Seconds: 2, Shapes: "b1 × b2 → b3 " + shapeOf(3),
			Caption: "$b_3 = b_1 \\times b_2$ = " + vecText(tr.B3) + ": the third axis, right-handed."},
	}
	stack := "torch.stack([b1, b2, b3], dim=-1): the b's are R's columns, and R's first column points along a1."
	if s.quiz {
		stack = "This version stacks b1, b2 and b3 into the matrix R; its columns are drawn dashed. Which version is it?"
	} else if s.pitfall {
		stack = "Stacked as rows (dim=-2) the matrix is $R^\\top$: its columns (red, dashed) are R's rows, and its first no longer follows a1."
	}
	s.tl = append(s.tl, scene.Step{Stage: "stack", Seconds: 3, Shapes: "b1, b2, b3 " + shapeOf(3) + " → R " + shapeOf(1, 3, 3), Caption: stack})
}

func (s *sixdView) Timeline() scene.Timeline { return s.tl }

// shownR is the matrix the stack stage draws: the right R, or in a quiz
// the version under test's.
func (s *sixdView) shownR() (*core.Tensor, *heat) {
	if s.quiz && s.bad != nil {
		return s.bad, &s.hbad
	}
	return s.r, &s.hr
}

// SetQuiz implements scene.Quizzer.
func (s *sixdView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *sixdView) Explain(variant int) string {
	return quizExplain("034", variant, "The right version stacks b1, b2, b3 as the columns of R (torch.stack(..., dim=-1)), so R's first column points along a1 "+
		"and R maps the x axis onto b1.")
}

// rowsShown is how many rows of the vector table step k has filled.
var sixdRowsShown = []int{2, 3, 4, 5, 6, 7, 7}

func (s *sixdView) setTable(k int) {
	if s.tableStep == k {
		return
	}
	s.tableStep = k
	s.tvals = s.tvals[:0]
	s.mask = s.mask[:0]
	shown := sixdRowsShown[min(k, len(sixdRowsShown)-1)]
	for i, v := range s.vecs {
		for j := range 3 {
			s.tvals = append(s.tvals, float32(v[j]))
			s.mask = append(s.mask, i >= shown)
		}
	}
	s.table.set(s.tvals, 7, 3, viz.BlueWhiteRed, -2, 2, s.mask)
	s.tvalsT, s.maskT = s.tvalsT[:0], s.maskT[:0]
	for j := range 3 {
		for i := range s.vecs {
			s.tvalsT = append(s.tvalsT, s.tvals[3*i+j])
			s.maskT = append(s.maskT, s.mask[3*i+j])
		}
	}
	s.tableT.set(s.tvalsT, 3, 7, viz.BlueWhiteRed, -2, 2, s.maskT)
}

func (s *sixdView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.r == nil || len(s.tl) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.tl)-1)
	s.setTable(k)
	st := sixdStep(k)
	var view, side viz.Rect
	if area.W < 560 {
		view, side = area.CutTop(area.H * 0.56)
		_, side = side.CutTop(8)
	} else {
		sw := min(250, area.W*0.36)
		if st == sxStack && s.bad != nil {
			sw = min(320, area.W*0.45)
		}
		side, view = area.CutRight(sw)
		_, side = side.CutLeft(12)
	}
	s.draw3D(c, view, f, st)
	if st == sxStack {
		n := 1
		if s.bad != nil && !s.quiz {
			n = 2
		}
		s.cells = flowInto(s.cells, side, n, 10, 110)
		cells := s.cells
		if s.quiz {
			// The matrix under test, its columns numbered, not named.
			_, ht := s.shownR()
			o := heatOpts{Title: "R", Shape: shapeOf(1, 3, 3), Group: grpSixR, MaxCell: 44,
				RowLabels: xyzLabels, ColLabels: loopAxisLabels, ColTitle: "column"}
			ht.draw(c, cells[0], f, o)
			return
		}
		o := heatOpts{Title: "R = [b1 b2 b3]", Shape: shapeOf(1, 3, 3), Group: grpSixR, MaxCell: 44,
			RowLabels: xyzLabels, ColLabels: bLabels, ColTitle: "column"}
		cr := s.hr.draw(c, cells[0], f, o)
		if cr.W > 0 {
			for j := range 3 {
				outlineCol(c, cr, 3, j, triadCols[j])
			}
		}
		if n == 2 {
			o.Title, o.Group, o.ColLabels = "pitfall: rows", grpSixBadR, loopAxisLabels
			s.hbad.draw(c, cells[1], f, o)
		}
		return
	}
	row := sixdRowsShown[min(k, len(sixdRowsShown)-1)] - 1
	if i, ok := f.Focused(grpSixVec); ok {
		row = i
	} else if i, ok := f.Focused(grpSixTable); ok {
		row = i / 3
	} else if i, ok := f.Focused(grpSixTableT); ok {
		row = i % 7
	}
	if side.W > 1.6*side.H {
		// A wide, short area (a phone): one column per vector.
		o := heatOpts{Title: "the vectors", Shape: sixdTableShape, RowLabels: xyzLabels, ColLabels: sixdShort,
			Group: grpSixTableT, MaxCell: 46}
		if cells := s.tableT.draw(c, side, f, o); cells.W > 0 {
			outlineCol(c, cells, 7, row, viz.Accent)
		}
		return
	}
	o := heatOpts{Title: "the vectors", Shape: sixdTableShape, RowLabels: sixdVecNames, ColLabels: xyzLabels,
		Group: grpSixTable, MaxCell: 44}
	if cells := s.table.draw(c, side, f, o); cells.W > 0 {
		outlineRow(c, cells, 7, row, viz.Accent)
	}
}

// sixdShort are the vectors' names in narrow columns.
var sixdShort = []string{"a1", "a2", "b1", "proj", "a2−p", "b2", "b3"}

// arrowDraw is one arrow of the 6-D view's frame.
type arrowDraw struct {
	i     int
	to    geometry.Vec3
	from  geometry.Vec3
	dash  bool
	width float64
}

// sixdCols are the arrows' colours, in the trace's order.
var sixdCols = [7]color.RGBA{
	{90, 94, 106, 255}, {150, 110, 200, 255}, triadCols[0], {150, 150, 150, 255}, {190, 140, 220, 255}, triadCols[1], triadCols[2],
}

// draw3D draws the vectors of the stages reached, each labelled at its tip.
func (s *sixdView) draw3D(c viz.Canvas, r viz.Rect, f *scene.Frame, st sixdStep) {
	r = panel(c, r, "Gram-Schmidt in 3-D")
	fr := aspectRect(r, 400, 320)
	if fr.W < 20 {
		return
	}
	v := &s.v3
	o := geometry.Vec3{}
	// Faint world axes and the unit circle in the plane of a1 and a2.
	for j := range 3 {
		var e geometry.Vec3
		e[j] = 1.1
		v.line(c, fr, o, e, 1, viz.Fade(viz.Grid, 0.8))
	}
	if st >= sxNorm1 {
		prev := s.tr.B1
		for i := 1; i <= 48; i++ {
			a := 2 * math.Pi * float64(i) / 48
			q := s.tr.B1.Scale(math.Cos(a)).Add(s.tr.B2.Scale(math.Sin(a)))
			v.line(c, fr, prev, q, 1, viz.Fade(viz.Grid, 0.9))
			prev = q
		}
	}
	s.lab.reset(fr)
	// Reserve the origin and the arrow tips, so labels avoid them.
	ox, oy := v.at(fr, o)
	s.lab.block(viz.Rect{X: ox - 4, Y: oy - 4, W: 8, H: 8})
	tr := s.tr
	focus := -1
	if i, ok := f.Focused(grpSixVec); ok {
		focus = i
	} else if i, ok := f.Focused(grpSixTable); ok {
		focus = i / 3
	}
	draws := s.draws[:0]
	frac := f.Frac
	lerp := func(a, b geometry.Vec3, t float64) geometry.Vec3 { return a.Add(b.Sub(a).Scale(t)) }
	faded := func(i int) bool {
		// Inputs fade once they have been used up.
		return (i == 0 && st >= sxNorm1) || (i == 1 && st >= sxSubtract) || (i == 3 && st >= sxNorm2) || (i == 4 && st >= sxNorm2)
	}
	draws = append(draws, arrowDraw{i: 0, to: tr.A1, width: 2.5})
	if st == sxNorm1 {
		draws = append(draws, arrowDraw{i: 2, to: lerp(tr.A1, tr.B1, frac), width: 3})
	} else if st > sxNorm1 {
		draws = append(draws, arrowDraw{i: 2, to: tr.B1, width: 3})
	}
	draws = append(draws, arrowDraw{i: 1, to: tr.A2, width: 2.5})
	if st >= sxProject {
		draws = append(draws, arrowDraw{i: 3, to: tr.Proj, dash: true, width: 2})
	}
	if st == sxSubtract {
		draws = append(draws, arrowDraw{i: 4, to: lerp(tr.A2, tr.Ortho, frac), width: 2.5})
	} else if st > sxSubtract {
		draws = append(draws, arrowDraw{i: 4, to: tr.Ortho, width: 2})
	}
	if st == sxNorm2 {
		draws = append(draws, arrowDraw{i: 5, to: lerp(tr.Ortho, tr.B2, frac), width: 3})
	} else if st > sxNorm2 {
		draws = append(draws, arrowDraw{i: 5, to: tr.B2, width: 3})
	}
	if st == sxCross {
		// b3 grows out of the origin, never from nothing, so a paused
		// step still shows it.
		draws = append(draws, arrowDraw{i: 6, to: tr.B3.Scale(0.3 + 0.7*frac), width: 3})
	} else if st > sxCross {
		draws = append(draws, arrowDraw{i: 6, to: tr.B3, width: 3})
	}
	s.draws = draws
	for _, d := range draws {
		col := sixdCols[d.i]
		if faded(d.i) {
			col = viz.Fade(col, 0.35)
		}
		if d.i == focus {
			col = viz.Accent
		}
		if d.dash {
			v.dashed(c, fr, d.from, d.to, d.width, col)
		} else {
			v.arrow(c, fr, d.from, d.to, d.width, col)
		}
		x, y := v.at(fr, d.to)
		s.lab.block(viz.Rect{X: x - 5, Y: y - 5, W: 10, H: 10})
	}
	// The removed component: from a2's tip down to the projection.
	if st >= sxProject {
		v.dashed(c, fr, tr.A2, tr.Proj, 1.5, viz.Fade(sixdCols[3], 0.9))
	}
	// A right-angle mark between b1 and the orthogonal part.
	if st >= sxSubtract {
		u1, u2 := tr.B1.Scale(0.15), tr.Ortho.Normalize().Scale(0.15)
		v.line(c, fr, u1, u1.Add(u2), 1.5, viz.InkMuted)
		v.line(c, fr, u2, u1.Add(u2), 1.5, viz.InkMuted)
	}
	// In a quiz, the columns of the matrix under test, dashed.
	if st == sxStack && s.quiz {
		m, _ := s.shownR()
		for j := range 3 {
			col := geometry.Vec3{float64(m.Data[j]), float64(m.Data[3+j]), float64(m.Data[6+j])}
			v.dashed(c, fr, o, col, 2, viz.Ink)
		}
	}
	// The pitfall's columns: R's rows, dashed red, at the stack stage.
	if st == sxStack && s.bad != nil && !s.quiz {
		for j := range 3 {
			col := geometry.Vec3{float64(s.bad.Data[j]), float64(s.bad.Data[3+j]), float64(s.bad.Data[6+j])}
			v.dashed(c, fr, o, col, 2.5, viz.Bad)
			x, y := v.at(fr, col)
			s.lab.block(viz.Rect{X: x - 5, Y: y - 5, W: 10, H: 10})
		}
	}
	// Labels last, each near its tip where it fits; a label that finds
	// no room is left to the hover.
	for _, d := range draws {
		if faded(d.i) && d.i != focus {
			continue
		}
		x, y := v.at(fr, d.to)
		x0, y0 := v.at(fr, d.from)
		col := sixdCols[d.i]
		if d.i == 3 || d.i == 0 || d.i == 1 {
			col = viz.InkMuted
		}
		s.lab.putBeyond(c, x, y, x-x0, y-y0, sixdVecNames[d.i], kitLabel, col)
		f.Dot(grpSixVec, d.i, x, y, 6)
	}
	if st == sxStack && s.quiz {
		m, _ := s.shownR()
		for j := range 3 {
			col := geometry.Vec3{float64(m.Data[j]), float64(m.Data[3+j]), float64(m.Data[6+j])}
			x, y := v.at(fr, col)
			s.lab.putBeyond(c, x, y, x-ox, y-oy, s.colLabels[j], kitLabel, viz.Ink)
		}
	}
	if st == sxStack && s.bad != nil && !s.quiz {
		for j := range 3 {
			col := geometry.Vec3{float64(s.bad.Data[j]), float64(s.bad.Data[3+j]), float64(s.bad.Data[6+j])}
			x, y := v.at(fr, col)
			s.lab.putBeyond(c, x, y, x-ox, y-oy, "pitfall col "+strconv.Itoa(j), kitLabel, viz.Bad)
		}
	}
}

// Readout implements scene.Readouter: the numbers of the last Reset.
func (s *sixdView) Readout(f *scene.Frame) []scene.KV {
	if s.quiz {
		return nil // it would name the versions
	}
	return s.kv
}

// buildReadout lists the vectors once per Reset.
func (s *sixdView) buildReadout() {
	kv := []scene.KV{
		{Key: "a1", Value: vecText(s.tr.A1)}, {Key: "a2", Value: vecText(s.tr.A2)},
		{Key: "b1", Value: vecText(s.tr.B1)}, {Key: "b2", Value: vecText(s.tr.B2)}, {Key: "b3", Value: vecText(s.tr.B3)},
		{Key: "b1 · a2", Value: fmtNum(s.tr.Along)},
	}
	if s.bad != nil {
		kv = append(kv, scene.KV{Key: "pitfall first column", Value: vecText(geometry.Vec3{float64(s.bad.Data[0]), float64(s.bad.Data[3]), float64(s.bad.Data[6])})})
	}
	s.kv = kv
}

// Inspect implements scene.Inspector.
func (s *sixdView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.r == nil {
		return scene.Inspection{}, false
	}
	const src = "geometry.TraceRotation6D (= RotationFrom6D)"
	switch t.Group {
	case grpSixVec:
		i := t.Index
		if i < 0 || i >= len(s.vecs) {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: sixdVecNames[i], Value: vecText(s.vecs[i]), Tensor: sixdVecNames[i], Index: "[0:3]", Shape: shapeOf(3),
			Source: src, Detail: "length " + fmtNum(s.vecs[i].Norm())}
		if i < 2 {
			in.Source, in.Tensor, in.Index = "the view's input d6", "d6", shapeOf(0, 3*i)+" to "+shapeOf(0, 3*i+2)
		}
		return in, true
	case grpSixTable:
		row, col := t.Index/3, t.Index%3
		if row < 0 || row >= len(s.vecs) {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: sixdVecNames[row] + "." + string("xyz"[col]), Value: fmtNum(s.vecs[row][col]), Tensor: sixdVecNames[row],
			Index: shapeOf(col), Shape: shapeOf(3), Source: src}, true
	case grpSixTableT:
		row, col := t.Index%7, t.Index/7
		if col < 0 || col >= 3 {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: sixdVecNames[row] + "." + string("xyz"[col]), Value: fmtNum(s.vecs[row][col]), Tensor: sixdVecNames[row],
			Index: shapeOf(col), Shape: shapeOf(3), Source: src}, true
	case grpSixR:
		if s.quiz {
			m, _ := s.shownR()
			return inspectCell("matrix element", "R", m.Data, []int{1, 3, 3}, []int{0, t.Index / 3, t.Index % 3}, "the version under test"), true
		}
		return inspectCell("rotation matrix element", "R", s.r.Data, []int{1, 3, 3}, []int{0, t.Index / 3, t.Index % 3}, "geometry.Rotation6DToMatrix"), true
	case grpSixBadR:
		if s.bad != nil {
			return inspectCell("pitfall matrix element (rows stacked)", "R transposed", s.bad.Data, []int{1, 3, 3}, []int{0, t.Index / 3, t.Index % 3}, "mistakes.Rotation6DRows"), true
		}
	}
	return scene.Inspection{}, false
}
