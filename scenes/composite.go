package scenes

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/viz"
)

// Problem 005: front-to-back alpha compositing. Every ray of a small 1-D
// image is composited by core/geometry's AlphaComposite; the selected ray's
// samples, transmittance and weights are drawn below. The pitfall (plain
// inclusive cumprod, so T_i already contains α_i) is the wrong version:
// its transmittance is core's T_{i+1} = T_i(1 − α_i), and its colour sums
// c_i α_i T_{i+1}, formed here only to show the damage.

const compositeRays = 96

type compositeScene struct {
	kv                  []KV // cached readout, nil when stale
	n                   int
	fog, surface, width float64
	pitfall             bool
	sel                 int

	colors, alphas *core.Tensor // [R, N, 3], [R, N, 1]
	rgb, trans     *core.Tensor // core's [R, 3], [R, N, 1]
	pitRGB         []float32    // [R, 3] with the inclusive transmittance
	strip, pitBmp  viz.Bitmap
	stripR         viz.Rect
	err            error
	selText        string
	bars           [4][]float64 // α, T, αT, T(1−α) of the selected ray
	barLabels      [4][]string
}

func (s *compositeScene) Info() Info {
	return Info{
		ID: "compositing", Title: "Differentiable alpha compositing", Family: "geometry", Problems: []string{"005"},
		Statement: "Blend N samples along each ray front to back: each sample contributes its colour times its opacity " +
			"times the light that survives everything in front of it. Vectorised with a cumulative product, no loops.",
		Formula: "C = Σ_i c_i α_i T_i,  T_i = Π_{j<i} (1 − α_j)  (T_1 = 1: the exclusive cumprod, shifted by one).",
		LookFor: "The transmittance bars start at 1 and only drop after an opaque sample; the weights α_i T_i sum to at " +
			"most 1. With the pitfall (cumprod without the shift) every sample is dimmed by its own opacity too: its " +
			"weight becomes α_i T_i (1 − α_i), so a half-transparent surface shows at half strength and an opaque one " +
			"(α → 1) almost vanishes.",
	}
}

func (s *compositeScene) Params() []Param {
	return []Param{
		{Name: "samples", Label: "Samples per ray N", Kind: Int, Min: 2, Max: 32, Step: 1, Default: 12},
		{Name: "fog", Label: "Green slab opacity", Kind: Float, Min: 0, Max: 1, Step: 0.05, Default: 0.5},
		{Name: "surface", Label: "Surface opacity", Kind: Float, Min: 0, Max: 1, Step: 0.05, Default: 0.9},
		{Name: "width", Label: "Surface thickness", Kind: Float, Min: 0.02, Max: 0.4, Step: 0.01, Default: 0.1},
		{Name: "ray", Label: "Selected ray", Kind: Int, Min: 0, Max: compositeRays - 1, Step: 1, Default: 30},
		{Name: "pitfall_no_shift", Label: "Pitfall: cumprod without the shift", Kind: Bool, Default: 0},
	}
}

// compositePresets are built once: the shell asks for them every frame.
var compositePresets = []Preset{
	{Name: "Half-transparent (pitfall)", Values: Values{"fog": 0.5, "surface": 0.5, "pitfall_no_shift": 1}},
	{Name: "Opaque", Values: Values{"fog": 0, "surface": 1, "width": 0.05}},
}

func (s *compositeScene) Presets() []Preset { return compositePresets }

func (s *compositeScene) Reset(v Values) error {
	s.kv = nil
	s.n, s.fog, s.surface, s.width = int(v["samples"]), v["fog"], v["surface"], v["width"]
	s.sel, s.pitfall = int(v["ray"]), v["pitfall_no_shift"] != 0
	if s.n < 1 || s.n > 256 || s.sel < 0 || s.sel >= compositeRays {
		s.err = fmt.Errorf("compositing scene: N=%d ray=%d out of range", s.n, s.sel)
		return s.err
	}
	s.err = s.compute()
	return s.err
}

