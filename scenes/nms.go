package scenes

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"dlprep/core/detect"
	"dlprep/viz"
)

// The box layouts the scene can generate.
const (
	nmsCrowded = iota
	nmsRandom
	nmsClasses
)

// nmsWorldW and nmsWorldH are the size of the image the boxes live in.
const (
	nmsWorldW = 480
	nmsWorldH = 320
	// nmsStepSeconds is how long one greedy step stays on screen when
	// playing; nmsHoldSeconds how long the final result stays before the
	// animation starts again.
	nmsStepSeconds = 1.1
	nmsHoldSeconds = 2.5
)

// NMSScene animates non-maximum suppression (problem 007) from core's
// detect.TraceNMS: boxes visited in score order, the current box's IoU with
// every box it is compared to, and the boxes it suppresses fading out.
type NMSScene struct {
	presets []Preset // built once by Presets
	boxes   []detect.Box
	scores  []float32
	classes []int
	thr     float64
	layout  int
	// pitfalls[r] says whether runs[r] (r = nmsUnsorted, nmsUnclamped) is
	// shown; pitfalls[0] is unused.
	pitfalls [3]bool

	// runs[0] is the right (sorted) run; runs[nmsUnsorted] the same greedy
	// loop fed the boxes in input order; runs[nmsUnclamped] the sorted loop
	// with detect.IoUUnclamped. The pitfall runs are built only when shown.
	runs [3]nmsRun
	// keep is core's NMS (or batched NMS) result, the reference the trace
	// must end at.
	keep []int

	k      int     // steps done (0..n)
	clock  float64 // seconds into the current step
	hold   float64 // seconds spent at the end
	sel    int     // clicked box or -1
	selIoU []float32
	err    error
	panels [3]viz.Rect // where each run's image is drawn (for clicks)
}

// The runs of the scene: the right one and one per pitfall.
const (
	nmsRight = iota
	nmsUnsorted
	nmsUnclamped
)

// nmsRun is one animated NMS: the trace steps (merged over classes for
// batched NMS) and, per box, who suppressed it.
type nmsRun struct {
	title   string
	order   []int
	steps   []detect.NMSStep
	stepOf  []int     // box -> step at which it was kept or suppressed (-1 never)
	by      []int     // box -> the kept box that suppressed it (-1 none)
	byIoU   []float32 // IoU with that box
	kept    []int     // in visiting order
	visited []int     // rank of each box in order
}

// Info implements Scene.
func (s *NMSScene) Info() Info {
	return Info{
		ID:       "nms",
		Title:    "Non-maximum suppression",
		Family:   "detection",
		Problems: []string{"007"},
		Statement: "A detector fires many overlapping boxes on each object. NMS keeps the best-scoring box, " +
			"drops every remaining box that overlaps it by more than the IoU threshold, and repeats with the best box left.",
		Formula: "IoU(a,b) = |a ∩ b| / (|a| + |b| − |a ∩ b|), overlap clamped at 0 per axis. " +
			"Visit boxes by decreasing score; keep box i unless IoU(i, kept) > threshold.",
		LookFor: "The blue box is the one being kept; numbers on the other boxes are its IoU with them (red: above the threshold, " +
			"so suppressed). Turn on the pitfall to see the same loop without sorting: a weak, loose box is visited first and " +
			"suppresses the best one. Turn on the unclamped-IoU pitfall to see IoU computed without clamping the overlap's width " +
			"and height at 0: a box up-left of another gets two negative extents whose product is a positive phantom overlap " +
			"(shaded red), so far-apart boxes are suppressed. With several classes (batched NMS) overlapping boxes of different classes never suppress each other.",
	}
}

