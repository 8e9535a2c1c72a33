package scenes

// Drawing pieces of the diffusion views (problems 008, 010, 011, 012):
// the data plane with the noised density p_t behind it, a particle layer
// stamped into a bitmap (hundreds of dots and arrows in one Image call, as
// WASM cannot afford hundreds of vector calls a frame), the noise-level
// strip, and labels with hats, bars and subscripts, which the UI font
// cannot compose.

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/diffusion/toy"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Colours of the stages of a reverse step, the same in every view.
var (
	colXt   = viz.Accent                     // x_t, the particles
	colEps  = color.RGBA{217, 119, 6, 255}   // ε̂, the predicted noise
	colX0   = viz.Good                       // x̂₀, the clean estimate
	colMean = color.RGBA{124, 58, 237, 255}  // μ, the step's mean
	colZ    = color.RGBA{100, 106, 118, 255} // σ z, fresh noise
	colBad  = viz.Bad                        // a mistake's version
)

// diffExtent is the half-width of the square of data space a plane shows:
// the data sets fit in ±2.1, and N(0, I) noise mostly in ±2.6.
const diffExtent = 2.7

// dplane maps data coordinates to a square on screen.
type dplane struct {
	r   viz.Rect
	ext float64
}

func newPlane(r viz.Rect) dplane { return dplane{r: r, ext: diffExtent} }

// px is the screen position of data point (x, y).
func (p dplane) px(x, y float64) (float64, float64) {
	return p.r.X + (x+p.ext)/(2*p.ext)*p.r.W, p.r.Y + (p.ext-y)/(2*p.ext)*p.r.H
}

// pt is px of point i of a [N, 2] slice.
func (p dplane) pt(xs []float32, i int) (float64, float64) {
	return p.px(float64(xs[2*i]), float64(xs[2*i+1]))
}

// inside reports whether a screen point lies on the plane.
func (p dplane) inside(x, y float64) bool { return p.r.Contains(x, y) }

// frame draws the plane's background (the density bm, or paper), border
// and axes through the origin.
func (p dplane) frame(c viz.Canvas, bm *viz.Bitmap) {
	viz.MarkPanel(c, p.r)
	if bm != nil && bm.Img != nil {
		c.Image(bm, p.r.X, p.r.Y, p.r.W, p.r.H, true)
	} else {
		c.FillRect(p.r.X, p.r.Y, p.r.W, p.r.H, viz.Paper)
	}
	ox, oy := p.px(0, 0)
	c.Line(p.r.X, oy, p.r.X+p.r.W, oy, 1, viz.Fade(viz.Grid, 0.7))
	c.Line(ox, p.r.Y, ox, p.r.Y+p.r.H, 1, viz.Fade(viz.Grid, 0.7))
	c.StrokeRect(p.r.X, p.r.Y, p.r.W, p.r.H, 1, viz.Grid)
}

// densityMap runs from paper to a soft blue: the noised density p_t.
var densityMap = viz.NewColorMap("density",
	color.RGBA{250, 250, 248, 255}, color.RGBA{230, 237, 246, 255}, color.RGBA{196, 214, 238, 255}, color.RGBA{150, 182, 226, 255})

// Density levels: p_t is precomputed at levels of ᾱ evenly spaced in log
// SNR, and a frame shows the nearest, so playing never evaluates it.
const (
	densityRes    = 48
	densityLevels = 16
)

// densityStack holds p_t(x | class) of one mixture at the levels.
type densityStack struct {
	mix    *toy.Mixture
	class  int
	levels [densityLevels]viz.Bitmap
	vals   [densityLevels][]float32
}

// levelAbar is the ᾱ of level l: 0 is almost pure noise, the last level
// the data.
func levelAbar(l int) float64 {
	if l >= densityLevels-1 {
		return 1
	}
	lsnr := float64(l)/float64(densityLevels-2)*12 - 5
	return 1 / (1 + math.Exp(-lsnr))
}

// levelOf is the level nearest ᾱ (in log SNR).
func levelOf(abar float64) int {
	if abar >= 0.9995 {
		return densityLevels - 1
	}
	if abar <= 0 {
		return 0
	}
	lsnr := math.Log(abar / (1 - abar))
	return clampInt(int(math.Round((lsnr+5)/12*float64(densityLevels-2))), 0, densityLevels-2)
}

// build evaluates the levels with the mixture's LogDensity, unless they
// already show this mixture and class.
func (d *densityStack) build(m *toy.Mixture, class int) error {
	if d.mix == m && d.class == class && d.levels[0].Img != nil {
		return nil
	}
	n := densityRes
	pt := []float64{0, 0}
	for l := range d.levels {
		if len(d.vals[l]) != n*n {
			d.vals[l] = make([]float32, n*n)
		}
		buf := d.vals[l]
		abar := levelAbar(l)
		mx := math.Inf(-1)
		for i := range n {
			for j := range n {
				pt[0] = (float64(j)+0.5)/float64(n)*2*diffExtent - diffExtent
				pt[1] = diffExtent - (float64(i)+0.5)/float64(n)*2*diffExtent
				lp, err := m.LogDensity(pt, abar, class)
				if err != nil {
					return err
				}
				buf[i*n+j] = float32(lp)
				mx = math.Max(mx, lp)
			}
		}
		for i, v := range buf {
			// The square root of the relative density keeps faint tails
			// visible.
			buf[i] = float32(math.Sqrt(math.Exp(float64(v) - mx)))
		}
		d.levels[l].SetHeatmap(buf, n, n, densityMap, 0, 1)
	}
	d.mix, d.class = m, class
	return nil
}

