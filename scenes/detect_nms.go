package scenes

import (
	"cmp"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"dlprep/core/detect"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 007 (non-maximum suppression): a rendered synth3d
// scene of four objects, a detector's jittered proposals around each, and
// the greedy loop one iteration at a time, from detect.TraceNMS. Within an
// iteration the comparisons sweep down the visiting list; only the current
// pair is labelled on the picture, the rest answer on hover. The pitfalls
// run from their core/mistakes traces on the same boxes, beside. In a quiz
// the view draws one run only, the one the pitfall selects, named by
// nothing.

// The rendered picture's size in pixels (the boxes' coordinates).
const (
	nmsImgW = 192
	nmsImgH = 120
)

// nmsObjectNames name the demo world's objects (boxes then spheres).
var nmsObjectNames = []string{"red box", "blue box", "green ball", "yellow ball"}

// Inspection groups of the NMS view: the right run's, then the pitfall's
// (grpNMSBox + nmsBadGroups).
const (
	grpNMSBox    = iota + 1 // a box on the picture
	grpNMSChip              // a box's chip in the visiting list
	nmsBadGroups = 10
)

// nmsRun is one traced run and what it keeps.
type nmsRun struct {
	title string
	tr    *detect.NMSTrace
	fn    string // the core function behind it
	rank  []int  // box → position in tr.Order
	// cands[j] are the boxes iteration j compares, in visiting order.
	cands [][]int
	// sortOnly is the nms-sort-only run: it keeps every box and suppresses
	// none, so no comparison is shown.
	sortOnly bool
}

type nmsView struct {
	thr       float64
	perObject int
	seed      uint64
	pitfall   string
	// quiz: draw only the run the pitfall selects, unnamed.
	quiz bool
	// the picture and the proposals
	img    viz.Bitmap
	boxes  []detect.Box
	scores []float32
	object []int // box → the object it was proposed around (-1 clutter)
	keep   []int // detect.NMS's answer
	runs   []nmsRun
	tl     scene.Timeline
	lab    labelPlacer
	byArea []int // boxes from largest to smallest, the marking order
	// chip texts, built once: "b3 0.92" and "b3"
	chipFull, chipShort []string
	cells               []viz.Rect
	kv                  []scene.KV
}

func newNMSView() *nmsView { return &nmsView{} }

func (s *nmsView) Info() scene.Info {
	p, _ := problems.Lookup("007")
	return scene.Info{ID: "nms", Problem: "007", Title: p.Title, Family: "detection", Statement: p.Statement,
		Formula: `\mathrm{IoU}(a, b) = \frac{|a \cap b|}{|a| + |b| - |a \cap b|},\quad \text{keep } i \iff \max_{k\ \mathrm{kept}} \mathrm{IoU}(i, k) \le \tau`,
		LookFor: "The picture is a rendered scene with four objects; a detector has proposed several overlapping boxes around each, " +
			"plus a few stray ones. The chips under it are the visiting list, in decreasing score. Each iteration keeps the best box " +
			"left (blue) and compares it with every box after it in the list: the pair being compared is labelled with its IoU, " +
			"and a box whose IoU is above the threshold is suppressed (red). Hover a box or a chip to see it in both places. " +
			"The pitfalls run beside the right loop on the same boxes: without the sort a weak box early in the input suppresses " +
			"a better one; sorting alone keeps every duplicate; an IoU whose overlap is not clamped at 0 finds phantom overlaps " +
			"between boxes that do not touch."}
}

func (s *nmsView) Params() []scene.Param {
	return []scene.Param{
		{Name: "iou_threshold", Label: "IoU threshold τ", Kind: scene.Float, Min: 0.1, Max: 0.9, Step: 0.05, Default: 0.5,
			Help: "a box is dropped when its IoU with a kept box is greater than this"},
		{Name: "per_object", Label: "proposals per object", Kind: scene.Int, Min: 1, Max: 6, Step: 1, Default: 3},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 2},
		scene.PitfallParam(mistakeIDs("007")...),
	}
}

