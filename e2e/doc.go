// Package e2e tests the browser build end to end: it builds the site (the
// WASM module, wasm_exec.js, index.html, precompressed variants), serves it
// with the web package on a free loopback port, and drives a real headless
// Chromium through the Chrome DevTools Protocol (chromedp): the page loads,
// the first frame comes, the menu and keys change the view, links round-trip
// through the URL, a bad link shows a message and still draws, and the
// screenshot is not blank. plot_test.go checks the plot worker: gonum/plot
// renderings replace the light ones after the first frame, and without the
// worker the plots stay light.
//
// The tests need Chromium (Debian: apt-get install chromium; `make deps`
// installs it) and run only with DLPREP_E2E=1, so `go test ./...` stays free
// of browsers and displays. With DLPREP_E2E=1 a missing Chromium fails the
// run. `make test-e2e` runs them.
//
// Environment:
//
//	DLPREP_E2E=1          run the tests
//	DLPREP_SITE=dir       use a prebuilt site (make wasm) instead of building one
//	DLPREP_CHROMIUM=path  the browser binary (default /usr/lib/chromium/chromium)
//	DLPREP_E2E_OUT=dir    keep the screenshots there
//	DLPREP_E2E_PERF=n     also time n cold loads, each in a fresh browser
//
// This package has no non-test code and must not be imported.
package e2e