// Params implements Scene.
func (s *NMSScene) Params() []Param {
	return []Param{
		{Name: "layout", Label: "boxes", Kind: Choice, Choices: []string{"crowded", "random", "classes"}, Default: 0,
			Help: "crowded: several jittered detections per object; random: uniform boxes; classes: objects of three classes overlapping (batched NMS)"},
		{Name: "iou_threshold", Label: "IoU threshold", Kind: Float, Min: 0.05, Max: 0.95, Step: 0.05, Default: 0.5,
			Help: "a box is dropped when its IoU with a kept box is greater than this"},
		{Name: "boxes", Label: "number of boxes", Kind: Int, Min: 4, Max: 40, Step: 1, Default: 18},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 3},
		{Name: "pitfall_unsorted", Label: "pitfall: forget to sort", Kind: Bool, Default: 0,
			Help: "run the same greedy loop in input order, side by side with the right one"},
		{Name: "pitfall_unclamped", Label: "pitfall: IoU without clamping", Kind: Bool, Default: 0,
			Help: "run NMS with detect.IoUUnclamped: intersection width and height not clamped at 0"},
	}
}

// Presets implements Presetter.
func (s *NMSScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *NMSScene) makePresets() []Preset {
	return []Preset{
		{Name: "Crowded scene", Values: Values{"layout": nmsCrowded, "iou_threshold": 0.5, "boxes": 18, "seed": 3, "pitfall_unsorted": 0}},
		{Name: "Random boxes", Values: Values{"layout": nmsRandom, "iou_threshold": 0.3, "boxes": 24, "seed": 7, "pitfall_unsorted": 0}},
		{Name: "Several classes (batched NMS)", Values: Values{"layout": nmsClasses, "iou_threshold": 0.5, "boxes": 20, "seed": 5, "pitfall_unsorted": 0}},
		{Name: "Pitfall: forgot to sort", Values: Values{"layout": nmsCrowded, "iou_threshold": 0.5, "boxes": 14, "seed": 4, "pitfall_unsorted": 1}},
		{Name: "Pitfall: IoU without clamping", Values: Values{"layout": nmsRandom, "iou_threshold": 0.3, "boxes": 14, "seed": 4, "pitfall_unsorted": 0, "pitfall_unclamped": 1}},
		{Name: "Strict threshold 0.1", Values: Values{"layout": nmsCrowded, "iou_threshold": 0.1, "boxes": 18, "seed": 3, "pitfall_unsorted": 0}},
	}
}

// Reset implements Scene: it generates the boxes and runs core's traced NMS.
func (s *NMSScene) Reset(v Values) error {
	s.layout = int(v["layout"])
	s.thr = v["iou_threshold"]
	s.pitfalls = [3]bool{false, v["pitfall_unsorted"] != 0, v["pitfall_unclamped"] != 0}
	s.boxes, s.scores, s.classes = nmsBoxes(s.layout, int(v["boxes"]), uint64(v["seed"]))
	s.k, s.clock, s.hold, s.sel, s.selIoU = 0, 0, 0, -1, nil
	s.runs = [3]nmsRun{}
	s.err = s.compute()
	return s.err
}

// compute fills the runs from core.
func (s *NMSScene) compute() error {
	var err error
	if s.layout == nmsClasses {
		s.keep, err = detect.BatchedNMS(s.boxes, s.scores, s.classes, s.thr)
	} else {
		s.keep, err = detect.NMS(s.boxes, s.scores, s.thr)
	}
	if err != nil {
		return err
	}
	batched := s.layout == nmsClasses
	if err := s.runs[nmsRight].build(s.boxes, s.scores, s.classes, batched, s.thr, nil); err != nil {
		return err
	}
	s.runs[nmsRight].title = "sorted by score (torchvision)"
	if s.pitfalls[nmsUnclamped] {
		if err := s.runs[nmsUnclamped].build(s.boxes, s.scores, s.classes, batched, s.thr, detect.IoUUnclamped); err != nil {
			return err
		}
		s.runs[nmsUnclamped].title = "pitfall: IoU not clamped at 0"
	}
	if s.pitfalls[nmsUnsorted] {
		// Forgetting the sort means visiting boxes in input order: the same
		// core loop fed scores that decrease with the input index.
		fake := make([]float32, len(s.boxes))
		for i := range fake {
			fake[i] = float32(len(fake) - i)
		}
		if err := s.runs[nmsUnsorted].build(s.boxes, fake, s.classes, batched, s.thr, nil); err != nil {
			return err
		}
		s.runs[nmsUnsorted].title = "pitfall: input order, no sort"
	}
	return nil
}

