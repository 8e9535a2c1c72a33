package scene

import "math"

// Step is one entry of a scene's timeline: a named stage of the algorithm,
// one iteration of a loop, or a stretch of a continuous sweep (which draws
// with Frame.Frac). Consecutive steps with the same Stage form one segment
// of the scrubber. Stepping and links land at a step's start (Frac 0), so
// a step must read complete there: Frac animates within it (a sweep, a
// cursor, a highlight), it never builds the step's picture up from nothing.
type Step struct {
	// Stage names the part of the process, e.g. "split heads".
	Stage string
	// Caption is drawn on the figure: what to look at now. It may hold
	// inline math between dollar signs.
	Caption string
	// Shapes are the tensor shapes in view, e.g. "[B,N,D] → [B,h,N,d]".
	Shapes string
	// Seconds is how long Play dwells on the step at 1× speed (> 0).
	Seconds float64
}

// Timeline is a scene's steps, in order.
type Timeline []Step

// Duration is the total length in seconds.
func (tl Timeline) Duration() float64 {
	d := 0.0
	for _, s := range tl {
		d += s.Seconds
	}
	return d
}

// Start is the time at which step k begins (k is clamped to the timeline).
func (tl Timeline) Start(k int) float64 {
	t := 0.0
	for i := 0; i < len(tl) && i < k; i++ {
		t += tl[i].Seconds
	}
	return t
}

// boundaryEps absorbs float error at step boundaries: 120 frames of 1/60 s
// add up to a hair under 2, which must still be the step starting at 2.
const boundaryEps = 1e-9

// At finds the step playing at time t and how far through it (in [0, 1]).
// Times past the end give the last step with Frac 1.
func (tl Timeline) At(t float64) (step int, frac float64) {
	if len(tl) == 0 {
		return 0, 0
	}
	if t < 0 || math.IsNaN(t) {
		t = 0
	}
	start := 0.0
	for i, s := range tl {
		end := start + s.Seconds
		if t < end-boundaryEps {
			if s.Seconds <= 0 {
				return i, 1
			}
			return i, max(0, (t-start)/s.Seconds)
		}
		start = end
	}
	return len(tl) - 1, 1
}

// Uniform makes n steps of one stage, each lasting seconds, captioned by
// caption(k) (nil: the stage's caption for every step).
func Uniform(stage string, n int, seconds float64, caption func(k int) (caption, shapes string)) Timeline {
	tl := make(Timeline, n)
	for k := range tl {
		tl[k] = Step{Stage: stage, Seconds: seconds}
		if caption != nil {
			tl[k].Caption, tl[k].Shapes = caption(k)
		}
	}
	return tl
}
