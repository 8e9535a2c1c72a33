package scenes

import (
	"math"
	"slices"
	"strconv"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 012, DDIM inversion: data points are run up to noise
// by the DDIM update toward ᾱ_{t+1} (diffusion.DDIMInversionStep), then
// back down by DDIM from the noise they reached. One step up and back
// shows why the round trip misses: inversion predicts the noise at the
// point it leaves, the way back at the point it arrives. Small multiples
// show the miss growing as the steps get fewer (and so longer). Every
// value comes from toy.Invert, toy.RunRoundTrip and toy.StepBack.

// Inspection groups of the inversion view.
const (
	grpInvP      = iota + 1 // a moving point
	grpInvData              // a data point
	grpInvStrip             // a step of the noise-level strip
	grpInvRow               // a row of the numbers panel
	grpInvCurve             // a point of the error curve
	grpInvMulti0 = 100      // + j: a point of small multiple j
)

// invSweep are the step counts of the small multiples (the current one
// joins them).
var invSweep = []int{2, 4, 8, 16, 32}

type invStage int

const (
	ivData  invStage = iota // the data points
	ivUp                    // one inversion step
	ivNoise                 // the latent x_T
	ivBack                  // one step up and back down at the middle
	ivDown                  // one regeneration step
	ivError                 // data against its regeneration
	ivMulti                 // fewer steps, more miss
)

// invRun is a round trip at one step count, for the small multiples.
type invRun struct {
	steps int
	rt    *toy.RoundTrip
	l     layer
	// title and miss are its panel's text, made by Reset.
	title, miss string
}

type invView struct {
	steps, dataK, n int
	seed            uint64
	mix             *toy.Mixture
	sch             *diffusion.Schedule
	x0              *core.Tensor
	rt              *toy.RoundTrip
	kMid            int
	back            toy.StepTrace // the regeneration's step from the middle inversion step's result
	miss            float64       // its mean miss
	runs            []invRun
	follow          int
	stages          []invStage
	chainK          []int
	tl              scene.Timeline
	dens            densityStack
	base            layer // the data's shape and the data points, stamped once per size
	cloud           layer
	discs           discBatch
	strip           strip
	shownP          *core.Tensor
	shownPN         string
	rowVals         []numRow
	rows            rowCache
	curve           []viz.Point
	// text made by Reset (or once per step or point shown), so a paused
	// frame formats nothing.
	legends memo[invStage, []legendItem]
	names   memo[[2]int, string]
	titles  memo[[3]int, string]
	ro      []scene.KV
	curveHi string
	curveX  [3]string // the first step count, the last with " steps", the last alone
	cells   cellsBuf
}

func newInversionView() *invView { return &invView{} }

func (s *invView) Info() scene.Info {
	p, _ := problems.Lookup("012")
	return scene.Info{ID: "ddim_inversion", Problem: "012", Title: p.Title, Family: "diffusion", Statement: fontSafe(p.Statement),
		Formula: `x_{t+1} = \sqrt{\bar\alpha_{t+1}}\,\hat x_0 + \sqrt{1-\bar\alpha_{t+1}}\,\hat\epsilon(x_t, t),\quad \hat x_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon(x_t, t)}{\sqrt{\bar\alpha_t}}`,
		LookFor: "Hollow rings are the data; the dots are the same points on their way. Inversion runs the DDIM update toward more noise, " +
			"step by step, to the latent x_T that should regenerate the data; DDIM then runs back down from it. The catch is in one step: " +
			"going up, the noise is predicted at the point being left, x_t; coming back down, at the point arrived at, x_{t+1}. The two " +
			"predictions differ, so one step up and back misses x_t (red). The misses add up over the run: red segments join each data " +
			"point to its regeneration. With fewer steps every step is longer and misses more: the small multiples and the curve show " +
			"the round-trip error falling as the steps grow (about as 1/steps)."}
}

func (s *invView) Params() []scene.Param {
	return []scene.Param{
		{Name: "steps", Label: "DDIM steps each way", Kind: scene.Int, Min: 2, Max: 100, Step: 1, Default: 6},
		{Name: "data", Label: "data", Kind: scene.Choice, Choices: dataSets, Default: 0},
		{Name: "points", Label: "points", Kind: scene.Int, Min: 20, Max: 300, Step: 10, Default: 100},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

func (s *invView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "3 steps: a long way off", Values: scene.Values{"steps": 3}},
		{Name: "50 steps: nearly exact", Values: scene.Values{"steps": 50}},
		{Name: "Spiral, 10 steps", Values: scene.Values{"data": 1, "steps": 10}},
	}
}

func (s *invView) Reset(v scene.Values) error {
	s.steps, s.dataK, s.n, s.seed = int(v["steps"]), int(v["data"]), int(v["points"]), uint64(v["seed"])
	var err error
	if s.sch, err = scheduleFor(diffusion.Cosine, revDDIMT); err != nil {
		return err
	}
	if s.mix, err = dataSet(s.dataK); err != nil {
		return err
	}
	if s.x0, err = toy.SampleData(s.mix, s.n, toy.NullClass, s.seed); err != nil {
		return err
	}
	if s.rt, err = toy.RunRoundTrip(s.mix, s.sch, s.steps, toy.Trailing, s.x0); err != nil {
		return err
	}
	S := s.rt.Inv.Len()
	s.kMid = S / 2
	if s.back, err = toy.StepBack(s.mix, s.rt.Inv.Steps[s.kMid]); err != nil {
		return err
	}
	st := s.rt.Inv.Steps[s.kMid]
	s.miss = 0
	for i := range s.n {
		s.miss += math.Hypot(float64(s.back.Out.Data[2*i])-float64(st.Xt.Data[2*i]), float64(s.back.Out.Data[2*i+1])-float64(st.Xt.Data[2*i+1])) / float64(s.n)
	}
	counts := append([]int(nil), invSweep...)
	if !slices.Contains(counts, s.steps) {
		counts = append(counts, s.steps)
		slices.Sort(counts)
	}
	for len(s.runs) < len(counts) {
		s.runs = append(s.runs, invRun{})
	}
	s.runs = s.runs[:len(counts)]
	for j, k := range counts {
		r := &s.runs[j]
		r.steps, r.l.key = k, layerKey{}
		r.title = itoa(k) + " steps"
		if k == s.steps {
			r.title += " (yours)"
		}
		if k == s.steps {
			r.rt = s.rt
			continue
		}
		if r.rt, err = toy.RunRoundTrip(s.mix, s.sch, k, toy.Trailing, s.x0); err != nil {
			return err
		}
	}
	for j := range s.runs {
		s.runs[j].miss = "mean miss " + f3(s.runs[j].rt.Mean)
	}
	if err := s.dens.build(s.mix, toy.NullClass); err != nil {
		return err
	}
	// The strip runs up then down: ᾱ of the inversion's states, then the
	// regeneration's.
	s.strip.abar = s.strip.abar[:0]
	for k := 0; k <= S; k++ {
		s.strip.abar = append(s.strip.abar, s.rt.Inv.AlphaBar(k))
	}
	for k := 1; k <= s.rt.Gen.Len(); k++ {
		s.strip.abar = append(s.strip.abar, s.rt.Gen.AlphaBar(k))
	}
	s.strip.apart, s.strip.from, s.strip.to = s.kMid, "data", "data"
	// Follow the point with the median round-trip error.
	idx := make([]int, s.n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return compareF(s.rt.Err[a], s.rt.Err[b]) })
	s.follow = idx[s.n/2]
	s.cloud.key, s.base.key = layerKey{}, layerKey{}
	s.rows.ok = false
	s.strip.mids.reset()
	s.legends.reset()
	s.names.reset()
	s.titles.reset()
	s.buildText()
	s.buildTimeline()
	return nil
}

