package scenes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/embed"
	"dlprep/viz"
)

// Problem 002: patch embedding. The tokens are core/embed's PatchEmbed; the
// patch matrix is its Patchify; the projection is drawn twice, as the one
// matrix product core.Linear(patches, W) and as conv.Conv2D with stride P,
// and the readout gives their largest difference. An image size that is not
// a multiple of P is core's error, drawn over the image with the pixels no
// patch covers marked.

const (
	peChannels = 3
	peMaxSide  = 48
)

// peSizes are the patch sizes the P choice offers.
var peSizes = [...]int{4, 8, 16}

type patchEmbedScene struct {
	h, w, p, d int
	hp, wp, n  int // patch grid and token count N = hp·wp (0 on error)
	k          int // tokens placed in the sequence so far, 1 (CLS) .. N+1
	clock      float64
	err        error

	x       *core.Tensor // image [1,3,H,W] in [0,1]
	weights embed.PatchEmbedWeights
	patches []float32    // [N, 3P²] from embed.Patchify
	proj    *core.Tensor // patches·W^T + b [N,D], core.Linear
	convOut *core.Tensor // conv.Conv2D(x, W, b, stride P) [1,D,H/P,W/P]
	convTok []float32    // convOut flattened and transposed [N,D]
	tokens  *core.Tensor // embed.PatchEmbed [1,N+1,D]
	maxDiff float64      // max |proj − convTok|

	img                                        viz.Bitmap
	patchBmp, projBmp, convBmp, tokBmp, posBmp viz.Bitmap
	imgRect                                    viz.Rect // image as last drawn, for clicks

	readout              []KV
	stepText             []string // "token k of N+1" per k, built in Reset
	lines                [3]string
	imgTitle, patchTitle string
}

// Info implements Scene.
func (s *patchEmbedScene) Info() Info {
	return Info{
		ID: "patch_embed", Title: "Patch embedding (ViT)", Family: "attention", Problems: []string{"002"},
		Statement: "Turn an image [C, H, W] into a sequence of tokens for a transformer: cut it into P×P patches, " +
			"flatten each, project it to D dimensions, put a learnable CLS token first and add learnable position embeddings.",
		Formula: "N = HW/P²;  X = patchify(x) [N, C·P·P] in row-major patch order;  tokens = [cls; X W^T + b] + pos  [N+1, D];  " +
			"Conv2d(C, D, kernel P, stride P) gives the same X W^T + b, flattened and transposed.",
		LookFor: "Patches enter the sequence left to right, top to bottom, after the CLS token. The matrix product and the " +
			"strided convolution give the same numbers (their difference is float rounding). Halving P multiplies the token " +
			"count by 4. Choose a size that P does not divide: core refuses it and the uncovered pixels are marked.",
	}
}

// Params implements Scene.
func (s *patchEmbedScene) Params() []Param {
	return []Param{
		{Name: "p", Label: "Patch size P", Kind: Choice, Choices: []string{"4", "8", "16"}, Default: 1,
			Help: "side of the square patches (kernel and stride of the conv)"},
		{Name: "h", Label: "Image height H", Kind: Int, Min: 8, Max: peMaxSide, Step: 4, Default: 32},
		{Name: "w", Label: "Image width W", Kind: Int, Min: 8, Max: peMaxSide, Step: 4, Default: 32},
		{Name: "d", Label: "Token size D", Kind: Int, Min: 2, Max: 32, Step: 1, Default: 12,
			Help: "embedding dimension: the conv's output channels"},
	}
}

var pePresets = []Preset{
	{Name: "Many small patches", Values: Values{"p": 0}},
	{Name: "Four big patches", Values: Values{"p": 2}},
	{Name: "Wide image", Values: Values{"h": 16, "w": 48, "p": 1}},
	{Name: "Not a multiple of P", Values: Values{"h": 24, "w": 32, "p": 2}},
}

// Presets implements Presetter.
func (s *patchEmbedScene) Presets() []Preset { return pePresets }

