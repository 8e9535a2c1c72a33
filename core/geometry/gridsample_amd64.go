package geometry

import (
	"math"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// useAVX2 selects the vector sampler; the assembly needs AVX2 and FMA-era
// gathers.
var useAVX2 = cpu.X86.HasAVX2

// gridConsts is the constant block gridSampleAVX2 reads, each value in 8
// lanes: 1, the unnormalisation scales and offsets per axis, ½, W−1, H−1
// (floats) and W (int32).
type gridConsts struct {
	one, sx, bx, sy, by, half, wm1, hm1 [8]float32
	w                                   [8]int32
}

//go:noescape
func gridSampleAVX2(dst *float32, dstStride int, src *float32, plane int, c int, grid *float32, n int, w int, k *gridConsts)

// sampleGrid8 samples the leading multiple of 8 of the n points of grid
// (interleaved x, y) from the [c,H,W] image src into dst[ch·stride + p],
// eight points per step with masked gathers, and returns how many points it
// did. The arithmetic is Sample's, operation for operation: ((v+1)·S − B)·½
// is Unnormalize's value exactly (halving commutes with rounding), a corner
// outside the image contributes +0 where Sample skips it, which leaves every
// sum unchanged.
func (s *Sampler) sampleGrid8(dst []float32, stride int, src []float32, c int, grid []float32, n int) int {
	k := n &^ 7
	plane := s.H * s.W
	if !useAVX2 || k == 0 || c == 0 || plane+s.W+2 > math.MaxInt32 {
		return 0
	}
	_, _, _ = dst[(c-1)*stride+k-1], src[c*plane-1], grid[2*k-1]
	var kc gridConsts
	sx, bx, sy, by := float32(s.W), float32(1), float32(s.H), float32(1)
	if s.AlignCorners {
		sx, bx, sy, by = float32(s.W-1), 0, float32(s.H-1), 0
	}
	for i := range 8 {
		kc.one[i], kc.sx[i], kc.bx[i], kc.sy[i], kc.by[i], kc.half[i] = 1, sx, bx, sy, by, 0.5
		kc.wm1[i], kc.hm1[i], kc.w[i] = float32(s.W-1), float32(s.H-1), int32(s.W)
	}
	gridSampleAVX2(unsafe.SliceData(dst), stride, unsafe.SliceData(src), plane, c, unsafe.SliceData(grid), k, s.W, &kc)
	return k
}
