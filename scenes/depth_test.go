package scenes

import (
	"math"
	"slices"
	"testing"

	"dlprep/core/geometry"
)

// TestDepthSceneClickShowsCoreWorldPoint clicks pixels of the colour and
// depth images and checks the world point shown is geometry.DepthToWorld's
// for that pixel and its rendered depth.
func TestDepthSceneClickShowsCoreWorldPoint(t *testing.T) {
	for _, v := range []Values{nil, {"focal": 0.5, "camera": -0.8, "cx_offset": 12}, {"height": 3.2, "cy_offset": -20}} {
		s := resetScene(t, "depth", v).(*DepthScene)
		s.Draw(&countCanvas{w: 960, h: 600})
		k, pose := s.Camera()
		for _, px := range [][2]int{{10, 80}, {64, 48}, {120, 20}} {
			for _, r := range []struct {
				name string
				rect func() (x, y, w, h float64)
			}{{"colour", func() (float64, float64, float64, float64) { return s.colR.X, s.colR.Y, s.colR.W, s.colR.H }},
				{"depth", func() (float64, float64, float64, float64) { return s.depR.X, s.depR.Y, s.depR.W, s.depR.H }}} {
				x, y, w, h := r.rect()
				cx := x + (float64(px[0])+0.5)/depthW*w
				cy := y + (float64(px[1])+0.5)/depthH*h
				s.Update(Input{MouseX: cx, MouseY: cy, Clicked: true}, 0)
				u, vv, d, got := s.Clicked()
				if u != px[0] || vv != px[1] {
					t.Fatalf("%v: click on %s pixel %v selected (%d, %d)", v, r.name, px, u, vv)
				}
				if want := float64(s.DepthMap().Data[vv*depthW+u]); d != want {
					t.Errorf("depth shown %v, rendered %v", d, want)
				}
				want, err := geometry.DepthToWorld(k, pose, float64(u), float64(vv), d)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%v pixel %v: world point shown %v, DepthToWorld %v", v, px, got, want)
				}
			}
		}
	}
}

// TestDepthSceneCloudIsCore checks the point cloud drawn is UnprojectDepth's
// output, and that the pitfall cloud differs from it.
func TestDepthSceneCloudIsCore(t *testing.T) {
	s := resetScene(t, "depth", nil).(*DepthScene)
	k, pose := s.Camera()
	want, err := geometry.UnprojectDepth(s.DepthMap(), k, pose)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Cloud().Data, want.Data) {
		t.Errorf("cloud differs from UnprojectDepth")
	}
	p := resetScene(t, "depth", Values{"pitfall_no_inverse": 1}).(*DepthScene)
	maxd := 0.0
	for i := range want.Data {
		maxd = math.Max(maxd, math.Abs(float64(p.Cloud().Data[i]-want.Data[i])))
	}
	if maxd < 1 {
		t.Errorf("pitfall cloud within %v of the right one: it shows nothing", maxd)
	}
}

// TestDepthSceneOrbit checks playing and dragging move the orbit camera.
func TestDepthSceneOrbit(t *testing.T) {
	s := resetScene(t, "depth", nil).(*DepthScene)
	c := &countCanvas{w: 960, h: 600}
	s.Draw(c)
	az := s.orbit.az
	s.Update(Input{}, 0.5)
	if d := s.orbit.az - az; math.Abs(d-0.5*orbitSpeed) > 1e-9 {
		t.Errorf("0.5 s of play turned the orbit by %v, want %v", d, 0.5*orbitSpeed)
	}
	r := s.orbR
	az = s.orbit.az
	s.Update(Input{MouseX: r.X + 10, MouseY: r.Y + 10, Dragging: true}, 0)
	s.Update(Input{MouseX: r.X + 60, MouseY: r.Y + 10, Dragging: true}, 0)
	if d := s.orbit.az - az; math.Abs(d-0.5) > 1e-9 {
		t.Errorf("dragging 50 px turned the orbit by %v, want 0.5", d)
	}
}

func BenchmarkScene_depth(b *testing.B) { benchScene(b, "depth", nil) }
