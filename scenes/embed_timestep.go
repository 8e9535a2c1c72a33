package scenes

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"dlprep/core"
	"dlprep/core/embed"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/plot"
	"dlprep/viz/scene"
)

// Problem 009, the sinusoidal timestep embedding, as Play sweeps t: the
// D/2 frequencies, each a clock whose hand turns by t·f_i, the sines and
// cosines of those angles filling the embedding row by row, and how alike
// the codes of two timesteps are. Everything is embed.TimestepTrace's;
// the pitfall is mistakes.TimestepFreqOverDTrace.

const (
	tsN      = 100 // timesteps shown: 0, 10, …, 990
	tsStep   = 10
	tsTMax   = 999
	tsMaxDim = 32
)

// Inspection groups of the timestep view.
const (
	gTsPeriod = iota + 1
	gTsBadPeriod
	gTsEmb
	gTsBadEmb
	gTsSim
	gTsBadSim
	gTsBar
	gTsBadBar
	gTsDial    = 100 // + frequency index
	gTsBadDial = 200
)

type tsStepKind int

const (
	tsFreqs tsStepKind = iota
	tsAngles
	tsSinCos
	tsSimilar
)

type timestepView struct {
	d                   int
	layout              embed.Layout
	pitfall             string
	ts                  []float32
	st, bad             *embed.TimestepStages // over ts
	sim                 *core.Tensor          // E·Eᵀ/(D/2) [tsN, tsN]
	badSim              *core.Tensor
	embT, badEmbT       *core.Tensor // PE transposed [D, tsN]: a column per timestep
	periods             []float32    // 2π/f_i
	badPer              []float32
	steps               []tsStepKind
	tl                  scene.Timeline
	hper, hbadPer       heat
	hemb, hbadEmb       heat
	embMask             []bool
	shownRow            int
	hsim, hbadSim       heat
	colLabels           []string
	perNums, badPerNums []string
	// The first stage's plot of a few sine columns over t, a viz/plot
	// Figure (the page renders it in its plot worker); figVer moves with
	// every Reset so a changed view is drawn again.
	fig    plot.Figure
	figVer uint64
	tsF    []float64
	seed   uint64
	// quiz: draw only the version the pitfall selects, named by nothing
	// (Reset puts it in st, sim and embT, and drops bad).
	quiz bool
	// text made by Reset, or once per timestep a sweep reaches: a frame
	// formats nothing.
	perOpts, badPerOpts, simOpts, badSimOpts, embOpts, badEmbOpts heatOpts
	rowT                                                          []string // the timesteps' labels, every 25th row
	dialLabels                                                    []string
	barShape                                                      string
	dialTitles                                                    memo[int, string]
	barTitles                                                     memo[int, string]
	ro                                                            kvMemo[[2]int]
	cells                                                         cellsBuf
}

// unitBarEnds are the ends of a bar chart of values in [−1, 1].
var unitBarEnds = barEnds(1)

func newTimestepView() *timestepView { return &timestepView{} }

func (s *timestepView) Info() scene.Info {
	p, _ := problems.Lookup("009")
	return scene.Info{ID: "timestep_embedding", Problem: "009", Title: p.Title, Family: "diffusion", Statement: p.Statement,
		Formula: `\mathrm{PE}(t, 2i) = \sin(t f_i),\quad \mathrm{PE}(t, 2i+1) = \cos(t f_i),\quad f_i = 10000^{-2i/D},\quad i = 0, \ldots, D/2 - 1`,
		LookFor: "Each pair of columns is a clock: frequency f_i turns its hand by t·f_i radians, the sine and cosine are where the hand " +
			"points. The first clock goes round once every 2π ≈ 6 steps, the last once every 2π·10000^((D−2)/D) steps, so together " +
			"they tell every t from 0 to 999 apart, near ones by the fast clocks and far ones by the slow. Concatenated, the sines " +
			"come first and the cosines after, with f_i = exp(−ln(10000)·i/(D/2−1)). With the frequencies indexed over D (the " +
			"pitfall) the exponents only reach half way: the slowest clock still turns every few hundred steps, the similarity of two " +
			"codes no longer falls smoothly with their distance, and near and far timesteps look alike (stripes off the diagonal)."}
}

