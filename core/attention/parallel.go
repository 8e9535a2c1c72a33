package attention

import "dlprep/core"

// headsJob runs heads.attend over many (batch, head) slices, cut into parts
// for core.Parallel: at two threads the heads of sdpa and mhsa run on both
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
	errs               []error // the first error of each part
}

// run attends every slice, in parts when worth it, and returns the error
// of the lowest failing slice, as a serial loop would.
func (j *headsJob) run() error {
	work := j.nb * j.nh * j.hd.s * j.hd.s2 * (j.hd.dk + j.hd.dv)
	parts := min(core.Parts(work, 1<<18), j.nb*j.nh)
	if cap(j.errs) < max(parts, 1) {
		j.errs = make([]error, max(parts, 1))
	}
	j.errs = j.errs[:max(parts, 1)]
	clear(j.errs)
	core.Parallel(parts, j)
	for _, err := range j.errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (j *headsJob) Part(p, parts int) {
	n := j.nb * j.nh
	s, s2 := j.hd.s, j.hd.s2
	for i := p * n / parts; i < (p+1)*n/parts; i++ {
		bi, h := i/j.nh, i%j.nh
		err := j.hd.attend(j.op, j.q[bi*j.qB+h*j.qH:], j.ldq, j.k[bi*j.kB+h*j.kH:], j.ldk, j.v[bi*j.vB+h*j.vH:], j.ldv,
			j.w[i*s*s2:], j.out[bi*j.oB+h*j.oH:], j.ldo)
		if err != nil {
			j.errs[p] = err
			return
		}
	}
}

// release drops the references to the caller's tensors, keeping errs.
func (j *headsJob) release() {
	errs := j.errs
	*j = headsJob{errs: errs}
}
