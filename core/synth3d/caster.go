package synth3d

import (
	"math"

	"dlprep/core/geometry"
)

// caster holds the per-frame constants of a World for rays that all start
// at one origin (the camera centre), so each pixel only pays for the terms
// that depend on its direction. Its arithmetic is the same as World.Cast's
// term for term, so both find the same hits.
type caster struct {
	origin   geometry.Vec3
	planeNum []float64 // (P0 - O)·n
	sphereOC []geometry.Vec3
	sphereC  []float64 // |O - C|² - r²
	boxLo    []geometry.Vec3
	boxHi    []geometry.Vec3
	// rects[k] is the pixel rectangle outside which object k (boxes, then
	// spheres) cannot appear; rays outside it skip the object.
	rects []pixelRect
}

// pixelRect is an inclusive range of pixel columns and rows.
type pixelRect struct{ u0, u1, v0, v1 float64 }

func (r pixelRect) has(u, v float64) bool { return u >= r.u0 && u <= r.u1 && v >= r.v0 && v <= r.v1 }

// everywhere is the rectangle of an object that may cover any pixel.
var everywhere = pixelRect{math.Inf(-1), math.Inf(1), math.Inf(-1), math.Inf(1)}

// screenRect bounds the projection of the world box [lo, hi] with one
// pixel of margin. A convex object lies inside the convex hull of its
// bounding box's corners, so its image lies inside their projections'
// bounding rectangle, provided every corner is in front of the camera;
// otherwise it returns everywhere.
func screenRect(cam *geometry.Camera, lo, hi geometry.Vec3) pixelRect {
	r := pixelRect{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for c := 0; c < 8; c++ {
		p := lo
		for a := 0; a < 3; a++ {
			if c>>a&1 == 1 {
				p[a] = hi[a]
			}
		}
		u, v, z, ok := cam.Project(p)
		if !ok || z < 1e-3 {
			return everywhere
		}
		r.u0, r.u1 = math.Min(r.u0, u), math.Max(r.u1, u)
		r.v0, r.v1 = math.Min(r.v0, v), math.Max(r.v1, v)
	}
	return pixelRect{r.u0 - 1, r.u1 + 1, r.v0 - 1, r.v1 + 1}
}

func (c *caster) prepare(w *World, cam *geometry.Camera) {
	origin := cam.CamToWorld().Translation()
	c.origin = origin
	c.rects = c.rects[:0]
	for _, b := range w.Boxes {
		c.rects = append(c.rects, screenRect(cam, b.Min, b.Max))
	}
	for _, s := range w.Spheres {
		r := geometry.Vec3{s.Radius, s.Radius, s.Radius}
		c.rects = append(c.rects, screenRect(cam, s.Center.Sub(r), s.Center.Add(r)))
	}
	c.planeNum = c.planeNum[:0]
	for _, p := range w.Planes {
		c.planeNum = append(c.planeNum, p.Point.Sub(origin).Dot(p.Normal))
	}
	c.sphereOC, c.sphereC = c.sphereOC[:0], c.sphereC[:0]
	for _, s := range w.Spheres {
		oc := origin.Sub(s.Center)
		c.sphereOC = append(c.sphereOC, oc)
		c.sphereC = append(c.sphereC, oc.Dot(oc)-s.Radius*s.Radius)
	}
	c.boxLo, c.boxHi = c.boxLo[:0], c.boxHi[:0]
	for _, b := range w.Boxes {
		c.boxLo = append(c.boxLo, b.Min.Sub(origin))
		c.boxHi = append(c.boxHi, b.Max.Sub(origin))
	}
}

// cast returns the nearest hit's ray parameter, object index (-1 for none)
// and, for a box, the axis of the face hit, for the ray of pixel (u, v).
func (c *caster) cast(w *World, d geometry.Vec3, u, v float64) (float64, int, int) {
	bestT, bestID, bestAxis := math.Inf(1), -1, -1
	id := 0
	for i, p := range w.Planes {
		if den := p.Normal.Dot(d); den != 0 {
			if t := c.planeNum[i] / den; t > minT && t < bestT {
				bestT, bestID = t, id
			}
		}
		id++
	}
	for i := range w.Boxes {
		if !c.rects[i].has(u, v) {
			id++
			continue
		}
		if t, axis, ok := slab(c.boxLo[i], c.boxHi[i], d); ok && t < bestT {
			bestT, bestID, bestAxis = t, id, axis
		}
		id++
	}
	for i := range w.Spheres {
		if !c.rects[len(w.Boxes)+i].has(u, v) {
			id++
			continue
		}
		if t, ok := sphereT(c.sphereOC[i], c.sphereC[i], d); ok && t < bestT {
			bestT, bestID = t, id
		}
		id++
	}
	return bestT, bestID, bestAxis
}

// hit completes a cast into a Hit (point, normal facing the ray).
func (c *caster) hit(w *World, d geometry.Vec3, t float64, id, axis int) Hit {
	h := Hit{T: t, Object: id, Point: c.origin.Add(d.Scale(t))}
	switch {
	case id < len(w.Planes):
		h.Normal = w.Planes[id].Normal
	case id < len(w.Planes)+len(w.Boxes):
		if axis >= 0 {
			h.Normal[axis] = 1
		}
	default:
		s := w.Spheres[id-len(w.Planes)-len(w.Boxes)]
		h.Normal = h.Point.Sub(s.Center).Scale(1 / s.Radius)
	}
	if h.Normal.Dot(d) > 0 {
		h.Normal = h.Normal.Scale(-1)
	}
	return h
}

// slab intersects the ray O + t·d with the box [O+lo, O+hi]; see
// Box.intersect, of which it is the origin-relative form.
func slab(lo, hi, d geometry.Vec3) (float64, int, bool) {
	tNear, tFar := math.Inf(-1), math.Inf(1)
	nearAxis, farAxis := -1, -1
	for a := 0; a < 3; a++ {
		if d[a] == 0 {
			if lo[a] > 0 || hi[a] < 0 {
				return 0, 0, false
			}
			continue
		}
		t1, t2 := lo[a]/d[a], hi[a]/d[a]
		if t1 > t2 {
			t1, t2 = t2, t1
		}
		if t1 > tNear {
			tNear, nearAxis = t1, a
		}
		if t2 < tFar {
			tFar, farAxis = t2, a
		}
	}
	if tNear > tFar || tFar <= minT {
		return 0, 0, false
	}
	if tNear <= minT {
		return tFar, farAxis, true
	}
	return tNear, nearAxis, true
}

// sphereT is Sphere.intersect with oc = O - C and cc = |oc|² - r² given.
func sphereT(oc geometry.Vec3, cc float64, d geometry.Vec3) (float64, bool) {
	a := d.Dot(d)
	hb := oc.Dot(d)
	disc := hb*hb - a*cc
	if disc < 0 {
		return 0, false
	}
	sq := math.Sqrt(disc)
	t := (-hb - sq) / a
	if t <= minT {
		t = (-hb + sq) / a
	}
	return t, t > minT
}
