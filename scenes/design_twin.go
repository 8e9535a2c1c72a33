package scenes

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"dlprep/core/geometry"
	"dlprep/core/problems"
	"dlprep/core/synth3d"
	"dlprep/core/track"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 029 (digital twin of a live match) as a working
// pipeline on core/track: eight fixed cameras film six players (synth3d),
// each camera's blobs are detected and described by an appearance
// embedding, lifted to the court with their depth and fused across the
// cameras, and tracks keep each player's identity frame by frame. The
// frames of the match are the last steps of the timeline, so the playhead
// is the frame; an identity swap is drawn in red on the court where it
// happens and on the identity timeline when.

const (
	twinW, twinH = 80, 50
	twinFrames   = 24
	twinPlayers  = synth3d.MatchPlayers
	twinCams     = synth3d.MatchCameras
)

// Inspection groups of the twin view.
const (
	grpTwinCamera   = iota + 1 // a camera on the court plan: Index is the camera
	grpTwinDet                 // a detection box: Index into the frame's detections
	grpTwinPlayer              // a player's true position: Index is the player
	grpTwinFused               // a fused player: Index into the frame's fused
	grpTwinTrack               // a track: Index is the track
	grpTwinSwap                // a swap marker: Index into the swaps
	grpTwinTimeline            // the identity timeline: track × frame
	grpTwinSim                 // the re-ID matrix: track × detection
	grpTwinGallery             // the gallery embeddings: track × dimension
	// grpTwinView0 + k is camera k's picture.
	grpTwinView0 = 100
)

type twinStep int

const (
	twinCamerasStep twinStep = iota
	twinDetect
	twinFuse
	twinReID
	twinTrack // one per frame
)

// twinPlayerNames name the players: team A (orange) and B (blue).
var twinPlayerNames = [twinPlayers]string{"A1", "A2", "A3", "B1", "B2", "B3"}

// twinTrackNames name the tracks, T1 started on A1 and so on.
var twinTrackNames = [twinPlayers]string{"T1", "T2", "T3", "T4", "T5", "T6"}

// Labels the view draws, made once.
var (
	twinGalleryShape  = shapeOf(twinPlayers, track.EmbedDim)
	twinTimelineShape = shapeOf(twinPlayers, twinFrames)
	twinLastFrame     = strconv.Itoa(twinFrames)
)

// twinDims name the embedding's dimensions.
var twinDims = []string{"head r", "head g", "head b", "body r", "body g", "body b"}

type twinView struct {
	// params
	cams   int
	params track.Params
	twins  bool
	// computed
	matchKey [2]int // cameras, twins of the match below
	match    *track.Match
	res      *track.Result
	views    [][]viz.Bitmap // [frame][camera]
	kitCol   [twinPlayers]color.RGBA
	headCol  [twinPlayers]color.RGBA
	// per frame, made by Reset
	sims      []heat // tracks × detections
	simCols   [][]string
	simShapes []string
	gallery   heat
	timeline  heat
	tlVals    []float32
	meanErr   []float64 // per frame: mean distance of the tracks to their players
	camTitles [][]string
	steps     []twinStep
	frameOf   []int
	tl        scene.Timeline
	ro        []scene.KV
	roStep    int
	// plan geometry, made by Reset
	camPos, camFwd []geometry.Vec3
	poly           polyScratch
	legend         []legendItem
	placed         []viz.Rect // labels placed in this frame
}

func newTwinView() *twinView { return &twinView{roStep: -1} }

func (s *twinView) Info() scene.Info {
	p, _ := problems.Lookup("029")
	return scene.Info{ID: "digital_twin", Problem: "029", Title: p.Title, Family: "system design", Statement: p.Statement,
		Formula: `X = T^{-1}[\,d\,K^{-1}(u, v, 1)^\top];\quad \bar X_j = \frac{1}{|C_j|}\sum_{c \in C_j} X_c;\quad ` +
			`\mathrm{cost}(i, j) = (1-\beta)\,\|\hat x_i - \bar x_j\| + \beta\, s\,(1 - \cos(g_i, e_j))`,
		LookFor: "Each camera sees the players from one side: its point is on the surface it sees. Fusing the eight cameras averages the " +
			"sides into the centre (the readout's error drops from about 0.12 m with one camera to 0.03 m). Identity: with position " +
			"alone (β = 0), the two sprinters cross faster than they are apart, each track grabs the other's detection, and the identity " +
			"timeline turns red from that frame on; a motion model (predict with the last velocity) or a little appearance (β = 0.3, the " +
			"kits differ) keeps them. With appearance alone (β = 1), players who look the same (the twins preset) are interchangeable: " +
			"their tracks swap even far apart. The re-ID matrix shows why: each row's brightest cell is the track's own player, except " +
			"where two players look alike."}
}

