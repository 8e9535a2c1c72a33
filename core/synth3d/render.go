package synth3d

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// MaxPixels caps the image size a Renderer accepts.
const MaxPixels = 4096 * 4096

// Renderer ray-casts a World into buffers it owns and reuses.
type Renderer struct {
	W, H int
	// Color is [3,H,W], Depth [H,W]: camera-space z of the hit, 0 where the
	// ray hit nothing.
	Color, Depth *core.Tensor
	// Object[v*W+u] is the index of the object seen at pixel (u, v), planes
	// first then boxes then spheres, or -1 for background.
	Object []int
	axes   [][2]geometry.Vec3
	caster caster
}

// NewRenderer allocates the buffers for a w x h image.
func NewRenderer(w, h int) (*Renderer, error) {
	if w < 1 || h < 1 || w*h > MaxPixels {
		return nil, fmt.Errorf("synth3d: image size %dx%d must be positive and at most %d pixels", w, h, MaxPixels)
	}
	return &Renderer{W: w, H: h, Color: core.New(3, h, w), Depth: core.New(h, w), Object: make([]int, w*h)}, nil
}

// Render draws world as seen by cam into r's buffers. The ray of pixel
// (u, v) goes through the pixel centre at exactly (u, v) in K's convention,
// and its direction is scaled to camera-space z = 1, so the ray parameter of
// the hit is the depth.
func (r *Renderer) Render(world *World, cam *geometry.Camera) {
	c2w := cam.CamToWorld()
	rot := c2w.Rotation()
	m := rot.Mul(cam.KInv())
	plane := r.W * r.H
	r.axes = r.axes[:0]
	for _, p := range world.Planes {
		r.axes = append(r.axes, p.axes())
	}
	r.caster.prepare(world, cam)
	for v := 0; v < r.H; v++ {
		for u := 0; u < r.W; u++ {
			fu, fv := float64(u), float64(v)
			dir := geometry.Vec3{
				m[0]*fu + m[1]*fv + m[2],
				m[3]*fu + m[4]*fv + m[5],
				m[6]*fu + m[7]*fv + m[8],
			}
			i := v*r.W + u
			t, id, axis := r.caster.cast(world, dir, fu, fv)
			col := world.Background
			if id >= 0 {
				col = world.shade(r.caster.hit(world, dir, t, id, axis), r.axes)
				r.Depth.Data[i] = float32(t)
			} else {
				r.Depth.Data[i] = 0
			}
			r.Object[i] = id
			r.Color.Data[i] = col[0]
			r.Color.Data[plane+i] = col[1]
			r.Color.Data[2*plane+i] = col[2]
		}
	}
}

// Hit is the nearest intersection of a ray.
type Hit struct {
	// T is the ray parameter: origin + T·dir is the hit point.
	T float64
	// Point and Normal (unit, facing the ray) at the hit.
	Point, Normal geometry.Vec3
	// Object indexes planes, then boxes, then spheres; -1 for a miss.
	Object int
}

// minT keeps a ray from hitting the surface it starts on.
const minT = 1e-6

// Cast returns the nearest hit of the ray origin + t·dir, t > 0.
func (w *World) Cast(origin, dir geometry.Vec3) Hit {
	best := Hit{T: math.Inf(1), Object: -1}
	id := 0
	for _, p := range w.Planes {
		den := p.Normal.Dot(dir)
		if den != 0 {
			t := p.Point.Sub(origin).Dot(p.Normal) / den
			if t > minT && t < best.T {
				best = Hit{T: t, Normal: p.Normal, Object: id}
			}
		}
		id++
	}
	for _, b := range w.Boxes {
		if t, n, ok := b.intersect(origin, dir); ok && t < best.T {
			best = Hit{T: t, Normal: n, Object: id}
		}
		id++
	}
	for _, s := range w.Spheres {
		if t, ok := s.intersect(origin, dir); ok && t < best.T {
			p := origin.Add(dir.Scale(t))
			best = Hit{T: t, Normal: p.Sub(s.Center).Scale(1 / s.Radius), Object: id}
		}
		id++
	}
	if best.Object >= 0 {
		best.Point = origin.Add(dir.Scale(best.T))
		if best.Normal.Dot(dir) > 0 {
			best.Normal = best.Normal.Scale(-1)
		}
	}
	return best
}

// intersect is the slab test; it returns the entry distance and the normal
// of the face entered (the exit when the origin is inside).
func (b Box) intersect(o, d geometry.Vec3) (float64, geometry.Vec3, bool) {
	tNear, tFar := math.Inf(-1), math.Inf(1)
	nearAxis, farAxis := -1, -1
	for a := 0; a < 3; a++ {
		if d[a] == 0 {
			if o[a] < b.Min[a] || o[a] > b.Max[a] {
				return 0, geometry.Vec3{}, false
			}
			continue
		}
		t1 := (b.Min[a] - o[a]) / d[a]
		t2 := (b.Max[a] - o[a]) / d[a]
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
		return 0, geometry.Vec3{}, false
	}
	t, axis := tNear, nearAxis
	if t <= minT {
		t, axis = tFar, farAxis
	}
	var n geometry.Vec3
	if axis >= 0 {
		n[axis] = 1
	}
	return t, n, true
}

func (s Sphere) intersect(o, d geometry.Vec3) (float64, bool) {
	oc := o.Sub(s.Center)
	a := d.Dot(d)
	hb := oc.Dot(d)
	c := oc.Dot(oc) - s.Radius*s.Radius
	disc := hb*hb - a*c
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

// Shade is the Lambert colour of a hit, with the plane textures.
func (w *World) Shade(h Hit) Color {
	var axes [][2]geometry.Vec3
	if h.Object < len(w.Planes) {
		axes = make([][2]geometry.Vec3, len(w.Planes))
		axes[h.Object] = w.Planes[h.Object].axes()
	}
	return w.shade(h, axes)
}

// shade is Shade with the planes' texture axes precomputed.
func (w *World) shade(h Hit, axes [][2]geometry.Vec3) Color {
	base := w.objectColor(h, axes)
	lambert := float32(math.Max(0, h.Normal.Dot(w.Light)))
	k := w.Ambient + (1-w.Ambient)*lambert
	return Color{base[0] * k, base[1] * k, base[2] * k}
}

// axes are two unit vectors spanning the plane, the texture coordinates.
func (p Plane) axes() [2]geometry.Vec3 {
	e1 := p.Normal.Cross(geometry.Vec3{0, 0, 1})
	if e1.Norm() < 1e-6 {
		e1 = p.Normal.Cross(geometry.Vec3{1, 0, 0})
	}
	e1 = e1.Normalize()
	return [2]geometry.Vec3{e1, p.Normal.Cross(e1)}
}

func (w *World) objectColor(h Hit, axes [][2]geometry.Vec3) Color {
	id := h.Object
	if id < len(w.Planes) {
		p := w.Planes[id]
		if p.Period <= 0 {
			return p.Color
		}
		q := h.Point.Sub(p.Point)
		k := 2 * math.Pi / p.Period
		f := float32(0.8 + 0.2*math.Sin(k*q.Dot(axes[id][0]))*math.Sin(k*q.Dot(axes[id][1])))
		return Color{p.Color[0] * f, p.Color[1] * f, p.Color[2] * f}
	}
	id -= len(w.Planes)
	if id < len(w.Boxes) {
		return w.Boxes[id].Color
	}
	return w.Spheres[id-len(w.Boxes)].Color
}
