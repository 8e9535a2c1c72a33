package attention

import (
	"fmt"

	"dlprep/core"
)

// Linear is the weight of one nn.Linear: W is [out, in] and B is [out], or
// nil for a layer without bias (to_q, the LoRA base projections).
type Linear struct {
	W, B *core.Tensor
}

// check refuses a weight that is not [out, in] or a bias that is not [out],
// or either holding NaN or ±Inf. The names of the messages are built only
// once a check has failed: a concatenation on the success path would
// allocate on every call.
func (l Linear) check(op, name string, out, in int) error {
	if err := l.checkShape(op, name, out, in); err != nil {
		return err
	}
	return l.checkFinite(op, name)
}

// checkShape is check without the values.
func (l Linear) checkShape(op, name string, out, in int) error {
	if l.W == nil || len(l.W.Shape) != 2 || l.W.Shape[0] != out || l.W.Shape[1] != in || len(l.W.Data) != out*in {
		if err := core.CheckShape(op, name+".weight", l.W, "[out,in]", out, in); err != nil {
			return err
		}
	}
	if l.B != nil && (len(l.B.Shape) != 1 || l.B.Shape[0] != out || len(l.B.Data) != out) {
		if err := core.CheckShape(op, name+".bias", l.B, "[out]", out); err != nil {
			return err
		}
	}
	return nil
}

// checkFinite refuses a weight or bias holding NaN or ±Inf.
func (l Linear) checkFinite(op, name string) error {
	if core.CheckFinite(op, name, l.W) != nil {
		return core.CheckFinite(op, name+".weight", l.W)
	}
	if l.B != nil && core.CheckFinite(op, name, l.B) != nil {
		return core.CheckFinite(op, name+".bias", l.B)
	}
	return nil
}

// apply writes dst[rows, out] = src[rows, in]·Wᵀ + B. The caller has checked
// the shapes; dst is fully overwritten, so it may be a reused buffer.
func (l Linear) apply(dst, src []float32, rows int) {
	out, in := l.W.Shape[0], l.W.Shape[1]
	beta := float32(0)
	if l.B != nil {
		for r := 0; r < rows; r++ {
			copy(dst[r*out:(r+1)*out], l.B.Data)
		}
		beta = 1
	}
	core.Gemm(false, true, rows, out, in, 1, src, max(in, 1), l.W.Data, max(in, 1), beta, dst, max(out, 1))
}

// SplitInProj views the packed projection of nn.MultiheadAttention
// (in_proj_weight [3C, C], in_proj_bias [3C]: q rows, then k, then v) and
// its out_proj as MHSAWeights, without copying; op prefixes the errors.
func SplitInProj(op string, inW, inB, outW, outB *core.Tensor) (MHSAWeights, error) {
	if inW == nil || inW.Dims() != 2 || inW.Shape[0]%3 != 0 {
		var shape []int
		if inW != nil {
			shape = inW.Shape
		}
		return MHSAWeights{}, fmt.Errorf("%s: in_proj_weight must be [3C,C], got %v", op, shape)
	}
	c := inW.Shape[0] / 3
	if err := core.CheckShape(op, "in_proj_weight", inW, "[3C,C]", 3*c, c); err != nil {
		return MHSAWeights{}, err
	}
	if inB != nil {
		if err := core.CheckShape(op, "in_proj_bias", inB, "[3C]", 3*c); err != nil {
			return MHSAWeights{}, err
		}
	}
	var w MHSAWeights
	for i, l := range []*Linear{&w.Q, &w.K, &w.V} {
		l.W = &core.Tensor{Shape: []int{c, c}, Data: inW.Data[i*c*c : (i+1)*c*c]}
		if inB != nil {
			l.B = &core.Tensor{Shape: []int{c}, Data: inB.Data[i*c : (i+1)*c]}
		}
	}
	w.Out = Linear{W: outW, B: outB}
	return w, nil
}
