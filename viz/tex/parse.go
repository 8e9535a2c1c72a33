package tex

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Expr is a parsed formula. Parse always returns one, also for input with
// errors: what could not be understood is kept as literal text.
type Expr struct {
	src  string
	root []node
	err  error
}

// Source is the text the formula was parsed from.
func (e *Expr) Source() string { return e.src }

// Err is the parse error (nil if the formula parsed cleanly).
func (e *Expr) Err() error { return e.err }

// sub is the formula made of root atoms [i, j), for laying out a piece of
// a formula on its own (rich.go shrinks a piece too wide for a line).
func (e *Expr) sub(i, j int) *Expr {
	return &Expr{src: e.src, root: e.root[i:j], err: e.err}
}

// Problem is one place where Parse could not typeset the input as TeX
// would.
type Problem struct {
	Pos int // byte offset in the source
	Msg string
}

// Error lists the problems of one formula.
type Error struct {
	Src      string
	Problems []Problem
}

func (e *Error) Error() string {
	p := e.Problems[0]
	s := "tex: " + p.Msg + " at byte " + strconv.Itoa(p.Pos) + " of " + strconv.Quote(e.Src)
	if n := len(e.Problems); n > 1 {
		s += " (and " + strconv.Itoa(n-1) + " more)"
	}
	return s
}

// maxDepth bounds nesting so hostile input cannot grow the stack without
// limit; deeper input is shown literally.
const maxDepth = 48

// maxProblems bounds the problems kept for one formula.
const maxProblems = 16

// Parse reads a formula in the TeX subset described in the package
// documentation. It never fails outright: the returned Expr draws what was
// understood and shows the rest literally; the error (an *Error) lists
// what was not understood.
func Parse(src string) (*Expr, error) {
	p := &parser{src: src}
	root := p.row(stopNone)
	e := &Expr{src: src, root: root}
	if len(p.problems) > 0 {
		e.err = &Error{Src: src, Problems: p.problems}
	}
	return e, e.err
}

type parser struct {
	src      string
	pos      int
	depth    int
	problems []Problem
}

func (p *parser) fail(pos int, msg string) {
	if len(p.problems) < maxProblems {
		p.problems = append(p.problems, Problem{Pos: pos, Msg: msg})
	}
}

// stopSet says which tokens end the row being read without being consumed.
type stopSet uint8

const (
	stopNone    stopSet = 0
	stopBrace   stopSet = 1 << iota // }
	stopCell                        // & and \\
	stopRight                       // \right
	stopEnd                         // \end
	stopBracket                     // ] (a \sqrt index)
)

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// peekCommand returns the name of the command at pos ("" if none) and the
// position after it.
func (p *parser) peekCommand() (string, int) {
	if p.pos >= len(p.src) || p.src[p.pos] != '\\' {
		return "", p.pos
	}
	i := p.pos + 1
	if i >= len(p.src) {
		return "", i
	}
	if !isLetter(p.src[i]) {
		_, n := utf8.DecodeRuneInString(p.src[i:])
		return p.src[i : i+n], i + n
	}
	j := i
	for j < len(p.src) && isLetter(p.src[j]) {
		j++
	}
	if j < len(p.src) && p.src[j] == '*' && p.src[i:j] == "operatorname" {
		j++
	}
	return p.src[i:j], j
}

