package scenes

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/problems"
	"dlprep/core/render"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The views of problems 028 (virtual cinematographer) and 031 (dynamic
// re-cinematographer): one scene, two timelines. A captured view (028) or
// a short monocular video (031) of the synth3d demo world is lifted to 3-D
// points with its depth, splatted into each camera of a new path with a
// z-buffer (core/render), its holes classified against the true render of
// that camera (cracks, which bigger splats close, and disocclusions, which
// only a generative prior can fill), filled naively, and compared with the
// truth. The path's cameras are the last steps of the timeline, so the
// playhead is the camera: there is no separate camera slider.

const (
	cineW, cineH = 96, 60
	cinePath     = 12 // cameras along the new path
	cineFrames   = 6  // frames of 031's video
	cinePan      = 0.2
	// The plan's world bounds: the floor the cameras see, x by z.
	cinePlanX0, cinePlanX1 = -4.6, 4.6
	cinePlanZ0, cinePlanZ1 = -3.3, 6.3
	// cineBall is the demo world's object id of the ball that rolls in
	// 031: 2 planes and 2 boxes come first.
	cineBall = 4
)

// Inspection groups of the cinematographer views.
const (
	grpCineSrc = iota + 1
	grpCineDepth
	grpCineFrame
	grpCineMask
	grpCineSplat
	grpCineOnly
	grpCineTruth
	grpCineKinds
	grpCineFilled
	grpCineErr
	grpCineCam // a camera of the plan: Index k of the path, cinePath the source
	grpCineBar // a frame of the chart
	// grpCineRay0 + k is channel k of the Plücker rays.
	grpCineRay0 = 100
)

type cineStep int

const (
	cineSource  cineStep = iota // 028: the captured view
	cineVideo                   // 031: the video plays
	cineMask                    // 031: what moved
	cineLift                    // the points, from above
	cineSplat                   // one camera: splatted
	cineHoles                   // why each hole is empty
	cineFill                    // the naive fill against the truth
	cineRays                    // Plücker rays of that camera
	cinePathCam                 // a camera of the path (one step each)
)

// Colours of the hole kinds (index: render.HoleKind).
var cineKindCols = [4]color.RGBA{{0, 0, 0, 0}, {240, 160, 20, 255}, {210, 40, 40, 255}, {120, 60, 190, 255}}

// cineHoleCol is how a hole looks in a splatted image.
var cineHoleCol = color.RGBA{20, 20, 24, 255}

// cineCam is one camera of the path with everything shown for it.
type cineCam struct {
	s                                           float64
	cam                                         *geometry.Camera
	view                                        *render.View // the cloud splatted
	only                                        *render.View // 031: frame t alone splatted
	kinds                                       []render.HoleKind
	counts                                      [4]int // pixels per kind (NotHole: covered)
	filled                                      *core.Tensor
	truth                                       *core.Tensor // synth3d's render from this camera
	fillErr                                     float64      // mean |filled − truth| over the holes
	imageErr                                    float64      // over the whole image
	bmSplat, bmOnly, bmKinds, bmFilled, bmTruth viz.Bitmap
}

type cineView struct {
	problem string
	// params
	span      float64
	mode      render.Mode
	t         int  // 031: the frozen frame
	aggregate bool // 031: pool the other frames' static points
	// computed
	frames []render.Frame // 028: the source alone; 031: the video
	ids    [][]int        // object ids of each frame (the ball's pixels, for the plan)
	dyn    [][]bool
	cloud  *render.Cloud
	cams   [cinePath]cineCam
	rays   *core.Tensor // Plücker rays of the far camera
	rayMax float64
	// pictures
	bmFrames                []viz.Bitmap
	hDepth                  []heat
	bmMask                  viz.Bitmap
	hErr                    heat
	errVals                 []float32
	hRays                   [6]heat
	bmRayD, bmRayM          viz.Bitmap
	chart                   dsChart
	plan                    cinePlan
	steps                   []cineStep
	stepCam                 []int // the path camera each step shows (-1: none)
	tl                      scene.Timeline
	depthShape, imgShape    string
	cloudShape, countsLabel string
	kindItems               [3][]legendItem // legend entries with counts, far camera
	ro                      []scene.KV
	roStep                  int
}

// cinePlan is what the plan draws, made by Reset: the world's boxes and
// balls, a sample of the points, and the cameras.
type cinePlan struct {
	px, pz  []float32    // sampled points (x, z)
	pcol    []color.RGBA // their colours
	pdyn    []bool       // the point is the moving ball (031)
	eye     []geometry.Vec3
	fwd     []geometry.Vec3
	srcEye  geometry.Vec3 // the source camera (031: frame t's)
	srcFwd  geometry.Vec3
	ghost   []geometry.Vec3  // 031: the ball's centre in every frame
	bm      viz.Bitmap       // every point, from above
	bmFaint viz.Bitmap       // the same, faint (where they will land)
	boxes   []synth3d.Box    // the world's objects, outlined
	balls   []synth3d.Sphere // (at the frozen time)

	flyAt  []viz.Point  // the points in flight this frame, on screen
	flyCol []color.RGBA // and their colours
}

func newCineView(problem string) *cineView { return &cineView{problem: problem, roStep: -1} }

func (s *cineView) dynamic() bool { return s.problem == "031" }

func (s *cineView) Info() scene.Info {
	p, _ := problems.Lookup(s.problem)
	in := scene.Info{ID: "virtual_cinematographer", Problem: s.problem, Title: p.Title, Family: "system design", Statement: p.Statement}
	if s.dynamic() {
		in.ID = "re_cinematographer"
		in.Formula = `\mathrm{dyn}_k(p) = [\,D_j(\pi_j X_p) > (1+\tau)\,z_j(X_p)\ \text{for some } j\,];\quad ` +
			`\mathcal{P}_t = \{X_p^{(t)}\} \cup \{X_p^{(k)} : \neg\mathrm{dyn}_k(p)\};\quad (u', v') = \pi(K\,T'X),\ \text{nearest } z' \text{ wins}`
		in.LookFor = "Step through the video: the camera pans a little and the green ball rolls. A pixel is dynamic when another frame sees " +
			"past the point it shows (the ball had moved away). Bullet time freezes the instant t and moves the camera: the ball is taken " +
			"from frame t only, the static world from every frame, so what the ball hid at t was seen at other times and the holes behind " +
			"it close (turn 'pool other frames' off to see them open). What no frame saw, behind the boxes, stays a disocclusion: that is the " +
			"generative prior's job. The chart's outlines are frame t alone, the bars the pooled 4-D points."
	} else {
		in.Formula = `X = T^{-1}\left[\,d\,K^{-1}(u, v, 1)^\top\right];\quad (u', v', z') = \pi(K\,T'X),\ \text{nearest } z' \text{ wins};\quad ` +
			`\mathbf{r} = (\mathbf{d},\ \mathbf{o}\times\mathbf{d})`
		in.LookFor = "One view and its depth give points on the surfaces the camera saw, and nothing behind them. Moving the camera along " +
			"the path, the holes grow: cracks where the points of a surface spread apart (Gaussian splats as wide as their source pixel " +
			"close them) and disocclusions beside the boxes and the ball, surfaces the source never saw. Filling from the background side " +
			"hides cracks but smears disocclusions: the chart's error line is what a generative model must do better, conditioned on " +
			"the Plücker rays of the new camera."
	}
	return in
}

func (s *cineView) Params() []scene.Param {
	// 028 starts with points, so its cracks show; 031's lesson is the
	// pooling, clearest once Gaussians have closed the cracks.
	splat := 0.0
	if s.dynamic() {
		splat = 1
	}
	ps := []scene.Param{
		{Name: "span", Label: "path span", Kind: scene.Float, Min: 0.1, Max: 1, Step: 0.05, Default: 0.8,
			Help: "how far the new path swings from the source camera"},
		{Name: "splat", Label: "splat", Kind: scene.Choice, Choices: []string{"points", "gaussians"}, Default: splat,
			Help: "one pixel per point, or a 3-D Gaussian as wide as the point's source pixel"},
	}
	if s.dynamic() {
		ps = append(ps,
			scene.Param{Name: "time", Label: "frozen frame t", Kind: scene.Int, Min: 0, Max: cineFrames - 1, Step: 1, Default: 2,
				Help: "the instant bullet time freezes"},
			scene.Param{Name: "pool", Label: "pool other frames", Kind: scene.Bool, Default: 1,
				Help: "add the static points of every other frame"})
	}
	return ps
}

func (s *cineView) Presets() []scene.Preset {
	if s.dynamic() {
		// Presets open where their point shows: the splat, the holes, the
		// 4-D points.
		return []scene.Preset{
			{Name: "Frame t alone", Values: scene.Values{"pool": 0}, Step: 3},
			{Name: "Point splats", Values: scene.Values{"splat": 0}, Step: 4},
			{Name: "Freeze the first frame", Values: scene.Values{"time": 0}, Step: 2},
		}
	}
	// The holes step, and the last camera of the path.
	return []scene.Preset{
		{Name: "3-D Gaussians", Values: scene.Values{"splat": 1}, Step: 3},
		{Name: "Small move", Values: scene.Values{"span": 0.25}, Step: 6 + cinePath - 1},
		{Name: "Wide swing", Values: scene.Values{"span": 1}, Step: 6 + cinePath - 1},
	}
}

func (s *cineView) Reset(v scene.Values) error {
	s.span = v["span"]
	if !(s.span >= 0.1 && s.span <= 1) {
		return fmt.Errorf("%s: span = %v must be in [0.1, 1]", s.Info().ID, s.span)
	}
	s.mode = render.Points
	if v["splat"] == 1 {
		s.mode = render.Gaussians
	}
	s.t, s.aggregate = 0, false
	if s.dynamic() {
		s.t, s.aggregate = int(v["time"]), v["pool"] != 0
		if s.t < 0 || s.t >= cineFrames {
			return fmt.Errorf("re_cinematographer: time = %d is not a frame of 0..%d", s.t, cineFrames-1)
		}
	}
	if err := s.capture(); err != nil {
		return err
	}
	if err := s.renderPath(); err != nil {
		return err
	}
	s.buildPictures()
	s.buildTimeline()
	s.ro, s.roStep = nil, -1
	return nil
}

// cineWorld is the demo world at frame k of the video (031: the green
// ball rolls across in front of the boxes; 028: k is ignored).
func (s *cineView) cineWorld(k int) *synth3d.World {
	w := synth3d.DemoWorld()
	if s.dynamic() {
		w.Spheres[0].Center = geometry.Vec3{-1.2 + 2.4*float64(k)/(cineFrames-1), 0.5, 1.4}
	}
	return w
}

// sourcePose is the pose parameter of frame k's camera: 028's single view
// is straight on; 031's video pans from -cinePan to cinePan.
func (s *cineView) sourcePose(k int) float64 {
	if !s.dynamic() {
		return 0
	}
	return -cinePan + 2*cinePan*float64(k)/(cineFrames-1)
}

// capture renders the input (one view, or the video) and lifts it.
func (s *cineView) capture() error {
	n := 1
	if s.dynamic() {
		n = cineFrames
	}
	r, err := synth3d.NewRenderer(cineW, cineH)
	if err != nil {
		return err
	}
	k := synth3d.DemoIntrinsics(cineW, cineH)
	s.frames, s.ids = s.frames[:0], s.ids[:0]
	for f := range n {
		cam, err := geometry.NewCamera(s.Info().ID, k, synth3d.DemoPose(s.sourcePose(f)))
		if err != nil {
			return err
		}
		r.Render(s.cineWorld(f), cam)
		s.frames = append(s.frames, render.Frame{Color: r.Color.Clone(), Depth: r.Depth.Clone(), Cam: cam})
		s.ids = append(s.ids, append([]int(nil), r.Object...))
	}
	if !s.dynamic() {
		s.dyn = [][]bool{make([]bool, cineW*cineH)}
		s.cloud, err = render.Lift(s.frames[0].Color, s.frames[0].Depth, s.frames[0].Cam)
		return err
	}
	if s.dyn, err = render.DynamicMask(s.frames, render.Consistency); err != nil {
		return err
	}
	s.cloud, err = render.BulletTime(s.frames, s.dyn, s.t, s.aggregate)
	return err
}

// pathS is the pose parameter of camera k of the new path.
func (s *cineView) pathS(k int) float64 {
	return -s.span + 2*s.span*float64(k)/(cinePath-1)
}

// renderPath splats the cloud into every camera of the path and compares
// with synth3d's render of the world (at the frozen time) from there.
func (s *cineView) renderPath() error {
	r, err := synth3d.NewRenderer(cineW, cineH)
	if err != nil {
		return err
	}
	world := s.cineWorld(s.t)
	k := synth3d.DemoIntrinsics(cineW, cineH)
	sources := s.frames
	if s.dynamic() && !s.aggregate {
		sources = s.frames[s.t : s.t+1]
	}
	var only *render.Cloud
	if s.dynamic() {
		if only, err = render.BulletTime(s.frames, s.dyn, s.t, false); err != nil {
			return err
		}
	}
	for i := range s.cams {
		cc := &s.cams[i]
		cc.s = s.pathS(i)
		if cc.cam, err = geometry.NewCamera(s.Info().ID, k, synth3d.DemoPose(cc.s)); err != nil {
			return err
		}
		r.Render(world, cc.cam)
		cc.truth = r.Color.Clone()
		truthDepth := r.Depth.Clone()
		if cc.view, err = render.Splat(s.cloud, cc.cam, cineW, cineH, s.mode); err != nil {
			return err
		}
		cc.only = nil
		if only != nil {
			if cc.only, err = render.Splat(only, cc.cam, cineW, cineH, s.mode); err != nil {
				return err
			}
		}
		if cc.kinds, err = render.ClassifyHoles(cc.view, truthDepth, cc.cam, sources); err != nil {
			return err
		}
		cc.counts = [4]int{}
		for _, kd := range cc.kinds {
			cc.counts[kd]++
		}
		cc.filled = render.FillHoles(cc.view)
		holes := make([]bool, cineW*cineH)
		for j := range holes {
			holes[j] = cc.view.Hole(j)
		}
		if cc.fillErr, err = render.MeanAbsError(cc.filled, cc.truth, holes); err != nil {
			return err
		}
		if cc.imageErr, err = render.MeanAbsError(cc.filled, cc.truth, nil); err != nil {
			return err
		}
	}
	s.rays, err = render.PluckerRays(s.cams[cinePath-1].cam, cineW, cineH)
	return err
}

// buildPictures paints every bitmap and heat the timeline shows.
func (s *cineView) buildPictures() {
	n := len(s.frames)
	if cap(s.bmFrames) < n {
		s.bmFrames, s.hDepth = make([]viz.Bitmap, n), make([]heat, n)
	}
	s.bmFrames, s.hDepth = s.bmFrames[:n], s.hDepth[:n]
	far := 0.0
	for _, fr := range s.frames {
		for _, d := range fr.Depth.Data {
			far = max(far, float64(d))
		}
	}
	for f, fr := range s.frames {
		dsSetRGB(&s.bmFrames[f], fr.Color, nil, cineHoleCol)
		s.hDepth[f].set(fr.Depth.Data, cineH, cineW, viz.Viridis, 0, math.Ceil(far), nil)
	}
	// The frozen frame with its moving pixels tinted.
	newBitmap(&s.bmMask, cineW, cineH)
	copy(s.bmMask.Img.Pix, s.bmFrames[s.t].Img.Pix)
	for i, d := range s.dyn[s.t] {
		if d {
			s.bmMask.Img.SetRGBA(i%cineW, i/cineW, viz.Mix(s.bmMask.Img.RGBAAt(i%cineW, i/cineW), viz.Bad, 0.75))
		}
	}
	s.bmMask.Touch()
	for i := range s.cams {
		cc := &s.cams[i]
		v := cc.view
		dsSetRGB(&cc.bmSplat, v.Color, v.Hole, cineHoleCol)
		if cc.only != nil {
			dsSetRGB(&cc.bmOnly, cc.only.Color, cc.only.Hole, cineHoleCol)
		}
		dsSetRGB(&cc.bmFilled, cc.filled, nil, cineHoleCol)
		dsSetRGB(&cc.bmTruth, cc.truth, nil, cineHoleCol)
		newBitmap(&cc.bmKinds, cineW, cineH)
		for j, kd := range cc.kinds {
			col := viz.Mix(viz.White, cc.bmTruth.Img.RGBAAt(j%cineW, j/cineW), 0.25)
			if kd != render.NotHole {
				col = cineKindCols[kd]
			}
			cc.bmKinds.Img.SetRGBA(j%cineW, j/cineW, col)
		}
		cc.bmKinds.Touch()
	}
	fc := &s.cams[cinePath-1]
	plane := cineW * cineH
	s.errVals = s.errVals[:0]
	for j := 0; j < plane; j++ {
		e := 0.0
		for ch := 0; ch < 3; ch++ {
			e += math.Abs(float64(fc.filled.Data[ch*plane+j] - fc.truth.Data[ch*plane+j]))
		}
		s.errVals = append(s.errVals, float32(e/3))
	}
	s.hErr.set(s.errVals, cineH, cineW, viz.Viridis, 0, 0.5, nil)
	s.rayMax = 0
	for _, v := range s.rays.Data[3*plane:] {
		s.rayMax = max(s.rayMax, math.Abs(float64(v)))
	}
	for k := range s.hRays {
		lim := 1.0
		if k >= 3 {
			lim = s.rayMax
		}
		s.hRays[k].set(s.rays.Data[k*plane:(k+1)*plane], cineH, cineW, viz.BlueWhiteRed, -lim, lim, nil)
	}
	dsSetVec(&s.bmRayD, s.rays, 0, 1)
	dsSetVec(&s.bmRayM, s.rays, 3, max(s.rayMax, 1e-9))
	// The chart: holes per camera by kind, the fill error on the holes.
	stacks := make([][]float64, cinePath)
	line := make([]float64, cinePath)
	var outline []float64
	if s.dynamic() {
		outline = make([]float64, cinePath)
	}
	for i := range s.cams {
		cc := &s.cams[i]
		stacks[i] = []float64{100 * float64(cc.counts[render.Disocclusion]) / float64(plane),
			100 * float64(cc.counts[render.Crack]) / float64(plane), 100 * float64(cc.counts[render.Outside]) / float64(plane)}
		line[i] = cc.fillErr
		if outline != nil {
			outline[i] = 100 * cc.only.HoleFraction()
		}
	}
	items := []legendItem{{cineKindCols[render.Disocclusion], "disocclusion"}, {cineKindCols[render.Crack], "crack"},
		{cineKindCols[render.Outside], "outside"}, {viz.Bad, "fill error"}}
	if s.dynamic() {
		items = append(items, legendItem{viz.Ink, "frame t alone (outline)"})
	}
	s.chart.set(stacks, []color.RGBA{cineKindCols[render.Disocclusion], cineKindCols[render.Crack], cineKindCols[render.Outside]},
		outline, line, "holes % of the image", "fill error on the holes", "camera on the new path", items)
	s.buildPlan()
	s.imgShape = shapeOf(3, cineH, cineW)
	s.depthShape = shapeOf(cineH, cineW)
	s.cloudShape = shapeOf(s.cloud.Len(), 3)
	for i, kd := range []render.HoleKind{render.Crack, render.Disocclusion, render.Outside} {
		s.kindItems[i] = []legendItem{{cineKindCols[kd], kd.String() + ": " + strconv.Itoa(fc.counts[kd]) + " px"}}
	}
}

// cinePlanPPM is the plan bitmap's resolution in pixels per metre.
const cinePlanPPM = 32

// cinePlanBg is the plan's floor colour.
var cinePlanBg = color.RGBA{244, 242, 236, 255}

// buildPlan paints the points into the plan's bitmaps (as they are, and
// faint), samples the few that fly out in the lift step, and places the
// cameras.
func (s *cineView) buildPlan() {
	p := &s.plan
	bw, bh := int(math.Ceil((cinePlanX1-cinePlanX0)*cinePlanPPM)), int(math.Ceil((cinePlanZ1-cinePlanZ0)*cinePlanPPM))
	newBitmap(&p.bm, bw, bh)
	newBitmap(&p.bmFaint, bw, bh)
	for i := 0; i < len(p.bm.Img.Pix); i += 4 {
		for _, b := range [2]*viz.Bitmap{&p.bm, &p.bmFaint} {
			b.Img.Pix[i], b.Img.Pix[i+1], b.Img.Pix[i+2], b.Img.Pix[i+3] = cinePlanBg.R, cinePlanBg.G, cinePlanBg.B, 255
		}
	}
	p.px, p.pz, p.pcol, p.pdyn = p.px[:0], p.pz[:0], p.pcol[:0], p.pdyn[:0]
	for i := 0; i < s.cloud.Len(); i++ {
		x, z := float64(s.cloud.XYZ[3*i]), float64(s.cloud.XYZ[3*i+2])
		col := color.RGBA{dsByte(s.cloud.RGB[3*i]), dsByte(s.cloud.RGB[3*i+1]), dsByte(s.cloud.RGB[3*i+2]), 255}
		px := int(s.cloud.Pixel[i])
		dyn := s.dynamic() && s.ids[s.cloud.Frame[i]][px] == cineBall
		if dyn {
			col = viz.Bad
		}
		bx, by := int((x-cinePlanX0)*cinePlanPPM), int((cinePlanZ1-z)*cinePlanPPM)
		for dy := 0; dy < 2; dy++ {
			for dx := 0; dx < 2; dx++ {
				if xx, yy := bx+dx, by+dy; xx >= 0 && yy >= 0 && xx < bw && yy < bh {
					p.bm.Img.SetRGBA(xx, yy, col)
					p.bmFaint.Img.SetRGBA(xx, yy, viz.Mix(cinePlanBg, col, 0.3))
				}
			}
		}
		// One point in six of frame t flies out along its ray.
		if int(s.cloud.Frame[i]) != s.t || px%cineW%3 != 0 || px/cineW%2 != 0 {
			continue
		}
		p.px, p.pz = append(p.px, float32(x)), append(p.pz, float32(z))
		p.pcol, p.pdyn = append(p.pcol, col), append(p.pdyn, dyn)
	}
	p.bm.Touch()
	p.bmFaint.Touch()
	p.eye, p.fwd = p.eye[:0], p.fwd[:0]
	for i := range s.cams {
		e, f := camAxes(s.cams[i].cam)
		p.eye, p.fwd = append(p.eye, e), append(p.fwd, f)
	}
	p.srcEye, p.srcFwd = camAxes(s.frames[s.t].Cam)
	w := s.cineWorld(s.t)
	p.boxes, p.balls = w.Boxes, w.Spheres
	p.ghost = p.ghost[:0]
	if s.dynamic() {
		for f := range cineFrames {
			p.ghost = append(p.ghost, s.cineWorld(f).Spheres[0].Center)
		}
	}
}

// camAxes are a camera's centre and viewing direction in the world.
func camAxes(c *geometry.Camera) (eye, fwd geometry.Vec3) {
	c2w := c.CamToWorld()
	r := c2w.Rotation()
	return c2w.Translation(), geometry.Vec3{r[2], r[5], r[8]}
}

func (s *cineView) buildTimeline() {
	s.steps, s.stepCam, s.tl = s.steps[:0], s.stepCam[:0], s.tl[:0]
	add := func(k cineStep, cam int, stage, caption, shapes string, sec float64) {
		s.steps, s.stepCam = append(s.steps, k), append(s.stepCam, cam)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	far := cinePath - 1
	fc := &s.cams[far]
	img, dep := s.imgShape, shapeOf(cineH, cineW)
	farName := "camera " + strconv.Itoa(cinePath) + " (the end of the path)"
	pct := func(n int) string { return fmtNum(100*float64(n)/float64(cineW*cineH)) + "%" }
	if s.dynamic() {
		add(cineVideo, -1, "video", "The input: "+strconv.Itoa(cineFrames)+" frames of one moving camera while the ball rolls, each with colour and depth.",
			strconv.Itoa(cineFrames)+" × "+img+" and "+strconv.Itoa(cineFrames)+" × "+dep, 1.8)
		moving := 0
		for _, d := range s.dyn[s.t] {
			if d {
				moving++
			}
		}
		add(cineMask, -1, "what moved", "A pixel moved if another frame sees past its 3-D point (red): "+strconv.Itoa(moving)+
			" pixels of frame "+strconv.Itoa(s.t)+", the ball.", strconv.Itoa(cineFrames)+" × "+dep+" → masks "+strconv.Itoa(cineFrames)+" × "+dep, 2.5)
		what := "the static points of all " + strconv.Itoa(cineFrames) + " frames and the ball of frame " + strconv.Itoa(s.t) + " only"
		if !s.aggregate {
			what = "frame " + strconv.Itoa(s.t) + "'s points alone (pooling is off)"
		}
		add(cineLift, -1, "4-D points", "Time frozen at t = "+strconv.Itoa(s.t)+": "+what+". From above, the ball's other places are ghosts.",
			"frames → points "+s.cloudShape, 2.5)
		add(cineSplat, far, "splat", "Bullet time, "+farName+": frame "+strconv.Itoa(s.t)+" alone leaves "+pct(fc.only.Holes)+" holes; the pooled points "+pct(fc.view.Holes)+".",
			"points "+s.cloudShape+" → "+img, 2.5)
	} else {
		add(cineSource, -1, "source view", "The one captured view: colour and depth (synth3d renders both; a real system estimates the depth).",
			"image "+img+", depth "+dep, 1.8)
		add(cineLift, -1, "lift to 3-D", "Each pixel goes back along its ray to its depth, $X = T^{-1}[\\,d\\,K^{-1}(u, v, 1)^\\top]$: points on the surfaces the camera saw, nothing behind them.",
			"depth "+dep+" → points "+s.cloudShape, 2.5)
		add(cineSplat, far, "project + z-buffer", "At "+farName+", each point lands at $\\pi(K\\,T'X)$ and the nearest wins its pixel. Black: no point landed ("+pct(fc.view.Holes)+").",
			"points "+s.cloudShape+" → "+img, 2.5)
	}
	add(cineHoles, far, "why holes", "Cracks (orange): the surface was seen but its points spread apart; Gaussian splats close them. Disocclusions (red): never seen, a generative prior must invent them.",
		"holes "+dep+" → kinds "+dep, 3)
	add(cineFill, far, "naive fill", "Filling each hole from the background side of its row: cracks vanish, disocclusions smear. Error on the holes "+fmtNum(fc.fillErr)+".",
		img+" → "+img, 2.5)
	add(cineRays, far, "ray conditioning", "A generator is told where each pixel looks: its Plücker ray $(\\mathbf{d},\\ \\mathbf{o}\\times\\mathbf{d})$, six numbers per pixel.",
		"camera → rays "+shapeOf(6, cineH, cineW), 2.5)
	for i := range s.cams {
		cc := &s.cams[i]
		caption := "Camera " + strconv.Itoa(i+1) + " of " + strconv.Itoa(cinePath) + " (s = " + f2(cc.s) + "): " + pct(cc.view.Holes) + " holes, " +
			pct(cc.counts[render.Disocclusion]) + " of them disoccluded; fill error " + fmtNum(cc.fillErr) + "."
		if s.dynamic() {
			caption = "Bullet time, camera " + strconv.Itoa(i+1) + " of " + strconv.Itoa(cinePath) + ": " + pct(cc.view.Holes) + " holes pooled, " +
				pct(cc.only.Holes) + " from frame " + strconv.Itoa(s.t) + " alone; fill error " + fmtNum(cc.fillErr) + "."
		}
		add(cinePathCam, i, "new path", caption, "points "+s.cloudShape+" → "+img+" per camera", 0.9)
	}
}

func (s *cineView) Timeline() scene.Timeline { return s.tl }

// cur is the step shown and its camera.
func (s *cineView) cur(f *scene.Frame) (cineStep, int) {
	k := min(max(f.Step, 0), len(s.steps)-1)
	return s.steps[k], s.stepCam[k]
}

func (s *cineView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if len(s.steps) == 0 || s.cloud == nil || area.W < 40 || area.H < 40 {
		return
	}
	st, ci := s.cur(f)
	switch st {
	case cineSource:
		cells := flowCells(area, 2, 24, 200)
		dsImage(c, cells[0], f, &s.bmFrames[0], cineW, cineH, "source image", s.imgShape, grpCineSrc)
		dsHeat(c, cells[1], f, &s.hDepth[0], "depth z", s.depthShape, grpCineDepth)
	case cineVideo:
		fr := min(int(f.Frac*float64(cineFrames)), cineFrames-1)
		cells := flowCells(area, 2, 24, 200)
		dsImage(c, cells[0], f, &s.bmFrames[fr], cineW, cineH, cineFrameTitles[fr], s.imgShape, grpCineFrame)
		dsHeat(c, cells[1], f, &s.hDepth[fr], cineDepthTitles[fr], s.depthShape, grpCineDepth)
	case cineMask:
		cells := flowCells(area, 2, 24, 200)
		dsImage(c, cells[0], f, &s.bmFrames[s.t], cineW, cineH, cineFrameTitles[s.t], s.imgShape, grpCineFrame)
		dsImage(c, cells[1], f, &s.bmMask, cineW, cineH, "moving pixels (red)", s.depthShape, grpCineMask)
	case cineLift:
		s.drawLift(c, area, f)
	case cineSplat:
		s.drawSplat(c, area, f, ci)
	case cineHoles:
		s.drawHoles(c, area, f, ci)
	case cineFill:
		cc := &s.cams[ci]
		cells := flowCells(area, 3, 20, 150)
		a := dsImage(c, cells[0], f, &cc.bmFilled, cineW, cineH, "filled", s.imgShape, grpCineFilled)
		b := dsImage(c, cells[1], f, &cc.bmTruth, cineW, cineH, "truth (synth3d)", s.imgShape, grpCineTruth)
		e := dsHeat(c, cells[2], f, &s.hErr, "|filled − truth|", s.depthShape, grpCineErr)
		s.linkPixel(c, f, a, b, e)
	case cineRays:
		if area.W < 520 {
			// A phone: each triple as one colour image (r, g, b = x, y, z).
			cells := flowCells(area, 2, 24, 200)
			dsImage(c, cells[0], f, &s.bmRayD, cineW, cineH, "direction d as r, g, b", s.imgShape, grpCineRay0)
			dsImage(c, cells[1], f, &s.bmRayM, cineW, cineH, "moment o × d as r, g, b", s.imgShape, grpCineRay0+3)
			break
		}
		cells := flowCells(area, 6, 14, area.W/3-14)
		for k := range s.hRays {
			dsHeat(c, cells[k], f, &s.hRays[k], cineRayNames[k], "", grpCineRay0+k)
		}
	case cinePathCam:
		s.drawPath(c, area, f, ci)
	}
}

var (
	cineRayNames    = [6]string{"direction d, x", "d, y", "d, z", "moment o × d, x", "o × d, y", "o × d, z"}
	cineFrameTitles = [cineFrames]string{"frame 0", "frame 1", "frame 2", "frame 3", "frame 4", "frame 5"}
	cineDepthTitles = [cineFrames]string{"depth, frame 0", "depth, frame 1", "depth, frame 2", "depth, frame 3", "depth, frame 4", "depth, frame 5"}
)

// drawLift is the cloud from above: the points fly out along their rays
// from the source camera as the step plays, the path's cameras wait.
func (s *cineView) drawLift(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	planR, side := area, viz.Rect{}
	if area.W > 480 {
		planR, side = area.CutLeft(area.W * 0.58)
		side.X += 20
		side.W -= 20
	}
	t := min(f.Frac*1.6, 1)
	s.drawPlan(c, planR, f, -1, t, "points from above")
	if side.W > 0 {
		r := dsImage(c, viz.Rect{X: side.X, Y: side.Y, W: side.W, H: side.H * 0.6}, f, &s.bmFrames[s.t], cineW, cineH, cineFrameTitles[s.t], s.imgShape, grpCineSrc)
		text := "Green: the source camera. Blue: the new path's cameras."
		if s.dynamic() {
			text = "Red: the ball of frame t, the only one kept; dashed rings: where it was in the other frames."
		}
		note(c, viz.Rect{X: side.X, Y: r.Y + r.H + 10, W: side.W, H: side.H*0.4 - 10}, text, viz.InkMuted)
	}
}

// drawPlan draws the world from above in r: walls and objects, the
// points (flown t of the way out from the source camera), the source
// camera, the path with camera cur highlighted (-1: none).
func (s *cineView) drawPlan(c viz.Canvas, r viz.Rect, f *scene.Frame, cur int, t float64, title string) viz.Rect {
	r = panel(c, r, title)
	pl := dsNewPlan(r, cinePlanX0, cinePlanX1, cinePlanZ0, cinePlanZ1)
	p := &s.plan
	if t >= 1 {
		c.Image(&p.bm, pl.r.X, pl.r.Y, pl.r.W, pl.r.H, true)
	} else {
		c.Image(&p.bmFaint, pl.r.X, pl.r.Y, pl.r.W, pl.r.H, true)
	}
	c.StrokeRect(pl.r.X, pl.r.Y, pl.r.W, pl.r.H, 1, viz.Grid)
	// The world's objects as faint outlines: the points cover only the
	// faces the source saw.
	for _, b := range p.boxes {
		x0, z0 := pl.at(b.Min[0], b.Max[2])
		x1, z1 := pl.at(b.Max[0], b.Min[2])
		c.StrokeRect(x0, z0, x1-x0, z1-z0, 1, viz.Grid)
	}
	for _, b := range p.balls {
		u, v := pl.at(b.Center[0], b.Center[2])
		c.StrokeRect(u-b.Radius*pl.scale, v-b.Radius*pl.scale, 2*b.Radius*pl.scale, 2*b.Radius*pl.scale, 1, viz.Grid)
	}
	if t < 1 {
		// The sampled points flying out from the camera along their rays.
		ex, ez := p.srcEye[0], p.srcEye[2]
		// A thousand squares a frame: one batch (viz.Squares), not a
		// FillRect each.
		ps := max(2, pl.scale*0.07)
		p.flyAt, p.flyCol = p.flyAt[:0], p.flyCol[:0]
		for i := range p.px {
			x, z := ex+(float64(p.px[i])-ex)*t, ez+(float64(p.pz[i])-ez)*t
			u, v := pl.at(x, z)
			if pl.r.Contains(u, v) {
				p.flyAt = append(p.flyAt, viz.Point{X: u, Y: v})
				p.flyCol = append(p.flyCol, p.pcol[i])
			}
		}
		viz.Squares(c, p.flyAt, ps, p.flyCol)
	}
	for k, g := range p.ghost {
		// The ball's place in the other frames: a dashed ring.
		u, v := pl.at(g[0], g[2])
		rr := 0.5 * pl.scale
		col := viz.Fade(viz.Bad, 0.55)
		if k == s.t {
			col = viz.Bad
		}
		for a := 0; a < 16; a += 2 {
			a0, a1 := float64(a)*math.Pi/8, float64(a+1)*math.Pi/8
			c.Line(u+rr*math.Cos(a0), v+rr*math.Sin(a0), u+rr*math.Cos(a1), v+rr*math.Sin(a1), 1.5, col)
		}
	}
	half := math.Atan(0.5 * cineW / synth3d.DemoIntrinsics(cineW, cineH)[0])
	for k := range p.eye {
		col, wd := viz.Fade(viz.Accent, 0.45), 1.0
		if k == cur {
			continue
		}
		u, v := pl.camera(c, p.eye[k], p.fwd[k], half, 0.5, col, wd)
		f.Dot(grpCineCam, k, u, v, 4)
	}
	u, v := pl.camera(c, p.srcEye, p.srcFwd, half, 1.2, viz.Good, 2)
	f.Dot(grpCineCam, cinePath, u, v, 5)
	if cur >= 0 {
		u, v := pl.camera(c, p.eye[cur], p.fwd[cur], half, 1.6, viz.Accent, 2.5)
		f.Dot(grpCineCam, cur, u, v, 6)
	}
	return pl.r
}

// drawSplat shows the splat of camera ci beside the truth (031: frame t
// alone beside the pooled points).
func (s *cineView) drawSplat(c viz.Canvas, area viz.Rect, f *scene.Frame, ci int) {
	cc := &s.cams[ci]
	if s.dynamic() {
		cells := flowCells(area, 3, 20, 150)
		a := dsImage(c, cells[0], f, &cc.bmOnly, cineW, cineH, "frame t alone", s.imgShape, grpCineOnly)
		b := dsImage(c, cells[1], f, &cc.bmSplat, cineW, cineH, "pooled 4-D points", s.imgShape, grpCineSplat)
		d := dsImage(c, cells[2], f, &cc.bmTruth, cineW, cineH, "truth (synth3d)", s.imgShape, grpCineTruth)
		s.linkPixel(c, f, a, b, d)
		return
	}
	cells := flowCells(area, 2, 24, 200)
	a := dsImage(c, cells[0], f, &cc.bmSplat, cineW, cineH, "splatted", s.imgShape, grpCineSplat)
	b := dsImage(c, cells[1], f, &cc.bmTruth, cineW, cineH, "truth (synth3d)", s.imgShape, grpCineTruth)
	s.linkPixel(c, f, a, b)
}

// drawHoles shows the splat beside each hole's kind, the counts below.
func (s *cineView) drawHoles(c viz.Canvas, area viz.Rect, f *scene.Frame, ci int) {
	cc := &s.cams[ci]
	lh := viz.LineHeight(kitLabel) + 2
	cells := flowCells(viz.Rect{X: area.X, Y: area.Y, W: area.W, H: area.H - 3*lh - 8}, 2, 24, 200)
	a := dsImage(c, cells[0], f, &cc.bmSplat, cineW, cineH, "splatted", s.imgShape, grpCineSplat)
	b := dsImage(c, cells[1], f, &cc.bmKinds, cineW, cineH, "holes by kind", s.depthShape, grpCineKinds)
	s.linkPixel(c, f, a, b)
	y := min(max(a.Y+a.H, b.Y+b.H)+10, area.Y+area.H-3*lh)
	for _, it := range s.kindItems {
		legend(c, viz.Rect{X: area.X, Y: y, W: area.W, H: lh}, it)
		y += lh
	}
}

// cinePixelGroups are the groups whose elements are pixels of a view.
var cinePixelGroups = [...]int{grpCineSplat, grpCineOnly, grpCineTruth, grpCineKinds, grpCineFilled, grpCineErr}

// linkPixel outlines, in every image drawn at rects, the pixel hovered in
// any of them: one pixel seen splatted, classified, filled and true.
func (s *cineView) linkPixel(c viz.Canvas, f *scene.Frame, rects ...viz.Rect) {
	i := -1
	for _, g := range cinePixelGroups {
		if k, ok := f.Focused(g); ok {
			i = k
		}
	}
	if i < 0 || i >= cineW*cineH {
		return
	}
	for _, r := range rects {
		if r.W == 0 {
			continue
		}
		px := r.W / cineW
		c.StrokeRect(r.X+float64(i%cineW)*px-1, r.Y+float64(i/cineW)*px-1, px+2, px+2, 2, viz.Accent)
	}
}

// drawPath is one camera of the new path: the plan with the camera, its
// splat and its fill, and the chart over the whole path.
func (s *cineView) drawPath(c viz.Canvas, area viz.Rect, f *scene.Frame, ci int) {
	cc := &s.cams[ci]
	top, bottom := area.CutTop(area.H * 0.6)
	bottom.Y += 10
	bottom.H -= 10
	planR, right := top.CutLeft(top.W * 0.42)
	right.X += 16
	right.W -= 16
	s.drawPlan(c, planR, f, ci, 1, "path from above")
	name := "splatted"
	if s.dynamic() {
		name = "pooled points"
	}
	if area.W < 520 {
		// A phone: the splat only; the chart has the fill's error.
		a := dsImage(c, right, f, &cc.bmSplat, cineW, cineH, name, s.imgShape, grpCineSplat)
		s.linkPixel(c, f, a)
	} else {
		ims := flowCells(right, 2, 14, right.W) // stacked
		a := dsImage(c, ims[0], f, &cc.bmSplat, cineW, cineH, name, s.imgShape, grpCineSplat)
		b := dsImage(c, ims[1], f, &cc.bmFilled, cineW, cineH, "filled", s.imgShape, grpCineFilled)
		s.linkPixel(c, f, a, b)
	}
	s.chart.draw(c, bottom, f, ci, grpCineBar)
}

// Readout implements scene.Readouter.
func (s *cineView) Readout(f *scene.Frame) []scene.KV {
	if len(s.steps) == 0 {
		return nil
	}
	k := min(max(f.Step, 0), len(s.steps)-1)
	if k == s.roStep {
		return s.ro
	}
	ci := s.stepCam[k]
	if ci < 0 {
		ci = cinePath - 1
	}
	cc := &s.cams[ci]
	plane := float64(cineW * cineH)
	kv := []scene.KV{
		{Key: "points", Value: strconv.Itoa(s.cloud.Len())},
		{Key: "camera", Value: strconv.Itoa(ci+1) + " of " + strconv.Itoa(cinePath) + ", s = " + f2(cc.s)},
		{Key: "holes", Value: fmtNum(100*float64(cc.view.Holes)/plane) + "%"},
		{Key: "cracks", Value: strconv.Itoa(cc.counts[render.Crack]) + " px"},
		{Key: "disocclusions", Value: strconv.Itoa(cc.counts[render.Disocclusion]) + " px"},
		{Key: "fill error (holes)", Value: f3(cc.fillErr)},
		{Key: "fill error (image)", Value: f3(cc.imageErr)},
	}
	if cc.only != nil {
		kv = append(kv, scene.KV{Key: "holes, frame t alone", Value: fmtNum(100*cc.only.HoleFraction()) + "%"})
	}
	s.roStep, s.ro = k, kv
	return kv
}

// Inspect implements scene.Inspector.
func (s *cineView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if len(s.steps) == 0 {
		return scene.Inspection{}, false
	}
	st, ci := s.cur(f)
	if ci < 0 {
		ci = cinePath - 1
	}
	cc := &s.cams[ci]
	i := t.Index
	pix := func() string { return shapeOf(i/cineW, i%cineW) }
	if i < 0 || (t.Group != grpCineCam && t.Group != grpCineBar && i >= cineW*cineH) {
		return scene.Inspection{}, false
	}
	camName := "camera " + strconv.Itoa(ci+1) + " of the path"
	switch t.Group {
	case grpCineSrc:
		in := dsInspectPixel("source pixel", "image", s.frames[s.t].Color, i, "synth3d.Renderer.Render")
		in.Detail = "depth " + fmtNum(float64(s.frames[s.t].Depth.Data[i]))
		return in, true
	case grpCineFrame:
		fr := s.t
		if st == cineVideo {
			fr = min(int(f.Frac*float64(cineFrames)), cineFrames-1)
		}
		in := dsInspectPixel("frame "+strconv.Itoa(fr)+" pixel", "video", s.frames[fr].Color, i, "synth3d.Renderer.Render")
		in.Detail = "depth " + fmtNum(float64(s.frames[fr].Depth.Data[i]))
		return in, true
	case grpCineDepth:
		fr := s.t
		if st == cineVideo {
			fr = min(int(f.Frac*float64(cineFrames)), cineFrames-1)
		}
		return scene.Inspection{Name: "depth z", Value: fmtNum(float64(s.frames[fr].Depth.Data[i])), Tensor: "depth", Index: pix(),
			Shape: s.depthShape, Source: "synth3d.Renderer.Render", Detail: "0 would mean the ray hit nothing"}, true
	case grpCineMask:
		v := "static"
		if s.dyn[s.t][i] {
			v = "moving"
		}
		return scene.Inspection{Name: "dynamic mask, frame " + strconv.Itoa(s.t), Value: v, Tensor: "mask", Index: pix(), Shape: s.depthShape,
			Source: "render.DynamicMask"}, true
	case grpCineSplat:
		in := dsInspectPixel("splatted colour, "+camName, "view", cc.view.Color, i, "render.Splat ("+s.mode.String()+")")
		if cc.view.Hole(i) {
			in.Value, in.Detail = "hole", "no point landed: "+cc.kinds[i].String()
		} else {
			src := int(cc.view.Source[i])
			in.Detail = "nearest point " + strconv.Itoa(src) + ", from frame " + strconv.Itoa(int(s.cloud.Frame[src])) +
				" pixel " + shapeOf(int(s.cloud.Pixel[src])/cineW, int(s.cloud.Pixel[src])%cineW) + ", z " + fmtNum(float64(cc.view.Depth.Data[i]))
		}
		return in, true
	case grpCineOnly:
		if cc.only == nil {
			return scene.Inspection{}, false
		}
		in := dsInspectPixel("splatted colour, frame t alone", "view", cc.only.Color, i, "render.Splat ("+s.mode.String()+")")
		if cc.only.Hole(i) {
			in.Value = "hole"
		}
		return in, true
	case grpCineTruth:
		return dsInspectPixel("true colour, "+camName, "truth", cc.truth, i, "synth3d.Renderer.Render"), true
	case grpCineKinds:
		return scene.Inspection{Name: "why the pixel is empty", Value: cc.kinds[i].String(), Tensor: "kinds", Index: pix(), Shape: s.depthShape,
			Source: "render.ClassifyHoles"}, true
	case grpCineFilled:
		in := dsInspectPixel("filled colour, "+camName, "filled", cc.filled, i, "render.FillHoles")
		if cc.view.Hole(i) {
			in.Detail = "a " + cc.kinds[i].String() + ", filled from its row; truth " + dsRGB(cc.truth, i)
		}
		return in, true
	case grpCineErr:
		return scene.Inspection{Name: "|filled − truth|, mean of r, g, b", Value: fmtNum(float64(s.errVals[i])), Tensor: "error", Index: pix(),
			Shape: s.depthShape, Source: "render.FillHoles vs synth3d.Renderer.Render"}, true
	case grpCineRay0, grpCineRay0 + 1, grpCineRay0 + 2, grpCineRay0 + 3, grpCineRay0 + 4, grpCineRay0 + 5:
		ch := t.Group - grpCineRay0
		plane := cineW * cineH
		in := inspectCell("Plücker ray, "+cineRayNames[ch], "rays", s.rays.Data, []int{6, cineH, cineW}, []int{ch, i / cineW, i % cineW}, "render.PluckerRays")
		b := make([]byte, 0, 48)
		for k := 0; k < 6; k++ {
			if k == 3 {
				b = append(b, " |"...)
			}
			b = append(b, ' ')
			b = strconv.AppendFloat(b, float64(s.rays.Data[k*plane+i]), 'f', 3, 32)
		}
		in.Detail = "the pixel's six numbers (d | o × d):" + string(b)
		return in, true
	case grpCineCam:
		if i == cinePath {
			e := s.plan.srcEye
			return scene.Inspection{Name: "source camera (frame " + strconv.Itoa(s.t) + ")", Value: "s = " + f2(s.sourcePose(s.t)),
				Tensor: "pose", Index: "centre", Shape: "[4, 4]", Source: "synth3d.DemoPose",
				Detail: "centre (" + f2(e[0]) + ", " + f2(e[1]) + ", " + f2(e[2]) + ")"}, true
		}
		if i >= cinePath {
			return scene.Inspection{}, false
		}
		c := &s.cams[i]
		e := s.plan.eye[i]
		return scene.Inspection{Name: "camera " + strconv.Itoa(i+1) + " of the new path", Value: "s = " + f2(c.s), Tensor: "pose",
			Index: strconv.Itoa(i), Shape: "[4, 4]", Source: "synth3d.DemoPose",
			Detail: "centre (" + f2(e[0]) + ", " + f2(e[1]) + ", " + f2(e[2]) + "); holes " + fmtNum(100*c.view.HoleFraction()) + "%"}, true
	case grpCineBar:
		if i >= cinePath {
			return scene.Inspection{}, false
		}
		c := &s.cams[i]
		in := scene.Inspection{Name: "camera " + strconv.Itoa(i+1) + " of the path", Value: fmtNum(100*c.view.HoleFraction()) + "% holes",
			Tensor: "holes", Index: strconv.Itoa(i), Shape: shapeOf(cinePath), Source: "render.ClassifyHoles, render.FillHoles",
			Detail: strconv.Itoa(c.counts[render.Disocclusion]) + " disoccluded, " + strconv.Itoa(c.counts[render.Crack]) + " cracks, " +
				strconv.Itoa(c.counts[render.Outside]) + " outside; fill error " + f3(c.fillErr)}
		if c.only != nil {
			in.Detail += "; frame t alone " + fmtNum(100*c.only.HoleFraction()) + "%"
		}
		return in, true
	}
	return scene.Inspection{}, false
}
