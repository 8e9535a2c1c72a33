package scenes

import (
	"math"
	"math/rand/v2"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz"
)

// videoChannels is C for the video attention scenes (divisible by 1, 2, 4).
const videoChannels = 8

// videoHeadChoices are the head counts offered.
var videoHeadChoices = []int{1, 2, 4}

// WindowAttentionScene is problem 000: a T×H×W video cut into wT×wH×wW
// tubes; a clicked token attends only inside its tube, with the weights
// core's attention.WindowAttentionWeights returns for that tube.
type WindowAttentionScene struct {
	presets              []Preset // built once by Presets
	t, h, w, heads, head int
	win                  attention.Window
	x                    *core.Tensor
	wts                  attention.WindowWeights
	q                    [3]int // selected token (t, h, w)
	tube                 attention.Tube
	qi                   int          // query index inside its tube
	attn                 *core.Tensor // [heads, N, N] of the selected tube
	tubeMap              viz.Bitmap
	grid                 videoGrid
	pitfall              bool
	back, wrong          []int     // tube id of the token each cell receives (right, pitfall)
	backGrid, rightGrid  videoGrid // the pitfall's cells and the right ones
	mapR                 viz.Rect
	err                  error
}

// Info implements Scene.
func (s *WindowAttentionScene) Info() Info {
	return Info{
		ID:       "window_attention",
		Title:    "Window attention on video",
		Family:   "attention",
		Problems: []string{"000"},
		Statement: "Full attention over a video's T·H·W tokens costs (THW)². Window attention cuts the video into " +
			"non-overlapping wT×wH×wW tubes and runs self-attention only inside each tube, then puts every token back in place.",
		Formula: "x [B,C,T,H,W] → view [B,C,T/wT,wT,H/wH,wH,W/wW,wW] → permute to (tubes, wT·wH·wW, C) → attention → " +
			"inverse permute (tube axes interleaved back with grid axes) → [B,C,T,H,W]. Cost per tube N² with N = wT·wH·wW.",
		LookFor: "Click a token: its tube lights up with the weights it gives each token of the tube; everything outside is " +
			"out of reach however close (look at a token on a tube border). The map on the right is the tube's whole N×N " +
			"attention matrix, the clicked token's row outlined. The pitfall reshapes the tubes straight back to [T,H,W] " +
			"without the inverse permute: every token lands in the wrong place.",
	}
}

