package embed

import (
	"fmt"
	"math"

	"dlprep/core"
)

// MaxBands caps num_bands: 2^63·π is the last frequency a float32 angle can
// still tell apart from its neighbours in any useful way.
const MaxBands = 64

// PositionalEncoding3D is problem 035's NeRF-style encoding of coords
// [B,N,3]: y [B,N,3+6L] = [x, y, z, sin(2^l π c) for c in (x,y,z) for l < L,
// cos(2^l π c) in the same order]. Like PyTorch's float32 broadcast, the
// frequency 2^l·π and the angle c·2^l·π are rounded to float32; the sine and
// cosine of that angle are then exact to float32.
func PositionalEncoding3D(coords *core.Tensor, numBands int) (*core.Tensor, error) {
	const op = "positional_encoding_3d"
	if err := core.CheckShape(op, "coords", coords, "[B,N,3]", -1, -1, 3); err != nil {
		return nil, err
	}
	if err := core.CheckData(op, []string{"coords"}, coords); err != nil {
		return nil, err
	}
	if numBands < 0 || numBands > MaxBands {
		return nil, fmt.Errorf("%s: num_bands must be in [0, %d], got %d", op, MaxBands, numBands)
	}
	if err := core.CheckFinite(op, "coords", coords); err != nil {
		return nil, err
	}
	b, n, l := coords.Shape[0], coords.Shape[1], numBands
	width := 3 + 6*l
	if err := core.CheckBudget(op, core.Float32s("y", b, n, width)); err != nil {
		return nil, err
	}
	freqs := make([]float32, l)
	for i := range freqs {
		freqs[i] = float32(math.Ldexp(1, i)) * float32(math.Pi)
	}
	y := core.New(b, n, width)
	for p := 0; p < b*n; p++ {
		src := coords.Data[p*3 : p*3+3]
		row := y.Data[p*width : (p+1)*width]
		copy(row, src)
		sins, coss := row[3:3+3*l], row[3+3*l:]
		for ax, c := range src {
			for i, f := range freqs {
				s, co := math.Sincos(float64(c * f))
				sins[ax*l+i], coss[ax*l+i] = float32(s), float32(co)
			}
		}
	}
	return y, nil
}
