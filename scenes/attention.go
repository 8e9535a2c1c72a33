package scenes

import (
	"image/color"
	"math"
	"math/rand/v2"
	"strings"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/embed"
	"dlprep/viz"
)

// The masking modes of the attention scene.
const (
	maskNone = iota
	maskCausal
	maskAfterSoftmax // pitfall: softmax first, then zero the future
	maskNoDiagonal   // pitfall: strict triangle, the token cannot see itself
)

// attnQuerySeconds is how long each query stays selected when playing.
const attnQuerySeconds = 1.5

// attnWidth is the model width D of the attention scene (divisible by every
// head count offered).
const attnWidth = 16

// attnSentence supplies the tokens; repeated words share an embedding.
var attnSentence = strings.Fields("the cat sat on the mat because it was tired and then it slept all day")

// AttentionScene shows multi-head self-attention (problem 003) and causal
// masking (004): the weights of each head as core's attention.MHSA returns
// them, the future greyed out by the causal mask, and the two classic
// masking mistakes side by side with the right version.
type AttentionScene struct {
	presets                     []Preset // built once by Presets
	n, heads, head, query, mode int
	sharp, clock                float64

	x   *core.Tensor
	w   attention.MHSAWeights
	att *core.Tensor // [1,heads,N,N] of the right computation (MHSA)
	// bad is the pitfall's weights [heads,N,N] (nil when no pitfall).
	bad  []float32
	err  error
	maps []*viz.Bitmap // one heatmap per head
	badM *viz.Bitmap
	// layout from the last Draw, for clicks
	mainR, badR viz.Rect
	thumbs      []viz.Rect
	tokR        []viz.Rect
}

// Info implements Scene.
func (s *AttentionScene) Info() Info {
	return Info{
		ID:       "attention",
		Title:    "Self-attention and causal masks",
		Family:   "attention",
		Problems: []string{"003", "004"},
		Statement: "Every token asks every other token how relevant it is: a query-key dot product, scaled, " +
			"normalised by softmax, used to average the values. Each head does this in its own D/heads-dimensional subspace. " +
			"A causal mask stops token t from seeing t+1, t+2, ...",
		Formula: "A = softmax(Q K^T / √d_head + M), out = A V, with M = −∞ above the diagonal for a causal mask " +
			"(applied before the softmax, so each row still sums to 1).",
		LookFor: "Row i is what token i looks at; the greyed cells are the future. Switch heads: each head learns a " +
			"different pattern. The pitfalls: masking after the softmax leaves rows that no longer sum to 1; " +
			"a strict triangle hides the token from itself, so the first token has nothing to attend to.",
	}
}

