package tex

import (
	"math"
	"strings"
	"testing"

	"dlprep/viz"
)

// lineText is a line's content for comparisons: text runs as they are,
// formulas as $source-of-their-items$.
func lineText(l Line) string {
	var b strings.Builder
	for i, p := range l.parts {
		if i > 0 {
			b.WriteByte('|')
		}
		if p.lay == nil {
			b.WriteString(p.text)
			continue
		}
		b.WriteByte('$')
		for _, it := range p.lay.items[p.from:p.to] {
			if it.kind == itemText {
				b.WriteString(it.text)
			}
		}
		b.WriteByte('$')
	}
	return b.String()
}

func wrap(t *testing.T, src string, size, width float64) []Line {
	t.Helper()
	lines, err := Wrap(measurer, src, size, width, Options{})
	if err != nil {
		t.Fatalf("Wrap(%q): %v", src, err)
	}
	return lines
}

func TestWrapPlainTextLikeTextBlock(t *testing.T) {
	src := "Timestep embeddings are sinusoids of the step index, fed to every block."
	for _, width := range []float64{120, 200, 400} {
		lines := wrap(t, src, 14, width)
		want := viz.WrapText(measurer, src, 14, width)
		if len(lines) != len(want) {
			t.Fatalf("width %v: %d lines, viz.WrapText gives %d", width, len(lines), len(want))
		}
		for i, l := range lines {
			if got := lineText(l); got != want[i] {
				t.Errorf("width %v line %d = %q, want %q", width, i, got, want[i])
			}
			if math.Abs(l.Height()-viz.LineHeight(14)) > 1e-9 || l.Ascent != 14 {
				t.Errorf("width %v line %d: ascent %.2f, pitch %.2f; want 14 and viz.LineHeight(14) = %.2f", width, i, l.Ascent, l.Height(), viz.LineHeight(14))
			}
		}
	}
}

func TestWrapKeepsFormulasWhole(t *testing.T) {
	src := `noise $\sqrt{1-\bar\alpha_t}\,\epsilon$ is added, then $x_{t-1} = a + b$ follows`
	for _, width := range []float64{90, 130, 170, 260, 600} {
		lines := wrap(t, src, 14, width)
		formulas := 0
		for _, l := range lines {
			if l.Width > width+1e-9 {
				t.Errorf("width %v: line %q is %.1f wide", width, lineText(l), l.Width)
			}
			for _, p := range l.parts {
				if p.lay != nil {
					formulas++
					if p.from != 0 || p.to != len(p.lay.items) {
						t.Errorf("width %v: formula broken although it fits: %q", width, lineText(l))
					}
				}
			}
		}
		if formulas != 2 {
			t.Errorf("width %v: %d formula parts, want 2", width, formulas)
		}
	}
}

func TestWrapGluesTextToFormulas(t *testing.T) {
	// "($x$)," is one word: it moves to the next line as a whole.
	lines := wrap(t, `aaaa bbbb ($x_t$), cc`, 14, measurer.TextWidth("aaaa bbbb (x", 14))
	if got := lineText(lines[1]); !strings.HasPrefix(got, "(|$xt$|),") {
		t.Errorf("second line %q, want it to start with the glued word ($x_t$),", got)
	}
}

func TestWrapBreaksWideFormulasAtOperators(t *testing.T) {
	src := `$a + b + c + d + e + f + g + h = i + j + k + l + m + n$`
	width := 80.0
	lines := wrap(t, src, 14, width)
	if len(lines) < 3 {
		t.Fatalf("%d lines, want the formula broken over several", len(lines))
	}
	for i, l := range lines {
		if l.Width > width+1e-9 {
			t.Errorf("line %q is %.1f wide, want at most %v", lineText(l), l.Width, width)
		}
		if got := lineText(l); i < len(lines)-1 && !strings.HasSuffix(got, "+$") && !strings.HasSuffix(got, "=$") {
			t.Errorf("line %q does not end after an operator", got)
		}
	}
}

func TestWrapShrinksUnbreakableFormulas(t *testing.T) {
	src := `$\frac{a+b+c+d+e+f}{g}$`
	lines, _ := Wrap(measurer, src, 14, 40, Options{})
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	if w := lines[0].Width; w > 40+1e-9 || w < 30 {
		t.Errorf("shrunk formula is %.1f wide, want just under 40", w)
	}
}

