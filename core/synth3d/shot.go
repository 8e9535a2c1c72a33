package synth3d

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// Lighting is what RenderShot lights a world with, beyond Render's single
// white light: a coloured distant light of some angular size (so shadows
// have a penumbra), a coloured ambient term, and a bounce light, the
// colour a backdrop throws back onto what stands before it (a green
// screen's spill).
type Lighting struct {
	// Dir is the unit direction towards the light, Color its intensity per
	// channel at normal incidence, Spread its angular radius in radians.
	Dir    geometry.Vec3
	Color  Color
	Spread float64
	// Ambient is the light every surface receives whatever its normal.
	Ambient Color
	// Bounce is the backdrop's light; BounceDir the unit direction towards
	// the backdrop. A surface facing it receives all of Bounce, one
	// side-on half, one facing away none: (1 + n·b)/2, a hemisphere of
	// light.
	Bounce    Color
	BounceDir geometry.Vec3
}

// Shade is the colour of a surface of albedo a with normal n, a fraction
// lit of the light reaching it.
func (l *Lighting) Shade(a Color, n geometry.Vec3, lit float64) Color {
	lambert := math.Max(0, n.Dot(l.Dir)) * lit
	b := (1 + n.Dot(l.BounceDir)) / 2
	var out Color
	for c := range out {
		out[c] = a[c] * float32(float64(l.Ambient[c])+float64(l.Color[c])*lambert+float64(l.Bounce[c])*b)
	}
	return out
}

// Shot is a render with soft shadows, edges supersampled, and the buffers
// a compositing pipeline is judged against.
type Shot struct {
	W, H int
	// Color [3,H,W] is the image; Unspilled the same without the bounce
	// light on the foreground (what despilling should recover).
	Color, Unspilled *core.Tensor
	// Depth [H,W] is the camera-space z at each pixel's centre (0: no
	// hit); Normal [3,H,W] the world normal there (0: no hit); Albedo
	// [3,H,W] the surface colour before lighting.
	Depth, Normal, Albedo *core.Tensor
	// Object is the object id at each pixel's centre (-1: none).
	Object []int
	// Cover [H,W] is the share of each pixel the foreground covers: the
	// true alpha matte.
	Cover *core.Tensor
	// Lit [H,W] is the share of the light's disc visible from the point at
	// each pixel's centre (1: no shadow).
	Lit *core.Tensor
}

// Shot sampling: edge pixels are sampled shotSS×shotSS times; each shaded
// point casts shotShadowRays rays spread over the light's disc.
const (
	shotSS         = 3
	shotShadowRays = 8
)

// RenderShot renders world from cam at w×h under light. fg says which
// object ids are the foreground (the actor), for Cover and Unspilled.
// Pixels where the centre's object differs from a neighbour's are
// supersampled, so the matte is fractional along silhouettes.
func RenderShot(world *World, cam *geometry.Camera, light Lighting, w, h int, fg func(id int) bool) (*Shot, error) {
	if w < 1 || h < 1 || w*h > 1<<20 {
		return nil, fmt.Errorf("synth3d.RenderShot: image size %dx%d must be positive and at most 1 Mpx", w, h)
	}
	if math.Abs(light.Dir.Norm()-1) > 1e-6 || !(light.Spread >= 0 && light.Spread < 0.5) {
		return nil, fmt.Errorf("synth3d.RenderShot: light direction %v must be a unit vector and spread %v in [0, 0.5)", light.Dir, light.Spread)
	}
	plane := w * h
	s := &Shot{W: w, H: h, Color: core.New(3, h, w), Unspilled: core.New(3, h, w), Depth: core.New(h, w), Normal: core.New(3, h, w),
		Albedo: core.New(3, h, w), Object: make([]int, plane), Cover: core.New(h, w), Lit: core.New(h, w)}
	origin := cam.CamToWorld().Translation()
	m := cam.CamToWorld().Rotation().Mul(cam.KInv())
	ray := func(u, v float64) geometry.Vec3 {
		return geometry.Vec3{m[0]*u + m[1]*v + m[2], m[3]*u + m[4]*v + m[5], m[6]*u + m[7]*v + m[8]}
	}
	dirs := lightDirs(light)
	occ := newOccluders(world)
	axes := make([][2]geometry.Vec3, len(world.Planes))
	for k, p := range world.Planes {
		axes[k] = p.axes()
	}
	noBounce := light
	noBounce.Bounce = Color{}
	// sample shades the ray through (u, v): colour, unspilled colour,
	// whether it hit the foreground.
	sample := func(u, v float64) (col, clean Color, hit Hit, lit float64, isFG bool) {
		d := ray(u, v)
		hit = world.Cast(origin, d)
		if hit.Object < 0 {
			return world.Background, world.Background, hit, 1, false
		}
		lit = occ.lightVisible(hit, dirs)
		a := world.objectColor(hit, axes)
		col = light.Shade(a, hit.Normal, lit)
		isFG = fg != nil && fg(hit.Object)
		clean = col
		if isFG {
			clean = noBounce.Shade(a, hit.Normal, lit)
		}
		return col, clean, hit, lit, isFG
	}
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			i := v*w + u
			col, clean, hit, lit, isFG := sample(float64(u), float64(v))
			s.Object[i] = hit.Object
			if hit.Object >= 0 {
				s.Depth.Data[i] = float32(hit.T)
				a := world.objectColor(hit, axes)
				for c := 0; c < 3; c++ {
					s.Normal.Data[c*plane+i] = float32(hit.Normal[c])
					s.Albedo.Data[c*plane+i] = a[c]
				}
			}
			s.Lit.Data[i] = float32(lit)
			for c := 0; c < 3; c++ {
				s.Color.Data[c*plane+i], s.Unspilled.Data[c*plane+i] = col[c], clean[c]
			}
			if isFG {
				s.Cover.Data[i] = 1
			}
		}
	}
	// Supersample the pixels on a silhouette.
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			i := v*w + u
			if !edge(s.Object, w, h, u, v) {
				continue
			}
			var sum, sumClean [3]float64
			cover := 0
			for sy := 0; sy < shotSS; sy++ {
				for sx := 0; sx < shotSS; sx++ {
					du, dv := (float64(sx)+0.5)/shotSS-0.5, (float64(sy)+0.5)/shotSS-0.5
					col, clean, _, _, isFG := sample(float64(u)+du, float64(v)+dv)
					for c := 0; c < 3; c++ {
						sum[c] += float64(col[c])
						sumClean[c] += float64(clean[c])
					}
					if isFG {
						cover++
					}
				}
			}
			n := float64(shotSS * shotSS)
			for c := 0; c < 3; c++ {
				s.Color.Data[c*plane+i] = float32(sum[c] / n)
				s.Unspilled.Data[c*plane+i] = float32(sumClean[c] / n)
			}
			s.Cover.Data[i] = float32(float64(cover) / n)
		}
	}
	return s, nil
}

