package scenes

import (
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 025: camera-conditioned cross-attention. The pixels
// of a video are queries, one embedding per frame's camera gives the keys
// and values. Attending per frame, a pixel has one key, the softmax of one
// score is exactly 1, and every pixel of a frame gets the same output;
// attending to all frames' cameras, the weights and the output vary. Both
// modes come from attention.CameraTrace (= attention.CameraCrossAttention).

const (
	camC  = 8 // channels C
	camDc = 6 // camera embedding size Dc
)

// Inspection groups of the camera view; frame groups are bases.
const (
	cgCam       = iota + 1 // camera embeddings [T, Dc]
	cgQ                    // a frame's queries [HW, C]
	cgK                    // keys [T, C]
	cgV                    // values [T, C]
	cgPFScores             // per frame: scores [T, HW] (one key each)
	cgPFWeights            // per frame: weights [T, HW]
	cgAFScores             // all frames: a frame's scores [HW, T]
	cgAFWeights            // all frames: a frame's weights [HW, T]

	cgFrameX  = 100 // x, channel shown
	cgFramePF = 200 // y per frame
	cgFrameAF = 300 // y over all frames' cameras
)

type camStep int

const (
	csInputs camStep = iota
	csProject
	csPerFrame
	csPerFrameOut
	csAllFrames
	csAllFramesOut
)

type cameraView struct {
	// params
	tt, hh, ww  int
	heads, head int
	ch          int
	seed        uint64
	// computed
	x, cam *core.Tensor
	wts    attention.CameraWeights
	pf, af *attention.CameraStages
	steps  []camStep
	tl     scene.Timeline
	kv     []scene.KV // the readout, built by Reset
	// pictures
	vx, vpf, vaf                   videoPanel
	hcam, hk, hv                   heat
	hq                             []heat // per frame: its queries [HW, C]
	hpfS, hpfW                     heat   // [T, HW]
	hafS, hafW                     []heat // per frame: [HW, T]
	pfScores, pfWeights            []float32
	camLabels, pixLabels, chLabels []string
	dimLabels                      []string
	shapeX, shapeCam, shapePF      string
	shapeAF, shapeQ, shapeKV       string
	// Strings Draw writes, formatted once by Reset.
	chLabel, pfTitle, afSoftmax string
	qTitles, afTitles           []string
	sumStrs                     [][]string // per frame, per pixel: the row sum of the all-frames weights
}

func newCameraView() *cameraView { return &cameraView{} }

func (s *cameraView) Info() scene.Info {
	p, _ := problems.Lookup("025")
	return scene.Info{ID: "camera_attention", Problem: "025", Title: p.Title, Family: "attention", Statement: p.Statement,
		Formula: `q = W_q x_{t,p},\; k_t = W_k\, \mathrm{cam}_t,\; v_t = W_v\, \mathrm{cam}_t;\quad ` +
			`\text{per frame: } \mathrm{softmax}\left(\frac{q k_t^\top}{\sqrt{d}}\right) = 1 \;\Rightarrow\; y_{t,p} = \mathrm{proj}(v_t);\quad ` +
			`\text{all frames: } y_{t,p} = \mathrm{proj}\left(\sum_s \mathrm{softmax}_s\left(\frac{q k_s^\top}{\sqrt{d}}\right) v_s\right)`,
		LookFor: "Per frame, the pixels of frame t have a single key, camera t's. Their scores q·k/√d differ from pixel to pixel, but " +
			"the softmax over one score is e^s/e^s = 1 whatever s is, so every weight reads exactly 1 and every pixel of the frame " +
			"gets proj(v_t): the output frames are flat, the \"attention\" only broadcasts one vector per frame and ignores the " +
			"pixels. With the keys of all T cameras, each pixel weighs the cameras its own way (each row of weights sums to 1 over T " +
			"keys) and the output varies across the frame. Check the shapes before trusting a picture: a key axis of length 1 is the tell."}
}

func (s *cameraView) Params() []scene.Param {
	return []scene.Param{
		{Name: "T", Label: "frames T", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "H", Label: "height H", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "W", Label: "width W", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "heads", Label: "heads h", Kind: scene.Choice, Choices: []string{"1", "2", "4"}, Default: 1,
			Help: "C = 8 channels split into h heads of d = 8/h"},
		{Name: "head", Label: "head shown", Kind: scene.Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "channel", Label: "channel shown", Kind: scene.Int, Min: 0, Max: camC - 1, Step: 1, Default: 0},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

func (s *cameraView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "One head", Values: scene.Values{"heads": 0}},
		{Name: "Six cameras", Values: scene.Values{"T": 6, "H": 3, "W": 3}},
		{Name: "Another seed", Values: scene.Values{"seed": 7, "channel": 3}},
	}
}

// Applies implements scene.Applier.
func (s *cameraView) Applies(name string, v scene.Values) string {
	if name == "head" {
		return headApplies(v, winHeadsOf(v))
	}
	return ""
}

func (s *cameraView) Reset(v scene.Values) error {
	s.tt, s.hh, s.ww = int(v["T"]), int(v["H"]), int(v["W"])
	s.heads = winHeadsOf(v)
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.ch = clampInt(int(v["channel"]), 0, camC-1)
	s.seed = uint64(v["seed"])
	s.x, s.cam, s.wts = cameraInputs(s.tt, s.hh, s.ww, s.seed)
	var err error
	if s.pf, err = attention.CameraTrace(s.x, s.cam, s.wts, s.heads, attention.PerFrame); err != nil {
		return err
	}
	if s.af, err = attention.CameraTrace(s.x, s.cam, s.wts, s.heads, attention.AllFrames); err != nil {
		return err
	}
	s.buildTimeline()
	s.buildPictures()
	s.kv = s.buildReadout()
	return nil
}

// cameraInputs builds the video x [1,T,C,H,W], the cameras [1,T,Dc] and
// the projections (to_q, to_k, to_v without bias, proj with), from the
// seed.
func cameraInputs(t, h, w int, seed uint64) (*core.Tensor, *core.Tensor, attention.CameraWeights) {
	rng := rand.New(rand.NewPCG(seed, 0x63616d))
	x := videoInput(rng, t, camC, h, w, false)
	cam := core.New(1, t, camDc)
	for i := range cam.Data {
		cam.Data[i] = float32(rng.NormFloat64())
	}
	return x, cam, attention.CameraWeights{Q: randLinear(rng, camC, camC, 1.3, false), K: randLinear(rng, camC, camDc, 1.3, false),
		V: randLinear(rng, camC, camDc, 1, false), Proj: randLinear(rng, camC, camC, 1, true)}
}

func (s *cameraView) buildTimeline() {
	t, hw, c, h := s.tt, s.hh*s.ww, camC, s.heads
	d := c / h
	s.shapeX = shapeOf(1, t, c, s.hh, s.ww)
	s.shapeCam = shapeOf(1, t, camDc)
	s.shapeQ = shapeOf(1, t, hw, c)
	s.shapeKV = shapeOf(1, t, c)
	s.shapePF = shapeOf(t, h, hw, 1)
	s.shapeAF = shapeOf(1, h, t*hw, t)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k camStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(csInputs, "inputs", "The "+strconv.Itoa(t*hw)+" pixels will be queries; each frame's camera embedding gives a key and a value.",
		"x "+s.shapeX+", cam "+s.shapeCam, 1.5)
	add(csProject, "project", "to_q maps each pixel's C = 8 channels to a query; to_k and to_v map each camera to a key and a value.",
		"x → q "+s.shapeQ+"; cam → k, v "+s.shapeKV, 2.5)
	add(csPerFrame, "per frame", "Per frame, a pixel meets one key, its camera's: the scores differ, the softmax of one score is 1.",
		shapeOf(t, h, hw, d)+" · "+shapeOf(t, h, 1, d)+" → "+s.shapePF, 3)
	add(csPerFrameOut, "per-frame output", "So every pixel of frame t gets proj(v_t): each output frame is one flat colour.",
		s.shapePF+" · v "+shapeOf(t, h, 1, d)+" → y "+s.shapeX, 2.5)
	add(csAllFrames, "all frames", "With all "+strconv.Itoa(t)+" cameras as keys, each pixel weighs them its own way; each row sums to 1.",
		shapeOf(1, h, t*hw, d)+" · "+shapeOf(1, h, t, d)+" → "+s.shapeAF, 4)
	add(csAllFramesOut, "all-frames output", "Now the output varies across each frame: the pixels choose how much of each camera to take.",
		s.shapeAF+" · v → y "+s.shapeX, 2.5)
}

func (s *cameraView) buildPictures() {
	t, h, w, c := s.tt, s.hh, s.ww, camC
	hw := h * w
	frameOf := func(x *core.Tensor, i int) []float32 { return x.Data[(i*c+s.ch)*hw : (i*c+s.ch+1)*hw] }
	lo, hi := symmetric(s.x.Data)
	ylo, yhi := symmetric(s.af.Y.Data)
	l2, h2 := symmetric(s.pf.Y.Data)
	ylo, yhi = min(ylo, l2), max(yhi, h2)
	for _, v := range []*videoPanel{&s.vx, &s.vpf, &s.vaf} {
		v.resize(t, h, w)
	}
	for i := range t {
		s.vx.heatFrame(i, frameOf(s.x, i), viz.BlueWhiteRed, lo, hi)
		s.vpf.heatFrame(i, frameOf(s.pf.Y, i), viz.BlueWhiteRed, ylo, yhi)
		s.vaf.heatFrame(i, frameOf(s.af.Y, i), viz.BlueWhiteRed, ylo, yhi)
	}
	clo, chi := symmetric(s.cam.Data)
	s.hcam.set(s.cam.Data, t, camDc, viz.BlueWhiteRed, clo, chi, nil)
	klo, khi := symmetric(append(append([]float32(nil), s.pf.K.Data...), s.pf.V.Data...))
	s.hk.set(s.pf.K.Data, t, c, viz.BlueWhiteRed, klo, khi, nil)
	s.hv.set(s.pf.V.Data, t, c, viz.BlueWhiteRed, klo, khi, nil)
	qlo, qhi := symmetric(s.pf.Q.Data)
	s.hq = growHeats(s.hq, t)
	for i := range t {
		s.hq[i].set(s.pf.Q.Data[i*hw*c:(i+1)*hw*c], hw, c, viz.BlueWhiteRed, qlo, qhi, nil)
	}
	// Per frame: [T, heads, HW, 1] read as [T, HW] for the head shown.
	s.pfScores, s.pfWeights = s.pfScores[:0], s.pfWeights[:0]
	for i := range t {
		off := (i*s.heads + s.head) * hw
		s.pfScores = append(s.pfScores, s.pf.Scores.Data[off:off+hw]...)
		s.pfWeights = append(s.pfWeights, s.pf.Weights.Data[off:off+hw]...)
	}
	// Each mode's scores on their own scale: each is the subject of its step.
	slo, shi := symmetric(s.pfScores)
	s.hpfS.set(s.pfScores, t, hw, viz.BlueWhiteRed, slo, shi, nil)
	slo, shi = symmetric(s.af.Scores.Data)
	s.hpfW.set(s.pfWeights, t, hw, viz.Viridis, 0, 1, nil)
	// All frames: [1, heads, T·HW, T]; frame i's block is [HW, T].
	s.hafS, s.hafW = growHeats(s.hafS, t), growHeats(s.hafW, t)
	for i := range t {
		off := (s.head*t*hw + i*hw) * t
		s.hafS[i].set(s.af.Scores.Data[off:off+hw*t], hw, t, viz.BlueWhiteRed, slo, shi, nil)
		s.hafW[i].set(s.af.Weights.Data[off:off+hw*t], hw, t, viz.Viridis, 0, 1, nil)
	}
	s.camLabels, s.pixLabels, s.chLabels, s.dimLabels = indexLabels(0, t), indexLabels(0, hw), indexLabels(0, c), indexLabels(0, camDc)
	s.chLabel = "channel " + strconv.Itoa(s.ch)
	s.pfTitle = "scores q·k/√d, head " + strconv.Itoa(s.head)
	s.afSoftmax = "softmax over " + strconv.Itoa(t) + " cameras"
	s.qTitles, s.afTitles, s.sumStrs = s.qTitles[:0], s.afTitles[:0], s.sumStrs[:0]
	for i := range t {
		s.qTitles = append(s.qTitles, "q, frame "+strconv.Itoa(i))
		s.afTitles = append(s.afTitles, "scores, frame "+strconv.Itoa(i))
		off := (s.head*t*hw + i*hw) * t
		row := make([]string, hw)
		for p := range hw {
			row[p] = f2(sum32(s.af.Weights.Data[off+p*t : off+(p+1)*t]))
		}
		s.sumStrs = append(s.sumStrs, row)
	}
}

func (s *cameraView) Timeline() scene.Timeline { return s.tl }

func (s *cameraView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.af == nil || len(s.steps) == 0 || area.W < 20 || area.H < 20 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case csInputs:
		s.drawInputs(c, area, f)
	case csProject:
		s.drawProject(c, area, f)
	case csPerFrame:
		s.drawPerFrame(c, area, f)
	case csPerFrameOut:
		s.drawOutputs(c, area, f, false)
	case csAllFrames:
		s.drawAllFrames(c, area, f)
	case csAllFramesOut:
		s.drawOutputs(c, area, f, true)
	}
}

