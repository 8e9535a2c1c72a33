package fastmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// maxULP is the accuracy this package promises for e^x, in float32 ulps of
// the exact result; the measured worst case is logged by
// TestExpAccuracySweep.
const maxULP = 2.0

// ulpErr is |got − e^x| in units of the float32 spacing at e^x (the
// subnormal spacing 2^−149 below the normal range). Results that should
// overflow must be +Inf, and those whose exact value rounds to 0 must be
// within one subnormal step of it.
func ulpErr(got float32, x float32) float64 {
	want := math.Exp(float64(x))
	if want > math.MaxFloat32 {
		if math.IsInf(float64(got), 1) {
			return 0
		}
		return math.Inf(1)
	}
	w := float32(want)
	var ulp float64
	if math.IsInf(float64(w), 1) {
		ulp = math.Ldexp(1, 104) // rounds up to +Inf: spacing at MaxFloat32
	} else if w < math.SmallestNonzeroFloat32*(1<<23) {
		ulp = math.Ldexp(1, -149)
	} else {
		_, e := math.Frexp(float64(w))
		ulp = math.Ldexp(1, e-24)
	}
	return math.Abs(float64(got)-want) / ulp
}

// paths are the implementations under test: the dispatching one (assembly
// where the CPU has it) and the portable one, always.
var paths = []struct {
	name string
	f    func(dst, src []float32, shift float32, store bool) float32
}{
	{"dispatch", expSubSum},
	{"go", expSubSumGo},
}

// Every 256th float32 between −104 and 89 (about 2·10^9 / 256 values, the
// whole range where e^x is neither 0 nor +Inf, both signs, all binades down
// to the subnormal-sized inputs) against float64 math.Exp.
func TestExpAccuracySweep(t *testing.T) {
	step := uint32(256)
	if testing.Short() {
		step = 1024
	}
	var xs []float32
	for b := uint32(0); b < math.Float32bits(89); b += step { // positive, 0 up
		xs = append(xs, math.Float32frombits(b))
	}
	for b := uint32(0x80000000); b < math.Float32bits(-104); b += step { // negative
		xs = append(xs, math.Float32frombits(b))
	}
	dst := make([]float32, len(xs))
	for _, p := range paths {
		p.f(dst, xs, 0, true)
		worst, at := 0.0, float32(0)
		for i, x := range xs {
			if e := ulpErr(dst[i], x); e > worst {
				worst, at = e, x
			}
		}
		t.Logf("%s: %d inputs, max error %.3f ulp at x=%v", p.name, len(xs), worst, at)
		if worst > maxULP {
			t.Errorf("%s: exp(%v) = %v is %.3f ulp from %v, want <= %v ulp", p.name, at, dst[indexOf(xs, at)], worst, math.Exp(float64(at)), maxULP)
		}
	}
}

func indexOf(xs []float32, x float32) int {
	for i, v := range xs {
		if v == x || (v != v && x != x) {
			return i
		}
	}
	return -1
}

func TestExpSpecialValues(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	for _, tc := range []struct {
		x, want float32
	}{
		{0, 1},
		{float32(math.Copysign(0, -1)), 1},
		{1, float32(math.E)},
		{inf, inf},
		{-inf, 0},
		{88.72283, float32(math.Exp(88.72283))}, // just below overflow
		{88.7229, inf},
		{89, inf},
		{1000, inf},
		{math.MaxFloat32, inf},
		{-87.33654, float32(math.Exp(-87.33654))}, // smallest normal result
		{-100, float32(math.Exp(-100))},           // subnormal result
		{-103.27, float32(math.Exp(-103.27))},     // a few subnormal steps
		{-104, 0},
		{-200, 0},
		{-math.MaxFloat32, 0},
		{math.SmallestNonzeroFloat32, 1},
	} {
		for _, p := range paths {
			got := make([]float32, 1)
			p.f(got, []float32{tc.x}, 0, true)
			if !(got[0] == tc.want || ulpErr(got[0], tc.x) <= maxULP) {
				t.Errorf("%s: exp(%v) = %v, want %v", p.name, tc.x, got[0], tc.want)
			}
		}
	}
	for _, p := range paths {
		got := make([]float32, 3)
		s := p.f(got, []float32{1, nan, 2}, 0, true)
		if got[1] == got[1] || s == s {
			t.Errorf("%s: exp([1 NaN 2]) = %v with sum %v, want NaN in the middle and a NaN sum", p.name, got, s)
		}
	}
}

