package norm

import (
	"fmt"

	"dlprep/core"
)

// Traces for the visualizer: the statistics each normalisation computes on
// the way, from the same routines the ops use, next to the ops' outputs.

// BatchNormStages are one BatchNorm2D forward pass, stage by stage.
type BatchNormStages struct {
	// Mean and Var are the per-channel statistics y was normalised with
	// [C]: in training the batch mean and biased variance over (B, H, W),
	// in eval the running statistics.
	Mean, Var *core.Tensor
	// VarUnbiased is n/(n−1)·Var with n = B·H·W [C]: what the running
	// variance takes in training (in eval, Var).
	VarUnbiased *core.Tensor
	// N is the number of values per channel, B·H·W.
	N int
	// RunningMean and RunningVar are copies of the running statistics after
	// the pass [C].
	RunningMean, RunningVar *core.Tensor
	// Y is Forward's output [B,C,H,W].
	Y *core.Tensor
}

// Trace runs Forward on x (updating the running statistics in training,
// as Forward does) and returns its stages.
func (bn *BatchNorm2D) Trace(x *core.Tensor) (*BatchNormStages, error) {
	y, err := bn.Forward(x)
	if err != nil {
		return nil, err
	}
	b, c, hw := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	st := &BatchNormStages{Mean: core.New(c), Var: core.New(c), VarUnbiased: core.New(c), N: b * hw,
		RunningMean: bn.RunningMean.Clone(), RunningVar: bn.RunningVar.Clone(), Y: y}
	for ch := 0; ch < c; ch++ {
		if !bn.Training {
			st.Mean.Data[ch], st.Var.Data[ch] = bn.RunningMean.Data[ch], bn.RunningVar.Data[ch]
			st.VarUnbiased.Data[ch] = bn.RunningVar.Data[ch]
			continue
		}
		m, v, err := channelStats(x.Data, b, c, hw, ch)
		if err != nil {
			return nil, err
		}
		st.Mean.Data[ch], st.Var.Data[ch] = float32(m), float32(v)
		st.VarUnbiased.Data[ch] = float32(v * float64(st.N) / float64(st.N-1))
	}
	return st, nil
}

// LayerNormStages are one LayerNorm pass over the rows of x [..., D].
type LayerNormStages struct {
	// Mean and Var are each row's mean and biased variance (over D) [rows].
	Mean, Var *core.Tensor
	// XHat is the normalised x, (x − μ)/√(σ² + ε), before γ and β.
	XHat *core.Tensor
	// Y is LayerNorm's output γ·XHat + β.
	Y *core.Tensor
}

// LayerNormTrace runs LayerNorm and keeps its stages.
func LayerNormTrace(x, weight, bias *core.Tensor, eps float64) (*LayerNormStages, error) {
	y, err := LayerNorm(x, weight, bias, eps)
	if err != nil {
		return nil, err
	}
	xhat, err := LayerNorm(x, nil, nil, eps)
	if err != nil {
		return nil, err
	}
	d := x.Shape[x.Dims()-1]
	if d == 0 {
		return nil, fmt.Errorf("layernorm trace: x %v has no features", x.Shape)
	}
	rows := len(x.Data) / d
	st := &LayerNormStages{Mean: core.New(rows), Var: core.New(rows), XHat: xhat, Y: y}
	for r := 0; r < rows; r++ {
		src := x.Data[r*d : (r+1)*d]
		s := sumF(src)
		m32 := float32(s / float64(d))
		mean, variance := meanVar(s, sqDevF(src, m32), m32, d)
		st.Mean.Data[r], st.Var.Data[r] = float32(mean), float32(variance)
	}
	return st, nil
}
