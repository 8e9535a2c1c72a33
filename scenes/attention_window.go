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

// The view of problem 000: window attention on a video, told as the
// reshapes an interview asks for: partition into tubes, attention inside
// each tube, un-partition back to [B,C,T,H,W]. Every tensor shown comes
// from attention.WindowTrace; where the pitfall puts each token comes from
// attention.Window.MisplacedToken, and its output from
// mistakes.UnpartitionOrder.

// winC is the channel count C (divisible by every head count offered).
const winC = 8

// winHeads are the head counts of the heads choice.
var winHeads = []int{1, 2, 4}

// Inspection groups of the window view. The frame groups are bases: frame
// t of a video is base + t.
const (
	wgTubes   = iota + 1 // partitioned tokens [tubes, N] in identity colours
	wgWeights            // the attend step's tube weights [N, N]
	wgOut                // tube outputs [tubes, N] in identity colours

	wgFrameX     = 100 // x, channel shown
	wgFrameID    = 200 // x in identity colours (partition)
	wgFrameAtt   = 300 // the query's weights over the video (attend)
	wgFrameBack  = 400 // where each token lands, right un-partition
	wgFrameBadID = 500 // where each token lands, the pitfall's
	wgFrameY     = 600 // y, channel shown
	wgFrameBad   = 700 // the pitfall's y, channel shown
)

// winStep is one kind of step of the window timeline.
type winStep int

const (
	wsVideo winStep = iota
	wsPartition
	wsAttend
	wsUnpartition
	wsOutput
)

// winMaxAttendSteps caps the attend steps: beyond it the tubes shown are
// spread evenly over all of them.
const winMaxAttendSteps = 8

type windowView struct {
	// params
	tt, hh, ww      int
	win             attention.Window
	heads, head, ch int
	seed            uint64
	pitfall         bool
	// quiz: draw only the version the pitfall selects, named by nothing.
	quiz bool
	// computed
	x   *core.Tensor
	wts attention.WindowWeights
	st  *attention.WindowStages
	// bad is mistakes.UnpartitionOrder's y (nil without the pitfall);
	// landing[p] is the cell where token p's output lands under it and
	// holder[q] the token whose output cell q holds (tokens flat t·H·W +
	// h·W + w).
	bad             *core.Tensor
	landing, holder []int
	misplaced       int
	// tubeOfTok[p] and idxOfTok[p] place token p in the tubes; tokOf[k·N+i]
	// is token i of tube k.
	tubeOfTok, idxOfTok, tokOf []int
	wmax                       float64 // top of the weights' colour scale
	steps                      []winStep
	tube                       []int // the tube of each attend step (-1 otherwise)
	tl                         scene.Timeline
	kv                         []scene.KV // the readout, built by Reset
	// pictures, rebuilt by Reset
	vx, vid, vatt, vback, vbadID, vy, vbad videoPanel
	htubes, hout                           heat
	hw                                     []heat // per tube: the weights of the head shown
	tubeRows, tokCols                      []string
	tubeNames                              []string // "(0, 1, 0)" per tube
	shapeX, shapeTubes, shapeW             string
	misplacedNote                          string
}

func newWindowView() *windowView { return &windowView{} }

func (s *windowView) Info() scene.Info {
	p, _ := problems.Lookup("000")
	return scene.Info{ID: "window_attention", Problem: "000", Title: p.Title, Family: "attention", Statement: p.Statement,
		Formula: `x:\ [B, C, T, H, W] \to \mathrm{tubes}:\ [B\, n_T n_H n_W,\ N,\ C],\; N = w_T w_H w_W;\quad ` +
			`\mathrm{softmax}\left(\frac{Q K^\top}{\sqrt{d}}\right) V \text{ inside each tube};\quad \text{the inverse permute back to } [B, C, T, H, W]`,
		LookFor: "Partition: view splits each of T, H and W into a (blocks, window) pair, permute(0, 2, 4, 6, 3, 5, 7, 1) brings the " +
			"three window axes together, and reshape makes one row of N = wT·wH·wW tokens per tube; the tokens fly into their rows in " +
			"(dt, dh, dw) order. Attend: each tube is an ordinary self-attention over its N tokens; a token's weights light up its own " +
			"tube and nothing else, however close a token across the border is. Un-partition is the inverse permute, " +
			"permute(0, 7, 1, 4, 2, 5, 3, 6), which interleaves the block and window axes again. The pitfall keeps the block axes first " +
			"(permute(0, 7, 1, 2, 3, 4, 5, 6)): the numbers are right but land in the wrong places, the tubes smeared into stripes. " +
			"Only a window of one token or of the whole video hides it. The cost: per head, (T·H·W/N)·N² scores instead of (T·H·W)²."}
}