func (s *twinView) Params() []scene.Param {
	return []scene.Param{
		{Name: "cameras", Label: "cameras", Kind: scene.Int, Min: 1, Max: twinCams, Step: 1, Default: twinCams,
			Help: "how many of the eight fixed cameras are used"},
		{Name: "appearance", Label: "appearance weight β", Kind: scene.Float, Min: 0, Max: 1, Step: 0.05, Default: 0,
			Help: "matching cost: (1 − β)·distance + β·2 m·(1 − cos)"},
		{Name: "motion", Label: "motion model", Kind: scene.Bool, Default: 0, Help: "predict each track with its last velocity"},
		{Name: "twins", Label: "twins", Kind: scene.Bool, Default: 0, Help: "A2 and A3 look exactly alike"},
	}
}

func (s *twinView) Presets() []scene.Preset {
	// The first two open at the sprinters' crossing (frame 13), where
	// position alone swaps them; the twins in the middle of the clip; one
	// camera at the fusion.
	cross := int(twinTrack) + 12
	return []scene.Preset{
		{Name: "Appearance helps (β = 0.3)", Values: scene.Values{"appearance": 0.3}, Step: cross},
		{Name: "Motion model", Values: scene.Values{"motion": 1}, Step: cross},
		{Name: "Appearance only, twins", Values: scene.Values{"appearance": 1, "twins": 1}, Step: int(twinTrack) + 9},
		{Name: "One camera", Values: scene.Values{"cameras": 1, "appearance": 0.3}, Step: int(twinFuse)},
	}
}

func (s *twinView) Reset(v scene.Values) error {
	s.cams = int(v["cameras"])
	s.params = track.Params{Beta: v["appearance"], Scale: track.AppearanceScale, Motion: v["motion"] != 0}
	s.twins = v["twins"] != 0
	if s.cams < 1 || s.cams > twinCams || !(s.params.Beta >= 0 && s.params.Beta <= 1) {
		return fmt.Errorf("digital_twin: cameras = %d must be 1..%d and appearance %v in [0, 1]", s.cams, twinCams, s.params.Beta)
	}
	twins := 0
	if s.twins {
		twins = 1
	}
	// The renders and detections depend on the cameras and the twins only:
	// β and the motion model re-run the tracker.
	if s.match == nil || s.matchKey != [2]int{s.cams, twins} {
		m, err := track.DemoMatch(s.cams, twinFrames, twinW, twinH, s.twins)
		if err != nil {
			return err
		}
		s.match, s.matchKey = m, [2]int{s.cams, twins}
		s.buildViews()
	}
	res, err := track.Run(s.match.Fused, twinPlayers, s.params)
	if err != nil {
		return err
	}
	s.res = res
	s.buildTracking()
	s.buildTimeline()
	s.ro, s.roStep = nil, -1
	return nil
}

// buildViews paints every camera's frames and places the cameras.
func (s *twinView) buildViews() {
	m := s.match
	if len(s.views) != twinFrames {
		s.views = make([][]viz.Bitmap, twinFrames)
	}
	s.camTitles = s.camTitles[:0]
	for f := range twinFrames {
		if len(s.views[f]) != s.cams {
			s.views[f] = make([]viz.Bitmap, s.cams)
		}
		for k := range s.cams {
			dsSetRGB(&s.views[f][k], m.Images[f][k], nil, color.RGBA{})
		}
		titles := make([]string, s.cams)
		for k := range s.cams {
			n := 0
			for _, d := range m.Dets[f] {
				if d.Cam == k {
					n++
				}
			}
			titles[k] = "cam " + strconv.Itoa(k+1) + ": " + strconv.Itoa(n)
		}
		s.camTitles = append(s.camTitles, titles)
	}
	s.legend = []legendItem{{dsColor(synth3d.KitA), "team A"}, {dsColor(synth3d.KitB), "team B"}, {viz.InkMuted, "square: a track"},
		{viz.Bad, "ring: identity swap"}}
	s.camPos, s.camFwd = s.camPos[:0], s.camFwd[:0]
	for _, c := range m.Cams {
		e, f := camAxes(c)
		s.camPos, s.camFwd = append(s.camPos, e), append(s.camFwd, f)
	}
	for p := range twinPlayers {
		kit := synth3d.KitA
		if synth3d.PlayerTeam(p) == 1 {
			kit = synth3d.KitB
		}
		s.kitCol[p] = dsColor(kit)
		w, _ := synth3d.Match(0, twinFrames, s.twins)
		s.headCol[p] = dsColor(w.Spheres[p].Color)
	}
}

