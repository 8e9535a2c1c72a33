package core

import (
	"fmt"
	"math"
)

// Tensor is a dense float32 array in row-major (C) order.
type Tensor struct {
	Shape []int
	Data  []float32
}

// New returns a zero tensor of the given shape. It panics only on negative
// dimensions, which are programming errors; validated shapes come from
// FromData.
func New(shape ...int) *Tensor {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("core.New: negative dimension in %v", shape))
		}
		n *= d
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: make([]float32, n)}
}

// FromData wraps data (not copied) as a tensor of the given shape, checking
// that the length matches and no dimension is negative.
func FromData(data []float32, shape ...int) (*Tensor, error) {
	n, err := NumelOf(shape)
	if err != nil {
		return nil, err
	}
	if n != len(data) {
		return nil, fmt.Errorf("data length %d does not match shape %v (%d elements)", len(data), shape, n)
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: data}, nil
}

// Scalar returns a 0-d tensor holding v.
func Scalar(v float32) *Tensor { return &Tensor{Shape: []int{}, Data: []float32{v}} }

// NumelOf is the element count of a shape, or an error for a negative
// dimension or a product past 2^31-1. A zero dimension does not end the
// check (see CheckedProduct): [2147483647, 0, 2] is refused although it holds
// no element.
func NumelOf(shape []int) (int, error) {
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension in shape %v", shape)
		}
	}
	n, ok := CheckedProduct(shape...)
	if !ok {
		return 0, fmt.Errorf("shape %v is too large: its dimensions multiply past 2^31-1", shape)
	}
	return n, nil
}

// Numel is the number of elements.
func (t *Tensor) Numel() int { return len(t.Data) }

// Dims is the number of dimensions.
func (t *Tensor) Dims() int { return len(t.Shape) }

// Dim returns dimension i; negative i counts from the end.
func (t *Tensor) Dim(i int) int {
	if i < 0 {
		i += len(t.Shape)
	}
	return t.Shape[i]
}

// Clone returns a deep copy.
func (t *Tensor) Clone() *Tensor {
	return &Tensor{Shape: append([]int(nil), t.Shape...), Data: append([]float32(nil), t.Data...)}
}

// Reshape returns a view with a new shape over the same data. One dimension
// may be -1 and is inferred.
func (t *Tensor) Reshape(shape ...int) (*Tensor, error) {
	s := append([]int(nil), shape...)
	infer := -1
	known := 1
	for i, d := range s {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			return nil, fmt.Errorf("reshape: invalid dimension %d in %v", d, shape)
		default:
			known *= d
		}
	}
	if infer >= 0 {
		if known == 0 || len(t.Data)%known != 0 {
			return nil, fmt.Errorf("reshape: cannot infer -1 in %v from %d elements", shape, len(t.Data))
		}
		s[infer] = len(t.Data) / known
		known *= s[infer]
	}
	if known != len(t.Data) {
		return nil, fmt.Errorf("reshape: %v has %d elements, tensor has %d", shape, known, len(t.Data))
	}
	return &Tensor{Shape: s, Data: t.Data}, nil
}

// Strides returns the row-major element strides of the shape.
func Strides(shape []int) []int {
	st := make([]int, len(shape))
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		st[i] = s
		s *= shape[i]
	}
	return st
}

// Permute returns a copy with axes reordered: out.Shape[i] = t.Shape[perm[i]].
func (t *Tensor) Permute(perm ...int) (*Tensor, error) {
	n := len(t.Shape)
	if len(perm) != n {
		return nil, fmt.Errorf("permute: %d axes given for a %d-d tensor", len(perm), n)
	}
	seen := make([]bool, n)
	for _, p := range perm {
		if p < 0 || p >= n || seen[p] {
			return nil, fmt.Errorf("permute: %v is not a permutation of %d axes", perm, n)
		}
		seen[p] = true
	}
	inSt := Strides(t.Shape)
	outShape := make([]int, n)
	srcSt := make([]int, n)
	for i, p := range perm {
		outShape[i] = t.Shape[p]
		srcSt[i] = inSt[p]
	}
	out := New(outShape...)
	if len(out.Data) == 0 {
		return out, nil
	}
	idx := make([]int, n)
	src := 0
	for o := range out.Data {
		out.Data[o] = t.Data[src]
		for ax := n - 1; ax >= 0; ax-- {
			idx[ax]++
			src += srcSt[ax]
			if idx[ax] < outShape[ax] {
				break
			}
			src -= srcSt[ax] * outShape[ax]
			idx[ax] = 0
		}
	}
	return out, nil
}

// SameShape reports whether two shapes are equal.
func SameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// CheckFinite returns an error naming the tensor if it holds NaN or ±Inf.
// Fast path: fastmath.AllFinite (vectorised, about memory speed, on every
// core for large tensors); only on failure does the slow scan look for the
// index to name.
func CheckFinite(op, name string, t *Tensor) error {
	if allFinite(t.Data) {
		return nil
	}
	for i, v := range t.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%s: %s holds a non-finite value (%v at flat index %d)", op, name, v, i)
		}
	}
	return nil
}

// CheckShape returns an error unless t has exactly the given dims and as
// many values as its shape holds (tensors built by hand can disagree); a want
// entry of -1 matches any size. names label the dims in the message, e.g.
// "[B,H,S,dk]".
func CheckShape(op, name string, t *Tensor, names string, want ...int) error {
	if t == nil {
		return fmt.Errorf("%s: missing %s", op, name)
	}
	if len(t.Shape) != len(want) {
		return fmt.Errorf("%s: %s must be %d-d %s, got shape %v", op, name, len(want), names, t.Shape)
	}
	if n, err := NumelOf(t.Shape); err != nil || n != len(t.Data) {
		return fmt.Errorf("%s: %s has %d values for shape %v", op, name, len(t.Data), t.Shape)
	}
	for i, w := range want {
		if w >= 0 && t.Shape[i] != w {
			return fmt.Errorf("%s: %s must have shape %s = %v, got %v", op, name, names, fmtWant(want), t.Shape)
		}
	}
	return nil
}

func fmtWant(want []int) string {
	s := "["
	for i, w := range want {
		if i > 0 {
			s += " "
		}
		if w < 0 {
			s += "*"
		} else {
			s += fmt.Sprint(w)
		}
	}
	return s + "]"
}

// CheckData refuses any tensor whose data length disagrees with its shape:
// tensors built by hand (not through FromData) can, and indexing by the shape
// would then read past the data. names[i] labels ts[i]; nil tensors pass
// (presence is the caller's check).
func CheckData(op string, names []string, ts ...*Tensor) error {
	for i, t := range ts {
		if t == nil {
			continue
		}
		n, err := NumelOf(t.Shape)
		if err != nil {
			return fmt.Errorf("%s: %s: %v", op, names[i], err)
		}
		if n != len(t.Data) {
			return fmt.Errorf("%s: %s has %d values for shape %v (%d elements)", op, names[i], len(t.Data), t.Shape, n)
		}
	}
	return nil
}
