package diffusion

import (
	"fmt"
	"math"

	"dlprep/core"
)

// checkUnitInterval refuses a schedule value outside (0, 1] (or (0, 1) when
// one is excluded): ᾱ = 0 would divide by zero, ᾱ > 1 is not a probability.
func checkUnitInterval(op, name string, v float64, allowOne bool) error {
	if math.IsNaN(v) || v <= 0 || v > 1 || (!allowOne && v == 1) {
		if allowOne {
			return fmt.Errorf("%s: %s must be in (0, 1], got %v", op, name, v)
		}
		return fmt.Errorf("%s: %s must be in (0, 1), got %v", op, name, v)
	}
	return nil
}

// checkData refuses a tensor whose data length does not match its shape
// (the ops index by shape, so this would otherwise be an out-of-range read).
func checkData(op, name string, t *core.Tensor) error {
	if t == nil {
		return fmt.Errorf("%s: missing %s", op, name)
	}
	n, err := core.NumelOf(t.Shape)
	if err != nil {
		return fmt.Errorf("%s: %s: %v", op, name, err)
	}
	if n != len(t.Data) {
		return fmt.Errorf("%s: %s has %d values for shape %v (%d)", op, name, len(t.Data), t.Shape, n)
	}
	return nil
}

// checkSame refuses a tensor whose shape differs from x_t's or that holds a
// non-finite value.
func checkSame(op string, xt *core.Tensor, name string, t *core.Tensor) error {
	if t == nil {
		return fmt.Errorf("%s: missing %s", op, name)
	}
	if err := checkData(op, name, t); err != nil {
		return err
	}
	if !core.SameShape(xt.Shape, t.Shape) {
		return fmt.Errorf("%s: %s has shape %v, x_t has %v", op, name, t.Shape, xt.Shape)
	}
	return checkFinite(op, name, t)
}

// checkFinite is core.CheckFinite with a fast path: v−v is 0 for every
// finite v and NaN for NaN or ±Inf, so the sums stay 0 exactly when all
// values are finite. Only on failure does the slow scan name the index.
func checkFinite(op, name string, t *core.Tensor) error {
	if err := checkData(op, name, t); err != nil {
		return err
	}
	var a0, a1, a2, a3 float32
	d := t.Data
	i := 0
	for ; i+4 <= len(d); i += 4 {
		a0 += d[i] - d[i]
		a1 += d[i+1] - d[i+1]
		a2 += d[i+2] - d[i+2]
		a3 += d[i+3] - d[i+3]
	}
	for ; i < len(d); i++ {
		a0 += d[i] - d[i]
	}
	if a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0 {
		return nil
	}
	return core.CheckFinite(op, name, t)
}
