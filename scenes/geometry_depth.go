package scenes

import (
	"image/color"
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 014 (depth to world): a rendered synth3d scene and
// its depth map; one pixel is taken through K⁻¹ to a ray, along the ray to
// its depth, and through the inverse extrinsic to the world, then every
// pixel at once into a point cloud seen from the side. The ray comes from
// geometry.Camera.Unproject (DepthToWorld's), the cloud from
// geometry.UnprojectDepth; the pitfall's point and ghost cloud from
// mistakes.DepthToWorldNotInverted and UnprojectDepthNotInverted. In a
// quiz the view draws one version only, the one the pitfall selects: its
// point and its cloud, in the image's colours, named by nothing.

const (
	depthW = 96
	depthH = 60
	// The 3-D view's splat bitmap.
	depth3W = 360
	depth3H = 240
)

// Inspection groups of the depth view.
const (
	grpDepthImage  = iota + 1 // a pixel of the colour image
	grpDepthMap               // a pixel of the depth map
	grpDepthPoint             // the chosen pixel's world point (0), the pitfall's (1)
	grpDepthCamera            // the camera centre
	grpDepthChain             // a line of the chain of numbers
)

type depthStep int

const (
	dsPixel depthStep = iota
	dsKInv
	dsDepth
	dsWorld
	dsCloud
)

type depthView struct {
	camS, view float64
	u, v       int
	seed       uint64
	pitfall    bool
	// quiz: draw only the version the pitfall selects, unnamed.
	quiz bool
	// from core
	cam      *geometry.Camera
	rend     *synth3d.Renderer
	cloud    *core.Tensor // UnprojectDepth [H·W,3]
	ghost    *core.Tensor // UnprojectDepthNotInverted, nil without the pitfall
	ray      geometry.PixelRay
	badPoint geometry.Vec3
	meanErr  float64 // mean distance between the right and the ghost points
	// pictures
	colBm, depBm  viz.Bitmap
	cloudBm       viz.Bitmap // the right cloud
	dimBm         viz.Bitmap // the right cloud faded, the context of the first stages
	bothBm        viz.Bitmap // with the ghost over it
	sp            splatter
	v3            view3
	near          view3      // framed on the camera, its image plane and the point
	nearBm        viz.Bitmap // the cloud faded, seen through near
	maxDepth      float64
	tl            scene.Timeline
	steps         []depthStep
	chain         []string
	chainSrc      []string
	plane         [4]geometry.Vec3 // the image plane's corners at z = 1
	frustumDepth  [4]geometry.Vec3 // and at the far depth, for the frustum
	lastFocusRay  geometry.PixelRay
	lastFocusFrom int
	legendItems   []legendItem
	kv            []scene.KV
}

func newDepthView() *depthView { return &depthView{lastFocusFrom: -1} }

func (s *depthView) Info() scene.Info {
	p, _ := problems.Lookup("014")
	return scene.Info{ID: "depth", Problem: "014", Title: p.Title, Family: "geometry", Statement: p.Statement,
		Formula: `P_\mathrm{cam} = d\, K^{-1} \begin{pmatrix} u \\ v \\ 1 \end{pmatrix},\qquad \begin{pmatrix} P_\mathrm{world} \\ 1 \end{pmatrix} = T_{\mathrm{world}\to\mathrm{cam}}^{-1} \begin{pmatrix} P_\mathrm{cam} \\ 1 \end{pmatrix}`,
		LookFor: "Pick a pixel (click the image, or the u and v sliders). K⁻¹ turns it into a direction in camera space whose z is 1: " +
			"the point on the image plane drawn one unit in front of the camera. Scaling by the depth d slides it along the ray " +
			"to the surface. The inverse extrinsic then moves it into world coordinates, where it lands on the surface the camera " +
			"saw. Doing this for every pixel at once gives the point cloud. The pitfall applies the world-to-camera matrix as if it " +
			"were camera-to-world: the red ghost cloud lands somewhere else entirely, with the same shape but the wrong pose."}
}

func (s *depthView) Params() []scene.Param {
	return []scene.Param{
		{Name: "u", Label: "pixel u", Kind: scene.Int, Min: 0, Max: depthW - 1, Step: 1, Default: 44},
		{Name: "v", Label: "pixel v", Kind: scene.Int, Min: 0, Max: depthH - 1, Step: 1, Default: 34},
		{Name: "camera", Label: "camera position", Kind: scene.Float, Min: -1, Max: 1, Step: 0.05, Default: 0.5,
			Help: "moves the camera along an arc in front of the scene"},
		{Name: "view", Label: "3-D view angle", Kind: scene.Float, Min: -90, Max: 90, Step: 5, Default: 50,
			Help: "turns the side view of the cloud"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "1: the scene as designed; any other seed moves its objects about"},
		scene.PitfallParam(mistakeIDs("014")...),
	}
}

func (s *depthView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: T not inverted", Values: scene.Values{"pitfall": 1}},
		{Name: "A pixel on the back wall", Values: scene.Values{"u": 20, "v": 12}},
		{Name: "Seen from above", Values: scene.Values{"view": 0}},
	}
}

