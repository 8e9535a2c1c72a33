package tex

import (
	"math"

	"dlprep/viz"
)

// The layout follows the TeXbook's Appendix G in outline (inter-atom
// spacing, script shifts, fraction and radical clearances) with Go
// Regular's metrics and two departures: there is one upright font, and
// scripts never shrink below Options.MinScriptSize.

// Layout lays the formula out at size (logical pixels) with default
// options.
func (e *Expr) Layout(m viz.Measurer, size float64) *Layout {
	return e.LayoutWith(m, size, Options{})
}

// LayoutWith lays the formula out at size with options o. It measures
// through m, so a layout is for backends that measure like m (all of
// dlprep's draw Go Regular).
func (e *Expr) LayoutWith(m viz.Measurer, size float64, o Options) *Layout {
	o = o.resolved()
	l := &Layout{expr: e, size: size, opts: o}
	if !(size > 0) || math.IsInf(size, 0) {
		return l
	}
	c := &layoutCtx{m: m, opts: o, root: true}
	b := c.row(e.root, style{size: size, display: o.Display}, false)
	l.Box = Box{Width: b.w, Ascent: b.asc, Descent: b.desc}
	l.items, l.segments = mergeTextRuns(c.items, c.segments)
	return l
}

// Draw lays the formula out and draws it: a convenience for one-off
// drawing. Per-frame code should keep a Layout or use a Cache.
func (e *Expr) Draw(c viz.Canvas, x, baseline, size float64, col viz.Color) Box {
	l := e.Layout(c, size)
	l.Draw(c, x, baseline, col)
	return l.Box
}

// box is the size of laid-out material: width, and ink above and below
// the baseline.
type box struct{ w, asc, desc float64 }

// style is TeX's math style reduced to what matters here.
type style struct {
	size    float64
	display bool
	script  bool // scripts and small fraction parts: no medium or thick spaces
}

// layoutCtx accumulates drawing items. Each layout method appends the
// items of its node relative to the node's own origin (left end of its
// baseline) and returns its box; the caller then shifts them into place.
type layoutCtx struct {
	m           viz.Measurer
	opts        Options
	items       []item
	root        bool      // laying out the formula's top-level row
	segments    []segment // break opportunities of the top-level row
	inLeftRight bool      // inside \left...\right: \middle leaves a placeholder
}

// segment is a piece of the top-level row that ends where a line may break
// (after a relation or binary operator, as TeX breaks inline math).
type segment struct {
	end          int     // items [previous end, end) belong to the segment
	x0, x1       float64 // the segment's horizontal extent in the layout
	asc, desc    float64
	atom0, atom1 int // the root atoms it holds, for re-laying it out alone
}

func (c *layoutCtx) scriptStyle(st style) style {
	s := math.Min(st.size, math.Max(st.size*c.opts.ScriptScale, c.opts.MinScriptSize))
	return style{size: s, script: true}
}

// ruleThickness is the thickness of fraction rules and vinculums, at least
// one logical pixel so they never fade out.
func ruleThickness(size float64) float64 { return math.Max(1, 0.06*size) }

// strokeWidth is the pen of drawn symbols: Go Regular's stems are 0.077 em.
func strokeWidth(size float64) float64 { return math.Max(1, 0.075*size) }

func (c *layoutCtx) layout(n node, st style) box {
	switch n := n.(type) {
	case nil:
		return box{}
	case *glyphs:
		return c.glyphs(n, st)
	case *group:
		return c.row(n.items, st, false)
	case *scripts:
		return c.scripts(n, st)
	case *operator:
		return c.operator(n, st)
	case *fraction:
		return c.fraction(n, st)
	case *radical:
		return c.radical(n, st)
	case *accent:
		return c.accent(n, st)
	case *leftRight:
		return c.leftRight(n, st)
	case *middle:
		return c.middleDelim(n, st)
	case *bigDelim:
		return c.bigDelim(n, st)
	case *matrix:
		return c.matrix(n, st)
	case *space:
		return box{w: n.em * st.size}
	case *stack:
		return c.stack(n.base, n.over, n.under, st)
	case *phantom:
		start := len(c.items)
		b := c.layout(n.body, st)
		c.items = c.items[:start]
		if !n.keepW {
			b.w = 0
		}
		if !n.keepH {
			b.asc, b.desc = 0, 0
		}
		return b
	case *negated:
		b := c.layout(n.body, st)
		e := st.size
		cx := b.w / 2
		c.line(cx-0.16*e, 0.18*e, cx+0.16*e, -0.78*e, strokeWidth(e))
		return box{b.w, math.Max(b.asc, 0.78*e), math.Max(b.desc, 0.18*e)}
	}
	return box{}
}

