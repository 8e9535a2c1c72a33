package ops

import (
	"dlprep/conformance"
	"dlprep/core/embed"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "patch_embed",
		Inputs: []string{"x", "proj.weight", "proj.bias", "cls_token", "pos_embed"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			y, err := embed.PatchEmbed(in["x"], embed.PatchEmbedWeights{
				Proj: in["proj.weight"], ProjBias: in["proj.bias"], ClsToken: in["cls_token"], PosEmbed: in["pos_embed"]})
			return tensorOut("y", y, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:   "positional_encoding_3d",
		Inputs: []string{"coords"},
		Params: []string{"num_bands"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			l, err := p.Int("num_bands")
			if err != nil {
				return nil, err
			}
			y, err := embed.PositionalEncoding3D(in["coords"], l)
			return tensorOut("y", y, err)
		},
	})
}
