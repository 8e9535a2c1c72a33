package matting

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// Billboard is the matte stood up in the set: a vertical plane through
// the actor's feet facing the camera, on which the matte is painted as
// the camera saw it. It has the actor's outline and none of its depth.
type Billboard struct {
	Foot   geometry.Vec3 // where the matte meets the ground (y = 0)
	Normal geometry.Vec3 // horizontal, towards the camera
	Row    int           // the matte's lowest row
}

// StandUp finds the billboard of a matte [H,W] seen by cam: the feet are
// the mean column of the lowest row where α > 0.5, cast to the ground.
func StandUp(alpha *core.Tensor, cam *geometry.Camera) (Billboard, error) {
	const op = "matting.StandUp"
	if err := checkMatte(op, "alpha", alpha, -1, -1); err != nil {
		return Billboard{}, err
	}
	h, w := alpha.Shape[0], alpha.Shape[1]
	for v := h - 1; v >= 0; v-- {
		sum, n := 0.0, 0
		for u := 0; u < w; u++ {
			if alpha.Data[v*w+u] > 0.5 {
				sum += float64(u)
				n++
			}
		}
		if n == 0 {
			continue
		}
		// The ray through the bottom edge of that row meets the ground.
		ray := cam.Unproject(sum/float64(n), float64(v)+0.5, 1)
		if ray.WorldDir[1] >= -1e-9 {
			return Billboard{}, fmt.Errorf("%s: the ray through the feet (row %d) does not go down to the ground", op, v)
		}
		t := -ray.Origin[1] / ray.WorldDir[1]
		foot := ray.Origin.Add(ray.WorldDir.Scale(t))
		fwd := ray.WorldDir
		nrm := geometry.Vec3{-fwd[0], 0, -fwd[2]}.Normalize()
		return Billboard{Foot: foot, Normal: nrm, Row: v}, nil
	}
	return Billboard{}, fmt.Errorf("%s: the matte has no pixel above 0.5", op)
}

// shadowTaps are where Shadow samples the matte around a point, in units
// of the penumbra's radius: the centre and a ring.
var shadowTaps = [...][2]float64{{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {0.7, 0.7}, {-0.7, 0.7}, {0.7, -0.7}, {-0.7, -0.7}}

// Shadow synthesises the actor's shadow on the plate: for every pixel of
// the plate's depth [H,W] (0: nothing there), the ray from its 3-D point
// towards the estimated light crosses the billboard; where it crosses the
// matte, the light is blocked. The matte is sampled over a disc that
// grows with the distance to the billboard (a light of angular radius
// softness casts a penumbra). It returns the occlusion [H,W] and the
// shadow layer's opacity [H,W]: occlusion times the share of the
// receiver's light that comes from the light rather than the ambient, with
// the receiver's normal taken from the plate's depth.
func Shadow(alpha, plateDepth *core.Tensor, cam *geometry.Camera, bb Billboard, light Light, softness float64) (occlusion, opacity *core.Tensor, err error) {
	const op = "matting.Shadow"
	if err := checkMatte(op, "alpha", alpha, -1, -1); err != nil {
		return nil, nil, err
	}
	h, w := alpha.Shape[0], alpha.Shape[1]
	if err := core.CheckShape(op, "plateDepth", plateDepth, "[H,W]", h, w); err != nil {
		return nil, nil, err
	}
	if !(softness >= 0 && softness < 0.5) {
		return nil, nil, fmt.Errorf("%s: softness = %v must be in [0, 0.5) radians", op, softness)
	}
	pts, err := geometry.UnprojectDepth(plateDepth, cam.K, cam.WorldToCam)
	if err != nil {
		return nil, nil, err
	}
	normals := depthNormals(pts.Data, plateDepth.Data, w, h, cam.CamToWorld().Translation())
	dir := light.Dir()
	occlusion, opacity = core.New(h, w), core.New(h, w)
	den := dir.Dot(bb.Normal)
	f := cam.K[0]
	for i, d := range plateDepth.Data {
		if d <= 0 || math.Abs(den) < 1e-9 {
			continue
		}
		p := geometry.Vec3{float64(pts.Data[3*i]), float64(pts.Data[3*i+1]), float64(pts.Data[3*i+2])}
		t := bb.Foot.Sub(p).Dot(bb.Normal) / den
		if t <= 0 {
			continue // the light comes from between the point and the billboard
		}
		q := p.Add(dir.Scale(t))
		u, v, z, ok := cam.Project(q)
		if !ok || z <= 0 {
			continue
		}
		r := f * t * math.Tan(softness) / z // the penumbra's radius in pixels
		occ := 0.0
		for _, tap := range shadowTaps {
			occ += bilinear(alpha.Data, w, h, u+r*tap[0], v+r*tap[1])
		}
		occ /= float64(len(shadowTaps))
		occlusion.Data[i] = float32(occ)
		s := light.Shading(normals[i])
		direct, total := 0.0, 0.0
		for c := 0; c < 3; c++ {
			direct += s[c] - light.Ambient[c]
			total += s[c]
		}
		if total > 0 {
			opacity.Data[i] = float32(math.Min(occ*direct/total, 1))
		}
	}
	return occlusion, opacity, nil
}

// bilinear samples an [H,W] matte at (u, v); outside it is 0.
func bilinear(m []float32, w, h int, u, v float64) float64 {
	x0, y0 := int(math.Floor(u)), int(math.Floor(v))
	fx, fy := u-float64(x0), v-float64(y0)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0
		}
		return float64(m[y*w+x])
	}
	return (1-fy)*((1-fx)*at(x0, y0)+fx*at(x0+1, y0)) + fy*((1-fx)*at(x0, y0+1)+fx*at(x0+1, y0+1))
}

// depthNormals estimates each pixel's surface normal from its 3-D
// neighbours (central differences, one-sided at a depth edge or the
// border), turned towards the camera at eye.
func depthNormals(pts, depth []float32, w, h int, eye geometry.Vec3) []geometry.Vec3 {
	at := func(x, y int) (geometry.Vec3, bool) {
		if x < 0 || y < 0 || x >= w || y >= h || depth[y*w+x] <= 0 {
			return geometry.Vec3{}, false
		}
		i := y*w + x
		return geometry.Vec3{float64(pts[3*i]), float64(pts[3*i+1]), float64(pts[3*i+2])}, true
	}
	// near picks the neighbour on the same surface: the one closer in
	// depth to the centre when both exist.
	near := func(c geometry.Vec3, a geometry.Vec3, aok bool, b geometry.Vec3, bok bool) (geometry.Vec3, float64) {
		switch {
		case aok && bok:
			if a.Sub(c).Norm() <= b.Sub(c).Norm() {
				return a.Sub(c), 1
			}
			return c.Sub(b), 1
		case aok:
			return a.Sub(c), 1
		case bok:
			return c.Sub(b), 1
		}
		return geometry.Vec3{}, 0
	}
	out := make([]geometry.Vec3, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c, ok := at(x, y)
			if !ok {
				continue
			}
			r, rok := at(x+1, y)
			l, lok := at(x-1, y)
			d, dok := at(x, y+1)
			u, uok := at(x, y-1)
			du, okx := near(c, r, rok, l, lok)
			dv, oky := near(c, d, dok, u, uok)
			if okx == 0 || oky == 0 {
				continue
			}
			n := du.Cross(dv).Normalize()
			if n.Dot(eye.Sub(c)) < 0 {
				n = n.Scale(-1)
			}
			out[y*w+x] = n
		}
	}
	return out
}