// spacing is TeX's inter-atom space table (The TeXbook, chapter 18): rows
// are the left atom's class, columns the right's. '0' none, '1' thin; 'a',
// 'b', 'c' thin, medium, thick in text and display styles only.
var spacing = [8]string{
	classOrd:   "01bc000a",
	classOp:    "110c000a",
	classBin:   "bb00b00b",
	classRel:   "cc00c00c",
	classOpen:  "00000000",
	classClose: "01bc000a",
	classPunct: "aa0aaaaa",
	classInner: "a1bca0aa",
}

func atomSpace(left, right atomClass, st style) float64 {
	if left >= classNone || right >= classNone {
		return 0
	}
	var em float64
	switch spacing[left][right] {
	case '1':
		em = 3.0 / 18
	case 'a':
		em = 3.0 / 18
	case 'b':
		em = 4.0 / 18
	case 'c':
		em = 5.0 / 18
	}
	if st.script && spacing[left][right] >= 'a' {
		return 0
	}
	return em * st.size
}

// rowClasses gives each atom its class, turning binary operators that have
// nothing to operate on (a leading minus, "=-1") into ordinary ones as TeX
// does; glue gets classNone.
func rowClasses(items []node, leadOrd bool) []atomClass {
	cls := make([]atomClass, len(items))
	prev := classNone
	if leadOrd {
		prev = classOrd
	}
	for i, n := range items {
		k := n.class()
		cls[i] = k
		if k == classNone {
			continue
		}
		if k == classBin {
			switch prev {
			case classNone, classBin, classOp, classRel, classOpen, classPunct:
				k = classOrd
			}
			next := classNone
			for _, m := range items[i+1:] {
				if next = m.class(); next != classNone {
					break
				}
			}
			switch next {
			case classNone, classRel, classClose, classPunct:
				k = classOrd
			}
			cls[i] = k
		}
		prev = k
	}
	return cls
}

// row lays out a list of atoms side by side with TeX's spacing. leadOrd
// spaces the first atom as if an ordinary atom came before it (the right
// columns of aligned environments, which start with "=").
func (c *layoutCtx) row(items []node, st style, leadOrd bool) box {
	root := c.root
	c.root = false
	defer func() { c.root = root }()
	cls := rowClasses(items, leadOrd)
	var b box
	prev := classNone
	if leadOrd {
		prev = classOrd
	}
	x := 0.0
	seg := segment{x0: 0, atom0: 0}
	first := true
	for i, n := range items {
		if sw, ok := n.(*styleSwitch); ok {
			switch sw.style {
			case switchDisplay:
				st = style{size: st.size, display: true, script: st.script}
			case switchText:
				st = style{size: st.size, script: st.script}
			case switchScript:
				st = c.scriptStyle(st)
			}
			continue
		}
		if cls[i] != classNone && prev != classNone {
			x += atomSpace(prev, cls[i], st)
		}
		if root && first {
			seg.x0 = x
		}
		start := len(c.items)
		a := c.layout(n, st)
		shiftItems(c.items[start:], x, 0)
		b.asc, b.desc = math.Max(b.asc, a.asc), math.Max(b.desc, a.desc)
		seg.asc, seg.desc = math.Max(seg.asc, a.asc), math.Max(seg.desc, a.desc)
		x += a.w
		first = false
		if cls[i] != classNone {
			prev = cls[i]
		}
		if root && (cls[i] == classBin || cls[i] == classRel) && breakableAfter(cls, i) {
			seg.end, seg.x1, seg.atom1 = len(c.items), x, i+1
			c.segments = append(c.segments, seg)
			seg = segment{atom0: i + 1}
			first = true
		}
	}
	if root {
		seg.end, seg.x1, seg.atom1 = len(c.items), x, len(items)
		if first {
			seg.x0 = x
		}
		c.segments = append(c.segments, seg)
	}
	b.w = x
	return b
}

