package render

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// Cloud is a set of coloured 3-D points, the input of Splat. Each point
// keeps the world-space radius of the source pixel it was lifted from (its
// footprint: half a pixel at its depth), so a splat can cover as much of a
// new view as the pixel covered of the old one, and where it came from.
type Cloud struct {
	XYZ    []float32 // N×3 world coordinates
	RGB    []float32 // N×3 linear colour
	Radius []float32 // N world-space footprint radii
	Frame  []int32   // N source frame of each point (0 for a single view)
	Pixel  []int32   // N source pixel of each point (v·W + u)
}

// Len is the number of points.
func (c *Cloud) Len() int { return len(c.Radius) }

// Point returns point i's world position.
func (c *Cloud) Point(i int) geometry.Vec3 {
	return geometry.Vec3{float64(c.XYZ[3*i]), float64(c.XYZ[3*i+1]), float64(c.XYZ[3*i+2])}
}

// checkFrame validates a colour image [3,H,W] and its depth [H,W].
func checkFrame(op string, color, depth *core.Tensor) (h, w int, err error) {
	if err := core.CheckShape(op, "depth", depth, "[H,W]", -1, -1); err != nil {
		return 0, 0, err
	}
	h, w = depth.Shape[0], depth.Shape[1]
	if err := core.CheckShape(op, "color", color, "[3,H,W]", 3, h, w); err != nil {
		return 0, 0, err
	}
	for i, d := range depth.Data {
		if !(d >= 0) || math.IsInf(float64(d), 0) {
			return 0, 0, fmt.Errorf("%s: depth[%d,%d] = %v must be finite and ≥ 0 (0: nothing hit)", op, i/w, i%w, d)
		}
	}
	return h, w, nil
}

// Lift unprojects every pixel with a positive depth of one frame (colour
// [3,H,W], depth [H,W], seen by cam) through geometry.UnprojectDepth, the
// op of problem 014, and appends the points to c tagged with frame. keep
// (nil, or H·W flags) leaves out the pixels it marks false.
func (c *Cloud) Lift(color, depth *core.Tensor, cam *geometry.Camera, frame int, keep []bool) error {
	const op = "render.Lift"
	h, w, err := checkFrame(op, color, depth)
	if err != nil {
		return err
	}
	if keep != nil && len(keep) != h*w {
		return fmt.Errorf("%s: keep has %d flags for a %dx%d frame", op, len(keep), w, h)
	}
	pts, err := geometry.UnprojectDepth(depth, cam.K, cam.WorldToCam)
	if err != nil {
		return err
	}
	plane := h * w
	f := cam.K[0]
	for i, d := range depth.Data {
		if d <= 0 || (keep != nil && !keep[i]) {
			continue
		}
		c.XYZ = append(c.XYZ, pts.Data[3*i:3*i+3]...)
		c.RGB = append(c.RGB, color.Data[i], color.Data[plane+i], color.Data[2*plane+i])
		c.Radius = append(c.Radius, float32(float64(d)/(2*f)))
		c.Frame = append(c.Frame, int32(frame))
		c.Pixel = append(c.Pixel, int32(i))
	}
	return nil
}

// Lift is a new cloud of one frame's pixels (see Cloud.Lift).
func Lift(color, depth *core.Tensor, cam *geometry.Camera) (*Cloud, error) {
	c := &Cloud{}
	if err := c.Lift(color, depth, cam, 0, nil); err != nil {
		return nil, err
	}
	return c, nil
}

// Frame is one frame of a monocular video: its colour [3,H,W], depth
// [H,W] and the camera that took it.
type Frame struct {
	Color, Depth *core.Tensor
	Cam          *geometry.Camera
}

// Consistency is how far (a fraction of the depth) a surface may be from
// where another frame sees it and still count as the same surface.
const Consistency = 0.03

