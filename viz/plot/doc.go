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
// to the WASM download (README gives the sizes of both modules).
//
// The browser still gets gonum/plot's pictures: wasm/main.go installs a
// Remote (SetRemote) that sends each Spec, as JSON (AppendSpecJSON), to a
// Web Worker running a second WASM module (wasm/plotworker, built with
// -tags gonumplot, fetched only after the first frame) which draws it with
// RenderGonum, the same code the native build uses. Figure.Render draws
// with the light renderer at once, so no frame waits, and swaps in the
// worker's pixels and data area on a later call if the version, size and
// scale still match; a stale or failed reply leaves the light rendering.
//
// plot must never import ebiten or syscall/js. Test with
// `go test ./viz/plot/` (the Remote exchange runs there with a fake
// remote) and `make test-viz-wasm` for the js build.
package plot
