package viz

import (
	"image/color"
	"strings"
	"sync"
	"unicode/utf8"
)

// Rect is an axis-aligned rectangle in canvas pixels.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether (x, y) lies inside r (left/top edges inclusive).
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Inset shrinks r by d on every side (never below zero size).
func (r Rect) Inset(d float64) Rect {
	r.X, r.Y, r.W, r.H = r.X+d, r.Y+d, max(0, r.W-2*d), max(0, r.H-2*d)
	return r
}

// CutLeft splits off a strip of width w from the left: (strip, rest).
func (r Rect) CutLeft(w float64) (Rect, Rect) {
	w = min(max(w, 0), r.W)
	return Rect{r.X, r.Y, w, r.H}, Rect{r.X + w, r.Y, r.W - w, r.H}
}

// CutRight splits off a strip of width w from the right: (strip, rest).
func (r Rect) CutRight(w float64) (Rect, Rect) {
	w = min(max(w, 0), r.W)
	return Rect{r.X + r.W - w, r.Y, w, r.H}, Rect{r.X, r.Y, r.W - w, r.H}
}

// CutTop splits off a strip of height h from the top: (strip, rest).
func (r Rect) CutTop(h float64) (Rect, Rect) {
	h = min(max(h, 0), r.H)
	return Rect{r.X, r.Y, r.W, h}, Rect{r.X, r.Y + h, r.W, r.H - h}
}

// CutBottom splits off a strip of height h from the bottom: (strip, rest).
func (r Rect) CutBottom(h float64) (Rect, Rect) {
	h = min(max(h, 0), r.H)
	return Rect{r.X, r.Y + r.H - h, r.W, h}, Rect{r.X, r.Y, r.W, r.H - h}
}

// Columns splits r into n equal columns separated by gap.
func (r Rect) Columns(n int, gap float64) []Rect {
	out := make([]Rect, n)
	w := (r.W - gap*float64(n-1)) / float64(n)
	for i := range out {
		out[i] = Rect{r.X + float64(i)*(w+gap), r.Y, w, r.H}
	}
	return out
}

// Measurer measures text; every Canvas is one.
type Measurer interface {
	TextWidth(s string, size float64) float64
}

// WrapText breaks s into lines no wider than width at the given size,
// breaking at spaces and at explicit newlines; a word wider than width is
// broken between characters (a 2,000-character value must not make a
// 14,000-pixel line).
func WrapText(m Measurer, s string, size, width float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := ""
		for _, w := range words {
			if line != "" {
				if cand := line + " " + w; m.TextWidth(cand, size) <= width {
					line = cand
					continue
				}
				lines = append(lines, line)
			}
			line = w
			for width > 0 && utf8.RuneCountInString(line) > 1 && m.TextWidth(line, size) > width {
				head, tail := breakWord(m, line, size, width)
				lines = append(lines, head)
				line = tail
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// breakWord splits w after as many characters as fit width (at least
// one), by bisection on the rune count.
func breakWord(m Measurer, w string, size, width float64) (head, tail string) {
	r := []rune(w)
	lo, hi := 1, len(r)-1 // r[:lo] is kept even if it does not fit
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.TextWidth(string(r[:mid]), size) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]), string(r[lo:])
}

// TextBlock is wrapped text that re-wraps only when its text, size or
// width change: wrapping measures every word, too slow to redo each frame.
type TextBlock struct {
	text        string
	size, width float64
	lines       []string
}

// Lines returns s wrapped to width, from the cache when nothing changed.
func (b *TextBlock) Lines(m Measurer, s string, size, width float64) []string {
	if b.lines == nil || s != b.text || size != b.size || width != b.width {
		b.text, b.size, b.width = s, size, width
		b.lines = WrapText(m, s, size, width)
	}
	return b.lines
}

// Draw wraps s into r starting at its top and returns the height used;
// lines that would fall below r are dropped.
func (b *TextBlock) Draw(c Canvas, r Rect, s string, size float64, col color.RGBA) float64 {
	lh := LineHeight(size)
	y := r.Y
	for _, ln := range b.Lines(c, s, size, r.W) {
		if y+lh > r.Y+r.H+0.5 {
			break
		}
		c.Text(r.X, y+size, ln, size, col, AlignLeft)
		y += lh
	}
	return y - r.Y
}

// LineHeight is the line spacing used for text of this size.
func LineHeight(size float64) float64 { return size * 1.35 }

// DrawPanel fills r with the panel colour, outlines it and, if title is not
// empty, writes it at the top; it returns the area left below the title.
func DrawPanel(c Canvas, r Rect, title string) Rect {
	c.FillRect(r.X, r.Y, r.W, r.H, Panel)
	MarkPanel(c, r)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 1, Grid)
	inner := r.Inset(8)
	if title != "" {
		c.Text(inner.X, inner.Y+13, title, 13, InkMuted, AlignLeft)
		_, inner = inner.CutTop(20)
	}
	return inner
}

// Ellipsize shortens s with a trailing "…" so it fits width at size. The
// shortened strings are remembered: labels are shortened again every
// frame, and WASM's garbage collector is slow.
func Ellipsize(m Measurer, s string, size, width float64) string {
	if m.TextWidth(s, size) <= width {
		return s
	}
	k := ellipsisKey{s, size, width}
	ellipsized.Lock()
	defer ellipsized.Unlock()
	if out, ok := ellipsized.m[k]; ok {
		return out
	}
	if len(ellipsized.m) >= 1024 {
		clear(ellipsized.m)
	}
	out := ellipsize(m, s, size, width)
	ellipsized.m[k] = out
	return out
}

type ellipsisKey struct {
	s           string
	size, width float64
}

var ellipsized = struct {
	sync.Mutex
	m map[ellipsisKey]string
}{m: map[ellipsisKey]string{}}

func ellipsize(m Measurer, s string, size, width float64) string {
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		if t := string(r[:n]) + "…"; m.TextWidth(t, size) <= width {
			return t
		}
	}
	return "…"
}

// Minimum text sizes, in logical (CSS) pixels: every label the app or a
// scene draws is at least MinTextSize, or MinTextSizeCompact in the phone
// layout. The layout lint (viz/lint) enforces them.
const (
	MinTextSize        = 12.0
	MinTextSizeCompact = 11.0
)

// PanelMarker is implemented by canvases that record layout (viz/lint's
// Recorder, and SubCanvas, which forwards): a panel is a rectangle whose
// text must stay inside it; an overlay is a panel laid over what was drawn
// before (a menu, a tooltip), which hides what it covers by design.
type PanelMarker interface {
	MarkPanel(r Rect)
	MarkOverlay(r Rect)
}

// MarkPanel declares r as a panel of c, for the layout lint; drawing
// canvases ignore it.
func MarkPanel(c Canvas, r Rect) {
	if p, ok := c.(PanelMarker); ok {
		p.MarkPanel(r)
	}
}

// MarkOverlay declares r as an overlay panel of c: what it covers is
// hidden, not clipped, and what is drawn on it belongs to it.
func MarkOverlay(c Canvas, r Rect) {
	if p, ok := c.(PanelMarker); ok {
		p.MarkOverlay(r)
	}
}
