package scenes

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"dlprep/core"
	"dlprep/core/matting"
	"dlprep/core/problems"
	"dlprep/core/render"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The view of problem 030 (neural green screen) as a working pipeline on
// core/matting: synth3d films an actor before a green screen (with the
// screen's green spilling onto them and a soft shadow behind), a keyer
// estimates the matte from colour alone, despill recovers the actor's own
// colours, a grey probe ball measures the light in the studio and on the
// set, the actor is relit, a shadow is cast through the matte stood up at
// the feet, and the layers are composited; each stage is measured against
// what synth3d renders when the actor really stands on the set.

const (
	gsW, gsH = 128, 96
	// The portrait crop of the actor, and the close-up of head and
	// shoulders where spill and fringes show.
	gsCropX, gsCropY, gsCropW, gsCropH = 36, 0, 56, 84
	gsZoomX, gsZoomY, gsZoomW, gsZoomH = 44, 2, 40, 30
)

// Inspection groups of the green-screen view.
const (
	grpGsStudio = iota + 1
	grpGsKey
	grpGsAlpha
	grpGsMatteTrue
	grpGsMatteErr
	grpGsRaw
	grpGsDespilled
	grpGsStudioProbe
	grpGsSetProbe
	grpGsLight // Index 0: the studio's estimate, 1: the set's
	grpGsStudioLit
	grpGsRelit
	grpGsTruthActor
	grpGsShadow
	grpGsShadowTrue
	grpGsComp
	grpGsTruth
	grpGsCompErr
	grpGsNaive
)

type gsStep int

const (
	gsStudio gsStep = iota
	gsKey
	gsDespill
	gsLight
	gsRelight
	gsShadow
	gsComposite
)

// The shapes the view writes in its titles, made once.
var (
	gsImgShape  = shapeOf(3, gsH, gsW)
	gsMatShape  = shapeOf(gsH, gsW)
	gsZoomShape = shapeOf(3, gsZoomH, gsZoomW)
	gsCropShape = shapeOf(3, gsCropH, gsCropW)
	gsKeyShape  = shapeOf(3)
)

// gsGrey is the neutral grey the actor is shown over before the set.
var gsGrey = [3]float32{0.55, 0.55, 0.55}

type gsView struct {
	// params
	angle                   float64
	scarf                   bool
	low, high               float64
	despill, relight, shade bool
	// computed
	shootKey    [2]float64 // angle, scarf of the shoot below
	shoot       *matting.Shoot
	tr          *matting.Trace
	raw         *matting.Trace // the same keyer with nothing after it, for the comparisons
	shadowTruth *core.Tensor
	rawOverGrey *core.Tensor // the studio frame's colours keyed over grey
	fgOverGrey  *core.Tensor // after despill
	relitGrey   *core.Tensor // relit, over grey
	studioLit   *core.Tensor // despilled, not relit, over grey
	truthActor  *core.Tensor // the true render, where the actor is
	mae, iou    float64
	compErr     float64
	naiveErr    float64
	relitErr    float64
	unrelitErr  float64
	shadowIoU   float64
	// pictures
	bmStudio, bmRaw, bmDespilled, bmStudioProbe, bmSetProbe viz.Bitmap
	bmStudioLit, bmRelit, bmTruthActor, bmComp, bmTruth     viz.Bitmap
	bmNaive                                                 viz.Bitmap
	hAlpha, hTrueMatte, hMatteErr, hShadow, hShadowTrue     heat
	hCompErr                                                heat
	matteErr, compErrVals                                   []float32
	keyHex, keyText                                         string
	lightText                                               [2][2]string  // per probe: the light's colour, the ambient
	probeArrow                                              [2][4]float64 // u0, v0, u1, v1 in the probe crops
	probeCrop                                               [2][4]int     // x, y, w, h of the probe crops
	callout                                                 [2][2]float64 // the spill's and the shadow's pixel
	probeShape                                              [2]string
	tl                                                      scene.Timeline
	steps                                                   []gsStep
	ro                                                      []scene.KV
}

func newGreenScreenView() *gsView { return &gsView{} }