// Reset builds the picture and weights and runs core once; frames only
// index what it computed.
func (s *patchEmbedScene) Reset(v Values) error {
	pi := int(v["p"])
	if pi < 0 || pi >= len(peSizes) {
		return fmt.Errorf("patch_embed scene: P choice %d out of range", pi)
	}
	h, w, d := int(v["h"]), int(v["w"]), int(v["d"])
	if h < 1 || w < 1 || h > peMaxSide || w > peMaxSide || d < 1 || d > 64 {
		return fmt.Errorf("patch_embed scene: H=%d W=%d D=%d out of range", h, w, d)
	}
	s.h, s.w, s.p, s.d = h, w, peSizes[pi], d
	s.k, s.clock = 1, 0
	s.x = peImage(h, w)
	s.setImage()
	s.err = s.compute()
	s.buildTexts()
	// A size P does not divide is core's refusal, which the scene shows;
	// the values themselves are valid.
	return nil
}

// peImage paints a small scene (sky, sun, hill, a house) as [1,3,h,w] in [0,1],
// colourful enough that each patch looks different.
func peImage(h, w int) *core.Tensor {
	x := core.New(1, peChannels, h, w)
	fh, fw := float64(h), float64(w)
	for i := 0; i < h; i++ {
		for j := 0; j < w; j++ {
			u, v := (float64(j)+0.5)/fw, (float64(i)+0.5)/fh
			r, g, b := 0.45+0.3*v, 0.65+0.2*v, 0.95 // sky
			if dx, dy := (u-0.78)*fw/fh, v-0.22; dx*dx+dy*dy < 0.018 {
				r, g, b = 1, 0.82, 0.2 // sun
			}
			if v > 0.62+0.08*math.Sin(6*u) {
				r, g, b = 0.25+0.1*math.Sin(17*u*v), 0.62, 0.25 // hill
			}
			if u > 0.18 && u < 0.46 && v > 0.5 && v < 0.82 {
				r, g, b = 0.85, 0.3, 0.25 // walls
				if u > 0.27 && u < 0.35 && v > 0.64 {
					r, g, b = 0.4, 0.25, 0.15 // door
				}
			}
			if v <= 0.5 && v > 0.3 && math.Abs(u-0.32) < (v-0.3)*0.8 {
				r, g, b = 0.5, 0.2, 0.45 // roof
			}
			x.Data[(0*h+i)*w+j] = float32(r)
			x.Data[(1*h+i)*w+j] = float32(g)
			x.Data[(2*h+i)*w+j] = float32(b)
		}
	}
	return x
}

func (s *patchEmbedScene) setImage() {
	b := newBitmap(&s.img, s.w, s.h)
	hw := s.h * s.w
	for i := 0; i < hw; i++ {
		b.Img.Pix[4*i] = uint8(255*s.x.Data[i] + 0.5)
		b.Img.Pix[4*i+1] = uint8(255*s.x.Data[hw+i] + 0.5)
		b.Img.Pix[4*i+2] = uint8(255*s.x.Data[2*hw+i] + 0.5)
		b.Img.Pix[4*i+3] = 255
	}
	b.Touch()
}

