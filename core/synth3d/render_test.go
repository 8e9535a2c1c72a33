package synth3d

import (
	"math"
	"testing"

	"dlprep/core/geometry"
)

const testW, testH = 128, 96

func demoFrame(t testing.TB, s float64) (*Renderer, *geometry.Camera) {
	t.Helper()
	cam, err := geometry.NewCamera("synth3d", DemoIntrinsics(testW, testH), DemoPose(s))
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(testW, testH)
	if err != nil {
		t.Fatal(err)
	}
	r.Render(DemoWorld(), cam)
	return r, cam
}

// TestDemoSeesEveryObject checks the demo view: every pixel hits a surface
// (so depth is valid everywhere) and every object is on screen.
func TestDemoSeesEveryObject(t *testing.T) {
	for _, s := range []float64{-1, 0, 1} {
		r, _ := demoFrame(t, s)
		w := DemoWorld()
		seen := make([]int, w.NumObjects())
		for i, o := range r.Object {
			if o < 0 || r.Depth.Data[i] <= 0 {
				t.Fatalf("s=%v: pixel (%d,%d) hits nothing (object %d, depth %v)", s, i%testW, i/testW, o, r.Depth.Data[i])
			}
			seen[o]++
		}
		for o, n := range seen {
			if n == 0 {
				t.Errorf("s=%v: object %d is not visible", s, o)
			}
		}
	}
}

// TestUnprojectProjectRoundTrip unprojects the rendered depth map with
// geometry.UnprojectDepth and projects every point back: each must land on
// its own pixel, at its own depth.
func TestUnprojectProjectRoundTrip(t *testing.T) {
	const tolPx, tolZ = 1e-3, 1e-5
	for _, s := range []float64{-0.7, 0.4} {
		r, cam := demoFrame(t, s)
		pts, err := geometry.UnprojectDepth(r.Depth, cam.K, cam.WorldToCam)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		for i := 0; i < testW*testH; i++ {
			p := geometry.Vec3{float64(pts.Data[3*i]), float64(pts.Data[3*i+1]), float64(pts.Data[3*i+2])}
			u, v, z, ok := cam.Project(p)
			wu, wv, wz := float64(i%testW), float64(i/testW), float64(r.Depth.Data[i])
			e := math.Max(math.Abs(u-wu), math.Abs(v-wv))
			worst = math.Max(worst, e)
			if !ok || e > tolPx || math.Abs(z-wz) > tolZ*wz {
				t.Fatalf("s=%v pixel %d: projects back to (%v, %v) z=%v, want (%v, %v) z=%v", s, i, u, v, z, wu, wv, wz)
			}
		}
		t.Logf("s=%v: worst round-trip error %.2g px over %d pixels", s, worst, testW*testH)
	}
}

func BenchmarkRender(b *testing.B) {
	cam, err := geometry.NewCamera("bench", DemoIntrinsics(testW, testH), DemoPose(0.2))
	if err != nil {
		b.Fatal(err)
	}
	r, _ := NewRenderer(testW, testH)
	w := DemoWorld()
	b.ReportAllocs()
	for b.Loop() {
		r.Render(w, cam)
	}
}

// TestRenderMatchesCast checks the renderer's per-frame fast path against
// World.Cast, pixel by pixel: same object, same depth, same colour.
func TestRenderMatchesCast(t *testing.T) {
	r, cam := demoFrame(t, 0.6)
	w := DemoWorld()
	c2w := cam.CamToWorld()
	m := c2w.Rotation().Mul(cam.KInv())
	origin := c2w.Translation()
	plane := testW * testH
	for i := 0; i < plane; i++ {
		u, v := float64(i%testW), float64(i/testW)
		dir := m.MulVec(geometry.Vec3{u, v, 1})
		h := w.Cast(origin, dir)
		col := w.Shade(h)
		if h.Object != r.Object[i] || float32(h.T) != r.Depth.Data[i] ||
			col[0] != r.Color.Data[i] || col[1] != r.Color.Data[plane+i] || col[2] != r.Color.Data[2*plane+i] {
			t.Fatalf("pixel (%v,%v): Cast gives object %d t=%v colour %v, Render object %d depth %v colour %v",
				u, v, h.Object, h.T, col, r.Object[i], r.Depth.Data[i],
				[]float32{r.Color.Data[i], r.Color.Data[plane+i], r.Color.Data[2*plane+i]})
		}
	}
}
