package shell

import "sort"

// Stats are the shell's own timings, measured in Go with time.Now so they
// mean the same natively and in the browser (where frame rate says more
// about the GPU emulation than about our code).
type Stats struct {
	// FirstFrameMs is the time from New to the end of the first Draw.
	FirstFrameMs float64
	// Frames counts Draw calls.
	Frames int
	// WorkMsP50 and WorkMsP95 are percentiles of one frame's work (Update
	// plus Draw) over the most recent frames.
	WorkMsP50, WorkMsP95 float64
}

// workRing keeps the last len(ms) frame work times.
type workRing struct {
	ms      [240]float64
	n, next int
	scratch []float64
}

func (r *workRing) add(ms float64) {
	r.ms[r.next] = ms
	r.next = (r.next + 1) % len(r.ms)
	r.n = min(r.n+1, len(r.ms))
}

// percentiles returns the p50 and p95 of the recorded frames (nearest rank).
func (r *workRing) percentiles() (p50, p95 float64) {
	if r.n == 0 {
		return 0, 0
	}
	r.scratch = append(r.scratch[:0], r.ms[:r.n]...)
	sort.Float64s(r.scratch)
	rank := func(q float64) float64 {
		i := int(q*float64(r.n)+0.999999) - 1
		return r.scratch[min(max(i, 0), r.n-1)]
	}
	return rank(0.5), rank(0.95)
}
