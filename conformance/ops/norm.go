package ops

import (
	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/norm"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "batchnorm2d",
		Inputs: []string{"x", "weight", "bias", "running_mean", "running_var"},
		Params: []string{"eps", "momentum", "training"},
		Run:    batchNormRun((*norm.BatchNorm2D).Forward),
	})
	conformance.Register(conformance.Op{
		Name:   "layernorm",
		Inputs: []string{"x", "weight", "bias"},
		Params: []string{"eps"},
		Run:    layerNormRun(norm.LayerNorm),
	})
}

// batchNormRun adapts a batchnorm2d computation: x, the affine parameters,
// the running statistics, eps, momentum and training in; y and the updated
// running statistics out.
func batchNormRun(f func(bn *norm.BatchNorm2D, x *core.Tensor) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		bn := &norm.BatchNorm2D{Weight: in["weight"], Bias: in["bias"],
			// The op updates its buffers in place; the case's own
			// tensors stay as they were decoded.
			RunningMean: in["running_mean"].Clone(), RunningVar: in["running_var"].Clone()}
		var err error
		if bn.Eps, err = p.FloatOr("eps", 1e-5); err != nil {
			return nil, err
		}
		if bn.Momentum, err = p.FloatOr("momentum", 0.1); err != nil {
			return nil, err
		}
		if bn.Training, err = p.BoolOr("training", false); err != nil {
			return nil, err
		}
		y, err := f(bn, in["x"])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"y": conformance.FromTensor(y),
			"running_mean": conformance.FromTensor(bn.RunningMean),
			"running_var":  conformance.FromTensor(bn.RunningVar)}, nil
	}
}

// layerNormRun adapts a layernorm computation: x, weight, bias and eps in;
// y out.
func layerNormRun(f func(x, w, b *core.Tensor, eps float64) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		eps, err := p.FloatOr("eps", 1e-5)
		if err != nil {
			return nil, err
		}
		y, err := f(in["x"], in["weight"], in["bias"], eps)
		return tensorOut("y", y, err)
	}
}