// row reads atoms until the end of input or a token in stop.
func (p *parser) row(stop stopSet) []node {
	var items []node
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return items
		}
		at := p.pos
		switch c := p.src[p.pos]; c {
		case '}':
			if stop&stopBrace != 0 {
				return items
			}
			p.fail(at, "unmatched }")
			p.pos++
			continue
		case ']':
			if stop&stopBracket != 0 {
				return items
			}
		case '&':
			if stop&stopCell != 0 {
				return items
			}
			p.fail(at, "& outside a matrix")
			p.pos++
			items = append(items, &glyphs{text: "&", muted: true})
			continue
		case '^', '_':
			items = p.script(items)
			continue
		case '\'':
			n := 0
			for p.pos < len(p.src) && p.src[p.pos] == '\'' {
				p.pos++
				n++
			}
			items = append(items, &glyphs{text: strings.Repeat("′", n), cls: classOrd})
			continue
		case '\\':
			name, next := p.peekCommand()
			switch name {
			case "\\", "cr":
				if stop&stopCell != 0 {
					return items
				}
				p.fail(at, "line break \\\\ outside a matrix (ignored)")
				p.pos = next
				continue
			case "right":
				if stop&stopRight != 0 {
					return items
				}
				p.fail(at, "\\right without \\left")
				p.pos = next
				p.delim()
				continue
			case "end":
				if stop&stopEnd != 0 {
					return items
				}
				p.pos = next
				env := p.envName()
				p.fail(at, "\\end{"+env+"} without \\begin")
				continue
			case "limits", "nolimits":
				p.pos = next
				if len(items) > 0 {
					if op, ok := items[len(items)-1].(*operator); ok {
						op.limits = name == "limits"
						continue
					}
				}
				p.fail(at, "\\"+name+" not after an operator")
				continue
			}
		}
		if n := p.atom(); n != nil {
			items = append(items, n)
		}
	}
}

// atom reads one atom; it may return nil (after reporting a problem) and
// always consumes input.
func (p *parser) atom() node {
	if p.depth >= maxDepth {
		at := p.pos
		p.fail(at, "nesting deeper than "+strconv.Itoa(maxDepth)+" levels (rest shown as text)")
		p.pos = len(p.src)
		return &glyphs{text: p.src[at:], muted: true}
	}
	p.depth++
	defer func() { p.depth-- }()
	switch p.src[p.pos] {
	case '{':
		return p.group()
	case '\\':
		return p.command()
	case '~':
		p.pos++
		return &space{em: interwordSpace}
	case '$':
		p.fail(p.pos, "$ inside a formula (ignored)")
		p.pos++
		return nil
	case '#':
		p.pos++
		return &glyphs{text: "#", cls: classOrd}
	}
	r, n := utf8.DecodeRuneInString(p.src[p.pos:])
	at := p.pos
	p.pos += n
	if r == utf8.RuneError && n == 1 {
		p.fail(at, "invalid UTF-8 (skipped)")
		return nil
	}
	if s, ok := shapeRunes[r]; ok {
		return &glyphs{text: s.text, shape: s.shape, cls: s.cls}
	}
	if !hasGlyph(r) {
		p.fail(at, "no glyph for "+strconv.QuoteRune(r)+" in Go Regular")
	}
	return &glyphs{text: charText(r), cls: charClass(r)}
}

// group reads {...}; a group of one atom is that atom (keeping the
// braces' ordinary class for operators, as {-} in TeX).
func (p *parser) group() node {
	open := p.pos
	p.pos++
	items := p.row(stopBrace)
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
	} else {
		p.fail(open, "missing } for this {")
	}
	if len(items) == 1 {
		switch items[0].class() {
		case classBin, classRel, classOp, classPunct, classOpen, classClose:
		default:
			return items[0]
		}
	}
	return &group{items: items, cls: classOrd}
}

// arg reads a command's argument: a group or a single token. It returns
// nil, with a problem, when there is none.
func (p *parser) arg(cmd string) node {
	p.skipSpace()
	at := p.pos
	if p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '}', '&', '^', '_', ']':
		case '\\':
			if name, _ := p.peekCommand(); name != "right" && name != "end" && name != "\\" {
				return p.atom()
			}
		default:
			return p.atom()
		}
	}
	p.fail(at, "missing argument for \\"+cmd)
	return nil
}

