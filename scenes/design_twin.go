package scenes

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
)

// Problem 029 (digital twin of a live match, a design question) as a small
// working pipeline. core/synth3d renders a court with moving players from
// fixed cameras; each camera's player blobs (the renderer's object ids
// stand in for a detector) give a pixel centroid and a depth, lifted to
// the world with geometry.Camera.Unproject; detections from all cameras
// are fused by proximity, and tracks keep their identity by position plus
// an appearance embedding (the blob's mean colour, cosine similarity — the
// contrastive re-ID feature of a real system). Where it breaks: players in
// near-identical kits crossing swap identities when appearance dominates
// the cost, and a single camera sees only the front of each player.

const (
	twinW, twinH  = 80, 50
	twinFrames    = 24
	twinPlayers   = 4
	twinMaxCams   = 4
	twinRadius    = 0.3
	twinFuseDist  = 0.8 // detections closer than this are the same player
	twinFramesPS  = 4
	twinCourtHalf = 2.5
	// twinAppearanceScale puts 1 − cos (tiny between shaded views of one
	// colour) on the scale of metres.
	twinAppearanceScale = 50
)

// twinRenderKey is what the renders and detections depend on.
type twinRenderKey struct {
	cams    int
	similar bool
}

// twinDet is one fused detection of a frame.
type twinDet struct {
	pos   geometry.Vec3
	emb   [3]float64 // unit mean colour
	truth int        // the player it really is (for scoring only)
	views int
	cams  uint8   // bit i: camera i contributed
	u     float64 // image column of the blob (single-view detections)
}

// twinFrame is everything shown for one time step.
type twinFrame struct {
	views    [twinMaxCams]viz.Bitmap
	truth    [twinPlayers]geometry.Vec3
	dets     []twinDet
	trackPos [twinPlayers]geometry.Vec3 // where each track is after matching
	trackOK  [twinPlayers]bool          // track still follows its own player
	errMean  float64                    // mean distance of matched tracks to their players
}

type twinScene struct {
	kv      []KV
	cams    int
	beta    float64
	similar bool
	frame   int
	clock   float64

	frames   [twinFrames]twinFrame
	swaps    int // frames with at least one identity swap
	firstBad int // first frame with a swap, -1 if none
	meanErr  float64
	simBmp   viz.Bitmap
	sim      []float32 // tracks × detections similarity of the current frame
	err      error
	caption  string
	kitRGBA  [twinPlayers]color.RGBA
	rendered twinRenderKey // of the frames' renders; cams 0: none yet
}

func (s *twinScene) Info() Info {
	return Info{
		ID: "digital_twin", Title: "Design: digital twin of a live match", Family: "system design", Problems: []string{"029"},
		Statement: "Fixed cameras film a court with moving players. Build a live 3-D twin: detect players per camera, lift " +
			"the detections to the court with depth and the calibrated cameras, fuse the views, and keep each player's " +
			"identity over time with an appearance (re-ID) embedding.",
		Formula: "X = T⁻¹ [d K⁻¹ (u, v, 1)] per view; fused position = mean over views; match cost = (1 − β)|X_track − X_det| + " +
			"β·50·(1 − cos(e_gallery, e_det)).",
		LookFor: "More cameras pull the fused point toward the player's centre (one camera only sees the front surface). " +
			"With the same kit and matching by appearance alone (β = 1), the two orange players are interchangeable: the " +
			"tracks follow whichever the detector lists first and swap when the players pass. Position keeps them apart.",
	}
}

func (s *twinScene) Params() []Param {
	return []Param{
		{Name: "cameras", Label: "Cameras", Kind: Int, Min: 1, Max: twinMaxCams, Step: 1, Default: 4},
		{Name: "appearance", Label: "Appearance weight β", Kind: Float, Min: 0, Max: 1, Step: 0.05, Default: 0.3,
			Help: "match cost (1−β)·distance + β·50·(1 − cos similarity)"},
		{Name: "similar_kits", Label: "Two players in the same kit", Kind: Bool, Default: 1},
		{Name: "frame", Label: "Frame", Kind: Int, Min: 0, Max: twinFrames - 1, Step: 1, Default: 14},
	}
}

