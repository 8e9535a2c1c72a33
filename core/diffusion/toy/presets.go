package toy

import (
	"fmt"
	"math"
)

// Ring is k isotropic Gaussians of standard deviation std evenly spaced on a
// circle of the given radius, equally weighted, component i having class i
// (the classic "8 Gaussians" toy when k = 8).
func Ring(k int, radius, std float64) (*Mixture, error) {
	if k < 1 || k > 64 {
		return nil, fmt.Errorf("toy: ring needs 1..64 components, got %d", k)
	}
	comps := make([]Component, k)
	for i := range comps {
		a := 2 * math.Pi * float64(i) / float64(k)
		comps[i] = Component{Weight: 1, Mean: []float64{radius * math.Cos(a), radius * math.Sin(a)},
			Var: []float64{std * std, std * std}, Class: i}
	}
	return NewMixture(2, comps)
}

// Blobs is a 2-D mixture with unequal weights and elongated (diagonal)
// covariances in two classes: class 0 is two blobs on the left, class 1 one
// larger blob on the right, so guidance toward a class visibly moves mass.
func Blobs() *Mixture {
	m, err := NewMixture(2, []Component{
		{Weight: 0.3, Mean: []float64{-1.2, 0.9}, Var: []float64{0.04, 0.01}, Class: 0},
		{Weight: 0.2, Mean: []float64{-0.8, -1.0}, Var: []float64{0.01, 0.06}, Class: 0},
		{Weight: 0.5, Mean: []float64{1.1, 0.1}, Var: []float64{0.09, 0.09}, Class: 1},
	})
	if err != nil {
		panic(err) // constant data
	}
	return m
}

// GlyphSize is the side of the glyph images: 8x8 grey, 64-D vectors.
const GlyphSize = 8

// glyphArt draws the templates: '#' is ink (+1), '.' paper (−1).
var glyphArt = []struct {
	name string
	rows [GlyphSize]string
}{
	{"bar", [GlyphSize]string{"...##...", "...##...", "...##...", "...##...", "...##...", "...##...", "...##...", "...##..."}},
	{"dash", [GlyphSize]string{"........", "........", "........", "########", "########", "........", "........", "........"}},
	{"cross", [GlyphSize]string{"...##...", "...##...", "...##...", "########", "########", "...##...", "...##...", "...##..."}},
	{"ring", [GlyphSize]string{"........", ".######.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", ".######.", "........"}},
	{"slash", [GlyphSize]string{"......##", ".....##.", "....##..", "...##...", "..##....", ".##.....", "##......", "#......."}},
	{"dot", [GlyphSize]string{"........", "........", "..####..", "..####..", "..####..", "..####..", "........", "........"}},
}

// GlyphNames lists the glyph classes in label order.
func GlyphNames() []string {
	names := make([]string, len(glyphArt))
	for i, g := range glyphArt {
		names[i] = g.name
	}
	return names
}

// Glyphs is the tiny image data set: one isotropic Gaussian per template
// (pixels ±1, per-pixel standard deviation std), equal weights, class = the
// template's index in GlyphNames. Points are row-major 8x8 images.
func Glyphs(std float64) (*Mixture, error) {
	if !(std > 0) || std > 10 {
		return nil, fmt.Errorf("toy: glyph std must be in (0, 10], got %v", std)
	}
	D := GlyphSize * GlyphSize
	comps := make([]Component, len(glyphArt))
	for i, g := range glyphArt {
		mean, v := make([]float64, D), make([]float64, D)
		for r, row := range g.rows {
			for c := range GlyphSize {
				mean[r*GlyphSize+c] = -1
				if row[c] == '#' {
					mean[r*GlyphSize+c] = 1
				}
				v[r*GlyphSize+c] = std * std
			}
		}
		comps[i] = Component{Weight: 1, Mean: mean, Var: v, Class: i}
	}
	return NewMixture(D, comps)
}

// ToGray maps an image with values in [−1, 1] to 8-bit grey (clipping), the
// usual (x+1)/2 display convention.
func ToGray(dst []uint8, x []float32) {
	for i, v := range x[:len(dst)] {
		g := (float64(v) + 1) * 127.5
		dst[i] = uint8(math.Round(math.Max(0, math.Min(255, g))))
	}
}