// Params implements Scene.
func (s *AttentionScene) Params() []Param {
	return []Param{
		{Name: "mask", Label: "mask", Kind: Choice, Choices: []string{"none", "causal", "pitfall: after softmax", "pitfall: no diagonal"}, Default: maskCausal},
		{Name: "tokens", Label: "tokens", Kind: Int, Min: 3, Max: 16, Step: 1, Default: 8},
		{Name: "heads", Label: "heads", Kind: Choice, Choices: []string{"1", "2", "4", "8"}, Default: 2,
			Help: "D = 16 is split into heads of 16/heads channels"},
		{Name: "head", Label: "head shown", Kind: Int, Min: 0, Max: 7, Step: 1, Default: 0},
		{Name: "sharpness", Label: "weight scale", Kind: Float, Min: 0.25, Max: 4, Step: 0.25, Default: 2,
			Help: "scales the random q and k projections: larger logits, peakier softmax"},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

// Presets implements Presetter.
func (s *AttentionScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *AttentionScene) makePresets() []Preset {
	return []Preset{
		{Name: "Causal mask, 4 heads", Values: Values{"mask": maskCausal, "tokens": 8, "heads": 2, "head": 0, "sharpness": 2, "seed": 1}},
		{Name: "No mask: every token sees all", Values: Values{"mask": maskNone, "tokens": 8, "heads": 2, "head": 0, "sharpness": 2, "seed": 1}},
		{Name: "Pitfall: mask after softmax", Values: Values{"mask": maskAfterSoftmax, "tokens": 8, "heads": 1, "head": 0, "sharpness": 2, "seed": 1}},
		{Name: "Pitfall: diagonal masked too", Values: Values{"mask": maskNoDiagonal, "tokens": 8, "heads": 1, "head": 0, "sharpness": 2, "seed": 1}},
		{Name: "Soft attention (small logits)", Values: Values{"mask": maskCausal, "tokens": 12, "heads": 1, "head": 0, "sharpness": 0.5, "seed": 2}},
	}
}

// attnHeadChoices are the head counts behind the "heads" choice.
var attnHeadChoices = []int{1, 2, 4, 8}

// Reset implements Scene: builds the tokens and random projections and asks
// core for the weights.
func (s *AttentionScene) Reset(v Values) error {
	s.n = int(v["tokens"])
	s.heads = attnHeadChoices[clampInt(int(v["heads"]), 0, len(attnHeadChoices)-1)]
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.mode = int(v["mask"])
	s.sharp = v["sharpness"]
	s.query, s.clock = s.n-1, 0
	s.x, s.w = attnInputs(s.n, s.sharp, uint64(v["seed"]))
	s.err = s.compute()
	return s.err
}

// attnInputs builds x [1,N,D] (a word embedding plus the sinusoidal position
// code) and the four projections, deterministically from seed.
func attnInputs(n int, sharp float64, seed uint64) (*core.Tensor, attention.MHSAWeights) {
	rng := rand.New(rand.NewPCG(seed, 0xa77e))
	words := map[string][]float32{}
	x := core.New(1, n, attnWidth)
	pos := make([]float32, n)
	for i := range pos {
		pos[i] = float32(i)
	}
	pe, err := embed.TimestepEmbedding(pos, attnWidth, embed.Interleaved)
	for i := range n {
		wd := attnSentence[i%len(attnSentence)]
		e, ok := words[wd]
		if !ok {
			e = make([]float32, attnWidth)
			for j := range e {
				e[j] = float32(rng.NormFloat64())
			}
			words[wd] = e
		}
		for j := range attnWidth {
			x.Data[i*attnWidth+j] = e[j]
			if err == nil {
				x.Data[i*attnWidth+j] += 0.5 * pe.Data[i*attnWidth+j]
			}
		}
	}
	lin := func(scale float64) attention.Linear {
		w, b := core.New(attnWidth, attnWidth), core.New(attnWidth)
		sd := scale / math.Sqrt(attnWidth)
		for i := range w.Data {
			w.Data[i] = float32(rng.NormFloat64() * sd)
		}
		for i := range b.Data {
			b.Data[i] = float32(rng.NormFloat64() * 0.1)
		}
		return attention.Linear{W: w, B: b}
	}
	qk := math.Sqrt(sharp)
	return x, attention.MHSAWeights{Q: lin(qk), K: lin(qk), V: lin(1), Out: lin(1)}
}

// compute runs core: MHSA for the right weights and, for the pitfalls, the
// mistaken computation built from core's own pieces.
func (s *AttentionScene) compute() error {
	causal := s.mode == maskCausal || s.mode == maskAfterSoftmax || s.mode == maskNoDiagonal
	var err error
	_, s.att, err = attention.MHSA(s.x, s.w, s.heads, causal)
	if err != nil {
		return err
	}
	s.bad = nil
	n := s.n
	switch s.mode {
	case maskAfterSoftmax:
		// The mistake: softmax over every key, then zero the future.
		_, full, err := attention.MHSA(s.x, s.w, s.heads, false)
		if err != nil {
			return err
		}
		s.bad = full.Data
		for h := range s.heads {
			for i := range n {
				for j := i + 1; j < n; j++ {
					s.bad[(h*n+i)*n+j] = 0
				}
			}
		}
	case maskNoDiagonal:
		// The mistake: a strictly lower-triangular mask, fed to SDPA with
		// the same projections.
		q, k, v, err := s.projections()
		if err != nil {
			return err
		}
		mask := core.New(n, n)
		for i := range n {
			for j := range i {
				mask.Data[i*n+j] = 1
			}
		}
		_, a, err := attention.SDPA(q, k, v, mask, false)
		if err != nil {
			return err
		}
		s.bad = a.Data
	}
	s.rebuildMaps()
	return nil
}

// projections returns q, k, v [1,heads,N,dk] from core.Linear and a
// reshape/permute, the way problem 003 splits heads.
func (s *AttentionScene) projections() (q, k, v *core.Tensor, err error) {
	dk := attnWidth / s.heads
	split := func(l attention.Linear) (*core.Tensor, error) {
		p, err := core.Linear("attention scene", s.x, l.W, l.B)
		if err != nil {
			return nil, err
		}
		if p, err = p.Reshape(1, s.n, s.heads, dk); err != nil {
			return nil, err
		}
		return p.Permute(0, 2, 1, 3)
	}
	if q, err = split(s.w.Q); err != nil {
		return
	}
	if k, err = split(s.w.K); err != nil {
		return
	}
	v, err = split(s.w.V)
	return
}

// rebuildMaps repaints the heatmaps; masked cells (future keys) are drawn
// grey rather than as a zero weight.
func (s *AttentionScene) rebuildMaps() {
	n := s.n
	s.maps = s.maps[:0]
	masked := s.mode != maskNone
	for h := range s.heads {
		b := viz.Heatmap(s.att.Data[h*n*n:(h+1)*n*n], n, n, viz.Viridis, 0, 1)
		if masked {
			greyFuture(b, n, 0)
		}
		s.maps = append(s.maps, b)
	}
	s.badM = nil
	if s.bad != nil {
		s.badM = viz.Heatmap(s.bad[s.head*n*n:(s.head+1)*n*n], n, n, viz.Viridis, 0, 1)
		if s.mode == maskNoDiagonal {
			greyFuture(s.badM, n, -1)
		} else {
			greyFuture(s.badM, n, 0)
		}
	}
}

// greyFuture paints cells with j > i+off grey (off = -1 includes the
// diagonal).
func greyFuture(b *viz.Bitmap, n, off int) {
	g := color.RGBA{205, 208, 214, 255}
	for i := range n {
		for j := max(0, i+off+1); j < n; j++ {
			b.Img.SetRGBA(j, i, g)
		}
	}
	b.Touch()
}

// Weights returns the head's N×N weights the main panel shows (core's MHSA
// weights for this head).
func (s *AttentionScene) Weights(head int) []float32 {
	n := s.n
	return s.att.Data[head*n*n : (head+1)*n*n]
}

// PitfallWeights returns the mistaken weights shown beside the right ones
// for the current head, or nil without a pitfall.
func (s *AttentionScene) PitfallWeights() []float32 {
	if s.bad == nil {
		return nil
	}
	n := s.n
	return s.bad[s.head*n*n : (s.head+1)*n*n]
}

// Inputs returns the scene's x and projections, so a test can run core on
// exactly what the scene shows.
func (s *AttentionScene) Inputs() (*core.Tensor, attention.MHSAWeights, int) {
	return s.x, s.w, s.heads
}

// Head returns the head shown.
func (s *AttentionScene) Head() int { return s.head }

// Query returns the selected query token.
func (s *AttentionScene) Query() int { return s.query }

// Step implements Stepper: the next query token.
func (s *AttentionScene) Step() {
	s.query = (s.query + 1) % max(1, s.n)
}

// Progress implements Stepper.
func (s *AttentionScene) Progress() (int, int) { return s.query + 1, s.n }

// Update implements Scene: clicks pick a head thumbnail, a heatmap row or a
// token.
func (s *AttentionScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	if !in.Clicked {
		// Playing walks the query through the tokens.
		if s.clock += dt; s.clock >= attnQuerySeconds {
			s.clock = 0
			s.Step()
		}
		return
	}
	s.clock = 0
	x, y := in.MouseX, in.MouseY
	for h, r := range s.thumbs {
		if r.Contains(x, y) {
			s.head = h
			s.rebuildMaps()
			return
		}
	}
	for _, r := range []viz.Rect{s.mainR, s.badR} {
		if r.W > 0 && r.Contains(x, y) {
			s.query = clampInt(int((y-r.Y)/r.H*float64(s.n)), 0, s.n-1)
			return
		}
	}
	for i, r := range s.tokR {
		if r.Contains(x, y) {
			s.query = i
			return
		}
	}
}

// Readout implements Readouter.
func (s *AttentionScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	row := s.Weights(s.head)[s.query*s.n : (s.query+1)*s.n]
	kv := []KV{
		{"mask", s.Params()[0].Choices[s.mode]},
		{"head", itoa(s.head) + " of " + itoa(s.heads)},
		{"query", itoa(s.query) + " \"" + attnSentence[s.query%len(attnSentence)] + "\""},
		{"weights", floatList(row)},
		{"row sum", f3(sum32(row))},
	}
	if p := s.PitfallWeights(); p != nil {
		prow := p[s.query*s.n : (s.query+1)*s.n]
		kv = append(kv, KV{"pitfall weights", floatList(prow)}, KV{"pitfall row sum", f3(sum32(prow))})
	}
	return kv
}

func sum32(xs []float32) float64 {
	t := 0.0
	for _, x := range xs {
		t += float64(x)
	}
	return t
}

// floatList formats numbers as "0.12 0.50 ...".
func floatList(xs []float32) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f2(float64(x)))
	}
	return b.String()
}