// twinPresets are built once: the shell asks for them every frame.
var twinPresets = []Preset{
	{Name: "Appearance only (swap)", Values: Values{"appearance": 1, "similar_kits": 1, "frame": 23}},
	{Name: "One camera", Values: Values{"cameras": 1}},
}

func (s *twinScene) Presets() []Preset { return twinPresets }

func (s *twinScene) Reset(v Values) error {
	s.kv = nil
	s.cams, s.beta, s.similar, s.frame = int(v["cameras"]), v["appearance"], v["similar_kits"] != 0, int(v["frame"])
	if s.cams < 1 || s.cams > twinMaxCams || !(s.beta >= 0 && s.beta <= 1) || s.frame < 0 || s.frame >= twinFrames {
		s.err = fmt.Errorf("digital_twin scene: cameras=%d appearance=%v frame=%d out of range", s.cams, s.beta, s.frame)
		return s.err
	}
	s.clock = 0
	if s.err != nil || s.rendered != (twinRenderKey{s.cams, s.similar}) {
		s.err = s.compute()
	} else {
		s.track()
	}
	s.setCaption()
	return s.err
}

// playerPos is player p's position at frame f: two pairs of players run
// across each other's paths.
func playerPos(p, f int) geometry.Vec3 {
	t := float64(f) / (twinFrames - 1)
	switch p {
	case 0: // orange, left to right
		return geometry.Vec3{-1.8 + 3.6*t, twinRadius, 0.3 * math.Sin(3*t)}
	case 1: // second kit, right to left, passing player 0 one metre apart
		return geometry.Vec3{1.8 - 3.6*t, twinRadius, 1.6 - 0.3*math.Sin(3*t)}
	case 2: // blue, along z
		return geometry.Vec3{-1.2, twinRadius, -1.8 + 1.8*t}
	}
	return geometry.Vec3{1 + 0.6*math.Cos(4*t), twinRadius, -1.4 + 0.6*math.Sin(4*t)} // red, circling
}

func (s *twinScene) kits() [twinPlayers]synth3d.Color {
	k := [twinPlayers]synth3d.Color{{0.95, 0.55, 0.1}, {0.3, 0.85, 0.3}, {0.2, 0.35, 0.9}, {0.85, 0.15, 0.15}}
	if s.similar {
		k[1] = k[0] // the same kit: appearance cannot separate them
	}
	return k
}

func twinCamera(i int) (geometry.Mat4, error) {
	a := math.Pi/4 + float64(i)*math.Pi/2
	eye := geometry.Vec3{5 * math.Cos(a), 3.2, 5 * math.Sin(a)}
	return geometry.LookAt(eye, geometry.Vec3{0, 0, 0}, geometry.Vec3{0, 1, 0})
}