// compute draws the weights (seeded by the shapes, so moving a slider back
// gives the same numbers) and runs core: PatchEmbed, Patchify, the product
// and the strided conv.
func (s *patchEmbedScene) compute() error {
	p, d := s.p, s.d
	s.hp, s.wp, s.n = 0, 0, 0
	kk := peChannels * p * p
	rng := rand.New(rand.NewPCG(uint64(p*1000+d), 0x7e))
	proj := core.New(d, peChannels, p, p)
	sc := 1.5 / math.Sqrt(float64(kk))
	for i := range proj.Data {
		proj.Data[i] = float32(sc * rng.NormFloat64())
	}
	bias, cls := core.New(d), core.New(1, 1, d)
	for i := range bias.Data {
		bias.Data[i] = float32(0.2 * rng.NormFloat64())
		cls.Data[i] = float32(rng.NormFloat64())
	}
	// pos_embed has the N+1 rows of the whole patches that fit, so that
	// core's refusal is about the image size, not pos_embed's length.
	n := (s.h / p) * (s.w / p)
	pos := core.New(1, n+1, d)
	for i := range pos.Data {
		pos.Data[i] = float32(0.3 * rng.NormFloat64())
	}
	s.weights = embed.PatchEmbedWeights{Proj: proj, ProjBias: bias, ClsToken: cls, PosEmbed: pos}
	tok, err := embed.PatchEmbed(s.x, s.weights)
	if err != nil {
		return err
	}
	s.tokens = tok
	s.hp, s.wp, s.n = s.h/p, s.w/p, n
	s.patches = make([]float32, n*kk)
	embed.Patchify(s.patches, s.x.Data, peChannels, s.h, s.w, p)
	// The conv weight [D,C,P,P] read as a [D, C·P·P] matrix: Patchify's
	// flattening order is the weight's.
	wmat, err := core.FromData(proj.Data, d, kk)
	if err != nil {
		return err
	}
	xmat, err := core.FromData(s.patches, n, kk)
	if err != nil {
		return err
	}
	if s.proj, err = core.Linear("patch_embed scene", xmat, wmat, bias); err != nil {
		return err
	}
	o := conv.DefaultOptions()
	o.Stride = [2]int{p, p}
	if s.convOut, err = conv.Conv2D(s.x, proj, bias, o); err != nil {
		return err
	}
	s.convTok = make([]float32, n*d)
	s.maxDiff = 0
	for c := 0; c < d; c++ {
		for l := 0; l < n; l++ {
			v := s.convOut.Data[c*n+l]
			s.convTok[l*d+c] = v
			s.maxDiff = math.Max(s.maxDiff, math.Abs(float64(v-s.proj.Data[l*d+c])))
		}
	}
	s.patchBmp.SetHeatmap(s.patches, n, kk, viz.Viridis, 0, 1)
	pm := maxAbs(s.proj.Data)
	s.projBmp.SetHeatmap(s.proj.Data, n, d, viz.BlueWhiteRed, -pm, pm)
	s.convBmp.SetHeatmap(s.convTok, n, d, viz.BlueWhiteRed, -pm, pm)
	tm := maxAbs(tok.Data)
	s.tokBmp.SetHeatmap(tok.Data, n+1, d, viz.BlueWhiteRed, -tm, tm)
	s.posBmp.SetHeatmap(pos.Data, n+1, d, viz.BlueWhiteRed, -tm, tm)
	return nil
}

func maxAbs(v []float32) float64 {
	m := 1e-6
	for _, x := range v {
		m = math.Max(m, math.Abs(float64(x)))
	}
	return m
}

func (s *patchEmbedScene) buildTexts() {
	hw := strconv.Itoa(s.h) + "×" + strconv.Itoa(s.w)
	s.imgTitle = "image " + itoa(peChannels) + "×" + hw + ", P = " + itoa(s.p)
	s.patchTitle = "patches X [" + itoa(s.n) + ", " + itoa(peChannels*s.p*s.p) + "]"
	if s.err != nil {
		s.readout = []KV{{"image", hw}, {"P", itoa(s.p)}, {"error", s.err.Error()}}
		s.stepText = []string{"no tokens"}
		s.lines = [3]string{}
		return
	}
	nTok := s.n + 1
	s.stepText = make([]string, nTok+1)
	for k := 1; k <= nTok; k++ {
		if k == 1 {
			s.stepText[k] = "token 1 of " + itoa(nTok) + ": CLS"
		} else {
			s.stepText[k] = "token " + itoa(k) + " of " + itoa(nTok) + ": patch " + itoa(k-2) +
				" (row " + itoa((k-2)/s.wp) + ", col " + itoa((k-2)%s.wp) + ")"
		}
	}
	s.lines = [3]string{
		"N = HW/P² = " + itoa(s.h) + "·" + itoa(s.w) + "/" + itoa(s.p) + "² = " + itoa(s.n) + " patches, " + itoa(s.n+1) + " tokens of D = " + itoa(s.d),
		"matrix product [" + itoa(s.n) + "×" + itoa(peChannels*s.p*s.p) + "]·[" + itoa(peChannels*s.p*s.p) + "×" + itoa(s.d) +
			"] vs strided conv: max difference " + strconv.FormatFloat(s.maxDiff, 'g', 3, 64),
		"tokens [1, " + itoa(s.n+1) + ", " + itoa(s.d) + "] = [cls; X W^T + b] + pos",
	}
	s.readout = []KV{
		{"image", hw}, {"P", itoa(s.p)}, {"D", itoa(s.d)},
		{"N = HW/P²", itoa(s.n)},
		{"tokens shape", "[1, " + itoa(s.n+1) + ", " + itoa(s.d) + "]"},
		{"max |matmul − conv|", strconv.FormatFloat(s.maxDiff, 'g', 3, 64)},
		{"CLS token[0..3]", tsFirst(s.tokens.Data, 4)},
		{"token 1 [0..3]", tsFirst(s.tokens.Data[s.d:], 4)},
	}
}

