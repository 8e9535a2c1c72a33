package scenes

import (
	"fmt"
	"image"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
)

// Problem 030 (neural green screen, a design question) as a working
// pipeline from core pieces. The studio frame is core/synth3d's demo world;
// the actor is its green sphere, whose matte comes from the renderer's
// object ids (the segmentation a matting network would produce). The new
// set is another synth3d world rendered from the same camera. Relighting is
// the actor rendered by synth3d under the set's light (what a relighting
// network would predict); the shadow is found by unprojecting the set's
// depth with geometry.UnprojectDepth and casting toward the set's light at
// the actor (synth3d World.Cast). The three layers (actor, shadow, set) are
// blended by geometry.AlphaComposite, front to back.

const (
	gsW, gsH  = 120, 75
	gsLayers  = 3 // actor, shadow, set
	gsActorID = 4 // the demo world's first sphere: 2 planes + 2 boxes + 0
)

type greenScreenScene struct {
	kv       []KV
	lightDeg float64
	shadowA  float64
	feather  int
	relight  bool
	shadow   bool

	studio, matte, plate, actor, shadowB, comp viz.Bitmap
	matteV                                     []float32 // soft matte in [0, 1]
	colors, alphas                             *core.Tensor
	out                                        *core.Tensor // core's composite [P, 3]
	actorPix, shadowPix                        int
	relightDelta                               float64 // mean |relit − studio| over the actor
	err                                        error
}

func (s *greenScreenScene) Info() Info {
	return Info{
		ID: "green_screen", Title: "Design: neural green screen", Family: "system design", Problems: []string{"030"},
		Statement: "Extract an actor from a studio frame, estimate and change the lighting, and composite the actor into " +
			"a new set with a plausible shadow. Each stage stands in for a network: matting, relighting, shadow synthesis.",
		Formula: "C = c_actor·m + (1 − m)·[0·s + (1 − s)·c_set]: three layers front to back, " +
			"alpha_composite with opacities (m, s, 1); shadow where the ray from the set point toward the light hits the actor.",
		LookFor: "Turn relighting off: the actor keeps the studio's light from the upper left while the set is lit from " +
			"the slider's direction. Turn the shadow off: the actor floats. A hard matte (feather 0) leaves jagged edges " +
			"and a fringe of studio colour once the actor is not exactly where the set expects.",
	}
}

func (s *greenScreenScene) Params() []Param {
	return []Param{
		{Name: "light", Label: "Set light from the right (°)", Kind: Float, Min: -80, Max: 80, Step: 1, Default: 45},
		{Name: "shadow_opacity", Label: "Shadow opacity", Kind: Float, Min: 0, Max: 1, Step: 0.05, Default: 0.6},
		{Name: "feather", Label: "Matte feather (px)", Kind: Int, Min: 0, Max: 3, Step: 1, Default: 1},
		{Name: "relight", Label: "Relight the actor", Kind: Bool, Default: 1},
		{Name: "shadow", Label: "Cast a shadow", Kind: Bool, Default: 1},
	}
}

// greenScreenPresets are built once: the shell asks for them every frame.
var greenScreenPresets = []Preset{
	{Name: "Naive paste", Values: Values{"relight": 0, "shadow": 0, "feather": 0}},
	{Name: "Low light from the right", Values: Values{"light": 70, "shadow_opacity": 0.7}},
}

func (s *greenScreenScene) Presets() []Preset { return greenScreenPresets }

func (s *greenScreenScene) Reset(v Values) error {
	s.kv = nil
	s.lightDeg, s.shadowA, s.feather = v["light"], v["shadow_opacity"], int(v["feather"])
	s.relight, s.shadow = v["relight"] != 0, v["shadow"] != 0
	if !(s.lightDeg >= -89 && s.lightDeg <= 89) || !(s.shadowA >= 0 && s.shadowA <= 1) || s.feather < 0 || s.feather > 8 {
		s.err = fmt.Errorf("green_screen scene: light=%v shadow_opacity=%v feather=%d out of range", s.lightDeg, s.shadowA, s.feather)
		return s.err
	}
	s.err = s.compute()
	return s.err
}