func (s *gsView) Info() scene.Info {
	p, _ := problems.Lookup("030")
	return scene.Info{ID: "green_screen", Problem: "030", Title: p.Title, Family: "system design", Statement: p.Statement,
		Formula: `\alpha = 1 - \mathrm{clip}\!\left(\frac{g/g_{\mathrm{key}} - l}{h - l}\right),\ g = \frac{G - \max(R, B)}{G};\quad ` +
			`F = \frac{C - (1-\alpha)K}{\alpha};\quad F' = F\,\frac{A' + \max(0, n\cdot L')}{A + \max(0, n\cdot L)};\quad ` +
			`\mathrm{out} = \alpha F' + (1-\alpha)(1-s)\,\mathrm{plate}`,
		LookFor: "The keyer sees colour only: a pixel is screen when it is as much greener than its red and blue as the screen is. " +
			"It gets the actor's outline right to a pixel, turns edge pixels partly transparent, and keys the screen's shadow out with the " +
			"screen, since greenness ignores brightness. A green scarf is keyed out with the screen: that is where colour keying breaks. " +
			"Edge pixels still hold some screen, and the screen's light tints the actor (spill): despill unmixes the edges and caps green. " +
			"The grey probe ball measures each place's light (least squares on its shading); dividing the studio's shading out and " +
			"multiplying the set's in relights the actor, visibly: the set's low warm sun comes from the other side. The shadow is the " +
			"matte stood up at the feet, the set's light cast through it: a flat actor's shadow, close to the real one when the light is " +
			"behind the camera, stretched when it is low. Turn the stages off (Naive paste) and the error against the true render triples."}
}

func (s *gsView) Params() []scene.Param {
	return []scene.Param{
		{Name: "light", Label: "set light from (°)", Kind: scene.Float, Min: -80, Max: 80, Step: 5, Default: 50,
			Help: "the set's sun, degrees to the right of the camera (negative: left)"},
		{Name: "scarf", Label: "green scarf", Kind: scene.Bool, Default: 0, Help: "the actor wears something as green as the screen"},
		{Name: "key_low", Label: "key: opaque below", Kind: scene.Float, Min: 0, Max: 0.6, Step: 0.05, Default: matting.DefaultLow,
			Help: "greenness, as a share of the screen's, below which a pixel is all actor"},
		{Name: "key_high", Label: "key: clear above", Kind: scene.Float, Min: 0.65, Max: 1.2, Step: 0.05, Default: matting.DefaultHigh,
			Help: "greenness, as a share of the screen's, above which a pixel is all screen"},
		{Name: "despill", Label: "despill", Kind: scene.Bool, Default: 1},
		{Name: "relight", Label: "relight", Kind: scene.Bool, Default: 1},
		{Name: "shadow", Label: "cast a shadow", Kind: scene.Bool, Default: 1},
	}
}

func (s *gsView) Presets() []scene.Preset {
	// Each opens at the stage it changes.
	return []scene.Preset{
		{Name: "Naive paste", Values: scene.Values{"despill": 0, "relight": 0, "shadow": 0}, Step: int(gsComposite)},
		{Name: "Green scarf", Values: scene.Values{"scarf": 1}, Step: int(gsKey)},
		{Name: "Sun from the left", Values: scene.Values{"light": -60}, Step: int(gsRelight)},
		{Name: "Hard key", Values: scene.Values{"key_low": 0.6, "key_high": 0.65}, Step: int(gsKey)},
	}
}

func (s *gsView) Reset(v scene.Values) error {
	s.angle, s.scarf = v["light"], v["scarf"] != 0
	s.low, s.high = v["key_low"], v["key_high"]
	s.despill, s.relight, s.shade = v["despill"] != 0, v["relight"] != 0, v["shadow"] != 0
	if !(s.angle >= -80 && s.angle <= 80) || !(s.low >= 0 && s.low < s.high && s.high <= 1.2) {
		return fmt.Errorf("green_screen: light = %v must be in [-80, 80] and 0 ≤ key_low (%v) < key_high (%v) ≤ 1.2", s.angle, s.low, s.high)
	}
	scarf := 0.0
	if s.scarf {
		scarf = 1
	}
	// The renders depend on the light and the scarf only: the keyer and
	// the stages' switches re-run the pipeline on the same shoot.
	if s.shoot == nil || s.shootKey != [2]float64{s.angle, scarf} {
		sh, err := matting.DemoShoot(gsW, gsH, s.scarf, s.angle)
		if err != nil {
			return err
		}
		s.shoot, s.shootKey = sh, [2]float64{s.angle, scarf}
		s.shadowTruth = sh.ShadowTruth()
	}
	o := matting.Options{Low: s.low, High: s.high, Despill: s.despill, Relight: s.relight, Shadow: s.shade, Softness: matting.DefaultOptions.Softness}
	var err error
	if s.tr, err = matting.Run(s.shoot.In, o); err != nil {
		return err
	}
	if s.raw, err = matting.Run(s.shoot.In, matting.Options{Low: s.low, High: s.high, Softness: o.Softness}); err != nil {
		return err
	}
	if err := s.measure(); err != nil {
		return err
	}
	s.buildPictures()
	s.buildTimeline()
	s.ro = nil
	return nil
}

// overGrey is an actor layer composited over neutral grey by the core's
// compositing, as the stages show it before the set.
func overGrey(fg, alpha *core.Tensor) (*core.Tensor, error) {
	grey := core.New(3, gsH, gsW)
	for c := 0; c < 3; c++ {
		for i := 0; i < gsW*gsH; i++ {
			grey.Data[c*gsW*gsH+i] = gsGrey[c]
		}
	}
	return matting.Composite(fg, alpha, core.New(gsH, gsW), grey)
}