// script attaches ^ or _ to the last atom.
func (p *parser) script(items []node) []node {
	at := p.pos
	sup := p.src[p.pos] == '^'
	p.pos++
	what := "_"
	if sup {
		what = "^"
	}
	a := p.arg(what)
	var s *scripts
	if k := len(items); k > 0 {
		if last, ok := items[k-1].(*scripts); ok && (sup && last.sup == nil || !sup && last.sub == nil) {
			s = last
		} else if !ok {
			s = &scripts{base: items[k-1]}
			items[k-1] = s
		} else if sup {
			p.fail(at, "double superscript")
		} else {
			p.fail(at, "double subscript")
		}
	}
	if s == nil {
		s = &scripts{base: &group{cls: classOrd}}
		items = append(items, s)
	}
	if a == nil {
		a = &group{cls: classOrd}
	}
	if sup {
		s.sup = a
	} else {
		s.sub = a
	}
	return items
}

// envName reads {name} after \begin or \end.
func (p *parser) envName() string {
	p.skipSpace()
	if p.pos >= len(p.src) || p.src[p.pos] != '{' {
		return ""
	}
	end := strings.IndexByte(p.src[p.pos:], '}')
	if end < 0 {
		p.fail(p.pos, "missing } after environment name")
		name := p.src[p.pos+1:]
		p.pos = len(p.src)
		return name
	}
	name := p.src[p.pos+1 : p.pos+end]
	p.pos += end + 1
	return strings.TrimSpace(name)
}

// delim reads the delimiter after \left, \right, \middle or \big.
func (p *parser) delim() delimKind {
	p.skipSpace()
	at := p.pos
	if p.pos >= len(p.src) {
		p.fail(at, "missing delimiter")
		return delimNone
	}
	if p.src[p.pos] == '\\' {
		name, next := p.peekCommand()
		p.pos = next
		if k, ok := delimNames[name]; ok {
			return k
		}
		p.fail(at, "\\"+name+" is not a delimiter")
		return delimNone
	}
	if k, ok := delimChars[p.src[p.pos]]; ok {
		p.pos++
		return k
	}
	_, n := utf8.DecodeRuneInString(p.src[p.pos:])
	p.fail(at, strconv.Quote(p.src[p.pos:p.pos+n])+" is not a delimiter")
	p.pos += n
	return delimNone
}

// textArg reads the argument of \text and friends: characters kept as
// typed (spaces included), with \{ \} \$ \% \& \# \_ escapes and symbol
// commands replaced by their characters.
func (p *parser) textArg(cmd string) string {
	p.skipSpace()
	if p.pos >= len(p.src) {
		p.fail(p.pos, "missing argument for \\"+cmd)
		return ""
	}
	if p.src[p.pos] != '{' {
		_, n := utf8.DecodeRuneInString(p.src[p.pos:])
		s := p.src[p.pos : p.pos+n]
		p.pos += n
		return s
	}
	open := p.pos
	p.pos++
	var b strings.Builder
	depth := 0
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '{':
			depth++
			p.pos++
		case c == '}':
			if depth == 0 {
				p.pos++
				return b.String()
			}
			depth--
			p.pos++
		case c == '\\':
			at := p.pos
			name, next := p.peekCommand()
			p.pos = next
			if len(name) == 1 && strings.Contains("{}$%&#_ ", name) {
				b.WriteString(name)
			} else if sym, ok := symbols[name]; ok && sym.shape == shapeNone {
				b.WriteString(sym.text)
			} else {
				p.fail(at, "\\"+name+" not available in text")
				b.WriteString("\\" + name)
			}
		case c == '\n' || c == '\t' || c == '\r':
			b.WriteByte(' ')
			p.pos++
		default:
			r, n := utf8.DecodeRuneInString(p.src[p.pos:])
			if r == utf8.RuneError && n == 1 {
				p.fail(p.pos, "invalid UTF-8 (skipped)")
			} else {
				if !hasGlyph(r) {
					p.fail(p.pos, "no glyph for "+strconv.QuoteRune(r)+" in Go Regular")
				}
				b.WriteString(p.src[p.pos : p.pos+n])
			}
			p.pos += n
		}
	}
	p.fail(open, "missing } for this {")
	return b.String()
}

