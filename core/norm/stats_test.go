package norm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStatsHelpers compares the lane-parallel sums with a plain float64 loop
// on lengths around the 32-lane and 8-lane block sizes, and on values whose
// float32 squares overflow (the helpers must fall back, not report Inf).
func TestStatsHelpers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 7, 8, 31, 32, 33, 63, 64, 100, 768, 3136} {
		for _, scale := range []float32{1, 1e25} {
			x := make([]float32, n)
			w, b := make([]float32, n), make([]float32, n)
			for i := range x {
				x[i] = (r.Float32()*2 - 1 + 3) * scale
				w[i], b[i] = r.Float32()+0.5, r.Float32()-0.5
			}
			var s, q float64
			for _, v := range x {
				s += float64(v)
			}
			m32 := float32(s / float64(n))
			for _, v := range x {
				d := float64(v) - float64(m32)
				q += d * d
			}
			if got := sumF(x); math.Abs(got-s) > 1e-5*math.Abs(s) {
				t.Errorf("sumF(n=%d, scale=%g) = %g, want %g", n, scale, got, s)
			}
			if got := sqDevF(x, m32); math.IsInf(got, 0) || math.Abs(got-q) > 1e-4*q+1e-30 {
				t.Errorf("sqDevF(n=%d, scale=%g) = %g, want %g", n, scale, got, q)
			}
			if scale != 1 {
				continue
			}
			dst, dst2 := make([]float32, n), make([]float32, n)
			normRow(dst, x, w, b, m32, 0.7)
			scaleShift(dst2, x, m32, 0.7, 0.25)
			for i, v := range x {
				if want := (v-m32)*0.7*w[i] + b[i]; math.Abs(float64(dst[i]-want)) > 1e-6 {
					t.Errorf("normRow(n=%d)[%d] = %v, want %v", n, i, dst[i], want)
				}
				if want := (v-m32)*0.7 + 0.25; math.Abs(float64(dst2[i]-want)) > 1e-6 {
					t.Errorf("scaleShift(n=%d)[%d] = %v, want %v", n, i, dst2[i], want)
				}
			}
		}
	}
}
