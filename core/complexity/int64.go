package complexity

import (
	"errors"
	"fmt"
	"math"
)

// errOverflow reports a count beyond int64.
var errOverflow = errors.New("count overflows int64")

// counter multiplies non-negative and adds int64 values, remembering the first overflow
// so a formula reads as arithmetic and is checked once at the end.
type counter struct{ err error }

func (c *counter) mul(xs ...int64) int64 {
	p := int64(1)
	for _, x := range xs {
		if x != 0 && (p > math.MaxInt64/x || p < math.MinInt64/x) {
			c.err = errOverflow
			return 0
		}
		p *= x
	}
	return p
}

func (c *counter) add(xs ...int64) int64 {
	s := int64(0)
	for _, x := range xs {
		if (x > 0 && s > math.MaxInt64-x) || (x < 0 && s < math.MinInt64-x) {
			c.err = errOverflow
			return 0
		}
		s += x
	}
	return s
}

// nonNegative returns an error naming the first negative size.
func nonNegative(op string, names []string, vals ...int64) error {
	for i, v := range vals {
		if v < 0 {
			return fmt.Errorf("%s: %s must be >= 0, got %d", op, names[i], v)
		}
	}
	return nil
}
