package scenes

import (
	"image/color"
	"math"
	"math/rand/v2"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz"
)

// videoGrid draws a T×H×W grid of video tokens as T frames, one bitmap
// per frame with one pixel per token, wrapped into as many rows as makes
// the cells largest; it maps clicks back to tokens.
type videoGrid struct {
	t, h, w int
	frames  []viz.Bitmap
	rects   []viz.Rect // where each frame went in the last layout
	cell    float64
}

// setSize prepares the bitmaps for a T×H×W grid.
func (g *videoGrid) setSize(t, h, w int) {
	g.t, g.h, g.w = t, h, w
	if len(g.frames) != t {
		g.frames = make([]viz.Bitmap, t)
	}
	for i := range g.frames {
		newBitmap(&g.frames[i], w, h)
		clearBitmap(&g.frames[i], viz.Paper)
	}
	g.rects = make([]viz.Rect, t)
}

// set colours token (t, h, w).
func (g *videoGrid) set(t, h, w int, c color.RGBA) {
	g.frames[t].Img.SetRGBA(w, h, c)
}

// frameLabel is the height reserved above each frame for its label, and
// frameGap the space between frames.
const (
	frameLabel = 16
	frameGap   = 12
)

// layout chooses the number of rows that gives the largest cells in r and
// places the frames; it returns the bounding rectangle.
func (g *videoGrid) layout(r viz.Rect) viz.Rect {
	best, bestRows := 0.0, 1
	for rows := 1; rows <= g.t; rows++ {
		cols := (g.t + rows - 1) / rows
		cw := (r.W - float64(cols-1)*frameGap) / float64(cols*g.w)
		ch := (r.H - float64(rows)*(frameLabel+frameGap)) / float64(rows*g.h)
		if c := math.Min(cw, ch); c > best {
			best, bestRows = c, rows
		}
	}
	g.cell = math.Floor(math.Max(math.Min(best, 48), 1))
	cols := (g.t + bestRows - 1) / bestRows
	fw, fh := g.cell*float64(g.w), g.cell*float64(g.h)
	for t := range g.t {
		row, col := t/cols, t%cols
		g.rects[t] = viz.Rect{X: r.X + float64(col)*(fw+frameGap), Y: r.Y + frameLabel + float64(row)*(fh+frameLabel+frameGap), W: fw, H: fh}
	}
	rows := (g.t + cols - 1) / cols
	return viz.Rect{X: r.X, Y: r.Y, W: float64(cols)*(fw+frameGap) - frameGap, H: float64(rows)*(fh+frameLabel+frameGap) - frameGap}
}

// draw paints the frames (after layout) with thin cell lines and labels.
func (g *videoGrid) draw(c viz.Canvas) {
	for t := range g.t {
		fr := g.rects[t]
		g.frames[t].Touch()
		c.Image(&g.frames[t], fr.X, fr.Y, fr.W, fr.H, false)
		c.Text(fr.X, fr.Y-4, "frame "+itoa(t), smallSize, viz.InkMuted, viz.AlignLeft)
		if g.cell >= 8 {
			for i := 1; i < g.w; i++ {
				x := fr.X + float64(i)*g.cell
				c.Line(x, fr.Y, x, fr.Y+fr.H, 0.5, viz.Fade(viz.White, 0.5))
			}
			for j := 1; j < g.h; j++ {
				y := fr.Y + float64(j)*g.cell
				c.Line(fr.X, y, fr.X+fr.W, y, 0.5, viz.Fade(viz.White, 0.5))
			}
		}
	}
}

// cellRect is the canvas rectangle of token (t, h, w).
func (g *videoGrid) cellRect(t, h, w int) viz.Rect {
	fr := g.rects[t]
	return viz.Rect{X: fr.X + float64(w)*g.cell, Y: fr.Y + float64(h)*g.cell, W: g.cell, H: g.cell}
}

// hit returns the token under (x, y).
func (g *videoGrid) hit(x, y float64) (t, h, w int, ok bool) {
	if g.cell <= 0 {
		return 0, 0, 0, false
	}
	for t, fr := range g.rects {
		if fr.Contains(x, y) {
			return t, clampInt(int((y-fr.Y)/g.cell), 0, g.h-1), clampInt(int((x-fr.X)/g.cell), 0, g.w-1), true
		}
	}
	return 0, 0, 0, false
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
