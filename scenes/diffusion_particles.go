package scenes

import (
	"image"
	"image/color"
	"math"

	"dlprep/core/diffusion/toy"
	"dlprep/viz"
)

// The particle plane shared by the 2-D diffusion scenes: a density
// background (recomputed only when the ᾱ it shows changes), particle paths
// accumulated incrementally in a bitmap (drawing only the new segments each
// frame), and the particles themselves.

// planeExtent is the half-width of the square of data space shown.
const planeExtent = 2.6

// densityRes is the density grid's side; it is drawn smoothed.
const densityRes = 56

// pathRes is the path bitmap's side in pixels.
const pathRes = 480

// densityMap goes from paper white to a saturated blue.
var densityMap = viz.NewColorMap("density",
	color.RGBA{250, 250, 248, 255}, color.RGBA{205, 222, 240, 255}, color.RGBA{120, 165, 215, 255}, color.RGBA{40, 90, 170, 255})

// particlePlane draws particles of a 2-D toy mixture.
type particlePlane struct {
	mix     *toy.Mixture
	class   int
	levels  []viz.Bitmap
	dens    *viz.Bitmap
	densBuf []float32
	paths   viz.Bitmap
	pathsK  int // frames whose segments are in the path bitmap
	rect    viz.Rect
	// dots holds the particles, redrawn only when the frame changes: one
	// Image call instead of a FillCircle per particle.
	dots    viz.Bitmap
	dotsKey int
	stamped [][2]int // centres of the discs in dots
}

// dotRadius is a particle's radius in path-bitmap pixels.
const dotRadius = 2.4

// clearBox makes the pixels within r of (cx, cy) transparent.
func clearBox(img *image.RGBA, cx, cy int, r float64) {
	ri := int(r) + 1
	x0, x1 := max(0, cx-ri), min(img.Rect.Dx()-1, cx+ri)
	for y := max(0, cy-ri); y <= min(img.Rect.Dy()-1, cy+ri); y++ {
		if x1 >= x0 {
			clear(img.Pix[y*img.Stride+4*x0 : y*img.Stride+4*x1+4])
		}
	}
}

// reset points the plane at a mixture and clears the cached layers.
func (p *particlePlane) reset(m *toy.Mixture, class int) {
	p.mix, p.class, p.pathsK, p.dotsKey = m, class, -1, -1
	newBitmap(&p.dots, pathRes, pathRes)
	p.prepareDensity()
	p.dens = &p.levels[densityLevels-1]
	newBitmap(&p.paths, pathRes, pathRes)
	clearBitmap(&p.paths, color.RGBA{})
	p.paths.Touch()
}

// toPix maps data coordinates into r.
func toPix(r viz.Rect, x, y float64) (float64, float64) {
	return r.X + (x+planeExtent)/(2*planeExtent)*r.W, r.Y + (planeExtent-y)/(2*planeExtent)*r.H
}

// densityLevels is how many ᾱ levels of p_t are precomputed per reset; the
// background shows the level nearest the current ᾱ (in log SNR), so playing
// never evaluates the density.
const densityLevels = 18

// levelOf maps ᾱ to a level: 0 is pure noise, densityLevels-1 clean data.
func levelOf(abar float64) int {
	if abar >= 0.9995 {
		return densityLevels - 1
	}
	// log SNR from −6 to +7 spread over the other levels.
	lsnr := math.Log(abar / (1 - abar))
	l := int(math.Round((lsnr + 6) / 13 * float64(densityLevels-2)))
	return clampInt(l, 0, densityLevels-2)
}

// levelAbar is the ᾱ a level shows.
func levelAbar(l int) float64 {
	if l >= densityLevels-1 {
		return 1
	}
	lsnr := float64(l)/float64(densityLevels-2)*13 - 6
	return 1 / (1 + math.Exp(-lsnr))
}

