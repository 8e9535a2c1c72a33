package matting

import (
	"math"
	"sync"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/render"
	"dlprep/core/synth3d"
)

const testW, testH = 128, 96

// shoots are rendered once per test binary: each takes a few tens of ms.
var shoots sync.Map

func shoot(t testing.TB, scarf bool, angle float64) *Shoot {
	t.Helper()
	type key struct {
		scarf bool
		angle float64
	}
	if s, ok := shoots.Load(key{scarf, angle}); ok {
		return s.(*Shoot)
	}
	s, err := DemoShoot(testW, testH, scarf, angle)
	if err != nil {
		t.Fatal(err)
	}
	shoots.Store(key{scarf, angle}, s)
	return s
}

func run(t testing.TB, s *Shoot, o Options) *Trace {
	t.Helper()
	tr, err := Run(s.In, o)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// The keyed matte, from colour alone, against the true matte (the share
// of each pixel the actor covers, supersampled): mean absolute error and
// IoU at 0.5. A green scarf is keyed out with the screen.
func TestKeyAgainstTheTrueMatte(t *testing.T) {
	tests := []struct {
		name          string
		scarf         bool
		maxMAE        float64
		minIoU, maxIo float64
	}{
		{"actor", false, 0.01, 0.95, 1},
		{"green scarf", true, 1, 0, 0.95},
	}
	for _, tc := range tests {
		s := shoot(t, tc.scarf, 50)
		tr := run(t, s, DefaultOptions)
		mae, iou, err := MatteError(tr.Alpha, s.Studio.Cover)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: matte MAE %.4f, IoU %.4f (key colour %v)", tc.name, mae, iou, tr.Key)
		if mae > tc.maxMAE || iou < tc.minIoU || iou > tc.maxIo {
			t.Errorf("%s: MAE %.4f (max %v), IoU %.4f (want %v..%v)", tc.name, mae, tc.maxMAE, iou, tc.minIoU, tc.maxIo)
		}
	}
}

// The key colour is the screen's, sampled; the keyer's thresholds map
// greenness linearly, literal cases.
func TestKeyLiteral(t *testing.T) {
	key := Color{0.2, 0.6, 0.2} // greenness 2/3
	img, _ := core.FromData([]float32{
		0.2, 0.8, 0.2, 0.5, // red: screen, skin, a mixed edge, grey
		0.6, 0.6, 0.35, 0.5,
		0.2, 0.5, 0.1, 0.5,
	}, 3, 1, 4)
	alpha, err := Key(img, KeyOptions{Key: key, Low: 0.3, High: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	// Greenness relative to the key: 1, 0, (0.35-0.2)/0.35/(2/3) = 0.643, 0.
	want := []float64{0, 1, 1 - (0.15/0.35/(2.0/3)-0.3)/0.5, 1}
	for i, w := range want {
		if math.Abs(float64(alpha.Data[i])-w) > 1e-6 {
			t.Errorf("pixel %d: α %v, want %v", i, alpha.Data[i], w)
		}
	}
	s := shoot(t, false, 50)
	k, _ := EstimateKey(s.Studio.Color)
	if g := Greenness(k); math.Abs(g-Greenness(synth3d.GreenKey)) > 0.05 {
		t.Errorf("sampled key %v has greenness %.3f, the screen's %.3f", k, g, Greenness(synth3d.GreenKey))
	}
	if _, err := Key(img, KeyOptions{Key: Color{0.5, 0.5, 0.5}, Low: 0.3, High: 0.8}); err == nil {
		t.Error("a grey key accepted")
	}
}

// interior marks the pixels the actor covers entirely.
func interior(s *Shoot) []bool {
	m := make([]bool, len(s.Studio.Cover.Data))
	for i, c := range s.Studio.Cover.Data {
		m[i] = c == 1
	}
	return m
}

// Despilling removes the green cast: no actor pixel stays greener than
// its red and blue, the actor's colours move towards the actor without
// the screen's light, and the composite towards the true render (the
// green fringe of the edges is gone).
func TestDespill(t *testing.T) {
	s := shoot(t, false, 50)
	on := run(t, s, DefaultOptions)
	o := DefaultOptions
	o.Despill = false
	off := run(t, s, o)
	m := interior(s)
	eOn, _ := render.MeanAbsError(on.Foreground, s.Studio.Unspilled, m)
	eOff, _ := render.MeanAbsError(off.Foreground, s.Studio.Unspilled, m)
	edges := make([]bool, len(m))
	for i, c := range s.Studio.Cover.Data {
		edges[i] = c > 0 && c < 1
	}
	cOn, _ := render.MeanAbsError(on.Composite, s.Truth.Color, edges)
	cOff, _ := render.MeanAbsError(off.Composite, s.Truth.Color, edges)
	t.Logf("actor colour error %.4f despilled, %.4f raw; composite error on the edges %.4f despilled, %.4f raw", eOn, eOff, cOn, cOff)
	if !(eOn < eOff) || !(cOn < cOff) {
		t.Errorf("despilled errors %.4f (actor) and %.4f (composite), raw %.4f and %.4f", eOn, cOn, eOff, cOff)
	}
	plane := testW * testH
	for i := 0; i < plane; i++ {
		if on.Alpha.Data[i] >= MinAlpha && on.Foreground.Data[plane+i] > max(on.Foreground.Data[i], on.Foreground.Data[2*plane+i])+1e-6 {
			t.Fatalf("pixel %d is still greener than its red and blue: %v", i, dsRGB(on.Foreground, i))
		}
	}
}

func dsRGB(t *core.Tensor, i int) [3]float32 {
	plane := t.Shape[1] * t.Shape[2]
	return [3]float32{t.Data[i], t.Data[plane+i], t.Data[2*plane+i]}
}

// angle is the angle between two directions in degrees.
func angle(a, b geometry.Vec3) float64 {
	return math.Acos(math.Min(math.Max(a.Normalize().Dot(b.Normalize()), -1), 1)) * 180 / math.Pi
}

// The light measured on the probe: its direction within a few degrees of
// the true one and its colour's balance kept (the set's sun is warm); in
// the studio the screen's spill tints the estimate green.
func TestEstimateLight(t *testing.T) {
	for _, a := range []float64{-60, 0, 50} {
		s := shoot(t, false, a)
		tr := run(t, s, DefaultOptions)
		set, truth := tr.SetLight, synth3d.SetLighting(a)
		e := angle(set.Dir(), truth.Dir)
		col := set.Color()
		t.Logf("set light from %v°: direction off by %.2f°, colour %.3f %.3f %.3f, ambient %.3f %.3f %.3f", a, e, col[0], col[1], col[2],
			set.Ambient[0], set.Ambient[1], set.Ambient[2])
		if e > 3 || !(col[0] > col[1] && col[1] > col[2]) {
			t.Errorf("set light from %v°: direction off by %.2f°, colour %v", a, e, col)
		}
		if e := angle(tr.StudioLight.Dir(), synth3d.StudioLighting().Dir); e > 8 {
			t.Errorf("studio light direction off by %.2f°", e)
		}
	}
}

// Relighting brings the actor closer to the actor really lit by the set,
// and changes it visibly.
func TestRelight(t *testing.T) {
	for _, a := range []float64{-60, 50} {
		s := shoot(t, false, a)
		on := run(t, s, DefaultOptions)
		o := DefaultOptions
		o.Relight = false
		off := run(t, s, o)
		m := interior(s)
		eOn, _ := render.MeanAbsError(on.Relit, s.Truth.Color, m)
		eOff, _ := render.MeanAbsError(off.Relit, s.Truth.Color, m)
		change, _ := render.MeanAbsError(on.Relit, off.Relit, m)
		t.Logf("light from %v°: actor error %.4f relit, %.4f studio-lit; relighting changes it by %.4f", a, eOn, eOff, change)
		if !(eOn < eOff/2) || change < 0.05 {
			t.Errorf("light from %v°: error %.4f relit, %.4f not; change %.4f", a, eOn, eOff, change)
		}
	}
}

// The billboard's shadow overlaps the true shadow, falls on the side away
// from the light, and moves with it.
func TestShadow(t *testing.T) {
	cx := map[float64]float64{}
	for _, a := range []float64{-50, 50} {
		s := shoot(t, false, a)
		tr := run(t, s, DefaultOptions)
		truth := s.ShadowTruth()
		inter, union := 0, 0
		var sum, n float64
		for i, v := range tr.ShadowAlpha.Data {
			got, want := v > 0.15, truth.Data[i] > 0.15
			if got && want {
				inter++
			}
			if got || want {
				union++
			}
			if got {
				sum += float64(i % testW)
				n++
			}
		}
		iou := float64(inter) / float64(max(union, 1))
		cx[a] = sum / math.Max(n, 1)
		t.Logf("light from %v°: shadow IoU with the truth %.3f (%d px synthesised, %d true)", a, iou, int(n), union-int(n)+inter)
		if iou < 0.4 {
			t.Errorf("light from %v°: shadow IoU %.3f", a, iou)
		}
	}
	// Light from the right (positive angles) throws the shadow left.
	if !(cx[50] < cx[-50]) {
		t.Errorf("shadow centre x %v with the light from the right, %v from the left", cx[50], cx[-50])
	}
}

// The composite is geometry.AlphaComposite of the three layers, and the
// whole pipeline lands closer to the true render than a naive paste.
func TestCompositeAgainstTruth(t *testing.T) {
	s := shoot(t, false, 50)
	tr := run(t, s, DefaultOptions)
	naive := run(t, s, Options{Low: DefaultLow, High: DefaultHigh})
	plane := testW * testH
	colors, opac := core.New(plane, 3, 3), core.New(plane, 3, 1)
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			colors.Data[i*9+c] = tr.Relit.Data[c*plane+i]
			colors.Data[i*9+6+c] = s.Plate.Color.Data[c*plane+i]
		}
		opac.Data[i*3], opac.Data[i*3+1], opac.Data[i*3+2] = tr.Alpha.Data[i], tr.ShadowAlpha.Data[i], 1
	}
	want, _, err := geometry.AlphaComposite(colors, opac)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			if got := tr.Composite.Data[c*plane+i]; got != want.Data[3*i+c] {
				t.Fatalf("pixel %d channel %d: %v, AlphaComposite %v", i, c, got, want.Data[3*i+c])
			}
		}
	}
	e, _ := render.MeanAbsError(tr.Composite, s.Truth.Color, nil)
	en, _ := render.MeanAbsError(naive.Composite, s.Truth.Color, nil)
	t.Logf("composite error against the true render: %.4f, naive paste %.4f", e, en)
	if !(e < 0.75*en) {
		t.Errorf("composite error %.4f, naive paste %.4f", e, en)
	}
}