func (s *depthView) Reset(v scene.Values) error {
	s.camS, s.view, s.pitfall = v["camera"], v["view"], v["pitfall"] >= 1
	s.seed = uint64(max(v["seed"], 0))
	s.u, s.v = clampInt(int(v["u"]), 0, depthW-1), clampInt(int(v["v"]), 0, depthH-1)
	var err error
	if s.rend == nil {
		if s.rend, err = synth3d.NewRenderer(depthW, depthH); err != nil {
			return err
		}
	}
	k := synth3d.DemoIntrinsics(depthW, depthH)
	if s.cam, err = geometry.NewCamera("depth_to_world", k, synth3d.DemoPose(s.camS)); err != nil {
		return err
	}
	s.rend.Render(seededWorld(s.seed), s.cam)
	s.maxDepth = 0
	for _, d := range s.rend.Depth.Data {
		s.maxDepth = math.Max(s.maxDepth, float64(d))
	}
	colorBitmap(&s.colBm, s.rend.Color.Data, depthH, depthW)
	depthBitmap(&s.depBm, s.rend.Depth.Data, depthH, depthW, s.maxDepth)
	if s.cloud, err = geometry.UnprojectDepth(s.rend.Depth, s.cam.K, s.cam.WorldToCam); err != nil {
		return err
	}
	s.ghost = nil
	if s.pitfall {
		if s.ghost, err = mistakes.UnprojectDepthNotInverted(s.rend.Depth, s.cam.K, s.cam.WorldToCam); err != nil {
			return err
		}
	}
	s.v3.setAngles(s.view*math.Pi/180, 0.45)
	// The image plane at z = 1 and the frustum out to the far depth.
	corners := [4][2]float64{{-0.5, -0.5}, {depthW - 0.5, -0.5}, {depthW - 0.5, depthH - 0.5}, {-0.5, depthH - 0.5}}
	for i, cr := range corners {
		s.plane[i] = s.cam.Unproject(cr[0], cr[1], 1).World
		s.frustumDepth[i] = s.cam.Unproject(cr[0], cr[1], 1.6).World
	}
	s.fitView()
	s.splat(&s.cloudBm, s.shownCloud(), false)
	// The first stages happen near the camera: a view framed on the
	// camera, its image plane and the followed point.
	fadeBitmap(&s.dimBm, &s.cloudBm, depthBg, 0.3)
	if s.ghost != nil && !s.quiz {
		s.splat(&s.bothBm, s.cloud, true)
		sum, n := 0.0, 0
		for i, d := range s.rend.Depth.Data {
			if d > 0 {
				a := geometry.Vec3{float64(s.cloud.Data[3*i]), float64(s.cloud.Data[3*i+1]), float64(s.cloud.Data[3*i+2])}
				b := geometry.Vec3{float64(s.ghost.Data[3*i]), float64(s.ghost.Data[3*i+1]), float64(s.ghost.Data[3*i+2])}
				sum += a.Sub(b).Norm()
				n++
			}
		}
		s.meanErr = sum / float64(max(n, 1))
	}
	if err := s.pick(s.u, s.v); err != nil {
		return err
	}
	s.buildTimeline()
	return nil
}

