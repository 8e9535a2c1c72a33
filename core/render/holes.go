package render

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// HoleKind says why a pixel of a new view is empty.
type HoleKind uint8

// Kinds of holes.
const (
	// NotHole: some point landed there.
	NotHole HoleKind = iota
	// Crack: a source frame saw the surface there, but the splats of its
	// neighbours spread apart and missed the pixel: bigger splats fix it.
	Crack
	// Disocclusion: the surface was inside a source frame but no frame
	// recorded it (hidden behind something nearer, seen edge-on, or, in a
	// video, not there when a frame looked): a generative prior must
	// invent it.
	Disocclusion
	// Outside: the surface was outside every source frame (or the new ray
	// hits nothing).
	Outside
)

// String names the kind.
func (k HoleKind) String() string {
	switch k {
	case Crack:
		return "crack"
	case Disocclusion:
		return "disocclusion"
	case Outside:
		return "outside the source"
	}
	return "covered"
}

// ClassifyHoles says why each hole of v is empty, using the true depth of
// the new view (truthDepth [H,W], from a renderer) to find the surface the
// hole should show: its 3-D point is projected into every source frame; if
// some frame sees that very surface there (one of the 3×3 pixels it lands
// in within Consistency of its depth), the data existed and
// the hole is a crack; if it falls inside some frame but none sees it, a
// disocclusion; otherwise it lies outside them all. It returns one kind
// per pixel.
func ClassifyHoles(v *View, truthDepth *core.Tensor, cam *geometry.Camera, sources []Frame) ([]HoleKind, error) {
	const op = "render.ClassifyHoles"
	if err := core.CheckShape(op, "truthDepth", truthDepth, "[H,W]", v.H, v.W); err != nil {
		return nil, err
	}
	for k, s := range sources {
		if err := core.CheckShape(op, "source depth", s.Depth, "[H,W]", -1, -1); err != nil {
			return nil, fmt.Errorf("source %d: %w", k, err)
		}
	}
	kinds := make([]HoleKind, v.W*v.H)
	for i := range kinds {
		if !v.Hole(i) {
			continue
		}
		d := float64(truthDepth.Data[i])
		if !(d > 0) {
			kinds[i] = Outside
			continue
		}
		p := cam.Unproject(float64(i%v.W), float64(i/v.W), d).World
		kind := Outside
		for _, s := range sources {
			sh, sw := s.Depth.Shape[0], s.Depth.Shape[1]
			u, vv, z, ok := s.Cam.Project(p)
			if !ok || z <= 0 {
				continue
			}
			seen, _, in := depthAround(s.Depth.Data, sw, sh, u, vv, z, Consistency)
			if !in {
				continue
			}
			if seen {
				kind = Crack
				break
			}
			kind = Disocclusion
		}
		kinds[i] = kind
	}
	return kinds, nil
}

// FillHoles is the naive inpainter a generative prior replaces: each hole
// takes the colour of the farther of the nearest covered pixels to its
// left and right on its row (disocclusions open onto the background, so
// the background side is the better guess), or of the only one there is.
// A row with no covered pixel stays black. It returns a new [3,H,W] image.
func FillHoles(v *View) *core.Tensor {
	w, h, plane := v.W, v.H, v.W*v.H
	out := v.Color.Clone()
	for y := 0; y < h; y++ {
		row := y * w
		for x := 0; x < w; x++ {
			if !v.Hole(row + x) {
				continue
			}
			l, r := -1, -1
			for xl := x - 1; xl >= 0; xl-- {
				if !v.Hole(row + xl) {
					l = row + xl
					break
				}
			}
			for xr := x + 1; xr < w; xr++ {
				if !v.Hole(row + xr) {
					r = row + xr
					break
				}
			}
			src := l
			if r >= 0 && (l < 0 || v.Depth.Data[r] > v.Depth.Data[l]) {
				src = r
			}
			if src < 0 {
				continue
			}
			for ch := 0; ch < 3; ch++ {
				out.Data[ch*plane+row+x] = v.Color.Data[ch*plane+src]
			}
		}
	}
	return out
}

// MeanAbsError is the mean over the channels and the chosen pixels (mask
// nil: all of them) of |a − b| for two [C,H,W] images. It returns 0 when
// no pixel is chosen.
func MeanAbsError(a, b *core.Tensor, mask []bool) (float64, error) {
	const op = "render.MeanAbsError"
	if err := core.CheckShape(op, "a", a, "[C,H,W]", -1, -1, -1); err != nil {
		return 0, err
	}
	if err := core.CheckShape(op, "b", b, "[C,H,W]", a.Shape[0], a.Shape[1], a.Shape[2]); err != nil {
		return 0, err
	}
	plane := a.Shape[1] * a.Shape[2]
	if mask != nil && len(mask) != plane {
		return 0, fmt.Errorf("%s: mask has %d flags for %d pixels", op, len(mask), plane)
	}
	var sum float64
	n := 0
	for ch := 0; ch < a.Shape[0]; ch++ {
		for i := 0; i < plane; i++ {
			if mask != nil && !mask[i] {
				continue
			}
			sum += math.Abs(float64(a.Data[ch*plane+i]) - float64(b.Data[ch*plane+i]))
			n++
		}
	}
	if n == 0 {
		return 0, nil
	}
	return sum / float64(n), nil
}

// PluckerRays are the ray coordinates a camera-conditioned generator reads
// per pixel: [6,H,W] holding the unit world direction d of the ray through
// the pixel and its moment o × d (o the camera centre). Two cameras that
// share a ray share its six numbers, whatever point along it they start
// from, which is why they describe the ray and not a point.
func PluckerRays(cam *geometry.Camera, w, h int) (*core.Tensor, error) {
	if w < 1 || h < 1 || w*h > 1<<22 {
		return nil, fmt.Errorf("render.PluckerRays: image size %dx%d must be positive and at most 4 Mpx", w, h)
	}
	out := core.New(6, h, w)
	plane := w * h
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			ray := cam.Unproject(float64(x), float64(y), 1)
			m := ray.Origin.Cross(ray.WorldDir)
			i := y*w + x
			for k := 0; k < 3; k++ {
				out.Data[k*plane+i] = float32(ray.WorldDir[k])
				out.Data[(3+k)*plane+i] = float32(m[k])
			}
		}
	}
	return out, nil
}
