package embed

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Traces for the visualizer: the frequencies and angles each embedding
// forms on the way, rounded as the ops round them, next to the ops'
// outputs.

// TimestepStages are problem 009's stages for N timesteps.
type TimestepStages struct {
	// Freqs are the D/2 angular frequencies of the layout.
	Freqs []float64
	// Angles are t·f_i as float32, as PyTorch's t[:, None] * freqs[None]
	// forms them [N, D/2].
	Angles *core.Tensor
	// Emb is TimestepEmbedding's output [N, D]: sin and cos of Angles,
	// interleaved or concatenated.
	Emb *core.Tensor
}

// TimestepTrace runs TimestepEmbedding and keeps its frequencies and
// angles.
func TimestepTrace(timesteps []float32, dim int, layout Layout) (*TimestepStages, error) {
	emb, err := TimestepEmbedding(timesteps, dim, layout)
	if err != nil {
		return nil, err
	}
	freqs, err := Frequencies(dim, layout)
	if err != nil {
		return nil, err
	}
	half := dim / 2
	ang := core.New(len(timesteps), half)
	for n, t := range timesteps {
		for i, f := range freqs {
			ang.Data[n*half+i] = t * float32(f)
		}
	}
	return &TimestepStages{Freqs: freqs, Angles: ang, Emb: emb}, nil
}

// PosEncStages are problem 035's stages for coords [B,N,3] and L bands.
type PosEncStages struct {
	// Freqs are 2^l·π as float32 [L].
	Freqs []float32
	// Angles are coords[..., None] * Freqs, float32 [B,N,3,L].
	Angles *core.Tensor
	// Sin and Cos are their sines and cosines [B,N,3,L]; flattened over
	// the last two axes they are the sin and cos blocks of Y.
	Sin, Cos *core.Tensor
	// Y is PositionalEncoding3D's output [B,N,3+6L].
	Y *core.Tensor
}

// PositionalEncoding3DTrace runs PositionalEncoding3D and keeps the
// broadcast angles and their sines and cosines.
func PositionalEncoding3DTrace(coords *core.Tensor, numBands int) (*PosEncStages, error) {
	y, err := PositionalEncoding3D(coords, numBands)
	if err != nil {
		return nil, err
	}
	b, n, l := coords.Shape[0], coords.Shape[1], numBands
	st := &PosEncStages{Freqs: make([]float32, l), Angles: core.New(b, n, 3, l), Sin: core.New(b, n, 3, l),
		Cos: core.New(b, n, 3, l), Y: y}
	for i := range st.Freqs {
		st.Freqs[i] = float32(math.Ldexp(1, i)) * float32(math.Pi)
	}
	for p := 0; p < b*n; p++ {
		for ax := 0; ax < 3; ax++ {
			c := coords.Data[p*3+ax]
			for i, f := range st.Freqs {
				k := (p*3+ax)*l + i
				a := c * f
				s, co := math.Sincos(float64(a))
				st.Angles.Data[k], st.Sin.Data[k], st.Cos.Data[k] = a, float32(s), float32(co)
			}
		}
	}
	w := 3 + 6*l
	for p := 0; p < b*n; p++ {
		row := y.Data[p*w : (p+1)*w]
		for k := 0; k < 3*l; k++ {
			if row[3+k] != st.Sin.Data[p*3*l+k] || row[3+3*l+k] != st.Cos.Data[p*3*l+k] {
				return nil, fmt.Errorf("positional_encoding_3d trace: point %d feature %d differs from the op", p, k)
			}
		}
	}
	return st, nil
}
