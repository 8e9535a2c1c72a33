package shell

import (
	"math"

	"dlprep/viz/scene"
)

// Speeds are the playback rates the speed button cycles through.
var Speeds = []float64{0.25, 0.5, 1, 2, 4}

// maxFrameGap caps one frame's elapsed time: a tab that was hidden for a
// minute resumes where it was instead of jumping to the end. A second is
// far above any real frame, so ordinary play never loses time.
const maxFrameGap = 1.0

// playhead is the app's clock over a scene's timeline. Progress depends
// only on the elapsed time handed to advance, never on how many frames
// delivered it.
type playhead struct {
	tl      scene.Timeline
	total   float64
	t       float64
	speed   float64
	loop    bool
	playing bool
}

func (p *playhead) setTimeline(tl scene.Timeline) {
	p.tl, p.total = tl, tl.Duration()
	p.t = min(max(p.t, 0), p.total)
	if p.speed == 0 {
		p.speed = 1
	}
}

// at is the step on screen and how far through it.
func (p *playhead) at() (int, float64) { return p.tl.At(p.t) }

// advance moves the playhead by dt seconds of wall time when playing; at
// the end it wraps (loop) or stops.
func (p *playhead) advance(dt float64) {
	if !p.playing || p.total <= 0 || !(dt > 0) {
		return
	}
	p.t += min(dt, maxFrameGap) * p.speed
	if p.t >= p.total {
		if p.loop {
			p.t = math.Mod(p.t, p.total)
		} else {
			p.t, p.playing = p.total, false
		}
	}
}

// atEnd reports whether the playhead has reached the end.
func (p *playhead) atEnd() bool { return p.total > 0 && p.t >= p.total-1e-9 }

// toggle plays or pauses; Play at the end starts again from the top.
func (p *playhead) toggle() {
	if p.playing {
		p.playing = false
		return
	}
	if p.atEnd() {
		p.t = 0
	}
	p.playing = p.total > 0
}

// stepBy pauses and moves d steps: forward to the start of the next step
// (past the last one: to the end), back to the start of the current step
// if the playhead is inside it, else of the previous one.
func (p *playhead) stepBy(d int) {
	p.playing = false
	n := len(p.tl)
	if n == 0 {
		return
	}
	k, _ := p.at()
	switch {
	case d > 0 && p.atEnd():
	case d > 0 && k+d >= n:
		p.t = p.total
	case d > 0:
		p.t = p.tl.Start(k + d)
	default:
		start := p.tl.Start(k)
		if p.t > start+1e-6 && !p.atEnd() {
			d++
		}
		if p.atEnd() {
			d++
		}
		p.t = p.tl.Start(max(0, k+d))
	}
}

// seekStep puts the playhead at the start of step k (clamped).
func (p *playhead) seekStep(k int) {
	p.t = p.tl.Start(min(max(k, 0), max(len(p.tl)-1, 0)))
}

// seekFraction puts the playhead at fraction x of the timeline.
func (p *playhead) seekFraction(x float64) {
	p.t = min(max(x, 0), 1) * p.total
}

// cycleSpeed moves to the next (d > 0) or previous playback speed.
func (p *playhead) cycleSpeed(d int) {
	i := 0
	for j, s := range Speeds {
		if s == p.speed {
			i = j
		}
	}
	p.speed = Speeds[min(max(i+d, 0), len(Speeds)-1)]
}
