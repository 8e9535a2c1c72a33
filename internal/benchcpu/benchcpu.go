// Package benchcpu lets the core's BenchmarkOp_ benchmarks report the CPU
// time of the thread they ran on (cpu-ns/op), next to the wall time.
//
// The development machine is shared: other jobs can take a core for part
// of a benchmark, and the wall time then counts their share too. At one
// thread (GOMAXPROCS=1) an op runs entirely on the benchmark's own locked
// thread, so that thread's CPU time is the op's cost without the time it
// spent descheduled. tools/bench prints its ratio to the PyTorch side's
// calling-thread CPU time. Under wasm it is Node's process CPU time;
// elsewhere without a per-thread clock nothing is reported.
package benchcpu

import (
	"runtime"
	"testing"
)

// Loop runs f b.N times (after one untimed warm-up call) with the
// goroutine locked to its OS thread and, at GOMAXPROCS=1, reports the
// thread's CPU time per call as cpu-ns/op.
func Loop(b *testing.B, f func()) {
	f()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok0 := threadCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f()
	}
	b.StopTimer()
	if c1, ok1 := threadCPU(); ok0 && ok1 && runtime.GOMAXPROCS(0) == 1 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}