// Step implements Stepper: the next patch enters the sequence.
func (s *patchEmbedScene) Step() {
	if s.err != nil {
		return
	}
	s.k++
	if s.k > s.n+1 {
		s.k = 1
	}
}

// Progress implements Stepper: tokens in the sequence so far.
func (s *patchEmbedScene) Progress() (k, n int) {
	if s.err != nil {
		return 0, 0
	}
	return s.k, s.n + 1
}

// Update implements Scene: playing steps through the patches (a whole pass
// takes about 8 s whatever N is); a click on the image jumps to that patch.
func (s *patchEmbedScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	if in.Clicked && s.imgRect.W > 0 && s.imgRect.Contains(in.MouseX, in.MouseY) {
		px := int((in.MouseX - s.imgRect.X) / s.imgRect.W * float64(s.w))
		py := int((in.MouseY - s.imgRect.Y) / s.imgRect.H * float64(s.h))
		px, py = clampInt(px/s.p, 0, s.wp-1), clampInt(py/s.p, 0, s.hp-1)
		s.k, s.clock = py*s.wp+px+2, 0
		return
	}
	if dt <= 0 {
		return
	}
	per := math.Min(0.4, 8/float64(s.n+1))
	s.clock += dt
	for s.clock >= per {
		s.clock -= per
		s.Step()
	}
}

// Draw implements Scene: the image and its patch grid on the left, the
// patch matrix, the two projections and the token sequence to the right.
func (s *patchEmbedScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if area.W < 40 || area.H < 40 {
		return
	}
	foot, main := area.CutBottom(58)
	left, right := main.CutLeft(math.Min(main.W*0.34, main.H+20))
	s.drawImage(c, left)
	if s.err != nil {
		drawError(c, viz.Rect{X: right.X + 10, Y: right.Y + 20, W: right.W - 10, H: 44}, s.err)
		c.Text(right.X+10, right.Y+90, "patch_embed needs H and W to be multiples of P; the red pixels fit no whole patch.",
			labelSize, viz.InkMuted, viz.AlignLeft)
		return
	}
	m := viz.Rect{X: right.X + 16, Y: right.Y, W: right.W - 16, H: right.H}
	s.drawMatrix(c, columnOf(m, 5, 0, 14), s.patchTitle, &s.patchBmp, s.n, 0, s.k-1)
	s.drawMatrix(c, columnOf(m, 5, 1, 14), "X W^T + b (matmul)", &s.projBmp, s.n, 0, s.k-1)
	s.drawMatrix(c, columnOf(m, 5, 2, 14), "conv, stride P", &s.convBmp, s.n, 0, s.k-1)
	s.drawMatrix(c, columnOf(m, 5, 3, 14), "+ pos embedding", &s.posBmp, s.n+1, 1, s.n+1)
	s.drawMatrix(c, columnOf(m, 5, 4, 14), "tokens [N+1, D]", &s.tokBmp, s.n+1, 1, s.k)
	y := foot.Y + 14
	c.Text(foot.X, y, s.stepText[s.k], labelSize+1, viz.Accent, viz.AlignLeft)
	for i, ln := range s.lines {
		c.Text(foot.X+foot.W*0.42*float64(i%2), y+16+16*float64(i/2), ln, labelSize, viz.InkMuted, viz.AlignLeft)
	}
}

