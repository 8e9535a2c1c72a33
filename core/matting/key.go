package matting

import (
	"fmt"
	"math"
	"sort"

	"dlprep/core"
)

// Color is a linear RGB colour.
type Color = [3]float32

// checkImage validates a [3,H,W] image of finite values.
func checkImage(op, name string, img *core.Tensor, h, w int) error {
	if err := core.CheckShape(op, name, img, "[3,H,W]", 3, h, w); err != nil {
		return err
	}
	return core.CheckFinite(op, name, img)
}

// checkMatte validates an [H,W] matte of values in [0, 1].
func checkMatte(op, name string, m *core.Tensor, h, w int) error {
	if err := core.CheckShape(op, name, m, "[H,W]", h, w); err != nil {
		return err
	}
	for i, a := range m.Data {
		if !(a >= 0 && a <= 1) {
			return fmt.Errorf("%s: %s[%d,%d] = %v is outside [0, 1]", op, name, i/m.Shape[1], i%m.Shape[1], a)
		}
	}
	return nil
}

// EstimateKey samples the backdrop's colour: the per-channel median of the
// image's top two rows, which a framed actor leaves to the screen.
func EstimateKey(img *core.Tensor) (Color, error) {
	const op = "matting.EstimateKey"
	if err := checkImage(op, "img", img, -1, -1); err != nil {
		return Color{}, err
	}
	h, w := img.Shape[1], img.Shape[2]
	n := min(2, h) * w
	var key Color
	vals := make([]float32, n)
	for c := 0; c < 3; c++ {
		copy(vals, img.Data[c*h*w:c*h*w+n])
		sort.Slice(vals, func(i, j int) bool { return vals[i] < vals[j] })
		key[c] = vals[n/2]
	}
	return key, nil
}

// Greenness is how much greener than its other channels a colour is, as
// a share of its green: (G − max(R, B)) / G. It ignores brightness, so a
// shadow on the screen is as green as the lit screen (0 for a colour with
// no green).
func Greenness(c Color) float64 {
	if c[1] <= 1e-4 {
		return 0
	}
	return float64(c[1]-max(c[0], c[2])) / float64(c[1])
}

// KeyOptions are the keyer's settings. A pixel whose greenness is at most
// Low times the key's is foreground (α = 1), at least High times it
// background (α = 0), and in between α falls linearly.
type KeyOptions struct {
	Key       Color
	Low, High float64
}

// Default keyer thresholds.
const (
	DefaultLow  = 0.3
	DefaultHigh = 0.8
)

// Key estimates the alpha matte [H,W] of img [3,H,W] from colour alone,
// a colour-difference keyer: α = 1 − clip((g/g_key − Low)/(High − Low)),
// with g the pixel's greenness and g_key the key's. It keys out the
// screen's shadows with the screen, blends along edges, and keys out
// whatever on the actor is as green as the screen.
func Key(img *core.Tensor, o KeyOptions) (*core.Tensor, error) {
	const op = "matting.Key"
	if err := checkImage(op, "img", img, -1, -1); err != nil {
		return nil, err
	}
	gk := Greenness(o.Key)
	if !(gk > 0.05) {
		return nil, fmt.Errorf("%s: key colour %v is not green enough (greenness %.3f)", op, o.Key, gk)
	}
	if !(o.Low >= 0 && o.Low < o.High && o.High <= 1.5) {
		return nil, fmt.Errorf("%s: thresholds Low = %v, High = %v must satisfy 0 ≤ Low < High ≤ 1.5", op, o.Low, o.High)
	}
	h, w := img.Shape[1], img.Shape[2]
	plane := h * w
	alpha := core.New(h, w)
	for i := 0; i < plane; i++ {
		g := Greenness(Color{img.Data[i], img.Data[plane+i], img.Data[2*plane+i]}) / gk
		alpha.Data[i] = float32(1 - math.Min(math.Max((g-o.Low)/(o.High-o.Low), 0), 1))
	}
	return alpha, nil
}

// MatteError compares an estimated matte with the true one: the mean
// absolute error over all pixels, and the intersection over union of the
// two at α > 0.5.
func MatteError(alpha, truth *core.Tensor) (mae, iou float64, err error) {
	const op = "matting.MatteError"
	if err := checkMatte(op, "alpha", alpha, -1, -1); err != nil {
		return 0, 0, err
	}
	if err := checkMatte(op, "truth", truth, alpha.Shape[0], alpha.Shape[1]); err != nil {
		return 0, 0, err
	}
	inter, union := 0, 0
	for i, a := range alpha.Data {
		t := truth.Data[i]
		mae += math.Abs(float64(a - t))
		if a > 0.5 && t > 0.5 {
			inter++
		}
		if a > 0.5 || t > 0.5 {
			union++
		}
	}
	mae /= float64(len(alpha.Data))
	iou = 1
	if union > 0 {
		iou = float64(inter) / float64(union)
	}
	return mae, iou, nil
}
