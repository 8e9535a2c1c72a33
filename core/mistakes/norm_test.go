package mistakes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/norm"
)

func TestBatchNormBiasedRunningVar(t *testing.T) {
	// One channel holding 1 and 3: mean 2, biased variance 1, unbiased 2.
	x := tensor(t, f32(1, 3), 2, 1, 1, 1)
	bn := func(training bool) *norm.BatchNorm2D {
		b := norm.NewBatchNorm2D(1)
		b.Momentum, b.Training = 1, training
		b.RunningVar.Data[0] = 5
		return b
	}
	wrong, right := bn(true), bn(true)
	y, err := BatchNormBiasedRunningVar(wrong, x)
	if err != nil {
		t.Fatal(err)
	}
	ry, _ := right.Forward(x)
	mustNear(t, "y", y.Data, ry.Data, 0)
	mustNear(t, "running_mean", wrong.RunningMean.Data, f32(2), 0)
	mustNear(t, "running_var", wrong.RunningVar.Data, f32(1), 0)
	mustNear(t, "right running_var", right.RunningVar.Data, f32(2), 0)
	// In eval nothing is updated, so nothing differs.
	ev := bn(false)
	if _, err := BatchNormBiasedRunningVar(ev, x); err != nil || ev.RunningVar.Data[0] != 5 {
		t.Errorf("eval: running_var %v, err %v; want 5 untouched", ev.RunningVar.Data, err)
	}
	if _, err := BatchNormBiasedRunningVar(bn(true), core.New(1, 1, 1, 1)); err == nil {
		t.Error("training on one value per channel must be an error")
	}
}

func TestLayerNormUnbiased(t *testing.T) {
	x := tensor(t, f32(1, 3), 1, 2)
	got, err := LayerNormUnbiased(x, nil, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "unbiased", got.Data, f32(-1/math.Sqrt2, 1/math.Sqrt2), 1e-7)
	right, _ := norm.LayerNorm(x, nil, nil, 0)
	mustNear(t, "right", right.Data, f32(-1, 1), 1e-7)
	// γ and β apply after the normalisation; D = 1 is 0/0.
	w, b := tensor(t, f32(2, 2), 2), tensor(t, f32(1, 1), 2)
	got, _ = LayerNormUnbiased(x, w, b, 0)
	mustNear(t, "affine", got.Data, f32(1-math.Sqrt2, 1+math.Sqrt2), 1e-6)
	one, err := LayerNormUnbiased(tensor(t, f32(4), 1, 1), nil, nil, 1e-5)
	if err != nil || !math.IsNaN(float64(one.Data[0])) {
		t.Errorf("D = 1: got %v, %v; want NaN", one.Data, err)
	}
	if _, err := LayerNormUnbiased(x, tensor(t, f32(1, 1, 1), 3), nil, 0); err == nil {
		t.Error("a weight of the wrong length must be an error")
	}
}