// at is the level shown for ᾱ.
func (d *densityStack) at(abar float64) *viz.Bitmap {
	if d.levels[0].Img == nil {
		return nil
	}
	return &d.levels[levelOf(abar)]
}

// layer is a transparent bitmap over a plane into which a view stamps its
// particles, rings and arrows, re-stamped only when its key changes.
type layer struct {
	bm    viz.Bitmap
	key   layerKey
	scale float64 // bitmap pixels per logical pixel
	p     dplane
	// sprites caches the coverage masks of discs and rings by size, so
	// stamping hundreds of particles is a copy with integer blending.
	sprites map[spriteKey]*sprite
	// blank says nothing is stamped: a stage with nothing to hold costs
	// no clear, no upload and no draw.
	blank bool
}

// spriteKey names a mask: radius and ring width in eighths of a pixel
// (width 0: a filled disc).
type spriteKey struct{ r, w int }

// sprite is a (2h+1)² coverage mask centred on a pixel.
type sprite struct {
	h int
	a []uint8
}

// spriteOf returns the mask of a disc (w = 0) or ring of radius r
// (bitmap pixels).
func (l *layer) spriteOf(r, w float64) *sprite {
	k := spriteKey{int(r*8 + 0.5), int(w*8 + 0.5)}
	if sp, ok := l.sprites[k]; ok {
		return sp
	}
	if l.sprites == nil {
		l.sprites = map[spriteKey]*sprite{}
	}
	h, a := viz.DiscMask(float64(k.r)/8, float64(k.w)/8)
	sp := &sprite{h: h, a: a}
	l.sprites[k] = sp
	return sp
}

// blit lays colour c through sprite sp centred at bitmap pixel (cx, cy).
func (l *layer) blit(sp *sprite, cx, cy float64, c color.RGBA) {
	l.blank = false
	img := l.bm.Img
	x0, y0 := int(math.Floor(cx))-sp.h, int(math.Floor(cy))-sp.h
	n := 2*sp.h + 1
	w, hh := img.Rect.Dx(), img.Rect.Dy()
	ca := uint32(c.A)
	for j := range n {
		y := y0 + j
		if y < 0 || y >= hh {
			continue
		}
		row := img.Pix[y*img.Stride:]
		for i := range n {
			x := x0 + i
			a := uint32(sp.a[j*n+i])
			if a == 0 || x < 0 || x >= w {
				continue
			}
			p := row[4*x : 4*x+4 : 4*x+4]
			k := 255*255 - a*ca
			p[0] = uint8((uint32(p[0])*k + uint32(c.R)*a*255) / (255 * 255))
			p[1] = uint8((uint32(p[1])*k + uint32(c.G)*a*255) / (255 * 255))
			p[2] = uint8((uint32(p[2])*k + uint32(c.B)*a*255) / (255 * 255))
			p[3] = uint8((uint32(p[3])*k + ca*a*255) / (255 * 255))
		}
	}
}

// layerKey says what a layer holds; a view fills Step and Variant, the
// size is added by begin. A layer holds what stays put within a step
// (lines, arrows, the data): what moves is drawn each frame in a
// discBatch, so playing never re-stamps and re-uploads a layer per frame.
type layerKey struct {
	Step, Variant, Focus int
	W, H                 int
}

// maxLayerSide caps a layer's bitmap (far under any GPU texture limit).
const maxLayerSide = 1400

// begin sizes the layer to the plane at the canvas's device scale and
// reports whether key differs from what it holds (then it is cleared and
// the caller stamps it anew).
func (l *layer) begin(c viz.Canvas, p dplane, key layerKey) bool {
	key = sizedKey(c, p, key)
	w, h := key.W, key.H
	l.p = p
	l.scale = float64(w) / max(p.r.W, 1)
	if key == l.key && l.bm.Img != nil {
		return false
	}
	l.key = key
	if l.bm.Img == nil || l.bm.Img.Rect.Dx() != w || l.bm.Img.Rect.Dy() != h {
		l.bm.Img = image.NewRGBA(image.Rect(0, 0, w, h))
	} else if !l.blank {
		clear(l.bm.Img.Pix)
	}
	l.blank = true
	return true
}

