package scenes

import (
	"math"
	"math/rand/v2"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz"
)

// camEmbedDim is Dc, the size of a camera embedding.
const camEmbedDim = 6

// CameraAttentionScene is problem 025: video pixels (queries) attend to
// per-frame camera embeddings (keys and values) with core's
// attention.CameraCrossAttention. In per-frame mode each pixel has a single
// key, so every weight is exactly 1 and the output of a frame does not
// depend on its pixels; in all-frames mode pixels weigh the T cameras.
type CameraAttentionScene struct {
	presets                   []Preset // built once by Presets
	t, h, w, heads, head, key int
	mode                      attention.CameraMode
	x, cam                    *core.Tensor
	wts                       attention.CameraWeights
	y, attn                   *core.Tensor
	q                         [3]int
	spread                    []float64 // per frame: std of y over its pixels
	weights                   viz.Rect
	grid, out                 videoGrid
	err                       error
	note                      viz.TextBlock
}

// Info implements Scene.
func (s *CameraAttentionScene) Info() Info {
	return Info{
		ID:       "camera_attention",
		Title:    "Camera cross-attention",
		Family:   "attention",
		Problems: []string{"025"},
		Statement: "Condition a video model on the camera: the video's pixels are queries, one embedding per frame's " +
			"camera gives the keys and values.",
		Formula: "q = W_q x_pixel, k = W_k cam_t, v = W_v cam_t; out = proj(softmax(q k^T/√d) v). " +
			"Per frame: one key, softmax of one number = 1, so out = proj(v(cam_t)) for every pixel of frame t.",
		LookFor: "In per-frame mode every weight reads exactly 1.000 and the output frames are flat: the \"attention\" " +
			"broadcasts one vector per frame, whatever the pixels are. In all-frames mode each pixel weighs the T cameras " +
			"differently and the output varies across pixels.",
	}
}

