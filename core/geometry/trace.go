package geometry

import (
	"fmt"

	"dlprep/core"
)

// Traces of the geometry ops: the intermediate values the visualizer draws
// stage by stage, each computed with the production op's arithmetic and
// tested equal to it (trace_test.go).

// CompositeSteps opens up AlphaComposite layer by layer for colors [B,N,3],
// opacities [B,N,1] and a transmittance [B,N,1] (AlphaComposite's, or a
// mistaken one): the weights w_i = α_i T_i [B,N,1] and the running colour
// C_i = Σ_{j≤i} c_j w_j [B,N,3], summed in float32 in CompositeRay's order,
// so that with AlphaComposite's transmittance the last running colour is
// AlphaComposite's colour bit for bit.
func CompositeSteps(colors, opacities, transmittance *core.Tensor) (weights, running *core.Tensor, err error) {
	const op = "alpha_composite"
	if err := core.CheckShape(op, "colors", colors, "[B,N,3]", -1, -1, 3); err != nil {
		return nil, nil, err
	}
	b, n := colors.Shape[0], colors.Shape[1]
	if err := core.CheckShape(op, "opacities", opacities, "[B,N,1]", b, n, 1); err != nil {
		return nil, nil, err
	}
	if err := core.CheckShape(op, "transmittance", transmittance, "[B,N,1]", b, n, 1); err != nil {
		return nil, nil, err
	}
	weights, running = core.New(b, n, 1), core.New(b, n, 3)
	for bi := 0; bi < b; bi++ {
		var r, g, bl float32
		for i := 0; i < n; i++ {
			k := bi*n + i
			w := opacities.Data[k] * transmittance.Data[k]
			weights.Data[k] = w
			r += colors.Data[3*k] * w
			g += colors.Data[3*k+1] * w
			bl += colors.Data[3*k+2] * w
			running.Data[3*k], running.Data[3*k+1], running.Data[3*k+2] = r, g, bl
		}
	}
	return weights, running, nil
}

// Rotation6DTrace is the Gram-Schmidt of RotationFrom6D step by step.
type Rotation6DTrace struct {
	A1, A2 Vec3
	// B1 is a1/|a1|.
	B1 Vec3
	// Along is b1·a2, the length of a2's component along b1, and Proj that
	// component, b1 (b1·a2).
	Along float64
	Proj  Vec3
	// Ortho is a2 − Proj, the part of a2 orthogonal to b1; B2 is it
	// normalised.
	Ortho, B2 Vec3
	// B3 is b1 × b2.
	B3 Vec3
	// R is [b1 b2 b3] with the b_i as columns: RotationFrom6D's result.
	R Mat3
}

// TraceRotation6D is RotationFrom6D with its intermediate vectors.
func TraceRotation6D(a1, a2 Vec3) (Rotation6DTrace, error) {
	r, err := RotationFrom6D(a1, a2)
	if err != nil {
		return Rotation6DTrace{}, err
	}
	b1 := a1.Scale(1 / a1.Norm())
	along := b1.Dot(a2)
	proj := b1.Scale(along)
	o := a2.Sub(proj)
	b2 := o.Scale(1 / o.Norm())
	return Rotation6DTrace{A1: a1, A2: a2, B1: b1, Along: along, Proj: proj, Ortho: o, B2: b2, B3: b1.Cross(b2), R: r}, nil
}

// LoopPartials are the running products of a loop of rotations in
// ComposeLoop's order: P_0 = I and P_k = R_{k-1} P_{k-1}, so P_k is the
// orientation reached after k edges and P_n is ComposeLoop's Total.
func LoopPartials(rs []Mat3) []Mat3 {
	out := make([]Mat3, len(rs)+1)
	out[0] = Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}
	for k, r := range rs {
		out[k+1] = r.Mul(out[k])
	}
	return out
}

// Grid is the sampling grid of WarpInto for one view: for every pixel p of
// the target view (row-major, depth h·w values) the normalised coordinates
// (x, y) in [-1, 1] at which the source is sampled, as a [1,H,W,2] tensor
// (x, the width coordinate, first, as F.grid_sample takes it). It is
// computed with WarpInto's arithmetic, so GridSample(src, grid, true) is the
// warped image and |x|, |y| ≤ 1 is the mask.
func (wp Warper) Grid(depth []float32, h, w int, k Mat3, t12 Mat4) (*core.Tensor, error) {
	const op = "vectorized_warp"
	if h < 2 || w < 2 || len(depth) != h*w {
		return nil, fmt.Errorf("%s: grid needs H, W ≥ 2 and H·W depths, got %dx%d with %d", op, h, w, len(depth))
	}
	kInv, err := k.Inverse(op, "K")
	if err != nil {
		return nil, err
	}
	m := k.Mul(t12.Rotation()).Mul(kInv)
	off := k.MulVec(t12.Translation())
	sx, sy := 2/float64(w-1), 2/float64(h-1)
	grid := core.New(1, h, w, 2)
	for i, dv := range depth {
		ui, vi := wp.PixelOfIndex(i, h, w)
		u, v, d := float64(ui), float64(vi), float64(dv)
		qx := d*(m[0]*u+m[1]*v+m[2]) + off[0]
		qy := d*(m[3]*u+m[4]*v+m[5]) + off[1]
		qz := d*(m[6]*u+m[7]*v+m[8]) + off[2] + projEps
		grid.Data[2*i] = float32(qx/qz*sx - 1)
		grid.Data[2*i+1] = float32(qy/qz*sy - 1)
	}
	return grid, nil
}
