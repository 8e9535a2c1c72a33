package lint

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"dlprep/viz"
	"dlprep/viz/tex"
)

// Text is one recorded string.
type Text struct {
	S    string
	Size float64
	Box  viz.Rect
	// panels is how many panels had been declared when it was drawn, layer
	// how many overlays.
	panels, layer int
	hidden        bool // painted over entirely by a later opaque fill
	cover         bool // painted over partly by a later opaque fill
}

// Recorder records a frame's layout. It is a viz.Canvas; measure text with
// the backend's own Measurer so boxes match what the screen shows.
type Recorder struct {
	W, H    float64
	Measure viz.Measurer
	Texts   []Text
	Panels  []viz.Rect
	// layers holds each panel's overlay depth; overlays counts them.
	layers   []int
	overlays int
	// oversized lists the bitmaps larger than MaxTexture.
	oversized []string
}

// NewRecorder returns a recorder of a w×h canvas measuring with m.
func NewRecorder(w, h float64, m viz.Measurer) *Recorder {
	return &Recorder{W: w, H: h, Measure: m}
}

// Size implements viz.Canvas.
func (r *Recorder) Size() (float64, float64) { return r.W, r.H }

// FillRect implements viz.Canvas: an opaque fill hides the text under it,
// and text it covers only partly counts as clipped. Rules thinner than
// minOccluder (a fraction bar, an accent, a radical's vinculum) are strokes,
// not backgrounds: they sit in the gaps of the text they belong to.
func (r *Recorder) FillRect(x, y, w, h float64, c color.RGBA) {
	if c.A != 255 || w < minOccluder || h < minOccluder {
		return
	}
	f := viz.Rect{X: x, Y: y, W: w, H: h}
	for i := range r.Texts {
		t := &r.Texts[i]
		if t.hidden {
			continue
		}
		ov := intersect(t.Box, f)
		if ov.W <= tolerance || ov.H <= tolerance {
			continue
		}
		if ov.W >= t.Box.W-tolerance && ov.H >= t.Box.H-tolerance {
			t.hidden = true
		} else {
			t.cover = true
		}
	}
}

// StrokeRect implements viz.Canvas.
func (r *Recorder) StrokeRect(x, y, w, h, width float64, c color.RGBA) {}

// Line implements viz.Canvas.
func (r *Recorder) Line(x1, y1, x2, y2, width float64, c color.RGBA) {}

// Polyline implements viz.Canvas.
func (r *Recorder) Polyline(pts []viz.Point, width float64, c color.RGBA) {}

// FillPolygon implements viz.Canvas.
func (r *Recorder) FillPolygon(pts []viz.Point, c color.RGBA) {}

// FillCircle implements viz.Canvas.
func (r *Recorder) FillCircle(cx, cy, rad float64, c color.RGBA) {}

// MaxTexture is the largest bitmap side a frame may draw: GPUs guarantee
// 4096 px, and a larger image stops the browser app (ebiten's atlas).
const MaxTexture = 4096

// Image implements viz.Canvas: a bitmap over MaxTexture is a finding.
func (r *Recorder) Image(b *viz.Bitmap, x, y, w, h float64, smooth bool) {
	if b != nil && b.Img != nil && (b.Img.Rect.Dx() > MaxTexture || b.Img.Rect.Dy() > MaxTexture) {
		r.oversized = append(r.oversized, b.Img.Rect.Size().String())
	}
}

// TextWidth implements viz.Canvas.
func (r *Recorder) TextWidth(s string, size float64) float64 { return r.Measure.TextWidth(s, size) }

// Text implements viz.Canvas.
func (r *Recorder) Text(x, y float64, s string, size float64, c color.RGBA, align viz.Align) {
	if s == "" || c.A == 0 || strings.TrimSpace(s) == "" {
		return
	}
	w := r.Measure.TextWidth(s, size)
	switch align {
	case viz.AlignCenter:
		x -= w / 2
	case viz.AlignRight:
		x -= w
	}
	// The box is the glyphs' ink above and below the baseline: a
	// subscript sits under its base's line box but not under its ink.
	asc, desc := tex.InkExtent(s, size)
	if asc+desc <= 0 {
		asc, desc = 0.8*size, 0.2*size
	}
	r.Texts = append(r.Texts, Text{S: s, Size: size, Box: viz.Rect{X: x, Y: y - asc, W: w, H: asc + desc},
		panels: len(r.Panels), layer: r.overlays})
}

// MarkPanel implements viz.PanelMarker.
func (r *Recorder) MarkPanel(p viz.Rect) {
	r.Panels = append(r.Panels, p)
	r.layers = append(r.layers, r.overlays)
}