// fitNear frames the near view on the camera, its image plane and the
// followed point, and splats the faded cloud through it.
func (s *depthView) fitNear() {
	s.near = s.v3
	pts := []geometry.Vec3{s.cam.CamToWorld().Translation(), s.ray.World}
	pts = append(pts, s.frustumDepth[:]...)
	s.near.fit(pts, depth3W, depth3H, 30)
	var tmp viz.Bitmap
	v := s.v3
	s.v3 = s.near
	s.splat(&tmp, s.shownCloud(), false)
	s.v3 = v
	fadeBitmap(&s.nearBm, &tmp, depthBg, 0.3)
}

// pick makes (u, v) the pixel followed through the chain.
func (s *depthView) pick(u, v int) error {
	s.u, s.v = clampInt(u, 0, depthW-1), clampInt(v, 0, depthH-1)
	d := float64(s.rend.Depth.Data[s.v*depthW+s.u])
	s.ray = s.cam.Unproject(float64(s.u), float64(s.v), d)
	if s.pitfall {
		p, err := mistakes.DepthToWorldNotInverted(s.cam.K, s.cam.WorldToCam, float64(s.u), float64(s.v), d)
		if err != nil {
			return err
		}
		s.badPoint = p
	}
	s.chain = append(s.chain[:0],
		"pixel (u, v) = ("+strconv.Itoa(s.u)+", "+strconv.Itoa(s.v)+"), depth d = "+fmtNum(d),
		"K⁻¹ (u, v, 1) = "+vecText(s.ray.Dir),
		"P_cam = d K⁻¹ (u, v, 1) = "+vecText(s.ray.CamPoint),
		"P_world = T⁻¹ (P_cam, 1) = "+vecText(s.ray.World))
	s.chainSrc = append(s.chainSrc[:0], "the depth map (synth3d.Renderer)", "geometry.Camera.Unproject (= DepthToWorld)",
		"geometry.Camera.Unproject (= DepthToWorld)", "geometry.DepthToWorld")
	switch {
	case s.quiz:
		// The version under test's point, with no formula that says how.
		s.chain[3] = "P_world = " + vecText(s.shownPoint())
		s.chainSrc[1], s.chainSrc[2], s.chainSrc[3] = "the version under test", "the version under test", "the version under test"
	case s.pitfall:
		s.chain = append(s.chain, "pitfall: T (P_cam, 1) = "+vecText(s.badPoint))
		s.chainSrc = append(s.chainSrc, "mistakes.DepthToWorldNotInverted")
	}
	if d == 0 {
		s.chain[0] += ": the ray hits nothing"
	}
	s.fitNear()
	s.buildReadout()
	return nil
}

// shownCloud is the cloud the picture is drawn from: the right one, or in
// a quiz the version under test's.
func (s *depthView) shownCloud() *core.Tensor {
	if s.quiz && s.ghost != nil {
		return s.ghost
	}
	return s.cloud
}

// shownPoint is the followed pixel's world point as drawn: the right one,
// or in a quiz the version under test's.
func (s *depthView) shownPoint() geometry.Vec3 {
	if s.quiz && s.pitfall {
		return s.badPoint
	}
	return s.ray.World
}

// SetQuiz implements scene.Quizzer.
func (s *depthView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *depthView) Explain(variant int) string {
	return quizExplain("014", variant, "The right version inverts the world-to-camera extrinsic before applying it: P_world = T⁻¹ (d K⁻¹ (u, v, 1), 1), "+
		"so every point lands on the surface its pixel saw, inside the camera's frustum.")
}

// fitView frames the cloud, the camera and the ghost in the 3-D view.
func (s *depthView) fitView() {
	var pts []geometry.Vec3
	cloud := s.shownCloud()
	for i, d := range s.rend.Depth.Data {
		if d > 0 && i%7 == 0 {
			pts = append(pts, geometry.Vec3{float64(cloud.Data[3*i]), float64(cloud.Data[3*i+1]), float64(cloud.Data[3*i+2])})
			if s.ghost != nil && !s.quiz {
				pts = append(pts, geometry.Vec3{float64(s.ghost.Data[3*i]), float64(s.ghost.Data[3*i+1]), float64(s.ghost.Data[3*i+2])})
			}
		}
	}
	pts = append(pts, s.cam.CamToWorld().Translation(), geometry.Vec3{})
	pts = append(pts, s.frustumDepth[:]...)
	s.v3.fit(pts, depth3W, depth3H, 14)
}

