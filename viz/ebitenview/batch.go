package ebitenview

import (
	"github.com/hajimehoshi/ebiten/v2"
)

// batch holds the triangles drawn since the last DrawTriangles, all
// sampling one atlas page: fills sample the page's white block, text its
// glyphs. Each ebiten draw call costs a few microseconds under WASM
// whatever its size, and a frame fills hundreds of rectangles, lines and
// labels (about 350 calls a frame before the batch, 0.9 ms of a 1.4 ms
// frame in headless Chromium), so they are queued here and drawn in one
// call when a draw needs another source (a bitmap, disc sprites, another
// page, a non-zero fill) or the frame ends (Flush). Order is kept: what
// is queued is drawn before anything after it.
type batch struct {
	page int // the page sampled; -1: none yet
	vs   []ebiten.Vertex
	is   []uint16
}

// batchVertices bounds a batch under the 16-bit vertex index.
const batchVertices = 65000

// Flush draws the queued triangles. Game.Draw calls it at the end of the
// frame; a caller drawing on a Canvas itself must call it before reading
// the target's pixels.
func (c *Canvas) Flush() {
	b := &c.batch
	if len(b.is) > 0 {
		p := c.atlas.pages[b.page]
		c.tropts = ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha, Filter: ebiten.FilterNearest}
		c.dst.DrawTriangles(b.vs, b.is, p.img, &c.tropts)
		c.calls++
		p.lastUsed = c.frame
	}
	b.vs, b.is = b.vs[:0], b.is[:0]
}

// DrawCalls is the number of ebiten draw calls since Begin.
func (c *Canvas) DrawCalls() int { return c.calls }

// onPage readies the batch for n more vertices sampling page p.
func (c *Canvas) onPage(p, n int) {
	if c.batch.page != p || len(c.batch.vs)+n > batchVertices {
		c.Flush()
		c.batch.page = p
	}
}

// whitePage is the page fills sample: the batch's, so that they join it,
// else the first (made on first use).
func (c *Canvas) whitePage() int {
	if c.batch.page >= 0 {
		return c.batch.page
	}
	if len(c.atlas.pages) == 0 {
		c.atlas.pages = append(c.atlas.pages, newAtlasPage())
	}
	return 0
}

// emit queues c.vs/c.is, coloured already (see tint), as a fill from the
// white block.
func (c *Canvas) emit() {
	if len(c.is) == 0 {
		return
	}
	if len(c.vs) > batchVertices {
		// One shape larger than a batch: on its own, from the white pixel.
		c.Flush()
		c.drawWhite(ebiten.FillRuleFillAll)
		return
	}
	c.onPage(c.whitePage(), len(c.vs))
	b := &c.batch
	base := uint16(len(b.vs))
	for _, v := range c.vs {
		v.SrcX, v.SrcY = whiteTexel, whiteTexel
		b.vs = append(b.vs, v)
	}
	for _, i := range c.is {
		b.is = append(b.is, base+i)
	}
}
