package conv

import (
	"sync/atomic"

	"dlprep/core"
	"dlprep/core/fastmath"
)

// A stride-1 convolution with one group is computed without the full
// im2col matrix (same-size ones on AVX-512 take the direct form instead,
// direct.go). Its columns are unfolded along the kernel's width only,
// channel-last: for padded input row r and output column ox, the row
//
//	rows[r, ox] = x[:, r−pH, ox−pW], x[:, r−pH, ox−pW+dW], …  (kW·C values)
//
// and the kernel's rows are shifted views of that matrix: kernel row i of
// output row oy reads rows[oy + i·dH, ·]. So the output, transposed to
// [pixels, O], is the sum over i of kH products
//
//	rows[oy+i·dH ..][kW·C] × Wᵢ[kW·C, O]
//
// whose A operand is read in place. This puts the pixels on the product's
// long side. Measured on the 64→64 3×3 56×56 benchmark (one thread, best
// of interleaved runs on the shared 2-core machine while the host ran
// slow, ~185 GFLOP/s peak): the im2col product with M = 64 output channels
// ran at 110–130 GFLOP/s (its 14-row tiles covered 70 rows for 64, and B
// streams from a 12.5 KB-strided matrix), the transposed product at
// 150–160, and im2col itself cost 0.44 ms of a 2.5 ms call; the whole conv
// went from 2.5 to 1.6 ms. The multiply-adds are the same O·L·C·kH·kW, so
// core.MulAdds is unchanged.
//
// Without dilation along the width (dW = 1) rows[r, ox] is not even
// written out: it is the window of kW·C values at column ox of the
// channel-last padded row, and the windows of neighbouring columns start C
// apart, so each output row's products read them in place as overlapping
// rows of A (core.GemmPackedWindows). Copying the windows out wrote kW
// times the input per band; dropping the copy made the benchmark 3 %
// faster at two threads (median of six interleaved A/B runs).

// minShiftDepth is the smallest kW·C for which the shifted form is used:
// with fewer values per product row (a 3-channel stem, a 1×1 kernel on a
// few channels) the kH products are too shallow to beat im2col's one.
const minShiftDepth = 32

// bandValues is about how many float32s of input rows and product one
// band holds (512 KB): a band's rows, its product and its weights stay in
// a core's 2 MB L2 between being written and read kH times.
const bandValues = 1 << 17

// useShifted says whether conv2d takes the shifted form for this shape.
func useShifted(g Geometry, groups, c, kw int) bool {
	return groups == 1 && g.Stride == [2]int{1, 1} && kw*c >= minShiftDepth
}

// shiftJob is one image of a shifted convolution, cut by output rows into
// bands for core.Parallel: each part takes the next band not yet taken,
// in its own buffers, until none is left. Taking bands as they come
// rather than a fixed half each keeps both cores busy when another job
// holds one of them for a while.
type shiftJob struct {
	x, bias, y             []float32      // x [C,H,W], bias [O] or nil, y [O, Ho·Wo]
	packed                 []core.PackedB // Wᵢ [kW·C, O] for each kernel row i
	c, h, w, oc            int
	kh, kw, ph, pw, dh, dw int
	ho, wo, bands          int
	next                   atomic.Int32 // the next band to take
	nonFinite              atomic.Bool  // an unfolded row of x held NaN or ±Inf
	bufs                   []shiftBufs  // one per part
}

type shiftBufs struct{ rows, prod, line []float32 }

