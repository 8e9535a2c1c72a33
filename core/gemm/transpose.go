package gemm

// transposeInto writes dst[c·ldd + r] = scale·src[r·lds + c] for r < rows,
// c < cols: the transposing half of packing (rows of A when A is not
// transposed, rows of B when it is). Four source rows are read together so
// that each step writes four adjacent destination values instead of one
// value per pass over the whole panel.
func transposeInto(dst []float32, ldd int, src []float32, lds, rows, cols int, scale float32) {
	if cols == 0 {
		return
	}
	r := 0
	if transpose8x8 != nil && cols >= 8 {
		done := cols / 8 * 8
		for ; r+8 <= rows; r += 8 {
			transpose8x8(dst[r:], ldd, src[r*lds:], lds, done, scale)
			for i := r; i < r+8 && done < cols; i++ {
				s := src[i*lds+done : i*lds+cols]
				d := dst[done*ldd+i:]
				for c, v := range s {
					d[c*ldd] = scale * v
				}
			}
		}
	}
	for ; r+4 <= rows; r += 4 {
		s0 := src[r*lds:][:cols]
		s1 := src[(r+1)*lds:][:cols]
		s2 := src[(r+2)*lds:][:cols]
		s3 := src[(r+3)*lds:][:cols]
		d := dst[r:]
		if scale == 1 {
			for c := range s0 {
				q := d[c*ldd : c*ldd+4 : c*ldd+4]
				q[0], q[1], q[2], q[3] = s0[c], s1[c], s2[c], s3[c]
			}
		} else {
			for c := range s0 {
				q := d[c*ldd : c*ldd+4 : c*ldd+4]
				q[0], q[1], q[2], q[3] = scale*s0[c], scale*s1[c], scale*s2[c], scale*s3[c]
			}
		}
	}
	for ; r < rows; r++ {
		s := src[r*lds:][:cols]
		d := dst[r:]
		for c, v := range s {
			d[c*ldd] = scale * v
		}
	}
}

// transpose8x8, where the CPU has one, does what transposeInto does for 8
// rows and cols (a multiple of 8) columns with vector instructions.
var transpose8x8 func(dst []float32, ldd int, src []float32, lds, cols int, scale float32)

// Transpose writes dst[c·ldd + r] = src[r·lds + c] for r < rows, c < cols:
// the transposing copy packing uses (8×8 register transposes where the CPU
// has AVX), for ops that change a layout around their products (conv2d's
// channel-last rows and its transposed product).
func Transpose(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	_ = src[(rows-1)*lds+cols-1]
	_ = dst[(cols-1)*ldd+rows-1]
	transposeInto(dst, ldd, src, lds, rows, cols, 1)
}

// TransposeAdd is Transpose adding add[c] to every value of source column
// c: dst[c·ldd + r] = src[r·lds + c] + add[c], or plain Transpose when add
// is nil (conv2d's [pixels, O] product into its [O, pixels] output, with
// the bias). It fills 8 destination rows at a time from left to right:
// Transpose's order, 8 source rows across all columns, stores into every
// destination row at once, and with conv2d's 64 rows 12.5 KB apart that
// cost a TLB miss per store.
func TransposeAdd(dst []float32, ldd int, src []float32, lds, rows, cols int, add []float32) {
	if rows <= 0 || cols <= 0 {
		return
	}
	_ = src[(rows-1)*lds+cols-1]
	_ = dst[(cols-1)*ldd+rows-1]
	if add != nil {
		add = add[:cols]
	}
	c0 := 0
	if transpose8rows != nil && rows >= 8 {
		rows8 := rows / 8 * 8
		for ; c0+8 <= cols; c0 += 8 {
			var a []float32
			if add != nil {
				a = add[c0 : c0+8]
			}
			transpose8rows(dst[c0*ldd:], ldd, src[c0:], lds, rows8, a)
			transposeAddTail(dst, ldd, src, lds, rows8, rows, c0, c0+8, add)
		}
	}
	transposeAddTail(dst, ldd, src, lds, 0, rows, c0, cols, add)
}

// transposeAddTail is TransposeAdd for rows [r0, r1) and columns [c0, c1).
func transposeAddTail(dst []float32, ldd int, src []float32, lds, r0, r1, c0, c1 int, add []float32) {
	for c := c0; c < c1; c++ {
		a := float32(0)
		if add != nil {
			a = add[c]
		}
		d := dst[c*ldd:]
		for r := r0; r < r1; r++ {
			if add != nil {
				d[r] = src[r*lds+c] + a
			} else {
				d[r] = src[r*lds+c]
			}
		}
	}
}

// transpose8rows, where the CPU has AVX, does what TransposeAdd does for 8
// columns and rows (a multiple of 8) rows with vector instructions; add is
// nil or 8 long.
var transpose8rows func(dst []float32, ldd int, src []float32, lds, rows int, add []float32)