// breakableAfter reports whether a line may break after atom i: not at
// the end, nor inside ":=" or before a closing delimiter or punctuation,
// which would start the next line.
func breakableAfter(cls []atomClass, i int) bool {
	for _, k := range cls[i+1:] {
		switch k {
		case classNone:
			continue
		case classRel, classClose, classPunct:
			return false
		}
		return true
	}
	return false
}

// glyphs lays out a run of characters, or a drawn symbol.
func (c *layoutCtx) glyphs(n *glyphs, st style) box {
	if n.shape != shapeNone {
		return c.shape(n.shape, n.text, st.size)
	}
	w := c.m.TextWidth(n.text, st.size)
	asc, desc := inkExtentEm(n.text)
	c.items = append(c.items, item{kind: itemText, text: n.text, size: st.size, w: w, muted: n.muted})
	return box{w, asc * st.size, desc * st.size}
}

// isCharBox reports whether n is a single character, whose scripts TeX
// positions from fixed shifts rather than from the base's height.
func isChar(n node) bool {
	g, ok := n.(*glyphs)
	if !ok || g.shape != shapeNone {
		return ok
	}
	_, one := singleRune(g.text)
	return one
}

// scripts attaches sub- and superscripts (TeXbook Appendix G, rules
// 18a-f, with Go Regular's x-height and rule thickness).
func (c *layoutCtx) scripts(n *scripts, st style) box {
	if op, ok := n.base.(*operator); ok && op.limits && st.display {
		return c.stack(n.base, n.sup, n.sub, st)
	}
	e := st.size
	b := c.layout(n.base, st)
	ss := c.scriptStyle(st)
	char := isChar(n.base)
	θ := ruleThickness(e)

	supStart := len(c.items)
	var sup box
	if n.sup != nil {
		sup = c.layout(n.sup, ss)
	}
	subStart := len(c.items)
	var sub box
	if n.sub != nil {
		sub = c.layout(n.sub, ss)
	}

	// u: superscript baseline above the base's; v: subscript baseline below.
	u, v := 0.0, 0.0
	if !char {
		u = b.asc - 0.39*ss.size
		v = b.desc + 0.05*ss.size
	}
	if n.sup != nil {
		minU := 0.363 * e
		if st.display {
			minU = 0.413 * e
		}
		u = math.Max(u, math.Max(minU, sup.desc+0.25*xHeight*e))
	}
	if n.sub != nil {
		if n.sup == nil {
			v = math.Max(v, math.Max(0.2*e, sub.asc-0.8*xHeight*e))
		} else {
			v = math.Max(v, 0.25*e)
			// Keep 4θ between the scripts, raising the superscript
			// rather than dropping the subscript too far.
			if gap := (u - sup.desc) - (sub.asc - v); gap < 4*θ {
				v += 4*θ - gap
				if lift := 0.8*xHeight*e - (u - sup.desc); lift > 0 {
					u += lift
					v -= lift
				}
			}
		}
	}
	x := b.w
	end := len(c.items)
	shiftItems(c.items[supStart:subStart], x, -u)
	shiftItems(c.items[subStart:end], x, v)
	out := box{w: b.w, asc: b.asc, desc: b.desc}
	if n.sup != nil {
		out.asc = math.Max(out.asc, u+sup.asc)
		out.desc = math.Max(out.desc, sup.desc-u)
	}
	if n.sub != nil {
		out.desc = math.Max(out.desc, v+sub.desc)
		out.asc = math.Max(out.asc, sub.asc-v)
	}
	out.w = b.w + math.Max(sup.w, sub.w) + 0.05*e
	return out
}

// stack centres over above and under below base, as display-style limits
// and \overset do.
func (c *layoutCtx) stack(base, over, under node, st style) box {
	e := st.size
	baseStart := len(c.items)
	b := c.layout(base, st)
	ss := c.scriptStyle(st)
	overStart := len(c.items)
	var o box
	if over != nil {
		o = c.layout(over, ss)
	}
	underStart := len(c.items)
	var u box
	if under != nil {
		u = c.layout(under, ss)
	}
	end := len(c.items)
	w := math.Max(b.w, math.Max(o.w, u.w))
	gap := 0.15 * e
	shiftItems(c.items[baseStart:overStart], (w-b.w)/2, 0)
	out := box{w: w, asc: b.asc, desc: b.desc}
	if over != nil {
		y := b.asc + gap + o.desc
		shiftItems(c.items[overStart:underStart], (w-o.w)/2, -y)
		out.asc = y + o.asc
	}
	if under != nil {
		y := b.desc + gap + u.asc
		shiftItems(c.items[underStart:end], (w-u.w)/2, y)
		out.desc = y + u.desc
	}
	return out
}

