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
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			const op = "depth_to_world"
			uvd, err := floats(p, "u", "v", "d")
			if err != nil {
				return nil, err
			}
			k, err := geometry.Mat3FromTensor(op, "K", in["K"])
			if err != nil {
				return nil, err
			}
			t, err := geometry.Mat4FromTensor(op, "T_world_to_cam", in["T_world_to_cam"])
			if err != nil {
				return nil, err
			}
			w, err := geometry.DepthToWorld(k, t, uvd[0], uvd[1], uvd[2])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"p_world": conformance.FromFloat64s(w[:], 3)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "unproject_depth",
		Inputs: []string{"depth", "K", "T_world_to_cam"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			const op = "unproject_depth"
			k, err := geometry.Mat3FromTensor(op, "K", in["K"])
			if err != nil {
				return nil, err
			}
			t, err := geometry.Mat4FromTensor(op, "T_world_to_cam", in["T_world_to_cam"])
			if err != nil {
				return nil, err
			}
			pts, err := geometry.UnprojectDepth(in["depth"], k, t)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"points": conformance.FromTensor(pts)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "warp_pixel",
		Inputs: []string{"K", "T_1_to_2"},
		Params: []string{"u1", "v1", "d1"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			const op = "warp_pixel"
			uvd, err := floats(p, "u1", "v1", "d1")
			if err != nil {
				return nil, err
			}
			k, err := geometry.Mat3FromTensor(op, "K", in["K"])
			if err != nil {
				return nil, err
			}
			t, err := geometry.Mat4FromTensor(op, "T_1_to_2", in["T_1_to_2"])
			if err != nil {
				return nil, err
			}
			u, v, z, err := geometry.WarpPixel(k, t, uvd[0], uvd[1], uvd[2])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{
				"uv":    conformance.FromFloat64s([]float64{u, v}, 2),
				"depth": conformance.FromFloat64s([]float64{z}, 1),
			}, nil
		},
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
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "vectorized_warp",
		Inputs: []string{"src_img", "depth", "K", "T_1_to_2"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			w, m, err := geometry.VectorizedWarp(in["src_img"], in["depth"], in["K"], in["T_1_to_2"])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"warped": conformance.FromTensor(w), "mask": intTensor(m)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "alpha_composite",
		Inputs: []string{"colors", "opacities"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			c, t, err := geometry.AlphaComposite(in["colors"], in["opacities"])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"color": conformance.FromTensor(c), "transmittance": conformance.FromTensor(t)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "is_path_closed",
		Inputs: []string{"rotations"},
		Params: []string{"tol"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			tol, err := p.FloatOr("tol", 1e-6)
			if err != nil {
				return nil, err
			}
			r, err := geometry.IsPathClosed(in["rotations"], tol)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{
				"closed":    conformance.BoolScalar(r.Closed),
				"total":     conformance.FromFloat64s(r.Total[:], 3, 3),
				"error":     conformance.FloatScalar(r.Error),
				"angle_deg": conformance.FloatScalar(r.AngleDeg),
			}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "rotation_6d_to_matrix",
		Inputs: []string{"d6"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			r, err := geometry.Rotation6DToMatrix(in["d6"])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"R": conformance.FromTensor(r)}, nil
		},
	})
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
