package matting

import (
	"fmt"

	"dlprep/core"
	"dlprep/core/geometry"
)

// Composite lays the actor (colour fg [3,H,W], opacity alpha [H,W]) and a
// black shadow (opacity shadow [H,W]) over the plate [3,H,W], front to
// back through geometry.AlphaComposite, problem 005's op: per pixel three
// samples of opacities (α, s, 1), so the plate shows through as
// (1 − α)(1 − s). It returns the composite [3,H,W].
func Composite(fg, alpha, shadow, plate *core.Tensor) (*core.Tensor, error) {
	const op = "matting.Composite"
	if err := checkImage(op, "plate", plate, -1, -1); err != nil {
		return nil, err
	}
	h, w := plate.Shape[1], plate.Shape[2]
	if err := checkImage(op, "fg", fg, h, w); err != nil {
		return nil, err
	}
	if err := checkMatte(op, "alpha", alpha, h, w); err != nil {
		return nil, err
	}
	if err := checkMatte(op, "shadow", shadow, h, w); err != nil {
		return nil, err
	}
	plane := h * w
	colors, opac := core.New(plane, 3, 3), core.New(plane, 3, 1)
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			colors.Data[i*9+c] = fg.Data[c*plane+i]
			colors.Data[i*9+6+c] = plate.Data[c*plane+i]
		}
		opac.Data[i*3], opac.Data[i*3+1], opac.Data[i*3+2] = alpha.Data[i], shadow.Data[i], 1
	}
	out, _, err := geometry.AlphaComposite(colors, opac)
	if err != nil {
		return nil, err
	}
	img := core.New(3, h, w)
	for i := 0; i < plane; i++ {
		for c := 0; c < 3; c++ {
			img.Data[c*plane+i] = out.Data[3*i+c]
		}
	}
	return img, nil
}

// Inputs are what the green-screen pipeline starts from: the studio frame
// and the actor's normals (a network's estimate), the set's plate and its
// depth, the one camera of both, and a shot of the grey probe ball in
// each place with its pixels and normals.
type Inputs struct {
	Studio, StudioNormals *core.Tensor // [3,H,W]
	Plate                 *core.Tensor // [3,H,W]
	PlateDepth            *core.Tensor // [H,W]
	Cam                   *geometry.Camera
	StudioProbe, SetProbe *core.Tensor // [3,H,W]
	StudioProbeNormals    *core.Tensor // [3,H,W]
	SetProbeNormals       *core.Tensor // [3,H,W]
	StudioProbeMask       []bool
	SetProbeMask          []bool
	ProbeAlbedo           float64
}

// Options choose the keyer's thresholds and which stages run; a stage
// turned off passes its input through (no despill: the frame's colours;
// no relight: the studio's light; no shadow: none).
type Options struct {
	Low, High                float64
	Despill, Relight, Shadow bool
	// Softness is the set light's assumed angular radius (radians).
	Softness float64
}

// DefaultOptions run every stage.
var DefaultOptions = Options{Low: DefaultLow, High: DefaultHigh, Despill: true, Relight: true, Shadow: true, Softness: 0.06}

// Trace is every stage of one run of the pipeline.
type Trace struct {
	Key         Color        // the backdrop's colour, sampled
	Alpha       *core.Tensor // [H,W] the keyed matte
	Foreground  *core.Tensor // [3,H,W] the actor's colour after despill
	StudioLight Light        // estimated from the studio's probe
	SetLight    Light        // estimated from the set's probe
	Relit       *core.Tensor // [3,H,W] the actor under the set's light
	Billboard   Billboard    // the matte stood up at the feet
	Occlusion   *core.Tensor // [H,W] the light the billboard blocks
	ShadowAlpha *core.Tensor // [H,W] the shadow layer's opacity
	Composite   *core.Tensor // [3,H,W] actor, shadow and plate blended
}

// Run keys, despills, estimates both lights, relights, synthesises the
// shadow and composites, keeping every stage.
func Run(in Inputs, o Options) (*Trace, error) {
	const op = "matting.Run"
	if in.Studio == nil || in.Plate == nil || in.PlateDepth == nil || in.Cam == nil {
		return nil, fmt.Errorf("%s: the studio frame, the plate, its depth and the camera are required", op)
	}
	tr := &Trace{}
	var err error
	if tr.Key, err = EstimateKey(in.Studio); err != nil {
		return nil, err
	}
	if tr.Alpha, err = Key(in.Studio, KeyOptions{Key: tr.Key, Low: o.Low, High: o.High}); err != nil {
		return nil, err
	}
	if tr.Foreground, err = Despill(in.Studio, tr.Alpha, tr.Key, o.Despill, o.Despill); err != nil {
		return nil, err
	}
	if tr.StudioLight, err = EstimateLight(in.StudioProbe, in.StudioProbeNormals, in.StudioProbeMask, in.ProbeAlbedo); err != nil {
		return nil, fmt.Errorf("studio probe: %w", err)
	}
	if tr.SetLight, err = EstimateLight(in.SetProbe, in.SetProbeNormals, in.SetProbeMask, in.ProbeAlbedo); err != nil {
		return nil, fmt.Errorf("set probe: %w", err)
	}
	tr.Relit = tr.Foreground
	if o.Relight {
		if tr.Relit, err = Relight(tr.Foreground, in.StudioNormals, tr.Alpha, tr.StudioLight, tr.SetLight); err != nil {
			return nil, err
		}
	}
	if tr.Billboard, err = StandUp(tr.Alpha, in.Cam); err != nil {
		return nil, err
	}
	h, w := tr.Alpha.Shape[0], tr.Alpha.Shape[1]
	tr.Occlusion, tr.ShadowAlpha = core.New(h, w), core.New(h, w)
	if o.Shadow {
		if tr.Occlusion, tr.ShadowAlpha, err = Shadow(tr.Alpha, in.PlateDepth, in.Cam, tr.Billboard, tr.SetLight, o.Softness); err != nil {
			return nil, err
		}
	}
	if tr.Composite, err = Composite(tr.Relit, tr.Alpha, tr.ShadowAlpha, in.Plate); err != nil {
		return nil, err
	}
	return tr, nil
}