// buildTracking makes the per-frame pictures of the tracker's run: the
// re-ID matrices, the gallery, the identity timeline.
func (s *twinView) buildTracking() {
	m, r := s.match, s.res
	if len(s.sims) != twinFrames {
		s.sims = make([]heat, twinFrames)
	}
	s.simCols, s.simShapes = s.simCols[:0], s.simShapes[:0]
	s.meanErr = s.meanErr[:0]
	for f := range twinFrames {
		st := r.Steps[f]
		nd := len(m.Fused[f])
		vals := make([]float32, 0, twinPlayers*max(nd, 1))
		for i := range twinPlayers {
			for j := range nd {
				vals = append(vals, float32(st.Sim[i][j]))
			}
		}
		cols := make([]string, nd)
		for j := range cols {
			cols[j] = "d" + strconv.Itoa(j+1)
		}
		if nd > 0 {
			s.sims[f].set(vals, twinPlayers, nd, viz.BlueWhiteRed, -1, 1, nil)
		}
		s.simCols = append(s.simCols, cols)
		s.simShapes = append(s.simShapes, shapeOf(twinPlayers, nd))
		e, n := 0.0, 0
		for i := range twinPlayers {
			if st.Assign[i] >= 0 {
				e += math.Hypot(st.Pos[i][0]-m.Truth[f][i][0], st.Pos[i][2]-m.Truth[f][i][2])
				n++
			}
		}
		s.meanErr = append(s.meanErr, e/float64(max(n, 1)))
	}
	g := make([]float32, 0, twinPlayers*track.EmbedDim)
	for _, e := range r.Gallery {
		for _, x := range e {
			g = append(g, float32(x))
		}
	}
	s.gallery.set(g, twinPlayers, track.EmbedDim, viz.BlueWhiteRed, -1, 1, nil)
	// The identity timeline: 1 where a track follows its own player, -1
	// where it follows another, 0 before it starts.
	s.tlVals = s.tlVals[:0]
	for i := range twinPlayers {
		for f := range twinFrames {
			v := float32(0)
			switch p := r.Steps[f].Player[i]; {
			case p == i:
				v = 1
			case p >= 0:
				v = -1
			}
			s.tlVals = append(s.tlVals, v)
		}
	}
	s.timeline.set(s.tlVals, twinPlayers, twinFrames, twinTimelineMap, -1, 1, nil)
}

// twinTimelineMap colours the identity timeline: red (another player's
// detection), grey (not started), green (its own).
var twinTimelineMap = viz.NewColorMap("identity", viz.Bad, color.RGBA{225, 228, 234, 255}, color.RGBA{120, 190, 140, 255})