// sizedKey is key with the size of the bitmap a layer over p has on c.
func sizedKey(c viz.Canvas, p dplane, key layerKey) layerKey {
	s := viz.DeviceScale(c)
	key.W = min(maxLayerSide, max(1, int(math.Ceil(p.r.W*s))))
	key.H = min(maxLayerSide, max(1, int(math.Ceil(p.r.H*s))))
	return key
}

// holds reports whether the layer holds key over p on c (begin would
// return false).
func (l *layer) holds(c viz.Canvas, p dplane, key layerKey) bool {
	return l.bm.Img != nil && l.key == sizedKey(c, p, key)
}

// done uploads what was stamped, if anything was.
func (l *layer) done() {
	if !l.blank {
		l.bm.Touch()
	}
}

// draw paints the layer over its plane.
func (l *layer) draw(c viz.Canvas) {
	if l.bm.Img != nil && !l.blank {
		c.Image(&l.bm, l.p.r.X, l.p.r.Y, l.p.r.W, l.p.r.H, true)
	}
}

// stagedLayer is a layer with a spare that is stamped ahead, a few items
// a frame, with what a later step of the timeline will hold. Playing then
// swaps the two at a stage change instead of stamping hundreds of lines
// (and clearing the bitmap) in that one frame, which on WebAssembly cost
// 1–2 ms and set the frame-time p95 of the views that use it.
type stagedLayer struct {
	l   [2]layer
	cur int
	// ahead counts the items of the spare's key stamped so far; full
	// says all of them are.
	ahead int
	full  bool
}

// stamper stamps items [from, to) of a step's lines into l and returns
// how many items the step has in all (from, to past it stamp nothing).
type stamper func(l *layer, from, to int) int

// reset forgets what both layers hold.
func (sl *stagedLayer) reset() {
	sl.l[0].key, sl.l[1].key = layerKey{}, layerKey{}
	sl.ahead, sl.full = 0, false
}

// show returns the layer holding key over p: the current one, the spare
// if it was stamped ahead in full, or else the current one stamped now.
func (sl *stagedLayer) show(c viz.Canvas, p dplane, key layerKey, stamp stamper) *layer {
	cur := &sl.l[sl.cur]
	if !cur.holds(c, p, key) && sl.full && sl.l[1-sl.cur].holds(c, p, key) {
		sl.cur = 1 - sl.cur
		sl.ahead, sl.full = 0, false
		cur = &sl.l[sl.cur]
		cur.p = p
		return cur
	}
	if cur.begin(c, p, key) {
		stamp(cur, 0, math.MaxInt)
		cur.done()
	}
	return cur
}

// prepare stamps up to budget more items of key into the spare, unless the
// current layer already holds it.
func (sl *stagedLayer) prepare(c viz.Canvas, p dplane, key layerKey, budget int, stamp stamper) {
	if sl.l[sl.cur].holds(c, p, key) {
		return
	}
	spare := &sl.l[1-sl.cur]
	if spare.begin(c, p, key) {
		sl.ahead, sl.full = 0, false
	}
	if sl.full {
		return
	}
	total := stamp(spare, sl.ahead, sl.ahead+budget)
	sl.ahead += budget
	if sl.ahead >= total {
		sl.full = true
		spare.done()
	}
}

// bpx maps data coordinates to bitmap pixels.
func (l *layer) bpx(x, y float64) (float64, float64) {
	sx, sy := l.p.px(x, y)
	return (sx - l.p.r.X) * l.scale, (sy - l.p.r.Y) * l.scale
}

// blend lays colour c (premultiplied) at coverage a over pixel (x, y).
func blendPx(img *image.RGBA, x, y int, c color.RGBA, a float64) {
	if a <= 0 || x < 0 || y < 0 || x >= img.Rect.Dx() || y >= img.Rect.Dy() {
		return
	}
	a = min(a, 1)
	o := y*img.Stride + 4*x
	p := img.Pix[o : o+4 : o+4]
	k := 1 - a*float64(c.A)/255
	p[0] = uint8(float64(p[0])*k + float64(c.R)*a + 0.5)
	p[1] = uint8(float64(p[1])*k + float64(c.G)*a + 0.5)
	p[2] = uint8(float64(p[2])*k + float64(c.B)*a + 0.5)
	p[3] = uint8(float64(p[3])*k + float64(c.A)*a + 0.5)
}

// disc stamps a filled, anti-aliased disc of radius r (logical pixels) at
// data point (x, y).
func (l *layer) disc(x, y, r float64, c color.RGBA) {
	cx, cy := l.bpx(x, y)
	l.discPx(cx, cy, r*l.scale, c)
}

func (l *layer) discPx(cx, cy, r float64, c color.RGBA) {
	if cx < -r-2 || cy < -r-2 || cx > float64(l.bm.Img.Rect.Dx())+r+2 || cy > float64(l.bm.Img.Rect.Dy())+r+2 {
		return
	}
	l.blit(l.spriteOf(r, 0), cx, cy, c)
}

