package scenes

import (
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 027: factorized space-time attention told as its
// regroupings. Spatial attention runs over each frame's pixels, the result
// is regrouped so each pixel is a sequence of frames, and temporal
// attention runs over those; the cost bars compare it with full attention.
// Every tensor comes from attention.FactorizedTrace, the cost from
// attention.FactorizedCost, the pitfall from mistakes.RegroupNoPermuteTrace.

// factC is the channel count C.
const factC = 8

// Inspection groups of the factorized view; frame groups are bases (frame
// t is base + t).
const (
	fgFrames      = iota + 1 // the frames as sequences [B·T, H·W] (identity colours)
	fgSpatial                // a frame's spatial weights [HW, HW]
	fgSpOut                  // the spatial output [B·T, H·W] (identity colours)
	fgPixels                 // regrouped right [B·H·W, T] (identity colours)
	fgBadPixels              // regrouped by the pitfall [B·H·W, T]
	fgTemporal               // a pixel's temporal weights [T, T]
	fgBadTemporal            // the pitfall's weights for the same sequence
	fgCost                   // the FLOP bars
	fgScores                 // the weight-count bars
	fgPlot                   // the weight counts against T

	fgFrameX   = 100 // x, channel shown
	fgFrameID  = 200 // x in identity colours
	fgFrameSp  = 300 // a query's spatial weights over the video
	fgFrameTm  = 400 // a query's temporal weights over the video
	fgFrameY   = 500 // y, channel shown
	fgFrameBad = 600 // the pitfall's y
)

type factStep int

const (
	fsVideo factStep = iota
	fsFrames
	fsSpatial
	fsRegroup
	fsTemporal
	fsBack
	fsCost
)

// factMaxPixelSteps caps the temporal steps: the pixels shown are spread
// over the frame.
const factMaxPixelSteps = 4

type factorizedView struct {
	// params
	tt, hh, ww  int
	heads, head int
	ch          int
	seed        uint64
	pitfall     bool
	// quiz: draw only the version the pitfall selects, named by nothing.
	quiz bool
	// computed
	x    *core.Tensor
	wts  attention.FactorizedWeights
	st   *attention.FactorizedStages
	bad  *mistakes.RegroupStages // nil without the pitfall
	cost attention.AttentionCost
	// costBig is the cost of the problem's own example (16 frames of 14×14
	// at C = 768), for the last step.
	costBig attention.AttentionCost
	spMax   float64 // colour scale tops of the weights
	steps   []factStep
	arg     []int // the frame (spatial) or pixel (temporal) of a step
	tl      scene.Timeline
	kv      []scene.KV // the readout, built by Reset
	// pictures
	vx, vid, vsp, vtm, vy, vbad videoPanel
	hframes, hspout             heat
	hpix, hbadpix               heat
	hsp                         []heat // per frame
	htm, hbadtm                 []heat // per pixel
	frameLabels, pixLabels      []string
	shapeX, shapeSeq, shapePix  string
	shapeSpW, shapeTmW          string
	costItems, scoreItems       []barItem
	costNote, costLine          string
	// Strings Draw writes, formatted once by Reset.
	chLabel, headShape          string
	spTitles, tmTitles, tmRight []string
	tmBad                       []string
	// The score counts for T = 1..factPlotT at this H and W, for the plot.
	plotT                []float64
	plotSeries           []plotSeries
	scoreFull, scoreFact int64
	scoreSp, scoreTm     int64
}

// factPlotT is the longest clip of the cost plot.
const factPlotT = 16

func newFactorizedView() *factorizedView { return &factorizedView{} }

func (s *factorizedView) Info() scene.Info {
	p, _ := problems.Lookup("027")
	return scene.Info{ID: "factorized_attention", Problem: "027", Title: p.Title, Family: "attention", Statement: p.Statement,
		Formula: `\text{spatial: } (B T,\, H W,\, C) \to \mathrm{MHA};\quad \text{temporal: } (B H W,\, T,\, C) \to \mathrm{MHA};\quad ` +
			`O\left((HW)^2 T + T^2 HW\right) \text{ instead of } O\left((T H W)^2\right)`,
		LookFor: "Spatial attention treats each frame as a sequence of H·W pixels: a query's weights light up its own frame only. " +
			"Regrouping turns the spatial output (B·T, H·W, C) into (B·H·W, T, C) with view, permute(0, 2, 1, 3) and reshape, so each " +
			"sequence is one pixel across the frames: in the regroup picture every row holds one token of each frame. Temporal " +
			"attention then mixes a pixel's frames. After both, every output token depends on every input token, through two small " +
			"attentions instead of one big one; the cost bars count the FLOPs (attention.FactorizedCost). The pitfall reshapes " +
			"straight to (B·H·W, T, C): each \"temporal\" sequence is then T neighbouring pixels of one frame, rows of a single colour."}
}

func (s *factorizedView) Params() []scene.Param {
	return []scene.Param{
		{Name: "T", Label: "frames T", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "H", Label: "height H", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "W", Label: "width W", Kind: scene.Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "heads", Label: "heads h", Kind: scene.Choice, Choices: []string{"1", "2", "4"}, Default: 1,
			Help: "C = 8 channels split into h heads of d = 8/h"},
		{Name: "head", Label: "head shown", Kind: scene.Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "channel", Label: "channel shown", Kind: scene.Int, Min: 0, Max: factC - 1, Step: 1, Default: 0},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs("027")...),
	}
}

func (s *factorizedView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: regroup without permute", Values: scene.Values{"pitfall": 1}},
		{Name: "Long clip: 6 frames", Values: scene.Values{"T": 6, "H": 3, "W": 3}},
		{Name: "Big frames: 6×6", Values: scene.Values{"T": 2, "H": 6, "W": 6, "heads": 0}},
	}
}

// Applies implements scene.Applier.
func (s *factorizedView) Applies(name string, v scene.Values) string {
	if name == "head" {
		return headApplies(v, winHeadsOf(v))
	}
	return ""
}

