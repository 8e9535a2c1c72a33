package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// problem is one Sgemm call with its operands stored with padding: the
// padding holds NaN so any read outside the described matrices shows up.
type problem struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
}

func (p problem) String() string {
	return fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d alpha=%g beta=%g lda=%d ldb=%d ldc=%d",
		p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.beta, p.lda, p.ldb, p.ldc)
}

func newProblem(rng *rand.Rand, transA, transB bool, m, n, k, padA, padB, padC int, alpha, beta float32) problem {
	p := problem{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	p.lda, p.ldb, p.ldc = max(1, colsA+padA), max(1, colsB+padB), max(1, n+padC)
	p.a = filled(rng, rowsA, colsA, p.lda)
	p.b = filled(rng, rowsB, colsB, p.ldb)
	p.c = filled(rng, m, n, p.ldc)
	if beta == 0 {
		// BLAS semantics: beta 0 means C is output only, so NaN in it
		// must be overwritten, not propagated.
		for i := range p.c {
			p.c[i] = float32(math.NaN())
		}
	}
	return p
}

// filled is a rows×cols matrix with stride ld: values in [-1,1), padding NaN.
func filled(rng *rand.Rand, rows, cols, ld int) []float32 {
	s := make([]float32, rows*ld)
	for i := range s {
		if i%ld < cols {
			s[i] = float32(rng.Float64()*2 - 1)
		} else {
			s[i] = float32(math.NaN())
		}
	}
	return s
}

// reference is C = alpha·op(A)·op(B) + beta·C by the definition, in float64,
// with the bound on rounding error each entry may carry.
func (p problem) reference() (want, tol []float64) {
	at := func(i, l int) float64 {
		if p.transA {
			return float64(p.a[l*p.lda+i])
		}
		return float64(p.a[i*p.lda+l])
	}
	bt := func(l, j int) float64 {
		if p.transB {
			return float64(p.b[j*p.ldb+l])
		}
		return float64(p.b[l*p.ldb+j])
	}
	want = make([]float64, len(p.c))
	tol = make([]float64, len(p.c))
	for i := range p.c {
		want[i] = float64(p.c[i]) // padding must stay as it was
	}
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.n; j++ {
			var s, abs float64
			for l := 0; l < p.k; l++ {
				s += at(i, l) * bt(l, j)
				abs += math.Abs(at(i, l) * bt(l, j))
			}
			v := float64(p.alpha) * s
			mag := math.Abs(float64(p.alpha)) * abs
			if p.beta != 0 {
				cij := float64(p.c[i*p.ldc+j])
				v += float64(p.beta) * cij
				mag += math.Abs(float64(p.beta) * cij)
			}
			want[i*p.ldc+j] = v
			// float32 accumulation over k terms plus alpha/beta scaling.
			tol[i*p.ldc+j] = float64(p.k+4)*1.2e-7*mag + 1e-30
		}
	}
	return want, tol
}

// verify runs Sgemm on a copy of p and reports the first wrong entry.
func verify(t *testing.T, p problem) bool {
	t.Helper()
	want, tol := p.reference()
	got := append([]float32(nil), p.c...)
	Sgemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, got, p.ldc)
	for idx := range got {
		g, w := float64(got[idx]), want[idx]
		i, j := idx/p.ldc, idx%p.ldc
		if math.IsNaN(w) {
			if !math.IsNaN(g) {
				t.Errorf("%v: C padding [%d,%d] = %g, want untouched NaN", p, i, j, g)
				return false
			}
			continue
		}
		if math.IsNaN(g) || math.Abs(g-w) > tol[idx] {
			t.Errorf("%v: C[%d,%d] = %g, want %g (tolerance %g)", p, i, j, g, w, tol[idx])
			return false
		}
	}
	return true
}

// withKernel makes Sgemm use kn for the duration of a test.
func withKernel(t *testing.T, kn *microKernel) {
	saved := active
	active = kn
	t.Cleanup(func() { active = saved })
}