// ring stamps a circle outline of radius r and width w (logical pixels).
func (l *layer) ring(x, y, r, w float64, c color.RGBA) {
	cx, cy := l.bpx(x, y)
	r, w = r*l.scale, w*l.scale
	if cx < -r-w-2 || cy < -r-w-2 || cx > float64(l.bm.Img.Rect.Dx())+r+w+2 || cy > float64(l.bm.Img.Rect.Dy())+r+w+2 {
		return
	}
	l.blit(l.spriteOf(r, max(w, 0.125)), cx, cy, c)
}

// line stamps a segment between data points, width w logical pixels
// (about 1 or 2), by stepping along it and covering the two pixels nearest
// each sample (Wu's method); pixels off the bitmap are skipped, so a line
// leaving the plane is cut at its edge.
func (l *layer) line(x0, y0, x1, y1, w float64, c color.RGBA) {
	ax, ay := l.bpx(x0, y0)
	bx, by := l.bpx(x1, y1)
	l.linePx(ax, ay, bx, by, w*l.scale, c)
}

func (l *layer) linePx(ax, ay, bx, by, w float64, c color.RGBA) {
	l.blank = false
	img := l.bm.Img
	dx, dy := bx-ax, by-ay
	n := math.Max(math.Abs(dx), math.Abs(dy))
	if n > 4*maxLayerSide || math.IsNaN(n) {
		// Clip absurd segments (a pitfall far off the plot) to the
		// bitmap's neighbourhood first.
		var ok bool
		if ax, ay, bx, by, ok = clipSegment(ax, ay, bx, by, -2, -2, float64(img.Rect.Dx())+2, float64(img.Rect.Dy())+2); !ok {
			return
		}
		dx, dy = bx-ax, by-ay
		n = math.Max(math.Abs(dx), math.Abs(dy))
	}
	steps := int(n) + 1
	half := max(0.5, w/2)
	for s := 0; s <= steps; s++ {
		t := float64(s) / float64(steps)
		x, y := ax+dx*t-0.5, ay+dy*t-0.5
		if math.Abs(dx) >= math.Abs(dy) {
			// Cover the pixels within half of y, with fractional ends.
			lo, hi := y-half+0.5, y+half+0.5
			for py := int(math.Floor(lo)); float64(py) < hi; py++ {
				cov := min(hi, float64(py+1)) - max(lo, float64(py))
				blendPx(img, int(math.Round(x)), py, c, cov)
			}
		} else {
			lo, hi := x-half+0.5, x+half+0.5
			for px := int(math.Floor(lo)); float64(px) < hi; px++ {
				cov := min(hi, float64(px+1)) - max(lo, float64(px))
				blendPx(img, px, int(math.Round(y)), c, cov)
			}
		}
	}
}

// arrow stamps a segment with a small head at its end (data points).
func (l *layer) arrow(x0, y0, x1, y1, w float64, c color.RGBA) {
	ax, ay := l.bpx(x0, y0)
	bx, by := l.bpx(x1, y1)
	l.linePx(ax, ay, bx, by, w*l.scale, c)
	dx, dy := bx-ax, by-ay
	d := math.Hypot(dx, dy)
	head := (3 + 1.5*w) * l.scale
	if d < head*1.2 {
		return
	}
	ux, uy := dx/d, dy/d
	for _, s := range [2]float64{1, -1} {
		hx, hy := bx-head*ux+s*0.6*head*uy, by-head*uy-s*0.6*head*ux
		l.linePx(bx, by, hx, hy, w*l.scale, c)
	}
}

// clipSegment clips (ax, ay)-(bx, by) to [x0, x1] × [y0, y1]
// (Liang-Barsky); ok is false when nothing is left.
func clipSegment(ax, ay, bx, by, x0, y0, x1, y1 float64) (float64, float64, float64, float64, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	for _, e := range [4][2]float64{{-dx, ax - x0}, {dx, x1 - ax}, {-dy, ay - y0}, {dy, y1 - ay}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = max(t0, r)
		} else {
			t1 = min(t1, r)
		}
		if t0 > t1 {
			return 0, 0, 0, 0, false
		}
	}
	return ax + t0*dx, ay + t0*dy, ax + t1*dx, ay + t1*dy, true
}

// vecLine draws a vector line on the canvas cut to the plane (for the few
// highlighted marks drawn on top of a layer), its head from ps.
func (p dplane) vecLine(c viz.Canvas, ps *polyScratch, x0, y0, x1, y1, w float64, col color.RGBA, head bool) {
	ax, ay := p.px(x0, y0)
	bx, by := p.px(x1, y1)
	cx, cy, dx, dy, ok := clipSegment(ax, ay, bx, by, p.r.X, p.r.Y, p.r.X+p.r.W, p.r.Y+p.r.H)
	if !ok {
		return
	}
	if head && dx == bx && dy == by {
		ps.arrow(c, cx, cy, dx, dy, w, col)
		return
	}
	c.Line(cx, cy, dx, dy, w, col)
}