// Lengths 0..67 cover the empty slice, every masked tail, one and several
// 8- and 16-lane blocks. Each entry must match the scalar kernel (to an
// FMA rounding) and the sum their float64 sum; dst beyond len(src) and the
// no-store variant must leave memory alone.
func TestExpSubMaxSumLengths(t *testing.T) {
	for n := 0; n <= 67; n++ {
		src := make([]float32, n)
		for i := range src {
			src[i] = float32(i%13)*0.37 - 2.5
		}
		shift := float32(1.25)
		buf := make([]float32, n+9)
		for i := range buf {
			buf[i] = -7
		}
		sum := ExpSubMaxSum(buf[:n], src, shift)
		var want float64
		for i, x := range src {
			e := exp32(x - shift)
			want += float64(e)
			if d := math.Abs(float64(buf[i]-e)) / float64(e); d > 2e-7 {
				t.Errorf("n=%d: ExpSubMaxSum entry %d = %v, want %v", n, i, buf[i], e)
			}
		}
		for i := n; i < len(buf); i++ {
			if buf[i] != -7 {
				t.Errorf("n=%d: ExpSubMaxSum wrote %v past the end at %d", n, buf[i], i)
			}
		}
		if d := math.Abs(float64(sum) - want); d > 1e-6*math.Max(want, 1) {
			t.Errorf("n=%d: ExpSubMaxSum sum = %v, want %v", n, sum, want)
		}
		if s2 := SumExpSubMax(src, shift); s2 != sum {
			t.Errorf("n=%d: SumExpSubMax = %v, want %v as ExpSubMaxSum", n, s2, sum)
		}
		in := append([]float32(nil), src...)
		Exp32Into(in, in) // in place
		for i, x := range src {
			if d := math.Abs(float64(in[i]-exp32(x))) / float64(exp32(x)); d > 2e-7 {
				t.Errorf("n=%d: in-place Exp32Into entry %d = %v, want %v", n, i, in[i], exp32(x))
			}
		}
	}
}

func TestMaxSum(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	for n := 0; n <= 67; n++ {
		src := make([]float32, n)
		var want64 float64
		wantMax := float32(math.Inf(-1))
		for i := range src {
			src[i] = float32((i*7)%11) - 5.5
			want64 += float64(src[i])
			wantMax = max(wantMax, src[i])
		}
		for pos := -1; pos < n; pos++ { // the maximum at every position, incl. the tail
			if pos >= 0 {
				src[pos] += 100
			}
			m, s := MaxSum(src)
			wm, ws := wantMax, want64
			if pos >= 0 {
				wm, ws = src[pos], want64+100
			}
			if m != wm || math.Abs(s-ws) > 1e-9 {
				t.Errorf("n=%d, max at %d: MaxSum = %v, %v, want %v, %v", n, pos, m, s, wm, ws)
			}
			if gm, gs, gn := maxSumGo(src); gm != wm || gs != ws || gn {
				t.Errorf("n=%d, max at %d: maxSumGo = %v, %v, %v, want %v, %v, false", n, pos, gm, gs, gn, wm, ws)
			}
			if mm := Max32(src); mm != wm {
				t.Errorf("n=%d, max at %d: Max32 = %v, want %v", n, pos, mm, wm)
			}
			if pos >= 0 {
				src[pos] -= 100
			}
		}
		for pos := 0; pos < n; pos++ { // NaN anywhere, incl. the tail
			old := src[pos]
			src[pos] = nan
			if _, _, gn := maxSumGo(src); !gn {
				t.Errorf("n=%d, NaN at %d: maxSumGo did not report it", n, pos)
			}
			if m, s := MaxSum(src); m == m || s == s {
				t.Errorf("n=%d, NaN at %d: MaxSum = %v, %v, want NaN, NaN", n, pos, m, s)
			}
			src[pos] = old
		}
	}
	for _, tc := range []struct {
		src    []float32
		max    float32
		sumInf int
	}{
		{[]float32{1, inf, 2}, inf, 1},
		{[]float32{1, -inf, 2}, 2, -1},
		{[]float32{-inf, -inf}, float32(math.Inf(-1)), -1},
		{[]float32{math.MaxFloat32, math.MaxFloat32}, math.MaxFloat32, 0},
	} {
		m, s := MaxSum(tc.src)
		if m != tc.max || (tc.sumInf != 0) != math.IsInf(s, tc.sumInf) {
			t.Errorf("MaxSum(%v) = %v, %v, want max %v and infinite sum: %v", tc.src, m, s, tc.max, tc.sumInf != 0)
		}
	}
}

