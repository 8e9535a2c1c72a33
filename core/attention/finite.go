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
