package loss

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/fastmath"
)

// LogSumExpRow is log Σ exp(row) computed as max + log Σ exp(x − max) in
// float64, so the largest term is exp(0) = 1 and nothing overflows. A row
// whose maximum is −Inf (or that is empty) gives −Inf and one holding +Inf
// gives +Inf, as torch.logsumexp does; NaN propagates (callers check).
func LogSumExpRow(row []float32) float64 {
	lse, _ := rowStats(row)
	return lse
}

// rowStats returns the row's log-sum-exp and, from the same pass that finds
// the maximum, the float64 sum of its entries (label smoothing needs it, and
// it is finite exactly when every entry is). The exponentials run in float32
// through fastmath, 8 lanes at a time: each term e^(x−max) is within an ulp,
// and the largest is exactly 1, so their float32 sum is good to a few ulps
// before the float64 log.
func rowStats(row []float32) (lse, sum float64) {
	m, sum := fastmath.MaxSum(row)
	mf := float64(m)
	if mf != mf {
		return mf, mf
	}
	if math.IsInf(mf, 0) {
		return mf, sum
	}
	return mf + math.Log(float64(fastmath.SumExpSubMax(row, m))), sum
}

// LogSumExp is torch.logsumexp(x, dim=1) for x [N,C]: y [N].
func LogSumExp(x *core.Tensor) (*core.Tensor, error) {
	const op = "logsumexp"
	if err := core.CheckShape(op, "x", x, "[N,C]", -1, -1); err != nil {
		return nil, err
	}
	// Refused before y is allocated: x [2147483647, 0] holds nothing but
	// would ask for an 8 GiB y.
	if x.Shape[1] == 0 && x.Shape[0] > 0 {
		return nil, fmt.Errorf("%s: x has no classes (shape %v)", op, x.Shape)
	}
	if err := core.CheckBudget(op, core.Float32s("y", x.Shape[0])); err != nil {
		return nil, err
	}
	y := core.New(x.Shape[0])
	if err := LogSumExpInto(y.Data, x); err != nil {
		return nil, err
	}
	return y, nil
}

// LogSumExpInto writes the row-wise log-sum-exp of x [N,C] into dst [N]
// without allocating. NaN anywhere in x, or a row with no classes, is an
// error.
func LogSumExpInto(dst []float32, x *core.Tensor) error {
	const op = "logsumexp"
	if err := core.CheckShape(op, "x", x, "[N,C]", -1, -1); err != nil {
		return err
	}
	if err := core.CheckData(op, []string{"x"}, x); err != nil {
		return err
	}
	n, c := x.Shape[0], x.Shape[1]
	if len(dst) != n {
		return fmt.Errorf("%s: output has %d entries, want N=%d", op, len(dst), n)
	}
	if c == 0 && n > 0 {
		return fmt.Errorf("%s: x has no classes (shape %v)", op, x.Shape)
	}
	for i := 0; i < n; i++ {
		v := LogSumExpRow(x.Data[i*c : (i+1)*c])
		if math.IsNaN(v) {
			return fmt.Errorf("%s: row %d of x holds NaN", op, i)
		}
		dst[i] = float32(v)
	}
	return nil
}

// checkLogits validates logits [N,C] with N ≥ 1, C ≥ 1 and targets in
// [0, C), as every classification loss here needs; finiteness is checked row
// by row (finiteRow) in the same pass as the log-sum-exp.
func checkLogits(op string, logits *core.Tensor, targets []int) (n, c int, err error) {
	if err := core.CheckShape(op, "logits", logits, "[N,C]", -1, -1); err != nil {
		return 0, 0, err
	}
	if err := core.CheckData(op, []string{"logits"}, logits); err != nil {
		return 0, 0, err
	}
	n, c = logits.Shape[0], logits.Shape[1]
	if n == 0 || c == 0 {
		return 0, 0, fmt.Errorf("%s: logits must have at least one row and one class, got shape %v", op, logits.Shape)
	}
	if len(targets) != n {
		return 0, 0, fmt.Errorf("%s: %d targets for N=%d rows of logits", op, len(targets), n)
	}
	for i, t := range targets {
		if t < 0 || t >= c {
			return 0, 0, fmt.Errorf("%s: target %d at index %d is out of range [0, %d)", op, t, i, c)
		}
	}
	return n, c, nil
}

// finiteRow returns the row's log-sum-exp and entry sum, or an error if the
// row holds NaN or ±Inf. A float64 sum of float32 values cannot overflow, so
// it is non-finite exactly when an entry is: the check costs no extra pass.
func finiteRow(op string, row []float32, i int) (lse, sum float64, err error) {
	lse, sum = rowStats(row)
	if math.IsNaN(sum) || math.IsInf(sum, 0) {
		return 0, 0, fmt.Errorf("%s: logits row %d holds a non-finite value", op, i)
	}
	return lse, sum, nil
}

// NaiveLogSumExpRow is problem 022's pitfall kept for comparison: log Σ exp
// in float32 without subtracting the maximum. exp overflows float32 beyond
// x ≈ 88.7, so a row holding a logit of 90 already gives +Inf, and a row of
// logits all below ≈ −103 underflows to log 0 = −Inf.
func NaiveLogSumExpRow(row []float32) float32 {
	var s float32
	for _, v := range row {
		s += float32(math.Exp(float64(v)))
	}
	return float32(math.Log(float64(s)))
}
