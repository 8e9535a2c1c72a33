package tex

import (
	"image/color"

	"dlprep/viz"
)

// Cache keeps laid-out formulas keyed by source, size and options, so that
// drawing the same formula every frame parses and measures it once and
// afterwards allocates nothing (WebAssembly's garbage collector is slow).
// The zero value is ready to use. A Cache is for one Measurer's metrics
// and one goroutine.
type Cache struct {
	// Options apply to formulas laid out from now on; entries laid out
	// with other options stay cached under those.
	Options Options

	entries map[cacheKey]*Layout
}

type cacheKey struct {
	src  string
	size float64
	opts Options
}

// cacheLimit bounds a Cache: a scene that formats numbers into formulas
// makes a new source every frame, and the cache must not grow with them.
const cacheLimit = 512

// Layout returns src laid out at size, parsing and measuring it only the
// first time. Parse errors are in the Layout's Err.
func (k *Cache) Layout(m viz.Measurer, src string, size float64) *Layout {
	key := cacheKey{src, size, k.Options}
	if l, ok := k.entries[key]; ok {
		return l
	}
	if k.entries == nil {
		k.entries = make(map[cacheKey]*Layout)
	} else if len(k.entries) >= cacheLimit {
		clear(k.entries)
	}
	e, _ := Parse(src)
	l := e.LayoutWith(m, size, k.Options)
	k.entries[key] = l
	return l
}

// Draw draws src with the left end of its baseline at (x, baseline) and
// returns its box.
func (k *Cache) Draw(c viz.Canvas, src string, x, baseline, size float64, col color.RGBA) Box {
	l := k.Layout(c, src, size)
	l.Draw(c, x, baseline, col)
	return l.Box
}

// Len is the number of cached layouts.
func (k *Cache) Len() int { return len(k.entries) }