func (s *factorizedView) Reset(v scene.Values) error {
	s.tt, s.hh, s.ww = int(v["T"]), int(v["H"]), int(v["W"])
	s.heads = winHeadsOf(v)
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.ch = clampInt(int(v["channel"]), 0, factC-1)
	s.seed = uint64(v["seed"])
	s.pitfall = int(v["pitfall"]) == 1
	s.x, s.wts = factorizedInputs(s.tt, s.hh, s.ww, s.seed)
	st, err := attention.FactorizedTrace(s.x, s.wts, s.heads)
	if err != nil {
		return err
	}
	s.st = st
	s.bad = nil
	if s.pitfall {
		if s.bad, err = mistakes.RegroupNoPermuteTrace(s.x, s.wts, s.heads); err != nil {
			return err
		}
	}
	s.cost = attention.FactorizedCost(s.tt, factC, s.hh, s.ww)
	s.costBig = attention.FactorizedCost(16, 768, 14, 14)
	s.buildTimeline()
	s.buildPictures()
	s.kv = s.buildReadout()
	return nil
}

// factorizedInputs builds x [1,T,C,H,W] and the two attentions' weights,
// deterministically from the seed; q and k are scaled up so the weights
// are peaked enough to read.
func factorizedInputs(t, h, w int, seed uint64) (*core.Tensor, attention.FactorizedWeights) {
	rng := rand.New(rand.NewPCG(seed, 0x666163))
	x := videoInput(rng, t, factC, h, w, false)
	mha := func() attention.MHSAWeights {
		return attention.MHSAWeights{Q: randLinear(rng, factC, factC, 2.5, true), K: randLinear(rng, factC, factC, 2.5, true),
			V: randLinear(rng, factC, factC, 1, true), Out: randLinear(rng, factC, factC, 1, true)}
	}
	return x, attention.FactorizedWeights{Spatial: mha(), Temporal: mha()}
}

// pixelSteps are the pixels the temporal steps show, spread over a frame.
func (s *factorizedView) pixelSteps() []int {
	hw := s.hh * s.ww
	k := min(hw, factMaxPixelSteps)
	out := make([]int, k)
	for j := range out {
		if k > 1 {
			out[j] = j * (hw - 1) / (k - 1)
		}
	}
	return out
}

