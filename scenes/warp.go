package scenes

import (
	"image/color"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
)

// warpSizes are the image sizes offered: the u/v-swap pitfall only shows
// on the non-square one.
var warpSizes = [][2]int{{128, 80}, {96, 96}}

// WarpScene is problems 015 and 016: frame 1 of a synthetic scene warped
// into frame 2's view with geometry.VectorizedWarp (frame 2's depth, the
// relative pose you set), its validity mask, the difference from the truly
// rendered frame 2 (disocclusions), a clicked pixel followed across frames
// with geometry.WarpPixel, and the meshgrid u/v-swap pitfall.
type WarpScene struct {
	presets                       []Preset // built once by Presets
	w, h                          int
	tx, ty, tz, yaw, pitch        float64
	pitfall                       bool
	world                         *synth3d.World
	r1, r2                        *synth3d.Renderer
	k                             geometry.Mat3
	t1, t2                        geometry.Mat4 // world to camera of each frame
	t12, t21                      geometry.Mat4
	src, depth2, kT, t21T         *core.Tensor // the op's inputs
	warped, mask                  *core.Tensor
	bad, badMask                  []float32 // pitfall warp
	diff                          []float32
	bm1, bm2, bmW, bmM, bmD, bmB  viz.Bitmap
	err                           error
	sel                           [2]int // clicked pixel of frame 1
	selFrame                      int    // 1 or 2: which frame was clicked
	u2, v2, z2                    float64
	visible                       bool
	rects                         [6]viz.Rect
	meanDiffValid, disoccFraction float64
	note                          viz.TextBlock
	followErr                     error // the last clicked pixel could not be warped
	// tour is the playing probe's position along a boustrophedon path over
	// the followed frame, in pixels travelled.
	tour float64
}

// tourSpeed is how fast the playing probe walks (pixels per second), and
// tourRows how far apart its passes are.
const (
	tourSpeed = 24.0
	tourRows  = 8
)

// Info implements Scene.
func (s *WarpScene) Info() Info {
	return Info{
		ID:       "warp",
		Title:    "Warping with depth and pose",
		Family:   "geometry",
		Problems: []string{"015", "016"},
		Statement: "Given a frame, a depth map and the camera motion, predict what the camera sees after moving: " +
			"back-project each pixel, move the 3-D point, project it again, and resample the image there (grid_sample).",
		Formula: "p₂ ~ K (R · d K⁻¹ p₁ + t): divide by z. For a whole image, each target pixel p₂ with depth d₂ is sent " +
			"to frame 1 with T₂→₁, normalised to [−1, 1] (2u/(W−1) − 1, 2v/(H−1) − 1) and sampled bilinearly; the mask is " +
			"1 where that lands inside frame 1.",
		LookFor: "Where the warp disagrees with the real frame 2 (bright in the difference), frame 2 sees surfaces that " +
			"frame 1 could not: disocclusions behind objects, and the mask's dark band where frame 1 has no pixels. Click " +
			"a pixel to follow it; play walks it across the frame. The pitfall builds the pixel grid with u and v swapped: harmless on a square image, " +
			"garbage on a wide one.",
	}
}

// Params implements Scene.
func (s *WarpScene) Params() []Param {
	return []Param{
		{Name: "tx", Label: "camera move right", Kind: Float, Min: -1, Max: 1, Step: 0.05, Default: 0.5},
		{Name: "ty", Label: "camera move down", Kind: Float, Min: -0.6, Max: 0.6, Step: 0.05, Default: 0},
		{Name: "tz", Label: "camera move forward", Kind: Float, Min: -1, Max: 1.5, Step: 0.05, Default: 0.3},
		{Name: "yaw", Label: "yaw (°)", Kind: Float, Min: -20, Max: 20, Step: 1, Default: -6},
		{Name: "pitch", Label: "pitch (°)", Kind: Float, Min: -15, Max: 15, Step: 1, Default: 0},
		{Name: "image", Label: "image size", Kind: Choice, Choices: []string{"128x80", "96x96"}, Default: 0},
		{Name: "pitfall_swap_uv", Label: "pitfall: meshgrid swaps u, v", Kind: Bool, Default: 0},
	}
}

