package scenes

// Memoisation for the views' per-frame text: a paused frame redraws the
// same titles, labels, notes and readout every 16 ms, and WASM's garbage
// collector is slow, so a view makes each string once (per Reset, per
// step, or per value a sweep passes through) and keeps it here.

import (
	"image/color"
	"math"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// memo keeps values made for frames (titles, label slices, readouts) by
// key until reset; the keys a view uses are few (steps, swept indices),
// so the map stays small.
type memo[K comparable, V any] struct{ m map[K]V }

// get returns the value of k, making it with mk the first time.
func (m *memo[K, V]) get(k K, mk func() V) V {
	if v, ok := m.m[k]; ok {
		return v
	}
	if m.m == nil {
		m.m = map[K]V{}
	}
	v := mk()
	m.m[k] = v
	return v
}

// reset forgets every value (Reset calls it: the values changed).
func (m *memo[K, V]) reset() { clear(m.m) }

// panelKey names a panel's labels in a view's memo: the panel's kind and
// up to two indices (a channel, a swept position).
type panelKey struct{ kind, a, b int }

// kvMemo is a readout remade only when its key changes.
type kvMemo[K comparable] struct {
	key K
	ok  bool
	kv  []scene.KV
}

// get returns the readout for k, making it with mk when k changed.
func (r *kvMemo[K]) get(k K, mk func() []scene.KV) []scene.KV {
	if !r.ok || r.key != k {
		r.kv, r.key, r.ok = mk(), k, true
	}
	return r.kv
}

// reset forgets the readout.
func (r *kvMemo[K]) reset() { r.ok, r.kv = false, nil }

// polyScratch is a reusable point buffer for FillPolygon and Polyline (a
// literal slice passed through the Canvas interface escapes to the heap).
type polyScratch struct{ pts []viz.Point }

// tri returns the buffer holding three points.
func (p *polyScratch) tri(a, b, c viz.Point) []viz.Point {
	p.pts = append(p.pts[:0], a, b, c)
	return p.pts
}

// quad returns the buffer holding four points.
func (p *polyScratch) quad(a, b, c, d viz.Point) []viz.Point {
	p.pts = append(p.pts[:0], a, b, c, d)
	return p.pts
}

// arrow draws an arrow from (x0, y0) to (x1, y1), its head from the
// scratch buffer (kit's arrow draws through one).
func (p *polyScratch) arrow(c viz.Canvas, x0, y0, x1, y1, width float64, col color.RGBA) {
	c.Line(x0, y0, x1, y1, width, col)
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1 {
		return
	}
	ux, uy := dx/l, dy/l
	s := 5 + 2*width
	c.FillPolygon(p.tri(viz.Point{X: x1, Y: y1}, viz.Point{X: x1 - s*ux - s*0.6*uy, Y: y1 - s*uy + s*0.6*ux},
		viz.Point{X: x1 - s*ux + s*0.6*uy, Y: y1 - s*uy - s*0.6*ux}), col)
}

// flowArrows draws an arrow between consecutive panels on the same row
// (kit's flowArrows), the heads from the scratch buffer.
func (p *polyScratch) flowArrows(c viz.Canvas, cells []viz.Rect) {
	for i := 1; i < len(cells); i++ {
		a, b := cells[i-1], cells[i]
		if math.Abs(a.Y-b.Y) > 1 {
			continue
		}
		y := a.Y + a.H/2
		p.arrow(c, a.X+a.W+4, y, b.X-4, y, 2, viz.InkMuted)
	}
}

// cellsBuf holds the panels of a frame's layout, reused across frames.
type cellsBuf struct{ r []viz.Rect }

// flow is kit's flowCells into the buffer (valid until the next call).
func (b *cellsBuf) flow(r viz.Rect, n int, gap, minW float64) []viz.Rect {
	b.r = flowInto(b.r, r, n, gap, minW)
	return b.r
}

// grid is gridCells into the buffer (valid until the next call).
func (b *cellsBuf) grid(r viz.Rect, n int, gap, extra float64) []viz.Rect {
	b.r = gridInto(b.r, r, n, gap, extra)
	return b.r
}
