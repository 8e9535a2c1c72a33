package ops

import (
	"dlprep/conformance"
	"dlprep/core/embed"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "timestep_embedding",
		Inputs: []string{"timesteps"},
		Params: []string{"embedding_dim", "layout"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			dim, err := p.Int("embedding_dim")
			if err != nil {
				return nil, err
			}
			ls, err := p.StringOr("layout", "interleaved")
			if err != nil {
				return nil, err
			}
			layout, err := embed.ParseLayout(ls)
			if err != nil {
				return nil, err
			}
			ts := in["timesteps"]
			if err := oneD("timestep_embedding", "timesteps", ts); err != nil {
				return nil, err
			}
			y, err := embed.TimestepEmbedding(ts.Data, dim, layout)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
		},
	})
}
