package tex

import (
	"image/color"
	"math"
	"strings"
	"unicode/utf8"

	"dlprep/viz"
)

// Rich text is a paragraph of plain text with inline formulas between $
// signs (\$ is a literal dollar) and display formulas between $$ on lines
// of their own, centred. It wraps like this:
//
//   - Lines break at spaces in the text, never inside a formula that fits
//     on a line. Text and a formula written without a space between them
//     ("$x$-axis") stay together.
//   - A formula wider than the whole line is broken after its top-level
//     relations and binary operators, as TeX breaks inline math; a piece
//     still wider than the line, between its top-level atoms. An atom
//     still wider than the line (a long fraction, say) goes on a line of
//     its own, laid out at a size that fits: the one case where text may
//     end up below the minimum size, which the layout lint then reports.
//   - A word wider than the line is broken between characters.
//
// So no line is wider than the width, unless it holds a single character
// or a single atom that does not fit even at one pixel per em.

// EscapeText makes plain text safe to pass as rich text: its dollar signs
// stay dollar signs instead of starting formulas. Use it for text that is
// not written for this package (values from a URL, error messages).
func EscapeText(s string) string { return strings.ReplaceAll(s, "$", `\$`) }

// Line is one line of wrapped rich text. Ascent and Descent include the
// line's leading: lines stack at a pitch of Ascent + Descent, which for a
// line of plain text is viz.LineHeight(size), as in viz.TextBlock.
type Line struct {
	Box
	parts []part
}

// part is a text run or a range of a formula's items placed on a line.
type part struct {
	x    float64
	text string // a text run, when lay is nil
	size float64
	lay  *Layout
	from int     // lay's items [from, to)
	to   int     //
	dx   float64 // lay's x at the start of the range
}

// Draw draws the line with the left end of its baseline at (x, baseline).
// It allocates nothing.
func (l *Line) Draw(c viz.Canvas, x, baseline float64, col color.RGBA) {
	for i := range l.parts {
		p := &l.parts[i]
		if p.lay == nil {
			c.Text(x+p.x, baseline, p.text, p.size, col, viz.AlignLeft)
			continue
		}
		p.lay.drawItems(c, p.from, p.to, x+p.x-p.dx, baseline, col)
	}
}

// Height is the height of lines stacked at their pitch.
func Height(lines []Line) float64 {
	h := 0.0
	for i := range lines {
		h += lines[i].Height()
	}
	return h
}

// Wrap breaks rich text src into lines no wider than width at text size
// size. Formulas use o (Display is ignored: $$ chooses display style). The
// error lists formulas that did not parse cleanly and unclosed $; the
// lines are usable either way.
func Wrap(m viz.Measurer, src string, size, width float64, o Options) ([]Line, error) {
	w := &wrapper{m: m, size: size, width: width, opts: o, spaceW: m.TextWidth(" ", size)}
	toks, problems := scanRich(src)
	var word []piece
	flush := func() {
		if len(word) > 0 {
			w.addWord(word)
			word = word[:0]
		}
	}
	for _, t := range toks {
		switch t.kind {
		case tokText:
			word = append(word, piece{text: t.text, w: m.TextWidth(t.text, size)})
		case tokMath, tokDisplay:
			opts := o
			opts.Display = t.kind == tokDisplay
			e, err := Parse(t.text)
			if perr, ok := err.(*Error); ok {
				for _, p := range perr.Problems {
					problems = append(problems, Problem{Pos: t.pos + p.Pos, Msg: p.Msg})
				}
			}
			lay := e.LayoutWith(m, size, opts)
			if t.kind == tokDisplay {
				flush()
				w.addDisplay(lay)
				continue
			}
			word = append(word, piece{lay: lay, w: lay.Width})
		case tokSpace:
			flush()
		case tokBreak:
			flush()
			w.newLine()
		}
	}
	flush()
	if len(w.cur.parts) > 0 || len(w.lines) == 0 {
		w.newLine()
	}
	if len(problems) > 0 {
		if len(problems) > maxProblems {
			problems = problems[:maxProblems]
		}
		return w.lines, &Error{Src: src, Problems: problems}
	}
	return w.lines, nil
}

