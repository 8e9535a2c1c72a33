package scenes

import (
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
)

// Image size of the depth scene's camera (non-square on purpose).
const (
	depthW = 128
	depthH = 96
	// orbitSpeed is the orbit's angular speed when playing, rad/s.
	orbitSpeed = 0.35
)

// depthTarget is where the demo world's cameras look.
var depthTarget = geometry.Vec3{0, 0.7, 3.2}

// DepthScene is problem 014: a synthetic scene's colour and depth, a clicked
// pixel's ray and world point with the numbers, and the whole depth map
// lifted to a point cloud (geometry.UnprojectDepth) seen from an orbiting
// viewpoint.
type DepthScene struct {
	presets                          []Preset // built once by Presets
	focal, cxOff, cyOff, arc, height float64
	pitfall                          bool

	world  *synth3d.World
	rend   *synth3d.Renderer
	k      geometry.Mat3
	pose   geometry.Mat4 // world to camera
	cam    *geometry.Camera
	cloud  *core.Tensor // [H*W,3] from core
	colBm  viz.Bitmap
	depBm  viz.Bitmap
	orbit  orbitView
	err    error
	u, v   int
	ray    geometry.PixelRay
	world0 geometry.Vec3 // DepthToWorld of the clicked pixel
	colR   viz.Rect
	depR   viz.Rect
	orbR   viz.Rect
	drag   struct {
		on bool
		x  float64
	}
}

// Info implements Scene.
func (s *DepthScene) Info() Info {
	return Info{
		ID:       "depth",
		Title:    "Depth to world",
		Family:   "geometry",
		Problems: []string{"014"},
		Statement: "A depth camera gives, for every pixel (u, v), the camera-space depth d. With the intrinsics K and the " +
			"camera pose, each pixel becomes a 3-D point in the world: the whole depth map becomes a point cloud.",
		Formula: "P_cam = d · K⁻¹ (u, v, 1)^T,  P_world = T_world→cam⁻¹ · [P_cam; 1]. " +
			"K = [[f_x, s, c_x], [0, f_y, c_y], [0, 0, 1]].",
		LookFor: "Click a pixel in the colour or depth image: its ray leaves the camera centre and stops at depth d on the surface. " +
			"Drag the 3-D view (or play) to orbit. The pitfall uses the world-to-camera matrix without inverting it: the cloud " +
			"lands somewhere else, rotated the wrong way.",
	}
}

// Params implements Scene.
func (s *DepthScene) Params() []Param {
	return []Param{
		{Name: "focal", Label: "focal length f/W", Kind: Float, Min: 0.4, Max: 1.6, Step: 0.05, Default: 0.85},
		{Name: "cx_offset", Label: "principal point shift x (px)", Kind: Float, Min: -30, Max: 30, Step: 1, Default: 0},
		{Name: "cy_offset", Label: "principal point shift y (px)", Kind: Float, Min: -30, Max: 30, Step: 1, Default: 0},
		{Name: "camera", Label: "camera position on arc", Kind: Float, Min: -1, Max: 1, Step: 0.05, Default: 0},
		{Name: "height", Label: "camera height", Kind: Float, Min: 0.6, Max: 3.5, Step: 0.1, Default: 1.6},
		{Name: "pitfall_no_inverse", Label: "pitfall: T not inverted", Kind: Bool, Default: 0,
			Help: "apply the world-to-camera matrix to camera points instead of its inverse"},
		{Name: "orbit", Label: "3-D view azimuth (°)", Kind: Float, Min: -180, Max: 180, Step: 5, Default: 35},
	}
}

// Presets implements Presetter.
func (s *DepthScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *DepthScene) makePresets() []Preset {
	base := func(kv Values) Values { return Overlay(s.Params(), kv) }
	return []Preset{
		{Name: "Straight on", Values: base(nil)},
		{Name: "Wide angle, from the left", Values: base(Values{"focal": 0.5, "camera": -0.8})},
		{Name: "High camera, telephoto", Values: base(Values{"focal": 1.4, "height": 3.2})},
		{Name: "Pitfall: T not inverted", Values: base(Values{"pitfall_no_inverse": 1})},
	}
}

// depthPose is the world-to-camera pose of a camera at arc position a and
// height y looking at the demo world's centre.
func depthPose(a, y float64) (geometry.Mat4, error) {
	ang := a * 0.35
	eye := geometry.Vec3{3.2 * math.Sin(ang), y, 2.8 - 5.6*math.Cos(ang)}
	return geometry.LookAt(eye, depthTarget, geometry.Vec3{0, 1, 0})
}

