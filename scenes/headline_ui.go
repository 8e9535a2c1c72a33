package scenes

// Drawing helpers shared by the headline scenes (attention, diffusion, nms,
// depth, warp). They keep per-frame drawing allocation-free where it matters
// and give every scene the same look for captions, legends and errors.

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"dlprep/viz"
)

// Text sizes used by the headline scenes.
const (
	captionSize = 13
	// minCaptionSize is as small as a caption shrinks to fit its column.
	minCaptionSize = 9.5
	labelSize      = 11
	smallSize      = 10
)

// caption writes a panel heading at the top of r and returns the rest.
func caption(c viz.Canvas, r viz.Rect, s string) viz.Rect {
	// A caption wider than its column (long numbers, a narrow window) is
	// drawn smaller, down to a legible minimum, rather than cut off at the
	// scene's edge: one extra measurement per frame, no wrapping.
	size := float64(captionSize)
	if w := c.TextWidth(s, size); w > r.W && r.W > 0 {
		size = max(captionSize*r.W/w, minCaptionSize)
	}
	c.Text(r.X, r.Y+captionSize, s, size, viz.Ink, viz.AlignLeft)
	_, rest := r.CutTop(captionSize + 8)
	return rest
}

// drawError paints err as a banner across r, so a parameter combination the
// core refuses explains itself on screen instead of leaving a blank scene.
func drawError(c viz.Canvas, r viz.Rect, err error) {
	c.FillRect(r.X, r.Y, r.W, 44, viz.BannerBg)
	c.StrokeRect(r.X, r.Y, r.W, 44, 1, viz.Bad)
	lines := wrapped(c, err.Error(), labelSize+1, r.W-16)
	for i, ln := range lines {
		if i > 1 {
			break
		}
		c.Text(r.X+8, r.Y+16+float64(i)*16, ln, labelSize+1, viz.Bad, viz.AlignLeft)
	}
}

// fitRect returns the largest rectangle of aspect w:h centred in r.
func fitRect(r viz.Rect, w, h float64) viz.Rect {
	if w <= 0 || h <= 0 || r.W <= 0 || r.H <= 0 {
		return viz.Rect{X: r.X, Y: r.Y}
	}
	s := math.Min(r.W/w, r.H/h)
	fw, fh := w*s, h*s
	return viz.Rect{X: r.X + (r.W-fw)/2, Y: r.Y + (r.H-fh)/2, W: fw, H: fh}
}

// f2, f3 format numbers for labels (strconv avoids fmt's reflection cost in
// per-frame text).
func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// itoa formats an int.
func itoa(i int) string { return strconv.Itoa(i) }

// legendSwatch draws a small coloured square and its label, returning the x
// after it.
func legendSwatch(c viz.Canvas, x, y float64, col color.RGBA, label string) float64 {
	c.FillRect(x, y-9, 10, 10, col)
	c.Text(x+14, y, label, labelSize, viz.InkMuted, viz.AlignLeft)
	return x + 14 + c.TextWidth(label, labelSize) + 14
}

// newBitmap returns a w x h bitmap, reusing b when its size already matches.
func newBitmap(b *viz.Bitmap, w, h int) *viz.Bitmap {
	if b == nil {
		b = &viz.Bitmap{}
	}
	if b.Img == nil || b.Img.Rect.Dx() != w || b.Img.Rect.Dy() != h {
		b.Img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	return b
}

// clearBitmap fills b with c: one pixel, then copies doubling in size
// (memmove instead of a per-byte loop; this runs every frame the depth
// scene's orbit moves).
func clearBitmap(b *viz.Bitmap, c color.RGBA) {
	p := b.Img.Pix
	if len(p) < 4 {
		return
	}
	p[0], p[1], p[2], p[3] = c.R, c.G, c.B, c.A
	for n := 4; n < len(p); n *= 2 {
		copy(p[n:], p[:n])
	}
}

// clampInt limits v to [lo, hi].
func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
