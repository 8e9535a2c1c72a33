package render

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/synth3d"
)

const testW, testH = 96, 60

// shot renders the demo world (or w) from DemoPose(s).
func shot(t testing.TB, w *synth3d.World, s float64) (Frame, []int) {
	t.Helper()
	cam, err := geometry.NewCamera("test", synth3d.DemoIntrinsics(testW, testH), synth3d.DemoPose(s))
	if err != nil {
		t.Fatal(err)
	}
	r, err := synth3d.NewRenderer(testW, testH)
	if err != nil {
		t.Fatal(err)
	}
	r.Render(w, cam)
	return Frame{Color: r.Color.Clone(), Depth: r.Depth.Clone(), Cam: cam}, append([]int(nil), r.Object...)
}

// Every lifted point is problem 014's DepthToWorld of its pixel, with the
// footprint of half a pixel at its depth.
func TestLiftIsDepthToWorld(t *testing.T) {
	src, _ := shot(t, synth3d.DemoWorld(), 0)
	c, err := Lift(src.Color, src.Depth, src.Cam)
	if err != nil {
		t.Fatal(err)
	}
	lit := 0
	for _, d := range src.Depth.Data {
		if d > 0 {
			lit++
		}
	}
	if c.Len() != lit || lit == 0 {
		t.Fatalf("%d points from %d pixels with depth", c.Len(), lit)
	}
	for _, i := range []int{0, 17, c.Len() / 2, c.Len() - 1} {
		px := int(c.Pixel[i])
		d := float64(src.Depth.Data[px])
		want, err := geometry.DepthToWorld(src.Cam.K, src.Cam.WorldToCam, float64(px%testW), float64(px/testW), d)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Point(i); got.Sub(want).Norm() > 1e-5 {
			t.Errorf("point %d (pixel %d): %v, DepthToWorld %v", i, px, got, want)
		}
		if r := float64(c.Radius[i]); math.Abs(r-d/(2*src.Cam.K[0])) > 1e-7 {
			t.Errorf("point %d: radius %v at depth %v", i, r, d)
		}
		if c.RGB[3*i+1] != src.Color.Data[testW*testH+px] {
			t.Errorf("point %d: green %v, pixel's %v", i, c.RGB[3*i+1], src.Color.Data[testW*testH+px])
		}
	}
}

// Splatting into the source camera gives the source image back: points
// land on their own pixels.
func TestSplatFromTheSourceIsTheSource(t *testing.T) {
	src, _ := shot(t, synth3d.DemoWorld(), 0)
	c, _ := Lift(src.Color, src.Depth, src.Cam)
	for _, m := range []Mode{Points, Gaussians} {
		v, err := Splat(c, src.Cam, testW, testH, m)
		if err != nil {
			t.Fatal(err)
		}
		e, _ := MeanAbsError(v.Color, src.Color, nil)
		if v.Holes != 0 || (m == Points && e != 0) || e > 0.01 {
			t.Errorf("%v: %d holes, error %v against the source", m, v.Holes, e)
		}
	}
}

// pathViews splats the source into cameras at s and classifies the holes.
func pathView(t *testing.T, c *Cloud, srcs []Frame, w *synth3d.World, s float64, m Mode) (*View, []HoleKind, Frame) {
	t.Helper()
	truth, _ := shot(t, w, s)
	v, err := Splat(c, truth.Cam, testW, testH, m)
	if err != nil {
		t.Fatal(err)
	}
	kinds, err := ClassifyHoles(v, truth.Depth, truth.Cam, srcs)
	if err != nil {
		t.Fatal(err)
	}
	return v, kinds, truth
}

func count(kinds []HoleKind) map[HoleKind]int {
	n := map[HoleKind]int{}
	for _, k := range kinds {
		n[k]++
	}
	return n
}