// prepareDensity computes every level's map from core's LogDensity.
func (p *particlePlane) prepareDensity() {
	n := densityRes
	if len(p.densBuf) != n*n {
		p.densBuf = make([]float32, n*n)
	}
	if len(p.levels) != densityLevels {
		p.levels = make([]viz.Bitmap, densityLevels)
	}
	pt := []float64{0, 0}
	for l := range p.levels {
		abar := levelAbar(l)
		mx := math.Inf(-1)
		for i := range n {
			for j := range n {
				pt[0] = (float64(j)+0.5)/float64(n)*2*planeExtent - planeExtent
				pt[1] = planeExtent - (float64(i)+0.5)/float64(n)*2*planeExtent
				lp, err := p.mix.LogDensity(pt, abar, p.class)
				if err != nil {
					lp = math.Inf(-1)
				}
				p.densBuf[i*n+j] = float32(lp)
				mx = math.Max(mx, lp)
			}
		}
		for i, v := range p.densBuf {
			// Square root of the relative density: faint tails stay visible.
			p.densBuf[i] = float32(math.Sqrt(math.Exp(float64(v) - mx)))
		}
		p.levels[l].SetHeatmap(p.densBuf, n, n, densityMap, 0, 1)
	}
}

// density selects the background for ᾱ.
func (p *particlePlane) density(abar float64) { p.dens = &p.levels[levelOf(abar)] }

// drawPaths adds the segments of frames up to k for every stride-th
// particle to the path bitmap (clearing it when k went backwards).
func (p *particlePlane) drawPaths(frame func(int) []float32, k, stride int, col func(i int) color.RGBA) {
	if k < p.pathsK || p.pathsK < 0 {
		clearBitmap(&p.paths, color.RGBA{})
		p.pathsK = 0
	}
	if k == p.pathsK {
		return
	}
	full := viz.Rect{W: pathRes, H: pathRes}
	for f := p.pathsK + 1; f <= k; f++ {
		a, b := frame(f-1), frame(f)
		if a == nil || b == nil {
			break
		}
		for i := 0; i < len(a)/2; i += stride {
			x1, y1 := toPix(full, float64(a[2*i]), float64(a[2*i+1]))
			x2, y2 := toPix(full, float64(b[2*i]), float64(b[2*i+1]))
			blendLine(p.paths.Img, x1, y1, x2, y2, col(i), 0.45)
		}
	}
	p.pathsK = k
	p.paths.Touch()
}

// draw paints the density, the paths and the particles of x (frame key)
// into r.
func (p *particlePlane) draw(c viz.Canvas, r viz.Rect, x []float32, key int, showPaths bool, col func(i int) color.RGBA) {
	p.rect = r
	c.Image(p.dens, r.X, r.Y, r.W, r.H, true)
	c.StrokeRect(r.X, r.Y, r.W, r.H, 1, viz.Grid)
	ox, oy := toPix(r, 0, 0)
	c.Line(r.X, oy, r.X+r.W, oy, 1, viz.Fade(viz.Grid, 0.6))
	c.Line(ox, r.Y, ox, r.Y+r.H, 1, viz.Fade(viz.Grid, 0.6))
	if showPaths {
		c.Image(&p.paths, r.X, r.Y, r.W, r.H, true)
	}
	if key != p.dotsKey {
		if p.dotsKey < 0 {
			clearBitmap(&p.dots, color.RGBA{})
		} else {
			// Erase only where the last frame's discs were.
			for _, q := range p.stamped {
				clearBox(p.dots.Img, q[0], q[1], dotRadius+2)
			}
		}
		p.dotsKey = key
		p.stamped = p.stamped[:0]
		full := viz.Rect{W: pathRes, H: pathRes}
		for i := 0; i < len(x)/2; i++ {
			px, py := toPix(full, float64(x[2*i]), float64(x[2*i+1]))
			if stampDisc(p.dots.Img, px, py, dotRadius, col(i)) {
				p.stamped = append(p.stamped, [2]int{int(px), int(py)})
			}
		}
		p.dots.Touch()
	}
	c.Image(&p.dots, r.X, r.Y, r.W, r.H, true)
}