func (s *nmsView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: no sort", Values: scene.Values{"pitfall": 2}},
		{Name: "Pitfall: IoU not clamped", Values: scene.Values{"pitfall": 3}},
		{Name: "Strict τ = 0.2", Values: scene.Values{"iou_threshold": 0.2, "per_object": 4}},
	}
}

func (s *nmsView) Reset(v scene.Values) error {
	s.thr, s.perObject, s.seed = v["iou_threshold"], int(v["per_object"]), uint64(v["seed"])
	s.pitfall = ""
	if i := int(v["pitfall"]); i > 0 {
		ch := s.Params()[3].Choices
		s.pitfall = ch[min(i, len(ch)-1)]
	}
	if err := s.propose(); err != nil {
		return err
	}
	var err error
	if s.keep, err = detect.NMS(s.boxes, s.scores, s.thr); err != nil {
		return err
	}
	right, err := detect.TraceNMS(s.boxes, s.scores, s.thr)
	if err != nil {
		return err
	}
	s.runs = append(s.runs[:0], s.newRun("right: sorted, then suppress", right, "detect.TraceNMS (= detect.NMS)"))
	var bad *detect.NMSTrace
	var fn string
	switch s.pitfall {
	case "nms-sort-only":
		bad, err = mistakes.TraceNMSSortOnly(s.boxes, s.scores, s.thr)
		fn = "mistakes.TraceNMSSortOnly (= NMSSortOnly)"
	case "nms-no-sort":
		bad, err = mistakes.TraceNMSNoSort(s.boxes, s.scores, s.thr)
		fn = "mistakes.TraceNMSNoSort (= NMSNoSort)"
	case "iou-unclamped":
		bad, err = mistakes.TraceNMSUnclamped(s.boxes, s.scores, s.thr)
		fn = "mistakes.TraceNMSUnclamped (= NMSUnclamped)"
	}
	if err != nil {
		return err
	}
	if bad != nil {
		r := s.newRun("pitfall: "+s.pitfall, bad, fn)
		r.sortOnly = s.pitfall == "nms-sort-only"
		s.runs = append(s.runs, r)
	}
	if s.quiz {
		// The run under test alone, under a neutral title.
		r := s.runs[len(s.runs)-1]
		r.title, r.fn = "the loop under test", "the version under test"
		s.runs = append(s.runs[:0], r)
	}
	s.chipFull, s.chipShort = s.chipFull[:0], s.chipShort[:0]
	for i := range s.boxes {
		s.chipFull = append(s.chipFull, boxName(i)+" "+f2(float64(s.scores[i])))
		s.chipShort = append(s.chipShort, boxName(i))
	}
	s.byArea = s.byArea[:0]
	for i := range s.boxes {
		s.byArea = append(s.byArea, i)
	}
	slices.SortStableFunc(s.byArea, func(a, b int) int {
		return cmp.Compare(s.boxes[b].Area(), s.boxes[a].Area())
	})
	s.buildTimeline()
	s.buildReadout()
	return nil
}

func (s *nmsView) newRun(title string, tr *detect.NMSTrace, fn string) nmsRun {
	r := nmsRun{title: title, tr: tr, fn: fn, rank: make([]int, len(s.boxes))}
	for p, i := range tr.Order {
		r.rank[i] = p
	}
	for _, st := range tr.Steps {
		var cs []int
		for _, j := range tr.Order[st.Rank+1:] {
			if !math.IsNaN(float64(st.IoU[j])) {
				cs = append(cs, j)
			}
		}
		r.cands = append(r.cands, cs)
	}
	return r
}

