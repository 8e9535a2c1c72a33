package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core/track"
	"dlprep/viz"
	"dlprep/viz/scene"
)

func newTwin(t testing.TB, v scene.Values) *twinView {
	t.Helper()
	return newView(t, newTwinView, v)
}

// What the twin view shows is core/track's run on synth3d's match: the
// cameras' pictures are the renders, the boxes track.Detect's, the fused
// players track.Fuse's, the tracks, the re-ID matrix and the swaps
// track.Run's; the heat colours decode to the cosines and the identity
// timeline is red exactly where a track follows another player.
func TestTwinViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"appearance": 0.3}, {"appearance": 1, "twins": 1}, {"cameras": 3, "motion": 1}} {
		s := newTwin(t, v)
		vals := scene.Overlay(s.Params(), v)
		m, err := track.DemoMatch(int(vals["cameras"]), twinFrames, twinW, twinH, vals["twins"] != 0)
		if err != nil {
			t.Fatal(err)
		}
		res, err := track.Run(m.Fused, twinPlayers, track.Params{Beta: vals["appearance"], Scale: track.AppearanceScale, Motion: vals["motion"] != 0})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Swaps) != len(s.res.Swaps) {
			t.Fatalf("%v: %d swaps shown, track.Run %d", v, len(s.res.Swaps), len(res.Swaps))
		}
		for i, sw := range res.Swaps {
			if s.res.Swaps[i] != sw {
				t.Fatalf("%v: swap %d shown %+v, track.Run %+v", v, i, s.res.Swaps[i], sw)
			}
		}
		for f := range twinFrames {
			if len(m.Dets[f]) != len(s.match.Dets[f]) || len(m.Fused[f]) != len(s.match.Fused[f]) {
				t.Fatalf("%v frame %d: %d/%d detections/fused shown, core %d/%d", v, f, len(s.match.Dets[f]), len(s.match.Fused[f]), len(m.Dets[f]), len(m.Fused[f]))
			}
			for j := range m.Fused[f] {
				if m.Fused[f][j].Pos != s.match.Fused[f][j].Pos {
					t.Fatalf("%v frame %d: fused %d at %v, core %v", v, f, j, s.match.Fused[f][j].Pos, m.Fused[f][j].Pos)
				}
			}
			nd := len(m.Fused[f])
			for i := range twinPlayers {
				for j := range nd {
					got := s.sims[f].bm.Value(i, j, viz.BlueWhiteRed, -1, 1)
					if want := res.Steps[f].Sim[i][j]; math.Abs(got-want) > 3*2.0/255 {
						t.Fatalf("%v frame %d: cell (%d,%d) reads %v, cos %v", v, f, i, j, got, want)
					}
				}
				red := s.timeline.bm.Img.RGBAAt(f, i) == twinTimelineMap.At(0)
				if wrong := res.Steps[f].Player[i] >= 0 && res.Steps[f].Player[i] != i; red != wrong {
					t.Fatalf("%v frame %d track %d: red %v, follows player %d", v, f, i, red, res.Steps[f].Player[i])
				}
			}
		}
		for k := range s.cams {
			if got, want := pixelOf(&s.views[5][k], 1234), rgbOf(m.Images[5][k], 1234); got != want {
				t.Errorf("%v camera %d: pixel drawn %v, rendered %v", v, k, got, want)
			}
		}
	}
}

// Eight cameras as in the problem; the default (position only) swaps the
// sprinters at their crossing, and the step of that frame says so, names
// the swap on the court and marks it on the timeline; appearance or a
// motion model keep every identity.
func TestTwinSwapDrawnWhereAndWhen(t *testing.T) {
	s := newTwin(t, nil)
	if s.cams != 8 || len(s.match.Cams) != 8 {
		t.Fatalf("%d cameras, the problem has 8", s.cams)
	}
	if len(s.res.Swaps) == 0 {
		t.Fatal("position only: no swap at the crossing")
	}
	sw := s.res.Swaps[0]
	k := -1
	for i, st := range s.steps {
		if st == twinTrack && s.frameOf[i] == sw.Frame {
			k = i
		}
	}
	if k < 0 || !strings.Contains(s.tl[k].Caption, "identity swap") || !strings.Contains(s.tl[k].Caption, twinTrackNames[sw.Track]) {
		t.Fatalf("the step of frame %d says %q", sw.Frame+1, s.tl[max(k, 0)].Caption)
	}
	f := &scene.Frame{Step: k}
	in, ok := s.Inspect(f, scene.Target{Group: grpTwinSwap, Index: 0})
	if !ok || !strings.Contains(in.Value, twinPlayerNames[sw.To]) {
		t.Errorf("the swap inspects as %+v", in)
	}
	for _, v := range []scene.Values{{"appearance": 0.3}, {"motion": 1}} {
		if n := len(newTwin(t, v).res.Swaps); n != 0 {
			t.Errorf("%v: %d swaps", v, n)
		}
	}
	if n := len(newTwin(t, scene.Values{"appearance": 1, "twins": 1}).res.Swaps); n == 0 {
		t.Error("appearance only with twins: no swap")
	}
}

// The playhead is the frame: each tracking step shows its own frame, and
// no parameter can disagree with it.
func TestTwinPlayheadIsTheFrame(t *testing.T) {
	s := newTwin(t, nil)
	for _, p := range s.Params() {
		if p.Name == "frame" {
			t.Fatal("a frame parameter can disagree with the playhead")
		}
	}
	seen := 0
	for k, st := range s.steps {
		if st != twinTrack {
			continue
		}
		if s.frameOf[k] != seen {
			t.Fatalf("step %d shows frame %d, want %d", k, s.frameOf[k], seen)
		}
		if got := s.Readout(&scene.Frame{Step: k})[0].Value; !strings.HasPrefix(got, itoa(seen+1)+" of") {
			t.Errorf("step %d: readout frame %q", k, got)
		}
		seen++
	}
	if seen != twinFrames {
		t.Errorf("%d tracking steps for %d frames", seen, twinFrames)
	}
}

// Moving β or the motion model re-runs the tracker on the same renders.
func TestTwinReusesTheRenders(t *testing.T) {
	s := newTwin(t, nil)
	m := s.match
	v := scene.Defaults(s.Params())
	v["appearance"], v["motion"] = 0.5, 1
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.match != m {
		t.Error("β rendered the match again")
	}
	v["cameras"] = 4
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	if s.match == m || len(s.match.Cams) != 4 {
		t.Error("four cameras did not render again")
	}
}

func TestTwinGoldens(t *testing.T) {
	checkGolden(t, "twin_swap", "029", nil, 4+12, 1280, 800)
	checkGolden(t, "twin_fuse_phone", "029", nil, 2, 390, 844)
}
