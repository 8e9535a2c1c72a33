package track

import (
	"math"
	"sync"
	"testing"

	"dlprep/core/synth3d"
)

const testFrames, testW, testH = 24, 80, 50

var matches sync.Map

// match renders the demo match once per test binary.
func match(t testing.TB, cams int, twins bool) *Match {
	t.Helper()
	type key struct {
		cams  int
		twins bool
	}
	if m, ok := matches.Load(key{cams, twins}); ok {
		return m.(*Match)
	}
	m, err := DemoMatch(cams, testFrames, testW, testH, twins)
	if err != nil {
		t.Fatal(err)
	}
	matches.Store(key{cams, twins}, m)
	return m
}

// A detection is the unprojection of its blob: one camera's point lies on
// the player's visible surface, within a body's size of its centre, even
// when the player is half out of the frame or behind another.
func TestDetectionsOnThePlayer(t *testing.T) {
	m := match(t, synth3d.MatchCameras, false)
	for f, dets := range m.Dets {
		for _, d := range dets {
			c := m.Truth[f][d.Player]
			if dist := groundDist(d.Point, c); dist > 0.45 {
				t.Errorf("frame %d camera %d player %d: point %v is %.2f m from the centre", f, d.Cam, d.Player, d.Point, dist)
			}
			if d.Pixels < minBlob || d.Box[0] < 0 || d.Box[2] >= testW || d.U < float64(d.Box[0]) || d.U > float64(d.Box[2]) {
				t.Errorf("frame %d camera %d player %d: %d pixels in box %v, centroid u %.1f", f, d.Cam, d.Player, d.Pixels, d.Box, d.U)
			}
		}
	}
}

// The embedding tells the teams apart and, less, teammates: a fused
// player is most like its own gallery, then its teammates', then its
// opponents'. Single blobs are noisier (a camera that sees mostly a
// head); the median detection still ranks them so.
func TestEmbeddings(t *testing.T) {
	m := match(t, synth3d.MatchCameras, false)
	median := func(x []float64) float64 {
		for i := 1; i < len(x); i++ {
			for j := i; j > 0 && x[j] < x[j-1]; j-- {
				x[j], x[j-1] = x[j-1], x[j]
			}
		}
		return x[len(x)/2]
	}
	var same, mate, other []float64
	for _, dets := range m.Dets {
		for i, a := range dets {
			for _, b := range dets[i+1:] {
				c := a.Emb.Cos(b.Emb)
				switch {
				case a.Player == b.Player:
					same = append(same, c)
				case synth3d.PlayerTeam(a.Player) == synth3d.PlayerTeam(b.Player):
					mate = append(mate, c)
				default:
					other = append(other, c)
				}
			}
		}
	}
	ms, mm, mo := median(same), median(mate), median(other)
	t.Logf("median cosine between detections: same player %.3f, teammates %.3f, opponents %.3f", ms, mm, mo)
	if !(ms > mm+0.1) || !(mm > mo+0.3) {
		t.Errorf("median cosines: same %.3f, teammates %.3f, opponents %.3f", ms, mm, mo)
	}
	// Fused, each player is nearest to its own frame-0 self in nearly every
	// frame (a player half out of most cameras can look like another).
	right, all := 0, 0
	for _, fused := range m.Fused {
		for _, a := range fused {
			all++
			best, bestCos := -1, -2.0
			for _, b := range m.Fused[0] {
				if c := b.Emb.Cos(a.Emb); c > bestCos {
					best, bestCos = b.Player, c
				}
			}
			if best == a.Player {
				right++
			}
		}
	}
	t.Logf("fused players nearest to their own gallery: %d of %d", right, all)
	if float64(right) < 0.95*float64(all) {
		t.Errorf("only %d of %d fused players look most like themselves", right, all)
	}
}

// Fusing the eight cameras finds every player in every frame and pulls
// the position towards the centre: one camera sees a front surface.
func TestFusion(t *testing.T) {
	errOf := func(m *Match) float64 {
		e, n := 0.0, 0
		for f, fused := range m.Fused {
			for _, g := range fused {
				e += groundDist(g.Pos, m.Truth[f][g.Player])
				n++
			}
		}
		return e / float64(n)
	}
	all, one := match(t, synth3d.MatchCameras, false), match(t, 1, false)
	for f, fused := range all.Fused {
		if len(fused) != synth3d.MatchPlayers {
			t.Errorf("frame %d: %d fused players, want %d", f, len(fused), synth3d.MatchPlayers)
		}
	}
	ea, eo := errOf(all), errOf(one)
	t.Logf("mean position error: %.3f m from 8 cameras, %.3f m from one", ea, eo)
	if !(ea < eo/2) || eo < 0.08 {
		t.Errorf("mean error %.3f m from 8 cameras, %.3f m from one: want fusion to help", ea, eo)
	}
}