// TestWrapLongWord: a 2,000-character word (a URL in an error banner once
// killed the page) breaks into lines no wider than the width.
func TestWrapLongWord(t *testing.T) {
	word := strings.Repeat("abcdefghij", 200)
	for _, src := range []string{word, "see " + word + " end", "$x$" + word, strings.Repeat("é", 2000)} {
		width := 300.0
		lines := wrap(t, src, 14, width)
		var all strings.Builder
		for _, l := range lines {
			if l.Width > width+1e-9 {
				t.Fatalf("line %q is %.1f wide, want at most %v", lineText(l), l.Width, width)
			}
			all.WriteString(strings.ReplaceAll(strings.ReplaceAll(lineText(l), "|", ""), " ", ""))
		}
		want := strings.ReplaceAll(strings.ReplaceAll(src, " ", ""), "$x$", "$x$")
		if got := all.String(); got != want {
			t.Errorf("lines hold %d bytes, want the %d of the input", len(got), len(want))
		}
		if len(lines) < int(measurer.TextWidth(src, 14)/width) {
			t.Errorf("%d lines for a %.0f px word", len(lines), measurer.TextWidth(src, 14))
		}
	}
}

func TestWrapDisplayMathAndBreaks(t *testing.T) {
	lines := wrap(t, "first\nsecond $$\\frac{a}{b}$$ third\n\nfifth", 14, 200)
	var got []string
	for _, l := range lines {
		got = append(got, lineText(l))
	}
	want := []string{"first", "second", "$ab$", "third", "", "fifth"}
	if strings.Join(got, "/") != strings.Join(want, "/") {
		t.Fatalf("lines %q, want %q", got, want)
	}
	d := lines[2]
	if x := d.parts[0].x; math.Abs(x-(200-d.parts[0].lay.Width)/2) > 1e-9 {
		t.Errorf("display formula at x=%.1f, want centred", x)
	}
	if d.parts[0].lay.Height() <= layoutOf(t, `\frac{a}{b}`, 14, Options{}).Height() {
		t.Errorf("display formula no taller than the inline one")
	}
	if d.Height() <= viz.LineHeight(14) {
		t.Errorf("display line pitch %.1f, want more than a text line's", d.Height())
	}
}

func TestWrapErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`costs \$5 and $x$`, ""},
		{`unclosed $x + y`, "unclosed $ (shown as text) at byte 9"},
		{`bad $\foo$ here`, `unknown command \foo at byte 5`},
	} {
		lines, err := Wrap(measurer, tc.src, 14, 300, Options{})
		if len(lines) == 0 {
			t.Errorf("Wrap(%q): no lines", tc.src)
		}
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Wrap(%q) error = %v, want %q", tc.src, err, tc.want)
		}
	}
	lines, _ := Wrap(measurer, `costs \$5`, 14, 300, Options{})
	if got := lineText(lines[0]); got != "costs $5" {
		t.Errorf("escaped dollar: line %q, want %q", got, "costs $5")
	}
}

func TestParagraphDrawsAndCaches(t *testing.T) {
	var p Paragraph
	r := newRecorder()
	src := `The forward process adds noise: $x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\epsilon$.`
	h := p.Draw(r, viz.Rect{X: 10, Y: 20, W: 180, H: 400}, src, 14, viz.Ink)
	lines := p.Lines(r, src, 14, 180)
	if math.Abs(h-Height(lines)) > 1e-9 || len(lines) < 2 {
		t.Errorf("drew %.1f px in %d lines, lines measure %.1f", h, len(lines), Height(lines))
	}
	if &p.Lines(r, src, 14, 180)[0] != &lines[0] {
		t.Error("unchanged input re-wrapped")
	}
	if &p.Lines(r, src, 14, 181)[0] == &lines[0] {
		t.Error("a new width did not re-wrap")
	}
	// A box too short for the second line stops after the first.
	r2 := newRecorder()
	h1 := p.Draw(r2, viz.Rect{X: 10, Y: 20, W: 180, H: lines[0].Height()}, src, 14, viz.Ink)
	if math.Abs(h1-lines[0].Height()) > 1e-9 {
		t.Errorf("short box: drew %.1f px, want the first line's %.1f", h1, lines[0].Height())
	}
}

func TestEscapeTextKeepsPlainText(t *testing.T) {
	for _, s := range []string{"costs $5", `a\$b`, `\`, `$$`, `x$`, `C:\dir\$file`, "no dollars"} {
		lines, err := Wrap(measurer, EscapeText(s), 14, 1000, Options{})
		if err != nil {
			t.Errorf("Wrap(EscapeText(%q)): %v", s, err)
		}
		if got := lineText(lines[0]); len(lines) != 1 || got != s {
			t.Errorf("Wrap(EscapeText(%q)) shows %q in %d lines", s, got, len(lines))
		}
	}
}
