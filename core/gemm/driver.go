package gemm

// microKernel is one register-tiled inner kernel plus the cache blocking that
// suits it. The driver packs op(A) into panels of mr rows (alpha folded in)
// and op(B) into panels of nr columns, kc deep, then calls fn for each mr×nr
// tile of C: fn multiplies one A panel by one B panel and stores the result
// (accum false) or adds it to beta·C (accum true).
type microKernel struct {
	name       string
	mr, nr     int
	kc, mc, nc int // blocking: depth, rows of A per L2 block, columns of B per L3 block
	fn         func(k int, a, b, c []float32, ldc int, beta float32, accum bool)

	// direct, if not nil, is fn reading mr rows of an untransposed A in
	// place (stride lda) and applying alpha itself. It replaces packing A
	// when n <= directMaxN, where the pack (a transpose, O(m·k) per column
	// block) would cost about as much as the O(m·n·k) product.
	direct     func(k int, a []float32, lda int, b, c []float32, ldc int, alpha, beta float32, accum bool)
	directMaxN int
}

// run computes the whole product on the calling goroutine using ws.
func (kn *microKernel) run(ws *workspace, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mr, nr := kn.mr, kn.nr
	// Equal-sized depth blocks avoid a thin last block that would run the
	// kernel at a fraction of its speed.
	kc := ceilDiv(k, ceilDiv(k, kn.kc))
	mc := roundUp(ceilDiv(m, ceilDiv(m, kn.mc)), mr)
	nc := min(roundUp(n, nr), kn.nc)
	ws.grow(mc*kc, nc*kc, mr*nr)
	useDirect := kn.direct != nil && !transA && n <= kn.directMaxN
	for jc := 0; jc < n; jc += nc {
		ncb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kcb := min(kc, k-pc)
			packB(ws.b, transB, b, ldb, pc, jc, kcb, ncb, nr)
			be, accum := beta, beta != 0
			if pc > 0 {
				be, accum = 1, true
			}
			for ic := 0; ic < m; ic += mc {
				mcb := min(mc, m-ic)
				if useDirect {
					// Only a last panel of fewer than mr rows is packed.
					full := mcb / mr * mr
					if full < mcb {
						packA(ws.a, transA, a, lda, ic+full, pc, mcb-full, kcb, mr, alpha)
					}
					kn.macroDirect(ws, a[ic*lda+pc:], lda, full, mcb, ncb, kcb, alpha, be, accum, c[ic*ldc+jc:], ldc)
					continue
				}
				packA(ws.a, transA, a, lda, ic, pc, mcb, kcb, mr, alpha)
				kn.macro(ws, mcb, ncb, kcb, be, accum, c[ic*ldc+jc:], ldc)
			}
		}
	}
}

// macro runs the micro-kernel over one packed mc×kc block of A and kc×nc
// block of B. Tiles that stick out of C are computed into ws.tile and the
// valid part merged, so the kernel itself only knows full tiles.
func (kn *microKernel) macro(ws *workspace, mc, nc, kc int, beta float32, accum bool, c []float32, ldc int) {
	mr, nr := kn.mr, kn.nr
	for jr := 0; jr < nc; jr += nr {
		nrr := min(nr, nc-jr)
		bp := ws.b[jr*kc : (jr+nr)*kc]
		for ir := 0; ir < mc; ir += mr {
			mrr := min(mr, mc-ir)
			ap := ws.a[ir*kc : (ir+mr)*kc]
			if mrr == mr && nrr == nr {
				kn.fn(kc, ap, bp, c[ir*ldc+jr:], ldc, beta, accum)
				continue
			}
			kn.fn(kc, ap, bp, ws.tile, nr, 0, false)
			merge(mrr, nrr, ws.tile, nr, beta, accum, c[ir*ldc+jr:], ldc)
		}
	}
}

// macroDirect is macro for the direct kernel: rows [0,full) of the block
// are read from A in place, the remaining mc-full rows from the panel that
// run packed into ws.a.
func (kn *microKernel) macroDirect(ws *workspace, a []float32, lda, full, mc, nc, kc int, alpha, beta float32, accum bool, c []float32, ldc int) {
	mr, nr := kn.mr, kn.nr
	for jr := 0; jr < nc; jr += nr {
		nrr := min(nr, nc-jr)
		bp := ws.b[jr*kc : (jr+nr)*kc]
		for ir := 0; ir < full; ir += mr {
			if nrr == nr {
				kn.direct(kc, a[ir*lda:], lda, bp, c[ir*ldc+jr:], ldc, alpha, beta, accum)
				continue
			}
			kn.direct(kc, a[ir*lda:], lda, bp, ws.tile, nr, alpha, 0, false)
			merge(mr, nrr, ws.tile, nr, beta, accum, c[ir*ldc+jr:], ldc)
		}
		if full < mc {
			kn.fn(kc, ws.a[:mr*kc], bp, ws.tile, nr, 0, false)
			merge(mc-full, nrr, ws.tile, nr, beta, accum, c[full*ldc+jr:], ldc)
		}
	}
}

// merge writes the valid mrr×nrr corner of a full tile into C.
func merge(mrr, nrr int, t []float32, ldt int, beta float32, accum bool, c []float32, ldc int) {
	for i := 0; i < mrr; i++ {
		src := t[i*ldt : i*ldt+nrr]
		dst := c[i*ldc : i*ldc+nrr]
		if !accum {
			copy(dst, src)
			continue
		}
		for j, v := range src {
			dst[j] = v + beta*dst[j]
		}
	}
}

func roundUp(x, to int) int { return ceilDiv(x, to) * to }
