package conformance

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Value is an op output as the runner compares it: a shape and float64 data in
// row-major order. float64 keeps integer outputs (FLOP counts beyond 2^24)
// exact.
type Value struct {
	Shape []int
	Data  []float64
	// Int marks indices, counts and booleans, which must match exactly.
	Int bool
}

// Outputs maps output names to values.
type Outputs map[string]Value

// FromTensor converts a float32 tensor to a Value.
func FromTensor(t *core.Tensor) Value {
	d := make([]float64, len(t.Data))
	for i, v := range t.Data {
		d[i] = float64(v)
	}
	return Value{Shape: append([]int{}, t.Shape...), Data: d}
}

// FromFloat64s wraps float64 data with a shape.
func FromFloat64s(data []float64, shape ...int) Value {
	return Value{Shape: append([]int{}, shape...), Data: data}
}

// IntScalar is a 0-d integer output.
func IntScalar(v int64) Value { return Value{Shape: []int{}, Data: []float64{float64(v)}, Int: true} }

// FloatScalar is a 0-d real output.
func FloatScalar(v float64) Value { return Value{Shape: []int{}, Data: []float64{v}} }

// BoolScalar is a 0-d boolean output (0 or 1).
func BoolScalar(b bool) Value {
	v := IntScalar(0)
	if b {
		v.Data[0] = 1
	}
	return v
}

// IntVector is a 1-d integer output such as kept indices.
func IntVector(xs []int) Value {
	d := make([]float64, len(xs))
	for i, x := range xs {
		d[i] = float64(x)
	}
	return Value{Shape: []int{len(xs)}, Data: d, Int: true}
}

// Ints reads an integer-valued tensor (class ids, targets) as ints, refusing
// non-finite or fractional entries.
func Ints(op, name string, t *core.Tensor) ([]int, error) {
	out := make([]int, len(t.Data))
	for i, v := range t.Data {
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1<<30 {
			return nil, fmt.Errorf("%s: %s must hold integers, got %v at index %d", op, name, v, i)
		}
		out[i] = int(f)
	}
	return out, nil
}
