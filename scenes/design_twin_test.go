package scenes

import (
	"testing"

	"dlprep/core/geometry"
	"dlprep/core/synth3d"
)

func newTwin(t *testing.T, v Values) *twinScene {
	t.Helper()
	return resetScene(t, "digital_twin", v).(*twinScene)
}

// With position in the cost every player is found in every frame and no
// identity is lost; more cameras bring the fused point closer to the
// player's centre than one camera's front-surface point.
func TestTwinFusionAndTracking(t *testing.T) {
	one, four := newTwin(t, Values{"cameras": 1, "appearance": 0.3}), newTwin(t, Values{"cameras": 4, "appearance": 0.3})
	for _, s := range []*twinScene{one, four} {
		if s.swaps != 0 {
			t.Errorf("%d cameras, β=0.3: %d frames with a swap, want 0", s.cams, s.swaps)
		}
		for f := range s.frames {
			if n := len(s.frames[f].dets); n != twinPlayers {
				t.Errorf("%d cameras frame %d: %d fused players, want %d", s.cams, f, n, twinPlayers)
			}
		}
	}
	if !(four.meanErr < one.meanErr) || one.meanErr < 0.1 {
		t.Errorf("mean error: 1 camera %.3f m, 4 cameras %.3f m; want fusion to help", one.meanErr, four.meanErr)
	}
}

// Appearance alone cannot keep two similar kits apart; distinct kits can.
func TestTwinAppearanceOnlySwapsSimilarKits(t *testing.T) {
	if s := newTwin(t, Values{"appearance": 1, "similar_kits": 1}); s.swaps == 0 {
		t.Errorf("similar kits matched by appearance alone: no swap")
	}
	if s := newTwin(t, Values{"appearance": 1, "similar_kits": 0}); s.swaps != 0 {
		t.Errorf("distinct kits matched by appearance: %d frames with a swap", s.swaps)
	}
}

// A detection is core's unprojection of the blob: a single camera's point
// lies on the player's surface (within a pixel's worth of depth).
func TestTwinDetectionsOnSurface(t *testing.T) {
	s := newTwin(t, Values{"cameras": 1})
	for f := range s.frames {
		for _, d := range s.frames[f].dets {
			dist := d.pos.Sub(s.frames[f].truth[d.truth]).Norm()
			if dist > 1.6*twinRadius {
				t.Errorf("frame %d player %d: detection %.3f m from the centre", f, d.truth, dist)
			}
		}
	}
	// The camera the scene uses is the one core builds from LookAt.
	pose, _ := twinCamera(0)
	cam, err := geometry.NewCamera("test", synth3d.DemoIntrinsics(twinW, twinH), pose)
	if err != nil {
		t.Fatal(err)
	}
	u, v, _, ok := cam.Project(s.frames[0].truth[0])
	if !ok || u < 0 || v < 0 || u >= twinW || v >= twinH {
		t.Errorf("player 0 projects to (%v, %v), outside camera 1", u, v)
	}
}

func TestTwinGolden(t *testing.T) {
	familyGolden(t, "digital_twin", newTwin(t, Values{"appearance": 1}), nil)
}

func BenchmarkScene_digital_twin(b *testing.B) { benchScene(b, "digital_twin", nil) }

// Moving the appearance weight or the frame re-runs only the tracker, not
// the renders.
func TestTwinSliderDoesNotRerender(t *testing.T) {
	s := newTwin(t, nil)
	ver := s.frames[5].views[0].Version
	v := Defaults(s.Params())
	v["appearance"], v["frame"] = 1, 3
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.frames[5].views[0].Version != ver {
		t.Errorf("changing β re-rendered the views")
	}
	if want := newTwin(t, v); want.swaps != s.swaps || want.meanErr != s.meanErr {
		t.Errorf("re-tracked: %d swaps, error %v; from scratch %d, %v", s.swaps, s.meanErr, want.swaps, want.meanErr)
	}
	v["cameras"] = 2
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.frames[5].views[0].Version == ver {
		t.Errorf("changing the cameras did not render again")
	}
}