// sceneSample is the colour and opacity of the toy scene at depth t along
// ray x (both in [0, 1]): a green slab at depth 0.3 over part of the image,
// then a wavy surface shading from orange to blue.
func (s *compositeScene) sceneSample(x, t float64) (r, g, b, a float64) {
	if x > 0.2 && x < 0.62 && math.Abs(t-0.3) < 0.06 {
		return 0.1, 0.75, 0.3, s.fog
	}
	d := 0.62 + 0.22*math.Sin(2*math.Pi*x)
	if math.Abs(t-d) < s.width/2 {
		return 0.95 - 0.8*x, 0.45, 0.15 + 0.8*x, s.surface
	}
	return 0, 0, 0, 0
}

func (s *compositeScene) compute() error {
	s.colors, s.alphas = core.New(compositeRays, s.n, 3), core.New(compositeRays, s.n, 1)
	for ray := 0; ray < compositeRays; ray++ {
		x := (float64(ray) + 0.5) / compositeRays
		for i := 0; i < s.n; i++ {
			r, g, b, a := s.sceneSample(x, (float64(i)+0.5)/float64(s.n))
			k := ray*s.n + i
			s.colors.Data[3*k], s.colors.Data[3*k+1], s.colors.Data[3*k+2] = float32(r), float32(g), float32(b)
			s.alphas.Data[k] = float32(a)
		}
	}
	var err error
	if s.rgb, s.trans, err = geometry.AlphaComposite(s.colors, s.alphas); err != nil {
		return err
	}
	s.pitRGB = s.pitRGB[:0]
	for ray := 0; ray < compositeRays; ray++ {
		var pr, pg, pb float32
		for i := 0; i < s.n; i++ {
			k := ray*s.n + i
			a := s.alphas.Data[k]
			incl := s.trans.Data[k] * (1 - a) // what a plain cumprod gives
			pr += s.colors.Data[3*k] * a * incl
			pg += s.colors.Data[3*k+1] * a * incl
			pb += s.colors.Data[3*k+2] * a * incl
		}
		s.pitRGB = append(s.pitRGB, pr, pg, pb)
	}
	paint := func(b *viz.Bitmap, rgb []float32) {
		if b.Img == nil || b.Img.Rect.Dx() != compositeRays {
			b.Img = image.NewRGBA(image.Rect(0, 0, compositeRays, 1))
		}
		for ray := 0; ray < compositeRays; ray++ {
			b.Img.SetRGBA(ray, 0, rgbColor(rgb[3*ray:3*ray+3]))
		}
		b.Touch()
	}
	paint(&s.strip, s.rgb.Data)
	paint(&s.pitBmp, s.pitRGB)
	s.selectRay(s.sel)
	return nil
}

// selectRay makes ray i the one drawn below the image and formats its
// labels once.
func (s *compositeScene) selectRay(i int) {
	s.sel, s.kv = i, nil
	s.selText = "ray " + itoa(i) + ": C = (" + f3(float64(s.rgb.Data[3*i])) + ", " + f3(float64(s.rgb.Data[3*i+1])) + ", " +
		f3(float64(s.rgb.Data[3*i+2])) + ")"
	for k := range s.bars {
		s.bars[k] = s.bars[k][:0]
		s.barLabels[k] = s.barLabels[k][:0]
	}
	for j := 0; j < s.n; j++ {
		a := float64(s.alphas.Data[i*s.n+j])
		t := float64(s.trans.Data[i*s.n+j])
		for k, v := range [4]float64{a, t, a * t, t * (1 - a)} {
			s.bars[k] = append(s.bars[k], v)
			s.barLabels[k] = append(s.barLabels[k], strconv.FormatFloat(v, 'f', 2, 64))
		}
	}
}

// rgbColor shows a colour in [0, 1]³ as is: a composited colour is over a
// black background, the formula's convention (the light left, T_{N+1}, is
// not added).
func rgbColor(rgb []float32) color.RGBA {
	q := func(v float32) uint8 { return uint8(math.Round(math.Min(math.Max(float64(v), 0), 1) * 255)) }
	return color.RGBA{q(rgb[0]), q(rgb[1]), q(rgb[2]), 255}
}

func (s *compositeScene) Update(in Input, dt float64) {
	if in.Clicked && s.stripR.Contains(in.MouseX, in.MouseY) && s.rgb != nil {
		s.selectRay(clampInt(int((in.MouseX-s.stripR.X)/s.stripR.W*compositeRays), 0, compositeRays-1))
	}
}

