// Package tex typesets a TeX subset on viz.Canvas: sub- and superscripts,
// fractions, roots, Greek, hats and bars, sized delimiters and small
// matrices, so that formulas read as formulas rather than as x_{t-1} or
// √(1−ā_t). It also wraps rich text: plain text with $inline$ and
// $$display$$ formulas, a replacement for viz.WrapText in captions.
//
// It imports only the standard library and dlprep/viz, never a font
// package or ebiten: it measures through viz.Measurer and draws through
// viz.Canvas, so it works on every backend and a recording canvas (the
// layout lint) sees every glyph run with its true size.
//
// # Use
//
//	e, err := tex.Parse(`\hat{x}_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon}{\sqrt{\bar\alpha_t}}`)
//	l := e.Layout(canvas, 16)              // Box: Width, Ascent, Descent
//	l.Draw(canvas, x, baseline, viz.Ink)   // allocation-free, reusable
//
// Per-frame code keeps the Layout, or uses a Cache keyed by source, size
// and options (after the first frame a draw parses, measures and
// allocates nothing):
//
//	var formulas tex.Cache
//	box := formulas.Draw(c, `x_{t-1}`, x, baseline, 14, viz.Ink)
//
// Captions use a Paragraph, cached like viz.TextBlock:
//
//	var caption tex.Paragraph
//	h := caption.Draw(c, rect, `The pitfall uses $\bar\alpha_t$ where $\alpha_t$ belongs.`, 14, viz.Ink)
//
// Text that is not written for this package (URL values, error messages)
// goes through EscapeText so a "$" stays a dollar. Wrap returns the lines
// for callers that place them themselves; rich.go says how lines break:
// at spaces, never inside a formula that fits; a formula wider than the
// line after its top-level relations and operators (as TeX does), then
// between atoms, and a single atom still too wide is scaled down to fit on
// a line of its own; a word wider than the line between characters.
//
// # The TeX subset
//
// Scripts x_{t-1}, x^2, x_i^2, primes f'(x); \frac \dfrac \tfrac \binom;
// \sqrt and \sqrt[n]; accents \hat \widehat \bar \overline \underline
// \tilde \widetilde \vec \overrightarrow \dot \ddot \check; Greek
// (\alpha ... \omega, \Gamma \Delta \Theta \Lambda \Xi \Pi \Sigma \Upsilon
// \Phi \Psi \Omega); operators and relations (\cdot \times \odot \otimes
// \oplus \pm \le \ge \ne \approx \equiv \sim \propto \in \notin \subset
// \to \leftarrow \mapsto \Rightarrow \iff ...); \sum \prod \int \bigcup
// \bigcap with limits above and below in display style; \log \exp \max
// \min \lim \det ... and \operatorname{...}; \infty \partial \nabla \top
// \forall \exists \emptyset \ldots \cdots \vdots \ddots \|; \left ...
// \middle ... \right with ( [ \{ | \| \langle \lceil \lfloor and ".";
// \big \Big \bigg \Bigg; matrix, pmatrix, bmatrix, Bmatrix, vmatrix,
// Vmatrix, smallmatrix, cases, aligned; \text \mathrm \operatorname
// \mathbb; \overset \underset \stackrel \not \phantom; spacing \, \: \;
// \! \quad \qquad "\ " ~; \displaystyle \textstyle \scriptstyle.
// Unicode math characters typed directly (α, ⊙, ∈, ℝ) work too.
//
// Anything else never panics: Parse returns an Expr that draws what it
// understood, with unknown commands shown literally at reduced opacity,
// and an *Error listing each problem with its byte offset and the source.
//
// # Sizes
//
// Scripts, fraction parts in text style and limits are drawn at
// max(ScriptScale × size, MinScriptSize), never larger than their base:
// the product requires text of at least 12 CSS px on desktop and 11 on
// phones (Options.MinScriptSize; DefaultMinScriptSize is 12,
// DefaultScriptScale 0.78). Nested scripts clamp at the floor too. The one
// exception is a single formula atom too wide for its line in rich text,
// scaled down to fit (the lint then reports it).
//
// # Glyphs
//
// The backends render Go Regular only. It has Greek and many operators
// but not ⊙ ⊗ ⊕ ∘ ∓ ∧ ∨ ∝ ∈ ∉ ⊂ ⊆ ⇒ ⇔ ↦ ∇ ∀ ∃ ∅ ⊤ ⊥ ⋯ ⋮ ⋱ ⟨ ⟩ ⌈ ⌉ ⌊ ⌋
// ℝ ‖, and its glyphs cannot grow: those symbols, the radical sign, tall
// delimiters, rules and accents are drawn as strokes (shapes.go).
// TestSymbolGlyphsExist checks that every character drawn as text is in
// the font and every one drawn as strokes is not. Glyph runs are drawn
// with Canvas.Text; strokes with FillRect (rules snapped to device pixels),
// Line, Polyline and FillCircle (dots).
//
// Vertical metrics come from extents_table.go, the ink bounds of every
// character in Go Regular, generated from the font by a test. InkExtent
// exposes them: the glyph runs of a formula are placed so that their ink
// boxes do not overlap, which a layout lint can check, while their font
// line boxes (ascent 0.945 em, descent 0.211 em) would.
//
// # Size cost
//
// Measured with Go 1.26, GOOS=js GOARCH=wasm go build -trimpath
// -ldflags="-s -w", gzip -9, tiny mains that call the code so the linker
// keeps it (base: viz plus Go Regular through opentype, which the app links
// anyway):
//
//	                                          raw bytes    gzip bytes
//	empty main                                1,799,493       540,522
//	base                                      3,152,875       910,428
//	base + viz/tex (Cache, Paragraph)         3,613,084     1,031,464   +460 kB raw, +121 kB gzip
//	base + go-latex (mtex.Parse, ttf, Ship)   4,300,576     1,282,189  +1148 kB raw, +372 kB gzip
//	go-latex mtex.Render to PNG (drawimg, gg) 5,183,423     1,511,945  +3384 kB raw, +971 kB gzip over empty
//
// go-latex's layout alone costs three times as much (its TrueType backend
// links Go Bold, Italic and Bold Italic, and its symbol tables), still
// needs a drawing walker onto viz.Canvas, and lays out with fonts the
// backends cannot draw. Hence this package.
//
// # Limitations
//
// One upright font: variables are not italic, and \mathbf, \boldsymbol,
// \mathcal, \mathfrak draw plain letters. \mathbb adds a second stem only
// to B D E F H I K L N P R (and ℝ ℕ 𝔼 typed directly). ϵ ϑ ϕ ϖ share
// glyphs with ε θ φ π. Not supported: \color, \hspace, \substack,
// \underbrace, \overbrace, \tag, array column specs (columns are centred),
// \iint, \oint, \longmapsto. Layouts are for the metrics of the Measurer
// they were made with (all dlprep backends draw Go Regular); a Cache or
// Layout must not be used from two goroutines at once.
//
// # Tests
//
//	go test ./viz/tex/
//	go test ./viz/tex/ -run 'Golden|GlyphExtents' -regen   # rewrite testdata/*_golden.png and extents_table.go
//	go test ./viz/tex/ -run XXX -fuzz FuzzParse -fuzztime 60s
//	go test ./viz/tex/ -run XXX -fuzz FuzzWrap -fuzztime 60s
package tex
