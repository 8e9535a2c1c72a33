package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/render"
	"dlprep/core/synth3d"
	"dlprep/viz"
	"dlprep/viz/scene"
)

func newCine(t testing.TB, problem string, v scene.Values) *cineView {
	t.Helper()
	return newView(t, func() *cineView { return newCineView(problem) }, v)
}

// pixelOf reads pixel i of a bitmap.
func pixelOf(b *viz.Bitmap, i int) [4]uint8 {
	w := b.Img.Rect.Dx()
	c := b.Img.RGBAAt(i%w, i/w)
	return [4]uint8{c.R, c.G, c.B, c.A}
}

// rgbOf is pixel i of a [3,H,W] image as the bitmaps draw it.
func rgbOf(t *core.Tensor, i int) [4]uint8 {
	plane := t.Shape[1] * t.Shape[2]
	return [4]uint8{dsByte(t.Data[i]), dsByte(t.Data[plane+i]), dsByte(t.Data[2*plane+i]), 255}
}

// What the 028 view shows for every camera of the path is what the
// production ops compute from the same source: synth3d's render lifted by
// render.Lift, render.Splat, render.ClassifyHoles against synth3d's render
// from the camera, render.FillHoles; the pictures decode to those tensors
// and the chart holds their counts.
func TestCineViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"splat": 1, "span": 0.5}} {
		s := newCine(t, "028", v)
		k := synth3d.DemoIntrinsics(cineW, cineH)
		r, _ := synth3d.NewRenderer(cineW, cineH)
		src, _ := geometry.NewCamera("test", k, synth3d.DemoPose(0))
		r.Render(synth3d.DemoWorld(), src)
		srcFrame := render.Frame{Color: r.Color.Clone(), Depth: r.Depth.Clone(), Cam: src}
		cloud, err := render.Lift(srcFrame.Color, srcFrame.Depth, src)
		if err != nil {
			t.Fatal(err)
		}
		if cloud.Len() != s.cloud.Len() || !equalF32(cloud.XYZ, s.cloud.XYZ) {
			t.Fatalf("%v: the view's cloud (%d points) is not render.Lift's (%d)", v, s.cloud.Len(), cloud.Len())
		}
		for _, i := range []int{0, 5, cinePath - 1} {
			cc := &s.cams[i]
			cam, _ := geometry.NewCamera("test", k, synth3d.DemoPose(cc.s))
			r.Render(synth3d.DemoWorld(), cam)
			view, err := render.Splat(cloud, cam, cineW, cineH, s.mode)
			if err != nil {
				t.Fatal(err)
			}
			kinds, _ := render.ClassifyHoles(view, r.Depth, cam, []render.Frame{srcFrame})
			filled := render.FillHoles(view)
			if !equalF32(view.Color.Data, cc.view.Color.Data) || !equalF32(filled.Data, cc.filled.Data) || !equalF32(r.Color.Data, cc.truth.Data) {
				t.Fatalf("%v camera %d: splat, fill or truth differ from core", v, i)
			}
			counts := [4]int{}
			for j, kd := range kinds {
				counts[kd]++
				if cc.kinds[j] != kd {
					t.Fatalf("%v camera %d pixel %d: kind %v, ClassifyHoles %v", v, i, j, cc.kinds[j], kd)
				}
				want := rgbOf(view.Color, j)
				if view.Hole(j) {
					want = [4]uint8{cineHoleCol.R, cineHoleCol.G, cineHoleCol.B, 255}
				}
				if got := pixelOf(&cc.bmSplat, j); got != want {
					t.Fatalf("%v camera %d pixel %d drawn %v, splat %v", v, i, j, got, want)
				}
				if kd != render.NotHole {
					if got, want := pixelOf(&cc.bmKinds, j), cineKindCols[kd]; got != [4]uint8{want.R, want.G, want.B, want.A} {
						t.Fatalf("%v camera %d pixel %d: a %v drawn %v", v, i, j, kd, got)
					}
				}
				if got := pixelOf(&cc.bmFilled, j); got != rgbOf(filled, j) {
					t.Fatalf("%v camera %d pixel %d: filled drawn %v, FillHoles %v", v, i, j, got, rgbOf(filled, j))
				}
			}
			plane := float64(cineW * cineH)
			st := s.chart.stacks[i]
			if math.Abs(st[0]-100*float64(counts[render.Disocclusion])/plane) > 1e-9 || math.Abs(st[1]-100*float64(counts[render.Crack])/plane) > 1e-9 {
				t.Errorf("%v camera %d: chart %v, counts %v", v, i, st, counts)
			}
			holes := make([]bool, len(kinds))
			for j := range holes {
				holes[j] = view.Hole(j)
			}
			e, _ := render.MeanAbsError(filled, r.Color, holes)
			if s.chart.line[i] != e {
				t.Errorf("%v camera %d: chart fill error %v, MeanAbsError %v", v, i, s.chart.line[i], e)
			}
		}
	}
}