// Params implements Scene.
func (s *WindowAttentionScene) Params() []Param {
	return []Param{
		{Name: "T", Label: "frames T", Kind: Int, Min: 1, Max: 8, Step: 1, Default: 4},
		{Name: "H", Label: "height H", Kind: Int, Min: 2, Max: 12, Step: 1, Default: 8},
		{Name: "W", Label: "width W", Kind: Int, Min: 2, Max: 12, Step: 1, Default: 8},
		{Name: "wT", Label: "window wT", Kind: Int, Min: 1, Max: 4, Step: 1, Default: 2},
		{Name: "wH", Label: "window wH", Kind: Int, Min: 1, Max: 6, Step: 1, Default: 4},
		{Name: "wW", Label: "window wW", Kind: Int, Min: 1, Max: 6, Step: 1, Default: 4},
		{Name: "heads", Label: "heads", Kind: Choice, Choices: []string{"1", "2", "4"}, Default: 1},
		{Name: "head", Label: "head shown", Kind: Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
		{Name: "pitfall_unpartition", Label: "pitfall: reshape back without un-permuting", Kind: Bool, Default: 0,
			Help: "show where tokens land when the tubes are reshaped straight back to [T,H,W]"},
	}
}

// Presets implements Presetter.
func (s *WindowAttentionScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *WindowAttentionScene) makePresets() []Preset {
	return []Preset{
		{Name: "2×4×4 tubes on 4×8×8", Values: Values{"T": 4, "H": 8, "W": 8, "wT": 2, "wH": 4, "wW": 4, "heads": 1, "head": 0, "seed": 1}},
		{Name: "Spatial windows only (wT = 1)", Values: Values{"T": 3, "H": 8, "W": 8, "wT": 1, "wH": 4, "wW": 4, "heads": 1, "head": 0, "seed": 1}},
		{Name: "Whole-frame tubes of 2 frames", Values: Values{"T": 4, "H": 6, "W": 6, "wT": 2, "wH": 6, "wW": 6, "heads": 0, "head": 0, "seed": 2}},
		{Name: "Pitfall: reshape back without un-permuting", Values: Values{"T": 4, "H": 8, "W": 8, "wT": 2, "wH": 4, "wW": 4, "heads": 1, "head": 0, "seed": 1, "pitfall_unpartition": 1}},
		{Name: "Error: T = 5 not divisible by wT = 2", Values: Values{"T": 5, "H": 8, "W": 8, "wT": 2, "wH": 4, "wW": 4, "heads": 1, "head": 0, "seed": 1}},
	}
}

// Reset implements Scene.
func (s *WindowAttentionScene) Reset(v Values) error {
	s.t, s.h, s.w = int(v["T"]), int(v["H"]), int(v["W"])
	s.win = attention.Window{T: int(v["wT"]), H: int(v["wH"]), W: int(v["wW"])}
	s.heads = videoHeadChoices[clampInt(int(v["heads"]), 0, len(videoHeadChoices)-1)]
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	rng := rand.New(rand.NewPCG(uint64(v["seed"]), 0x77696e))
	s.x = videoTokens(rng, s.t, videoChannels, s.h, s.w, false)
	c := videoChannels
	s.wts = attention.WindowWeights{
		QKV:  fuse(randLinear(rng, c, c, 3, true), randLinear(rng, c, c, 3, true), randLinear(rng, c, c, 1, true)),
		Proj: randLinear(rng, c, c, 1, true),
	}
	s.grid.setSize(max(1, s.t), max(1, s.h), max(1, s.w))
	s.pitfall = v["pitfall_unpartition"] != 0
	// Check the whole op once so a bad window shows core's own message.
	if _, err := attention.WindowAttention(s.x, s.wts, s.heads, s.win); err != nil {
		s.err = err
		return err
	}
	if s.pitfall {
		if s.back, s.wrong, s.err = unpartitionDemo(s.t, s.h, s.w, s.win); s.err != nil {
			return s.err
		}
		s.backGrid.setSize(s.t, s.h, s.w)
		s.rightGrid.setSize(s.t, s.h, s.w)
		for i := range s.wrong {
			s.backGrid.set(i/(s.h*s.w), i/s.w%s.h, i%s.w, viz.Categorical(s.wrong[i]))
			s.rightGrid.set(i/(s.h*s.w), i/s.w%s.h, i%s.w, viz.Categorical(s.back[i]))
		}
	}
	s.err = s.Select(min(1, s.t-1), s.h/2-1, s.w/2)
	return s.err
}

// unpartitionDemo partitions a video of token ids into tubes and back with
// core's Reshape and Permute, the way problem 000 does, both right (the
// inverse permute interleaves tube axes with grid axes) and wrong (the tube
// layout reshaped straight back to [T,H,W]). It returns, for every cell,
// the tube of the token that lands there in each case.
func unpartitionDemo(t, h, w int, win attention.Window) (right, wrong []int, err error) {
	nt, nh, nw := t/win.T, h/win.H, w/win.W
	ids := core.New(t, h, w)
	for i := range ids.Data {
		ids.Data[i] = float32(i)
	}
	v, err := ids.Reshape(nt, win.T, nh, win.H, nw, win.W)
	if err != nil {
		return nil, nil, err
	}
	tubes, err := v.Permute(0, 2, 4, 1, 3, 5) // [nT,nH,nW, wT,wH,wW]: one row per tube
	if err != nil {
		return nil, nil, err
	}
	back, err := tubes.Permute(0, 3, 1, 4, 2, 5) // interleave back: [nT,wT,nH,wH,nW,wW]
	if err != nil {
		return nil, nil, err
	}
	tubeOf := func(id float32) int {
		i := int(id)
		tb, _ := win.TubeOf(0, i/(h*w), i/w%h, i%w)
		return (tb.T*nh+tb.H)*nw + tb.W
	}
	for i := range ids.Data {
		right = append(right, tubeOf(back.Data[i]))
		wrong = append(wrong, tubeOf(tubes.Data[i]))
	}
	return right, wrong, nil
}

// Select makes token (t, h, w) the query and fetches its tube's weights
// from core.
func (s *WindowAttentionScene) Select(t, h, w int) error {
	t, h, w = clampInt(t, 0, s.t-1), clampInt(h, 0, s.h-1), clampInt(w, 0, s.w-1)
	s.q = [3]int{t, h, w}
	s.tube, s.qi = s.win.TubeOf(0, t, h, w)
	var err error
	if s.attn, _, err = attention.WindowAttentionWeights(s.x, s.wts, s.heads, s.win, s.tube); err != nil {
		return err
	}
	s.repaint()
	return nil
}

// QueryWeights returns the weights the selected token gives each token of
// its tube (in TubeOf order) for the head shown.
func (s *WindowAttentionScene) QueryWeights() []float32 {
	n := s.win.Size()
	return s.attn.Data[(s.head*n+s.qi)*n : (s.head*n+s.qi+1)*n]
}

// TokenWeight is the weight shown on token (t, h, w): its weight from the
// query when in the query's tube, else -1 (out of reach).
func (s *WindowAttentionScene) TokenWeight(t, h, w int) float32 {
	tube, i := s.win.TubeOf(0, t, h, w)
	if tube != s.tube {
		return -1
	}
	return s.QueryWeights()[i]
}

// repaint colours the grid and the tube's attention map.
func (s *WindowAttentionScene) repaint() {
	row := s.QueryWeights()
	mx := float32(1e-6)
	for _, v := range row {
		mx = max(mx, v)
	}
	for t := range s.t {
		for h := range s.h {
			for w := range s.w {
				c := unmasked
				if wt := s.TokenWeight(t, h, w); wt >= 0 {
					c = viz.Viridis.At(float64(wt / mx))
				}
				s.grid.set(t, h, w, c)
			}
		}
	}
	n := s.win.Size()
	s.tubeMap.SetHeatmap(s.attn.Data[s.head*n*n:(s.head+1)*n*n], n, n, viz.Viridis, 0, 1)
}

// Update implements Scene: a click on a token selects it.
func (s *WindowAttentionScene) Update(in Input, dt float64) {
	if !in.Clicked || s.err != nil {
		return
	}
	if t, h, w, ok := s.grid.hit(in.MouseX, in.MouseY); ok {
		if err := s.Select(t, h, w); err != nil {
			s.err = err
		}
	}
}

// Readout implements Readouter.
func (s *WindowAttentionScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	n := s.win.Size()
	all := s.t * s.h * s.w
	kv := []KV{
		{"query token (t, h, w)", itoa(s.q[0]) + ", " + itoa(s.q[1]) + ", " + itoa(s.q[2])},
		{"tube", itoa(s.tube.T) + ", " + itoa(s.tube.H) + ", " + itoa(s.tube.W)},
		{"tokens reachable", itoa(n) + " of " + itoa(all)},
		{"weights", floatList(s.QueryWeights())},
		{"score matrix entries", itoa(all/n*n*n) + " windowed vs " + itoa(all*all) + " full"},
	}
	if s.pitfall {
		kv = append(kv, KV{"cells receiving a token from another tube (pitfall)", itoa(s.Misplaced())})
	}
	return kv
}

// Misplaced counts the cells that receive a token of another tube when
// the tubes are reshaped back without un-permuting (0 without the pitfall).
func (s *WindowAttentionScene) Misplaced() int {
	n := 0
	for i := range s.wrong {
		if s.wrong[i] != s.back[i] {
			n++
		}
	}
	return n
}

// Draw implements Scene.
func (s *WindowAttentionScene) Draw(c viz.Canvas) {
	cw, ch := c.Size()
	c.FillRect(0, 0, cw, ch, viz.Paper)
	area := viz.Rect{W: cw, H: ch}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	n := s.win.Size()
	right, left := area.CutRight(math.Min(300, area.W*0.32))
	info, gridR := left.CutBottom(70)
	if s.pitfall {
		var pr viz.Rect
		pr, gridR = gridR.CutBottom(gridR.H * 0.6)
		rr, wr := pr.CutTop(pr.H / 2)
		rr = caption(c, rr, "un-partitioned right (inverse permute): colour = tube each token came from")
		s.rightGrid.layout(rr)
		s.rightGrid.draw(c)
		wr = caption(c, wr, "pitfall: tubes reshaped straight back to [T,H,W]")
		s.backGrid.layout(wr)
		s.backGrid.draw(c)
	}
	gridR = caption(c, gridR, "video "+itoa(s.t)+"×"+itoa(s.h)+"×"+itoa(s.w)+", tubes "+
		itoa(s.win.T)+"×"+itoa(s.win.H)+"×"+itoa(s.win.W)+" (click a token)")
	g := s.grid.layout(gridR)
	s.grid.draw(c)
	// Tube borders inside each frame (every wW columns and wH rows), and
	// under each frame the group of wT frames its tubes span.
	cell := s.grid.cell
	for t := range s.t {
		fr := s.grid.rects[t]
		for i := 0; i <= s.w; i += s.win.W {
			c.Line(fr.X+float64(i)*cell, fr.Y, fr.X+float64(i)*cell, fr.Y+fr.H, 2, viz.Ink)
		}
		for j := 0; j <= s.h; j += s.win.H {
			c.Line(fr.X, fr.Y+float64(j)*cell, fr.X+fr.W, fr.Y+float64(j)*cell, 2, viz.Ink)
		}
		col := viz.InkMuted
		if t/s.win.T == s.tube.T {
			col = viz.Accent
		}
		t0 := t / s.win.T * s.win.T
		c.Line(fr.X, fr.Y+fr.H+4, fr.X+fr.W, fr.Y+fr.H+4, 2, col)
		c.Text(fr.X+fr.W, fr.Y-4, "tubes of frames "+itoa(t0)+"–"+itoa(t0+s.win.T-1), smallSize, col, viz.AlignRight)
	}
	s.grid.outline(c, s.q[0], s.q[1], s.q[2], 2.5, viz.Bad)
	all := s.t * s.h * s.w
	y := math.Min(info.Y, g.Y+g.H+34) + 14
	if s.pitfall {
		y = info.Y + 14
	}
	c.Text(info.X, y, "the clicked token reaches "+itoa(n)+" of "+itoa(all)+" tokens (its tube); grey ones are out of reach",
		labelSize+1, viz.Ink, viz.AlignLeft)
	c.Text(info.X, y+18, "attention scores per head: "+itoa(all/n)+" tubes × "+itoa(n)+"² = "+itoa(all/n*n*n)+
		" instead of "+itoa(all)+"² = "+itoa(all*all), labelSize+1, viz.InkMuted, viz.AlignLeft)

	right.X += 14
	right.W -= 14
	right = caption(c, right, "tube attention, head "+itoa(s.head)+" ("+itoa(n)+"×"+itoa(n)+")")
	s.mapR = fitRect(viz.Rect{X: right.X, Y: right.Y, W: right.W, H: math.Min(right.W, right.H)}, 1, 1)
	s.mapR.X = right.X
	c.Image(&s.tubeMap, s.mapR.X, s.mapR.Y, s.mapR.W, s.mapR.H, false)
	mcell := s.mapR.H / float64(n)
	c.StrokeRect(s.mapR.X, s.mapR.Y+float64(s.qi)*mcell, s.mapR.W, mcell, 2, viz.Bad)
	c.Text(s.mapR.X, s.mapR.Y+s.mapR.H+14, "row "+itoa(s.qi)+" = the clicked token; rows and columns in (dt, dh, dw) order",
		smallSize, viz.InkMuted, viz.AlignLeft)
}