// edge reports whether pixel (u, v) sees another object than one of its
// four neighbours.
func edge(obj []int, w, h, u, v int) bool {
	o := obj[v*w+u]
	return (u > 0 && obj[v*w+u-1] != o) || (u+1 < w && obj[v*w+u+1] != o) ||
		(v > 0 && obj[(v-1)*w+u] != o) || (v+1 < h && obj[(v+1)*w+u] != o)
}

// lightDirs spreads shotShadowRays unit directions over the light's disc:
// its centre and a ring at 0.7 of its radius.
func lightDirs(l Lighting) []geometry.Vec3 {
	if l.Spread == 0 {
		return []geometry.Vec3{l.Dir}
	}
	up := geometry.Vec3{0, 1, 0}
	if math.Abs(l.Dir.Dot(up)) > 0.9 {
		up = geometry.Vec3{1, 0, 0}
	}
	e1 := l.Dir.Cross(up).Normalize()
	e2 := l.Dir.Cross(e1)
	dirs := []geometry.Vec3{l.Dir}
	r := math.Tan(l.Spread) * 0.7
	for k := 1; k < shotShadowRays; k++ {
		a := 2 * math.Pi * float64(k) / float64(shotShadowRays-1)
		dirs = append(dirs, l.Dir.Add(e1.Scale(r*math.Cos(a))).Add(e2.Scale(r*math.Sin(a))).Normalize())
	}
	return dirs
}

// occluders are a world's boxes and balls inside one bounding box, which
// a shadow ray tests first: most rays miss it.
type occluders struct {
	w      *World
	bounds Box
	any    bool
}

func newOccluders(w *World) occluders {
	o := occluders{w: w, bounds: Box{Min: geometry.Vec3{math.Inf(1), math.Inf(1), math.Inf(1)}, Max: geometry.Vec3{math.Inf(-1), math.Inf(-1), math.Inf(-1)}}}
	grow := func(lo, hi geometry.Vec3) {
		for a := 0; a < 3; a++ {
			o.bounds.Min[a] = math.Min(o.bounds.Min[a], lo[a])
			o.bounds.Max[a] = math.Max(o.bounds.Max[a], hi[a])
		}
		o.any = true
	}
	for _, b := range w.Boxes {
		grow(b.Min, b.Max)
	}
	for _, s := range w.Spheres {
		r := geometry.Vec3{s.Radius, s.Radius, s.Radius}
		grow(s.Center.Sub(r), s.Center.Add(r))
	}
	return o
}

// lightVisible is the share of dirs along which nothing blocks the light
// from the hit point.
func (o *occluders) lightVisible(h Hit, dirs []geometry.Vec3) float64 {
	if h.Normal.Dot(dirs[0]) <= 0 {
		return 1 // facing away: Lambert gives it no direct light anyway
	}
	p := h.Point.Add(h.Normal.Scale(1e-4))
	// Most points are fully lit or fully shadowed: when the centre of the
	// light and two opposite points of its rim agree, so does the rest.
	if n := len(dirs); n > 4 {
		c, a, b := o.blocked(p, dirs[0]), o.blocked(p, dirs[1]), o.blocked(p, dirs[1+(n-1)/2])
		if c == a && a == b {
			if c {
				return 0
			}
			return 1
		}
	}
	free := 0
	for _, d := range dirs {
		if !o.blocked(p, d) {
			free++
		}
	}
	return float64(free) / float64(len(dirs))
}

// blocked reports whether the ray from o along d hits anything: Cast
// without looking for the nearest hit, the shadow rays' inner loop.
func (o *occluders) blocked(p, d geometry.Vec3) bool {
	w := o.w
	if o.any {
		if _, _, hit := o.bounds.intersect(p, d); hit || o.bounds.contains(p) {
			for _, s := range w.Spheres {
				if _, ok := s.intersect(p, d); ok {
					return true
				}
			}
			for _, b := range w.Boxes {
				if _, _, ok := b.intersect(p, d); ok {
					return true
				}
			}
		}
	}
	for _, pl := range w.Planes {
		if den := pl.Normal.Dot(d); den != 0 && pl.Point.Sub(p).Dot(pl.Normal)/den > minT {
			return true
		}
	}
	return false
}

// contains reports whether p is inside the box.
func (b Box) contains(p geometry.Vec3) bool {
	for a := 0; a < 3; a++ {
		if p[a] < b.Min[a] || p[a] > b.Max[a] {
			return false
		}
	}
	return true
}