// markDots marks n particles of xs ([N, 2]) that lie on the plane as dots
// of group g: hover reads them through the view's Inspect.
func (p dplane) markDots(f *scene.Frame, g int, xs []float32, n int, r float64) {
	for i := range n {
		x, y := p.pt(xs, i)
		if p.inside(x, y) {
			f.Dot(g, i, x, y, r)
		}
	}
}

// tween is the screen position of point i of [N, 2] points moving from
// from to to, t of the way (at to when from is nil or t ≥ 1).
func (p dplane) tween(from, to *core.Tensor, i int, t float64) (float64, float64) {
	if from == nil || t >= 1 {
		return p.pt(to.Data, i)
	}
	return p.px(lerp32(from.Data, to.Data, i, t))
}

// clamp is the screen point (x, y) moved onto the plane.
func (p dplane) clamp(x, y float64) viz.Point {
	return viz.Point{X: max(p.r.X, min(p.r.X+p.r.W, x)), Y: max(p.r.Y, min(p.r.Y+p.r.H, y))}
}

// trailLine draws a followed particle's path (points on the plane).
func trailLine(c viz.Canvas, pts []viz.Point) {
	if len(pts) > 1 {
		c.Polyline(pts, 1.5, viz.Fade(viz.Ink, 0.7))
	}
}

// followed is the particle a view follows: the one hovered in the first
// of groups that has one (below n), else follow.
func followed(f *scene.Frame, follow, n int, groups ...int) int {
	for _, g := range groups {
		if i, ok := f.Focused(g); ok && i < n {
			return i
		}
	}
	return min(follow, n-1)
}

// clickFollow is the particle a click picks in groups to follow instead of
// follow (ok false: no click, or no other particle below n).
func clickFollow(f *scene.Frame, in scene.Input, follow, n int, groups ...int) (int, bool) {
	if !in.Clicked {
		return 0, false
	}
	t, _, ok := f.Hit(in.X, in.Y)
	if !ok || !slices.Contains(groups, t.Group) || t.Index == follow || t.Index >= n {
		return 0, false
	}
	return t.Index, true
}

// lerp32 is point i of a and b blended by t.
func lerp32(a, b []float32, i int, t float64) (float64, float64) {
	return float64(a[2*i]) + (float64(b[2*i])-float64(a[2*i]))*t, float64(a[2*i+1]) + (float64(b[2*i+1])-float64(a[2*i+1]))*t
}

// ease is a smooth start and stop for animated moves.
func ease(t float64) float64 {
	t = max(0, min(1, t))
	return t * t * (3 - 2*t)
}

// outside counts the points of xs ([N, 2]) off the plane.
func outside(xs []float32) int {
	n := 0
	for i := 0; i+1 < len(xs); i += 2 {
		if math.Abs(float64(xs[i])) > diffExtent || math.Abs(float64(xs[i+1])) > diffExtent {
			n++
		}
	}
	return n
}

// sym is a mathematical symbol for a label: a base letter with an optional
// hat or bar and a subscript ("x̂₀", "ᾱ_t", "x_{t−1}"), composed from glyphs
// the UI font has.
type sym struct {
	Pre, Base, Sub, After string
	Hat, Bar              bool
}

// Common symbols of the diffusion views.
var (
	symXt    = sym{Base: "x", Sub: "t"}
	symXprev = sym{Base: "x", Sub: "t−1"}
	symXnext = sym{Base: "x", Sub: "t+1"}
	symEps   = sym{Base: "ε", Hat: true}
	symX0    = sym{Base: "x", Sub: "0", Hat: true}
	symMu    = sym{Base: "μ"}
	symSigZ  = sym{Base: "σz"}
	symAbar  = sym{Base: "α", Bar: true}
	symAbarT = sym{Base: "α", Sub: "t", Bar: true}
)

// symSub is a subscript's size: the smallest text allowed.
const symSub = kitSmall

// width is the symbol's advance at size.
func (s sym) width(m viz.Measurer, size float64) float64 {
	w := m.TextWidth(s.Pre, size) + m.TextWidth(s.Base, size) + m.TextWidth(s.After, size)
	if s.Sub != "" {
		w += 1 + m.TextWidth(s.Sub, symSub)
	}
	return w
}

// draw writes the symbol with its baseline at y from x, returning the x
// after it.
func (s sym) draw(c viz.Canvas, x, y, size float64, col color.RGBA) float64 {
	if s.Pre != "" {
		c.Text(x, y, s.Pre, size, col, viz.AlignLeft)
		x += c.TextWidth(s.Pre, size)
	}
	c.Text(x, y, s.Base, size, col, viz.AlignLeft)
	bw := c.TextWidth(s.Base, size)
	// Accents sit just over a lower-case letter's x-height.
	top := y - size*0.62
	switch {
	case s.Hat:
		mid := x + bw/2
		c.Line(mid-size*0.24, top-1, mid, top-size*0.2-1, 1.2, col)
		c.Line(mid, top-size*0.2-1, mid+size*0.24, top-1, 1.2, col)
	case s.Bar:
		c.Line(x+bw*0.1, top-size*0.12, x+bw*0.9, top-size*0.12, 1.2, col)
	}
	x += bw
	if s.Sub != "" {
		c.Text(x+1, y+size*0.28, s.Sub, symSub, col, viz.AlignLeft)
		x += 1 + c.TextWidth(s.Sub, symSub)
	}
	if s.After != "" {
		c.Text(x, y, s.After, size, col, viz.AlignLeft)
		x += c.TextWidth(s.After, size)
	}
	return x
}

