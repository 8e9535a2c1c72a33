package ops

import (
	"dlprep/conformance"
	"dlprep/core/attention"
)

func init() {
	conformance.Register(conformance.Op{
		Name:     "sdpa",
		Inputs:   []string{"query", "key", "value"},
		Optional: []string{"mask"},
		Params:   []string{"causal"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			causal, err := p.BoolOr("causal", false)
			if err != nil {
				return nil, err
			}
			out, attn, err := attention.SDPA(in["query"], in["key"], in["value"], in["mask"], causal)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"output": conformance.FromTensor(out), "attention": conformance.FromTensor(attn)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "mhsa",
		Inputs: attnLinearInputs("q_proj", "k_proj", "v_proj", "out_proj"),
		Params: []string{"num_heads", "causal"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			heads, err := p.Int("num_heads")
			if err != nil {
				return nil, err
			}
			causal, err := p.BoolOr("causal", false)
			if err != nil {
				return nil, err
			}
			w := attention.MHSAWeights{Q: attnLinear(in, "q_proj"), K: attnLinear(in, "k_proj"), V: attnLinear(in, "v_proj"), Out: attnLinear(in, "out_proj")}
			y, attn, err := attention.MHSA(in["x"], w, heads, causal)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y), "attention": conformance.FromTensor(attn)}, nil
		},
	})
}

// attnLinearInputs lists "x" and NAME.weight, NAME.bias for each layer name.
func attnLinearInputs(names ...string) []string {
	out := []string{"x"}
	for _, n := range names {
		out = append(out, n+".weight", n+".bias")
	}
	return out
}

// attnLinear reads the nn.Linear state_dict entries NAME.weight and NAME.bias.
func attnLinear(in conformance.Inputs, name string) attention.Linear {
	return attention.Linear{W: in[name+".weight"], B: in[name+".bias"]}
}
