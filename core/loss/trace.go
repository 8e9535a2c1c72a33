package loss

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/fastmath"
)

// LSEStages are the steps of the stable log-sum-exp of one row, in the
// order problem 022 computes them, for a view that shows each one (and a
// test that ties what it shows to LogSumExpRow, which runs the same kernels
// without keeping the intermediates).
type LSEStages struct {
	X       []float32 // the row
	Max     float32   // m = max x
	Shifted []float32 // x − m, every entry ≤ 0
	// Exp are the terms e^(x−m) in (0, 1], the largest exactly 1; Sum is
	// their float32 sum (fastmath's lanes, as LogSumExpRow adds them).
	Exp []float32
	Sum float32
	Log float64 // log Σ, in float64
	LSE float64 // m + log Σ: equal to LogSumExpRow(X)
}

// LogSumExpTrace computes the stable log-sum-exp of row keeping every
// stage. The row must be non-empty and finite.
func LogSumExpTrace(row []float32) (*LSEStages, error) {
	const op = "logsumexp"
	if len(row) == 0 {
		return nil, fmt.Errorf("%s: empty row", op)
	}
	m, sum := fastmath.MaxSum(row)
	if math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil, fmt.Errorf("%s: the row holds a non-finite value", op)
	}
	st := &LSEStages{X: append([]float32(nil), row...), Max: m,
		Shifted: make([]float32, len(row)), Exp: make([]float32, len(row))}
	for i, v := range row {
		st.Shifted[i] = v - m
	}
	// The same kernel as SumExpSubMax, storing the terms: the sum is the
	// one LogSumExpRow takes the log of.
	st.Sum = fastmath.ExpSubMaxSum(st.Exp, row, m)
	st.Log = math.Log(float64(st.Sum))
	st.LSE = float64(m) + st.Log
	return st, nil
}

// FocalRow is one sample of the focal loss (problem 024), stage by stage:
// its log-probability of the target from log-softmax, p_t, the modulating
// factor (1 − p_t)^γ, the cross-entropy −log p_t of the same target and the
// focal loss α_t·factor·CE.
type FocalRow struct {
	LogPt, Pt     float64
	Factor, Alpha float64
	CE, Focal     float64
}

// FocalTrace is FocalLoss row by row: the mean of the rows' Focal is
// FocalLoss(logits, targets, f) and the mean of their CE is
// CrossEntropy(logits, targets, 0).
func FocalTrace(logits *core.Tensor, targets []int, f Focal) ([]FocalRow, error) {
	const op = "focal_loss"
	if _, err := FocalLoss(logits, targets, f); err != nil {
		return nil, err
	}
	n, c := logits.Shape[0], logits.Shape[1]
	out := make([]FocalRow, n)
	for i := range n {
		row := logits.Data[i*c : (i+1)*c]
		lse, _, err := finiteRow(op, row, i)
		if err != nil {
			return nil, err
		}
		r := &out[i]
		r.LogPt = float64(row[targets[i]]) - lse
		r.Pt = math.Exp(r.LogPt)
		r.Factor = math.Pow(-math.Expm1(r.LogPt), f.Gamma)
		r.Alpha = f.Alpha
		if f.ClassAlpha != nil {
			r.Alpha = float64(f.ClassAlpha.Data[targets[i]])
		}
		r.CE = -r.LogPt
		r.Focal = r.Alpha * r.Factor * r.CE
	}
	return out, nil
}

// InfoNCEStages are problem 021's intermediates: the normalised views, the
// masked similarity matrix, each row's softmax over its candidates, its
// positive and its term of the loss.
type InfoNCEStages struct {
	N, D int
	// Z is [z_i; z_j] with every row L2-normalised [2N,D].
	Z []float32
	// Sim is S = Z Zᵀ/τ with the diagonal set to InfoNCEMask [2N,2N].
	Sim []float32
	// Prob is the softmax of each row of Sim [2N,2N] (0 on the diagonal).
	Prob []float32
	// Pos[r] is row r's positive: r + N, or r − N.
	Pos []int
	// RowLoss[r] is logsumexp(S_r) − S_r,pos; Loss is their mean, equal to
	// InfoNCE's.
	RowLoss []float64
	Loss    float64
}

// InfoNCETrace runs InfoNCE keeping its stages (from the workspace the
// production op fills) and each row's softmax and loss term.
func InfoNCETrace(zi, zj *core.Tensor, temperature float64) (*InfoNCEStages, error) {
	var ws InfoNCEWorkspace
	loss, err := ws.InfoNCE(zi, zj, temperature)
	if err != nil {
		return nil, err
	}
	sim, m := ws.Logits()
	n, d := zi.Shape[0], zi.Shape[1]
	st := &InfoNCEStages{N: n, D: d, Z: append([]float32(nil), ws.z...), Sim: append([]float32(nil), sim...),
		Pos: make([]int, m), Loss: loss}
	for r := range m {
		st.Pos[r] = (r + n) % m
	}
	s, err := core.FromData(st.Sim, m, m)
	if err != nil {
		return nil, err
	}
	if st.Prob, st.RowLoss, err = SoftmaxCE(s, st.Pos); err != nil {
		return nil, err
	}
	return st, nil
}

// SoftmaxCE is cross-entropy row by row: each row's softmax over its
// classes (from its log-sum-exp, so any finite logits do) and its loss
// lse − x_t. The mean of the row losses is CrossEntropy(logits, targets, 0);
// the softmax is what a view of the loss draws.
func SoftmaxCE(logits *core.Tensor, targets []int) (prob []float32, rowLoss []float64, err error) {
	const op = "cross_entropy"
	n, c, err := checkLogits(op, logits, targets)
	if err != nil {
		return nil, nil, err
	}
	prob, rowLoss = make([]float32, n*c), make([]float64, n)
	for i := range n {
		row := logits.Data[i*c : (i+1)*c]
		lse, _, err := finiteRow(op, row, i)
		if err != nil {
			return nil, nil, err
		}
		rowLoss[i] = lse - float64(row[targets[i]])
		for j, v := range row {
			prob[i*c+j] = float32(math.Exp(float64(v) - lse))
		}
	}
	return prob, rowLoss, nil
}