// operator lays out \sum-like symbols larger than the text, centred on the
// math axis, and named operators as plain text.
func (c *layoutCtx) operator(n *operator, st style) box {
	if !n.large {
		return c.layout(n.body, st)
	}
	k := 1.15
	if st.display {
		k = 1.6
	}
	start := len(c.items)
	b := c.layout(n.body, style{size: st.size * k, display: st.display, script: st.script})
	dy := (b.asc-b.desc)/2 - axisHeight*st.size
	shiftItems(c.items[start:], 0, dy)
	return box{w: b.w + 0.05*st.size, asc: b.asc - dy, desc: b.desc + dy}
}

// fraction follows Appendix G rule 15: numerator and denominator shifted
// from the axis, with a minimum clearance to the rule.
func (c *layoutCtx) fraction(n *fraction, st style) box {
	e := st.size
	display := st.display
	switch n.style {
	case fracDisplay:
		display = true
	case fracText:
		display = false
	}
	part := c.scriptStyle(st)
	if display {
		part = style{size: e, script: st.script}
	}
	numStart := len(c.items)
	num := c.layout(n.num, part)
	denStart := len(c.items)
	den := c.layout(n.den, part)
	end := len(c.items)

	θ := ruleThickness(e)
	a := axisHeight * e
	u, v, φ := 0.394*e, 0.345*e, θ
	if display {
		u, v, φ = 0.677*e, 0.686*e, 3*θ
	}
	if n.rule {
		u = math.Max(u, a+θ/2+φ+num.desc)
		v = math.Max(v, den.asc-a+θ/2+φ)
	} else if gap := (u - num.desc) - (den.asc - v); gap < 3*φ {
		u += (3*φ - gap) / 2
		v += (3*φ - gap) / 2
	}
	pad := 0.12 * e
	inner := math.Max(num.w, den.w) + 0.1*e
	shiftItems(c.items[numStart:denStart], pad+(inner-num.w)/2, -u)
	shiftItems(c.items[denStart:end], pad+(inner-den.w)/2, v)
	if n.rule {
		c.hrule(pad, -a, inner, θ)
	}
	return box{w: inner + 2*pad, asc: u + num.asc, desc: v + den.desc}
}

// radical draws the radical sign as strokes (Go Regular's √ cannot grow)
// with a vinculum over the body, clearance as in Appendix G rule 11.
func (c *layoutCtx) radical(n *radical, st style) box {
	e := st.size
	θ := ruleThickness(e)
	bodyStart := len(c.items)
	b := c.layout(n.body, st)
	idxStart := len(c.items)
	var idx box
	if n.index != nil {
		idx = c.layout(n.index, c.scriptStyle(st))
	}
	idxEnd := len(c.items)

	gap := θ + 0.1*e
	if st.display {
		gap = θ + 0.25*xHeight*e
	}
	top := -(math.Max(b.asc, xHeight*e) + gap + θ/2) // vinculum centre
	bottom := math.Max(b.desc, 0) + 0.08*e
	h := bottom - top
	signW := math.Min(math.Max(0.55*e, 0.45*e+0.1*h), 0.9*e)

	// An index sits over the sign's short left stroke; a wide one pushes
	// the sign right.
	off := 0.0
	if n.index != nil {
		idxRight := 0.32 * signW
		off = math.Max(0, idx.w-idxRight+0.05*e)
		iy := bottom - 0.55*h - idx.desc
		shiftItems(c.items[idxStart:idxEnd], off+idxRight-idx.w, iy)
	}
	pad := 0.08 * e
	bodyX := off + signW + pad
	shiftItems(c.items[bodyStart:idxStart], bodyX, 0)
	end := bodyX + b.w + pad

	tick := math.Min(0.42*e, 0.45*h)
	p0 := viz.Point{X: off + 0.02*e, Y: bottom - tick + 0.07*e}
	p1 := viz.Point{X: off + 0.13*e, Y: bottom - tick}
	p2 := viz.Point{X: off + 0.42*signW + 0.06*e, Y: bottom}
	p3 := viz.Point{X: off + signW, Y: top}
	sw := strokeWidth(e)
	c.poly(sw, p0, p1)
	c.line(p1.X, p1.Y, p2.X, p2.Y, 1.7*sw) // the heavy stroke, as in the glyph
	c.poly(sw, p2, p3)
	c.hrule(p3.X-sw/2, top, end-p3.X+sw/2, θ)

	out := box{w: end + 0.04*e, asc: -top + θ/2, desc: math.Max(b.desc, bottom+sw/2)}
	if n.index != nil {
		iy := bottom - 0.55*h - idx.desc
		out.asc = math.Max(out.asc, idx.asc-iy)
	}
	return out
}

