package embed

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Layout chooses how sin and cos columns of a timestep embedding are arranged.
type Layout int

const (
	// Interleaved is PE(t,2i) = sin(t/10000^(2i/D)), PE(t,2i+1) = cos(...),
	// the Transformer paper's layout.
	Interleaved Layout = iota
	// Concat is [sin(t f_0..f_{D/2-1}), cos(t f_0..)], with log-spaced
	// f_i = exp(-ln(10000) i/(D/2-1)), the diffusion-model layout.
	Concat
)

// ParseLayout reads "interleaved" or "concat".
func ParseLayout(s string) (Layout, error) {
	switch s {
	case "interleaved":
		return Interleaved, nil
	case "concat":
		return Concat, nil
	}
	return 0, fmt.Errorf("timestep_embedding: unknown layout %q (want interleaved or concat)", s)
}

// String is the layout's param spelling.
func (l Layout) String() string {
	if l == Concat {
		return "concat"
	}
	return "interleaved"
}

// Frequencies returns the D/2 angular frequencies of a layout: for
// Interleaved f_i = 10000^(-2i/D), for Concat f_i = exp(-ln(10000) i/(D/2-1)).
func Frequencies(dim int, layout Layout) ([]float64, error) {
	if dim <= 0 || dim%2 != 0 {
		return nil, fmt.Errorf("timestep_embedding: embedding_dim must be a positive even number, got %d", dim)
	}
	if layout == Concat && dim < 4 {
		return nil, fmt.Errorf("timestep_embedding: embedding_dim must be at least 4 with the concat layout (D/2-1 divides), got %d", dim)
	}
	if dim > 1<<16 {
		return nil, fmt.Errorf("timestep_embedding: embedding_dim %d is too large", dim)
	}
	half := dim / 2
	f := make([]float64, half)
	for i := range f {
		if layout == Concat {
			f[i] = math.Exp(-math.Log(10000) * float64(i) / float64(half-1))
		} else {
			f[i] = math.Pow(10000, -2*float64(i)/float64(dim))
		}
	}
	return f, nil
}

// TimestepEmbedding returns the [N, dim] sinusoidal embedding of timesteps.
// Angles are formed in float64 and rounded once, so large t stays accurate.
func TimestepEmbedding(timesteps []float32, dim int, layout Layout) (*core.Tensor, error) {
	freqs, err := Frequencies(dim, layout)
	if err != nil {
		return nil, err
	}
	if err := core.CheckBudget("timestep_embedding", core.Float32s("y", len(timesteps), dim)); err != nil {
		return nil, err
	}
	half := dim / 2
	out := core.New(len(timesteps), dim)
	for n, t := range timesteps {
		if math.IsNaN(float64(t)) || math.IsInf(float64(t), 0) {
			return nil, fmt.Errorf("timestep_embedding: timestep %d is not finite (%v)", n, t)
		}
		row := out.Data[n*dim : (n+1)*dim]
		for i, f := range freqs {
			// float32(t)*float32(f) mirrors PyTorch's float32 product.
			a := float64(t * float32(f))
			s, c := math.Sincos(a)
			if layout == Concat {
				row[i], row[half+i] = float32(s), float32(c)
			} else {
				row[2*i], row[2*i+1] = float32(s), float32(c)
			}
		}
	}
	return out, nil
}
