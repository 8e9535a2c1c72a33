package scenes

import (
	"image/color"
	"math"
	"math/rand/v2"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz"
)

// videoGrid draws a T×H×W grid of video tokens as T frames side by side,
// one bitmap pixel per token (with a one-pixel gap between frames), and
// maps clicks back to tokens. Colours are set per token, then the bitmap is
// drawn with a single Image call.
type videoGrid struct {
	t, h, w int
	bm      viz.Bitmap
	r       viz.Rect // where the bitmap went in the last draw
	cell    float64
}

// videoGap is the gap between frames in bitmap pixels.
const videoGap = 1

// setSize prepares the bitmap for a T×H×W grid.
func (g *videoGrid) setSize(t, h, w int) {
	g.t, g.h, g.w = t, h, w
	newBitmap(&g.bm, t*(w+videoGap)-videoGap, h)
	clearBitmap(&g.bm, viz.Paper)
}

// set colours token (t, h, w).
func (g *videoGrid) set(t, h, w int, c color.RGBA) {
	g.bm.Img.SetRGBA(t*(g.w+videoGap)+w, h, c)
}

// layout fits the grid in r (leaving room above for frame labels) and
// returns the rectangle of the bitmap.
func (g *videoGrid) layout(r viz.Rect) viz.Rect {
	bw := float64(g.bm.Img.Rect.Dx())
	g.cell = math.Min(r.W/bw, (r.H-16)/float64(g.h))
	g.cell = math.Floor(math.Max(g.cell, 1))
	g.r = viz.Rect{X: r.X, Y: r.Y + 16, W: g.cell * bw, H: g.cell * float64(g.h)}
	return g.r
}

// draw paints the grid (after layout) with thin cell lines and frame labels.
func (g *videoGrid) draw(c viz.Canvas) {
	g.bm.Touch()
	c.Image(&g.bm, g.r.X, g.r.Y, g.r.W, g.r.H, false)
	for t := range g.t {
		x0 := g.r.X + float64(t*(g.w+videoGap))*g.cell
		c.Text(x0, g.r.Y-4, "frame "+itoa(t), smallSize, viz.InkMuted, viz.AlignLeft)
		if g.cell >= 8 {
			for i := 1; i < g.w; i++ {
				x := x0 + float64(i)*g.cell
				c.Line(x, g.r.Y, x, g.r.Y+g.r.H, 0.5, viz.Fade(viz.White, 0.5))
			}
		}
	}
	if g.cell >= 8 {
		for j := 1; j < g.h; j++ {
			y := g.r.Y + float64(j)*g.cell
			c.Line(g.r.X, y, g.r.X+g.r.W, y, 0.5, viz.Fade(viz.White, 0.5))
		}
	}
}

// cellRect is the canvas rectangle of token (t, h, w).
func (g *videoGrid) cellRect(t, h, w int) viz.Rect {
	return viz.Rect{X: g.r.X + float64(t*(g.w+videoGap)+w)*g.cell, Y: g.r.Y + float64(h)*g.cell, W: g.cell, H: g.cell}
}

// hit returns the token under (x, y).
func (g *videoGrid) hit(x, y float64) (t, h, w int, ok bool) {
	if g.cell <= 0 || !g.r.Contains(x, y) {
		return 0, 0, 0, false
	}
	col := int((x - g.r.X) / g.cell)
	h = int((y - g.r.Y) / g.cell)
	t, w = col/(g.w+videoGap), col%(g.w+videoGap)
	if w >= g.w || t >= g.t || h >= g.h {
		return 0, 0, 0, false
	}
	return t, h, w, true
}

// outline strokes a token.
func (g *videoGrid) outline(c viz.Canvas, t, h, w int, width float64, col color.RGBA) {
	r := g.cellRect(t, h, w)
	c.StrokeRect(r.X-1, r.Y-1, r.W+2, r.H+2, width, col)
}

// videoTokens makes a [1,C,T,H,W] (or, with tcFirst, [1,T,C,H,W]) video
// whose tokens have smooth structure (a few moving sinusoids plus a little
// noise), so attention between nearby tokens is visibly patterned.
func videoTokens(rng *rand.Rand, t, c, h, w int, tcFirst bool) *core.Tensor {
	x := core.New(1, c, t, h, w)
	if tcFirst {
		x = core.New(1, t, c, h, w)
	}
	for ci := range c {
		fx, fy, ft := rng.Float64()*1.2, rng.Float64()*1.2, rng.Float64()*0.8
		ph := rng.Float64() * 6.28
		for ti := range t {
			for hi := range h {
				for wi := range w {
					v := math.Sin(fx*float64(wi)+fy*float64(hi)+ft*float64(ti)+ph) + 0.3*rng.NormFloat64()
					idx := (((ci*t)+ti)*h+hi)*w + wi
					if tcFirst {
						idx = (((ti*c)+ci)*h+hi)*w + wi
					}
					x.Data[idx] = float32(v)
				}
			}
		}
	}
	return x
}

// randLinear is a seeded nn.Linear [out,in] with bias, scaled by s/√in.
func randLinear(rng *rand.Rand, out, in int, s float64, bias bool) attention.Linear {
	w := core.New(out, in)
	sd := s / math.Sqrt(float64(in))
	for i := range w.Data {
		w.Data[i] = float32(rng.NormFloat64() * sd)
	}
	l := attention.Linear{W: w}
	if bias {
		l.B = core.New(out)
		for i := range l.B.Data {
			l.B.Data[i] = float32(rng.NormFloat64() * 0.1)
		}
	}
	return l
}

// fuse stacks q, k, v weights into one [3C,C] projection (with bias), the
// layout of a fused qkv.
func fuse(q, k, v attention.Linear) attention.Linear {
	c := q.W.Shape[1]
	w := core.New(3*q.W.Shape[0], c)
	b := core.New(3 * q.W.Shape[0])
	for i, l := range []attention.Linear{q, k, v} {
		copy(w.Data[i*len(l.W.Data):], l.W.Data)
		copy(b.Data[i*len(l.B.Data):], l.B.Data)
	}
	return attention.Linear{W: w, B: b}
}

// unmasked is the colour of tokens a query cannot attend to.
var unmasked = color.RGBA{222, 225, 231, 255}
