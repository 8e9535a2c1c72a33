package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/mistakes"
)

func init() {
	conformance.Register(conformance.Op{
		Name:     "sdpa",
		Inputs:   []string{"query", "key", "value"},
		Optional: []string{"mask"},
		Params:   []string{"causal"},
		Run:      sdpaRun(attention.SDPA),
	})
	conformance.Register(conformance.Op{
		Name:   "mhsa",
		Inputs: attnLinearInputs("q_proj", "k_proj", "v_proj", "out_proj"),
		Params: []string{"num_heads", "causal"},
		Run:    mhsaRun(attention.MHSA),
	})
	conformance.Register(conformance.Op{
		Name:   "window_attention",
		Inputs: attnLinearInputs("qkv", "proj"),
		Params: []string{"num_heads", "window_size"},
		Run:    windowRun(attention.WindowAttention),
	})
	conformance.Register(conformance.Op{
		Name: "factorized_attention",
		Inputs: []string{"x",
			"spatial.in_proj_weight", "spatial.in_proj_bias", "spatial.out_proj.weight", "spatial.out_proj.bias",
			"temporal.in_proj_weight", "temporal.in_proj_bias", "temporal.out_proj.weight", "temporal.out_proj.bias"},
		Params: []string{"num_heads"},
		Run: factorizedRun(func(x *core.Tensor, w attention.FactorizedWeights, heads int) (*core.Tensor, error) {
			r, err := attention.FactorizedAttention(x, w, heads)
			if err != nil {
				return nil, err
			}
			return r.Y, nil
		}),
	})
	conformance.Register(conformance.Op{
		Name:   "camera_cross_attention",
		Inputs: []string{"x", "cam", "to_q.weight", "to_k.weight", "to_v.weight", "proj.weight", "proj.bias"},
		Params: []string{"num_heads", "mode"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			heads, err := p.Int("num_heads")
			if err != nil {
				return nil, err
			}
			ms, err := p.StringOr("mode", "per_frame")
			if err != nil {
				return nil, err
			}
			mode, err := attention.ParseCameraMode(ms)
			if err != nil {
				return nil, err
			}
			w := attention.CameraWeights{
				Q: attention.Linear{W: in["to_q.weight"]}, K: attention.Linear{W: in["to_k.weight"]},
				V: attention.Linear{W: in["to_v.weight"]}, Proj: attnLinear(in, "proj"),
			}
			y, attn, err := attention.CameraCrossAttention(in["x"], in["cam"], w, heads, mode)
			return tensorsOut("y", y, "attention", attn, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:   "lora_mhsa",
		Inputs: []string{"x", "q_proj.weight", "k_proj.weight", "v_proj.weight", "lora_q_A", "lora_q_B", "lora_v_A", "lora_v_B"},
		Params: []string{"num_heads", "alpha"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			heads, err := p.Int("num_heads")
			if err != nil {
				return nil, err
			}
			alpha, err := p.Float("alpha")
			if err != nil {
				return nil, err
			}
			y, attn, err := attention.LoRAMHSA(in["x"], loraMHSAWeights(in), heads, alpha)
			return tensorsOut("y", y, "attention", attn, err)
		},
	})
}

// sdpaRun adapts an sdpa computation: query, key, value, an optional mask
// and causal in; output and attention out.
func sdpaRun(attend mistakes.AttendFunc) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		causal, err := p.BoolOr("causal", false)
		if err != nil {
			return nil, err
		}
		out, attn, err := attend(in["query"], in["key"], in["value"], in["mask"], causal)
		return tensorsOut("output", out, "attention", attn, err)
	}
}

// mhsaRun adapts an mhsa computation: x, the four nn.Linear layers,
// num_heads and causal in; y and attention out.
func mhsaRun(f func(x *core.Tensor, w attention.MHSAWeights, heads int, causal bool) (y, attn *core.Tensor, err error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		causal, err := p.BoolOr("causal", false)
		if err != nil {
			return nil, err
		}
		w := attention.MHSAWeights{Q: attnLinear(in, "q_proj"), K: attnLinear(in, "k_proj"), V: attnLinear(in, "v_proj"), Out: attnLinear(in, "out_proj")}
		y, attn, err := f(in["x"], w, heads, causal)
		return tensorsOut("y", y, "attention", attn, err)
	}
}

// windowRun adapts a window_attention computation: x, qkv, proj,
// num_heads and window_size [wT, wH, wW] in; y out.
func windowRun(f func(x *core.Tensor, w attention.WindowWeights, heads int, win attention.Window) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		ws, err := p.Ints("window_size")
		if err != nil {
			return nil, err
		}
		if len(ws) != 3 {
			return nil, fmt.Errorf("window_attention: window_size must be [wT, wH, wW], got %v", ws)
		}
		w := attention.WindowWeights{QKV: attnLinear(in, "qkv"), Proj: attnLinear(in, "proj")}
		y, err := f(in["x"], w, heads, attention.Window{T: ws[0], H: ws[1], W: ws[2]})
		return tensorOut("y", y, err)
	}
}

// factorizedRun adapts a factorized_attention computation: x, the spatial
// and temporal nn.MultiheadAttention state and num_heads in; y out.
func factorizedRun(f func(x *core.Tensor, w attention.FactorizedWeights, heads int) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		const op = "factorized_attention"
		var w attention.FactorizedWeights
		for _, m := range []struct {
			name string
			dst  *attention.MHSAWeights
		}{{"spatial", &w.Spatial}, {"temporal", &w.Temporal}} {
			*m.dst, err = attention.SplitInProj(op+": "+m.name, in[m.name+".in_proj_weight"], in[m.name+".in_proj_bias"],
				in[m.name+".out_proj.weight"], in[m.name+".out_proj.bias"])
			if err != nil {
				return nil, err
			}
		}
		y, err := f(in["x"], w, heads)
		return tensorOut("y", y, err)
	}
}

// loraMHSAWeights reads lora_mhsa's frozen projections and adapters.
func loraMHSAWeights(in conformance.Inputs) attention.LoRAWeights {
	return attention.LoRAWeights{
		Q: in["q_proj.weight"], K: in["k_proj.weight"], V: in["v_proj.weight"],
		QA: in["lora_q_A"], QB: in["lora_q_B"], VA: in["lora_v_A"], VB: in["lora_v_B"],
	}
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
