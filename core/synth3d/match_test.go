package synth3d

import "testing"

// The match: the ids name each player's body and head; no two bodies
// overlap at any frame; every player stays on the court and is seen by at
// least three of the eight cameras in every frame.
func TestMatch(t *testing.T) {
	const n, w, h = 24, 80, 50
	r, _ := NewRenderer(w, h)
	for k := range n {
		world, ids := Match(k, n, false)
		for p, pid := range ids {
			if len(pid) != 2 || world.Boxes[pid[0]-len(world.Planes)].Max[1] != bodyH || world.Spheres[pid[1]-len(world.Planes)-len(world.Boxes)].Radius != headR {
				t.Fatalf("frame %d player %d: ids %v are not its body and head", k, p, pid)
			}
			c := PlayerPos(p, k, n)
			if c[0] < -Court[0] || c[0] > Court[0] || c[2] < -Court[1] || c[2] > Court[1] {
				t.Errorf("frame %d: player %d at %v is off the court", k, p, c)
			}
		}
		for a := range world.Boxes {
			for b := a + 1; b < len(world.Boxes); b++ {
				A, B := world.Boxes[a], world.Boxes[b]
				if A.Min[0] < B.Max[0] && B.Min[0] < A.Max[0] && A.Min[2] < B.Max[2] && B.Min[2] < A.Max[2] {
					t.Errorf("frame %d: players %d and %d overlap", k, a, b)
				}
			}
		}
		seen := make([]int, MatchPlayers)
		for c := range MatchCameras {
			cam, err := MatchCamera(c, w, h)
			if err != nil {
				t.Fatal(err)
			}
			r.Render(world, cam)
			got := map[int]bool{}
			for _, o := range r.Object {
				for p, pid := range ids {
					if o == pid[0] || o == pid[1] {
						got[p] = true
					}
				}
			}
			for p := range got {
				seen[p]++
			}
		}
		for p, s := range seen {
			if s < 3 {
				t.Errorf("frame %d: player %d seen by %d cameras", k, p, s)
			}
		}
	}
	if _, ids := Match(0, n, true); ids == nil {
		t.Fatal("no ids")
	}
	a, _ := Match(3, n, true)
	if a.Spheres[2].Color != a.Spheres[1].Color {
		t.Error("twins: players 1 and 2 look different")
	}
}
