package tex

// symbol is what a command without arguments stands for: characters from
// the font, or a vector shape for the characters Go Regular lacks (see
// shapes.go; TestSymbolGlyphsExist checks every text here against the font).
type symbol struct {
	text  string
	shape shapeKind
	cls   atomClass
}

func ord(s string) symbol { return symbol{text: s, cls: classOrd} }
func bin(s string) symbol { return symbol{text: s, cls: classBin} }
func rel(s string) symbol { return symbol{text: s, cls: classRel} }

// symbols maps command names (without the backslash) to symbols.
var symbols = map[string]symbol{
	// Greek. Go Regular lacks the lunate ϵ, ϑ, ϕ and ϖ: the variants share
	// a glyph with their ordinary forms.
	"alpha": ord("α"), "beta": ord("β"), "gamma": ord("γ"), "delta": ord("δ"),
	"epsilon": ord("ε"), "varepsilon": ord("ε"), "zeta": ord("ζ"), "eta": ord("η"),
	"theta": ord("θ"), "vartheta": ord("θ"), "iota": ord("ι"), "kappa": ord("κ"),
	"lambda": ord("λ"), "mu": ord("μ"), "nu": ord("ν"), "xi": ord("ξ"),
	"omicron": ord("ο"), "pi": ord("π"), "varpi": ord("π"), "rho": ord("ρ"),
	"varrho": ord("ρ"), "sigma": ord("σ"), "varsigma": ord("ς"), "tau": ord("τ"),
	"upsilon": ord("υ"), "phi": ord("φ"), "varphi": ord("φ"), "chi": ord("χ"),
	"psi": ord("ψ"), "omega": ord("ω"),
	"Gamma": ord("Γ"), "Delta": ord("Δ"), "Theta": ord("Θ"), "Lambda": ord("Λ"),
	"Xi": ord("Ξ"), "Pi": ord("Π"), "Sigma": ord("Σ"), "Upsilon": ord("Υ"),
	"Phi": ord("Φ"), "Psi": ord("Ψ"), "Omega": ord("Ω"),

	// Binary operators.
	"cdot": bin("·"), "times": bin("×"), "div": bin("÷"), "pm": bin("±"),
	"ast": bin("*"), "star": bin("*"), "bullet": bin("•"), "cup": bin("∪"), "cap": bin("∩"),
	"setminus": bin("\\"), "dagger": bin("†"), "ddagger": bin("‡"),
	"mp":   {shape: shapeMp, cls: classBin},
	"circ": {shape: shapeCirc, cls: classBin}, "odot": {shape: shapeOdot, cls: classBin},
	"otimes": {shape: shapeOtimes, cls: classBin}, "oplus": {shape: shapeOplus, cls: classBin},
	"ominus": {shape: shapeOminus, cls: classBin},
	"wedge":  {shape: shapeWedge, cls: classBin}, "land": {shape: shapeWedge, cls: classBin},
	"vee": {shape: shapeVee, cls: classBin}, "lor": {shape: shapeVee, cls: classBin},

	// Relations.
	"le": rel("≤"), "leq": rel("≤"), "leqslant": rel("≤"), "ge": rel("≥"),
	"geq": rel("≥"), "geqslant": rel("≥"), "ne": rel("≠"), "neq": rel("≠"),
	"approx": rel("≈"), "equiv": rel("≡"), "sim": rel("~"), "to": rel("→"),
	"rightarrow": rel("→"), "longrightarrow": rel("→"), "leftarrow": rel("←"),
	"longleftarrow": rel("←"), "gets": rel("←"), "leftrightarrow": rel("↔"),
	"uparrow": rel("↑"), "downarrow": rel("↓"), "mid": rel("|"), "parallel": rel("||"),
	"coloneqq": rel(":="),
	"propto":   {shape: shapePropto, cls: classRel}, "in": {shape: shapeIn, cls: classRel},
	"notin": {shape: shapeNotin, cls: classRel}, "subset": {shape: shapeSubset, cls: classRel},
	"subseteq": {shape: shapeSubseteq, cls: classRel}, "supset": {shape: shapeSupset, cls: classRel},
	"supseteq":   {shape: shapeSupseteq, cls: classRel},
	"Rightarrow": {shape: shapeImplies, cls: classRel}, "implies": {shape: shapeImplies, cls: classRel},
	"Leftarrow": {shape: shapeImpliedBy, cls: classRel}, "impliedby": {shape: shapeImpliedBy, cls: classRel},
	"Leftrightarrow": {shape: shapeIff, cls: classRel}, "iff": {shape: shapeIff, cls: classRel},
	"mapsto": {shape: shapeMapsto, cls: classRel}, "perp": {shape: shapeBot, cls: classRel},

	// Ordinary symbols.
	"infty": ord("∞"), "partial": ord("∂"), "ell": ord("ℓ"), "hbar": ord("ħ"),
	"prime": ord("′"), "ldots": ord("…"), "dots": ord("…"), "neg": ord("¬"),
	"lnot": ord("¬"), "surd": ord("√"), "degree": ord("°"), "S": ord("§"),
	"backslash": ord("\\"), "|": ord("||"), "Vert": ord("||"), "vert": ord("|"),
	"%": ord("%"), "#": ord("#"), "&": ord("&"), "_": ord("_"), "$": ord("$"),
	"{": {text: "{", cls: classOpen}, "}": {text: "}", cls: classClose},
	"lbrace": {text: "{", cls: classOpen}, "rbrace": {text: "}", cls: classClose},
	"lvert": {text: "|", cls: classOpen}, "rvert": {text: "|", cls: classClose},
	"lVert": {text: "||", cls: classOpen}, "rVert": {text: "||", cls: classClose},
	"colon": {text: ":", cls: classPunct},
	"nabla": {shape: shapeNabla, cls: classOrd}, "forall": {shape: shapeForall, cls: classOrd},
	"exists": {shape: shapeExists, cls: classOrd}, "emptyset": {shape: shapeEmptyset, cls: classOrd},
	"varnothing": {shape: shapeEmptyset, cls: classOrd}, "top": {shape: shapeTop, cls: classOrd},
	"bot": {shape: shapeBot, cls: classOrd}, "cdots": {shape: shapeCdots, cls: classInner},
	"vdots": {shape: shapeVdots, cls: classOrd}, "ddots": {shape: shapeDdots, cls: classInner},
	"langle": {shape: shapeLangle, cls: classOpen}, "rangle": {shape: shapeRangle, cls: classClose},
	"lceil": {shape: shapeLceil, cls: classOpen}, "rceil": {shape: shapeRceil, cls: classClose},
	"lfloor": {shape: shapeLfloor, cls: classOpen}, "rfloor": {shape: shapeRfloor, cls: classClose},
}

