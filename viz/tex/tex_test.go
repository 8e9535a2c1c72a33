package tex

import (
	"errors"
	"math"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"dlprep/viz"
	"dlprep/viz/raster"
)

var measurer = raster.New(1, 1, 1)

func layoutOf(t testing.TB, src string, size float64, o Options) *Layout {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return e.LayoutWith(measurer, size, o)
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		src  string
		want string // substring of the error; "" for none
	}{
		{`x_{t-1}`, ""},
		{`\sqrt{1-\bar\alpha_t}`, ""},
		{`\begin{bmatrix} a & b \\ c & d \end{bmatrix}`, ""},
		{`\left( \frac{a}{b} \middle| c \right)`, ""},
		{`a ⊙ b ∈ ℝ`, ""},
		{`\foo`, `unknown command \foo at byte 0 of "\\foo"`},
		{`x + \foo{y}`, `unknown command \foo at byte 4`},
		{`x_{t`, `missing } for this {`},
		{`x}`, `unmatched }`},
		{`x^1^2`, `double superscript`},
		{`\frac{a}`, `missing argument for \frac`},
		{`\left( x`, `\left without \right`},
		{`x \right)`, `\right without \left`},
		{`\begin{foo} a \end{foo}`, `unknown environment "foo"`},
		{`\begin{pmatrix} a & b`, `missing \end{pmatrix}`},
		{`a & b`, `& outside a matrix`},
		{`\left\foo x \right)`, `\foo is not a delimiter`},
		{`\text{a \alpha \bar b}`, `\bar not available in text`},
		{"x \xff y", `invalid UTF-8`},
		{`x ☃`, `no glyph for '☃'`},
		{strings.Repeat("{", 100), `nesting deeper than 48`},
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if e == nil {
			t.Fatalf("Parse(%q) returned a nil Expr", tc.src)
		}
		if tc.want == "" {
			if err != nil {
				t.Errorf("Parse(%q): %v, want no error", tc.src, err)
			}
			continue
		}
		var perr *Error
		if !errors.As(err, &perr) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %v, want one containing %q", tc.src, err, tc.want)
		}
		if perr != nil && perr.Src != tc.src {
			t.Errorf("Parse(%q): error carries source %q", tc.src, perr.Src)
		}
	}
}

// TestUnknownCommandDrawnMuted: an unknown command is drawn literally, in
// a fainter colour, and the rest of the formula still draws.
func TestUnknownCommandDrawnMuted(t *testing.T) {
	e, err := Parse(`a + \foo b`)
	if err == nil {
		t.Fatal("no error for \\foo")
	}
	l := e.Layout(measurer, 16)
	var muted, plain []string
	for _, it := range l.items {
		if it.kind == itemText {
			if it.muted {
				muted = append(muted, it.text)
			} else {
				plain = append(plain, it.text)
			}
		}
	}
	if strings.Join(muted, "") != `\foo` || strings.Join(plain, "") != "a+b" {
		t.Errorf("muted runs %q, plain runs %q; want [\\foo] and a, +, b", muted, plain)
	}
}

func TestLayoutGrowsWithSizeAndContent(t *testing.T) {
	srcs := []string{`x`, `x_t`, `x_{t-1}`, `\frac{a}{b}`, `\sqrt{1-\bar\alpha_t}`,
		`\begin{bmatrix} a & b \\ c & d \end{bmatrix}`, `\sum_{i=1}^n x_i`, `\left(\frac{a}{b}\right)`}
	for _, src := range srcs {
		prev := Box{}
		for _, size := range []float64{12, 14, 16, 20, 28} {
			b := layoutOf(t, src, size, Options{}).Box
			// Heights may stay put while parts sit at the minimum
			// script size; widths always grow.
			if b.Width <= prev.Width || b.Height() < prev.Height()-1e-9 {
				t.Errorf("%q at size %v: box %+v, smaller than at the previous size %+v", src, size, b, prev)
			}
			prev = b
		}
	}
	// Appending material widens a formula.
	chain := []string{`x`, `x + y`, `x + y = z`, `x + y = z \cdot w`}
	prevW := 0.0
	for _, src := range chain {
		w := layoutOf(t, src, 16, Options{}).Width
		if w <= prevW {
			t.Errorf("%q is %.1f px wide, not wider than the previous formula (%.1f)", src, w, prevW)
		}
		prevW = w
	}
}

