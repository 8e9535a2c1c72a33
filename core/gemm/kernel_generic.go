package gemm

// generic2x4 is the portable micro-kernel: a 2×4 tile in eight scalar
// accumulators, two steps of depth per loop iteration. It is the only kernel
// under GOOS=js GOARCH=wasm (no SIMD there) and on architectures without an
// assembly kernel. The shape is measured, not guessed: Go's wasm backend has
// 16 float32 registers, so a 4×4 tile (16 accumulators plus operands) spills
// to linear memory on every step, and each loop iteration pays a block
// dispatch, which the unrolling halves. Under Node 20 on 197×768×768 this
// ran 7.3 GFLOP/s against 4.4 for a 4×4 tile, 5.3 for 4×4 unrolled and 7.1
// for 3×4 unrolled (gonum: 1.5).
var generic2x4 = &microKernel{name: "go2x4", mr: 2, nr: 4, kc: 256, mc: 64, nc: 1024, fn: kern2x4, directA: kern2x4DirectA}

func kern2x4(k int, a []float32, _ int, b []float32, _ int, c []float32, ldc int, _, beta float32, accum bool) {
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	a = a[:2*k]
	b = b[:4*k]
	// Reslicing (rather than indexing) lets the compiler drop every bounds
	// check inside the loop: the condition proves all the indexes valid.
	for len(a) >= 4 && len(b) >= 8 {
		b0 := b[0]
		b1 := b[1]
		b2 := b[2]
		b3 := b[3]
		a0 := a[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := a[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		b0 = b[4]
		b1 = b[5]
		b2 = b[6]
		b3 = b[7]
		a0 = a[2]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 = a[3]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		a = a[4:]
		b = b[8:]
	}
	for len(a) >= 2 && len(b) >= 4 {
		b0 := b[0]
		b1 := b[1]
		b2 := b[2]
		b3 := b[3]
		a0 := a[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := a[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		a = a[2:]
		b = b[4:]
	}
	// Gathering the tile in an array measured faster under wasm than
	// storing the accumulators by name (7.2 against 5.1 GFLOP/s on
	// 197×768×768) although the loop is the same: the store code changes
	// how the compiler allocates registers around the loop.
	v := [8]float32{c00, c01, c02, c03, c10, c11, c12, c13}
	for i := 0; i < 2; i++ {
		r := c[i*ldc : i*ldc+4]
		for j := range r {
			if accum {
				r[j] = v[i*4+j] + beta*r[j]
			} else {
				r[j] = v[i*4+j]
			}
		}
	}
}

// kern2x4DirectA is kern2x4 reading its two rows of A in place (lda apart,
// untransposed) instead of from a packed panel, and applying alpha itself:
// where n is small, packing A (a transpose) costs a sizeable part of the
// product, also under wasm (3136×64×576 under Node: 8% less CPU time).
func kern2x4DirectA(k int, a []float32, lda int, b []float32, _ int, c []float32, ldc int, alpha, beta float32, accum bool) {
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	a0 := a[:k]
	a1 := a[lda : lda+k]
	b = b[:4*k]
	for len(a0) >= 2 && len(a1) >= 2 && len(b) >= 8 {
		b0 := b[0]
		b1 := b[1]
		b2 := b[2]
		b3 := b[3]
		x := a0[0]
		c00 += x * b0
		c01 += x * b1
		c02 += x * b2
		c03 += x * b3
		x = a1[0]
		c10 += x * b0
		c11 += x * b1
		c12 += x * b2
		c13 += x * b3
		b0 = b[4]
		b1 = b[5]
		b2 = b[6]
		b3 = b[7]
		x = a0[1]
		c00 += x * b0
		c01 += x * b1
		c02 += x * b2
		c03 += x * b3
		x = a1[1]
		c10 += x * b0
		c11 += x * b1
		c12 += x * b2
		c13 += x * b3
		a0 = a0[2:]
		a1 = a1[2:]
		b = b[8:]
	}
	if len(a0) >= 1 && len(a1) >= 1 && len(b) >= 4 {
		b0 := b[0]
		b1 := b[1]
		b2 := b[2]
		b3 := b[3]
		x := a0[0]
		c00 += x * b0
		c01 += x * b1
		c02 += x * b2
		c03 += x * b3
		x = a1[0]
		c10 += x * b0
		c11 += x * b1
		c12 += x * b2
		c13 += x * b3
	}
	v := [8]float32{c00, c01, c02, c03, c10, c11, c12, c13}
	for i := 0; i < 2; i++ {
		r := c[i*ldc : i*ldc+4]
		for j := range r {
			if accum {
				r[j] = alpha*v[i*4+j] + beta*r[j]
			} else {
				r[j] = alpha * v[i*4+j]
			}
		}
	}
}
