package geometry

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Camera is a pinhole camera: intrinsics K and the world-to-camera pose.
// NewCamera checks both and caches their inverses.
type Camera struct {
	K          Mat3
	WorldToCam Mat4
	kInv       Mat3
	camToWorld Mat4
}

// NewCamera validates K and the pose (both invertible) for op's messages.
func NewCamera(op string, k Mat3, worldToCam Mat4) (*Camera, error) {
	kInv, err := k.Inverse(op, "K")
	if err != nil {
		return nil, err
	}
	c2w, err := worldToCam.Inverse(op, "T_world_to_cam")
	if err != nil {
		return nil, err
	}
	return &Camera{K: k, WorldToCam: worldToCam, kInv: kInv, camToWorld: c2w}, nil
}

// KInv is K⁻¹.
func (c *Camera) KInv() Mat3 { return c.kInv }

// CamToWorld is the inverse of WorldToCam.
func (c *Camera) CamToWorld() Mat4 { return c.camToWorld }

// PixelRay is the unprojection of one pixel, everything the depth scene
// draws: the ray from the camera centre through the pixel and the point at
// depth d on it.
type PixelRay struct {
	// Dir is K⁻¹ (u, v, 1): the camera-space ray direction scaled so that
	// its z is 1, so the camera-space point is d·Dir.
	Dir Vec3
	// CamPoint is d·Dir, the point in camera space (its z is d).
	CamPoint Vec3
	// Origin is the camera centre in world coordinates.
	Origin Vec3
	// WorldDir is the unit ray direction in world coordinates.
	WorldDir Vec3
	// World is the 3-D point in world coordinates.
	World Vec3
}

// Unproject returns the ray through pixel (u, v) and its point at
// camera-space depth d (problem 014).
func (c *Camera) Unproject(u, v, d float64) PixelRay {
	dir := c.kInv.MulVec(Vec3{u, v, 1})
	cam := dir.Scale(d)
	origin := c.camToWorld.Translation()
	far := c.camToWorld.Apply(dir)
	return PixelRay{Dir: dir, CamPoint: cam, Origin: origin,
		WorldDir: far.Sub(origin).Normalize(), World: c.camToWorld.Apply(cam)}
}

// Project maps a world point to pixel (u, v) and its camera-space depth z.
// ok is false when z is 0 (the point is on the camera plane).
func (c *Camera) Project(p Vec3) (u, v, z float64, ok bool) {
	q := c.K.MulVec(c.WorldToCam.Apply(p))
	if q[2] == 0 {
		return 0, 0, 0, false
	}
	return q[0] / q[2], q[1] / q[2], q[2], true
}

// DepthToWorld is problem 014: the world point T⁻¹ [d K⁻¹ (u,v,1); 1] of
// pixel (u, v) at camera-space depth d.
func DepthToWorld(k Mat3, worldToCam Mat4, u, v, d float64) (Vec3, error) {
	if err := finite("depth_to_world", "u", u, "v", v, "d", d); err != nil {
		return Vec3{}, err
	}
	c, err := NewCamera("depth_to_world", k, worldToCam)
	if err != nil {
		return Vec3{}, err
	}
	return c.Unproject(u, v, d).World, nil
}

// UnprojectDepth returns the [H*W,3] world points of every pixel of depth
// [H,W], in row-major pixel order (u runs fastest).
func UnprojectDepth(depth *core.Tensor, k Mat3, worldToCam Mat4) (*core.Tensor, error) {
	const op = "unproject_depth"
	if err := core.CheckShape(op, "depth", depth, "[H,W]", -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckFinite(op, "depth", depth); err != nil {
		return nil, err
	}
	c, err := NewCamera(op, k, worldToCam)
	if err != nil {
		return nil, err
	}
	h, w := depth.Shape[0], depth.Shape[1]
	if h == 0 || w == 0 {
		return nil, fmt.Errorf("%s: depth must have at least one row and column, got shape %v", op, depth.Shape)
	}
	if err := core.CheckBudget(op, core.Float32s("points", h, w, 3)); err != nil {
		return nil, err
	}
	out := core.New(h*w, 3)
	c.UnprojectInto(out.Data, depth.Data, h, w)
	return out, nil
}

// UnprojectInto writes the world point of every pixel of the row-major
// depth map (h·w values) into dst (3·h·w values) without allocating. The
// whole chain camToWorld·K⁻¹ is folded into one 3x3 matrix and an offset.
func (c *Camera) UnprojectInto(dst, depth []float32, h, w int) {
	r := c.camToWorld.Rotation()
	m := r.Mul(c.kInv)
	t := c.camToWorld.Translation()
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			i := v*w + u
			d := float64(depth[i])
			fu, fv := float64(u), float64(v)
			for k := 0; k < 3; k++ {
				dst[3*i+k] = float32(d*(m[3*k]*fu+m[3*k+1]*fv+m[3*k+2]) + t[k])
			}
		}
	}
}

// finite refuses NaN or infinite scalar params, given as name, value
// pairs, naming the first bad one.
func finite(op string, pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if x := pairs[i+1].(float64); math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: %s must be finite, got %v", op, pairs[i], x)
		}
	}
	return nil
}
