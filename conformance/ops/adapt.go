package ops

import (
	"fmt"

	"dlprep/core"
)

// oneD refuses a tensor that is not 1-d.
func oneD(op, name string, t *core.Tensor) error {
	if t.Dims() != 1 {
		return fmt.Errorf("%s: %s must be 1-d, got shape %v", op, name, t.Shape)
	}
	return nil
}
