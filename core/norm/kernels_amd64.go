//go:build amd64

package norm

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// useAVX2 selects the vector loops; the assembly needs AVX2 and FMA.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func sumAVX2(x *float32, n int) float32

//go:noescape
func sqDevAVX2(x *float32, n int, m float32) float32

//go:noescape
func affineAVX2(dst, x, w, b *float32, n int, m, inv float32)

//go:noescape
func scaleShiftAVX2(dst, x *float32, n int, m, a, d float32)

// sum32 returns the float32 sum of x, 32 lanes at a time, and how many
// leading elements it covered (a multiple of 32; 0 without AVX2).
func sum32(x []float32) (float32, int) {
	n := len(x) &^ 31
	if !useAVX2 || n == 0 {
		return 0, 0
	}
	return sumAVX2(unsafe.SliceData(x), n), n
}

// sqDev32 is sum32 of (x-m)².
func sqDev32(x []float32, m float32) (float32, int) {
	n := len(x) &^ 31
	if !useAVX2 || n == 0 {
		return 0, 0
	}
	return sqDevAVX2(unsafe.SliceData(x), n, m), n
}

// affine8 writes dst[i] = (x[i]-m)·inv·w[i] + b[i] for the leading multiple
// of 8 elements and returns how many it wrote. All slices have len(x).
func affine8(dst, x, w, b []float32, m, inv float32) int {
	n := len(x) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _, _ = dst[n-1], w[n-1], b[n-1]
	affineAVX2(unsafe.SliceData(dst), unsafe.SliceData(x), unsafe.SliceData(w), unsafe.SliceData(b), n, m, inv)
	return n
}

// scaleShift8 writes dst[i] = (x[i]-m)·a + d like affine8.
func scaleShift8(dst, x []float32, m, a, d float32) int {
	n := len(x) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_ = dst[n-1]
	scaleShiftAVX2(unsafe.SliceData(dst), unsafe.SliceData(x), n, m, a, d)
	return n
}
