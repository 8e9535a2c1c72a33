package loss

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Focal holds focal loss's hyper-parameters.
type Focal struct {
	// Gamma is the focusing exponent γ ≥ 0 (2 in the paper); γ = 0 with
	// α = 1 is plain cross-entropy.
	Gamma float64
	// Alpha is the class weight α used for every class when ClassAlpha is
	// nil.
	Alpha float64
	// ClassAlpha, if set, is a per-class weight [C]; α_t is its entry at
	// the target class.
	ClassAlpha *core.Tensor
}

// DefaultFocal is γ = 2, α = 1.
func DefaultFocal() Focal { return Focal{Gamma: 2, Alpha: 1} }

// FocalLoss is problem 024: the mean over rows of −α_t (1 − p_t)^γ log p_t
// for logits [N,C] and targets in [0, C). log p_t comes from log-softmax and
// 1 − p_t = −expm1(log p_t), so a confident row neither takes the log of a
// rounded-to-zero probability nor loses 1 − p_t to cancellation.
func FocalLoss(logits *core.Tensor, targets []int, f Focal) (float64, error) {
	const op = "focal_loss"
	if math.IsNaN(f.Gamma) || math.IsInf(f.Gamma, 0) || f.Gamma < 0 {
		return 0, fmt.Errorf("%s: gamma must be a finite number ≥ 0, got %v", op, f.Gamma)
	}
	if math.IsNaN(f.Alpha) || math.IsInf(f.Alpha, 0) {
		return 0, fmt.Errorf("%s: alpha must be finite, got %v", op, f.Alpha)
	}
	n, c, err := checkLogits(op, logits, targets)
	if err != nil {
		return 0, err
	}
	if f.ClassAlpha != nil {
		if err := core.CheckShape(op, "alpha", f.ClassAlpha, "[C]", c); err != nil {
			return 0, err
		}
		if err := core.CheckData(op, []string{"alpha"}, f.ClassAlpha); err != nil {
			return 0, err
		}
		if err := core.CheckFinite(op, "alpha", f.ClassAlpha); err != nil {
			return 0, err
		}
	}
	var total float64
	for i := 0; i < n; i++ {
		row := logits.Data[i*c : (i+1)*c]
		t := targets[i]
		lse, _, err := finiteRow(op, row, i)
		if err != nil {
			return 0, err
		}
		logp := float64(row[t]) - lse
		alpha := f.Alpha
		if f.ClassAlpha != nil {
			alpha = float64(f.ClassAlpha.Data[t])
		}
		total += -alpha * math.Pow(-math.Expm1(logp), f.Gamma) * logp
	}
	return total / float64(n), nil
}