// measure computes every comparison with the truth that the view shows.
func (s *gsView) measure() error {
	sh, tr := s.shoot, s.tr
	var err error
	if s.mae, s.iou, err = matting.MatteError(tr.Alpha, sh.Studio.Cover); err != nil {
		return err
	}
	if s.rawOverGrey, err = overGrey(s.raw.Foreground, tr.Alpha); err != nil {
		return err
	}
	if s.fgOverGrey, err = overGrey(tr.Foreground, tr.Alpha); err != nil {
		return err
	}
	if s.studioLit, err = overGrey(tr.Foreground, tr.Alpha); err != nil {
		return err
	}
	if s.relitGrey, err = overGrey(tr.Relit, tr.Alpha); err != nil {
		return err
	}
	// The truth where the actor is: the set's render over grey with the
	// true matte.
	if s.truthActor, err = overGrey(sh.Truth.Color, sh.Truth.Cover); err != nil {
		return err
	}
	inside := make([]bool, gsW*gsH)
	for i, c := range sh.Truth.Cover.Data {
		inside[i] = c == 1
	}
	if s.relitErr, err = render.MeanAbsError(tr.Relit, sh.Truth.Color, inside); err != nil {
		return err
	}
	if s.unrelitErr, err = render.MeanAbsError(tr.Foreground, sh.Truth.Color, inside); err != nil {
		return err
	}
	if s.compErr, err = render.MeanAbsError(tr.Composite, sh.Truth.Color, nil); err != nil {
		return err
	}
	if s.naiveErr, err = render.MeanAbsError(s.raw.Composite, sh.Truth.Color, nil); err != nil {
		return err
	}
	inter, union := 0, 0
	for i, v := range tr.ShadowAlpha.Data {
		got, want := v > 0.15, s.shadowTruth.Data[i] > 0.15
		if got && want {
			inter++
		}
		if got || want {
			union++
		}
	}
	s.shadowIoU = float64(inter) / float64(max(union, 1))
	return nil
}

// gsSetCrop paints the (x, y, w, h) crop of a [3,H,W] image into b.
func gsSetCrop(b *viz.Bitmap, t *core.Tensor, x, y, w, h int) {
	newBitmap(b, w, h)
	plane := gsW * gsH
	for yy := 0; yy < h; yy++ {
		for xx := 0; xx < w; xx++ {
			i := (y+yy)*gsW + x + xx
			b.Img.SetRGBA(xx, yy, color.RGBA{dsByte(t.Data[i]), dsByte(t.Data[plane+i]), dsByte(t.Data[2*plane+i]), 255})
		}
	}
	b.Touch()
}

