package scenes

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
)

// Problem 028 (virtual cinematographer, a design question) as a small
// working pipeline from core pieces: core/synth3d renders the source view
// (colour and depth), geometry.UnprojectDepth lifts it to world points,
// geometry.Camera.Project sends them into each camera along a path, where
// the scene splats them with a z-buffer. The pixels nothing lands on are the
// holes a generative inpainter would have to fill; the scene fills them
// naively (background-side neighbour) to show why that is not enough, and
// compares with the view core/synth3d renders from the new camera.

const (
	designW, designH = 96, 60
	designPath       = 12  // camera positions along the path
	designSkyDepth   = 40  // depth given to background pixels
	designStepsPS    = 2.5 // path positions per second while playing
)

// designView is one camera of the path, computed in Reset.
type designView struct {
	s                      float64 // DemoPose parameter
	splat, holes, fill, gt viz.Bitmap
	holeFrac, meanErr      float64 // of the filled view vs the rendered one
	holeTitle, fillTitle   string
	caption                string
}

type designScene struct {
	computed  designKey // the parameters the views were computed for
	dynamic   bool      // problem 031: the ball moves
	aggregate bool      // fill from the static points of other frames
	time      float64   // the frame shown (bullet time: frozen on the path)
	ptsAll    []float32
	colAll    []color.RGBA
	extraPts  int
	kv        []KV // cached readout, nil when stale
	span      float64
	splat2    bool
	pos       int
	clock     float64

	src, srcDepth viz.Bitmap
	views         [designPath]designView
	k             geometry.Mat3
	srcCam        *geometry.Camera
	plucker       [6]float64 // of the source view's centre pixel
	err           error
}

func (s *designScene) Info() Info {
	return Info{
		ID: "virtual_cinematographer", Title: "Design: re-render a scene along a new camera path", Family: "system design",
		Problems: []string{"028", "031"},
		Statement: "Given one captured view of a static scene and a camera path the user draws, produce the video from " +
			"that path: estimate depth, lift pixels to 3-D, project them into each new camera, find the holes, inpaint " +
			"them (a generative prior in a real system), and condition on the rays (Plücker coordinates).",
		Formula: "X = T⁻¹ [d K⁻¹ (u, v, 1)];  (u', v') = π(K T' X) with a z-buffer;  hole = no source pixel lands;  " +
			"Plücker ray = (d, o × d).",
		LookFor: "Dynamic mode (problem 031): the ball rolls; the path is rendered at one frozen time (bullet time), and " +
			"the static points of the other frames fill what the ball hid, while the ball comes from its own frame only. " +
			"Near the source pose almost nothing is missing. Swinging the camera opens disocclusions beside the " +
			"boxes and spheres (what was behind them was never seen) and cracks where surfaces stretch. Filling from the " +
			"background side hides cracks but smears the disocclusions: the error map shows what a generative model " +
			"must invent.",
	}
}

func (s *designScene) Params() []Param {
	return []Param{
		{Name: "span", Label: "Path span", Kind: Float, Min: 0.1, Max: 1, Step: 0.05, Default: 0.8,
			Help: "how far the path swings from the source camera"},
		{Name: "position", Label: "Camera on the path", Kind: Int, Min: 0, Max: designPath - 1, Step: 1, Default: 9},
		{Name: "splat2", Label: "Splat 2×2 (fewer cracks)", Kind: Bool, Default: 0},
		{Name: "dynamic", Label: "Dynamic scene (031): the ball rolls", Kind: Bool, Default: 0},
		{Name: "time", Label: "Time (frozen: bullet time)", Kind: Float, Min: 0, Max: 1, Step: 1.0 / (designTimes - 1), Default: 0.5,
			Help: "the video frame the path is rendered at"},
		{Name: "aggregate", Label: "Fill from other frames' static points", Kind: Bool, Default: 1},
	}
}

// designPresets are built once: the shell asks for them every frame.
var designPresets = []Preset{
	{Name: "Small move", Values: Values{"span": 0.2, "position": 8}},
	{Name: "Wide swing, 2×2 splats", Values: Values{"span": 1, "position": 11, "splat2": 1}},
	{Name: "Bullet time (031)", Values: Values{"dynamic": 1, "time": 3.0 / 7, "position": 10}},
}

