package gemm

// packA copies the mc×kc block of op(A) starting at row ic, column pc into
// dst as consecutive panels of mr rows: element (i, p) of a panel sits at
// p·mr+i, so the kernel reads mr values per step of depth. Rows past mc are
// zero. alpha is multiplied in here, where it costs O(m·k) instead of O(m·n).
func packA(dst []float32, trans bool, a []float32, lda, ic, pc, mc, kc, mr int, alpha float32) {
	for ir := 0; ir < mc; ir += mr {
		mrr := min(mr, mc-ir)
		panel := dst[ir*kc : (ir+mr)*kc]
		if !trans {
			transposeInto(panel, mr, a[(ic+ir)*lda+pc:], lda, mrr, kc, alpha)
		} else {
			for p := 0; p < kc; p++ {
				src := a[(pc+p)*lda+ic+ir:]
				src = src[:mrr]
				d := panel[p*mr : p*mr+mrr]
				if alpha == 1 {
					copy(d, src)
				} else {
					for i, v := range src {
						d[i] = alpha * v
					}
				}
			}
		}
		if mrr < mr {
			for p := 0; p < kc; p++ {
				clear(panel[p*mr+mrr : (p+1)*mr])
			}
		}
	}
}

// packB copies the kc×nc block of op(B) starting at row pc, column jc into
// dst as consecutive panels of nr columns: element (p, j) of a panel sits at
// p·nr+j. Columns past nc are zero.
func packB(dst []float32, trans bool, b []float32, ldb, pc, jc, kc, nc, nr int) {
	for jr := 0; jr < nc; jr += nr {
		nrr := min(nr, nc-jr)
		panel := dst[jr*kc : (jr+nr)*kc]
		if !trans {
			for p := 0; p < kc; p++ {
				src := b[(pc+p)*ldb+jc+jr:]
				copy(panel[p*nr:p*nr+nrr], src[:nrr])
			}
		} else {
			transposeInto(panel, nr, b[(jc+jr)*ldb+pc:], ldb, nrr, kc, 1)
		}
		if nrr < nr {
			for p := 0; p < kc; p++ {
				clear(panel[p*nr+nrr : (p+1)*nr])
			}
		}
	}
}
