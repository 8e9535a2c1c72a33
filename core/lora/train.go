package lora

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/loss"
)

// TrainStep is one step of gradient descent on a LoRA layer's factors:
// the factors it started from, the loss they gave, and their gradients.
type TrainStep struct {
	Loss         float64
	A, B         *core.Tensor // before the update
	GradA, GradB *core.Tensor
}

// TrainTrace is a whole run: every step, then the trained layer (W and
// bias shared with the layer trained, fresh factors) and its loss.
type TrainTrace struct {
	Steps     []TrainStep
	Layer     *Linear
	FinalLoss float64
	LR        float64
}

// MaxTrainSteps bounds a traced run, which keeps every step's factors.
const MaxTrainSteps = 10000

// Train runs steps of plain gradient descent (A −= lr·dL/dA, B −= lr·dL/dB)
// on the mean squared error between l.Forward(x) and target, with W and the
// bias frozen, through Forward, loss.MSE and Backward. l itself is not
// changed: the trace holds the factors of every step and the trained layer.
func Train(l *Linear, x, target *core.Tensor, lr float64, steps int) (*TrainTrace, error) {
	const op = "lora_train"
	if !(lr > 0) || math.IsInf(lr, 0) {
		return nil, fmt.Errorf("%s: learning rate must be a positive number, got %v", op, lr)
	}
	if steps < 0 || steps > MaxTrainSteps {
		return nil, fmt.Errorf("%s: steps must be in [0, %d], got %d", op, MaxTrainSteps, steps)
	}
	cur, err := New(l.W, l.Bias, l.A.Clone(), l.B.Clone(), l.Alpha)
	if err != nil {
		return nil, err
	}
	tr := &TrainTrace{Steps: make([]TrainStep, 0, steps), LR: lr}
	for range steps {
		y, err := cur.Forward(x)
		if err != nil {
			return nil, err
		}
		ls, dy, err := loss.MSE(y, target)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		g, err := cur.Backward(x, dy)
		if err != nil {
			return nil, err
		}
		tr.Steps = append(tr.Steps, TrainStep{Loss: ls, A: cur.A.Clone(), B: cur.B.Clone(), GradA: g.A, GradB: g.B})
		next, err := New(cur.W, cur.Bias, cur.A.Clone(), cur.B.Clone(), cur.Alpha)
		if err != nil {
			return nil, err
		}
		for i, v := range g.A.Data {
			next.A.Data[i] -= float32(lr * float64(v))
		}
		for i, v := range g.B.Data {
			next.B.Data[i] -= float32(lr * float64(v))
		}
		if err := core.CheckFinite(op, "lora_A.weight", next.A); err != nil {
			return nil, fmt.Errorf("%w (diverged at step %d with lr %v)", err, len(tr.Steps), lr)
		}
		if err := core.CheckFinite(op, "lora_B.weight", next.B); err != nil {
			return nil, fmt.Errorf("%w (diverged at step %d with lr %v)", err, len(tr.Steps), lr)
		}
		cur = next
	}
	y, err := cur.Forward(x)
	if err != nil {
		return nil, err
	}
	if tr.FinalLoss, _, err = loss.MSE(y, target); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	tr.Layer = cur
	return tr, nil
}

// Delta is the layer's update (α/r)·B·A [out,in]: Merge minus W, formed
// as the merge of the same factors over a zero base so no rounding of W
// leaks in.
func (l *Linear) Delta() *core.Tensor {
	zero := &Linear{W: core.New(l.W.Shape...), A: l.A, B: l.B, Alpha: l.Alpha}
	return zero.Merge()
}