func (s *designScene) Presets() []Preset { return designPresets }

func (s *designScene) Reset(v Values) error {
	s.kv = nil
	s.span, s.pos, s.splat2 = v["span"], int(v["position"]), v["splat2"] != 0
	s.dynamic, s.time, s.aggregate = v["dynamic"] != 0, v["time"], v["aggregate"] != 0
	if !(s.span > 0 && s.span <= 1) || s.pos < 0 || s.pos >= designPath || !(s.time >= 0 && s.time <= 1) {
		s.err = fmt.Errorf("virtual_cinematographer scene: span=%v position=%d out of range", s.span, s.pos)
		return s.err
	}
	s.clock = 0
	// Only the path position changed: the views are already computed.
	key := designKey{s.span, s.splat2, s.dynamic, s.time, s.aggregate}
	if s.err == nil && s.srcCam != nil && key == s.computed {
		return nil
	}
	s.err = s.compute()
	s.computed = key
	return s.err
}

// designKey is what the path's views depend on.
type designKey struct {
	span            float64
	splat2, dynamic bool
	time            float64
	aggregate       bool
}

func rgbAt(col []float32, plane, i int) color.RGBA {
	q := func(v float32) uint8 { return uint8(math.Round(math.Min(math.Max(float64(v), 0), 1) * 255)) }
	return color.RGBA{q(col[i]), q(col[plane+i]), q(col[2*plane+i]), 255}
}

func setImg(b *viz.Bitmap) {
	if b.Img == nil {
		b.Img = image.NewRGBA(image.Rect(0, 0, designW, designH))
	}
	b.Touch()
}

// designMovingID is the demo world's first sphere (2 planes, 2 boxes
// before it): the ball that moves in the dynamic mode.
const designMovingID = 4

// designTimes is how many frames of the monocular video the dynamic mode
// can draw static points from.
const designTimes = 8

// worldAt is the demo world at time t: static, or with the green ball
// rolling across in front of the boxes in the dynamic mode (problem 031).
func (s *designScene) worldAt(t float64) *synth3d.World {
	w := synth3d.DemoWorld()
	if s.dynamic {
		w.Spheres[0].Center = geometry.Vec3{-1.2 + 2.4*t, 0.5, 1.4}
	}
	return w
}

