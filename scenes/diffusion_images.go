package scenes

import (
	"image/color"
	"math"

	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz"
)

func init() { Register(func() Scene { return &DiffusionImagesScene{} }) }

// imgStripCols is the number of snapshots per image in the strip.
const imgStripCols = 10

// glyphGap is the gap between images in bitmap pixels.
const glyphGap = 2

// DiffusionImagesScene denoises a handful of 8x8 glyph images (the toy
// world's tiny image data set) frame by frame with core's sampler, showing
// the current images large and a strip of snapshots from noise to data.
type DiffusionImagesScene struct {
	presets        []Preset // built once by Presets
	method         toy.Method
	steps, n, cls  int
	w              float64
	seed           uint64
	sch            *diffusion.Schedule
	mix            *toy.Mixture
	smp            *toy.Sampler
	cur, strip     viz.Bitmap
	curK           int
	gray           []uint8
	err            error
	k              int
	clock, hold    float64
	snapshotFrames []int
}

// Info implements Scene.
func (s *DiffusionImagesScene) Info() Info {
	return Info{
		ID:       "diffusion_images",
		Title:    "Denoising tiny images",
		Family:   "diffusion",
		Problems: []string{"010", "011", "008"},
		Statement: "The same samplers on images: each 8x8 glyph is a point in 64 dimensions, the data a mixture of six " +
			"templates (bar, dash, cross, ring, slash, dot) with pixel noise, so ε* is exact and the samples are true ones.",
		Formula: "Same DDPM / DDIM updates, per pixel; with a class, guided ε = ε_uncond + w (ε_cond − ε_uncond).",
		LookFor: "Structure appears coarse-first: in the middle of the run the images are blurry averages of several " +
			"templates, and each commits to one glyph only near the end. DDPM keeps some grain until the last step; DDIM " +
			"(η = 0) is smooth. Pick a class to steer every image to one glyph.",
	}
}

// Params implements Scene.
func (s *DiffusionImagesScene) Params() []Param {
	return []Param{
		{Name: "sampler", Label: "sampler", Kind: Choice, Choices: []string{"ddpm", "ddim"}, Default: 1},
		{Name: "steps", Label: "DDIM steps", Kind: Int, Min: 2, Max: 100, Step: 1, Default: 25},
		{Name: "class", Label: "class", Kind: Choice, Choices: append([]string{"any"}, toy.GlyphNames()...), Default: 0},
		{Name: "guidance", Label: "guidance w", Kind: Float, Min: 0, Max: 6, Step: 0.5, Default: 1},
		{Name: "images", Label: "images", Kind: Int, Min: 1, Max: 8, Step: 1, Default: 6},
		{Name: "seed", Label: "seed", Kind: Int, Min: 1, Max: 99, Step: 1, Default: 1},
	}
}

// Presets implements Presetter.
func (s *DiffusionImagesScene) Presets() []Preset {
	if s.presets == nil {
		s.presets = s.makePresets()
	}
	return s.presets
}

// makePresets builds the presets once; the shell reads them every frame.
func (s *DiffusionImagesScene) makePresets() []Preset {
	return []Preset{
		{Name: "DDIM, 25 steps, any glyph", Values: Values{"sampler": 1, "steps": 25, "class": 0, "guidance": 1, "images": 6, "seed": 1}},
		{Name: "DDPM, every step", Values: Values{"sampler": 0, "steps": 25, "class": 0, "guidance": 1, "images": 6, "seed": 1}},
		{Name: "Rings only (class), w = 3", Values: Values{"sampler": 1, "steps": 25, "class": 4, "guidance": 3, "images": 6, "seed": 2}},
		{Name: "DDIM, 3 steps", Values: Values{"sampler": 1, "steps": 3, "class": 0, "guidance": 1, "images": 6, "seed": 1}},
	}
}

// Reset implements Scene.
func (s *DiffusionImagesScene) Reset(v Values) error {
	s.method = toy.DDPM
	if v["sampler"] == 1 {
		s.method = toy.DDIM
	}
	s.steps, s.n, s.w, s.seed = int(v["steps"]), int(v["images"]), v["guidance"], uint64(v["seed"])
	s.cls = int(v["class"]) - 1 // "any" is the null class
	s.k, s.clock, s.hold, s.curK = 0, 0, 0, -1
	s.err = s.compute()
	return s.err
}

// Config is the sampler configuration.
func (s *DiffusionImagesScene) Config() toy.Config {
	return toy.Config{Schedule: s.sch, Method: s.method, Steps: s.steps, Class: s.cls, Guidance: s.w, Record: true}
}