func (s *twinView) buildTimeline() {
	m, r := s.match, s.res
	s.steps, s.frameOf, s.tl = s.steps[:0], s.frameOf[:0], s.tl[:0]
	add := func(k twinStep, f int, stage, caption, shapes string, sec float64) {
		s.steps, s.frameOf = append(s.steps, k), append(s.frameOf, f)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	nc := strconv.Itoa(s.cams)
	img := shapeOf(3, twinH, twinW)
	nd := len(m.Dets[0])
	add(twinCamerasStep, 0, "cameras", nc+" fixed cameras around the court, calibrated (K and pose known): frame 0 of the match.", nc+" × "+img, 1.5)
	add(twinDetect, 0, "detect", "A detector finds each player in each camera (here the renderer's object ids stand in for it): "+strconv.Itoa(nd)+" boxes.",
		nc+" × "+img+" → "+strconv.Itoa(nd)+" boxes", 2)
	add(twinFuse, 0, "lift + fuse", "Each box's centre goes back along its ray to its depth; the points of one player from every camera are averaged.",
		strconv.Itoa(nd)+" × "+shapeOf(3)+" → "+strconv.Itoa(len(m.Fused[0]))+" × "+shapeOf(3), 2.5)
	add(twinReID, 0, "re-ID", "Each player gets an embedding (head and body colours, a stand-in for a contrastive network); tracks keep theirs as a gallery.",
		"G "+shapeOf(twinPlayers, track.EmbedDim)+" · $E^\\top$ → "+shapeOf(twinPlayers, len(m.Fused[0])), 2.5)
	swapAt := map[int][]track.Swap{}
	for _, sw := range r.Swaps {
		swapAt[sw.Frame] = append(swapAt[sw.Frame], sw)
	}
	for f := range twinFrames {
		caption := "Frame " + strconv.Itoa(f+1) + " of " + strconv.Itoa(twinFrames) + ": every track takes its cheapest detection; the tracks are " +
			f2(s.meanErr[f]) + " m from their own players on average."
		if sws := swapAt[f]; len(sws) > 0 {
			sw := sws[0]
			caption = "Frame " + strconv.Itoa(f+1) + ": identity swap! " + twinTrackNames[sw.Track] + " (was " + twinPlayerNames[sw.From] + ") takes " +
				twinPlayerNames[sw.To] + "'s detection"
			if len(sws) > 1 {
				caption += ", and " + strconv.Itoa(len(sws)-1) + " more"
			}
			caption += "."
		}
		add(twinTrack, f, "track", caption, shapeOf(twinPlayers, len(m.Fused[f]))+" costs → "+shapeOf(twinPlayers)+" assignments", 0.5)
	}
}

func (s *twinView) Timeline() scene.Timeline { return s.tl }

func (s *twinView) cur(f *scene.Frame) (twinStep, int) {
	k := min(max(f.Step, 0), len(s.steps)-1)
	return s.steps[k], s.frameOf[k]
}

func (s *twinView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if len(s.steps) == 0 || s.res == nil || area.W < 40 || area.H < 40 {
		return
	}
	st, fr := s.cur(f)
	switch st {
	case twinCamerasStep, twinDetect:
		top, bottom := area.CutTop(area.H * 0.62)
		s.drawViews(c, top, f, fr, st == twinDetect)
		bottom.Y, bottom.H = bottom.Y+10, bottom.H-10
		s.drawCourt(c, bottom, f, fr, twinCamerasStep)
	case twinFuse:
		s.drawCourt(c, area, f, fr, twinFuse)
	case twinReID:
		cells := flowCells(area, 2, 24, 200)
		s.gallery.draw(c, cells[0], f, heatOpts{Title: "gallery G", Shape: twinGalleryShape, RowLabels: twinTrackNames[:],
			ColLabels: twinDims, ColTitle: "embedding", Group: grpTwinGallery, MaxCell: 44})
		s.drawSim(c, cells[1], f, fr)
	case twinTrack:
		if area.W < 520 {
			top, bottom := area.CutTop(area.H * 0.55)
			s.drawCourt(c, top, f, fr, twinTrack)
			bottom.Y, bottom.H = bottom.Y+8, bottom.H-8
			s.drawIdentity(c, bottom, f, fr)
			return
		}
		left, right := area.CutLeft(area.W * 0.52)
		right.X, right.W = right.X+16, right.W-16
		s.drawCourt(c, left, f, fr, twinTrack)
		top, bottom := right.CutTop(right.H * 0.42)
		s.drawIdentity(c, top, f, fr)
		bottom.Y, bottom.H = bottom.Y+10, bottom.H-10
		s.drawSim(c, bottom, f, fr)
	}
}

// drawViews lays the cameras' pictures out in a grid, with the detection
// boxes when boxes is set.
func (s *twinView) drawViews(c viz.Canvas, r viz.Rect, f *scene.Frame, fr int, boxes bool) {
	perRow := 4
	if r.W < 520 {
		perRow = 3
	}
	perRow = min(perRow, s.cams)
	rows := (s.cams + perRow - 1) / perRow
	const gap = 8
	cw, ch := (r.W-gap*float64(perRow-1))/float64(perRow), (r.H-gap*float64(rows-1))/float64(rows)
	m := s.match
	for k := range s.cams {
		cell := viz.Rect{X: r.X + float64(k%perRow)*(cw+gap), Y: r.Y + float64(k/perRow)*(ch+gap), W: cw, H: ch}
		img := dsImage(c, cell, f, &s.views[fr][k], twinW, twinH, s.camTitles[fr][k], "", grpTwinView0+k)
		if !boxes || img.W == 0 {
			continue
		}
		px := img.W / twinW
		for j, d := range m.Dets[fr] {
			if d.Cam != k {
				continue
			}
			b := viz.Rect{X: img.X + float64(d.Box[0])*px, Y: img.Y + float64(d.Box[1])*px, W: float64(d.Box[2]-d.Box[0]+1) * px, H: float64(d.Box[3]-d.Box[1]+1) * px}
			c.StrokeRect(b.X, b.Y, b.W, b.H, 1.5, viz.White)
			f.Box(grpTwinDet, j, b)
		}
	}
}

// twinCourtBounds is the plan's world window: the court and the cameras
// around it.
var twinCourtBounds = [4]float64{-8, 8, -6.2, 6.2}

// drawCourt draws the court from above: its lines, the cameras, and what
// the step shows (the cameras alone; the rays and the fused points; the
// players and the tracks with their trails and swaps).
func (s *twinView) drawCourt(c viz.Canvas, r viz.Rect, f *scene.Frame, fr int, st twinStep) {
	title := "court from above"
	if st == twinTrack {
		title = "court: players (discs), tracks (labels)"
	}
	r = panel(c, r, title)
	lg := 0.0
	if st == twinTrack {
		if lg = legendHeight(c, r.W, s.legend); r.H > 3*lg {
			r.H -= lg + 6
		} else {
			lg = 0
		}
	}
	b := twinCourtBounds
	if st == twinTrack {
		// Tracking: the court alone, as large as it fits.
		b = [4]float64{-synth3d.Court[0] - 0.3, synth3d.Court[0] + 0.3, -synth3d.Court[1] - 0.3, synth3d.Court[1] + 0.3}
	}
	pl := dsNewPlan(r, b[0], b[1], b[2], b[3])
	if lg > 0 {
		legend(c, viz.Rect{X: r.X, Y: pl.r.Y + pl.r.H + 6, W: r.W, H: lg}, s.legend)
	}
	// The court.
	cx0, cz0 := pl.at(-synth3d.Court[0], synth3d.Court[1])
	cx1, cz1 := pl.at(synth3d.Court[0], -synth3d.Court[1])
	c.FillRect(cx0, cz0, cx1-cx0, cz1-cz0, color.RGBA{92, 143, 97, 255})
	c.StrokeRect(cx0, cz0, cx1-cx0, cz1-cz0, 1.5, viz.White)
	mx, _ := pl.at(0, 0)
	c.Line(mx, cz0, mx, cz1, 1, viz.White)
	// The cameras (off the plan while tracking).
	for k := 0; k < s.cams && st != twinTrack; k++ {
		col := viz.Categorical(k)
		u, v := pl.camera(c, s.camPos[k], s.camFwd[k], 0.5, 1.2, col, 1.5)
		f.Dot(grpTwinCamera, k, u, v, 5)
	}
	m := s.match
	rad := max(3.0, 0.25*pl.scale)
	switch st {
	case twinCamerasStep:
		s.drawPlayers(c, &pl, f, fr, rad)
	case twinFuse:
		// Rays from each camera to its detection's point, the points, and
		// the fused players.
		// The rays grow from the cameras as the step plays; the fused
		// players appear once they have arrived.
		t := 0.3 + 0.7*min(f.Frac*1.6, 1)
		if t >= 1 {
			for _, g := range m.Fused[fr] {
				u, v := pl.at(g.Pos[0], g.Pos[2])
				c.FillCircle(u, v, 1.6*rad, viz.Fade(s.kitCol[g.Player], 0.45))
			}
		}
		for _, d := range m.Dets[fr] {
			u0, v0 := pl.at(s.camPos[d.Cam][0], s.camPos[d.Cam][2])
			u1, v1 := pl.at(d.Point[0], d.Point[2])
			u1, v1 = u0+(u1-u0)*t, v0+(v1-v0)*t
			c.Line(u0, v0, u1, v1, 1, viz.Fade(viz.Categorical(d.Cam), 0.55))
			c.FillCircle(u1, v1, 2.5, viz.Categorical(d.Cam))
		}
		if t >= 1 {
			for j, g := range m.Fused[fr] {
				u, v := pl.at(g.Pos[0], g.Pos[2])
				dsRing(c, u, v, 1.6*rad, 2, viz.Ink)
				f.Dot(grpTwinFused, j, u, v, 1.6*rad)
			}
		}
	case twinTrack:
		s.drawPlayers(c, &pl, f, fr, rad)
		s.drawTracks(c, &pl, f, fr, rad)
	}
}

// drawPlayers draws where the players really are: kit discs with the
// head's colour inside.
func (s *twinView) drawPlayers(c viz.Canvas, pl *dsPlan, f *scene.Frame, fr int, rad float64) {
	for p := range twinPlayers {
		u, v := pl.at(s.match.Truth[fr][p][0], s.match.Truth[fr][p][2])
		c.FillCircle(u, v, rad, s.kitCol[p])
		c.FillCircle(u, v, rad*0.45, s.headCol[p])
		f.Dot(grpTwinPlayer, p, u, v, rad)
	}
}

// drawTracks draws each track's trail and label, and every swap so far
// as a red ring where it happened.
func (s *twinView) drawTracks(c viz.Canvas, pl *dsPlan, f *scene.Frame, fr int, rad float64) {
	r := s.res
	for i := range twinPlayers {
		col := viz.Categorical(i)
		start := max(0, fr-6)
		px, pz := -1.0, -1.0
		for k := start; k <= fr; k++ {
			if r.Steps[k].Assign[i] < 0 && r.Steps[k].Player[i] < 0 && k < fr {
				continue
			}
			u, v := pl.at(r.Steps[k].Pos[i][0], r.Steps[k].Pos[i][2])
			if px >= 0 {
				c.Line(px, pz, u, v, 2, viz.Fade(col, 0.4+0.6*float64(k-start)/6))
			}
			px, pz = u, v
		}
	}
	for j, sw := range r.Swaps {
		// Swaps of the last few frames: the timeline keeps them all.
		if sw.Frame > fr || sw.Frame < fr-3 {
			continue
		}
		u, v := pl.at(sw.Pos[0], sw.Pos[2])
		col := viz.Bad
		if sw.Frame < fr {
			col = viz.Fade(viz.Bad, 0.6)
		}
		dsRing(c, u, v, 1.8*rad, 2.5, col)
		f.Dot(grpTwinSwap, j, u, v, 1.8*rad)
	}
	st := r.Steps[fr]
	s.placed = s.placed[:0]
	for i := range twinPlayers {
		if st.Player[i] < 0 {
			continue
		}
		u, v := pl.at(st.Pos[i][0], st.Pos[i][2])
		c.StrokeRect(u-rad-2, v-rad-2, 2*rad+4, 2*rad+4, 1.5, viz.Categorical(i))
		f.Dot(grpTwinTrack, i, u, v, rad+2)
	}
	for i := range twinPlayers {
		if st.Player[i] < 0 {
			continue
		}
		u, v := pl.at(st.Pos[i][0], st.Pos[i][2])
		col := viz.Ink
		if st.Player[i] != i {
			col = viz.Bad
		}
		if lb, ok := s.placeLabel(c, pl.r, u, v, rad+3, twinTrackNames[i]); ok {
			// A light backing keeps the label legible over rings and trails.
			c.FillRect(lb.X-2, lb.Y, lb.W+4, lb.H, viz.Fade(viz.White, 0.85))
			c.Text(lb.X, lb.Y+lb.H-2, twinTrackNames[i], kitLabel, col, viz.AlignLeft)
		}
	}
}

// placeLabel finds room for a label beside the point (u, v), at distance
// d: right, left, above, below, then further out, avoiding the labels
// already placed this frame and staying in bounds. It returns the label's
// box and whether one was found (crowded labels are left out: the
// tracks stay inspectable).
func (s *twinView) placeLabel(c viz.Canvas, bounds viz.Rect, u, v, d float64, text string) (viz.Rect, bool) {
	w, h := c.TextWidth(text, kitLabel), kitLabel+2
	for ring := 1.0; ring <= 3; ring++ {
		dd := d * ring
		for _, off := range [4][2]float64{{dd, -h / 2}, {-dd - w, -h / 2}, {-w / 2, -dd - h}, {-w / 2, dd}} {
			b := viz.Rect{X: u + off[0], Y: v + off[1], W: w, H: h}
			if b.X < bounds.X || b.Y < bounds.Y || b.X+b.W > bounds.X+bounds.W || b.Y+b.H > bounds.Y+bounds.H {
				continue
			}
			free := true
			for _, p := range s.placed {
				if b.X < p.X+p.W && p.X < b.X+b.W && b.Y < p.Y+p.H && p.Y < b.Y+b.H {
					free = false
					break
				}
			}
			if free {
				s.placed = append(s.placed, b)
				return b, true
			}
		}
	}
	return viz.Rect{}, false
}

// drawIdentity draws the identity timeline: a row per track, a column per
// frame, green while it follows its own player, red after a swap, the
// frame shown outlined.
func (s *twinView) drawIdentity(c viz.Canvas, r viz.Rect, f *scene.Frame, fr int) {
	r = titleShape(c, r, "identity timeline", twinTimelineShape)
	lh := viz.LineHeight(kitLabel)
	left := c.TextWidth("T6", kitLabel) + 8
	grid := viz.Rect{X: r.X + left, Y: r.Y, W: r.W - left, H: r.H - lh - 4}
	// Columns as wide as fit, rows tall enough for a label when they can.
	cw, rh := grid.W/twinFrames, min(grid.H/twinPlayers, 24)
	if cw <= 1 || rh <= 1 {
		return
	}
	grid.W, grid.H = cw*twinFrames, rh*twinPlayers
	c.Image(&s.timeline.bm, grid.X, grid.Y, grid.W, grid.H, false)
	for i := 1; i < twinPlayers && rh >= 6; i++ {
		y := grid.Y + float64(i)*rh
		c.Line(grid.X, y, grid.X+grid.W, y, 1, viz.Paper)
	}
	every := int(math.Ceil(lh / rh))
	for i := 0; i < twinPlayers; i += every {
		c.Text(grid.X-4, grid.Y+(float64(i)+0.5)*rh+kitLabel*0.35, twinTrackNames[i], kitLabel, viz.InkMuted, viz.AlignRight)
	}
	c.StrokeRect(grid.X+float64(fr)*cw, grid.Y-2, cw, grid.H+4, 2, viz.Accent)
	for _, sw := range s.res.Swaps {
		x := grid.X + (float64(sw.Frame)+0.5)*cw
		c.FillPolygon(s.triangle(x, grid.Y+float64(sw.Track)*rh+rh/2, min(cw, rh)*0.35), viz.White)
	}
	c.Text(grid.X, grid.Y+grid.H+lh, "frame 1", kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(grid.X+grid.W, grid.Y+grid.H+lh, twinLastFrame, kitLabel, viz.InkMuted, viz.AlignRight)
	f.Grid(grpTwinTimeline, grid, twinPlayers, twinFrames)
}

// triangle is a small downward triangle at (x, y), in a reused buffer.
func (s *twinView) triangle(x, y, r float64) []viz.Point {
	return s.poly.tri(viz.Point{X: x - r, Y: y - r}, viz.Point{X: x + r, Y: y - r}, viz.Point{X: x, Y: y + r})
}

// drawSim draws the re-ID matrix of frame fr with each track's chosen
// detection outlined (green: its own player, red: another).
func (s *twinView) drawSim(c viz.Canvas, r viz.Rect, f *scene.Frame, fr int) {
	if len(s.match.Fused[fr]) == 0 {
		return
	}
	ht := &s.sims[fr]
	cells := ht.draw(c, r, f, heatOpts{Title: "re-ID: cos(gallery, detection)", Shape: s.simShapes[fr],
		RowLabels: twinTrackNames[:], ColLabels: s.simCols[fr], ColTitle: "detection", Group: grpTwinSim, MaxCell: 40})
	if cells.W == 0 {
		return
	}
	st := s.res.Steps[fr]
	for i, j := range st.Assign {
		if j < 0 {
			continue
		}
		col := viz.Good
		if st.Player[i] != i {
			col = viz.Bad
		}
		outlineCell(c, cells, twinPlayers, len(s.match.Fused[fr]), i, j, col)
	}
}

// Readout implements scene.Readouter.
func (s *twinView) Readout(f *scene.Frame) []scene.KV {
	if s.res == nil {
		return nil
	}
	k := min(max(f.Step, 0), len(s.steps)-1)
	if k == s.roStep {
		return s.ro
	}
	fr := s.frameOf[k]
	m := s.match
	fuseErr, n := 0.0, 0
	for _, g := range m.Fused[fr] {
		fuseErr += math.Hypot(g.Pos[0]-m.Truth[fr][g.Player][0], g.Pos[2]-m.Truth[fr][g.Player][2])
		n++
	}
	first := "none"
	if len(s.res.Swaps) > 0 {
		sw := s.res.Swaps[0]
		first = "frame " + strconv.Itoa(sw.Frame+1) + ", " + twinTrackNames[sw.Track] + " → " + twinPlayerNames[sw.To]
	}
	following := 0
	for i, p := range s.res.Steps[fr].Player {
		if p == i {
			following++
		}
	}
	s.ro = []scene.KV{
		{Key: "frame", Value: strconv.Itoa(fr+1) + " of " + strconv.Itoa(twinFrames)},
		{Key: "detections", Value: strconv.Itoa(len(m.Dets[fr])) + " in " + strconv.Itoa(s.cams) + " cameras"},
		{Key: "fused players", Value: strconv.Itoa(len(m.Fused[fr]))},
		{Key: "fused position error", Value: f3(fuseErr/float64(max(n, 1))) + " m"},
		{Key: "tracks on their own player", Value: strconv.Itoa(following) + " of " + strconv.Itoa(twinPlayers)},
		{Key: "identity swaps in the clip", Value: strconv.Itoa(len(s.res.Swaps))},
		{Key: "first swap", Value: first},
	}
	s.roStep = k
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *twinView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.res == nil {
		return scene.Inspection{}, false
	}
	_, fr := s.cur(f)
	m, r := s.match, s.res
	i := t.Index
	vec := func(p geometry.Vec3) string { return "(" + f2(p[0]) + ", " + f2(p[2]) + ")" }
	switch {
	case t.Group >= grpTwinView0 && t.Group < grpTwinView0+s.cams:
		k := t.Group - grpTwinView0
		if i < 0 || i >= twinW*twinH {
			return scene.Inspection{}, false
		}
		in := dsInspectPixel("camera "+strconv.Itoa(k+1)+" pixel", "image", m.Images[fr][k], i, "synth3d.Renderer.Render")
		for _, d := range m.Dets[fr] {
			if d.Cam == k && i%twinW >= d.Box[0] && i%twinW <= d.Box[2] && i/twinW >= d.Box[1] && i/twinW <= d.Box[3] {
				in.Detail = "inside the box of " + twinPlayerNames[d.Player]
			}
		}
		return in, true
	}
	switch t.Group {
	case grpTwinCamera:
		if i < 0 || i >= s.cams {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "camera " + strconv.Itoa(i+1), Value: "at " + vec(s.camPos[i]) + ", " + f2(s.camPos[i][1]) + " m up",
			Tensor: "pose", Index: strconv.Itoa(i), Shape: "[4, 4]", Source: "synth3d.MatchCamera"}, true
	case grpTwinDet:
		if i < 0 || i >= len(m.Dets[fr]) {
			return scene.Inspection{}, false
		}
		d := m.Dets[fr][i]
		return scene.Inspection{Name: "detection in camera " + strconv.Itoa(d.Cam+1), Value: strconv.Itoa(d.Pixels) + " px, depth " + f2(d.Depth),
			Tensor: "box", Index: strconv.Itoa(i), Shape: shapeOf(len(m.Dets[fr]), 4), Source: "track.Detect",
			Detail: "it is " + twinPlayerNames[d.Player] + "; lifted to " + vec(d.Point)}, true
	case grpTwinPlayer:
		if i < 0 || i >= twinPlayers {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: "player " + twinPlayerNames[i] + ", where they really are", Value: vec(m.Truth[fr][i]), Tensor: "truth",
			Index: strconv.Itoa(i), Shape: shapeOf(twinPlayers, 3), Source: "synth3d.PlayerPos"}, true
	case grpTwinFused:
		if i < 0 || i >= len(m.Fused[fr]) {
			return scene.Inspection{}, false
		}
		g := m.Fused[fr][i]
		return scene.Inspection{Name: "fused player (" + twinPlayerNames[g.Player] + ")", Value: vec(g.Pos), Tensor: "fused", Index: strconv.Itoa(i),
			Shape: shapeOf(len(m.Fused[fr]), 3), Source: "track.Fuse",
			Detail: strconv.Itoa(g.Views()) + " cameras; " + f3(math.Hypot(g.Pos[0]-m.Truth[fr][g.Player][0], g.Pos[2]-m.Truth[fr][g.Player][2])) + " m from the centre"}, true
	case grpTwinTrack:
		if i < 0 || i >= twinPlayers {
			return scene.Inspection{}, false
		}
		st := r.Steps[fr]
		v := "not started"
		if st.Player[i] >= 0 {
			v = "follows " + twinPlayerNames[st.Player[i]]
		}
		in := scene.Inspection{Name: "track " + twinTrackNames[i] + " (started on " + twinPlayerNames[i] + ")", Value: v, Tensor: "tracks",
			Index: strconv.Itoa(i), Shape: shapeOf(twinPlayers, 3), Source: "track.Run", Detail: "at " + vec(st.Pos[i]) + ", expected at " + vec(st.Pred[i])}
		if j := st.Assign[i]; j >= 0 {
			in.Detail += "; cost " + f3(st.Cost[i][j]) + ", cos " + f3(st.Sim[i][j])
		}
		return in, true
	case grpTwinSwap:
		if i < 0 || i >= len(r.Swaps) {
			return scene.Inspection{}, false
		}
		sw := r.Swaps[i]
		return scene.Inspection{Name: "identity swap", Value: twinTrackNames[sw.Track] + ": " + twinPlayerNames[sw.From] + " → " + twinPlayerNames[sw.To],
			Tensor: "swaps", Index: strconv.Itoa(i), Shape: shapeOf(len(r.Swaps)), Source: "track.Run", Detail: "frame " + strconv.Itoa(sw.Frame+1) + " at " + vec(sw.Pos)}, true
	case grpTwinTimeline:
		ti, tf := i/twinFrames, i%twinFrames
		if ti < 0 || ti >= twinPlayers {
			return scene.Inspection{}, false
		}
		p := r.Steps[tf].Player[ti]
		v := "not started"
		if p >= 0 {
			v = "follows " + twinPlayerNames[p]
		}
		in := scene.Inspection{Name: "track " + twinTrackNames[ti] + " at frame " + strconv.Itoa(tf+1), Value: v, Tensor: "identity",
			Index: shapeOf(ti, tf), Shape: shapeOf(twinPlayers, twinFrames), Source: "track.Run"}
		if p >= 0 && p != ti {
			in.Detail = "wrong: it started on " + twinPlayerNames[ti]
		}
		return in, true
	case grpTwinSim:
		nd := len(m.Fused[fr])
		if nd == 0 || i < 0 || i >= twinPlayers*nd {
			return scene.Inspection{}, false
		}
		ti, j := i/nd, i%nd
		st := r.Steps[fr]
		in := scene.Inspection{Name: "cos(gallery of " + twinTrackNames[ti] + ", detection " + strconv.Itoa(j+1) + ")", Value: f3(st.Sim[ti][j]),
			Tensor: "S", Index: shapeOf(ti, j), Shape: shapeOf(twinPlayers, nd), Source: "track.Run",
			Detail: "detection " + strconv.Itoa(j+1) + " is " + twinPlayerNames[m.Fused[fr][j].Player] + "; cost " + f3(st.Cost[ti][j])}
		if st.Assign[ti] == j {
			in.Detail += "; chosen"
		}
		return in, true
	case grpTwinGallery:
		if i < 0 || i >= twinPlayers*track.EmbedDim {
			return scene.Inspection{}, false
		}
		ti, d := i/track.EmbedDim, i%track.EmbedDim
		return scene.Inspection{Name: "gallery embedding of " + twinTrackNames[ti] + ", " + twinDims[d], Value: f3(r.Gallery[ti][d]), Tensor: "G",
			Index: shapeOf(ti, d), Shape: shapeOf(twinPlayers, track.EmbedDim), Source: "track.Detect, track.Fuse"}, true
	}
	return scene.Inspection{}, false
}
