package gemm

import "fmt"

// PackedB is op(B) packed once into the active kernel's column panels, for
// products that reuse one B with many A: a convolution multiplies the same
// weights with every band of its input rows, and each Sgemm call would
// pack them again (18 packs of a 3×3 64→64 conv's weights per 56×56 image).
// The zero value is empty; PackB fills it, reusing its buffer.
type PackedB struct {
	kn   *microKernel
	k, n int
	data []float32
}

// PackB packs op(B), k×n (B as stored is n×k when transB), into pb in the
// order run reads it: column blocks, then depth blocks, each in panels of
// the kernel's width.
func PackB(pb *PackedB, transB bool, k, n int, b []float32, ldb int) {
	check(false, transB, 0, n, k, nil, max(1, k), b, ldb, nil, max(1, n))
	kn := active
	pb.kn, pb.k, pb.n = kn, k, n
	if k == 0 || n == 0 {
		pb.data = pb.data[:0] // SgemmPacked reads nothing
		return
	}
	kc, nc := kn.blocking(k, n)
	size := 0
	for jc := 0; jc < n; jc += nc {
		size += roundUp(min(nc, n-jc), kn.nr) * k
	}
	pb.data = ensure(pb.data, size)[:size]
	off := 0
	for jc := 0; jc < n; jc += nc {
		ncb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kcb := min(kc, k-pc)
			packB(pb.data[off:], transB, b, ldb, pc, jc, kcb, ncb, kn.nr)
			off += roundUp(ncb, kn.nr) * kcb
		}
	}
}

// Dims is the depth k and width n of the packed op(B).
func (pb *PackedB) Dims() (k, n int) { return pb.k, pb.n }

// SgemmPacked is Sgemm(transA, false, m, pb.n, pb.k, alpha, a, lda, B,
// beta, c, ldc) with B packed by PackB. It runs on the calling goroutine:
// it is meant for the parts of a Parallel job, which already keep every
// core busy.
func SgemmPacked(transA bool, m int, alpha float32, a []float32, lda int, pb *PackedB, beta float32, c []float32, ldc int) {
	if pb.kn == nil {
		panic("gemm: SgemmPacked with an empty PackedB")
	}
	if pb.kn != active {
		panic(fmt.Sprintf("gemm: B was packed for kernel %s, the active one is %s", pb.kn.name, active.name))
	}
	n, k := pb.n, pb.k
	// The packed panels hold at least k·n values, so they pass for a k×n
	// B in the check of A and C.
	check(transA, false, m, n, k, a, lda, pb.data, max(1, n), c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scale(m, n, beta, c, ldc)
		return
	}
	ws := getWorkspace()
	pb.kn.run(ws, transA, false, m, n, k, alpha, a, lda, nil, n, pb.data, beta, c, ldc)
	putWorkspace(ws)
}

// SgemmPackedWindows is SgemmPacked(false, m, 1, a, lda, pb, beta, c, ldc)
// for an A whose rows may overlap: row i is a[i·lda : i·lda+k] for any
// lda ≥ 1. The windows of a channel-last image row are such rows (lda = C,
// k = kW·C): a stride-1 convolution reads them in place rather than
// copying every window out first. The kernels read A row by row at any
// stride, so nothing else changes.
func SgemmPackedWindows(m int, a []float32, lda int, pb *PackedB, beta float32, c []float32, ldc int) {
	if pb.kn == nil {
		panic("gemm: SgemmPackedWindows with an empty PackedB")
	}
	if pb.kn != active {
		panic(fmt.Sprintf("gemm: B was packed for kernel %s, the active one is %s", pb.kn.name, active.name))
	}
	n, k := pb.n, pb.k
	if m < 0 {
		panic(fmt.Sprintf("gemm: negative size m=%d", m))
	}
	if lda < 1 {
		panic(fmt.Sprintf("gemm: lda=%d < 1", lda))
	}
	if m > 0 && k > 0 && len(a) < (m-1)*lda+k {
		panic(fmt.Sprintf("gemm: len(a)=%d < %d for %d windows of %d values, %d apart", len(a), (m-1)*lda+k, m, k, lda))
	}
	if ldc < max(1, n) {
		panic(fmt.Sprintf("gemm: ldc=%d < n=%d", ldc, n))
	}
	if need := span(m, n, ldc); len(c) < need {
		panic(fmt.Sprintf("gemm: len(c)=%d < %d for a %dx%d matrix with ldc=%d", len(c), need, m, n, ldc))
	}
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		scale(m, n, beta, c, ldc)
		return
	}
	ws := getWorkspace()
	pb.kn.run(ws, false, false, m, n, k, 1, a, lda, nil, n, pb.data, beta, c, ldc)
	putWorkspace(ws)
}