// stampDisc draws an anti-aliased disc of radius rad (pixels) over img
// and reports whether any of it is inside.
func stampDisc(img *image.RGBA, cx, cy, rad float64, c color.RGBA) bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	x0, x1 := max(0, int(cx-rad-1)), min(w-1, int(cx+rad+1))
	y0, y1 := max(0, int(cy-rad-1)), min(h-1, int(cy+rad+1))
	if x0 > x1 || y0 > y1 {
		return false
	}
	inner, outer := (rad-0.5)*(rad-0.5), (rad+0.5)*(rad+0.5)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			d2 := dx*dx + dy*dy
			if d2 >= outer {
				continue
			}
			ia := uint32(256)
			if d2 > inner {
				// Only the rim needs the square root.
				ia = uint32((rad + 0.5 - math.Sqrt(d2)) * 256)
			}
			o := y*img.Stride + 4*x
			px := img.Pix[o : o+4 : o+4]
			px[0] = uint8((uint32(px[0])*(256-ia) + uint32(c.R)*ia) >> 8)
			px[1] = uint8((uint32(px[1])*(256-ia) + uint32(c.G)*ia) >> 8)
			px[2] = uint8((uint32(px[2])*(256-ia) + uint32(c.B)*ia) >> 8)
			px[3] = uint8((uint32(px[3])*(256-ia) + uint32(c.A)*ia) >> 8)
		}
	}
	return true
}

// nearestClass returns, for each particle of x, the class of the mixture
// component whose mean is nearest: the mode it ended up in.
func nearestClass(m *toy.Mixture, x []float32, dst []int) []int {
	n := len(x) / 2
	if cap(dst) < n {
		dst = make([]int, n)
	}
	dst = dst[:n]
	for i := range n {
		best, bd := 0, math.Inf(1)
		for _, comp := range m.Comps {
			dx, dy := float64(x[2*i])-comp.Mean[0], float64(x[2*i+1])-comp.Mean[1]
			if d := dx*dx + dy*dy; d < bd {
				best, bd = comp.Class, d
			}
		}
		dst[i] = best
	}
	return dst
}

// toyMixture returns the 2-D data set named by a choice index.
func toyMixture(kind int) (*toy.Mixture, error) {
	if kind == 1 {
		return toy.Blobs(), nil
	}
	return toy.Ring(8, 1.8, 0.12)
}

// toyMixtureNames are the choices behind toyMixture.
var toyMixtureNames = []string{"8 gaussians (ring)", "blobs (2 classes)"}

// blendLine draws a one-pixel line into img by stepping along its longer
// axis, blending c at opacity a: far cheaper than a vector rasterizer for
// the thousands of short path segments a run adds.
func blendLine(img *image.RGBA, x1, y1, x2, y2 float64, c color.RGBA, a float64) {
	n := int(math.Max(math.Abs(x2-x1), math.Abs(y2-y1))) + 1
	if n > 4096 {
		return
	}
	ia := uint32(a * 256)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for s := 0; s <= n; s++ {
		t := float64(s) / float64(n)
		x, y := int(x1+(x2-x1)*t), int(y1+(y2-y1)*t)
		if x < 0 || y < 0 || x >= w || y >= h {
			continue
		}
		o := y*img.Stride + 4*x
		px := img.Pix[o : o+4 : o+4]
		px[0] = uint8((uint32(px[0])*(256-ia) + uint32(c.R)*ia) >> 8)
		px[1] = uint8((uint32(px[1])*(256-ia) + uint32(c.G)*ia) >> 8)
		px[2] = uint8((uint32(px[2])*(256-ia) + uint32(c.B)*ia) >> 8)
		px[3] = uint8((uint32(px[3])*(256-ia) + 255*ia) >> 8)
	}
}
