package gemm

// kernFunc computes one mr×nr tile of C from A and B operands laid out as
// its kernel expects (packed panels or in place, see microKernel): the tile
// is stored (accum false) or added to beta·C (accum true). lda and ldb are
// only read for operands in place; alpha only where A is in place (packed A
// has it multiplied in).
type kernFunc func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, accum bool)

// microKernel is one register-tiled inner kernel plus the cache blocking that
// suits it. The driver packs op(A) into panels of mr rows (alpha folded in)
// and op(B) into panels of nr columns, kc deep, then calls fn for each mr×nr
// tile of C.
type microKernel struct {
	name       string
	mr, nr     int
	kc, mc, nc int // blocking: depth, rows of A per L2 block, columns of B per L3 block
	fn         kernFunc

	// directA, if not nil, is fn reading mr rows of an untransposed A in
	// place. Packing A transposes it, O(m·k) work per column block, about
	// the cost of the O(m·n·k) product itself when n is small, so it is
	// used when n <= directMaxN.
	directA kernFunc
	// directB, if not nil, is fn reading nr columns of an untransposed B in
	// place. It is used when all of A fits one row block (m <= mc), where
	// each B panel would be packed to be read only once.
	directB kernFunc

	// half, if not nil, holds fn, directA and directB computing only the
	// first nr/2 columns: a last column panel at most that wide runs them
	// into the scratch tile instead of the full-width kernel.
	half *halfKernels

	// edges, largest first, compute the first rows of a packed A panel:
	// the last row panel of a product whose m is not a multiple of mr is
	// cut into them (13 = 8+4+1) instead of running fn for all mr rows into
	// a scratch tile. Empty for the Go kernel.
	edges []edgeKernel
}

// halfKernels are a kernel's half-width variants (see microKernel.half).
type halfKernels struct {
	fn, directA, directB kernFunc
}

// edgeKernel computes the first rows rows of an mr×nr tile from a packed
// A panel, with B packed (fn) or in place (directB).
type edgeKernel struct {
	rows        int
	fn, directB kernFunc
}

// directMaxN is the widest product for which direct kernels replace packing
// A: up to here packing A costs a large part of the product. At 512
// rather than 256 it takes in the halves of 768-wide products split over
// two threads (ViT's 768×768 projections, patch_embed): each half packed
// all of A for itself, and reading it in place made patch_embed 5 % and
// the 197×768×768 product 6 % faster at two threads (interleaved A/B,
// best of 8–12), and window_attention 3 % at one thread (its qkv
// product is 288 wide).
const directMaxN = 512

// run computes the whole product on the calling goroutine using ws.
//
// packed, if not nil, is op(B) already packed by PackB for this kernel, k
// and n: its blocks are read in the order packing would have made them.
func (kn *microKernel) run(ws *workspace, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, packed []float32, beta float32, c []float32, ldc int) {
	mr, nr := kn.mr, kn.nr
	kc, nc := kn.blocking(k, n)
	mc := roundUp(ceilDiv(m, ceilDiv(m, kn.mc)), mr)
	ws.grow(mc*kc, nc*kc, mr*nr)
	var blk block
	blk.directA = kn.directA != nil && !transA && n <= directMaxN
	blk.directB = kn.directB != nil && !transB && !blk.directA && m <= mc && packed == nil
	blk.alpha = alpha
	for jc := 0; jc < n; jc += nc {
		blk.nc = min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			blk.kc = min(kc, k-pc)
			blk.beta, blk.accum = beta, beta != 0
			if pc > 0 {
				blk.beta, blk.accum = 1, true
			}
			// In place, an operand's partial last panel is still packed:
			// reading a full panel there would run past the matrix.
			blk.fullN = 0
			if blk.directB {
				blk.fullN = blk.nc / nr * nr
				blk.b, blk.ldb = b[pc*ldb+jc:], ldb
			}
			if packed != nil {
				size := roundUp(blk.nc, nr) * blk.kc
				blk.packedB, packed = packed[:size], packed[size:]
			} else {
				packB(ws.b, transB, b, ldb, pc, jc+blk.fullN, blk.kc, blk.nc-blk.fullN, nr)
				blk.packedB = ws.b
			}
			for ic := 0; ic < m; ic += mc {
				blk.mc = min(mc, m-ic)
				blk.fullM = 0
				if blk.directA {
					blk.fullM = blk.mc / mr * mr
					blk.a, blk.lda = a[ic*lda+pc:], lda
				}
				packA(ws.a, transA, a, lda, ic+blk.fullM, pc, blk.mc-blk.fullM, blk.kc, mr, alpha)
				kn.macro(ws, &blk, c[ic*ldc+jc:], ldc)
			}
		}
	}
}