// command reads a command at pos and what it takes.
func (p *parser) command() node {
	at := p.pos
	name, next := p.peekCommand()
	p.pos = next
	if name == "" {
		p.fail(at, "lone \\ at the end")
		return &glyphs{text: "\\", muted: true}
	}
	if sym, ok := symbols[name]; ok {
		return &glyphs{text: sym.text, shape: sym.shape, cls: sym.cls}
	}
	if em, ok := spaces[name]; ok {
		return &space{em: em}
	}
	if op, ok := largeOps[name]; ok {
		return &operator{body: &glyphs{text: op.text, cls: classOrd}, large: true, limits: op.limits}
	}
	if limits, ok := namedOps[name]; ok {
		text := name
		if t, ok := namedOpText[name]; ok {
			text = t
		}
		return &operator{body: &glyphs{text: text, cls: classOrd}, limits: limits}
	}
	if k, ok := accents[name]; ok {
		return &accent{body: p.argOrEmpty(name), kind: k}
	}
	if cls, ok := classOverrides[name]; ok {
		b := p.argOrEmpty(name)
		if g, ok := b.(*group); ok {
			return &group{items: g.items, cls: cls}
		}
		return &group{items: []node{b}, cls: cls}
	}
	if textCommands[name] {
		return &glyphs{text: p.textArg(name), cls: classOrd}
	}
	if fontStyles[name] {
		b := p.argOrEmpty(name)
		if name == "mathbb" {
			if g, ok := b.(*glyphs); ok && g.shape == shapeNone {
				if r, one := singleRune(g.text); one {
					if _, stem := doubleStruckStem[r]; stem {
						return &glyphs{text: g.text, shape: shapeDoubleStruck, cls: classOrd}
					}
				}
			}
		}
		return b
	}
	if h, ok := bigSizes[strings.TrimRight(name, "lrm")]; ok {
		cls := classOrd
		switch name[len(name)-1] {
		case 'l':
			cls = classOpen
		case 'r':
			cls = classClose
		case 'm':
			cls = classRel
		}
		return &bigDelim{delim: p.delim(), height: h, cls: cls}
	}
	switch name {
	case "frac", "dfrac", "tfrac", "cfrac":
		f := &fraction{num: p.argOrEmpty(name), den: p.argOrEmpty(name), rule: true}
		switch name {
		case "dfrac", "cfrac":
			f.style = fracDisplay
		case "tfrac":
			f.style = fracText
		}
		return f
	case "binom", "dbinom", "tbinom":
		f := &fraction{num: p.argOrEmpty(name), den: p.argOrEmpty(name)}
		switch name {
		case "dbinom":
			f.style = fracDisplay
		case "tbinom":
			f.style = fracText
		}
		return &leftRight{open: delimLparen, close: delimRparen, body: []node{f}}
	case "sqrt":
		var index node
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == '[' {
			open := p.pos
			p.pos++
			items := p.row(stopBracket)
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.pos++
			} else {
				p.fail(open, "missing ] for this [")
			}
			index = &group{items: items, cls: classOrd}
		}
		return &radical{body: p.argOrEmpty(name), index: index}
	case "operatorname", "operatorname*":
		return &operator{body: p.argOrEmpty(name), limits: name == "operatorname*"}
	case "mathop":
		return &operator{body: p.argOrEmpty(name)}
	case "overset", "stackrel":
		over := p.argOrEmpty(name)
		return &stack{base: unbrace(p.argOrEmpty(name)), over: over}
	case "underset":
		under := p.argOrEmpty(name)
		return &stack{base: unbrace(p.argOrEmpty(name)), under: under}
	case "phantom":
		return &phantom{body: p.argOrEmpty(name), keepW: true, keepH: true}
	case "hphantom":
		return &phantom{body: p.argOrEmpty(name), keepW: true}
	case "vphantom":
		return &phantom{body: p.argOrEmpty(name), keepH: true}
	case "not":
		b := p.arg(name)
		if g, ok := b.(*glyphs); ok {
			switch {
			case g.text == "=":
				return &glyphs{text: "≠", cls: classRel}
			case g.shape == shapeIn:
				return &glyphs{shape: shapeNotin, cls: classRel}
			}
		}
		return &negated{body: b}
	case "displaystyle":
		return &styleSwitch{style: switchDisplay}
	case "textstyle":
		return &styleSwitch{style: switchText}
	case "scriptstyle", "scriptscriptstyle":
		return &styleSwitch{style: switchScript}
	case "left":
		open := p.delim()
		body := p.row(stopRight)
		cl := delimNone
		if n, next := p.peekCommand(); n == "right" {
			p.pos = next
			cl = p.delim()
		} else {
			p.fail(at, "\\left without \\right")
		}
		return &leftRight{open: open, close: cl, body: body}
	case "middle":
		return &middle{delim: p.delim()}
	case "begin":
		return p.environment(at)
	}
	p.fail(at, "unknown command \\"+name)
	return &glyphs{text: "\\" + name, muted: true}
}