// accent draws the accent marks as strokes (Go Regular's combining marks
// sit at fixed heights, which would collide with tall bases).
func (c *layoutCtx) accent(n *accent, st style) box {
	e := st.size
	b := c.layout(n.body, st)
	sw := strokeWidth(e)
	θ := ruleThickness(e)
	cx := b.w / 2
	if g, ok := n.body.(*glyphs); ok && g.shape == shapeNone {
		// Centre on the ink, not the advance: Go Regular's glyphs carry
		// uneven side bearings.
		if r, one := singleRune(g.text); one {
			if ext, ok := lookupGlyph(r); ok && ext.right > ext.left {
				cx = float64(ext.left+ext.right) / 2000 * e
			}
		}
	}
	y0 := -(b.asc + 0.1*e) // the accent's bottom
	narrow := func(k, lo, hi float64) float64 { return math.Min(math.Max(b.w*k, lo*e), hi*e) }
	out := b
	switch n.kind {
	case accentHat, accentWideHat, accentCheck:
		w := narrow(0.75, 0.32, 0.5)
		h := 0.16 * e
		if n.kind == accentWideHat {
			w = math.Max(b.w*0.9, 0.32*e)
			h = math.Min(0.12*e+0.04*w, 0.3*e)
		}
		if n.kind == accentCheck {
			c.poly(sw, viz.Point{X: cx - w/2, Y: y0 - h}, viz.Point{X: cx, Y: y0}, viz.Point{X: cx + w/2, Y: y0 - h})
		} else {
			c.poly(sw, viz.Point{X: cx - w/2, Y: y0}, viz.Point{X: cx, Y: y0 - h}, viz.Point{X: cx + w/2, Y: y0})
		}
		out.asc = -(y0 - h) + sw/2
	case accentBar, accentOverline:
		w := narrow(0.8, 0.3, 0.6)
		x := cx - w/2
		if n.kind == accentOverline {
			w, x = b.w, 0
		}
		c.hrule(x, y0-θ/2, w, θ)
		out.asc = -y0 + θ
	case accentUnderline:
		y := b.desc + 0.12*e
		c.hrule(0, y, b.w, θ)
		out.desc = y + θ
	case accentTilde, accentWideTilde:
		w := narrow(0.75, 0.32, 0.5)
		if n.kind == accentWideTilde {
			w = math.Max(b.w*0.9, 0.32*e)
		}
		amp := 0.055 * e
		pts := make([]viz.Point, 13)
		for i := range pts {
			t := float64(i) / float64(len(pts)-1)
			pts[i] = viz.Point{X: cx - w/2 + t*w, Y: y0 - amp - amp*math.Sin(2*math.Pi*t)}
		}
		c.poly(sw, pts...)
		out.asc = -y0 + 2*amp + sw/2
	case accentVec, accentOverArrow:
		w := narrow(1, 0.45, 0.6)
		x := cx - w/2
		if n.kind == accentOverArrow {
			w = math.Max(b.w, 0.45*e)
			x = cx - w/2
		}
		y := y0 - 0.09*e
		c.line(x, y, x+w, y, sw)
		c.poly(sw, viz.Point{X: x + w - 0.12*e, Y: y - 0.09*e}, viz.Point{X: x + w, Y: y}, viz.Point{X: x + w - 0.12*e, Y: y + 0.09*e})
		out.asc = -y + 0.09*e + sw/2
	case accentDot, accentDDot:
		r := 0.06 * e
		y := y0 - r
		if n.kind == accentDot {
			c.dot(cx, y, r)
		} else {
			c.dot(cx-0.12*e, y, r)
			c.dot(cx+0.12*e, y, r)
		}
		out.asc = -y + r
	}
	return out
}