// propose renders the demo world and proposes boxes around its objects:
// per object, jittered copies of its on-screen bounding box scored by how
// well they fit, plus two stray boxes with low scores, in a shuffled input
// order (a detector's output is not sorted).
func (s *nmsView) propose() error {
	rend, err := synth3d.NewRenderer(nmsImgW, nmsImgH)
	if err != nil {
		return err
	}
	world := synth3d.DemoWorld()
	cam, err := geometry.NewCamera("nms", synth3d.DemoIntrinsics(nmsImgW, nmsImgH), synth3d.DemoPose(0))
	if err != nil {
		return err
	}
	rend.Render(world, cam)
	colorBitmap(&s.img, rend.Color.Data, nmsImgH, nmsImgW)
	first := len(world.Planes)
	var gts []detect.Box
	for o := first; o < world.NumObjects(); o++ {
		b := detect.Box{nmsImgW, nmsImgH, 0, 0}
		seen := false
		for i, id := range rend.Object {
			if id != o {
				continue
			}
			u, v := float32(i%nmsImgW), float32(i/nmsImgW)
			b = detect.Box{min(b[0], u), min(b[1], v), max(b[2], u+1), max(b[3], v+1)}
			seen = true
		}
		if seen {
			gts = append(gts, b)
		}
	}
	rng := rand.New(rand.NewPCG(s.seed, 0x6e6d73))
	type prop struct {
		b   detect.Box
		sc  float32
		obj int
	}
	var ps []prop
	clampBox := func(x1, y1, x2, y2 float64) detect.Box {
		x1, x2 = math.Max(0, x1), math.Min(nmsImgW, x2)
		y1, y2 = math.Max(0, y1), math.Min(nmsImgH, y2)
		if x2 < x1+2 {
			x2 = x1 + 2
		}
		if y2 < y1+2 {
			y2 = y1 + 2
		}
		return detect.Box{float32(math.Round(x1)), float32(math.Round(y1)), float32(math.Round(x2)), float32(math.Round(y2))}
	}
	for o, g := range gts {
		w, h := float64(g[2]-g[0]), float64(g[3]-g[1])
		for k := range s.perObject {
			j := 0.03 + 0.035*float64(k)
			b := clampBox(float64(g[0])+rng.NormFloat64()*j*w, float64(g[1])+rng.NormFloat64()*j*h,
				float64(g[2])+rng.NormFloat64()*j*w, float64(g[3])+rng.NormFloat64()*j*h)
			fit := float64(detect.IoU(b, g))
			sc := math.Round(math.Min(0.99, math.Max(0.05, 0.35+0.6*fit+0.04*rng.NormFloat64()))*100) / 100
			ps = append(ps, prop{b, float32(sc), o})
		}
	}
	// Two stray detections: small boxes on the floor and the wall.
	for k := range 2 {
		x, y := 20+rng.Float64()*40+float64(k)*110, 10+rng.Float64()*20+float64(k)*60
		ps = append(ps, prop{clampBox(x, y, x+16+rng.Float64()*10, y+14+rng.Float64()*8), float32(math.Round((0.15+0.2*rng.Float64())*100) / 100), -1})
	}
	rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	s.boxes, s.scores, s.object = s.boxes[:0], s.scores[:0], s.object[:0]
	for _, p := range ps {
		s.boxes = append(s.boxes, p.b)
		s.scores = append(s.scores, p.sc)
		s.object = append(s.object, p.obj)
	}
	return nil
}

// boxName is "b3".
func boxName(i int) string { return "b" + strconv.Itoa(i) }

// SetQuiz implements scene.Quizzer.
func (s *nmsView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *nmsView) Explain(variant int) string {
	return quizExplain("007", variant, "The right version visits the boxes by decreasing score, keeps the best box left, drops every later box whose IoU with it "+
		"(overlap clamped at 0) is above τ, and repeats with the next box still standing.")
}