func (s *factorizedView) buildTimeline() {
	t, hw, c, h := s.tt, s.hh*s.ww, factC, s.heads
	s.shapeX = shapeOf(1, t, c, s.hh, s.ww)
	s.shapeSeq = shapeOf(t, hw, c)
	s.shapePix = shapeOf(hw, t, c)
	s.shapeSpW = shapeOf(t, h, hw, hw)
	s.shapeTmW = shapeOf(hw, h, t, t)
	s.steps, s.arg, s.tl = s.steps[:0], s.arg[:0], s.tl[:0]
	add := func(k factStep, arg int, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.arg = append(s.arg, arg)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(fsVideo, -1, "video", strconv.Itoa(t)+" frames of "+strconv.Itoa(s.hh)+"×"+strconv.Itoa(s.ww)+" pixels, C = 8 (channel "+
		strconv.Itoa(s.ch)+" shown): "+strconv.Itoa(t*hw)+" tokens that full attention would all compare.", "x "+s.shapeX, 1.5)
	add(fsFrames, -1, "frames", "permute(0, 1, 3, 4, 2) and reshape: each frame becomes one sequence of its "+strconv.Itoa(hw)+" pixels.",
		s.shapeX+" → "+s.shapeSeq, 3)
	for j := range t {
		sec := 1.6
		if j == 0 {
			sec = 2.5
		}
		add(fsSpatial, j, "spatial", "Spatial attention in frame "+strconv.Itoa(j)+": the query's weights cover its own frame, nothing else.",
			s.shapeSeq+" → weights "+s.shapeSpW+" → "+s.shapeSeq, sec)
	}
	rg := "view(B, T, HW, C), permute(0, 2, 1, 3), reshape: each pixel becomes a sequence of its " + strconv.Itoa(t) + " frames."
	switch {
	case s.quiz:
		rg = "The spatial output regrouped into sequences of " + strconv.Itoa(t) + " for the temporal attention: what does each row hold?"
	case s.pitfall:
		rg = "Right: permute, so each row holds one token of every frame. Pitfall: a bare reshape packs one frame per row."
	}
	add(fsRegroup, -1, "regroup", rg, s.shapeSeq+" → "+shapeOf(1, t, hw, c)+" → "+s.shapePix, 3.5)
	for j, p := range s.pixelSteps() {
		sec := 1.8
		if j == 0 {
			sec = 2.5
		}
		tc := "Temporal attention at pixel " + s.pixName(p) + ": the query frame's weights over the same pixel in every frame."
		switch {
		case s.quiz:
			tc = "Temporal attention over sequence " + strconv.Itoa(p) + ": which tokens does it mix?"
		case s.pitfall:
			tc = "Pixel " + s.pixName(p) + ": the right sequence spans the frames; the pitfall's is pixels of one frame (red)."
		}
		add(fsTemporal, p, "temporal", tc, s.shapePix+" → weights "+s.shapeTmW+" → "+s.shapePix, sec)
	}
	back := "permute back: y has the shape of x, and every token now depends on all " + strconv.Itoa(t*hw) + "."
	switch {
	case s.quiz:
		back = "Back to [B, T, C, H, W]: y beside x."
	case s.pitfall:
		back = "The pitfall's y has the right shape and wrong numbers: its \"temporal\" step mixed pixels of one frame."
	}
	add(fsBack, -1, "back to video", back, s.shapePix+" → "+shapeOf(1, hw, t, c)+" → "+s.shapeX, 2.5)
	add(fsCost, -1, "cost", "Two small attentions instead of one over all "+strconv.Itoa(t*hw)+
		" tokens: the weights grow with T², not (T·H·W)².", "full "+shapeOf(t*hw, t*hw)+" vs "+shapeOf(t, hw, hw)+" + "+shapeOf(hw, t, t), 3)
}

// pixName is "(h, w)" of pixel p.
func (s *factorizedView) pixName(p int) string {
	return "(" + strconv.Itoa(p/s.ww) + ", " + strconv.Itoa(p%s.ww) + ")"
}

func (s *factorizedView) buildPictures() {
	t, h, w, c := s.tt, s.hh, s.ww, factC
	hw := h * w
	// x [1,T,C,H,W]: channel s.ch of frame i is the hw block at (i·C + ch)·hw.
	frameOf := func(x *core.Tensor, i int) []float32 { return x.Data[(i*c+s.ch)*hw : (i*c+s.ch+1)*hw] }
	lo, hi := symmetric(s.x.Data)
	ylo, yhi := symmetric(s.st.Y.Data)
	if s.bad != nil {
		l2, h2 := symmetric(s.bad.Y.Data)
		ylo, yhi = min(ylo, l2), max(yhi, h2)
	}
	for _, v := range []*videoPanel{&s.vx, &s.vid, &s.vsp, &s.vtm, &s.vy, &s.vbad} {
		v.resize(t, h, w)
	}
	for i := range t {
		s.vx.heatFrame(i, frameOf(s.x, i), viz.BlueWhiteRed, lo, hi)
		s.vy.heatFrame(i, frameOf(s.st.Y, i), viz.BlueWhiteRed, ylo, yhi)
		if s.bad != nil {
			s.vbad.heatFrame(i, frameOf(s.bad.Y, i), viz.BlueWhiteRed, ylo, yhi)
		}
	}
	// Identity: a token's frame is its hue, its pixel index its lightness.
	for p := range t * hw {
		s.vid.paint(p/hw, p%hw/w, p%w, identityColour(p/hw, p%hw, hw))
	}
	s.vid.touch()
	s.vsp.fill(outOfReach)
	s.vtm.fill(outOfReach)
	// The sequences, channel s.ch (values for inspection, identity colours
	// on screen).
	channel := func(x *core.Tensor) []float32 {
		out := make([]float32, len(x.Data)/c)
		for r := range out {
			out[r] = x.Data[r*c+s.ch]
		}
		return out
	}
	s.hframes.set(channel(s.st.Frames), t, hw, viz.BlueWhiteRed, lo, hi, nil)
	slo, shi := symmetric(s.st.SpatialOut.Data)
	s.hspout.set(channel(s.st.SpatialOut), t, hw, viz.BlueWhiteRed, slo, shi, nil)
	s.hpix.set(channel(s.st.Pixels), hw, t, viz.BlueWhiteRed, slo, shi, nil)
	for r := range t {
		for p := range hw {
			col := identityColour(r, p, hw)
			s.hframes.bm.Img.SetRGBA(p, r, col)
			s.hspout.bm.Img.SetRGBA(p, r, col)
			s.hpix.bm.Img.SetRGBA(r, p, col)
		}
	}
	s.hframes.bm.Touch()
	s.hspout.bm.Touch()
	s.hpix.bm.Touch()
	if s.bad != nil {
		s.hbadpix.set(channel(s.bad.Pixels), hw, t, viz.BlueWhiteRed, slo, shi, nil)
		for q := range hw {
			for k := range t {
				fr, px := mistakes.RegroupNoPermuteSource(t, hw, q, k)
				s.hbadpix.bm.Img.SetRGBA(k, q, identityColour(fr, px, hw))
			}
		}
		s.hbadpix.bm.Touch()
	}
	// Weights of the head shown, one scale per attention.
	s.spMax = 0
	for i := range t {
		s.spMax = max(s.spMax, maxOf(s.spatialW(i)))
	}
	s.spMax = roundUpScale(s.spMax)
	s.hsp = growHeats(s.hsp, t)
	for i := range t {
		s.hsp[i].set(s.spatialW(i), hw, hw, viz.Viridis, 0, s.spMax, nil)
	}
	s.htm = growHeats(s.htm, hw)
	s.hbadtm = growHeats(s.hbadtm, hw)
	for p := range hw {
		s.htm[p].set(s.temporalW(s.st.Temporal, p), t, t, viz.Viridis, 0, 1, nil)
		if s.bad != nil {
			s.hbadtm[p].set(s.temporalW(s.bad.Temporal, p), t, t, viz.Viridis, 0, 1, nil)
		}
	}
	s.frameLabels, s.pixLabels = indexLabels(0, t), indexLabels(0, hw)
	s.chLabel, s.headShape = "channel "+strconv.Itoa(s.ch), "head "+strconv.Itoa(s.head)
	s.spTitles, s.tmTitles, s.tmRight, s.tmBad = s.spTitles[:0], s.tmTitles[:0], s.tmRight[:0], s.tmBad[:0]
	for i := range t {
		s.spTitles = append(s.spTitles, "spatial weights, frame "+strconv.Itoa(i))
	}
	for p := range hw {
		s.tmTitles = append(s.tmTitles, "temporal weights, pixel "+s.pixName(p))
		s.tmRight = append(s.tmRight, "right, pixel "+s.pixName(p))
		s.tmBad = append(s.tmBad, "pitfall, sequence "+strconv.Itoa(p))
	}
	// The cost: attention weights per head (the quadratic part) and FLOPs,
	// full against factorized, and the weights against the clip's length.
	s.scoreFull, s.scoreSp, s.scoreTm = attention.FactorizedScores(t, h, w)
	s.scoreFact = s.scoreSp + s.scoreTm
	s.scoreItems = []barItem{
		{Label: "full: (T·H·W)²", Value: itoa64(s.scoreFull), V: float64(s.scoreFull), Col: viz.Bad},
		{Label: "factorized: T·(H·W)² + H·W·T² = " + itoa64(s.scoreSp) + " + " + itoa64(s.scoreTm), Value: itoa64(s.scoreFact),
			V: float64(s.scoreFact), Col: viz.Good},
	}
	s.costItems = []barItem{
		{Label: "full attention", Value: itoa64(s.cost.Full), V: float64(s.cost.Full), Col: viz.Bad},
		{Label: "factorized (twice the projections)", Value: itoa64(s.cost.Factorized), V: float64(s.cost.Factorized), Col: viz.Good},
	}
	s.costLine = "FLOPs: " + itoa64(s.cost.Full) + " full, " + itoa64(s.cost.Factorized) + " factorized"
	s.costNote = "16 frames of 14×14 at C = 768: " + f2(float64(s.costBig.Full)/float64(s.costBig.Factorized)) + "× fewer FLOPs"
	s.plotT = s.plotT[:0]
	full, fact := make([]float64, 0, factPlotT), make([]float64, 0, factPlotT)
	for n := 1; n <= factPlotT; n++ {
		fl, sp, tm := attention.FactorizedScores(n, h, w)
		s.plotT = append(s.plotT, float64(n))
		full, fact = append(full, float64(fl)), append(fact, float64(sp+tm))
	}
	s.plotSeries = []plotSeries{{Label: "full", Col: viz.Bad, Y: full}, {Label: "factorized", Col: viz.Good, Y: fact}}
}

// growHeats resizes hs to n heats, keeping their bitmaps.
func growHeats(hs []heat, n int) []heat {
	if cap(hs) < n {
		return make([]heat, n)
	}
	return hs[:n]
}

// spatialW is frame i's spatial weights [HW, HW] for the head shown.
func (s *factorizedView) spatialW(i int) []float32 {
	hw := s.hh * s.ww
	return s.st.Spatial.Data[(i*s.heads+s.head)*hw*hw : (i*s.heads+s.head+1)*hw*hw]
}

// temporalW is sequence p's temporal weights [T, T] for the head shown.
func (s *factorizedView) temporalW(w *core.Tensor, p int) []float32 {
	t := s.tt
	return w.Data[(p*s.heads+s.head)*t*t : (p*s.heads+s.head+1)*t*t]
}

func (s *factorizedView) Timeline() scene.Timeline { return s.tl }

func (s *factorizedView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 || area.W < 20 || area.H < 20 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case fsVideo:
		s.vx.draw(c, area, f, videoOpts{Title: "x", Shape: s.shapeX, Group0: fgFrameX, Scale: true, ScaleLabel: s.chLabel})
		if s.vx.drawn() {
			fr := s.vx.rects[min(int(f.Frac*float64(s.tt)), s.tt-1)]
			c.StrokeRect(fr.X-2, fr.Y-2, fr.W+4, fr.H+4, 2.5, viz.Accent)
		}
	case fsFrames:
		s.drawFrames(c, area, f)
	case fsSpatial:
		s.drawSpatial(c, area, f, s.arg[k])
	case fsRegroup:
		s.drawRegroup(c, area, f)
	case fsTemporal:
		s.drawTemporal(c, area, f, s.arg[k])
	case fsBack:
		s.drawBack(c, area, f)
	case fsCost:
		s.drawCost(c, area, f)
	}
}