// buildText makes the readout and the curve's labels, which depend only on
// the values of the last Reset.
func (s *invView) buildText() {
	s.ro = []scene.KV{{Key: "steps each way", Value: itoa(s.steps) + " (cosine, T = 1000, trailing)"},
		{Key: "mean round-trip error", Value: f3(s.rt.Mean)},
		{Key: "one step up and back, mean miss", Value: f3(s.miss)}}
	hi := 0.0
	for _, r := range s.runs {
		s.ro = append(s.ro, scene.KV{Key: "error at " + itoa(r.steps) + " steps", Value: f3(r.rt.Mean)})
		hi = max(hi, r.rt.Mean)
	}
	s.curveHi = f2(max(hi, 1e-3) * 1.1)
	last := itoa(s.runs[len(s.runs)-1].steps)
	s.curveX = [3]string{itoa(s.runs[0].steps), last + " steps", last}
}

func compareF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (s *invView) buildTimeline() {
	S, n := s.rt.Inv.Len(), s.n
	shp := shapeOf(n, 2)
	s.stages, s.chainK, s.tl = s.stages[:0], s.chainK[:0], s.tl[:0]
	add := func(st invStage, k int, stage, caption, shapes string, sec float64) {
		s.stages = append(s.stages, st)
		s.chainK = append(s.chainK, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(ivData, 0, "data", itoa(n)+" data points $x_0$ (rings). Inversion looks for the noise $x_T$ that DDIM would turn into each of them.", "x_0 "+shp, 1.2)
	sec := max(0.3, min(1, 6/float64(S)))
	for k := range S {
		st := s.rt.Inv.Steps[k]
		add(ivUp, k, "invert", "Inversion step "+itoa(k+1)+" of "+itoa(S)+": the DDIM update toward more noise, $\\bar\\alpha$ "+f3(st.AlphaBarT)+" → "+
			f3(st.AlphaBarNext)+", with the noise predicted at the point it leaves.", "x_t "+shp+" → x_{t+1} "+shp, sec)
	}
	add(ivNoise, S, "x_T", "The latent $x_T$ ($\\bar\\alpha$ = "+f3(s.rt.Inv.AlphaBar(S))+"): it looks like any noise, but it is this data's.", "x_T "+shp, 1.5)
	mid := s.rt.Inv.Steps[s.kMid]
	add(ivBack, s.kMid, "why it misses", "One step up and back down, at $\\bar\\alpha$ "+f2(mid.AlphaBarT)+" ↔ "+f2(mid.AlphaBarNext)+": up uses $\\hat\\epsilon(x_t)$, "+
		"down uses $\\hat\\epsilon(x_{t+1})$. They differ, so the way back misses $x_t$ by "+f3(s.miss)+" on average (red).", "x_t → x_{t+1} → x_t' "+shp, 3.5)
	for k := range S {
		st := s.rt.Gen.Steps[k]
		add(ivDown, k, "regenerate", "DDIM step "+itoa(k+1)+" of "+itoa(S)+" back down from $x_T$: $\\bar\\alpha$ "+f3(st.AlphaBarT)+" → "+f3(st.AlphaBarNext)+".",
			"x_t "+shp+" → x_{t−1} "+shp, sec)
	}
	add(ivError, S, "round-trip error", "Back at the data: red joins each point to its regeneration; the mean miss is "+f3(s.rt.Mean)+" with "+itoa(S)+" steps each way.",
		"x_0, regenerated "+shp, 2.5)
	add(ivMulti, S, "fewer steps", "Fewer, longer steps miss more: the same data's round trip at each step count, and its mean error against the steps.",
		itoa(len(s.runs))+" × "+shp, 4)
}

func (s *invView) Timeline() scene.Timeline { return s.tl }

func (s *invView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.rt == nil || len(s.stages) == 0 {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := clampInt(f.Step, 0, len(s.stages)-1)
	stg := s.stages[k]
	s.shownP = nil
	if stg == ivMulti {
		s.drawMultiples(c, f, area)
		return
	}
	items := s.legends.get(stg, func() []legendItem { return s.legendItems(stg) })
	lay := planeLayout(c, area, items)
	if lay.plane.r.W < 20 {
		return
	}
	s.drawPlane(c, f, lay.plane, stg, s.chainK[k], f.Frac)
	legend(c, lay.legend, items)
	s.drawNumbers(c, f, lay.side, stg, s.chainK[k])
	S := float64(s.rt.Inv.Len())
	var ph float64
	switch stg {
	case ivUp:
		ph = float64(s.chainK[k]) + ease(f.Frac/0.8)
	case ivNoise:
		ph = S
	case ivBack:
		ph = float64(s.kMid)
	case ivDown:
		ph = S + float64(s.chainK[k]) + ease(f.Frac/0.8)
	case ivError:
		ph = 2 * S
	}
	s.strip.draw(c, lay.strip, f, grpInvStrip, ph, "noise level: up, then back down")
}

func (s *invView) legendItems(stg invStage) []legendItem {
	it := []legendItem{{viz.Ink, "data (rings)"}, {colXt, "points"}}
	switch stg {
	case ivBack:
		it = append(it, legendItem{colX0, "step up"}, legendItem{colBad, "back down: miss"})
	case ivError:
		it = append(it, legendItem{colBad, "miss"})
	}
	return append(it, legendItem{dataSolid, "shape"})
}

// state is what the points show at a stage, and where they come from.
func (s *invView) state(stg invStage, k int) (pos, from *core.Tensor, name string) {
	S := s.rt.Inv.Len()
	switch stg {
	case ivData:
		return s.x0, nil, "x_0"
	case ivUp:
		st := s.rt.Inv.Steps[k]
		return st.Out, st.Xt, s.names.get([2]int{0, k}, func() string { return "after inversion step " + itoa(k+1) })
	case ivNoise:
		return s.rt.Inv.State(S), nil, "x_T"
	case ivBack:
		return s.back.Out, nil, "one step up and back down"
	case ivDown:
		st := s.rt.Gen.Steps[k]
		return st.Out, st.Xt, s.names.get([2]int{1, k}, func() string { return "after regeneration step " + itoa(k+1) })
	}
	return s.rt.Gen.State(S), nil, "regenerated x_0"
}

func (s *invView) drawPlane(c viz.Canvas, f *scene.Frame, p dplane, stg invStage, k int, frac float64) {
	pos, from, name := s.state(stg, k)
	t := 1.0
	if from != nil {
		t = ease(frac / 0.8)
	}
	abar := 1.0
	switch stg {
	case ivUp:
		st := s.rt.Inv.Steps[k]
		abar = st.AlphaBarT + (st.AlphaBarNext-st.AlphaBarT)*t
	case ivNoise:
		abar = s.rt.Inv.AlphaBar(s.rt.Inv.Len())
	case ivBack:
		abar = s.rt.Inv.Steps[k].AlphaBarT
	case ivDown:
		st := s.rt.Gen.Steps[k]
		abar = st.AlphaBarT + (st.AlphaBarNext-st.AlphaBarT)*t
	}
	p.frame(c, s.dens.at(abar))
	if s.base.begin(c, p, layerKey{Variant: 2}) {
		s.base.stampData(s.mix)
		for i := range s.n {
			s.base.ring(float64(s.x0.Data[2*i]), float64(s.x0.Data[2*i+1]), revRing, 1, faint(viz.Ink, 0.55))
		}
		s.base.done()
	}
	s.base.draw(c)
	if s.cloud.begin(c, p, layerKey{Step: int(stg)*100000 + k}) {
		l := &s.cloud
		switch stg {
		case ivBack:
			st := s.rt.Inv.Steps[k]
			for i := range s.n {
				x, y := float64(st.Xt.Data[2*i]), float64(st.Xt.Data[2*i+1])
				ux, uy := float64(st.Out.Data[2*i]), float64(st.Out.Data[2*i+1])
				bx, by := float64(s.back.Out.Data[2*i]), float64(s.back.Out.Data[2*i+1])
				l.line(x, y, ux, uy, 1, faint(colX0, 0.5))
				l.line(ux, uy, bx, by, 1, faint(colBad, 0.35))
				l.line(x, y, bx, by, 2, colBad)
			}
			for i := range s.n {
				l.disc(float64(st.Xt.Data[2*i]), float64(st.Xt.Data[2*i+1]), revDot, colXt)
			}
		case ivError:
			back := s.rt.Gen.State(s.rt.Gen.Len()).Data
			for i := range s.n {
				l.line(float64(s.x0.Data[2*i]), float64(s.x0.Data[2*i+1]), float64(back[2*i]), float64(back[2*i+1]), 1.5, colBad)
			}
		}
		l.done()
	}
	s.cloud.draw(c)
	// The particles, which move, in one batch over the step's lines.
	b := &s.discs
	b.on(p)
	if from != nil {
		for i := range s.n {
			b.add(lerp32(from.Data, pos.Data, i, t))
		}
	} else {
		b.addEvery(pos.Data, s.n, 1)
	}
	col := colXt
	if stg == ivBack {
		col = colBad
	}
	b.flush(c, revDot, 0, col)
	s.shownP, s.shownPN = pos, name
	at := func(i int) (float64, float64) { return p.tween(from, pos, i, t) }
	for i := range s.n {
		if x, y := p.pt(s.x0.Data, i); p.inside(x, y) {
			f.Dot(grpInvData, i, x, y, revRing)
		}
	}
	for i := range s.n {
		if x, y := at(i); p.inside(x, y) {
			f.Dot(grpInvP, i, x, y, revDot)
		}
	}
	fi := s.focus(f)
	if x, y := at(fi); p.inside(x, y) {
		c.StrokeRect(x-6, y-6, 12, 12, 1.5, viz.Ink)
	}
	if x, y := p.pt(s.x0.Data, fi); p.inside(x, y) {
		c.StrokeRect(x-7, y-7, 14, 14, 1, viz.InkMuted)
	}
}

func (s *invView) focus(f *scene.Frame) int {
	return followed(f, s.follow, s.n, grpInvP, grpInvData)
}

// Pointer implements scene.Pointer: a click on a point follows it.
func (s *invView) Pointer(f *scene.Frame, in scene.Input) bool {
	i, ok := clickFollow(f, in, s.follow, s.n, grpInvP, grpInvData)
	if ok {
		s.follow = i
	}
	return ok
}

// drawNumbers is the followed point's trip: where it started, the noise it
// reached, where it came back, and at the middle step the two predictions.
func (s *invView) drawNumbers(c viz.Canvas, f *scene.Frame, r viz.Rect, stg invStage, k int) {
	i := s.focus(f)
	S := s.rt.Inv.Len()
	src := "toy.RunRoundTrip (diffusion.DDIMInversionStep, diffusion.DDIMStep)"
	if stg == ivBack {
		st := s.rt.Inv.Steps[k]
		var w string
		s.rowVals, w = s.rows.get([3]int{1, k, i}, func() ([]numRow, string) {
			miss := math.Hypot(float64(s.back.Out.Data[2*i])-float64(st.Xt.Data[2*i]), float64(s.back.Out.Data[2*i+1])-float64(st.Xt.Data[2*i+1]))
			return []numRow{
				{label: symXt, name: "x_t", right: pair(st.Xt.Data, i), source: "toy.Invert"},
				{label: sym{Base: "ε", Hat: true, After: "(x_t)"}, name: "noise predicted at x_t (used going up)", right: pair(st.Eps.Data, i), source: "toy.Mixture.EpsBatch"},
				{label: symXnext, name: "x_{t+1}", right: pair(st.Out.Data, i), source: "diffusion.DDIMInversionStep"},
				{label: sym{Base: "ε", Hat: true, After: "(x_t+1)"}, name: "noise predicted at x_{t+1} (used coming down)", right: pair(s.back.Eps.Data, i), source: "toy.Mixture.EpsBatch"},
				{label: sym{Base: "x", Sub: "t", After: "'"}, name: "back down: x_t'", right: pair(s.back.Out.Data, i), source: "toy.StepBack (diffusion.DDIMStep)"},
			}, "the two predictions differ, so x_t' misses x_t by " + f3(miss) + "."
		})
		title := s.titles.get([3]int{1, k, i}, func() string { return "point " + itoa(i) + ", step " + itoa(k+1) + " up and back" })
		y := drawRows(c, f, r, title, s.rowVals, len(s.rowVals), grpInvRow)
		if y+8 < r.Y+r.H {
			note(c, viz.Rect{X: r.X + 6, Y: y + 6, W: r.W - 6, H: r.Y + r.H - y - 6}, w, viz.Ink)
		}
		return
	}
	s.rowVals, _ = s.rows.get([3]int{0, 0, i}, func() ([]numRow, string) {
		return []numRow{
			{label: sym{Base: "x", Sub: "0"}, name: "data point x_0", right: pair(s.x0.Data, i), source: "toy.SampleData"},
			{label: sym{Base: "x", Sub: "T"}, name: "its latent x_T", right: pair(s.rt.Inv.State(S).Data, i), source: "toy.Invert (diffusion.DDIMInversionStep)"},
			{label: sym{Base: "x", Sub: "0", After: " again"}, name: "regenerated x_0", right: pair(s.rt.Gen.State(S).Data, i), source: src},
			{label: sym{Base: "miss"}, name: "round-trip error |x_0 − regenerated|", right: f3(s.rt.Err[i]), source: "toy.RunRoundTrip"},
			{label: sym{Base: "mean miss"}, name: "mean round-trip error", right: f3(s.rt.Mean), source: "toy.RunRoundTrip"},
		}, ""
	})
	shown := len(s.rowVals)
	switch stg {
	case ivData:
		shown = 1
	case ivUp, ivNoise, ivDown:
		shown = 2
	}
	drawRows(c, f, r, s.titles.get([3]int{0, 0, i}, func() string { return "point " + itoa(i) }), s.rowVals, shown, grpInvRow)
}

// drawMultiples draws the round trip at each step count, its misses in
// red, and the mean error against the steps.
func (s *invView) drawMultiples(c viz.Canvas, f *scene.Frame, area viz.Rect) {
	lh := viz.LineHeight(kitLabel)
	cells := s.cells.grid(area, len(s.runs)+1, 12, kitTitle+8+lh+4)
	for j := range s.runs {
		r := &s.runs[j]
		title := r.title
		body := panel(c, cells[j], title)
		if r.steps == s.steps {
			c.FillRect(cells[j].X, cells[j].Y+kitTitle+3, min(cells[j].W, c.TextWidth(title, kitTitle)), 2, colXt)
		}
		side := min(body.W, body.H-lh-4)
		if side < 30 {
			continue
		}
		p := newPlane(viz.Rect{X: body.X + (body.W-side)/2, Y: body.Y, W: side, H: side})
		p.frame(c, nil)
		back := r.rt.Gen.State(r.rt.Gen.Len())
		if r.l.begin(c, p, layerKey{Variant: j + 1}) {
			r.l.stampData(s.mix)
			for i := range s.n {
				r.l.line(float64(s.x0.Data[2*i]), float64(s.x0.Data[2*i+1]), float64(back.Data[2*i]), float64(back.Data[2*i+1]), 1, colBad)
				r.l.disc(float64(back.Data[2*i]), float64(back.Data[2*i+1]), 1.6, colXt)
			}
			r.l.done()
		}
		r.l.draw(c)
		p.markDots(f, grpInvMulti0+j, back.Data, s.n, 1.6)
		c.Text(body.X, p.r.Y+p.r.H+kitLabel+2, viz.Ellipsize(c, r.miss, kitLabel, body.W), kitLabel, viz.Ink, viz.AlignLeft)
	}
	s.drawCurve(c, f, cells[len(s.runs)])
}

// drawCurve plots the mean round-trip error against the steps (log).
func (s *invView) drawCurve(c viz.Canvas, f *scene.Frame, r viz.Rect) {
	r = panel(c, r, "mean miss vs steps")
	lh := viz.LineHeight(kitLabel)
	yw := c.TextWidth("0.00", kitLabel) + 6
	plot := viz.Rect{X: r.X + yw, Y: r.Y + 4, W: r.W - yw - 8, H: r.H - lh - 10}
	if plot.W < 40 || plot.H < 30 {
		return
	}
	c.FillRect(plot.X, plot.Y, plot.W, plot.H, viz.White)
	c.StrokeRect(plot.X, plot.Y, plot.W, plot.H, 1, viz.Grid)
	hi := 0.0
	for _, run := range s.runs {
		hi = max(hi, run.rt.Mean)
	}
	hi = max(hi, 1e-3) * 1.1
	lo, up := math.Log(float64(s.runs[0].steps)), math.Log(float64(s.runs[len(s.runs)-1].steps))
	if up <= lo {
		up = lo + 1
	}
	at := func(steps int, e float64) (float64, float64) {
		return plot.X + (math.Log(float64(steps))-lo)/(up-lo)*plot.W, plot.Y + (1-e/hi)*plot.H
	}
	s.curve = s.curve[:0]
	for _, run := range s.runs {
		x, y := at(run.steps, run.rt.Mean)
		s.curve = append(s.curve, viz.Point{X: x, Y: y})
	}
	c.Polyline(s.curve, 2, colBad)
	for j, run := range s.runs {
		col := colBad
		rad := 3.5
		if run.steps == s.steps {
			col, rad = colXt, 5
		}
		c.FillCircle(s.curve[j].X, s.curve[j].Y, rad, col)
		f.Dot(grpInvCurve, j, s.curve[j].X, s.curve[j].Y, rad)
	}
	valueEnds(c, plot, s.curveHi, "0", 3)
	base := plot.Y + plot.H + lh
	first, last := s.curveX[0], s.curveX[1]
	if c.TextWidth(first, kitLabel)+c.TextWidth(last, kitLabel)+8 > plot.W {
		last = s.curveX[2]
	}
	if c.TextWidth(first, kitLabel)+c.TextWidth(last, kitLabel)+8 <= plot.W {
		c.Text(plot.X, base, first, kitLabel, viz.InkMuted, viz.AlignLeft)
		c.Text(plot.X+plot.W, base, last, kitLabel, viz.InkMuted, viz.AlignRight)
	}
}

// Readout implements scene.Readouter.
func (s *invView) Readout(f *scene.Frame) []scene.KV {
	if s.rt == nil {
		return nil
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *invView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.rt == nil {
		return scene.Inspection{}, false
	}
	n := s.n
	S := s.rt.Inv.Len()
	shape := shapeOf(n, 2)
	switch {
	case t.Group == grpInvP && s.shownP != nil && t.Index < n:
		i := t.Index
		return scene.Inspection{Name: "point " + itoa(i) + ", " + s.shownPN, Value: pair(s.shownP.Data, i), Tensor: "x", Index: "[" + itoa(i) + ", :]",
			Shape: shape, Source: "toy.RunRoundTrip (diffusion.DDIMInversionStep, diffusion.DDIMStep)",
			Detail: "data " + pair(s.x0.Data, i) + ", latent " + pair(s.rt.Inv.State(S).Data, i) + ", round-trip error " + f3(s.rt.Err[i])}, true
	case t.Group == grpInvData && t.Index < n:
		i := t.Index
		return scene.Inspection{Name: "data point " + itoa(i), Value: pair(s.x0.Data, i), Tensor: "x_0", Index: "[" + itoa(i) + ", :]", Shape: shape,
			Source: "toy.SampleData", Detail: "regenerated at " + pair(s.rt.Gen.State(S).Data, i) + ": error " + f3(s.rt.Err[i])}, true
	case t.Group == grpInvStrip && t.Index >= 0 && t.Index < 2*S:
		var st toy.StepTrace
		name := "inversion step " + itoa(t.Index+1)
		if t.Index < S {
			st = s.rt.Inv.Steps[t.Index]
		} else {
			st = s.rt.Gen.Steps[t.Index-S]
			name = "regeneration step " + itoa(t.Index-S+1)
		}
		return scene.Inspection{Name: name, Value: "ā " + f3(st.AlphaBarT) + " → " + f3(st.AlphaBarNext), Tensor: "ā", Index: "[" + itoa(max(st.T, 0)) + "]",
			Shape: shapeOf(revDDIMT), Source: "diffusion.NewSchedule (cosine), Schedule.TrailingTimesteps"}, true
	case t.Group == grpInvRow && t.Index < len(s.rowVals):
		row := s.rowVals[t.Index]
		return scene.Inspection{Name: row.name, Value: row.right, Tensor: row.name, Index: "[" + itoa(s.focus(f)) + ", :]", Shape: shape, Source: row.source}, true
	case t.Group == grpInvCurve && t.Index < len(s.runs):
		r := s.runs[t.Index]
		return scene.Inspection{Name: "mean round-trip error at " + itoa(r.steps) + " steps", Value: f3(r.rt.Mean), Source: "toy.RunRoundTrip",
			Detail: "largest " + f3(slices.Max(r.rt.Err))}, true
	case t.Group >= grpInvMulti0 && t.Group-grpInvMulti0 < len(s.runs) && t.Index < n:
		r := s.runs[t.Group-grpInvMulti0]
		i := t.Index
		return scene.Inspection{Name: "point " + itoa(i) + " after " + strconv.Itoa(r.steps) + " steps up and down", Value: pair(r.rt.Gen.State(r.rt.Gen.Len()).Data, i),
			Tensor: "regenerated x_0", Index: "[" + itoa(i) + ", :]", Shape: shape, Source: "toy.RunRoundTrip", Detail: "error " + f3(r.rt.Err[i])}, true
	}
	return scene.Inspection{}, false
}
