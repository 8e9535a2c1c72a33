package gemm

import (
	"fmt"
	"runtime"
)

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where
// op(X) is X or Xᵀ as transA/transB say. op(A) is m×k, op(B) is k×n, C is m×n;
// lda, ldb, ldc are the row strides of A, B and C as stored.
//
// With beta 0, C is written without being read, so NaN or Inf left in C
// does not leak into the result (the BLAS convention). Arguments that do not
// describe valid matrices (negative sizes, strides shorter than a row, slices
// too short) panic like a BLAS implementation does: they are programming
// errors of the calling op, which must validate user input first.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scale(m, n, beta, c, ldc)
		return
	}
	if m <= smallMMax && transB && haveDot {
		ws := getWorkspace()
		smallM(ws, transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		putWorkspace(ws)
		return
	}
	kn := active
	if workers := parallelism(kn, m, n, k); workers > 1 {
		runParallel(kn, workers, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ws := getWorkspace()
	kn.run(ws, transA, transB, m, n, k, alpha, a, lda, b, ldb, nil, beta, c, ldc)
	putWorkspace(ws)
}

// check panics on arguments that do not describe the matrices they claim,
// before any assembly kernel can read or write out of bounds.
func check(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative size m=%d n=%d k=%d", m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	if lda < max(1, colsA) {
		panic(fmt.Sprintf("gemm: lda=%d < %d columns of A", lda, colsA))
	}
	if ldb < max(1, colsB) {
		panic(fmt.Sprintf("gemm: ldb=%d < %d columns of B", ldb, colsB))
	}
	if ldc < max(1, n) {
		panic(fmt.Sprintf("gemm: ldc=%d < n=%d", ldc, n))
	}
	if need := span(rowsA, colsA, lda); len(a) < need {
		panic(fmt.Sprintf("gemm: len(a)=%d < %d for a %dx%d matrix with lda=%d", len(a), need, rowsA, colsA, lda))
	}
	if need := span(rowsB, colsB, ldb); len(b) < need {
		panic(fmt.Sprintf("gemm: len(b)=%d < %d for a %dx%d matrix with ldb=%d", len(b), need, rowsB, colsB, ldb))
	}
	if need := span(m, n, ldc); len(c) < need {
		panic(fmt.Sprintf("gemm: len(c)=%d < %d for a %dx%d matrix with ldc=%d", len(c), need, m, n, ldc))
	}
}

// span is how many elements a rows×cols matrix with row stride ld occupies.
func span(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

// scale sets C = beta·C, writing zeros (not 0·C) when beta is 0.
func scale(m, n int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// parallelMin is the number of multiply-adds below which handing blocks to
// other goroutines costs more than it saves.
const parallelMin = 1 << 19

// parallelism is how many goroutines should share the product: one for
// small products or inside Parallel, otherwise GOMAXPROCS capped by how
// many tiles there are.
func parallelism(kn *microKernel, m, n, k int) int {
	p := runtime.GOMAXPROCS(0)
	if jobs.Load() > 0 {
		return 1 // inside Parallel: see jobs
	}
	if p <= 1 || int64(m)*int64(n)*int64(k) < parallelMin {
		return 1
	}
	tiles := max(ceilDiv(m, kn.mr), ceilDiv(n, kn.nr))
	return min(p, tiles, maxWorkers)
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