// build runs detect.TraceNMS (detect.TraceNMSWith when iou is a pitfall)
// once, or once per class, merging the steps by visiting order, which is
// what batched NMS's single loop does: boxes of different classes are never
// compared.
func (r *nmsRun) build(boxes []detect.Box, scores []float32, classes []int, batched bool, thr float64, iou detect.IoUFunc) error {
	n := len(boxes)
	r.stepOf, r.by, r.byIoU = make([]int, n), make([]int, n), make([]float32, n)
	for i := range r.by {
		r.by[i], r.stepOf[i] = -1, -1
	}
	groups := [][]int{nil}
	if batched {
		groups = nil
		for _, cls := range slices.Compact(slices.Sorted(slices.Values(classes))) {
			var g []int
			for i, c := range classes {
				if c == cls {
					g = append(g, i)
				}
			}
			groups = append(groups, g)
		}
	}
	var steps []detect.NMSStep
	for _, g := range groups {
		bs, ss := boxes, scores
		if g != nil {
			bs, ss = make([]detect.Box, len(g)), make([]float32, len(g))
			for a, i := range g {
				bs[a], ss[a] = boxes[i], scores[i]
			}
		}
		var tr *detect.NMSTrace
		var err error
		if iou == nil {
			tr, err = detect.TraceNMS(bs, ss, thr)
		} else {
			tr, err = detect.TraceNMSWith(bs, ss, thr, iou)
		}
		if err != nil {
			return err
		}
		for _, st := range tr.Steps {
			if g != nil {
				st = remapStep(st, g, n)
			}
			steps = append(steps, st)
		}
		if g == nil {
			r.order = tr.Order
		}
	}
	if batched {
		// The global visiting order is by score, stable on index.
		r.order = make([]int, n)
		for i := range r.order {
			r.order[i] = i
		}
		slices.SortStableFunc(r.order, func(a, b int) int {
			return cmpDesc(scores[a], scores[b])
		})
	}
	r.visited = make([]int, n)
	for rank, i := range r.order {
		r.visited[i] = rank
	}
	slices.SortStableFunc(steps, func(a, b detect.NMSStep) int { return r.visited[a.Box] - r.visited[b.Box] })
	r.steps = steps
	r.kept = r.kept[:0]
	for k, st := range steps {
		r.kept = append(r.kept, st.Box)
		r.stepOf[st.Box] = k
		for _, j := range st.Suppressed {
			r.by[j], r.byIoU[j], r.stepOf[j] = st.Box, st.IoU[j], k
		}
	}
	return nil
}

// cmpDesc orders by decreasing value.
func cmpDesc(a, b float32) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// remapStep translates a step of a per-class sub-problem back to global box
// indices (IoU becomes a length-n row, NaN for boxes of other classes).
func remapStep(st detect.NMSStep, g []int, n int) detect.NMSStep {
	out := detect.NMSStep{Box: g[st.Box], IoU: make([]float32, n)}
	for i := range out.IoU {
		out.IoU[i] = float32(math.NaN())
	}
	for a, v := range st.IoU {
		out.IoU[g[a]] = v
	}
	for _, j := range st.Suppressed {
		out.Suppressed = append(out.Suppressed, g[j])
	}
	return out
}