// Draw implements Scene.
func (s *AttentionScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	side, area := area.CutRight(110)
	s.drawThumbs(c, side)
	bottom, area := area.CutBottom(math.Min(150, area.H*0.3))
	s.badR = viz.Rect{}
	if s.bad != nil {
		cols := area.Columns(2, 20)
		s.mainR = s.drawMatrix(c, cols[0], s.maps[s.head], s.Weights(s.head), "right: mask before softmax (head "+itoa(s.head)+")", false)
		title := "pitfall: mask after softmax"
		if s.mode == maskNoDiagonal {
			title = "pitfall: diagonal masked too"
		}
		s.badR = s.drawMatrix(c, cols[1], s.badM, s.PitfallWeights(), title, true)
	} else {
		title := "attention weights, head " + itoa(s.head) + " (rows: queries, columns: keys)"
		s.mainR = s.drawMatrix(c, area, s.maps[s.head], s.Weights(s.head), title, false)
	}
	s.drawArcs(c, bottom)
}

// drawMatrix draws a weight matrix with token labels, the selected query row
// outlined and, when sums is set, each row's sum at its right.
func (s *AttentionScene) drawMatrix(c viz.Canvas, r viz.Rect, bm *viz.Bitmap, wts []float32, title string, sums bool) viz.Rect {
	r = caption(c, r, title)
	n := s.n
	labW := 58.0
	sumW := 0.0
	if sums {
		sumW = 54
	}
	cell := math.Min((r.W-labW-sumW)/float64(n), (r.H-labW)/float64(n))
	cell = math.Max(cell, 1)
	m := viz.Rect{X: r.X + labW, Y: r.Y + labW, W: cell * float64(n), H: cell * float64(n)}
	c.Image(bm, m.X, m.Y, m.W, m.H, false)
	size := math.Min(labelSize, cell*0.8)
	for i := range n {
		word := attnSentence[i%len(attnSentence)]
		col := viz.InkMuted
		if i == s.query {
			col = viz.Accent
		}
		c.Text(m.X-4, m.Y+(float64(i)+0.5)*cell+size/3, word, size, col, viz.AlignRight)
		c.Text(m.X+(float64(i)+0.5)*cell, m.Y-6-float64(i%2)*size, word, size, viz.InkMuted, viz.AlignCenter)
	}
	if cell >= 30 {
		for i := range n {
			for j := range n {
				v := wts[i*n+j]
				if v == 0 && j > i {
					continue
				}
				col := viz.White
				if v > 0.6 {
					col = viz.Ink
				}
				c.Text(m.X+(float64(j)+0.5)*cell, m.Y+(float64(i)+0.5)*cell+4, f2(float64(v)), smallSize, col, viz.AlignCenter)
			}
		}
	}
	c.StrokeRect(m.X, m.Y+float64(s.query)*cell, m.W, cell, 2, viz.Accent)
	if sums {
		c.Text(m.X+m.W+6, m.Y-6, "row sum", smallSize, viz.InkMuted, viz.AlignLeft)
		for i := range n {
			t := sum32(wts[i*n : (i+1)*n])
			col := viz.Good
			if math.Abs(t-1) > 1e-3 {
				col = viz.Bad
			}
			c.Text(m.X+m.W+6, m.Y+(float64(i)+0.5)*cell+4, f2(t), math.Min(labelSize, cell*0.8), col, viz.AlignLeft)
		}
	}
	return m
}

