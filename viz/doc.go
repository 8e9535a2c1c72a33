// Package viz is the backend-free drawing surface the scenes draw on: the
// Canvas interface, Bitmap (heatmaps, plots, rendered frames), the palette
// and colour maps (Viridis, BlueWhiteRed, Greys, Categorical), heatmap
// rendering with a read-back for tests (Bitmap.Value, ColorMap.Invert),
// and small layout helpers (Rect cutting, WrapText and the cached
// TextBlock, Ellipsize, SubCanvas, DeviceScale).
//
// Colours are color.RGBA, which Go defines as alpha-premultiplied: make
// translucent colours with Fade.
//
// Backends live in subpackages: viz/raster (image.RGBA, for tests and
// exports) and viz/ebitenview (the live app; the only package that imports
// ebiten). viz/plot renders line plots into Bitmaps; viz/shell is the app
// around the scenes.
//
// viz must never import ebiten, so that scenes drawn through it are tested
// with plain `go test`. Test: `go test ./viz/...`; the ebiten backend:
// `make test-xvfb`.
package viz
