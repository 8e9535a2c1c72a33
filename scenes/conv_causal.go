package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Problem 001, the causal 3-D downsampler, on the time axis: a video in
// which a bright square appears at one frame, padded with zero frames in
// front only, and an output frame that reads its own frame and the past,
// never the future. Everything shown is conv.CausalDownsample3DTrace's;
// which input frames an output frame reads is conv.FrameDependence, run on
// the op and on the catalogued mistakes (mistakes.CausalDownsample*).

// Inspection groups of the causal view: a group per frame thumbnail.
const (
	gCsDep = iota + 1
	gCsBadDep
	gCsPad = 100 // + slot of the padded input row
	gCsY   = 200 // + output frame
	gCsBad = 300 // + pitfall output frame (+ 50: the pitfall's padded input)
	gCsX   = 400 // + input frame
)

type causalStep int

const (
	csVideo causalStep = iota
	csPad
	csField
	csOutput
)

type causalView struct {
	t, size, kt, k int
	seed           uint64
	// the video: a bright 2×2 square appears at frame event in row row0,
	// column col0, and moves by dir columns a frame
	event, row0, col0, dir int
	pitfall                string
	quiz                   bool
	x, weight              *core.Tensor
	// st, dep and yt are the version drawn as y: the op, or in a quiz the
	// version under test.
	st           *conv.CausalStages
	dep          *core.Tensor // [yt, T] from conv.FrameDependence
	yt           int          // its output frames
	bad          *core.Tensor // the pitfall's output, nil without one (and in a quiz)
	badPadded    *core.Tensor // the video padded the pitfall's way
	badPad       [3][2]int
	badDep       *core.Tensor // [T', T]
	badFn        string
	ho, wo       int
	bho, bwo, bt int
	steps        []causalStep
	tl           scene.Timeline
	// pictures: one heat per frame of each row
	hx, hpad, hbadPad, hy, hbad []heat
	hdep, hbadDep               heat
	depNums, badDepNums         []string
	yLim                        float64
	leak                        []bool // pitfall output frames that read a later input frame
	// text made by Reset: a frame formats nothing.
	xLabels, padLabels, badPadLabels, yLabels []string
	txt                                       causalText
	depOpts, badDepOpts                       heatOpts
	ro                                        []scene.KV
	cells                                     cellsBuf
}

// causalText is the figure's text, written by Reset.
type causalText struct {
	padRight, padBad, fieldIn, fieldBad, outY, outBad string
}

func newCausalView() *causalView { return &causalView{} }

func (s *causalView) Info() scene.Info {
	p, _ := problems.Lookup("001")
	return scene.Info{ID: "causal_conv3d", Problem: "001", Title: p.Title, Family: "convolution", Statement: p.Statement,
		Formula: `x' = \mathrm{pad}\big(x;\ t: (k_T - 1,\, 0),\ h: (\lfloor (k-1)/2 \rfloor,\, \lfloor k/2 \rfloor),\ w: \text{same}\big),\quad y = \mathrm{conv3d}(x', W,\ \text{stride} = (1, 2, 2)) \in \mathbb{R}^{B \times C_o \times T \times \lceil H/2 \rceil \times \lceil W/2 \rceil}`,
		LookFor: "The padding frames go in front of the video only (F.pad's last pair, t_front = kT − 1, t_back = 0), so the kernel's last " +
			"time tap lands on the current frame and the others on the past. Output frame t therefore reads frames t − kT + 1 … t: every line " +
			"from an output frame runs back in time, and nothing responds before the square appears. With the time padding split kT//2 on " +
			"both sides (the pitfall), frame t also reads t + 1: the output lights up a frame before the event, a leak from the future. " +
			"In space, (k − 1)//2 before and k//2 after keeps ceil(H/2) rows; k//2 on both sides adds a row and a column for even k."}
}

func (s *causalView) Params() []scene.Param {
	return []scene.Param{
		{Name: "frames", Label: "frames T", Kind: scene.Int, Min: 4, Max: 10, Step: 1, Default: 8},
		{Name: "size", Label: "height = width", Kind: scene.Int, Min: 4, Max: 8, Step: 1, Default: 6},
		{Name: "ktime", Label: "time kernel kT", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 3},
		{Name: "kernel", Label: "space kernel k", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 4,
			Help: "even k is where (k − 1)//2 before and k//2 after matters"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "where and when the square appears, and which way it moves (1: at frame T/2, moving right)"},
		scene.PitfallParam(mistakeIDs("001")...),
	}
}