// buildQuizTimeline is the timeline of a quiz: the steps of the run under
// test, told without saying how it orders or compares the boxes.
func (s *nmsView) buildQuizTimeline() {
	n := len(s.boxes)
	tr := s.runs[0].tr
	s.tl = s.tl[:0]
	s.tl = append(s.tl, scene.Step{Stage: "proposals", Seconds: 1.5, Shapes: "boxes " + shapeOf(n, 4) + ", scores " + shapeOf(n),
		Caption: strconv.Itoa(n) + " proposals around the objects; the chips under the picture are the loop's visiting list."})
	for _, st := range tr.Steps {
		cap := "Keep " + boxName(st.Box) + " (score " + f2(float64(s.scores[st.Box])) + "); "
		if len(st.Suppressed) == 0 {
			cap += "it drops no box."
		} else {
			cap += "drop " + droppedText(st) + "; τ = " + f2(s.thr) + "."
		}
		s.tl = append(s.tl, scene.Step{Stage: "suppress", Seconds: 2.4, Caption: cap,
			Shapes: "IoU of 1 box with " + shapeOf(n) + " → keep " + shapeOf(len(tr.Keep))})
	}
	kept := make([]string, len(tr.Keep))
	for i, b := range tr.Keep {
		kept[i] = boxName(b)
	}
	s.tl = append(s.tl, scene.Step{Stage: "result", Seconds: 2.5, Caption: "This version keeps " + strings.Join(kept, ", ") + ". Which version is it?",
		Shapes: "keep " + shapeOf(len(tr.Keep))})
}

// droppedText names the boxes a step suppresses, with their IoU:
// "B (IoU 0.71), D (IoU 0.55)".
func droppedText(st detect.NMSStep) string {
	var b strings.Builder
	for q, i := range st.Suppressed {
		if q > 0 {
			b.WriteString(", ")
		}
		b.WriteString(boxName(i) + " (IoU " + f2(float64(st.IoU[i])) + ")")
	}
	return b.String()
}

func (s *nmsView) buildTimeline() {
	if s.quiz {
		s.buildQuizTimeline()
		return
	}
	n := len(s.boxes)
	iters := 0
	for _, r := range s.runs {
		iters = max(iters, len(r.tr.Steps))
	}
	s.tl = s.tl[:0]
	s.tl = append(s.tl, scene.Step{Stage: "proposals", Seconds: 1.5, Shapes: "boxes " + shapeOf(n, 4) + ", scores " + shapeOf(n),
		Caption: strconv.Itoa(n) + " proposals around the objects; argsort(scores, descending=True) gives the visiting list below the picture."})
	right := s.runs[0].tr
	for j := range iters {
		cap := ""
		if j < len(right.Steps) {
			st := right.Steps[j]
			cap = "Keep " + boxName(st.Box) + " (score " + f2(float64(s.scores[st.Box])) + "), the best box left; "
			if len(st.Suppressed) == 0 {
				cap += "no box after it overlaps it by more than τ = " + f2(s.thr) + "."
			} else {
				cap += "drop " + droppedText(st) + "."
			}
		} else {
			cap = "The right loop is done; the pitfall is still visiting boxes."
		}
		s.tl = append(s.tl, scene.Step{Stage: "suppress", Seconds: 2.4, Caption: cap,
			Shapes: "IoU of 1 box with " + shapeOf(n) + " → keep " + shapeOf(len(right.Keep))})
	}
	kept := make([]string, len(right.Keep))
	for i, b := range right.Keep {
		kept[i] = boxName(b)
	}
	cap := "Kept " + strings.Join(kept, ", ") + ": detect.NMS returns them in score order."
	if len(s.runs) > 1 {
		cap += " The pitfall keeps " + strconv.Itoa(len(s.runs[1].tr.Keep)) + "."
	}
	s.tl = append(s.tl, scene.Step{Stage: "result", Seconds: 2.5, Caption: cap, Shapes: "keep " + shapeOf(len(right.Keep))})
}

func (s *nmsView) Timeline() scene.Timeline { return s.tl }

// nmsState is what a run shows at a playhead: the iteration (-1 before the
// first, len(Steps) at the end), the candidate being compared (-1 none)
// and each box's status.
type nmsStatus int

const (
	nmsPending nmsStatus = iota
	nmsKeeper            // kept at this iteration
	nmsKept
	nmsSuppressed
)

// at returns the iteration shown and the compared box at step k, frac.
func (s *nmsView) at(r *nmsRun, k int, frac float64) (iter, cmpBox int) {
	switch {
	case k <= 0:
		return -1, -1
	case k >= len(s.tl)-1 || k-1 >= len(r.tr.Steps):
		return len(r.tr.Steps), -1
	}
	iter = k - 1
	cands := r.cands[iter]
	if len(cands) == 0 || r.sortOnly {
		return iter, -1
	}
	// The sweep leaves a moment at the start and the end.
	c := int((frac*1.2 - 0.1) * float64(len(cands)))
	if c < 0 || c >= len(cands) {
		return iter, -1
	}
	return iter, cands[c]
}

