package tex

import (
	"math"

	"dlprep/viz"
)

// Go Regular has no glyphs for many math symbols (⊙ ⊗ ∈ ∇ ⊤ ⟨ ⇒ ↦ ...,
// TestSymbolGlyphsExist lists them), and its glyphs cannot grow to fit
// tall content. Those symbols are drawn here as strokes, in em units of
// the current size, with the pen of Go Regular's stems.

// shapeKind names a drawn symbol.
type shapeKind uint8

const (
	shapeNone shapeKind = iota
	shapeOdot
	shapeOtimes
	shapeOplus
	shapeOminus
	shapeCirc
	shapeMp
	shapeWedge
	shapeVee
	shapePropto
	shapeIn
	shapeNotin
	shapeSubset
	shapeSubseteq
	shapeSupset
	shapeSupseteq
	shapeImplies
	shapeImpliedBy
	shapeIff
	shapeMapsto
	shapeNabla
	shapeForall
	shapeExists
	shapeEmptyset
	shapeTop
	shapeBot
	shapeCdots
	shapeVdots
	shapeDdots
	shapeLangle
	shapeRangle
	shapeLceil
	shapeRceil
	shapeLfloor
	shapeRfloor
	shapeDoubleStruck // \mathbb{R}: the letter in text plus a second stem
)

// shapeRunes are the Unicode characters the shapes stand for, so that a
// formula typed with them ("a ⊙ b") draws as if written with commands.
var shapeRunes = map[rune]symbol{
	'⊙': {shape: shapeOdot, cls: classBin}, '⊗': {shape: shapeOtimes, cls: classBin},
	'⊕': {shape: shapeOplus, cls: classBin}, '⊖': {shape: shapeOminus, cls: classBin},
	'∘': {shape: shapeCirc, cls: classBin}, '∓': {shape: shapeMp, cls: classBin},
	'∧': {shape: shapeWedge, cls: classBin}, '∨': {shape: shapeVee, cls: classBin},
	'∝': {shape: shapePropto, cls: classRel}, '∈': {shape: shapeIn, cls: classRel},
	'∉': {shape: shapeNotin, cls: classRel}, '⊂': {shape: shapeSubset, cls: classRel},
	'⊆': {shape: shapeSubseteq, cls: classRel}, '⊃': {shape: shapeSupset, cls: classRel},
	'⊇': {shape: shapeSupseteq, cls: classRel}, '⇒': {shape: shapeImplies, cls: classRel},
	'⇐': {shape: shapeImpliedBy, cls: classRel}, '⇔': {shape: shapeIff, cls: classRel},
	'↦': {shape: shapeMapsto, cls: classRel}, '∇': {shape: shapeNabla, cls: classOrd},
	'∀': {shape: shapeForall, cls: classOrd}, '∃': {shape: shapeExists, cls: classOrd},
	'∅': {shape: shapeEmptyset, cls: classOrd}, '⊤': {shape: shapeTop, cls: classOrd},
	'⊥': {shape: shapeBot, cls: classOrd}, '⋯': {shape: shapeCdots, cls: classInner},
	'⋮': {shape: shapeVdots, cls: classOrd}, '⋱': {shape: shapeDdots, cls: classInner},
	'⟨': {shape: shapeLangle, cls: classOpen}, '⟩': {shape: shapeRangle, cls: classClose},
	'⌈': {shape: shapeLceil, cls: classOpen}, '⌉': {shape: shapeRceil, cls: classClose},
	'⌊': {shape: shapeLfloor, cls: classOpen}, '⌋': {shape: shapeRfloor, cls: classClose},
	'‖': {text: "||", cls: classOrd}, '⋅': bin("·"), '∗': bin("*"), '∣': rel("|"),
	'ℝ': {text: "R", shape: shapeDoubleStruck}, 'ℕ': {text: "N", shape: shapeDoubleStruck},
	'𝔼': {text: "E", shape: shapeDoubleStruck}, '∼': rel("~"), '∖': bin("\\"), 'ϵ': ord("ε"), 'ϑ': ord("θ"), 'ϕ': ord("φ"), 'ϖ': ord("π"),
}