func (s *windowView) Params() []scene.Param {
	return []scene.Param{
		{Name: "T", Label: "frames T", Kind: scene.Int, Min: 1, Max: 6, Step: 1, Default: 4},
		{Name: "H", Label: "height H", Kind: scene.Int, Min: 2, Max: 8, Step: 1, Default: 6},
		{Name: "W", Label: "width W", Kind: scene.Int, Min: 2, Max: 8, Step: 1, Default: 6},
		{Name: "wT", Label: "window wT", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 2, Help: "must divide T"},
		{Name: "wH", Label: "window wH", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 3, Help: "must divide H"},
		{Name: "wW", Label: "window wW", Kind: scene.Int, Min: 1, Max: 4, Step: 1, Default: 3, Help: "must divide W"},
		{Name: "heads", Label: "heads h", Kind: scene.Choice, Choices: []string{"1", "2", "4"}, Default: 1,
			Help: "C = 8 channels split into h heads of d = 8/h"},
		{Name: "head", Label: "head shown", Kind: scene.Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "channel", Label: "channel shown", Kind: scene.Int, Min: 0, Max: winC - 1, Step: 1, Default: 0,
			Help: "the channel of x and y the video panels show"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
		scene.PitfallParam(mistakeIDs("000")...),
	}
}

func (s *windowView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: un-partition order", Values: scene.Values{"pitfall": 1}},
		{Name: "Spatial windows (wT = 1)", Values: scene.Values{"T": 2, "wT": 1}},
		{Name: "Tubes of 2×4×4", Values: scene.Values{"T": 4, "H": 8, "W": 8, "wH": 4, "wW": 4, "heads": 0}},
		{Name: "One tube hides the pitfall", Values: scene.Values{"T": 2, "H": 3, "W": 3, "pitfall": 1}},
	}
}

// Applies implements scene.Applier.
func (s *windowView) Applies(name string, v scene.Values) string {
	switch name {
	case "head":
		return headApplies(v, winHeadsOf(v))
	case "wT", "wH", "wW":
		n, wn := v[name[1:]], v[name]
		if wn > n || int(n)%int(wn) != 0 {
			return name + " must divide " + name[1:]
		}
	}
	return ""
}

func (s *windowView) Reset(v scene.Values) error {
	s.tt, s.hh, s.ww = int(v["T"]), int(v["H"]), int(v["W"])
	s.win = attention.Window{T: int(v["wT"]), H: int(v["wH"]), W: int(v["wW"])}
	s.heads = winHeadsOf(v)
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.ch = clampInt(int(v["channel"]), 0, winC-1)
	s.seed = uint64(v["seed"])
	s.pitfall = int(v["pitfall"]) == 1
	s.x, s.wts = windowInputs(s.tt, s.hh, s.ww, s.seed)
	st, err := attention.WindowTrace(s.x, s.wts, s.heads, s.win)
	if err != nil {
		return err
	}
	s.st = st
	s.placeTokens()
	s.bad, s.landing, s.holder, s.misplaced = nil, nil, nil, 0
	if s.pitfall {
		if s.bad, err = mistakes.UnpartitionOrder(s.x, s.wts, s.heads, s.win); err != nil {
			return err
		}
		n := s.tt * s.hh * s.ww
		s.landing, s.holder = make([]int, n), make([]int, n)
		for p := range n {
			t2, h2, w2 := s.win.MisplacedToken(s.tt, s.hh, s.ww, p/(s.hh*s.ww), p/s.ww%s.hh, p%s.ww)
			q := (t2*s.hh+h2)*s.ww + w2
			s.landing[p], s.holder[q] = q, p
			if q != p {
				s.misplaced++
			}
		}
	}
	s.misplacedNote = strconv.Itoa(s.misplaced) + " tokens misplaced"
	s.buildTimeline()
	s.buildPictures()
	s.kv = s.buildReadout()
	return nil
}

// windowInputs builds x [1,C,T,H,W] and the fused qkv and output
// projections, deterministically from the seed. The q and k rows are
// scaled up so the weights inside a tube are peaked enough to read.
func windowInputs(t, h, w int, seed uint64) (*core.Tensor, attention.WindowWeights) {
	rng := rand.New(rand.NewPCG(seed, 0x77696e))
	x := videoInput(rng, t, winC, h, w, true)
	qkv := randLinear(rng, 3*winC, winC, 1, true)
	for i := range 2 * winC * winC {
		qkv.W.Data[i] *= 3.2
	}
	return x, attention.WindowWeights{QKV: qkv, Proj: randLinear(rng, winC, winC, 1, true)}
}

