package synth3d

import (
	"math"

	"dlprep/core/geometry"
)

// The green-screen studio of problem 030 and the set its actor is moved
// into: one camera, an actor built from boxes and a ball, a green floor
// and backdrop lit from the upper left with the backdrop's green bouncing
// back (spill), and a set with its own warm light from a chosen side. A
// grey probe ball can be placed in either, as on a real shoot, to measure
// the light.

// Stage is a world with the roles of its objects.
type Stage struct {
	World *World
	// Actor reports whether an object id belongs to the actor.
	Actor func(id int) bool
	// Probe is the probe ball's object id (-1: none).
	Probe int
}

// ProbeAlbedo is the probe ball's grey.
const ProbeAlbedo = 0.8

// GreenKey is the studio's floor and backdrop colour.
var GreenKey = Color{0.2, 0.62, 0.22}

// actorObjects is the actor: legs, torso, arms, a head, and optionally a
// scarf whose green is close enough to the key to be keyed out.
func actorObjects(scarf bool) ([]Box, []Sphere) {
	trousers, shirt, skin := Color{0.22, 0.26, 0.52}, Color{0.78, 0.22, 0.2}, Color{0.88, 0.66, 0.52}
	boxes := []Box{
		{Min: geometry.Vec3{-0.2, 0, 1.42}, Max: geometry.Vec3{-0.04, 0.82, 1.58}, Color: trousers},
		{Min: geometry.Vec3{0.04, 0, 1.42}, Max: geometry.Vec3{0.2, 0.82, 1.58}, Color: trousers},
		{Min: geometry.Vec3{-0.24, 0.82, 1.38}, Max: geometry.Vec3{0.24, 1.38, 1.62}, Color: shirt},
		{Min: geometry.Vec3{-0.37, 0.74, 1.43}, Max: geometry.Vec3{-0.26, 1.36, 1.57}, Color: shirt},
		{Min: geometry.Vec3{0.26, 0.74, 1.43}, Max: geometry.Vec3{0.37, 1.36, 1.57}, Color: shirt},
	}
	if scarf {
		boxes = append(boxes, Box{Min: geometry.Vec3{-0.2, 1.3, 1.35}, Max: geometry.Vec3{0.2, 1.43, 1.65}, Color: Color{0.3, 0.62, 0.36}})
	}
	return boxes, []Sphere{{Center: geometry.Vec3{0, 1.56, 1.5}, Radius: 0.15, Color: skin}}
}

// probeBall is the grey light probe, on the floor to the actor's left.
func probeBall() Sphere {
	return Sphere{Center: geometry.Vec3{0.72, 0.16, 0.95}, Radius: 0.16, Color: Color{ProbeAlbedo, ProbeAlbedo, ProbeAlbedo}}
}

// stage assembles planes and props with (optionally) the actor and the
// probe, recording the actor's and the probe's ids.
func stage(planes []Plane, props []Box, actor, scarf, probe bool, bg Color) Stage {
	w := &World{Planes: planes, Boxes: append([]Box(nil), props...), Background: bg}
	first, last := -1, -1
	if actor {
		boxes, balls := actorObjects(scarf)
		first = len(planes) + len(w.Boxes)
		w.Boxes = append(w.Boxes, boxes...)
		last = len(planes) + len(w.Boxes) // the head follows the boxes
		w.Spheres = append(w.Spheres, balls...)
	}
	st := Stage{World: w, Probe: -1}
	if probe {
		st.Probe = len(planes) + len(w.Boxes) + len(w.Spheres)
		w.Spheres = append(w.Spheres, probeBall())
	}
	st.Actor = func(id int) bool { return actor && id >= first && id <= last }
	return st
}

// GreenStudio is the studio: a green floor and a green backdrop 1.1 m
// behind the actor.
func GreenStudio(actor, scarf, probe bool) Stage {
	return stage([]Plane{
		{Point: geometry.Vec3{0, 0, 0}, Normal: geometry.Vec3{0, 1, 0}, Color: GreenKey},
		{Point: geometry.Vec3{0, 0, 2.6}, Normal: geometry.Vec3{0, 0, -1}, Color: GreenKey},
	}, nil, actor, scarf, probe, Color{0.1, 0.1, 0.1})
}

// StudioLighting is the studio's key light from the upper left front,
// white, with the green floor's and backdrop's light spilling back onto
// the actor.
func StudioLighting() Lighting {
	return Lighting{Dir: geometry.Vec3{0.5, 0.9, -0.6}.Normalize(), Color: Color{0.8, 0.8, 0.8}, Spread: 0.1,
		Ambient: Color{0.22, 0.22, 0.22}, Bounce: Color{0.06, 0.5, 0.08}, BounceDir: geometry.Vec3{0, -1, 0.6}.Normalize()}
}

// NewSet is the set the actor is moved into: a wooden floor, a grey-blue
// wall and a crate.
func NewSet(actor, scarf, probe bool) Stage {
	return stage([]Plane{
		{Point: geometry.Vec3{0, 0, 0}, Normal: geometry.Vec3{0, 1, 0}, Color: Color{0.78, 0.6, 0.4}, Period: 0.9},
		{Point: geometry.Vec3{0, 0, 3.4}, Normal: geometry.Vec3{0, 0, -1}, Color: Color{0.5, 0.5, 0.6}, Period: 0},
	}, []Box{{Min: geometry.Vec3{-1.5, 0, 2.2}, Max: geometry.Vec3{-0.85, 0.6, 2.8}, Color: Color{0.6, 0.42, 0.25}}},
		actor, scarf, probe, Color{0.05, 0.05, 0.08})
}

// SetLighting is the set's warm, low sun, from angleDeg degrees to the
// right of the camera's direction (negative: from the left), and a blue
// sky's ambient.
func SetLighting(angleDeg float64) Lighting {
	a := angleDeg * math.Pi / 180
	// World -x is the image's right for StudioCamera.
	return Lighting{Dir: geometry.Vec3{-math.Sin(a) * 0.9, 0.55, -math.Cos(a) * 0.45}.Normalize(), Color: Color{0.95, 0.74, 0.5},
		Spread: 0.06, Ambient: Color{0.16, 0.2, 0.3}, BounceDir: geometry.Vec3{0, 0, 1}}
}

// StudioCamera is the one camera of studio and set, framing the actor.
func StudioCamera(w, h int) (*geometry.Camera, error) {
	pose, err := geometry.LookAt(geometry.Vec3{0, 1.15, -1.1}, geometry.Vec3{0, 0.72, 1.5}, geometry.Vec3{0, 1, 0})
	if err != nil {
		return nil, err
	}
	return geometry.NewCamera("synth3d.StudioCamera", DemoIntrinsics(w, h), pose)
}
