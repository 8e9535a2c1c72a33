package core

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

// TestCheckFiniteInParts: a tensor large enough to be checked on several
// cores still reports a single non-finite value anywhere, at every thread
// count, and allocates nothing when it passes.
func TestCheckFiniteInParts(t *testing.T) {
	x := New(1 << 19)
	for i := range x.Data {
		x.Data[i] = float32(i%1000) - 500
	}
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		if err := CheckFinite("op", "x", x); err != nil {
			t.Errorf("GOMAXPROCS=%d: finite tensor: %v", procs, err)
		}
		for _, at := range []int{0, 1<<18 - 1, 1 << 18, len(x.Data) - 1} {
			old := x.Data[at]
			x.Data[at] = float32(math.Inf(-1))
			err := CheckFinite("op", "x", x)
			x.Data[at] = old
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("flat index %d", at)) {
				t.Errorf("GOMAXPROCS=%d: -Inf at %d: got %v", procs, at, err)
			}
		}
		if procs == 2 && !testing.Short() && !raceEnabled {
			if a := testing.AllocsPerRun(10, func() { _ = CheckFinite("op", "x", x) }); a != 0 {
				t.Errorf("CheckFinite at two threads: %g allocations per call, want 0", a)
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}