// block describes one mc×kc by kc×nc step of the blocked product: which
// rows and columns come from packed panels in ws and which are read in
// place from a and b.
type block struct {
	mc, nc, kc   int
	fullM, fullN int // rows [0,fullM) of A and columns [0,fullN) of B are read in place, the rest packed
	directA      bool
	directB      bool
	a, b         []float32
	lda, ldb     int
	packedB      []float32 // op(B)'s packed panels: ws.b, or a PackedB's block
	alpha, beta  float32
	accum        bool
}

// macro runs the micro-kernel over one block. Tiles that stick out of C are
// computed into ws.tile and the valid part merged, so the kernels only
// know full tiles.
func (kn *microKernel) macro(ws *workspace, blk *block, c []float32, ldc int) {
	mr, nr, kc := kn.mr, kn.nr, blk.kc
	for jr := 0; jr < blk.nc; jr += nr {
		nrr := min(nr, blk.nc-jr)
		var bp []float32
		ldb, bInPlace := 0, blk.directB && jr < blk.fullN
		if bInPlace {
			bp, ldb = blk.b[jr:], blk.ldb
		} else {
			bp = blk.packedB[(jr-blk.fullN)*kc : (jr-blk.fullN+nr)*kc]
		}
		for ir := 0; ir < blk.mc; ir += mr {
			mrr := min(mr, blk.mc-ir)
			f, ap, lda := kn.fn, []float32(nil), 0
			switch {
			case blk.directA && ir < blk.fullM:
				f, ap, lda = kn.directA, blk.a[ir*blk.lda:], blk.lda
			case bInPlace:
				f, ap = kn.directB, ws.a[(ir-blk.fullM)*kc:(ir-blk.fullM+mr)*kc]
			default:
				ap = ws.a[(ir-blk.fullM)*kc : (ir-blk.fullM+mr)*kc]
			}
			if mrr == mr && nrr == nr {
				f(kc, ap, lda, bp, ldb, c[ir*ldc+jr:], ldc, blk.alpha, blk.beta, blk.accum)
				continue
			}
			if nrr == nr && len(kn.edges) > 0 {
				// A partial row panel is always packed (see run). Each
				// edge kernel does the same sums as fn for its rows, so
				// the result does not depend on where m ends.
				off := 0
				for _, e := range kn.edges {
					if mrr-off >= e.rows {
						g := e.fn
						if bInPlace {
							g = e.directB
						}
						g(kc, ap[off:], 0, bp, ldb, c[(ir+off)*ldc+jr:], ldc, blk.alpha, blk.beta, blk.accum)
						off += e.rows
					}
				}
				continue
			}
			if kn.half != nil && nrr <= nr/2 {
				// Same sums as f for the columns it computes.
				switch {
				case blk.directA && ir < blk.fullM:
					f = kn.half.directA
				case bInPlace:
					f = kn.half.directB
				default:
					f = kn.half.fn
				}
			}
			f(kc, ap, lda, bp, ldb, ws.tile, nr, blk.alpha, 0, false)
			merge(mrr, nrr, ws.tile, nr, blk.beta, blk.accum, c[ir*ldc+jr:], ldc)
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

// blocking is the depth and column block sizes of a k-deep, n-wide
// product. Equal-sized depth blocks avoid a thin last block that would run
// the kernel at a fraction of its speed.
func (kn *microKernel) blocking(k, n int) (kc, nc int) {
	return ceilDiv(k, ceilDiv(k, kn.kc)), min(roundUp(n, kn.nr), kn.nc)
}

func roundUp(x, to int) int { return ceilDiv(x, to) * to }