// depthBg is the 3-D view's background, depthCamCol its camera.
var (
	depthBg     = color.RGBA{34, 36, 44, 255}
	depthCamCol = color.RGBA{245, 190, 50, 255}
)

// splat draws a cloud (and the ghost in red over it) into b.
func (s *depthView) splat(b *viz.Bitmap, cloud *core.Tensor, withGhost bool) {
	s.sp.begin(b, depth3W, depth3H, depthBg)
	plane := depthW * depthH
	rgb := s.rend.Color.Data
	for i, d := range s.rend.Depth.Data {
		if d > 0 {
			s.sp.put(&s.v3, point3(cloud.Data, i), linearRGB(rgb[i], rgb[plane+i], rgb[2*plane+i]), true)
		}
	}
	if withGhost {
		for i, d := range s.rend.Depth.Data {
			if d > 0 && i%2 == 0 {
				c := linearRGB(rgb[i], rgb[plane+i], rgb[2*plane+i])
				s.sp.put(&s.v3, point3(s.ghost.Data, i), viz.Mix(c, viz.Bad, 0.7), false)
			}
		}
	}
	s.sp.end()
}

// buildTimeline lists the stages. The captions carry no numbers of the
// followed pixel, which a click changes without a Reset: those are in the
// chain under the figure.
func (s *depthView) buildTimeline() {
	hw := depthH * depthW
	s.steps = append(s.steps[:0], dsPixel, dsKInv, dsDepth, dsWorld, dsCloud)
	world := "$P_\\mathrm{world} = T^{-1}(P_\\mathrm{cam}, 1)$ undoes the camera's pose: the point lands on the surface the camera saw."
	cloud := "unproject_depth does it for all " + strconv.Itoa(hw) + " pixels at once: the point cloud, coloured by the image."
	switch {
	case s.quiz:
		world = "The extrinsic takes $P_\\mathrm{cam}$ to world coordinates: where does this version put the point?"
		cloud = "All " + strconv.Itoa(hw) + " pixels at once: this version's point cloud, coloured by the image."
	case s.pitfall:
		world = "The pitfall applies T itself, not its inverse: its point (red) lands far from the surface the camera saw."
		cloud = "All pixels at once: the ghost cloud (red) keeps the shape but lands " + fmtNum(s.meanErr) + " units away on average."
	}
	s.tl = scene.Timeline{
		{Stage: "pixel", Seconds: 1.2, Shapes: "depth " + shapeOf(depthH, depthW) + ", K " + shapeOf(3, 3),
			Caption: "A pixel (u, v) of the image (click to pick another), and its depth d in the depth map."},
		{Stage: "K⁻¹", Seconds: 2.5, Shapes: "K⁻¹ " + shapeOf(3, 3) + " · (u, v, 1) " + shapeOf(3) + " → " + shapeOf(3),
			Caption: "$K^{-1}(u, v, 1)$ is a direction in camera space with z = 1: the pixel on the image plane one unit ahead."},
		{Stage: "depth", Seconds: 2.5, Shapes: "d · " + shapeOf(3) + " → P_cam " + shapeOf(3),
			Caption: "Scale by the depth: $P_\\mathrm{cam} = d\\,K^{-1}(u, v, 1)$ slides along the ray until z = d."},
		{Stage: "to world", Seconds: 2.5, Shapes: "T⁻¹ " + shapeOf(4, 4) + " · (P_cam, 1) " + shapeOf(4) + " → P_world " + shapeOf(3), Caption: world},
		{Stage: "all pixels", Seconds: 3, Shapes: "depth " + shapeOf(depthH, depthW) + " → points " + shapeOf(hw, 3), Caption: cloud},
	}
}

func (s *depthView) Timeline() scene.Timeline { return s.tl }