func (s *timestepView) Params() []scene.Param {
	return []scene.Param{
		{Name: "dim", Label: "embedding size D", Kind: scene.Int, Min: 4, Max: tsMaxDim, Step: 2, Default: 16},
		{Name: "layout", Label: "layout", Kind: scene.Choice, Choices: []string{"interleaved", "concat"}, Default: 0,
			Help: "sin and cos interleaved (the Transformer's) or concatenated [sin | cos] (diffusion models')"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1,
			Help: "the batch of timesteps: 1 is every tenth from 0 to 990, the others 100 drawn at random from 0–999"},
		scene.PitfallParam(mistakeIDs("009")...),
	}
}

func (s *timestepView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Pitfall: frequencies over D", Values: scene.Values{"pitfall": 1}},
		{Name: "Concatenated [sin | cos]", Values: scene.Values{"layout": 1}},
		{Name: "Small D", Values: scene.Values{"dim": 6}},
	}
}

func (s *timestepView) Reset(v scene.Values) error {
	s.d = int(v["dim"])
	s.layout = embed.Interleaved
	if int(v["layout"]) == 1 {
		s.layout = embed.Concat
	}
	s.pitfall = ""
	if int(v["pitfall"]) > 0 {
		s.pitfall = mistakeIDs("009")[0]
	}
	s.seed = uint64(max(1, v["seed"]))
	s.ts = tsBatch(s.ts, s.seed)
	var err error
	if s.st, err = embed.TimestepTrace(s.ts, s.d, s.layout); err != nil {
		return err
	}
	if s.sim, err = tsSimilarity(s.st.Emb, s.d); err != nil {
		return err
	}
	if s.embT, err = s.st.Emb.Permute(1, 0); err != nil {
		return err
	}
	s.bad, s.badSim = nil, nil
	if s.pitfall != "" {
		if s.bad, err = mistakes.TimestepFreqOverDTrace(s.ts, s.d, s.layout); err != nil {
			return err
		}
		if s.badSim, err = tsSimilarity(s.bad.Emb, s.d); err != nil {
			return err
		}
		if s.badEmbT, err = s.bad.Emb.Permute(1, 0); err != nil {
			return err
		}
		if s.quiz {
			// The version under test is the embedding drawn.
			s.st, s.sim, s.embT = s.bad, s.badSim, s.badEmbT
			s.bad, s.badSim, s.badEmbT = nil, nil, nil
		}
	}
	s.buildPictures()
	s.buildTimeline()
	s.buildText()
	s.figVer++
	return nil
}

// tsBatch fills dst with the timesteps of seed's batch, in increasing
// order: every tenth step for seed 1, tsN distinct ones drawn from
// 0..tsTMax for the others.
func tsBatch(dst []float32, seed uint64) []float32 {
	dst = dst[:0]
	if seed <= 1 {
		for i := range tsN {
			dst = append(dst, float32(i*tsStep))
		}
		return dst
	}
	rng := rand.New(rand.NewPCG(seed, 9))
	pick := rng.Perm(tsTMax + 1)[:tsN]
	slices.Sort(pick)
	for _, t := range pick {
		dst = append(dst, float32(t))
	}
	return dst
}

// SetQuiz implements scene.Quizzer.
func (s *timestepView) SetQuiz(on bool) { s.quiz = on }

// Explain implements scene.Quizzer: what each variant computes.
func (s *timestepView) Explain(variant int) string {
	return quizExplain("009", variant, "The right version spaces the frequencies as exp(−ln(10000)·i/(D/2)): the slowest clock turns "+
		"once in thousands of steps, so every timestep from 0 to 999 gets a code of its own.")
}

