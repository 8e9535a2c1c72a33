package benchcpu

import (
	"runtime"
	"testing"
)

// TestLoopReportsThreadCPU: a busy loop's CPU time is reported at one
// thread and is positive.
func TestLoopReportsThreadCPU(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("no thread CPU clock here")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	res := testing.Benchmark(func(b *testing.B) {
		Loop(b, func() {
			s := 0
			for i := 0; i < 1e5; i++ {
				s += i * i
			}
			sink = s
		})
	})
	if got := res.Extra["cpu-ns/op"]; !(got > 0) {
		t.Errorf("cpu-ns/op = %v, want a positive time (extra %v)", got, res.Extra)
	}
}

var sink int
