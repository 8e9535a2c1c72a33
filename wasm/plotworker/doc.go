// Command plotworker is the browser's second WebAssembly module: gonum/plot,
// run in a dedicated Web Worker (web/static/plotworker.js), so plots in the
// browser are real gonum/plot renderings while the main module (wasm/)
// stays small enough for a fast first frame. gonum/plot links all of its
// output backends and twelve fonts, about +9.7 MB raw / +3.6 MB gzip, which
// the first frame never needs.
//
// Build: GOOS=js GOARCH=wasm go build -tags gonumplot -trimpath
// -ldflags="-s -w" -o site/plotworker.wasm ./wasm/plotworker (`make wasm`
// does). Without the tag, or for the host, main only explains itself.
//
// The worker script loads wasm_exec.js and this module, which defines
// self.dlplotRender(specJSON, w, h, scale) and calls self.dlplotReady().
// dlplotRender decodes the spec (viz/plot's AppendSpecJSON format), draws it
// with plot.RenderGonum, the code the native build uses, and returns
// {width, height, pixels: Uint8Array (RGBA, premultiplied), area: {x, y, w,
// h}} (the data area in pixels) or {error}. The main module's side is
// wasm/plotremote.go.
//
// It must import nothing but viz, viz/plot and the standard library. It has no
// tests of its own: viz/plot tests RenderGonum natively, and e2e/ checks
// that the browser shows the worker's renderings.
package main