// Holes grow away from the source and 3-D Gaussians close the cracks but
// not the disocclusions (ported from the first design scene's test).
func TestCineHolesAlongThePath(t *testing.T) {
	pts, gs := newCine(t, "028", nil), newCine(t, "028", scene.Values{"splat": 1})
	near, far := pts.cams[cinePath/2].view.HoleFraction(), pts.cams[cinePath-1].view.HoleFraction()
	if !(far > near) || far < 0.01 {
		t.Errorf("holes near the source %.4f, at the end of the path %.4f", near, far)
	}
	pc, gc := pts.cams[cinePath-1].counts, gs.cams[cinePath-1].counts
	if !(gc[render.Crack] < pc[render.Crack]/4) || gc[render.Disocclusion] < pc[render.Disocclusion]/2 {
		t.Errorf("cracks %d → %d, disocclusions %d → %d with Gaussians: want the cracks closed, the disocclusions kept",
			pc[render.Crack], gc[render.Crack], pc[render.Disocclusion], gc[render.Disocclusion])
	}
	if pts.cams[cinePath-1].fillErr <= pts.cams[cinePath/2].fillErr/2 {
		t.Errorf("fill error far %.4f, near %.4f", pts.cams[cinePath-1].fillErr, pts.cams[cinePath/2].fillErr)
	}
}

// 031: bullet time renders the world at the frozen instant; pooling the
// other frames' static points never adds holes and removes most (ported
// from the first design scene's dynamic test); the ball of frame t stays.
func TestCineBulletTime(t *testing.T) {
	s := newCine(t, "031", scene.Values{"time": 3})
	r, _ := synth3d.NewRenderer(cineW, cineH)
	better := 0
	for i := range s.cams {
		cc := &s.cams[i]
		if cc.view.Holes > cc.only.Holes {
			t.Errorf("camera %d: %d holes pooled, %d from frame 3 alone", i, cc.view.Holes, cc.only.Holes)
		}
		if cc.view.Holes < cc.only.Holes {
			better++
		}
	}
	if better < cinePath-3 {
		t.Errorf("pooling reduced the holes in %d of %d cameras", better, cinePath)
	}
	cc := &s.cams[cinePath-1]
	r.Render(s.cineWorld(3), cc.cam)
	if !equalF32(r.Color.Data, cc.truth.Data) {
		t.Fatal("the truth is not the world at the frozen instant")
	}
	masks, err := render.DynamicMask(s.frames, render.Consistency)
	if err != nil {
		t.Fatal(err)
	}
	for k := range masks {
		for i := range masks[k] {
			if masks[k][i] != s.dyn[k][i] {
				t.Fatalf("frame %d pixel %d: mask shown %v, DynamicMask %v", k, i, s.dyn[k][i], masks[k][i])
			}
		}
	}
	want, _ := render.BulletTime(s.frames, masks, 3, true)
	if want.Len() != s.cloud.Len() || !equalF32(want.XYZ, s.cloud.XYZ) {
		t.Fatalf("the cloud shown (%d points) is not render.BulletTime's (%d)", s.cloud.Len(), want.Len())
	}
	// The ball moves, and the frames' cameras pan.
	if a, b := s.cineWorld(0).Spheres[0].Center, s.cineWorld(5).Spheres[0].Center; a == b {
		t.Errorf("the ball does not move: %v", a)
	}
	if s.frames[0].Cam.WorldToCam == s.frames[5].Cam.WorldToCam {
		t.Error("the video's camera does not move")
	}
	off := newCine(t, "031", scene.Values{"time": 3, "pool": 0})
	if alone, _ := render.BulletTime(off.frames, off.dyn, 3, false); off.cloud.Len() != alone.Len() {
		t.Errorf("pooling off: %d points, frame t alone has %d", off.cloud.Len(), alone.Len())
	}
}