// pair formats a 2-D point as "(0.31, −1.20)".
func pair(xs []float32, i int) string {
	return "(" + fmtNum2(float64(xs[2*i])) + ", " + fmtNum2(float64(xs[2*i+1])) + ")"
}

// fmtNum2 writes a coordinate with two decimals and a true minus sign, so
// columns of points line up.
func fmtNum2(v float64) string {
	if math.Abs(v) >= 100 {
		return fmtNum(v)
	}
	s := f2(math.Abs(v))
	if v < 0 && s != "0.00" {
		return "−" + s
	}
	return s
}

// strip is the noise-level strip of a sampling run: ᾱ of every state
// against the step number, so the steps a schedule wastes near ᾱ = 0 show
// as a flat start; the current step and the one taken apart are marked.
type strip struct {
	abar  []float64 // ᾱ of states 0..S
	apart int       // the step taken apart (−1: none)
	// from and to name the ends of the run ("noise", "data" when empty).
	from, to string
	pts      []viz.Point
	// mids are the "step k of n" labels, made once each.
	mids memo[int, string]
}

// set gives the strip its run.
func (s *strip) set(ch *toy.Chain, apart int) {
	s.abar = s.abar[:0]
	for k := 0; k <= ch.Len(); k++ {
		s.abar = append(s.abar, ch.AlphaBar(k))
	}
	s.apart = apart
	s.mids.reset()
}

// stripHeight is the height the strip needs.
func stripHeight() float64 { return kitTitle + 8 + 70 + viz.LineHeight(kitLabel) }

// draw lays the strip out in r with the playhead at state k + frac; it
// marks each step for inspection as group g.
func (s *strip) draw(c viz.Canvas, r viz.Rect, f *scene.Frame, g int, k float64, title string) {
	if len(s.abar) < 2 || r.W < 60 || r.H < 40 {
		return
	}
	r = panel(c, r, title)
	lh := viz.LineHeight(kitLabel)
	yw := symAbar.width(c, kitLabel) + 6
	plot := viz.Rect{X: r.X + yw + c.TextWidth("1", kitLabel) + 4, Y: r.Y + 2, H: r.H - lh - 6}
	plot.W = r.X + r.W - plot.X - 4
	if plot.W < 30 || plot.H < 20 {
		return
	}
	c.FillRect(plot.X, plot.Y, plot.W, plot.H, viz.White)
	c.StrokeRect(plot.X, plot.Y, plot.W, plot.H, 1, viz.Grid)
	n := len(s.abar) - 1
	xAt := func(k float64) float64 { return plot.X + k/float64(n)*plot.W }
	yAt := func(a float64) float64 { return plot.Y + (1-a)*plot.H }
	s.pts = s.pts[:0]
	for k, a := range s.abar {
		s.pts = append(s.pts, viz.Point{X: xAt(float64(k)), Y: yAt(a)})
	}
	c.Polyline(s.pts, 2, colXt)
	if s.apart >= 0 && s.apart < n {
		x := xAt(float64(s.apart) + 0.5)
		c.Line(x, plot.Y, x, plot.Y+plot.H, 1, viz.Fade(colX0, 0.8))
	}
	x := xAt(min(float64(n), max(0, k)))
	c.Line(x, plot.Y, x, plot.Y+plot.H, 2, viz.Bad)
	ki := min(n, int(k))
	fr := k - float64(ki)
	a := s.abar[ki]
	if ki < n {
		a += (s.abar[ki+1] - a) * fr
	}
	c.FillCircle(x, yAt(a), 4, viz.Bad)
	// Axes: ᾱ from 0 to 1 up the side, the steps along the bottom.
	symAbar.draw(c, r.X, plot.Y+plot.H/2+4, kitLabel, viz.InkMuted)
	valueEnds(c, plot, "1", "0", 3)
	base := plot.Y + plot.H + lh
	from, to := s.from, s.to
	if from == "" {
		from, to = "noise", "data"
	}
	c.Text(plot.X, base, from, kitLabel, viz.InkMuted, viz.AlignLeft)
	c.Text(plot.X+plot.W, base, to, kitLabel, viz.InkMuted, viz.AlignRight)
	// The step under way is the one after the states done.
	cur := min(n, int(k+1e-9)+1)
	if k >= float64(n) {
		cur = -1
	}
	mid := s.mids.get(cur, func() string {
		if cur < 0 {
			return "all " + itoa(n) + " steps"
		}
		return "step " + itoa(cur) + " of " + itoa(n)
	})
	if w := c.TextWidth(mid, kitLabel); w < plot.W-2*c.TextWidth("noise  ", kitLabel) {
		c.Text(plot.X+plot.W/2, base, mid, kitLabel, viz.Ink, viz.AlignCenter)
	}
	f.Grid(g, plot, 1, n)
}

