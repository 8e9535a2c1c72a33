package geometry

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSampleGridMatchesSample checks the eight-points-at-a-time sampler used
// by GridSample and WarpInto against Sampler.Sample bit for bit: random and
// edge coordinates (exactly ±1, pixel centres, just outside, huge, ±Inf,
// NaN), both corner conventions, one-pixel-wide images, 1 to 4 channels and
// point counts that end mid-vector.
func TestSampleGridMatchesSample(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	specials := []float32{-1, 1, 0, -1.0001, 1.0001, 0.5, -0.5, 1e30, -1e30,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	for _, tc := range []struct{ c, h, w, n int }{{1, 1, 1, 9}, {3, 5, 7, 37}, {2, 1, 6, 16}, {4, 6, 1, 15}, {3, 17, 13, 203}} {
		for _, align := range []bool{true, false} {
			s := Sampler{H: tc.h, W: tc.w, AlignCorners: align}
			src := make([]float32, tc.c*tc.h*tc.w)
			for i := range src {
				src[i] = r.Float32()*2 - 1
			}
			grid := make([]float32, 2*tc.n)
			for i := range grid {
				if r.IntN(4) == 0 {
					grid[i] = specials[r.IntN(len(specials))]
				} else {
					grid[i] = r.Float32()*2.6 - 1.3
				}
			}
			got := make([]float32, tc.c*tc.n)
			want := make([]float32, tc.c*tc.n)
			for p := s.sampleGrid8(got, tc.n, src, tc.c, grid, tc.n); p < tc.n; p++ {
				s.Sample(got[p:], tc.n, src, tc.c, grid[2*p], grid[2*p+1])
			}
			for p := 0; p < tc.n; p++ {
				s.Sample(want[p:], tc.n, src, tc.c, grid[2*p], grid[2*p+1])
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] == 0 && want[i] == 0) {
					p := i % tc.n
					t.Errorf("c=%d h=%d w=%d align=%v: point %d (%v, %v) channel %d = %v, want Sample's %v",
						tc.c, tc.h, tc.w, align, p, grid[2*p], grid[2*p+1], i/tc.n, got[i], want[i])
				}
			}
		}
	}
}