// sweep is the frame a step shows as it plays.
func (s *cameraView) sweep(f *scene.Frame) int { return min(int(f.Frac*float64(s.tt)), s.tt-1) }

// drawInputs pairs each frame with its camera, one pair after another.
func (s *cameraView) drawInputs(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	vo := videoOpts{Title: "x (queries)", Shape: s.shapeX, Group0: cgFrameX, Scale: true, ScaleLabel: s.chLabel}
	cells := stackFlow(area, 30, 240, s.vx.height(area.W, area.H*0.55, vo), -1)
	s.vx.draw(c, cells[0], f, vo)
	cc := s.hcam.drawFit(c, cells[1], f, heatOpts{Title: "cam (keys, values)", Shape: s.shapeCam, RowTitle: "frame ↓", RowLabels: s.camLabels,
		ColTitle: "dim", ColLabels: s.dimLabels, Group: cgCam, MaxCell: 40})
	t := s.sweep(f)
	if s.vx.drawn() {
		fr := s.vx.rects[t]
		c.StrokeRect(fr.X-2, fr.Y-2, fr.W+4, fr.H+4, 2.5, viz.Accent)
	}
	if cc.W > 0 {
		outlineRow(c, cc, s.tt, t, viz.Accent)
	}
}

// drawProject shows a frame's queries (the frames in turn) and the keys
// and values of every camera.
func (s *cameraView) drawProject(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	t := s.sweep(f)
	qo := heatOpts{Title: s.qTitles[t], Shape: s.shapeQ, RowTitle: "pixel ↓", RowLabels: s.pixLabels,
		ColTitle: "channel", ColLabels: s.chLabels, Group: cgQ, MaxCell: 30}
	ko := heatOpts{Title: "k = to_k(cam)", Shape: s.shapeKV, RowTitle: "cam ↓", RowLabels: s.camLabels, ColTitle: "channel",
		ColLabels: s.chLabels, Group: cgK, MaxCell: 30}
	vo := ko
	vo.Title, vo.Group = "v = to_v(cam)", cgV
	// Wide: q on the left, k above v on the right. Narrow: q on top, k
	// and v side by side below it.
	var qr, kr, vr viz.Rect
	if cells := flowCells(area, 2, 30, 220); cells[1].Y == cells[0].Y {
		qr = cells[0]
		kr, vr = cells[1].CutTop(cells[1].H / 2)
	} else {
		var rest viz.Rect
		qr, rest = area.CutTop(min(heatNeed(c, area.W, s.hh*s.ww, camC, qo), area.H*0.55))
		_, rest = rest.CutTop(14)
		kv := flowCells(rest, 2, 20, 100)
		kr, vr = kv[0], kv[len(kv)-1]
	}
	s.hq[t].drawFit(c, qr, f, qo)
	kc := s.hk.drawFit(c, kr, f, ko)
	vc := s.hv.drawFit(c, vr, f, vo)
	if kc.W > 0 && vc.W > 0 {
		outlineRow(c, kc, s.tt, t, viz.Accent)
		outlineRow(c, vc, s.tt, t, viz.Accent)
	}
}

