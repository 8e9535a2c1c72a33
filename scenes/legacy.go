package scenes

import (
	"dlprep/viz"
	"dlprep/viz/scene"
)

// legacy adapts a first-contract Scene, which advanced its own clock, to
// viz/scene, where the app owns time: Draw replays Update up to the
// playhead (and starts over when the playhead moves back).
type legacy struct {
	s       Scene
	problem string
	values  Values
	clock   float64 // how far Update has advanced s
}

// legacyTick is the replay step: the first contract's scenes were paced
// for frames of about this length.
const legacyTick = 1.0 / 30

// legacyDuration is the timeline of an adapted scene.
const legacyDuration = 12.0

func legacyViews(make func() Scene) []scene.Factory {
	var out []scene.Factory
	probs := make().Info().Problems
	if len(probs) == 0 {
		probs = []string{""}
	}
	for _, p := range probs {
		out = append(out, func() scene.Scene { return &legacy{s: make(), problem: p} })
	}
	return out
}

func (l *legacy) Info() scene.Info {
	in := l.s.Info()
	return scene.Info{ID: in.ID, Problem: l.problem, Title: in.Title, Family: in.Family,
		Statement: in.Statement, Formula: in.Formula, LookFor: in.LookFor}
}

func (l *legacy) Params() []scene.Param { return l.s.Params() }

func (l *legacy) Reset(v scene.Values) error {
	l.values, l.clock = v, 0
	return l.s.Reset(v)
}

func (l *legacy) Timeline() scene.Timeline {
	return scene.Uniform("animation", 6, legacyDuration/6, nil)
}

func (l *legacy) Draw(c viz.Canvas, f *scene.Frame) {
	if f.Time < l.clock-1e-9 {
		if l.s.Reset(l.values) != nil {
			return
		}
		l.clock = 0
	}
	for l.clock < f.Time-1e-9 {
		dt := min(legacyTick, f.Time-l.clock)
		l.s.Update(Input{}, dt)
		l.clock += dt
	}
	l.s.Draw(c)
}

func (l *legacy) Presets() []scene.Preset {
	if p, ok := l.s.(Presetter); ok {
		return p.Presets()
	}
	return nil
}

func (l *legacy) Readout(*scene.Frame) []scene.KV {
	r, ok := l.s.(Readouter)
	if !ok {
		return nil
	}
	kvs := r.Readout()
	out := make([]scene.KV, len(kvs))
	for i, kv := range kvs {
		out[i] = scene.KV{Key: kv.Key, Value: kv.Value}
	}
	return out
}

func (l *legacy) Pointer(_ *scene.Frame, in scene.Input) bool {
	l.s.Update(Input{MouseX: in.X, MouseY: in.Y, Clicked: in.Clicked, Dragging: in.Dragging}, 0)
	return in.Clicked || in.Dragging
}
