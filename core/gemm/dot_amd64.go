package gemm

import "unsafe"

// sdot4 is in dot_amd64.s (AVX2+FMA, written by hand: four dot products
// sharing the loads of x, two vectors of depth per step).
//
//go:noescape
func sdot4(n int, x *float32, y *float32, ldy int, out *float32)

// haveDot says whether dot4 may use sdot4 (set from CPUID in detect).
var haveDot bool

// dot4 is x·y0 … x·y3 for the four rows of y at stride ldy.
func dot4(x, y []float32, ldy int) (float32, float32, float32, float32) {
	k := len(x)
	_ = y[3*ldy+k-1]
	var s [4]float32
	done := 0
	if haveDot {
		done = k / 16 * 16
		if done > 0 {
			sdot4(done, unsafe.SliceData(x), unsafe.SliceData(y), ldy, &s[0])
		}
	}
	for p := done; p < k; p++ {
		a := x[p]
		s[0] += a * y[p]
		s[1] += a * y[ldy+p]
		s[2] += a * y[2*ldy+p]
		s[3] += a * y[3*ldy+p]
	}
	return s[0], s[1], s[2], s[3]
}