// status is box i's state at iteration iter with the sweep at cmpBox.
func (s *nmsView) status(r *nmsRun, i, iter, cmpBox int, frac float64) nmsStatus {
	tr := r.tr
	if iter >= len(tr.Steps) {
		if slices.Contains(tr.Keep, i) {
			return nmsKept
		}
		return nmsSuppressed
	}
	if iter < 0 {
		return nmsPending
	}
	st := tr.Steps[iter]
	if i == st.Box {
		return nmsKeeper
	}
	if slices.Contains(tr.Keep[:iter], i) {
		return nmsKept
	}
	if slices.Contains(st.SuppressedBefore, i) {
		return nmsSuppressed
	}
	if slices.Contains(st.Suppressed, i) {
		// Dropped once the sweep has reached it.
		if frac >= 0.95 || (cmpBox >= 0 && r.rank[i] <= r.rank[cmpBox]) {
			return nmsSuppressed
		}
	}
	return nmsPending
}

func (s *nmsView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if len(s.runs) == 0 || len(s.tl) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.tl)-1)
	focus := -1
	for _, g := range []int{grpNMSBox, grpNMSChip, grpNMSBox + nmsBadGroups, grpNMSChip + nmsBadGroups} {
		if i, ok := f.Focused(g); ok {
			focus = i
		}
	}
	s.cells = flowInto(s.cells, area, len(s.runs), 16, 300)
	cells := s.cells
	for ri := range s.runs {
		s.drawRun(c, cells[ri], f, &s.runs[ri], ri*nmsBadGroups, k, focus)
	}
}

