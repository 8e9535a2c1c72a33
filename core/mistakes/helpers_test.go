package mistakes

import (
	"math"
	"math/rand"
	"testing"

	"dlprep/core"
)

// randTensor is a tensor of the shape with N(0, 1) entries from a fixed
// stream, so failures reproduce.
func randTensor(rng *rand.Rand, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

func tensor(t *testing.T, data []float32, shape ...int) *core.Tensor {
	t.Helper()
	x, err := core.FromData(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// maxDiff is the largest |a−b| over two equally long slices; NaN against
// NaN counts as equal, NaN against a number as +Inf.
func maxDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	m := 0.0
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		switch {
		case math.IsNaN(x) && math.IsNaN(y):
		case math.IsNaN(x) || math.IsNaN(y):
			return math.Inf(1)
		case x == y:
		default:
			m = math.Max(m, math.Abs(x-y))
		}
	}
	return m
}

// near reports whether got matches want to tol, element by element
// (NaN matching NaN).
func near(got, want []float32, tol float64) bool { return maxDiff(got, want) <= tol }

func mustNear(t *testing.T, what string, got, want []float32, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s: got %v, want %v (tol %g)", what, got, want, tol)
	}
}

func mustDiffer(t *testing.T, what string, a, b []float32, by float64) {
	t.Helper()
	if d := maxDiff(a, b); !(d > by) {
		t.Errorf("%s: the mistake should differ from the right op by more than %g, max difference %g", what, by, d)
	}
}

func f32(xs ...float64) []float32 {
	out := make([]float32, len(xs))
	for i, x := range xs {
		out[i] = float32(x)
	}
	return out
}