// buildText writes the panels' labels.
func (s *timestepView) buildText() {
	s.rowT = make([]string, tsN)
	for i := 0; i < tsN; i += 25 {
		s.rowT[i] = strconv.Itoa(int(s.ts[i]))
	}
	half := s.d / 2
	s.dialLabels = s.dialLabels[:0]
	for i := range half {
		s.dialLabels = append(s.dialLabels, "f"+strconv.Itoa(i))
	}
	s.perOpts = heatOpts{Title: "period 2π/f_i in steps (colour: log10)", Shape: shapeOf(half), ColTitle: "frequency i", ColLabels: indexLabels(0, half),
		Group: gTsPeriod, MaxCell: 33}
	s.badPerOpts = s.perOpts
	s.badPerOpts.Title, s.badPerOpts.Group = "pitfall: over D", gTsBadPeriod
	s.simOpts = heatOpts{Title: "PE·PE^T/(D/2)", Shape: shapeOf(tsN, tsN), RowTitle: "t", RowLabels: s.rowT, ColTitle: "t'", ColLabels: s.rowT,
		Group: gTsSim}
	s.badSimOpts = s.simOpts
	s.badSimOpts.Title, s.badSimOpts.Group = "pitfall", gTsBadSim
	s.embOpts = heatOpts{Title: "PE for every t", Shape: "t across: transposed " + shapeOf(s.d, tsN), RowLabels: s.colLabels,
		ColLabels: s.rowT, Group: gTsEmb, MaxCell: 40}
	s.badEmbOpts = s.embOpts
	s.badEmbOpts.Title, s.badEmbOpts.Group = "pitfall PE for every t", gTsBadEmb
	s.barShape = s.layout.String() + " " + shapeOf(s.d)
	s.dialTitles.reset()
	s.barTitles.reset()
	s.ro.reset()
}

// plotSpec draws sin(t·f_i) over t for a middle and the slowest
// frequency, read from the embedding's sine columns, the pitfall's dashed.
func (s *timestepView) plotSpec() plot.Spec {
	s.tsF = s.tsF[:0]
	for _, t := range s.ts {
		s.tsF = append(s.tsF, float64(t))
	}
	half := s.d / 2
	sp := plot.Spec{Title: "sin(t·f_i) over t", XLabel: "timestep t", YLabel: "value", XMin: 0, XMax: float64((tsN - 1) * tsStep), YMin: -1.15, YMax: 1.15}
	col := func(e *embed.TimestepStages, i int) []float64 {
		j := 2 * i
		if s.layout == embed.Concat {
			j = i
		}
		out := make([]float64, tsN)
		for r := range out {
			out[r] = float64(e.Emb.Data[r*s.d+j])
		}
		return out
	}
	for k, i := range []int{half / 2, half - 1} {
		sp.Series = append(sp.Series, plot.Series{Label: "i=" + strconv.Itoa(i), X: s.tsF, Y: col(s.st, i), Color: viz.Categorical(k), Width: 2})
		if s.bad != nil {
			lbl := ""
			if k == 0 {
				lbl = "dashed: pitfall"
			}
			sp.Series = append(sp.Series, plot.Series{Label: lbl, X: s.tsF, Y: col(s.bad, i), Color: viz.Categorical(k), Width: 1.5, Dashed: true})
		}
	}
	return sp
}

// tsSimilarity is E·Eᵀ/(D/2): 1 on the diagonal (each sin² + cos² = 1),
// lower the more two timesteps' codes differ.
func tsSimilarity(e *core.Tensor, d int) (*core.Tensor, error) {
	et, err := e.Permute(1, 0)
	if err != nil {
		return nil, err
	}
	sim, err := core.MatMul(e, et)
	if err != nil {
		return nil, err
	}
	for i := range sim.Data {
		sim.Data[i] /= float32(d / 2)
	}
	return sim, nil
}

