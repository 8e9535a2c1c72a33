// Package scene is the contract between the visualizer's app (viz/shell)
// and the views that explain the problems (package scenes). It lives in
// viz, as ebiten's Game lives in ebiten and gonum/plot's Plotter in plot:
// the engine owns the contract, and the engine never imports what plugs
// into it. A test keeps every viz package free of dlprep/scenes and
// dlprep/core.
//
// A Scene declares its parameters, recomputes everything in Reset, and
// draws one frame for a playhead. Time belongs to the app: a scene declares
// a Timeline (named stages or steps, each with a duration in seconds) and
// draws whatever Frame the app hands it, so play, pause, step back and
// forward, scrubbing, speed and looping work the same in every scene, and
// progress depends on elapsed time, never on how many frames were drawn.
//
// While it draws, a scene marks what can be inspected (Frame.Grid,
// Frame.Box, Frame.Dot). The app turns those marks into hover tooltips, a
// keyboard cursor and the text mirror, asking the scene's Inspector what
// lies under a point: its value, index, tensor shape and the core function
// that computed it. Frame.Focus tells the scene what is hovered, so it can
// highlight what is linked to it in its other panels.
//
// Optional capabilities are found by type assertion, as ebiten finds
// LayoutFer and gonum/plot finds DataRanger: Presetter, Readouter,
// Inspector, Pointer, Applier.
//
// Conventions every view follows:
//   - A view whose problem has catalogued mistakes has a Choice parameter
//     named "pitfall" whose choices are "none" followed by the mistake ids
//     (core/mistakes); the wrong version is drawn beside or over the right
//     one from the same input, with its own numbers.
//   - Text is at least MinTextSize logical pixels, measured before it is
//     placed; a view that runs out of room wraps, shortens (with the full
//     text in an Inspection) or scrolls, never clips or overprints.
//   - Reset returns an error for values it cannot show; the app keeps the
//     last good view and says why. Scenes never draw their own errors.
//
// Test: go test ./viz/scene/
package scene