// placeTokens indexes every token by tube, with TubeOf's order inside.
func (s *windowView) placeTokens() {
	n := s.tt * s.hh * s.ww
	g := s.st.Grid
	s.tubeOfTok, s.idxOfTok, s.tokOf = make([]int, n), make([]int, n), make([]int, n)
	nTok := s.win.Size()
	for p := range n {
		tb, i := s.win.TubeOf(0, p/(s.hh*s.ww), p/s.ww%s.hh, p%s.ww)
		k := (tb.T*g[1]+tb.H)*g[2] + tb.W
		s.tubeOfTok[p], s.idxOfTok[p] = k, i
		s.tokOf[k*nTok+i] = p
	}
	s.tubeNames = s.tubeNames[:0]
	for k := range s.st.NumTubes() {
		s.tubeNames = append(s.tubeNames, "("+strconv.Itoa(k/(g[1]*g[2]))+", "+strconv.Itoa(k/g[2]%g[1])+", "+strconv.Itoa(k%g[2])+")")
	}
}

// attendTubes are the tubes the attend steps show: all of them, or an even
// spread of winMaxAttendSteps.
func (s *windowView) attendTubes() []int {
	m := s.st.NumTubes()
	if m <= winMaxAttendSteps {
		return labelsIdx(m)
	}
	out := make([]int, winMaxAttendSteps)
	for j := range out {
		out[j] = (j*(m-1) + (winMaxAttendSteps-1)/2) / (winMaxAttendSteps - 1)
	}
	return out
}

