//go:build !amd64

package fastmath

func expSubSum(dst, src []float32, shift float32, store bool) float32 {
	return expSubSumGo(dst, src, shift, store)
}

func maxSum(src []float32) (float32, float64, bool) { return maxSumGo(src) }

func scale(x []float32, a float32) { scaleGo(x, a) }

func allFinite(src []float32) bool { return allFiniteGo(src) }
