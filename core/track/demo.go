package track

import (
	"fmt"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/synth3d"
)

// FuseRadius is how close (metres, on the ground) two cameras' points of
// one player land: a player is about half a metre across.
const FuseRadius = 0.7

// AppearanceScale is Params.Scale for the demo match: one unit of 1 − cos
// weighs like two metres.
const AppearanceScale = 2.0

// Match is a rendered match: every camera's frames, the detections and the
// fused players of each frame, and where the players really were.
type Match struct {
	Cams   []*geometry.Camera
	Images [][]*core.Tensor // [frame][camera] colour [3,H,W]
	Dets   [][]Detection    // [frame], every camera's
	Fused  [][]Fused        // [frame]
	Truth  [][]geometry.Vec3
}

// DemoMatch renders synth3d's match, n frames at w×h from the first cams
// of its cameras, and detects and fuses the players of each frame.
func DemoMatch(cams, n, w, h int, twins bool) (*Match, error) {
	if cams < 1 || cams > synth3d.MatchCameras || n < 2 || n > 200 {
		return nil, fmt.Errorf("track.DemoMatch: %d cameras (1..%d) and %d frames (2..200)", cams, synth3d.MatchCameras, n)
	}
	r, err := synth3d.NewRenderer(w, h)
	if err != nil {
		return nil, err
	}
	m := &Match{}
	for k := range cams {
		c, err := synth3d.MatchCamera(k, w, h)
		if err != nil {
			return nil, err
		}
		m.Cams = append(m.Cams, c)
	}
	for f := range n {
		world, ids := synth3d.Match(f, n, twins)
		var dets []Detection
		imgs := make([]*core.Tensor, cams)
		for k, cam := range m.Cams {
			r.Render(world, cam)
			imgs[k] = r.Color.Clone()
			d, err := Detect(r.Object, r.Color, r.Depth, cam, k, ids)
			if err != nil {
				return nil, err
			}
			dets = append(dets, d...)
		}
		fused, err := Fuse(dets, FuseRadius)
		if err != nil {
			return nil, err
		}
		truth := make([]geometry.Vec3, synth3d.MatchPlayers)
		for p := range truth {
			truth[p] = synth3d.PlayerPos(p, f, n)
		}
		m.Images, m.Dets, m.Fused, m.Truth = append(m.Images, imgs), append(m.Dets, dets), append(m.Fused, fused), append(m.Truth, truth)
	}
	return m, nil
}