// Holes grow as the camera swings away from the source; Gaussian splats
// close the cracks but not the disocclusions, which are the same surfaces
// whatever the splat; the classification covers exactly the holes.
func TestHolesAlongThePath(t *testing.T) {
	world := synth3d.DemoWorld()
	src, _ := shot(t, world, 0)
	c, _ := Lift(src.Color, src.Depth, src.Cam)
	srcs := []Frame{src}
	near, _, _ := pathView(t, c, srcs, world, 0.1, Points)
	far, pk, _ := pathView(t, c, srcs, world, 0.8, Points)
	farG, gk, _ := pathView(t, c, srcs, world, 0.8, Gaussians)
	if !(far.HoleFraction() > near.HoleFraction()) || far.HoleFraction() < 0.01 {
		t.Errorf("holes near the source %.4f, far %.4f: want more further away", near.HoleFraction(), far.HoleFraction())
	}
	pc, gc := count(pk), count(gk)
	t.Logf("far view, points: %v; gaussians: %v", pc, gc)
	if !(gc[Crack] < pc[Crack]/4) || pc[Crack] < 20 {
		t.Errorf("cracks: %d with points, %d with Gaussians; want Gaussians to close most", pc[Crack], gc[Crack])
	}
	if gc[Disocclusion] < 20 || math.Abs(float64(gc[Disocclusion]-pc[Disocclusion])) > 0.5*float64(pc[Disocclusion]) {
		t.Errorf("disocclusions: %d with points, %d with Gaussians; want about the same, and some", pc[Disocclusion], gc[Disocclusion])
	}
	for _, tc := range []struct {
		v     *View
		kinds []HoleKind
	}{{far, pk}, {farG, gk}} {
		for i, k := range tc.kinds {
			if (k != NotHole) != tc.v.Hole(i) {
				t.Fatalf("pixel %d: kind %v, hole %v", i, k, tc.v.Hole(i))
			}
		}
	}
}