func (s *causalView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: time padded both sides", Values: scene.Values{"pitfall": 1}},
		{Name: "Pitfall: even k, symmetric space padding", Values: scene.Values{"pitfall": 2, "kernel": 4}},
		{Name: "Even time kernel", Values: scene.Values{"ktime": 2, "pitfall": 1}},
		{Name: "Odd space kernel", Values: scene.Values{"kernel": 3}},
	}
}

// SetQuiz implements scene.Quizzer.
func (s *causalView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *causalView) Explain(variant int) string {
	return quizExplain("001", variant, "The right version pads time kT − 1 frames in front and none behind, and space (k − 1)//2 before "+
		"and k//2 after: no output frame reads a later frame, and the frames are ceil(H/2) × ceil(W/2).")
}

// video draws the square's place and time from the seed: seed 1 is the
// square at frame T/2 in the middle rows, moving right from the left edge.
func (s *causalView) video() {
	s.event, s.row0, s.col0, s.dir = s.t/2, s.size/2-1, 0, 1
	if s.seed == 1 {
		return
	}
	rng := rand.New(rand.NewPCG(s.seed, 1))
	// At least two frames before it, so a leak from the future shows.
	s.event = 2 + rng.IntN(max(1, s.t-3))
	s.row0 = rng.IntN(s.size - 1)
	if rng.IntN(2) == 1 {
		s.dir, s.col0 = -1, s.size-2-rng.IntN(s.size/2)
	} else {
		s.col0 = rng.IntN(s.size / 2)
	}
}

func (s *causalView) Reset(v scene.Values) error {
	s.t, s.size, s.kt, s.k = int(v["frames"]), int(v["size"]), int(v["ktime"]), int(v["kernel"])
	s.seed = uint64(max(1, v["seed"]))
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		ids := mistakeIDs("001")
		s.pitfall = ids[min(i, len(ids))-1]
	}
	if s.quiz {
		// A quiz needs every version to differ from the others: time
		// taps to split, an even kernel and an even size. The same for
		// every version, so it gives nothing away.
		s.kt = max(s.kt, 2)
		s.k += s.k % 2
		s.size += s.size % 2
	}
	s.video()
	s.x = core.New(1, 1, s.t, s.size, s.size)
	for f := s.event; f < s.t; f++ {
		x0 := clampInt(s.col0+s.dir*(f-s.event), 0, s.size-2)
		for dy := 0; dy < 2; dy++ {
			for dx := 0; dx < 2; dx++ {
				s.x.Data[(f*s.size+s.row0+dy)*s.size+x0+dx] = 1
			}
		}
	}
	// Ones: each output counts the bright pixels its window sees.
	s.weight = core.New(1, 1, s.kt, s.k, s.k)
	for i := range s.weight.Data {
		s.weight.Data[i] = 1
	}
	st, err := conv.CausalDownsample3DTrace(s.x, s.weight, nil)
	if err != nil {
		return err
	}
	s.st = st
	if s.dep, err = conv.FrameDependence(conv.CausalDownsample3D, s.x, s.weight, nil); err != nil {
		return err
	}
	s.ho, s.wo = st.Y.Shape[3], st.Y.Shape[4]
	s.bad, s.badDep, s.badPadded, s.badFn = nil, nil, nil, ""
	var op conv.VideoOp
	switch s.pitfall {
	case "time-padding-symmetric":
		op, s.badFn = mistakes.CausalDownsampleTimeSymmetric, "mistakes.CausalDownsampleTimeSymmetric"
		s.badPad = mistakes.TimeSymmetricPadding(s.kt, s.k, s.k)
	case "spatial-padding-symmetric":
		op, s.badFn = mistakes.CausalDownsampleSpatialSymmetric, "mistakes.CausalDownsampleSpatialSymmetric"
		s.badPad = mistakes.SpatialSymmetricPadding(s.kt, s.k, s.k)
	}
	if op != nil {
		if s.bad, err = op(s.x, s.weight, nil); err != nil {
			return err
		}
		if s.badDep, err = conv.FrameDependence(op, s.x, s.weight, nil); err != nil {
			return err
		}
		s.badPadded = conv.Pad3D(s.x, s.badPad)
		s.bt, s.bho, s.bwo = s.bad.Shape[2], s.bad.Shape[3], s.bad.Shape[4]
		if s.quiz {
			// The version under test is the one drawn: the pitfall's.
			s.st = &conv.CausalStages{Pad: s.badPad, Padded: s.badPadded, Y: s.bad}
			s.dep, s.ho, s.wo = s.badDep, s.bho, s.bwo
			s.bad, s.badPadded, s.badDep = nil, nil, nil
		}
	}
	s.yt = s.st.Y.Shape[2]
	s.buildTimeline()
	s.buildPictures()
	s.buildText()
	return nil
}