func (s *gsView) buildPictures() {
	sh, tr := s.shoot, s.tr
	plane := gsW * gsH
	dsSetRGB(&s.bmStudio, sh.Studio.Color, nil, color.RGBA{})
	s.hAlpha.set(tr.Alpha.Data, gsH, gsW, dsMatte, 0, 1, nil)
	s.hTrueMatte.set(sh.Studio.Cover.Data, gsH, gsW, dsMatte, 0, 1, nil)
	s.matteErr = s.matteErr[:0]
	for i, a := range tr.Alpha.Data {
		s.matteErr = append(s.matteErr, float32(math.Abs(float64(a-sh.Studio.Cover.Data[i]))))
	}
	s.hMatteErr.set(s.matteErr, gsH, gsW, viz.Viridis, 0, 1, nil)
	gsSetCrop(&s.bmRaw, s.rawOverGrey, gsZoomX, gsZoomY, gsZoomW, gsZoomH)
	gsSetCrop(&s.bmDespilled, s.fgOverGrey, gsZoomX, gsZoomY, gsZoomW, gsZoomH)
	gsSetCrop(&s.bmStudioLit, s.studioLit, gsCropX, gsCropY, gsCropW, gsCropH)
	gsSetCrop(&s.bmRelit, s.relitGrey, gsCropX, gsCropY, gsCropW, gsCropH)
	gsSetCrop(&s.bmTruthActor, s.truthActor, gsCropX, gsCropY, gsCropW, gsCropH)
	dsSetRGB(&s.bmComp, tr.Composite, nil, color.RGBA{})
	dsSetRGB(&s.bmTruth, sh.Truth.Color, nil, color.RGBA{})
	dsSetRGB(&s.bmNaive, s.raw.Composite, nil, color.RGBA{})
	s.hShadow.set(tr.ShadowAlpha.Data, gsH, gsW, viz.Greys, 0, 1, nil)
	s.hShadowTrue.set(s.shadowTruth.Data, gsH, gsW, viz.Greys, 0, 1, nil)
	s.compErrVals = s.compErrVals[:0]
	for i := 0; i < plane; i++ {
		e := 0.0
		for c := 0; c < 3; c++ {
			e += math.Abs(float64(tr.Composite.Data[c*plane+i] - sh.Truth.Color.Data[c*plane+i]))
		}
		s.compErrVals = append(s.compErrVals, float32(e/3))
	}
	s.hCompErr.set(s.compErrVals, gsH, gsW, viz.Viridis, 0, 0.5, nil)
	// The probes, cropped around the ball, with the estimated light drawn
	// from the ball's centre along the light's direction on the image.
	for k, shot := range []*struct {
		img  *core.Tensor
		mask []bool
		l    matting.Light
		bm   *viz.Bitmap
	}{{sh.In.StudioProbe, sh.In.StudioProbeMask, tr.StudioLight, &s.bmStudioProbe}, {sh.In.SetProbe, sh.In.SetProbeMask, tr.SetLight, &s.bmSetProbe}} {
		x0, y0, x1, y1 := gsW, gsH, 0, 0
		for i, m := range shot.mask {
			if m {
				x0, y0, x1, y1 = min(x0, i%gsW), min(y0, i/gsW), max(x1, i%gsW), max(y1, i/gsW)
			}
		}
		side := max(x1-x0, y1-y0) * 2
		cx, cy := (x0+x1)/2, (y0+y1)/2
		x, y := clampInt(cx-side/2, 0, gsW-side), clampInt(cy-side/2, 0, gsH-side)
		s.probeCrop[k] = [4]int{x, y, side, side}
		s.probeShape[k] = shapeOf(3, side, side)
		gsSetCrop(shot.bm, shot.img, x, y, side, side)
		// The light's direction projected onto the image around the ball.
		cam := sh.In.Cam
		d := shot.l.Dir()
		r := cam.CamToWorld().Rotation()
		// camera-space direction: Rᵀ d; image x right, y down.
		dx := r[0]*d[0] + r[3]*d[1] + r[6]*d[2]
		dy := r[1]*d[0] + r[4]*d[1] + r[7]*d[2]
		n := math.Hypot(dx, dy)
		if n < 1e-9 {
			n = 1
		}
		ucx, ucy := float64(cx-x)+0.5, float64(cy-y)+0.5
		s.probeArrow[k] = [4]float64{ucx, ucy, ucx + dx/n*float64(side)*0.45, ucy + dy/n*float64(side)*0.45}
	}
	// Where to point: the actor pixel the spill greens most, and the
	// middle of the screen's shadow.
	best, sx, sy, n := 0.0, 0.0, 0.0, 0.0
	for i := 0; i < plane; i++ {
		if sh.Studio.Cover.Data[i] == 1 {
			if d := float64(sh.Studio.Color.Data[plane+i] - sh.Studio.Unspilled.Data[plane+i]); d > best {
				best, s.callout[0] = d, [2]float64{float64(i % gsW), float64(i / gsW)}
			}
		} else if sh.Studio.Cover.Data[i] == 0 && sh.Studio.Lit.Data[i] < 0.5 {
			sx, sy, n = sx+float64(i%gsW), sy+float64(i/gsW), n+1
		}
	}
	if n > 0 {
		s.callout[1] = [2]float64{sx / n, sy / n}
	}
	s.keyHex = "key " + strconv.FormatFloat(float64(tr.Key[0]), 'f', 2, 32) + " " + strconv.FormatFloat(float64(tr.Key[1]), 'f', 2, 32) + " " +
		strconv.FormatFloat(float64(tr.Key[2]), 'f', 2, 32)
	s.keyText = "greenness " + f2(matting.Greenness(tr.Key))
	for k, l := range []matting.Light{tr.StudioLight, tr.SetLight} {
		c := l.Color()
		s.lightText[k] = [2]string{"light " + f2(c[0]) + " " + f2(c[1]) + " " + f2(c[2]), "ambient " + f2(l.Ambient[0]) + " " + f2(l.Ambient[1]) + " " + f2(l.Ambient[2])}
	}
}