// drawRun draws one run: its title, the picture with the boxes, the
// comparison line and the visiting list.
func (s *nmsView) drawRun(c viz.Canvas, r viz.Rect, f *scene.Frame, run *nmsRun, gOff, k, focus int) {
	tcol := viz.Ink
	if gOff > 0 {
		tcol = viz.Bad
	}
	viz.MarkPanel(c, r)
	c.Text(r.X, r.Y+kitTitle, viz.Ellipsize(c, run.title, kitTitle, r.W), kitTitle, tcol, viz.AlignLeft)
	_, r = r.CutTop(kitTitle + 8)
	iter, cmpBox := s.at(run, k, f.Frac)
	n := len(s.boxes)
	lh := viz.LineHeight(kitLabel)
	// The visiting list's height at this width decides the picture's.
	// On a narrow screen the chips drop their scores (on hover still)
	// when the full chips would squeeze the picture.
	compact := false
	chipW := c.TextWidth("b00 0.00", kitLabel) + 10
	chipH := lh + 4
	perRow := max(1, int((r.W+4)/(chipW+4)))
	rows := (n + perRow - 1) / perRow
	listH := float64(rows)*(chipH+4) + lh + 4
	if r.H-listH-lh-6 < 0.75*r.W*nmsImgH/nmsImgW {
		compact = true
		chipW = c.TextWidth("b00", kitLabel) + 10
		perRow = max(1, int((r.W+4)/(chipW+4)))
		rows = (n + perRow - 1) / perRow
		listH = float64(rows)*(chipH+4) + lh + 4
	}
	imgArea, rest := r.CutTop(max(40, r.H-listH-lh-6))
	im := topAspect(imgArea, nmsImgW, nmsImgH)
	if im.W < 10 {
		return
	}
	c.Image(&s.img, im.X, im.Y, im.W, im.H, false)
	// The list follows the picture directly.
	rest = viz.Rect{X: r.X, Y: im.Y + im.H, W: r.W, H: r.Y + r.H - (im.Y + im.H)}
	sc := im.W / nmsImgW
	rectOf := func(i int) viz.Rect {
		b := s.boxes[i]
		return viz.Rect{X: im.X + float64(b[0])*sc, Y: im.Y + float64(b[1])*sc, W: float64(b[2]-b[0]) * sc, H: float64(b[3]-b[1]) * sc}
	}
	var keeper = -1
	if iter >= 0 && iter < len(run.tr.Steps) {
		keeper = run.tr.Steps[iter].Box
	}
	// Boxes: pending thin white, kept green, suppressed faint red, the
	// keeper blue, the compared box orange; the focused one on top.
	draw := func(i int, st nmsStatus) {
		br := rectOf(i)
		switch {
		case i == keeper:
			c.StrokeRect(br.X, br.Y, br.W, br.H, 3, viz.Accent)
		case i == cmpBox:
			c.StrokeRect(br.X, br.Y, br.W, br.H, 2.5, nmsCompareCol)
		case st == nmsKept:
			c.StrokeRect(br.X, br.Y, br.W, br.H, 2.5, viz.Good)
		case st == nmsSuppressed:
			c.StrokeRect(br.X, br.Y, br.W, br.H, 1, viz.Fade(viz.Bad, 0.55))
		default:
			c.StrokeRect(br.X, br.Y, br.W, br.H, 1, viz.Fade(viz.White, 0.85))
		}
	}
	for _, i := range s.byArea {
		if i != keeper && i != cmpBox && i != focus {
			draw(i, s.status(run, i, iter, cmpBox, f.Frac))
		}
	}
	for _, i := range []int{keeper, cmpBox, focus} {
		if i >= 0 {
			draw(i, s.status(run, i, iter, cmpBox, f.Frac))
		}
	}
	if focus >= 0 {
		br := rectOf(focus)
		c.StrokeRect(br.X-2, br.Y-2, br.W+4, br.H+4, 1.5, viz.Ink)
	}
	// The unclamped IoU's phantom: two boxes apart on both axes, whose
	// negative width times negative height counts as an overlap.
	phantom := false
	if keeper >= 0 && cmpBox >= 0 && gOff > 0 && s.pitfall == "iou-unclamped" && detect.IoU(s.boxes[keeper], s.boxes[cmpBox]) == 0 {
		a, b := s.boxes[keeper], s.boxes[cmpBox]
		x0, x1 := min(a[2], b[2]), max(a[0], b[0])
		y0, y1 := min(a[3], b[3]), max(a[1], b[1])
		if x1 > x0 && y1 > y0 {
			phantom = true
			pr := viz.Rect{X: im.X + float64(x0)*sc, Y: im.Y + float64(y0)*sc, W: float64(x1-x0) * sc, H: float64(y1-y0) * sc}
			c.FillRect(pr.X, pr.Y, pr.W, pr.H, viz.Fade(viz.Bad, 0.3))
			dashLine(c, pr.X, pr.Y, pr.X+pr.W, pr.Y, 1.5, viz.Bad)
			dashLine(c, pr.X+pr.W, pr.Y, pr.X+pr.W, pr.Y+pr.H, 1.5, viz.Bad)
			dashLine(c, pr.X, pr.Y+pr.H, pr.X+pr.W, pr.Y+pr.H, 1.5, viz.Bad)
			dashLine(c, pr.X, pr.Y, pr.X, pr.Y+pr.H, 1.5, viz.Bad)
		}
	}
	for _, i := range s.byArea {
		f.Box(grpNMSBox+gOff, i, rectOf(i))
	}
	// Labels: the current pair and the focused box only, placed so they
	// never overprint.
	s.lab.reset(im)
	label := func(i int, text string, col color.RGBA) {
		br := rectOf(i)
		w := c.TextWidth(text, kitLabel) + 6
		x := math.Min(math.Max(br.X, im.X), im.X+im.W-w)
		// A tag above the box's top edge, else below its bottom edge, else
		// inside its top: the first that overlaps no other tag. None free:
		// the box answers on hover.
		for _, y := range [3]float64{br.Y - lh, br.Y + br.H, br.Y} {
			tag := viz.Rect{X: x, Y: y, W: w, H: lh}
			if tag.Y < im.Y || tag.Y+tag.H > im.Y+im.H || s.lab.overlaps(tag) {
				continue
			}
			s.lab.block(tag)
			c.FillRect(tag.X, tag.Y, tag.W, tag.H, col)
			c.Text(tag.X+3, tag.Y+kitLabel, text, kitLabel, viz.White, viz.AlignLeft)
			return
		}
	}
	if keeper >= 0 {
		label(keeper, s.chipFull[keeper], viz.Accent)
	}
	if cmpBox >= 0 && iter >= 0 && iter < len(run.tr.Steps) {
		label(cmpBox, boxName(cmpBox)+" IoU "+f2(float64(run.tr.Steps[iter].IoU[cmpBox])), nmsCompareCol)
	}
	if focus >= 0 && focus != keeper && focus != cmpBox {
		label(focus, s.chipFull[focus], viz.Ink)
	}
	// The comparison in words, under the picture.
	_, rest = rest.CutTop(4)
	line := ""
	lcol := viz.InkMuted
	switch {
	case s.quiz && iter < 0:
		line = "the visiting list, in the loop's order"
	case s.quiz && cmpBox < 0 && iter < len(run.tr.Steps):
		line = "keep " + boxName(keeper)
	case iter < 0:
		line = "visiting order: by score, highest first"
		if gOff > 0 && s.pitfall == "nms-no-sort" {
			line = "visiting order: as the boxes came (no sort)"
		}
	case iter >= len(run.tr.Steps):
		line = "kept " + strconv.Itoa(len(run.tr.Keep)) + " of " + strconv.Itoa(n) + " boxes"
		lcol = viz.Ink
	case cmpBox >= 0:
		iou := float64(run.tr.Steps[iter].IoU[cmpBox])
		if phantom {
			line, lcol = boxName(keeper)+" vs "+boxName(cmpBox)+": apart, yet IoU "+f2(iou)+" from the phantom overlap (red)", viz.Bad
		} else if iou > s.thr {
			line, lcol = boxName(keeper)+" vs "+boxName(cmpBox)+": IoU "+f2(iou)+" > "+f2(s.thr)+", drop "+boxName(cmpBox), viz.Bad
		} else {
			line = boxName(keeper) + " vs " + boxName(cmpBox) + ": IoU " + f2(iou) + " ≤ " + f2(s.thr) + ", keep for now"
		}
	case run.sortOnly:
		line, lcol = "keep "+boxName(keeper)+": sorting alone never drops a box", viz.Bad
	case gOff > 0 && s.pitfall == "nms-no-sort":
		line = "keep " + boxName(keeper) + ", the next box in input order"
	default:
		line = "keep " + boxName(keeper) + ", the best box left"
	}
	c.Text(rest.X, rest.Y+kitLabel, viz.Ellipsize(c, line, kitLabel, rest.W), kitLabel, lcol, viz.AlignLeft)
	_, rest = rest.CutTop(lh + 4)
	// The visiting list as chips, in visiting order.
	for p, i := range run.tr.Order {
		row, col := p/perRow, p%perRow
		ch := viz.Rect{X: rest.X + float64(col)*(chipW+4), Y: rest.Y + float64(row)*(chipH+4), W: chipW, H: chipH}
		if ch.Y+ch.H > rest.Y+rest.H+0.5 {
			break
		}
		st := s.status(run, i, iter, cmpBox, f.Frac)
		fill, ink, edge := viz.White, viz.Ink, viz.Grid
		switch {
		case i == keeper:
			fill, ink, edge = viz.Accent, viz.White, viz.Accent
		case st == nmsKept:
			fill, ink, edge = viz.Good, viz.White, viz.Good
		case st == nmsSuppressed:
			fill, ink, edge = viz.Mix(viz.Paper, viz.Bad, 0.18), viz.Bad, viz.Mix(viz.Paper, viz.Bad, 0.5)
		}
		c.FillRect(ch.X, ch.Y, ch.W, ch.H, fill)
		if i == cmpBox {
			edge = nmsCompareCol
			c.StrokeRect(ch.X, ch.Y, ch.W, ch.H, 2.5, edge)
		} else {
			c.StrokeRect(ch.X, ch.Y, ch.W, ch.H, 1, edge)
		}
		if i == focus {
			c.StrokeRect(ch.X-2, ch.Y-2, ch.W+4, ch.H+4, 1.5, viz.Ink)
		}
		txt := s.chipFull[i]
		if compact {
			txt = s.chipShort[i]
		}
		c.Text(ch.X+5, ch.Y+kitLabel+2, txt, kitLabel, ink, viz.AlignLeft)
		if st == nmsSuppressed {
			c.Line(ch.X+3, ch.Y+ch.H/2, ch.X+ch.W-3, ch.Y+ch.H/2, 1, viz.Bad)
		}
		f.Box(grpNMSChip+gOff, i, ch)
	}
}

