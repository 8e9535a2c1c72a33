package matting

import (
	"math"

	"dlprep/core"
)

// MinAlpha is the opacity below which a pixel has no foreground colour to
// recover: unmixing would divide by almost nothing.
const MinAlpha = 0.02

// Despill recovers the actor's own colour from the studio frame. An edge
// pixel shows C = α F + (1 − α) K, actor F blended with screen K; unmix
// solves it for F. The screen's green light also falls on the actor
// itself (spill); limit caps each pixel's green at max(R, B), which no
// skin, cloth or hair in the studio needs to exceed, so the green cast
// goes and the other colours stay. It returns F [3,H,W] (0 where α <
// MinAlpha), clipped to [0, 1]; with neither step, the frame's colours.
func Despill(img, alpha *core.Tensor, key Color, unmix, limit bool) (*core.Tensor, error) {
	const op = "matting.Despill"
	if err := checkImage(op, "img", img, -1, -1); err != nil {
		return nil, err
	}
	h, w := img.Shape[1], img.Shape[2]
	if err := checkMatte(op, "alpha", alpha, h, w); err != nil {
		return nil, err
	}
	plane := h * w
	out := core.New(3, h, w)
	for i := 0; i < plane; i++ {
		a := alpha.Data[i]
		if a < MinAlpha {
			continue
		}
		var f Color
		for c := 0; c < 3; c++ {
			v := img.Data[c*plane+i]
			if unmix {
				v = (v - (1-a)*key[c]) / a
			}
			f[c] = float32(math.Min(math.Max(float64(v), 0), 1))
		}
		if limit {
			f[1] = min(f[1], max(f[0], f[2]))
		}
		for c := 0; c < 3; c++ {
			out.Data[c*plane+i] = f[c]
		}
	}
	return out, nil
}
