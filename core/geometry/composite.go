package geometry

import (
	"fmt"

	"dlprep/core"
)

// AlphaComposite is problem 005: front-to-back blending of N samples per
// ray, colors [B,N,3] and opacities [B,N,1] in [0, 1]. It returns the
// composited color [B,3] = Σ c_i α_i T_i and the transmittance [B,N,1] with
// T_i = Π_{j<i} (1 - α_j), so T_1 = 1: the exclusive cumulative product,
// the shift that problem 005's pitfall forgets.
func AlphaComposite(colors, opacities *core.Tensor) (color, transmittance *core.Tensor, err error) {
	const op = "alpha_composite"
	if err := core.CheckShape(op, "colors", colors, "[B,N,3]", -1, -1, 3); err != nil {
		return nil, nil, err
	}
	b, n := colors.Shape[0], colors.Shape[1]
	if err := core.CheckShape(op, "opacities", opacities, "[B,N,1]", b, n, 1); err != nil {
		return nil, nil, err
	}
	if err := core.CheckFinite(op, "colors", colors); err != nil {
		return nil, nil, err
	}
	for i, a := range opacities.Data {
		if !(a >= 0 && a <= 1) {
			return nil, nil, fmt.Errorf("%s: opacities[%d,%d] = %v is outside [0, 1]", op, i/max(n, 1), i%max(n, 1), a)
		}
	}
	// colors [2147483647, 0, 3] holds nothing, but its color output would
	// be 24 GiB: the sizes come from the dims, not from the data.
	if err := core.CheckBudget(op, core.Float32s("color", b, 3), core.Float32s("transmittance", b, n, 1)); err != nil {
		return nil, nil, err
	}
	color = core.New(b, 3)
	transmittance = core.New(b, n, 1)
	for bi := 0; bi < b; bi++ {
		CompositeRay(color.Data[3*bi:3*bi+3], transmittance.Data[bi*n:(bi+1)*n],
			colors.Data[bi*n*3:(bi+1)*n*3], opacities.Data[bi*n:(bi+1)*n])
	}
	return color, transmittance, nil
}

// CompositeRay composites one ray: rgb (3 values) from colors (3·N) and
// alphas (N), writing the per-sample transmittance into trans (N). The
// running product stays in float32 like torch.cumprod.
func CompositeRay(rgb, trans, colors, alphas []float32) {
	t := float32(1)
	var r, g, b float32
	for i, a := range alphas {
		trans[i] = t
		w := a * t
		r += colors[3*i] * w
		g += colors[3*i+1] * w
		b += colors[3*i+2] * w
		t *= 1 - a
	}
	rgb[0], rgb[1], rgb[2] = r, g, b
}
