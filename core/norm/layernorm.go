package norm

import (
	"fmt"
	"math"

	"dlprep/core"
)

// LayerNorm is nn.LayerNorm(D) (problem 036): each row of x [..., D] is
// normalised by its own mean and biased variance over the last axis, then
// scaled by weight [D] and shifted by bias [D] (either may be nil).
func LayerNorm(x, weight, bias *core.Tensor, eps float64) (*core.Tensor, error) {
	if x == nil || x.Dims() < 1 {
		return nil, fmt.Errorf("layernorm: x must have at least one dimension [..., D]")
	}
	if err := core.CheckData("layernorm", []string{"x"}, x); err != nil {
		return nil, err
	}
	if err := core.CheckBudget("layernorm", core.Float32s("y", x.Shape...)); err != nil {
		return nil, err
	}
	y := &core.Tensor{Shape: append([]int(nil), x.Shape...), Data: make([]float32, len(x.Data))}
	if err := LayerNormInto(y, x, weight, bias, eps); err != nil {
		return nil, err
	}
	return y, nil
}

// LayerNormInto is LayerNorm writing into y, which must have x's shape (y
// may be x itself); it allocates nothing.
func LayerNormInto(y, x, weight, bias *core.Tensor, eps float64) error {
	const op = "layernorm"
	if x == nil || x.Dims() < 1 {
		return fmt.Errorf("%s: x must have at least one dimension [..., D]", op)
	}
	if err := core.CheckData(op, []string{"x", "output", "weight", "bias"}, x, y, weight, bias); err != nil {
		return err
	}
	d := x.Shape[x.Dims()-1]
	if y == nil || !core.SameShape(y.Shape, x.Shape) || len(y.Data) != len(x.Data) {
		return fmt.Errorf("%s: output must have x's shape %v", op, x.Shape)
	}
	if weight != nil {
		if err := core.CheckShape(op, "weight", weight, "[D]", d); err != nil {
			return err
		}
		if err := core.CheckFinite(op, "weight", weight); err != nil {
			return err
		}
	}
	if bias != nil {
		if err := core.CheckShape(op, "bias", bias, "[D]", d); err != nil {
			return err
		}
		if err := core.CheckFinite(op, "bias", bias); err != nil {
			return err
		}
	}
	if math.IsNaN(eps) || eps < 0 {
		return fmt.Errorf("%s: eps must be a non-negative number, got %v", op, eps)
	}
	if d == 0 {
		return fmt.Errorf("%s: the normalised width D must be positive, got x %v", op, x.Shape)
	}
	var w, b []float32
	if weight != nil {
		w = weight.Data
	}
	if bias != nil {
		b = bias.Data
	}
	rows := len(x.Data) / d
	for r := 0; r < rows; r++ {
		src, dst := x.Data[r*d:(r+1)*d], y.Data[r*d:(r+1)*d]
		s := sumF(src)
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("%s: row %d of x holds a non-finite value", op, r)
		}
		m32 := float32(s / float64(d))
		mean, variance := meanVar(s, sqDevF(src, m32), m32, d)
		v := variance + eps
		if v <= 0 {
			return fmt.Errorf("%s: row %d has zero variance and eps=%v, division by zero", op, r, eps)
		}
		normRow(dst, src, w, b, float32(mean), float32(1/math.Sqrt(v)))
	}
	return nil
}
