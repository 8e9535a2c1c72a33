package ops

import (
	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/embed"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "timestep_embedding",
		Inputs: []string{"timesteps"},
		Params: []string{"embedding_dim", "layout"},
		Run:    timestepRun(embed.TimestepEmbedding),
	})
}

// timestepRun adapts a timestep_embedding computation: timesteps [N],
// embedding_dim and layout in; y [N, dim] out.
func timestepRun(f func(ts []float32, dim int, layout embed.Layout) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
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
		y, err := f(ts.Data, dim, layout)
		return tensorOut("y", y, err)
	}
}
