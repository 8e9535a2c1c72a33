package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

// Problem 015's followed pixel is geometry.WarpPixel's, the pitfall's
// mistakes.WarpPixelUndivided's, and every rebuilt pixel is frame 2
// sampled where WarpPixel sends it.
func TestWarpPixelViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"u": 20, "v": 10, "camera2": 0.8, "pitfall": 1}} {
		s := newView(t, func() *warpView { return newWarpView("015") }, v)
		d := float64(s.r1.Depth.Data[s.v1*s.w+s.u1])
		u2, v2, z2, err := geometry.WarpPixel(s.cam1.K, s.t12, float64(s.u1), float64(s.v1), d)
		if err != nil {
			t.Fatal(err)
		}
		if s.pw.U2 != u2 || s.pw.V2 != v2 || s.pw.Z2 != z2 {
			t.Fatalf("%v: shown (%v, %v, %v), WarpPixel (%v, %v, %v)", v, s.pw.U2, s.pw.V2, s.pw.Z2, u2, v2, z2)
		}
		// Every valid pixel of the rebuilt frame is frame 2 at its landing.
		n := s.w * s.h
		checked := 0
		for i := 0; i < n; i += 37 {
			if !s.valid[i] {
				continue
			}
			a, b, _, err := geometry.WarpPixel(s.cam1.K, s.t12, float64(i%s.w), float64(i/s.w), float64(s.r1.Depth.Data[i]))
			if err != nil {
				t.Fatal(err)
			}
			g := core.New(1, 1, 1, 2)
			g.Data[0], g.Data[1] = float32(2*a/float64(s.w-1)-1), float32(2*b/float64(s.h-1)-1)
			want, err := geometry.GridSample(&core.Tensor{Shape: []int{1, 3, s.h, s.w}, Data: s.r2.Color.Data}, g, true)
			if err != nil {
				t.Fatal(err)
			}
			for ch := range 3 {
				if got := s.rebuilt.Data[ch*n+i]; got != want.Data[ch] {
					t.Fatalf("%v: rebuilt pixel %d channel %d = %v, frame 2 at (%v, %v) = %v", v, i, ch, got, a, b, want.Data[ch])
				}
			}
			checked++
		}
		if checked < 20 {
			t.Fatalf("%v: only %d valid pixels checked", v, checked)
		}
		if s.pitfall == "" {
			continue
		}
		bu, bv, _, err := mistakes.WarpPixelUndivided(s.cam1.K, s.t12, float64(s.u1), float64(s.v1), d)
		if err != nil {
			t.Fatal(err)
		}
		if s.badU != bu || s.badV != bv {
			t.Fatalf("pitfall pixel (%v, %v), mistakes (%v, %v)", s.badU, s.badV, bu, bv)
		}
		if s.badValidPct > s.validPct/4 || s.badErrMean <= s.errMean {
			t.Fatalf("pitfall valid %v%% error %v against right %v%% %v: the pitfall's own numbers do not show it", s.badValidPct, s.badErrMean, s.validPct, s.errMean)
		}
	}
}

// With both cameras in one place every pixel lands on itself: the rebuilt
// frame is frame 1 wherever there is a surface.
func TestWarpPixelIdentityRebuildsFrame(t *testing.T) {
	s := newView(t, func() *warpView { return newWarpView("015") }, scene.Values{"camera2": -0.3})
	n := s.w * s.h
	for i := range n {
		if !s.valid[i] {
			continue
		}
		for ch := range 3 {
			if d := math.Abs(float64(s.rebuilt.Data[ch*n+i] - s.r1.Color.Data[ch*n+i])); d > 1e-4 {
				t.Fatalf("pixel %d channel %d differs by %v", i, ch, d)
			}
		}
	}
	if s.validPct < 95 {
		t.Fatalf("only %v%% valid without motion", s.validPct)
	}
}

// A click on frame 1 follows that pixel.
func TestWarpPixelClickFollows(t *testing.T) {
	s := newView(t, func() *warpView { return newWarpView("015") }, nil)
	f := &scene.Frame{Step: 3}
	s.Draw(raster.New(1280, 800, 1), f)
	idx := 30*s.w + 40
	r, ok := f.Locate(scene.Target{Group: grpWarpF1, Index: idx})
	if !ok || !s.Pointer(f, scene.Input{X: r.X + r.W/2, Y: r.Y + r.H/2, Clicked: true}) {
		t.Fatal("click on frame 1 not taken")
	}
	u2, v2, _, err := geometry.WarpPixel(s.cam1.K, s.t12, 40, 30, float64(s.r1.Depth.Data[idx]))
	if err != nil || s.u1 != 40 || s.v1 != 30 || s.pw.U2 != u2 || s.pw.V2 != v2 {
		t.Fatalf("after the click: (%d, %d) → (%v, %v); WarpPixel (%v, %v), %v", s.u1, s.v1, s.pw.U2, s.pw.V2, u2, v2, err)
	}
}

