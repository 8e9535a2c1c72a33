package mistakes

import (
	"math"

	"dlprep/core"
	"dlprep/core/norm"
)

// BatchNormBiasedRunningVar is problem 020's mistake: in training, the
// running variance moves toward the biased batch variance σ² (the one used
// to normalise) instead of the unbiased n/(n−1)·σ², so it settles too low.
// y and the running mean are right; in eval nothing differs. Like
// (*norm.BatchNorm2D).Forward it updates bn's running buffers in place.
func BatchNormBiasedRunningVar(bn *norm.BatchNorm2D, x *core.Tensor) (*core.Tensor, error) {
	var before []float32
	if bn.RunningVar != nil {
		before = append(before, bn.RunningVar.Data...)
	}
	y, err := bn.Forward(x)
	if err != nil || !bn.Training {
		return y, err
	}
	b, c, hw := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	n := float64(b * hw)
	for ch := 0; ch < c; ch++ {
		var sum float64
		for bi := 0; bi < b; bi++ {
			for _, v := range x.Data[(bi*c+ch)*hw : (bi*c+ch+1)*hw] {
				sum += float64(v)
			}
		}
		mean := sum / n
		var ss float64
		for bi := 0; bi < b; bi++ {
			for _, v := range x.Data[(bi*c+ch)*hw : (bi*c+ch+1)*hw] {
				ss += (float64(v) - mean) * (float64(v) - mean)
			}
		}
		bn.RunningVar.Data[ch] = float32((1-bn.Momentum)*float64(before[ch]) + bn.Momentum*ss/n)
	}
	return y, nil
}

// LayerNormUnbiased is problem 036's mistake: each row of x [..., D] is
// normalised with the unbiased variance Σ(x−μ)²/(D−1), where LayerNorm
// divides by D. With D = 1 that variance is 0/0 and the row is NaN, as in
// PyTorch. weight and bias [D] may be nil, as for norm.LayerNorm.
func LayerNormUnbiased(x, weight, bias *core.Tensor, eps float64) (*core.Tensor, error) {
	y, err := norm.LayerNorm(x, weight, bias, eps)
	if err != nil {
		return nil, err
	}
	d := x.Shape[x.Dims()-1]
	if d == 0 {
		return y, nil
	}
	for r := 0; r < len(x.Data)/d; r++ {
		row, out := x.Data[r*d:(r+1)*d], y.Data[r*d:(r+1)*d]
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		mean := sum / float64(d)
		var ss float64
		for _, v := range row {
			ss += (float64(v) - mean) * (float64(v) - mean)
		}
		inv := 1 / math.Sqrt(ss/float64(d-1)+eps)
		for i, v := range row {
			o := (float64(v) - mean) * inv
			if weight != nil {
				o *= float64(weight.Data[i])
			}
			if bias != nil {
				o += float64(bias.Data[i])
			}
			out[i] = float32(o)
		}
	}
	return y, nil
}