func (s *designScene) compute() error {
	world := s.worldAt(s.time)
	s.k = synth3d.DemoIntrinsics(designW, designH)
	r, err := synth3d.NewRenderer(designW, designH)
	if err != nil {
		return err
	}
	if s.srcCam, err = geometry.NewCamera("virtual_cinematographer", s.k, synth3d.DemoPose(0)); err != nil {
		return err
	}
	r.Render(world, s.srcCam)
	plane := designW * designH
	srcCol := append([]float32(nil), r.Color.Data...)
	depth := r.Depth.Clone()
	setImg(&s.src)
	setImg(&s.srcDepth)
	for i := 0; i < plane; i++ {
		s.src.Img.SetRGBA(i%designW, i/designW, rgbAt(srcCol, plane, i))
		if depth.Data[i] == 0 {
			depth.Data[i] = designSkyDepth
		}
		s.srcDepth.Img.SetRGBA(i%designW, i/designW, viz.Viridis.At(1-math.Log(float64(depth.Data[i]))/math.Log(designSkyDepth)))
	}
	pts, err := geometry.UnprojectDepth(depth, s.k, synth3d.DemoPose(0))
	if err != nil {
		return err
	}
	// Every point the splatting may use, with its colour: the current
	// frame's, plus (dynamic mode, aggregation on) the static points of the
	// other frames, which see behind the ball. The ball itself is taken from
	// the current frame only: elsewhere in time it is somewhere else.
	ptsAll := append(s.ptsAll[:0], pts.Data...)
	colAll := s.colAll[:0]
	for i := 0; i < plane; i++ {
		colAll = append(colAll, rgbAt(srcCol, plane, i))
	}
	s.extraPts = 0
	if s.dynamic && s.aggregate {
		for f := 0; f < designTimes; f++ {
			tau := float64(f) / (designTimes - 1)
			if math.Abs(tau-s.time) < 1e-9 {
				continue
			}
			r.Render(s.worldAt(tau), s.srcCam)
			d := r.Depth.Clone()
			for i, z := range d.Data {
				if z == 0 {
					d.Data[i] = designSkyDepth
				}
			}
			other, err := geometry.UnprojectDepth(d, s.k, synth3d.DemoPose(0))
			if err != nil {
				return err
			}
			for i := 0; i < plane; i++ {
				if r.Object[i] == designMovingID {
					continue
				}
				ptsAll = append(ptsAll, other.Data[3*i:3*i+3]...)
				colAll = append(colAll, rgbAt(r.Color.Data, plane, i))
				s.extraPts++
			}
		}
	}
	s.ptsAll, s.colAll = ptsAll, colAll
	ray := s.srcCam.Unproject(designW/2, designH/2, 1)
	m := ray.Origin.Cross(ray.WorldDir)
	s.plucker = [6]float64{ray.WorldDir[0], ray.WorldDir[1], ray.WorldDir[2], m[0], m[1], m[2]}

	zbuf := make([]float64, plane)
	idx := make([]int, plane)
	for k := range s.views {
		v := &s.views[k]
		if k >= designPath/2 {
			v.s = s.span * float64(k-designPath/2+1) / float64(designPath/2)
		} else {
			v.s = -s.span * float64(designPath/2-k) / float64(designPath/2)
		}
		cam, err := geometry.NewCamera("virtual_cinematographer", s.k, synth3d.DemoPose(v.s))
		if err != nil {
			return err
		}
		for i := range zbuf {
			zbuf[i], idx[i] = math.Inf(1), -1
		}
		// Forward splatting with a z-buffer: nearest point wins each pixel.
		for i := 0; i < len(ptsAll)/3; i++ {
			p := geometry.Vec3{float64(ptsAll[3*i]), float64(ptsAll[3*i+1]), float64(ptsAll[3*i+2])}
			u, vv, z, ok := cam.Project(p)
			if !ok || z <= 0 {
				continue
			}
			n := 1
			if s.splat2 {
				n = 2
			}
			u0, v0 := int(math.Floor(u+0.5)), int(math.Floor(vv+0.5))
			if s.splat2 {
				u0, v0 = int(math.Floor(u)), int(math.Floor(vv))
			}
			for dy := 0; dy < n; dy++ {
				for dx := 0; dx < n; dx++ {
					x, y := u0+dx, v0+dy
					if x < 0 || y < 0 || x >= designW || y >= designH {
						continue
					}
					if j := y*designW + x; z < zbuf[j] {
						zbuf[j], idx[j] = z, i
					}
				}
			}
		}
		r.Render(world, cam)
		setImg(&v.splat)
		setImg(&v.holes)
		setImg(&v.fill)
		setImg(&v.gt)
		holes := 0
		var errSum float64
		for j := 0; j < plane; j++ {
			x, y := j%designW, j/designW
			gt := rgbAt(r.Color.Data, plane, j)
			v.gt.Img.SetRGBA(x, y, gt)
			if idx[j] < 0 {
				holes++
				v.splat.Img.SetRGBA(x, y, viz.NaNColor)
				v.holes.Img.SetRGBA(x, y, viz.Bad)
				continue
			}
			v.splat.Img.SetRGBA(x, y, colAll[idx[j]])
			v.holes.Img.SetRGBA(x, y, viz.White)
		}
		v.holeFrac = float64(holes) / float64(plane)
		// Naive fill: each hole takes the farther of its nearest filled
		// neighbours on the row (disocclusions reveal background).
		for y := 0; y < designH; y++ {
			for x := 0; x < designW; x++ {
				j := y*designW + x
				src := idx[j]
				if src < 0 {
					l, rr := -1, -1
					for xl := x - 1; xl >= 0; xl-- {
						if idx[y*designW+xl] >= 0 {
							l = y*designW + xl
							break
						}
					}
					for xr := x + 1; xr < designW; xr++ {
						if idx[y*designW+xr] >= 0 {
							rr = y*designW + xr
							break
						}
					}
					switch {
					case l >= 0 && rr >= 0 && zbuf[rr] > zbuf[l]:
						src = idx[rr]
					case l >= 0:
						src = idx[l]
					case rr >= 0:
						src = idx[rr]
					}
				}
				col := viz.Black
				if src >= 0 {
					col = colAll[src]
				}
				v.fill.Img.SetRGBA(x, y, col)
				g := v.gt.Img.RGBAAt(x, y)
				errSum += (math.Abs(float64(col.R)-float64(g.R)) + math.Abs(float64(col.G)-float64(g.G)) + math.Abs(float64(col.B)-float64(g.B))) / (3 * 255)
			}
		}
		v.meanErr = errSum / float64(plane)
		v.holeTitle = "4. holes (red): " + f2(100*v.holeFrac) + "%"
		v.fillTitle = "5. naive fill, error " + f3(v.meanErr)
		v.caption = "camera " + itoa(k+1) + " of " + itoa(designPath) + ", pose s = " + f2(v.s) + " (source at s = 0, green)"
		if s.dynamic {
			v.caption += "; time frozen at t = " + f2(s.time) + ", " + itoa(s.extraPts) + " static points from other frames"
		}
	}
	return nil
}

