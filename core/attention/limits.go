package attention

import (
	"fmt"
	"slices"
)

// maxHeads caps num_heads so an absurd param is an error, not a huge loop.
const maxHeads = 1 << 12

// maxWeights caps the attention weights one call may hold (B·heads·S·S2
// float32s, 1 GiB): a small input with a long sequence would otherwise ask
// for S² memory and exhaust it instead of failing cleanly.
const maxWeights = 1 << 28

// checkWeights refuses weights of the given dims beyond maxWeights.
func checkWeights(op string, dims ...int) error {
	n := int64(1)
	for _, d := range dims {
		n *= int64(d)
		if n > maxWeights {
			// A copy, so that dims itself never escapes and the variadic
			// call of the success path stays allocation-free.
			return fmt.Errorf("%s: the attention weights %v would hold more than %d values", op, slices.Clone(dims), maxWeights)
		}
	}
	return nil
}

// checkHeads returns the head dimension d/numHeads, or an error naming the
// values when numHeads is not a positive divisor of d (called dname).
func checkHeads(op, dname string, d, numHeads int) (int, error) {
	if d <= 0 {
		// Zero channels would leave every head zero wide: the products
		// would run with a leading dimension of 0 (OPS.md: a zero channel
		// size is an error).
		return 0, fmt.Errorf("%s: the channels %s must be positive, got %s=%d", op, dname, dname, d)
	}
	if numHeads <= 0 || numHeads > maxHeads {
		return 0, fmt.Errorf("%s: num_heads must be in 1..%d, got %d", op, maxHeads, numHeads)
	}
	if d%numHeads != 0 {
		return 0, fmt.Errorf("%s: num_heads=%d does not divide the channels %s=%d", op, numHeads, dname, d)
	}
	return d / numHeads, nil
}
