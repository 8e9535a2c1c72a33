// Package ebitenview runs the visualizer with ebiten, natively (desktop)
// and in the browser (WebAssembly): a viz.Canvas on *ebiten.Image, a
// Game that turns mouse, touch and keyboard input into shell Events, and
// Run. It is the only package that imports ebiten; it stays thin, and all
// behaviour lives in viz/shell and the scenes, which are tested without a
// display.
//
// Testing: a test binary importing ebiten needs a display and a running
// game loop, so its tests carry the `xvfb` build tag and run with
//
//	make test-xvfb   # xvfb-run -a -s '-screen 0 1280x800x24' go test -tags xvfb ./viz/ebitenview/
//
// where TestMain runs the tests inside ebiten.RunGame. Plain `go test
// ./...` compiles none of them.
package ebitenview