// Reset implements Scene: renders colour and depth and lifts the depth map
// to a point cloud with core.
func (s *DepthScene) Reset(v Values) error {
	s.focal, s.cxOff, s.cyOff = v["focal"], v["cx_offset"], v["cy_offset"]
	s.arc, s.height, s.pitfall = v["camera"], v["height"], v["pitfall_no_inverse"] != 0
	s.orbit.target, s.orbit.radius, s.orbit.elev = geometry.Vec3{0, 0.5, 2}, 9, 3.5
	s.err = s.compute()
	if s.err == nil {
		s.err = s.orbit.setAzimuth(v["orbit"] * math.Pi / 180)
	}
	return s.err
}

func (s *DepthScene) compute() error {
	var err error
	if s.world == nil {
		s.world = synth3d.DemoWorld()
		if s.rend, err = synth3d.NewRenderer(depthW, depthH); err != nil {
			return err
		}
	}
	f := s.focal * depthW
	s.k = geometry.Intrinsics(f, f, float64(depthW-1)/2+s.cxOff, float64(depthH-1)/2+s.cyOff, 0)
	if s.pose, err = depthPose(s.arc, s.height); err != nil {
		return err
	}
	if s.cam, err = geometry.NewCamera("depth scene", s.k, s.pose); err != nil {
		return err
	}
	s.rend.Render(s.world, s.cam)
	colorBitmap(&s.colBm, s.rend.Color.Data, depthH, depthW)
	depthBitmap(&s.depBm, s.rend.Depth.Data, depthH, depthW, 12)
	used := s.pose
	if s.pitfall {
		// Handing the core the camera-to-world matrix as if it were
		// world-to-camera makes it apply world-to-camera to the points:
		// exactly the mistake of not inverting.
		used = s.cam.CamToWorld()
	}
	if s.cloud, err = geometry.UnprojectDepth(s.rend.Depth, s.k, used); err != nil {
		return err
	}
	depth := s.rend.Depth.Data
	s.orbit.setCloud(s.cloud.Data, s.rend.Color.Data, func(i int) bool { return depth[i] > 0 })
	if s.u == 0 && s.v == 0 {
		s.u, s.v = 90, 60
	}
	return s.SelectPixel(s.u, s.v)
}

// SelectPixel shows pixel (u, v)'s ray and world point (clamped to the
// image), as a click on it does.
func (s *DepthScene) SelectPixel(u, v int) error {
	s.u, s.v = clampInt(u, 0, depthW-1), clampInt(v, 0, depthH-1)
	d := float64(s.rend.Depth.Data[s.v*depthW+s.u])
	used := s.pose
	if s.pitfall {
		used = s.cam.CamToWorld()
	}
	c, err := geometry.NewCamera("depth scene", s.k, used)
	if err != nil {
		return err
	}
	s.ray = c.Unproject(float64(s.u), float64(s.v), d)
	s.world0, err = geometry.DepthToWorld(s.k, used, float64(s.u), float64(s.v), d)
	return err
}

// Clicked returns the selected pixel, its depth and the world point shown.
func (s *DepthScene) Clicked() (u, v int, d float64, p geometry.Vec3) {
	return s.u, s.v, float64(s.rend.Depth.Data[s.v*depthW+s.u]), s.world0
}

// Camera returns the K and world-to-camera pose of the rendered view.
func (s *DepthScene) Camera() (geometry.Mat3, geometry.Mat4) { return s.k, s.pose }

// DepthMap returns the rendered depth [H,W].
func (s *DepthScene) DepthMap() *core.Tensor { return s.rend.Depth }

// Cloud returns the point cloud shown, [H*W,3].
func (s *DepthScene) Cloud() *core.Tensor { return s.cloud }

// Update implements Scene: clicks on the images select a pixel, drags on
// the 3-D view orbit it, and playing orbits slowly.
func (s *DepthScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	if in.Dragging && (s.drag.on || s.orbR.Contains(in.MouseX, in.MouseY)) {
		if s.drag.on {
			_ = s.orbit.setAzimuth(s.orbit.az + (in.MouseX-s.drag.x)*0.01)
		}
		s.drag.on, s.drag.x = true, in.MouseX
		return
	}
	wasDrag := s.drag.on
	s.drag.on = false
	if in.Clicked && !wasDrag {
		for _, r := range []viz.Rect{s.colR, s.depR} {
			if r.W > 0 && r.Contains(in.MouseX, in.MouseY) {
				u := int((in.MouseX - r.X) / r.W * depthW)
				v := int((in.MouseY - r.Y) / r.H * depthH)
				if err := s.SelectPixel(u, v); err != nil {
					s.err = err
				}
				return
			}
		}
	}
	if dt > 0 {
		_ = s.orbit.setAzimuth(math.Mod(s.orbit.az+dt*orbitSpeed, 2*math.Pi))
	}
}