func labelsIdx(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func (s *windowView) buildTimeline() {
	g, n, c, h := s.st.Grid, s.win.Size(), winC, s.heads
	m := s.st.NumTubes()
	s.shapeX = shapeOf(1, c, s.tt, s.hh, s.ww)
	s.shapeTubes = shapeOf(m, n, c)
	s.shapeW = shapeOf(m, h, n, n)
	view := shapeOf(1, c, g[0], s.win.T, g[1], s.win.H, g[2], s.win.W)
	back := shapeOf(1, g[0], g[1], g[2], s.win.T, s.win.H, s.win.W, c)
	win := strconv.Itoa(s.win.T) + "×" + strconv.Itoa(s.win.H) + "×" + strconv.Itoa(s.win.W)
	s.steps, s.tube, s.tl = s.steps[:0], s.tube[:0], s.tl[:0]
	add := func(k winStep, tube int, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tube = append(s.tube, tube)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(wsVideo, -1, "video", strconv.Itoa(s.tt)+" frames of "+strconv.Itoa(s.hh)+"×"+strconv.Itoa(s.ww)+" tokens, C = 8 (channel "+
		strconv.Itoa(s.ch)+" shown); the thick lines cut "+strconv.Itoa(m)+" tubes of "+win+" = "+strconv.Itoa(n)+".", "x "+s.shapeX, 1.5)
	add(wsPartition, -1, "partition", "view into (blocks, window) pairs, permute the window axes together, reshape: one row per tube.",
		s.shapeX+" → "+view+" → "+s.shapeTubes, 3.5)
	for j, k := range s.attendTubes() {
		add(wsAttend, k, "attend", "Tube "+s.tubeNames[k]+" attends only to itself: the query's weights light up its "+
			strconv.Itoa(n)+" tokens, nothing else.", s.shapeTubes+" → weights "+s.shapeW+" → "+s.shapeTubes, attendSeconds(j))
	}
	cap := "The inverse permute(0, 7, 1, 4, 2, 5, 3, 6) puts every token back in its own place."
	switch {
	case s.quiz:
		cap = "view back to blocks and windows, permute, reshape to [B, C, T, H, W]: does each tube land in its block?"
	case s.pitfall:
		cap = "Right: permute(0, 7, 1, 4, 2, 5, 3, 6). Pitfall: permute(0, 7, 1, 2, 3, 4, 5, 6) smears the tubes."
	}
	add(wsUnpartition, -1, "un-partition", cap, s.shapeTubes+" → "+back+" → "+s.shapeX, 3.5)
	out := "y has the shape of x; each token's output mixes only its own tube."
	switch {
	case s.quiz:
		out = "y beside x: does each token's output sit where the token was?"
	case s.pitfall:
		out = "Same numbers, wrong places: " + strconv.Itoa(s.misplaced) + " of " + strconv.Itoa(s.tt*s.hh*s.ww) +
			" tokens of the pitfall's y are misplaced."
	}
	add(wsOutput, -1, "output", out, "y "+s.shapeX, 2.5)
}

// attendSeconds gives the first attend step the longest look.
func attendSeconds(j int) float64 {
	if j == 0 {
		return 3
	}
	return 2
}

// buildPictures paints every bitmap the timeline shows.
func (s *windowView) buildPictures() {
	t, h, w, c := s.tt, s.hh, s.ww, winC
	hw, n, m := h*w, s.win.Size(), s.st.NumTubes()
	// Channel s.ch of x and y: a contiguous [T, H, W] block of [1,C,T,H,W].
	xs := s.x.Data[s.ch*t*hw : (s.ch+1)*t*hw]
	ys := s.st.Y.Data[s.ch*t*hw : (s.ch+1)*t*hw]
	lo, hi := symmetric(xs)
	s.vx.resize(t, h, w)
	ylo, yhi := symmetric(ys)
	if s.bad != nil {
		lo2, hi2 := symmetric(s.bad.Data[s.ch*t*hw : (s.ch+1)*t*hw])
		ylo, yhi = min(ylo, lo2), max(yhi, hi2)
	}
	s.vy.resize(t, h, w)
	s.vbad.resize(t, h, w)
	for i := range t {
		s.vx.heatFrame(i, xs[i*hw:(i+1)*hw], viz.BlueWhiteRed, lo, hi)
		s.vy.heatFrame(i, ys[i*hw:(i+1)*hw], viz.BlueWhiteRed, ylo, yhi)
		if s.bad != nil {
			s.vbad.heatFrame(i, s.bad.Data[s.ch*t*hw+i*hw:s.ch*t*hw+(i+1)*hw], viz.BlueWhiteRed, ylo, yhi)
		}
	}
	// Identity colours: a token's tube hue, lighter later in the tube.
	s.vid.resize(t, h, w)
	s.vback.resize(t, h, w)
	s.vbadID.resize(t, h, w)
	for p := range t * hw {
		col := identityColour(s.tubeOfTok[p], s.idxOfTok[p], n)
		s.vid.paint(p/hw, p%hw/w, p%w, col)
		s.vback.paint(p/hw, p%hw/w, p%w, col)
		if s.holder != nil {
			src := s.holder[p]
			s.vbadID.paint(p/hw, p%hw/w, p%w, identityColour(s.tubeOfTok[src], s.idxOfTok[src], n))
		}
	}
	s.vid.touch()
	s.vback.touch()
	s.vbadID.touch()
	s.vatt.resize(t, h, w)
	s.vatt.fill(outOfReach)
	// The partitioned tokens and the tube outputs, channel s.ch, coloured
	// by identity (their values are in the inspection).
	tubesCh, outCh := make([]float32, m*n), make([]float32, m*n)
	for r := range m * n {
		tubesCh[r] = s.st.Tubes.Data[r*c+s.ch]
		outCh[r] = s.st.Out.Data[r*c+s.ch]
	}
	s.htubes.set(tubesCh, m, n, viz.BlueWhiteRed, lo, hi, nil)
	olo, ohi := symmetric(outCh)
	s.hout.set(outCh, m, n, viz.BlueWhiteRed, olo, ohi, nil)
	for k := range m {
		for i := range n {
			col := identityColour(k, i, n)
			s.htubes.bm.Img.SetRGBA(i, k, col)
			s.hout.bm.Img.SetRGBA(i, k, col)
		}
	}
	s.htubes.bm.Touch()
	s.hout.bm.Touch()
	// Each tube's weights for the head shown, on one scale for all tubes.
	if cap(s.hw) < m {
		s.hw = make([]heat, m)
	}
	s.hw = s.hw[:m]
	s.wmax = 0
	for k := range m {
		s.wmax = max(s.wmax, maxOf(s.tubeWeights(k)))
	}
	s.wmax = roundUpScale(s.wmax)
	for k := range m {
		s.hw[k].set(s.tubeWeights(k), n, n, viz.Viridis, 0, s.wmax, nil)
	}
	s.tubeRows, s.tokCols = indexLabels(0, m), indexLabels(0, n)
}

// roundUpScale rounds a weight scale's top up to a tenth (at most 1), so
// that it reads as a round number.
func roundUpScale(v float64) float64 {
	for _, top := range []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8} {
		if v <= top {
			return top
		}
	}
	return 1
}

// outOfReach is the colour of tokens a query cannot attend to.
var outOfReach = viz.Color{R: 222, G: 225, B: 231, A: 255}

// tubeWeights is tube k's weights [N, N] for the head shown.
func (s *windowView) tubeWeights(k int) []float32 {
	n := s.win.Size()
	return s.st.Weights.Data[(k*s.heads+s.head)*n*n : (k*s.heads+s.head+1)*n*n]
}

func (s *windowView) Timeline() scene.Timeline { return s.tl }

func (s *windowView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 || area.W < 20 || area.H < 20 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case wsVideo:
		s.drawVideo(c, area, f)
	case wsPartition:
		s.drawPartition(c, area, f)
	case wsAttend:
		s.drawAttend(c, area, f, s.tube[k])
	case wsUnpartition:
		s.drawUnpartition(c, area, f)
	case wsOutput:
		s.drawOutput(c, area, f)
	}
}

// win2 is the tube border spacing for videoOpts.
func (s *windowView) win2() [2]int { return [2]int{s.win.H, s.win.W} }

// chLabel names the channel shown, for scales.
func (s *windowView) chLabel() string { return "channel " + strconv.Itoa(s.ch) }

