package norm

import (
	"fmt"
	"math"

	"dlprep/core"
)

// BatchNorm2D is the state of nn.BatchNorm2d over C channels. In training it
// normalises each channel by the mean and biased variance over (B, H, W) and
// moves the running statistics toward them by Momentum, in place (problem
// 020's pitfall is reassigning the buffers instead); in eval it normalises by
// the running statistics and changes nothing.
type BatchNorm2D struct {
	// Weight (γ) and Bias (β) are [C]; nil means γ = 1, β = 0 (affine=False).
	Weight, Bias *core.Tensor
	// RunningMean and RunningVar are [C]. RunningVar receives the unbiased
	// batch variance n/(n−1)·σ², n = B·H·W.
	RunningMean, RunningVar *core.Tensor
	Eps, Momentum           float64
	Training                bool

	mean, scale []float64 // per-channel scratch reused across calls
}

// NewBatchNorm2D returns nn.BatchNorm2d(c)'s initial state: γ = 1, β = 0,
// running mean 0, running variance 1, eps 1e-5, momentum 0.1, in training.
func NewBatchNorm2D(c int) *BatchNorm2D {
	bn := &BatchNorm2D{Weight: core.New(c), Bias: core.New(c), RunningMean: core.New(c), RunningVar: core.New(c),
		Eps: 1e-5, Momentum: 0.1, Training: true}
	for i := 0; i < c; i++ {
		bn.Weight.Data[i], bn.RunningVar.Data[i] = 1, 1
	}
	return bn
}

// Forward normalises x [B,C,H,W] into a new tensor (see ForwardInto).
func (bn *BatchNorm2D) Forward(x *core.Tensor) (*core.Tensor, error) {
	// The output is only allocated once x is known to be what its shape
	// says and to fit the budget; ForwardInto checks the rest.
	if err := core.CheckShape("batchnorm2d", "x", x, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckBudget("batchnorm2d", core.Float32s("y", x.Shape...), core.Float64s("channel statistics", 2, x.Shape[1])); err != nil {
		return nil, err
	}
	y := &core.Tensor{Shape: append([]int(nil), x.Shape...), Data: make([]float32, len(x.Data))}
	if err := bn.ForwardInto(y, x); err != nil {
		return nil, err
	}
	return y, nil
}

// ForwardInto normalises x [B,C,H,W] into y, which must have x's shape (y
// may be x itself). In training it also updates RunningMean and RunningVar in
// place. Nothing is modified when an error is returned.
func (bn *BatchNorm2D) ForwardInto(y, x *core.Tensor) error {
	const op = "batchnorm2d"
	if err := core.CheckShape(op, "x", x, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return err
	}
	if err := core.CheckData(op, []string{"x", "output", "weight", "bias", "running_mean", "running_var"},
		x, y, bn.Weight, bn.Bias, bn.RunningMean, bn.RunningVar); err != nil {
		return err
	}
	b, c, hw := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	if c == 0 || hw == 0 {
		return fmt.Errorf("%s: x must have at least one channel, row and column, got shape %v", op, x.Shape)
	}
	if y == nil || !core.SameShape(y.Shape, x.Shape) || len(y.Data) != len(x.Data) {
		return fmt.Errorf("%s: output must have x's shape %v", op, x.Shape)
	}
	for _, p := range []struct {
		name string
		t    *core.Tensor
		opt  bool
	}{{"weight", bn.Weight, true}, {"bias", bn.Bias, true}, {"running_mean", bn.RunningMean, false}, {"running_var", bn.RunningVar, false}} {
		if p.t == nil && p.opt {
			continue
		}
		if err := core.CheckShape(op, p.name, p.t, "[C]", c); err != nil {
			return err
		}
		if err := core.CheckFinite(op, p.name, p.t); err != nil {
			return err
		}
	}
	if math.IsNaN(bn.Eps) || bn.Eps < 0 {
		return fmt.Errorf("%s: eps must be a non-negative number, got %v", op, bn.Eps)
	}
	if !(bn.Momentum >= 0 && bn.Momentum <= 1) {
		return fmt.Errorf("%s: momentum must be in [0, 1], got %v", op, bn.Momentum)
	}
	n := b * hw
	if bn.Training && n < 2 {
		return fmt.Errorf("%s: training needs more than one value per channel, got B·H·W = %d (x %v)", op, n, x.Shape)
	}
	if cap(bn.mean) < c {
		bn.mean, bn.scale = make([]float64, c), make([]float64, c)
	}
	mean, scale := bn.mean[:c], bn.scale[:c]
	if bn.Training {
		for ch := 0; ch < c; ch++ {
			m, v, err := channelStats(x.Data, b, c, hw, ch)
			if err != nil {
				return err
			}
			if v+bn.Eps <= 0 {
				return fmt.Errorf("%s: channel %d has zero variance and eps=%v, division by zero", op, ch, bn.Eps)
			}
			mean[ch], scale[ch] = m, v
		}
		// Every check has passed: only now touch the running buffers.
		for ch := 0; ch < c; ch++ {
			v := scale[ch]
			rm, rv := &bn.RunningMean.Data[ch], &bn.RunningVar.Data[ch]
			*rm = float32((1-bn.Momentum)*float64(*rm) + bn.Momentum*mean[ch])
			*rv = float32((1-bn.Momentum)*float64(*rv) + bn.Momentum*v*float64(n)/float64(n-1))
			scale[ch] = 1 / math.Sqrt(v+bn.Eps)
		}
	} else {
		for ch := 0; ch < c; ch++ {
			v := float64(bn.RunningVar.Data[ch]) + bn.Eps
			if v <= 0 {
				return fmt.Errorf("%s: running_var[%d] + eps = %v is not positive", op, ch, v)
			}
		}
		if err := core.CheckFinite(op, "x", x); err != nil {
			return err
		}
		for ch := 0; ch < c; ch++ {
			mean[ch] = float64(bn.RunningMean.Data[ch])
			scale[ch] = 1 / math.Sqrt(float64(bn.RunningVar.Data[ch])+bn.Eps)
		}
	}
	for ch := 0; ch < c; ch++ {
		// y = (x − μ)·(γ/σ) + β; subtracting μ first keeps precision when
		// the mean is large next to the spread.
		a := scale[ch]
		if bn.Weight != nil {
			a *= float64(bn.Weight.Data[ch])
		}
		var d float32
		if bn.Bias != nil {
			d = bn.Bias.Data[ch]
		}
		mf, af := float32(mean[ch]), float32(a)
		for bi := 0; bi < b; bi++ {
			off := (bi*c + ch) * hw
			scaleShift(y.Data[off:off+hw], x.Data[off:off+hw], mf, af, d)
		}
	}
	return nil
}

// channelStats returns the mean and biased variance of channel ch over the
// batch and the plane, in two passes, or an error on a non-finite value.
func channelStats(x []float32, b, c, hw, ch int) (mean, variance float64, err error) {
	var s float64
	for bi := 0; bi < b; bi++ {
		off := (bi*c + ch) * hw
		s += sumF(x[off : off+hw])
	}
	n := b * hw
	if m := s / float64(n); math.IsNaN(m) || math.IsInf(m, 0) {
		return 0, 0, fmt.Errorf("batchnorm2d: x holds a non-finite value in channel %d", ch)
	}
	m32 := float32(s / float64(n))
	var q float64
	for bi := 0; bi < b; bi++ {
		off := (bi*c + ch) * hw
		q += sqDevF(x[off:off+hw], m32)
	}
	mean, variance = meanVar(s, q, m32, n)
	return mean, variance, nil
}
