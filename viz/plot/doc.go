// Package plot draws line plots into a viz.Bitmap that scenes place with
// Canvas.Image. A Figure caches its bitmap and redraws only when the
// caller's version number, the size or the device scale change: a 600x400
// gonum plot costs 3-4 ms natively and ~17 ms under WASM, far too much to
// redo per frame.
//
// Two renderers sit behind the same API. Natively (and under GOOS=js with
// -tags gonumplot) it is gonum.org/v1/plot with vg/vgimg. Under GOOS=js by
// default it is a small built-in renderer on viz/raster: gonum/plot links
// all of its output backends and 12 Liberation fonts, which add several MB
// to the WASM download (see the numbers in README/the H6 report).
//
// plot must never import ebiten. Test with `go test ./viz/plot/` (and
// `GOOS=js GOARCH=wasm go vet ./viz/plot/` for the js build).
package plot
