package gemm

import (
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
)

// countJob records which parts ran and, inside each, whether a product
// would have been split (it must not be) and whether a nested Parallel ran
// all its parts.
type countJob struct {
	ran       [8]atomic.Int32
	split     atomic.Int32
	nested    atomic.Int32
	doNested  bool
	a, b, c   []float32
	m, n, k   int
	partsSeen atomic.Int32
}

func (j *countJob) Part(p, parts int) {
	j.ran[p].Add(1)
	j.partsSeen.Store(int32(parts))
	if parallelism(active, 512, 512, 512) > 1 {
		j.split.Add(1)
	}
	if j.doNested {
		var inner countJob
		Parallel(3, &inner)
		for q := 0; q < 3; q++ {
			j.nested.Add(inner.ran[q].Load())
		}
	}
	if j.a != nil {
		// Each part computes its own rows of C.
		lo, hi := p*j.m/parts, (p+1)*j.m/parts
		Sgemm(false, false, hi-lo, j.n, j.k, 1, j.a[lo*j.k:], j.k, j.b, j.n, 0, j.c[lo*j.n:], j.n)
	}
}

func TestParallelRunsEveryPartOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for _, parts := range []int{0, 1, 2, 3, 8} {
				j := &countJob{doNested: true}
				Parallel(parts, j)
				want := max(parts, 1)
				for p := 0; p < len(j.ran); p++ {
					got, exp := j.ran[p].Load(), int32(0)
					if p < want {
						exp = 1
					}
					if got != exp {
						t.Errorf("GOMAXPROCS=%d parts=%d: part %d ran %d times, want %d", procs, parts, p, got, exp)
					}
				}
				if j.partsSeen.Load() != int32(want) {
					t.Errorf("GOMAXPROCS=%d parts=%d: parts saw parts=%d, want %d", procs, parts, j.partsSeen.Load(), want)
				}
				if parts > 1 && j.split.Load() != 0 {
					t.Errorf("GOMAXPROCS=%d parts=%d: a product inside a part would be split", procs, parts)
				}
				if got := j.nested.Load(); got != int32(3*want) {
					t.Errorf("GOMAXPROCS=%d parts=%d: nested Parallel ran %d parts in all, want %d", procs, parts, got, 3*want)
				}
			}
			// (Under wasm GOMAXPROCS stays 1 whatever is asked.)
			if want := min(runtime.GOMAXPROCS(0), maxWorkers); Threads() != want {
				t.Errorf("GOMAXPROCS=%d: Threads() = %d, want %d", procs, Threads(), want)
			}
		}()
	}
	if jobs.Load() != 0 {
		t.Errorf("jobs = %d after every Parallel returned", jobs.Load())
	}
}

// TestParallelProductsMatchSerial: rows of a product computed by separate
// parts equal the same rows of the whole product, bit for bit (each part's
// product runs serially, with the same blocking over k).
func TestParallelProductsMatchSerial(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	rng := rand.New(rand.NewPCG(9, 10))
	m, n, k := 197, 300, 333
	p := newProblem(rng, false, false, m, n, k, 0, 0, 0, 1, 0)
	want := make([]float32, m*n)
	Sgemm(false, false, m, n, k, 1, p.a, k, p.b, n, 0, want, n)
	for _, parts := range []int{2, 3, 5} {
		j := &countJob{a: p.a, b: p.b, c: make([]float32, m*n), m: m, n: n, k: k}
		Parallel(parts, j)
		for i := range want {
			if j.c[i] != want[i] {
				t.Fatalf("parts=%d: C[%d] = %g, whole product %g", parts, i, j.c[i], want[i])
			}
		}
	}
}

type nopJob struct{ n atomic.Int32 }

func (j *nopJob) Part(p, parts int) { j.n.Add(1) }

func TestParallelAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	j := &nopJob{}
	Parallel(2, j) // start the worker
	if got := testing.AllocsPerRun(50, func() { Parallel(2, j) }); got != 0 {
		t.Errorf("Parallel: %g allocations per call, want 0", got)
	}
}

// BenchmarkParallelOverhead is the cost of handing one empty part to a
// worker and waiting for it.
func BenchmarkParallelOverhead(b *testing.B) {
	j := &nopJob{}
	for b.Loop() {
		Parallel(Threads(), j)
	}
}
