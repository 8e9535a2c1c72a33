//go:build !amd64

package gemm

// haveDot is false: without an assembly dot, small-m products take the
// packed path (see smallMMax).
const haveDot = false

// dot4 is x·y0 … x·y3 for the four rows of y at stride ldy.
func dot4(x, y []float32, ldy int) (float32, float32, float32, float32) {
	var s0, s1, s2, s3 float32
	for p, a := range x {
		s0 += a * y[p]
		s1 += a * y[ldy+p]
		s2 += a * y[2*ldy+p]
		s3 += a * y[3*ldy+p]
	}
	return s0, s1, s2, s3
}