// tinyBlocking is kn with cache blocks of a couple of tiles, so that small
// test matrices cross every block boundary of the driver (several depth,
// row and column blocks, beta applied only on the first depth block).
func tinyBlocking(kn *microKernel) *microKernel {
	c := *kn
	c.name += "-tiny"
	c.kc, c.mc, c.nc = 5, 2*kn.mr, 2*kn.nr
	return &c
}

// only is kn restricted to some of its in-place kernels.
func only(kn *microKernel, directA, directB bool) *microKernel {
	c := *kn
	if !directA {
		c.directA = nil
	}
	if !directB {
		c.directB = nil
	}
	c.name += fmt.Sprintf("-directA=%v-directB=%v", directA, directB)
	return &c
}

// allKernels is every kernel in every driver configuration: real and tiny
// blocking, and with each in-place kernel alone and none.
func allKernels() []*microKernel {
	var ks []*microKernel
	for _, k := range kernels {
		ks = append(ks, k, tinyBlocking(k))
		if k.directA != nil {
			for _, c := range []*microKernel{only(k, false, false), only(k, true, false), only(k, false, true)} {
				ks = append(ks, c, tinyBlocking(c))
			}
		}
	}
	return ks
}

var scalings = []struct{ alpha, beta float32 }{{1, 0}, {1, 1}, {0.5, -2}, {-1.5, 0}, {0, 0.25}, {0, 0}}

func TestSgemmShapes(t *testing.T) {
	sizes := []int{1, 2, 3, 4, 5, 7, 13, 16, 17, 31, 33, 47, 64, 67}
	depths := []int{0, 1, 3, 8, 67}
	if testing.Short() {
		sizes, depths = []int{1, 3, 17, 67}, []int{0, 1, 67}
	}
	for _, kn := range allKernels() {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn)
			rng := rand.New(rand.NewPCG(1, 2))
			for _, m := range sizes {
				for _, n := range sizes {
					for _, k := range depths {
						for tr := 0; tr < 4; tr++ {
							s := scalings[(m+n+k+tr)%len(scalings)]
							p := newProblem(rng, tr&1 != 0, tr&2 != 0, m, n, k, (m+tr)%3, (n+tr)%2*5, (k+tr)%4, s.alpha, s.beta)
							if !verify(t, p) {
								return
							}
						}
					}
				}
			}
		})
	}
}

// TestSgemmOddSizes sweeps every odd size 1..67 in each dimension in turn.
func TestSgemmOddSizes(t *testing.T) {
	for _, kn := range allKernels() {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn)
			rng := rand.New(rand.NewPCG(3, 4))
			for s := 1; s <= 67; s += 2 {
				for tr := 0; tr < 4; tr++ {
					for _, sc := range scalings {
						ta, tb := tr&1 != 0, tr&2 != 0
						for _, p := range []problem{
							newProblem(rng, ta, tb, s, 19, 23, 1, 2, 3, sc.alpha, sc.beta),
							newProblem(rng, ta, tb, 21, s, 9, 0, 3, 1, sc.alpha, sc.beta),
							newProblem(rng, ta, tb, 11, 37, s, 2, 0, 0, sc.alpha, sc.beta),
						} {
							if !verify(t, p) {
								return
							}
						}
					}
				}
			}
		})
	}
}

// TestSgemmLarge covers several cache blocks with the real blocking and the
// goroutine split along rows and along columns.
func TestSgemmLarge(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	shapes := [][3]int{{301, 97, 70}, {37, 515, 64}, {200, 200, 600}, {1, 1100, 520}, {1100, 1, 520}, {15, 4200, 9}, {180, 4300, 12}}
	for _, kn := range allKernels() {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn)
			rng := rand.New(rand.NewPCG(5, 6))
			for i, s := range shapes {
				tr := i % 4
				sc := scalings[i%len(scalings)]
				if !verify(t, newProblem(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], 1, 0, 2, sc.alpha, sc.beta)) {
					return
				}
			}
		})
	}
}