// Run keeps the stages the functions compute one by one.
func TestRunIsTheStages(t *testing.T) {
	s := shoot(t, false, 30)
	tr := run(t, s, DefaultOptions)
	key, _ := EstimateKey(s.In.Studio)
	alpha, _ := Key(s.In.Studio, KeyOptions{Key: key, Low: DefaultLow, High: DefaultHigh})
	fg, _ := Despill(s.In.Studio, alpha, key, true, true)
	sl, _ := EstimateLight(s.In.StudioProbe, s.In.StudioProbeNormals, s.In.StudioProbeMask, s.In.ProbeAlbedo)
	pl, _ := EstimateLight(s.In.SetProbe, s.In.SetProbeNormals, s.In.SetProbeMask, s.In.ProbeAlbedo)
	relit, _ := Relight(fg, s.In.StudioNormals, alpha, sl, pl)
	bb, _ := StandUp(alpha, s.In.Cam)
	occ, sh, _ := Shadow(alpha, s.In.PlateDepth, s.In.Cam, bb, pl, DefaultOptions.Softness)
	comp, _ := Composite(relit, alpha, sh, s.In.Plate)
	same := func(a, b *core.Tensor) bool {
		for i := range a.Data {
			if a.Data[i] != b.Data[i] {
				return false
			}
		}
		return len(a.Data) == len(b.Data)
	}
	if tr.Key != key || !same(tr.Alpha, alpha) || !same(tr.Foreground, fg) || tr.StudioLight != sl || tr.SetLight != pl ||
		!same(tr.Relit, relit) || tr.Billboard != bb || !same(tr.Occlusion, occ) || !same(tr.ShadowAlpha, sh) || !same(tr.Composite, comp) {
		t.Error("a stage of Run differs from its function")
	}
	// The feet are on the ground, below the actor.
	if math.Abs(bb.Foot[1]) > 1e-9 || math.Abs(bb.Foot[2]-1.5) > 0.25 || math.Abs(bb.Foot[0]) > 0.2 {
		t.Errorf("feet at %v, the actor stands at (0, 0, 1.5)", bb.Foot)
	}
}

func TestErrors(t *testing.T) {
	s := shoot(t, false, 50)
	bad := s.In
	bad.Plate = core.New(3, 4, 4)
	if _, err := Run(bad, DefaultOptions); err == nil {
		t.Error("a plate of another size accepted")
	}
	if _, err := Key(s.In.Studio, KeyOptions{Key: synth3d.GreenKey, Low: 0.8, High: 0.3}); err == nil {
		t.Error("Low above High accepted")
	}
	if _, err := EstimateLight(s.In.SetProbe, s.In.SetProbeNormals, make([]bool, testW*testH), 0.8); err == nil {
		t.Error("an empty probe accepted")
	}
	if _, err := StandUp(core.New(4, 4), s.In.Cam); err == nil {
		t.Error("an empty matte stood up")
	}
	nan := s.In.Studio.Clone()
	nan.Data[3] = float32(math.NaN())
	if _, err := Key(nan, KeyOptions{Key: synth3d.GreenKey, Low: 0.3, High: 0.8}); err == nil {
		t.Error("NaN accepted")
	}
}