// tokenCell is where token p (t·HW + pixel) sits in a drawn video.
func (s *factorizedView) tokenCell(v *videoPanel, p int) viz.Rect {
	hw := s.hh * s.ww
	return v.cellRect(p/hw, p%hw/s.ww, p%s.ww)
}

// seqOpts labels a [rows, cols] sequence matrix.
func seqOpts(title, shape, rowTitle, colTitle string, rows, cols []string, group int) heatOpts {
	return heatOpts{Title: title, Shape: shape, RowTitle: rowTitle, RowLabels: rows, ColTitle: colTitle, ColLabels: cols,
		Group: group, NoScale: true, MaxCell: 30}
}

// drawFrames flies each frame's pixels into its row of the sequences.
func (s *factorizedView) drawFrames(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	t, hw := s.tt, s.hh*s.ww
	vo := videoOpts{Title: "x", Shape: s.shapeX, Group0: fgFrameID, Note: "colour: its frame; lighter: later pixel"}
	cells := stackFlow(area, 30, 240, s.vid.height(area.W, area.H*0.55, vo), -1)
	s.vid.draw(c, cells[0], f, vo)
	o := seqOpts("sequences", s.shapeSeq, "frame ↓", "pixel", s.frameLabels, s.pixLabels, fgFrames)
	mc := s.hframes.drawFit(c, cells[1], f, o)
	if mc.W == 0 || !s.vid.drawn() {
		return
	}
	flyTokens(c, f.Frac, t*hw, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		return s.tokenCell(&s.vid, g), cellOf(mc, t, hw, g/hw, g%hw), identityColour(g/hw, g%hw, hw)
	})
	if g, ok := f.Focused(fgFrames); ok && g < t*hw {
		r := s.tokenCell(&s.vid, g)
		c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.Bad)
	}
}

