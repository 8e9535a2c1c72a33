package mistakes

import (
	"dlprep/core"
	"dlprep/core/embed"
)

// TimestepFreqOverD is problem 009's mistake: the frequencies are indexed
// over D instead of D/2. Interleaved, PE(t,2i) = sin(t/10000^(i/D)) where
// the exponent should be 2i/D; concatenated, f_i = exp(-ln(10000)·i/(D-1))
// instead of i/(D/2-1). Either way the D/2 frequencies only reach halfway
// down the geometric range, so the slowest one is 100 times too fast.
//
// Those are exactly the first D/2 frequencies of a 2D-wide embedding, so it
// is read from embed.TimestepEmbedding(timesteps, 2D, layout), never
// recomputed here.
func TimestepFreqOverD(timesteps []float32, dim int, layout embed.Layout) (*core.Tensor, error) {
	if _, err := embed.TimestepEmbedding(timesteps, dim, layout); err != nil {
		return nil, err
	}
	wide, err := embed.TimestepEmbedding(timesteps, 2*dim, layout)
	if err != nil {
		return nil, err
	}
	out := core.New(len(timesteps), dim)
	half := dim / 2
	for r := range timesteps {
		src, dst := wide.Data[r*2*dim:(r+1)*2*dim], out.Data[r*dim:(r+1)*dim]
		if layout == embed.Interleaved {
			copy(dst, src[:dim]) // (sin, cos) pairs 0..D/2-1
		} else {
			copy(dst[:half], src[:half])        // sin of the first D/2 frequencies
			copy(dst[half:], src[dim:dim+half]) // their cos
		}
	}
	return out, nil
}
