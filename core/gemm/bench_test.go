package gemm

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"dlprep/internal/benchcpu"
)

// benchShapes are the products the speed bar is measured on (m×n×k):
// a square product, ViT-B/16 token projections (197 tokens, 768 wide, and
// the fused QKV 2304), and the im2col product of a 3×3 64→64 conv on 56×56.
var benchShapes = []struct {
	name    string
	m, n, k int
}{
	{"1024x1024x1024", 1024, 1024, 1024},
	{"197x768x768", 197, 768, 768},
	{"197x2304x768", 197, 2304, 768},
	{"3136x64x576", 3136, 64, 576},
}

func benchOperands(m, n, k int) (a, b, c []float32) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, b, c = make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	for i := range a {
		a[i] = float32(rng.Float64() - 0.5)
	}
	for i := range b {
		b[i] = float32(rng.Float64() - 0.5)
	}
	return a, b, c
}

// benchProduct times f on an m×n×k product and reports its FLOP count so
// tools/bench can print GFLOP/s.
func benchProduct(b *testing.B, m, n, k int, f func(a, bb, c []float32)) {
	a, bb, c := benchOperands(m, n, k)
	flops := 2 * float64(m) * float64(n) * float64(k)
	f(a, bb, c) // warm the packing-buffer pool and workers
	benchcpu.Loop(b, func() { f(a, bb, c) })
	b.ReportMetric(flops, "flop/op")
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func ours(m, n, k int) func(a, b, c []float32) {
	return func(a, b, c []float32) { Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n) }
}

func gonumSgemm(m, n, k int) func(a, b, c []float32) {
	var impl gonum.Implementation
	return func(a, b, c []float32) { impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n) }
}

func BenchmarkOp_matmul_1024x1024x1024(b *testing.B) {
	benchProduct(b, 1024, 1024, 1024, ours(1024, 1024, 1024))
}
func BenchmarkOp_matmul_197x768x768(b *testing.B) {
	benchProduct(b, 197, 768, 768, ours(197, 768, 768))
}
func BenchmarkOp_matmul_197x2304x768(b *testing.B) {
	benchProduct(b, 197, 2304, 768, ours(197, 2304, 768))
}
func BenchmarkOp_matmul_3136x64x576(b *testing.B) {
	benchProduct(b, 3136, 64, 576, ours(3136, 64, 576))
}

// BenchmarkOp_matmul_1x768x768_tB is a Linear on one token (x·Wᵀ), the
// dot-product path.
func BenchmarkOp_matmul_1x768x768_tB(b *testing.B) {
	benchProduct(b, 1, 768, 768, func(a, bb, c []float32) { Sgemm(false, true, 1, 768, 768, 1, a, 768, bb, 768, 0, c, 768) })
}

// BenchmarkGonum_1x768x768_tB is gonum on the same one-token Linear.
func BenchmarkGonum_1x768x768_tB(b *testing.B) {
	var impl gonum.Implementation
	benchProduct(b, 1, 768, 768, func(a, bb, c []float32) {
		impl.Sgemm(blas.NoTrans, blas.Trans, 1, 768, 768, 1, a, 768, bb, 768, 0, c, 768)
	})
}

// BenchmarkGonum is the baseline Sgemm replaced (gonum's pure Go, which is
// also what the WASM bar is measured against).
func BenchmarkGonum(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) { benchProduct(b, s.m, s.n, s.k, gonumSgemm(s.m, s.n, s.k)) })
	}
}

// BenchmarkKernel times every kernel this CPU can run on every shape.
func BenchmarkKernel(b *testing.B) {
	for _, kn := range kernels {
		b.Run(kn.name, func(b *testing.B) {
			saved := active
			active = kn
			defer func() { active = saved }()
			for _, s := range benchShapes {
				b.Run(s.name, func(b *testing.B) { benchProduct(b, s.m, s.n, s.k, ours(s.m, s.n, s.k)) })
			}
		})
	}
}

// BenchmarkLayout times the layouts the core's ops actually call: Linear
// (x·Wᵀ, transB), conv2d's im2col product W·cols (m = output channels),
// and the transposed-A product of attention backward-style code.
func BenchmarkLayout(b *testing.B) {
	for _, s := range []struct {
		name           string
		transA, transB bool
		m, n, k        int
	}{
		{"linear_NT_197x768x768", false, true, 197, 768, 768},
		{"linear_NT_197x2304x768", false, true, 197, 2304, 768},
		{"conv_NN_64x3136x576", false, false, 64, 3136, 576},
		{"sdpa_NT_197x197x64", false, true, 197, 197, 64},
		{"TN_768x768x197", true, false, 768, 768, 197},
	} {
		b.Run(s.name, func(b *testing.B) {
			lda, ldb := s.k, s.n
			if s.transA {
				lda = s.m
			}
			if s.transB {
				ldb = s.k
			}
			benchProduct(b, s.m, s.n, s.k, func(a, bb, c []float32) {
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
			})
		})
	}
}
