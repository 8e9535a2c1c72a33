package tex

import (
	"math"
	"strings"
	"testing"

	"dlprep/viz"
)

// FuzzParse: no input panics, and no formula is wider than a bound
// proportional to its length (the widest thing one byte can produce is a
// character, or a share of \qquad: 2 em).
func FuzzParse(f *testing.F) {
	for _, g := range goldenFormulas {
		f.Add(g.src)
	}
	for _, s := range []string{``, `\`, `{`, `}`, `^`, `_^`, `\left`, `\right)`, `\begin{pmatrix}`,
		`\sqrt[`, `\frac`, `x^{y^{z^{w}}}`, `\text{`, `&&\\`, `\left(\middle|\right.`, `\not\in`,
		`\qquad\qquad`, `\!\!\!\!x`, "\xff\xfe", `$`, `\mathbb{R}^{n\times d}`, `\big(\Bigg]`} {
		f.Add(s)
	}
	r := newRecorder()
	r.keep = false
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if e == nil {
			t.Fatalf("Parse(%q) returned nil", src)
		}
		if err != nil && !strings.Contains(err.Error(), "tex: ") {
			t.Fatalf("Parse(%q) error %q", src, err)
		}
		const size = 14
		for _, o := range []Options{{}, {Display: true}} {
			l := e.LayoutWith(r, size, o)
			bound := 2 * size * float64(len(src)+1)
			for _, v := range []float64{l.Width, l.Ascent, l.Descent} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("Parse(%q): box %+v", src, l.Box)
				}
			}
			if math.Abs(l.Width) > bound {
				t.Fatalf("Parse(%q): %.0f px wide at size %v, bound %.0f", src, l.Width, float64(size), bound)
			}
			l.Draw(r, 0, 0, viz.Ink)
		}
	})
}

// FuzzWrap: no rich text panics, and no line is wider than the width.
func FuzzWrap(f *testing.F) {
	f.Add("plain words only")
	f.Add(`mixed $x_{t-1}$ and $$\frac{a}{b}$$ and \$5`)
	f.Add(strings.Repeat("w", 300))
	f.Add(`$a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p$`)
	f.Add(`$\begin{bmatrix} 1 & 2 & 3 & 4 & 5 & 6 & 7 & 8 & 9 & 10 \end{bmatrix}$`)
	r := newRecorder()
	r.keep = false
	f.Fuzz(func(t *testing.T, src string) {
		const width = 160
		lines, _ := Wrap(r, src, 14, width, Options{})
		if len(lines) == 0 {
			t.Fatalf("Wrap(%q): no lines", src)
		}
		for _, l := range lines {
			if l.Width > width+0.01 && !singleCharacter(l) && !singleAtom(l) {
				t.Fatalf("Wrap(%q): line %q is %.1f wide", src, lineText(l), l.Width)
			}
			l.Draw(r, 0, 0, viz.Ink)
		}
	})
}

// singleCharacter reports whether a line holds one character (which may
// be wider than the line: nothing can be done about it).
func singleCharacter(l Line) bool {
	if len(l.parts) != 1 || l.parts[0].lay != nil {
		return false
	}
	_, ok := singleRune(l.parts[0].text)
	return ok
}

// singleAtom reports whether a line holds one atom of a formula shrunk
// as far as it goes.
func singleAtom(l Line) bool {
	if len(l.parts) != 1 || l.parts[0].lay == nil {
		return false
	}
	lay := l.parts[0].lay
	return len(lay.expr.root) == 1 && lay.size < 1
}
