// Package measure runs the core's own ops at given sizes and reports, per
// part of an op, the FLOPs core.Gemm performed (twice its multiply-adds) and
// the wall-clock seconds one call took: the measured side of problems 019
// (self-attention's projections against its n² part) and 026 (a K×K
// convolution against attention over the same pixels), beside the analytic
// counts of package complexity.
//
// Timing is wall-clock by nature: a busy machine, the garbage collector or
// a coarse browser clock move it. The Timer is a parameter, so callers pick
// how long to measure and tests can substitute a deterministic one (see
// CountingTimer); nothing here should be asserted beyond sanity.
//
// It imports core and its attention and conv packages; never viz or
// scenes. It builds for GOOS=js.
//
// Test: go test ./core/complexity/measure/
package measure

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/conv"
)

// Timer returns the seconds one call of f takes.
type Timer func(f func() error) (float64, error)

// WallClock times f over windows of at least min wall-clock time and at
// least 8 batches each, or 2 batches once 4·min has passed (a call longer
// than min is timed twice, not eight times), trials windows in all, after
// one untimed warm-up call.
// A batch runs f for about min/8 and the result is the fastest batch's
// time per call: a batch that the scheduler, the garbage collector or
// another process interrupted is slow, so the minimum is the least
// disturbed measurement (on a loaded machine a whole time slice can pass
// inside one batch, hence the count as well as the window), and batching
// keeps a coarse clock (a browser's can tick every 5 to 100 µs) from
// rounding a single short call to 0.
func WallClock(min time.Duration, trials int) Timer {
	return func(f func() error) (float64, error) {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		// Calls per batch, from the warm-up call's time.
		one := max(time.Since(start), time.Microsecond)
		batch := max(1, int(min/8/one))
		best := math.Inf(1)
		for range max(trials, 1) {
			window := time.Now()
			for n := 0; ; n++ {
				if el := time.Since(window); (n >= 8 && el >= min) || (n >= 2 && el >= 4*min) {
					break
				}
				t0 := time.Now()
				for range batch {
					if err := f(); err != nil {
						return 0, err
					}
				}
				if el := time.Since(t0); el > 0 {
					best = math.Min(best, el.Seconds()/float64(batch))
				}
			}
		}
		if math.IsInf(best, 1) {
			return 0, fmt.Errorf("measure: the clock did not advance over %v", min)
		}
		return best, nil
	}
}

// CountingTimer is a deterministic stand-in for a clock: it runs f once
// and charges secondsPerFLOP for each FLOP core.Gemm performed, plus
// overhead seconds per call. Its "times" are exactly proportional to the
// counts, which is what a test of a view's layout needs.
func CountingTimer(secondsPerFLOP, overhead float64) Timer {
	return func(f func() error) (float64, error) {
		before := core.MulAdds()
		if err := f(); err != nil {
			return 0, err
		}
		return overhead + secondsPerFLOP*2*float64(core.MulAdds()-before), nil
	}
}

// Part is one part of an op at one size.
type Part struct {
	FLOPs   int64   // counted: twice the multiply-adds core.Gemm performed
	Seconds float64 // per call, as the Timer measured
}

// run counts one call of f and times it.
func run(f func() error, timer Timer) (Part, error) {
	before := core.MulAdds()
	if err := f(); err != nil {
		return Part{}, err
	}
	p := Part{FLOPs: 2 * (core.MulAdds() - before)}
	var err error
	p.Seconds, err = timer(f)
	return p, err
}

// MaxWork bounds the FLOPs of one measured call, so a size slider cannot
// freeze the page.
const MaxWork = 1 << 27

// MHSAPoint is self-attention over N tokens of width d in its two parts:
// the four projections (Q, K, V and the output, core.Linear as
// attention.MHSA applies them) and the attention proper (QKᵀ, softmax and
// AV: attention.SDPA over the heads).
type MHSAPoint struct {
	N                      int
	Projections, Attention Part
}