// delimiterHeight is how tall \left and \right delimiters must be to cover
// a body centred on the axis, at least the font's own parentheses.
func delimiterHeight(b box, e float64) float64 {
	a := axisHeight * e
	half := math.Max(b.asc-a, b.desc+a)
	return math.Max(2*half+0.1*e, (parenAscent+parenDescent)*e)
}

func (c *layoutCtx) leftRight(n *leftRight, st style) box {
	e := st.size
	saved := c.inLeftRight
	c.inLeftRight = true
	start := len(c.items)
	b := c.row(n.body, st, false)
	c.inLeftRight = saved
	h := delimiterHeight(b, e)
	c.resolveMiddles(start, h, e)
	bodyEnd := len(c.items)
	open := c.delimiter(n.open, 0, h, e)
	shiftItems(c.items[start:bodyEnd], open.w, 0)
	closeStart := len(c.items)
	cl := c.delimiter(n.close, 0, h, e)
	shiftItems(c.items[closeStart:], open.w+b.w, 0)
	return box{
		w:    open.w + b.w + cl.w,
		asc:  math.Max(b.asc, math.Max(open.asc, cl.asc)),
		desc: math.Max(b.desc, math.Max(open.desc, cl.desc)),
	}
}

// middleDelim lays out \middle. Inside \left...\right its height is the
// pair's, known only once the whole body is laid out: it leaves a
// placeholder item that resolveMiddles replaces (laying the body out a
// second time instead would cost 2^depth for nested pairs).
func (c *layoutCtx) middleDelim(n *middle, st style) box {
	e := st.size
	normal := (parenAscent + parenDescent) * e
	pad := 0.12 * e
	start := len(c.items)
	d := c.delimiter(n.delim, 0, normal, e)
	shiftItems(c.items[start:], pad, 0)
	if c.inLeftRight {
		c.items = append(c.items[:start], item{kind: itemMiddle, x: pad, w: d.w, delim: n.delim, size: e})
	}
	d.w += 2 * pad
	return d
}

// resolveMiddles replaces the \middle placeholders among items [start:]
// with delimiters of height h.
func (c *layoutCtx) resolveMiddles(start int, h, e float64) {
	found := false
	for _, it := range c.items[start:] {
		if it.kind == itemMiddle {
			found = true
			break
		}
	}
	if !found {
		return
	}
	body := append([]item(nil), c.items[start:]...)
	c.items = c.items[:start]
	for _, it := range body {
		if it.kind != itemMiddle {
			c.items = append(c.items, it)
			continue
		}
		s := len(c.items)
		c.delimiterWidth(it.delim, 0, h, it.size, it.w)
		shiftItems(c.items[s:], it.x, it.y)
	}
}

func (c *layoutCtx) bigDelim(n *bigDelim, st style) box {
	return c.delimiter(n.delim, 0, n.height*st.size, st.size)
}

