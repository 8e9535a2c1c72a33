package benchcpu

import (
	"runtime"
	"slices"
	"testing"
	"time"
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

// TestMedian: the middle sample whatever the order, the upper middle for
// an even count (Python's sorted(s)[len(s)//2]), and none for no samples.
func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
		ok   bool
	}{
		{nil, 0, false},
		{[]time.Duration{7}, 7, true},
		{[]time.Duration{9, 1, 5}, 5, true},
		{[]time.Duration{4, 1, 3, 2}, 3, true},
		{[]time.Duration{1, 1000, 2, 2, 3}, 2, true}, // one stall does not move it
	} {
		got, ok := Median(slices.Clone(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("Median(%v) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestLoopReportsMedian: every run reports a positive median no larger
// than the slowest call could be (the mean times b.N bounds it).
func TestLoopReportsMedian(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		Loop(b, func() {
			s := 0
			for i := 0; i < 1e4; i++ {
				s += i * i
			}
			sink = s
		})
	})
	got := res.Extra["median-ns/op"]
	if !(got > 0) || got > float64(res.T.Nanoseconds()) {
		t.Errorf("median-ns/op = %v, want in (0, %d] (extra %v)", got, res.T.Nanoseconds(), res.Extra)
	}
}