// shape draws a symbol at the current origin and returns its box.
func (c *layoutCtx) shape(k shapeKind, text string, e float64) box {
	sw := strokeWidth(e)
	a := axisHeight * e
	P := func(x, y float64) viz.Point { return viz.Point{X: x * e, Y: y * e} }
	switch k {
	case shapeOdot, shapeOtimes, shapeOplus, shapeOminus:
		r := 0.27 * e
		cx := 0.07*e + r
		c.circle(cx, -a, r, sw)
		d := r * math.Sqrt2 / 2
		switch k {
		case shapeOdot:
			c.dot(cx, -a, 0.065*e)
		case shapeOtimes:
			c.line(cx-d, -a-d, cx+d, -a+d, sw)
			c.line(cx-d, -a+d, cx+d, -a-d, sw)
		case shapeOplus:
			c.line(cx-r, -a, cx+r, -a, sw)
			c.line(cx, -a-r, cx, -a+r, sw)
		case shapeOminus:
			c.line(cx-r, -a, cx+r, -a, sw)
		}
		return box{2*cx + 0.0, a + r + sw/2, math.Max(0, r-a) + sw/2}
	case shapeCirc:
		r := 0.12 * e
		c.circle(0.08*e+r, -a, r, sw)
		return box{0.16*e + 2*r, a + r + sw/2, 0}
	case shapeMp:
		c.line(0.05*e, -0.62*e, 0.53*e, -0.62*e, sw)
		c.line(0.05*e, -0.26*e, 0.53*e, -0.26*e, sw)
		c.line(0.29*e, -0.5*e, 0.29*e, -0.02*e, sw)
		return box{0.584 * e, 0.62*e + sw/2, 0}
	case shapeWedge:
		c.poly(sw, P(0.09, 0), P(0.33, -0.56), P(0.57, 0))
		return box{0.66 * e, 0.56*e + sw, sw / 2}
	case shapeVee:
		c.poly(sw, P(0.09, -0.56), P(0.33, 0), P(0.57, -0.56))
		return box{0.66 * e, 0.56*e + sw/2, sw}
	case shapePropto:
		return c.propto(e, sw)
	case shapeIn, shapeNotin, shapeSubset, shapeSubseteq, shapeSupset, shapeSupseteq:
		return c.setRelation(k, e, sw)
	case shapeImplies, shapeImpliedBy, shapeIff:
		w := 1.0 * e
		if k == shapeIff {
			w = 1.15 * e
		}
		x0, x1 := 0.08*e, w-0.08*e
		head := 0.24 * e
		l0, l1 := x0, x1-0.1*e
		if k != shapeImplies {
			l0 = x0 + 0.1*e
		}
		if k == shapeImpliedBy {
			l1 = x1
		}
		c.line(l0, -a-0.1*e, l1, -a-0.1*e, sw)
		c.line(l0, -a+0.1*e, l1, -a+0.1*e, sw)
		if k != shapeImpliedBy {
			c.poly(sw, viz.Point{X: x1 - head, Y: -a - head}, viz.Point{X: x1, Y: -a}, viz.Point{X: x1 - head, Y: -a + head})
		}
		if k != shapeImplies {
			c.poly(sw, viz.Point{X: x0 + head, Y: -a - head}, viz.Point{X: x0, Y: -a}, viz.Point{X: x0 + head, Y: -a + head})
		}
		return box{w, a + head + sw/2, math.Max(0, head-a) + sw/2}
	case shapeMapsto:
		w := c.text(0, 0, "→", e)
		c.line(0.078*e+sw/2, -a-0.17*e, 0.078*e+sw/2, -a+0.17*e, sw)
		return box{w, a + 0.17*e + sw/2, 0}
	case shapeNabla:
		c.poly(sw, P(0.06, -0.723), P(0.66, -0.723), P(0.36, 0), P(0.06, -0.723))
		return box{0.72 * e, capHeight*e + sw/2, sw / 2}
	case shapeForall:
		c.poly(sw, P(0.04, -0.723), P(0.32, 0), P(0.60, -0.723))
		c.line(0.16*e, -0.36*e, 0.48*e, -0.36*e, sw)
		return box{0.64 * e, capHeight*e + sw/2, sw / 2}
	case shapeExists:
		c.poly(sw, P(0.08, -0.723), P(0.54, -0.723), P(0.54, 0), P(0.08, 0))
		c.line(0.12*e, -0.36*e, 0.54*e, -0.36*e, sw)
		return box{0.66 * e, capHeight*e + sw/2, sw / 2}
	case shapeEmptyset:
		c.circle(0.4*e, -0.36*e, 0.3*e, sw)
		c.line(0.16*e, 0.08*e, 0.64*e, -0.8*e, sw)
		return box{0.8 * e, 0.8 * e, 0.08 * e}
	case shapeTop:
		c.line(0.08*e, -0.723*e, 0.64*e, -0.723*e, sw)
		c.line(0.36*e, -0.723*e, 0.36*e, 0, sw)
		return box{0.72 * e, capHeight*e + sw/2, 0}
	case shapeBot:
		c.line(0.08*e, 0, 0.64*e, 0, sw)
		c.line(0.36*e, -0.723*e, 0.36*e, 0, sw)
		return box{0.72 * e, capHeight * e, sw / 2}
	case shapeCdots:
		for i := 0; i < 3; i++ {
			c.dot((0.17+0.33*float64(i))*e, -a, 0.06*e)
		}
		return box{1.0 * e, a + 0.06*e, 0}
	case shapeVdots:
		for i := 0; i < 3; i++ {
			c.dot(0.2*e, -(0.08+0.3*float64(i))*e, 0.06*e)
		}
		return box{0.4 * e, 0.74 * e, 0}
	case shapeDdots:
		for i := 0; i < 3; i++ {
			c.dot((0.17+0.33*float64(i))*e, -(0.68-0.3*float64(i))*e, 0.06*e)
		}
		return box{1.0 * e, 0.74 * e, 0}
	case shapeLangle, shapeRangle, shapeLceil, shapeRceil, shapeLfloor, shapeRfloor:
		kinds := map[shapeKind]delimKind{shapeLangle: delimLangle, shapeRangle: delimRangle,
			shapeLceil: delimLceil, shapeRceil: delimRceil, shapeLfloor: delimLfloor, shapeRfloor: delimRfloor}
		return c.delimiter(kinds[k], 0, (parenAscent+parenDescent)*e, e)
	case shapeDoubleStruck:
		w := c.text(0, 0, text, e)
		asc, desc := inkExtentEm(text)
		if r, ok := singleRune(text); ok {
			if g, ok := lookupGlyph(r); ok {
				if stem, ok := doubleStruckStem[r]; ok {
					x := (float64(g.left) + stem) / 1000 * e
					c.vrule(x, -float64(g.asc)/1000*e, float64(g.asc)/1000*e, 0.6*sw)
				}
			}
		}
		return box{w, asc * e, desc * e}
	}
	return box{}
}