// unbrace returns the atom inside braces holding one atom: \overset{!}{=}
// is a relation, as amsmath makes it, though {=} alone is ordinary.
func unbrace(n node) node {
	if g, ok := n.(*group); ok && len(g.items) == 1 && g.cls == classOrd {
		return g.items[0]
	}
	return n
}

func (p *parser) argOrEmpty(cmd string) node {
	if a := p.arg(cmd); a != nil {
		return a
	}
	return &group{cls: classOrd}
}

// environments maps matrix-like environments to their delimiters.
var environments = map[string]struct {
	open, close delimKind
	align       matrixAlign
	small       bool
}{
	"matrix": {}, "pmatrix": {open: delimLparen, close: delimRparen},
	"bmatrix": {open: delimLbrack, close: delimRbrack}, "Bmatrix": {open: delimLbrace, close: delimRbrace},
	"vmatrix": {open: delimVert, close: delimVert}, "Vmatrix": {open: delimDvert, close: delimDvert},
	"smallmatrix": {small: true}, "cases": {open: delimLbrace, align: alignLeft},
	"aligned": {align: alignRL}, "align": {align: alignRL}, "align*": {align: alignRL},
	"gathered": {}, "array": {},
}

// environment reads \begin{name} ... \end{name} (the \begin is consumed).
func (p *parser) environment(at int) node {
	name := p.envName()
	env, ok := environments[name]
	if !ok {
		p.fail(at, "unknown environment "+strconv.Quote(name)+" (laid out as a matrix)")
	}
	if name == "array" {
		p.envName() // the column spec, e.g. {cc}: columns are centred
	}
	m := &matrix{open: env.open, close: env.close, align: env.align, small: env.small}
	row := []node{}
	for {
		cell := p.row(stopCell | stopEnd)
		row = append(row, &group{items: cell, cls: classOrd})
		if p.pos >= len(p.src) {
			p.fail(at, "missing \\end{"+name+"}")
			m.rows = append(m.rows, row)
			break
		}
		if p.src[p.pos] == '&' {
			p.pos++
			continue
		}
		cmd, next := p.peekCommand()
		p.pos = next
		if cmd == "end" {
			if end := p.envName(); end != name {
				p.fail(at, "\\begin{"+name+"} ended by \\end{"+end+"}")
			}
			if len(row) > 1 || len(cell) > 0 || len(m.rows) == 0 {
				m.rows = append(m.rows, row)
			}
			break
		}
		m.rows = append(m.rows, row) // \\ or \cr
		row = []node{}
	}
	return m
}
