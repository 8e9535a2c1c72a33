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
	mustPanic := func(name, want string, f func()) {
		t.Helper()
		defer func() {
			r := recover()
			if s, _ := r.(string); !strings.Contains(s, want) {
				t.Errorf("%s: panic %v, want one containing %q", name, r, want)
			}
		}()
		f()
	}
	c := make([]float32, 4*8)
	mustPanic("empty", "empty PackedB", func() { SgemmPacked(false, 4, 1, make([]float32, 12), 3, &PackedB{}, 0, c, 8) })
	var pb PackedB
	PackB(&pb, false, 3, 8, make([]float32, 24), 8)
	mustPanic("short A", "len(a)", func() { SgemmPacked(false, 4, 1, make([]float32, 11), 3, &pb, 0, c, 8) })
	mustPanic("short C", "len(c)", func() { SgemmPacked(false, 4, 1, make([]float32, 12), 3, &pb, 0, c[:31], 8) })
	other := *active
	other.name = "other"
	withKernel(t, &other)
	mustPanic("other kernel", "was packed for kernel", func() { SgemmPacked(false, 4, 1, make([]float32, 12), 3, &pb, 0, c, 8) })
}