// Where each tracker breaks: position alone swaps the two sprinters as
// they cross (each track jumps to the other's detection), a motion model
// or appearance keeps them; appearance alone swaps the twins; the mixed
// cost keeps everyone (ported from the first digital-twin scene's tests).
func TestTrackingSwaps(t *testing.T) {
	tests := []struct {
		name  string
		twins bool
		p     Params
		swaps bool
	}{
		{"position only", false, Params{Beta: 0, Scale: AppearanceScale}, true},
		{"position with motion", false, Params{Beta: 0, Scale: AppearanceScale, Motion: true}, false},
		{"mixed", false, Params{Beta: 0.3, Scale: AppearanceScale}, false},
		{"mixed, twins", true, Params{Beta: 0.3, Scale: AppearanceScale}, false},
		{"appearance only", false, Params{Beta: 1, Scale: AppearanceScale}, false},
		{"appearance only, twins", true, Params{Beta: 1, Scale: AppearanceScale}, true},
	}
	for _, tc := range tests {
		m := match(t, synth3d.MatchCameras, tc.twins)
		r, err := Run(m.Fused, synth3d.MatchPlayers, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(r.Swaps) > 0; got != tc.swaps {
			t.Errorf("%s: swaps %v, want any: %v", tc.name, r.Swaps, tc.swaps)
		}
		if tc.name == "position only" {
			// The sprinters (players 0 and 3) swap where they cross, as
			// they cross.
			for _, sw := range r.Swaps {
				if !((sw.Track == 0 && sw.To == 3) || (sw.Track == 3 && sw.To == 0)) || sw.Frame < 11 || sw.Frame > 13 || math.Abs(sw.Pos[0]) > 0.6 {
					t.Errorf("position only: swap %+v is not the sprinters crossing", sw)
				}
			}
		}
		if tc.name == "appearance only, twins" {
			for _, sw := range r.Swaps {
				if sw.Track != 1 && sw.Track != 2 {
					t.Errorf("appearance only: swap %+v is not between the twins", sw)
				}
			}
		}
	}
}

// A track starts when its player first comes into view: from one camera,
// some players are not seen at first.
func TestTracksStartWhenSeen(t *testing.T) {
	m := match(t, 1, false)
	r, err := Run(m.Fused, synth3d.MatchPlayers, Params{Beta: 0.3, Scale: AppearanceScale})
	if err != nil {
		t.Fatal(err)
	}
	for i := range synth3d.MatchPlayers {
		first := -1
		for f, fused := range m.Fused {
			for _, g := range fused {
				if g.Player == i && first < 0 {
					first = f
				}
			}
		}
		for f, st := range r.Steps {
			if f < first && st.Assign[i] >= 0 {
				t.Errorf("track %d runs at frame %d, before its player is seen (frame %d)", i, f, first)
			}
			if f == first && (st.Assign[i] < 0 || m.Fused[f][st.Assign[i]].Player != i) {
				t.Errorf("track %d does not start on its player at frame %d", i, f)
			}
		}
	}
}

// A Step records what the tracker decided: each track's detection is the
// cheapest left when it was chosen, and the costs are the formula's.
func TestRunRecordsItsSteps(t *testing.T) {
	m := match(t, synth3d.MatchCameras, false)
	p := Params{Beta: 0.4, Scale: AppearanceScale, Motion: true}
	r, err := Run(m.Fused, synth3d.MatchPlayers, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Steps) != len(m.Fused) {
		t.Fatalf("%d steps for %d frames", len(r.Steps), len(m.Fused))
	}
	for f := 1; f < len(r.Steps); f++ {
		st := r.Steps[f]
		for i, j := range st.Assign {
			if j < 0 {
				continue
			}
			d := m.Fused[f][j]
			want := (1-p.Beta)*groundDist(st.Pred[i], d.Pos) + p.Beta*p.Scale*(1-r.Gallery[i].Cos(d.Emb))
			if math.Abs(st.Cost[i][j]-want) > 1e-12 || st.Pos[i] != d.Pos || st.Player[i] != d.Player {
				t.Fatalf("frame %d track %d: cost %v (formula %v), position %v (detection %v)", f, i, st.Cost[i][j], want, st.Pos[i], d.Pos)
			}
		}
		if p.Motion && f >= 2 {
			for i := range st.Pred {
				want := r.Steps[f-1].Pos[i].Add(r.Steps[f-1].Pos[i].Sub(r.Steps[f-2].Pos[i]))
				if st.Pred[i].Sub(want).Norm() > 1e-12 {
					t.Fatalf("frame %d track %d: predicted %v, constant velocity gives %v", f, i, st.Pred[i], want)
				}
			}
		}
	}
}

func TestErrors(t *testing.T) {
	m := match(t, 2, false)
	if _, err := Run(m.Fused, synth3d.MatchPlayers, Params{Beta: 2, Scale: 1}); err == nil {
		t.Error("β = 2 accepted")
	}
	if _, err := Fuse(m.Dets[0], 0); err == nil {
		t.Error("radius 0 accepted")
	}
	if _, err := DemoMatch(9, 10, 8, 8, false); err == nil {
		t.Error("nine cameras accepted")
	}
}