// padLabels names the slots of a video padded front frames before and the
// rest after its T frames: "pad" or "t=i".
func (s *causalView) padSlotLabels(dst []string, front, slots int) []string {
	dst = dst[:0]
	for i := range slots {
		if i < front || i >= front+s.t {
			dst = append(dst, "pad")
		} else {
			dst = append(dst, "t="+strconv.Itoa(i-front))
		}
	}
	return dst
}

// buildText writes the figure's labels, titles and readout.
func (s *causalView) buildText() {
	s.xLabels = s.padSlotLabels(s.xLabels, 0, s.t)
	s.padLabels = s.padSlotLabels(s.padLabels, s.st.Pad[0][0], s.st.Padded.Shape[2])
	n := max(s.yt, s.bt)
	s.yLabels = s.yLabels[:0]
	for i := range n {
		s.yLabels = append(s.yLabels, "y"+strconv.Itoa(i))
	}
	front := s.st.Pad[0][0]
	s.txt = causalText{
		padRight: "x padded: " + strconv.Itoa(front) + " zero frames in front, none behind",
		fieldIn:  "x, padded in front",
		outY:     "y: " + shapeOf(1, 1, s.yt, s.ho, s.wo),
	}
	if s.quiz {
		s.txt.padRight, s.txt.fieldIn = "x padded (grey: zeros)", "x padded"
	}
	if s.badPadded != nil {
		s.badPadLabels = s.padSlotLabels(s.badPadLabels, s.badPad[0][0], s.badPadded.Shape[2])
		s.txt.padBad = "pitfall: " + strconv.Itoa(s.badPad[0][0]) + " in front, " + strconv.Itoa(s.badPad[0][1]) + " behind"
		s.txt.fieldBad = "pitfall: kT//2 = " + strconv.Itoa(s.badPad[0][0]) + " on each side"
		s.txt.outBad = "pitfall: " + shapeOf(1, 1, s.bt, s.bho, s.bwo)
	}
	s.depOpts = heatOpts{Title: "which frames y_t reads", Shape: "conv.FrameDependence", RowTitle: "y_t", RowLabels: indexLabels(0, s.yt),
		ColTitle: "input frame", ColLabels: indexLabels(0, s.t), Group: gCsDep, MaxCell: 30}
	s.badDepOpts = s.depOpts
	s.badDepOpts.Title, s.badDepOpts.Group, s.badDepOpts.RowLabels = "pitfall", gCsBadDep, indexLabels(0, s.bt)
	s.ro = s.readout()
}