// doubleStruckStem is where \mathbb's second stroke goes, in 1/1000 em
// right of the letter's left ink: inside the stem of letters that have a
// vertical one on the left.
var doubleStruckStem = map[rune]float64{
	'B': 190, 'D': 190, 'E': 190, 'F': 190, 'H': 190, 'K': 190, 'L': 190,
	'N': 190, 'P': 190, 'R': 190, 'I': 190,
}

// circle adds a circle outline.
func (c *layoutCtx) circle(cx, cy, r, width float64) {
	n := 32
	pts := make([]viz.Point, n+1)
	for i := range pts {
		t := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = viz.Point{X: cx + r*math.Cos(t), Y: cy + r*math.Sin(t)}
	}
	c.items = append(c.items, item{kind: itemPolyline, w: width, pts: pts})
}

// setRelation draws ∈ and ⊂-like relations: a half circle on the axis
// with straight arms, a bar (∈), a slash (∉) or an underline (⊆).
func (c *layoutCtx) setRelation(k shapeKind, e, sw float64) box {
	a := axisHeight * e
	r := 0.22 * e
	cy := -a
	if k == shapeSubseteq || k == shapeSupseteq {
		cy -= 0.1 * e
	}
	x0 := 0.1 * e
	xc := x0 + r
	xr := xc + 0.26*e
	w := xr + 0.1*e
	mirror := k == shapeSupset || k == shapeSupseteq
	mx := func(x float64) float64 {
		if mirror {
			return w - x
		}
		return x
	}
	pts := []viz.Point{{X: mx(xr), Y: cy - r}}
	for i := 0; i <= 16; i++ {
		t := -math.Pi/2 - math.Pi*float64(i)/16
		pts = append(pts, viz.Point{X: mx(xc + r*math.Cos(t)), Y: cy + r*math.Sin(t)})
	}
	pts = append(pts, viz.Point{X: mx(xr), Y: cy + r})
	c.items = append(c.items, item{kind: itemPolyline, w: sw, pts: pts})
	desc := math.Max(0, r+cy) + sw/2
	switch k {
	case shapeIn, shapeNotin:
		c.line(mx(x0), cy, mx(xr), cy, sw)
	case shapeSubseteq, shapeSupseteq:
		y := cy + r + 0.14*e
		c.line(mx(x0), y, mx(xr), y, sw)
		desc = math.Max(desc, y+sw/2)
	}
	if k == shapeNotin {
		m := (x0 + xr) / 2
		c.line(m-0.12*e, cy+0.42*e, m+0.12*e, cy-0.42*e, sw)
		desc = math.Max(desc, cy+0.42*e)
		return box{w, -cy + 0.42*e, desc}
	}
	return box{w, -cy + r + sw/2, desc}
}