// MarkOverlay implements viz.PanelMarker: the text it covers, wholly or
// partly, is hidden by design, and panels below it no longer own the text
// drawn on top.
func (r *Recorder) MarkOverlay(p viz.Rect) {
	for i := range r.Texts {
		t := &r.Texts[i]
		if ov := intersect(t.Box, p); ov.W > tolerance && ov.H > tolerance {
			t.hidden = true
		}
	}
	r.overlays++
	r.MarkPanel(p)
}

// minOccluder is the smallest side of a fill that can paint text over.
const minOccluder = 3.0

// tolerance is how far (logical px) boxes may touch before it counts:
// rounding to device pixels moves text by up to half a pixel.
const tolerance = 0.75

// Report is the lint's verdict on one frame.
type Report struct {
	Overlaps, Clipped, TooSmall int
	// Details describes each finding (at most maxDetails of them).
	Details []string
}

// Clean reports whether nothing was found.
func (rep Report) Clean() bool { return rep.Overlaps+rep.Clipped+rep.TooSmall == 0 }

// String summarises the report.
func (rep Report) String() string {
	s := fmt.Sprintf("%d overlaps, %d clipped, %d too small", rep.Overlaps, rep.Clipped, rep.TooSmall)
	if len(rep.Details) > 0 {
		s += ":\n  " + strings.Join(rep.Details, "\n  ")
	}
	return s
}

const maxDetails = 40

func (rep *Report) add(format string, args ...any) {
	if len(rep.Details) < maxDetails {
		rep.Details = append(rep.Details, fmt.Sprintf(format, args...))
	}
}

// Check lints what was recorded: minSize is the smallest allowed text size.
func (r *Recorder) Check(minSize float64) Report {
	var rep Report
	canvas := viz.Rect{W: r.W, H: r.H}
	for _, sz := range r.oversized {
		rep.Clipped++
		rep.add("a %s bitmap is over the GPU's texture limit of %d px", sz, MaxTexture)
	}
	var vis []int
	for i := range r.Texts {
		t := &r.Texts[i]
		if t.hidden {
			continue
		}
		vis = append(vis, i)
		if t.Size < minSize-1e-9 {
			rep.TooSmall++
			rep.add("too small: %q at %.1f px (minimum %.0f) at %s", short(t.S), t.Size, minSize, box(t.Box))
		}
		switch {
		case !inside(t.Box, canvas):
			rep.Clipped++
			rep.add("clipped by the canvas edge: %q at %s", short(t.S), box(t.Box))
		case t.cover:
			rep.Clipped++
			rep.add("partly painted over: %q at %s", short(t.S), box(t.Box))
		default:
			if p, ok := r.panelOf(t); ok && !inside(t.Box, p) {
				rep.Clipped++
				rep.add("leaves its panel %s: %q at %s", box(p), short(t.S), box(t.Box))
			}
		}
	}
	// Sweep along x: only boxes whose x ranges meet can overlap.
	sort.Slice(vis, func(a, b int) bool { return r.Texts[vis[a]].Box.X < r.Texts[vis[b]].Box.X })
	for a := range vis {
		ta := &r.Texts[vis[a]]
		for b := a + 1; b < len(vis); b++ {
			tb := &r.Texts[vis[b]]
			if tb.Box.X >= ta.Box.X+ta.Box.W-tolerance {
				break
			}
			ov := intersect(ta.Box, tb.Box)
			if ov.W <= tolerance || ov.H <= tolerance {
				continue
			}
			rep.Overlaps++
			rep.add("overlap: %q at %s and %q at %s", short(ta.S), box(ta.Box), short(tb.S), box(tb.Box))
		}
	}
	return rep
}

// panelOf is the innermost panel declared before t that contains the
// middle of t's first glyph.
func (r *Recorder) panelOf(t *Text) (viz.Rect, bool) {
	px, py := t.Box.X+min(t.Box.W, t.Size)/2, t.Box.Y+t.Box.H/2
	best, area, ok := viz.Rect{}, math.Inf(1), false
	for i, p := range r.Panels[:t.panels] {
		if r.layers[i] == t.layer && p.Contains(px, py) && p.W*p.H < area {
			best, area, ok = p, p.W*p.H, true
		}
	}
	return best, ok
}

func intersect(a, b viz.Rect) viz.Rect {
	x0, y0 := max(a.X, b.X), max(a.Y, b.Y)
	x1, y1 := min(a.X+a.W, b.X+b.W), min(a.Y+a.H, b.Y+b.H)
	return viz.Rect{X: x0, Y: y0, W: max(0, x1-x0), H: max(0, y1-y0)}
}

// inside reports whether a lies within b, give or take the tolerance.
func inside(a, b viz.Rect) bool {
	return a.X >= b.X-tolerance && a.Y >= b.Y-tolerance &&
		a.X+a.W <= b.X+b.W+tolerance && a.Y+a.H <= b.Y+b.H+tolerance
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func box(r viz.Rect) string { return fmt.Sprintf("(%.0f,%.0f %.0f×%.0f)", r.X, r.Y, r.W, r.H) }