// DynamicMask finds the pixels of each frame that show something that
// moved, from depth alone: a pixel's 3-D point is projected into every
// other frame; if that frame sees past it (its depth there is larger than
// the point's by more than tol of it), the point was not there at that
// time, so it is dynamic. A frame that sees something nearer in front of
// the point (an occluder) says nothing. "Sees past" asks it of every one of
// the 3×3 pixels it lands in, so silhouettes do not flicker. It returns one H·W mask per frame.
func DynamicMask(frames []Frame, tol float64) ([][]bool, error) {
	const op = "render.DynamicMask"
	if len(frames) == 0 {
		return nil, fmt.Errorf("%s: no frames", op)
	}
	if !(tol > 0 && tol < 1) {
		return nil, fmt.Errorf("%s: tol = %v must be in (0, 1)", op, tol)
	}
	h, w := 0, 0
	pts := make([]*core.Tensor, len(frames))
	for k, fr := range frames {
		fh, fw, err := checkFrame(op, fr.Color, fr.Depth)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", k, err)
		}
		if k > 0 && (fh != h || fw != w) {
			return nil, fmt.Errorf("%s: frame %d is %dx%d, frame 0 %dx%d", op, k, fw, fh, w, h)
		}
		h, w = fh, fw
		if pts[k], err = geometry.UnprojectDepth(fr.Depth, fr.Cam.K, fr.Cam.WorldToCam); err != nil {
			return nil, err
		}
	}
	out := make([][]bool, len(frames))
	for k, fr := range frames {
		mask := make([]bool, h*w)
		for i, d := range fr.Depth.Data {
			if d <= 0 {
				continue
			}
			p := geometry.Vec3{float64(pts[k].Data[3*i]), float64(pts[k].Data[3*i+1]), float64(pts[k].Data[3*i+2])}
			for j, other := range frames {
				if j == k {
					continue
				}
				u, v, z, ok := other.Cam.Project(p)
				if !ok || z <= 0 {
					continue
				}
				if _, past, in := depthAround(other.Depth.Data, w, h, u, v, z, tol); in && past {
					mask[i] = true
					break
				}
			}
		}
		out[k] = mask
	}
	return out, nil
}

// depthAround compares depth z with what a frame sees in the 3×3 pixels
// around (u, v): seen is true when one of them is within tol of z, past
// when every one is farther than that (or hit nothing), so the frame
// looks through where the point would be; in is false when (u, v) falls
// outside the frame. The neighbourhood keeps a point on a silhouette or a
// steep surface from failing the test by rounding alone.
func depthAround(depth []float32, w, h int, u, v, z, tol float64) (seen, past, in bool) {
	x, y := int(math.Round(u)), int(math.Round(v))
	if x < 0 || y < 0 || x >= w || y >= h {
		return false, false, false
	}
	past = true
	for yy := max(y-1, 0); yy <= min(y+1, h-1); yy++ {
		for xx := max(x-1, 0); xx <= min(x+1, w-1); xx++ {
			d := float64(depth[yy*w+xx])
			if d > 0 && math.Abs(d-z) <= tol*z {
				return true, false, true
			}
			if d > 0 && d <= z*(1+tol) {
				past = false
			}
		}
	}
	return false, past, true
}

// BulletTime is the 4-D scene at one frozen instant t: every pixel of
// frame t and (aggregate) the static pixels of the other frames that
// frame t did not record: what the moving things hid at t and, as the
// video's camera moves, what frame t's own occluders hid. A static point
// frame t also sees (within Consistency of its depth there) would only
// duplicate frame t's own. A moving thing is taken from frame t only: at
// any other time it is somewhere else.
func BulletTime(frames []Frame, dynamic [][]bool, t int, aggregate bool) (*Cloud, error) {
	const op = "render.BulletTime"
	if t < 0 || t >= len(frames) {
		return nil, fmt.Errorf("%s: t = %d is not one of the %d frames", op, t, len(frames))
	}
	if len(dynamic) != len(frames) {
		return nil, fmt.Errorf("%s: %d dynamic masks for %d frames", op, len(dynamic), len(frames))
	}
	c := &Cloud{}
	ft := frames[t]
	if err := c.Lift(ft.Color, ft.Depth, ft.Cam, t, nil); err != nil {
		return nil, err
	}
	if !aggregate {
		return c, nil
	}
	th, tw := ft.Depth.Shape[0], ft.Depth.Shape[1]
	var keep []bool
	for k, fr := range frames {
		if k == t {
			continue
		}
		if len(dynamic[k]) != fr.Depth.Numel() {
			return nil, fmt.Errorf("%s: frame %d has %d mask flags for %d pixels", op, k, len(dynamic[k]), fr.Depth.Numel())
		}
		pts, err := geometry.UnprojectDepth(fr.Depth, fr.Cam.K, fr.Cam.WorldToCam)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", k, err)
		}
		keep = keep[:0]
		for i, d := range dynamic[k] {
			ok := !d && fr.Depth.Data[i] > 0
			if ok {
				p := geometry.Vec3{float64(pts.Data[3*i]), float64(pts.Data[3*i+1]), float64(pts.Data[3*i+2])}
				if u, v, z, in := ft.Cam.Project(p); in && z > 0 {
					seen, _, _ := depthAround(ft.Depth.Data, tw, th, u, v, z, Consistency)
					ok = !seen
				}
			}
			keep = append(keep, ok)
		}
		if err := c.Lift(fr.Color, fr.Depth, fr.Cam, k, keep); err != nil {
			return nil, fmt.Errorf("frame %d: %w", k, err)
		}
	}
	return c, nil
}
