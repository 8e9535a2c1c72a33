package matting

import (
	"math"

	"dlprep/core"
	"dlprep/core/synth3d"
)

// Shoot is a synthetic green-screen shoot rendered by synth3d: the
// pipeline's inputs, and the renders it is judged against.
type Shoot struct {
	In Inputs
	// Studio is the studio frame (its Cover is the true matte, its
	// Unspilled the actor without spill); Plate the empty set; Truth the
	// actor really standing in the set under its light, the composite's
	// ground truth; the probes the probe ball alone in each place.
	Studio, Plate, Truth, StudioProbe, SetProbe *synth3d.Shot
}

// DemoShoot renders the studio and the set of synth3d.GreenStudio and
// synth3d.NewSet at w×h, the set lit from setAngle degrees, the actor with
// or without the green scarf.
func DemoShoot(w, h int, scarf bool, setAngle float64) (*Shoot, error) {
	cam, err := synth3d.StudioCamera(w, h)
	if err != nil {
		return nil, err
	}
	studioLight, setLight := synth3d.StudioLighting(), synth3d.SetLighting(setAngle)
	shot := func(st synth3d.Stage, l synth3d.Lighting) (*synth3d.Shot, error) {
		return synth3d.RenderShot(st.World, cam, l, w, h, st.Actor)
	}
	s := &Shoot{}
	if s.Studio, err = shot(synth3d.GreenStudio(true, scarf, false), studioLight); err != nil {
		return nil, err
	}
	if s.Plate, err = shot(synth3d.NewSet(false, false, false), setLight); err != nil {
		return nil, err
	}
	if s.Truth, err = shot(synth3d.NewSet(true, scarf, false), setLight); err != nil {
		return nil, err
	}
	sp, pp := synth3d.GreenStudio(false, false, true), synth3d.NewSet(false, false, true)
	if s.StudioProbe, err = shot(sp, studioLight); err != nil {
		return nil, err
	}
	if s.SetProbe, err = shot(pp, setLight); err != nil {
		return nil, err
	}
	mask := func(obj []int, id int) []bool {
		m := make([]bool, len(obj))
		for i, o := range obj {
			m[i] = o == id
		}
		return m
	}
	s.In = Inputs{
		Studio: s.Studio.Color, StudioNormals: s.Studio.Normal,
		Plate: s.Plate.Color, PlateDepth: s.Plate.Depth, Cam: cam,
		StudioProbe: s.StudioProbe.Color, StudioProbeNormals: s.StudioProbe.Normal, StudioProbeMask: mask(s.StudioProbe.Object, sp.Probe),
		SetProbe: s.SetProbe.Color, SetProbeNormals: s.SetProbe.Normal, SetProbeMask: mask(s.SetProbe.Object, pp.Probe),
		ProbeAlbedo: synth3d.ProbeAlbedo,
	}
	return s, nil
}

// ShadowTruth is the shadow the actor really casts in the set: per pixel
// the share of the plate's brightness that the truth render lacks,
// 1 − lum(truth)/lum(plate), clipped to [0, 1], where the actor does not
// cover the pixel (0 where it does).
func (s *Shoot) ShadowTruth() *core.Tensor {
	h, w := s.Plate.H, s.Plate.W
	plane := h * w
	out := core.New(h, w)
	lum := func(t *core.Tensor, i int) float64 {
		return 0.2126*float64(t.Data[i]) + 0.7152*float64(t.Data[plane+i]) + 0.0722*float64(t.Data[2*plane+i])
	}
	for i := 0; i < plane; i++ {
		if s.Truth.Cover.Data[i] > 0 {
			continue
		}
		if p := lum(s.Plate.Color, i); p > 1e-6 {
			out.Data[i] = float32(math.Min(math.Max(1-lum(s.Truth.Color, i)/p, 0), 1))
		}
	}
	return out
}