// setWorld is the new set: a warm floor and a dark wall, no props, lit
// from the slider's direction (rotated about the vertical axis).
func (s *greenScreenScene) setWorld() *synth3d.World {
	a := s.lightDeg * math.Pi / 180
	return &synth3d.World{
		Planes: []synth3d.Plane{
			{Point: geometry.Vec3{0, 0, 0}, Normal: geometry.Vec3{0, 1, 0}, Color: synth3d.Color{0.82, 0.62, 0.42}, Period: 1.2},
			{Point: geometry.Vec3{0, 0, 6}, Normal: geometry.Vec3{0, 0, -1}, Color: synth3d.Color{0.35, 0.3, 0.45}, Period: 0},
		},
		Light:      geometry.Vec3{-math.Sin(a) * 0.8, 0.55, -math.Cos(a) * 0.5}.Normalize(), // world −x is the image's right
		Ambient:    0.3,
		Background: synth3d.Color{0.05, 0.05, 0.08},
	}
}

func paintRGB(b *viz.Bitmap, col []float32, plane int) {
	if b.Img == nil {
		b.Img = image.NewRGBA(image.Rect(0, 0, gsW, gsH))
	}
	for i := 0; i < plane; i++ {
		b.Img.SetRGBA(i%gsW, i/gsW, rgbAt(col, plane, i))
	}
	b.Touch()
}

func (s *greenScreenScene) compute() error {
	plane := gsW * gsH
	k := synth3d.DemoIntrinsics(gsW, gsH)
	pose := synth3d.DemoPose(0)
	cam, err := geometry.NewCamera("green_screen", k, pose)
	if err != nil {
		return err
	}
	r, err := synth3d.NewRenderer(gsW, gsH)
	if err != nil {
		return err
	}
	studio := synth3d.DemoWorld()
	r.Render(studio, cam)
	studioCol := append([]float32(nil), r.Color.Data...)
	paintRGB(&s.studio, studioCol, plane)
	// Matte: the actor's pixels, feathered by a box blur of that radius.
	hard := make([]float32, plane)
	for i, id := range r.Object {
		if id == gsActorID {
			hard[i] = 1
		}
	}
	s.matteV = boxBlur(s.matteV, hard, gsW, gsH, s.feather)
	s.matte.SetHeatmap(s.matteV, gsH, gsW, viz.Greys, 1, 0)

	set := s.setWorld()
	r.Render(set, cam)
	plateCol := append([]float32(nil), r.Color.Data...)
	paintRGB(&s.plate, plateCol, plane)
	depth := r.Depth.Clone()
	for i, d := range depth.Data {
		if d == 0 {
			depth.Data[i] = 1 // the background: any depth, it is never shadowed below
		}
	}
	pts, err := geometry.UnprojectDepth(depth, k, pose)
	if err != nil {
		return err
	}
	onSet := append([]float32(nil), r.Depth.Data...)

	// Relit actor: the actor alone under the set's light.
	actorOnly := &synth3d.World{Spheres: studio.Spheres[:1], Light: set.Light, Ambient: set.Ambient, Background: studio.Background}
	r.Render(actorOnly, cam)
	actorCol := studioCol
	s.relightDelta, s.actorPix = 0, 0
	for i := 0; i < plane; i++ {
		if hard[i] == 1 {
			s.actorPix++
			for c := 0; c < 3; c++ {
				s.relightDelta += math.Abs(float64(r.Color.Data[c*plane+i] - studioCol[c*plane+i]))
			}
		}
	}
	s.relightDelta /= float64(max(3*s.actorPix, 1))
	if s.relight {
		actorCol = append([]float32(nil), r.Color.Data...)
		// Outside the hard matte the feathered edge still needs a colour:
		// the studio's, as a matting network's foreground estimate would be.
		for i := 0; i < plane; i++ {
			if hard[i] == 0 {
				for c := 0; c < 3; c++ {
					actorCol[c*plane+i] = studioCol[c*plane+i]
				}
			}
		}
	}
	// Shown premultiplied by the matte: the layer as the compositor sees it.
	shown := make([]float32, 3*plane)
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			shown[c*plane+i] = actorCol[c*plane+i] * s.matteV[i]
		}
	}
	paintRGB(&s.actor, shown, plane)

	// Shadow: set points whose ray toward the light meets the actor.
	shadowA := make([]float32, plane)
	s.shadowPix = 0
	if s.shadow {
		for i := 0; i < plane; i++ {
			if onSet[i] == 0 {
				continue
			}
			p := geometry.Vec3{float64(pts.Data[3*i]), float64(pts.Data[3*i+1]), float64(pts.Data[3*i+2])}
			if h := actorOnly.Cast(p, set.Light); h.Object >= 0 {
				shadowA[i] = float32(s.shadowA)
				s.shadowPix++
			}
		}
	}
	s.shadowB.SetHeatmap(shadowA, gsH, gsW, viz.Greys, 0, 1)

	// The three layers, front to back, through core's compositing.
	s.colors, s.alphas = core.New(plane, gsLayers, 3), core.New(plane, gsLayers, 1)
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			s.colors.Data[(i*gsLayers+0)*3+c] = actorCol[c*plane+i]
			s.colors.Data[(i*gsLayers+2)*3+c] = plateCol[c*plane+i]
		}
		s.alphas.Data[i*gsLayers+0] = s.matteV[i]
		s.alphas.Data[i*gsLayers+1] = shadowA[i]
		s.alphas.Data[i*gsLayers+2] = 1
	}
	if s.out, _, err = geometry.AlphaComposite(s.colors, s.alphas); err != nil {
		return err
	}
	planar := make([]float32, 3*plane)
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			planar[c*plane+i] = s.out.Data[3*i+c]
		}
	}
	paintRGB(&s.comp, planar, plane)
	return nil
}