// stampData stamps the data's shape faintly: one soft disc per mixture
// component, the reference every cloud is heading for.
func (l *layer) stampData(m *toy.Mixture) {
	if m.Dim != 2 {
		return
	}
	for _, c := range m.Comps {
		r := math.Sqrt(c.Var[0]) / (2 * l.p.ext) * l.p.r.W * 1.6
		l.disc(c.Mean[0], c.Mean[1], max(2.5, r), dataInk)
	}
}

// dataInk is the faint grey of the data's shape; dataSolid its legend
// swatch.
var (
	dataInk   = viz.Fade(color.RGBA{110, 116, 128, 255}, 0.3)
	dataSolid = color.RGBA{180, 184, 193, 255}
)

// fontSafe spells ᾱ as ā, the nearest letter the UI font has, in text
// written for a terminal (core/problems' statements).
func fontSafe(s string) string { return strings.ReplaceAll(s, "ᾱ", "ā") }

// scheduleFor builds the schedule of a view: T steps of kind; the linear
// kinds' β range is scaled by 1000/T so that x_T is noise for any T.
func scheduleFor(kind diffusion.ScheduleKind, T int) (*diffusion.Schedule, error) {
	sc := 1000 / float64(T)
	return diffusion.NewSchedule(kind, T, math.Min(0.5, diffusion.DefaultBetaStart*sc), math.Min(0.5, diffusion.DefaultBetaEnd*sc))
}

// dataSets are the 2-D data of the particle views, by choice index.
var dataSets = []string{"moons", "spiral", "ring"}

// dataSet builds data set k.
func dataSet(k int) (*toy.Mixture, error) {
	switch k {
	case 1:
		return toy.Spiral(44, 0.07)
	case 2:
		return toy.Ring(8, 1.8, 0.12)
	}
	return toy.Moons(20, 0.07)
}

// numRow is one row of a numbers panel, as shown (for Inspect).
type numRow struct {
	label      sym
	name       string
	right, bad string
	source     string
	// at is the tensor whose point the row's value is, when it is a place
	// on the plane: hovering the row marks it there.
	at *core.Tensor
}

// drawRows lays a numbers panel out: label, value, and the pitfall's value
// in red; rows past shown are left as dots, the last shown is marked.
func drawRows(c viz.Canvas, f *scene.Frame, r viz.Rect, title string, rows []numRow, shown, g int) float64 {
	if r.W < 80 || r.H < 40 {
		return r.Y
	}
	r = panel(c, r, title)
	rh := viz.LineHeight(kitLabel) + 6
	lw := 0.0
	for _, row := range rows {
		lw = max(lw, row.label.width(c, kitNum))
	}
	lw += 12
	hasBad := false
	for _, row := range rows {
		hasBad = hasBad || row.bad != ""
	}
	colW := (r.W - lw) / 2
	if colW < 90 {
		// No room for two columns: the pitfall's numbers are in the
		// tooltips of its particles.
		hasBad = false
	}
	if !hasBad {
		colW = r.W - lw
	}
	y := r.Y
	if hasBad {
		c.Text(r.X+lw, y+kitLabel, "right", kitLabel, viz.InkMuted, viz.AlignLeft)
		c.Text(r.X+lw+colW, y+kitLabel, viz.Ellipsize(c, "pitfall", kitLabel, colW-4), kitLabel, colBad, viz.AlignLeft)
		y += rh
	}
	for ri, row := range rows {
		if y+rh > r.Y+r.H+0.5 {
			break
		}
		base := y + kitNum
		col := viz.Ink
		if ri >= shown {
			col = viz.InkMuted
		}
		if ri == shown-1 {
			c.FillRect(r.X, y+1, 3, rh-4, colXt)
		}
		row.label.draw(c, r.X+6, base, kitNum, col)
		v := "·"
		if ri < shown {
			v = row.right
		}
		c.Text(r.X+lw, base, viz.Ellipsize(c, v, kitLabel, colW-6), kitLabel, col, viz.AlignLeft)
		if hasBad && ri < shown && row.bad != "" {
			bc := colBad
			if row.bad == "same" {
				bc = viz.InkMuted
			}
			c.Text(r.X+lw+colW, base, viz.Ellipsize(c, row.bad, kitLabel, colW-4), kitLabel, bc, viz.AlignLeft)
		}
		f.Box(g, ri, viz.Rect{X: r.X, Y: y, W: r.W, H: rh - 2})
		y += rh
	}
	return y
}

// revLayout is where a frame puts things.
type revLayout struct {
	plane  dplane
	legend viz.Rect
	side   viz.Rect // the numbers, coefficients or statistics panel
	strip  viz.Rect
}

