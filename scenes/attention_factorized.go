package scenes

import (
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz"
)

// The views of the factorized attention scene.
const (
	factSpatial = iota
	factTemporal
	factCombined
)

// FactorizedAttentionScene is problem 027: spatial attention inside each
// frame, then temporal attention across frames per pixel. A clicked token
// shows the spatial weights of its frame, the temporal weights of its pixel,
// or their two-hop combination, next to the cost of full attention.
type FactorizedAttentionScene struct {
	presets                    []Preset // built once by Presets
	t, h, w, heads, head, view int
	x                          *core.Tensor
	wts                        attention.FactorizedWeights
	res                        *attention.FactorizedResult
	cost                       attention.AttentionCost
	q                          [3]int
	shown                      []float32 // weight on every token [T*H*W], -1 where none
	grid                       videoGrid
	pitfall                    bool
	rightSeq, wrongSeq         []int // flat token indices (t·HW + p) of the query's temporal sequence
	err                        error
}

// Info implements Scene.
func (s *FactorizedAttentionScene) Info() Info {
	return Info{
		ID:       "factorized_attention",
		Title:    "Factorized space-time attention",
		Family:   "attention",
		Problems: []string{"027"},
		Statement: "Instead of one attention over all T·H·W tokens, attend within each frame (spatial), regroup so each " +
			"pixel is a sequence of T frames, and attend across time (temporal).",
		Formula: "spatial: (B·T, H·W, C) → MHA;  regroup (B·T, HW, C) → (B·HW, T, C);  temporal: MHA. " +
			"Cost O((HW)²·T + T²·HW) instead of O((T·HW)²).",
		LookFor: "Spatial: the clicked token reads its own frame only. Temporal: it reads the same pixel in every frame. " +
			"Combined (two hops, A_temporal·A_spatial): after both steps it depends on every token, at a fraction of the cost " +
			"shown below.",
	}
}

