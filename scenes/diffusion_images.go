package scenes

import (
	"image/color"
	"math"

	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz"
)

// imgStripCols is the number of snapshots per image in the strip.
const imgStripCols = 10

// glyphGap is the gap between images in bitmap pixels.
const glyphGap = 2

// DiffusionImagesScene denoises a handful of 8x8 glyph images (the toy
// world's tiny image data set) frame by frame with core's sampler, showing
// the current images large and a strip of snapshots from noise to data.
// With a pitfall chosen, core's sampler also runs with that toy.Pitfall from
// the same noise, and its images are shown under the right ones.
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
	pitfall        toy.Pitfall
	forced         bool         // the sampler chosen was replaced by the pitfall's
	bad            *toy.Sampler // the pitfall run (nil without a pitfall)
	badCur         viz.Bitmap
	badStrip       viz.Bitmap
	badGray        []uint8
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
			"(η = 0) is smooth. Pick a class to steer every image to one glyph. The pitfall menu runs a recorded mistake from " +
			"the same noise, shown under the right images: with ā used for α (DDPM) every step jumps to the x0 estimate and " +
			"re-noises, so the images never settle and all end as one and the same glyph: the diversity is gone; with ā_t, " +
			"ā_{t−1} swapped (DDIM) the update runs toward noise and the images end as saturated noise; noise added at t = 0 " +
			"leaves only a faint grain.",
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
		{Name: "pitfall", Label: "pitfall", Kind: Choice, Choices: diffusionPitfalls, Default: 0,
			Help: "run core's sampler with the mistake from the same noise, under the right images; a pitfall sets the sampler it belongs to"},
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
		{Name: "Pitfall: DDPM with ā for α", Values: Values{"sampler": 0, "steps": 25, "class": 0, "guidance": 1, "images": 6, "seed": 1, "pitfall": float64(toy.AlphaBarForAlpha)}},
		{Name: "Pitfall: DDIM with ā_t, ā_{t−1} swapped", Values: Values{"sampler": 1, "steps": 25, "class": 0, "guidance": 1, "images": 6, "seed": 1, "pitfall": float64(toy.SwappedAlphaBars)}},
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
	s.pitfall = toy.Pitfall(clampInt(int(v["pitfall"]), 0, len(diffusionPitfalls)-1))
	want := s.method
	switch s.pitfall {
	case toy.AlphaBarForAlpha, toy.NoiseAtLastStep:
		want = toy.DDPM
	case toy.SwappedAlphaBars:
		want = toy.DDIM
	}
	s.forced, s.method = want != s.method, want
	s.k, s.clock, s.hold, s.curK = 0, 0, 0, -1
	s.err = s.compute()
	return s.err
}

// Config is the sampler configuration (the right run).
func (s *DiffusionImagesScene) Config() toy.Config {
	return toy.Config{Schedule: s.sch, Method: s.method, Steps: s.steps, Class: s.cls, Guidance: s.w, Record: true}
}

// PitfallConfig is the wrong run's configuration: Config with the chosen
// toy.Pitfall.
func (s *DiffusionImagesScene) PitfallConfig() toy.Config {
	c := s.Config()
	c.Pitfall = s.pitfall
	return c
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
	s.paintStrip(&s.strip, s.smp, &s.gray)
	newBitmap(&s.cur, s.n*(g+glyphGap)-glyphGap, g)
	clearBitmap(&s.cur, viz.Paper)
	if s.pitfall == toy.NoPitfall {
		return nil
	}
	if s.bad, err = toy.NewSampler(s.mix, s.PitfallConfig(), s.n); err != nil {
		return err
	}
	s.bad.Start(s.seed)
	s.bad.Run()
	s.paintStrip(&s.badStrip, s.bad, &s.badGray)
	newBitmap(&s.badCur, s.n*(g+glyphGap)-glyphGap, g)
	clearBitmap(&s.badCur, viz.Paper)
	return nil
}

// paintStrip draws a run's snapshots into b: one column per snapshot
// frame, one row per image.
func (s *DiffusionImagesScene) paintStrip(b *viz.Bitmap, smp *toy.Sampler, buf *[]uint8) {
	g := toy.GlyphSize
	newBitmap(b, imgStripCols*(g+glyphGap)-glyphGap, s.n*(g+glyphGap)-glyphGap)
	clearBitmap(b, viz.Paper)
	for c, f := range s.snapshotFrames {
		gray := grayOf(smp, f, buf)
		for i := range s.n {
			paintGlyph(b, gray[i*g*g:(i+1)*g*g], c*(g+glyphGap), i*(g+glyphGap))
		}
	}
	b.Touch()
}