func (s *DiffusionImagesScene) compute() error {
	var err error
	// 100 timesteps keep DDPM's animation short; the β range is scaled so
	// x_T is still noise.
	if s.sch, err = newToySchedule(diffusion.Linear, 100); err != nil {
		return err
	}
	if s.mix, err = toy.Glyphs(0.3); err != nil {
		return err
	}
	if s.smp, err = toy.NewSampler(s.mix, s.Config(), s.n); err != nil {
		return err
	}
	s.smp.Start(s.seed)
	s.smp.Run()
	// The strip: imgStripCols snapshots evenly spaced over the frames.
	nf := s.smp.NumFrames()
	s.snapshotFrames = s.snapshotFrames[:0]
	for c := range imgStripCols {
		s.snapshotFrames = append(s.snapshotFrames, int(math.Round(float64(c)*float64(nf-1)/float64(imgStripCols-1))))
	}
	g := toy.GlyphSize
	newBitmap(&s.strip, imgStripCols*(g+glyphGap)-glyphGap, s.n*(g+glyphGap)-glyphGap)
	clearBitmap(&s.strip, viz.Paper)
	for c, f := range s.snapshotFrames {
		gray := s.grayFrame(f)
		for i := range s.n {
			paintGlyph(&s.strip, gray[i*g*g:(i+1)*g*g], c*(g+glyphGap), i*(g+glyphGap))
		}
	}
	s.strip.Touch()
	newBitmap(&s.cur, s.n*(g+glyphGap)-glyphGap, g)
	clearBitmap(&s.cur, viz.Paper)
	return nil
}

// grayFrame converts frame f's images to grey levels with core's ToGray.
func (s *DiffusionImagesScene) grayFrame(f int) []uint8 {
	x := s.smp.Frame(f)
	if len(s.gray) != len(x) {
		s.gray = make([]uint8, len(x))
	}
	toy.ToGray(s.gray, x)
	return s.gray
}

// paintGlyph copies an 8x8 grey image into b at (x0, y0).
func paintGlyph(b *viz.Bitmap, gray []uint8, x0, y0 int) {
	g := toy.GlyphSize
	for r := range g {
		for c := range g {
			v := gray[r*g+c]
			b.Img.SetRGBA(x0+c, y0+r, color.RGBA{v, v, v, 255})
		}
	}
}

// CurrentGray returns the grey levels of the images shown now ([N*64]).
func (s *DiffusionImagesScene) CurrentGray() []uint8 {
	s.paintCurrent()
	return s.gray
}

// Positions returns the current frame's images as the sampler recorded
// them.
func (s *DiffusionImagesScene) Positions() []float32 { return s.smp.Frame(s.k) }

// paintCurrent repaints the large images when the frame changed.
func (s *DiffusionImagesScene) paintCurrent() {
	if s.curK == s.k {
		return
	}
	s.curK = s.k
	g := toy.GlyphSize
	gray := s.grayFrame(s.k)
	for i := range s.n {
		paintGlyph(&s.cur, gray[i*g*g:(i+1)*g*g], i*(g+glyphGap), 0)
	}
	s.cur.Touch()
}

// Step implements Stepper.
func (s *DiffusionImagesScene) Step() {
	_, n := s.Progress()
	s.k = (s.k + 1) % (n + 1)
	s.clock, s.hold = 0, 0
}

// Progress implements Stepper.
func (s *DiffusionImagesScene) Progress() (int, int) {
	if s.err != nil || s.smp == nil {
		return 0, 0
	}
	return s.k, s.smp.NumFrames() - 1
}

// Update implements Scene.
func (s *DiffusionImagesScene) Update(in Input, dt float64) {
	if s.err != nil {
		return
	}
	s.k, s.clock, s.hold = advanceFrames(s.k, s.smp.NumFrames()-1, s.clock, s.hold, dt)
}

// Readout implements Readouter.
func (s *DiffusionImagesScene) Readout() []KV {
	if s.err != nil {
		return []KV{{"error", s.err.Error()}}
	}
	k, n := s.Progress()
	return []KV{
		{"sampler", s.method.String()},
		{"step", itoa(k) + " of " + itoa(n)},
		{"ā", f3(s.smp.FrameAlphaBar(k))},
	}
}

// Draw implements Scene.
func (s *DiffusionImagesScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if s.err != nil {
		drawError(c, area, s.err)
		return
	}
	s.paintCurrent()
	k, n := s.Progress()
	top, bottom := area.CutTop(area.H * 0.38)
	top = caption(c, top, s.method.String()+"  ·  step "+itoa(k)+" of "+itoa(n)+"  ·  ā = "+f3(s.smp.FrameAlphaBar(k)))
	cr := fitRect(top, float64(s.cur.Img.Rect.Dx()), float64(s.cur.Img.Rect.Dy()))
	cr.X = top.X
	c.Image(&s.cur, cr.X, cr.Y, cr.W, cr.H, false)

	bottom = caption(c, bottom, "snapshots from noise (left) to data (right)")
	labels, sr := bottom.CutBottom(18)
	sb := fitRect(sr, float64(s.strip.Img.Rect.Dx()), float64(s.strip.Img.Rect.Dy()))
	sb.X = sr.X
	c.Image(&s.strip, sb.X, sb.Y, sb.W, sb.H, false)
	colW := sb.W / imgStripCols
	for i, f := range s.snapshotFrames {
		x := sb.X + (float64(i)+0.5)*colW
		col := viz.InkMuted
		if f <= k && (i+1 == len(s.snapshotFrames) || s.snapshotFrames[i+1] > k) {
			col = viz.Bad
			c.StrokeRect(sb.X+float64(i)*colW-2, sb.Y-2, colW-2, sb.H+4, 2, viz.Bad)
		}
		c.Text(x, labels.Y+13, "ā="+f2(s.smp.FrameAlphaBar(f)), smallSize, col, viz.AlignCenter)
	}
}
