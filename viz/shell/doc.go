// Package shell is the visualizer's app shell as a plain model: the scene
// menu grouped by family, the parameter panel built from a scene's Params,
// presets, play/pause/step/reset, keyboard shortcuts, the text panel and
// readout, and a visible error banner. It draws only through viz.Canvas and
// takes input as abstract Events, so every interaction is tested with plain
// `go test ./viz/shell/` against the raster backend.
//
// The backends drive it: viz/ebitenview (desktop and browser) turns mouse,
// touch and keys into Events and calls Update, Draw and Layout each frame;
// cmd/dlprep render calls them headlessly. The browser page (wasm/) reads
// State, Query, Mirror and Stats and listens with OnChange.
//
// shell must never import ebiten or any other backend.
package shell