// Presets implements Presetter.
func (s *WarpScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *WarpScene) makePresets() []Preset {
	base := func(kv Values) Values { return Overlay(s.Params(), kv) }
	return []Preset{
		{Name: "Step right and turn", Values: base(nil)},
		{Name: "Identity: nothing moves", Values: base(Values{"tx": 0, "ty": 0, "tz": 0, "yaw": 0, "pitch": 0})},
		{Name: "Big sideways move (disocclusions)", Values: base(Values{"tx": 1, "tz": 0, "yaw": -12})},
		{Name: "Pitfall: u/v swapped, wide image", Values: base(Values{"pitfall_swap_uv": 1, "image": 0})},
		{Name: "Pitfall on a square image (hidden)", Values: base(Values{"pitfall_swap_uv": 1, "image": 1})},
	}
}

// Reset implements Scene: renders both frames and runs the warps.
func (s *WarpScene) Reset(v Values) error {
	sz := warpSizes[clampInt(int(v["image"]), 0, len(warpSizes)-1)]
	s.w, s.h = sz[0], sz[1]
	s.tx, s.ty, s.tz, s.yaw, s.pitch = v["tx"], v["ty"], v["tz"], v["yaw"], v["pitch"]
	s.pitfall = v["pitfall_swap_uv"] != 0
	s.err = s.compute()
	return s.err
}

// rotYX is a rotation by yaw about the camera's y axis then pitch about x.
func rotYX(yawDeg, pitchDeg float64) geometry.Mat3 {
	a, b := yawDeg*math.Pi/180, pitchDeg*math.Pi/180
	ry := geometry.Mat3{math.Cos(a), 0, math.Sin(a), 0, 1, 0, -math.Sin(a), 0, math.Cos(a)}
	rx := geometry.Mat3{1, 0, 0, 0, math.Cos(b), -math.Sin(b), 0, math.Sin(b), math.Cos(b)}
	return ry.Mul(rx)
}