// largeOps are the operators drawn larger than the text around them.
// limits: scripts go above and below in display style (\int keeps them at
// the side, as in TeX).
var largeOps = map[string]struct {
	text   string
	limits bool
}{
	"sum": {"∑", true}, "prod": {"∏", true}, "int": {"∫", false},
	"bigcup": {"∪", true}, "bigcap": {"∩", true},
}

// namedOps are operator names set upright with operator spacing; true
// means scripts go above and below in display style.
var namedOps = map[string]bool{
	"log": false, "ln": false, "lg": false, "exp": false, "sin": false, "cos": false,
	"tan": false, "cot": false, "sec": false, "csc": false, "sinh": false,
	"cosh": false, "tanh": false, "coth": false, "arcsin": false, "arccos": false,
	"arctan": false, "arg": false, "deg": false, "det": true, "dim": false,
	"ker": false, "hom": false, "gcd": true, "lim": true, "liminf": true,
	"limsup": true, "max": true, "min": true, "sup": true, "inf": true, "Pr": true,
	// Not LaTeX, but written so often in ML papers that rendering them
	// literally as unknown would be unhelpful.
	"argmax": true, "argmin": true,
}

// namedOpText spells the operators whose names differ from their commands.
var namedOpText = map[string]string{
	"liminf": "lim inf", "limsup": "lim sup", "argmax": "arg max", "argmin": "arg min",
}