// drawVideo shows x with its tube borders, outlining the tubes one after
// another as the step plays.
func (s *windowView) drawVideo(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	s.vx.draw(c, area, f, videoOpts{Title: "x", Shape: s.shapeX, Group0: wgFrameX, Scale: true, ScaleLabel: s.chLabel(),
		BlockT: s.win.T, Win: s.win2()})
	if !s.vx.drawn() {
		return
	}
	k := min(int(f.Frac*float64(s.st.NumTubes())), s.st.NumTubes()-1)
	s.outlineTube(c, &s.vx, k, viz.Accent)
}

// outlineTube strokes tube k's cells in every frame it spans.
func (s *windowView) outlineTube(c viz.Canvas, v *videoPanel, k int, col viz.Color) {
	g := s.st.Grid
	tb := attention.Tube{T: k / (g[1] * g[2]), H: k / g[2] % g[1], W: k % g[2]}
	for dt := range s.win.T {
		r := v.cellRect(tb.T*s.win.T+dt, tb.H*s.win.H, tb.W*s.win.W)
		c.StrokeRect(r.X, r.Y, r.W*float64(s.win.W), r.H*float64(s.win.H), 3, col)
	}
}

// tokenCell is where token p sits in a drawn video.
func (s *windowView) tokenCell(v *videoPanel, p int) viz.Rect {
	hw := s.hh * s.ww
	return v.cellRect(p/hw, p%hw/s.ww, p%s.ww)
}

// drawPartition flies every token from its place in the video to its
// place in its tube's row.
func (s *windowView) drawPartition(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	vo := videoOpts{Title: "x", Shape: s.shapeX, Group0: wgFrameID, Note: "colour: its tube; lighter: later in it",
		BlockT: s.win.T, Win: s.win2()}
	cells := stackFlow(area, 30, 240, s.vid.height(area.W, area.H*0.55, vo), -1)
	s.vid.draw(c, cells[0], f, vo)
	n, m := s.win.Size(), s.st.NumTubes()
	tc := s.htubes.drawFit(c, cells[1], f, heatOpts{Title: "tubes", Shape: s.shapeTubes, RowTitle: "tube ↓", RowLabels: s.tubeRows,
		ColTitle: "token in tube", ColLabels: s.tokCols, Group: wgTubes, NoScale: true, MaxCell: 30})
	if tc.W == 0 || !s.vid.drawn() {
		return
	}
	flyTokens(c, f.Frac, n*m, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		p := s.tokOf[g]
		return s.tokenCell(&s.vid, p), cellOf(tc, m, n, g/n, g%n), identityColour(g/n, g%n, n)
	})
	// Linked highlight: a token and its slot.
	if g, ok := f.Focused(wgTubes); ok && g < n*m {
		r := s.tokenCell(&s.vid, s.tokOf[g])
		c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.Bad)
	}
	for t := range s.tt {
		if q, ok := f.Focused(wgFrameID + t); ok {
			p := t*s.hh*s.ww + q
			outlineCell(c, tc, m, n, s.tubeOfTok[p], s.idxOfTok[p], viz.Bad)
		}
	}
}

// drawAttend shows one tube's attention: the weights matrix and, on the
// video, the current query's weights over its tube (the rest out of
// reach). The query sweeps the tube as the step plays; hovering a row of
// the matrix picks one.
func (s *windowView) drawAttend(c viz.Canvas, area viz.Rect, f *scene.Frame, k int) {
	n := s.win.Size()
	qi := min(int(f.Frac*float64(n)), n-1)
	key := -1
	if fi, ok := f.Focused(wgWeights); ok && fi < n*n {
		qi, key = fi/n, fi%n
	}
	vo := videoOpts{Title: "weights of the query", Shape: "head " + strconv.Itoa(s.head),
		Group0: wgFrameAtt, Note: "grey: other tubes, out of reach", BlockT: s.win.T, Win: s.win2()}
	cells := stackFlow(area, 30, 240, s.vatt.height(area.W, area.H*0.5, vo), -1)
	s.vatt.draw(c, cells[0], f, vo)
	wc := s.hw[k].drawFit(c, cells[1], f, heatOpts{Title: "weights, tube " + s.tubeNames[k], Shape: s.shapeW,
		RowTitle: "query ↓", RowLabels: s.tokCols, ColTitle: "key", ColLabels: s.tokCols, Group: wgWeights})
	if !s.vatt.drawn() {
		return
	}
	row := s.tubeWeights(k)[qi*n : (qi+1)*n]
	for j, wt := range row {
		fillCell(c, s.tokenCell(&s.vatt, s.tokOf[k*n+j]), viz.Viridis.At(float64(wt)/s.wmax))
	}
	s.outlineTube(c, &s.vatt, k, viz.Accent)
	q := s.tokenCell(&s.vatt, s.tokOf[k*n+qi])
	c.StrokeRect(q.X, q.Y, q.W, q.H, 2.5, viz.Bad)
	if key >= 0 {
		r := s.tokenCell(&s.vatt, s.tokOf[k*n+key])
		c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.White)
	}
	if wc.W > 0 {
		outlineRow(c, wc, n, qi, viz.Bad)
	}
}