// TestSgemmConcurrent runs parallel products from several goroutines at
// once: they compete for the same workers and pooled buffers, which must
// neither deadlock nor mix up their blocks.
func TestSgemmConcurrent(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	shapes := [][3]int{{301, 97, 70}, {37, 515, 64}, {200, 130, 300}}
	errs := make(chan string, 64)
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 11))
			for i := 0; i < 4; i++ {
				s := shapes[(g+i)%len(shapes)]
				p := newProblem(rng, g%2 == 0, i%2 == 0, s[0], s[1], s[2], 1, 2, 0, 1.5, 0.5)
				want, tol := p.reference()
				got := append([]float32(nil), p.c...)
				Sgemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, got, p.ldc)
				for idx := range got {
					if d := math.Abs(float64(got[idx]) - want[idx]); !(d <= tol[idx]) && !math.IsNaN(want[idx]) {
						errs <- fmt.Sprintf("%v: C[%d] = %g, want %g", p, idx, got[idx], want[idx])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestSgemmRejectsBadArguments(t *testing.T) {
	buf := make([]float32, 100)
	cases := []struct {
		name string
		call func()
		want string
	}{
		{"negative m", func() { Sgemm(false, false, -1, 2, 2, 1, buf, 2, buf, 2, 0, buf, 2) }, "negative size"},
		{"short lda", func() { Sgemm(false, false, 2, 2, 3, 1, buf, 2, buf, 2, 0, buf, 2) }, "lda=2 < 3"},
		{"short lda transposed", func() { Sgemm(true, false, 4, 2, 3, 1, buf, 3, buf, 2, 0, buf, 2) }, "lda=3 < 4"},
		{"short ldb", func() { Sgemm(false, true, 2, 2, 3, 1, buf, 3, buf, 2, 0, buf, 2) }, "ldb=2 < 3"},
		{"short ldc", func() { Sgemm(false, false, 2, 3, 2, 1, buf, 2, buf, 3, 0, buf, 2) }, "ldc=2 < n=3"},
		{"short a", func() { Sgemm(false, false, 20, 2, 6, 1, buf, 6, buf, 2, 0, buf, 2) }, "len(a)=100 < 120"},
		{"short b", func() { Sgemm(false, false, 2, 20, 6, 1, buf, 6, buf, 20, 0, buf, 20) }, "len(b)=100 < 120"},
		{"short c", func() { Sgemm(false, false, 11, 10, 1, 1, buf, 1, buf, 10, 0, buf, 10) }, "len(c)=100 < 110"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, tc.want) {
					t.Errorf("panic %v, want one containing %q", r, tc.want)
				}
			}()
			tc.call()
		})
	}
}

// TestSgemmAllocs checks that steady-state calls reuse pooled buffers and
// workers instead of allocating, both single-threaded and split.
func TestSgemmAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops buffers on purpose under the race detector")
	}
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprint("procs", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			rng := rand.New(rand.NewPCG(7, 8))
			for _, s := range [][3]int{{5, 7, 3}, {64, 64, 64}, {197, 256, 96}, {1, 768, 768}, {3, 33, 17}} {
				p := newProblem(rng, false, true, s[0], s[1], s[2], 0, 0, 0, 1, 0)
				got := testing.AllocsPerRun(20, func() {
					Sgemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, p.c, p.ldc)
				})
				if got != 0 {
					t.Errorf("%v: %g allocations per call, want 0", p, got)
				}
			}
		})
	}
}

func FuzzSgemm(f *testing.F) {
	f.Add(uint8(3), uint8(5), uint8(7), uint8(0), uint8(1), uint8(2), uint8(3), uint8(0), uint64(1))
	f.Add(uint8(67), uint8(1), uint8(0), uint8(3), uint8(0), uint8(0), uint8(0), uint8(4), uint64(2))
	f.Fuzz(func(t *testing.T, m, n, k, trans, padA, padB, padC, scaling uint8, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 9))
		sc := scalings[int(scaling)%len(scalings)]
		for _, kn := range allKernels() {
			withKernel(t, kn)
			p := newProblem(rng, trans&1 != 0, trans&2 != 0, int(m%80), int(n%80), int(k%80), int(padA%4), int(padB%4), int(padC%4), sc.alpha, sc.beta)
			if !verify(t, p) {
				t.Fatalf("kernel %s", kn.name)
			}
		}
	})
}

