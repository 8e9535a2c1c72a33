package gemm

// smallMMax is the most rows of op(A) for which a product with B
// transposed skips packing. With a single row (a Linear on one token) the
// packed path transposes all of B, as much memory traffic as the product
// itself, and runs an mr-row kernel for one useful row; dot products of A's
// rows with B's rows read B once in place instead. Only with the assembly
// dot (haveDot): in scalar Go the dot products ran slower than packing with
// the AVX-512 kernel (1×768×768: 221 µs against 121), and without transB the
// packed path already reads B in place.
const smallMMax = 3

// smallM computes C = alpha·op(A)·Bᵀ + beta·C for m <= smallMMax, k > 0,
// alpha != 0, reading B in place. A transposed row of A is gathered into
// ws.a first so the loops below see contiguous rows.
func smallM(ws *workspace, transA bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		var row []float32
		if transA {
			ws.a = ensure(ws.a, k)
			row = ws.a
			for p := range row {
				row[p] = a[p*lda+i]
			}
		} else {
			row = a[i*lda : i*lda+k]
		}
		crow := c[i*ldc : i*ldc+n]
		dotRows(row, b, ldb, n, alpha, beta, crow)
	}
}

// dotRows sets c[j] = alpha·(x·B[j,:]) + beta·c[j] for the n rows of B,
// four rows per pass so each element of x is loaded once per four products.
func dotRows(x, b []float32, ldb, n int, alpha, beta float32, c []float32) {
	k := len(x)
	j := 0
	for ; j+4 <= n; j += 4 {
		d0, d1, d2, d3 := dot4(x, b[j*ldb:], ldb)
		store(c[j:j+4], alpha, beta, d0, d1, d2, d3)
	}
	for ; j < n; j++ {
		d := dot1(x, b[j*ldb:j*ldb+k])
		store(c[j:j+1], alpha, beta, d)
	}
}

func store(c []float32, alpha, beta float32, d ...float32) {
	for i, v := range d {
		if beta == 0 {
			c[i] = alpha * v
		} else {
			c[i] = alpha*v + beta*c[i]
		}
	}
}

func dot1(x, y []float32) float32 {
	var s0, s1, s2, s3 float32
	y = y[:len(x)]
	p := 0
	for ; p+4 <= len(x); p += 4 {
		s0 += x[p] * y[p]
		s1 += x[p+1] * y[p+1]
		s2 += x[p+2] * y[p+2]
		s3 += x[p+3] * y[p+3]
	}
	for ; p < len(x); p++ {
		s0 += x[p] * y[p]
	}
	return s0 + s1 + s2 + s3
}