// Paragraph is rich text that re-wraps only when its text, size, width or
// options change, like viz.TextBlock: wrapping measures every word, too
// slow to redo each frame. The zero value is ready to use.
type Paragraph struct {
	Options Options

	src         string
	size, width float64
	opts        Options
	valid       bool
	lines       []Line
	err         error
}

// Lines returns src wrapped to width, from the cache when nothing changed.
func (p *Paragraph) Lines(m viz.Measurer, src string, size, width float64) []Line {
	if !p.valid || src != p.src || size != p.size || width != p.width || p.Options != p.opts {
		p.src, p.size, p.width, p.opts, p.valid = src, size, width, p.Options, true
		p.lines, p.err = Wrap(m, src, size, width, p.Options)
	}
	return p.lines
}

// Err is the error of the last wrap (see Wrap).
func (p *Paragraph) Err() error { return p.err }

// Draw wraps src into r starting at its top and returns the height used;
// lines that would fall below r are dropped, as viz.TextBlock does.
func (p *Paragraph) Draw(c viz.Canvas, r viz.Rect, src string, size float64, col color.RGBA) float64 {
	y := r.Y
	lines := p.Lines(c, src, size, r.W)
	for i := range lines {
		ln := &lines[i]
		if y+ln.Height() > r.Y+r.H+0.5 {
			break
		}
		ln.Draw(c, r.X, y+ln.Ascent, col)
		y += ln.Height()
	}
	return y - r.Y
}

// piece is an unbreakable-by-default part of a word: a text run or a
// formula.
type piece struct {
	text string
	lay  *Layout
	w    float64
}

type wrapper struct {
	m                   viz.Measurer
	size, width, spaceW float64
	opts                Options
	lines               []Line
	cur                 Line
	x                   float64 // where the next part goes on cur
	mathAsc, mathDesc   float64 // cur's tallest formula ink
}

func (w *wrapper) empty() bool { return len(w.cur.parts) == 0 }

// fits reports whether width more (after a space if space) fits on cur.
func (w *wrapper) fits(width float64, space bool) bool {
	if space && !w.empty() {
		width += w.spaceW
	}
	return w.x+width <= w.width+1e-9
}

// newLine ends the current line (an empty one for a hard break).
func (w *wrapper) newLine() {
	ln := w.cur
	ln.Width = w.x
	// Text alone gives the pitch of viz.TextBlock (size above the baseline,
	// 0.35 size below); formulas add their ink plus about the leading text
	// has over its own ink (0.23 em above ascenders, 0.15 em below
	// descenders; 0.12 below formulas, so a plain subscript such as x_t
	// does not make its line taller).
	ln.Ascent = math.Max(w.size, w.mathAsc+0.23*w.size)
	ln.Descent = math.Max(0.35*w.size, w.mathDesc+0.12*w.size)
	w.lines = append(w.lines, ln)
	w.cur = Line{}
	w.x, w.mathAsc, w.mathDesc = 0, 0, 0
}

// placeText puts a text run on cur, joining it to a text run it continues
// so a line of words is one Text call.
func (w *wrapper) placeText(s string, width float64, space bool) {
	sp := ""
	if space && !w.empty() {
		w.x += w.spaceW
		sp = " "
	}
	if k := len(w.cur.parts) - 1; k >= 0 && w.cur.parts[k].lay == nil {
		w.cur.parts[k].text += sp + s
	} else {
		w.cur.parts = append(w.cur.parts, part{x: w.x, text: s, size: w.size})
	}
	w.x += width
}