func (s *twinScene) compute() error {
	k := synth3d.DemoIntrinsics(twinW, twinH)
	r, err := synth3d.NewRenderer(twinW, twinH)
	if err != nil {
		return err
	}
	var cams [twinMaxCams]*geometry.Camera
	for i := 0; i < s.cams; i++ {
		pose, err := twinCamera(i)
		if err != nil {
			return err
		}
		if cams[i], err = geometry.NewCamera("digital_twin", k, pose); err != nil {
			return err
		}
	}
	kits := s.kits()
	for p, kc := range kits {
		s.kitRGBA[p] = rgbAt(kc[:], 1, 0)
	}
	world := &synth3d.World{
		Planes:     []synth3d.Plane{{Point: geometry.Vec3{}, Normal: geometry.Vec3{0, 1, 0}, Color: synth3d.Color{0.45, 0.62, 0.45}, Period: 1}},
		Light:      geometry.Vec3{-0.3, 0.9, -0.3}.Normalize(),
		Ambient:    0.4,
		Background: synth3d.Color{0.12, 0.12, 0.15},
	}
	plane := twinW * twinH
	for f := 0; f < twinFrames; f++ {
		fr := &s.frames[f]
		world.Spheres = world.Spheres[:0]
		for p := 0; p < twinPlayers; p++ {
			fr.truth[p] = playerPos(p, f)
			world.Spheres = append(world.Spheres, synth3d.Sphere{Center: fr.truth[p], Radius: twinRadius, Color: kits[p]})
		}
		var raw []twinDet
		for ci := 0; ci < s.cams; ci++ {
			r.Render(world, cams[ci])
			b := &fr.views[ci]
			if b.Img == nil {
				b.Img = image.NewRGBA(image.Rect(0, 0, twinW, twinH))
			}
			for i := 0; i < plane; i++ {
				b.Img.SetRGBA(i%twinW, i/twinW, rgbAt(r.Color.Data, plane, i))
			}
			b.Touch()
			// One blob per player id seen (the detector stand-in).
			var n [twinPlayers]int
			var su, sv, sd [twinPlayers]float64
			var col [twinPlayers][3]float64
			for i, id := range r.Object {
				p := id - 1 // the plane is object 0
				if p < 0 || p >= twinPlayers {
					continue
				}
				n[p]++
				su[p] += float64(i % twinW)
				sv[p] += float64(i / twinW)
				sd[p] += float64(r.Depth.Data[i])
				for c := 0; c < 3; c++ {
					col[p][c] += float64(r.Color.Data[c*plane+i])
				}
			}
			// A detector reports blobs in image order (left to right), not by
			// identity: which is which is the tracker's job.
			first := len(raw)
			for p := 0; p < twinPlayers; p++ {
				if n[p] < 3 {
					continue
				}
				m := float64(n[p])
				ray := cams[ci].Unproject(su[p]/m, sv[p]/m, sd[p]/m)
				raw = append(raw, twinDet{pos: ray.World, emb: unit3(col[p]), truth: p, views: 1, cams: 1 << ci, u: su[p] / m})
			}
			blobs := raw[first:]
			sort.Slice(blobs, func(i, j int) bool { return blobs[i].u < blobs[j].u })
		}
		fr.dets = fuseDetections(raw)
	}
	s.rendered = twinRenderKey{s.cams, s.similar}
	s.track()
	return nil
}

// track runs the tracker over the rendered detections: only the appearance
// weight changes it, so moving that slider does not render again.
func (s *twinScene) track() {
	var tracks [twinPlayers]struct {
		pos     geometry.Vec3
		gallery [3]float64 // re-ID embedding enrolled at the first frame
		id      int        // the player the track started on
	}
	s.swaps, s.firstBad, s.meanErr = 0, -1, 0
	for f := 0; f < twinFrames; f++ {
		fr := &s.frames[f]
		if f == 0 {
			// Tracks start on the players of the first frame.
			for i := range tracks {
				tracks[i].id = i
				tracks[i].pos = fr.truth[i]
				for _, d := range fr.dets {
					if d.truth == i {
						tracks[i].gallery = d.emb
					}
				}
			}
		}
		// Greedy matching by the combined cost, cheapest pair first.
		used := make([]bool, len(fr.dets))
		var done [twinPlayers]bool
		for range twinPlayers {
			bi, bj, best := -1, -1, math.Inf(1)
			for i := range tracks {
				if done[i] {
					continue
				}
				for j, d := range fr.dets {
					if used[j] {
						continue
					}
					cost := (1-s.beta)*d.pos.Sub(tracks[i].pos).Norm() + s.beta*twinAppearanceScale*(1-dot3(d.emb, tracks[i].gallery))
					if cost < best {
						bi, bj, best = i, j, cost
					}
				}
			}
			if bi < 0 {
				break
			}
			done[bi], used[bj] = true, true
			tracks[bi].pos = fr.dets[bj].pos
			fr.trackOK[bi] = fr.dets[bj].truth == tracks[bi].id
		}
		swapped := false
		var e float64
		for i := range tracks {
			if !done[i] {
				fr.trackOK[i] = false
			}
			fr.trackPos[i] = tracks[i].pos
			swapped = swapped || !fr.trackOK[i]
			e += tracks[i].pos.Sub(fr.truth[tracks[i].id]).Norm()
		}
		fr.errMean = e / twinPlayers
		if swapped {
			s.swaps++
			if s.firstBad < 0 {
				s.firstBad = f
			}
		}
		s.meanErr += fr.errMean / twinFrames
	}
	s.similarity()
}

