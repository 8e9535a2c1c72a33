package tex

import (
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
)

// TestCachedDrawAllocatesNothing: after the first frame, drawing cached
// formulas and wrapped paragraphs allocates nothing (WASM's GC is slow).
func TestCachedDrawAllocatesNothing(t *testing.T) {
	r := newRecorder()
	r.keep = false
	var cache Cache
	var para Paragraph
	src := `A = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V,\; a \odot b \in \mathbb{R}^d`
	rich := `The update $x_{t-1} = \frac{1}{\sqrt{\alpha_t}}(x_t - \ldots)$ runs for $t = T, \ldots, 1$.`
	frame := func() {
		cache.Draw(r, src, 10, 40, 16, viz.Ink)
		cache.Draw(r, `\hat{x}_0`, 10, 80, 14, viz.InkMuted)
		para.Draw(r, viz.Rect{X: 10, Y: 100, W: 200, H: 300}, rich, 14, viz.Ink)
	}
	frame()
	if n := testing.AllocsPerRun(100, frame); n != 0 {
		t.Errorf("a cached frame allocates %.1f times, want 0", n)
	}
	if cache.Len() != 2 {
		t.Errorf("cache holds %d layouts, want 2", cache.Len())
	}
	// On the raster backend too (its glyph cache is warm after one frame).
	c := raster.New(300, 300, 1)
	draw := func() { cache.Draw(c, src, 10, 40, 16, viz.Ink) }
	draw()
	if n := testing.AllocsPerRun(20, draw); n != 0 {
		t.Errorf("a cached frame on the raster canvas allocates %.1f times, want 0", n)
	}
}

func TestCacheIsBounded(t *testing.T) {
	var cache Cache
	r := newRecorder()
	for i := 0; i < 3*cacheLimit; i++ {
		cache.Layout(r, `x_{t}`, 14+float64(i)*1e-4) // same face, new key
	}
	if cache.Len() > cacheLimit {
		t.Errorf("cache grew to %d entries, limit %d", cache.Len(), cacheLimit)
	}
	// Options are part of the key.
	l1 := cache.Layout(r, `\frac{a}{b}`, 14)
	cache.Options.Display = true
	l2 := cache.Layout(r, `\frac{a}{b}`, 14)
	if l1 == l2 || l2.Height() <= l1.Height() {
		t.Errorf("display option ignored: inline %+v, display %+v", l1.Box, l2.Box)
	}
}

func BenchmarkLayout(b *testing.B) {
	e, _ := Parse(goldenFormulas[0].src)
	m := raster.New(1, 1, 1)
	b.ReportAllocs()
	for b.Loop() {
		e.Layout(m, 16)
	}
}

func BenchmarkCachedDraw(b *testing.B) {
	var cache Cache
	r := newRecorder()
	r.keep = false
	src := goldenFormulas[0].src
	b.ReportAllocs()
	for b.Loop() {
		cache.Draw(r, src, 0, 20, 16, viz.Ink)
	}
}
