package complexity

import "fmt"

// MHSACost is problem 019's FLOP breakdown of one self-attention layer over
// n tokens of width d. The head count changes none of it: h heads of width
// d/h do h·n²·(d/h) = n²d multiply-adds for the scores either way.
type MHSACost struct {
	Projections      int64 // Q, K, V: 3 · 2nd²
	Scores           int64 // QKᵀ: 2n²d
	WeightedSum      int64 // AV: 2n²d
	OutputProjection int64 // 2nd²
	Total            int64
}

// MHSAFlops returns the MHSA FLOPs for n tokens, width d and heads heads
// (heads must be positive and divide d, as the layer requires, though the
// total does not depend on it).
func MHSAFlops(n, d, heads int64) (MHSACost, error) {
	const op = "mhsa_flops"
	if err := nonNegative(op, []string{"n", "d"}, n, d); err != nil {
		return MHSACost{}, err
	}
	if heads <= 0 {
		return MHSACost{}, fmt.Errorf("%s: heads must be positive, got %d", op, heads)
	}
	if d%heads != 0 {
		return MHSACost{}, fmt.Errorf("%s: heads=%d does not divide d=%d", op, heads, d)
	}
	var c counter
	r := MHSACost{
		Projections:      c.mul(6, n, d, d),
		Scores:           c.mul(2, n, n, d),
		WeightedSum:      c.mul(2, n, n, d),
		OutputProjection: c.mul(2, n, d, d),
	}
	r.Total = c.add(r.Projections, r.Scores, r.WeightedSum, r.OutputProjection)
	if c.err != nil {
		return MHSACost{}, fmt.Errorf("%s: n=%d d=%d: %w", op, n, d, c.err)
	}
	return r, nil
}