// boxBlur writes the (2r+1)² box average of src (w x h, clamped at the
// edges) into dst; r = 0 copies.
func boxBlur(dst, src []float32, w, h, r int) []float32 {
	if cap(dst) < len(src) {
		dst = make([]float32, len(src))
	}
	dst = dst[:len(src)]
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var sum float32
			n := 0
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= w || yy >= h {
						continue
					}
					sum += src[yy*w+xx]
					n++
				}
			}
			dst[y*w+x] = sum / float32(n)
		}
	}
	return dst
}

func (s *greenScreenScene) Update(in Input, dt float64) {}

func (s *greenScreenScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.out == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("green_screen scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, bottom := area.CutTop(area.H * 0.5)
	tc, bc := top.Columns(3, 14), bottom.Columns(3, 14)
	tiles := [6]*viz.Bitmap{&s.studio, &s.matte, &s.actor, &s.plate, &s.shadowB, &s.comp}
	for i, b := range tiles {
		col := tc[i%3]
		if i >= 3 {
			col = bc[i%3]
		}
		r := caption(c, col, greenScreenTitles[i])
		g := fitRect(viz.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H - 8}, gsW, gsH)
		g.X, g.Y = r.X, r.Y
		c.Image(b, g.X, g.Y, g.W, g.H, false)
		c.StrokeRect(g.X, g.Y, g.W, g.H, 1, viz.Grid)
		if i == 2 && !s.relight {
			c.Text(g.X+4, g.Y+g.H-6, "not relit: studio light", labelSize, viz.Bad, viz.AlignLeft)
		}
		if i == 4 && !s.shadow {
			c.Text(g.X+4, g.Y+g.H-6, "no shadow: the actor floats", labelSize, viz.Bad, viz.AlignLeft)
		}
	}
}

var greenScreenTitles = [6]string{"1. studio frame (synth3d)", "2. matte (object ids, feathered)",
	"3. actor layer × matte (relit)", "4. new set (synth3d)", "5. shadow: set point → light hits actor",
	"6. composite (core alpha_composite)"}

func (s *greenScreenScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *greenScreenScene) buildReadout() []KV {
	if s.err != nil || s.out == nil {
		return nil
	}
	return []KV{
		{"actor pixels", itoa(s.actorPix)},
		{"shadow pixels", itoa(s.shadowPix)},
		{"set light (°)", f2(s.lightDeg)},
		{"mean relighting change", f3(s.relightDelta)},
		{"relit", yesNo(s.relight)},
	}
}
