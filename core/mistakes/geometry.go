package mistakes

import (
	"fmt"

	"dlprep/core"
	"dlprep/core/geometry"
)

// CompositeUnshifted is problem 005's mistake: the transmittance is the
// plain cumulative product T_i = Π_{j≤i}(1−α_j), which includes the sample's
// own (1−α_i), so every sample is dimmed by its own opacity: an opaque first
// sample contributes nothing. It returns the colour [B,3] and that
// transmittance [B,N,1], like geometry.AlphaComposite.
func CompositeUnshifted(colors, opacities *core.Tensor) (color, transmittance *core.Tensor, err error) {
	if _, _, err := geometry.AlphaComposite(colors, opacities); err != nil {
		return nil, nil, err
	}
	b, n := colors.Shape[0], colors.Shape[1]
	color, transmittance = core.New(b, 3), core.New(b, n, 1)
	for bi := 0; bi < b; bi++ {
		t := float32(1)
		for i := 0; i < n; i++ {
			a := opacities.Data[bi*n+i]
			t *= 1 - a // the running product in float32, as torch.cumprod
			transmittance.Data[bi*n+i] = t
			for ch := 0; ch < 3; ch++ {
				color.Data[3*bi+ch] += colors.Data[(bi*n+i)*3+ch] * a * t
			}
		}
	}
	return color, transmittance, nil
}

// DepthToWorldNotInverted is problem 014's mistake: the world-to-camera
// matrix is applied to the camera-space point as if it were camera-to-world.
// It is geometry.DepthToWorld given the inverse of worldToCam, which that
// function inverts back.
func DepthToWorldNotInverted(k geometry.Mat3, worldToCam geometry.Mat4, u, v, d float64) (geometry.Vec3, error) {
	const op = "depth_to_world"
	if _, err := geometry.DepthToWorld(k, worldToCam, u, v, d); err != nil {
		return geometry.Vec3{}, err
	}
	inv, err := worldToCam.Inverse(op, "T_world_to_cam")
	if err != nil {
		return geometry.Vec3{}, err
	}
	return geometry.DepthToWorld(k, inv, u, v, d)
}

// UnprojectDepthNotInverted is DepthToWorldNotInverted for every pixel of
// depth [H,W], row-major, like geometry.UnprojectDepth: points [H·W,3].
func UnprojectDepthNotInverted(depth *core.Tensor, k geometry.Mat3, worldToCam geometry.Mat4) (*core.Tensor, error) {
	const op = "unproject_depth"
	if _, err := geometry.UnprojectDepth(depth, k, worldToCam); err != nil {
		return nil, err
	}
	inv, err := worldToCam.Inverse(op, "T_world_to_cam")
	if err != nil {
		return nil, err
	}
	return geometry.UnprojectDepth(depth, k, inv)
}

// WarpPixelUndivided is problem 015's mistake: the frame-2 pixel is taken
// from K P2 without dividing by its z, so it is off by the factor z2. The
// depth z2 itself is right. It returns (u2, v2, z2) like
// geometry.WarpPixel.
func WarpPixelUndivided(k geometry.Mat3, t12 geometry.Mat4, u1, v1, d1 float64) (u2, v2, z2 float64, err error) {
	pw, err := geometry.TracePixelWarp(k, t12, u1, v1, d1, 1, 1)
	if err != nil {
		return 0, 0, 0, err
	}
	return pw.Undivided[0], pw.Undivided[1], pw.Z2, nil
}

// VectorizedWarpUVSwap is problem 016's reference mistake: the pixel grid
// is built like meshgrid(arange(H), arange(W), indexing='xy') flattened, so
// flat pixel k gets (u, v) = (k mod H, k div H) instead of (k mod W, k div
// W) (geometry.Warper's BuggyMeshgrid). On a square image the two grids are
// the same; otherwise the warp samples the wrong places. It returns warped
// [B,C,H,W] and mask [B,1,H,W] like geometry.VectorizedWarp.
func VectorizedWarpUVSwap(src, depth, k, t12 *core.Tensor) (warped, mask *core.Tensor, err error) {
	const op = "vectorized_warp"
	if _, _, err := geometry.VectorizedWarp(src, depth, k, t12); err != nil {
		return nil, nil, err
	}
	b, c, h, w := src.Shape[0], src.Shape[1], src.Shape[2], src.Shape[3]
	plane := h * w
	warped, mask = core.New(b, c, h, w), core.New(b, 1, h, w)
	wp := geometry.Warper{BuggyMeshgrid: true}
	for bi := 0; bi < b; bi++ {
		km, err := geometry.Mat3FromTensor(op, "K", &core.Tensor{Shape: []int{3, 3}, Data: k.Data[9*bi : 9*bi+9]})
		if err != nil {
			return nil, nil, err
		}
		tm, err := geometry.Mat4FromTensor(op, "T_1_to_2", &core.Tensor{Shape: []int{4, 4}, Data: t12.Data[16*bi : 16*bi+16]})
		if err != nil {
			return nil, nil, err
		}
		kInv, err := km.Inverse(op, fmt.Sprintf("K[%d]", bi))
		if err != nil {
			return nil, nil, err
		}
		wp.WarpInto(warped.Data[bi*c*plane:(bi+1)*c*plane], mask.Data[bi*plane:(bi+1)*plane],
			src.Data[bi*c*plane:(bi+1)*c*plane], depth.Data[bi*plane:(bi+1)*plane], c, h, w, km, kInv, tm)
	}
	return warped, mask, nil
}

// Rotation6DRows is problem 034's mistake: b1, b2, b3 are stacked as rows
// (PyTorch3D's convention) where OPS.md asks for columns, which gives the
// transpose of every matrix. d6 is [B,6]; the result [B,3,3].
func Rotation6DRows(d6 *core.Tensor) (*core.Tensor, error) {
	r, err := geometry.Rotation6DToMatrix(d6)
	if err != nil {
		return nil, err
	}
	for b := 0; b < r.Shape[0]; b++ {
		m := r.Data[9*b : 9*b+9]
		m[1], m[3] = m[3], m[1]
		m[2], m[6] = m[6], m[2]
		m[5], m[7] = m[7], m[5]
	}
	return r, nil
}

// PathReversed is problem 032's mistake: the loop's rotations [n,3,3] are
// multiplied with each new one on the right, R_0 R_1 … R_{n-1}, instead of
// on the left. The result is geometry.ComposeLoop over the reversed loop.
func PathReversed(rotations *core.Tensor, tol float64) (geometry.PathClosure, error) {
	const op = "is_path_closed"
	if _, err := geometry.IsPathClosed(rotations, tol); err != nil {
		return geometry.PathClosure{}, err
	}
	n := rotations.Shape[0]
	rs := make([]geometry.Mat3, n)
	for i := range rs {
		m, err := geometry.Mat3FromTensor(op, "rotations", &core.Tensor{Shape: []int{3, 3}, Data: rotations.Data[9*i : 9*i+9]})
		if err != nil {
			return geometry.PathClosure{}, err
		}
		rs[n-1-i] = m
	}
	return geometry.ComposeLoop(rs, tol), nil
}