func TestFractionIsTallerThanItsParts(t *testing.T) {
	for _, o := range []Options{{}, {Display: true}} {
		num := layoutOf(t, `a+b`, 16, o)
		den := layoutOf(t, `c`, 16, o)
		f := layoutOf(t, `\frac{a+b}{c}`, 16, o)
		if f.Height() <= num.Height()+den.Height() {
			t.Errorf("display=%v: fraction height %.1f, parts %.1f + %.1f", o.Display, f.Height(), num.Height(), den.Height())
		}
		if f.Ascent <= num.Ascent || f.Descent <= 0 {
			t.Errorf("display=%v: fraction box %+v does not rise above its numerator's %+v and reach below the baseline", o.Display, f.Box, num.Box)
		}
	}
}

// textItems returns the text items of a layout by their text.
func textItems(l *Layout) map[string]item {
	m := map[string]item{}
	for _, it := range l.items {
		if it.kind == itemText {
			m[it.text] = it
		}
	}
	return m
}

func TestScriptsSitBelowAndAboveTheBaseline(t *testing.T) {
	l := layoutOf(t, `x_t + y^2 + z_i^k`, 20, Options{})
	items := textItems(l)
	for _, tc := range []struct {
		s     string
		below bool
	}{{"t", true}, {"2", false}, {"i", true}, {"k", false}} {
		it, ok := items[tc.s]
		if !ok {
			t.Fatalf("no text item %q in %v", tc.s, items)
		}
		if tc.below && it.y <= 0 || !tc.below && it.y >= 0 {
			t.Errorf("script %q has its baseline at %.2f (y down), want below=%v the formula's baseline", tc.s, it.y, tc.below)
		}
		if it.size >= 20 {
			t.Errorf("script %q at size %v, want smaller than its base's 20", tc.s, it.size)
		}
	}
	// The sub- and superscript of z do not overlap.
	sub, sup := items["i"], items["k"]
	supAsc, supDesc := InkExtent("k", sup.size)
	subAsc, _ := InkExtent("i", sub.size)
	_ = supAsc
	if gap := (sub.y - subAsc) - (sup.y + supDesc); gap < 0 {
		t.Errorf("sub- and superscript overlap by %.2f px", -gap)
	}
}

// TestMinimumScriptSize: no text, however deeply nested, is drawn smaller
// than the floor (or than the formula's own size when that is smaller).
func TestMinimumScriptSize(t *testing.T) {
	srcs := []string{`x_{t_{i_{j_k}}}`, `e^{x^{y^{z}}}`, `\frac{\frac{a}{b}}{\frac{c}{d_{e}}}`,
		`\sum_{i=1}^{n^2} \sqrt[3]{x_i}`, `\begin{smallmatrix} a_1 & b \end{smallmatrix}`, `\overset{!}{=}`,
		`\scriptstyle x_1`}
	for _, tc := range []struct {
		size, floor float64
		o           Options
	}{
		{14, 12, Options{}},
		{20, 12, Options{Display: true}},
		{13, 11, Options{MinScriptSize: 11}},
		{10, 10, Options{}}, // below the floor already: scripts keep the base size
		{24, 16, Options{MinScriptSize: 16, ScriptScale: 0.5}},
	} {
		for _, src := range srcs {
			l := layoutOf(t, src, tc.size, tc.o)
			for _, it := range l.items {
				if it.kind == itemText && (it.size < tc.floor-1e-9 || it.size > tc.size*1.6+1e-9) {
					t.Errorf("%q at size %v with %+v: %q drawn at %.2f, want at least %v", src, tc.size, tc.o, it.text, it.size, tc.floor)
				}
			}
		}
	}
}

func TestDelimitersGrowWithContent(t *testing.T) {
	small := layoutOf(t, `\left( x \right)`, 16, Options{})
	tall := layoutOf(t, `\left( \frac{\frac{a}{b}}{c} \right)`, 16, Options{})
	body := layoutOf(t, `\frac{\frac{a}{b}}{c}`, 16, Options{})
	if tall.Ascent < body.Ascent || tall.Descent < body.Descent {
		t.Errorf("\\left( \\right) box %+v does not cover its body %+v", tall.Box, body.Box)
	}
	// Small delimiters are the font's glyphs, tall ones drawn strokes.
	if _, ok := textItems(small)["("]; !ok {
		t.Errorf("small \\left( drawn as %+v, want the font's (", small.items)
	}
	polys := 0
	for _, it := range tall.items {
		if it.kind == itemPolyline {
			polys++
		}
	}
	if polys != 2 {
		t.Errorf("tall \\left( \\right) has %d drawn strokes, want 2", polys)
	}
}

