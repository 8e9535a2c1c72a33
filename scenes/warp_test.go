package scenes

import (
	"math"
	"slices"
	"testing"

	"dlprep/core/geometry"
)

// TestWarpSceneShowsVectorizedWarp checks the warped image and mask shown
// are geometry.VectorizedWarp's for the scene's inputs, for both sizes.
func TestWarpSceneShowsVectorizedWarp(t *testing.T) {
	for _, v := range []Values{nil, {"image": 1, "tx": -0.4, "yaw": 8}} {
		s := resetScene(t, "warp", v).(*WarpScene)
		src, depth, k, tr := s.Inputs()
		want, wantMask, err := geometry.VectorizedWarp(src, depth, k, tr)
		if err != nil {
			t.Fatal(err)
		}
		got, gotMask := s.Warped()
		if !slices.Equal(got.Data, want.Data) || !slices.Equal(gotMask.Data, wantMask.Data) {
			t.Errorf("%v: warped image or mask differs from VectorizedWarp", v)
		}
	}
}

// TestWarpSceneIdentityReproducesFrame checks that with no camera motion the
// warp of frame 1 is frame 2 (= frame 1) wherever frame 2 sees a surface.
func TestWarpSceneIdentityReproducesFrame(t *testing.T) {
	s := resetScene(t, "warp", Values{"tx": 0, "ty": 0, "tz": 0, "yaw": 0, "pitch": 0}).(*WarpScene)
	src, depth, _, _ := s.Inputs()
	got, mask := s.Warped()
	plane := s.w * s.h
	for i := range plane {
		if depth.Data[i] == 0 {
			continue
		}
		if mask.Data[i] != 1 {
			t.Fatalf("identity warp: pixel %d invalid", i)
		}
		for ch := range 3 {
			if d := math.Abs(float64(got.Data[ch*plane+i] - src.Data[ch*plane+i])); d > 1e-4 {
				t.Fatalf("identity warp: pixel %d channel %d off by %v", i, ch, d)
			}
		}
	}
}

// TestWarpSceneClickFollowsPixel clicks pixels of frame 1 and frame 2 and
// checks where the scene says they land is geometry.WarpPixel's answer.
func TestWarpSceneClickFollowsPixel(t *testing.T) {
	s := resetScene(t, "warp", nil).(*WarpScene)
	s.Draw(&countCanvas{w: 960, h: 600})
	for _, tc := range []struct{ panel, u, v int }{{0, 20, 60}, {0, 100, 30}, {1, 64, 40}, {2, 10, 70}} {
		r := s.rects[tc.panel]
		s.Update(Input{MouseX: r.X + (float64(tc.u)+0.5)/float64(s.w)*r.W, MouseY: r.Y + (float64(tc.v)+0.5)/float64(s.h)*r.H, Clicked: true}, 0)
		f, u, v, u2, v2, z2, _ := s.Followed()
		wantF := 1
		from, tm := s.r1, s.t12
		if tc.panel > 0 {
			wantF, from, tm = 2, s.r2, s.t21
		}
		if f != wantF || u != tc.u || v != tc.v {
			t.Fatalf("click on panel %d pixel (%d,%d) selected frame %d (%d,%d)", tc.panel, tc.u, tc.v, f, u, v)
		}
		wu, wv, wz, err := geometry.WarpPixel(s.k, tm, float64(u), float64(v), float64(from.Depth.Data[v*s.w+u]))
		if err != nil {
			t.Fatal(err)
		}
		if u2 != wu || v2 != wv || z2 != wz {
			t.Errorf("pixel (%d,%d) of frame %d lands at (%v,%v,%v), WarpPixel says (%v,%v,%v)", u, v, f, u2, v2, z2, wu, wv, wz)
		}
	}
}

// TestWarpScenePitfallOnlyOnNonSquare checks the u/v-swap pitfall changes
// the wide image and leaves the square one identical.
func TestWarpScenePitfallOnlyOnNonSquare(t *testing.T) {
	for _, tc := range []struct {
		image  float64
		differ bool
	}{{0, true}, {1, false}} {
		s := resetScene(t, "warp", Values{"pitfall_swap_uv": 1, "image": tc.image}).(*WarpScene)
		good, _ := s.Warped()
		if differ := !slices.Equal(good.Data, s.Pitfall()); differ != tc.differ {
			t.Errorf("%dx%d: pitfall differs = %v, want %v", s.w, s.h, differ, tc.differ)
		}
	}
}

func BenchmarkScene_warp(b *testing.B) { benchScene(b, "warp", nil) }

// TestWarpScenePlayingWalksThePixel plays the scene: the followed pixel
// walks across frame 1 (back and forth, pass by pass), and wherever it is,
// the landing point shown is geometry.WarpPixel's.
func TestWarpScenePlayingWalksThePixel(t *testing.T) {
	s := resetScene(t, "warp", nil).(*WarpScene)
	seen := map[[2]int]bool{}
	for i := 0; i < 200; i++ {
		s.Update(Input{}, 1.0/30)
		f, u, v, u2, v2, z2, _ := s.Followed()
		if f != 1 {
			t.Fatalf("frame %d: following frame %d, want 1", i, f)
		}
		seen[[2]int{u, v}] = true
		wu, wv, wz, err := geometry.WarpPixel(s.k, s.t12, float64(u), float64(v), float64(s.r1.Depth.Data[v*s.w+u]))
		if err != nil {
			t.Fatal(err)
		}
		if u2 != wu || v2 != wv || z2 != wz {
			t.Fatalf("frame %d: pixel (%d,%d) lands at (%v,%v,%v), WarpPixel says (%v,%v,%v)", i, u, v, u2, v2, z2, wu, wv, wz)
		}
	}
	// 200 frames at 24 px/s walk 160 pixels: past the 128-px first pass.
	if len(seen) < 100 {
		t.Errorf("the probe visited %d pixels in 200 frames, want it to keep moving", len(seen))
	}
	rows := map[int]bool{}
	for p := range seen {
		rows[p[1]] = true
	}
	if len(rows) < 2 {
		t.Errorf("the probe stayed on %d row(s); it should start a new pass", len(rows))
	}
}
