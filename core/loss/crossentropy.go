package loss

import (
	"fmt"
	"math"

	"dlprep/core"
)

// CrossEntropy is F.cross_entropy(logits, targets, label_smoothing=ε) with
// mean reduction, for logits [N,C] and class indices in [0, C). With
// smoothing the target distribution is (1−ε) on the target class plus ε/C on
// every class, so row i costs
//
//	−(1−ε) log p_t − (ε/C) Σ_c log p_c = lse − (1−ε) x_t − ε·mean(x),
//
// written that way to need no per-class buffer. ε must be in [0, 1].
func CrossEntropy(logits *core.Tensor, targets []int, labelSmoothing float64) (float64, error) {
	const op = "cross_entropy"
	if !(labelSmoothing >= 0 && labelSmoothing <= 1) {
		return 0, fmt.Errorf("%s: label_smoothing must be in [0, 1], got %v", op, labelSmoothing)
	}
	n, c, err := checkLogits(op, logits, targets)
	if err != nil {
		return 0, err
	}
	var total float64
	for i := 0; i < n; i++ {
		row := logits.Data[i*c : (i+1)*c]
		lse, sum, err := finiteRow(op, row, i)
		if err != nil {
			return 0, err
		}
		total += lse - (1-labelSmoothing)*float64(row[targets[i]]) - labelSmoothing*sum/float64(c)
	}
	return total / float64(n), nil
}

// LogSoftmaxInto writes log p = x − logsumexp(x) of every row of x [N,C]
// into dst (len N·C), the form every loss here starts from.
func LogSoftmaxInto(dst []float32, x *core.Tensor) error {
	const op = "log_softmax"
	if err := core.CheckShape(op, "x", x, "[N,C]", -1, -1); err != nil {
		return err
	}
	if len(dst) != len(x.Data) {
		return fmt.Errorf("%s: output has %d entries, want %d", op, len(dst), len(x.Data))
	}
	if err := core.CheckData(op, []string{"x"}, x); err != nil {
		return err
	}
	c := x.Shape[1]
	for i := 0; i < x.Shape[0]; i++ {
		row := x.Data[i*c : (i+1)*c]
		lse := LogSumExpRow(row)
		if math.IsNaN(lse) {
			return fmt.Errorf("%s: row %d of x holds NaN", op, i)
		}
		for j, v := range row {
			dst[i*c+j] = float32(float64(v) - lse)
		}
	}
	return nil
}
