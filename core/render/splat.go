package render

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// Mode is how a point covers the pixels of the new view.
type Mode int

// Splatting modes.
const (
	// Points: each point fills the one pixel it lands nearest, if it is
	// the nearest point there (a z-buffer). Where the new view magnifies a
	// surface, its points spread apart and leave cracks.
	Points Mode = iota
	// Gaussians: each point is a small isotropic 3-D Gaussian as wide as
	// its source pixel, projected to a disc of σ = f·GaussianScale·radius/z
	// pixels. A pixel takes the weighted mean colour of the points within
	// Consistency of its nearest depth (a soft z-buffer), and is a hole
	// where their weight is below MinWeight: cracks close, disocclusions
	// (surfaces never seen) stay open.
	Gaussians
)

// String names the mode.
func (m Mode) String() string {
	if m == Gaussians {
		return "gaussians"
	}
	return "points"
}

// Gaussian splat constants: σ is GaussianScale footprint radii; a point
// counts where its weight is at least MinWeight (which bounds how far a
// foreground splat can bleed over the background: σ·√(−2 ln MinWeight),
// at most maxReachPx) and a pixel is covered from MinWeight summed.
const (
	GaussianScale = 1.2
	MinWeight     = 0.25
	maxReachPx    = 6
)

// reachSigmas is how many σ a splat reaches: where its weight falls to
// MinWeight.
var reachSigmas = math.Sqrt(-2 * math.Log(MinWeight))

// View is a cloud splatted into a camera.
type View struct {
	W, H int
	// Color [3,H,W] is the splatted colour, 0 at holes; Depth [H,W] the
	// camera-space z of the front surface, 0 at holes; Weight [H,W] the
	// summed splat weight (1 per point landing for Points).
	Color, Depth, Weight *core.Tensor
	// Source is, per pixel, the nearest point that landed there (-1: a
	// hole).
	Source []int32
	// Holes counts the pixels no point covers.
	Holes int
}

// Hole reports whether pixel i (v·W + u) is a hole.
func (v *View) Hole(i int) bool { return v.Source[i] < 0 }

// HoleFraction is the share of the image that is holes.
func (v *View) HoleFraction() float64 { return float64(v.Holes) / float64(max(len(v.Source), 1)) }

// Splat renders the cloud from cam into a w×h image.
func Splat(c *Cloud, cam *geometry.Camera, w, h int, mode Mode) (*View, error) {
	const op = "render.Splat"
	if w < 1 || h < 1 || w*h > 1<<22 {
		return nil, fmt.Errorf("%s: image size %dx%d must be positive and at most 4 Mpx", op, w, h)
	}
	n := c.Len()
	if len(c.XYZ) != 3*n || len(c.RGB) != 3*n {
		return nil, fmt.Errorf("%s: cloud has %d radii, %d coordinates and %d colours", op, n, len(c.XYZ), len(c.RGB))
	}
	if mode != Points && mode != Gaussians {
		return nil, fmt.Errorf("%s: unknown mode %d", op, mode)
	}
	plane := w * h
	v := &View{W: w, H: h, Color: core.New(3, h, w), Depth: core.New(h, w), Weight: core.New(h, w), Source: make([]int32, plane)}
	zbuf := make([]float64, plane)
	for i := range zbuf {
		zbuf[i] = math.Inf(1)
		v.Source[i] = -1
	}
	f := cam.K[0]
	// First pass: the nearest depth reaching each pixel.
	for i := 0; i < n; i++ {
		u, vv, z, ok := cam.Project(c.Point(i))
		if !ok || z <= 1e-6 {
			continue
		}
		if mode == Points {
			x, y := int(math.Floor(u+0.5)), int(math.Floor(vv+0.5))
			if x < 0 || y < 0 || x >= w || y >= h {
				continue
			}
			if j := y*w + x; z < zbuf[j] {
				zbuf[j], v.Source[j] = z, int32(i)
			}
			continue
		}
		sigma, reach := footprint(f, float64(c.Radius[i]), z)
		x0, x1 := max(int(math.Ceil(u-reach)), 0), min(int(math.Floor(u+reach)), w-1)
		y0, y1 := max(int(math.Ceil(vv-reach)), 0), min(int(math.Floor(vv+reach)), h-1)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				if gauss(float64(x)-u, float64(y)-vv, sigma) < MinWeight {
					continue
				}
				if j := y*w + x; z < zbuf[j] {
					zbuf[j], v.Source[j] = z, int32(i)
				}
			}
		}
	}
	if mode == Points {
		for j, src := range v.Source {
			if src < 0 {
				v.Holes++
				continue
			}
			v.Depth.Data[j] = float32(zbuf[j])
			v.Weight.Data[j] = 1
			for ch := 0; ch < 3; ch++ {
				v.Color.Data[ch*plane+j] = c.RGB[3*int(src)+ch]
			}
		}
		return v, nil
	}
	// Second pass: blend the points on the front surface of each pixel.
	acc := make([]float64, 3*plane)
	for i := 0; i < n; i++ {
		u, vv, z, ok := cam.Project(c.Point(i))
		if !ok || z <= 1e-6 {
			continue
		}
		sigma, reach := footprint(f, float64(c.Radius[i]), z)
		x0, x1 := max(int(math.Ceil(u-reach)), 0), min(int(math.Floor(u+reach)), w-1)
		y0, y1 := max(int(math.Ceil(vv-reach)), 0), min(int(math.Floor(vv+reach)), h-1)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				j := y*w + x
				g := gauss(float64(x)-u, float64(y)-vv, sigma)
				if g < MinWeight || z > zbuf[j]*(1+Consistency) {
					continue
				}
				v.Weight.Data[j] += float32(g)
				for ch := 0; ch < 3; ch++ {
					acc[ch*plane+j] += g * float64(c.RGB[3*i+ch])
				}
			}
		}
	}
	for j := range v.Source {
		wt := float64(v.Weight.Data[j])
		if wt < MinWeight {
			v.Source[j] = -1
			v.Holes++
			continue
		}
		v.Depth.Data[j] = float32(zbuf[j])
		for ch := 0; ch < 3; ch++ {
			v.Color.Data[ch*plane+j] = float32(acc[ch*plane+j] / wt)
		}
	}
	return v, nil
}

// footprint is a Gaussian's σ in pixels at depth z and how far it reaches.
func footprint(f, radius, z float64) (sigma, reach float64) {
	sigma = max(f*GaussianScale*radius/z, 0.3)
	return sigma, min(reachSigmas*sigma, maxReachPx)
}

func gauss(dx, dy, sigma float64) float64 {
	return math.Exp(-(dx*dx + dy*dy) / (2 * sigma * sigma))
}