// fuseDetections adds each detection to the nearest group within
// twinFuseDist that has nothing from its camera yet (a camera sees a player
// once) and averages each group (position and embedding).
func fuseDetections(raw []twinDet) []twinDet {
	var out []twinDet
	for _, d := range raw {
		best, bestD := -1, twinFuseDist
		for i := range out {
			if out[i].cams&d.cams != 0 {
				continue
			}
			if dist := out[i].pos.Scale(1 / float64(out[i].views)).Sub(d.pos).Norm(); dist < bestD {
				best, bestD = i, dist
			}
		}
		if best < 0 {
			out = append(out, d)
			continue
		}
		g := &out[best]
		g.pos = g.pos.Add(d.pos)
		for k := 0; k < 3; k++ {
			g.emb[k] += d.emb[k]
		}
		g.views++
		g.cams |= d.cams
	}
	for i := range out {
		out[i].pos = out[i].pos.Scale(1 / float64(out[i].views))
		out[i].emb = unit3(out[i].emb)
	}
	return out
}

func unit3(v [3]float64) [3]float64 {
	n := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
	if n == 0 {
		return v
	}
	return [3]float64{v[0] / n, v[1] / n, v[2] / n}
}

func dot3(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// similarity is the appearance similarity of the first frame's kits
// (tracks) with the current frame's fused detections, shown as a heatmap.
func (s *twinScene) similarity() {
	fr := &s.frames[s.frame]
	kits := s.kits()
	s.sim = s.sim[:0]
	for i := 0; i < twinPlayers; i++ {
		e := unit3([3]float64{float64(kits[i][0]), float64(kits[i][1]), float64(kits[i][2])})
		for _, d := range fr.dets {
			s.sim = append(s.sim, float32(dot3(e, d.emb)))
		}
	}
	if len(fr.dets) > 0 {
		s.simBmp.SetHeatmap(s.sim, twinPlayers, len(fr.dets), viz.Viridis, 0.8, 1)
	}
}

func (s *twinScene) setCaption() {
	if s.err != nil {
		return
	}
	fr := &s.frames[s.frame]
	s.caption = "frame " + itoa(s.frame+1) + " of " + itoa(twinFrames) + ": " + itoa(len(fr.dets)) + " fused players, mean error " +
		f2(fr.errMean) + " m; frames with an identity swap: " + itoa(s.swaps)
}

// Step advances one frame (wrapping).
func (s *twinScene) Step() {
	s.kv = nil
	s.frame = (s.frame + 1) % twinFrames
	s.similarity()
	s.setCaption()
}

// Progress is the current frame.
func (s *twinScene) Progress() (int, int) { return s.frame + 1, twinFrames }

func (s *twinScene) Update(in Input, dt float64) {
	s.clock += dt
	if s.clock >= 1.0/twinFramesPS {
		s.clock = 0
		s.Step()
	}
}

var twinTrackColors = [twinPlayers]int{1, 2, 0, 3} // Categorical indices near each kit's colour

func (s *twinScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	fr := &s.frames[s.frame]
	top, bottom := area.CutTop(area.H * 0.36)
	cols := top.Columns(twinMaxCams, 10)
	for i := 0; i < s.cams; i++ {
		r := caption(c, cols[i], twinCamNames[i])
		g := fitRect(r, twinW, twinH)
		g.X, g.Y = r.X, r.Y
		c.Image(&fr.views[i], g.X, g.Y, g.W, g.H, false)
		c.StrokeRect(g.X, g.Y, g.W, g.H, 1, viz.Grid)
	}
	mapR, side := bottom.CutLeft(bottom.W * 0.55)
	mapR = caption(c, mapR, "court from above: discs = players, dots = tracks (red: wrong identity)")
	g := fitRect(viz.Rect{X: mapR.X, Y: mapR.Y, W: mapR.W, H: mapR.H - 22}, 1, 1)
	g.X = mapR.X
	c.FillRect(g.X, g.Y, g.W, g.H, viz.Fade(viz.Good, 0.15))
	c.StrokeRect(g.X, g.Y, g.W, g.H, 1, viz.Grid)
	toMap := func(p geometry.Vec3) (float64, float64) {
		return g.X + (p[0]/twinCourtHalf*0.5+0.5)*g.W, g.Y + (0.5-p[2]/twinCourtHalf*0.5)*g.H
	}
	for p := 0; p < twinPlayers; p++ {
		// Trails of the tracks up to this frame.
		x0, y0 := toMap(s.frames[0].trackPos[p])
		for f := 1; f <= s.frame; f++ {
			x1, y1 := toMap(s.frames[f].trackPos[p])
			c.Line(x0, y0, x1, y1, 1.5, viz.Fade(viz.Categorical(twinTrackColors[p]), 0.6))
			x0, y0 = x1, y1
		}
	}
	for p := 0; p < twinPlayers; p++ {
		x, y := toMap(fr.truth[p])
		c.FillCircle(x, y, 9, s.kitRGBA[p])
	}
	for p := 0; p < twinPlayers; p++ {
		x, y := toMap(fr.trackPos[p])
		col := viz.Ink
		if !fr.trackOK[p] {
			col = viz.Bad
			c.FillCircle(x, y, 6, col)
		}
		c.FillCircle(x, y, 3.5, viz.Categorical(twinTrackColors[p]))
		c.Text(x+6, y-5, twinTrackNames[p], smallSize, col, viz.AlignLeft)
	}
	side = side.Inset(6)
	sr := caption(c, side, "re-ID: cos(kit, detection embedding)")
	if n := len(fr.dets); n > 0 {
		hm := gridRect(viz.Rect{X: sr.X + 20, Y: sr.Y, W: sr.W - 20, H: sr.H * 0.5}, twinPlayers, n, 36)
		cellGrid(c, hm, &s.simBmp, twinPlayers, n, nil)
		for i := 0; i < twinPlayers; i++ {
			c.Text(hm.X-4, hm.Y+(float64(i)+0.6)*hm.H/twinPlayers, twinTrackNames[i], smallSize, viz.InkMuted, viz.AlignRight)
		}
		c.Text(hm.X, hm.Y+hm.H+12, "columns: fused detections (colour 0.8 … 1)", smallSize, viz.InkMuted, viz.AlignLeft)
	}
	c.Text(area.X, area.Y+area.H-2, s.caption, labelSize, viz.Ink, viz.AlignLeft)
}

var (
	twinCamNames   = [twinMaxCams]string{"camera 1", "camera 2", "camera 3", "camera 4"}
	twinTrackNames = [twinPlayers]string{"T1", "T2", "T3", "T4"}
)

func (s *twinScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *twinScene) buildReadout() []KV {
	if s.err != nil {
		return nil
	}
	fr := &s.frames[s.frame]
	first := "none"
	if s.firstBad >= 0 {
		first = itoa(s.firstBad + 1)
	}
	return []KV{
		{"frame", itoa(s.frame + 1)},
		{"fused players", itoa(len(fr.dets))},
		{"mean position error (m)", f3(fr.errMean)},
		{"mean error over the clip (m)", f3(s.meanErr)},
		{"frames with a swap", itoa(s.swaps)},
		{"first swap at frame", first},
	}
}

func rgbAt(col []float32, plane, i int) color.RGBA {
	q := func(v float32) uint8 { return uint8(math.Round(math.Min(math.Max(float64(v), 0), 1) * 255)) }
	return color.RGBA{q(col[i]), q(col[plane+i]), q(col[2*plane+i]), 255}
}
