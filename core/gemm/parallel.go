package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// maxWorkers caps how many goroutines share one product.
const maxWorkers = 64

// task is one goroutine's share of a product: a block of rows or columns of
// C with the matching rows of op(A) or columns of op(B). It travels by value
// through a channel, so dispatching it allocates nothing.
type task struct {
	kn             *microKernel
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
	pending        *atomic.Int32 // parts of the call not finished yet

	// job, when set, makes this a part of Parallel instead of a product.
	job         Job
	part, parts int
}

func (t *task) run() {
	if t.job != nil {
		t.job.Part(t.part, t.parts)
		return
	}
	ws := getWorkspace()
	t.kn.run(ws, t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.a, t.lda, t.b, t.ldb, nil, t.beta, t.c, t.ldc)
	putWorkspace(ws)
}

var (
	pool    sync.Mutex
	started int
	tasks   = make(chan task, maxWorkers)
	groups  = sync.Pool{New: func() any { return new(atomic.Int32) }}
)

// spinFor is how long a worker keeps polling for the next task before it
// parks, and how the caller waits for the other parts. Waking a parked
// goroutine on an idle core took about 115 µs on the 2-core VM (the vCPU
// sleeps), a fifth of a 197×768×768 product's half; OpenBLAS's threads spin
// too. Polling yields (Gosched) so nothing waits behind it on a busy P.
const spinFor = 200 * time.Microsecond

// nextTask returns the next task, polling for spinFor before parking.
func nextTask() task {
	deadline := time.Now().Add(spinFor)
	for i := 0; ; i++ {
		select {
		case t := <-tasks:
			return t
		default:
		}
		if i%16 == 15 && time.Now().After(deadline) {
			return <-tasks
		}
		runtime.Gosched()
	}
}

// ensureWorkers starts long-lived workers until n exist. Workers are kept
// rather than spawned per call so a call costs a channel send, not a
// goroutine and closure allocation.
func ensureWorkers(n int) {
	pool.Lock()
	for ; started < n; started++ {
		go func() {
			for {
				t := nextTask()
				t.run()
				t.pending.Add(-1)
			}
		}()
	}
	pool.Unlock()
}

// runParallel splits C into `parts` blocks along the dimension whose split
// duplicates the least packing (each part packs its own copy of the shared
// operand) and runs them concurrently; the caller computes the first block.
//
// A BLIS-style team (one shared packed B, row blocks taken from a counter,
// barriers between depth steps) was tried and measured slower on the
// benchmark shapes with two free cores (197×768×768: 1.04× against 1.63×
// for this split; 1024³: 1.53× against 1.86×): its smaller row blocks and
// cross-core reads of B cost more than the duplicated packing saved. It did
// better only when other jobs held one of the cores.
func runParallel(kn *microKernel, parts int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ensureWorkers(parts - 1)
	// Splitting rows repacks all of op(B) per part (k·n each); splitting
	// columns repacks op(A) (m·k each). Rows also need enough tiles.
	byRows := n <= m && ceilDiv(m, kn.mr) >= parts
	if !byRows && ceilDiv(n, kn.nr) < parts {
		byRows = true
		parts = min(parts, ceilDiv(m, kn.mr))
	}
	pending := groups.Get().(*atomic.Int32)
	var first task
	for p := 0; p < parts; p++ {
		t := task{kn: kn, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
			a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc, pending: pending}
		if byRows {
			lo, hi := share(m, kn.mr, parts, p)
			t.m = hi - lo
			if transA {
				t.a = a[lo:]
			} else {
				t.a = a[lo*lda:]
			}
			t.c = c[lo*ldc:]
		} else {
			lo, hi := share(n, kn.nr, parts, p)
			t.n = hi - lo
			if transB {
				t.b = b[lo*ldb:]
			} else {
				t.b = b[lo:]
			}
			t.c = c[lo:]
		}
		if t.m == 0 || t.n == 0 {
			continue
		}
		if p == 0 {
			first = t
			continue
		}
		pending.Add(1)
		tasks <- t
	}
	first.run()
	waitParts(pending)
	groups.Put(pending)
}

// share is part p's half-open range of [0,size) when size is cut into parts
// pieces whose boundaries fall on multiples of tile.
func share(size, tile, parts, p int) (lo, hi int) {
	tiles := ceilDiv(size, tile)
	lo = min(size, tiles*p/parts*tile)
	hi = min(size, tiles*(p+1)/parts*tile)
	return lo, hi
}

// waitParts returns when the other parts are done. They take about as long
// as the caller's, so the wait is short: poll rather than park. Polling
// spins without yielding for spinFor first: Gosched from a goroutine locked
// to its thread (benchmarks, a GUI's main thread) hands its P to another
// thread and back, which cost 197×768×768 a third of its time. After that,
// or at once under wasm (one thread: spinning would only delay the worker),
// it yields so a part queued behind a busy worker still runs.
func waitParts(pending *atomic.Int32) {
	spin := runtime.GOARCH != "wasm"
	var deadline time.Time
	for i := 0; pending.Load() != 0; i++ {
		if spin {
			if i%64 != 63 {
				continue
			}
			if deadline.IsZero() {
				deadline = time.Now().Add(spinFor)
			} else if time.Now().After(deadline) {
				spin = false
			}
			continue
		}
		runtime.Gosched()
	}
}

// Job is work split into independent parts, run by Parallel.
type Job interface {
	// Part does part p of parts (0 <= p < parts). Parts may run at the
	// same time and must not write what another part reads or writes.
	Part(p, parts int)
}

// jobs counts the Parallel calls in progress. While one runs, every core
// of the machine is meant to be busy with its parts, so products started
// inside them (or anywhere else meanwhile) run on their own goroutine:
// splitting them again would only queue tasks behind the parts, and a part
// waiting for its product's other half while every worker waits the same
// way would never finish.
var jobs atomic.Int32

// Threads is how many parts Parallel runs at once: GOMAXPROCS, capped like
// a product's split, and 1 inside a running Parallel.
func Threads() int {
	if jobs.Load() > 0 {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), maxWorkers)
}

// Parallel runs job.Part(p, parts) for every p < parts and returns when all
// have finished. The calling goroutine takes part 0 and the product
// workers (parallel.go) the others, so a call costs a channel send per part
// and allocates nothing when job is a pointer. With parts <= 1, or inside
// another Parallel, the parts run one after the other on the caller.
// Matrix products inside a part run on that part's goroutine.
func Parallel(parts int, job Job) {
	if parts <= 1 || jobs.Load() > 0 {
		for p := 0; p < max(parts, 1); p++ {
			job.Part(p, max(parts, 1))
		}
		return
	}
	jobs.Add(1)
	ensureWorkers(parts - 1)
	pending := groups.Get().(*atomic.Int32)
	for p := 1; p < parts; p++ {
		pending.Add(1)
		tasks <- task{job: job, part: p, parts: parts, pending: pending}
	}
	job.Part(0, parts)
	waitParts(pending)
	groups.Put(pending)
	jobs.Add(-1)
}
