package scenes

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/viz"
)

// Problems 032 (rotational consistency of a loop) and 034 (the 6D rotation
// representation). The loop's products and errors are core/geometry's
// ComposeLoop; the pitfall (wrong multiplication order) is ComposeLoop over
// the reversed loop, i.e. R_0 R_1 ··· instead of ··· R_1 R_0. The 6D matrix is
// Rotation6DToMatrix; its pitfall (stacking b_i as rows) is that matrix
// transposed.

// axisAngle is the rotation by deg degrees about axis (Rodrigues), used to
// build the scene's inputs.
func axisAngle(axis geometry.Vec3, deg float64) geometry.Mat3 {
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

type rotationScene struct {
	kv             []KV // cached readout, nil when stale
	k              int
	drift, tol     float64
	seed           uint64
	a2Angle, a2Len float64
	yaw            float64
	pitOrder       bool
	pitRows        bool

	rs          []geometry.Mat3 // the loop's relative rotations
	partial     []geometry.Mat3 // R_i ··· R_0 after each step, from core
	closure     geometry.PathClosure
	wrong       geometry.PathClosure // reversed order
	a1, a2      geometry.Vec3
	r6          geometry.Mat3 // core's Rotation6DToMatrix
	err         error
	loopText    []string
	frameLabels []string
	matText     [2][3]string
}

func (s *rotationScene) Info() Info {
	return Info{
		ID: "rotations", Title: "Rotations: loop closure and the 6D representation", Family: "geometry",
		Problems: []string{"032", "034"},
		Statement: "Chain the relative rotations around a loop of cameras and check that the product is the identity; and " +
			"turn a network's 6 numbers into a rotation by Gram-Schmidt on two 3-vectors.",
		Formula: "Loop: R_total = R_{n−1} ··· R_1 R_0, error |R_total − I|_F = 2√2·sin(θ/2), θ = acos((tr R − 1)/2).  " +
			"6D: b1 = a1/|a1|, b2 = normalise(a2 − (b1·a2) b1), b3 = b1 × b2, R = [b1 b2 b3] as columns.",
		LookFor: "With no drift the frame returns to where it started (error 0). Multiplying in the wrong order does not: " +
			"rotations do not commute. In 6D, the first column of R points along a1 and the second lies in the plane of " +
			"a1 and a2; stacking rows (pitfall) gives R^T, whose first column does not follow a1.",
	}
}

func (s *rotationScene) Params() []Param {
	return []Param{
		{Name: "cameras", Label: "Cameras in the loop", Kind: Int, Min: 3, Max: 8, Step: 1, Default: 5},
		{Name: "drift", Label: "Drift on one edge (°)", Kind: Float, Min: 0, Max: 30, Step: 0.5, Default: 0},
		{Name: "tol", Label: "Tolerance on |R − I|_F", Kind: Float, Min: 0.001, Max: 0.5, Step: 0.001, Default: 0.01},
		{Name: "seed", Label: "Loop seed", Kind: Int, Min: 0, Max: 99, Step: 1, Default: 3},
		{Name: "a2_angle", Label: "6D: angle a1 to a2 (°)", Kind: Float, Min: 5, Max: 175, Step: 1, Default: 70},
		{Name: "a2_len", Label: "6D: |a2|", Kind: Float, Min: 0.2, Max: 3, Step: 0.1, Default: 1.5},
		{Name: "yaw", Label: "6D: turn the pair (°)", Kind: Float, Min: -180, Max: 180, Step: 1, Default: 30},
		{Name: "pitfall_order", Label: "Pitfall: multiply in the wrong order", Kind: Bool, Default: 0},
		{Name: "pitfall_rows", Label: "Pitfall: stack b_i as rows", Kind: Bool, Default: 0},
	}
}

// rotationPresets are built once: the shell asks for them every frame.
var rotationPresets = []Preset{
	{Name: "Drifting loop", Values: Values{"drift": 5}},
	{Name: "Both pitfalls", Values: Values{"pitfall_order": 1, "pitfall_rows": 1}},
}

func (s *rotationScene) Presets() []Preset { return rotationPresets }

func (s *rotationScene) Reset(v Values) error {
	s.kv = nil
	s.k, s.drift, s.tol, s.seed = int(v["cameras"]), v["drift"], v["tol"], uint64(v["seed"])
	s.a2Angle, s.a2Len, s.yaw = v["a2_angle"], v["a2_len"], v["yaw"]
	s.pitOrder, s.pitRows = v["pitfall_order"] != 0, v["pitfall_rows"] != 0
	if s.k < 2 || s.k > 64 || !(s.tol >= 0) {
		s.err = fmt.Errorf("rotations scene: cameras=%d tol=%v out of range", s.k, s.tol)
		return s.err
	}
	s.err = s.compute()
	return s.err
}

func (s *rotationScene) compute() error {
	rng := rand.New(rand.NewPCG(s.seed, 32))
	s.rs = s.rs[:0]
	for i := 0; i < s.k-1; i++ {
		axis := geometry.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		s.rs = append(s.rs, axisAngle(axis, 30+60*rng.Float64()))
	}
	// The last edge closes the loop: the inverse (transpose) of the product
	// so far, as core composes it; drift then tilts one edge.
	open := geometry.ComposeLoop(s.rs, 0)
	s.rs = append(s.rs, open.Total.Transpose())
	if s.drift != 0 {
		s.rs[0] = axisAngle(geometry.Vec3{0.3, 1, 0.2}, s.drift).Mul(s.rs[0])
	}
	t := core.New(s.k, 3, 3)
	for i, r := range s.rs {
		for j, x := range r {
			t.Data[9*i+j] = float32(x)
		}
	}
	var err error
	if s.closure, err = geometry.IsPathClosed(t, s.tol); err != nil {
		return err
	}
	rev := make([]geometry.Mat3, s.k)
	for i, r := range s.rs {
		rev[s.k-1-i] = r
	}
	s.wrong = geometry.ComposeLoop(rev, s.tol)
	s.partial = s.partial[:0]
	s.frameLabels = append(s.frameLabels[:0], "start")
	for i := 0; i < s.k; i++ {
		s.frameLabels = append(s.frameLabels, "after R_"+itoa(i))
	}
	seq := s.rs
	if s.pitOrder {
		seq = rev
	}
	for i := 0; i <= s.k; i++ {
		s.partial = append(s.partial, geometry.ComposeLoop(seq[:i], s.tol).Total)
	}
	// 6D input: a1 along a yawed x axis, a2 at the chosen angle in a tilted plane.
	yaw := axisAngle(geometry.Vec3{0, 0, 1}, s.yaw)
	th := s.a2Angle * math.Pi / 180
	s.a1 = yaw.MulVec(geometry.Vec3{1.2, 0, 0.3})
	s.a2 = yaw.MulVec(geometry.Vec3{s.a2Len * math.Cos(th), s.a2Len * math.Sin(th) * 0.8, s.a2Len * math.Sin(th) * 0.6})
	d6 := core.New(1, 6)
	for i := 0; i < 3; i++ {
		d6.Data[i], d6.Data[3+i] = float32(s.a1[i]), float32(s.a2[i])
	}
	m, err := geometry.Rotation6DToMatrix(d6)
	if err != nil {
		return err
	}
	for i := range s.r6 {
		s.r6[i] = float64(m.Data[i])
	}
	c := s.closure
	s.loopText = []string{
		"core: |R_total − I|_F = " + f3(c.Error) + ", angle " + f2(c.AngleDeg) + "°, closed (tol " + f3(s.tol) + "): " + yesNo(c.Closed),
		"2√2·sin(θ/2) = " + f3(2*math.Sqrt2*math.Sin(c.AngleDeg*math.Pi/360)) + " (Frobenius and angle agree)",
	}
	if s.pitOrder {
		s.loopText = append(s.loopText, "wrong order R_0 R_1 ···: error "+f3(s.wrong.Error)+", angle "+f2(s.wrong.AngleDeg)+"°, closed: "+yesNo(s.wrong.Closed))
	}
	for k, r := range [2]geometry.Mat3{s.r6, s.r6.Transpose()} {
		for i := 0; i < 3; i++ {
			s.matText[k][i] = "[" + fmtSigned(r[3*i]) + " " + fmtSigned(r[3*i+1]) + " " + fmtSigned(r[3*i+2]) + "]"
		}
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func fmtSigned(v float64) string {
	if v >= 0 {
		return "+" + f3(v)
	}
	return f3(v)
}

func (s *rotationScene) Update(in Input, dt float64) {}

// view projects a 3-D point orthographically for a fixed oblique view,
// z up, into r around its centre with the given scale.
func view(p geometry.Vec3, cx, cy, scale float64) (float64, float64) {
	const yaw, pitch = 0.6, 0.45
	x := p[0]*math.Cos(yaw) - p[1]*math.Sin(yaw)
	d := p[0]*math.Sin(yaw) + p[1]*math.Cos(yaw)
	y := p[2]*math.Cos(pitch) - d*math.Sin(pitch)
	return cx + scale*x, cy - scale*y
}

var axisColors = [3]color.RGBA{{213, 94, 0, 255}, {0, 158, 115, 255}, {0, 114, 178, 255}}

// drawFrame draws the columns of r as three axes at (cx, cy).
func drawFrame(c viz.Canvas, r geometry.Mat3, cx, cy, scale, width float64) {
	for k := 0; k < 3; k++ {
		x, y := view(geometry.Vec3{r[k], r[3+k], r[6+k]}, cx, cy, scale)
		c.Line(cx, cy, x, y, width, axisColors[k])
		c.FillCircle(x, y, width+1, axisColors[k])
	}
}

func (s *rotationScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.partial == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("rotations scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, bottom := area.CutTop(area.H * 0.45)
	s.drawLoop(c, top)
	s.draw6D(c, bottom)
}

func (s *rotationScene) drawLoop(c viz.Canvas, r viz.Rect) {
	title := "loop closure (032): frame after each relative rotation, R_i ··· R_0 (core)"
	if s.pitOrder {
		title = "pitfall: frame after R_0 R_1 ··· R_i (wrong order)"
	}
	r = caption(c, r, title)
	text, frames := r.CutBottom(60)
	cols := frames.Columns(s.k+1, 6)
	for i, col := range cols {
		sz := min(col.W, col.H-18) * 0.38
		cx, cy := col.X+col.W/2, col.Y+col.H/2
		bg := viz.Panel
		if i == s.k {
			bg = viz.Fade(viz.Good, 0.12)
			if !s.closedShown() {
				bg = viz.Fade(viz.Bad, 0.12)
			}
		}
		c.FillRect(col.X, col.Y, col.W, col.H, bg)
		if i == s.k {
			drawFrame(c, s.partial[0], cx, cy, sz, 1) // the start, thin, for comparison
		}
		drawFrame(c, s.partial[i], cx, cy, sz, 2.5)
		c.Text(col.X+col.W/2, col.Y+col.H-5, s.frameLabels[i], smallSize, viz.InkMuted, viz.AlignCenter)
	}
	y := text.Y + 4
	for i, ln := range s.loopText {
		col := viz.Ink
		if i == 2 {
			col = viz.Bad
		}
		c.Text(text.X, y+labelSize+1, ln, labelSize+1, col, viz.AlignLeft)
		y += viz.LineHeight(labelSize + 1)
	}
}

func (s *rotationScene) closedShown() bool {
	if s.pitOrder {
		return s.wrong.Closed
	}
	return s.closure.Closed
}

func (s *rotationScene) draw6D(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, "6D → rotation (034): a1, a2 (grey) → columns b1, b2, b3 of R (core)")
	n := 2
	if !s.pitRows {
		n = 1
	}
	pics, text := r.CutLeft(r.W * 0.6)
	cols := pics.Columns(n, 12)
	for k, col := range cols {
		m := s.r6
		title := "R = [b1 b2 b3] (columns)"
		if k == 1 {
			m = s.r6.Transpose()
			title = "pitfall: rows → R^T"
		}
		c.FillRect(col.X, col.Y, col.W, col.H, viz.Panel)
		ink := viz.Ink
		if k == 1 {
			ink = viz.Bad
		}
		c.Text(col.X+6, col.Y+14, title, labelSize, ink, viz.AlignLeft)
		sz := min(col.W, col.H) * 0.3
		cx, cy := col.X+col.W/2, col.Y+col.H/2+8
		for _, a := range []geometry.Vec3{s.a1, s.a2} {
			x, y := view(a, cx, cy, sz)
			c.Line(cx, cy, x, y, 1.5, viz.InkMuted)
			c.FillCircle(x, y, 3, viz.InkMuted)
		}
		x, y := view(s.a1, cx, cy, sz)
		c.Text(x+4, y-4, "a1", smallSize, viz.InkMuted, viz.AlignLeft)
		x, y = view(s.a2, cx, cy, sz)
		c.Text(x+4, y-4, "a2", smallSize, viz.InkMuted, viz.AlignLeft)
		drawFrame(c, m, cx, cy, sz, 2.5)
		for i := 0; i < 3; i++ {
			x, y := view(geometry.Vec3{m[i], m[3+i], m[6+i]}, cx, cy, sz*1.12)
			c.Text(x, y, "b"+itoa(i+1), smallSize, axisColors[i], viz.AlignCenter)
		}
	}
	y := text.Y + 8
	x := text.X + 12
	c.Text(x, y+12, "R (core):", labelSize+1, viz.Ink, viz.AlignLeft)
	y += 18
	for _, ln := range s.matText[0] {
		c.Text(x, y+12, ln, labelSize+1, viz.Ink, viz.AlignLeft)
		y += 17
	}
	if s.pitRows {
		y += 8
		c.Text(x, y+12, "rows stacked (pitfall) = R^T:", labelSize+1, viz.Bad, viz.AlignLeft)
		y += 18
		for _, ln := range s.matText[1] {
			c.Text(x, y+12, ln, labelSize+1, viz.Bad, viz.AlignLeft)
			y += 17
		}
	}
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *rotationScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *rotationScene) buildReadout() []KV {
	if s.err != nil || s.partial == nil {
		return nil
	}
	kv := []KV{
		{"loop error (Frobenius)", f3(s.closure.Error)},
		{"loop angle (°)", f2(s.closure.AngleDeg)},
		{"closed", yesNo(s.closure.Closed)},
		{"R row 1", s.matText[0][0]},
		{"R row 2", s.matText[0][1]},
		{"R row 3", s.matText[0][2]},
	}
	if s.pitOrder {
		kv = append(kv, KV{"wrong-order error", f3(s.wrong.Error)})
	}
	return kv
}
