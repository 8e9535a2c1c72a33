package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/geometry"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "depth_to_world",
		Inputs: []string{"K", "T_world_to_cam"},
		Params: []string{"u", "v", "d"},
		Run:    depthToWorldRun(geometry.DepthToWorld),
	})
	conformance.Register(conformance.Op{
		Name:   "unproject_depth",
		Inputs: []string{"depth", "K", "T_world_to_cam"},
		Run:    unprojectRun(geometry.UnprojectDepth),
	})
	conformance.Register(conformance.Op{
		Name:   "warp_pixel",
		Inputs: []string{"K", "T_1_to_2"},
		Params: []string{"u1", "v1", "d1"},
		Run:    warpPixelRun(geometry.WarpPixel),
	})
	conformance.Register(conformance.Op{
		Name:   "grid_sample",
		Inputs: []string{"input", "grid"},
		// mode and padding_mode are fixed by OPS.md; a case may still spell
		// them out, as F.grid_sample's keywords.
		Params: []string{"align_corners", "mode", "padding_mode"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			ac, err := p.BoolOr("align_corners", true)
			if err != nil {
				return nil, err
			}
			if _, err := p.OneOf("mode", "bilinear", "bilinear"); err != nil {
				return nil, fmt.Errorf("grid_sample: %v", err)
			}
			if _, err := p.OneOf("padding_mode", "zeros", "zeros"); err != nil {
				return nil, fmt.Errorf("grid_sample: %v", err)
			}
			y, err := geometry.GridSample(in["input"], in["grid"], ac)
			return tensorOut("y", y, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:   "vectorized_warp",
		Inputs: []string{"src_img", "depth", "K", "T_1_to_2"},
		Run:    vectorizedWarpRun(geometry.VectorizedWarp),
	})
	conformance.Register(conformance.Op{
		Name:   "alpha_composite",
		Inputs: []string{"colors", "opacities"},
		Run:    compositeRun(geometry.AlphaComposite),
	})
	conformance.Register(conformance.Op{
		Name:   "is_path_closed",
		Inputs: []string{"rotations"},
		Params: []string{"tol"},
		Run:    pathClosedRun(geometry.IsPathClosed),
	})
	conformance.Register(conformance.Op{
		Name:   "rotation_6d_to_matrix",
		Inputs: []string{"d6"},
		Run:    rotation6DRun(geometry.Rotation6DToMatrix),
	})
}

// depthToWorldRun adapts a depth_to_world computation: K, T_world_to_cam,
// u, v and d in; p_world out.
func depthToWorldRun(f func(k geometry.Mat3, worldToCam geometry.Mat4, u, v, d float64) (geometry.Vec3, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		uvd, err := floats(p, "u", "v", "d")
		if err != nil {
			return nil, err
		}
		k, t, err := cameraMats("depth_to_world", in, "T_world_to_cam")
		if err != nil {
			return nil, err
		}
		w, err := f(k, t, uvd[0], uvd[1], uvd[2])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"p_world": conformance.FromFloat64s(w[:], 3)}, nil
	}
}

// unprojectRun adapts an unproject_depth computation: depth, K and
// T_world_to_cam in; points out.
func unprojectRun(f func(depth *core.Tensor, k geometry.Mat3, worldToCam geometry.Mat4) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		k, t, err := cameraMats("unproject_depth", in, "T_world_to_cam")
		if err != nil {
			return nil, err
		}
		pts, err := f(in["depth"], k, t)
		return tensorOut("points", pts, err)
	}
}

// warpPixelRun adapts a warp_pixel computation: K, T_1_to_2, u1, v1 and d1
// in; uv and depth out.
func warpPixelRun(f func(k geometry.Mat3, t12 geometry.Mat4, u1, v1, d1 float64) (u2, v2, z2 float64, err error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		uvd, err := floats(p, "u1", "v1", "d1")
		if err != nil {
			return nil, err
		}
		k, t, err := cameraMats("warp_pixel", in, "T_1_to_2")
		if err != nil {
			return nil, err
		}
		u, v, z, err := f(k, t, uvd[0], uvd[1], uvd[2])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"uv":    conformance.FromFloat64s([]float64{u, v}, 2),
			"depth": conformance.FromFloat64s([]float64{z}, 1),
		}, nil
	}
}

// vectorizedWarpRun adapts a vectorized_warp computation: src_img, depth,
// K and T_1_to_2 in; warped and mask out.
func vectorizedWarpRun(f func(src, depth, k, t12 *core.Tensor) (warped, mask *core.Tensor, err error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		w, m, err := f(in["src_img"], in["depth"], in["K"], in["T_1_to_2"])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"warped": conformance.FromTensor(w), "mask": intTensor(m)}, nil
	}
}

// compositeRun adapts an alpha_composite computation: colors and
// opacities in; color and transmittance out.
func compositeRun(f func(colors, opacities *core.Tensor) (color, transmittance *core.Tensor, err error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		c, t, err := f(in["colors"], in["opacities"])
		return tensorsOut("color", c, "transmittance", t, err)
	}
}

// pathClosedRun adapts an is_path_closed computation: rotations and tol
// in; closed, total, error and angle_deg out.
func pathClosedRun(f func(rotations *core.Tensor, tol float64) (geometry.PathClosure, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		tol, err := p.FloatOr("tol", 1e-6)
		if err != nil {
			return nil, err
		}
		r, err := f(in["rotations"], tol)
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"closed":    conformance.BoolScalar(r.Closed),
			"total":     conformance.FromFloat64s(r.Total[:], 3, 3),
			"error":     conformance.FloatScalar(r.Error),
			"angle_deg": conformance.FloatScalar(r.AngleDeg),
		}, nil
	}
}

// rotation6DRun adapts a rotation_6d_to_matrix computation: d6 in, R out.
func rotation6DRun(f func(d6 *core.Tensor) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		r, err := f(in["d6"])
		return tensorOut("R", r, err)
	}
}

// floats reads required finite number params in order.
func floats(p conformance.Params, names ...string) ([]float64, error) {
	out := make([]float64, len(names))
	for i, n := range names {
		x, err := p.Float(n)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// intTensor marks a 0/1 tensor as an integer output (exact match).
func intTensor(t *core.Tensor) conformance.Value {
	v := conformance.FromTensor(t)
	v.Int = true
	return v
}