// The playhead is the camera: each path step shows its own camera, the
// caption, the readout and the chart's highlight agree, and there is no
// separate camera parameter to disagree with it.
func TestCinePlayheadIsTheCamera(t *testing.T) {
	for _, p := range []string{"028", "031"} {
		s := newCine(t, p, nil)
		for _, prm := range s.Params() {
			if prm.Name == "position" || prm.Name == "camera" || prm.Name == "frame" {
				t.Errorf("%s: a %q parameter can disagree with the playhead", p, prm.Name)
			}
		}
		seen := 0
		for k, st := range s.steps {
			if st != cinePathCam {
				continue
			}
			ci := s.stepCam[k]
			if ci != seen {
				t.Fatalf("%s step %d shows camera %d, want %d", p, k, ci, seen)
			}
			seen++
			f := &scene.Frame{Step: k}
			if got := s.Readout(f)[1].Value; !strings.HasPrefix(got, itoa(ci+1)+" of ") {
				t.Errorf("%s step %d: readout camera %q, want camera %d", p, k, got, ci+1)
			}
			if !strings.Contains(s.tl[k].Caption, "amera "+itoa(ci+1)+" of") {
				t.Errorf("%s step %d: caption %q does not name camera %d", p, k, s.tl[k].Caption, ci+1)
			}
			in, ok := s.Inspect(f, scene.Target{Group: grpCineSplat, Index: 0})
			if !ok || !strings.Contains(in.Name, "camera "+itoa(ci+1)+" of") {
				t.Errorf("%s step %d: inspecting the splat names %q", p, k, in.Name)
			}
		}
		if seen != cinePath {
			t.Errorf("%s: %d path steps, want %d", p, seen, cinePath)
		}
	}
}

// The ray stage shows render.PluckerRays of the far camera; the heat
// colours decode to its values, and an inspection reports them.
func TestCineRays(t *testing.T) {
	s := newCine(t, "028", nil)
	want, err := render.PluckerRays(s.cams[cinePath-1].cam, cineW, cineH)
	if err != nil {
		t.Fatal(err)
	}
	if !equalF32(want.Data, s.rays.Data) {
		t.Fatal("the rays shown are not render.PluckerRays of the far camera")
	}
	plane := cineW * cineH
	for ch := range 6 {
		lim := 1.0
		if ch >= 3 {
			lim = s.rayMax
		}
		for _, i := range []int{0, plane / 3, plane - 1} {
			got := s.hRays[ch].bm.Value(i/cineW, i%cineW, viz.BlueWhiteRed, -lim, lim)
			if w := float64(want.Data[ch*plane+i]); math.Abs(got-w) > 2*lim/255+1e-6 {
				t.Errorf("channel %d pixel %d reads %v, ray %v", ch, i, got, w)
			}
		}
	}
	f := &scene.Frame{Step: 5}
	if s.steps[5] != cineRays {
		t.Fatalf("step 5 is %v", s.steps[5])
	}
	in, ok := s.Inspect(f, scene.Target{Group: grpCineRay0 + 2, Index: 7})
	if !ok || in.Value != fmtNum(float64(want.Data[2*plane+7])) || in.Source != "render.PluckerRays" {
		t.Errorf("inspection %+v", in)
	}
}

func TestCineGoldens(t *testing.T) {
	checkGolden(t, "cine_path", "028", nil, 10, 1280, 800)
	checkGolden(t, "cine_bullet_phone", "031", nil, 3, 390, 844)
}