// drawPerFrame shows the per-frame scores (one key per pixel) above their
// softmax, all exactly 1; a column sweeps the pixels.
func (s *cameraView) drawPerFrame(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	hw := s.hh * s.ww
	top, bottom := area.CutTop(area.H / 2)
	o := heatOpts{Title: s.pfTitle, Shape: s.shapePF, RowTitle: "frame ↓", RowLabels: s.camLabels,
		ColTitle: "pixel (its one key: its frame's camera)", ColLabels: s.pixLabels, Group: cgPFScores, MaxCell: 40}
	sc := s.hpfS.drawFit(c, top, f, o)
	o.Title, o.ColTitle, o.Group = "softmax over the one key", "pixel", cgPFWeights
	wc := s.hpfW.drawFit(c, bottom, f, o)
	p := min(int(f.Frac*float64(hw)), hw-1)
	if sc.W > 0 && wc.W > 0 {
		outlineCol(c, sc, hw, p, viz.Accent)
		outlineCol(c, wc, hw, p, viz.Accent)
	}
}

// drawOutputs shows the output frames: per frame alone, or the all-frames
// output beside it.
func (s *cameraView) drawOutputs(c viz.Canvas, area viz.Rect, f *scene.Frame, all bool) {
	chl := s.chLabel
	po := videoOpts{Title: "y, per frame", Shape: s.shapeX, Group0: cgFramePF, Scale: true, ScaleLabel: chl}
	if !all {
		ao := videoOpts{Title: "x", Shape: s.shapeX, Group0: cgFrameX, Scale: true, ScaleLabel: chl}
		cells := stackFlow(area, 30, 240, s.vx.height(area.W, area.H*0.5, ao), -1)
		s.vx.draw(c, cells[0], f, ao)
		po.Scale, po.Note = false, "flat: every pixel of frame t gets proj(v_t)"
		s.vpf.draw(c, cells[1], f, po)
		return
	}
	ao := videoOpts{Title: "y, all frames' cameras", Shape: s.shapeX, Group0: cgFrameAF, Scale: true, ScaleLabel: chl}
	cells := stackFlow(area, 30, 240, s.vpf.height(area.W, area.H*0.5, po), -1)
	s.vpf.draw(c, cells[0], f, po)
	s.vaf.draw(c, cells[1], f, ao)
}

