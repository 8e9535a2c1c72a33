package loss

import (
	"fmt"

	"dlprep/core"
)

// checkData refuses a tensor whose data length disagrees with its shape:
// tensors built by hand (not through core.FromData) can, and indexing by the
// shape would then read past the data. Nil tensors pass; presence is checked
// by the caller.
func checkData(op string, names []string, ts ...*core.Tensor) error {
	for i, t := range ts {
		if t == nil {
			continue
		}
		n, err := core.NumelOf(t.Shape)
		if err != nil {
			return fmt.Errorf("%s: %s: %v", op, names[i], err)
		}
		if n != len(t.Data) {
			return fmt.Errorf("%s: %s has %d values for shape %v (%d elements)", op, names[i], len(t.Data), t.Shape, n)
		}
	}
	return nil
}