// placeMath puts segments [s0, s1) of a formula on cur at the current x
// plus indent.
func (w *wrapper) placeMath(l *Layout, s0, s1 int, space bool, indent float64) {
	if space && !w.empty() {
		w.x += w.spaceW
	}
	from := 0
	if s0 > 0 {
		from = l.segments[s0-1].end
	}
	x0, x1 := 0.0, l.Width
	asc, desc := l.Ascent, l.Descent
	if s0 > 0 || s1 < len(l.segments) {
		x0, x1 = l.segments[s0].x0, l.segments[s1-1].x1
		asc, desc = 0, 0
		for _, s := range l.segments[s0:s1] {
			asc, desc = math.Max(asc, s.asc), math.Max(desc, s.desc)
		}
	}
	to := len(l.items)
	if s1 > 0 && s1 <= len(l.segments) {
		to = l.segments[s1-1].end
	}
	w.x += indent
	w.cur.parts = append(w.cur.parts, part{x: w.x, lay: l, from: from, to: to, dx: x0})
	w.x += x1 - x0
	w.mathAsc, w.mathDesc = math.Max(w.mathAsc, asc), math.Max(w.mathDesc, desc)
}

func (w *wrapper) placeWhole(p piece, space bool) {
	if p.lay == nil {
		w.placeText(p.text, p.w, space)
	} else {
		w.placeMath(p.lay, 0, len(p.lay.segments), space, 0)
	}
}

// addWord places the pieces of a word (written without spaces between
// them).
func (w *wrapper) addWord(pcs []piece) {
	total := 0.0
	for _, p := range pcs {
		total += p.w
	}
	switch {
	case w.fits(total, true):
	case total <= w.width:
		w.newLine()
	default:
		w.breakWord(pcs)
		return
	}
	for i, p := range pcs {
		w.placeWhole(p, i == 0)
	}
}

// breakWord places a word wider than a line: between its pieces, inside
// formulas wider than a line, and between the characters of text runs
// wider than a line.
func (w *wrapper) breakWord(pcs []piece) {
	for i, p := range pcs {
		space := i == 0
		switch {
		case w.fits(p.w, space):
			w.placeWhole(p, space)
		case p.w <= w.width:
			w.newLine()
			w.placeWhole(p, false)
		case p.lay == nil:
			w.breakText(p.text, space)
		default:
			w.breakMath(p.lay, space)
		}
	}
}

// breakText places a run wider than a line, breaking between characters.
func (w *wrapper) breakText(s string, space bool) {
	for s != "" {
		room := w.width - w.x
		if space && !w.empty() {
			room -= w.spaceW
		}
		n := w.fitPrefix(s, room)
		if n == 0 {
			if !w.empty() {
				w.newLine()
				space = false
				continue
			}
			_, n = utf8.DecodeRuneInString(s) // narrower than one character: one per line
		}
		w.placeText(s[:n], w.m.TextWidth(s[:n], w.size), space)
		space = false
		if s = s[n:]; s != "" {
			w.newLine()
		}
	}
}

// fitPrefix returns the length in bytes of the longest prefix of s no
// wider than room. Go Regular has no kerning, so a prefix is as wide as
// its characters; one measurement of the prefix confirms it.
func (w *wrapper) fitPrefix(s string, room float64) int {
	acc, end := 0.0, 0
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:]) // 1 for a byte of invalid UTF-8
		cw := w.m.TextWidth(s[i:i+n], w.size)
		if acc+cw > room {
			break
		}
		acc += cw
		end = i + n
		i += n
	}
	for end > 0 && w.m.TextWidth(s[:end], w.size) > room {
		_, n := utf8.DecodeLastRuneInString(s[:end])
		end -= n
	}
	return end
}

// breakMath places a formula wider than a line: at its break points; a
// piece still too wide between its atoms; an atom still too wide on its
// own line at a size that fits.
func (w *wrapper) breakMath(l *Layout, space bool) {
	for k, s := range l.segments {
		sw := s.x1 - s.x0
		first := space && k == 0
		switch {
		case w.fits(sw, first):
			w.placeMath(l, k, k+1, first, 0)
		case sw <= w.width:
			w.newLine()
			w.placeMath(l, k, k+1, false, 0)
		default:
			w.breakAtoms(l, s, first)
		}
	}
}