func TestBinaryOperatorSpacing(t *testing.T) {
	// a - b has medium spaces around the minus; -b (unary) has none.
	bin := layoutOf(t, `a-b`, 18, Options{}).Width
	unary := layoutOf(t, `-ab`, 18, Options{}).Width
	want := 2 * 4.0 / 18 * 18
	if got := bin - unary; math.Abs(got-want) > 0.01 {
		t.Errorf("a-b is %.2f px wider than -ab, want two medium spaces (%.2f)", got, want)
	}
	// No medium spaces in scripts.
	s := layoutOf(t, `x_{a-b}`, 18, Options{}).Width - layoutOf(t, `x_{-ab}`, 18, Options{}).Width
	if math.Abs(s) > 0.01 {
		t.Errorf("x_{a-b} and x_{-ab} differ by %.2f px, want no operator spacing in scripts", s)
	}
}

func TestSegmentsBreakAfterRelationsAndOperators(t *testing.T) {
	l := layoutOf(t, `a = b + \left(c - d\right) \le e`, 16, Options{})
	if got := len(l.segments); got != 4 { // after =, +, \le; not inside \left...\right
		t.Fatalf("%d segments, want 4: %+v", got, l.segments)
	}
	prev := 0.0
	for i, s := range l.segments {
		if s.x0 < prev-1e-9 || s.x1 < s.x0 {
			t.Errorf("segment %d spans %.1f..%.1f after %.1f", i, s.x0, s.x1, prev)
		}
		prev = s.x1
	}
	if last := l.segments[len(l.segments)-1]; last.end != len(l.items) || math.Abs(last.x1-l.Width) > 1e-9 {
		t.Errorf("last segment %+v does not end the formula (%d items, width %.1f)", last, len(l.items), l.Width)
	}
}

func goFont(t testing.TB) (*sfnt.Font, *sfnt.Buffer) {
	return goRegular(t), &sfnt.Buffer{}
}