// conv2dShifted computes y [B,O,Ho,Wo] for stride 1 and one group. It
// reports false if x holds a non-finite value: every value of x is
// unfolded (stride 1 reads every row and column), and each row is checked
// then, while it is in the L1 cache, by whichever core unfolds it.
func (ws *Workspace) conv2dShifted(y, x, weight []float32, bias *core.Tensor, b, c, h, w, oc, ho, wo int, g Geometry) (finite bool) {
	kh, kw := g.Kernel[0], g.Kernel[1]
	kwc := kw * c
	// Wᵢ[j·C + ch, o] = weight[o, ch, i, j]: transpose the weight to
	// [C·kH·kW, O], then reorder its rows. (Element by element this took
	// a million instructions per call at the benchmark's size.)
	k := c * kh * kw
	ws.wr = grow(ws.wr, k*oc)
	ws.wt = grow(ws.wt, k*oc)
	core.Transpose(ws.wt, oc, weight, k, oc, k)
	for ch := 0; ch < c; ch++ {
		for i := 0; i < kh; i++ {
			for j := 0; j < kw; j++ {
				copy(ws.wr[(i*kwc+j*c+ch)*oc:][:oc], ws.wt[((ch*kh+i)*kw+j)*oc:])
			}
		}
	}
	// Every band multiplies by the same Wᵢ: pack them once here rather
	// than in each of a call's kH·bands products.
	for len(ws.packed) < kh {
		ws.packed = append(ws.packed, core.PackedB{})
	}
	for i := 0; i < kh; i++ {
		core.PackB(&ws.packed[i], false, kwc, oc, ws.wr[i*kwc*oc:], oc)
	}
	halo := (kh - 1) * g.Dilation[0]
	perRow := wo * kwc // unfolded values per output row
	if g.Dilation[1] == 1 {
		// Read in place (see bandRows): a row holds its padded
		// channel-last input row and its product, 3× less than its
		// windows copied out, so bands are longer and fewer halo rows are
		// laid out twice (2–3 % faster at two threads, six interleaved A/B
		// runs of the benchmark).
		perRow = (wo+kw-1)*c + wo*oc
	}
	band := max(1, min(ho, bandValues/max(1, perRow)-halo))
	parts := core.Parts(ho*wo*oc*kh*kwc, 1<<20)
	parts = min(parts, ho)
	// Bands of at most band rows, as many for each part; every band is
	// computed the same way whoever takes it, so the result does not
	// depend on the split.
	bands := (ho + band - 1) / band
	bands = min(ho, (bands+parts-1)/parts*parts)
	band = (ho + bands - 1) / bands
	j := &ws.shift
	bufs := j.bufs
	*j = shiftJob{packed: ws.packed[:kh], c: c, h: h, w: w, oc: oc, kh: kh, kw: kw,
		ph: g.Padding[0], pw: g.Padding[1], dh: g.Dilation[0], dw: g.Dilation[1],
		ho: ho, wo: wo, bands: bands, bufs: bufs}
	if bias != nil {
		j.bias = bias.Data
	}
	for len(j.bufs) < parts {
		j.bufs = append(j.bufs, shiftBufs{})
	}
	for p := range j.bufs[:parts] {
		bb := &j.bufs[p]
		bb.rows = grow(bb.rows, (band+halo)*wo*kwc)
		bb.prod = grow(bb.prod, band*wo*oc)
		bb.line = grow(bb.line, (wo+(kw-1)*g.Dilation[1])*c)
	}
	l := ho * wo
	for bi := 0; bi < b; bi++ {
		j.x = x[bi*c*h*w : (bi+1)*c*h*w]
		j.y = y[bi*oc*l : (bi+1)*oc*l]
		j.next.Store(0)
		core.Parallel(parts, j)
	}
	finite = !j.nonFinite.Load()
	// Keep the buffers, drop the caller's tensors.
	j.x, j.packed, j.bias, j.y = nil, nil, nil, nil
	return finite
}

// Part computes bands, taking the next one left until none is: band t is
// output rows [t·Ho/bands, (t+1)·Ho/bands).
func (j *shiftJob) Part(p, parts int) {
	for {
		t := int(j.next.Add(1)) - 1
		if t >= j.bands {
			return
		}
		j.bandRows(&j.bufs[p], t*j.ho/j.bands, (t+1)*j.ho/j.bands)
	}
}

