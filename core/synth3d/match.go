package synth3d

import (
	"math"

	"dlprep/core/geometry"
)

// The match of problem 029: six players of two teams on a court, seen by
// eight fixed cameras around it. Two opponents sprint across each other
// in the middle, two teammates pass each other slowly, the others wander.

// MatchPlayers is the number of players.
const MatchPlayers = 6

// MatchCameras is the number of fixed cameras around the court.
const MatchCameras = 8

// Court is the half-extent of the court (x, z) in metres.
var Court = [2]float64{4.5, 2.6}

// Team kits and the players' heads (hair and skin as one colour).
var (
	KitA  = Color{0.95, 0.55, 0.1}
	KitB  = Color{0.15, 0.35, 0.85}
	heads = [MatchPlayers]Color{{0.25, 0.17, 0.1}, {0.92, 0.78, 0.42}, {0.78, 0.36, 0.12}, {0.25, 0.17, 0.1}, {0.92, 0.78, 0.42}, {0.78, 0.36, 0.12}}
)

// PlayerTeam is 0 for players 0..2, 1 for 3..5.
func PlayerTeam(p int) int { return p / 3 }

// Player sizes: a body box and a head ball.
const (
	bodyHalfW, bodyHalfD, bodyH = 0.17, 0.13, 0.95
	headR                       = 0.14
)

// PlayerPos is player p's position on the ground at frame k of n.
func PlayerPos(p, k, n int) geometry.Vec3 {
	t := float64(k) / float64(max(n-1, 1))
	sprint := math.Min(math.Max((t-0.15)/0.7, 0), 1)
	switch p {
	case 0: // sprints left to right...
		return geometry.Vec3{-4 + 8*sprint, 0, 0.18}
	case 3: // ...across this opponent sprinting the other way
		return geometry.Vec3{4 - 8*sprint, 0, -0.18}
	case 1: // two teammates pass each other slowly
		return geometry.Vec3{-1.5 + 3*t, 0, 1.75 - 0.2*t}
	case 2:
		return geometry.Vec3{1.5 - 3*t, 0, 1.1 + 0.2*t}
	case 4:
		return geometry.Vec3{-2 + 0.8*math.Cos(2*math.Pi*t), 0, -1.5 + 0.8*math.Sin(2*math.Pi*t)}
	}
	return geometry.Vec3{2 + 0.9*math.Sin(math.Pi*t), 0, -1.6 + 0.5*math.Cos(math.Pi*t)}
}

// Match is the court at frame k of n: the floor, then per player its body
// box and its head ball. twins gives players 1 and 2 (teammates) the same
// head, so that nothing in their appearance tells them apart. It returns
// the world and, per player, its object ids.
func Match(k, n int, twins bool) (*World, [][]int) {
	w := &World{
		Planes:     []Plane{{Point: geometry.Vec3{}, Normal: geometry.Vec3{0, 1, 0}, Color: Color{0.36, 0.56, 0.38}}},
		Light:      geometry.Vec3{-0.3, 0.9, -0.3}.Normalize(),
		Ambient:    0.45,
		Background: Color{0.12, 0.12, 0.15},
	}
	ids := make([][]int, MatchPlayers)
	for p := range MatchPlayers {
		c := PlayerPos(p, k, n)
		kit := KitA
		if PlayerTeam(p) == 1 {
			kit = KitB
		}
		w.Boxes = append(w.Boxes, Box{Min: geometry.Vec3{c[0] - bodyHalfW, 0, c[2] - bodyHalfD}, Max: geometry.Vec3{c[0] + bodyHalfW, bodyH, c[2] + bodyHalfD}, Color: kit})
		head := heads[p]
		if twins && p == 2 {
			head = heads[1]
		}
		w.Spheres = append(w.Spheres, Sphere{Center: geometry.Vec3{c[0], bodyH + headR + 0.02, c[2]}, Radius: headR, Color: head})
	}
	for p := range MatchPlayers {
		ids[p] = []int{len(w.Planes) + p, len(w.Planes) + MatchPlayers + p}
	}
	return w, ids
}

// MatchCamera is fixed camera k of the ring around the court.
func MatchCamera(k, w, h int) (*geometry.Camera, error) {
	a := math.Pi/8 + float64(k)*math.Pi/4
	pose, err := geometry.LookAt(geometry.Vec3{7.5 * math.Cos(a), 4.5, 5.5 * math.Sin(a)}, geometry.Vec3{0, 0.4, 0}, geometry.Vec3{0, 1, 0})
	if err != nil {
		return nil, err
	}
	f := 0.9 * float64(w)
	return geometry.NewCamera("synth3d.MatchCamera", geometry.Intrinsics(f, f, float64(w-1)/2, float64(h-1)/2, 0), pose)
}