// MHSA measures self-attention of width d with heads heads at each token
// count in ns, on random inputs from seed.
func MHSA(ns []int, d, heads int, timer Timer, seed uint64) ([]MHSAPoint, error) {
	if d <= 0 || heads <= 0 || d%heads != 0 {
		return nil, fmt.Errorf("measure: d=%d must be positive and divisible by heads=%d", d, heads)
	}
	rng := rand.New(rand.NewPCG(seed, 19))
	ws := make([]*core.Tensor, 4)
	for i := range ws {
		ws[i] = randn(rng, 1/math.Sqrt(float64(d)), d, d)
	}
	out := make([]MHSAPoint, 0, len(ns))
	for _, n := range ns {
		if n <= 0 || float64(n)*float64(d)*(8*float64(d)+4*float64(n)) > MaxWork {
			return nil, fmt.Errorf("measure: n=%d at d=%d is outside (0, the %d-FLOP budget]", n, d, MaxWork)
		}
		x := randn(rng, 1, 1, n, d)
		hd := d / heads
		split := func() *core.Tensor { // [1,h,n,hd] from a random [1,n,d]
			t := randn(rng, 1, 1, n, d)
			t, _ = t.Reshape(1, n, heads, hd)
			t, _ = t.Permute(0, 2, 1, 3)
			return t
		}
		q, k, v := split(), split(), split()
		pt := MHSAPoint{N: n}
		var err error
		pt.Projections, err = run(func() error {
			for _, w := range ws {
				if _, err := core.Linear("mhsa", x, w, nil); err != nil {
					return err
				}
			}
			return nil
		}, timer)
		if err != nil {
			return nil, err
		}
		pt.Attention, err = run(func() error { _, _, err := attention.SDPA(q, k, v, nil, false); return err }, timer)
		if err != nil {
			return nil, err
		}
		out = append(out, pt)
	}
	return out, nil
}

// ConvAttnPoint is one layer over N = side² pixels of C channels, as a K×K
// convolution (C→C, same padding) and as one-head self-attention over the
// pixels as tokens (projections included).
type ConvAttnPoint struct {
	N, Side         int
	Conv, Attention Part
}

// ConvVsAttention measures conv.Conv2D and attention.MHSA at each image
// side in sides, for C channels and an odd kernel K, on random inputs.
func ConvVsAttention(sides []int, ch, k int, timer Timer, seed uint64) ([]ConvAttnPoint, error) {
	if ch <= 0 || k <= 0 || k%2 == 0 {
		return nil, fmt.Errorf("measure: C=%d must be positive and K=%d positive and odd", ch, k)
	}
	rng := rand.New(rand.NewPCG(seed, 26))
	w := randn(rng, 1/math.Sqrt(float64(ch*k*k)), ch, ch, k, k)
	lin := func() attention.Linear {
		return attention.Linear{W: randn(rng, 1/math.Sqrt(float64(ch)), ch, ch), B: core.New(ch)}
	}
	aw := attention.MHSAWeights{Q: lin(), K: lin(), V: lin(), Out: lin()}
	o := conv.DefaultOptions()
	o.Padding = [2]int{k / 2, k / 2}
	var cw conv.Workspace
	out := make([]ConvAttnPoint, 0, len(sides))
	for _, side := range sides {
		n := side * side
		if side <= 0 || float64(n)*float64(ch)*(8*float64(ch)+4*float64(n)+2*float64(k*k*ch)) > MaxWork {
			return nil, fmt.Errorf("measure: side=%d with C=%d, K=%d is outside (0, the %d-FLOP budget]", side, ch, k, MaxWork)
		}
		img := randn(rng, 1, 1, ch, side, side)
		// The same numbers as tokens: [1,C,H,W] → [1,HW,C].
		tok, _ := img.Reshape(1, ch, n)
		tok, _ = tok.Permute(0, 2, 1)
		pt := ConvAttnPoint{N: n, Side: side}
		var err error
		pt.Conv, err = run(func() error { _, err := cw.Conv2D(img, w, nil, o); return err }, timer)
		if err != nil {
			return nil, err
		}
		pt.Attention, err = run(func() error { _, _, err := attention.MHSA(tok, aw, 1, false); return err }, timer)
		if err != nil {
			return nil, err
		}
		out = append(out, pt)
	}
	return out, nil
}

// Crossover is where b first overtakes a along xs: linear interpolation
// between the last x with b ≤ a and the next, on log scales (the sizes
// grow geometrically). ok is false when b never overtakes a, and x is
// xs[0] when b is above a from the start.
func Crossover(xs, a, b []float64) (x float64, ok bool) {
	n := min(len(xs), len(a), len(b))
	for i := range n {
		if b[i] <= a[i] {
			continue
		}
		if i == 0 {
			return xs[0], true
		}
		// d goes from ≤ 0 at i−1 to > 0 at i.
		d0, d1 := math.Log(b[i-1])-math.Log(a[i-1]), math.Log(b[i])-math.Log(a[i])
		t := 0.5
		if d1 != d0 && !math.IsNaN(d0) && !math.IsInf(d0, 0) {
			t = -d0 / (d1 - d0)
		}
		return math.Exp(math.Log(xs[i-1]) + t*(math.Log(xs[i])-math.Log(xs[i-1]))), true
	}
	return 0, false
}

func randn(rng *rand.Rand, scale float64, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(scale * rng.NormFloat64())
	}
	return t
}