// A disocclusion is a surface the source camera did not record: where the
// true surface point at the hole projects into the source, the source saw
// something at another depth (in front of it, or past a face seen edge-on).
func TestDisocclusionsAreHidden(t *testing.T) {
	world := synth3d.DemoWorld()
	src, _ := shot(t, world, 0)
	c, _ := Lift(src.Color, src.Depth, src.Cam)
	_, kinds, truth := pathView(t, c, []Frame{src}, world, 0.9, Gaussians)
	checked := 0
	for i, k := range kinds {
		if k != Disocclusion {
			continue
		}
		p := truth.Cam.Unproject(float64(i%testW), float64(i/testW), float64(truth.Depth.Data[i])).World
		u, v, z, _ := src.Cam.Project(p)
		seen := float64(src.Depth.Data[int(math.Round(v))*testW+int(math.Round(u))])
		if math.Abs(seen-z) <= Consistency*z {
			t.Errorf("pixel %d: the source sees depth %v where the surface is at z %v: it was recorded", i, seen, z)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no disocclusion at s = 0.9")
	}
}

// FillHoles takes, for each hole, the farther of its row neighbours; it
// leaves covered pixels alone. Rows as literal data: depth 0 is a hole.
func TestFillHolesRow(t *testing.T) {
	tests := []struct {
		name  string
		depth []float32
		red   []float32
		want  []float32
	}{
		{"background on the right", []float32{2, 0, 0, 5}, []float32{0.1, 0, 0, 0.9}, []float32{0.1, 0.9, 0.9, 0.9}},
		{"background on the left", []float32{5, 0, 2}, []float32{0.9, 0, 0.1}, []float32{0.9, 0.9, 0.1}},
		{"one side only", []float32{0, 0, 3}, []float32{0, 0, 0.5}, []float32{0.5, 0.5, 0.5}},
		{"nothing to copy", []float32{0, 0}, []float32{0, 0}, []float32{0, 0}},
	}
	for _, tc := range tests {
		w := len(tc.depth)
		v := &View{W: w, H: 1, Color: core.New(3, 1, w), Depth: core.New(1, w), Source: make([]int32, w)}
		for i, d := range tc.depth {
			v.Depth.Data[i], v.Color.Data[i] = d, tc.red[i]
			v.Source[i] = -1
			if d > 0 {
				v.Source[i] = int32(i)
			}
		}
		got := FillHoles(v)
		for i, want := range tc.want {
			if got.Data[i] != want {
				t.Errorf("%s: pixel %d red %v, want %v (row %v)", tc.name, i, got.Data[i], want, got.Data[:w])
			}
		}
	}
}

// The fill's error grows along the path, and it is smaller than leaving
// the holes black.
func TestFillError(t *testing.T) {
	world := synth3d.DemoWorld()
	src, _ := shot(t, world, 0)
	c, _ := Lift(src.Color, src.Depth, src.Cam)
	errAt := func(s float64) (filled, black float64) {
		v, _, truth := pathView(t, c, []Frame{src}, world, s, Gaussians)
		filled, _ = MeanAbsError(FillHoles(v), truth.Color, nil)
		black, _ = MeanAbsError(v.Color, truth.Color, nil)
		return
	}
	nf, _ := errAt(0.15)
	ff, fb := errAt(0.9)
	if !(ff > nf) || !(ff < fb) {
		t.Errorf("fill error near %.4f, far %.4f (holes left black %.4f)", nf, ff, fb)
	}
}

func TestMeanAbsError(t *testing.T) {
	a, _ := core.FromData([]float32{0, 1, 2, 3}, 1, 2, 2)
	b, _ := core.FromData([]float32{1, 1, 0, 3}, 1, 2, 2)
	if e, _ := MeanAbsError(a, b, nil); e != 0.75 {
		t.Errorf("all pixels: %v, want 0.75", e)
	}
	if e, _ := MeanAbsError(a, b, []bool{true, false, true, false}); e != 1.5 {
		t.Errorf("masked: %v, want 1.5", e)
	}
	if _, err := MeanAbsError(a, core.New(1, 2, 3), nil); err == nil {
		t.Error("mismatched shapes accepted")
	}
}

// Plücker coordinates: d is a unit vector, the moment is o × d and
// orthogonal to it, and a point moved along the ray keeps the moment.
func TestPluckerRays(t *testing.T) {
	src, _ := shot(t, synth3d.DemoWorld(), 0.3)
	p, err := PluckerRays(src.Cam, testW, testH)
	if err != nil {
		t.Fatal(err)
	}
	plane := testW * testH
	o := src.Cam.CamToWorld().Translation()
	for _, i := range []int{0, testW - 1, plane / 2, plane - 1} {
		d := geometry.Vec3{float64(p.Data[i]), float64(p.Data[plane+i]), float64(p.Data[2*plane+i])}
		m := geometry.Vec3{float64(p.Data[3*plane+i]), float64(p.Data[4*plane+i]), float64(p.Data[5*plane+i])}
		if math.Abs(d.Norm()-1) > 1e-6 || math.Abs(d.Dot(m)) > 1e-5 {
			t.Errorf("pixel %d: |d| = %v, d·m = %v", i, d.Norm(), d.Dot(m))
		}
		if moved := o.Add(d.Scale(2.5)).Cross(d); moved.Sub(m).Norm() > 1e-5 {
			t.Errorf("pixel %d: moment %v from a point further along the ray, %v from the centre", i, moved, m)
		}
	}
}

// rolling is the demo world with its green ball rolling across at time
// k of n.
func rolling(k, n int) *synth3d.World {
	w := synth3d.DemoWorld()
	w.Spheres[0].Center = geometry.Vec3{-1.2 + 2.4*float64(k)/float64(n-1), 0.5, 1.4}
	return w
}

const ballID = 4 // 2 planes, 2 boxes, then the rolling sphere

// video renders n frames of the rolling ball from a camera panning from
// s = -pan to pan.
func video(t *testing.T, n int, pan float64) ([]Frame, [][]int) {
	frames := make([]Frame, n)
	ids := make([][]int, n)
	for k := range frames {
		frames[k], ids[k] = shot(t, rolling(k, n), -pan+2*pan*float64(k)/float64(n-1))
	}
	return frames, ids
}

// The dynamic mask, found from depth alone, is the rolling ball.
func TestDynamicMaskFindsTheBall(t *testing.T) {
	for _, pan := range []float64{0, 0.25} {
		frames, ids := video(t, 6, pan)
		masks, err := DynamicMask(frames, Consistency)
		if err != nil {
			t.Fatal(err)
		}
		for k, m := range masks {
			inter, union := 0, 0
			for i, dyn := range m {
				ball := ids[k][i] == ballID
				if dyn && ball {
					inter++
				}
				if dyn || ball {
					union++
				}
			}
			if iou := float64(inter) / float64(max(union, 1)); iou < 0.9 {
				t.Errorf("pan %v frame %d: dynamic mask IoU with the ball %.3f (%d of %d)", pan, k, iou, inter, union)
			}
		}
	}
}

// Bullet time: the frozen instant's ball comes from its own frame only;
// pooling the other frames' static points fills holes (never adds any).
func TestBulletTimeAggregation(t *testing.T) {
	const n, tf = 6, 2
	frames, ids := video(t, n, 0.25)
	masks, _ := DynamicMask(frames, Consistency)
	only, err := BulletTime(frames, masks, tf, false)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := BulletTime(frames, masks, tf, true)
	if all.Len() <= only.Len() {
		t.Fatalf("aggregation added no points: %d vs %d", all.Len(), only.Len())
	}
	ghosts, ball := 0, 0
	for i := 0; i < all.Len(); i++ {
		f := int(all.Frame[i])
		if ids[f][all.Pixel[i]] != ballID {
			continue
		}
		if f == tf {
			ball++
		} else {
			ghosts++
		}
	}
	// The mask may miss the ball's rim where it grazes the box behind it:
	// a few ghost points of other instants, no more.
	t.Logf("ball points of frame %d: %d; of other frames (ghosts): %d", tf, ball, ghosts)
	if ghosts > ball/10 {
		t.Errorf("%d ghost points of the ball from other frames, %d of it at t", ghosts, ball)
	}
	world := rolling(tf, n)
	better := 0
	for _, s := range []float64{-0.9, -0.5, 0.5, 0.9} {
		a, _, _ := pathView(t, all, frames, world, s, Gaussians)
		o, _, _ := pathView(t, only, frames[tf:tf+1], world, s, Gaussians)
		if a.Holes > o.Holes {
			t.Errorf("s = %v: %d holes pooled, %d from frame %d alone", s, a.Holes, o.Holes, tf)
		}
		if a.Holes < o.Holes {
			better++
		}
	}
	if better < 3 {
		t.Errorf("pooling the frames reduced the holes in %d of 4 views", better)
	}
}

func TestErrors(t *testing.T) {
	src, _ := shot(t, synth3d.DemoWorld(), 0)
	bad := src.Depth.Clone()
	bad.Data[5] = float32(math.NaN())
	if _, err := Lift(src.Color, bad, src.Cam); err == nil {
		t.Error("NaN depth accepted")
	}
	if _, err := Lift(core.New(3, 2, 2), src.Depth, src.Cam); err == nil {
		t.Error("colour of another size accepted")
	}
	if _, err := Splat(&Cloud{}, src.Cam, 0, 5, Points); err == nil {
		t.Error("empty image accepted")
	}
	if _, err := BulletTime([]Frame{src}, [][]bool{nil}, 1, true); err == nil {
		t.Error("t outside the video accepted")
	}
	if _, err := DynamicMask(nil, 0.1); err == nil {
		t.Error("no frames accepted")
	}
}

func BenchmarkSplatGaussians(b *testing.B) {
	src, _ := shot(b, synth3d.DemoWorld(), 0)
	c, _ := Lift(src.Color, src.Depth, src.Cam)
	far, _ := shot(b, synth3d.DemoWorld(), 0.8)
	for b.Loop() {
		if _, err := Splat(c, far.Cam, testW, testH, Gaussians); err != nil {
			b.Fatal(err)
		}
	}
}
