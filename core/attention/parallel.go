package attention

import (
	"sync/atomic"

	"dlprep/core"
)

// headsJob runs heads.attend over many (batch, head) slices, shared out to
// the parts of core.Parallel one at a time: at two threads the heads of sdpa and mhsa run on both
// cores at once. Each head's products (197×197×64 at ViT-B size) are too
// small to split well on their own: split, sdpa ran at 1.04× PyTorch at two
// threads, no faster than at one. Slice i = bi·nh + h reads q at
// bi·qB + h·qH (and likewise k, v), writes its weights at i·s·s2 of w and
// its output at bi·oB + h·oH of out.
type headsJob struct {
	op                 string
	hd                 heads
	q, k, v, w, out    []float32
	ldq, ldk, ldv, ldo int
	qB, qH, kB, kH     int
	vB, vH, oB, oH     int
	nb, nh             int
	next               atomic.Int32 // the next slice to take
	stop               atomic.Bool  // set at the first error: take no more
	errs               []sliceErr   // the first error of each part
}

// sliceErr is a part's first error and the slice it came from.
type sliceErr struct {
	i   int
	err error
}

// run attends every slice, in parts when worth it, and returns the error
// of the lowest failing slice, as a serial loop would.
func (j *headsJob) run() error {
	work := j.nb * j.nh * j.hd.s * j.hd.s2 * (j.hd.dk + j.hd.dv)
	parts := min(core.Parts(work, 1<<18), j.nb*j.nh)
	if cap(j.errs) < max(parts, 1) {
		j.errs = make([]sliceErr, max(parts, 1))
	}
	j.errs = j.errs[:max(parts, 1)]
	clear(j.errs)
	j.next.Store(0)
	j.stop.Store(false)
	core.Parallel(parts, j)
	return firstErr(j.errs)
}

// Part attends slices, taking the next one left (in increasing order)
// until none is, or until some part has failed: every slice handed out
// before the failing one is still finished, so the lowest failing slice
// is always found, whatever the split.
func (j *headsJob) Part(p, parts int) {
	n := j.nb * j.nh
	s, s2 := j.hd.s, j.hd.s2
	for !j.stop.Load() {
		i := int(j.next.Add(1)) - 1
		if i >= n {
			return
		}
		bi, h := i/j.nh, i%j.nh
		err := j.hd.attend(j.op, j.q[bi*j.qB+h*j.qH:], j.ldq, j.k[bi*j.kB+h*j.kH:], j.ldk, j.v[bi*j.vB+h*j.vH:], j.ldv,
			j.w[i*s*s2:], j.out[bi*j.oB+h*j.oH:], j.ldo)
		if err != nil {
			j.errs[p] = sliceErr{i, err}
			j.stop.Store(true)
			return
		}
	}
}

// firstErr is the error of the lowest failing slice, or nil.
func firstErr(errs []sliceErr) error {
	var first *sliceErr
	for k := range errs {
		if e := &errs[k]; e.err != nil && (first == nil || e.i < first.i) {
			first = e
		}
	}
	if first == nil {
		return nil
	}
	return first.err
}

// release drops the references to the caller's tensors, keeping errs.
func (j *headsJob) release() {
	j.q, j.k, j.v, j.w, j.out = nil, nil, nil, nil, nil
	clear(j.errs)
}
