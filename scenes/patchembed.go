package scenes

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/embed"
	"dlprep/core/problems"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 002: patch embedding told as its reshapes and one
// matrix product. The image is cut into P×P patches (view, permute,
// reshape), each patch flattened into a row, the rows multiplied by the
// projection, which is exactly what Conv2d(kernel P, stride P) computes,
// then the CLS token goes first and the positions are added. Every tensor
// comes from embed.PatchEmbedTrace; the strided convolution from
// conv.Conv2D.

const peC = 3 // image channels

// peSizes are the patch sizes the P choice offers.
var peSizes = []int{2, 4, 8}

// Inspection groups of the patch-embedding view.
const (
	pgImage   = iota + 1 // the image's pixels [H, W]
	pgPatches            // the patch matrix [N, C·P·P]
	pgWeight             // proj.weight as [D, C·P·P]
	pgProj               // patches · Wᵀ + b [N, D]
	pgConvTok            // the conv output flattened and transposed [N, D]
	pgSeq                // cat(cls, ·) [N+1, D]
	pgPos                // pos_embed [N+1, D]
	pgY                  // the tokens [N+1, D]

	pgMap0 = 100 // + d: feature map d of the conv [Hp, Wp]
)

// Colour maps of the patch matrix: a pixel's value in its channel's hue.
var (
	peReds   = viz.NewColorMap("reds", viz.White, color.RGBA{R: 200, G: 30, B: 30, A: 255})
	peGreens = viz.NewColorMap("greens", viz.White, color.RGBA{R: 20, G: 140, B: 50, A: 255})
	peBlues  = viz.NewColorMap("blues", viz.White, color.RGBA{R: 30, G: 80, B: 200, A: 255})
	peTints  = []*viz.ColorMap{peReds, peGreens, peBlues}
)

type peStep int

const (
	psImage peStep = iota
	psPatchify
	psProject
	psConv
	psTokens
)

type patchEmbedView struct {
	// params
	h, w, p, d int
	seed       uint64
	// computed
	x       *core.Tensor
	wts     embed.PatchEmbedWeights
	st      *embed.PatchEmbedStages
	convOut *core.Tensor // conv.Conv2D(x, proj, bias, stride P) [1,D,Hp,Wp]
	convTok *core.Tensor // convOut flattened and transposed [1,N,D]
	maxDiff float64      // max |convTok − Proj|
	steps   []peStep
	tl      scene.Timeline
	kv      []scene.KV // the readout, built by Reset
	// pictures
	img                     viz.Bitmap
	patchBms                []viz.Bitmap // each patch's pixels, for the flight
	hpatch, hw, hproj, hcvt heat
	hseq, hpos, hy          heat
	maps                    videoPanel // the conv's D feature maps
	imgRect                 viz.Rect   // where the image went in the last draw
	rowLabels, tokLabels    []string
	kLabels, dLabels        []string
	shapeX, shapePatches    string
	shapeW, shapeE, shapeT  string
	diffNote                string
}

func newPatchEmbedView() *patchEmbedView { return &patchEmbedView{} }

func (s *patchEmbedView) Info() scene.Info {
	p, _ := problems.Lookup("002")
	return scene.Info{ID: "patch_embed", Problem: "002", Title: p.Title, Family: "attention", Statement: p.Statement,
		Formula: `N = \frac{HW}{P^2};\quad X = \mathrm{patchify}(x):\ [N,\ C P^2];\quad ` +
			`E = X W^\top + b:\ [N, D];\quad \mathrm{tokens} = [\mathrm{cls}; E] + \mathrm{pos}:\ [N+1, D]`,
		LookFor: "Patchify is a view and a permute: view(B, C, H/P, P, W/P, P) splits each image axis into (patch, pixel in patch), " +
			"permute(0, 2, 4, 1, 3, 5) puts the two patch axes first, and reshape flattens each patch into a row of C·P·P numbers " +
			"in (channel, row, column) order, the order of a row of the conv's weight. One matrix product with that weight projects " +
			"every patch to D numbers at once. Conv2d(C, D, kernel P, stride P) computes exactly the same: its D feature maps, " +
			"flattened and transposed (flatten(2).transpose(1, 2)), equal the product to float rounding. Then the CLS token goes " +
			"first and the learnable positions are added row by row. Halving P multiplies N by 4; a size P does not divide is refused."}
}