func (s *causalView) buildTimeline() {
	x := shapeOf(1, 1, s.t, s.size, s.size)
	p := s.st.Pad
	padded := shapeOf(1, 1, s.st.Padded.Shape[2], s.st.Padded.Shape[3], s.st.Padded.Shape[4])
	y := shapeOf(1, 1, s.yt, s.ho, s.wo)
	fpad := "F.pad(x, (" + strconv.Itoa(p[2][0]) + ", " + strconv.Itoa(p[2][1]) + ", " + strconv.Itoa(p[1][0]) + ", " + strconv.Itoa(p[1][1]) + ", " +
		strconv.Itoa(p[0][0]) + ", 0))"
	way := "right"
	if s.dir < 0 {
		way = "left"
	}
	s.steps = []causalStep{csVideo, csPad, csField, csOutput}
	s.tl = scene.Timeline{
		{Stage: "video", Caption: "T = " + strconv.Itoa(s.t) + " frames; a bright square appears at frame " + strconv.Itoa(s.event) + " and moves " + way + ".",
			Shapes: "x " + x, Seconds: 1.5},
		{Stage: "pad", Caption: fpad + ": " + strconv.Itoa(s.kt-1) + " zero frames in front of the video, none behind; space (k−1)//2 before, k//2 after.",
			Shapes: x + " → " + padded, Seconds: 2.5},
		{Stage: "receptive field", Caption: "conv3d, stride (1, 2, 2): output frame t reads frames t−" + strconv.Itoa(s.kt-1) + " … t. Every line runs back in time.",
			Shapes: padded + " → " + y, Seconds: 1.1 * float64(s.yt)},
		{Stage: "output", Caption: "Nothing responds before frame " + strconv.Itoa(s.event) + ": no output frame saw the square before it appeared.",
			Shapes: "y " + y + " = [B, Co, T, ceil(H/2), ceil(W/2)]", Seconds: 3},
	}
	if s.quiz {
		// Say what is drawn, never what it should be: that is the answer.
		kernels := "time kernel kT = " + strconv.Itoa(s.kt) + ", space kernel k = " + strconv.Itoa(s.k) + ", " + strconv.Itoa(s.size) + "×" + strconv.Itoa(s.size) + " frames."
		s.tl[1].Caption = "The video is padded before the convolution (grey frames are zeros): " + kernels
		s.tl[2].Caption = "conv3d, stride (1, 2, 2): the lines join output frame t to the input frames its kernel reads."
		s.tl[3].Caption = "The output frames, and how much each one depends on each input frame (measured by raising that frame)."
		s.tl[3].Shapes = "y " + y
		return
	}
	switch s.pitfall {
	case "time-padding-symmetric":
		s.tl[1].Caption = "Right: " + strconv.Itoa(s.kt-1) + " frames in front. Pitfall (top row): kT//2 = " + strconv.Itoa(s.kt/2) + " on both sides."
		s.tl[2].Caption = "The pitfall's frame t reads t + " + strconv.Itoa(s.kt/2) + " (red lines): the future leaks in."
		s.tl[3].Caption = "The pitfall responds at frame " + strconv.Itoa(s.event-s.kt/2) + ", before the square appears at " + strconv.Itoa(s.event) + " (red)."
		if s.kt/2 == 0 {
			s.tl[3].Caption = "With kT = 1 there is no time padding to split: both agree. Try kT = 3."
		}
	case "spatial-padding-symmetric":
		s.tl[1].Caption = "Right: (k−1)//2 before, k//2 after in space. Pitfall (top row): k//2 = " + strconv.Itoa(s.k/2) + " on both sides."
		if s.bho != s.ho || s.bwo != s.wo {
			s.tl[3].Caption = "The pitfall's frames are " + strconv.Itoa(s.bho) + "×" + strconv.Itoa(s.bwo) + ", not ceil(H/2) × ceil(W/2) = " +
				strconv.Itoa(s.ho) + "×" + strconv.Itoa(s.wo) + ": an extra row and column (red)."
		} else {
			s.tl[3].Caption = "For odd k, k//2 = (k−1)//2: both paddings agree. Try k = 4 to see the extra row."
		}
	}
}

// frameHeats sets one heat per frame of a [1,1,T,H,W] video.
func frameHeats(hs []heat, v *core.Tensor, lo, hi float64, cmap *viz.ColorMap, masked []bool) []heat {
	t, h, w := v.Shape[2], v.Shape[3], v.Shape[4]
	if cap(hs) < t {
		hs = make([]heat, t)
	}
	hs = hs[:t]
	for f := 0; f < t; f++ {
		hs[f].set(v.Data[f*h*w:(f+1)*h*w], h, w, cmap, lo, hi, masked)
	}
	return hs
}

// padMask greys the padding ring of a padded frame.
func padMask(h, w int, pad [3][2]int) []bool {
	hp, wp := h+pad[1][0]+pad[1][1], w+pad[2][0]+pad[2][1]
	m := make([]bool, hp*wp)
	for i := 0; i < hp; i++ {
		for j := 0; j < wp; j++ {
			m[i*wp+j] = i < pad[1][0] || i >= pad[1][0]+h || j < pad[2][0] || j >= pad[2][0]+w
		}
	}
	return m
}

func (s *causalView) buildPictures() {
	s.hx = frameHeats(s.hx, s.x, 0, 1, lightBlues, nil)
	s.hpad = frameHeats(s.hpad, s.st.Padded, 0, 1, lightBlues, padMask(s.size, s.size, s.st.Pad))
	s.yLim = 1
	for _, v := range s.st.Y.Data {
		s.yLim = math.Max(s.yLim, float64(v))
	}
	if s.bad != nil {
		for _, v := range s.bad.Data {
			s.yLim = math.Max(s.yLim, float64(v))
		}
		s.hbadPad = frameHeats(s.hbadPad, s.badPadded, 0, 1, lightBlues, padMask(s.size, s.size, s.badPad))
		s.hbad = frameHeats(s.hbad, s.bad, 0, s.yLim, viz.Viridis, nil)
	}
	s.hy = frameHeats(s.hy, s.st.Y, 0, s.yLim, viz.Viridis, nil)
	_, dmax := symmetric(s.dep.Data)
	s.hdep.set(s.dep.Data, s.yt, s.t, viz.Greys, 0, dmax, nil)
	s.depNums = s.depNums[:0]
	for _, v := range s.dep.Data {
		s.depNums = append(s.depNums, cvFmt(float64(v)))
	}
	s.leak = s.leak[:0]
	if s.badDep != nil {
		_, bmax := symmetric(s.badDep.Data)
		s.hbadDep.set(s.badDep.Data, s.bt, s.t, viz.Greys, 0, bmax, nil)
		s.badDepNums = s.badDepNums[:0]
		for i, v := range s.badDep.Data {
			s.badDepNums = append(s.badDepNums, cvFmt(float64(v)))
			_ = i
		}
		for t := 0; t < s.bt; t++ {
			l := false
			for j := t + 1; j < s.t; j++ {
				l = l || s.badDep.Data[t*s.t+j] > 0
			}
			s.leak = append(s.leak, l)
		}
	}
}

