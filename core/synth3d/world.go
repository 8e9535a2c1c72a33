package synth3d

import (
	"math"

	"dlprep/core/geometry"
)

// Color is linear RGB in [0, 1].
type Color [3]float32

// Plane is an infinite plane through Point with unit Normal. Period > 0
// modulates its colour with a smooth sinusoidal checker of that period (in
// world units) so warps have texture to show.
type Plane struct {
	Point, Normal geometry.Vec3
	Color         Color
	Period        float64
}

// Box is an axis-aligned box.
type Box struct {
	Min, Max geometry.Vec3
	Color    Color
}

// Sphere is a ball.
type Sphere struct {
	Center geometry.Vec3
	Radius float64
	Color  Color
}

// World is everything the camera can see. Objects are identified in
// Renderer.Object by index: planes first, then boxes, then spheres.
type World struct {
	Planes  []Plane
	Boxes   []Box
	Spheres []Sphere
	// Light is the unit direction towards a distant light.
	Light geometry.Vec3
	// Ambient is the fraction of light every surface receives regardless of
	// its orientation.
	Ambient float32
	// Background is the colour of rays that hit nothing.
	Background Color
}

// NumObjects is the number of planes, boxes and spheres.
func (w *World) NumObjects() int { return len(w.Planes) + len(w.Boxes) + len(w.Spheres) }

// DemoWorld is the default scene: a floor (y = 0, y up) and a back wall at
// z = 6, two boxes and two spheres, lit from the upper left front.
func DemoWorld() *World {
	return &World{
		Planes: []Plane{
			{Point: geometry.Vec3{0, 0, 0}, Normal: geometry.Vec3{0, 1, 0}, Color: Color{0.78, 0.74, 0.66}, Period: 2.0},
			{Point: geometry.Vec3{0, 0, 6}, Normal: geometry.Vec3{0, 0, -1}, Color: Color{0.55, 0.68, 0.85}, Period: 1.5},
		},
		Boxes: []Box{
			{Min: geometry.Vec3{-1.7, 0, 2.0}, Max: geometry.Vec3{-0.7, 1.0, 3.0}, Color: Color{0.85, 0.3, 0.25}},
			{Min: geometry.Vec3{1.0, 0, 3.4}, Max: geometry.Vec3{1.8, 1.7, 4.2}, Color: Color{0.3, 0.4, 0.85}},
		},
		Spheres: []Sphere{
			{Center: geometry.Vec3{0.35, 0.5, 2.3}, Radius: 0.5, Color: Color{0.3, 0.75, 0.35}},
			{Center: geometry.Vec3{-0.3, 0.35, 4.2}, Radius: 0.35, Color: Color{0.9, 0.8, 0.2}},
		},
		Light:      geometry.Vec3{-0.4, 0.8, -0.45}.Normalize(),
		Ambient:    0.35,
		Background: Color{0.1, 0.1, 0.12},
	}
}

// DemoIntrinsics is a K for a w x h image with a ~60° horizontal field of
// view and the principal point at the image centre.
func DemoIntrinsics(w, h int) geometry.Mat3 {
	f := 0.85 * float64(w)
	return geometry.Intrinsics(f, f, float64(w-1)/2, float64(h-1)/2, 0)
}

// DemoPose is the world-to-camera pose of a camera on a horizontal arc in
// front of the demo world, looking at its centre; s in [-1, 1] moves it
// from left to right (s = 0 is straight on).
func DemoPose(s float64) geometry.Mat4 {
	a := s * 0.35
	eye := geometry.Vec3{3.2 * math.Sin(a), 1.6, 2.8 - 5.6*math.Cos(a)}
	pose, _ := geometry.LookAt(eye, geometry.Vec3{0, 0.7, 3.2}, geometry.Vec3{0, 1, 0})
	return pose
}
