package complexity

import "fmt"

// CNNViTCost is problem 026: one layer over N pixels (tokens) of C channels,
// as a K×K convolution or as self-attention (projections 4·2NC², scores and
// weighted sum 2·2N²C), and over T frames as a Kt×K×K 3-D convolution, full
// spatio-temporal attention, or factorized (spatial then temporal)
// attention.
type CNNViTCost struct {
	Conv2D    int64 // 2N·K²·C²
	Attention int64 // 8N·C² + 4N²·C
	// CrossoverN is the smallest N for which Attention > Conv2D (whatever N
	// was asked): 4C + 2N > K²C, i.e. N > C(K²−4)/2. The written rule
	// "K²C < N" forgets the projections' 4C.
	CrossoverN          int64
	Conv3D              int64 // 2NT·Kt·K²·C²
	AttentionST         int64 // 8NT·C² + 4(NT)²·C
	AttentionFactorized int64 // 16NT·C² + 4N²T·C + 4T²N·C
}

// CNNViTFlops returns the counts. Sizes must be >= 0; C must be positive
// (with C = 0 both costs vanish and there is no crossover).
func CNNViTFlops(n, ch, k, t, kt int64) (CNNViTCost, error) {
	const op = "cnn_vit_flops"
	if err := nonNegative(op, []string{"N", "C", "K", "T", "Kt"}, n, ch, k, t, kt); err != nil {
		return CNNViTCost{}, err
	}
	if ch == 0 {
		return CNNViTCost{}, fmt.Errorf("%s: C must be positive (C=0 has no crossover), got 0", op)
	}
	var c counter
	nt := c.mul(n, t)
	res := CNNViTCost{
		Conv2D:              c.mul(2, n, k, k, ch, ch),
		Attention:           c.add(c.mul(8, n, ch, ch), c.mul(4, n, n, ch)),
		Conv3D:              c.mul(2, nt, kt, k, k, ch, ch),
		AttentionST:         c.add(c.mul(8, nt, ch, ch), c.mul(4, nt, nt, ch)),
		AttentionFactorized: c.add(c.mul(16, nt, ch, ch), c.mul(4, n, n, t, ch), c.mul(4, t, t, n, ch)),
	}
	// N > C(K²−4)/2 ⇔ 2N > C(K²−4); N = 0 never counts (both costs are 0).
	if kk := c.mul(k, k); kk <= 4 {
		res.CrossoverN = 1
	} else {
		res.CrossoverN = c.mul(ch, kk-4)/2 + 1
	}
	if c.err != nil {
		return CNNViTCost{}, fmt.Errorf("%s: N=%d C=%d K=%d T=%d Kt=%d: %w", op, n, ch, k, t, kt, c.err)
	}
	return res, nil
}