func (s *causalView) Timeline() scene.Timeline { return s.tl }

// timeRow lays frames out along the time axis: slot i at x0 + i·step, each
// frame a square of side size.
type timeRow struct {
	x0, step, side, y float64
}

func (r timeRow) frame(i int) viz.Rect {
	return viz.Rect{X: r.x0 + float64(i)*r.step + (r.step-r.side)/2, Y: r.y, W: r.side, H: r.side}
}

// drawFrames draws heats hs in slots from first, each labelled under it
// by labels[i] (nil: no labels), group+i marking it; frames outside
// [real0, real1) are drawn shaded, as padding.
func (s *causalView) drawFrames(c viz.Canvas, f *scene.Frame, row timeRow, first int, hs []heat, group int, labels []string, real0, real1 int) {
	every := 1
	if row.step < 30 {
		every = 2
	}
	for i := range hs {
		r := row.frame(first + i)
		h := &hs[i]
		c.Image(&h.bm, r.X, r.Y, r.W, r.H, false)
		col := viz.Grid
		if i < real0 || i >= real1 {
			// A padding frame: zeros, shaded so it reads as padding.
			col = viz.InkMuted
			c.FillRect(r.X, r.Y, r.W, r.H, viz.Fade(viz.PanelDark, 0.8))
		}
		c.StrokeRect(r.X-0.5, r.Y-0.5, r.W+1, r.H+1, 1, col)
		f.Grid(group+i, r, h.rows, h.cols)
		if i < len(labels) && (first+i)%every == 0 {
			c.Text(r.X+r.W/2, r.Y+r.H+kitLabel+2, viz.Ellipsize(c, labels[i], kitLabel, row.step*float64(every)-2), kitLabel, viz.InkMuted, viz.AlignCenter)
		}
	}
}

// causalRows computes the time rows of the figure: n (at most 3) rows in
// r over slots slots, each frame as large as fits.
func causalRows(r viz.Rect, n, slots int, title float64) [3]timeRow {
	lh := viz.LineHeight(kitLabel)
	step := r.W / float64(slots)
	rowH := r.H / float64(n)
	side := math.Min(step-6, rowH-title-lh-10)
	side = math.Max(side, 4)
	var out [3]timeRow
	for i := range min(n, len(out)) {
		out[i] = timeRow{x0: r.X, step: step, side: side, y: r.Y + float64(i)*rowH + title}
	}
	return out
}

func (s *causalView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	viz.MarkPanel(c, area)
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case csVideo:
		s.drawVideo(c, area, f)
	case csPad:
		s.drawPad(c, area, f)
	case csField:
		s.drawField(c, area, f, cvStepOf(f.Frac, s.yt))
	case csOutput:
		s.drawOutput(c, area, f)
	}
}

// slots is how many frame positions the time axis needs: the padded
// video drawn as x, and the pitfall's beside it, frame 0 over frame 0.
func (s *causalView) slots() int {
	front := s.st.Pad[0][0]
	n := max(s.st.Padded.Shape[2], front+s.yt)
	if s.badPadded != nil {
		n = max(n, front-s.badPad[0][0]+s.badPadded.Shape[2])
	}
	return n
}

// axis writes a row's title at its left above the frames.
func axisTitle(c viz.Canvas, row timeRow, x float64, s string, col viz.Color) {
	c.Text(x, row.y-6, s, kitLabel, col, viz.AlignLeft)
}