// Problem 016's warped image and mask are geometry.VectorizedWarp's; the
// grid shown samples to them; the pitfall's are
// mistakes.VectorizedWarpUVSwap's, which a square image hides.
func TestVectorizedWarpViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"pitfall": 1, "image": 1}} {
		s := newView(t, func() *warpView { return newWarpView("016") }, v)
		warped, mask, err := geometry.VectorizedWarp(s.src, s.depth, s.kT, s.tT)
		if err != nil {
			t.Fatal(err)
		}
		for i := range warped.Data {
			if s.warped.Data[i] != warped.Data[i] {
				t.Fatalf("%v: warped[%d] = %v, VectorizedWarp %v", v, i, s.warped.Data[i], warped.Data[i])
			}
		}
		sampled, err := geometry.GridSample(s.src, s.grid, true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range sampled.Data {
			if math.Abs(float64(sampled.Data[i]-warped.Data[i])) > 1e-6 {
				t.Fatalf("%v: the grid shown samples %v at %d, VectorizedWarp %v", v, sampled.Data[i], i, warped.Data[i])
			}
		}
		for i := range mask.Data {
			if s.hmask.vals[i] != mask.Data[i] {
				t.Fatalf("%v: mask cell %d shows %v, VectorizedWarp %v", v, i, s.hmask.vals[i], mask.Data[i])
			}
			if s.hgx.vals[i] != s.grid.Data[2*i] || s.hgy.vals[i] != s.grid.Data[2*i+1] {
				t.Fatalf("%v: grid cell %d shows (%v, %v), grid (%v, %v)", v, i, s.hgx.vals[i], s.hgy.vals[i], s.grid.Data[2*i], s.grid.Data[2*i+1])
			}
			if got := s.hgx.bm.Value(i/s.w, i%s.w, viz.BlueWhiteRed, -1.5, 1.5); math.Abs(got-math.Max(-1.5, math.Min(1.5, float64(s.grid.Data[2*i])))) > 2*3.0/255+1e-6 {
				t.Fatalf("%v: grid x cell %d reads %v, grid %v", v, i, got, s.grid.Data[2*i])
			}
			if u := int(s.hu.vals[i]); u != i%s.w {
				t.Fatalf("%v: u of pixel %d shows %d", v, i, u)
			}
		}
		if s.pitfall == "" {
			continue
		}
		bw, bm, err := mistakes.VectorizedWarpUVSwap(s.src, s.depth, s.kT, s.tT)
		if err != nil {
			t.Fatal(err)
		}
		same := true
		for i := range bw.Data {
			if s.badWarped.Data[i] != bw.Data[i] {
				t.Fatalf("%v: pitfall warped[%d] = %v, mistakes %v", v, i, s.badWarped.Data[i], bw.Data[i])
			}
			same = same && bw.Data[i] == warped.Data[i]
		}
		for i := range bm.Data {
			if s.hbmask.vals[i] != bm.Data[i] {
				t.Fatalf("%v: pitfall mask %d shows %v, mistakes %v", v, i, s.hbmask.vals[i], bm.Data[i])
			}
		}
		if square := s.w == s.h; same != square {
			t.Fatalf("%v: %dx%d image, pitfall equal to the right warp: %v", v, s.h, s.w, same)
		}
		if s.w != s.h && s.badErrMean < 3*s.errMean {
			t.Fatalf("pitfall error %v not well above the right %v", s.badErrMean, s.errMean)
		}
	}
}

func TestWarpGoldens(t *testing.T) {
	checkGolden(t, "warp_pixel_undivided", "015", map[string]string{"pitfall": "no-divide-by-z"}, 3, 1280, 800)
	checkGolden(t, "warp_all_phone", "015", nil, 4, 390, 844)
	checkGolden(t, "vectorized_warp_swap", "016", map[string]string{"pitfall": "meshgrid-uv-swap"}, 3, 1280, 800)
}