// drawThumbs draws one small heatmap per head; a click selects it.
func (s *AttentionScene) drawThumbs(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, "heads")
	s.thumbs = s.thumbs[:0]
	sz := math.Min(r.W-10, (r.H-float64(s.heads)*16)/float64(s.heads))
	y := r.Y
	for h := range s.heads {
		c.Text(r.X, y+10, "head "+itoa(h), smallSize, viz.InkMuted, viz.AlignLeft)
		t := viz.Rect{X: r.X, Y: y + 14, W: sz, H: sz}
		c.Image(s.maps[h], t.X, t.Y, t.W, t.H, false)
		if h == s.head {
			c.StrokeRect(t.X-2, t.Y-2, t.W+4, t.H+4, 2, viz.Accent)
		}
		s.thumbs = append(s.thumbs, t)
		y += sz + 18
	}
}

// drawArcs lays the tokens out in a row and draws arcs from the selected
// query to every key, as thick and opaque as its weight.
func (s *AttentionScene) drawArcs(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, "query \""+attnSentence[s.query%len(attnSentence)]+"\" attends to (head "+itoa(s.head)+")")
	n := s.n
	step := r.W / float64(n)
	baseY := r.Y + r.H - 8
	s.tokR = s.tokR[:0]
	row := s.Weights(s.head)[s.query*n : (s.query+1)*n]
	qx := r.X + (float64(s.query)+0.5)*step
	for j := range n {
		kx := r.X + (float64(j)+0.5)*step
		wt := float64(row[j])
		if wt > 0.01 {
			// A parabola-ish arc built from a few segments.
			hgt := math.Min(r.H-40, 8+math.Abs(kx-qx)*0.3)
			px, py := qx, baseY-26
			for k := 1; k <= 8; k++ {
				t := float64(k) / 8
				x := qx + (kx-qx)*t
				y := baseY - 26 - 4*hgt*t*(1-t)
				c.Line(px, py, x, y, 1+5*wt, viz.Fade(viz.Accent, 0.25+0.75*wt))
				px, py = x, y
			}
		}
		word := attnSentence[j%len(attnSentence)]
		col := viz.Ink
		if j == s.query {
			col = viz.Accent
		} else if s.mode != maskNone && j > s.query {
			col = viz.Grid
		}
		c.Text(kx, baseY, word, labelSize, col, viz.AlignCenter)
		if s.mode == maskNone || j <= s.query {
			c.Text(kx, baseY-13, f2(wt), smallSize, viz.InkMuted, viz.AlignCenter)
		}
		s.tokR = append(s.tokR, viz.Rect{X: kx - step/2, Y: baseY - 24, W: step, H: 30})
	}
}