func (s *causalView) drawVideo(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	lh := viz.LineHeight(kitLabel)
	top, _ := area.CutTop(math.Min(area.H, 220))
	rows := causalRows(top, 1, s.t, lh+6)
	axisTitle(c, rows[0], area.X, "x: frame t →", viz.Ink)
	s.drawFrames(c, f, rows[0], 0, s.hx, gCsX, s.xLabels, 0, s.t)
	r := rows[0].frame(s.event)
	c.StrokeRect(r.X-3, r.Y-3, r.W+6, r.H+6, 2, viz.Accent)
	s.drawScale(c, viz.Rect{X: area.X, Y: r.Y + r.H + lh + 8, W: math.Min(area.W, 260), H: lh + 6}, &s.hx[0], "x")
}

// drawScale writes a colour scale for a row of frames, named.
func (s *causalView) drawScale(c viz.Canvas, r viz.Rect, h *heat, name string) {
	nw := c.TextWidth(name, kitLabel) + 6
	c.Text(r.X, r.Y+kitLabel, name, kitLabel, viz.InkMuted, viz.AlignLeft)
	h.drawScale(c, viz.Rect{X: r.X + nw, Y: r.Y, W: r.W - nw, H: r.H}, viz.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H + 20})
}

func (s *causalView) drawPad(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	lh := viz.LineHeight(kitLabel)
	n := 1
	if s.badPadded != nil {
		n = 2
	}
	foot, body := area.CutBottom(lh + 10)
	rows := causalRows(body, n, s.slots(), lh+6)
	right := rows[n-1]
	front := s.st.Pad[0][0]
	axisTitle(c, right, area.X, s.txt.padRight, viz.Ink)
	s.drawFrames(c, f, right, 0, s.hpad, gCsPad, s.padLabels, front, front+s.t)
	if s.badPadded != nil {
		bfront := s.badPad[0][0]
		first := front - bfront // the pitfall's frame 0 sits above the right one's
		axisTitle(c, rows[0], area.X, s.txt.padBad, viz.Bad)
		s.drawFrames(c, f, rows[0], first, s.hbadPad, gCsBad+50, s.badPadLabels, 0, len(s.hbadPad))
		for i := range s.hbadPad {
			if i >= bfront+s.t {
				r := rows[0].frame(first + i)
				c.StrokeRect(r.X-3, r.Y-3, r.W+6, r.H+6, 2, viz.Bad)
			}
		}
	}
	s.drawScale(c, viz.Rect{X: foot.X, Y: foot.Y + 2, W: math.Min(foot.W, 260), H: lh + 6}, &s.hpad[0], "x (grey: padding)")
}

// drawField shows the input frames (with their padding), the output
// frames under them and the lines from output frame t to every input
// frame its kernel reads; the pitfall's outputs above, with red lines to
// the future (measured by conv.FrameDependence).
func (s *causalView) drawField(c viz.Canvas, area viz.Rect, f *scene.Frame, t int) {
	lh := viz.LineHeight(kitLabel)
	n := 2
	if s.bad != nil {
		n = 3
	}
	foot, body := area.CutBottom(lh + 10)
	rows := causalRows(body, n, s.slots(), lh+6)
	front := s.st.Pad[0][0]
	in, out := rows[n-2], rows[n-1]
	axisTitle(c, in, area.X, s.txt.fieldIn, viz.Ink)
	s.drawFrames(c, f, in, 0, s.hpad, gCsPad, s.padLabels, front, front+s.t)
	axisTitle(c, out, area.X, "y = conv3d(x padded), frame t", viz.Ink)
	s.drawFrames(c, f, out, front, s.hy[:t+1], gCsY, s.yLabels, 0, s.yt)
	yr := out.frame(front + t)
	c.StrokeRect(yr.X-3, yr.Y-3, yr.W+6, yr.H+6, 2, viz.Accent)
	// Lines from output frame t to the input frames it reads, and to the
	// padding frames its taps land on.
	for a := 0; a < s.kt; a++ {
		slot := t + a // padded frame t + a is tap a
		xr := in.frame(slot)
		col := viz.Accent
		if slot < front || slot >= front+s.t {
			col = viz.Fade(viz.InkMuted, 0.7)
		}
		c.Line(yr.X+yr.W/2, yr.Y-2, xr.X+xr.W/2, xr.Y+xr.H+lh+2, 2, col)
	}
	if s.bad != nil {
		top := rows[0]
		axisTitle(c, top, area.X, s.txt.fieldBad, viz.Bad)
		bt := min(t, s.bt-1)
		s.drawFrames(c, f, top, front, s.hbad[:bt+1], gCsBad, s.yLabels, 0, s.bt)
		br := top.frame(front + bt)
		c.StrokeRect(br.X-3, br.Y-3, br.W+6, br.H+6, 2, viz.Bad)
		for j := 0; j < s.t; j++ {
			if s.badDep.Data[bt*s.t+j] == 0 {
				continue
			}
			xr := in.frame(front + j)
			col := viz.Fade(viz.InkMuted, 0.8)
			w := 1.5
			if j > bt {
				col, w = viz.Bad, 3
			}
			c.Line(br.X+br.W/2, br.Y+br.H+lh+2, xr.X+xr.W/2, xr.Y-2, w, col)
		}
	}
	sw := math.Min(foot.W/2-10, 260)
	s.drawScale(c, viz.Rect{X: foot.X, Y: foot.Y + 2, W: sw, H: lh + 6}, &s.hpad[0], "x")
	s.drawScale(c, viz.Rect{X: foot.X + sw + 20, Y: foot.Y + 2, W: sw, H: lh + 6}, &s.hy[0], "y")
}

