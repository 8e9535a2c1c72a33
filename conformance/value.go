package conformance

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Value is an op output, or an expected one, as the runner compares it: a
// shape and its elements in row-major order. The elements live in exactly
// one of three slices, so that nothing is converted or copied on the way:
//   - F32 for a core tensor's float32 data (shared with the tensor, not
//     copied: an output as large as the memory budget must not double);
//   - I64 for counts, indices and booleans from the core, and for expected
//     data written as integer literals, so integers past 2^53 stay exact;
//   - Data, float64, for everything else.
type Value struct {
	Shape []int
	Data  []float64
	F32   []float32
	I64   []int64
	// Int marks indices, counts and booleans, which must match exactly.
	Int bool
}

// Len is the number of elements.
func (v Value) Len() int {
	switch {
	case v.F32 != nil:
		return len(v.F32)
	case v.I64 != nil:
		return len(v.I64)
	}
	return len(v.Data)
}

// At returns element i as a float64 (an int64 beyond 2^53 rounds; Compare
// uses the exact integers when both sides have them).
func (v Value) At(i int) float64 {
	switch {
	case v.F32 != nil:
		return float64(v.F32[i])
	case v.I64 != nil:
		return float64(v.I64[i])
	}
	return v.Data[i]
}

// Float64s returns the elements as float64: Data itself, or a converted
// copy of F32 or I64 (integers past 2^53 round).
func (v Value) Float64s() []float64 {
	if v.F32 == nil && v.I64 == nil {
		return v.Data
	}
	out := make([]float64, v.Len())
	for i := range out {
		out[i] = v.At(i)
	}
	return out
}

// Outputs maps output names to values.
type Outputs map[string]Value

// FromTensor wraps a float32 tensor's data as a Value, without copying it:
// the op's result is handed over, not duplicated.
func FromTensor(t *core.Tensor) Value {
	return Value{Shape: append([]int{}, t.Shape...), F32: t.Data}
}

// FromFloat64s wraps float64 data with a shape.
func FromFloat64s(data []float64, shape ...int) Value {
	return Value{Shape: append([]int{}, shape...), Data: data}
}

// IntScalar is a 0-d integer output.
func IntScalar(v int64) Value { return Value{Shape: []int{}, I64: []int64{v}, Int: true} }

// FloatScalar is a 0-d real output.
func FloatScalar(v float64) Value { return Value{Shape: []int{}, Data: []float64{v}} }

// BoolScalar is a 0-d boolean output (0 or 1).
func BoolScalar(b bool) Value {
	v := IntScalar(0)
	if b {
		v.I64[0] = 1
	}
	return v
}

// IntVector is a 1-d integer output such as kept indices.
func IntVector(xs []int) Value {
	d := make([]int64, len(xs))
	for i, x := range xs {
		d[i] = int64(x)
	}
	return Value{Shape: []int{len(xs)}, I64: d, Int: true}
}

// Ints reads an integer-valued tensor (class ids, targets) as ints, refusing
// non-finite or fractional entries. The conversion doubles the tensor's
// size, so it is held to the core's memory budget like an op's own buffers.
func Ints(op, name string, t *core.Tensor) ([]int, error) {
	if err := core.CheckBudget(op, core.Float64s(name+" as integers", len(t.Data))); err != nil {
		return nil, err
	}
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