// matrix lays out the cells in a grid (text style, struts of 0.7 and 0.3
// em per row as in TeX's arrays), centred on the axis, between sized
// delimiters.
func (c *layoutCtx) matrix(n *matrix, st style) box {
	e := st.size
	cell := style{size: e, script: st.script}
	if n.small {
		cell = c.scriptStyle(st)
	}
	ce := cell.size
	cols := 0
	for _, r := range n.rows {
		cols = max(cols, len(r))
	}
	type placed struct {
		start, end int
		b          box
	}
	cells := make([][]placed, len(n.rows))
	colW := make([]float64, cols)
	rowAsc := make([]float64, len(n.rows))
	rowDesc := make([]float64, len(n.rows))
	for i, r := range n.rows {
		cells[i] = make([]placed, len(r))
		rowAsc[i], rowDesc[i] = 0.7*ce, 0.3*ce
		for j, cl := range r {
			s := len(c.items)
			var b box
			if g, ok := cl.(*group); ok {
				b = c.row(g.items, cell, n.align == alignRL && j%2 == 1)
			} else {
				b = c.layout(cl, cell)
			}
			cells[i][j] = placed{s, len(c.items), b}
			colW[j] = math.Max(colW[j], b.w)
			rowAsc[i], rowDesc[i] = math.Max(rowAsc[i], b.asc), math.Max(rowDesc[i], b.desc)
		}
	}
	rowGap := 0.2 * ce
	total := 0.0
	for i := range n.rows {
		total += rowAsc[i] + rowDesc[i]
	}
	total += rowGap * float64(max(len(n.rows)-1, 0))
	a := axisHeight * e
	top := -a - total/2

	colGap := func(j int) float64 { // space before column j
		if j == 0 {
			return 0
		}
		if n.align == alignRL {
			if j%2 == 1 {
				return 0
			}
			return 2 * ce
		}
		return 1.0 * ce
	}
	pad := 0.12 * e
	if n.open == delimNone {
		pad = 0
	}
	open := c.delimiter(n.open, 0, total+0.2*e, e)
	x := open.w + pad
	colX := make([]float64, cols)
	for j := range colX {
		x += colGap(j)
		colX[j] = x
		x += colW[j]
	}
	y := top
	for i, r := range cells {
		y += rowAsc[i]
		for j, p := range r {
			dx := colX[j] + (colW[j]-p.b.w)/2
			switch {
			case n.align == alignLeft, n.align == alignRL && j%2 == 1:
				dx = colX[j]
			case n.align == alignRL:
				dx = colX[j] + colW[j] - p.b.w
			}
			shiftItems(c.items[p.start:p.end], dx, y)
		}
		y += rowDesc[i] + rowGap
	}
	if n.close != delimNone {
		x += pad
	}
	closeStart := len(c.items)
	cl := c.delimiter(n.close, 0, total+0.2*e, e)
	shiftItems(c.items[closeStart:], x, 0)
	return box{
		w:    x + cl.w,
		asc:  math.Max(a+total/2, math.Max(open.asc, cl.asc)),
		desc: math.Max(total/2-a, math.Max(open.desc, cl.desc)),
	}
}

// Item helpers: each appends one drawing item in the current node's
// coordinates.

func (c *layoutCtx) hrule(x, y, w, thickness float64) {
	c.items = append(c.items, item{kind: itemHRule, x: x, y: y, w: w, h: thickness})
}

func (c *layoutCtx) vrule(x, y, h, thickness float64) {
	c.items = append(c.items, item{kind: itemVRule, x: x, y: y, w: thickness, h: h})
}

func (c *layoutCtx) line(x1, y1, x2, y2, width float64) {
	c.items = append(c.items, item{kind: itemLine, x: x1, y: y1, x2: x2, y2: y2, w: width})
}

// poly adds a polyline; its x, y are the first point (so shifting and
// bounds treat it like the other items).
func (c *layoutCtx) poly(width float64, pts ...viz.Point) {
	c.items = append(c.items, item{kind: itemPolyline, w: width, pts: append([]viz.Point(nil), pts...)})
}

func (c *layoutCtx) dot(x, y, r float64) {
	c.items = append(c.items, item{kind: itemDot, x: x, y: y, w: r})
}

func (c *layoutCtx) text(x, y float64, s string, size float64) float64 {
	w := c.m.TextWidth(s, size)
	c.items = append(c.items, item{kind: itemText, x: x, y: y, text: s, size: size, w: w})
	return w
}

// mergeTextRuns joins text items that continue each other (same size,
// baseline and colour, the second starting where the first ends) into one
// Canvas call: fewer calls per frame and one label per word in backends
// that cache labels. Runs never merge across segment boundaries.
func mergeTextRuns(items []item, segs []segment) ([]item, []segment) {
	out := items[:0]
	si := 0
	for i := range items {
		for si < len(segs) && segs[si].end <= i {
			segs[si].end = len(out)
			si++
		}
		it := items[i]
		if k := len(out) - 1; k >= 0 && it.kind == itemText && out[k].kind == itemText &&
			out[k].size == it.size && out[k].y == it.y && out[k].muted == it.muted &&
			math.Abs(out[k].x+out[k].w-it.x) < 1e-9 && (si == 0 || segs[si-1].end < len(out)) {
			out[k].text += it.text
			out[k].w += it.w
			continue
		}
		out = append(out, it)
	}
	for ; si < len(segs); si++ {
		segs[si].end = len(out)
	}
	return out, segs
}
