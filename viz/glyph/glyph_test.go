package glyph

import (
	"bytes"
	"image"
	"image/draw"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The cached widths are the font's own: the same as x/image's
// MeasureString (advances plus kerning) on an uncached face.
func TestWidthMatchesFont(t *testing.T) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	for _, px := range []float64{11, 12.25, 24} {
		ref, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"", "AV Ta", "x̂₀ → ᾱ_t", "Wo, Yo!", "0.123456789"} {
			for range 2 { // the second time from the cache
				if got, want := c.Face(px).Width(s), font.MeasureString(ref, s); got != want {
					t.Errorf("%v px %q: width %v, font says %v", px, s, got, want)
				}
			}
		}
	}
}

// Draw puts ink where the text is, and only there: inside its advance
// and between ascent and descent, and nothing for spaces.
func TestDrawInk(t *testing.T) {
	c := New()
	f := c.Face(16)
	m := f.Metrics()
	for _, tc := range []struct {
		s   string
		ink bool
	}{{"Hello", true}, {"   ", false}, {"j|g", true}} {
		img := image.NewAlpha(image.Rect(0, 0, 200, 40))
		f.Draw(img, image.Opaque, fixed.P(10, 25), tc.s)
		minX, maxX, minY, maxY, n := 1<<30, -1, 1<<30, -1, 0
		for y := range 40 {
			for x := range 200 {
				if img.AlphaAt(x, y).A > 0 {
					n++
					minX, maxX, minY, maxY = min(minX, x), max(maxX, x), min(minY, y), max(maxY, y)
				}
			}
		}
		if (n > 0) != tc.ink {
			t.Errorf("%q: %d inked pixels", tc.s, n)
			continue
		}
		if n == 0 {
			continue
		}
		w := f.Width(tc.s).Ceil()
		if minX < 9 || maxX > 10+w+1 {
			t.Errorf("%q: ink spans x %d–%d, the advance is 10–%d", tc.s, minX, maxX, 10+w)
		}
		if minY < 25-m.Ascent.Ceil() || maxY > 25+m.Descent.Ceil() {
			t.Errorf("%q: ink spans y %d–%d, outside ascent/descent around 25", tc.s, minY, maxY)
		}
	}
}

// Sizes a quarter pixel apart share nothing; sizes rounding to the same
// quarter share one face.
func TestFaceSharing(t *testing.T) {
	c := New()
	if c.Face(12.01) != c.Face(12.1) {
		t.Error("12.01 and 12.1 px should share the 12 px face")
	}
	if c.Face(12) == c.Face(12.25) {
		t.Error("12 and 12.25 px should be different faces")
	}
	if Size(0) != 1 || Size(-3) != 1 {
		t.Error("sizes below 1 px should clamp to 1")
	}
}

// Layout places glyphs where Draw does: compositing its masks at the
// rects (shifted by a whole-pixel dot) gives Draw's picture to the byte,
// and its advance is Width. Classic kerning pairs (Go Regular has no
// kerning today, so they check the pen walk, not Kern's values),
// combining marks, subscripts and an empty string included.
func TestLayoutMatchesDraw(t *testing.T) {
	c := New()
	tests := []struct {
		name string
		s    string
		px   float64
	}{
		{"empty", "", 14},
		{"kern AV", "AV", 14},
		{"kern To", "To", 20},
		{"kern big", "AVATAR Type", 31.25},
		{"digits", "0.137 -42,9", 11},
		{"math", "x̂₀ ε̂ √", 16},
		{"spaces", "a  b", 12.5},
	}
	for _, tc := range tests {
		f := c.Face(tc.px)
		dot := fixed.P(7, 30)
		want := image.NewAlpha(image.Rect(0, 0, 400, 50))
		f.Draw(want, image.Opaque, dot, tc.s)

		got := image.NewAlpha(want.Rect)
		placed, adv := f.Layout(nil, tc.s)
		if n := len([]rune(tc.s)); len(placed) != n {
			t.Errorf("%s: %d glyphs placed for %d runes", tc.name, len(placed), n)
		}
		if w := f.Width(tc.s); adv != w {
			t.Errorf("%s: Layout advance %v, Width %v", tc.name, adv, w)
		}
		for i, p := range placed {
			if p.Rune != []rune(tc.s)[i] {
				t.Errorf("%s: glyph %d is %q, want %q", tc.name, i, p.Rune, []rune(tc.s)[i])
			}
			if p.Mask == nil {
				if !p.Rect.Empty() {
					t.Errorf("%s: inkless %q has rect %v", tc.name, p.Rune, p.Rect)
				}
				continue
			}
			if p.Mask.Rect.Min != (image.Point{}) || p.Mask.Rect.Size() != p.Rect.Size() {
				t.Errorf("%s: %q mask bounds %v for rect %v", tc.name, p.Rune, p.Mask.Rect, p.Rect)
			}
			dr := p.Rect.Add(image.Pt(dot.X.Round(), dot.Y.Round()))
			draw.DrawMask(got, dr, image.Opaque, image.Point{}, p.Mask, image.Point{}, draw.Over)
		}
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%s: masks composited at Layout's rects differ from Draw", tc.name)
		}
	}
	// Reusing the slice lays out cached glyphs without allocating.
	f := c.Face(14)
	buf, _ := f.Layout(nil, "0.123456789")
	if n := testing.AllocsPerRun(50, func() { buf, _ = f.Layout(buf[:0], "9.876543210") }); n != 0 {
		t.Errorf("Layout into a reused slice allocates %v times", n)
	}
}
