package ops

import (
	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/lora"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "lora_linear",
		Inputs: []string{"x", "base.weight", "base.bias", "lora_A.weight", "lora_B.weight"},
		Params: []string{"alpha"},
		Run: loraLinearRun(func(w, b, a, bb, x *core.Tensor, alpha float64) (y, merged *core.Tensor, err error) {
			l, err := lora.New(w, b, a, bb, alpha)
			if err != nil {
				return nil, nil, err
			}
			if y, err = l.Forward(x); err != nil {
				return nil, nil, err
			}
			return y, l.Merge(), nil
		}),
	})
	// lora_linear_backward: problem 013's training step, the gradients of
	// the factors and the input with the base frozen (contract in
	// conformance/contract, cases from autograd in fam_lora.py).
	conformance.Register(conformance.Op{
		Name:   "lora_linear_backward",
		Inputs: []string{"x", "base.weight", "base.bias", "lora_A.weight", "lora_B.weight", "grad_y"},
		Params: []string{"alpha"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			alpha, err := p.Float("alpha")
			if err != nil {
				return nil, err
			}
			l, err := lora.New(in["base.weight"], in["base.bias"], in["lora_A.weight"], in["lora_B.weight"], alpha)
			if err != nil {
				return nil, err
			}
			g, err := l.Backward(in["x"], in["grad_y"])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"lora_A.weight.grad": conformance.FromTensor(g.A),
				"lora_B.weight.grad": conformance.FromTensor(g.B), "x.grad": conformance.FromTensor(g.X)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name: "flow_cond_layer",
		Inputs: []string{"x", "t", "time_mlp.0.weight", "time_mlp.0.bias", "time_mlp.2.weight", "time_mlp.2.bias",
			"ada_norm.weight", "ada_norm.bias", "out_layer.weight", "out_layer.bias"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			t := in["t"]
			if err := oneD("flow_cond_layer", "t", t); err != nil {
				return nil, err
			}
			lin := func(name string) diffusion.LinearWeights {
				return diffusion.LinearWeights{W: in[name+".weight"], B: in[name+".bias"]}
			}
			y, err := diffusion.FlowCondLayer(in["x"], t.Data, diffusion.FlowCondWeights{
				TimeMLP0: lin("time_mlp.0"), TimeMLP2: lin("time_mlp.2"), AdaNorm: lin("ada_norm"), OutLayer: lin("out_layer"),
			})
			return tensorOut("y", y, err)
		},
	})
}

// loraLinearRun adapts a lora_linear computation: x, the frozen layer,
// the factors and alpha in; y and merged_weight out.
func loraLinearRun(f func(w, b, a, bb, x *core.Tensor, alpha float64) (y, merged *core.Tensor, err error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		alpha, err := p.Float("alpha")
		if err != nil {
			return nil, err
		}
		y, merged, err := f(in["base.weight"], in["base.bias"], in["lora_A.weight"], in["lora_B.weight"], in["x"], alpha)
		return tensorsOut("y", y, "merged_weight", merged, err)
	}
}
