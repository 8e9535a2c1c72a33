package gemm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSgemmPacked: a product with B packed once equals Sgemm's, for every
// kernel and blocking (tiny blocking crosses depth and column blocks), B
// stored plain and transposed, A plain and transposed, and the same
// PackedB reused with several A.
func TestSgemmPacked(t *testing.T) {
	shapes := [][3]int{{1, 1, 1}, {14, 32, 192}, {17, 67, 13}, {70, 64, 576}, {33, 5, 9}, {3, 40, 0}, {0, 8, 4}}
	for _, kn := range allKernels() {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn)
			rng := rand.New(rand.NewPCG(5, 6))
			var pb PackedB
			for _, s := range shapes {
				m, n, k := s[0], s[1], s[2]
				for tr := 0; tr < 4; tr++ {
					ta, tb := tr&1 != 0, tr&2 != 0
					sc := scalings[(m+n+k+tr)%len(scalings)]
					p := newProblem(rng, ta, tb, m, n, k, tr%3, (tr+1)%2*3, tr%2, sc.alpha, sc.beta)
					PackB(&pb, tb, k, n, p.b, p.ldb)
					// Two products with the one packing: it must not be
					// consumed or changed by the first.
					for rep := 0; rep < 2; rep++ {
						q := newProblem(rng, ta, tb, m, n, k, tr%3, (tr+1)%2*3, tr%2, sc.alpha, sc.beta)
						q.b, q.ldb = p.b, p.ldb
						want := append([]float32(nil), q.c...)
						Sgemm(q.transA, q.transB, m, n, k, q.alpha, q.a, q.lda, q.b, q.ldb, q.beta, want, q.ldc)
						got := append([]float32(nil), q.c...)
						SgemmPacked(q.transA, m, q.alpha, q.a, q.lda, &pb, q.beta, got, q.ldc)
						for i := range got {
							g, w := got[i], want[i]
							if g != w && !(math.IsNaN(float64(g)) && math.IsNaN(float64(w))) {
								t.Fatalf("%v rep %d: C[%d] = %g with B packed, %g without", q, rep, i, g, w)
							}
						}
					}
				}
			}
		})
	}
}

// TestSgemmPackedRejectsMisuse: an empty PackedB, one packed for another
// kernel, and a short A or C panic with a message, as Sgemm does.
func TestSgemmPackedRejectsMisuse(t *testing.T) {
	c := make([]float32, 4*8)
	mustPanic(t, "empty", "empty PackedB", func() { SgemmPacked(false, 4, 1, make([]float32, 12), 3, &PackedB{}, 0, c, 8) })
	var pb PackedB
	PackB(&pb, false, 3, 8, make([]float32, 24), 8)
	mustPanic(t, "short A", "len(a)", func() { SgemmPacked(false, 4, 1, make([]float32, 11), 3, &pb, 0, c, 8) })
	mustPanic(t, "short C", "len(c)", func() { SgemmPacked(false, 4, 1, make([]float32, 12), 3, &pb, 0, c[:31], 8) })
	other := *active
	other.name = "other"
	withKernel(t, &other)
	mustPanic(t, "other kernel", "was packed for kernel", func() { SgemmPacked(false, 4, 1, make([]float32, 12), 3, &pb, 0, c, 8) })
}

// TestSgemmPackedWindows: a product whose A rows are overlapping windows
// of one slice (row i = a[i·lda : i·lda+k], lda < k) equals Sgemm on the
// windows copied out, for every kernel and blocking, windows apart by
// less than, exactly and more than their length, whole and partial row
// panels, products wide enough to pack A instead of reading it in place,
// and beta 0 and 1 (the kernel rows of a convolution accumulate).
func TestSgemmPackedWindows(t *testing.T) {
	shapes := [][3]int{{56, 64, 192}, {14, 32, 9}, {17, 67, 24}, {5, 300, 40}, {1, 3, 2}, {0, 8, 4}, {3, 40, 0}}
	for _, kn := range allKernels() {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn)
			rng := rand.New(rand.NewPCG(7, 8))
			var pb PackedB
			for _, s := range shapes {
				m, n, k := s[0], s[1], s[2]
				for _, lda := range []int{1, max(1, k/3), max(1, k), k + 5} {
					for _, beta := range []float32{0, 1, -0.5} {
						b := randSlice(rng, k*n)
						PackB(&pb, false, k, n, b, n)
						a := randSlice(rng, max(0, (m-1)*lda+k))
						// The same windows, copied out as rows of a plain A.
						rows := make([]float32, m*max(k, 1))
						for i := range m {
							copy(rows[i*max(k, 1):], a[i*lda:i*lda+k])
						}
						c := randSlice(rng, m*n)
						want := append([]float32(nil), c...)
						Sgemm(false, false, m, n, k, 1, rows, max(k, 1), b, n, beta, want, n)
						got := append([]float32(nil), c...)
						SgemmPackedWindows(m, a, lda, &pb, beta, got, n)
						for i := range got {
							if got[i] != want[i] {
								t.Fatalf("m=%d n=%d k=%d lda=%d beta=%v: C[%d] = %g from windows, %g from rows", m, n, k, lda, beta, i, got[i], want[i])
							}
						}
					}
				}
			}
		})
	}
}

// TestSgemmPackedWindowsRejectsMisuse: a short A or C, lda < 1 and an
// empty PackedB panic with a message naming what is wrong.
func TestSgemmPackedWindowsRejectsMisuse(t *testing.T) {
	c := make([]float32, 4*8)
	var pb PackedB
	mustPanic(t, "empty", "empty PackedB", func() { SgemmPackedWindows(4, make([]float32, 12), 1, &pb, 0, c, 8) })
	PackB(&pb, false, 6, 8, make([]float32, 48), 8)
	// 4 windows of 6, 2 apart, need (4−1)·2 + 6 = 12 values.
	SgemmPackedWindows(4, make([]float32, 12), 2, &pb, 0, c, 8)
	mustPanic(t, "short A", "len(a)=11 < 12", func() { SgemmPackedWindows(4, make([]float32, 11), 2, &pb, 0, c, 8) })
	mustPanic(t, "lda", "lda=0", func() { SgemmPackedWindows(4, make([]float32, 12), 0, &pb, 0, c, 8) })
	mustPanic(t, "short C", "len(c)", func() { SgemmPackedWindows(4, make([]float32, 12), 2, &pb, 0, c[:31], 8) })
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

// mustPanic runs f and checks that it panics with a message containing
// want.
func mustPanic(t *testing.T, name, want string, f func()) {
	t.Helper()
	defer func() {
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, want) {
			t.Errorf("%s: panic %v, want one containing %q", name, r, want)
		}
	}()
	f()
}
