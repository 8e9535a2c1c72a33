//go:build !amd64

package norm

// Without the amd64 assembly the vector helpers cover nothing and the
// portable loops do all the work.

func sum32([]float32) (float32, int)                  { return 0, 0 }
func sqDev32([]float32, float32) (float32, int)       { return 0, 0 }
func affine8(_, _, _, _ []float32, _, _ float32) int  { return 0 }
func scaleShift8(_, _ []float32, _, _, _ float32) int { return 0 }