func (s *depthView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.cam == nil || len(s.steps) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	st := s.steps[k]
	// The chain of numbers at the bottom, wrapped, never cut.
	bad := -1
	if s.pitfall && len(s.chain) == 5 {
		bad = 4
	}
	cur := map[depthStep]int{dsPixel: 0, dsKInv: 1, dsDepth: 2, dsWorld: 3, dsCloud: 3}[st]
	top := chainPanel(c, area, f, s.chain, cur, bad, st >= dsWorld, grpDepthChain)
	// Narrow: images side by side on top, the 3-D view under them.
	// Wide: images stacked at the left, the 3-D view at the right.
	var imgR, depR, v3R viz.Rect
	if top.W < 560 {
		row, rest := top.CutTop(min(top.H*0.4, (top.W-12)/2/depthW*depthH+kitTitle+10))
		cols := row.Columns(2, 12)
		imgR, depR = cols[0], cols[1]
		_, v3R = rest.CutTop(6)
	} else {
		left, right := top.CutLeft(top.W * 0.36)
		imgR, depR = left.CutTop(left.H / 2)
		_, v3R = right.CutLeft(14)
	}
	ic := s.drawImage(c, imgR, &s.colBm, "image", grpDepthImage, f)
	dc := s.drawImage(c, depR, &s.depBm, "depth map", grpDepthMap, f)
	// The chosen pixel in both, and the hovered one.
	for _, r := range []viz.Rect{ic, dc} {
		if r.W == 0 {
			continue
		}
		px := r.X + (float64(s.u)+0.5)/depthW*r.W
		py := r.Y + (float64(s.v)+0.5)/depthH*r.H
		c.Line(px-8, py, px-3, py, 2, viz.White)
		c.Line(px+3, py, px+8, py, 2, viz.White)
		c.Line(px, py-8, px, py-3, 2, viz.White)
		c.Line(px, py+3, px, py+8, 2, viz.White)
		c.StrokeRect(px-2.5, py-2.5, 5, 5, 1.5, viz.Accent)
	}
	s.draw3D(c, v3R, f, st)
}

// drawImage draws one of the two images with its title and a grid mark.
func (s *depthView) drawImage(c viz.Canvas, r viz.Rect, b *viz.Bitmap, title string, group int, f *scene.Frame) viz.Rect {
	r = titleShape(c, r, title, shapeOf(depthH, depthW))
	im := topAspect(r, depthW, depthH)
	if im.W < 4 {
		return viz.Rect{}
	}
	c.Image(b, im.X, im.Y, im.W, im.H, false)
	f.Grid(group, im, depthH, depthW)
	if i, ok := f.Focused(group); ok {
		cw := im.W / depthW
		c.StrokeRect(im.X+float64(i%depthW)*cw, im.Y+float64(i/depthW)*cw, cw, cw, 1.5, viz.White)
	}
	return im
}

