package tex

// atomClass is TeX's classification of math atoms (The TeXbook, chapter
// 17): it decides the space between neighbours and where a line may break.
type atomClass uint8

const (
	classOrd atomClass = iota
	classOp
	classBin
	classRel
	classOpen
	classClose
	classPunct
	classInner
	classNone // glue, style switches and the ends of a row: no atom
)

// node is one element of a parsed formula. Nodes are plain data; layout.go
// turns them into boxes and drawing items.
type node interface{ class() atomClass }

// glyphs is a run of characters from the font, or a symbol the font lacks
// that shapes.go draws as vector strokes.
type glyphs struct {
	text  string
	shape shapeKind // shapeNone: draw text
	cls   atomClass
	muted bool // an unknown command shown literally
}

// group is a braced list, or a list whose class is overridden
// (\mathrel{...}, \mathbin{...}).
type group struct {
	items []node
	cls   atomClass
}

// scripts attaches a subscript and/or superscript to a base; either may be
// nil.
type scripts struct{ base, sub, sup node }

// operator is a large operator (\sum, \prod, \int) or a named one (\max,
// \log, \operatorname{...}). limits puts scripts above and below it in
// display style.
type operator struct {
	body   node
	large  bool
	limits bool
}

// fraction is \frac, \dfrac, \tfrac and, without a rule, \binom's inside.
type fraction struct {
	num, den node
	rule     bool
	style    fracStyle
}

type fracStyle uint8

const (
	fracAuto    fracStyle = iota // parts one style smaller than the fraction's
	fracDisplay                  // \dfrac
	fracText                     // \tfrac
)

// radical is \sqrt[index]{body}; index may be nil.
type radical struct{ body, index node }

// accent puts a mark above (or a rule below) its body.
type accent struct {
	body node
	kind accentKind
}

type accentKind uint8

const (
	accentHat accentKind = iota
	accentWideHat
	accentCheck
	accentBar
	accentOverline
	accentUnderline
	accentTilde
	accentWideTilde
	accentVec
	accentOverArrow
	accentDot
	accentDDot
)

// leftRight is \left open ... \right close, its delimiters sized to the
// body.
type leftRight struct {
	open, close delimKind
	body        []node
}

// middle is \middle| inside \left...\right: as tall as the pair.
type middle struct{ delim delimKind }

// bigDelim is a delimiter of a fixed size: \big( ... \Bigg).
type bigDelim struct {
	delim  delimKind
	height float64 // em
	cls    atomClass
}

// matrix is a matrix-like environment: matrix, pmatrix, bmatrix, Bmatrix,
// vmatrix, Vmatrix, smallmatrix, cases, aligned.
type matrix struct {
	rows        [][]node
	open, close delimKind
	align       matrixAlign
	small       bool
}

type matrixAlign uint8

const (
	alignCenter matrixAlign = iota
	alignLeft               // cases
	alignRL                 // aligned: right, left, right, left...
)

// space is explicit glue in em: \, \; \quad.
type space struct{ em float64 }

// styleSwitch is \displaystyle, \textstyle or \scriptstyle: it changes the
// style of the rest of its row.
type styleSwitch struct{ style switchedStyle }

type switchedStyle uint8

const (
	switchDisplay switchedStyle = iota
	switchText
	switchScript
)

// stack puts small material over and/or under a base (\overset,
// \underset, \stackrel); it keeps the base's class.
type stack struct{ base, over, under node }

// phantom takes its body's space without drawing it.
type phantom struct {
	body         node
	keepW, keepH bool
}

// negated is \not: its body with a slash through it.
type negated struct{ body node }

func (n *glyphs) class() atomClass      { return n.cls }
func (n *group) class() atomClass       { return n.cls }
func (n *operator) class() atomClass    { return classOp }
func (n *fraction) class() atomClass    { return classOrd }
func (n *radical) class() atomClass     { return classOrd }
func (n *accent) class() atomClass      { return classOrd }
func (n *leftRight) class() atomClass   { return classInner }
func (n *middle) class() atomClass      { return classOrd }
func (n *bigDelim) class() atomClass    { return n.cls }
func (n *matrix) class() atomClass      { return classOrd }
func (n *space) class() atomClass       { return classNone }
func (n *styleSwitch) class() atomClass { return classNone }
func (n *phantom) class() atomClass     { return classOrd }
func (n *negated) class() atomClass     { return classRel }

func (n *scripts) class() atomClass {
	if n.base == nil {
		return classOrd
	}
	return n.base.class()
}

func (n *stack) class() atomClass {
	if n.base == nil {
		return classOrd
	}
	return n.base.class()
}
