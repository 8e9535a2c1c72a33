package fastmath

import "math"

// The exponential used by every path (the assembly constants are the same
// numbers): clamp x to [expLo, expHi], n = round(x·log2e), r = x − n·ln2 with
// ln2 split so n·ln2Hi is exact, e^r ≈ 1 + r + r²·P(r) with Cephes' expf
// coefficients, and 2^n applied in two halves so that n = 128 (overflow to
// +Inf) and n < −126 (subnormal results) need no special case.
const (
	expLo    = -104.0 // e^−104 < 2^−150: rounds to 0
	expHi    = 88.8   // e^88.8 > MaxFloat32: rounds to +Inf
	expLog2e = 1.44269504088896341
	expLn2Hi = 0.693359375
	expLn2Lo = -2.12194440e-4
	expC5    = 1.9875691500e-4
	expC4    = 1.3981999507e-3
	expC3    = 8.3334519073e-3
	expC2    = 4.1665795894e-2
	expC1    = 1.6666665459e-1
	expC0    = 5.0000001201e-1
	// roundMagic is 1.5·2^23: adding and subtracting it rounds a float32
	// of magnitude below 2^22 to the nearest integer.
	roundMagic = 12582912.0
)

// exp32 is the scalar kernel of the pure-Go path.
func exp32(x float32) float32 {
	if !(x >= expLo) { // NaN or far below
		if x != x {
			return x
		}
		x = expLo
	}
	if x > expHi {
		x = expHi
	}
	t := x*expLog2e + roundMagic
	fn := t - roundMagic
	r := x - fn*expLn2Hi
	r -= fn * expLn2Lo
	p := float32(expC5)
	p = p*r + expC4
	p = p*r + expC3
	p = p*r + expC2
	p = p*r + expC1
	p = p*r + expC0
	p = p*(r*r) + r
	p++
	n := int32(fn)
	n1 := n >> 1
	n2 := n - n1
	return p * math.Float32frombits(uint32(n1+127)<<23) * math.Float32frombits(uint32(n2+127)<<23)
}

// Exp32Into sets dst[i] = e^src[i] for every i. dst and src must have the
// same length; dst may be src itself (but not partially overlap it).
func Exp32Into(dst, src []float32) {
	if len(dst) != len(src) {
		panic("fastmath.Exp32Into: dst and src lengths differ")
	}
	expSubSum(dst, src, 0, true)
}

// ExpSubMaxSum sets dst[i] = e^(src[i] − max) and returns the float32 sum
// of those values: softmax's numerator and denominator in one pass. max is
// normally the largest entry of src (then every term is at most 1 and the
// sum cannot overflow), but any value is accepted. dst and src must have the
// same length; dst may be src itself.
func ExpSubMaxSum(dst, src []float32, max float32) float32 {
	if len(dst) != len(src) {
		panic("fastmath.ExpSubMaxSum: dst and src lengths differ")
	}
	return expSubSum(dst, src, max, true)
}

// SumExpSubMax is Σ e^(src[i] − max) in float32 without storing the terms:
// what log-sum-exp needs.
func SumExpSubMax(src []float32, max float32) float32 {
	return expSubSum(nil, src, max, false)
}

// Max32 is the largest entry of src: −Inf if src is empty, NaN if any entry
// is NaN.
func Max32(src []float32) float32 {
	m, _ := MaxSum(src)
	return m
}

// MaxSum returns the largest entry of src (−Inf if empty, NaN if any entry
// is NaN) and the float64 sum of its entries. The sum of float32 values
// cannot overflow float64, so it is finite exactly when every entry is: one
// pass both finds the softmax shift and checks the row.
func MaxSum(src []float32) (max float32, sum float64) {
	m, s, nan := maxSum(src)
	if nan {
		return float32(math.NaN()), s
	}
	return m, s
}

// Scale32 multiplies every entry of x by a in place (softmax's final
// division by its sum, as a multiplication by the reciprocal).
func Scale32(x []float32, a float32) { scale(x, a) }

func scaleGo(x []float32, a float32) {
	for i := range x {
		x[i] *= a
	}
}

// expSubSumGo is the portable body of expSubSum; dst is nil when !store.
// It is exp32 written out in the loop (the compiler does not inline exp32),
// with four partial sums to shorten the dependency chain.
func expSubSumGo(dst, src []float32, shift float32, store bool) float32 {
	if store {
		dst = dst[:len(src)]
	}
	var s [4]float32
	for i, v := range src {
		x := v - shift
		if !(x >= expLo) { // NaN or far below
			if x != x {
				s[i&3] += x
				if store {
					dst[i] = x
				}
				continue
			}
			x = expLo
		}
		if x > expHi {
			x = expHi
		}
		fn := (x*expLog2e + roundMagic) - roundMagic
		r := x - fn*expLn2Hi
		r -= fn * expLn2Lo
		p := float32(expC5)
		p = p*r + expC4
		p = p*r + expC3
		p = p*r + expC2
		p = p*r + expC1
		p = p*r + expC0
		p = p*(r*r) + r
		p++
		n := int32(fn)
		var e float32
		if uint32(n+126) <= 253 { // n in [-126, 127]: one normal power of two
			e = p * math.Float32frombits(uint32(n+127)<<23)
		} else {
			n1 := n >> 1
			e = p * math.Float32frombits(uint32(n1+127)<<23) * math.Float32frombits(uint32(n-n1+127)<<23)
		}
		s[i&3] += e
		if store {
			dst[i] = e
		}
	}
	return (s[0] + s[2]) + (s[1] + s[3])
}

// maxSumGo is the portable body of maxSum.
func maxSumGo(src []float32) (max float32, sum float64, nan bool) {
	max = float32(math.Inf(-1))
	for _, v := range src {
		if v > max {
			max = v
		}
		nan = nan || v != v
		sum += float64(v)
	}
	return max, sum, nan
}