// bandRows computes output rows [oy0, oy1): lay out the padded input rows
// they read, multiply once per kernel row, and transpose the [pixels, O]
// product into y adding the bias.
//
// Without dilation along the width, an output column's kW·C values are
// one contiguous window of the channel-last padded row, and the windows
// of neighbouring columns are C apart: each output row's products read
// them in place (overlapping rows of A, gemm.SgemmPackedWindows), one
// product of Wo rows per kernel row. Only a dilated kernel, whose windows
// have gaps, copies them out first, as unfoldRow.
func (j *shiftJob) bandRows(bb *shiftBufs, oy0, oy1 int) {
	wo, oc, c, kwc := j.wo, j.oc, j.c, j.kw*j.c
	halo := (j.kh - 1) * j.dh
	m := (oy1 - oy0) * wo
	if j.dw == 1 {
		wx := wo + j.kw - 1 // padded columns a row's windows cover
		for r := oy0; r < oy1+halo; r++ {
			j.paddedRow(bb.rows[(r-oy0)*wx*c:(r-oy0+1)*wx*c], r)
		}
		for oy := oy0; oy < oy1; oy++ {
			prod := bb.prod[(oy-oy0)*wo*oc:]
			beta := float32(0)
			for i := 0; i < j.kh; i++ {
				core.GemmPackedWindows(wo, bb.rows[(oy-oy0+i*j.dh)*wx*c:], c, &j.packed[i], beta, prod, oc)
				beta = 1
			}
		}
	} else {
		for r := oy0; r < oy1+halo; r++ {
			j.unfoldRow(bb.rows[(r-oy0)*wo*kwc:(r-oy0+1)*wo*kwc], bb.line, r)
		}
		beta := float32(0)
		for i := 0; i < j.kh; i++ {
			core.GemmPacked(false, m, 1, bb.rows[i*j.dh*wo*kwc:], kwc, &j.packed[i], beta, bb.prod, oc)
			beta = 1
		}
	}
	// The bias (nil for none) is added by the transpose itself: starting
	// each product row as the bias cost a copy per pixel.
	core.TransposeAdd(j.y[oy0*wo:], j.ho*wo, bb.prod, oc, m, oc, j.bias)
}

// paddedRow writes padded input row r (input row r−pH) channel-last into
// line: padded column q, input column q − pW, is line[q·C : (q+1)·C],
// zero outside the image, for q in [0, len(line)/C). The row is
// transposed whole (one vector transpose of C×W; transposing C×Wo once
// per kernel column cost 0.22 ms per benchmark call, a third of it the
// scalar tails of the shifted ranges), and checked for NaN and ±Inf while
// it is in the L1 cache.
func (j *shiftJob) paddedRow(line []float32, r int) {
	c, h, w := j.c, j.h, j.w
	iy := r - j.ph
	if iy < 0 || iy >= h {
		clear(line)
		return
	}
	wx := len(line) / c
	lo, hi := min(j.pw, wx), min(j.pw+w, wx)
	clear(line[:lo*c])
	clear(line[hi*c:])
	if lo < hi {
		core.Transpose(line[lo*c:], c, j.x[iy*w+lo-j.pw:], h*w, c, hi-lo)
		if !fastmath.AllFinite(line[lo*c : hi*c]) {
			j.nonFinite.Store(true)
		}
	}
}

// unfoldRow writes padded input row r unfolded along a dilated kernel's
// width: dst[ox·kW·C + jj·C + ch] = x[ch, r−pH, ox−pW+jj·dW], zero in the
// padding, copied out of the channel-last row paddedRow writes in line.
func (j *shiftJob) unfoldRow(dst, line []float32, r int) {
	c, wo, kw, dw := j.c, j.wo, j.kw, j.dw
	kwc := kw * c
	line = line[:(wo+(kw-1)*dw)*c]
	j.paddedRow(line, r)
	for ox := 0; ox < wo; ox++ {
		for jj := 0; jj < kw; jj++ {
			copy(dst[ox*kwc+jj*c:ox*kwc+(jj+1)*c], line[(ox+jj*dw)*c:])
		}
	}
}
