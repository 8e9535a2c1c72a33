package viz

import (
	"fmt"
	"image"
)

// Heatmap renders a rows x cols row-major matrix as a Bitmap with one pixel
// per cell, mapping lo..hi onto cmap (values outside are clamped, NaN gets
// NaNColor). Draw it with Canvas.Image(..., smooth=false) to keep cells
// sharp.
func Heatmap(values []float32, rows, cols int, cmap *ColorMap, lo, hi float64) *Bitmap {
	b := &Bitmap{}
	b.SetHeatmap(values, rows, cols, cmap, lo, hi)
	return b
}

// SetHeatmap redraws b in place as a heatmap, reusing its pixels when the
// size is unchanged, and marks it changed. It panics if values is shorter
// than rows*cols, which is a programming error in the caller.
func (b *Bitmap) SetHeatmap(values []float32, rows, cols int, cmap *ColorMap, lo, hi float64) {
	if rows < 0 || cols < 0 || len(values) < rows*cols {
		panic(fmt.Sprintf("viz.Heatmap: %d values for %dx%d", len(values), rows, cols))
	}
	if b.Img == nil || b.Img.Rect.Dx() != cols || b.Img.Rect.Dy() != rows {
		b.Img = image.NewRGBA(image.Rect(0, 0, cols, rows))
	}
	scale := 0.0
	if hi != lo {
		scale = 1 / (hi - lo)
	}
	pix := b.Img.Pix
	for r := 0; r < rows; r++ {
		row := pix[r*b.Img.Stride:]
		for c, v := range values[r*cols : (r+1)*cols] {
			var col = NaNColor
			if v == v {
				col = cmap.lut[lutIndex((float64(v)-lo)*scale)]
			}
			row[4*c], row[4*c+1], row[4*c+2], row[4*c+3] = col.R, col.G, col.B, col.A
		}
	}
	b.Touch()
}

// Value reads back the value a heatmap cell shows: the inverse of the
// colour map, exact to one table step ((hi-lo)/255).
func (b *Bitmap) Value(row, col int, cmap *ColorMap, lo, hi float64) float64 {
	return lo + cmap.Invert(b.Img.RGBAAt(col, row))*(hi-lo)
}
