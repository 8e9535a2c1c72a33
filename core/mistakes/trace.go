package mistakes

import (
	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/embed"
)

// Traces of mistakes whose views show their intermediate tensors: the same
// stages as the right op's trace, computed the mistaken way.

// Conv2DWeightChannelsLastTrace is Conv2DWeightChannelsLast stage by
// stage: WeightRows are the weight's entries in channels-last order, met
// with unfold's (C, k, k) columns; Y is Conv2DWeightChannelsLast's.
func Conv2DWeightChannelsLastTrace(x, weight, bias *core.Tensor, o conv.Options) (*conv.Conv2DStages, error) {
	if _, err := conv.Conv2D(x, weight, bias, o); err != nil {
		return nil, err
	}
	return conv.Conv2DTrace(x, weightChannelsLast(weight), bias, o)
}

// TimestepFreqOverDTrace is TimestepFreqOverD stage by stage: the first
// D/2 frequencies and angles of a 2D-wide embedding, and
// TimestepFreqOverD's output.
func TimestepFreqOverDTrace(timesteps []float32, dim int, layout embed.Layout) (*embed.TimestepStages, error) {
	emb, err := TimestepFreqOverD(timesteps, dim, layout)
	if err != nil {
		return nil, err
	}
	wide, err := embed.TimestepTrace(timesteps, 2*dim, layout)
	if err != nil {
		return nil, err
	}
	half := dim / 2
	ang := core.New(len(timesteps), half)
	for n := range timesteps {
		copy(ang.Data[n*half:(n+1)*half], wide.Angles.Data[n*dim:n*dim+half])
	}
	return &embed.TimestepStages{Freqs: wide.Freqs[:half], Angles: ang, Emb: emb}, nil
}
