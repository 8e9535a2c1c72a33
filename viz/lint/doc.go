// Package lint is the layout lint: a Recorder is a viz.Canvas that draws
// nothing and remembers every text box, panel and opaque fill of a frame;
// Check then reports text that overlaps other text, text that leaves its
// panel or the canvas (or is partly painted over), and text below the
// minimum size. The contract tests run it over every scene at several
// sizes, and the page exposes it as dlviz.lint().
//
// A text box is the advance width of the string by its glyphs' ink above
// and below the baseline (viz/tex's InkExtent), so lines set at
// viz.LineHeight never touch and a subscript does not collide with the
// line box of its base. A text's panel is the innermost panel
// declared before it that contains its starting point.
//
// Test: go test ./viz/lint/
package lint
