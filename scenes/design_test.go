package scenes

import (
	"math"
	"testing"

	"dlprep/core/geometry"
	"dlprep/core/synth3d"
	"dlprep/viz"
)

func newDesign(t *testing.T, v Values) *designScene {
	t.Helper()
	return resetScene(t, "virtual_cinematographer", v).(*designScene)
}

// The truth panel is core's rendering from the path camera; every splatted
// pixel's colour is a source pixel's; holes grow as the camera swings away
// and 2×2 splats leave fewer.
func TestDesignPipeline(t *testing.T) {
	s := newDesign(t, Values{"span": 0.8})
	r, _ := synth3d.NewRenderer(designW, designH)
	for _, k := range []int{0, 5, 11} {
		v := &s.views[k]
		cam, _ := geometry.NewCamera("test", synth3d.DemoIntrinsics(designW, designH), synth3d.DemoPose(v.s))
		r.Render(synth3d.DemoWorld(), cam)
		plane := designW * designH
		for j := 0; j < plane; j++ {
			if got, want := v.gt.Img.RGBAAt(j%designW, j/designW), rgbAt(r.Color.Data, plane, j); got != want {
				t.Fatalf("view %d pixel %d: truth shows %v, core renders %v", k, j, got, want)
			}
		}
	}
	near, far := s.views[5].holeFrac, s.views[11].holeFrac
	if !(far > near) || far < 0.01 {
		t.Errorf("holes near the source %.4f, at the far end %.4f: want more holes further away", near, far)
	}
	s2 := newDesign(t, Values{"span": 0.8, "splat2": 1})
	if s2.views[11].holeFrac >= far {
		t.Errorf("2×2 splats leave %.4f holes, 1×1 %.4f", s2.views[11].holeFrac, far)
	}
	for j := 0; j < designW*designH; j++ {
		x, y := j%designW, j/designW
		if h := s.views[11].holes.Img.RGBAAt(x, y); (h == viz.Bad) != (s.views[11].splat.Img.RGBAAt(x, y) == viz.NaNColor) {
			t.Fatalf("pixel %d: hole mask and splat disagree", j)
		}
	}
	if s.views[11].meanErr <= s.views[6].meanErr {
		t.Errorf("fill error far %.4f not above near %.4f", s.views[11].meanErr, s.views[6].meanErr)
	}
}

// The Plücker readout is (d, o × d) of core's unprojected ray: d is a unit
// vector and the moment is orthogonal to it.
func TestDesignPlucker(t *testing.T) {
	s := newDesign(t, nil)
	p := s.plucker
	d := geometry.Vec3{p[0], p[1], p[2]}
	m := geometry.Vec3{p[3], p[4], p[5]}
	if math.Abs(d.Norm()-1) > 1e-9 || math.Abs(d.Dot(m)) > 1e-9 {
		t.Errorf("Plücker (%v, %v): |d| = %v, d·m = %v", d, m, d.Norm(), d.Dot(m))
	}
	ray := s.srcCam.Unproject(designW/2, designH/2, 1)
	if ray.WorldDir != d {
		t.Errorf("direction %v, core's %v", d, ray.WorldDir)
	}
}

func TestDesignStepsAlongPath(t *testing.T) {
	s := newDesign(t, Values{"position": 10})
	s.Step()
	s.Step()
	if k, n := s.Progress(); k != 1 || n != designPath {
		t.Errorf("after two steps from 10: %d of %d, want 1 of %d", k, n, designPath)
	}
}

func TestDesignGolden(t *testing.T) {
	familyGolden(t, "virtual_cinematographer", newDesign(t, nil), nil)
	familyGolden(t, "virtual_cinematographer_dynamic", newDesign(t, Values{"dynamic": 1, "time": 3.0 / 7, "position": 10}), nil)
}

func BenchmarkScene_virtual_cinematographer(b *testing.B) {
	benchScene(b, "virtual_cinematographer", nil)
}

// Problem 031's mode: the static points of the other frames fill part of
// what the rolling ball hid (fewer holes), the ball is taken from the
// current frame only, and the truth is the world at the frozen time.
func TestDesignDynamicAggregation(t *testing.T) {
	v := Values{"dynamic": 1, "time": 3.0 / 7, "span": 0.8}
	with := newDesign(t, Values{"dynamic": 1, "time": 3.0 / 7, "span": 0.8, "aggregate": 1})
	v["aggregate"] = 0
	without := newDesign(t, v)
	if with.extraPts == 0 || without.extraPts != 0 {
		t.Fatalf("extra static points: %d with aggregation, %d without", with.extraPts, without.extraPts)
	}
	better := 0
	for k := range with.views {
		if with.views[k].holeFrac > without.views[k].holeFrac+1e-12 {
			t.Errorf("view %d: %.4f holes with aggregation, %.4f without", k, with.views[k].holeFrac, without.views[k].holeFrac)
		}
		if with.views[k].holeFrac < without.views[k].holeFrac {
			better++
		}
	}
	if better < designPath/2 {
		t.Errorf("aggregation reduced the holes in only %d of %d views", better, designPath)
	}
	// Truth: synth3d renders the world at the frozen time from the path camera.
	r, _ := synth3d.NewRenderer(designW, designH)
	vw := &with.views[designPath-1]
	cam, _ := geometry.NewCamera("test", synth3d.DemoIntrinsics(designW, designH), synth3d.DemoPose(vw.s))
	r.Render(with.worldAt(3.0/7), cam)
	plane := designW * designH
	for j := 0; j < plane; j++ {
		if got, want := vw.gt.Img.RGBAAt(j%designW, j/designW), rgbAt(r.Color.Data, plane, j); got != want {
			t.Fatalf("pixel %d: truth %v, core renders %v", j, got, want)
		}
	}
	// The ball moves between frames.
	if a, b := with.worldAt(0).Spheres[0].Center, with.worldAt(1).Spheres[0].Center; a == b {
		t.Errorf("the ball does not move: %v", a)
	}
}

// Moving along the path reuses the computed views.
func TestDesignPositionDoesNotRecompute(t *testing.T) {
	s := newDesign(t, nil)
	ver := s.views[3].gt.Version
	v := Defaults(s.Params())
	v["position"] = 2
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.views[3].gt.Version != ver || s.pos != 2 {
		t.Errorf("moving to position 2 recomputed the views (or did not move: %d)", s.pos)
	}
	v["span"] = 0.5
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.views[3].gt.Version == ver {
		t.Errorf("changing the span did not recompute")
	}
}