// TestSgemmSmallM covers the dot-product path for m <= smallMMax with B
// transposed: depths around the assembly's 16-wide steps, n around its
// four-row passes, A transposed (gathered) or not, padded strides.
func TestSgemmSmallM(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for m := 1; m <= smallMMax+1; m++ {
		for _, n := range []int{1, 3, 4, 5, 8, 9, 33} {
			for _, k := range []int{1, 15, 16, 17, 32, 33, 100} {
				for ta := 0; ta < 2; ta++ {
					s := scalings[(m+n+k+ta)%len(scalings)]
					p := newProblem(rng, ta == 1, true, m, n, k, ta*2, (n+k)%3, m%2*3, s.alpha, s.beta)
					if !verify(t, p) {
						return
					}
				}
			}
		}
	}
}

// TestSgemmEdgeRows sweeps m over two row panels and a bit for every kernel
// with full column panels (n a multiple of nr, where the last row panel
// runs the edge kernels) and with a partial one, B packed and in place, and
// checks that rows computed by an edge kernel (and columns computed by a
// half-width kernel) equal, bit for bit, the same rows (columns) computed
// inside a full panel of a larger product.
func TestSgemmEdgeRows(t *testing.T) {
	for _, kn := range allKernels() {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn)
			rng := rand.New(rand.NewPCG(41, 42))
			for m := 1; m <= 2*kn.mr+3; m++ {
				for _, n := range []int{2 * kn.nr, 2*kn.nr + 5} {
					for tr := 0; tr < 4; tr++ {
						for _, sc := range scalings[:3] {
							p := newProblem(rng, tr&1 != 0, tr&2 != 0, m, n, 29, 0, 1, 0, sc.alpha, sc.beta)
							if !verify(t, p) {
								return
							}
						}
					}
				}
			}
			// The first m rows of a (2·mr)-row product, computed as a
			// product of m rows, land in an edge kernel when m < 2·mr.
			const n, k = 64, 45
			full := newProblem(rng, false, false, 2*kn.mr, n, k, 0, 0, 0, 1, 1)
			whole := append([]float32(nil), full.c...)
			Sgemm(false, false, 2*kn.mr, n, k, 1, full.a, k, full.b, n, 1, whole, n)
			for m := 1; m < 2*kn.mr; m++ {
				part := append([]float32(nil), full.c[:m*n]...)
				Sgemm(false, false, m, n, k, 1, full.a, k, full.b, n, 1, part, n)
				for i := range part {
					if math.Float32bits(part[i]) != math.Float32bits(whole[i]) {
						t.Fatalf("m=%d: C[%d] = %g as the last rows of a product, %g inside a full panel", m, i, part[i], whole[i])
					}
				}
			}
			// Likewise the first nn columns, which end in a half-width
			// (or narrower) last panel when nn is not a multiple of nr.
			for nn := 1; nn < n; nn++ {
				part := make([]float32, 2*kn.mr*nn)
				for i := 0; i < 2*kn.mr; i++ {
					copy(part[i*nn:(i+1)*nn], full.c[i*n:])
				}
				Sgemm(false, false, 2*kn.mr, nn, k, 1, full.a, k, full.b, n, 1, part, nn)
				for i := 0; i < 2*kn.mr; i++ {
					for j := 0; j < nn; j++ {
						if math.Float32bits(part[i*nn+j]) != math.Float32bits(whole[i*n+j]) {
							t.Fatalf("n=%d: C[%d,%d] = %g in a narrower product, %g inside a full panel", nn, i, j, part[i*nn+j], whole[i*n+j])
						}
					}
				}
			}
		})
	}
}