func (s *gsView) buildTimeline() {
	img, mat := shapeOf(3, gsH, gsW), shapeOf(gsH, gsW)
	s.steps, s.tl = s.steps[:0], s.tl[:0]
	add := func(k gsStep, stage, caption, shapes string, sec float64) {
		s.steps = append(s.steps, k)
		s.tl = append(s.tl, scene.Step{Stage: stage, Caption: caption, Shapes: shapes, Seconds: sec})
	}
	add(gsStudio, "studio", "The actor before a green screen: its green light spills onto them, their shadow falls on it. The keyer samples the screen's colour from the top rows.",
		"frame "+img, 1.5)
	key := "Each pixel's matte from its colour alone: how much greener than red and blue it is, against the screen. Error "
	add(gsKey, "key", key+f3(s.mae)+" on average, IoU "+f3(s.iou)+" with the true matte.", img+" → α "+mat, 3)
	what := "unmixing the screen from the edges, $F = (C - (1-\\alpha)K)/\\alpha$, and capping green at max(R, B)"
	if !s.despill {
		what = "off: the frame's colours, fringe and all"
	}
	add(gsDespill, "despill", "Close-up of head and shoulders, over grey. Despill: "+what+".", "C "+img+", α "+mat+" → F "+img, 2.5)
	add(gsLight, "light", "A grey ball measures the light: least squares on its shading, $I/\\rho = A + \\max(0, n\\cdot L)$. The set's sun is off by "+
		fmtNum(s.setLightErrDeg())+"°.", "probe pixels → A "+shapeOf(3)+", L "+shapeOf(3, 3), 2.5)
	rel := "Relit: the studio's shading divided out, the set's multiplied in (normals from synth3d stand in for a network). Error " + f3(s.relitErr) +
		", not relit " + f3(s.unrelitErr) + "."
	if !s.relight {
		rel = "Relighting is off: the actor keeps the studio's light from the left. Error " + f3(s.relitErr) + " against the set's light."
	}
	add(gsRelight, "relight", rel, "F "+img+", normals "+img+" → F' "+img, 2.5)
	sh := "The matte stood up at the feet, the set's light cast through it: a flat actor's shadow. IoU " + f2(s.shadowIoU) + " with the true one."
	if !s.shade {
		sh = "No shadow is cast: the actor will float. The true shadow is on the right."
	}
	add(gsShadow, "shadow", sh, "α "+mat+", plate depth "+mat+" → s "+mat, 2.5)
	add(gsComposite, "composite", "Actor, shadow and set, front to back ($\\alpha$, s, 1): error "+f3(s.compErr)+" against the true render; pasting the keyed frame as it is, "+
		f3(s.naiveErr)+".", "3 layers "+shapeOf(gsW*gsH, 3, 3)+" → "+img, 3)
}

// setLightErr is how far the estimated sun is from the true one, in
// degrees.
func (s *gsView) setLightErrDeg() float64 {
	return dsAngle(s.tr.SetLight.Dir(), synth3d.SetLighting(s.angle).Dir)
}

func (s *gsView) Timeline() scene.Timeline { return s.tl }

func (s *gsView) Draw(c viz.Canvas, f *scene.Frame) {
	w, h := c.Size()
	c.FillRect(0, 0, w, h, viz.Paper)
	area := viz.Rect{W: w, H: h}.Inset(10)
	if len(s.steps) == 0 || s.tr == nil || area.W < 40 || area.H < 40 {
		return
	}
	k := min(max(f.Step, 0), len(s.steps)-1)
	img, mat := gsImgShape, gsMatShape
	switch s.steps[k] {
	case gsStudio:
		body, side := area, viz.Rect{}
		if area.W > 500 {
			side, body = area.CutRight(area.W * 0.3)
			side.X += 16
			side.W -= 16
		} else {
			side, body = area.CutBottom(kitTitle + 8 + 2*viz.LineHeight(kitLabel) + 12)
			side.Y += 10
		}
		r := dsImage(c, body, f, &s.bmStudio, gsW, gsH, "studio frame", img, grpGsStudio)
		if r.W > 0 {
			c.StrokeRect(r.X, r.Y, r.W, r.H*2/gsH, 2, viz.Accent) // the sampled rows
		}
		s.drawKeySwatch(c, side, f)
		if f.Frac > 0.3 || f.Time == 0 {
			callouts := side
			if area.W <= 500 {
				callouts = viz.Rect{}
			}
			s.drawCallouts(c, r, callouts)
		}
	case gsKey:
		cells := flowCells(area, 3, 18, 150)
		a := dsHeat(c, cells[0], f, &s.hAlpha, "keyed α", mat, grpGsAlpha)
		if a.W > 0 && f.Frac < 0.6 {
			// The keyer sweeping the rows: each pixel on its own.
			y := a.Y + a.H*f.Frac/0.6
			c.Line(a.X, y, a.X+a.W, y, 2, viz.Accent)
		}
		dsHeat(c, cells[1], f, &s.hTrueMatte, "true matte", mat, grpGsMatteTrue)
		dsHeat(c, cells[2], f, &s.hMatteErr, "|α − true|", mat, grpGsMatteErr)
	case gsDespill:
		cells := flowCells(area, 2, 24, 200)
		dsImage(c, cells[0], f, &s.bmRaw, gsZoomW, gsZoomH, "frame's colours", gsZoomShape, grpGsRaw)
		title := "despilled F"
		if !s.despill {
			title = "despill off"
		}
		dsImage(c, cells[1], f, &s.bmDespilled, gsZoomW, gsZoomH, title, gsZoomShape, grpGsDespilled)
	case gsLight:
		s.drawLight(c, area, f)
	case gsRelight:
		cells := flowCells(area, 3, 18, 110)
		ps := gsCropShape
		dsImage(c, cells[0], f, &s.bmStudioLit, gsCropW, gsCropH, "studio light", ps, grpGsStudioLit)
		title := "relit F'"
		if !s.relight {
			title = "relight off"
		}
		dsImage(c, cells[1], f, &s.bmRelit, gsCropW, gsCropH, title, ps, grpGsRelit)
		dsImage(c, cells[2], f, &s.bmTruthActor, gsCropW, gsCropH, "truth on the set", ps, grpGsTruthActor)
	case gsShadow:
		cells := flowCells(area, 2, 24, 200)
		dsHeat(c, cells[0], f, &s.hShadow, "shadow opacity s", mat, grpGsShadow)
		dsHeat(c, cells[1], f, &s.hShadowTrue, "true shadow", mat, grpGsShadowTrue)
	case gsComposite:
		rows := []viz.Rect{area}
		if area.W >= 500 {
			t, b := area.CutTop(area.H / 2)
			b.Y, b.H = b.Y+8, b.H-8
			rows = []viz.Rect{t, b}
		}
		top := flowCells(rows[0], 2, 18, 150)
		a := dsImage(c, top[0], f, &s.bmComp, gsW, gsH, "composite", img, grpGsComp)
		b := dsImage(c, top[1], f, &s.bmTruth, gsW, gsH, "true render", img, grpGsTruth)
		d := viz.Rect{}
		if len(rows) > 1 {
			bottom := flowCells(rows[1], 2, 18, 150)
			d = dsImage(c, bottom[0], f, &s.bmNaive, gsW, gsH, "naive paste", img, grpGsNaive)
			dsHeat(c, bottom[1], f, &s.hCompErr, "|composite − true|", mat, grpGsCompErr)
		}
		s.linkPixel(c, f, a, b, d)
	}
}