// nmsCompareCol marks the box being compared with the keeper.
var nmsCompareCol = color.RGBA{230, 120, 20, 255}

// Readout implements scene.Readouter: the numbers of the last Reset.
func (s *nmsView) Readout(f *scene.Frame) []scene.KV {
	if s.quiz {
		return nil // it would name the versions
	}
	return s.kv
}

// buildReadout lists the runs' results once per Reset.
func (s *nmsView) buildReadout() {
	list := func(xs []int) string {
		var b strings.Builder
		for i, x := range xs {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(boxName(x))
		}
		return b.String()
	}
	kv := []scene.KV{
		{Key: "boxes", Value: strconv.Itoa(len(s.boxes)) + " proposals, τ = " + f2(s.thr)},
		{Key: "visiting order", Value: list(s.runs[0].tr.Order)},
		{Key: "detect.NMS keeps", Value: list(s.keep)},
	}
	if len(s.runs) > 1 {
		kv = append(kv, scene.KV{Key: "pitfall keeps", Value: list(s.runs[1].tr.Keep)})
	}
	s.kv = kv
}

// Inspect implements scene.Inspector.
func (s *nmsView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if len(s.runs) == 0 {
		return scene.Inspection{}, false
	}
	ri, g := 0, t.Group
	if g > nmsBadGroups {
		ri, g = 1, g-nmsBadGroups
	}
	if ri >= len(s.runs) || (g != grpNMSBox && g != grpNMSChip) || t.Index < 0 || t.Index >= len(s.boxes) {
		return scene.Inspection{}, false
	}
	run := &s.runs[ri]
	i := t.Index
	b := s.boxes[i]
	k := min(f.Step, len(s.tl)-1)
	iter, cmpBox := s.at(run, k, f.Frac)
	what := "stray detection"
	if o := s.object[i]; o >= 0 && o < len(nmsObjectNames) {
		what = "proposal around the " + nmsObjectNames[o]
	}
	in := scene.Inspection{Name: boxName(i) + ", " + what, Value: "score " + f2(float64(s.scores[i])),
		Tensor: "boxes", Index: shapeOf(i), Shape: shapeOf(len(s.boxes), 4), Source: run.fn}
	detail := "(x1, y1, x2, y2) = (" + fmtNum(float64(b[0])) + ", " + fmtNum(float64(b[1])) + ", " + fmtNum(float64(b[2])) + ", " +
		fmtNum(float64(b[3])) + "); visited " + strconv.Itoa(run.rank[i]+1) + " of " + strconv.Itoa(len(s.boxes))
	switch st := s.status(run, i, iter, cmpBox, f.Frac); {
	case st == nmsKeeper:
		detail += "; kept at this iteration"
	case st == nmsKept:
		detail += "; kept"
	case st == nmsSuppressed:
		// Who dropped it, and by how much.
		for _, step := range run.tr.Steps {
			if slices.Contains(step.Suppressed, i) {
				detail += "; dropped by " + boxName(step.Box) + " (IoU " + f2(float64(step.IoU[i])) + ")"
				break
			}
		}
	}
	if iter >= 0 && iter < len(run.tr.Steps) {
		st := run.tr.Steps[iter]
		if v := st.IoU[i]; !math.IsNaN(float64(v)) {
			detail += "; IoU with " + boxName(st.Box) + ": " + f2(float64(v))
		}
	}
	in.Detail = detail
	return in, true
}