// grayFrame converts frame f's images to grey levels with core's ToGray.
func (s *DiffusionImagesScene) grayFrame(f int) []uint8 { return grayOf(s.smp, f, &s.gray) }

// grayOf converts frame f of a run to grey levels with core's ToGray,
// into *buf (resized as needed).
func grayOf(smp *toy.Sampler, f int, buf *[]uint8) []uint8 {
	x := smp.Frame(f)
	if len(*buf) != len(x) {
		*buf = make([]uint8, len(x))
	}
	toy.ToGray(*buf, x)
	return *buf
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

// PitfallGray returns the grey levels of the wrong run's images shown now
// (nil without a pitfall).
func (s *DiffusionImagesScene) PitfallGray() []uint8 {
	if s.bad == nil || s.pitfall == toy.NoPitfall {
		return nil
	}
	s.paintCurrent()
	return s.badGray
}

// Positions returns the current frame's images as the sampler recorded
// them.
func (s *DiffusionImagesScene) Positions() []float32 { return s.smp.Frame(s.k) }

// PitfallPositions returns the wrong run's current images (nil without a
// pitfall).
func (s *DiffusionImagesScene) PitfallPositions() []float32 {
	if s.bad == nil || s.pitfall == toy.NoPitfall {
		return nil
	}
	return s.bad.Frame(s.k)
}

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
	if s.pitfall == toy.NoPitfall || s.bad == nil {
		return
	}
	gray = grayOf(s.bad, s.k, &s.badGray)
	for i := range s.n {
		paintGlyph(&s.badCur, gray[i*g*g:(i+1)*g*g], i*(g+glyphGap), 0)
	}
	s.badCur.Touch()
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
	method := s.method.String()
	if s.forced {
		method += " (the pitfall's sampler)"
	}
	kv := []KV{
		{"sampler", method},
		{"step", itoa(k) + " of " + itoa(n)},
		{"ā", f3(s.smp.FrameAlphaBar(k))},
	}
	if s.pitfall != toy.NoPitfall {
		kv = append(kv, KV{"pitfall", diffusionPitfallLabels[s.pitfall]})
	}
	return kv
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
	if s.pitfall != toy.NoPitfall {
		s.drawPitfall(c, area)
		return
	}
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

// drawPitfall shows the right and the wrong run: their current images in
// two rows, then their snapshot strips side by side.
func (s *DiffusionImagesScene) drawPitfall(c viz.Canvas, area viz.Rect) {
	k, n := s.Progress()
	top, bottom := area.CutTop(area.H * 0.42)
	rows := [2]struct {
		cur, strip *viz.Bitmap
		title      string
		col        color.RGBA
	}{
		{&s.cur, &s.strip, "right: " + s.method.String(), viz.Ink},
		{&s.badCur, &s.badStrip, "pitfall: " + diffusionPitfallLabels[s.pitfall], viz.Bad},
	}
	top = caption(c, top, s.method.String()+"  ·  step "+itoa(k)+" of "+itoa(n)+"  ·  ā = "+f3(s.smp.FrameAlphaBar(k))+
		"  ·  same starting noise in both rows")
	rowH := top.H / 2
	for i, r := range rows {
		rr := viz.Rect{X: top.X, Y: top.Y + float64(i)*rowH, W: top.W, H: rowH}
		lab, img := rr.CutLeft(170)
		c.Text(lab.X, lab.Y+lab.H/2+4, r.title, labelSize+1, r.col, viz.AlignLeft)
		cr := fitRect(img.Inset(3), float64(r.cur.Img.Rect.Dx()), float64(r.cur.Img.Rect.Dy()))
		cr.X = img.X
		c.Image(r.cur, cr.X, cr.Y, cr.W, cr.H, false)
	}
	cols := bottom.Columns(2, 16)
	for i, r := range rows {
		sr := caption(c, cols[i], r.title+": noise (left) to data (right)")
		sb := fitRect(sr, float64(r.strip.Img.Rect.Dx()), float64(r.strip.Img.Rect.Dy()))
		sb.X = sr.X
		c.Image(r.strip, sb.X, sb.Y, sb.W, sb.H, false)
		colW := sb.W / imgStripCols
		for j, f := range s.snapshotFrames {
			if f <= k && (j+1 == len(s.snapshotFrames) || s.snapshotFrames[j+1] > k) {
				c.StrokeRect(sb.X+float64(j)*colW-2, sb.Y-2, colW-2, sb.H+4, 2, viz.Bad)
			}
		}
	}
}