// drawKeySwatch shows the sampled key colour: a swatch, its numbers
// beside it.
func (s *gsView) drawKeySwatch(c viz.Canvas, r viz.Rect, f *scene.Frame) {
	lh := viz.LineHeight(kitLabel)
	if r.W < 120 || r.H < kitTitle+8+2*lh {
		return
	}
	r = titleShape(c, r, "key colour K", gsKeyShape)
	sw := 2 * lh
	c.FillRect(r.X, r.Y, sw, sw, viz.Color{R: dsByte(s.tr.Key[0]), G: dsByte(s.tr.Key[1]), B: dsByte(s.tr.Key[2]), A: 255})
	f.Box(grpGsKey, 0, viz.Rect{X: r.X, Y: r.Y, W: sw, H: sw})
	tx, tw := r.X+sw+8, r.W-sw-8
	c.Text(tx, r.Y+kitLabel, viz.Ellipsize(c, s.keyHex, kitLabel, tw), kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(tx, r.Y+lh+kitLabel, viz.Ellipsize(c, s.keyText, kitLabel, tw), kitLabel, viz.InkMuted, viz.AlignLeft)
}

// drawCallouts rings the spill and the screen's shadow on the studio
// frame drawn at img and, with room at the right (side), labels them
// there with leader lines.
func (s *gsView) drawCallouts(c viz.Canvas, img, side viz.Rect) {
	if img.W == 0 {
		return
	}
	px := img.W / gsW
	lh := viz.LineHeight(kitLabel)
	for k, p := range s.callout {
		x, y := img.X+(p[0]+0.5)*px, img.Y+(p[1]+0.5)*px
		rad := 3.5 * px
		for a := 0; a < 16; a++ {
			a0, a1 := float64(a)*math.Pi/8, float64(a+1)*math.Pi/8
			c.Line(x+rad*math.Cos(a0), y+rad*math.Sin(a0), x+rad*math.Cos(a1), y+rad*math.Sin(a1), 2, viz.Accent)
		}
		if side.W < 100 {
			continue
		}
		ly := side.Y + side.H*0.45 + float64(k)*2.2*lh
		c.Line(x+rad, y, side.X-4, ly-kitLabel*0.35, 1, viz.Accent)
		c.Text(side.X, ly, viz.Ellipsize(c, gsCalloutNames[k], kitLabel, side.W), kitLabel, viz.Accent, viz.AlignLeft)
	}
}

// gsCalloutNames label the callouts.
var gsCalloutNames = [2]string{"green spill on the actor", "their shadow on the screen"}

// drawLight shows both probes with the estimated light's direction.
func (s *gsView) drawLight(c viz.Canvas, area viz.Rect, f *scene.Frame) {
	cells := flowCells(area, 2, 24, 160)
	for k, b := range [2]*viz.Bitmap{&s.bmStudioProbe, &s.bmSetProbe} {
		title, group := "studio probe", grpGsStudioProbe
		if k == 1 {
			title, group = "set probe", grpGsSetProbe
		}
		cr := s.probeCrop[k]
		lh := viz.LineHeight(kitLabel)
		r := cells[k]
		r.H -= 2*lh + 8
		im := dsImage(c, r, f, b, cr[2], cr[3], title, s.probeShape[k], group)
		if im.W == 0 {
			continue
		}
		px := im.W / float64(cr[2])
		a := s.probeArrow[k]
		t := 0.4 + 0.6*min(f.Frac*2, 1) // the estimate's direction grows out of the ball
		arrow(c, im.X+a[0]*px, im.Y+a[1]*px, im.X+(a[0]+(a[2]-a[0])*t)*px, im.Y+(a[1]+(a[3]-a[1])*t)*px, 3, viz.Accent)
		f.Box(grpGsLight, k, viz.Rect{X: im.X, Y: im.Y + im.H + 4, W: im.W, H: 2 * lh})
		for j, line := range s.lightText[k] {
			c.Text(im.X, im.Y+im.H+4+float64(j)*lh+kitLabel, viz.Ellipsize(c, line, kitLabel, cells[k].W), kitLabel, viz.InkMuted, viz.AlignLeft)
		}
	}
}

// Readout implements scene.Readouter.
func (s *gsView) Readout(f *scene.Frame) []scene.KV {
	if s.tr == nil {
		return nil
	}
	if s.ro != nil {
		return s.ro
	}
	s.ro = []scene.KV{
		{Key: "key colour", Value: s.keyHex[4:]},
		{Key: "matte error (mean |α − true|)", Value: f3(s.mae)},
		{Key: "matte IoU at 0.5", Value: f3(s.iou)},
		{Key: "set light off by", Value: f2(s.setLightErrDeg()) + "°"},
		{Key: "studio light off by", Value: f2(dsAngle(s.tr.StudioLight.Dir(), synth3d.StudioLighting().Dir)) + "°"},
		{Key: "actor error, relit / not", Value: f3(s.relitErr) + " / " + f3(s.unrelitErr)},
		{Key: "shadow IoU", Value: f2(s.shadowIoU)},
		{Key: "composite error", Value: f3(s.compErr)},
		{Key: "naive paste error", Value: f3(s.naiveErr)},
	}
	return s.ro
}

// Inspect implements scene.Inspector.
func (s *gsView) Inspect(f *scene.Frame, t scene.Target) (scene.Inspection, bool) {
	if s.tr == nil {
		return scene.Inspection{}, false
	}
	sh, tr := s.shoot, s.tr
	i := t.Index
	matte := func(name, tensor string, m *core.Tensor, source string) (scene.Inspection, bool) {
		if i < 0 || i >= gsW*gsH {
			return scene.Inspection{}, false
		}
		return inspectCell(name, tensor, m.Data, []int{gsH, gsW}, []int{i / gsW, i % gsW}, source), true
	}
	// crop maps element i of a crop w wide at (x, y) to a pixel of the frame.
	crop := func(x, y, w, h int) (int, bool) {
		if i < 0 || i >= w*h {
			return 0, false
		}
		return (y+i/w)*gsW + x + i%w, true
	}
	pixel := func(name, tensor string, img *core.Tensor, p int, source string) (scene.Inspection, bool) {
		in := dsInspectPixel(name, tensor, img, p, source)
		in.Detail = "α " + fmtNum(float64(tr.Alpha.Data[p])) + ", true matte " + fmtNum(float64(sh.Studio.Cover.Data[p]))
		return in, true
	}
	switch t.Group {
	case grpGsStudio:
		if i < 0 || i >= gsW*gsH {
			return scene.Inspection{}, false
		}
		in, _ := pixel("studio pixel", "frame", sh.Studio.Color, i, "synth3d.RenderShot")
		in.Detail = "greenness " + f2(matting.Greenness(matting.Color{sh.Studio.Color.Data[i], sh.Studio.Color.Data[gsW*gsH+i], sh.Studio.Color.Data[2*gsW*gsH+i]})) +
			", keyed α " + fmtNum(float64(tr.Alpha.Data[i]))
		return in, true
	case grpGsKey:
		return scene.Inspection{Name: "key colour (median of the top two rows)", Value: s.keyHex[4:], Tensor: "K", Index: "[0:3]", Shape: shapeOf(3),
			Source: "matting.EstimateKey", Detail: s.keyText}, true
	case grpGsAlpha:
		in, ok := matte("keyed matte α", "α", tr.Alpha, "matting.Key")
		in.Detail = "true " + fmtNum(float64(sh.Studio.Cover.Data[max(i, 0)%(gsW*gsH)]))
		return in, ok
	case grpGsMatteTrue:
		return matte("true matte (share of the pixel the actor covers)", "cover", sh.Studio.Cover, "synth3d.RenderShot")
	case grpGsMatteErr:
		return matte("|α − true matte|", "error", &core.Tensor{Shape: []int{gsH, gsW}, Data: s.matteErr}, "matting.MatteError")
	case grpGsRaw, grpGsDespilled:
		p, ok := crop(gsZoomX, gsZoomY, gsZoomW, gsZoomH)
		if !ok {
			return scene.Inspection{}, false
		}
		if t.Group == grpGsRaw {
			return pixel("frame colour over grey", "C", s.rawOverGrey, p, "matting.Composite of the frame's colours")
		}
		return pixel("despilled colour over grey", "F", s.fgOverGrey, p, "matting.Despill, matting.Composite")
	case grpGsStudioProbe, grpGsSetProbe:
		k := 0
		img := sh.In.StudioProbe
		if t.Group == grpGsSetProbe {
			k, img = 1, sh.In.SetProbe
		}
		cr := s.probeCrop[k]
		p, ok := crop(cr[0], cr[1], cr[2], cr[3])
		if !ok {
			return scene.Inspection{}, false
		}
		return dsInspectPixel("probe pixel", "probe", img, p, "synth3d.RenderShot"), true
	case grpGsLight:
		l, name := tr.StudioLight, "studio light, estimated"
		truth := synth3d.StudioLighting().Dir
		if i == 1 {
			l, name, truth = tr.SetLight, "set light, estimated", synth3d.SetLighting(s.angle).Dir
		}
		d := l.Dir()
		return scene.Inspection{Name: name, Value: "direction " + f2(d[0]) + " " + f2(d[1]) + " " + f2(d[2]), Tensor: "L", Index: strconv.Itoa(i),
			Shape: shapeOf(3, 3), Source: "matting.EstimateLight", Detail: s.lightText[i][0] + ", " + s.lightText[i][1] + "; off by " + f2(dsAngle(d, truth)) + "°"}, true
	case grpGsStudioLit, grpGsRelit, grpGsTruthActor:
		p, ok := crop(gsCropX, gsCropY, gsCropW, gsCropH)
		if !ok {
			return scene.Inspection{}, false
		}
		switch t.Group {
		case grpGsStudioLit:
			return pixel("actor in the studio's light", "F", tr.Foreground, p, "matting.Despill")
		case grpGsRelit:
			return pixel("actor relit", "F'", tr.Relit, p, "matting.Relight")
		}
		return dsInspectPixel("actor really on the set", "truth", sh.Truth.Color, p, "synth3d.RenderShot"), true
	case grpGsShadow:
		in, ok := matte("shadow layer opacity", "s", tr.ShadowAlpha, "matting.Shadow")
		if ok {
			in.Detail = "light blocked by the billboard " + fmtNum(float64(tr.Occlusion.Data[i])) + "; true shadow " + fmtNum(float64(s.shadowTruth.Data[i]))
		}
		return in, ok
	case grpGsShadowTrue:
		return matte("true shadow: 1 − truth / plate brightness", "s*", s.shadowTruth, "synth3d.RenderShot")
	case grpGsComp:
		if i < 0 || i >= gsW*gsH {
			return scene.Inspection{}, false
		}
		in := dsInspectPixel("composite", "out", tr.Composite, i, "matting.Composite (geometry.AlphaComposite)")
		in.Detail = "true " + dsRGB(sh.Truth.Color, i)
		return in, true
	case grpGsNaive:
		if i < 0 || i >= gsW*gsH {
			return scene.Inspection{}, false
		}
		in := dsInspectPixel("naive paste (keyed frame as it is, no shadow)", "out", s.raw.Composite, i, "matting.Composite")
		in.Detail = "true " + dsRGB(sh.Truth.Color, i)
		return in, true
	case grpGsTruth:
		if i < 0 || i >= gsW*gsH {
			return scene.Inspection{}, false
		}
		return dsInspectPixel("true render (actor on the set)", "truth", sh.Truth.Color, i, "synth3d.RenderShot"), true
	case grpGsCompErr:
		return matte("|composite − true|, mean of r, g, b", "error", &core.Tensor{Shape: []int{gsH, gsW}, Data: s.compErrVals}, "render.MeanAbsError")
	}
	return scene.Inspection{}, false
}

// gsPixelGroups are the groups whose elements are pixels of the frame.
var gsPixelGroups = [...]int{grpGsComp, grpGsTruth, grpGsNaive, grpGsCompErr}

// linkPixel outlines, in each full-frame image drawn at rects, the pixel
// hovered in any of them.
func (s *gsView) linkPixel(c viz.Canvas, f *scene.Frame, rects ...viz.Rect) {
	i := -1
	for _, g := range gsPixelGroups {
		if k, ok := f.Focused(g); ok {
			i = k
		}
	}
	if i < 0 || i >= gsW*gsH {
		return
	}
	for _, r := range rects {
		if r.W == 0 {
			continue
		}
		px := r.W / gsW
		c.StrokeRect(r.X+float64(i%gsW)*px-1, r.Y+float64(i/gsW)*px-1, px+2, px+2, 2, viz.Accent)
	}
}