// drawSpatial shows frame fr's spatial attention: the weights matrix and
// the query's weights painted over its frame (the other frames out of
// reach). The query sweeps the pixels; hovering a row picks one.
func (s *factorizedView) drawSpatial(c viz.Canvas, area viz.Rect, f *scene.Frame, fr int) {
	hw := s.hh * s.ww
	qi := min(int(f.Frac*float64(hw)), hw-1)
	key := -1
	if fi, ok := f.Focused(fgSpatial); ok && fi < hw*hw {
		qi, key = fi/hw, fi%hw
	}
	vo := videoOpts{Title: "weights of the query", Shape: s.headShape, Group0: fgFrameSp,
		Note: "grey: other frames, out of reach"}
	cells := stackFlow(area, 30, 240, s.vsp.height(area.W, area.H*0.5, vo), -1)
	s.vsp.draw(c, cells[0], f, vo)
	wc := s.hsp[fr].drawFit(c, cells[1], f, heatOpts{Title: s.spTitles[fr], Shape: s.shapeSpW,
		RowTitle: "query ↓", RowLabels: s.pixLabels, ColTitle: "key pixel", ColLabels: s.pixLabels, Group: fgSpatial})
	if !s.vsp.drawn() {
		return
	}
	row := s.spatialW(fr)[qi*hw : (qi+1)*hw]
	for p, wt := range row {
		fillCell(c, s.tokenCell(&s.vsp, fr*hw+p), viz.Viridis.At(float64(wt)/s.spMax))
	}
	q := s.tokenCell(&s.vsp, fr*hw+qi)
	c.StrokeRect(q.X, q.Y, q.W, q.H, 2.5, viz.Bad)
	if key >= 0 {
		r := s.tokenCell(&s.vsp, fr*hw+key)
		c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.White)
	}
	if wc.W > 0 {
		outlineRow(c, wc, hw, qi, viz.Bad)
	}
}

// drawRegroup flies the spatial output [T, HW] into [HW, T]: on top the
// frames' sequences, below the pixels' (and the pitfall's beside them).
func (s *factorizedView) drawRegroup(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	t, hw := s.tt, s.hh*s.ww
	so := seqOpts("spatial output", s.shapeSeq, "frame ↓", "pixel", s.frameLabels, s.pixLabels, fgSpOut)
	po := seqOpts("pixel sequences", s.shapePix, "pixel ↓", "frame", s.pixLabels, s.frameLabels, fgPixels)
	bo := seqOpts("pitfall: reshape", s.shapePix, "seq ↓", "element", s.pixLabels, s.frameLabels, fgBadPixels)
	if s.quiz {
		s.drawRegroupQuiz(c, area, f, so, po)
		return
	}
	if s.bad != nil {
		po.Title = "right"
	}
	// The tall [HW, T] matrices go to the right of the wide [T, HW] one
	// when there is room, below it otherwise.
	ntall := 1
	if s.bad != nil {
		ntall = 2
	}
	lh := viz.LineHeight(kitLabel)
	tallCell := min(30, (area.H-kitTitle-8-2*lh-4)/float64(hw))
	tallW := c.TextWidth("pixel ↓", kitLabel) + 10 + float64(t)*tallCell + 8
	tallW = max(tallW, c.TextWidth(po.Title, kitTitle)+4, c.TextWidth(bo.Title, kitTitle)+4)
	var wide, tall viz.Rect
	if side := float64(ntall)*tallW + float64(ntall-1)*24; area.W-side-30 >= 260 {
		tall, wide = area.CutRight(side)
		wide.W -= 30
		wide.H = min(wide.H, heatNeed(c, wide.W, t, hw, so))
	} else {
		wide, tall = area.CutTop(min(heatNeed(c, area.W, t, hw, so), area.H*0.4))
		_, tall = tall.CutTop(14)
	}
	sc := s.hspout.drawFit(c, wide, f, so)
	var pc, bc viz.Rect
	cols := flowCells(tall, ntall, 24, 100)
	pc = s.hpix.drawFit(c, cols[0], f, po)
	if s.bad != nil && len(cols) == 2 && cols[0].Y == cols[1].Y {
		bc = s.hbadpix.drawFit(c, cols[1], f, bo)
	}
	if sc.W == 0 || pc.W == 0 {
		return
	}
	flyTokens(c, f.Frac, t*hw, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		fr, p := g%t, g/t // fill the pixel sequences row by row
		return cellOf(sc, t, hw, fr, p), cellOf(pc, hw, t, p, fr), identityColour(fr, p, hw)
	})
	if bc.W > 0 {
		flyTokens(c, f.Frac, t*hw, func(g int) (viz.Rect, viz.Rect, viz.Color) {
			q, k := g/t, g%t
			fr, p := mistakes.RegroupNoPermuteSource(t, hw, q, k)
			return cellOf(sc, t, hw, fr, p), cellOf(bc, hw, t, q, k), identityColour(fr, p, hw)
		})
	}
	if g, ok := f.Focused(fgPixels); ok && g < t*hw {
		outlineCell(c, sc, t, hw, g%t, g/t, viz.Bad)
	}
	if g, ok := f.Focused(fgBadPixels); ok && g < t*hw {
		fr, p := mistakes.RegroupNoPermuteSource(t, hw, g/t, g%t)
		outlineCell(c, sc, t, hw, fr, p, viz.Bad)
	}
}