// FuzzExp checks both paths on arbitrary bit patterns against math.Exp, at
// every position of a 19-element vector (blocks and tail).
func FuzzExp(f *testing.F) {
	for _, b := range []uint32{0, 0x3f800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x42b17218, 0xc2ce8ed0} {
		f.Add(b, uint8(0))
	}
	f.Fuzz(func(t *testing.T, bits uint32, pos uint8) {
		x := math.Float32frombits(bits)
		src := make([]float32, 19)
		i := int(pos) % len(src)
		src[i] = x
		for _, p := range paths {
			dst := make([]float32, len(src))
			p.f(dst, src, 0, true)
			got := dst[i]
			if x != x {
				if got == got {
					t.Errorf("%s: exp(NaN) = %v", p.name, got)
				}
				continue
			}
			if e := ulpErr(got, x); e > maxULP {
				t.Errorf("%s: exp(%v) = %v, %.3f ulp from %v", p.name, x, got, e, math.Exp(float64(x)))
			}
		}
	})
}

func BenchmarkExp(b *testing.B) {
	for _, n := range []int{197, 1000, 4096} {
		src := make([]float32, n)
		for i := range src {
			src[i] = float32(i%97)*0.25 - 20
		}
		dst := make([]float32, n)
		for _, p := range paths {
			b.Run(fmt.Sprintf("%s/n=%d", p.name, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					p.f(dst, src, 1, true)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/element")
			})
		}
		b.Run(fmt.Sprintf("maxsum/n=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				MaxSum(src)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/element")
		})
	}
}

func TestScale32(t *testing.T) {
	for n := 0; n <= 67; n++ {
		buf := make([]float32, n+9)
		for i := range buf {
			buf[i] = float32(i) + 0.5
		}
		Scale32(buf[:n], -0.25)
		for i, v := range buf {
			want := float32(i) + 0.5
			if i < n {
				want *= -0.25
			}
			if v != want {
				t.Errorf("n=%d: Scale32 entry %d = %v, want %v", n, i, v, want)
			}
		}
	}
}

// Blocks mixing lanes of every regime (subnormal results, normal, overflow,
// ±Inf, NaN) must give each lane what it gets alone: the vector path picks
// its slow variant per block.
func TestExpMixedBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float32, 1<<16)
	for i := range xs {
		switch r.IntN(8) {
		case 0:
			xs[i] = float32(math.Inf(1 - 2*r.IntN(2)))
		case 1:
			xs[i] = -86 - 20*r.Float32()
		case 2:
			xs[i] = 86 + 4*r.Float32()
		default:
			xs[i] = 200*r.Float32() - 100
		}
	}
	xs[77] = float32(math.NaN())
	for _, p := range paths {
		dst := make([]float32, len(xs))
		p.f(dst, xs, 0, true)
		for i, x := range xs {
			if x != x {
				if dst[i] == dst[i] {
					t.Errorf("%s: exp(NaN) = %v", p.name, dst[i])
				}
				continue
			}
			if e := ulpErr(dst[i], x); e > maxULP {
				t.Errorf("%s: exp(%v) = %v in a mixed block, %.3f ulp from %v", p.name, x, dst[i], e, math.Exp(float64(x)))
			}
		}
	}
}