// drawUnpartition flies the tube outputs back into the video, to their own
// places and (with the pitfall) to where the wrong permute puts them: the
// matrix on top, the videos below it.
func (s *windowView) drawUnpartition(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n, m := s.win.Size(), s.st.NumTubes()
	mo := heatOpts{Title: "tube outputs", Shape: s.shapeTubes, RowTitle: "tube ↓", RowLabels: s.tubeRows,
		ColTitle: "token in tube", ColLabels: s.tokCols, Group: wgOut, NoScale: true, MaxCell: 24}
	// On a narrow screen the two videos stack: the matrix gets less room
	// and the notes go (the titles say it).
	if s.quiz {
		s.drawUnpartitionQuiz(c, area, f)
		return
	}
	narrow := s.pitfall && area.W < 2*220+24
	share := 0.4
	if narrow {
		share = 0.3
	}
	top, bottom := area.CutTop(min(heatNeed(c, area.W, m, n, mo), area.H*share))
	_, bottom = bottom.CutTop(16)
	ro := videoOpts{Title: "right", Shape: s.shapeX, Group0: wgFrameBack, Note: "each tube back in its block", BlockT: s.win.T, Win: s.win2()}
	bo := videoOpts{Title: "pitfall", Shape: s.shapeX, Group0: wgFrameBadID, Note: s.misplacedNote, BlockT: s.win.T, Win: s.win2()}
	if narrow {
		ro.Note, bo.Note = "", ""
		bo.Shape = s.misplacedNote
	}
	var cells []viz.Rect
	if s.pitfall {
		hv := s.vback.height(bottom.W, (bottom.H-20)/2, ro)
		cells = stackFlow(bottom, 20, 220, hv, hv)
	} else {
		cells = []viz.Rect{bottom}
	}
	oc := s.hout.drawFit(c, top, f, mo)
	s.vback.draw(c, cells[0], f, ro)
	if s.pitfall {
		s.vbadID.draw(c, cells[1], f, bo)
	}
	if oc.W == 0 || !s.vback.drawn() || (s.pitfall && !s.vbadID.drawn()) {
		return
	}
	flyTokens(c, f.Frac, n*m, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		return cellOf(oc, m, n, g/n, g%n), s.tokenCell(&s.vback, s.tokOf[g]), identityColour(g/n, g%n, n)
	})
	if s.pitfall {
		flyTokens(c, f.Frac, n*m, func(g int) (viz.Rect, viz.Rect, viz.Color) {
			return cellOf(oc, m, n, g/n, g%n), s.tokenCell(&s.vbadID, s.landing[s.tokOf[g]]), identityColour(g/n, g%n, n)
		})
	}
	if g, ok := f.Focused(wgOut); ok && g < n*m {
		p := s.tokOf[g]
		r := s.tokenCell(&s.vback, p)
		c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.Bad)
		if s.pitfall {
			r = s.tokenCell(&s.vbadID, s.landing[p])
			c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.Bad)
		}
	}
}

// drawUnpartitionQuiz is the un-partition of the version under test only:
// the tube outputs fly to where it puts them, in one panel named y.
func (s *windowView) drawUnpartitionQuiz(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n, m := s.win.Size(), s.st.NumTubes()
	mo := heatOpts{Title: "tube outputs", Shape: s.shapeTubes, RowTitle: "tube ↓", RowLabels: s.tubeRows,
		ColTitle: "token in tube", ColLabels: s.tokCols, Group: wgOut, NoScale: true, MaxCell: 24}
	top, bottom := area.CutTop(min(heatNeed(c, area.W, m, n, mo), area.H*0.4))
	_, bottom = bottom.CutTop(16)
	v, group := &s.vback, wgFrameBack
	if s.pitfall {
		v, group = &s.vbadID, wgFrameBadID
	}
	oc := s.hout.drawFit(c, top, f, mo)
	v.draw(c, bottom, f, videoOpts{Title: "y", Shape: s.shapeX, Group0: group, BlockT: s.win.T, Win: s.win2()})
	if oc.W == 0 || !v.drawn() {
		return
	}
	flyTokens(c, f.Frac, n*m, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		p := s.tokOf[g]
		if s.pitfall {
			p = s.landing[p]
		}
		return cellOf(oc, m, n, g/n, g%n), s.tokenCell(v, p), identityColour(g/n, g%n, n)
	})
}