func (s *timestepView) buildTimeline() {
	half := strconv.Itoa(s.d / 2)
	s.steps = []tsStepKind{tsFreqs, tsAngles, tsSinCos, tsSimilar}
	s.tl = scene.Timeline{
		{Stage: "frequencies", Caption: "D/2 = " + half + " frequencies, spaced geometrically from 1 down to 1/10000: here as periods 2π/f_i, in steps.",
			Shapes: "f " + shapeOf(s.d/2), Seconds: 1.5},
		{Stage: "angles", Caption: "t[:, None] · f[None]: each frequency is a clock turning t·f_i radians. Play sweeps t from 0 to 999.",
			Shapes: "t " + shapeOf(tsN) + " · f " + shapeOf(s.d/2) + " → " + shapeOf(tsN, s.d/2), Seconds: 6},
		{Stage: "sin and cos", Caption: "Row t of the embedding: the sine and cosine of every clock's angle, " + s.layout.String() + ".",
			Shapes: shapeOf(tsN, s.d/2) + " → sin, cos → PE " + shapeOf(tsN, s.d), Seconds: 6},
		{Stage: "similarity", Caption: "",
			Shapes: shapeOf(tsN, s.d) + " · " + shapeOf(s.d, tsN) + " → " + shapeOf(tsN, tsN), Seconds: 3},
	}
	s.tl[3].Caption = "PE·PE^T/(D/2): near timesteps get alike codes, far ones different ones, so every t is told apart."
	if s.quiz {
		// Say what is drawn, never what it should be: that is the answer.
		s.tl[0].Caption = "D/2 = " + half + " frequencies f_i, drawn as periods 2π/f_i, in steps."
		s.tl[3].Caption = "PE·PE^T/(D/2): how alike the codes of every two timesteps of the batch are."
		return
	}
	if s.pitfall != "" {
		s.tl[0].Caption = "Over D, the exponents reach only half way: the pitfall's slowest period is " + strconv.Itoa(int(math.Round(float64(s.badPer[len(s.badPer)-1])))) +
			" steps, not " + strconv.Itoa(int(math.Round(float64(s.periods[len(s.periods)-1])))) + "."
		s.tl[1].Caption = "The pitfall's clocks (red) all turn faster: none is slow enough to count to 999 without wrapping."
		s.tl[3].Caption = "Without its slow clocks the pitfall's similarity falls to stripes of noise a few steps off the diagonal: near and far look alike."
	}
}

func (s *timestepView) buildPictures() {
	half := s.d / 2
	per := func(f []float64) []float32 {
		out := make([]float32, len(f))
		for i, v := range f {
			out[i] = float32(2 * math.Pi / v)
		}
		return out
	}
	s.periods = per(s.st.Freqs)
	top := float64(s.periods[half-1])
	if s.bad != nil {
		s.badPer = per(s.bad.Freqs)
	}
	logs := func(p []float32) []float32 { // log10 of the periods, for the colours
		out := make([]float32, len(p))
		for i, v := range p {
			out[i] = float32(math.Log10(float64(v)))
		}
		return out
	}
	s.hper.set(logs(s.periods), 1, half, viz.Viridis, 0, math.Log10(top), nil)
	s.perNums = s.perNums[:0]
	for _, v := range s.periods {
		s.perNums = append(s.perNums, tsPeriod(float64(v)))
	}
	if s.bad != nil {
		s.hbadPer.set(logs(s.badPer), 1, half, viz.Viridis, 0, math.Log10(top), nil)
		s.badPerNums = s.badPerNums[:0]
		for _, v := range s.badPer {
			s.badPerNums = append(s.badPerNums, tsPeriod(float64(v)))
		}
	}
	s.colLabels = s.colLabels[:0]
	for j := 0; j < s.d; j++ {
		i, sc := j/2, "s"
		if j%2 == 1 {
			sc = "c"
		}
		if s.layout == embed.Concat {
			i, sc = j%half, "s"
			if j >= half {
				sc = "c"
			}
		}
		s.colLabels = append(s.colLabels, sc+strconv.Itoa(i))
	}
	s.shownRow = -2
	s.reveal(tsN - 1)
	s.hsim.set(s.sim.Data, tsN, tsN, viz.BlueWhiteRed, -1, 1, nil)
	if s.badSim != nil {
		s.hbadSim.set(s.badSim.Data, tsN, tsN, viz.BlueWhiteRed, -1, 1, nil)
	}
}

// reveal shows the embeddings' columns (timesteps) up to col, the rest
// grey.
func (s *timestepView) reveal(col int) {
	if col == s.shownRow {
		return
	}
	s.shownRow = col
	s.embMask = s.embMask[:0]
	for j := 0; j < s.d; j++ {
		for r := 0; r < tsN; r++ {
			s.embMask = append(s.embMask, r > col)
		}
	}
	s.hemb.set(s.embT.Data, s.d, tsN, viz.BlueWhiteRed, -1, 1, s.embMask)
	if s.bad != nil {
		s.hbadEmb.set(s.badEmbT.Data, s.d, tsN, viz.BlueWhiteRed, -1, 1, s.embMask)
	}
}

func (s *timestepView) Timeline() scene.Timeline { return s.tl }

