package core

import (
	"sync"
	"sync/atomic"

	"dlprep/core/fastmath"
	"dlprep/core/gemm"
)

// Job is work split into independent parts (see Parallel).
type Job = gemm.Job

// Parallel runs job.Part(p, parts) for every p < parts on the matrix
// product's worker goroutines, the caller taking part 0, and returns when
// all are done. It allocates nothing when job is a pointer, runs the parts
// in turn on the caller when parts <= 1, and matrix products inside a part
// run on that part's goroutine (gemm.Parallel). Ops use it for the serial
// stages around their products (im2col, patchify, head reshapes) so those
// do not keep one core idle at two threads.
func Parallel(parts int, job Job) { gemm.Parallel(parts, job) }

// Parts is how many parts to cut work (a count of values to move or
// multiply-adds to do) into: one per thread Parallel can use, but none
// smaller than minPerPart, since handing a part to another goroutine costs
// a few microseconds. It is 1 at GOMAXPROCS=1, so the serial path pays no
// goroutine overhead.
func Parts(work, minPerPart int) int {
	t := gemm.Threads()
	if t <= 1 || work < 2*minPerPart {
		return 1
	}
	return min(t, work/minPerPart)
}

// Transpose writes dst[c·ldd + r] = src[r·lds + c] for r < rows, c < cols,
// with the matrix product's vectorised transposing copy (gemm.Transpose):
// for ops that change a layout around their products.
func Transpose(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	gemm.Transpose(dst, ldd, src, lds, rows, cols)
}

// TransposeAdd is Transpose adding add[c] to every value of source column
// c (gemm.TransposeAdd).
func TransposeAdd(dst []float32, ldd int, src []float32, lds, rows, cols int, add []float32) {
	gemm.TransposeAdd(dst, ldd, src, lds, rows, cols, add)
}

// AllFinite reports whether x holds no NaN or ±Inf, reading large slices
// on every core (see allFinite).
func AllFinite(x []float32) bool { return allFinite(x) }

// allFinite is fastmath.AllFinite, on every core for large slices: a
// weight check reads each value once from L3 or memory (mhsa's four
// 768×768 weights, 9.4 MB), and two cores read it about twice as fast as
// one.
func allFinite(x []float32) bool {
	parts := Parts(len(x), 1<<16)
	if parts <= 1 {
		return fastmath.AllFinite(x)
	}
	j := finiteJobs.Get().(*finiteJob)
	j.x = x
	j.bad.Store(false)
	Parallel(parts, j)
	ok := !j.bad.Load()
	j.x = nil
	finiteJobs.Put(j)
	return ok
}

type finiteJob struct {
	x   []float32
	bad atomic.Bool
}

func (j *finiteJob) Part(p, parts int) {
	n := len(j.x)
	if !fastmath.AllFinite(j.x[p*n/parts : (p+1)*n/parts]) {
		j.bad.Store(true)
	}
}

var finiteJobs = sync.Pool{New: func() any { return new(finiteJob) }}
