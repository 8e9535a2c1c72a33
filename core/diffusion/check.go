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
	return core.CheckData(op, []string{name}, t)
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

// checkFinite checks the data length, then finiteness.
func checkFinite(op, name string, t *core.Tensor) error {
	if err := checkData(op, name, t); err != nil {
		return err
	}
	return core.CheckFinite(op, name, t)
}