// Step moves to the next camera of the path (wrapping).
func (s *designScene) Step() {
	s.kv = nil
	s.pos = (s.pos + 1) % designPath
}

// Progress is the camera's position on the path.
func (s *designScene) Progress() (int, int) { return s.pos + 1, designPath }

func (s *designScene) Update(in Input, dt float64) {
	s.clock += dt
	if s.clock >= 1/designStepsPS {
		s.clock = 0
		s.Step()
	}
}

func (s *designScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.srcCam == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("virtual_cinematographer scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	v := &s.views[s.pos]
	top, bottom := area.CutTop(area.H * 0.5)
	tiles := [6]*viz.Bitmap{&s.src, &s.srcDepth, &v.splat, &v.holes, &v.fill, &v.gt}
	titles := [6]string{"1. source view (synth3d)", "2. its depth (sky at 40)", "3. lifted, projected, z-buffered",
		v.holeTitle, v.fillTitle, "truth: synth3d from the new camera"}
	tc, bc := top.Columns(3, 14), bottom.Columns(3, 14)
	for i, b := range tiles {
		col := tc[i%3]
		if i >= 3 {
			col = bc[i%3]
		}
		r := caption(c, col, titles[i])
		g := fitRect(viz.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H - 8}, designW, designH)
		g.X, g.Y = r.X, r.Y
		c.Image(b, g.X, g.Y, g.W, g.H, false)
		c.StrokeRect(g.X, g.Y, g.W, g.H, 1, viz.Grid)
	}
	// Path strip: where this camera sits on the path.
	y := area.Y + area.H - 4
	x0, x1 := area.X+area.W*0.55, area.X+area.W
	c.Line(x0, y-4, x1, y-4, 2, viz.Grid)
	for k := range s.views {
		x := x0 + (x1-x0)*(s.views[k].s/2/s.span+0.5)
		col := viz.InkMuted
		if k == s.pos {
			col = viz.Accent
		}
		c.FillCircle(x, y-4, 4, col)
	}
	c.FillCircle(x0+(x1-x0)*0.5, y-4, 3, viz.Good)
	c.Text(area.X, y, v.caption, labelSize, viz.Ink, viz.AlignLeft)
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *designScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *designScene) buildReadout() []KV {
	if s.err != nil || s.srcCam == nil {
		return nil
	}
	v := &s.views[s.pos]
	p := s.plucker
	return []KV{
		{"camera", itoa(s.pos+1) + " of " + itoa(designPath)},
		{"pose s", f2(v.s)},
		{"holes", f2(100*v.holeFrac) + "%"},
		{"filled error", f3(v.meanErr)},
		{"static points from other frames", itoa(s.extraPts)},
		{"Plücker ray of the source centre pixel", f3(p[0]) + " " + f3(p[1]) + " " + f3(p[2]) + " | " + f3(p[3]) + " " + f3(p[4]) + " " + f3(p[5])},
	}
}
