// Package glyph rasterizes Go Regular once per glyph and size, for the
// backends that render text themselves (raster draws it into its image;
// ebitenview packs the glyphs into a texture atlas, see Face.Layout).
// opentype re-rasterizes a glyph's outline on every call, which made each
// new label cost milliseconds under WASM; from the cache a label is a few
// mask copies.
package glyph