// SetQuiz implements scene.Quizzer.
func (s *windowView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *windowView) Explain(variant int) string {
	return quizExplain("000", variant, "The right version un-partitions with permute(0, 7, 1, 4, 2, 5, 3, 6): block and window axes interleave again, "+
		"and every tube lands back in its block.")
}

// drawOutput shows y beside x, or beside the pitfall's y (the same numbers
// moved): hovering a token outlines where it sits in the other panel.
func (s *windowView) drawOutput(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	hw := s.hh * s.ww
	a, b := &s.vx, &s.vy
	ao := videoOpts{Title: "x", Shape: s.shapeX, Group0: wgFrameX, Scale: true, ScaleLabel: s.chLabel(), BlockT: s.win.T, Win: s.win2()}
	bo := videoOpts{Title: "y", Shape: s.shapeX, Group0: wgFrameY, Scale: true, ScaleLabel: s.chLabel(), BlockT: s.win.T, Win: s.win2()}
	switch {
	case s.quiz && s.pitfall:
		b, bo.Group0 = &s.vbad, wgFrameBad
	case s.pitfall:
		a, b = &s.vy, &s.vbad
		ao.Title, ao.Group0 = "right y", wgFrameY
		bo.Title, bo.Group0 = "pitfall y", wgFrameBad
	}
	cells := stackFlow(area, 30, 240, a.height(area.W, area.H*0.5, ao), -1)
	a.draw(c, cells[0], f, ao)
	b.draw(c, cells[1], f, bo)
	if !s.pitfall || s.quiz {
		return
	}
	if !s.vy.drawn() || !s.vbad.drawn() {
		return
	}
	for t := range s.tt {
		if q, ok := f.Focused(wgFrameY + t); ok {
			r := s.tokenCell(&s.vbad, s.landing[t*hw+q])
			c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.Accent)
		}
		if q, ok := f.Focused(wgFrameBad + t); ok {
			r := s.tokenCell(&s.vy, s.holder[t*hw+q])
			c.StrokeRect(r.X, r.Y, r.W, r.H, 2.5, viz.Accent)
		}
	}
}

// Readout implements scene.Readouter: the numbers depend on the values
// only, so Reset builds them once.
func (s *windowView) Readout(f *scene.Frame) []scene.KV { return s.kv }

// buildReadout lists the numbers the readout panel shows.
func (s *windowView) buildReadout() []scene.KV {
	if s.st == nil || s.quiz {
		return nil
	}
	n, all := s.win.Size(), s.tt*s.hh*s.ww
	m := s.st.NumTubes()
	kv := []scene.KV{
		{Key: "x and y", Value: s.shapeX},
		{Key: "tubes × tokens × channels", Value: s.shapeTubes},
		{Key: "scores per head, windowed", Value: strconv.Itoa(m) + " × " + strconv.Itoa(n) + "² = " + strconv.Itoa(m*n*n)},
		{Key: "scores per head, full", Value: strconv.Itoa(all) + "² = " + strconv.Itoa(all*all)},
	}
	if s.pitfall {
		kv = append(kv, scene.KV{Key: "tokens misplaced by the pitfall", Value: strconv.Itoa(s.misplaced) + " of " + strconv.Itoa(all)})
	}
	return kv
}

// tokenName is "(t, h, w)" of token p.
func (s *windowView) tokenName(p int) string {
	hw := s.hh * s.ww
	return "(" + strconv.Itoa(p/hw) + ", " + strconv.Itoa(p%hw/s.ww) + ", " + strconv.Itoa(p%s.ww) + ")"
}

// Inspect implements scene.Inspector. In quiz mode what differs between
// the versions names no source: hovering must not give the answer away.
func (s *windowView) Inspect(f *scene.Frame, tg scene.Target) (scene.Inspection, bool) {
	in, ok := s.inspect(f, tg)
	if ok && s.quiz {
		g := tg.Group
		if g >= 100 {
			g = g / 100 * 100
		}
		switch g {
		case wgFrameY, wgFrameBad, wgFrameBack, wgFrameBadID:
			in.Source = "the version under test"
		}
	}
	return in, ok
}

