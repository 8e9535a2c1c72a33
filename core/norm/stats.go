package norm

import "math"

// The row and channel loops below run 32 float32 lanes at a time where the
// CPU has them (kernels_amd64.s) and finish in Go. Lane sums are float32 —
// each lane adds only n/32 values — and are combined in float64; when the
// float32 lanes overflow, the stretch is summed again in float64, so large
// but finite inputs are not mistaken for non-finite ones.

// sumF returns the sum of x.
func sumF(x []float32) float64 {
	s32, k := sum32(x)
	s := float64(s32)
	if math.IsInf(s, 0) || math.IsNaN(s) {
		s, k = 0, 0
	}
	return s + sum64(x[k:])
}

// sum64 is the portable float64 sum with four independent accumulators, so
// the loop is not bound by the latency of one chain of additions.
func sum64(x []float32) float64 {
	var a0, a1, a2, a3 float64
	for len(x) >= 4 {
		a0 += float64(x[0])
		a1 += float64(x[1])
		a2 += float64(x[2])
		a3 += float64(x[3])
		x = x[4:]
	}
	for _, v := range x {
		a0 += float64(v)
	}
	return (a0 + a1) + (a2 + a3)
}

// sqDevF returns the sum of (x - m)².
func sqDevF(x []float32, m float32) float64 {
	s32, k := sqDev32(x, m)
	s := float64(s32)
	if math.IsInf(s, 0) || math.IsNaN(s) {
		s, k = 0, 0
	}
	x = x[k:]
	mf := float64(m)
	var a0, a1, a2, a3 float64
	for len(x) >= 4 {
		d0, d1, d2, d3 := float64(x[0])-mf, float64(x[1])-mf, float64(x[2])-mf, float64(x[3])-mf
		a0 += d0 * d0
		a1 += d1 * d1
		a2 += d2 * d2
		a3 += d3 * d3
		x = x[4:]
	}
	for _, v := range x {
		d := float64(v) - mf
		a0 += d * d
	}
	return s + (a0 + a1) + (a2 + a3)
}

// meanVar turns a sum and the squared deviations from m32 (the float32
// rounding of sum/n) into the mean and the biased variance; the shift
// between m32 and the exact mean is taken out, Σ(x−m)² = Σ(x−μ)² + n(μ−m)².
func meanVar(sum, sqDevM32 float64, m32 float32, n int) (mean, variance float64) {
	mean = sum / float64(n)
	d := mean - float64(m32)
	return mean, max(sqDevM32/float64(n)-d*d, 0)
}

// normRow writes dst[i] = (x[i]−m)·inv·w[i] + b[i]; w or b may be nil
// (γ = 1, β = 0).
func normRow(dst, x, w, b []float32, m, inv float32) {
	if w != nil && b != nil {
		k := affine8(dst, x, w, b, m, inv)
		dst, x, w, b = dst[k:], x[k:], w[k:], b[k:]
		dst, w, b = dst[:len(x)], w[:len(x)], b[:len(x)]
		for i, v := range x {
			dst[i] = (v-m)*inv*w[i] + b[i]
		}
		return
	}
	dst = dst[:len(x)]
	for i, v := range x {
		z := (v - m) * inv
		if w != nil {
			z *= w[i]
		}
		if b != nil {
			z += b[i]
		}
		dst[i] = z
	}
}

// scaleShift writes dst[i] = (x[i]−m)·a + d.
func scaleShift(dst, x []float32, m, a, d float32) {
	k := scaleShift8(dst, x, m, a, d)
	dst, x = dst[k:], x[k:]
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = (v-m)*a + d
	}
}
