package viz

import "image/color"

// Canvas colours are color.RGBA, which Go defines as alpha-premultiplied:
// a half-transparent red is {128, 0, 0, 128}, not {255, 0, 0, 128}. Use
// Fade to make a translucent colour from an opaque one.

// Color is the colour type of every Canvas call (an alias, so color.RGBA
// values and viz.Color values mix freely).
type Color = color.RGBA

// The app's palette: a light theme with enough contrast for text (WCAG AA
// for Ink on Paper and on Panel).
var (
	Paper     = color.RGBA{250, 250, 248, 255} // scene background
	Panel     = color.RGBA{236, 238, 242, 255} // side panels
	PanelDark = color.RGBA{214, 218, 226, 255} // hovered or pressed widgets
	Ink       = color.RGBA{28, 30, 36, 255}    // body text
	InkMuted  = color.RGBA{88, 94, 106, 255}   // secondary text
	Grid      = color.RGBA{200, 204, 212, 255} // rules and axes
	Accent    = color.RGBA{37, 99, 235, 255}   // selection, slider thumbs
	Good      = color.RGBA{22, 128, 60, 255}   // kept, correct
	Bad       = color.RGBA{200, 40, 40, 255}   // suppressed, pitfall, errors
	BannerBg  = color.RGBA{254, 226, 226, 255} // error banner fill
	White     = color.RGBA{255, 255, 255, 255}
	Black     = color.RGBA{0, 0, 0, 255}
)

// Fade returns c with its opacity multiplied by a in [0, 1], keeping the
// premultiplied invariant.
func Fade(c color.RGBA, a float64) color.RGBA {
	if a <= 0 {
		return color.RGBA{}
	}
	if a >= 1 {
		return c
	}
	m := func(v uint8) uint8 { return uint8(float64(v)*a + 0.5) }
	return color.RGBA{m(c.R), m(c.G), m(c.B), m(c.A)}
}

// Mix interpolates linearly between a (t=0) and b (t=1).
func Mix(a, b color.RGBA, t float64) color.RGBA {
	if t <= 0 {
		return a
	}
	if t >= 1 {
		return b
	}
	m := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}