// breakAtoms places a segment wider than a line atom by atom, each laid
// out alone (the spaces between them are lost: a last resort).
func (w *wrapper) breakAtoms(l *Layout, s segment, space bool) {
	for a := s.atom0; a < s.atom1; a++ {
		e := l.expr.sub(a, a+1)
		al := e.LayoutWith(w.m, l.size, l.opts)
		switch {
		case w.fits(al.Width, space):
		case al.Width <= w.width:
			w.newLine()
		default:
			if !w.empty() {
				w.newLine()
			}
			al = w.shrink(e, l.size, l.opts, al.Width)
		}
		w.placeMath(al, 0, len(al.segments), space, 0)
		space = false
	}
}

// shrink lays e out at the largest size that fits the width, given its
// width at size. Scripts shrink with it (the minimum script size scales
// too): otherwise a formula made mostly of scripts at the minimum would
// barely narrow.
func (w *wrapper) shrink(e *Expr, size float64, opts Options, width float64) *Layout {
	f := w.width / math.Max(width, 1e-9)
	var out *Layout
	for try := 0; try < 8; try++ {
		o := opts
		o.MinScriptSize *= f
		out = e.LayoutWith(w.m, size*f, o)
		if out.Width <= w.width || out.Width == 0 || size*f < 1 {
			break
		}
		f *= w.width / out.Width * 0.97
	}
	return out
}

// addDisplay places a display formula centred on a line of its own.
func (w *wrapper) addDisplay(l *Layout) {
	if !w.empty() {
		w.newLine()
	}
	if l.Width <= w.width {
		w.placeMath(l, 0, len(l.segments), false, (w.width-l.Width)/2)
	} else {
		w.breakMath(l, false)
	}
	w.newLine()
}

// Rich text tokens.
type tokKind uint8

const (
	tokText    tokKind = iota
	tokMath            // $...$
	tokDisplay         // $$...$$
	tokSpace
	tokBreak // a newline
)

type richToken struct {
	kind tokKind
	text string
	pos  int // where the token's content starts in the source
}

// scanRich splits rich text into text runs, formulas, spaces and line
// breaks.
func scanRich(src string) ([]richToken, []Problem) {
	var toks []richToken
	var problems []Problem
	var text strings.Builder
	textPos := 0
	flush := func() {
		if text.Len() > 0 {
			toks = append(toks, richToken{kind: tokText, text: text.String(), pos: textPos})
			text.Reset()
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && src[i+1] == '$':
			if text.Len() == 0 {
				textPos = i
			}
			text.WriteByte('$')
			i += 2
		case c == '$':
			delim := "$"
			if strings.HasPrefix(src[i:], "$$") {
				delim = "$$"
			}
			start := i + len(delim)
			end := closingDollar(src, start, delim)
			if end < 0 {
				problems = append(problems, Problem{Pos: i, Msg: "unclosed " + delim + " (shown as text)"})
				if text.Len() == 0 {
					textPos = i
				}
				text.WriteString(delim)
				i = start
				continue
			}
			flush()
			kind := tokMath
			if delim == "$$" {
				kind = tokDisplay
			}
			toks = append(toks, richToken{kind: kind, text: src[start:end], pos: start})
			i = end + len(delim)
		case c == '\n':
			flush()
			toks = append(toks, richToken{kind: tokBreak, pos: i})
			i++
		case c == ' ' || c == '\t' || c == '\r':
			flush()
			if n := len(toks); n == 0 || toks[n-1].kind != tokSpace {
				toks = append(toks, richToken{kind: tokSpace, pos: i})
			}
			i++
		default:
			if text.Len() == 0 {
				textPos = i
			}
			text.WriteByte(c)
			i++
		}
	}
	flush()
	return toks, problems
}

// closingDollar finds the delimiter closing a formula that starts at i,
// skipping escaped characters (\$ is a dollar inside a formula); -1 if
// none.
func closingDollar(src string, i int, delim string) int {
	for i < len(src) {
		switch {
		case src[i] == '\\':
			i += 2
		case strings.HasPrefix(src[i:], delim):
			return i
		default:
			i++
		}
	}
	return -1
}
