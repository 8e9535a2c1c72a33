// Package benchcpu lets the core's BenchmarkOp_ benchmarks report, next to
// go test's mean wall time (ns/op), the median wall time of one call
// (median-ns/op) and the CPU time of the thread they ran on (cpu-ns/op).
//
// The development machine is shared: other jobs can take a core for part
// of a benchmark, and the wall time then counts their share too. The mean
// takes every such stall in; the median of the calls does not, and it is
// the statistic the PyTorch side (tools/bench/torch_bench.py) reports, so
// tools/bench compares like with like. At one thread (GOMAXPROCS=1) an op
// runs entirely on the benchmark's own locked thread, so that thread's CPU
// time is the op's cost without the time it spent descheduled; tools/bench
// prints its ratio to the PyTorch side's calling-thread CPU time. Under
// wasm it is Node's process CPU time; elsewhere without a per-thread clock
// nothing is reported.
package benchcpu

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// Loop runs f b.N times (after one untimed warm-up call) with the
// goroutine locked to its OS thread, and reports the median wall time of
// one call as median-ns/op and, at GOMAXPROCS=1, the thread's CPU time
// per call as cpu-ns/op. Timing each call costs two clock reads, tens of
// nanoseconds against the microseconds or more an op takes.
func Loop(b *testing.B, f func()) {
	f()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	samples := make([]time.Duration, b.N) // before the timer: not an op's allocation
	c0, ok0 := threadCPU()
	b.ResetTimer()
	for i := range samples {
		t0 := time.Now()
		f()
		samples[i] = time.Since(t0)
	}
	b.StopTimer()
	if c1, ok1 := threadCPU(); ok0 && ok1 && runtime.GOMAXPROCS(0) == 1 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
	if m, ok := Median(samples); ok {
		b.ReportMetric(float64(m), "median-ns/op")
	}
}

// Median is the middle of the samples (the upper one of the two middles
// for an even count, as torch_bench.py takes it); it sorts them in place.
func Median(samples []time.Duration) (time.Duration, bool) {
	if len(samples) == 0 {
		return 0, false
	}
	slices.Sort(samples)
	return samples[len(samples)/2], true
}