// drawImage draws the picture with its patch grid, numbers the patches
// when they are big enough, and frames the patch being placed.
func (s *patchEmbedScene) drawImage(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.imgTitle)
	ir := fitRect(r, float64(s.w), float64(s.h))
	s.imgRect = ir
	if ir.W < 4 {
		return
	}
	c.Image(&s.img, ir.X, ir.Y, ir.W, ir.H, false)
	px := ir.W / float64(s.w) // one pixel
	cell := px * float64(s.p)
	gw, gh := s.w/s.p, s.h/s.p
	if s.err != nil {
		// Pixels right of or below the last whole patch.
		if rx := float64(gw) * cell; rx < ir.W {
			c.FillRect(ir.X+rx, ir.Y, ir.W-rx, ir.H, viz.Fade(viz.Bad, 0.55))
			c.StrokeRect(ir.X+rx, ir.Y, ir.W-rx, ir.H, 2, viz.Bad)
		}
		if ry := float64(gh) * cell; ry < ir.H {
			c.FillRect(ir.X, ir.Y+ry, ir.W, ir.H-ry, viz.Fade(viz.Bad, 0.55))
			c.StrokeRect(ir.X, ir.Y+ry, ir.W, ir.H-ry, 2, viz.Bad)
		}
	}
	for i := 0; i <= gw; i++ {
		x := ir.X + float64(i)*cell
		c.Line(x, ir.Y, x, ir.Y+float64(gh)*cell, 1, viz.Fade(viz.White, 0.8))
	}
	for j := 0; j <= gh; j++ {
		y := ir.Y + float64(j)*cell
		c.Line(ir.X, y, ir.X+float64(gw)*cell, y, 1, viz.Fade(viz.White, 0.8))
	}
	if s.err != nil {
		return
	}
	// Patches already in the sequence are dimmed.
	for l := 0; l < s.k-1 && l < s.n; l++ {
		c.FillRect(ir.X+float64(l%s.wp)*cell, ir.Y+float64(l/s.wp)*cell, cell, cell, viz.Fade(viz.Paper, 0.35))
	}
	if cell >= 18 {
		for l := 0; l < s.n; l++ {
			c.Text(ir.X+(float64(l%s.wp)+0.5)*cell, ir.Y+(float64(l/s.wp)+0.5)*cell+4, itoa(l), smallSize, viz.Black, viz.AlignCenter)
		}
	}
	if l := s.k - 2; l >= 0 {
		c.StrokeRect(ir.X+float64(l%s.wp)*cell, ir.Y+float64(l/s.wp)*cell, cell, cell, 3, viz.Accent)
	}
}

// drawMatrix draws a heatmap of rows rows; the first head rows are the CLS
// row (marked), and rows at or after shown are veiled: not in the sequence
// yet.
func (s *patchEmbedScene) drawMatrix(c viz.Canvas, r viz.Rect, title string, b *viz.Bitmap, rows, head, shown int) {
	c.Text(r.X, r.Y+captionSize, title, labelSize, viz.Ink, viz.AlignLeft)
	_, r = r.CutTop(captionSize + 8)
	if r.W < 4 || r.H < 4 || b.Img == nil {
		return
	}
	rh := math.Min(r.H/float64(rows), 24)
	hr := viz.Rect{X: r.X, Y: r.Y, W: r.W, H: rh * float64(rows)}
	c.Image(b, hr.X, hr.Y, hr.W, hr.H, false)
	c.StrokeRect(hr.X-1, hr.Y-1, hr.W+2, hr.H+2, 1, viz.Grid)
	if shown < rows {
		c.FillRect(hr.X, hr.Y+float64(shown)*rh, hr.W, float64(rows-shown)*rh, viz.Fade(viz.Paper, 0.8))
	}
	if head > 0 {
		c.Line(hr.X, hr.Y+rh, hr.X+hr.W, hr.Y+rh, 2, viz.Ink)
		if rh >= 9 {
			c.Text(hr.X-3, hr.Y+rh*0.5+4, "cls", smallSize, viz.InkMuted, viz.AlignRight)
		}
	}
	// The row of the patch being placed.
	if l := s.k - 2 + head; l >= head && l < rows {
		c.StrokeRect(hr.X-2, hr.Y+float64(l)*rh-1, hr.W+4, rh+2, 2, viz.Accent)
	}
}

// Readout implements Readouter.
func (s *patchEmbedScene) Readout() []KV { return s.readout }

// columnOf is column i of r split into n columns separated by gap, as
// viz.Rect.Columns without its per-frame slice.
func columnOf(r viz.Rect, n, i int, gap float64) viz.Rect {
	w := (r.W - gap*float64(n-1)) / float64(n)
	return viz.Rect{X: r.X + float64(i)*(w+gap), Y: r.Y, W: w, H: r.H}
}
