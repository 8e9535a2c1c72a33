package loss

import (
	"fmt"

	"dlprep/core"
)

// MSE is F.mse_loss(pred, target) with mean reduction, and its gradient
// dL/dpred = 2(pred − target)/n over the n elements: the regression loss a
// layer is trained on (problem 013's LoRA training). pred and target must
// have the same shape, at least one element, and finite values.
func MSE(pred, target *core.Tensor) (float64, *core.Tensor, error) {
	const op = "mse_loss"
	if pred == nil || target == nil {
		return 0, nil, fmt.Errorf("%s: needs pred and target", op)
	}
	if err := core.CheckData(op, []string{"pred", "target"}, pred, target); err != nil {
		return 0, nil, err
	}
	if !core.SameShape(pred.Shape, target.Shape) {
		return 0, nil, fmt.Errorf("%s: pred %v and target %v differ in shape", op, pred.Shape, target.Shape)
	}
	n := len(pred.Data)
	if n == 0 {
		return 0, nil, fmt.Errorf("%s: the mean of no elements (shape %v)", op, pred.Shape)
	}
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"pred", pred}, {"target", target}} {
		if err := core.CheckFinite(op, t.name, t.t); err != nil {
			return 0, nil, err
		}
	}
	grad := core.New(pred.Shape...)
	var sum float64
	k := 2 / float64(n)
	for i, p := range pred.Data {
		d := float64(p) - float64(target.Data[i])
		sum += d * d
		grad.Data[i] = float32(k * d)
	}
	return sum / float64(n), grad, nil
}