// drawTemporal shows pixel p's temporal attention: its weights across the
// frames, painted on the video; with the pitfall, the wrong sequence's
// tokens outlined and its weights beside the right ones.
func (s *factorizedView) drawTemporal(c viz.Canvas, area viz.Rect, f *scene.Frame, p int) {
	if s.quiz {
		s.drawTemporalQuiz(c, area, f, p)
		return
	}
	t, hw := s.tt, s.hh*s.ww
	qi := min(int(f.Frac*float64(t)), t-1)
	if fi, ok := f.Focused(fgTemporal); ok && fi < t*t {
		qi = fi / t
	}
	vo := videoOpts{Title: "weights of the query frame", Shape: s.headShape, Group0: fgFrameTm,
		Note: "grey: other pixels, out of reach"}
	if s.bad != nil {
		vo.Note = "red: the pitfall's sequence"
	}
	cells := stackFlow(area, 30, 240, s.vtm.height(area.W, area.H*0.5, vo), -1)
	s.vtm.draw(c, cells[0], f, vo)
	to := heatOpts{Title: s.tmTitles[p], Shape: s.shapeTmW, RowTitle: "query ↓", RowLabels: s.frameLabels,
		ColTitle: "key frame", ColLabels: s.frameLabels, Group: fgTemporal, MaxCell: 44}
	var wc viz.Rect
	if s.bad != nil {
		cols := flowCells(cells[1], 2, 24, 120)
		if len(cols) == 2 && cols[0].Y == cols[1].Y {
			to.Title = s.tmRight[p]
			wc = s.htm[p].drawFit(c, cols[0], f, to)
			bo := heatOpts{Title: s.tmBad[p], Shape: s.shapeTmW, RowTitle: "query ↓", RowLabels: s.frameLabels,
				ColTitle: "key", ColLabels: s.frameLabels, Group: fgBadTemporal, MaxCell: 44}
			bc := s.hbadtm[p].drawFit(c, cols[1], f, bo)
			if bc.W > 0 {
				outlineRow(c, bc, t, qi, viz.Bad)
			}
		}
	} else {
		wc = s.htm[p].drawFit(c, cells[1], f, to)
	}
	if !s.vtm.drawn() {
		return
	}
	row := s.temporalW(s.st.Temporal, p)[qi*t : (qi+1)*t]
	for fr, wt := range row {
		fillCell(c, s.tokenCell(&s.vtm, fr*hw+p), viz.Viridis.At(float64(wt)))
	}
	q := s.tokenCell(&s.vtm, qi*hw+p)
	c.StrokeRect(q.X, q.Y, q.W, q.H, 2.5, viz.Accent)
	if s.bad != nil {
		for k := range t {
			fr, px := mistakes.RegroupNoPermuteSource(t, hw, p, k)
			r := s.tokenCell(&s.vtm, fr*hw+px)
			c.StrokeRect(r.X+1, r.Y+1, r.W-2, r.H-2, 2, viz.Bad)
		}
	}
	if wc.W > 0 {
		outlineRow(c, wc, t, qi, viz.Accent)
	}
}

// seqToken is the token (t·HW + pixel) at element k of temporal sequence
// p in the version the view shows: pixel p of frame k, or with the
// pitfall where mistakes.RegroupNoPermuteSource puts it.
func (s *factorizedView) seqToken(p, k int) int {
	hw := s.hh * s.ww
	if s.bad != nil {
		fr, px := mistakes.RegroupNoPermuteSource(s.tt, hw, p, k)
		return fr*hw + px
	}
	return k*hw + p
}

// drawRegroupQuiz regroups into the version under test's sequences only.
func (s *factorizedView) drawRegroupQuiz(c viz.Canvas, area viz.Rect, f *scene.Frame, so, po heatOpts) {
	t, hw := s.tt, s.hh*s.ww
	wide, tall := area.CutTop(min(heatNeed(c, area.W, t, hw, so), area.H*0.4))
	_, tall = tall.CutTop(14)
	sc := s.hspout.drawFit(c, wide, f, so)
	h, g := &s.hpix, fgPixels
	if s.bad != nil {
		h, g = &s.hbadpix, fgBadPixels
	}
	po.Title, po.Group, po.RowTitle, po.ColTitle = "sequences", g, "seq ↓", "element"
	pc := h.drawFit(c, fitWidth(tall, 260), f, po)
	if sc.W == 0 || pc.W == 0 {
		return
	}
	flyTokens(c, f.Frac, t*hw, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		q, k := g/t, g%t
		tok := s.seqToken(q, k)
		return cellOf(sc, t, hw, tok/hw, tok%hw), cellOf(pc, hw, t, q, k), identityColour(tok/hw, tok%hw, hw)
	})
}

// drawTemporalQuiz is the temporal attention of the version under test:
// its sequence's tokens painted with its weights, and its weights matrix.
func (s *factorizedView) drawTemporalQuiz(c viz.Canvas, area viz.Rect, f *scene.Frame, p int) {
	t := s.tt
	qi := min(int(f.Frac*float64(t)), t-1)
	vo := videoOpts{Title: "weights of the query", Shape: s.headShape, Group0: fgFrameTm, Note: "grey: not in the sequence"}
	cells := stackFlow(area, 30, 240, s.vtm.height(area.W, area.H*0.5, vo), -1)
	s.vtm.draw(c, cells[0], f, vo)
	h, w, g := &s.htm[p], s.st.Temporal, fgTemporal
	if s.bad != nil {
		h, w, g = &s.hbadtm[p], s.bad.Temporal, fgBadTemporal
	}
	o := heatOpts{Title: "temporal weights, sequence " + s.pixLabels[p], Shape: s.shapeTmW, RowTitle: "query ↓", RowLabels: s.frameLabels,
		ColTitle: "key", ColLabels: s.frameLabels, Group: g, MaxCell: 44}
	wc := h.drawFit(c, cells[1], f, o)
	if !s.vtm.drawn() {
		return
	}
	for k, wt := range s.temporalW(w, p)[qi*t : (qi+1)*t] {
		fillCell(c, s.tokenCell(&s.vtm, s.seqToken(p, k)), viz.Viridis.At(float64(wt)))
	}
	q := s.tokenCell(&s.vtm, s.seqToken(p, qi))
	c.StrokeRect(q.X, q.Y, q.W, q.H, 2.5, viz.Accent)
	if wc.W > 0 {
		outlineRow(c, wc, t, qi, viz.Accent)
	}
}

// SetQuiz implements scene.Quizzer.
func (s *factorizedView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *factorizedView) Explain(variant int) string {
	return quizExplain("027", variant, "The right version regroups with view(B, T, HW, C).permute(0, 2, 1, 3): each temporal sequence is one pixel across the frames.")
}

// drawBack shows y (beside x, or beside the pitfall's y).
func (s *factorizedView) drawBack(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	chl := s.chLabel
	a, b := &s.vx, &s.vy
	ao := videoOpts{Title: "x", Shape: s.shapeX, Group0: fgFrameX, Scale: true, ScaleLabel: chl}
	bo := videoOpts{Title: "y", Shape: s.shapeX, Group0: fgFrameY, Scale: true, ScaleLabel: chl}
	switch {
	case s.quiz && s.bad != nil:
		b, bo.Group0 = &s.vbad, fgFrameBad
	case s.bad != nil:
		a, b = &s.vy, &s.vbad
		ao.Title, ao.Group0 = "right y", fgFrameY
		bo.Title, bo.Group0 = "pitfall y", fgFrameBad
	}
	cells := stackFlow(area, 30, 240, a.height(area.W, area.H*0.5, ao), -1)
	a.draw(c, cells[0], f, ao)
	b.draw(c, cells[1], f, bo)
}