// nmsBoxes makes a deterministic box set for a layout.
func nmsBoxes(layout, n int, seed uint64) ([]detect.Box, []float32, []int) {
	rng := rand.New(rand.NewPCG(seed, 0x6e6d73))
	var boxes []detect.Box
	var scores []float32
	var classes []int
	add := func(b detect.Box, sc float32, cls int) {
		boxes = append(boxes, b)
		scores = append(scores, sc)
		classes = append(classes, cls)
	}
	clampBox := func(x1, y1, x2, y2 float64) detect.Box {
		x1, x2 = math.Max(0, x1), math.Min(nmsWorldW, x2)
		y1, y2 = math.Max(0, y1), math.Min(nmsWorldH, y2)
		return detect.Box{float32(math.Round(x1)), float32(math.Round(y1)), float32(math.Round(x2)), float32(math.Round(y2))}
	}
	if layout == nmsRandom {
		for range n {
			w, h := 40+rng.Float64()*120, 40+rng.Float64()*110
			x, y := rng.Float64()*(nmsWorldW-w), rng.Float64()*(nmsWorldH-h)
			add(clampBox(x, y, x+w, y+h), float32(math.Round((0.3+0.69*rng.Float64())*100)/100), 0)
		}
	} else {
		// Objects, each detected several times with jitter; one detection
		// per object is tight and confident, the others looser.
		type object struct {
			x, y, w, h float64
			cls        int
		}
		objs := []object{
			{40, 60, 80, 130, 0}, {180, 40, 80, 120, 0}, {330, 90, 100, 140, 0}, {150, 190, 110, 80, 0},
		}
		if layout == nmsClasses {
			// A person on a bicycle and a dog by a person: different
			// classes that overlap heavily.
			objs = []object{
				{60, 50, 70, 140, 0}, {40, 140, 130, 100, 1}, {270, 60, 80, 170, 0}, {300, 170, 130, 100, 2}, {170, 30, 70, 80, 1},
			}
		}
		for len(boxes) < n {
			o := objs[len(boxes)%len(objs)]
			first := len(boxes) < len(objs)
			j := 0.22
			sc := 0.45 + 0.35*rng.Float64()
			if first {
				j, sc = 0.05, 0.86+0.12*rng.Float64()
			}
			dx, dy := (rng.Float64()*2-1)*j*o.w, (rng.Float64()*2-1)*j*o.h
			sw, sh := 1+(rng.Float64()*2-1)*j, 1+(rng.Float64()*2-1)*j
			add(clampBox(o.x+dx, o.y+dy, o.x+dx+o.w*sw, o.y+dy+o.h*sh), float32(math.Round(sc*100)/100), o.cls)
		}
		// Detectors emit boxes in no particular order.
		perm := rng.Perm(len(boxes))
		b2, s2, c2 := make([]detect.Box, len(boxes)), make([]float32, len(boxes)), make([]int, len(boxes))
		for i, p := range perm {
			b2[i], s2[i], c2[i] = boxes[p], scores[p], classes[p]
		}
		boxes, scores, classes = b2, s2, c2
	}
	return boxes, scores, classes
}

// steps is the number of animation steps (the longest run shown).
func (s *NMSScene) steps() int {
	n := 0
	for _, r := range s.runs {
		n = max(n, len(r.steps))
	}
	return n
}

// shownRuns lists the runs drawn: the right one, then each pitfall on.
func (s *NMSScene) shownRuns() []int {
	out := []int{nmsRight}
	for r := nmsUnsorted; r <= nmsUnclamped; r++ {
		if s.pitfalls[r] {
			out = append(out, r)
		}
	}
	return out
}

// Step implements Stepper: one greedy iteration (one kept box).
func (s *NMSScene) Step() {
	if s.k < s.steps() {
		s.k++
	} else {
		s.k = 0
	}
	s.clock, s.hold = 0, 0
}

// Progress implements Stepper.
func (s *NMSScene) Progress() (int, int) { return s.k, s.steps() }

// Update implements Scene.
func (s *NMSScene) Update(in Input, dt float64) {
	if in.Clicked {
		s.click(in.MouseX, in.MouseY)
	}
	if dt <= 0 || s.err != nil {
		return
	}
	if s.k >= s.steps() {
		s.hold += dt
		if s.hold >= nmsHoldSeconds {
			s.k, s.clock, s.hold = 0, 0, 0
		}
		return
	}
	s.clock += dt
	if s.clock >= nmsStepSeconds {
		s.clock = 0
		s.k++
	}
}

