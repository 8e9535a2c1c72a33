package shell

import (
	"dlprep/viz"
	"dlprep/viz/lint"
)

// Lint draws the current view, chrome included, onto a layout recorder
// and checks it: text overlapping text, text leaving its panel or the
// canvas, text below the minimum size (viz.MinTextSize, or
// viz.MinTextSizeCompact in the phone layout). Tooltips are left out; the
// rest is exactly what the next frame shows. Measuring uses the last
// canvas drawn on, so boxes match the screen.
func (a *App) Lint() lint.Report {
	u := &a.ui
	rec := lint.NewRecorder(u.w, u.h, u.measure)
	m := u.measure
	u.linting = true
	a.draw(rec)
	u.linting, u.measure = false, m
	minSize := viz.MinTextSize
	if u.compact {
		minSize = viz.MinTextSizeCompact
	}
	return rec.Check(minSize)
}
