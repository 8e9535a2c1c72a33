package attention

import "dlprep/core"

// checkFinite is core.CheckFinite with a fast path: x-x is 0 for every
// finite x and NaN for ±Inf and NaN, so the scan is one subtraction and one
// comparison per element. Only a failing tensor pays for the detailed
// message.
func checkFinite(op, name string, t *core.Tensor) error {
	for _, x := range t.Data {
		if x-x != 0 {
			return core.CheckFinite(op, name, t)
		}
	}
	return nil
}

// transpose writes dst[c, r] = src[r, c] for a rows×cols src, in 32×32
// blocks so that both sides stay in cache.
func transpose(dst, src []float32, rows, cols int) {
	const bs = 32
	for r0 := 0; r0 < rows; r0 += bs {
		r1 := min(r0+bs, rows)
		for c0 := 0; c0 < cols; c0 += bs {
			c1 := min(c0+bs, cols)
			for r := r0; r < r1; r++ {
				row := src[r*cols : r*cols+cols]
				for c := c0; c < c1; c++ {
					dst[c*rows+r] = row[c]
				}
			}
		}
	}
}