// propto draws ∝: the left loop of a lemniscate (an ∞ cut in half) whose
// strands cross on the axis and open to the right.
func (c *layoutCtx) propto(e, sw float64) box {
	a := axisHeight * e
	L := 0.3 * e
	xm := 0.06*e + L
	sy := 1.3
	var pts []viz.Point
	arm := func(sign float64, reverse bool) {
		var q []viz.Point
		for i := 0; i <= 5; i++ { // quadratic curve from the crossing to the arm's end
			t := float64(i) / 5
			p0, p1, p2 := viz.Point{X: xm, Y: -a}, viz.Point{X: xm + 0.1*e, Y: -a + sign*0.1*e*sy}, viz.Point{X: xm + 0.3*e, Y: -a + sign*0.16*e}
			u := 1 - t
			q = append(q, viz.Point{X: u*u*p0.X + 2*u*t*p1.X + t*t*p2.X, Y: u*u*p0.Y + 2*u*t*p1.Y + t*t*p2.Y})
		}
		if reverse {
			for i, j := 0, len(q)-1; i < j; i, j = i+1, j-1 {
				q[i], q[j] = q[j], q[i]
			}
		}
		pts = append(pts, q...)
	}
	arm(+1, true) // lower-right end to the crossing
	for i := 1; i < 24; i++ {
		t := math.Pi/2 + math.Pi*float64(i)/24
		s, co := math.Sin(t), math.Cos(t)
		d := 1 + s*s
		pts = append(pts, viz.Point{X: xm + L*co/d, Y: -a + sy*L*s*co/d})
	}
	arm(-1, false) // the crossing to the upper-right end
	c.items = append(c.items, item{kind: itemPolyline, w: sw, pts: pts})
	return box{xm + 0.36*e, a + 0.17*e, 0}
}

// delimKind names a delimiter for \left, \right, \big and matrices.
type delimKind uint8

const (
	delimNone delimKind = iota // "." : an empty delimiter
	delimLparen
	delimRparen
	delimLbrack
	delimRbrack
	delimLbrace
	delimRbrace
	delimVert
	delimDvert
	delimLangle
	delimRangle
	delimLceil
	delimRceil
	delimLfloor
	delimRfloor
	delimSlash
	delimBackslash
)

// delimGlyph is the font character for a delimiter of normal size, "" if
// Go Regular lacks it.
func delimGlyph(k delimKind) string {
	switch k {
	case delimLparen:
		return "("
	case delimRparen:
		return ")"
	case delimLbrack:
		return "["
	case delimRbrack:
		return "]"
	case delimLbrace:
		return "{"
	case delimRbrace:
		return "}"
	case delimVert:
		return "|"
	case delimDvert:
		return "||"
	case delimSlash:
		return "/"
	case delimBackslash:
		return "\\"
	}
	return ""
}

// delimiter draws a delimiter of height h centred on the axis at x (font
// glyph when h is no more than the font's parentheses, strokes otherwise)
// and returns its box.
func (c *layoutCtx) delimiter(k delimKind, x, h, e float64) box {
	return c.delimiterWidth(k, x, h, e, 0)
}