// click selects the box under the pointer in the first panel (the smallest
// one when several contain it) and asks core for its IoU with every box.
func (s *NMSScene) click(x, y float64) {
	p := s.panels[0]
	if !p.Contains(x, y) {
		return
	}
	wx, wy := (x-p.X)/p.W*nmsWorldW, (y-p.Y)/p.H*nmsWorldH
	best, bestA := -1, math.Inf(1)
	for i, b := range s.boxes {
		if wx >= float64(b[0]) && wx <= float64(b[2]) && wy >= float64(b[1]) && wy <= float64(b[3]) {
			if a := float64(b.Area()); a < bestA {
				best, bestA = i, a
			}
		}
	}
	if best < 0 || best == s.sel {
		s.sel, s.selIoU = -1, nil
		return
	}
	s.SelectBox(best)
}

// SelectBox shows box i's IoU with every box (from detect.BoxIoU), as a
// click on it does; i < 0 clears the selection.
func (s *NMSScene) SelectBox(i int) {
	if i < 0 || i >= len(s.boxes) {
		s.sel, s.selIoU = -1, nil
		return
	}
	m, err := detect.BoxIoU(s.boxes[i:i+1], s.boxes)
	if err != nil {
		s.err = err
		return
	}
	s.sel, s.selIoU = i, m.Data
}

// Selected returns the selected box and the IoU row shown for it (nil when
// nothing is selected).
func (s *NMSScene) Selected() (int, []float32) { return s.sel, s.selIoU }

// Boxes returns the boxes, scores and class ids the scene shows.
func (s *NMSScene) Boxes() ([]detect.Box, []float32, []int) { return s.boxes, s.scores, s.classes }

// Kept returns the boxes shown as kept after the current step of run r (0:
// sorted, 1: the unsorted pitfall, 2: the unclamped-IoU pitfall), in the
// order they were kept.
func (s *NMSScene) Kept(r int) []int {
	run := &s.runs[r]
	return run.kept[:min(s.k, len(run.kept))]
}