// Params implements Scene.
func (s *FactorizedAttentionScene) Params() []Param {
	return []Param{
		{Name: "view", Label: "show", Kind: Choice, Choices: []string{"spatial step", "temporal step", "combined (two hops)"}, Default: factCombined},
		{Name: "T", Label: "frames T", Kind: Int, Min: 2, Max: 8, Step: 1, Default: 4},
		{Name: "H", Label: "height H", Kind: Int, Min: 2, Max: 10, Step: 1, Default: 6},
		{Name: "W", Label: "width W", Kind: Int, Min: 2, Max: 10, Step: 1, Default: 6},
		{Name: "heads", Label: "heads", Kind: Choice, Choices: []string{"1", "2", "4"}, Default: 1},
		{Name: "head", Label: "head shown", Kind: Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
		{Name: "pitfall_regroup", Label: "pitfall: regroup without permute", Kind: Bool, Default: 0,
			Help: "outline the tokens the temporal sequence would hold if (B·T, HW, C) were reshaped to (B·HW, T, C) directly"},
	}
}

// Presets implements Presetter.
func (s *FactorizedAttentionScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *FactorizedAttentionScene) makePresets() []Preset {
	return []Preset{
		{Name: "Two hops reach everything", Values: Values{"view": factCombined, "T": 4, "H": 6, "W": 6, "heads": 1, "head": 0, "seed": 1}},
		{Name: "Spatial step only", Values: Values{"view": factSpatial, "T": 4, "H": 6, "W": 6, "heads": 1, "head": 0, "seed": 1}},
		{Name: "Temporal step only", Values: Values{"view": factTemporal, "T": 6, "H": 5, "W": 5, "heads": 1, "head": 0, "seed": 1}},
		{Name: "Pitfall: regroup without permute", Values: Values{"view": factTemporal, "T": 4, "H": 6, "W": 6, "heads": 1, "head": 0, "seed": 1, "pitfall_regroup": 1}},
		{Name: "Long video: the saving grows", Values: Values{"view": factCombined, "T": 8, "H": 10, "W": 10, "heads": 0, "head": 0, "seed": 3}},
	}
}

// Reset implements Scene: runs core's FactorizedAttention once.
func (s *FactorizedAttentionScene) Reset(v Values) error {
	s.t, s.h, s.w, s.view = int(v["T"]), int(v["H"]), int(v["W"]), int(v["view"])
	s.pitfall = v["pitfall_regroup"] != 0
	s.heads = videoHeadChoices[clampInt(int(v["heads"]), 0, len(videoHeadChoices)-1)]
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	rng := rand.New(rand.NewPCG(uint64(v["seed"]), 0x666163))
	c := videoChannels
	s.x = videoTokens(rng, s.t, c, s.h, s.w, true)
	mha := func() attention.MHSAWeights {
		return attention.MHSAWeights{Q: randLinear(rng, c, c, 2, true), K: randLinear(rng, c, c, 2, true),
			V: randLinear(rng, c, c, 1, true), Out: randLinear(rng, c, c, 1, true)}
	}
	s.wts = attention.FactorizedWeights{Spatial: mha(), Temporal: mha()}
	var err error
	if s.res, err = attention.FactorizedAttention(s.x, s.wts, s.heads); err != nil {
		s.err = err
		return err
	}
	s.cost = attention.FactorizedCost(s.t, c, s.h, s.w)
	s.grid.setSize(s.t, s.h, s.w)
	s.shown = make([]float32, s.t*s.h*s.w)
	s.err = nil
	s.Select(s.t/2, s.h/2, s.w/2)
	return nil
}

// spatialW is the weight query pixel p of frame t gives pixel p2 of frame t.
func (s *FactorizedAttentionScene) spatialW(t, p, p2 int) float32 {
	hw := s.h * s.w
	return s.res.Spatial.Data[((t*s.heads+s.head)*hw+p)*hw+p2]
}

// temporalW is the weight frame t of pixel p gives frame t2 of pixel p.
func (s *FactorizedAttentionScene) temporalW(p, t, t2 int) float32 {
	return s.res.Temporal.Data[((p*s.heads+s.head)*s.t+t)*s.t+t2]
}

// Select makes token (t, h, w) the query and fills the weights shown.
func (s *FactorizedAttentionScene) Select(t, h, w int) {
	t, h, w = clampInt(t, 0, s.t-1), clampInt(h, 0, s.h-1), clampInt(w, 0, s.w-1)
	s.q = [3]int{t, h, w}
	hw := s.h * s.w
	p := h*s.w + w
	for i := range s.shown {
		s.shown[i] = -1
	}
	switch s.view {
	case factSpatial:
		for p2 := range hw {
			s.shown[t*hw+p2] = s.spatialW(t, p, p2)
		}
	case factTemporal:
		for t2 := range s.t {
			s.shown[t2*hw+p] = s.temporalW(p, t, t2)
		}
	default:
		// Output (t, p) = Σ_t2 A_temp[t,t2] · z(t2, p), with z(t2, p) =
		// Σ_p2 A_sp^{t2}[p, p2] x(t2, p2): token (t2, p2) enters with the
		// product of the two weights (per head, ignoring the value and
		// output projections in between).
		for t2 := range s.t {
			a := s.temporalW(p, t, t2)
			for p2 := range hw {
				s.shown[t2*hw+p2] = a * s.spatialW(t2, p, p2)
			}
		}
	}
	s.rightSeq, s.wrongSeq = regroupDemo(s.t, hw, p)
	mx := float32(1e-9)
	for _, v := range s.shown {
		mx = max(mx, v)
	}
	for tt := range s.t {
		for hh := range s.h {
			for ww := range s.w {
				v := s.shown[tt*hw+hh*s.w+ww]
				c := unmasked
				if v >= 0 {
					c = viz.Viridis.At(float64(v / mx))
				}
				s.grid.set(tt, hh, ww, c)
			}
		}
	}
}

// regroupDemo returns the tokens (flat t·HW + p indices) of pixel p's
// temporal sequence when the spatial output (T, HW) is regrouped right
// (core's Permute to (HW, T)) and wrong (core's Reshape straight to
// (HW, T), which packs T consecutive tokens of one frame).
func regroupDemo(t, hw, p int) (right, wrong []int) {
	ids := core.New(t, hw)
	for i := range ids.Data {
		ids.Data[i] = float32(i)
	}
	perm, err := ids.Permute(1, 0)
	if err != nil {
		return nil, nil
	}
	flat, err := ids.Reshape(hw, t)
	if err != nil {
		return nil, nil
	}
	for k := range t {
		right = append(right, int(perm.Data[p*t+k]))
		wrong = append(wrong, int(flat.Data[p*t+k]))
	}
	return right, wrong
}

// Sequences returns the query's temporal sequence, right and (pitfall)
// wrong, as flat token indices t·HW + p.
func (s *FactorizedAttentionScene) Sequences() (right, wrong []int) { return s.rightSeq, s.wrongSeq }

// Shown returns the weight painted on every token (index t·H·W + h·W + w),
// -1 for tokens the view does not reach.
func (s *FactorizedAttentionScene) Shown() []float32 { return s.shown }

// Update implements Scene.
func (s *FactorizedAttentionScene) Update(in Input, dt float64) {
	if !in.Clicked || s.err != nil {
		return
	}
	if t, h, w, ok := s.grid.hit(in.MouseX, in.MouseY); ok {
		s.Select(t, h, w)
	}
}

// Readout implements Readouter.
func (s *FactorizedAttentionScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	reach := 0
	for _, v := range s.shown {
		if v >= 0 {
			reach++
		}
	}
	return []KV{
		{"query token (t, h, w)", itoa(s.q[0]) + ", " + itoa(s.q[1]) + ", " + itoa(s.q[2])},
		{"view", s.Params()[0].Choices[s.view]},
		{"tokens reached", itoa(reach) + " of " + itoa(len(s.shown))},
		{"FLOPs full attention", strconv.FormatInt(s.cost.Full, 10)},
		{"FLOPs factorized", strconv.FormatInt(s.cost.Factorized, 10)},
	}
}

// Draw implements Scene.
func (s *FactorizedAttentionScene) Draw(c viz.Canvas) {
	cw, ch := c.Size()
	c.FillRect(0, 0, cw, ch, viz.Paper)
	area := viz.Rect{W: cw, H: ch}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	costR, gridR := area.CutBottom(150)
	titles := [...]string{"spatial step: weights of the clicked token inside its frame",
		"temporal step: weights of the clicked pixel across frames",
		"two hops: A_temporal[t, t'] · A_spatial(t')[p, p'] (click a token)"}
	gridR = caption(c, gridR, titles[s.view]+", head "+itoa(s.head))
	s.grid.layout(gridR)
	s.grid.draw(c)
	if s.pitfall {
		hw := s.h * s.w
		for _, i := range s.rightSeq {
			s.grid.outline(c, i/hw, i%hw/s.w, i%s.w, 2, viz.Good)
		}
		for _, i := range s.wrongSeq {
			s.grid.outline(c, i/hw, i%hw/s.w, i%s.w, 2, viz.Bad)
		}
		c.Text(gridR.X, gridR.Y+gridR.H-4, "green: the clicked pixel's temporal sequence (permute); red: what a plain reshape puts "+
			"in it (T neighbours of one frame)", labelSize, viz.Bad, viz.AlignLeft)
	}
	s.grid.outline(c, s.q[0], s.q[1], s.q[2], 2.5, viz.Bad)
	s.drawCost(c, costR)
}

// drawCost compares full and factorized FLOPs as bars.
func (s *FactorizedAttentionScene) drawCost(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, "cost for this video (C = "+itoa(videoChannels)+", FLOPs as in OPS.md cnn_vit_flops)")
	full, fact := float64(s.cost.Full), float64(s.cost.Factorized)
	mx := math.Max(full, fact)
	lab := 170.0
	barW := r.W - lab - 120
	for i, row := range []struct {
		name string
		v    float64
		col  viz.Rect
	}{{"full (T·H·W)² attention", full, viz.Rect{}}, {"factorized (spatial + temporal)", fact, viz.Rect{}}} {
		y := r.Y + float64(i)*30
		c.Text(r.X, y+15, row.name, labelSize+1, viz.Ink, viz.AlignLeft)
		col := viz.Bad
		if i == 1 {
			col = viz.Good
		}
		c.FillRect(r.X+lab, y+3, math.Max(2, barW*row.v/mx), 16, col)
		c.Text(r.X+lab+math.Max(2, barW*row.v/mx)+6, y+15, strconv.FormatInt(int64(row.v), 10), labelSize, viz.InkMuted, viz.AlignLeft)
	}
	n, t := float64(s.h*s.w), float64(s.t)
	c.Text(r.X, r.Y+78, "score-matrix entries: full (NT)² = "+strconv.FormatInt(int64(n*t*n*t), 10)+
		",  factorized N²T + T²N = "+strconv.FormatInt(int64(n*n*t+t*t*n), 10)+
		"  (ratio "+f2(full/fact)+"× in FLOPs)", labelSize+1, viz.InkMuted, viz.AlignLeft)
}
