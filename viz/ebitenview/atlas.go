package ebitenview

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"dlprep/viz/glyph"
)

// Text is drawn from a glyph atlas: each glyph, per device pixel size, is
// rasterized once (by viz/glyph, like the raster backend's text, which
// also keeps ebiten's text package and its shaping engine out of the
// WASM) into a slot of a few large textures, and a string is one textured
// quad per glyph. Two designs came before:
//   - glyph by glyph through ebiten's text/v2: thousands of draw calls
//     per frame, each a few microseconds under WASM;
//   - one texture per distinct string and size: a string that changes
//     (a sampler's step every 0.18 s, counters) made a new one each time,
//     a CPU raster, a new texture and its upload, which pushed the
//     per-frame work's p95 above 4 ms in the browser.
//
// With the atlas a new number costs only its quads: its digits are on a
// page already. A string that stays on screen is then promoted to a
// label, one quad a frame (see textRun), composed from the same cached
// glyphs into a slot of its own. Every page also holds a small white
// block, which fills sample, so that shapes, glyphs and labels all go in
// one batch (see batch). No atlas texture grows with the string (see
// maxTexture).
//
// Pages are atlasSide square and filled by shelves: rows as tall as the
// glyph that opened them (rounded up to shelfRound); a glyph goes on the
// shortest shelf with room, else on a new shelf below, with atlasGap
// empty pixels to its right and below, so nothing samples a neighbour.
// When no page has room a page is added, up to atlasPages (16 MB of
// texture at most); past that the page drawn from longest ago is cleared
// and refilled, its glyphs rasterized again when next drawn. The batch is
// drawn first, so clearing a page in the middle of a string is harmless.
// A glyph too large for a page (sizes of several hundred pixels) is not
// drawn.
type atlas struct {
	pages []*atlasPage
	slots map[glyphKey]glyphSlot
	pix   []byte // a glyph's pixels on their way to the GPU

	recycled int // pages cleared for reuse so far
}

const (
	atlasSide  = 1024 // side of an atlas page in device pixels (≤ maxTexture)
	atlasPages = 4    // pages at most; see atlas
	atlasGap   = 1    // empty pixels between glyphs
	shelfRound = 4    // shelf heights are multiples of this
)

// glyphKey is a glyph at a face size (device pixels, as glyph.Size gives).
type glyphKey struct {
	px float64
	r  rune
}

// glyphSlot is where a glyph is in the atlas: page -1 for one too large.
type glyphSlot struct{ page, x, y int }

// atlasPage is one atlas page with its shelves.
type atlasPage struct {
	img      *ebiten.Image
	shelves  []shelf
	bottom   int    // the top of the space below the shelves
	lastUsed uint64 // the frame it was last drawn from
}

type shelf struct{ y, h, x int }

// alloc finds room for a w×h glyph (gap included) on the page.
func (p *atlasPage) alloc(w, h int) (x, y int, ok bool) {
	best := -1
	for i, s := range p.shelves {
		if s.h >= h && s.x+w <= atlasSide && (best < 0 || s.h < p.shelves[best].h) {
			best = i
		}
	}
	if best < 0 {
		sh := (h + shelfRound - 1) / shelfRound * shelfRound
		if p.bottom+h > atlasSide {
			return 0, 0, false
		}
		p.shelves = append(p.shelves, shelf{y: p.bottom, h: min(sh, atlasSide-p.bottom)})
		p.bottom += p.shelves[len(p.shelves)-1].h
		best = len(p.shelves) - 1
	}
	s := &p.shelves[best]
	x, y = s.x, s.y
	s.x += w
	return x, y, true
}