func (s *compositeScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.rgb == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("compositing scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, bottom := area.CutTop(area.H * 0.36)
	r := caption(c, top, "composited image, one column per ray (core alpha_composite); click a column")
	sr := viz.Rect{X: r.X, Y: r.Y, W: r.W, H: min(50, r.H/2-14)}
	s.stripR = sr
	c.Image(&s.strip, sr.X, sr.Y, sr.W, sr.H, false)
	c.StrokeRect(sr.X, sr.Y, sr.W, sr.H, 1, viz.Grid)
	x := sr.X + (float64(s.sel)+0.5)/compositeRays*sr.W
	c.Line(x, sr.Y-4, x, sr.Y+sr.H+4, 2, viz.Ink)
	if s.pitfall {
		pr := viz.Rect{X: sr.X, Y: sr.Y + sr.H + 22, W: sr.W, H: sr.H}
		c.Text(pr.X, pr.Y-5, "pitfall: inclusive cumprod (T_i includes α_i)", labelSize, viz.Bad, viz.AlignLeft)
		c.Image(&s.pitBmp, pr.X, pr.Y, pr.W, pr.H, false)
		c.StrokeRect(pr.X, pr.Y, pr.W, pr.H, 1, viz.Bad)
	}
	s.drawRay(c, bottom)
}

var compositeRows = [4]string{"sample c_i, height α_i", "transmittance T_i (core)", "weight α_i T_i", "pitfall T_i(1 − α_i)"}

// drawRay draws the selected ray's samples: colour and opacity, core's
// transmittance, and the weights α_i T_i.
func (s *compositeScene) drawRay(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.selText+"   near → far")
	rows := compositeRows[:3]
	if s.pitfall {
		rows = compositeRows[:]
	}
	labelW := 170.0
	lab, plotR := r.CutLeft(labelW)
	rowH := min(plotR.H/float64(len(rows)), 80)
	bw := plotR.W / float64(s.n)
	base := s.sel * s.n
	for k, name := range rows {
		y0 := plotR.Y + float64(k)*rowH
		col := viz.InkMuted
		if k == 3 {
			col = viz.Bad
		}
		c.Text(lab.X, y0+rowH/2+4, name, labelSize, col, viz.AlignLeft)
		c.Line(plotR.X, y0+rowH-6, plotR.X+plotR.W, y0+rowH-6, 1, viz.Grid)
		for i := 0; i < s.n; i++ {
			v := s.bars[k][i]
			var fill color.RGBA
			switch k {
			case 0:
				fill = rgbColor(s.colors.Data[3*(base+i) : 3*(base+i)+3])
			case 1:
				fill = viz.Categorical(4)
			case 2:
				fill = viz.Good
			case 3:
				fill = viz.Bad
			}
			hh := v * (rowH - 24)
			c.FillRect(plotR.X+float64(i)*bw+2, y0+rowH-6-hh, bw-4, hh, fill)
			if bw > 30 {
				c.Text(plotR.X+(float64(i)+0.5)*bw, y0+rowH-8-hh, s.barLabels[k][i], smallSize, viz.Ink, viz.AlignCenter)
			}
		}
	}
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *compositeScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *compositeScene) buildReadout() []KV {
	if s.rgb == nil || s.err != nil {
		return nil
	}
	i := s.sel
	kv := []KV{
		{"ray", itoa(i)},
		{"colour", f3(float64(s.rgb.Data[3*i])) + " " + f3(float64(s.rgb.Data[3*i+1])) + " " + f3(float64(s.rgb.Data[3*i+2]))},
		{"T_1", f3(float64(s.trans.Data[i*s.n]))},
		{"T_N", f3(float64(s.trans.Data[i*s.n+s.n-1]))},
	}
	if s.pitfall {
		kv = append(kv, KV{"pitfall colour", f3(float64(s.pitRGB[3*i])) + " " + f3(float64(s.pitRGB[3*i+1])) + " " + f3(float64(s.pitRGB[3*i+2]))})
	}
	return kv
}
