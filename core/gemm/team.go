package gemm

import (
	"sync"
	"sync/atomic"
)

// A team runs one product on several goroutines that share each packed
// block of op(B) and take row blocks of C from a counter as they finish.
// Sharing B means it is packed once rather than once per goroutine, and
// taking blocks dynamically means a goroutine held up by another job on a
// shared machine delays only its current block, not a fixed half of C.
type team struct {
	kn             *microKernel
	size           int
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
	kc, mc, nc     int

	packedB []float32    // the shared kc×nc block of op(B)
	next    atomic.Int64 // next row block of the current step
	sync    barrier
}

// dispatch serialises handing a team's members to the workers.
var dispatch sync.Mutex

var teams = sync.Pool{New: func() any {
	t := new(team)
	t.sync.cond.L = &t.sync.mu
	return t
}}

// teamBlocksPerWorker is how many row blocks each goroutine should get on
// average: enough that finishing early or late evens out.
const teamBlocksPerWorker = 4

// useTeam reports whether op(A) has enough rows for a team of size to share
// them out in blocks of at least mr rows.
func useTeam(kn *microKernel, m, size int) bool {
	return ceilDiv(m, kn.mr) >= teamBlocksPerWorker*size
}

// runTeam computes the product with size goroutines (the caller included).
func runTeam(kn *microKernel, size int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ensureWorkers(size - 1)
	t := teams.Get().(*team)
	*t = team{kn: kn, size: size, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc, packedB: t.packedB, sync: barrier{n: size}}
	t.sync.cond.L = &t.sync.mu
	t.kc = ceilDiv(k, ceilDiv(k, kn.kc))
	mc := min(kn.mc, roundUp(ceilDiv(m, teamBlocksPerWorker*size), kn.mr))
	t.mc = roundUp(ceilDiv(m, ceilDiv(m, mc)), kn.mr)
	t.nc = min(roundUp(n, kn.nr), kn.nc)
	t.packedB = ensure(t.packedB, t.kc*t.nc)

	wg := groups.Get().(*sync.WaitGroup)
	// Members wait for each other at barriers, so a team must get all its
	// workers or none: two teams each holding part of the pool while
	// waiting for the rest would deadlock. Dispatching under one lock means
	// every team holding workers has them all, and so finishes.
	dispatch.Lock()
	for id := 1; id < size; id++ {
		wg.Add(1)
		tasks <- task{team: t, id: id, done: wg}
	}
	dispatch.Unlock()
	t.work(0)
	wg.Wait()
	groups.Put(wg)
	t.a, t.b, t.c = nil, nil, nil // do not keep the caller's matrices alive
	teams.Put(t)
}

// work is one team member's part: every member walks the same sequence of
// (column block, depth block) steps; in each it packs its share of B's
// panels, waits for the others, then multiplies row blocks until none are
// left, and waits again before B is overwritten by the next step.
func (t *team) work(id int) {
	kn := t.kn
	mr, nr := kn.mr, kn.nr
	ws := getWorkspace()
	ws.grow(t.mc*t.kc, 0, mr*nr)
	local := workspace{a: ws.a, b: t.packedB, tile: ws.tile}
	var blk block
	blk.directA = kn.directA != nil && !t.transA && t.n <= directMaxN
	blk.alpha = t.alpha
	blocks := int64(ceilDiv(t.m, t.mc))
	for jc := 0; jc < t.n; jc += t.nc {
		blk.nc = min(t.nc, t.n-jc)
		for pc := 0; pc < t.k; pc += t.kc {
			blk.kc = min(t.kc, t.k-pc)
			blk.beta, blk.accum = t.beta, t.beta != 0
			if pc > 0 {
				blk.beta, blk.accum = 1, true
			}
			panels := ceilDiv(blk.nc, nr)
			for p := id; p < panels; p += t.size {
				packB(t.packedB[p*nr*blk.kc:], t.transB, t.b, t.ldb, pc, jc+p*nr, blk.kc, min(nr, blk.nc-p*nr), nr)
			}
			if id == 0 {
				// Everyone is past the previous step's last barrier, so
				// nobody is still taking blocks from the counter.
				t.next.Store(0)
			}
			t.sync.wait()
			for {
				i := t.next.Add(1) - 1
				if i >= blocks {
					break
				}
				ic := int(i) * t.mc
				blk.mc = min(t.mc, t.m-ic)
				blk.fullM = 0
				if blk.directA {
					blk.fullM = blk.mc / mr * mr
					blk.a, blk.lda = t.a[ic*t.lda+pc:], t.lda
				}
				packA(local.a, t.transA, t.a, t.lda, ic+blk.fullM, pc, blk.mc-blk.fullM, blk.kc, mr, t.alpha)
				kn.macro(&local, &blk, t.c[ic*t.ldc+jc:], t.ldc)
			}
			t.sync.wait()
		}
	}
	putWorkspace(ws)
}

// barrier blocks each of n goroutines in wait until all n have arrived.
type barrier struct {
	mu         sync.Mutex
	cond       sync.Cond
	n, arrived int
	generation uint64
}

func (b *barrier) wait() {
	b.mu.Lock()
	gen := b.generation
	b.arrived++
	if b.arrived == b.n {
		b.arrived = 0
		b.generation++
		b.cond.Broadcast()
	} else {
		for gen == b.generation {
			b.cond.Wait()
		}
	}
	b.mu.Unlock()
}