func (s *patchEmbedView) Params() []scene.Param {
	return []scene.Param{
		{Name: "P", Label: "patch size P", Kind: scene.Choice, Choices: []string{"2", "4", "8"}, Default: 1,
			Help: "the side of a patch: the conv's kernel and stride"},
		{Name: "H", Label: "image height H", Kind: scene.Int, Min: 8, Max: 32, Step: 4, Default: 16, Help: "a multiple of P"},
		{Name: "W", Label: "image width W", Kind: scene.Int, Min: 8, Max: 32, Step: 4, Default: 16, Help: "a multiple of P"},
		{Name: "D", Label: "token size D", Kind: scene.Int, Min: 2, Max: 16, Step: 1, Default: 8, Help: "the conv's output channels"},
		{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

func (s *patchEmbedView) Presets() []scene.Preset {
	return []scene.Preset{
		{Name: "Small patches: N × 4", Values: scene.Values{"P": 0, "H": 12, "W": 12}},
		{Name: "Big patches, P = 8", Values: scene.Values{"P": 2, "H": 24, "W": 24}},
		{Name: "A wide image", Values: scene.Values{"H": 8, "W": 24, "D": 6}},
	}
}

// Applies implements scene.Applier.
func (s *patchEmbedView) Applies(name string, v scene.Values) string {
	p := peSizes[clampInt(int(v["P"]), 0, len(peSizes)-1)]
	if (name == "H" || name == "W") && int(v[name])%p != 0 {
		return name + " must be a multiple of P = " + strconv.Itoa(p)
	}
	return ""
}

func (s *patchEmbedView) Reset(v scene.Values) error {
	s.p = peSizes[clampInt(int(v["P"]), 0, len(peSizes)-1)]
	s.h, s.w, s.d = int(v["H"]), int(v["W"]), int(v["D"])
	s.seed = uint64(v["seed"])
	if s.h < 1 || s.w < 1 || s.h > 64 || s.w > 64 || s.d < 1 || s.d > 64 {
		return fmt.Errorf("patch_embed view: H=%d W=%d D=%d out of range", s.h, s.w, s.d)
	}
	s.x = peImage(s.h, s.w)
	s.wts = peWeights(s.h, s.w, s.p, s.d, s.seed)
	st, err := embed.PatchEmbedTrace(s.x, s.wts)
	if err != nil {
		return err
	}
	s.st = st
	o := conv.DefaultOptions()
	o.Stride = [2]int{s.p, s.p}
	if s.convOut, err = conv.Conv2D(s.x, s.wts.Proj, s.wts.ProjBias, o); err != nil {
		return err
	}
	// flatten(2).transpose(1, 2): [1, D, Hp, Wp] → [1, D, N] → [1, N, D].
	n := st.Hp * st.Wp
	flat, err := s.convOut.Reshape(1, s.d, n)
	if err != nil {
		return err
	}
	if s.convTok, err = flat.Permute(0, 2, 1); err != nil {
		return err
	}
	s.maxDiff = 0
	for i, cv := range s.convTok.Data {
		s.maxDiff = max(s.maxDiff, math.Abs(float64(cv-st.Proj.Data[i])))
	}
	s.buildTimeline()
	s.buildPictures()
	s.kv = s.buildReadout()
	return nil
}

// peImage paints a small landscape (sky, sun, hill, a house) as [1,3,h,w]
// in [0, 1], varied enough that the patches look different.
func peImage(h, w int) *core.Tensor {
	x := core.New(1, peC, h, w)
	for i := range h {
		for j := range w {
			u, v := (float64(j)+0.5)/float64(w), (float64(i)+0.5)/float64(h)
			r, g, b := 0.55+0.3*v, 0.75+0.15*v, 0.97 // sky, lighter downwards
			if du, dv := (u-0.8)*float64(w)/float64(h), v-0.2; du*du+dv*dv < 0.02 {
				r, g, b = 1, 0.8, 0.15 // sun
			}
			if v > 0.65+0.07*math.Sin(7*u) {
				r, g, b = 0.3, 0.62+0.1*math.Sin(13*u), 0.25 // hill
			}
			if u > 0.2 && u < 0.5 && v > 0.48 && v < 0.85 {
				r, g, b = 0.85, 0.32, 0.22 // walls
				if u > 0.3 && u < 0.4 && v > 0.65 {
					r, g, b = 0.35, 0.22, 0.12 // door
				}
			}
			if v <= 0.48 && v > 0.26 && math.Abs(u-0.35) < (v-0.26)*0.8 {
				r, g, b = 0.45, 0.2, 0.42 // roof
			}
			for ch, val := range [3]float64{r, g, b} {
				x.Data[(ch*h+i)*w+j] = float32(val)
			}
		}
	}
	return x
}

// peWeights draws proj.weight [D,3,P,P], its bias, the CLS token and the
// positions [1, N+1, D] (N from the whole patches that fit, so that a size
// P does not divide is refused for the size, not for pos_embed).
func peWeights(h, w, p, d int, seed uint64) embed.PatchEmbedWeights {
	rng := rand.New(rand.NewPCG(seed, 0x7e))
	k := peC * p * p
	proj := core.New(d, peC, p, p)
	sc := 2 / math.Sqrt(float64(k))
	for i := range proj.Data {
		proj.Data[i] = float32(sc * rng.NormFloat64())
	}
	bias, cls := core.New(d), core.New(1, 1, d)
	for i := range bias.Data {
		bias.Data[i] = float32(0.2 * rng.NormFloat64())
		cls.Data[i] = float32(rng.NormFloat64())
	}
	pos := core.New(1, (h/p)*(w/p)+1, d)
	for i := range pos.Data {
		pos.Data[i] = float32(0.4 * rng.NormFloat64())
	}
	return embed.PatchEmbedWeights{Proj: proj, ProjBias: bias, ClsToken: cls, PosEmbed: pos}
}

func (s *patchEmbedView) buildTimeline() {
	p, d, hp, wp := s.p, s.d, s.st.Hp, s.st.Wp
	n, k := hp*wp, peC*p*p
	s.shapeX = shapeOf(1, peC, s.h, s.w)
	s.shapePatches = shapeOf(1, n, k)
	s.shapeW = shapeOf(d, k)
	s.shapeE = shapeOf(1, n, d)
	s.shapeT = shapeOf(1, n+1, d)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(st peStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, st)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(psImage, "image", strconv.Itoa(p)+"×"+strconv.Itoa(p)+" patches tile the "+strconv.Itoa(s.h)+"×"+strconv.Itoa(s.w)+
		" image in rows: N = HW/P² = "+strconv.Itoa(n)+" patches.", "x "+s.shapeX, 1.5)
	add(psPatchify, "patchify", "view(B, C, H/P, P, W/P, P), permute(0, 2, 4, 1, 3, 5), reshape: each patch becomes a row.",
		s.shapeX+" → "+shapeOf(1, peC, hp, p, wp, p)+" → "+s.shapePatches, 3.5)
	add(psProject, "project", "One matrix product projects every patch at once: row i of X times row j of W gives E[i, j].",
		s.shapePatches+" @ W.T "+shapeOf(k, d)+" + b → "+s.shapeE, 3)
	add(psConv, "= strided conv", "Conv2d(3, D, kernel P, stride P) gives the same numbers: flatten(2).transpose(1, 2) of its maps.",
		s.shapeX+" → "+shapeOf(1, d, hp, wp)+" → "+s.shapeE, 3)
	add(psTokens, "+ CLS, + positions", "torch.cat puts the CLS token first; the position embeddings are added row by row.",
		"cat("+shapeOf(1, 1, d)+", "+s.shapeE+") + pos "+s.shapeT+" → "+s.shapeT, 3)
}

func (s *patchEmbedView) buildPictures() {
	h, w, p, d := s.h, s.w, s.p, s.d
	hp, wp := s.st.Hp, s.st.Wp
	n, k := hp*wp, peC*p*p
	// The image, one pixel per pixel.
	newBitmap(&s.img, w, h)
	px := func(i, j int) color.RGBA {
		c := func(ch int) uint8 { return uint8(255*s.x.Data[(ch*h+i)*w+j] + 0.5) }
		return color.RGBA{R: c(0), G: c(1), B: c(2), A: 255}
	}
	for i := range h {
		for j := range w {
			s.img.Img.SetRGBA(j, i, px(i, j))
		}
	}
	s.img.Touch()
	if cap(s.patchBms) < n {
		s.patchBms = make([]viz.Bitmap, n)
	}
	s.patchBms = s.patchBms[:n]
	for l := range n {
		b := newBitmap(&s.patchBms[l], p, p)
		for i := range p {
			for j := range p {
				b.Img.SetRGBA(j, i, px(l/wp*p+i, l%wp*p+j))
			}
		}
		b.Touch()
	}
	// The patch matrix: each value in its channel's hue.
	s.hpatch.set(s.st.Patches.Data, n, k, viz.Greys, 0, 1, nil)
	for r := range n {
		for c := range k {
			s.hpatch.bm.Img.SetRGBA(c, r, peTints[c/(p*p)].At(float64(s.st.Patches.Data[r*k+c])))
		}
	}
	s.hpatch.bm.Touch()
	lo, hi := symmetric(s.st.Weight.Data)
	s.hw.set(s.st.Weight.Data, d, k, viz.BlueWhiteRed, lo, hi, nil)
	lo, hi = symmetric(s.st.Proj.Data)
	s.hproj.set(s.st.Proj.Data, n, d, viz.BlueWhiteRed, lo, hi, nil)
	s.hcvt.set(s.convTok.Data, n, d, viz.BlueWhiteRed, lo, hi, nil)
	s.maps.resize(d, hp, wp)
	s.maps.relabel("d=")
	for c := range d {
		s.maps.heatFrame(c, s.convOut.Data[c*n:(c+1)*n], viz.BlueWhiteRed, lo, hi)
	}
	lo, hi = symmetric(s.st.Y.Data)
	s.hseq.set(s.st.Seq.Data, n+1, d, viz.BlueWhiteRed, lo, hi, nil)
	s.hpos.set(s.wts.PosEmbed.Data, n+1, d, viz.BlueWhiteRed, lo, hi, nil)
	s.hy.set(s.st.Y.Data, n+1, d, viz.BlueWhiteRed, lo, hi, nil)
	s.rowLabels = indexLabels(0, n)
	s.tokLabels = append([]string{"cls"}, indexLabels(0, n)...)
	s.kLabels, s.dLabels = indexLabels(0, k), indexLabels(0, d)
	s.diffNote = "max |conv − product| = " + strconv.FormatFloat(s.maxDiff, 'g', 2, 64)
	if s.maxDiff > 0 {
		s.diffNote += " (float rounding)"
	}
}

func (s *patchEmbedView) Timeline() scene.Timeline { return s.tl }

func (s *patchEmbedView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.st == nil || len(s.steps) == 0 || area.W < 20 || area.H < 20 {
		return
	}
	k := min(f.Step, len(s.steps)-1)
	switch s.steps[k] {
	case psImage:
		r := s.drawImage(c, area, f)
		if r.W > 0 {
			n := s.st.Hp * s.st.Wp
			s.outlinePatch(c, min(int(f.Frac*float64(n)), n-1), viz.Accent)
		}
	case psPatchify:
		s.drawPatchify(c, area, f)
	case psProject:
		s.drawProject(c, area, f)
	case psConv:
		s.drawConv(c, area, f)
	case psTokens:
		s.drawTokens(c, area, f)
	}
}

// drawImage draws the image with its patch grid in r (at most as tall as
// wide) and marks its pixels; it returns where the pixels went.
func (s *patchEmbedView) drawImage(c viz.Canvas, r viz.Rect, f *scene.Frame) viz.Rect {
	s.imgRect = viz.Rect{}
	r = titleShape(c, r, "x", s.shapeX)
	px := math.Floor(min(r.W/float64(s.w), r.H/float64(s.h), 28))
	if px < 1 {
		return viz.Rect{}
	}
	ir := viz.Rect{X: r.X, Y: r.Y, W: px * float64(s.w), H: px * float64(s.h)}
	c.Image(&s.img, ir.X, ir.Y, ir.W, ir.H, false)
	cell := px * float64(s.p)
	for i := 0; i <= s.st.Wp; i++ {
		c.Line(ir.X+float64(i)*cell, ir.Y, ir.X+float64(i)*cell, ir.Y+ir.H, 1.5, viz.White)
	}
	for j := 0; j <= s.st.Hp; j++ {
		c.Line(ir.X, ir.Y+float64(j)*cell, ir.X+ir.W, ir.Y+float64(j)*cell, 1.5, viz.White)
	}
	if cell >= 22 {
		for l := range s.st.Hp * s.st.Wp {
			pr := s.patchRect(l, ir)
			c.Text(pr.X+3, pr.Y+kitLabel, strconv.Itoa(l), kitLabel, viz.Ink, viz.AlignLeft)
		}
	}
	f.Grid(pgImage, ir, s.h, s.w)
	s.imgRect = ir
	return ir
}

// patchRect is where patch l sits in the image drawn in ir.
func (s *patchEmbedView) patchRect(l int, ir viz.Rect) viz.Rect {
	cw := ir.W / float64(s.st.Wp)
	return viz.Rect{X: ir.X + float64(l%s.st.Wp)*cw, Y: ir.Y + float64(l/s.st.Wp)*cw, W: cw, H: cw}
}

// outlinePatch strokes patch l of the last drawn image.
func (s *patchEmbedView) outlinePatch(c viz.Canvas, l int, col viz.Color) {
	if s.imgRect.W == 0 {
		return
	}
	r := s.patchRect(l, s.imgRect)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 3, col)
}

// patchOpts labels the patch matrix.
func (s *patchEmbedView) patchOpts() heatOpts {
	return heatOpts{Title: "X = patches", Shape: s.shapePatches, RowTitle: "patch ↓", RowLabels: s.rowLabels,
		ColTitle: "R | G | B values of the patch", ColLabels: s.kLabels, Group: pgPatches, NoScale: true, MaxCell: 24}
}

// drawPatchify flies each patch from the image into its row.
func (s *patchEmbedView) drawPatchify(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n, k := s.st.Hp*s.st.Wp, peC*s.p*s.p
	imgW := min(area.W*0.34, area.H*float64(s.w)/float64(s.h)+10)
	var ir, mr viz.Rect
	if area.W >= 520 {
		ir, mr = area.CutLeft(imgW)
		_, mr = mr.CutLeft(30)
	} else {
		ir, mr = area.CutTop(min(area.H*0.4, area.W*float64(s.h)/float64(s.w)+kitTitle+8))
		_, mr = mr.CutTop(14)
	}
	s.drawImage(c, ir, f)
	o := s.patchOpts()
	pc := s.hpatch.drawFit(c, mr, f, o)
	if pc.W == 0 || s.imgRect.W == 0 {
		return
	}
	s.channelBands(c, pc, k)
	if f.Frac < 1 {
		veil := viz.Fade(viz.Paper, 0.93)
		rh := pc.H / float64(n)
		for l := range n {
			q := flight(f.Frac, l, n)
			row := viz.Rect{X: pc.X, Y: pc.Y + float64(l)*rh, W: pc.W, H: rh}
			if q < 1 {
				c.FillRect(row.X, row.Y, row.W, row.H, veil)
			}
			if q > 0 && q < 1 {
				r := lerpRect(s.patchRect(l, s.imgRect), row, q)
				c.Image(&s.patchBms[l], r.X, r.Y, r.W, r.H, false)
				c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Fade(viz.Ink, 0.6))
			}
		}
	}
	if fi, ok := f.Focused(pgPatches); ok && fi < n*k {
		s.outlinePatch(c, fi/k, viz.Bad)
	}
	if fi, ok := f.Focused(pgImage); ok {
		l := fi/s.w/s.p*s.st.Wp + fi%s.w/s.p
		outlineRow(c, pc, n, l, viz.Bad)
	}
}

// channelBands marks the R, G and B thirds of a patch row under the
// matrix drawn in pc.
func (s *patchEmbedView) channelBands(c viz.Canvas, pc viz.Rect, k int) {
	third := pc.W / 3
	for ch, col := range []viz.Color{peTints[0].At(1), peTints[1].At(1), peTints[2].At(1)} {
		c.FillRect(pc.X+float64(ch)*third+1, pc.Y+pc.H+3, third-2, 4, col)
	}
}

// drawProject shows X, W and E = X @ W.T + b, and sweeps the cell being
// computed: row i of X and row j of W light up as E[i, j] fills in.
func (s *patchEmbedView) drawProject(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n, k, d := s.st.Hp*s.st.Wp, peC*s.p*s.p, s.d
	eo := heatOpts{Title: "E = X @ W.T + b", Shape: s.shapeE, RowTitle: "patch ↓", RowLabels: s.rowLabels, ColTitle: "dim",
		ColLabels: s.dLabels, Group: pgProj, MaxCell: 30}
	// Wide: X above W on the left, E on the right. Narrow: X on top, W and
	// E side by side below it.
	po := s.patchOpts()
	var xr, wr, er viz.Rect
	if area.W >= 520 {
		eW := min(area.W*0.3, 40+float64(d)*30)
		var left viz.Rect
		er, left = area.CutRight(eW + 30)
		_, er = er.CutLeft(30)
		xr, wr = left.CutTop(min(left.H*0.6, heatNeed(c, left.W, n, k, po)))
		_, wr = wr.CutTop(10)
	} else {
		var rest viz.Rect
		xr, rest = area.CutTop(min(area.H*0.38, heatNeed(c, area.W, n, k, po)))
		_, rest = rest.CutTop(10)
		wr, er = rest.CutLeft(rest.W * 0.6)
		_, er = er.CutLeft(16)
	}
	xc := s.hpatch.drawFit(c, xr, f, po)
	wo := heatOpts{Title: "W = proj.weight", Shape: s.shapeW + " (= [D, 3, P, P])", RowTitle: "dim ↓", RowLabels: s.dLabels,
		ColTitle: "input value", ColLabels: s.kLabels, Group: pgWeight, MaxCell: 24}
	wc := s.hw.drawFit(c, wr, f, wo)
	ec := s.hproj.drawFit(c, er, f, eo)
	cell := min(int(f.Frac*float64(n*d)), n*d-1)
	i, j := cell/d, cell%d
	if fi, ok := f.Focused(pgProj); ok && fi < n*d {
		i, j = fi/d, fi%d
	}
	if xc.W > 0 && wc.W > 0 && ec.W > 0 {
		outlineRow(c, xc, n, i, viz.Accent)
		outlineRow(c, wc, d, j, viz.Accent)
		outlineCell(c, ec, n, d, i, j, viz.Accent)
	}
}

// drawConv shows the strided conv's D feature maps flying into [N, D],
// beside the matrix product.
func (s *patchEmbedView) drawConv(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n, d := s.st.Hp*s.st.Wp, s.d
	mo := videoOpts{Title: "conv feature maps", Shape: shapeOf(1, d, s.st.Hp, s.st.Wp), Group0: pgMap0, Scale: true, ScaleLabel: "value"}
	cells := stackFlow(area, 30, 200, s.maps.height(area.W, area.H*0.45, mo), -1)
	s.maps.draw(c, cells[0], f, mo)
	pair := flowCells(cells[1], 2, 24, 110)
	o := heatOpts{Title: "conv, flattened", Shape: s.shapeE, RowTitle: "patch ↓", RowLabels: s.rowLabels, ColTitle: "dim",
		ColLabels: s.dLabels, Group: pgConvTok, MaxCell: 30, NoScale: true}
	cc := s.hcvt.drawFit(c, pair[0], f, o)
	o.Title, o.Group = "X @ W.T + b", pgProj
	last := pair[len(pair)-1]
	nr, pr := last.CutBottom(2*viz.LineHeight(kitLabel) + 4)
	_, nr = nr.CutTop(4)
	s.hproj.drawFit(c, pr, f, o)
	note(c, nr, s.diffNote, viz.Good)
	if cc.W == 0 || !s.maps.drawn() {
		return
	}
	flyTokens(c, f.Frac, n*d, func(g int) (viz.Rect, viz.Rect, viz.Color) {
		ch, l := g/n, g%n // map by map, pixel by pixel
		v := s.convOut.Data[ch*n+l]
		return s.maps.cellRect(ch, l/s.st.Wp, l%s.st.Wp), cellOf(cc, n, d, l, ch), viz.BlueWhiteRed.At((float64(v) - s.hcvt.lo) / (s.hcvt.hi - s.hcvt.lo))
	})
}

// drawTokens shows cat(cls, E), the positions and their sum.
func (s *patchEmbedView) drawTokens(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	n := s.st.Hp * s.st.Wp
	cells := flowCells(area, 3, 24, 105)
	o := heatOpts{Title: "cat(cls, E)", Shape: s.shapeT, RowTitle: "token ↓", RowLabels: s.tokLabels, ColTitle: "dim",
		ColLabels: s.dLabels, MaxCell: 30, NoScale: true}
	o.Group = pgSeq
	sc := s.hseq.drawFit(c, cells[0], f, o)
	o.Title, o.Group = "+ pos", pgPos
	pc := s.hpos.drawFit(c, cells[1], f, o)
	o.Title, o.Group, o.NoScale = "= tokens", pgY, false
	yc := s.hy.drawFit(c, cells[2], f, o)
	row := min(int(f.Frac*float64(n+1)), n)
	for _, r := range []viz.Rect{sc, pc, yc} {
		if r.W > 0 {
			outlineRow(c, r, n+1, 0, viz.Ink)
			outlineRow(c, r, n+1, row, viz.Accent)
		}
	}
}

// Readout implements scene.Readouter: the numbers depend on the values
// only, so Reset builds them once.
func (s *patchEmbedView) Readout(f *scene.Frame) []scene.KV { return s.kv }

// buildReadout lists the numbers the readout panel shows.
func (s *patchEmbedView) buildReadout() []scene.KV {
	if s.st == nil {
		return nil
	}
	n := s.st.Hp * s.st.Wp
	return []scene.KV{
		{Key: "image", Value: s.shapeX},
		{Key: "N = HW/P²", Value: strconv.Itoa(n)},
		{Key: "patch matrix X", Value: s.shapePatches},
		{Key: "tokens", Value: s.shapeT},
		{Key: "max |conv − product|", Value: strconv.FormatFloat(s.maxDiff, 'g', 3, 64)},
	}
}

// Inspect implements scene.Inspector.
func (s *patchEmbedView) Inspect(f *scene.Frame, tg scene.Target) (scene.Inspection, bool) {
	if s.st == nil {
		return scene.Inspection{}, false
	}
	const src = "embed.PatchEmbedTrace (= embed.PatchEmbed)"
	n, k, d := s.st.Hp*s.st.Wp, peC*s.p*s.p, s.d
	i := tg.Index
	in := func(limit int) bool { return i >= 0 && i < limit }
	switch tg.Group {
	case pgImage:
		if !in(s.h * s.w) {
			return scene.Inspection{}, false
		}
		r, c := i/s.w, i%s.w
		v := func(ch int) string { return f2(float64(s.x.Data[(ch*s.h+r)*s.w+c])) }
		return scene.Inspection{Name: "pixel (" + strconv.Itoa(r) + ", " + strconv.Itoa(c) + ")", Value: "R " + v(0) + ", G " + v(1) + ", B " + v(2),
			Tensor: "x", Index: "[0, :, " + strconv.Itoa(r) + ", " + strconv.Itoa(c) + "]", Shape: s.shapeX, Source: "input image",
			Detail: "in patch " + strconv.Itoa(r/s.p*s.st.Wp+c/s.p)}, true
	case pgPatches:
		if !in(n * k) {
			return scene.Inspection{}, false
		}
		l, e := i/k, i%k
		pp := s.p * s.p
		out := inspectCell("patch value", "X", s.st.Patches.Data, []int{1, n, k}, []int{0, l, e}, src)
		out.Detail = "patch " + strconv.Itoa(l) + ", channel " + "RGB"[e/pp:e/pp+1] + ", pixel (" + strconv.Itoa(e%pp/s.p) + ", " + strconv.Itoa(e%s.p) + ") of the patch"
		return out, true
	case pgWeight:
		if !in(d * k) {
			return scene.Inspection{}, false
		}
		return inspectCell("projection weight", "W", s.st.Weight.Data, []int{d, k}, []int{i / k, i % k}, src), true
	case pgProj:
		if !in(n * d) {
			return scene.Inspection{}, false
		}
		out := inspectCell("patch embedding", "E", s.st.Proj.Data, []int{1, n, d}, []int{0, i / d, i % d}, src)
		out.Detail = "row " + strconv.Itoa(i/d) + " of X · row " + strconv.Itoa(i%d) + " of W + b"
		return out, true
	case pgConvTok:
		if !in(n * d) {
			return scene.Inspection{}, false
		}
		out := inspectCell("conv output", "conv", s.convTok.Data, []int{1, n, d}, []int{0, i / d, i % d}, "conv.Conv2D (stride P), flattened")
		out.Detail = "the product gives " + fmtNum(float64(s.st.Proj.Data[i]))
		return out, true
	case pgSeq, pgPos, pgY:
		if !in((n + 1) * d) {
			return scene.Inspection{}, false
		}
		x, name := s.st.Seq, "token before positions"
		switch tg.Group {
		case pgPos:
			x, name = s.wts.PosEmbed, "position embedding"
		case pgY:
			x, name = s.st.Y, "token"
		}
		out := inspectCell(name, "tokens", x.Data, []int{1, n + 1, d}, []int{0, i / d, i % d}, src)
		if i/d == 0 {
			out.Detail = "row 0: the CLS token"
		}
		return out, true
	}
	if m := tg.Group - pgMap0; m >= 0 && m < d && in(n) {
		return inspectCell("feature map value", "conv", s.convOut.Data, []int{1, d, s.st.Hp, s.st.Wp}, []int{0, m, i / s.st.Wp, i % s.st.Wp},
			"conv.Conv2D (stride P)"), true
	}
	return scene.Inspection{}, false
}