// drawOutput shows all output frames and the frame-by-frame dependence
// measured on the op (and on the pitfall), which is zero above the
// diagonal for a causal op.
func (s *causalView) drawOutput(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	lh := viz.LineHeight(kitLabel)
	n := 1
	if s.bad != nil {
		n = 2
	}
	top, bottom := area.CutTop(math.Min(area.H*0.42, float64(n)*130+lh+10))
	foot, body := top.CutBottom(lh + 10)
	slots := max(s.t, s.yt)
	if s.bad != nil {
		slots = max(slots, s.bt)
	}
	rows := causalRows(body, n, slots, lh+6)
	axisTitle(c, rows[0], area.X, s.txt.outY, viz.Ink)
	s.drawFrames(c, f, rows[0], 0, s.hy, gCsY, s.yLabels, 0, s.yt)
	if s.bad != nil {
		axisTitle(c, rows[1], area.X, s.txt.outBad, viz.Bad)
		s.drawFrames(c, f, rows[1], 0, s.hbad, gCsBad, s.yLabels, 0, s.bt)
		for i := range s.hbad {
			r := rows[1].frame(i)
			// Red where the pitfall shows: a response before the event
			// (the future leaked in), a frame too many, a size too large.
			early := i < s.event && firstNonZero(s.bad, s.bt) <= i
			if early || s.bho != s.ho || s.bwo != s.wo || i >= s.t {
				c.StrokeRect(r.X-3, r.Y-3, r.W+6, r.H+6, 3, viz.Bad)
			}
		}
	}
	s.drawScale(c, viz.Rect{X: foot.X, Y: foot.Y + 2, W: math.Min(foot.W, 260), H: lh + 6}, &s.hy[0], "y")
	_, bottom = bottom.CutTop(8)
	var cells [2]viz.Rect
	cells[0] = bottom
	if s.bad != nil {
		copy(cells[:], s.cells.flow(bottom, 2, 24, 160))
	}
	dc := s.hdep.draw(c, fitWidth(cells[0], 340), f, s.depOpts)
	cvNumbers(c, dc, &s.hdep, s.depNums)
	if s.bad != nil {
		bc := s.hbadDep.draw(c, fitWidth(cells[1], 340), f, s.badDepOpts)
		cvNumbers(c, bc, &s.hbadDep, s.badDepNums)
		for t := 0; t < s.bt && bc.W > 0; t++ {
			for j := t + 1; j < s.t; j++ {
				if s.badDep.Data[t*s.t+j] > 0 {
					outlineCell(c, bc, s.bt, s.t, t, j, viz.Bad)
				}
			}
		}
	}
}

// Readout implements scene.Readouter: the numbers depend on the values
// only, so Reset builds them.
func (s *causalView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil || s.quiz {
		return nil
	}
	return s.ro
}

// readout lists the readout's numbers.
func (s *causalView) readout() []scene.KV {
	p := s.st.Pad
	kv := []scene.KV{
		{Key: "x", Value: shapeOf(1, 1, s.t, s.size, s.size)},
		{Key: "padding (t, h, w)", Value: "(" + strconv.Itoa(p[0][0]) + ", " + strconv.Itoa(p[0][1]) + "), (" + strconv.Itoa(p[1][0]) + ", " + strconv.Itoa(p[1][1]) + "), (" +
			strconv.Itoa(p[2][0]) + ", " + strconv.Itoa(p[2][1]) + ")"},
		{Key: "y", Value: shapeOf(1, 1, s.yt, s.ho, s.wo)},
		{Key: "square appears at", Value: "frame " + strconv.Itoa(s.event)},
		{Key: "first responding output", Value: "frame " + strconv.Itoa(firstNonZero(s.st.Y, s.yt))},
	}
	if s.bad != nil {
		kv = append(kv, scene.KV{Key: "pitfall y", Value: shapeOf(1, 1, s.bt, s.bho, s.bwo)},
			scene.KV{Key: "pitfall responds at", Value: "frame " + strconv.Itoa(firstNonZero(s.bad, s.bt))})
	}
	return kv
}

