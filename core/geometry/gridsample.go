package geometry

import (
	"fmt"

	"dlprep/core"
)

// GridSample is F.grid_sample with mode bilinear and zero padding: input
// [B,C,H,W] sampled at grid [B,Ho,Wo,2] (x = width coordinate first, both
// normalised to [-1, 1]) into [B,C,Ho,Wo]. With alignCorners, -1 and 1 are
// the centres of the edge pixels; without, the outer edges of them.
func GridSample(input, grid *core.Tensor, alignCorners bool) (*core.Tensor, error) {
	const op = "grid_sample"
	if err := core.CheckShape(op, "input", input, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	b := input.Shape[0]
	if err := core.CheckShape(op, "grid", grid, "[B,Ho,Wo,2]", b, -1, -1, 2); err != nil {
		return nil, err
	}
	if err := core.CheckFinite(op, "input", input); err != nil {
		return nil, err
	}
	if err := core.CheckFinite(op, "grid", grid); err != nil {
		return nil, err
	}
	c, h, w := input.Shape[1], input.Shape[2], input.Shape[3]
	ho, wo := grid.Shape[1], grid.Shape[2]
	// An empty image has no pixel to interpolate between: the corner
	// arithmetic would index row or column -1.
	if c == 0 || h == 0 || w == 0 {
		return nil, fmt.Errorf("%s: input must have at least one channel, row and column, got shape %v", op, input.Shape)
	}
	if err := core.CheckBudget(op, core.Float32s("y", b, c, ho, wo)); err != nil {
		return nil, err
	}
	out := core.New(b, c, ho, wo)
	s := Sampler{H: h, W: w, AlignCorners: alignCorners}
	plane, n := h*w, ho*wo
	if c == 0 || n == 0 {
		return out, nil // nothing to sample; Sample's strided writes assume c, n > 0
	}
	for bi := 0; bi < b; bi++ {
		src := input.Data[bi*c*plane : (bi+1)*c*plane]
		dst := out.Data[bi*c*n : (bi+1)*c*n]
		g := grid.Data[bi*n*2 : (bi+1)*n*2]
		for p := s.sampleGrid8(dst, n, src, c, g, n); p < n; p++ {
			s.Sample(dst[p:], n, src, c, g[2*p], g[2*p+1])
		}
	}
	return out, nil
}

// Sampler samples one [C,H,W] image bilinearly with zero padding.
type Sampler struct {
	H, W         int
	AlignCorners bool
}

// Unnormalize maps a normalised coordinate to a pixel coordinate along an
// axis of the given size, in float32 like PyTorch.
func Unnormalize(x float32, size int, alignCorners bool) float32 {
	if alignCorners {
		return (x + 1) / 2 * float32(size-1)
	}
	return ((x+1)*float32(size) - 1) / 2
}

// Sample writes the C channels of src (planes of H·W) at normalised (x, y)
// to dst[0], dst[stride], dst[2·stride], ...; corners outside the image
// contribute zero.
func (s *Sampler) Sample(dst []float32, stride int, src []float32, c int, x, y float32) {
	ix := Unnormalize(x, s.W, s.AlignCorners)
	iy := Unnormalize(y, s.H, s.AlignCorners)
	// Far outside (or NaN): every corner is padding. Checked before the
	// int conversion so huge coordinates cannot overflow.
	if !(ix > -1 && ix < float32(s.W) && iy > -1 && iy < float32(s.H)) {
		for ch := 0; ch < c; ch++ {
			dst[ch*stride] = 0
		}
		return
	}
	// ix, iy > -1 here, so truncation floors except on (-1, 0).
	x0, y0 := int(ix), int(iy)
	if float32(x0) > ix {
		x0--
	}
	if float32(y0) > iy {
		y0--
	}
	fx0, fy0 := float32(x0), float32(y0)
	tx, ty := ix-fx0, iy-fy0
	wNW, wNE := (1-tx)*(1-ty), tx*(1-ty)
	wSW, wSE := (1-tx)*ty, tx*ty
	plane := s.H * s.W
	base := y0*s.W + x0
	if x0 >= 0 && x0+1 < s.W && y0 >= 0 && y0+1 < s.H {
		// All four corners inside, the common case: no per-corner tests,
		// one bounds check per channel. Same sums in the same order as
		// below, so both paths round alike.
		w := s.W
		for ch := 0; ch < c; ch++ {
			p := src[ch*plane+base : ch*plane+base+w+2]
			var v float32
			v += p[0] * wNW
			v += p[1] * wNE
			v += p[w] * wSW
			v += p[w+1] * wSE
			dst[ch*stride] = v
		}
		return
	}
	in := func(xx, yy int) bool { return xx >= 0 && xx < s.W && yy >= 0 && yy < s.H }
	okNW, okNE, okSW, okSE := in(x0, y0), in(x0+1, y0), in(x0, y0+1), in(x0+1, y0+1)
	for ch := 0; ch < c; ch++ {
		p := src[ch*plane : (ch+1)*plane]
		var v float32
		if okNW {
			v += p[base] * wNW
		}
		if okNE {
			v += p[base+1] * wNE
		}
		if okSW {
			v += p[base+s.W] * wSW
		}
		if okSE {
			v += p[base+s.W+1] * wSE
		}
		dst[ch*stride] = v
	}
}
