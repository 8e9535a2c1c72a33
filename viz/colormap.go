package viz

import (
	"image/color"
	"math"
)

// ColorMap maps a number in [0, 1] to a colour through a 256-entry table,
// so a lookup in a heatmap's inner loop is an index, not an interpolation.
type ColorMap struct {
	Name string
	lut  [256]color.RGBA
}

// NewColorMap builds a map that interpolates linearly between evenly spaced
// stops (at least two).
func NewColorMap(name string, stops ...color.RGBA) *ColorMap {
	m := &ColorMap{Name: name}
	n := len(stops) - 1
	for i := range m.lut {
		t := float64(i) / 255 * float64(n)
		k := int(t)
		if k >= n {
			k = n - 1
		}
		m.lut[i] = Mix(stops[k], stops[k+1], t-float64(k))
	}
	return m
}

// At returns the colour for t in [0, 1] (clamped); NaN gives NaNColor.
func (m *ColorMap) At(t float64) color.RGBA {
	if t != t {
		return NaNColor
	}
	return m.lut[lutIndex(t)]
}

// Index returns the table entry (0..255) for t in [0, 1], clamped.
func lutIndex(t float64) int {
	if t <= 0 {
		return 0
	}
	if t >= 1 {
		return 255
	}
	return int(t*255 + 0.5)
}

// Entry returns table entry i (0..255).
func (m *ColorMap) Entry(i int) color.RGBA { return m.lut[i] }

// Invert returns the t in [0, 1] whose table entry is nearest to c, so tests
// can read a value back from a rendered pixel (to within 1/255 of the range).
func (m *ColorMap) Invert(c color.RGBA) float64 {
	best, bestD := 0, math.MaxInt
	for i, e := range m.lut {
		dr, dg, db := int(e.R)-int(c.R), int(e.G)-int(c.G), int(e.B)-int(c.B)
		if d := dr*dr + dg*dg + db*db; d < bestD {
			best, bestD = i, d
		}
	}
	return float64(best) / 255
}

// NaNColor marks values that are not numbers in every colour map: a colour
// no sequential or diverging map reaches.
var NaNColor = color.RGBA{255, 0, 255, 255}

// Viridis is a perceptually ordered sequential map (dark purple to yellow),
// readable in greyscale and by colour-blind viewers. The stops follow the
// shape of matplotlib's viridis.
var Viridis = NewColorMap("viridis",
	color.RGBA{68, 1, 84, 255},
	color.RGBA{72, 40, 120, 255},
	color.RGBA{62, 74, 137, 255},
	color.RGBA{49, 104, 142, 255},
	color.RGBA{38, 130, 142, 255},
	color.RGBA{31, 158, 137, 255},
	color.RGBA{53, 183, 121, 255},
	color.RGBA{110, 206, 88, 255},
	color.RGBA{181, 222, 43, 255},
	color.RGBA{253, 231, 37, 255},
)

// BlueWhiteRed is a diverging map for signed data (sines, weights,
// gradients): blue below the midpoint, white at it, red above.
var BlueWhiteRed = NewColorMap("blue-white-red",
	color.RGBA{33, 102, 172, 255},
	color.RGBA{103, 169, 207, 255},
	color.RGBA{209, 229, 240, 255},
	color.RGBA{247, 247, 247, 255},
	color.RGBA{253, 219, 199, 255},
	color.RGBA{239, 138, 98, 255},
	color.RGBA{178, 24, 43, 255},
)

// Greys runs from white to near-black, for images and masks.
var Greys = NewColorMap("greys", color.RGBA{255, 255, 255, 255}, color.RGBA{20, 20, 20, 255})

// categorical is the Okabe-Ito palette, distinguishable under the common
// colour-vision deficiencies, with black moved last.
var categorical = [...]color.RGBA{
	{0, 114, 178, 255},   // blue
	{230, 159, 0, 255},   // orange
	{0, 158, 115, 255},   // bluish green
	{213, 94, 0, 255},    // vermillion
	{86, 180, 233, 255},  // sky blue
	{204, 121, 167, 255}, // reddish purple
	{240, 228, 66, 255},  // yellow
	{0, 0, 0, 255},       // black
}

// Categorical returns the i-th colour of a colour-blind-safe palette of 8,
// cycling for larger i (negative i counts from the end).
func Categorical(i int) color.RGBA {
	n := len(categorical)
	return categorical[((i%n)+n)%n]
}