// Readout implements Readouter.
func (s *DepthScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	u, v, d, p := s.Clicked()
	return []KV{
		{"pixel (u, v)", itoa(u) + ", " + itoa(v)},
		{"depth d", f3(d)},
		{"K⁻¹(u,v,1)", vec3(s.ray.Dir)},
		{"camera point d·K⁻¹(u,v,1)", vec3(s.ray.CamPoint)},
		{"world point", vec3(p)},
		{"K", "fx=fy=" + f2(s.k[0]) + " cx=" + f2(s.k[2]) + " cy=" + f2(s.k[5])},
	}
}

// vec3 formats a vector as "(x, y, z)".
func vec3(p geometry.Vec3) string {
	return "(" + f3(p[0]) + ", " + f3(p[1]) + ", " + f3(p[2]) + ")"
}

// Draw implements Scene.
func (s *DepthScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	left, right := area.CutLeft(math.Min(area.W*0.36, 340))
	imgH := (left.H - 150) / 2
	top, rest := left.CutTop(imgH)
	mid, info := rest.CutTop(imgH)
	s.colR = s.drawImage(c, top, &s.colBm, "colour (click a pixel)")
	s.depR = s.drawImage(c, mid, &s.depBm, "depth d (camera-space z)")
	s.drawNumbers(c, info)

	title := "point cloud from UnprojectDepth (drag to orbit)"
	if s.pitfall {
		title = "pitfall: world-to-camera applied, not inverted"
	}
	right.X += 12
	right.W -= 12
	right = caption(c, right, title)
	s.orbR = fitRect(right, orbitW, orbitH)
	s.orbit.splat()
	c.Image(&s.orbit.bm, s.orbR.X, s.orbR.Y, s.orbR.W, s.orbR.H, false)
	s.orbit.frustum(c, s.orbR, s.cam, depthW, depthH, 0.8, viz.White)
	s.orbit.line3(c, s.orbR, s.ray.Origin, s.ray.World, 2, viz.Fade(viz.Bad, 0.9))
	if x, y, _, ok := s.orbit.project(s.ray.World); ok {
		cx, cy := s.orbit.toCanvas(s.orbR, x, y)
		c.FillCircle(cx, cy, 4, viz.Bad)
	}
}

// drawImage draws a camera image into r with the selected pixel marked and
// returns where it went.
func (s *DepthScene) drawImage(c viz.Canvas, r viz.Rect, b *viz.Bitmap, title string) viz.Rect {
	r = caption(c, r, title)
	ir := fitRect(r, depthW, depthH)
	ir.X = r.X
	c.Image(b, ir.X, ir.Y, ir.W, ir.H, false)
	px := ir.X + (float64(s.u)+0.5)/depthW*ir.W
	py := ir.Y + (float64(s.v)+0.5)/depthH*ir.H
	c.Line(px-8, py, px-3, py, 2, viz.Bad)
	c.Line(px+3, py, px+8, py, 2, viz.Bad)
	c.Line(px, py-8, px, py-3, 2, viz.Bad)
	c.Line(px, py+3, px, py+8, 2, viz.Bad)
	return ir
}

// drawNumbers prints the unprojection of the selected pixel step by step.
func (s *DepthScene) drawNumbers(c viz.Canvas, r viz.Rect) {
	u, v, d, p := s.Clicked()
	lines := [...]string{
		"pixel (u, v) = (" + itoa(u) + ", " + itoa(v) + "),  d = " + f3(d),
		"K⁻¹(u, v, 1) = " + vec3(s.ray.Dir),
		"P_cam = d·K⁻¹(u, v, 1) = " + vec3(s.ray.CamPoint),
		"P_world = T⁻¹ P_cam = " + vec3(p),
		"camera centre = " + vec3(s.ray.Origin),
	}
	y := r.Y + 14
	for i, ln := range lines {
		col := viz.Ink
		if i == 3 {
			col = viz.Bad
		}
		c.Text(r.X, y, ln, labelSize, col, viz.AlignLeft)
		y += 17
	}
	if d == 0 {
		c.Text(r.X, y, "no surface here: depth 0 puts the point at the camera centre", labelSize, viz.InkMuted, viz.AlignLeft)
	}
}