// drawAllFrames shows, frame after frame, the scores of its pixels against
// every camera and their softmax, with each row's sum.
func (s *cameraView) drawAllFrames(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	hw := s.hh * s.ww
	fr := s.sweep(f)
	cells := flowCells(area, 2, 30, 150)
	o := heatOpts{Title: s.afTitles[fr], Shape: s.shapeAF, RowTitle: "pixel ↓", RowLabels: s.pixLabels,
		ColTitle: "camera", ColLabels: s.camLabels, Group: cgAFScores, MaxCell: 40}
	s.hafS[fr].drawFit(c, cells[0], f, o)
	sumW := c.TextWidth("sum 0.00", kitLabel) + 8
	side, body := cells[1].CutRight(sumW)
	o.Title, o.Group = s.afSoftmax, cgAFWeights
	wc := s.hafW[fr].drawFit(c, body, f, o)
	if wc.W == 0 {
		return
	}
	// Each row's sum at its right.
	ch := wc.H / float64(hw)
	every := int(max(1, viz.LineHeight(kitLabel)/ch+0.999))
	c.Text(side.X+4, wc.Y-4, "sum", kitLabel, viz.InkMuted, viz.AlignLeft)
	for i := 0; i < hw; i += every {
		c.Text(side.X+4, wc.Y+(float64(i)+0.5)*ch+kitLabel*0.35, s.sumStrs[fr][i], kitLabel, viz.Good, viz.AlignLeft)
	}
}

