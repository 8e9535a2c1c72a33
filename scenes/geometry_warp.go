package scenes

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The views of problems 015 (warp one pixel) and 016 (warp every pixel at
// once): the demo world rendered from two cameras on an arc. 015 follows
// one pixel of frame 1 through back-projection, the move to camera 2 and
// the projection (geometry.TracePixelWarp), then every pixel, with the
// frame-2 colours fetched where they land; 016 builds the pixel grid, the
// sampling grid (geometry.Warper.Grid), the mask and the warped image
// (geometry.VectorizedWarp). The pitfalls: mistakes.WarpPixelUndivided
// and mistakes.VectorizedWarpUVSwap. In a quiz the view draws one version
// only, the one the pitfall selects, as if it were the only one, named by
// nothing.

// Inspection groups of the warp views.
const (
	grpWarpF1      = iota + 1 // a pixel of frame 1
	grpWarpF2                 // a pixel of frame 2
	grpWarpRebuilt            // frame 1 rebuilt from frame 2 (015), the warped image (016)
	grpWarpBadRebuilt
	grpWarpPoint  // 015: the followed point / landing pixel (0 right, 1 pitfall)
	grpWarpCamera // 015: camera 1 (0) or 2 (1)
	grpWarpU      // 016: the u grid
	grpWarpV
	grpWarpBadU
	grpWarpGX // the sampling grid's x
	grpWarpGY
	grpWarpMask
	grpWarpBadMask
	grpWarpChain // 015: a line of the numbers
)

type warpStep int

const (
	wsPixel warpStep = iota
	wsBack
	wsMove
	wsProject
	wsAll
	wsMeshgrid
	wsGrid
	wsMask
	wsSample
)

// warp3W, warp3H are the 015 top view's frame.
const (
	warp3W = 360
	warp3H = 240
)

type warpView struct {
	problem string
	// params
	s1, s2  float64
	square  bool
	u1, v1  int
	seed    uint64
	pitfall string
	// quiz: draw only the version the pitfall selects, unnamed.
	quiz bool
	// the two frames
	w, h       int
	r1, r2     *synth3d.Renderer
	cam1, cam2 *geometry.Camera
	t12        geometry.Mat4
	f1Bm, f2Bm viz.Bitmap
	// 015: the followed pixel and every pixel's landing
	pw                  geometry.PixelWarp
	world               geometry.Vec3 // the point in world coordinates (for the top view)
	badU, badV          float64
	rebuilt, badRebuilt *core.Tensor // frame 1 rebuilt from frame 2 [1,3,H,W]
	valid, badValid     []bool
	landU, landV        []float64 // where each frame-1 pixel lands in frame 2
	rebBm, badRebBm     viz.Bitmap
	top, topDim         viz.Bitmap
	sp                  splatter
	v3                  view3
	chain               []string
	// 016: the op's tensors
	src, depth, kT, tT   *core.Tensor
	warped, mask         *core.Tensor
	badWarped, badMask   *core.Tensor
	grid, badGrid        *core.Tensor
	hu, hv, hbu          heat
	hgx, hgy, hmask      heat
	hbmask               heat
	uVals, vVals, buVals []float32
	// the pitfall's landing of every frame-1 pixel (015)
	badLandU, badLandV []float64
	gx, gy             []float32
	// both
	validPct, badValidPct float64
	errMean, badErrMean   float64
	steps                 []warpStep
	tl                    scene.Timeline
	cells                 []viz.Rect
	kv                    []scene.KV
}

func newWarpView(problem string) *warpView { return &warpView{problem: problem} }

func (s *warpView) Info() scene.Info {
	p, _ := problems.Lookup(s.problem)
	in := scene.Info{ID: "warp", Problem: s.problem, Title: p.Title, Family: "geometry", Statement: p.Statement}
	if s.problem == "015" {
		in.Formula = `P_1 = d_1 K^{-1} \begin{pmatrix} u_1 \\ v_1 \\ 1 \end{pmatrix},\quad P_2 = R P_1 + t,\quad \begin{pmatrix} u_2 \\ v_2 \end{pmatrix} = \frac{1}{z_2} \begin{pmatrix} (K P_2)_x \\ (K P_2)_y \end{pmatrix},\quad z_2 = (P_2)_z`
		in.LookFor = "Follow one pixel of frame 1: its depth lifts it to a 3-D point in camera 1's coordinates; T_1→2 moves that point " +
			"into camera 2's coordinates; K projects it, and dividing by z gives the frame-2 pixel that sees the same surface. " +
			"Then every pixel at once: fetching frame 2's colour where each pixel lands rebuilds frame 1, except where the " +
			"surface is hidden or leaves the picture. The pitfall skips the division: K P2 is off by the factor z2, so the " +
			"pixel lands far outside frame 2 (drawn where it lands), and almost no pixel is valid."
	} else {
		in.Formula = `\mathrm{grid} = \pi\!\left(K\,(R\, d\, K^{-1} [u, v, 1]^\top + t)\right)\ \text{normalised to } [-1, 1],\quad \mathrm{warped} = \mathrm{grid\_sample}(\mathrm{src}, \mathrm{grid})`
		in.LookFor = "Every pixel at once: meshgrid gives each pixel of the target view its (u, v); with the target's depth, each is " +
			"back-projected, moved and projected into the source view, then normalised to [-1, 1] for grid_sample. " +
			"The mask keeps the pixels whose grid lies inside [-1, 1]. Hover a pixel of the warped image to see where it sampled the source. " +
			"The pitfall builds the grid with meshgrid's 'xy' indexing on an H×W image: u and v are mixed up " +
			"(k mod H instead of k mod W), which a square image hides and a non-square one cannot."
	}
	return in
}

func (s *warpView) Params() []scene.Param {
	ps := []scene.Param{
		{Name: "camera1", Label: "camera 1 position", Kind: scene.Float, Min: -1, Max: 1, Step: 0.05, Default: -0.3},
		{Name: "camera2", Label: "camera 2 position", Kind: scene.Float, Min: -1, Max: 1, Step: 0.05, Default: 0.3},
	}
	if s.problem == "015" {
		ps = append(ps,
			scene.Param{Name: "u", Label: "pixel u", Kind: scene.Int, Min: 0, Max: 95, Step: 1, Default: 62},
			scene.Param{Name: "v", Label: "pixel v", Kind: scene.Int, Min: 0, Max: 59, Step: 1, Default: 34})
	} else {
		ps = append(ps, scene.Param{Name: "image", Label: "image H × W", Kind: scene.Choice, Choices: []string{"40x64", "48x48"},
			Help: "a square image hides the meshgrid pitfall"})
	}
	return append(ps,
		scene.Param{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "1: the scene as designed; any other seed moves its objects about"},
		scene.PitfallParam(mistakeIDs(s.problem)...))
}

func (s *warpView) Presets() []scene.Preset {
	if s.problem == "015" {
		return []scene.Preset{
			{Name: "Pitfall: no divide by z", Values: scene.Values{"pitfall": 1}},
			{Name: "A pixel on the wall", Values: scene.Values{"u": 20, "v": 10}},
			{Name: "Same camera: no motion", Values: scene.Values{"camera2": -0.3}},
		}
	}
	return []scene.Preset{
		{Name: "Pitfall: meshgrid u/v swap", Values: scene.Values{"pitfall": 1}},
		{Name: "Square image hides it", Values: scene.Values{"pitfall": 1, "image": 1}},
		{Name: "Far apart cameras", Values: scene.Values{"camera1": -0.9, "camera2": 0.9}},
	}
}

func (s *warpView) Reset(v scene.Values) error {
	s.s1, s.s2, s.seed = v["camera1"], v["camera2"], uint64(max(v["seed"], 0))
	s.pitfall = ""
	ps := s.Params()
	if i := int(v["pitfall"]); i > 0 {
		ch := ps[len(ps)-1].Choices
		s.pitfall = ch[min(i, len(ch)-1)]
	}
	if s.problem == "015" {
		s.w, s.h = 96, 60
		s.u1, s.v1 = clampInt(int(v["u"]), 0, s.w-1), clampInt(int(v["v"]), 0, s.h-1)
	} else {
		// A quiz draws the non-square image, where every version shows.
		s.square = v["image"] == 1 && !s.quiz
		s.w, s.h = 64, 40
		if s.square {
			s.w, s.h = 48, 48
		}
	}
	if err := s.render(); err != nil {
		return err
	}
	var err error
	if s.problem == "015" {
		err = s.reset015()
	} else {
		err = s.reset016()
	}
	if err != nil {
		return err
	}
	s.buildTimeline()
	s.buildReadout()
	return nil
}

// render draws the world from both cameras and forms T_1→2.
func (s *warpView) render() error {
	var err error
	if s.r1 == nil || s.r1.W != s.w || s.r1.H != s.h {
		if s.r1, err = synth3d.NewRenderer(s.w, s.h); err != nil {
			return err
		}
		if s.r2, err = synth3d.NewRenderer(s.w, s.h); err != nil {
			return err
		}
	}
	k := synth3d.DemoIntrinsics(s.w, s.h)
	if s.cam1, err = geometry.NewCamera("warp", k, synth3d.DemoPose(s.s1)); err != nil {
		return err
	}
	if s.cam2, err = geometry.NewCamera("warp", k, synth3d.DemoPose(s.s2)); err != nil {
		return err
	}
	world := seededWorld(s.seed)
	s.r1.Render(world, s.cam1)
	s.r2.Render(world, s.cam2)
	colorBitmap(&s.f1Bm, s.r1.Color.Data, s.h, s.w)
	colorBitmap(&s.f2Bm, s.r2.Color.Data, s.h, s.w)
	// Camera 1's points to camera 2's: world-to-cam 2 after cam-1-to-world.
	s.t12 = s.cam2.WorldToCam.Mul(s.cam1.CamToWorld())
	return nil
}

// sampleAt fetches frame 2's colours at pixel coordinates (us, vs) with
// grid_sample (align_corners, zero padding): [1,3,H,W].
func (s *warpView) sampleAt(us, vs []float64) (*core.Tensor, error) {
	grid := core.New(1, s.h, s.w, 2)
	for i := range us {
		grid.Data[2*i] = float32(2*us[i]/float64(s.w-1) - 1)
		grid.Data[2*i+1] = float32(2*vs[i]/float64(s.h-1) - 1)
	}
	src := &core.Tensor{Shape: []int{1, 3, s.h, s.w}, Data: s.r2.Color.Data}
	return geometry.GridSample(src, grid, true)
}

func (s *warpView) reset015() error {
	k := s.cam1.K
	d1 := float64(s.r1.Depth.Data[s.v1*s.w+s.u1])
	var err error
	if s.pw, err = geometry.TracePixelWarp(k, s.t12, float64(s.u1), float64(s.v1), d1, s.w, s.h); err != nil {
		return err
	}
	s.world = s.cam1.Unproject(float64(s.u1), float64(s.v1), d1).World
	if s.pitfall != "" {
		if s.badU, s.badV, _, err = mistakes.WarpPixelUndivided(k, s.t12, float64(s.u1), float64(s.v1), d1); err != nil {
			return err
		}
	}
	// Every pixel: where it lands, right and undivided.
	n := s.w * s.h
	us, vs := make([]float64, n), make([]float64, n)
	bus, bvs := make([]float64, n), make([]float64, n)
	s.valid, s.badValid = make([]bool, n), make([]bool, n)
	for i := range n {
		d := float64(s.r1.Depth.Data[i])
		if d <= 0 {
			us[i], vs[i], bus[i], bvs[i] = -1e3, -1e3, -1e3, -1e3
			continue
		}
		p, err := geometry.TracePixelWarp(k, s.t12, float64(i%s.w), float64(i/s.w), d, s.w, s.h)
		if err != nil {
			return err
		}
		us[i], vs[i], s.valid[i] = p.U2, p.V2, p.InView
		bus[i], bvs[i] = p.Undivided[0], p.Undivided[1]
		s.badValid[i] = p.Z2 > 0 && bus[i] >= 0 && bus[i] <= float64(s.w-1) && bvs[i] >= 0 && bvs[i] <= float64(s.h-1)
	}
	s.landU, s.landV = us, vs
	s.badLandU, s.badLandV = bus, bvs
	if s.quiz && s.pitfall != "" {
		// The version under test is the only one: its landings stand in
		// for the right ones everywhere.
		s.landU, s.landV, s.valid = bus, bvs, s.badValid
		s.pw.U2, s.pw.V2 = s.badU, s.badV
		s.pw.InView = s.pw.Z2 > 0 && s.badU >= 0 && s.badU <= float64(s.w-1) && s.badV >= 0 && s.badV <= float64(s.h-1)
	}
	if s.rebuilt, err = s.sampleAt(s.landU, s.landV); err != nil {
		return err
	}
	s.validPct, s.errMean = s.showRebuilt(&s.rebBm, s.rebuilt, s.valid)
	s.badRebuilt = nil
	if s.beside() {
		if s.badRebuilt, err = s.sampleAt(bus, bvs); err != nil {
			return err
		}
		s.badValidPct, s.badErrMean = s.showRebuilt(&s.badRebBm, s.badRebuilt, s.badValid)
	}
	// The top view: frame 1's cloud, dimmed, for context.
	cloud, err := geometry.UnprojectDepth(s.r1.Depth, k, s.cam1.WorldToCam)
	if err != nil {
		return err
	}
	s.v3.setAngles(0.35, 1.05)
	pts := []geometry.Vec3{s.cam1.CamToWorld().Translation(), s.cam2.CamToWorld().Translation(), s.world}
	for i, d := range s.r1.Depth.Data {
		if d > 0 && d < 8 && i%5 == 0 {
			pts = append(pts, point3(cloud.Data, i))
		}
	}
	s.v3.fit(pts, warp3W, warp3H, 16)
	s.sp.begin(&s.top, warp3W, warp3H, depthBg)
	plane := n
	rgb := s.r1.Color.Data
	for i, d := range s.r1.Depth.Data {
		if d > 0 && d < 8 {
			s.sp.put(&s.v3, point3(cloud.Data, i), linearRGB(rgb[i], rgb[plane+i], rgb[2*plane+i]), true)
		}
	}
	s.sp.end()
	fadeBitmap(&s.topDim, &s.top, depthBg, 0.45)
	s.chain = append(s.chain[:0],
		"pixel (u1, v1) = ("+strconv.Itoa(s.u1)+", "+strconv.Itoa(s.v1)+"), depth d1 = "+fmtNum(d1),
		"P1 = d1 K⁻¹ (u1, v1, 1) = "+vecText(s.pw.P1),
		"P2 = R P1 + t = "+vecText(s.pw.P2),
		"K P2 / z2 = "+pairText(s.pw.U2, s.pw.V2)+", z2 = "+fmtNum(s.pw.Z2))
	if s.quiz {
		// The version under test's pixel, with no formula that says how.
		s.chain[3] = "pixel in frame 2 (u2, v2) = " + pairText(s.pw.U2, s.pw.V2) + ", z2 = " + fmtNum(s.pw.Z2)
	}
	if s.beside() {
		s.chain = append(s.chain, "pitfall: K P2 without ÷ z2 = "+pairText(s.badU, s.badV))
	}
	return nil
}

// score is the share of valid pixels (in %) and the mean absolute colour
// error against frame 1 over them.
func (s *warpView) score(rebuilt *core.Tensor, valid []bool) (pct, errMean float64) {
	n := s.w * s.h
	cnt := 0
	for i, ok := range valid {
		if !ok {
			continue
		}
		cnt++
		for ch := range 3 {
			errMean += math.Abs(float64(rebuilt.Data[ch*n+i] - s.r1.Color.Data[ch*n+i]))
		}
	}
	if cnt > 0 {
		errMean /= float64(3 * cnt)
	}
	return 100 * float64(cnt) / float64(n), errMean
}

// warpInvalid is the colour of pixels with nothing to fetch.
var warpInvalid = color.RGBA{70, 70, 78, 255}

// showRebuilt scores a rebuilt frame 1 (the valid pixels' share and mean
// colour error) and paints it into b.
func (s *warpView) showRebuilt(b *viz.Bitmap, t *core.Tensor, valid []bool) (pct, errMean float64) {
	pct, errMean = s.score(t, valid)
	s.paintRebuilt(b, t, valid)
	return pct, errMean
}

// maskValid reads a 0/1 mask as flags.
func maskValid(mask *core.Tensor) []bool {
	valid := make([]bool, len(mask.Data))
	for i := range valid {
		valid[i] = mask.Data[i] > 0
	}
	return valid
}

// paintRebuilt shows a rebuilt image, invalid pixels grey.
func (s *warpView) paintRebuilt(b *viz.Bitmap, t *core.Tensor, valid []bool) {
	colorBitmap(b, t.Data, s.h, s.w)
	for i, ok := range valid {
		if !ok {
			b.Img.SetRGBA(i%s.w, i/s.w, warpInvalid)
		}
	}
	b.Touch()
}

func (s *warpView) reset016() error {
	h, w := s.h, s.w
	plane := h * w
	s.src = &core.Tensor{Shape: []int{1, 3, h, w}, Data: s.r2.Color.Data}
	s.depth = &core.Tensor{Shape: []int{1, 1, h, w}, Data: s.r1.Depth.Data}
	s.kT, s.tT = core.New(1, 3, 3), core.New(1, 4, 4)
	for i, x := range s.cam1.K {
		s.kT.Data[i] = float32(x)
	}
	for i, x := range s.t12 {
		s.tT.Data[i] = float32(x)
	}
	// test is the version whose grid, mask and image are drawn: the right
	// one, or in a quiz the version under test.
	test := geometry.Warper{}
	var err error
	if s.quiz && s.pitfall != "" {
		test.BuggyMeshgrid = true
		s.warped, s.mask, err = mistakes.VectorizedWarpUVSwap(s.src, s.depth, s.kT, s.tT)
	} else {
		s.warped, s.mask, err = geometry.VectorizedWarp(s.src, s.depth, s.kT, s.tT)
	}
	if err != nil {
		return err
	}
	// The grid the op samples at, from the same float32 K and T.
	k32, err := geometry.Mat3FromTensor("vectorized_warp", "K", &core.Tensor{Shape: []int{3, 3}, Data: s.kT.Data})
	if err != nil {
		return err
	}
	t32, err := geometry.Mat4FromTensor("vectorized_warp", "T_1_to_2", &core.Tensor{Shape: []int{4, 4}, Data: s.tT.Data})
	if err != nil {
		return err
	}
	if s.grid, err = test.Grid(s.r1.Depth.Data, h, w, k32, t32); err != nil {
		return err
	}
	s.validPct, s.errMean = s.showRebuilt(&s.rebBm, s.warped, maskValid(s.mask))
	// The pixel grids: meshgrid's u and v, and the sampling grid.
	s.uVals, s.vVals, s.buVals = s.uVals[:0], s.vVals[:0], s.buVals[:0]
	s.gx, s.gy = s.gx[:0], s.gy[:0]
	bad := geometry.Warper{BuggyMeshgrid: true}
	for i := range plane {
		u, v := test.PixelOfIndex(i, h, w)
		s.uVals, s.vVals = append(s.uVals, float32(u)), append(s.vVals, float32(v))
		bu, _ := bad.PixelOfIndex(i, h, w)
		s.buVals = append(s.buVals, float32(bu))
		s.gx, s.gy = append(s.gx, s.grid.Data[2*i]), append(s.gy, s.grid.Data[2*i+1])
	}
	s.hu.set(s.uVals, h, w, viz.Viridis, 0, float64(max(w, h)-1), nil)
	s.hv.set(s.vVals, h, w, viz.Viridis, 0, float64(max(w, h)-1), nil)
	s.hbu.set(s.buVals, h, w, viz.Viridis, 0, float64(max(w, h)-1), nil)
	s.hgx.set(s.gx, h, w, viz.BlueWhiteRed, -1.5, 1.5, nil)
	s.hgy.set(s.gy, h, w, viz.BlueWhiteRed, -1.5, 1.5, nil)
	s.hmask.set(s.mask.Data, h, w, viz.Greys, 0, 1, nil)
	s.badWarped, s.badMask, s.badGrid = nil, nil, nil
	if s.beside() {
		if s.badWarped, s.badMask, err = mistakes.VectorizedWarpUVSwap(s.src, s.depth, s.kT, s.tT); err != nil {
			return err
		}
		if s.badGrid, err = bad.Grid(s.r1.Depth.Data, h, w, k32, t32); err != nil {
			return err
		}
		s.badValidPct, s.badErrMean = s.showRebuilt(&s.badRebBm, s.badWarped, maskValid(s.badMask))
		s.hbmask.set(s.badMask.Data, h, w, viz.Greys, 0, 1, nil)
	}
	return nil
}

func (s *warpView) buildTimeline() {
	h, w := s.h, s.w
	s.tl, s.steps = s.tl[:0], s.steps[:0]
	add := func(k warpStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	if s.problem == "015" {
		// No numbers of the followed pixel here: a click changes it
		// without a Reset. They are in the chain under the figure.
		add(wsPixel, "pixel", "A pixel of frame 1 (click to pick another), and its depth $d_1$.",
			"frame "+shapeOf(h, w)+", depth "+shapeOf(h, w), 1.2)
		add(wsBack, "back-project", "$P_1 = d_1 K^{-1}(u_1, v_1, 1)$: the surface point, in camera 1's coordinates.",
			"K⁻¹ "+shapeOf(3, 3)+" · "+shapeOf(3)+" → P1 "+shapeOf(3), 2.5)
		add(wsMove, "move", "$P_2 = R P_1 + t$: the same point, seen from camera 2 (orange).",
			"T_1→2 "+shapeOf(4, 4)+" · (P1, 1) → P2 "+shapeOf(3), 2.5)
		proj := "$K P_2$ divided by its z is the frame-2 pixel that sees the same surface; z is its depth there."
		if s.quiz {
			proj = "K projects $P_2$ into frame 2: where does this version put the pixel?"
		} else if s.pitfall != "" {
			proj = "Without the division by z the pixel lands z times too far from the corner (red arrow), outside frame 2."
		}
		add(wsProject, "project", proj, "K "+shapeOf(3, 3)+" · P2 "+shapeOf(3)+" → (u2, v2) "+shapeOf(2), 3)
		all := "Every pixel: fetching frame 2 where it lands rebuilds frame 1; " + f2(s.validPct) + "% land inside, mean colour error " + f3(s.errMean) + "."
		if s.beside() {
			all = "Every pixel: right " + f2(s.validPct) + "% valid, error " + f3(s.errMean) + "; without ÷ z only " + f2(s.badValidPct) + "% land inside."
		}
		add(wsAll, "all pixels", all, "frame 1 "+shapeOf(h, w)+" ← frame 2 "+shapeOf(3, h, w), 3)
		return
	}
	mg := "torch.meshgrid(arange(H), arange(W), indexing='ij') gives flat pixel k its row v = k div W and column u = k mod W."
	if s.quiz {
		mg = "The pixel grid gives every flat pixel k of the H × W target a (u, v); the dots show where this version puts some of them."
	} else if s.pitfall != "" {
		mg = "indexing='xy' on an H × W image: flat pixel k gets (k mod H, k div H), not (k mod W, k div W): its depth is placed at the wrong pixel (red)."
		if h == w {
			mg = "indexing='xy' on a square image: k mod H = k mod W, so the pitfall's u is the same and the bug hides."
		}
	}
	add(wsMeshgrid, "meshgrid", mg, "u, v "+shapeOf(h, w), 1.5)
	proj := "Each pixel is back-projected with its depth, moved, projected and divided by z (dots: where it lands), then normalised: $x = 2u_2/(W-1) - 1$."
	if s.beside() {
		proj = "Back-project, move, project, divide by z: the dots land where they should; the pitfall's grid (red squares) starts from the wrong (u, v)."
	}
	add(wsGrid, "project", proj,
		"depth "+shapeOf(1, 1, h, w)+" → grid "+shapeOf(1, h, w, 2), 3)
	add(wsMask, "mask", "The mask is 1 where both grid coordinates lie in [−1, 1]: "+f2(s.validPct)+"% of the pixels see the source.",
		"grid "+shapeOf(1, h, w, 2)+" → mask "+shapeOf(1, 1, h, w), 2.5)
	smp := "grid_sample(src, grid, align_corners=True): frame 1 rebuilt from frame 2; mean error " + f3(s.errMean) + " where valid."
	if s.beside() {
		smp = "Warped right: " + f2(s.validPct) + "% valid, error " + f3(s.errMean) + ". The pitfall: " + f2(s.badValidPct) + "% valid, error " + f3(s.badErrMean) + "."
	}
	add(wsSample, "sample", smp, "src "+shapeOf(1, 3, h, w)+" → warped "+shapeOf(1, 3, h, w), 3)
}

func (s *warpView) Timeline() scene.Timeline { return s.tl }

func (s *warpView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.cam1 == nil || len(s.steps) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	if s.problem == "015" {
		s.draw015(c, area, f, s.steps[k])
	} else {
		s.draw016(c, area, f, s.steps[k])
	}
}

// image draws a frame-sized bitmap with a title in r, marks its pixels and
// returns where it went.
func (s *warpView) image(c viz.Canvas, r viz.Rect, b *viz.Bitmap, title string, titleCol color.RGBA, group int, f *scene.Frame) viz.Rect {
	return s.imageSub(c, r, b, title, "", titleCol, group, f)
}

// imageSub is image with a line of numbers under the picture (wrapped,
// never cut).
func (s *warpView) imageSub(c viz.Canvas, r viz.Rect, b *viz.Bitmap, title, sub string, titleCol color.RGBA, group int, f *scene.Frame) viz.Rect {
	viz.MarkPanel(c, r)
	c.Text(r.X, r.Y+kitTitle, viz.Ellipsize(c, title, kitTitle, r.W), kitTitle, titleCol, viz.AlignLeft)
	_, r = r.CutTop(kitTitle + 6)
	subH := 0.0
	if sub != "" {
		subH = float64(len(wrapped(c, sub, kitLabel, r.W)))*viz.LineHeight(kitLabel) + 4
	}
	pic, _ := r.CutTop(r.H - subH)
	im := topAspect(pic, float64(s.w), float64(s.h))
	if im.W < 4 {
		return viz.Rect{}
	}
	c.Image(b, im.X, im.Y, im.W, im.H, false)
	f.Grid(group, im, s.h, s.w)
	if sub != "" {
		note(c, viz.Rect{X: r.X, Y: im.Y + im.H + 4, W: r.W, H: subH}, sub, titleCol)
	}
	return im
}

// pixelAt is the canvas point of pixel coordinates (u, v) in im.
func (s *warpView) pixelAt(im viz.Rect, u, v float64) (float64, float64) {
	return im.X + (u+0.5)/float64(s.w)*im.W, im.Y + (v+0.5)/float64(s.h)*im.H
}

// crosshair marks a point.
func drawCrosshair(c viz.Canvas, x, y float64, col color.RGBA) {
	c.Line(x-9, y, x-3, y, 2, col)
	c.Line(x+3, y, x+9, y, 2, col)
	c.Line(x, y-9, x, y-3, 2, col)
	c.Line(x, y+3, x, y+9, 2, col)
}

// warpCam2Col is camera 2's colour.
var warpCam2Col = color.RGBA{235, 130, 30, 255}

func (s *warpView) draw015(c viz.Canvas, area viz.Rect, f *scene.Frame, st warpStep) {
	cur := map[warpStep]int{wsPixel: 0, wsBack: 1, wsMove: 2, wsProject: 3, wsAll: 3}[st]
	top := chainPanel(c, area, f, s.chain, cur, 4, st >= wsProject, grpWarpChain)
	if st == wsAll {
		n := 3
		if s.badRebuilt != nil {
			n = 4
		}
		s.cells = panelGrid(s.cells, top, n, 2, 12)
		cells := s.cells
		im1 := s.image(c, cells[0], &s.f1Bm, "frame 1", viz.Ink, grpWarpF1, f)
		im2 := s.image(c, cells[1], &s.f2Bm, "frame 2", viz.Ink, grpWarpF2, f)
		s.imageSub(c, cells[2], &s.rebBm, "frame 1 rebuilt from frame 2", f2(s.validPct)+"% valid, colour error "+f3(s.errMean), viz.Ink, grpWarpRebuilt, f)
		if n == 4 {
			s.imageSub(c, cells[3], &s.badRebBm, "pitfall: no ÷ z", f2(s.badValidPct)+"% valid, colour error "+f3(s.badErrMean), viz.Bad, grpWarpBadRebuilt, f)
		}
		s.linkLanding(c, f, im1, im2)
		return
	}
	// Frames on one side, the top view on the other (stacked on a phone).
	var f1R, f2R, v3R viz.Rect
	if top.W < 560 {
		row, rest := top.CutTop(min(top.H*0.42, (top.W-12)/2/float64(s.w)*float64(s.h)+kitTitle+10))
		cols := row.Columns(2, 12)
		f1R, f2R = cols[0], cols[1]
		_, v3R = rest.CutTop(6)
	} else {
		left, right := top.CutLeft(top.W * 0.38)
		f1R, f2R = left.CutTop(left.H / 2)
		_, v3R = right.CutLeft(14)
	}
	im1 := s.image(c, f1R, &s.f1Bm, "frame 1 (camera 1)", viz.Ink, grpWarpF1, f)
	if im1.W > 0 {
		x, y := s.pixelAt(im1, float64(s.u1), float64(s.v1))
		drawCrosshair(c, x, y, viz.White)
		c.StrokeRect(x-2.5, y-2.5, 5, 5, 1.5, viz.Accent)
	}
	if st == wsProject && (s.beside() || s.quiz && !s.pw.InView) {
		s.drawUndivided(c, f2R, f)
	} else {
		im2 := s.image(c, f2R, &s.f2Bm, "frame 2 (camera 2)", viz.Ink, grpWarpF2, f)
		if im2.W > 0 && st >= wsProject && s.pw.InView {
			x, y := s.pixelAt(im2, s.pw.U2, s.pw.V2)
			drawCrosshair(c, x, y, viz.White)
			c.StrokeRect(x-2.5, y-2.5, 5, 5, 1.5, warpCam2Col)
			f.Dot(grpWarpPoint, 0, x, y, 6)
		}
		s.linkLanding(c, f, im1, im2)
	}
	s.drawTop(c, v3R, f, st)
}

// linkLanding marks, for a hovered pixel of frame 1 (or of the rebuilt
// frame), the frame-2 pixel where it lands.
func (s *warpView) linkLanding(c viz.Canvas, f *scene.Frame, im1, im2 viz.Rect) {
	if im1.W == 0 || im2.W == 0 || s.landU == nil {
		return
	}
	for _, g := range []int{grpWarpF1, grpWarpRebuilt, grpWarpBadRebuilt} {
		i, ok := f.Focused(g)
		if !ok || i < 0 || i >= len(s.valid) {
			continue
		}
		x, y := s.pixelAt(im1, float64(i%s.w), float64(i/s.w))
		c.StrokeRect(x-3, y-3, 6, 6, 2, viz.Accent)
		if s.valid[i] {
			x2, y2 := s.pixelAt(im2, s.landU[i], s.landV[i])
			drawCrosshair(c, x2, y2, viz.White)
			c.StrokeRect(x2-3, y2-3, 6, 6, 2, viz.Accent)
		}
	}
}

// drawUndivided shows frame 2's pixel plane zoomed out far enough to hold
// both the right pixel and the undivided one, with an arrow between.
func (s *warpView) drawUndivided(c viz.Canvas, r viz.Rect, f *scene.Frame) {
	viz.MarkPanel(c, r)
	c.Text(r.X, r.Y+kitTitle, viz.Ellipsize(c, "frame 2, zoomed out", kitTitle, r.W), kitTitle, viz.Ink, viz.AlignLeft)
	_, r = r.CutTop(kitTitle + 6)
	lh := viz.LineHeight(kitLabel)
	_, r = r.CutBottom(lh + 2)
	badU, badV := s.badU, s.badV
	if s.quiz {
		// The version under test's pixel alone (in pw, see reset015).
		badU, badV = s.pw.U2, s.pw.V2
	}
	x0, y0 := math.Min(0, badU), math.Min(0, badV)
	x1, y1 := math.Max(float64(s.w), badU), math.Max(float64(s.h), badV)
	pad := 0.08 * math.Max(x1-x0, y1-y0)
	x0, y0, x1, y1 = x0-pad, y0-pad, x1+pad, y1+pad
	fr := topAspect(r, x1-x0, y1-y0)
	if fr.W < 10 {
		return
	}
	sc := fr.W / (x1 - x0)
	at := func(u, v float64) (float64, float64) { return fr.X + (u-x0)*sc, fr.Y + (v-y0)*sc }
	c.FillRect(fr.X, fr.Y, fr.W, fr.H, viz.Panel)
	ix, iy := at(0, 0)
	im := viz.Rect{X: ix, Y: iy, W: float64(s.w) * sc, H: float64(s.h) * sc}
	c.Image(&s.f2Bm, im.X, im.Y, im.W, im.H, false)
	f.Grid(grpWarpF2, im, s.h, s.w)
	if s.quiz {
		px, py := at(badU+0.5, badV+0.5)
		drawCrosshair(c, px, py, viz.Ink)
		c.FillCircle(px, py, 4, warpCam2Col)
		f.Dot(grpWarpPoint, 0, px, py, 6)
		return
	}
	rx, ry := at(s.pw.U2+0.5, s.pw.V2+0.5)
	bx, by := at(s.badU+0.5, s.badV+0.5)
	arrow(c, rx, ry, bx, by, 2, viz.Bad)
	c.FillCircle(rx, ry, 4, warpCam2Col)
	c.FillCircle(bx, by, 5, viz.Bad)
	f.Dot(grpWarpPoint, 0, rx, ry, 6)
	f.Dot(grpWarpPoint, 1, bx, by, 6)
	legend(c, viz.Rect{X: fr.X, Y: fr.Y + fr.H + 2, W: r.X + r.W - fr.X, H: lh}, []legendItem{
		{Col: warpCam2Col, Label: "÷ z"}, {Col: viz.Bad, Label: "no ÷ z: ×" + fmtNum(s.pw.Z2)}})
}

// drawTop is 015's view from above: frame 1's surface points, both
// cameras, the point and the rays that see it.
func (s *warpView) drawTop(c viz.Canvas, r viz.Rect, f *scene.Frame, st warpStep) {
	r = titleShape(c, r, "seen from above", "")
	lh := viz.LineHeight(kitLabel)
	lr, r := r.CutBottom(lh + 4)
	fr := aspectRect(r, warp3W, warp3H)
	if fr.W < 20 {
		return
	}
	if st >= wsBack {
		c.Image(&s.top, fr.X, fr.Y, fr.W, fr.H, false)
	} else {
		c.Image(&s.topDim, fr.X, fr.Y, fr.W, fr.H, false)
	}
	v := &s.v3
	for ci, cam := range []*geometry.Camera{s.cam1, s.cam2} {
		col := viz.Mix(viz.Accent, viz.White, 0.3)
		if ci == 1 {
			col = warpCam2Col
		}
		o := cam.CamToWorld().Translation()
		for _, cr := range [4][2]float64{{0, 0}, {float64(s.w - 1), 0}, {float64(s.w - 1), float64(s.h - 1)}, {0, float64(s.h - 1)}} {
			v.line(c, fr, o, cam.Unproject(cr[0], cr[1], 0.8).World, 1, col)
		}
		x, y := v.at(fr, o)
		c.FillCircle(x, y, 5, col)
		f.Dot(grpWarpCamera, ci, x, y, 6)
	}
	if st >= wsBack {
		o1 := s.cam1.CamToWorld().Translation()
		end := s.world
		if st == wsBack {
			end = s.world.Sub(o1).Scale(f.Frac).Add(o1)
		}
		v.line(c, fr, o1, end, 2, viz.Mix(viz.Accent, viz.White, 0.3))
	}
	if st >= wsMove {
		o2 := s.cam2.CamToWorld().Translation()
		end := s.world
		if st == wsMove {
			end = o2.Sub(s.world).Scale(1 - f.Frac).Add(s.world)
			v.line(c, fr, end, s.world, 2, warpCam2Col)
		} else {
			v.line(c, fr, o2, s.world, 2, warpCam2Col)
		}
	}
	if st >= wsBack {
		x, y := v.at(fr, s.world)
		c.FillCircle(x, y, 5, viz.White)
		f.Dot(grpWarpPoint, 2, x, y, 6)
	}
	legend(c, lr, []legendItem{{Col: viz.Accent, Label: "camera 1"}, {Col: warpCam2Col, Label: "camera 2"}})
}

func (s *warpView) draw016(c viz.Canvas, area viz.Rect, f *scene.Frame, st warpStep) {
	h, w := s.h, s.w
	heatOpt := func(title string, group int) heatOpts {
		return heatOpts{Title: title, Shape: shapeOf(h, w), RowTitle: "v", ColTitle: "u", Group: group}
	}
	switch st {
	case wsMeshgrid:
		n := 3
		if s.beside() {
			n = 4
		}
		s.cells = panelGrid(s.cells, area, n, 2, 14)
		cells := s.cells
		title := "flat pixel k at (u, v)"
		if s.beside() {
			title = "where the pitfall puts pixel k"
		}
		im := s.image(c, cells[0], &s.f1Bm, title, viz.Ink, grpWarpF1, f)
		s.drawMeshgrid(c, f, im)
		uTitle, vTitle := "u = k mod W", "v = k div W"
		if s.quiz {
			uTitle, vTitle = "u of flat pixel k", "v of flat pixel k"
		}
		s.hu.draw(c, cells[1], f, heatOpt(uTitle, grpWarpU))
		s.hv.draw(c, cells[2], f, heatOpt(vTitle, grpWarpV))
		if n == 4 {
			s.hbu.draw(c, cells[3], f, heatOpt("pitfall u = k mod H", grpWarpBadU))
		}
	case wsGrid:
		s.cells = panelGrid(s.cells, area, 4, 2, 14)
		cells := s.cells
		im1 := s.image(c, cells[0], &s.f1Bm, "target pixels (frame 1)", viz.Ink, grpWarpF1, f)
		im2 := s.image(c, cells[1], &s.f2Bm, "where they sample (frame 2)", viz.Ink, grpWarpF2, f)
		s.drawSamples(c, f, im1, im2)
		s.hgx.draw(c, cells[2], f, heatOpt("grid x", grpWarpGX))
		s.hgy.draw(c, cells[3], f, heatOpt("grid y", grpWarpGY))
	case wsMask:
		n := 2
		if s.beside() {
			n = 3
		}
		s.cells = panelGrid(s.cells, area, n, 2, 14)
		cells := s.cells
		s.hgx.draw(c, cells[0], f, heatOpt("grid x", grpWarpGX))
		s.hmask.draw(c, cells[1], f, heatOpt("mask: "+f2(s.validPct)+"%", grpWarpMask))
		if n == 3 {
			s.hbmask.draw(c, cells[2], f, heatOpt("pitfall mask: "+f2(s.badValidPct)+"%", grpWarpBadMask))
		}
	case wsSample:
		n := 3
		if s.beside() {
			n = 4
		}
		s.cells = panelGrid(s.cells, area, n, 2, 12)
		cells := s.cells
		im2 := s.image(c, cells[0], &s.f2Bm, "src: frame 2", viz.Ink, grpWarpF2, f)
		s.image(c, cells[1], &s.f1Bm, "target: frame 1", viz.Ink, grpWarpF1, f)
		wim := s.imageSub(c, cells[2], &s.rebBm, "warped", f2(s.validPct)+"% valid, colour error "+f3(s.errMean), viz.Ink, grpWarpRebuilt, f)
		if n == 4 {
			s.imageSub(c, cells[3], &s.badRebBm, "pitfall: "+s.pitfall, f2(s.badValidPct)+"% valid, colour error "+f3(s.badErrMean), viz.Bad, grpWarpBadRebuilt, f)
		}
		// Linked: the hovered warped pixel and where it sampled the source.
		for _, g := range []int{grpWarpRebuilt, grpWarpBadRebuilt, grpWarpF1} {
			i, ok := f.Focused(g)
			if !ok || im2.W == 0 || wim.W == 0 {
				continue
			}
			grid := s.grid
			if g == grpWarpBadRebuilt && s.badGrid != nil {
				grid = s.badGrid
			}
			ux := float64(geometry.Unnormalize(grid.Data[2*i], w, true))
			vy := float64(geometry.Unnormalize(grid.Data[2*i+1], h, true))
			px, py := s.pixelAt(wim, float64(i%w), float64(i/w))
			c.StrokeRect(px-3, py-3, 6, 6, 2, viz.Accent)
			if ux >= -0.5 && ux <= float64(w)-0.5 && vy >= -0.5 && vy <= float64(h)-0.5 {
				sx, sy := s.pixelAt(im2, ux, vy)
				drawCrosshair(c, sx, sy, viz.White)
				c.StrokeRect(sx-3, sy-3, 6, 6, 2, viz.Accent)
			}
		}
	}
}

// drawMeshgrid marks a sparse set of pixels at their (u, v), and with the
// pitfall an arrow from each to the (k mod H, k div H) where the buggy grid
// reads flat pixel k; the row the step's sweep is on is drawn larger.
func (s *warpView) drawMeshgrid(c viz.Canvas, f *scene.Frame, im viz.Rect) {
	if im.W == 0 {
		return
	}
	h, w := s.h, s.w
	rows := (h + warpSampleEvery - 1) / warpSampleEvery
	cur := min(int(f.Frac*float64(rows)), rows-1)
	bad := geometry.Warper{BuggyMeshgrid: true}
	for v0 := warpSampleEvery / 2; v0 < h; v0 += warpSampleEvery {
		rad := 3.0
		if v0/warpSampleEvery == cur {
			rad = 5
		}
		for u0 := warpSampleEvery / 2; u0 < w; u0 += warpSampleEvery {
			k := v0*w + u0
			u, v := geometry.Warper{}.PixelOfIndex(k, h, w)
			if s.quiz {
				// Where the version under test puts pixel k; off the
				// image, nowhere.
				u, v = int(s.uVals[k]), int(s.vVals[k])
				if u >= w || v >= h {
					continue
				}
			}
			col := viz.Categorical(u0 / warpSampleEvery)
			x, y := s.pixelAt(im, float64(u), float64(v))
			if s.beside() && rad > 3 {
				if bu, bv := bad.PixelOfIndex(k, h, w); bu != u || bv != v {
					bx, by := s.pixelAt(im, float64(bu), float64(bv))
					// v can reach W − 1, below an image H rows high: the
					// arrow stops at the image's edge, with a bar there.
					if t := clipT(x, y, bx, by, im); t < 1 {
						ex, ey := x+(bx-x)*t, y+(by-y)*t
						arrow(c, x, y, ex, ey, 1.5, viz.Fade(viz.Bad, 0.9))
						c.Line(ex-5, ey, ex+5, ey, 2.5, viz.Bad)
					} else {
						arrow(c, x, y, bx, by, 1.5, viz.Fade(viz.Bad, 0.9))
						c.StrokeRect(bx-3, by-3, 6, 6, 1.5, viz.Bad)
					}
				}
			}
			if rad > 3 {
				c.FillCircle(x, y, rad+1.5, viz.White)
			}
			c.FillCircle(x, y, rad, col)
		}
	}
}

// clipT is how far along (x0, y0)→(x1, y1), in [0, 1], the segment stays
// inside r (the start is inside).
func clipT(x0, y0, x1, y1 float64, r viz.Rect) float64 {
	t := 1.0
	dx, dy := x1-x0, y1-y0
	if dx > 0 {
		t = min(t, (r.X+r.W-x0)/dx)
	} else if dx < 0 {
		t = min(t, (r.X-x0)/dx)
	}
	if dy > 0 {
		t = min(t, (r.Y+r.H-y0)/dy)
	} else if dy < 0 {
		t = min(t, (r.Y-y0)/dy)
	}
	return max(t, 0)
}

// warpSampleEvery is the spacing of the pixels whose sampling points are
// drawn in 016's project stage.
const warpSampleEvery = 8

// drawSamples marks a sparse set of target pixels on frame 1 and, in the
// same colours, where the grid sends them on frame 2 (the pitfall's
// landing as red rings); the sweep of f.Frac reveals them row by row.
func (s *warpView) drawSamples(c viz.Canvas, f *scene.Frame, im1, im2 viz.Rect) {
	if im1.W == 0 || im2.W == 0 || s.grid == nil {
		return
	}
	h, w := s.h, s.w
	rows := (h + warpSampleEvery - 1) / warpSampleEvery
	cur := min(int(f.Frac*float64(rows)), rows-1) // the row the sweep is on
	for v := warpSampleEvery / 2; v < h; v += warpSampleEvery {
		rad := 3.0
		if v/warpSampleEvery == cur {
			rad = 5
		}
		for u := warpSampleEvery / 2; u < w; u += warpSampleEvery {
			i := v*w + u
			col := viz.Categorical(u / warpSampleEvery)
			x1, y1 := s.pixelAt(im1, float64(u), float64(v))
			if rad > 3 {
				c.FillCircle(x1, y1, rad+1.5, viz.White)
			}
			c.FillCircle(x1, y1, rad, col)
			if s.mask.Data[i] > 0 {
				ux := float64(geometry.Unnormalize(s.grid.Data[2*i], w, true))
				vy := float64(geometry.Unnormalize(s.grid.Data[2*i+1], h, true))
				x2, y2 := s.pixelAt(im2, ux, vy)
				if rad > 3 {
					c.FillCircle(x2, y2, rad+1.5, viz.White)
				}
				c.FillCircle(x2, y2, rad, col)
			}
			if s.badGrid != nil && s.badMask.Data[i] > 0 {
				ux := float64(geometry.Unnormalize(s.badGrid.Data[2*i], w, true))
				vy := float64(geometry.Unnormalize(s.badGrid.Data[2*i+1], h, true))
				x2, y2 := s.pixelAt(im2, ux, vy)
				c.StrokeRect(x2-3, y2-3, 6, 6, 1.5, viz.Bad)
			}
		}
	}
}

// Pointer implements scene.Pointer: 015 follows the clicked pixel of
// frame 1.
func (s *warpView) Pointer(f *scene.Frame, in scene.Input) bool {
	if s.problem != "015" || !in.Clicked || s.cam1 == nil {
		return false
	}
	t, _, ok := f.Hit(in.X, in.Y)
	if !ok || t.Group != grpWarpF1 {
		return false
	}
	if t.Index/s.w >= s.h || s.r1.Depth.Data[t.Index] <= 0 {
		return false
	}
	s.u1, s.v1 = t.Index%s.w, t.Index/s.w
	if s.reset015() != nil {
		return false
	}
	s.buildReadout()
	return true
}

// Readout implements scene.Readouter: the numbers of the last Reset (or
// click).
func (s *warpView) Readout(f *scene.Frame) []scene.KV {
	if s.quiz {
		return nil // it would name the versions
	}
	return s.kv
}

// beside reports whether the pitfall is drawn beside the right version:
// with one selected, outside a quiz.
func (s *warpView) beside() bool { return s.pitfall != "" && !s.quiz }

// SetQuiz implements scene.Quizzer.
func (s *warpView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *warpView) Explain(variant int) string {
	right := "The right version builds the pixel grid with meshgrid(arange(H), arange(W), indexing='ij'), so flat pixel k gets " +
		"u = k mod W and v = k div W, and every pixel's depth is used at its own (u, v)."
	if s.problem == "015" {
		right = "The right version divides K P2 by its z, the point's depth in camera 2: (u2, v2) = ((K P2)_x / z2, (K P2)_y / z2), " +
			"the frame-2 pixel that sees the same surface."
	}
	return quizExplain(s.problem, variant, right)
}

// Applies implements scene.Applier: a quiz of 016 draws the non-square
// image whatever the choice.
func (s *warpView) Applies(name string, v scene.Values) string {
	if s.quiz && name == "image" {
		return "a quiz draws the 40 × 64 image"
	}
	return ""
}

// buildReadout lists the warp's numbers once per Reset or click.
func (s *warpView) buildReadout() {
	var kv []scene.KV
	if s.problem == "015" {
		kv = append(kv, scene.KV{Key: "pixel 1, depth", Value: "(" + strconv.Itoa(s.u1) + ", " + strconv.Itoa(s.v1) + "), " + fmtNum(s.pw.P1[2])},
			scene.KV{Key: "P1", Value: vecText(s.pw.P1)}, scene.KV{Key: "P2", Value: vecText(s.pw.P2)},
			scene.KV{Key: "pixel 2, z2", Value: pairText(s.pw.U2, s.pw.V2) + ", " + fmtNum(s.pw.Z2)})
		if s.pitfall != "" {
			kv = append(kv, scene.KV{Key: "pitfall pixel 2", Value: pairText(s.badU, s.badV)})
		}
	}
	kv = append(kv, scene.KV{Key: "valid", Value: f2(s.validPct) + "%"}, scene.KV{Key: "mean colour error", Value: f3(s.errMean)})
	if s.pitfall != "" {
		kv = append(kv, scene.KV{Key: "pitfall valid", Value: f2(s.badValidPct) + "%"}, scene.KV{Key: "pitfall error", Value: f3(s.badErrMean)})
	}
	s.kv = kv
}

// Inspect implements scene.Inspector.
func (s *warpView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	in, ok := s.inspect(f, t)
	if ok && s.quiz && in.Source != "synth3d.Renderer" && in.Source != "geometry.Camera.CamToWorld" {
		// No function name that tells the version under test.
		in.Source = "the version under test"
		in.Detail = strings.TrimSuffix(in.Detail, " (geometry.Warper.Grid)")
	}
	return in, ok
}

func (s *warpView) inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.cam1 == nil {
		return scene.Inspection{}, false
	}
	h, w := s.h, s.w
	n := h * w
	i := t.Index
	pix := func(name, tensor string, vals []float32, src string) (scene.Inspection, bool) {
		if i < 0 || i >= n {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: name + " (" + strconv.Itoa(i%w) + ", " + strconv.Itoa(i/w) + ")", Value: fmtNum(float64(vals[i])),
			Tensor: tensor, Index: shapeOf(0, i/w, i%w), Shape: shapeOf(1, h, w), Source: src}, true
	}
	rgb := func(name, tensor string, d []float32, src string, valid bool) (scene.Inspection, bool) {
		if i < 0 || i >= n {
			return scene.Inspection{}, false
		}
		in := scene.Inspection{Name: name + " (" + strconv.Itoa(i%w) + ", " + strconv.Itoa(i/w) + ")",
			Value:  "(" + f2(float64(d[i])) + ", " + f2(float64(d[n+i])) + ", " + f2(float64(d[2*n+i])) + ")",
			Tensor: tensor, Index: shapeOf(0, -1, i/w, i%w), Shape: shapeOf(1, 3, h, w), Source: src}
		if !valid {
			in.Detail = "lands outside frame 2 (or hits nothing): invalid"
		}
		return in, true
	}
	switch t.Group {
	case grpWarpF1:
		in, ok := rgb("frame 1 pixel", "frame 1", s.r1.Color.Data, "synth3d.Renderer", true)
		if ok {
			in.Detail = "depth " + fmtNum(float64(s.r1.Depth.Data[i]))
			if s.landU != nil {
				in.Source = "geometry.WarpPixel"
				if s.valid[i] {
					in.Detail += ", lands at " + pairText(s.landU[i], s.landV[i]) + " in frame 2"
				} else {
					in.Detail += ", lands outside frame 2"
				}
			}
			if s.grid != nil {
				in.Detail += ", samples frame 2 at grid " + pairText(float64(s.grid.Data[2*i]), float64(s.grid.Data[2*i+1])) + " (geometry.Warper.Grid)"
			}
		}
		return in, ok
	case grpWarpF2:
		return rgb("frame 2 pixel", "frame 2", s.r2.Color.Data, "synth3d.Renderer", true)
	case grpWarpRebuilt:
		if s.problem == "015" {
			return rgb("rebuilt pixel", "frame 2 at (u2, v2)", s.rebuilt.Data, "geometry.WarpPixel, then geometry.GridSample", i < n && s.valid[i])
		}
		return rgb("warped pixel", "warped", s.warped.Data, "geometry.VectorizedWarp", i < n && s.mask.Data[i] > 0)
	case grpWarpBadRebuilt:
		if s.problem == "015" && s.badRebuilt != nil {
			return rgb("pitfall pixel", "frame 2 at K P2 (no ÷ z)", s.badRebuilt.Data, "mistakes.WarpPixelUndivided, then geometry.GridSample", i < n && s.badValid[i])
		}
		if s.badWarped != nil {
			return rgb("pitfall warped pixel", "warped", s.badWarped.Data, "mistakes.VectorizedWarpUVSwap", i < n && s.badMask.Data[i] > 0)
		}
	case grpWarpPoint:
		switch t.Index {
		case 0:
			return scene.Inspection{Name: "frame-2 pixel of (" + strconv.Itoa(s.u1) + ", " + strconv.Itoa(s.v1) + ")", Value: pairText(s.pw.U2, s.pw.V2),
				Tensor: "(u2, v2)", Index: "[0:2]", Shape: shapeOf(2), Source: "geometry.WarpPixel", Detail: "depth z2 = " + fmtNum(s.pw.Z2)}, true
		case 1:
			return scene.Inspection{Name: "pitfall: K P2 without ÷ z", Value: pairText(s.badU, s.badV), Tensor: "(u2, v2)", Index: "[0:2]",
				Shape: shapeOf(2), Source: "mistakes.WarpPixelUndivided", Detail: "off by the factor z2 = " + fmtNum(s.pw.Z2)}, true
		case 2:
			return scene.Inspection{Name: "the surface point", Value: vecText(s.world), Tensor: "P (world)", Index: "[0:3]", Shape: shapeOf(3),
				Source: "geometry.Camera.Unproject", Detail: "P1 = " + vecText(s.pw.P1) + " in camera 1, P2 = " + vecText(s.pw.P2) + " in camera 2 (geometry.TracePixelWarp)"}, true
		}
	case grpWarpCamera:
		cam := s.cam1
		if t.Index == 1 {
			cam = s.cam2
		}
		return scene.Inspection{Name: "camera " + strconv.Itoa(t.Index+1) + " centre", Value: vecText(cam.CamToWorld().Translation()),
			Tensor: "T⁻¹ translation", Index: "[0:3, 3]", Shape: shapeOf(4, 4), Source: "geometry.Camera.CamToWorld"}, true
	case grpWarpU:
		return pix("u of pixel", "u", s.uVals, "geometry.Warper.PixelOfIndex")
	case grpWarpV:
		return pix("v of pixel", "v", s.vVals, "geometry.Warper.PixelOfIndex")
	case grpWarpBadU:
		return pix("pitfall u of pixel", "u", s.buVals, "geometry.Warper{BuggyMeshgrid: true}.PixelOfIndex")
	case grpWarpGX:
		return pix("grid x of pixel", "grid[..., 0]", s.gx, "geometry.Warper.Grid (= VectorizedWarp's)")
	case grpWarpGY:
		return pix("grid y of pixel", "grid[..., 1]", s.gy, "geometry.Warper.Grid (= VectorizedWarp's)")
	case grpWarpMask:
		return pix("mask of pixel", "mask", s.mask.Data, "geometry.VectorizedWarp")
	case grpWarpBadMask:
		if s.badMask != nil {
			return pix("pitfall mask of pixel", "mask", s.badMask.Data, "mistakes.VectorizedWarpUVSwap")
		}
	case grpWarpChain:
		if i >= 0 && i < len(s.chain) {
			src := "geometry.TracePixelWarp (= WarpPixel)"
			if i == 4 {
				src = "mistakes.WarpPixelUndivided"
			}
			return scene.Inspection{Name: "step " + strconv.Itoa(i) + " of the warp", Value: s.chain[i], Shape: shapeOf(3), Source: src}, true
		}
	}
	return scene.Inspection{}, false
}
