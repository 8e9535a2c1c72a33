package conv

import "fmt"

// maxParam bounds stride, padding and dilation so that no size computed from
// them can overflow an int, whatever the caller passes.
const maxParam = 1 << 24

// Geometry is the sliding window of a 2-D convolution or unfold: kernel size,
// stride, zero padding on both sides, and dilation, each as [h, w].
type Geometry struct {
	Kernel   [2]int
	Stride   [2]int
	Padding  [2]int
	Dilation [2]int
	// Extra is zero padding added after the input (bottom, right) on top of
	// Padding, for F.conv2d's padding="same" with an even dilated kernel.
	Extra [2]int
}

// Validate checks every field for op (used in the error text): kernel,
// stride and dilation at least 1, padding at least 0.
func (g Geometry) Validate(op string) error {
	check := func(name string, v [2]int, lo int) error {
		for _, x := range v {
			if x < lo {
				return fmt.Errorf("%s: %s must be at least %d, got %v", op, name, lo, v)
			}
			if x > maxParam {
				return fmt.Errorf("%s: %s %v is too large (limit %d)", op, name, v, maxParam)
			}
		}
		return nil
	}
	if err := check("kernel size", g.Kernel, 1); err != nil {
		return err
	}
	if err := check("stride", g.Stride, 1); err != nil {
		return err
	}
	if err := check("padding", g.Padding, 0); err != nil {
		return err
	}
	if err := check("extra padding", g.Extra, 0); err != nil {
		return err
	}
	return check("dilation", g.Dilation, 1)
}

// OutSize returns the output height and width for an h×w input:
// (h + 2p - d(k-1) - 1)/s + 1 per axis, PyTorch's formula. It is an error
// when the dilated kernel does not fit in the padded input.
func (g Geometry) OutSize(op string, h, w int) (ho, wo int, err error) {
	if err := g.Validate(op); err != nil {
		return 0, 0, err
	}
	in := [2]int{h, w}
	var out [2]int
	for a := 0; a < 2; a++ {
		padded := in[a] + 2*g.Padding[a] + g.Extra[a]
		span := g.Dilation[a]*(g.Kernel[a]-1) + 1
		if span > padded {
			return 0, 0, fmt.Errorf("%s: kernel %v with dilation %v spans %d, larger than the padded input %dx%d (input %dx%d, padding %v)",
				op, g.Kernel, g.Dilation, span, h+2*g.Padding[0]+g.Extra[0], w+2*g.Padding[1]+g.Extra[1], h, w, g.Padding)
		}
		out[a] = (padded-span)/g.Stride[a] + 1
	}
	return out[0], out[1], nil
}

// SamePadding returns the padding of F.conv2d's padding="same" for a kernel
// and dilation: the d·(k−1) zeros an axis needs split as pad before and
// pad + extra after, the odd one going after (bottom, right) as in PyTorch.
func SamePadding(kernel, dilation [2]int) (pad, extra [2]int) {
	for a := 0; a < 2; a++ {
		total := dilation[a] * (kernel[a] - 1)
		pad[a], extra[a] = total/2, total%2
	}
	return pad, extra
}

// outSize is OutSize for a geometry already checked against h, w.
func (g Geometry) outSize(h, w int) (int, int) {
	ho := (h+2*g.Padding[0]+g.Extra[0]-g.Dilation[0]*(g.Kernel[0]-1)-1)/g.Stride[0] + 1
	wo := (w+2*g.Padding[1]+g.Extra[1]-g.Dilation[1]*(g.Kernel[1]-1)-1)/g.Stride[1] + 1
	return ho, wo
}

// grow returns buf resliced to n elements, reallocating only when its
// capacity is short; callers overwrite every element.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}