// drawCost compares full and factorized attention: the weights per head
// and the FLOPs as bars, and the weights against the clip's length. On a
// narrow screen the FLOPs shrink to a line.
func (s *factorizedView) drawCost(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	plotTitle := "weights per head against T (" + strconv.Itoa(s.hh) + "×" + strconv.Itoa(s.ww) + " frames)"
	if area.W >= 2*300+30 {
		cells := flowCells(area, 2, 30, 300)
		r := panel(c, cells[0], "attention weights per head")
		h := bars(c, r, f, fgScores, s.scoreItems, float64(s.scoreFull))
		r2 := panel(c, viz.Rect{X: r.X, Y: r.Y + h + 12, W: r.W, H: max(0, r.Y+r.H-(r.Y+h+12))}, "FLOPs (attention.FactorizedCost)")
		h2 := bars(c, r2, f, fgCost, s.costItems, float64(max(s.cost.Full, s.cost.Factorized)))
		note(c, viz.Rect{X: r2.X, Y: r2.Y + h2 + 4, W: r2.W, H: max(0, r2.Y+r2.H-(r2.Y+h2+4))}, s.costNote, viz.InkMuted)
		linePlot(c, panel(c, cells[1], plotTitle), f, fgPlot, s.plotT, s.plotSeries, "frames T", "weights", min(s.tt, factPlotT)-1)
		return
	}
	lh := viz.LineHeight(kitLabel)
	top, rest := area.CutTop(min(kitTitle+8+barsHeight(2)+2*lh+8, area.H*0.55))
	r := panel(c, top, "attention weights per head")
	h := bars(c, r, f, fgScores, s.scoreItems, float64(s.scoreFull))
	note(c, viz.Rect{X: r.X, Y: r.Y + h + 2, W: r.W, H: max(0, r.Y+r.H-(r.Y+h+2))}, s.costLine, viz.InkMuted)
	_, rest = rest.CutTop(12)
	linePlot(c, panel(c, rest, plotTitle), f, fgPlot, s.plotT, s.plotSeries, "frames T", "weights", min(s.tt, factPlotT)-1)
}

// Readout implements scene.Readouter: the numbers depend on the values
// only, so Reset builds them once.
func (s *factorizedView) Readout(f *scene.Frame) []scene.KV { return s.kv }

// buildReadout lists the numbers the readout panel shows.
func (s *factorizedView) buildReadout() []scene.KV {
	if s.st == nil || s.quiz {
		return nil
	}
	return []scene.KV{
		{Key: "x and y", Value: s.shapeX},
		{Key: "spatial sequences", Value: s.shapeSeq},
		{Key: "temporal sequences", Value: s.shapePix},
		{Key: "weights per head, full", Value: itoa64(s.scoreFull)},
		{Key: "weights per head, factorized", Value: itoa64(s.scoreFact)},
		{Key: "FLOPs full / factorized", Value: itoa64(s.cost.Full) + " / " + itoa64(s.cost.Factorized)},
	}
}

// Inspect implements scene.Inspector. In quiz mode what differs between
// the versions names no source: hovering must not give the answer away.
func (s *factorizedView) Inspect(f *scene.Frame, tg scene.Target) (scene.Inspection, bool) {
	in, ok := s.inspect(f, tg)
	if ok && s.quiz {
		g := tg.Group
		if g >= 100 {
			g = g / 100 * 100
		}
		switch g {
		case fgPixels, fgBadPixels, fgTemporal, fgBadTemporal, fgFrameY, fgFrameBad, fgFrameTm:
			in.Source = "the version under test"
		}
	}
	return in, ok
}