// draw3D draws the side view: the cloud (from the cloud stage), the
// camera and its image plane, the ray and the point.
func (s *depthView) draw3D(c viz.Canvas, r viz.Rect, f *scene.Frame, st depthStep) {
	r = titleShape(c, r, "3-D view (world)", "")
	// The legend's room first, under the view, outside the data.
	if s.legendItems == nil {
		ray := viz.Mix(viz.Accent, viz.White, 0.25)
		s.legendItems = []legendItem{{Col: ray, Label: "ray of the pixel"}, {Col: depthCamCol, Label: "camera and image plane"},
			{Col: viz.Bad, Label: "pitfall: T not inverted"}}
	}
	items := s.legendItems[:2]
	if s.pitfall && !s.quiz {
		items = s.legendItems
	}
	lr, r := r.CutBottom(legendHeight(c, r.W, items) + 4)
	fr := aspectRect(r, depth3W, depth3H)
	if fr.W < 20 {
		return
	}
	v := &s.v3
	switch {
	case st == dsCloud:
		b := &s.cloudBm
		if s.ghost != nil && !s.quiz {
			b = &s.bothBm
		}
		c.Image(b, fr.X, fr.Y, fr.W, fr.H, false)
	case st <= dsDepth:
		// Near the camera, where K⁻¹ and the depth act.
		c.Image(&s.nearBm, fr.X, fr.Y, fr.W, fr.H, false)
		v = &s.near
	default:
		c.Image(&s.dimBm, fr.X, fr.Y, fr.W, fr.H, false)
	}
	o := s.cam.CamToWorld().Translation()
	// World axes at the origin, a unit long.
	axisCol := [3]color.RGBA{{230, 90, 80, 255}, {90, 200, 110, 255}, {100, 150, 255, 255}}
	for a := range 3 {
		var e geometry.Vec3
		e[a] = 1
		v.line(c, fr, geometry.Vec3{}, e, 1.5, axisCol[a])
	}
	// The camera: its frustum and the image plane at z = 1.
	for i := range 4 {
		v.line(c, fr, o, s.frustumDepth[i], 1, viz.Fade(depthCamCol, 0.5))
		v.line(c, fr, s.plane[i], s.plane[(i+1)%4], 1.5, depthCamCol)
	}
	cx, cy := v.at(fr, o)
	c.FillCircle(cx, cy, 4.5, depthCamCol)
	f.Dot(grpDepthCamera, 0, cx, cy, 5)
	// The ray: through the image plane (K⁻¹ stage), out to the depth
	// (sliding during the depth stage), and the world point.
	onPlane := s.ray.World.Sub(o).Scale(1 / math.Max(s.ray.CamPoint[2], 1e-9)).Add(o)
	d := s.ray.CamPoint[2]
	ray := viz.Accent
	ray = viz.Mix(ray, viz.White, 0.25)
	switch st {
	case dsPixel:
		// Nothing yet: the pixel is picked on the image.
	case dsKInv:
		v.line(c, fr, o, onPlane, 2, ray)
		px, py := v.at(fr, onPlane)
		c.FillCircle(px, py, 4, ray)
	default:
		t := d
		if st == dsDepth {
			t = 1 + (d-1)*f.Frac
		}
		end := s.ray.World.Sub(o).Scale(t / math.Max(d, 1e-9)).Add(o)
		v.line(c, fr, o, end, 2, ray)
		px, py := v.at(fr, onPlane)
		c.FillCircle(px, py, 3, ray)
		ex, ey := v.at(fr, end)
		if s.quiz && st >= dsWorld {
			// The line of sight stays; the point is where the version
			// under test puts it.
			c.FillCircle(ex, ey, 2.5, ray)
			ex, ey = v.at(fr, s.shownPoint())
		}
		c.FillCircle(ex, ey, 5, viz.White)
		c.FillCircle(ex, ey, 3.5, viz.Accent)
		if st != dsDepth {
			f.Dot(grpDepthPoint, 0, ex, ey, 6)
		}
		if s.pitfall && !s.quiz && st >= dsWorld {
			bx, by := v.at(fr, s.badPoint)
			dashLine(c, ex, ey, bx, by, 1.5, viz.Fade(viz.Bad, 0.9))
			c.FillCircle(bx, by, 5, viz.White)
			c.FillCircle(bx, by, 3.5, viz.Bad)
			f.Dot(grpDepthPoint, 1, bx, by, 6)
		}
	}
	// The hovered image pixel's ray, linked.
	for _, g := range []int{grpDepthImage, grpDepthMap} {
		if i, ok := f.Focused(g); ok {
			if i != s.lastFocusFrom {
				dd := float64(s.rend.Depth.Data[i])
				s.lastFocusRay = s.cam.Unproject(float64(i%depthW), float64(i/depthW), math.Max(dd, 0.01))
				s.lastFocusFrom = i
			}
			v.line(c, fr, o, s.lastFocusRay.World, 1.5, viz.Fade(viz.White, 0.9))
		}
	}
	_, lr = lr.CutTop(4)
	legend(c, lr, items)
}

// Pointer implements scene.Pointer: a click on the image or the depth map
// picks the pixel followed.
func (s *depthView) Pointer(f *scene.Frame, in scene.Input) bool {
	if !in.Clicked || s.cam == nil {
		return false
	}
	t, _, ok := f.Hit(in.X, in.Y)
	if !ok || (t.Group != grpDepthImage && t.Group != grpDepthMap) {
		return false
	}
	return s.pick(t.Index%depthW, t.Index/depthW) == nil
}

// Readout implements scene.Readouter: the followed pixel's numbers.
func (s *depthView) Readout(f *scene.Frame) []scene.KV {
	if s.quiz {
		return nil // it would name the versions
	}
	return s.kv
}