// Suppressed returns the boxes shown as suppressed after the current step of
// run r.
func (s *NMSScene) Suppressed(r int) []int {
	var out []int
	run := &s.runs[r]
	for i, st := range run.stepOf {
		if st >= 0 && st < s.k && run.by[i] >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// Reference returns core's NMS (batched NMS for the classes layout) result.
func (s *NMSScene) Reference() []int { return s.keep }

// Readout implements Readouter.
func (s *NMSScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	kv := []KV{
		{"IoU threshold", f2(s.thr)},
		{"step", itoa(s.k) + " of " + itoa(s.steps())},
	}
	r := &s.runs[0]
	if s.k > 0 && s.k <= len(r.steps) {
		b := r.steps[s.k-1].Box
		kv = append(kv, KV{"current box", "#" + itoa(b) + " score " + f2(float64(s.scores[b]))})
	}
	kv = append(kv, KV{"kept", intList(s.Kept(0))}, KV{"suppressed", intList(s.Suppressed(0))})
	if s.pitfalls[nmsUnsorted] {
		kv = append(kv, KV{"kept without sorting", intList(s.Kept(nmsUnsorted))})
	}
	if s.pitfalls[nmsUnclamped] {
		kv = append(kv, KV{"kept with unclamped IoU", intList(s.Kept(nmsUnclamped))})
	}
	kv = append(kv, KV{"final result (core NMS)", intList(s.keep)})
	if s.sel >= 0 {
		kv = append(kv, KV{"selected box", "#" + itoa(s.sel)})
	}
	return kv
}

// intList formats indices as "3, 0, 7".
func intList(xs []int) string {
	if len(xs) == 0 {
		return "none"
	}
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(itoa(x))
	}
	return b.String()
}

// Draw implements Scene.
func (s *NMSScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	legend, area := area.CutBottom(20)
	if shown := s.shownRuns(); len(shown) > 1 {
		cols := area.Columns(len(shown), 16)
		for i, r := range shown {
			s.drawRun(c, r, cols[i])
		}
	} else {
		list, img := area.CutRight(math.Min(230, area.W*0.36))
		s.drawRun(c, 0, img.Inset(2))
		s.drawList(c, list.Inset(2))
	}
	x := legend.X
	y := legend.Y + 14
	x = legendSwatch(c, x, y, viz.Accent, "current")
	x = legendSwatch(c, x, y, viz.Good, "kept")
	x = legendSwatch(c, x, y, viz.Bad, "suppressed")
	if s.layout == nmsClasses {
		for k := range 3 {
			x = legendSwatch(c, x, y, viz.Categorical(k), "class "+itoa(k))
		}
	} else {
		legendSwatch(c, x, y, viz.InkMuted, "not visited yet")
	}
}

// drawRun draws one run's boxes in r.
func (s *NMSScene) drawRun(c viz.Canvas, ri int, r viz.Rect) {
	run := &s.runs[ri]
	title := run.title
	k := min(s.k, len(run.steps))
	title += "  ·  kept " + itoa(k) + " (final " + itoa(len(run.kept)) + ")"
	r = caption(c, r, title)
	p := fitRect(r, nmsWorldW, nmsWorldH)
	s.panels[ri] = p
	c.FillRect(p.X, p.Y, p.W, p.H, viz.White)
	c.StrokeRect(p.X, p.Y, p.W, p.H, 1, viz.Grid)
	sx, sy := p.W/nmsWorldW, p.H/nmsWorldH
	var cur *detect.NMSStep
	if k > 0 && s.k <= len(run.steps) {
		cur = &run.steps[k-1]
	}
	fade := math.Min(1, s.clock/nmsStepSeconds)
	// Boxes not yet decided first, then suppressed, then kept, then the
	// current box on top, so the important outlines are never hidden.
	for pass := range 4 {
		for i, b := range s.boxes {
			st := run.stepOf[i]
			decided := st >= 0 && st < k
			suppressed := decided && run.by[i] >= 0
			isCur := cur != nil && cur.Box == i
			var thisPass int
			switch {
			case isCur:
				thisPass = 3
			case decided && !suppressed:
				thisPass = 2
			case suppressed:
				thisPass = 1
			}
			if thisPass != pass {
				continue
			}
			x, y, bw, bh := p.X+float64(b[0])*sx, p.Y+float64(b[1])*sy, float64(b[2]-b[0])*sx, float64(b[3]-b[1])*sy
			base := viz.InkMuted
			if s.layout == nmsClasses {
				base = viz.Categorical(s.classes[i])
			}
			switch {
			case isCur:
				c.FillRect(x, y, bw, bh, viz.Fade(viz.Accent, 0.12))
				c.StrokeRect(x, y, bw, bh, 3, viz.Accent)
			case suppressed:
				a := 0.22
				if st == k-1 {
					a = 1 - 0.7*fade // suppressed by the current box: fading out
				}
				c.StrokeRect(x, y, bw, bh, 1.5, viz.Fade(viz.Bad, a))
			case decided:
				col := viz.Good
				if s.layout == nmsClasses {
					col = base
				}
				c.StrokeRect(x, y, bw, bh, 2.5, col)
				c.FillRect(x, y, bw, bh, viz.Fade(col, 0.08))
			default:
				c.StrokeRect(x, y, bw, bh, 1.2, viz.Fade(base, 0.8))
			}
			if pass == 0 || pass == 3 || pass == 2 {
				lab := "#" + itoa(i) + " " + f2(float64(s.scores[i]))
				c.Text(x+3, y+11, lab, smallSize, viz.InkMuted, viz.AlignLeft)
			}
		}
	}
	// IoU labels: with the clicked box if any (first panel), else with the
	// current box for the boxes it was compared to.
	var row []float32
	src := -1
	if ri == 0 && s.sel >= 0 {
		row, src = s.selIoU, s.sel
	} else if cur != nil {
		row, src = cur.IoU, cur.Box
	}
	if row == nil {
		return
	}
	if ri == nmsUnclamped && src >= 0 {
		s.drawPhantoms(c, p, src, row)
	}
	for j, v := range row {
		if j == src || v != v || v < 0.005 {
			continue // not compared, or disjoint: a label would only clutter
		}
		b := s.boxes[j]
		x, y := p.X+float64(b[2])*sx, p.Y+float64(b[3])*sy
		col := viz.Ink
		if float64(v) > s.thr {
			col = viz.Bad
		}
		lab := "IoU " + f2(float64(v))
		tw := c.TextWidth(lab, labelSize)
		c.FillRect(x-tw-6, y-15, tw+4, 14, viz.Fade(viz.White, 0.85))
		c.Text(x-4, y-4, lab, labelSize, col, viz.AlignRight)
	}
	if ri == 0 && s.sel >= 0 {
		b := s.boxes[s.sel]
		c.StrokeRect(p.X+float64(b[0])*sx-2, p.Y+float64(b[1])*sy-2, float64(b[2]-b[0])*sx+4, float64(b[3]-b[1])*sy+4, 1.5, viz.Ink)
	}
}

// drawPhantoms shades, for each box j compared with box i by a positive
// unclamped IoU although the two are apart on both axes, the rectangle
// spanned by the two negative extents: the phantom overlap
// detect.IoUUnclamped counts.
func (s *NMSScene) drawPhantoms(c viz.Canvas, p viz.Rect, i int, row []float32) {
	sx, sy := p.W/nmsWorldW, p.H/nmsWorldH
	a := s.boxes[i]
	for j, v := range row {
		if j == i || v != v || v <= 0 {
			continue
		}
		b := s.boxes[j]
		x1, x2 := min(a[2], b[2]), max(a[0], b[0])
		y1, y2 := min(a[3], b[3]), max(a[1], b[1])
		if x1 >= x2 || y1 >= y2 {
			continue // they overlap on an axis: nothing phantom here
		}
		col := viz.InkMuted
		if float64(v) > s.thr {
			col = viz.Bad
		}
		x, y, w, h := p.X+float64(x1)*sx, p.Y+float64(y1)*sy, float64(x2-x1)*sx, float64(y2-y1)*sy
		c.FillRect(x, y, w, h, viz.Fade(col, 0.15))
		c.StrokeRect(x, y, w, h, 1, viz.Fade(col, 0.7))
	}
}

// drawList draws the boxes in visiting order with each one's fate.
func (s *NMSScene) drawList(c viz.Canvas, r viz.Rect) {
	run := &s.runs[0]
	r = viz.DrawPanel(c, r, "visiting order (score ↓)")
	n := len(run.order)
	rowH := math.Max(11, math.Min(17, r.H/float64(n+1)))
	size := math.Min(labelSize, rowH-3)
	k := min(s.k, len(run.steps))
	curBox := -1
	if k > 0 {
		curBox = run.steps[k-1].Box
	}
	y := r.Y
	for _, i := range run.order {
		if y+rowH > r.Y+r.H {
			c.Text(r.X, y+size, "…", size, viz.InkMuted, viz.AlignLeft)
			break
		}
		st := run.stepOf[i]
		status, col := "", viz.InkMuted
		switch {
		case i == curBox:
			status, col = "keep ←", viz.Accent
			c.FillRect(r.X-2, y, r.W+4, rowH, viz.Fade(viz.Accent, 0.12))
		case st >= 0 && st < k && run.by[i] >= 0:
			status, col = "dropped by #"+itoa(run.by[i])+" ("+f2(float64(run.byIoU[i]))+")", viz.Bad
		case st >= 0 && st < k:
			status, col = "kept", viz.Good
		}
		if s.layout == nmsClasses {
			c.FillRect(r.X, y+2, 4, rowH-4, viz.Categorical(s.classes[i]))
		}
		c.Text(r.X+8, y+size+1, "#"+itoa(i), size, viz.Ink, viz.AlignLeft)
		c.Text(r.X+40, y+size+1, f2(float64(s.scores[i])), size, viz.Ink, viz.AlignLeft)
		c.Text(r.X+76, y+size+1, status, size, col, viz.AlignLeft)
		y += rowH
	}
}
