package detect

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// useAVX2 selects the vector IoU row; the assembly needs AVX2.
var useAVX2 = cpu.X86.HasAVX2

//go:noescape
func iouRowAVX2(dst, soa *float32, n int, ax0, ay0, ax1, ay1, areaA float32)

// iouRow8 writes the IoU of a with the leading multiple of 8 boxes of the
// tile into row and returns how many it wrote.
func iouRow8(row []float32, t *iouTile, n int, a Box, areaA float32) int {
	k := n &^ 7
	if !useAVX2 || k == 0 {
		return 0
	}
	_ = row[k-1]
	iouRowAVX2(unsafe.SliceData(row), &t[0][0], k, a[0], a[1], a[2], a[3], areaA)
	return k
}
