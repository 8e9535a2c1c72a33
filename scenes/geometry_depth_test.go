package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

// The depth view's cloud is geometry.UnprojectDepth's, its followed point
// geometry.DepthToWorld's, and the pitfall's point and ghost cloud are
// the mistakes functions', all for the rendered depth map.
func TestDepthViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"camera": -0.8, "u": 10, "v": 50, "pitfall": 1}} {
		s := newView(t, newDepthView, v)
		k, pose := s.cam.K, s.cam.WorldToCam
		want, err := geometry.UnprojectDepth(s.rend.Depth, k, pose)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want.Data {
			if s.cloud.Data[i] != want.Data[i] {
				t.Fatalf("%v: cloud[%d] = %v, UnprojectDepth %v", v, i, s.cloud.Data[i], want.Data[i])
			}
		}
		d := float64(s.rend.Depth.Data[s.v*depthW+s.u])
		p, err := geometry.DepthToWorld(k, pose, float64(s.u), float64(s.v), d)
		if err != nil {
			t.Fatal(err)
		}
		if s.ray.World.Sub(p).Norm() > 1e-12 {
			t.Fatalf("%v: world point %v, DepthToWorld %v", v, s.ray.World, p)
		}
		// The chain's K⁻¹ line is K⁻¹ (u, v, 1).
		if dir := s.cam.KInv().MulVec(geometry.Vec3{float64(s.u), float64(s.v), 1}); s.ray.Dir.Sub(dir).Norm() > 1e-12 {
			t.Fatalf("%v: K⁻¹ (u, v, 1) = %v, want %v", v, s.ray.Dir, dir)
		}
		// The depth map's colours decode to the depths (inverted viridis
		// over [0, max]).
		for i := 0; i < depthW*depthH; i += 97 {
			d := float64(s.rend.Depth.Data[i])
			if d == 0 {
				continue
			}
			got := 1 - viz.Viridis.Invert(s.depBm.Img.RGBAAt(i%depthW, i/depthW))
			if math.Abs(got*s.maxDepth-d) > s.maxDepth/255+1e-6 {
				t.Fatalf("%v: depth pixel %d reads %v, depth %v", v, i, got*s.maxDepth, d)
			}
		}
		if !s.pitfall {
			continue
		}
		bad, err := mistakes.DepthToWorldNotInverted(k, pose, float64(s.u), float64(s.v), d)
		if err != nil {
			t.Fatal(err)
		}
		if s.badPoint != bad {
			t.Fatalf("pitfall point %v, mistakes %v", s.badPoint, bad)
		}
		ghost, err := mistakes.UnprojectDepthNotInverted(s.rend.Depth, k, pose)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ghost.Data {
			if s.ghost.Data[i] != ghost.Data[i] {
				t.Fatalf("ghost[%d] = %v, mistakes %v", i, s.ghost.Data[i], ghost.Data[i])
			}
		}
		if s.meanErr < 1 {
			t.Fatalf("the ghost cloud is only %v away on average: the pitfall does not show", s.meanErr)
		}
	}
}

// Clicking a pixel of the image follows it: the point shown is
// DepthToWorld's for that pixel, and hovering it inspects its cloud row.
func TestDepthViewClickAndInspect(t *testing.T) {
	s := newView(t, newDepthView, nil)
	f := &scene.Frame{Step: 3}
	c := raster.New(1280, 800, 1)
	s.Draw(c, f)
	r, ok := f.Locate(scene.Target{Group: grpDepthImage, Index: 20*depthW + 70})
	if !ok {
		t.Fatal("image pixel not marked")
	}
	if !s.Pointer(f, scene.Input{X: r.X + r.W/2, Y: r.Y + r.H/2, Clicked: true}) || s.u != 70 || s.v != 20 {
		t.Fatalf("click picked (%d, %d), want (70, 20)", s.u, s.v)
	}
	d := float64(s.rend.Depth.Data[20*depthW+70])
	p, _ := geometry.DepthToWorld(s.cam.K, s.cam.WorldToCam, 70, 20, d)
	if s.ray.World.Sub(p).Norm() > 1e-12 || !strings.Contains(s.chain[3], vecText(p)) {
		t.Fatalf("after the click the point is %v (%q), DepthToWorld %v", s.ray.World, s.chain[3], p)
	}
	in, ok := s.Inspect(f, scene.Target{Group: grpDepthMap, Index: 20*depthW + 70})
	i := 20*depthW + 70
	row := geometry.Vec3{float64(s.cloud.Data[3*i]), float64(s.cloud.Data[3*i+1]), float64(s.cloud.Data[3*i+2])}
	if !ok || in.Value != "depth "+fmtNum(d) || !strings.Contains(in.Detail, vecText(row)) {
		t.Fatalf("depth pixel inspection %+v", in)
	}
}

// The chain of numbers is never cut short, on the laptop or the phone.
func TestDepthChainNeverTruncated(t *testing.T) {
	s := newView(t, newDepthView, scene.Values{"pitfall": 1})
	for _, sz := range [][2]float64{{710, 450}, {370, 450}} {
		rec := lint.NewRecorder(sz[0], sz[1], raster.New(1, 1, 1))
		s.Draw(rec, &scene.Frame{Step: 3})
		var all strings.Builder
		for _, tx := range rec.Texts {
			if strings.Contains(tx.S, "…") {
				t.Fatalf("%v: text cut short: %q", sz, tx.S)
			}
			all.WriteString(tx.S + " ")
		}
		for _, want := range []string{vecText(s.ray.Dir), vecText(s.badPoint)} {
			parts := strings.Fields(want)
			if !strings.Contains(all.String(), parts[len(parts)-1]) {
				t.Fatalf("%v: %q not drawn", sz, want)
			}
		}
	}
	for _, kv := range s.Readout(&scene.Frame{}) {
		if strings.Contains(kv.Value, "…") {
			t.Fatalf("readout cut: %+v", kv)
		}
	}
}

func TestDepthGoldens(t *testing.T) {
	checkGolden(t, "depth_world", "014", nil, 3, 1280, 800)
	checkGolden(t, "depth_ghost_phone", "014", map[string]string{"pitfall": "extrinsic-not-inverted"}, 4, 390, 844)
}