// Readout implements scene.Readouter: the numbers depend on the values
// only, so Reset builds them once.
func (s *cameraView) Readout(f *scene.Frame) []scene.KV { return s.kv }

// buildReadout lists the numbers the readout panel shows.
func (s *cameraView) buildReadout() []scene.KV {
	if s.af == nil {
		return nil
	}
	return []scene.KV{
		{Key: "x and y", Value: s.shapeX},
		{Key: "per-frame weights", Value: s.shapePF + ", every one 1"},
		{Key: "all-frames weights", Value: s.shapeAF},
		{Key: "scale 1/√d", Value: fmtNum(s.af.Scale)},
	}
}

// Inspect implements scene.Inspector.
func (s *cameraView) Inspect(f *scene.Frame, tg scene.Target) (scene.Inspection, bool) {
	if s.af == nil {
		return scene.Inspection{}, false
	}
	const src = "attention.CameraTrace (= attention.CameraCrossAttention)"
	t, hw, c := s.tt, s.hh*s.ww, camC
	i := tg.Index
	switch tg.Group {
	case cgCam:
		if i < 0 || i >= t*camDc {
			return scene.Inspection{}, false
		}
		return inspectCell("camera embedding", "cam", s.cam.Data, []int{1, t, camDc}, []int{0, i / camDc, i % camDc}, "input of attention.CameraCrossAttention"), true
	case cgQ:
		fr := s.sweep(f)
		if i < 0 || i >= hw*c {
			return scene.Inspection{}, false
		}
		return inspectCell("query of pixel "+strconv.Itoa(i/c), "q", s.pf.Q.Data, []int{1, t, hw, c}, []int{0, fr, i / c, i % c}, src), true
	case cgK, cgV:
		if i < 0 || i >= t*c {
			return scene.Inspection{}, false
		}
		if tg.Group == cgK {
			return inspectCell("key of camera "+strconv.Itoa(i/c), "k", s.pf.K.Data, []int{1, t, c}, []int{0, i / c, i % c}, src), true
		}
		return inspectCell("value of camera "+strconv.Itoa(i/c), "v", s.pf.V.Data, []int{1, t, c}, []int{0, i / c, i % c}, src), true
	case cgPFScores, cgPFWeights:
		if i < 0 || i >= t*hw {
			return scene.Inspection{}, false
		}
		x, name := s.pf.Scores, "per-frame score"
		if tg.Group == cgPFWeights {
			x, name = s.pf.Weights, "per-frame weight"
		}
		in := inspectCell(name, "attn", x.Data, []int{t, s.heads, hw, 1}, []int{i / hw, s.head, i % hw, 0}, src)
		in.Detail = "pixel " + strconv.Itoa(i%hw) + " of frame " + strconv.Itoa(i/hw) + " against camera " + strconv.Itoa(i/hw) + ", its only key"
		return in, true
	case cgAFScores, cgAFWeights:
		fr := s.sweep(f)
		if i < 0 || i >= hw*t {
			return scene.Inspection{}, false
		}
		x, name := s.af.Scores, "all-frames score"
		if tg.Group == cgAFWeights {
			x, name = s.af.Weights, "all-frames weight"
		}
		in := inspectCell(name, "attn", x.Data, []int{1, s.heads, t * hw, t}, []int{0, s.head, fr*hw + i/t, i % t}, src)
		in.Detail = "pixel " + strconv.Itoa(i/t) + " of frame " + strconv.Itoa(fr) + " against camera " + strconv.Itoa(i%t)
		return in, true
	}
	base := tg.Group / 100 * 100
	fr := tg.Group - base
	if fr < 0 || fr >= t || i < 0 || i >= hw {
		return scene.Inspection{}, false
	}
	vshape := []int{1, t, c, s.hh, s.ww}
	idx := []int{0, fr, s.ch, i / s.ww, i % s.ww}
	switch base {
	case cgFrameX:
		return inspectCell("input pixel", "x", s.x.Data, vshape, idx, "input of attention.CameraCrossAttention"), true
	case cgFramePF:
		in := inspectCell("output, per frame", "y", s.pf.Y.Data, vshape, idx, src)
		in.Detail = "proj(v_" + strconv.Itoa(fr) + "), the same at every pixel of the frame"
		return in, true
	case cgFrameAF:
		return inspectCell("output, all frames", "y", s.af.Y.Data, vshape, idx, src), true
	}
	return scene.Inspection{}, false
}
