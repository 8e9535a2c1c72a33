package viz

import (
	"image"
	"image/color"
)

// Point is a position in canvas pixels (origin top-left, y down).
type Point struct{ X, Y float64 }

// Align says where text sits relative to its anchor x.
type Align int

// Text alignments.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// Bitmap is an RGBA image drawn onto canvases (heatmaps, plots, rendered
// frames). Backends may cache an uploaded copy keyed by the Bitmap pointer:
// whoever changes Img's pixels must call Touch so they re-upload.
type Bitmap struct {
	Img     *image.RGBA
	Version uint64
}

// Touch marks the pixels as changed.
func (b *Bitmap) Touch() { b.Version++ }

// Flusher is a Canvas that queues what is drawn and issues it on Flush
// (ebitenview batches a frame's shapes and text into a few GPU calls).
// The shell flushes at the end of every frame, inside the frame's
// measured work; whoever reads a flusher's pixels flushes first.
type Flusher interface {
	Flush()
}

// Canvas is what scenes draw on. Coordinates are in logical pixels; a backend
// maps them to device pixels (high-DPI) itself. Text sizes are in logical
// pixels too.
type Canvas interface {
	// Size is the drawable area in logical pixels.
	Size() (w, h float64)
	FillRect(x, y, w, h float64, c color.RGBA)
	StrokeRect(x, y, w, h, width float64, c color.RGBA)
	Line(x1, y1, x2, y2, width float64, c color.RGBA)
	Polyline(pts []Point, width float64, c color.RGBA)
	FillPolygon(pts []Point, c color.RGBA)
	FillCircle(cx, cy, r float64, c color.RGBA)
	// Text draws s with its baseline at y; x is the left, centre or right
	// edge as align says.
	Text(x, y float64, s string, size float64, c color.RGBA, align Align)
	// TextWidth is the advance width of s at that size.
	TextWidth(s string, size float64) float64
	// Image draws b scaled into the rectangle; smooth chooses bilinear
	// filtering (false: nearest, right for heatmap cells).
	Image(b *Bitmap, x, y, w, h float64, smooth bool)
}
