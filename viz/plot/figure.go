package plot

import (
	"image/color"
	"math"

	"dlprep/viz"
)

// Series is one line of a plot.
type Series struct {
	Label  string // legend entry; empty: not in the legend
	X, Y   []float64
	Color  color.RGBA
	Width  float64 // logical pixels; 0 means 1.5
	Dashed bool
}

// Spec describes a line plot. Axis ranges with Min == Max are fitted to
// the data.
type Spec struct {
	Title, XLabel, YLabel string
	Series                []Series
	XMin, XMax            float64
	YMin, YMax            float64
}

// Figure is a cached rendering of a Spec.
type Figure struct {
	bmp   viz.Bitmap
	key   figKey
	valid bool
	// data area in bitmap pixels and the ranges it shows
	area           viz.Rect
	x0, x1, y0, y1 float64
	renders        int
	remote         remoteState
}

// figKey is what a rendering depends on besides the data.
type figKey struct {
	version uint64
	w, h    int
	scale   float64
}

// Render returns the plot as a bitmap of w*scale x h*scale pixels,
// calling spec and redrawing only when version, size or scale differ from
// the last call. The caller bumps version whenever the data change.
//
// With a Remote installed (SetRemote), the local renderer still draws at
// once, so no frame waits; the spec also goes to the remote, and the
// remote's pixels and data area replace the local ones in the first
// Render after they arrive, if version, size and scale are still the same.
func (f *Figure) Render(version uint64, spec func() Spec, w, h int, scale float64) (*viz.Bitmap, error) {
	if scale <= 0 {
		scale = 1
	}
	k := figKey{version, w, h, scale}
	if f.valid && k == f.key {
		f.applyRemote()
		f.requestRemote()
		return &f.bmp, nil
	}
	if w <= 0 || h <= 0 {
		return &f.bmp, nil
	}
	s := spec()
	fitRanges(&s)
	if err := render(f, s, w, h, scale); err != nil {
		f.valid = false
		f.showing()
		return &f.bmp, err
	}
	f.key, f.valid = k, true
	f.showing()
	f.x0, f.x1, f.y0, f.y1 = s.XMin, s.XMax, s.YMin, s.YMax
	f.renders++
	f.bmp.Touch()
	f.applyRemote() // a reply for the previous key is stale by now: drop it
	f.remote.spec, f.remote.want = s, true
	f.requestRemote()
	return &f.bmp, nil
}

// Renders counts local redraws (for tests of the cache).
func (f *Figure) Renders() int { return f.renders }

// DataToLogical maps a data point to logical pixels relative to the
// bitmap's top-left when drawn at its logical size (w x h), so a scene can
// draw live markers over a cached plot without redrawing it.
func (f *Figure) DataToLogical(x, y float64) (px, py float64) {
	a := f.area
	tx, ty := 0.0, 0.0
	if f.x1 != f.x0 {
		tx = (x - f.x0) / (f.x1 - f.x0)
	}
	if f.y1 != f.y0 {
		ty = (y - f.y0) / (f.y1 - f.y0)
	}
	return (a.X + tx*a.W) / f.key.scale, (a.Y + (1-ty)*a.H) / f.key.scale
}

// DataArea is the plotted area in logical pixels relative to the bitmap.
func (f *Figure) DataArea() viz.Rect {
	a := f.area
	return viz.Rect{X: a.X / f.key.scale, Y: a.Y / f.key.scale, W: a.W / f.key.scale, H: a.H / f.key.scale}
}

// fitRanges fills unset axis ranges from the data, padding y by 5%.
func fitRanges(s *Spec) {
	if s.XMin == s.XMax {
		s.XMin, s.XMax = dataRange(s.Series, true)
	}
	if s.YMin == s.YMax {
		lo, hi := dataRange(s.Series, false)
		pad := 0.05 * (hi - lo)
		if pad == 0 {
			pad = 1
		}
		s.YMin, s.YMax = lo-pad, hi+pad
	}
}

func dataRange(ss []Series, xs bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		v := s.Y
		if xs {
			v = s.X
		}
		for _, x := range v {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	return lo, hi
}