// glyphSlot returns where the glyph g of the face at px is in the atlas,
// putting it there first if new; ok is false for a glyph too large for a
// page. Recycling a page draws the pending quads of every page first.
func (c *Canvas) glyphSlot(px float64, g *glyph.Placed) (glyphSlot, bool) {
	a := &c.atlas
	k := glyphKey{px, g.Rune}
	if sl, ok := a.slots[k]; ok {
		return sl, sl.page >= 0
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w+atlasGap > atlasSide || h+atlasGap > atlasSide {
		a.slots[k] = glyphSlot{page: -1}
		return glyphSlot{page: -1}, false
	}
	sl, ok := c.room(w, h)
	if !ok {
		// The emptied page has room.
		i := c.recycleLeastUsedPage()
		x, y, _ := a.pages[i].alloc(w+atlasGap, h+atlasGap)
		sl = glyphSlot{i, x, y}
	}
	n := 4 * w * h
	if cap(a.pix) < n {
		a.pix = make([]byte, n)
	}
	pix := a.pix[:n]
	for y := range h {
		row := g.Mask.Pix[y*g.Mask.Stride : y*g.Mask.Stride+w]
		for x, v := range row {
			o := 4 * (y*w + x)
			pix[o], pix[o+1], pix[o+2], pix[o+3] = v, v, v, v // white, premultiplied
		}
	}
	a.pages[sl.page].put(sl.x, sl.y, w, h, pix)
	a.slots[k] = sl
	return sl, true
}

// room finds room for a w×h glyph or label (gap added) on a page,
// adding one while there are fewer than atlasPages; ok is false when none
// has room. It never recycles a page: glyphSlot does that when it must,
// while a label, which only saves vertices, does without (recycling lays
// out every string again).
func (c *Canvas) room(w, h int) (sl glyphSlot, ok bool) {
	a := &c.atlas
	if w+atlasGap > atlasSide || h+atlasGap > atlasSide {
		return glyphSlot{}, false
	}
	for i, p := range a.pages {
		if x, y, ok := p.alloc(w+atlasGap, h+atlasGap); ok {
			return glyphSlot{i, x, y}, true
		}
	}
	if len(a.pages) == atlasPages {
		return glyphSlot{}, false
	}
	a.pages = append(a.pages, newAtlasPage())
	x, y, _ := a.pages[len(a.pages)-1].alloc(w+atlasGap, h+atlasGap)
	return glyphSlot{len(a.pages) - 1, x, y}, true
}

// put writes w×h premultiplied RGBA pixels at (x, y) of the page.
func (p *atlasPage) put(x, y, w, h int, pix []byte) {
	p.img.SubImage(image.Rect(x, y, x+w, y+h)).(*ebiten.Image).WritePixels(pix)
}

// recycleLeastUsedPage empties the page drawn from longest ago, after
// drawing what is pending, forgets its glyphs and returns its index.
func (c *Canvas) recycleLeastUsedPage() int {
	a := &c.atlas
	c.Flush()
	lru := 0
	for i, p := range a.pages {
		if p.lastUsed < a.pages[lru].lastUsed {
			lru = i
		}
	}
	p := a.pages[lru]
	a.recycled++
	p.img.Clear()
	p.shelves, p.bottom = p.shelves[:0], 0
	p.reserveWhite()
	for k, sl := range a.slots {
		if sl.page == lru {
			delete(a.slots, k)
		}
	}
	return lru
}

// whiteSide is the side of the white block at the top-left corner of
// every page: fills sample its centre, so that shapes and text come from
// one texture and go in one DrawTriangles (see batch).
const whiteSide = 4

// whiteTexel is where fills sample the white block.
const whiteTexel = whiteSide / 2

// newAtlasPage makes an empty page holding only its white block.
func newAtlasPage() *atlasPage {
	p := &atlasPage{img: ebiten.NewImage(atlasSide, atlasSide)}
	p.reserveWhite()
	return p
}

// reserveWhite puts the white block on an empty page.
func (p *atlasPage) reserveWhite() {
	p.alloc(whiteSide+atlasGap, whiteSide+atlasGap) // (0, 0) on an empty page
	white := make([]byte, 4*whiteSide*whiteSide)
	for i := range white {
		white[i] = 0xff
	}
	p.put(0, 0, whiteSide, whiteSide, white)
}
