package scenes

import (
	"math"
	"testing"

	"dlprep/core/matting"
	"dlprep/core/render"
	"dlprep/viz/scene"
)

func newGS(t testing.TB, v scene.Values) *gsView {
	t.Helper()
	return newView(t, newGreenScreenView, v)
}

// What the green-screen view shows at every stage is matting.Run on
// synth3d's shoot with the view's options, measured against synth3d's
// renders: the matte's error and IoU are matting.MatteError's, the
// composite's error render.MeanAbsError's; the mattes' colours decode to
// α, the composite's pixels are its values, and inspection reports them.
func TestGreenScreenViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"scarf": 1}, {"light": -60, "relight": 0}, {"despill": 0, "shadow": 0, "key_low": 0.5, "key_high": 0.7}} {
		s := newGS(t, v)
		vals := scene.Overlay(s.Params(), v)
		shoot, err := matting.DemoShoot(gsW, gsH, vals["scarf"] != 0, vals["light"])
		if err != nil {
			t.Fatal(err)
		}
		o := matting.Options{Low: vals["key_low"], High: vals["key_high"], Despill: vals["despill"] != 0, Relight: vals["relight"] != 0,
			Shadow: vals["shadow"] != 0, Softness: matting.DefaultOptions.Softness}
		tr, err := matting.Run(shoot.In, o)
		if err != nil {
			t.Fatal(err)
		}
		if !sameTensor(tr.Alpha, s.tr.Alpha) || !sameTensor(tr.Foreground, s.tr.Foreground) || !sameTensor(tr.Relit, s.tr.Relit) ||
			!sameTensor(tr.ShadowAlpha, s.tr.ShadowAlpha) || !sameTensor(tr.Composite, s.tr.Composite) || tr.SetLight != s.tr.SetLight {
			t.Fatalf("%v: a stage shown differs from matting.Run", v)
		}
		mae, iou, _ := matting.MatteError(tr.Alpha, shoot.Studio.Cover)
		e, _ := render.MeanAbsError(tr.Composite, shoot.Truth.Color, nil)
		if mae != s.mae || iou != s.iou || e != s.compErr {
			t.Errorf("%v: matte %v/%v, composite %v shown; core %v/%v, %v", v, s.mae, s.iou, s.compErr, mae, iou, e)
		}
		for _, i := range []int{0, gsW*gsH/2 + gsW/2, 40*gsW + 64, gsW*gsH - 1} {
			if got := s.hAlpha.bm.Value(i/gsW, i%gsW, dsMatte, 0, 1); math.Abs(got-float64(tr.Alpha.Data[i])) > 1.0/255+1e-6 {
				t.Errorf("%v pixel %d: matte reads %v, α %v", v, i, got, tr.Alpha.Data[i])
			}
			if got, want := pixelOf(&s.bmComp, i), rgbOf(tr.Composite, i); got != want {
				t.Errorf("%v pixel %d: composite drawn %v, Run %v", v, i, got, want)
			}
			f := &scene.Frame{Step: len(s.steps) - 1}
			in, ok := s.Inspect(f, scene.Target{Group: grpGsComp, Index: i})
			if !ok || in.Value != dsRGB(tr.Composite, i) || in.Source == "" {
				t.Errorf("%v pixel %d: inspection %+v", v, i, in)
			}
			in, _ = s.Inspect(f, scene.Target{Group: grpGsAlpha, Index: i})
			if in.Value != fmtNum(float64(tr.Alpha.Data[i])) || in.Source != "matting.Key" {
				t.Errorf("%v pixel %d: matte inspection %+v", v, i, in)
			}
		}
	}
}

// The view shows where each stage breaks: a green scarf is keyed out
// (IoU drops), the naive paste is worse than the pipeline, an unlit actor
// stays far from the set's light, no shadow is no shadow.
func TestGreenScreenWhereItBreaks(t *testing.T) {
	base := newGS(t, nil)
	scarf := newGS(t, scene.Values{"scarf": 1})
	if !(scarf.iou < base.iou-0.03) {
		t.Errorf("matte IoU %.3f with the scarf, %.3f without", scarf.iou, base.iou)
	}
	naive := newGS(t, scene.Values{"despill": 0, "relight": 0, "shadow": 0})
	if !(base.compErr < 0.6*naive.compErr) || math.Abs(naive.compErr-base.naiveErr) > 1e-12 {
		t.Errorf("composite error %.4f; naive paste %.4f (the view's naive figure %.4f)", base.compErr, naive.compErr, base.naiveErr)
	}
	if !(base.relitErr < base.unrelitErr/2) {
		t.Errorf("actor error relit %.4f, not %.4f", base.relitErr, base.unrelitErr)
	}
	for i, v := range naive.tr.ShadowAlpha.Data {
		if v != 0 {
			t.Fatalf("shadow off, yet pixel %d has opacity %v", i, v)
		}
	}
	if base.setLightErrDeg() > 3 {
		t.Errorf("set light off by %.2f°", base.setLightErrDeg())
	}
}

// Changing the keyer or a stage's switch re-runs the pipeline on the
// same renders; changing the light renders again.
func TestGreenScreenReusesTheShoot(t *testing.T) {
	s := newGS(t, nil)
	shoot := s.shoot
	v := scene.Defaults(s.Params())
	v["key_low"], v["relight"] = 0.5, 0
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.shoot != shoot {
		t.Error("the keyer's threshold rendered the shoot again")
	}
	v["light"] = -30
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.shoot == shoot {
		t.Error("a new light did not render again")
	}
}

func TestGreenScreenGoldens(t *testing.T) {
	checkGolden(t, "greenscreen_composite", "030", nil, 6, 1280, 800)
	checkGolden(t, "greenscreen_key_phone", "030", map[string]string{"scarf": "true"}, 1, 390, 844)
}