// accents maps accent commands to their kinds.
var accents = map[string]accentKind{
	"hat": accentHat, "widehat": accentWideHat, "check": accentCheck,
	"bar": accentBar, "overline": accentOverline, "underline": accentUnderline,
	"tilde": accentTilde, "widetilde": accentWideTilde, "vec": accentVec,
	"overrightarrow": accentOverArrow, "dot": accentDot, "ddot": accentDDot,
}

// spaces maps spacing commands to their widths in em (a thin space is
// 3/18 em, a medium one 4/18, a thick one 5/18, as in TeX).
var spaces = map[string]float64{
	",": 3.0 / 18, "thinspace": 3.0 / 18, ":": 4.0 / 18, ">": 4.0 / 18,
	"medspace": 4.0 / 18, ";": 5.0 / 18, "thickspace": 5.0 / 18,
	"!": -3.0 / 18, "negthinspace": -3.0 / 18, "quad": 1, "qquad": 2,
	" ": interwordSpace, "enspace": 0.5,
}

// interwordSpace is the width of a space in text, in em (Go Regular's
// space advance).
const interwordSpace = 0.278

// fontStyles are the font commands. Only Go Regular is available to the
// backends, so they change nothing but are accepted; \mathbb draws a
// second stem on letters that have one (shapes.go).
var fontStyles = map[string]bool{
	"mathrm": true, "mathit": true, "mathbf": true, "mathsf": true, "mathtt": true,
	"mathcal": true, "mathscr": true, "mathfrak": true, "mathnormal": true,
	"boldsymbol": true, "bm": true, "mathbb": true,
}

// textCommands take their argument as text: spaces are kept.
var textCommands = map[string]bool{
	"text": true, "textrm": true, "textup": true, "textnormal": true, "textit": true,
	"textbf": true, "textsf": true, "texttt": true, "mbox": true, "hbox": true,
}

// classOverrides are \mathbin{...} and friends.
var classOverrides = map[string]atomClass{
	"mathord": classOrd, "mathbin": classBin, "mathrel": classRel,
	"mathopen": classOpen, "mathclose": classClose, "mathpunct": classPunct,
	"mathinner": classInner,
}

// bigSizes are the heights of \big, \Big, \bigg, \Bigg delimiters in em.
var bigSizes = map[string]float64{"big": 1.2, "Big": 1.8, "bigg": 2.4, "Bigg": 3.0}

// delimNames maps the commands allowed after \left, \right, \middle and
// \big to delimiters.
var delimNames = map[string]delimKind{
	"{": delimLbrace, "}": delimRbrace, "lbrace": delimLbrace, "rbrace": delimRbrace,
	"|": delimDvert, "Vert": delimDvert, "lVert": delimDvert, "rVert": delimDvert,
	"vert": delimVert, "lvert": delimVert, "rvert": delimVert, "mid": delimVert,
	"langle": delimLangle, "rangle": delimRangle, "lceil": delimLceil,
	"rceil": delimRceil, "lfloor": delimLfloor, "rfloor": delimRfloor,
	"lbrack": delimLbrack, "rbrack": delimRbrack, "backslash": delimBackslash,
}

// delimChars are the characters allowed after \left and friends.
var delimChars = map[byte]delimKind{
	'(': delimLparen, ')': delimRparen, '[': delimLbrack, ']': delimRbrack,
	'|': delimVert, '.': delimNone, '/': delimSlash, '<': delimLangle, '>': delimRangle,
}

// charClass is the class of a character typed directly in math mode.
func charClass(r rune) atomClass {
	switch r {
	case '+', '-', '*', '−', '±', '×', '÷', '·':
		return classBin
	case '=', '<', '>', ':', '≤', '≥', '≠', '≈', '≡', '→', '←', '↔':
		return classRel
	case ',', ';':
		return classPunct
	case '(', '[':
		return classOpen
	case ')', ']', '!', '?':
		return classClose
	}
	return classOrd
}

// charText is what a character typed in math mode draws: a hyphen is a
// minus sign in math.
func charText(r rune) string {
	if r == '-' {
		return "−"
	}
	return string(r)
}
