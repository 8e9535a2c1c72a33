package track

import (
	"fmt"
	"math"

	"dlprep/core/geometry"
)

// Params weigh the tracker's matching cost,
//
//	cost(i, j) = (1 − β)·|pred_i − x_j| + β·Scale·(1 − cos(g_i, e_j)),
//
// distance on the ground between track i's predicted position and fused
// detection j, and appearance between the track's gallery embedding and
// the detection's.
type Params struct {
	Beta float64
	// Scale (metres) puts a unit of appearance distance on the scale of
	// positions.
	Scale float64
	// Motion predicts each track with its last velocity; without it a
	// track is expected where it was.
	Motion bool
}

// Swap is an identity swap: at Frame, track Track took the detection of
// player To after following player From.
type Swap struct {
	Frame, Track, From, To int
	Pos                    geometry.Vec3
}

// Step is one frame of tracking.
type Step struct {
	Pred   []geometry.Vec3 // where each track was expected
	Assign []int           // the fused detection each track took (-1: none left)
	Pos    []geometry.Vec3 // where each track is after the frame
	Player []int           // the player each track now follows (-1: none)
	// Sim and Cost are tracks × detections: the appearance cosine and the
	// matching cost.
	Sim, Cost [][]float64
}

// Result is a whole run.
type Result struct {
	Steps []Step
	// Gallery holds each track's embedding, enrolled at frame 0.
	Gallery []Embedding
	Swaps   []Swap
}

// groundDist is the distance between two points on the ground plane.
func groundDist(a, b geometry.Vec3) float64 { return math.Hypot(a[0]-b[0], a[2]-b[2]) }

// Run tracks players through frames of fused detections. Track i starts
// on the fused detection of player i in the first frame that sees it (an
// operator names the players once, as they come into view) and enrols its
// embedding there; in every frame after that, the cheapest pair of a
// running track and a free detection is matched first, then the next
// cheapest of what is left (greedy matching), and a track whose detection
// is of another player than before has swapped identity.
func Run(frames [][]Fused, players int, p Params) (*Result, error) {
	const op = "track.Run"
	if !(p.Beta >= 0 && p.Beta <= 1) || !(p.Scale > 0) {
		return nil, fmt.Errorf("%s: β = %v must be in [0, 1] and scale %v positive", op, p.Beta, p.Scale)
	}
	if len(frames) == 0 || players <= 0 {
		return nil, fmt.Errorf("%s: %d frames of %d players", op, len(frames), players)
	}
	res := &Result{Gallery: make([]Embedding, players)}
	pos := make([]geometry.Vec3, players)
	vel := make([]geometry.Vec3, players)
	running := make([]bool, players)
	for fi, dets := range frames {
		st := Step{Pred: make([]geometry.Vec3, players), Assign: make([]int, players), Player: make([]int, players), Pos: make([]geometry.Vec3, players)}
		used := make([]bool, len(dets))
		for i := range st.Assign {
			st.Assign[i], st.Player[i] = -1, -1
		}
		// Tracks start on their player's first appearance.
		for i := range players {
			if running[i] {
				continue
			}
			for j, d := range dets {
				if d.Player == i && !used[j] {
					running[i], used[j] = true, true
					st.Assign[i], pos[i], res.Gallery[i] = j, d.Pos, d.Emb
					break
				}
			}
		}
		for i := range players {
			st.Pred[i] = pos[i]
			if p.Motion && st.Assign[i] < 0 {
				st.Pred[i] = pos[i].Add(vel[i])
			}
		}
		st.Sim, st.Cost = costs(dets, st.Pred, res.Gallery, p)
		for {
			bi, bj, best := -1, -1, math.Inf(1)
			for i := range players {
				if !running[i] || st.Assign[i] >= 0 {
					continue
				}
				for j := range dets {
					if !used[j] && st.Cost[i][j] < best {
						bi, bj, best = i, j, st.Cost[i][j]
					}
				}
			}
			if bi < 0 {
				break
			}
			st.Assign[bi], used[bj] = bj, true
		}
		for i := range players {
			st.Pos[i] = st.Pred[i]
			if j := st.Assign[i]; j >= 0 {
				st.Pos[i] = dets[j].Pos
				st.Player[i] = dets[j].Player
			}
			if running[i] {
				vel[i] = st.Pos[i].Sub(pos[i])
			}
			pos[i] = st.Pos[i]
			if fi > 0 {
				if prev := res.Steps[fi-1].Player[i]; st.Player[i] >= 0 && prev >= 0 && st.Player[i] != prev {
					res.Swaps = append(res.Swaps, Swap{Frame: fi, Track: i, From: prev, To: st.Player[i], Pos: st.Pos[i]})
				}
			}
		}
		res.Steps = append(res.Steps, st)
	}
	return res, nil
}

// costs are the appearance cosines and matching costs of tracks expected
// at pred, with galleries g, against dets.
func costs(dets []Fused, pred []geometry.Vec3, g []Embedding, p Params) (sim, cost [][]float64) {
	sim, cost = make([][]float64, len(pred)), make([][]float64, len(pred))
	for i := range pred {
		sim[i], cost[i] = make([]float64, len(dets)), make([]float64, len(dets))
		for j, d := range dets {
			sim[i][j] = g[i].Cos(d.Emb)
			cost[i][j] = (1-p.Beta)*groundDist(pred[i], d.Pos) + p.Beta*p.Scale*(1-sim[i][j])
		}
	}
	return sim, cost
}