func glyphIndex(t testing.TB, f *sfnt.Font, b *sfnt.Buffer, r rune) sfnt.GlyphIndex {
	t.Helper()
	i, err := f.GlyphIndex(b, r)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// TestSymbolGlyphsExist: every character the package draws as text is in
// Go Regular, and every character it draws as strokes is not (else the
// font's glyph should be used).
func TestSymbolGlyphsExist(t *testing.T) {
	f, b := goFont(t)
	check := func(where, s string) {
		for _, r := range s {
			if glyphIndex(t, f, b, r) == 0 {
				t.Errorf("%s: Go Regular has no glyph for %q (U+%04X)", where, r, r)
			}
		}
	}
	for name, s := range symbols {
		check(`\`+name, s.text)
	}
	for name, op := range largeOps {
		check(`\`+name, op.text)
	}
	for k := delimNone; k <= delimBackslash; k++ {
		check("delimiter", delimGlyph(k))
	}
	for r, s := range shapeRunes {
		check(string(r)+" substitute", s.text)
		if glyphIndex(t, f, b, r) != 0 {
			t.Errorf("%q (U+%04X) is drawn as strokes or substituted, but Go Regular has it", r, r)
		}
	}
	check("minus", charText('-'))
	check("prime", "′")
	// Commands whose glyphs Go Regular lacks are drawn: every shape is
	// reachable from a command.
	seen := map[shapeKind]bool{shapeDoubleStruck: true}
	for _, s := range symbols {
		seen[s.shape] = true
	}
	for k := shapeNone + 1; k <= shapeDoubleStruck; k++ {
		if !seen[k] {
			t.Errorf("shape %d has no command", k)
		}
	}
}

// TestFontConstants checks metrics.go's constants against Go Regular.
func TestFontConstants(t *testing.T) {
	f, b := goFont(t)
	ppem := fixed.I(1000)
	m, err := f.Metrics(b, ppem, font.HintingNone)
	if err != nil {
		t.Fatal(err)
	}
	bounds := func(r rune) fixed.Rectangle26_6 {
		bd, _, err := f.GlyphBounds(b, glyphIndex(t, f, b, r), ppem, font.HintingNone)
		if err != nil {
			t.Fatal(err)
		}
		return bd
	}
	em := func(v fixed.Int26_6) float64 { return float64(v) / 64 / 1000 }
	minus := bounds('−')
	paren := bounds('(')
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"xHeight", xHeight, em(m.XHeight)},
		{"capHeight", capHeight, em(m.CapHeight)},
		{"axisHeight", axisHeight, -em(minus.Min.Y+minus.Max.Y) / 2},
		{"parenAscent", parenAscent, -em(paren.Min.Y)},
		{"parenDescent", parenDescent, em(paren.Max.Y)},
		{"interwordSpace", interwordSpace, float64(measurer.TextWidth(" ", 1000)) / 1000},
	} {
		if math.Abs(c.got-c.want) > 0.002 {
			t.Errorf("%s = %.3f, Go Regular has %.3f", c.name, c.got, c.want)
		}
	}
}

// TestDrawUsesOnlyPrimitiveCalls: formulas draw through Text, FillRect,
// Line, Polyline and FillCircle, and every glyph run reaches the canvas
// with its true size; the ink boxes of the runs in a formula do not
// overlap, so a lint that checks text overlap with InkExtent passes.
func TestDrawUsesOnlyPrimitiveCalls(t *testing.T) {
	for _, g := range goldenFormulas {
		e, _ := Parse(g.src)
		r := newRecorder()
		l := e.LayoutWith(r, g.size, Options{Display: g.display})
		l.Draw(r, 0, 100, viz.Ink)
		for name := range r.calls {
			switch name {
			case "Text", "FillRect", "Line", "Polyline", "FillCircle":
			default:
				t.Errorf("%s: drew with %s", g.name, name)
			}
		}
		nText := 0
		for _, it := range l.items {
			if it.kind == itemText {
				nText++
			}
		}
		if len(r.texts) != nText {
			t.Errorf("%s: %d Text calls for %d text items", g.name, len(r.texts), nText)
		}
		for i, a := range r.texts {
			if a.size < DefaultMinScriptSize {
				t.Errorf("%s: %q drawn at size %.1f", g.name, a.s, a.size)
			}
			ba := r.inkBox(a)
			for _, b := range r.texts[i+1:] {
				bb := r.inkBox(b)
				ox := math.Min(ba.X+ba.W, bb.X+bb.W) - math.Max(ba.X, bb.X)
				oy := math.Min(ba.Y+ba.H, bb.Y+bb.H) - math.Max(ba.Y, bb.Y)
				if ox > 0.5 && oy > 0.5 {
					t.Errorf("%s: ink boxes of %q %+v and %q %+v overlap by %.1f x %.1f", g.name, a.s, ba, b.s, bb, ox, oy)
				}
			}
		}
	}
}

func TestInkExtent(t *testing.T) {
	for _, tc := range []struct {
		s         string
		asc, desc float64
	}{
		{"x", 0.53, 0}, {"X", 0.723, 0}, {"g", 0.542, 0.205}, {"", 0, 0}, {" ", 0, 0},
		{"xy", 0.53, 0.193}, {"☃", fallbackAscent, fallbackDescent},
	} {
		a, d := InkExtent(tc.s, 100)
		if math.Abs(a-100*tc.asc) > 0.6 || math.Abs(d-100*tc.desc) > 0.6 {
			t.Errorf("InkExtent(%q, 100) = %.1f, %.1f; want %.1f, %.1f", tc.s, a, d, 100*tc.asc, 100*tc.desc)
		}
	}
}

func TestTextRunsMerge(t *testing.T) {
	l := layoutOf(t, `\mathrm{softmax}(x)`, 16, Options{})
	if it := l.items[0]; it.kind != itemText || it.text != "softmax(x)" {
		t.Errorf("first item %+v, want one run \"softmax(x)\"", it)
	}
}

func TestMiddleDelimiterSpansThePair(t *testing.T) {
	l := layoutOf(t, `\left( \frac{a}{b} \middle| c \right)`, 16, Options{})
	var rules []item
	for _, it := range l.items {
		if it.kind == itemVRule {
			rules = append(rules, it)
		}
	}
	if len(rules) != 1 || rules[0].h < l.Height()*0.9 {
		t.Errorf("\\middle| drawn as %+v, want one rule about as tall as the formula (%.1f)", rules, l.Height())
	}
	// Nested pairs with \middle lay out in linear time (they once took
	// 2^depth): 40 levels must be instant.
	deep := strings.Repeat(`\left(\middle|`, 40) + strings.Repeat(`\right)`, 40)
	layoutOf(t, deep, 14, Options{})
}

func TestNoBreakInsideCompoundRelations(t *testing.T) {
	for _, tc := range []struct {
		src  string
		segs int
	}{{`a := b`, 2}, {`a = -b`, 2}, {`a +`, 1}, {`a = b\,`, 2}, {`(a +)`, 1}, {`a \le b, c`, 2}} {
		if got := len(layoutOf(t, tc.src, 14, Options{}).segments); got != tc.segs {
			t.Errorf("%q: %d segments, want %d", tc.src, got, tc.segs)
		}
	}
}