// tAt is the swept timestep (its row of the grid) at f.
func (s *timestepView) tAt(f *scene.Frame) (t float64, row int) {
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case tsAngles:
		t = math.Round(f.Frac * tsTMax)
	case tsSinCos:
		// The rows of the batch: t snaps to them.
		row = cvStepOf(f.Frac, tsN)
		return float64(s.ts[row]), row
	case tsFreqs:
		t = 0
	default:
		t = tsTMax
	}
	// The last timestep of the batch at or before t.
	row, _ = slices.BinarySearch(s.ts, float32(t)+0.5)
	return t, max(row-1, 0)
}

func (s *timestepView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	if s.st == nil {
		return
	}
	area := viz.Rect{W: w, H: h}.Inset(10)
	k := min(f.Step, len(s.steps)-1)
	t, row := s.tAt(f)
	switch s.steps[k] {
	case tsFreqs:
		s.reveal(tsN - 1)
		n := 1
		if s.bad != nil {
			n = 2
		}
		var cells [2]viz.Rect
		if cvHorizontal(area) && n == 2 {
			cells[0], cells[1] = viz.Rect{X: area.X, Y: area.Y, W: area.W, H: 300}.CutTop(150)
		} else {
			copy(cells[:], s.cells.flow(viz.Rect{X: area.X, Y: area.Y, W: area.W, H: math.Min(area.H, float64(n)*150)}, n, 12, 200))
		}
		pc := s.hper.draw(c, cells[0], f, s.perOpts)
		cvNumbers(c, pc, &s.hper, s.perNums)
		if s.bad != nil {
			bc := s.hbadPer.draw(c, cells[1], f, s.badPerOpts)
			cvNumbers(c, bc, &s.hbadPer, s.badPerNums)
			if bc.W > 0 {
				c.StrokeRect(bc.X-3, bc.Y-3, bc.W+6, bc.H+6, 2, viz.Bad)
			}
		}
		pr := viz.Rect{X: area.X, Y: area.Y + float64(n)*150 + 10, W: area.W, H: area.H - float64(n)*150 - 10}
		viz.MarkPanel(c, pr)
		drawFigure(c, &s.fig, s.figVer, s.plotSpec, pr)
	case tsAngles:
		s.reveal(row)
		s.drawDials(c, area, f, t)
	case tsSinCos:
		s.reveal(row)
		s.drawEmb(c, area, f, row)
	case tsSimilar:
		s.reveal(tsN - 1)
		cells := [2]viz.Rect{fitWidth(area, 420)}
		if s.badSim != nil {
			copy(cells[:], s.cells.flow(area, 2, 24, 200))
		}
		s.hsim.draw(c, cells[0], f, s.simOpts)
		if s.badSim != nil {
			if bc := s.hbadSim.draw(c, cells[1], f, s.badSimOpts); bc.W > 0 {
				c.StrokeRect(bc.X-3, bc.Y-3, bc.W+6, bc.H+6, 2, viz.Bad)
			}
		}
	}
}

// tsPeriod writes a period in at most five characters: "63", "6.3k".
func tsPeriod(v float64) string {
	if v >= 1000 {
		return strconv.FormatFloat(v/1000, 'f', 1, 64) + "k"
	}
	return strconv.Itoa(int(math.Round(v)))
}