// buildReadout lists the followed pixel's numbers once per pick.
func (s *depthView) buildReadout() {
	kv := []scene.KV{
		{Key: "pixel (u, v), depth", Value: "(" + strconv.Itoa(s.u) + ", " + strconv.Itoa(s.v) + "), " + fmtNum(s.ray.CamPoint[2])},
		{Key: "K⁻¹ (u, v, 1)", Value: vecText(s.ray.Dir)},
		{Key: "P_cam", Value: vecText(s.ray.CamPoint)},
		{Key: "P_world", Value: vecText(s.ray.World)},
		{Key: "camera centre", Value: vecText(s.cam.CamToWorld().Translation())},
	}
	if s.pitfall {
		kv = append(kv, scene.KV{Key: "pitfall P_world", Value: vecText(s.badPoint)},
			scene.KV{Key: "pitfall mean error", Value: fmtNum(s.meanErr)})
	}
	s.kv = kv
}

// Inspect implements scene.Inspector.
func (s *depthView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.cam == nil {
		return scene.Inspection{}, false
	}
	hw := depthW * depthH
	point := func(x *core.Tensor, i int) geometry.Vec3 {
		return geometry.Vec3{float64(x.Data[3*i]), float64(x.Data[3*i+1]), float64(x.Data[3*i+2])}
	}
	switch t.Group {
	case grpDepthImage, grpDepthMap:
		i := t.Index
		if i < 0 || i >= hw {
			return scene.Inspection{}, false
		}
		d := float64(s.rend.Depth.Data[i])
		in := scene.Inspection{Name: "pixel (" + strconv.Itoa(i%depthW) + ", " + strconv.Itoa(i/depthW) + ")",
			Value: "depth " + fmtNum(d), Tensor: "depth", Index: shapeOf(i/depthW, i%depthW), Shape: shapeOf(depthH, depthW),
			Source: "geometry.UnprojectDepth"}
		if s.quiz {
			in.Source = "the version under test"
		}
		if d > 0 {
			in.Detail = "world point " + vecText(point(s.shownCloud(), i)) + ", row " + strconv.Itoa(i) + " of the cloud"
			if s.ghost != nil && !s.quiz {
				in.Detail += "; pitfall " + vecText(point(s.ghost, i))
			}
		} else {
			in.Detail = "no surface: depth 0, left out of the cloud"
		}
		if t.Group == grpDepthImage {
			plane := hw
			rgb := s.rend.Color.Data
			in.Value = "colour (" + f2(float64(rgb[i])) + ", " + f2(float64(rgb[plane+i])) + ", " + f2(float64(rgb[2*plane+i])) + "), depth " + fmtNum(d)
		}
		return in, true
	case grpDepthPoint:
		if s.quiz {
			return scene.Inspection{Name: "world point of pixel (" + strconv.Itoa(s.u) + ", " + strconv.Itoa(s.v) + ")", Value: vecText(s.shownPoint()),
				Tensor: "P_world", Index: "[0]", Shape: shapeOf(3), Source: "the version under test"}, true
		}
		if t.Index == 1 && s.pitfall {
			return scene.Inspection{Name: "pitfall world point", Value: vecText(s.badPoint), Tensor: "P_world", Index: "[0]",
				Shape: shapeOf(3), Source: "mistakes.DepthToWorldNotInverted", Detail: "T applied where T⁻¹ belongs"}, true
		}
		return scene.Inspection{Name: "world point of pixel (" + strconv.Itoa(s.u) + ", " + strconv.Itoa(s.v) + ")", Value: vecText(s.ray.World),
			Tensor: "P_world", Index: "[0]", Shape: shapeOf(3), Source: "geometry.DepthToWorld"}, true
	case grpDepthCamera:
		return scene.Inspection{Name: "camera centre", Value: vecText(s.cam.CamToWorld().Translation()), Tensor: "T⁻¹ translation",
			Index: "[0:3, 3]", Shape: shapeOf(4, 4), Source: "geometry.Camera.CamToWorld"}, true
	case grpDepthChain:
		if t.Index < 0 || t.Index >= len(s.chain) {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "step " + strconv.Itoa(t.Index) + " of the chain", Value: s.chain[t.Index], Tensor: "", Index: "",
			Shape: shapeOf(3), Source: s.chainSrc[t.Index]}, true
	}
	return scene.Inspection{}, false
}