func (s *WarpScene) compute() error {
	var err error
	if s.world == nil {
		s.world = synth3d.DemoWorld()
	}
	if s.r1 == nil || s.r1.W != s.w || s.r1.H != s.h {
		if s.r1, err = synth3d.NewRenderer(s.w, s.h); err != nil {
			return err
		}
		if s.r2, err = synth3d.NewRenderer(s.w, s.h); err != nil {
			return err
		}
	}
	s.k = synth3d.DemoIntrinsics(s.w, s.h)
	if s.t1, err = depthPose(-0.2, 1.6); err != nil {
		return err
	}
	// The camera's motion, expressed in frame 1's camera coordinates, is
	// cam2-to-cam1 = [R | c]; T_1→2 is its inverse.
	s.t21 = geometry.Pose(rotYX(s.yaw, s.pitch), geometry.Vec3{s.tx, s.ty, s.tz})
	if s.t12, err = s.t21.Inverse("warp scene", "camera motion"); err != nil {
		return err
	}
	s.t2 = s.t12.Mul(s.t1)
	cam1, err := geometry.NewCamera("warp scene", s.k, s.t1)
	if err != nil {
		return err
	}
	cam2, err := geometry.NewCamera("warp scene", s.k, s.t2)
	if err != nil {
		return err
	}
	s.r1.Render(s.world, cam1)
	s.r2.Render(s.world, cam2)

	// Frame 1 seen from frame 2: every pixel of frame 2 (its depth) is sent
	// into frame 1 with T_2→1 and frame 1 is sampled there.
	h, w := s.h, s.w
	s.src = &core.Tensor{Shape: []int{1, 3, h, w}, Data: s.r1.Color.Data}
	s.depth2 = &core.Tensor{Shape: []int{1, 1, h, w}, Data: s.r2.Depth.Data}
	s.kT = &core.Tensor{Shape: []int{1, 3, 3}, Data: f32s(s.k[:])}
	s.t21T = &core.Tensor{Shape: []int{1, 4, 4}, Data: f32s(s.t21[:])}
	if s.warped, s.mask, err = geometry.VectorizedWarp(s.src, s.depth2, s.kT, s.t21T); err != nil {
		return err
	}
	plane := h * w
	if s.pitfall {
		s.bad = growF32(s.bad, 3*plane)
		s.badMask = growF32(s.badMask, plane)
		// The same float32-rounded matrices the op received, so on a square
		// image the pitfall matches the right warp bit for bit.
		k32, err := geometry.Mat3FromTensor("warp scene", "K", &core.Tensor{Shape: []int{3, 3}, Data: s.kT.Data})
		if err != nil {
			return err
		}
		t32, err := geometry.Mat4FromTensor("warp scene", "T_2_to_1", &core.Tensor{Shape: []int{4, 4}, Data: s.t21T.Data})
		if err != nil {
			return err
		}
		kInv, err := k32.Inverse("warp scene", "K")
		if err != nil {
			return err
		}
		geometry.Warper{BuggyMeshgrid: true}.WarpInto(s.bad, s.badMask, s.src.Data, s.depth2.Data, 3, h, w, k32, kInv, t32)
	}
	// |warped − frame 2| summed over channels where the warp is valid and
	// frame 2 sees a surface.
	s.diff = growF32(s.diff, plane)
	sum, nValid, nDis := 0.0, 0, 0
	for i := range plane {
		if s.mask.Data[i] == 0 || s.r2.Depth.Data[i] == 0 {
			s.diff[i] = float32(math.NaN())
			continue
		}
		d := 0.0
		for ch := range 3 {
			d += math.Abs(float64(s.warped.Data[ch*plane+i] - s.r2.Color.Data[ch*plane+i]))
		}
		s.diff[i] = float32(d / 3)
		sum += d / 3
		nValid++
		if d/3 > 0.1 {
			nDis++
		}
	}
	s.meanDiffValid = sum / math.Max(1, float64(nValid))
	s.disoccFraction = float64(nDis) / math.Max(1, float64(nValid))

	colorBitmap(&s.bm1, s.r1.Color.Data, h, w)
	colorBitmap(&s.bm2, s.r2.Color.Data, h, w)
	colorBitmap(&s.bmW, s.warped.Data, h, w)
	s.bmM.SetHeatmap(s.mask.Data, h, w, viz.Greys, 1, 0)
	s.bmD.SetHeatmap(s.diff, h, w, diffMap, 0, 0.3)
	for i, d := range s.diff {
		if d != d {
			s.bmD.Img.SetRGBA(i%w, i/w, color.RGBA{225, 228, 234, 255})
		}
	}
	if s.pitfall {
		colorBitmap(&s.bmB, s.bad, h, w)
	}
	if s.sel == [2]int{} {
		s.sel, s.selFrame = [2]int{w * 3 / 4, h / 2}, 1
	}
	s.followErr = s.follow(s.selFrame, s.sel[0], s.sel[1])
	return nil
}

// diffMap shows small differences dark and large ones bright red.
var diffMap = viz.NewColorMap("diff", color.RGBA{250, 250, 248, 255}, color.RGBA{250, 190, 150, 255}, color.RGBA{200, 40, 40, 255})

// f32s converts float64s to float32s.
func f32s(xs []float64) []float32 {
	out := make([]float32, len(xs))
	for i, x := range xs {
		out[i] = float32(x)
	}
	return out
}