// drawDials draws one clock per frequency with its hand at angle t·f_i
// (the cosine across, the sine up), and the pitfall's clocks under them.
func (s *timestepView) drawDials(c viz.Canvas, r viz.Rect, f *scene.Frame, t float64) {
	half := s.d / 2
	rows := 1
	if s.bad != nil {
		rows = 2
	}
	lh := viz.LineHeight(kitLabel)
	// As many clocks per line as makes them largest.
	perRow, rad := half, 0.0
	for pr := half; pr >= 1; pr-- {
		ln := (half + pr - 1) / pr
		rh := (r.H - float64(rows)*(lh+8)) / float64(rows*ln)
		if rr := math.Min(math.Min(r.W/float64(pr)/2-6, rh/2-lh/2-4), 48); rr > rad+0.5 {
			perRow, rad = pr, rr
		}
	}
	cell := r.W / float64(perRow)
	lines := (half + perRow - 1) / perRow
	rowH := (r.H - float64(rows)*(lh+8)) / float64(rows*lines)
	if rad < 6 {
		return
	}
	y := r.Y
	ti := int(t)
	c.Text(r.X, y+kitLabel, s.dialTitles.get(ti, func() string { return "t = " + strconv.Itoa(ti) + ": each hand at angle t·f_i" }), kitLabel, viz.Ink, viz.AlignLeft)
	for rr := 0; rr < rows; rr++ {
		if rr == 1 {
			c.Text(r.X, y+kitLabel, "pitfall: frequencies over D", kitLabel, viz.Bad, viz.AlignLeft)
		}
		y += lh + 8
		freqs, col, group := s.st.Freqs, viz.Accent, gTsDial
		if rr == 1 {
			freqs, col, group = s.bad.Freqs, viz.Bad, gTsBadDial
		}
		for i := 0; i < half; i++ {
			line, pos := i/perRow, i%perRow
			cx := r.X + (float64(pos)+0.5)*cell
			cy := y + float64(line)*rowH + rad + 2
			c.FillCircle(cx, cy, rad, viz.Panel)
			c.Line(cx-rad, cy, cx+rad, cy, 1, viz.Grid)
			c.Line(cx, cy-rad, cx, cy+rad, 1, viz.Grid)
			a := float64(float32(t) * float32(freqs[i]))
			sn, cs := math.Sincos(a)
			c.Line(cx, cy, cx+cs*rad*0.9, cy-sn*rad*0.9, 3, col)
			c.FillCircle(cx, cy, 2.5, viz.Ink)
			c.Text(cx, cy+rad+kitLabel+2, viz.Ellipsize(c, s.dialLabels[i], kitLabel, cell-4), kitLabel, viz.InkMuted, viz.AlignCenter)
			f.Dot(group+i, 0, cx, cy, rad)
		}
		y += float64(lines) * rowH
	}
}

// drawEmb shows the embedding of the swept t as bars (sines and cosines
// coloured apart) over the embedding of every t, a column per timestep,
// filling in up to t (and the pitfall's under the right one).
func (s *timestepView) drawEmb(c viz.Canvas, area viz.Rect, f *scene.Frame, row int) {
	n := 1
	if s.bad != nil {
		n = 2
	}
	h := area.H / float64(n)
	for i := 0; i < n; i++ {
		r := viz.Rect{X: area.X, Y: area.Y + float64(i)*h, W: area.W, H: h - 8}
		bars, mat := r.CutTop(math.Min(r.H*0.36, 140))
		e, hm, bg, o := s.st.Emb, &s.hemb, gTsBar, s.embOpts
		if i == 1 {
			e, hm, bg, o = s.bad.Emb, &s.hbadEmb, gTsBadBar, s.badEmbOpts
		}
		name := s.barTitles.get(i*tsN+row, func() string {
			if i == 1 {
				return "pitfall PE(t = " + strconv.Itoa(int(s.ts[row])) + ")"
			}
			return "PE(t = " + strconv.Itoa(int(s.ts[row])) + ")"
		})
		cvBars(c, bars, f, e.Data[row*s.d:(row+1)*s.d], cvBarOpts{Title: name, Shape: s.barShape, Lim: 1, Ends: unitBarEnds,
			Split: s.layout == embed.Concat, Labels: s.colLabels, Group: bg, Hi: -1})
		if ec := hm.draw(c, mat, f, o); ec.W > 0 {
			outlineCol(c, ec, tsN, row, viz.Ink)
			if i == 1 {
				c.StrokeRect(ec.X-3, ec.Y-3, ec.W+6, ec.H+6, 2, viz.Bad)
			}
		}
	}
}

// Readout implements scene.Readouter.
func (s *timestepView) Readout(f *scene.Frame) []scene.KV {
	if s.st == nil || s.quiz {
		return nil
	}
	t, _ := s.tAt(f)
	return s.ro.get([2]int{min(f.Step, len(s.steps)-1), int(t)}, func() []scene.KV { return s.readout(t) })
}