// firstNonZero is the first frame of a [1,1,T,h,w] video that is not all
// zero (T when none).
func firstNonZero(v *core.Tensor, t int) int {
	plane := len(v.Data) / max(t, 1)
	for f := 0; f < t; f++ {
		for _, x := range v.Data[f*plane : (f+1)*plane] {
			if x != 0 {
				return f
			}
		}
	}
	return t
}

// Inspect implements scene.Inspector. In a quiz the padded video, the
// output and the dependence are the version under test's, named by no
// function.
func (s *causalView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	i, g := t.Index, t.Group
	src, depSrc := "conv.CausalDownsample3DTrace (= conv.CausalDownsample3D)", "conv.FrameDependence(conv.CausalDownsample3D)"
	if s.quiz {
		src, depSrc = quizSource, "conv.FrameDependence of "+quizSource
	}
	ps := s.st.Padded.Shape
	front := s.st.Pad[0][0]
	switch {
	case g >= gCsPad && g < gCsPad+ps[2]:
		slot := g - gCsPad
		in := inspectCell("padded input", "x padded", s.st.Padded.Data, ps, []int{0, 0, slot, i / ps[4], i % ps[4]}, src)
		switch {
		case slot < front && !s.quiz:
			in.Detail = "a padding frame in front of the video: zeros"
		case slot < front || slot >= front+s.t:
			in.Detail = "a padding frame: zeros"
		default:
			in.Detail = "frame " + strconv.Itoa(slot-front) + " of x"
		}
		return in, true
	case g >= gCsY && g < gCsY+s.yt:
		in := inspectCell("output", "y", s.st.Y.Data, s.st.Y.Shape, []int{0, 0, g - gCsY, i / s.wo, i % s.wo}, src)
		if !s.quiz {
			in.Detail = "bright pixels in its window over frames " + strconv.Itoa(max(0, g-gCsY-s.kt+1)) + "…" + strconv.Itoa(g-gCsY)
		}
		return in, true
	case s.bad != nil && g >= gCsBad && g < gCsBad+s.bt:
		in := inspectCell("pitfall output", "y", s.bad.Data, s.bad.Shape, []int{0, 0, g - gCsBad, i / s.bwo, i % s.bwo}, s.badFn)
		if tt := g - gCsBad; tt < len(s.leak) && s.leak[tt] {
			in.Detail = "reads a later frame than " + strconv.Itoa(tt)
		}
		return in, true
	case s.badPadded != nil && g >= gCsBad+50 && g < gCsBad+50+s.badPadded.Shape[2]:
		bs := s.badPadded.Shape
		return inspectCell("pitfall's padded input", "x padded", s.badPadded.Data, bs, []int{0, 0, g - gCsBad - 50, i / bs[4], i % bs[4]},
			"conv.Pad3D with mistakes' padding"), true
	case g >= gCsX && g < gCsX+s.t:
		in := inspectCell("input", "x", s.x.Data, s.x.Shape, []int{0, 0, g - gCsX, i / s.size, i % s.size}, "the view's video")
		if g-gCsX >= s.event {
			in.Detail = "the square is in the picture from frame " + strconv.Itoa(s.event)
		}
		return in, true
	case g == gCsDep:
		in := inspectCell("dependence of y_t on frame j", "Σ|Δy|", s.dep.Data, []int{s.yt, s.t}, []int{i / s.t, i % s.t}, depSrc)
		in.Detail = "how much output frame " + strconv.Itoa(i/s.t) + " changes when input frame " + strconv.Itoa(i%s.t) + " is raised by 1"
		return in, true
	case g == gCsBadDep && s.badDep != nil:
		in := inspectCell("pitfall's dependence", "Σ|Δy|", s.badDep.Data, []int{s.bt, s.t}, []int{i / s.t, i % s.t}, "conv.FrameDependence("+s.badFn+")")
		if i%s.t > i/s.t && s.badDep.Data[i] > 0 {
			in.Detail = "a future frame: the pitfall is not causal"
		}
		return in, true
	}
	return scene.Inspection{}, false
}