// planeLayout splits the area: the plane as large as it can be, a column at the
// right on a wide screen or the panels below it on a narrow one.
func planeLayout(c viz.Canvas, area viz.Rect, items []legendItem) revLayout {
	var l revLayout
	if area.W >= 560 {
		sideW := max(240, min(320, area.W*0.38))
		side := min(area.W-sideW-16, area.H)
		legH := legendHeight(c, side, items)
		side = max(40, min(side, area.H-legH-6))
		// A narrower plane may wrap the legend onto more lines.
		for legendHeight(c, side, items) > legH {
			legH = legendHeight(c, side, items)
			side = max(40, min(side, area.H-legH-6))
		}
		l.plane = newPlane(viz.Rect{X: area.X, Y: area.Y, W: side, H: side})
		l.legend = viz.Rect{X: area.X, Y: area.Y + side + 6, W: side, H: legH}
		col := viz.Rect{X: area.X + side + 16, Y: area.Y, W: area.X + area.W - (area.X + side + 16), H: area.H}
		sh := min(stripHeight(), col.H*0.4)
		l.strip, l.side = col.CutBottom(sh)
		l.side.H -= 10
		return l
	}
	// Narrow (a phone): the plane at the left, the panel beside it, the
	// legend under both, the strip across the bottom.
	sh := stripHeight()
	legH := legendHeight(c, area.W, items)
	side := max(40, min(area.W*0.58, area.H-sh-legH-10))
	l.plane = newPlane(viz.Rect{X: area.X, Y: area.Y, W: side, H: side})
	l.side = viz.Rect{X: area.X + side + 8, Y: area.Y, W: area.W - side - 8, H: side}
	l.legend = viz.Rect{X: area.X, Y: area.Y + side + 4, W: area.W, H: legH}
	top := area.Y + side + legH + 10
	l.strip = viz.Rect{X: area.X, Y: top, W: area.W, H: area.Y + area.H - top}
	return l
}

// gridCells splits r into n equal cells in the grid (columns × rows) that
// gives each the largest square plot, extra being the height each cell
// needs besides its plot (title, numbers).
func gridCells(r viz.Rect, n int, gap, extra float64) []viz.Rect {
	if n <= 0 {
		return nil
	}
	return gridInto(make([]viz.Rect, 0, n), r, n, gap, extra)
}

// gridInto is gridCells' layout written into dst's memory.
func gridInto(dst []viz.Rect, r viz.Rect, n int, gap, extra float64) []viz.Rect {
	dst = dst[:0]
	if n <= 0 {
		return dst
	}
	bestCols, bestSide := 1, -1.0
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		w := (r.W - gap*float64(cols-1)) / float64(cols)
		h := (r.H-gap*float64(rows-1))/float64(rows) - extra
		if side := min(w, h); side > bestSide {
			bestCols, bestSide = cols, side
		}
	}
	cols := bestCols
	rows := (n + cols - 1) / cols
	w := (r.W - gap*float64(cols-1)) / float64(cols)
	h := (r.H - gap*float64(rows-1)) / float64(rows)
	for i := range n {
		dst = append(dst, viz.Rect{X: r.X + float64(i%cols)*(w+gap), Y: r.Y + float64(i/cols)*(h+gap), W: w, H: h})
	}
	return dst
}

// rowCache keeps a numbers panel's rows (and its worked line) until what
// they show changes, so a frame formats no strings.
type rowCache struct {
	key  [3]int
	ok   bool
	rows []numRow
	text string
}

// get returns the rows for key, building them when the key changed.
func (rc *rowCache) get(key [3]int, build func() ([]numRow, string)) ([]numRow, string) {
	if !rc.ok || rc.key != key {
		rc.rows, rc.text = build()
		rc.key, rc.ok = key, true
	}
	return rc.rows, rc.text
}

// discBatch gathers the centres of one colour's discs or rings, drawn
// afterwards in one viz.Discs call (a batch on the GPU: moving particles
// cost no re-stamped layer). Centres off the plane are dropped, as the
// layer's bitmap cut them.
type discBatch struct {
	p   dplane
	pts []viz.Point
}

// on sets the plane the next points lie on.
func (b *discBatch) on(p dplane) { b.p = p }

// add queues data point (x, y).
func (b *discBatch) add(x, y float64) {
	sx, sy := b.p.px(x, y)
	if !b.p.inside(sx, sy) {
		return
	}
	b.pts = append(b.pts, viz.Point{X: sx, Y: sy})
}

// addEvery queues points 0, every, 2·every, … below n of an [N, 2] slice.
func (b *discBatch) addEvery(xs []float32, n, every int) {
	for i := 0; i < n; i += every {
		b.add(float64(xs[2*i]), float64(xs[2*i+1]))
	}
}

// flush draws the queued centres as discs (w = 0) or rings of radius r
// and empties the batch.
func (b *discBatch) flush(c viz.Canvas, r, w float64, col color.RGBA) {
	viz.Discs(c, b.pts, r, w, col)
	b.pts = b.pts[:0]
}