// Params implements Scene.
func (s *CameraAttentionScene) Params() []Param {
	return []Param{
		{Name: "mode", Label: "mode", Kind: Choice, Choices: []string{"per_frame", "all_frames"}, Default: 0},
		{Name: "T", Label: "frames T", Kind: Int, Min: 2, Max: 6, Step: 1, Default: 4},
		{Name: "H", Label: "height H", Kind: Int, Min: 2, Max: 8, Step: 1, Default: 5},
		{Name: "W", Label: "width W", Kind: Int, Min: 2, Max: 8, Step: 1, Default: 6},
		{Name: "heads", Label: "heads", Kind: Choice, Choices: []string{"1", "2", "4"}, Default: 1},
		{Name: "head", Label: "head shown", Kind: Int, Min: 0, Max: 3, Step: 1, Default: 0},
		{Name: "camera", Label: "camera key shown", Kind: Int, Min: 0, Max: 5, Step: 1, Default: 0},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

// Presets implements Presetter.
func (s *CameraAttentionScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *CameraAttentionScene) makePresets() []Preset {
	return []Preset{
		{Name: "Per frame: every weight is 1", Values: Values{"mode": 0, "T": 4, "H": 5, "W": 6, "heads": 1, "head": 0, "camera": 0, "seed": 1}},
		{Name: "All frames: pixels choose cameras", Values: Values{"mode": 1, "T": 4, "H": 5, "W": 6, "heads": 1, "head": 0, "camera": 0, "seed": 1}},
		{Name: "All frames, 1 head", Values: Values{"mode": 1, "T": 5, "H": 6, "W": 6, "heads": 0, "head": 0, "camera": 2, "seed": 4}},
	}
}

// Reset implements Scene: runs core once for the chosen mode.
func (s *CameraAttentionScene) Reset(v Values) error {
	s.t, s.h, s.w = int(v["T"]), int(v["H"]), int(v["W"])
	s.mode = attention.CameraMode(v["mode"])
	s.heads = videoHeadChoices[clampInt(int(v["heads"]), 0, len(videoHeadChoices)-1)]
	s.head = clampInt(int(v["head"]), 0, s.heads-1)
	s.key = clampInt(int(v["camera"]), 0, s.t-1)
	rng := rand.New(rand.NewPCG(uint64(v["seed"]), 0x63616d))
	c := videoChannels
	s.x = videoTokens(rng, s.t, c, s.h, s.w, true)
	s.cam = core.New(1, s.t, camEmbedDim)
	for i := range s.cam.Data {
		s.cam.Data[i] = float32(rng.NormFloat64())
	}
	s.wts = attention.CameraWeights{Q: randLinear(rng, c, c, 3, false), K: randLinear(rng, c, camEmbedDim, 3, false),
		V: randLinear(rng, c, camEmbedDim, 1, false), Proj: randLinear(rng, c, c, 1, true)}
	var err error
	if s.y, s.attn, err = attention.CameraCrossAttention(s.x, s.cam, s.wts, s.heads, s.mode); err != nil {
		s.err = err
		return err
	}
	s.err = nil
	s.computeSpread()
	s.grid.setSize(s.t, s.h, s.w)
	s.out.setSize(s.t, s.h, s.w)
	s.paintOutput()
	s.Select(0, s.h/2, s.w/2)
	return nil
}

// Weight is the weight pixel (t, h, w) gives camera k in the head shown,
// as core returned it; in per-frame mode a pixel only has its own frame's
// camera, and other cameras read -1 (not attended).
func (s *CameraAttentionScene) Weight(t, h, w, k int) float32 {
	hw := s.h * s.w
	p := h*s.w + w
	if s.mode == attention.PerFrame {
		if k != t {
			return -1
		}
		return s.attn.Data[(t*s.heads+s.head)*hw+p]
	}
	return s.attn.Data[((s.head)*s.t*hw+t*hw+p)*s.t+k]
}

// shownKey is the camera whose weights the map shows for frame t: the
// frame's own camera in per-frame mode (its only key), else the chosen one.
func (s *CameraAttentionScene) shownKey(t int) int {
	if s.mode == attention.PerFrame {
		return t
	}
	return s.key
}

// computeSpread is the standard deviation of y over the pixels of each
// frame (averaged over channels): 0 when the output ignores the pixels.
func (s *CameraAttentionScene) computeSpread() {
	hw, c := s.h*s.w, videoChannels
	s.spread = s.spread[:0]
	for t := range s.t {
		tot := 0.0
		for ch := range c {
			px := s.y.Data[(t*c+ch)*hw : (t*c+ch+1)*hw]
			mean := sum32(px) / float64(hw)
			v := 0.0
			for _, x := range px {
				v += (float64(x) - mean) * (float64(x) - mean)
			}
			tot += math.Sqrt(v / float64(hw))
		}
		s.spread = append(s.spread, tot/float64(c))
	}
}

// Spread returns the per-frame spread of the output across pixels.
func (s *CameraAttentionScene) Spread() []float64 { return s.spread }

// paintOutput shows output channel 0 of every token.
func (s *CameraAttentionScene) paintOutput() {
	hw, c := s.h*s.w, videoChannels
	lim := 1e-6
	for _, v := range s.y.Data {
		lim = math.Max(lim, math.Abs(float64(v)))
	}
	for t := range s.t {
		for p := range hw {
			v := float64(s.y.Data[(t*c)*hw+p])
			s.out.set(t, p/s.w, p%s.w, viz.BlueWhiteRed.At(0.5+0.5*v/lim))
		}
	}
}

// Select makes pixel (t, h, w) the one whose weights are listed and
// repaints the weight map of the camera key shown.
func (s *CameraAttentionScene) Select(t, h, w int) {
	s.q = [3]int{clampInt(t, 0, s.t-1), clampInt(h, 0, s.h-1), clampInt(w, 0, s.w-1)}
	for tt := range s.t {
		for hh := range s.h {
			for ww := range s.w {
				c := unmasked
				if v := s.Weight(tt, hh, ww, s.shownKey(tt)); v >= 0 {
					c = viz.Viridis.At(float64(v))
				}
				s.grid.set(tt, hh, ww, c)
			}
		}
	}
}

// Update implements Scene: a click on a pixel lists its weights.
func (s *CameraAttentionScene) Update(in Input, dt float64) {
	if !in.Clicked || s.err != nil {
		return
	}
	if t, h, w, ok := s.grid.hit(in.MouseX, in.MouseY); ok {
		s.Select(t, h, w)
	}
}

// Readout implements Readouter.
func (s *CameraAttentionScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	var ws []float32
	for k := range s.t {
		ws = append(ws, s.Weight(s.q[0], s.q[1], s.q[2], k))
	}
	var sp []float32
	for _, v := range s.spread {
		sp = append(sp, float32(v))
	}
	return []KV{
		{"mode", s.mode.String()},
		{"pixel (t, h, w)", itoa(s.q[0]) + ", " + itoa(s.q[1]) + ", " + itoa(s.q[2])},
		{"weights on cameras 0..T-1 (-1: not a key)", floatList(ws)},
		{"output spread over pixels, per frame", floatList(sp)},
	}
}

// Draw implements Scene.
func (s *CameraAttentionScene) Draw(c viz.Canvas) {
	cw, ch := c.Size()
	c.FillRect(0, 0, cw, ch, viz.Paper)
	area := viz.Rect{W: cw, H: ch}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	right, left := area.CutRight(math.Min(280, area.W*0.3))
	top, bottom := left.CutTop(left.H / 2)
	title := "weight each pixel gives camera " + itoa(s.key) + " (head " + itoa(s.head) + ")"
	if s.mode == attention.PerFrame {
		title = "weight each pixel gives its own frame's camera, its only key (head " + itoa(s.head) + ")"
	}
	top = caption(c, top, title)
	s.grid.layout(top)
	s.grid.draw(c)
	s.grid.outline(c, s.q[0], s.q[1], s.q[2], 2.5, viz.Bad)
	if s.grid.cell >= 22 {
		for t := range s.t {
			for h := range s.h {
				for w := range s.w {
					if v := s.Weight(t, h, w, s.shownKey(t)); v >= 0 {
						r := s.grid.cellRect(t, h, w)
						col := viz.White
						if v > 0.6 {
							col = viz.Ink
						}
						c.Text(r.X+r.W/2, r.Y+r.H/2+3, f2(float64(v)), smallSize-1, col, viz.AlignCenter)
					}
				}
			}
		}
	}
	bottom = caption(c, bottom, "output y, channel 0, and its spread over each frame's pixels")
	s.out.layout(bottom)
	s.out.draw(c)
	for t, sp := range s.spread {
		fr := s.out.rects[t]
		col := viz.Bad
		if sp > 1e-6 {
			col = viz.InkMuted
		}
		c.Text(fr.X+fr.W, fr.Y-4, "spread "+f3(sp), labelSize, col, viz.AlignRight)
	}

	right.X += 14
	right.W -= 14
	right = caption(c, right, "clicked pixel ("+itoa(s.q[0])+", "+itoa(s.q[1])+", "+itoa(s.q[2])+"): weights per camera")
	barH := math.Min(28, (right.H-60)/float64(s.t))
	for k := range s.t {
		y := right.Y + float64(k)*(barH+6)
		v := s.Weight(s.q[0], s.q[1], s.q[2], k)
		c.Text(right.X, y+barH*0.7, "cam "+itoa(k), labelSize, viz.Ink, viz.AlignLeft)
		bx := right.X + 50
		bw := right.W - 110
		c.StrokeRect(bx, y, bw, barH, 1, viz.Grid)
		if v < 0 {
			c.Text(bx+6, y+barH*0.7, "not a key", labelSize, viz.InkMuted, viz.AlignLeft)
			continue
		}
		c.FillRect(bx, y, bw*float64(v), barH, viz.Accent)
		c.Text(bx+bw+6, y+barH*0.7, f3(float64(v)), labelSize, viz.Ink, viz.AlignLeft)
	}
	if s.mode == attention.PerFrame {
		y := right.Y + float64(s.t)*(barH+6) + 16
		s.note.Draw(c, viz.Rect{X: right.X, Y: y, W: right.W, H: 120},
			"one key per query: softmax([s]) = [1] exactly, so y = proj(v(cam_t)) for every pixel of frame t", labelSize, viz.Bad)
	}
}
