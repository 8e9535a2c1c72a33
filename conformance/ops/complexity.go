package ops

import (
	"dlprep/conformance"
	"dlprep/core/complexity"
)

// int64Params reads required integer params in order.
func int64Params(p conformance.Params, names ...string) ([]int64, error) {
	out := make([]int64, len(names))
	for i, n := range names {
		v, err := p.Int(n)
		if err != nil {
			return nil, err
		}
		out[i] = int64(v)
	}
	return out, nil
}

func init() {
	conformance.Register(conformance.Op{
		Name:   "mhsa_flops",
		Params: []string{"n", "d", "heads"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			v, err := int64Params(p, "n", "d", "heads")
			if err != nil {
				return nil, err
			}
			c, err := complexity.MHSAFlops(v[0], v[1], v[2])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{
				"projections":       conformance.IntScalar(c.Projections),
				"scores":            conformance.IntScalar(c.Scores),
				"weighted_sum":      conformance.IntScalar(c.WeightedSum),
				"output_projection": conformance.IntScalar(c.OutputProjection),
				"total":             conformance.IntScalar(c.Total),
			}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "lora_costs",
		Params: []string{"d_in", "d_out", "r", "N", "L"},
		Run:    loraCostsRun(complexity.LoRACosts),
	})
	conformance.Register(conformance.Op{
		Name:   "cnn_vit_flops",
		Params: []string{"N", "C", "K", "T", "Kt"},
		Run:    cnnViTRun(complexity.CNNViTFlops),
	})
}

// loraCostsRun adapts a lora_costs count: d_in, d_out, r, N and L in; the
// parameter and FLOP counts out.
func loraCostsRun(f func(dIn, dOut, r, n, l int64) (complexity.LoRACost, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		v, err := int64Params(p, "d_in", "d_out", "r", "N", "L")
		if err != nil {
			return nil, err
		}
		c, err := f(v[0], v[1], v[2], v[3], v[4])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"params_full":       conformance.IntScalar(c.ParamsFull),
			"params_lora":       conformance.IntScalar(c.ParamsLoRA),
			"flops_full":        conformance.IntScalar(c.FlopsFull),
			"flops_lora":        conformance.IntScalar(c.FlopsLoRA),
			"flops_merge_first": conformance.IntScalar(c.FlopsMergeFirst),
		}, nil
	}
}

// cnnViTRun adapts a cnn_vit_flops count: N, C, K and optional T (1) and
// Kt (K) in; the FLOPs of each layer and the crossover out.
func cnnViTRun(f func(n, ch, k, t, kt int64) (complexity.CNNViTCost, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		v, err := int64Params(p, "N", "C", "K")
		if err != nil {
			return nil, err
		}
		t, err := p.IntOr("T", 1)
		if err != nil {
			return nil, err
		}
		kt, err := p.IntOr("Kt", int(v[2]))
		if err != nil {
			return nil, err
		}
		c, err := f(v[0], v[1], v[2], int64(t), int64(kt))
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"conv2d":               conformance.IntScalar(c.Conv2D),
			"attention":            conformance.IntScalar(c.Attention),
			"crossover_N":          conformance.IntScalar(c.CrossoverN),
			"conv3d":               conformance.IntScalar(c.Conv3D),
			"attention_st":         conformance.IntScalar(c.AttentionST),
			"attention_factorized": conformance.IntScalar(c.AttentionFactorized),
		}, nil
	}
}
