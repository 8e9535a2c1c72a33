package tex

import (
	"sort"
	"unicode/utf8"
)

// Go Regular's vertical metrics in em. The package may not import the font
// (it draws through viz.Canvas only), so they are copied here;
// TestFontConstants checks them against goregular.
const (
	xHeight      = 0.530
	capHeight    = 0.723
	axisHeight   = 0.289 // centre of the minus sign: fraction rules and delimiters centre on it
	parenAscent  = 0.771 // ink of ( ) [ ] { } |
	parenDescent = 0.145

	// Ink assumed for characters the font lacks (the backends draw a
	// placeholder box about this tall).
	fallbackAscent  = 0.783
	fallbackDescent = 0.205
)

// glyphExtent is a character's ink in 1/1000 em: asc above the baseline,
// desc below it, left and right from the pen position.
type glyphExtent struct {
	r                      rune
	asc, desc, left, right int16
}

// lookupGlyph finds r in glyphTable (extents_table.go, generated from the
// font, sorted by rune).
func lookupGlyph(r rune) (glyphExtent, bool) {
	i := sort.Search(len(glyphTable), func(i int) bool { return glyphTable[i].r >= r })
	if i < len(glyphTable) && glyphTable[i].r == r {
		return glyphTable[i], true
	}
	return glyphExtent{}, false
}

// hasGlyph reports whether Go Regular can draw r.
func hasGlyph(r rune) bool {
	_, ok := lookupGlyph(r)
	return ok
}

// InkExtent is how far the ink of s, drawn at size by a viz backend (Go
// Regular), reaches above and below the baseline. A formula's glyph runs
// are placed so that these boxes do not overlap; a layout lint comparing
// text boxes inside formulas should use them rather than the font's line
// height, which makes a subscript's box overlap its base's.
func InkExtent(s string, size float64) (ascent, descent float64) {
	a, d := inkExtentEm(s)
	return a * size, d * size
}

func inkExtentEm(s string) (asc, desc float64) {
	asc, desc = -1e9, -1e9
	for _, r := range s {
		if r == ' ' {
			continue
		}
		g, ok := lookupGlyph(r)
		if !ok {
			asc, desc = max(asc, fallbackAscent), max(desc, fallbackDescent)
			continue
		}
		if g.asc == 0 && g.desc == 0 && g.left == 0 && g.right == 0 {
			continue // no ink (a space)
		}
		asc, desc = max(asc, float64(g.asc)/1000), max(desc, float64(g.desc)/1000)
	}
	if asc == -1e9 {
		return 0, 0
	}
	return asc, desc
}

// firstRune returns s's only rune, or false when s holds more or fewer.
func singleRune(s string) (rune, bool) {
	r, n := utf8.DecodeRuneInString(s)
	return r, n > 0 && n == len(s)
}