// growF32 returns b resized to n.
func growF32(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// follow warps the clicked pixel of frame f (1 or 2) into the other frame
// with geometry.WarpPixel and checks whether it is visible there.
func (s *WarpScene) follow(f, u, v int) error {
	u, v = clampInt(u, 0, s.w-1), clampInt(v, 0, s.h-1)
	s.sel, s.selFrame = [2]int{u, v}, f
	from, to, t := s.r1, s.r2, s.t12
	if f == 2 {
		from, to, t = s.r2, s.r1, s.t21
	}
	d := float64(from.Depth.Data[v*s.w+u])
	var err error
	s.u2, s.v2, s.z2, err = geometry.WarpPixel(s.k, t, float64(u), float64(v), d)
	if err != nil {
		return err
	}
	s.visible = false
	iu, iv := int(math.Round(s.u2)), int(math.Round(s.v2))
	if d > 0 && iu >= 0 && iv >= 0 && iu < s.w && iv < s.h {
		seen := float64(to.Depth.Data[iv*s.w+iu])
		s.visible = math.Abs(seen-s.z2) < 0.03*s.z2
	}
	return nil
}

// Inputs returns the tensors handed to geometry.VectorizedWarp: frame 1's
// colour, frame 2's depth, K and T_2→1.
func (s *WarpScene) Inputs() (src, depth, k, t *core.Tensor) { return s.src, s.depth2, s.kT, s.t21T }

// Warped returns the warped image and mask shown.
func (s *WarpScene) Warped() (warped, mask *core.Tensor) { return s.warped, s.mask }

// Pitfall returns the u/v-swapped warp shown (nil when off).
func (s *WarpScene) Pitfall() []float32 {
	if !s.pitfall {
		return nil
	}
	return s.bad
}

// Followed returns the clicked pixel, its frame, and where it lands in the
// other frame (u, v, z) with whether it is visible there.
func (s *WarpScene) Followed() (frame, u, v int, u2, v2, z2 float64, visible bool) {
	return s.selFrame, s.sel[0], s.sel[1], s.u2, s.v2, s.z2, s.visible
}

// Update implements Scene: a click on frame 1 or frame 2 follows that
// pixel into the other frame.
//
// While playing, the followed pixel walks across its frame pass by pass (a
// tour of where each region lands), starting from the last click.
func (s *WarpScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	if !in.Clicked {
		if dt > 0 && s.w > 0 {
			s.walk(dt)
		}
		return
	}
	for i, f := range [...]int{1, 2, 2} { // frame 1, frame 2, warped (frame 2's pixels)
		r := s.rects[i]
		if r.W > 0 && r.Contains(in.MouseX, in.MouseY) {
			u := int((in.MouseX - r.X) / r.W * float64(s.w))
			v := int((in.MouseY - r.Y) / r.H * float64(s.h))
			// A pixel that cannot be projected (it lands on the other
			// camera's plane) is reported, not fatal.
			s.followErr = s.follow(f, u, v)
			s.tour = float64((clampInt(v, 0, s.h-1)/tourRows)*s.w + clampInt(u, 0, s.w-1))
			return
		}
	}
}

// walk advances the playing probe by dt seconds and follows its pixel.
func (s *WarpScene) walk(dt float64) {
	rows := (s.h + tourRows - 1) / tourRows
	length := float64(s.w * rows)
	s.tour = math.Mod(s.tour+dt*tourSpeed, length)
	pass := int(s.tour) / s.w
	u := int(s.tour) % s.w
	if pass%2 == 1 {
		u = s.w - 1 - u // boustrophedon: every other pass walks back
	}
	f := s.selFrame
	if f != 2 {
		f = 1
	}
	s.followErr = s.follow(f, u, min(pass*tourRows+tourRows/2, s.h-1))
}

// Readout implements Readouter.
func (s *WarpScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	if s.followErr != nil {
		return []KV{{"clicked pixel", s.followErr.Error()}}
	}
	f, u, v, u2, v2, z2, vis := s.Followed()
	other := 3 - f
	vs := "hidden (occluded or outside)"
	if vis {
		vs = "visible"
	}
	kv := []KV{
		{"image", itoa(s.w) + "x" + itoa(s.h)},
		{"clicked", "frame " + itoa(f) + " pixel (" + itoa(u) + ", " + itoa(v) + ")"},
		{"lands in frame " + itoa(other), "(" + f2(u2) + ", " + f2(v2) + "), z = " + f3(z2) + ", " + vs},
		{"valid pixels", f2(100*mean32(s.mask.Data)) + "%"},
		{"mean |warp − frame 2| where valid", f3(s.meanDiffValid)},
		{"pixels differing > 0.1", f2(100*s.disoccFraction) + "%"},
		{"without dividing by z (problem 015's pitfall)", "(" + f2(u2*z2) + ", " + f2(v2*z2) + ")"},
	}
	return kv
}

func mean32(xs []float32) float64 { return sum32(xs) / math.Max(1, float64(len(xs))) }

// Draw implements Scene.
func (s *WarpScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	info, area := area.CutBottom(62)
	top, bottom := area.CutTop(area.H / 2)
	tc := top.Columns(3, 14)
	bc := bottom.Columns(3, 14)
	s.rects[0] = s.panel(c, tc[0], &s.bm1, "frame 1 (rendered, click)", 1)
	s.rects[1] = s.panel(c, tc[1], &s.bm2, "frame 2 (rendered truth, click)", 2)
	s.rects[2] = s.panel(c, tc[2], &s.bmW, "frame 1 warped into frame 2", 2)
	s.rects[3] = s.panel(c, bc[0], &s.bmM, "mask (black: outside frame 1)", 0)
	s.rects[4] = s.panel(c, bc[1], &s.bmD, "|warped − frame 2|: disocclusions", 0)
	if s.pitfall {
		s.rects[5] = s.panel(c, bc[2], &s.bmB, "pitfall: meshgrid 'xy' swaps u, v", 0)
	} else {
		r := caption(c, bc[2], "what to notice")
		s.note.Draw(c, r, "Bright in the difference: frame 2 sees surfaces frame 1 did not (behind the boxes and spheres), "+
			"so the warp copies the occluder instead. Turn on the pitfall to see the u/v swap; switch to 96x96 and it vanishes.",
			labelSize, viz.InkMuted)
	}
	if s.followErr != nil {
		c.Text(info.X, info.Y+16, s.followErr.Error(), labelSize+1, viz.Bad, viz.AlignLeft)
		return
	}
	f, u, v, u2, v2, z2, vis := s.Followed()
	vs := "hidden there (occluded or outside)"
	if vis {
		vs = "visible there"
	}
	c.Text(info.X, info.Y+16, "frame "+itoa(f)+" pixel ("+itoa(u)+", "+itoa(v)+") → frame "+itoa(3-f)+
		" ("+f2(u2)+", "+f2(v2)+"), z = "+f3(z2)+": "+vs, labelSize+1, viz.Ink, viz.AlignLeft)
	// K's last row is (0, 0, 1), so the homogeneous coordinates before the
	// division are (u·z, v·z, z): what forgetting to divide by z leaves.
	c.Text(info.X, info.Y+34, "forgetting to divide by z would give ("+f2(u2*z2)+", "+f2(v2*z2)+") instead",
		labelSize, viz.Bad, viz.AlignLeft)
	c.Text(info.X, info.Y+52, "valid "+f2(100*mean32(s.mask.Data))+"%   mean |warp − frame 2| "+f3(s.meanDiffValid)+
		"   pixels off by > 0.1: "+f2(100*s.disoccFraction)+"%", labelSize+1, viz.InkMuted, viz.AlignLeft)
}

// panel draws an image into r; frame (1 or 2) says which markers to show.
func (s *WarpScene) panel(c viz.Canvas, r viz.Rect, b *viz.Bitmap, title string, frame int) viz.Rect {
	r = caption(c, r, title)
	ir := fitRect(r, float64(s.w), float64(s.h))
	c.Image(b, ir.X, ir.Y, ir.W, ir.H, false)
	if frame == 0 {
		return ir
	}
	var pu, pv float64
	if frame == s.selFrame {
		pu, pv = float64(s.sel[0]), float64(s.sel[1])
	} else {
		pu, pv = s.u2, s.v2
	}
	x := ir.X + (pu+0.5)/float64(s.w)*ir.W
	y := ir.Y + (pv+0.5)/float64(s.h)*ir.H
	if x >= ir.X && x <= ir.X+ir.W && y >= ir.Y && y <= ir.Y+ir.H {
		col := viz.Bad
		if frame != s.selFrame && !s.visible {
			col = viz.Fade(viz.Bad, 0.5)
		}
		c.StrokeRect(x-5, y-5, 10, 10, 2, col)
		c.Line(x-9, y, x-5, y, 1.5, col)
		c.Line(x+5, y, x+9, y, 1.5, col)
	}
	return ir
}
