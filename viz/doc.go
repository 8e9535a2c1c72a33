// Package viz is the backend-free drawing surface the scenes draw on: the
// Canvas interface, colours and colour maps, and Bitmap for heatmaps and
// plots. Backends live in subpackages: viz/raster (image.RGBA, for tests and
// exports) and viz/ebitenview (the live app; the only package that imports
// ebiten).
//
// viz must never import ebiten, so that scenes drawn through it are tested
// with plain `go test`.
package viz
