//go:build js && wasm && gonumplot

package main

import (
	"encoding/json"
	"fmt"
	"image"
	"syscall/js"

	"dlprep/viz"
	"dlprep/viz/plot"
)

// Caps on what one request may ask for: the worker allocates the whole
// image, and a broken or hostile message must not exhaust its memory.
const (
	maxSide   = 8192
	maxScale  = 8
	maxPixels = 32 << 20
)

func main() {
	u8 := js.Global().Get("Uint8Array")
	render := js.FuncOf(func(_ js.Value, args []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = failure(fmt.Errorf("plotworker: gonum/plot panicked: %v", r))
			}
		}()
		img, area, err := renderRequest(args)
		if err != nil {
			return failure(err)
		}
		pixels := u8.New(len(img.Pix))
		js.CopyBytesToJS(pixels, img.Pix)
		return map[string]any{"width": img.Rect.Dx(), "height": img.Rect.Dy(), "pixels": pixels,
			"area": map[string]any{"x": area.X, "y": area.Y, "w": area.W, "h": area.H}}
	})
	js.Global().Set("dlplotRender", render)
	if ready := js.Global().Get("dlplotReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // serve calls until the worker is terminated
}

// renderRequest checks the arguments (specJSON, w, h, scale) and draws.
func renderRequest(args []js.Value) (img *image.RGBA, area viz.Rect, err error) {
	if len(args) != 4 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeNumber ||
		args[2].Type() != js.TypeNumber || args[3].Type() != js.TypeNumber {
		return nil, area, fmt.Errorf("plotworker: want dlplotRender(specJSON, w, h, scale), got %d arguments", len(args))
	}
	w, h, scale := args[1].Int(), args[2].Int(), args[3].Float()
	if w <= 0 || h <= 0 || w > maxSide || h > maxSide || !(scale > 0 && scale <= maxScale) ||
		float64(w)*float64(h)*scale*scale > maxPixels {
		return nil, area, fmt.Errorf("plotworker: size %dx%d at scale %v is out of range (each side 1..%d, scale (0, %d], at most %d pixels)",
			w, h, scale, maxSide, maxScale, maxPixels)
	}
	var s plot.Spec
	if err := json.Unmarshal([]byte(args[0].String()), &s); err != nil {
		return nil, area, fmt.Errorf("plotworker: bad spec: %v", err)
	}
	return plot.RenderGonum(s, w, h, scale)
}

func failure(err error) map[string]any { return map[string]any{"error": err.Error()} }
