package gemm

import (
	"fmt"
	"testing"
)

// TestTransposeInto checks the transposing copy (vector path included where
// the CPU has it) against its definition, for row and column counts around
// the 8×8 and 4-row blocks, with strides longer than the rows.
func TestTransposeInto(t *testing.T) {
	for _, rows := range []int{1, 3, 4, 7, 8, 9, 12, 14, 16, 17, 32} {
		for _, cols := range []int{0, 1, 7, 8, 9, 15, 16, 33} {
			for _, scale := range []float32{1, -0.5} {
				lds, ldd := cols+3, rows+2
				src := make([]float32, rows*lds)
				for i := range src {
					src[i] = float32(i%97) - 40
				}
				dst := make([]float32, max(cols, 1)*ldd)
				for i := range dst {
					dst[i] = 1e9
				}
				transposeInto(dst, ldd, src, lds, rows, cols, scale)
				for c := 0; c < max(cols, 1); c++ {
					for r := 0; r < ldd; r++ {
						want := float32(1e9) // untouched
						if r < rows && c < cols {
							want = scale * src[r*lds+c]
						}
						if got := dst[c*ldd+r]; got != want {
							t.Fatalf("%s: dst[%d·ldd+%d] = %g, want %g", fmt.Sprintf("rows=%d cols=%d scale=%g", rows, cols, scale), c, r, got, want)
						}
					}
				}
			}
		}
	}
}

// TestTransposeAdd checks TransposeAdd (vector path included) against its
// definition around the 8×8 blocks, with strides longer than the rows.
func TestTransposeAdd(t *testing.T) {
	for _, rows := range []int{1, 7, 8, 9, 16, 17, 33} {
		for _, cols := range []int{1, 7, 8, 9, 16, 33, 64} {
			lds, ldd := cols+3, rows+2
			src := make([]float32, rows*lds)
			for i := range src {
				src[i] = float32(i%97) - 40
			}
			add := make([]float32, cols)
			for i := range add {
				add[i] = 0.25 * float32(i)
			}
			if rows%2 == 1 {
				add = nil // plain transpose
			}
			dst := make([]float32, cols*ldd)
			for i := range dst {
				dst[i] = 1e9
			}
			TransposeAdd(dst, ldd, src, lds, rows, cols, add)
			for c := 0; c < cols; c++ {
				for r := 0; r < ldd; r++ {
					want := float32(1e9)
					if r < rows {
						want = src[r*lds+c]
						if add != nil {
							want += add[c]
						}
					}
					if got := dst[c*ldd+r]; got != want {
						t.Fatalf("rows=%d cols=%d: dst[%d·ldd+%d] = %g, want %g", rows, cols, c, r, got, want)
					}
				}
			}
		}
	}
}