// readout is the readout at timestep t.
func (s *timestepView) readout(t float64) []scene.KV {
	half := s.d / 2
	kv := []scene.KV{
		{Key: "D, layout", Value: strconv.Itoa(s.d) + ", " + s.layout.String()},
		{Key: "t", Value: strconv.Itoa(int(t))},
		{Key: "fastest period", Value: f2(float64(s.periods[0])) + " steps"},
		{Key: "slowest period", Value: strconv.Itoa(int(math.Round(float64(s.periods[half-1])))) + " steps"},
	}
	if s.bad != nil {
		kv = append(kv, scene.KV{Key: "pitfall's slowest period", Value: strconv.Itoa(int(math.Round(float64(s.badPer[half-1])))) + " steps"})
	}
	return kv
}

// Inspect implements scene.Inspector.
func (s *timestepView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	src := "embed.TimestepTrace (= embed.TimestepEmbedding)"
	if s.quiz {
		src = quizSource
	}
	const badSrc = "mistakes.TimestepFreqOverDTrace"
	i, half := t.Index, s.d/2
	tt, _ := s.tAt(f)
	switch g := t.Group; {
	case g == gTsPeriod || (g == gTsBadPeriod && s.bad != nil):
		fr, p, source := s.st.Freqs, s.periods, src
		if g == gTsBadPeriod {
			fr, p, source = s.bad.Freqs, s.badPer, badSrc
		}
		j := i % half
		return scene.Inspection{Name: "period of frequency " + strconv.Itoa(j), Value: fmtNum(float64(p[j])) + " steps", Tensor: "2π/f",
			Index: shapeOf(j), Shape: shapeOf(half), Source: source, Detail: "f = " + fmtNum(fr[j]) + " rad per step"}, true
	case g >= gTsDial && g < gTsDial+half:
		j := g - gTsDial
		return scene.Inspection{Name: "clock " + strconv.Itoa(j) + " at t = " + strconv.Itoa(int(tt)), Value: fmtNum(math.Mod(float64(float32(tt)*float32(s.st.Freqs[j])), 2*math.Pi)) + " rad",
			Tensor: "t·f", Index: shapeOf(int(tt), j), Shape: "[T, " + strconv.Itoa(half) + "]", Source: src, Detail: "angle mod 2π; f = " + fmtNum(s.st.Freqs[j])}, true
	case s.bad != nil && g >= gTsBadDial && g < gTsBadDial+half:
		j := g - gTsBadDial
		return scene.Inspection{Name: "pitfall clock " + strconv.Itoa(j), Value: fmtNum(math.Mod(float64(float32(tt)*float32(s.bad.Freqs[j])), 2*math.Pi)) + " rad",
			Tensor: "t·f", Index: shapeOf(int(tt), j), Shape: "[T, " + strconv.Itoa(half) + "]", Source: badSrc, Detail: "f = " + fmtNum(s.bad.Freqs[j])}, true
	case g == gTsEmb || (g == gTsBadEmb && s.bad != nil):
		// Drawn transposed: row j is feature j, column r timestep r·10.
		e, source := s.st.Emb, src
		if g == gTsBadEmb {
			e, source = s.bad.Emb, badSrc
		}
		j, r := i/tsN, i%tsN
		return inspectCell("PE(t = "+strconv.Itoa(int(s.ts[r]))+", "+s.colLabels[j%s.d]+")", "PE", e.Data, []int{tsN, s.d}, []int{r, j % s.d}, source), true
	case g == gTsBar || (g == gTsBadBar && s.bad != nil):
		e, source := s.st.Emb, src
		if g == gTsBadBar {
			e, source = s.bad.Emb, badSrc
		}
		_, r := s.tAt(f)
		return inspectCell("PE(t = "+strconv.Itoa(int(s.ts[r]))+", "+s.colLabels[i%s.d]+")", "PE", e.Data, []int{tsN, s.d}, []int{r, i % s.d}, source), true
	case g == gTsSim || (g == gTsBadSim && s.badSim != nil):
		m, source := s.sim, "core.MatMul of "+src
		if g == gTsBadSim {
			m, source = s.badSim, "core.MatMul of "+badSrc
		}
		in := inspectCell("similarity", "PE·PE^T/(D/2)", m.Data, []int{tsN, tsN}, []int{i / tsN, i % tsN}, source)
		in.Detail = "t = " + strconv.Itoa(int(s.ts[i/tsN])) + " against t' = " + strconv.Itoa(int(s.ts[i%tsN]))
		return in, true
	}
	return scene.Inspection{}, false
}
