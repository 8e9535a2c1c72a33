// Command wasm is the browser build of the visualizer (GOOS=js
// GOARCH=wasm; `make wasm` puts it in site/dlprep.wasm). It is thin: it
// builds the viz/shell app from the page's URL, installs the window.dlviz
// API, keeps the URL and the page's text mirror in step with the app, and
// runs viz/ebitenview.
//
// The JS API, for tests and for anyone linking to or scripting a view:
//
//	dlviz.scenes()          [{id, problem, title, family, params, presets}]
//	                        in menu order; params [{name, label, kind, min,
//	                        max, step, default, choices}]; presets [{name,
//	                        params}] with params as URL text
//	dlviz.show(id, params)  open a problem ("004") or a scene id ("nms");
//	                        params {name: value}, "step" included; returns
//	                        null, or the banner's message if something was
//	                        wrong (the app then shows a working view)
//	dlviz.state()           {scene, problem, params, step, steps, time,
//	                        duration, playing, loop, speed, quiz: {active,
//	                        seed, answered, correct, right, total}}: the
//	                        playhead in simulated seconds, 0-based step of
//	                        steps; the quiz round and the problem's score
//	dlviz.seek(k)           pause at step k; dlviz.play(on) plays or pauses
//	dlviz.lint()            the layout lint of the current view: {overlaps,
//	                        clipped, tooSmall, details}
//	dlviz.stats()           {firstFrameMs, frames, workMsP50, workMsP95,
//	                        plotWorker (idle, waiting, loading, ready,
//	                        failed), plotWorkerStartedAt, plotWorkerReadyAt
//	                        (performance.now() ms or null),
//	                        plotWorkerBytes (what the worker downloaded),
//	                        plotRemoteDelivered, plotRemoteRenders (gonum
//	                        renderings shown), plotRemoteStale,
//	                        plotRemoteFailed, plotRemoteLastMs}
//	dlviz.resetStats()      forget the frame times so far
//	dlviz.mirror()          the text mirror: {title, problem, statement,
//	                        formula, lookFor, params, progress, caption,
//	                        shapes, readout, focus, error}
//	dlviz.query()           the current view as a URL query (no "?")
//	dlviz.target(name)      where a control is drawn, {x, y, w, h} in CSS
//	                        pixels, or null off screen; names as in
//	                        shell.App.Target ("menu:007", "button:play", ...)
//
// It must not import anything heavy that the first frame does not need
// (gonum/plot links PDF, SVG and twelve fonts: megabytes over the wire).
// Plots get gonum/plot's pictures from a second module, wasm/plotworker,
// run in a Web Worker that plotremote.go starts after the first frame.
// It has no tests of its own: e2e/ drives it in headless Chromium.
package main
