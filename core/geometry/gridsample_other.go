//go:build !amd64

package geometry

// sampleGrid8 covers nothing without the amd64 assembly.
func (s *Sampler) sampleGrid8([]float32, int, []float32, int, []float32, int) int { return 0 }
