package matting

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// Light is a lighting estimate: per channel c an ambient term A_c and a
// vector L_c, the light's intensity in that channel times its unit
// direction, so that a surface of albedo ρ and normal n shows
// ρ_c (A_c + max(0, n·L_c)).
type Light struct {
	Ambient [3]float64
	L       [3]geometry.Vec3
}

// Dir is the light's estimated direction (towards the light).
func (l Light) Dir() geometry.Vec3 { return l.L[0].Add(l.L[1]).Add(l.L[2]).Normalize() }

// Color is the light's estimated intensity per channel.
func (l Light) Color() [3]float64 { return [3]float64{l.L[0].Norm(), l.L[1].Norm(), l.L[2].Norm()} }

// Shading is the light a surface with normal n receives, per channel.
func (l Light) Shading(n geometry.Vec3) [3]float64 {
	var s [3]float64
	for c := range s {
		s[c] = l.Ambient[c] + math.Max(0, n.Dot(l.L[c]))
	}
	return s
}

// normalAt reads pixel i's normal from a [3,H,W] normal map.
func normalAt(normals *core.Tensor, i, plane int) geometry.Vec3 {
	return geometry.Vec3{float64(normals.Data[i]), float64(normals.Data[plane+i]), float64(normals.Data[2*plane+i])}
}

// lightFitRounds is how often EstimateLight re-decides which pixels the
// light reaches.
const lightFitRounds = 6

// EstimateLight measures the light from a probe: a ball of known grey
// albedo, whose pixels mask marks in img [3,H,W] with their normals
// [3,H,W]. For each channel, the pixels facing the light give
// I/ρ = A + n·L, linear in (A, L): a least-squares fit. Which pixels face
// the light depends on L, so the fit starts from all of them and refits
// with the pixels the last estimate lights (n·L > 0), the others giving
// I/ρ = A alone.
func EstimateLight(img, normals *core.Tensor, mask []bool, albedo float64) (Light, error) {
	const op = "matting.EstimateLight"
	if err := checkImage(op, "img", img, -1, -1); err != nil {
		return Light{}, err
	}
	h, w := img.Shape[1], img.Shape[2]
	if err := checkImage(op, "normals", normals, h, w); err != nil {
		return Light{}, err
	}
	plane := h * w
	if len(mask) != plane {
		return Light{}, fmt.Errorf("%s: mask has %d flags for %d pixels", op, len(mask), plane)
	}
	if !(albedo > 0 && albedo <= 1) {
		return Light{}, fmt.Errorf("%s: albedo = %v must be in (0, 1]", op, albedo)
	}
	n := 0
	for _, m := range mask {
		if m {
			n++
		}
	}
	if n < 8 {
		return Light{}, fmt.Errorf("%s: the probe covers %d pixels, at least 8 are needed", op, n)
	}
	var l Light
	for c := 0; c < 3; c++ {
		var x [4]float64 // (A, Lx, Ly, Lz)
		for round := 0; round < lightFitRounds; round++ {
			var ata [4][4]float64
			var atb [4]float64
			for i := 0; i < plane; i++ {
				if !mask[i] {
					continue
				}
				nv := normalAt(normals, i, plane)
				row := [4]float64{1, nv[0], nv[1], nv[2]}
				if round > 0 && nv.Dot(geometry.Vec3{x[1], x[2], x[3]}) <= 0 {
					row = [4]float64{1, 0, 0, 0}
				}
				y := float64(img.Data[c*plane+i]) / albedo
				for a := 0; a < 4; a++ {
					for b := 0; b < 4; b++ {
						ata[a][b] += row[a] * row[b]
					}
					atb[a] += row[a] * y
				}
			}
			sol, ok := solve4(ata, atb)
			if !ok {
				return Light{}, fmt.Errorf("%s: the probe's normals do not span the light (singular fit in channel %d)", op, c)
			}
			x = sol
		}
		l.Ambient[c] = x[0]
		l.L[c] = geometry.Vec3{x[1], x[2], x[3]}
	}
	return l, nil
}

// solve4 solves the 4×4 system a·x = b by Gaussian elimination with
// partial pivoting; ok is false when a is singular.
func solve4(a [4][4]float64, b [4]float64) (x [4]float64, ok bool) {
	for col := 0; col < 4; col++ {
		p := col
		for r := col + 1; r < 4; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		if math.Abs(a[p][col]) < 1e-12 {
			return x, false
		}
		a[col], a[p] = a[p], a[col]
		b[col], b[p] = b[p], b[col]
		for r := col + 1; r < 4; r++ {
			f := a[r][col] / a[col][col]
			for k := col; k < 4; k++ {
				a[r][k] -= f * a[col][k]
			}
			b[r] -= f * b[col]
		}
	}
	for r := 3; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < 4; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x, true
}

// MinShade is the least shading Relight divides by: the studio's dark
// side holds little of the albedo, and dividing by less would amplify
// noise into colour.
const MinShade = 0.08

// Relight shows the actor under the set's light instead of the studio's:
// each pixel's colour (fg [3,H,W], where alpha > MinAlpha) is divided by
// the studio shading of its normal (normals [3,H,W], what a normal
// estimation network would give) and multiplied by the set's. What the
// probe's model lacks (shadows the actor casts on itself, the spill left
// over) stays in the result.
func Relight(fg, normals, alpha *core.Tensor, from, to Light) (*core.Tensor, error) {
	const op = "matting.Relight"
	if err := checkImage(op, "fg", fg, -1, -1); err != nil {
		return nil, err
	}
	h, w := fg.Shape[1], fg.Shape[2]
	if err := checkImage(op, "normals", normals, h, w); err != nil {
		return nil, err
	}
	if err := checkMatte(op, "alpha", alpha, h, w); err != nil {
		return nil, err
	}
	plane := h * w
	out := core.New(3, h, w)
	for i := 0; i < plane; i++ {
		if alpha.Data[i] < MinAlpha {
			continue
		}
		nv := normalAt(normals, i, plane)
		sf, st := from.Shading(nv), to.Shading(nv)
		for c := 0; c < 3; c++ {
			v := float64(fg.Data[c*plane+i]) / math.Max(sf[c], MinShade) * st[c]
			out.Data[c*plane+i] = float32(math.Min(math.Max(v, 0), 1))
		}
	}
	return out, nil
}
