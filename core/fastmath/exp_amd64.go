//go:build amd64

package fastmath

import "unsafe"

//go:noescape
func expSubSumAVX2(dst *float32, src *float32, n int, shift float32, store bool) float32

//go:noescape
func maxSumAVX2(src *float32, n int) (max float32, sum float64, nan bool)

//go:noescape
func scaleAVX2(x *float32, n int, a float32)

//go:noescape
func allFiniteAVX2(src *float32, n int) bool

func cpuid(leaf uint32, sub uint32) (eax uint32, ebx uint32, ecx uint32, edx uint32)

func xgetbv0() (eax uint32, edx uint32)

// useAVX2 says whether the assembly may run: AVX2 and FMA present and the OS
// saving the YMM registers, read the way internal/cpu does.
var useAVX2 = hasAVX2FMA()

func hasAVX2FMA() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx, fma = 1 << 27, 1 << 28, 1 << 12
	if ecx1&osxsave == 0 || ecx1&avx == 0 || ecx1&fma == 0 {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&0x6 != 0x6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

func expSubSum(dst, src []float32, shift float32, store bool) float32 {
	if !useAVX2 || len(src) == 0 {
		return expSubSumGo(dst, src, shift, store)
	}
	d := unsafe.SliceData(src)
	if store {
		d = unsafe.SliceData(dst[:len(src)])
	}
	return expSubSumAVX2(d, unsafe.SliceData(src), len(src), shift, store)
}

func maxSum(src []float32) (float32, float64, bool) {
	if !useAVX2 || len(src) == 0 {
		return maxSumGo(src)
	}
	return maxSumAVX2(unsafe.SliceData(src), len(src))
}

func scale(x []float32, a float32) {
	if !useAVX2 || len(x) == 0 {
		scaleGo(x, a)
		return
	}
	scaleAVX2(unsafe.SliceData(x), len(x), a)
}

func allFinite(src []float32) bool {
	n := len(src) / 32 * 32
	if !useAVX2 || n == 0 {
		return allFiniteGo(src)
	}
	return allFiniteAVX2(unsafe.SliceData(src), n) && allFiniteGo(src[n:])
}
