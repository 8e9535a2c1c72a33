// Command wasm is the browser build of the visualizer (GOOS=js
// GOARCH=wasm; `make wasm` puts it in site/dlprep.wasm). It is thin: it
// builds the viz/shell app from the page's URL, installs the window.dlviz
// API, keeps the URL and the page's text mirror in step with the app, and
// runs viz/ebitenview.
//
// The JS API, for tests and for anyone linking to or scripting a view:
//
//	dlviz.scenes()          [{id, title, family, problems, params}] in menu
//	                        order; params [{name, label, kind, min, max,
//	                        step, default, choices}]
//	dlviz.show(id, params)  switch scene; params {name: value}; returns
//	                        null, or the banner's message if something was
//	                        wrong (the app then shows a working view)
//	dlviz.state()           {scene, params, step, playing}
//	dlviz.stats()           {firstFrameMs, frames, workMsP50, workMsP95,
//	                        plotWorker (idle, waiting, loading, ready,
//	                        failed), plotWorkerStartedAt, plotWorkerReadyAt
//	                        (performance.now() ms or null),
//	                        plotWorkerBytes (what the worker downloaded),
//	                        plotRemoteDelivered, plotRemoteRenders (gonum
//	                        renderings shown), plotRemoteStale,
//	                        plotRemoteFailed, plotRemoteLastMs}
//	dlviz.mirror()          the text mirror: {title, problems, statement,
//	                        formula, lookFor, params, progress, readout, error}
//	dlviz.query()           the current view as a URL query (no "?")
//	dlviz.target(name)      where a control is drawn, {x, y, w, h} in CSS
//	                        pixels, or null off screen; names as in
//	                        shell.App.Target ("menu:nms", "button:play", ...)
//
// It must not import anything heavy that the first frame does not need
// (gonum/plot links PDF, SVG and twelve fonts: megabytes over the wire).
// Plots get gonum/plot's pictures from a second module, wasm/plotworker,
// run in a Web Worker that plotremote.go starts after the first frame.
// It has no tests of its own: e2e/ drives it in headless Chromium.
package main
