// Package raster draws viz.Canvas calls into an *image.RGBA on the CPU: the
// backend for tests (scenes are checked pixel by pixel and against golden
// images), for `dlprep render` PNG/GIF exports, and the reference the
// ebiten backend is compared with.
//
// Shapes go through golang.org/x/image/vector, with each rasterizer sized
// to the shape's bounding box (cost grows with the area it covers); lines
// are quads because vector has no stroker. Text uses
// golang.org/x/image/font/opentype with the Go Regular font, with glyph
// masks cached per size.
//
// raster must never import ebiten. Test with `go test ./viz/raster/`;
// `go test ./viz/raster/ -regen` rewrites the golden images in testdata
// after a deliberate change (look at them before committing).
package raster