func (s *factorizedView) inspect(f *scene.Frame, tg scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "attention.FactorizedTrace (= attention.FactorizedAttention)"
	badSrc := "mistakes.RegroupNoPermuteTrace (= mistakes.RegroupNoPermute)"
	if s.quiz {
		badSrc = "the version under test"
	}
	t, hw, c := s.tt, s.hh*s.ww, factC
	k := min(f.Step, len(s.steps)-1)
	i := tg.Index
	tok := func(fr, p int) string { return "frame " + strconv.Itoa(fr) + ", pixel " + s.pixName(p) }
	switch tg.Group {
	case fgFrames, fgSpOut:
		if i < 0 || i >= t*hw {
			return scene.Inspection{}, false
		}
		x, name := s.st.Frames, "frame token"
		if tg.Group == fgSpOut {
			x, name = s.st.SpatialOut, "spatial output"
		}
		in := inspectCell(name, "seq", x.Data, []int{t, hw, c}, []int{i / hw, i % hw, s.ch}, src)
		in.Detail = tok(i/hw, i%hw)
		return in, true
	case fgPixels:
		if i < 0 || i >= t*hw {
			return scene.Inspection{}, false
		}
		in := inspectCell("pixel sequence element", "seq", s.st.Pixels.Data, []int{hw, t, c}, []int{i / t, i % t, s.ch}, src)
		in.Detail = "from " + tok(i%t, i/t)
		return in, true
	case fgBadPixels:
		if s.bad == nil || i < 0 || i >= t*hw {
			return scene.Inspection{}, false
		}
		in := inspectCell("pitfall sequence element", "seq", s.bad.Pixels.Data, []int{hw, t, c}, []int{i / t, i % t, s.ch}, badSrc)
		fr, p := mistakes.RegroupNoPermuteSource(t, hw, i/t, i%t)
		in.Detail = "from " + tok(fr, p) + " (mistakes.RegroupNoPermuteSource)"
		if s.quiz {
			in.Name, in.Detail = "sequence element", "from "+tok(fr, p)
		}
		return in, true
	case fgSpatial:
		fr := s.arg[k]
		if s.steps[k] != fsSpatial || i < 0 || i >= hw*hw {
			return scene.Inspection{}, false
		}
		in := inspectCell("spatial weight", "weights", s.st.Spatial.Data, []int{t, s.heads, hw, hw}, []int{fr, s.head, i / hw, i % hw}, src)
		in.Detail = "query " + s.pixName(i/hw) + " · key " + s.pixName(i%hw) + " of frame " + strconv.Itoa(fr)
		return in, true
	case fgTemporal, fgBadTemporal:
		p := s.arg[k]
		if s.steps[k] != fsTemporal || i < 0 || i >= t*t {
			return scene.Inspection{}, false
		}
		if tg.Group == fgTemporal {
			in := inspectCell("temporal weight", "weights", s.st.Temporal.Data, []int{hw, s.heads, t, t}, []int{p, s.head, i / t, i % t}, src)
			in.Detail = "pixel " + s.pixName(p) + ": query frame " + strconv.Itoa(i/t) + " · key frame " + strconv.Itoa(i%t)
			return in, true
		}
		if s.bad == nil {
			return scene.Inspection{}, false
		}
		name := "pitfall weight"
		if s.quiz {
			name = "temporal weight"
		}
		in := inspectCell(name, "weights", s.bad.Temporal.Data, []int{hw, s.heads, t, t}, []int{p, s.head, i / t, i % t}, badSrc)
		qf, qp := mistakes.RegroupNoPermuteSource(t, hw, p, i/t)
		kf, kp := mistakes.RegroupNoPermuteSource(t, hw, p, i%t)
		in.Detail = "query " + tok(qf, qp) + " · key " + tok(kf, kp)
		return in, true
	case fgCost:
		if i < 0 || i >= len(s.costItems) {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: s.costItems[i].Label, Value: s.costItems[i].Value + " FLOPs", Source: "attention.FactorizedCost",
			Detail: "C = 8, one clip of " + strconv.Itoa(t) + " frames of " + strconv.Itoa(s.hh) + "×" + strconv.Itoa(s.ww)}, true
	case fgScores:
		if i < 0 || i >= len(s.scoreItems) {
			return scene.Inspection{}, false
		}
		return scene.Inspection{Name: s.scoreItems[i].Label, Value: s.scoreItems[i].Value + " weights", Source: "attention.FactorizedScores",
			Detail: "per head, one clip"}, true
	case fgPlot:
		n := len(s.plotT)
		if n == 0 || i < 0 || i >= n*len(s.plotSeries) {
			return scene.Inspection{}, false
		}
		ps := s.plotSeries[i/n]
		return scene.Inspection{Name: ps.Label + " attention, T = " + fmtNum(s.plotT[i%n]), Value: itoa64(int64(ps.Y[i%n])) + " weights",
			Source: "attention.FactorizedScores", Detail: "per head, frames of " + strconv.Itoa(s.hh) + "×" + strconv.Itoa(s.ww)}, true
	}
	base := tg.Group / 100 * 100
	fr := tg.Group - base
	if fr < 0 || fr >= t || i < 0 || i >= hw {
		return scene.Inspection{}, false
	}
	vshape := []int{1, t, c, s.hh, s.ww}
	idx := []int{0, fr, s.ch, i / s.ww, i % s.ww}
	switch base {
	case fgFrameX:
		return inspectCell("input token", "x", s.x.Data, vshape, idx, src), true
	case fgFrameY:
		return inspectCell("output token", "y", s.st.Y.Data, vshape, idx, src), true
	case fgFrameBad:
		if s.bad == nil {
			return scene.Inspection{}, false
		}
		name := "pitfall output"
		if s.quiz {
			name = "output token"
		}
		return inspectCell(name, "y", s.bad.Y.Data, vshape, idx, badSrc), true
	case fgFrameID:
		in := inspectCell("input token", "x", s.x.Data, vshape, idx, src)
		in.Detail = "goes to sequence " + strconv.Itoa(fr) + ", position " + strconv.Itoa(i)
		return in, true
	case fgFrameSp:
		in := scene.Inspection{Name: "spatial weight on " + tok(fr, i), Tensor: "weights", Shape: s.shapeSpW, Source: src}
		q := s.arg[k]
		if s.steps[k] != fsSpatial || fr != q {
			in.Value, in.Detail = "out of reach", "another frame"
			return in, true
		}
		qi := min(int(f.Frac*float64(hw)), hw-1)
		in.Value, in.Index = fmtNum(float64(s.spatialW(fr)[qi*hw+i])), shapeOf(fr, s.head, qi, i)
		in.Detail = "from query pixel " + s.pixName(qi)
		return in, true
	case fgFrameTm:
		in := scene.Inspection{Name: "temporal weight on " + tok(fr, i), Tensor: "weights", Shape: s.shapeTmW, Source: src}
		p := s.arg[k]
		if s.steps[k] != fsTemporal {
			in.Value = "out of reach"
			return in, true
		}
		w, elem := s.st.Temporal, -1
		if s.quiz && s.bad != nil {
			w = s.bad.Temporal
			for e := range t {
				if s.seqToken(p, e) == fr*hw+i {
					elem = e
				}
			}
		} else if i == p {
			elem = fr
		}
		if elem < 0 {
			in.Value, in.Detail = "out of reach", "not in the sequence"
			return in, true
		}
		qi := min(int(f.Frac*float64(t)), t-1)
		in.Value, in.Index = fmtNum(float64(s.temporalW(w, p)[qi*t+elem])), shapeOf(p, s.head, qi, elem)
		in.Detail = "from query element " + strconv.Itoa(qi)
		if s.quiz {
			in.Source = badSrc
			if s.bad == nil {
				in.Source = "the version under test"
			}
		}
		return in, true
	}
	return scene.Inspection{}, false
}
