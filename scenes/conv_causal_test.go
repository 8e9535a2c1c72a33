package scenes

import (
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/mistakes"
	"dlprep/viz/scene"
)

// The causal view shows conv.CausalDownsample3D's padded video and output,
// the frames each output reads as measured on the op, and the pitfalls'
// outputs from core/mistakes on the same video.
func TestCausalViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"pitfall": 1},
		{"pitfall": 2, "kernel": 4},
		{"ktime": 2, "pitfall": 1, "frames": 5, "size": 5},
		{"ktime": 1, "kernel": 1},
	} {
		s := newView(t, newCausalView, v)
		y, err := conv.CausalDownsample3D(s.x, s.weight, nil)
		if err != nil {
			t.Fatal(err)
		}
		plane := s.ho * s.wo
		for f := 0; f < s.t; f++ {
			if !equalF32(s.hy[f].vals, y.Data[f*plane:(f+1)*plane]) {
				t.Fatalf("%v: output frame %d differs from conv.CausalDownsample3D", v, f)
			}
		}
		// The op's shape: T frames of ceil(H/2) × ceil(W/2).
		if want := []int{1, 1, s.t, (s.size + 1) / 2, (s.size + 1) / 2}; !core.SameShape(y.Shape, want) {
			t.Errorf("%v: output shape %v, want %v", v, y.Shape, want)
		}
		// The padded frames: kT−1 zero frames in front, then x.
		ps := s.st.Padded.Shape
		if ps[2] != s.t+s.kt-1 {
			t.Errorf("%v: %d padded frames, want %d", v, ps[2], s.t+s.kt-1)
		}
		for f := 0; f < ps[2]; f++ {
			if !equalF32(s.hpad[f].vals, s.st.Padded.Data[f*ps[3]*ps[4]:(f+1)*ps[3]*ps[4]]) {
				t.Fatalf("%v: padded frame %d differs from the trace", v, f)
			}
		}
		// Causal: no output frame depends on a later input frame, and
		// nothing responds before the event.
		for tt := 0; tt < s.t; tt++ {
			for j := tt + 1; j < s.t; j++ {
				if s.dep.Data[tt*s.t+j] != 0 {
					t.Fatalf("%v: output frame %d reads input frame %d", v, tt, j)
				}
			}
		}
		if got := firstNonZero(s.st.Y, s.t); got != s.event {
			t.Errorf("%v: first responding output %d, want the event frame %d", v, got, s.event)
		}
		if s.pitfall == "" {
			continue
		}
		fn := map[string]conv.VideoOp{"time-padding-symmetric": mistakes.CausalDownsampleTimeSymmetric,
			"spatial-padding-symmetric": mistakes.CausalDownsampleSpatialSymmetric}[s.pitfall]
		want, err := fn(s.x, s.weight, nil)
		if err != nil {
			t.Fatal(err)
		}
		bp := s.bho * s.bwo
		for f := 0; f < s.bt; f++ {
			if !equalF32(s.hbad[f].vals, want.Data[f*bp:(f+1)*bp]) {
				t.Fatalf("%v: pitfall frame %d differs from %s", v, f, s.badFn)
			}
		}
	}
}

// The pitfalls show on arrival: padded in time on both sides, the output
// responds a frame before the square appears (and an even kT adds a
// frame); padded k//2 on both sides with k = 4, the frames grow by a row
// and a column, as the legacy size check found (6 → 4 instead of 3).
func TestCausalPitfallsShow(t *testing.T) {
	s := newView(t, newCausalView, scene.Values{"pitfall": 1})
	if got := firstNonZero(s.bad, s.bt); got != s.event-1 {
		t.Errorf("time-symmetric pitfall responds at frame %d, want %d (one before the event)", got, s.event-1)
	}
	if !s.leak[0] {
		t.Error("the time-symmetric pitfall's frame 0 should read frame 1")
	}
	even := newView(t, newCausalView, scene.Values{"pitfall": 1, "ktime": 2})
	if even.bt != even.t+1 {
		t.Errorf("even kT, symmetric: %d output frames, want T+1 = %d", even.bt, even.t+1)
	}
	sp := newView(t, newCausalView, scene.Values{"pitfall": 2, "kernel": 4})
	if sp.ho != 3 || sp.bho != 4 || sp.bwo != 4 {
		t.Errorf("k = 4 on 6×6: right %d×%d, pitfall %d×%d; want 3×3 and 4×4", sp.ho, sp.wo, sp.bho, sp.bwo)
	}
	odd := newView(t, newCausalView, scene.Values{"pitfall": 2, "kernel": 3})
	if odd.bho != odd.ho || !equalF32(odd.bad.Data, odd.st.Y.Data) {
		t.Error("for odd k the spatial pitfall should agree with the op")
	}
}

func TestCausalInspection(t *testing.T) {
	s := newView(t, newCausalView, scene.Values{"pitfall": 1})
	f := &scene.Frame{}
	in, ok := s.Inspect(f, scene.Target{Group: gCsBadDep, Index: 0*s.t + 1})
	if !ok || in.Detail == "" || in.Source != "conv.FrameDependence(mistakes.CausalDownsampleTimeSymmetric)" {
		t.Errorf("the pitfall's dependence on a future frame inspects as %+v", in)
	}
	in, ok = s.Inspect(f, scene.Target{Group: gCsPad, Index: 0})
	if !ok || in.Value != "0" {
		t.Errorf("a padding frame inspects as %+v", in)
	}
}

func TestCausalGoldens(t *testing.T) {
	checkGolden(t, "causal_field_pitfall", "001", map[string]string{"pitfall": "time-padding-symmetric"}, 2, 1280, 800)
	checkGolden(t, "causal_output_phone", "001", map[string]string{"pitfall": "spatial-padding-symmetric", "kernel": "4"}, 3, 390, 844)
}