// delimiterWidth is delimiter drawn into a given width (0: its own), for
// \middle delimiters whose space was reserved before their height was
// known.
func (c *layoutCtx) delimiterWidth(k delimKind, x, h, e, width float64) box {
	if k == delimNone {
		return box{w: 0.12 * e}
	}
	normal := (parenAscent + parenDescent) * e
	if s := delimGlyph(k); s != "" && h <= normal*1.02 {
		tw := c.m.TextWidth(s, e)
		w := tw
		if width > 0 {
			w = width
		}
		c.text(x+(w-tw)/2, 0, s, e)
		asc, desc := inkExtentEm(s)
		return box{w, asc * e, desc * e}
	}
	h = math.Max(h, normal)
	a := axisHeight * e
	top, bottom := -a-h/2, -a+h/2
	if h <= normal*1.02 { // drawn symbols of normal size align with the font's parentheses
		top, bottom = -parenAscent*e, parenDescent*e
	}
	mid := (top + bottom) / 2
	sw := strokeWidth(e) * math.Min(1.6, 1+0.08*(h/e-1))
	right := false
	switch k {
	case delimRparen, delimRbrack, delimRbrace, delimRangle, delimRceil, delimRfloor:
		right = true
	}
	var w float64
	size := func(natural float64) float64 {
		if width > 0 {
			return width
		}
		return natural
	}
	var pts []viz.Point
	switch k {
	case delimLparen, delimRparen:
		w = size(math.Min(0.33*e+0.04*h, 0.6*e))
		xl, xr := 0.1*e, w-0.06*e
		p := 2 + math.Min(2, h/e-1)
		n := min(16+int(4*h/e), 48)
		for i := 0; i <= n; i++ {
			t := float64(i) / float64(n)
			s := math.Abs(2*t - 1)
			pts = append(pts, viz.Point{X: xl + (xr-xl)*math.Pow(s, p), Y: top + t*(bottom-top)})
		}
	case delimLbrack, delimRbrack, delimLceil, delimRceil, delimLfloor, delimRfloor:
		w = size(0.32 * e)
		xl, xr := 0.1*e, w-0.04*e
		switch k {
		case delimLbrack, delimRbrack:
			pts = []viz.Point{{X: xr, Y: top}, {X: xl, Y: top}, {X: xl, Y: bottom}, {X: xr, Y: bottom}}
		case delimLceil, delimRceil:
			pts = []viz.Point{{X: xr, Y: top}, {X: xl, Y: top}, {X: xl, Y: bottom}}
		default:
			pts = []viz.Point{{X: xl, Y: top}, {X: xl, Y: bottom}, {X: xr, Y: bottom}}
		}
	case delimLbrace, delimRbrace:
		w = size(0.5 * e)
		xt, xs, xe := 0.07*e, 0.25*e, w-0.05*e
		rv := math.Min(0.2*e, (bottom-top)/8)
		arc := func(cx, cy, rx, ry, t0, t1 float64) {
			for i := 0; i <= 6; i++ {
				t := t0 + (t1-t0)*float64(i)/6
				pts = append(pts, viz.Point{X: cx + rx*math.Cos(t), Y: cy + ry*math.Sin(t)})
			}
		}
		arc(xe, top+rv, xe-xs, rv, -math.Pi/2, -math.Pi)  // end to spine
		arc(xt, mid-rv, xs-xt, rv, 0, math.Pi/2)          // spine to tip
		arc(xt, mid+rv, xs-xt, rv, -math.Pi/2, 0)         // tip to spine
		arc(xe, bottom-rv, xe-xs, rv, math.Pi, math.Pi/2) // spine to end
	case delimVert:
		w = size(0.26 * e)
		c.vrule(x+0.13*e, top, bottom-top, sw)
	case delimDvert:
		w = size(0.44 * e)
		c.vrule(x+0.13*e, top, bottom-top, sw)
		c.vrule(x+0.31*e, top, bottom-top, sw)
	case delimLangle, delimRangle:
		w = size(math.Min(0.36*e+0.03*h, 0.6*e))
		pts = []viz.Point{{X: w - 0.06*e, Y: top}, {X: 0.08 * e, Y: mid}, {X: w - 0.06*e, Y: bottom}}
	case delimSlash, delimBackslash:
		w = size(math.Max(0.3*e, 0.3*h))
		pts = []viz.Point{{X: w - 0.05*e, Y: top}, {X: 0.05 * e, Y: bottom}}
		right = k == delimBackslash
	}
	if pts != nil {
		for i := range pts {
			if right {
				pts[i].X = w - pts[i].X
			}
			pts[i].X += x
		}
		c.items = append(c.items, item{kind: itemPolyline, w: sw, pts: pts})
	}
	return box{w, -top + sw/2, bottom + sw/2}
}
