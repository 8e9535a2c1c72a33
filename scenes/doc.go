// Package scenes is the visualizer's catalogue: one view per interview
// problem, each a plain Go model that reads what it shows from core and
// draws it on a viz.Canvas through the contract of viz/scene. Scenes never
// import ebiten, so `go test ./scenes/` checks what each shows against
// what core computes, with no display.
//
// # Adding a view
//
// One file, one line in the catalogue, one test:
//
//  1. A file (say window.go) with an unexported type implementing
//     scene.Scene: Info (the problem's number; title and statement from
//     core/problems), Params, Reset (all heavy work, from core: a trace of
//     the op, as attention.MHSATrace or diffusion.FlowCondTrace, never the
//     scene's own maths), Timeline (at least 3 steps, each with a stage, a
//     caption on the figure saying what to look at, the tensor shapes in
//     view, and seconds), and Draw (a function of the Frame: the same step
//     and Frac always draw the same picture). Add Inspector (every mark
//     answers with a value, its index, its tensor's shape and the core
//     function), Readouter, Presetter, Pointer and Applier as they apply.
//  2. A line in All (catalogue.go).
//  3. A test file that ties every stage's values to core (the production
//     op, not only the trace the view reads), and checks the pitfall shows.
//
// The contract tests (contract_test.go) then check the new view with the
// others: a complete declaration, Play that moves the picture within 2 s,
// the layout lint at 1280×800, 1920×1080, 1024×768 and 390×844 at the
// defaults, each preset, mid-timeline and the end, every string drawable
// by the font, every mark inspectable, and survival at any size.
//
// # Conventions
//
//   - Draw with the kit (kit.go): titled tensors with their shapes, heat
//     maps with labelled axes, a colour scale and grid marks, legends
//     outside the data. Text is at least kitSmall (12 px), measured before
//     it is placed; what does not fit is shortened with the whole in an
//     Inspection, wrapped, or left to the tooltip.
//   - A problem with catalogued mistakes (core/mistakes) has the "pitfall"
//     choice (scene.PitfallParam), computed by the mistakes function, drawn
//     beside or over the right version from the same input with its own
//     numbers, and chosen by default inputs where its effect shows at once.
//   - Captions and formulas may hold math: between dollar signs in
//     captions, the whole of Info.Formula (a TeX subset, see viz/tex).
//   - Errors are returned by Reset; the app shows them and keeps the last
//     good view.
//   - Per-frame drawing allocates little (WASM has a slow GC): build
//     bitmaps and strings in Reset, or once per step.
//
// Test: go test ./scenes/ (golden images: -run Golden -regen rewrites them).
package scenes