func (s *windowView) inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "attention.WindowTrace (= attention.WindowAttention)"
	n, m, c := s.win.Size(), s.st.NumTubes(), winC
	hw := s.hh * s.ww
	vshape := []int{1, c, s.tt, s.hh, s.ww}
	video := func(name, tensor string, x *core.Tensor, fr int, source string) scene.Inspection {
		q := t.Index
		return inspectCell(name, tensor, x.Data, vshape, []int{0, s.ch, fr, q / s.ww, q % s.ww}, source)
	}
	frame := func(base int) (int, bool) {
		fr := t.Group - base
		return fr, fr >= 0 && fr < s.tt && t.Index >= 0 && t.Index < hw
	}
	switch {
	case t.Group == wgTubes || t.Group == wgOut:
		if t.Index < 0 || t.Index >= n*m {
			return scene.Inspection{}, false
		}
		k, i := t.Index/n, t.Index%n
		if t.Group == wgTubes {
			in := inspectCell("partitioned token", "tubes", s.st.Tubes.Data, []int{m, n, c}, []int{k, i, s.ch}, src)
			in.Detail = "token " + s.tokenName(s.tokOf[t.Index]) + " of x, token " + strconv.Itoa(i) + " of tube " + s.tubeNames[k]
			return in, true
		}
		in := inspectCell("tube output", "out", s.st.Out.Data, []int{m, n, c}, []int{k, i, s.ch}, src)
		in.Detail = "goes back to " + s.tokenName(s.tokOf[t.Index])
		return in, true
	case t.Group == wgWeights:
		k := s.tube[min(f.Step, len(s.tube)-1)]
		if k < 0 || t.Index < 0 || t.Index >= n*n {
			return scene.Inspection{}, false
		}
		i, j := t.Index/n, t.Index%n
		in := inspectCell("attention weight", "weights", s.st.Weights.Data, []int{m, s.heads, n, n}, []int{k, s.head, i, j}, src)
		in.Detail = "query " + s.tokenName(s.tokOf[k*n+i]) + ", key " + s.tokenName(s.tokOf[k*n+j])
		return in, true
	}
	if fr, ok := frame(wgFrameX); ok {
		return video("input token", "x", s.x, fr, src), true
	}
	if fr, ok := frame(wgFrameY); ok {
		return video("output token", "y", s.st.Y, fr, src), true
	}
	if fr, ok := frame(wgFrameBad); ok && s.bad != nil {
		if s.quiz {
			return video("output token", "y", s.bad, fr, "the version under test"), true
		}
		in := video("pitfall output", "y", s.bad, fr, "mistakes.UnpartitionOrder")
		in.Detail = "holds the output of token " + s.tokenName(s.holder[fr*hw+t.Index])
		return in, true
	}
	if fr, ok := frame(wgFrameID); ok {
		p := fr*hw + t.Index
		return scene.Inspection{Name: "token " + s.tokenName(p), Value: "tube " + s.tubeNames[s.tubeOfTok[p]] + ", token " + strconv.Itoa(s.idxOfTok[p]),
			Tensor: "x", Index: shapeOf(0, s.ch, fr, t.Index/s.ww, t.Index%s.ww), Shape: shapeOf(vshape...), Source: "attention.Window.TubeOf",
			Detail: "value " + fmtNum(float64(s.x.Data[(s.ch*s.tt+fr)*hw+t.Index]))}, true
	}
	if fr, ok := frame(wgFrameBack); ok {
		p := fr*hw + t.Index
		return scene.Inspection{Name: "place " + s.tokenName(p), Value: "holds token " + s.tokenName(p), Tensor: "y",
			Index: shapeOf(0, s.ch, fr, t.Index/s.ww, t.Index%s.ww), Shape: shapeOf(vshape...), Source: src,
			Detail: "from tube " + s.tubeNames[s.tubeOfTok[p]] + ", token " + strconv.Itoa(s.idxOfTok[p])}, true
	}
	if fr, ok := frame(wgFrameBadID); ok && s.holder != nil {
		p := fr*hw + t.Index
		src := s.holder[p]
		in := scene.Inspection{Name: "place " + s.tokenName(p), Value: "holds token " + s.tokenName(src), Tensor: "y",
			Index: shapeOf(0, s.ch, fr, t.Index/s.ww, t.Index%s.ww), Shape: shapeOf(vshape...),
			Source: "attention.Window.MisplacedToken (mistakes.UnpartitionOrder)",
			Detail: "from tube " + s.tubeNames[s.tubeOfTok[src]] + ", token " + strconv.Itoa(s.idxOfTok[src])}
		if s.quiz {
			in.Source = "the version under test"
		} else if src != p {
			in.Detail += ": misplaced"
		}
		return in, true
	}
	if fr, ok := frame(wgFrameAtt); ok {
		k := s.tube[min(f.Step, len(s.tube)-1)]
		p := fr*hw + t.Index
		in := scene.Inspection{Name: "weight on token " + s.tokenName(p), Tensor: "weights", Shape: s.shapeW, Source: src}
		if k < 0 || s.tubeOfTok[p] != k {
			in.Value, in.Detail = "out of reach", "in tube "+s.tubeNames[s.tubeOfTok[p]]+", not the query's"
			return in, true
		}
		qi := min(int(f.Frac*float64(n)), n-1)
		in.Value = fmtNum(float64(s.tubeWeights(k)[qi*n+s.idxOfTok[p]]))
		in.Index = shapeOf(k, s.head, qi, s.idxOfTok[p])
		in.Detail = "from query " + s.tokenName(s.tokOf[k*n+qi])
		return in, true
	}
	return scene.Inspection{}, false
}
