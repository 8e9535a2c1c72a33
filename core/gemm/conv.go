package gemm

import (
	"fmt"
	"math/bits"
	"unsafe"
)

// A stride-1 convolution whose output keeps its input's size (padding
// "same": a 3×3 kernel padded by 1, ResNet's and U-Net's convolutions),
// computed directly from x in NCHW, without padding or unfolding it. With
// output pixel p = oy·W + ox (y's own layout [O, H·W]), kernel tap (i, j)
// reads
//
//	x[ch, oy + i·dH − pH, ox + j·dW − pW] = x[ch·H·W + p + (i·dH − pH)·W + (j·dW − pW)]
//
// so for a fixed tap and channel, consecutive output pixels read
// consecutive values of x: a vector of 16 pixels is one load, shifted by a
// constant. The shift is wrong only where the tap falls in the padding (a
// row above or below the image, or a column that wrapped into the
// neighbouring row): those lanes are masked off, read as zero and never
// touched in memory. The kernel puts 16 pixels in a vector and broadcasts
// one weight per output channel: an 8-channel × 48-pixel tile is 24 FMAs
// per input channel and tap, and it stores y in place, bias added.
//
// Against conv2d's shifted form (channel-last rows, a matrix product per
// kernel row with the pixels broadcast) this drops the transpose of every
// input row, the transpose of the product into y, a product call per
// output row and kernel row, and the band edges laid out twice. A first
// version read a zero-padded copy of x, which cost a pass of its own and
// a second synchronisation: 7.5 % of the 64→64 3×3 56×56 benchmark at two
// threads (interleaved A/B, median of pairs). The weights are read in
// place from [O, C, kH, kW], eight rows at a time: packing them, serially
// before the parallel part, was 3 % of the two-thread call, and the tiles'
// tap tables, which depend only on the geometry, are built once per shape.
//
// Non-finite values: the kernel reports whether any output it stored is
// NaN or ±Inf. When every value of x meets some weight in some output
// (Covers), NaN or ±Inf times any weight, summed with finite values, is
// not finite, so finite outputs prove x finite without reading x a second
// time. When some values of x are never read, the caller checks x itself.

// ConvTilePixels is how many output pixels one ConvPlan.Tile computes.
const ConvTilePixels = convVecs * 16

// ConvTileChannels is the granularity of the output channels a Tile
// computes: its first channel is a multiple of it.
const ConvTileChannels = convRows

// ConvMaxTaps is the largest kernel (kH·kW) a ConvPlan takes: the tap
// table of a tile lives on the stack.
const ConvMaxTaps = 64

const (
	convRows = 8 // output channels per kernel call
	convVecs = 3 // vectors of 16 pixels per kernel call
)

// convTap is one entry of a tile's tap table as the kernel reads it
// (asm/gen.go, convKernel): the tap's byte offset from x's first value to
// the tile's first pixel's input, and each vector's lanes that read inside
// the image. The entry after the last tap holds the lanes that exist.
type convTap struct {
	off   int64
	lanes [convVecs]uint16
	_     uint16
}

// HaveDirectConv says whether this CPU runs the direct convolution kernel
// (AVX-512F on amd64). Without it, conv2d takes its other forms.
func HaveDirectConv() bool { return haveConvKernel }

// ConvPlan is one convolution's geometry, with the tap tables of its tiles
// (see convTap) when they are few enough to keep: they depend only on the
// geometry, so repeated convolutions of one shape compute them once. The
// zero value is empty; Plan fills it.
type ConvPlan struct {
	oc, c int
	convGeom
	tables []convTap // taps+1 entries per tile, or nil: each Tile builds its own
}

// convGeom is what a tile's tap table depends on.
type convGeom struct {
	h, w, kh, kw, ph, pw, dh, dw int
}

// ConvFits says whether a ConvPlan takes c×h×w images (h, w ≥ 1) and a
// kh×kw kernel: at most ConvMaxTaps taps, and at most 2^30 values per
// image, so that the kernel's offsets fit.
func ConvFits(c, h, w, kh, kw int) bool {
	return kh*kw <= ConvMaxTaps && h <= 1<<30/w && c <= 1<<30/(h*w)
}

// maxTableEntries bounds the tap tables a plan keeps (1 MB): a 224×224
// image with a 7×7 kernel needs 52 K entries.
var maxTableEntries = 1 << 16 // a var for tests

// Plan sets p up for a stride-1 convolution of c×h×w images into oc
// output channels with a kh×kw kernel, padded by ph rows above and pw
// columns left, dilated by dh, dw, whose output is h×w too (padding pH
// above, dH·(kH−1) − pH below, and the same across). It panics on shapes
// it cannot take; Covers says whether the finite-output check (see above)
// holds for the geometry.
func (p *ConvPlan) Plan(oc, c, h, w, kh, kw, ph, pw, dh, dw int) {
	if !haveConvKernel {
		panic("gemm: ConvPlan.Plan without the direct convolution kernel (HaveDirectConv)")
	}
	if oc < 1 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || dh < 1 || dw < 1 {
		panic(fmt.Sprintf("gemm: ConvPlan needs positive sizes, got oc=%d c=%d h=%d w=%d kernel %dx%d dilation %dx%d", oc, c, h, w, kh, kw, dh, dw))
	}
	if !ConvFits(c, h, w, kh, kw) {
		panic(fmt.Sprintf("gemm: ConvPlan takes at most %d kernel taps and 2^30 values per image, got a %dx%d kernel on %dx%dx%d", ConvMaxTaps, kh, kw, c, h, w))
	}
	if ph < 0 || ph > dh*(kh-1) || pw < 0 || pw > dw*(kw-1) {
		panic(fmt.Sprintf("gemm: ConvPlan padding %dx%d does not keep the size for a %dx%d kernel dilated %dx%d", ph, pw, kh, kw, dh, dw))
	}
	g := convGeom{h: h, w: w, kh: kh, kw: kw, ph: ph, pw: pw, dh: dh, dw: dw}
	same := p.convGeom == g
	p.oc, p.c, p.convGeom = oc, c, g
	if same {
		return // the tables, if kept, are this geometry's
	}
	p.tables = p.tables[:0]
	tiles, taps := (h*w+ConvTilePixels-1)/ConvTilePixels, kh*kw
	if tiles > maxTableEntries/(taps+1) {
		p.tables = nil
		return
	}
	if cap(p.tables) < tiles*(taps+1) {
		p.tables = make([]convTap, tiles*(taps+1))
	}
	p.tables = p.tables[:tiles*(taps+1)]
	for t := 0; t < tiles; t++ {
		p.table(p.tables[t*(taps+1):(t+1)*(taps+1)], t*ConvTilePixels)
	}
}

// Covers says whether every value of the image meets some kernel tap of
// some output pixel: then a NaN or ±Inf in x makes some output non-finite
// (Tile's report). Padding at least the kernel's span away from an input
// row or column (possible only with dilation) leaves it unread.
func (p *ConvPlan) Covers() bool {
	return covers(p.h, p.kh, p.ph, p.dh) && covers(p.w, p.kw, p.pw, p.dw)
}

// covers says whether each of n input positions q is read by some output
// o = q + pad − i·d in [0, n), i < k.
func covers(n, k, pad, d int) bool {
	for q := 0; q < n; q++ {
		read := false
		for i := 0; i < k && !read; i++ {
			o := q + pad - i*d
			read = o >= 0 && o < n
		}
		if !read {
			return false
		}
	}
	return true
}

// Tile computes output pixels [p0, p0+ConvTilePixels) (fewer at the end of
// the image) of output channels [o0, o1), from x [c, h, w] and weight
// [oc, c, kh, kw]: y[o·h·w + p] = bias[o] + Σ weight[o,ch,i,j]·
// x[ch, oy+i·dH−pH, ox+j·dW−pW] (zero outside the image), bias nil for
// none. The weights are read in place. The rest of y is not touched. Tiles
// may run concurrently on disjoint pixels or channels. It reports whether
// every value it stored is finite.
func (p *ConvPlan) Tile(x, weight []float32, p0, o0, o1 int, y, bias []float32) (finite bool) {
	if p.oc == 0 {
		panic("gemm: ConvPlan.Tile before Plan")
	}
	l := p.h * p.w
	if p0 < 0 || p0 >= l {
		panic(fmt.Sprintf("gemm: ConvPlan tile at pixel %d outside [0, %d)", p0, l))
	}
	if o0 < 0 || o0 >= o1 || o1 > p.oc || o0%convRows != 0 {
		panic(fmt.Sprintf("gemm: ConvPlan tile of output channels [%d, %d): want a range of [0, %d) starting at a multiple of %d", o0, o1, p.oc, convRows))
	}
	if len(x) < p.c*l {
		panic(fmt.Sprintf("gemm: len(x)=%d < %d for a %dx%dx%d image", len(x), p.c*l, p.c, p.h, p.w))
	}
	taps := p.kh * p.kw
	k := p.c * taps
	if len(weight) < o1*k {
		panic(fmt.Sprintf("gemm: len(weight)=%d < %d for %d output channels of %d weights", len(weight), o1*k, o1, k))
	}
	n := min(ConvTilePixels, l-p0)
	if need := (o1-1)*l + p0 + n; len(y) < need {
		panic(fmt.Sprintf("gemm: len(y)=%d < %d for %d channels of %d pixels", len(y), need, o1, l))
	}
	if bias != nil && len(bias) < o1 {
		panic(fmt.Sprintf("gemm: len(bias)=%d < %d output channels", len(bias), o1))
	}
	var t []convTap
	if p.tables != nil {
		if p0%ConvTilePixels != 0 {
			panic(fmt.Sprintf("gemm: ConvPlan tile at pixel %d, not a multiple of %d", p0, ConvTilePixels))
		}
		i := p0 / ConvTilePixels * (taps + 1)
		t = p.tables[i : i+taps+1]
	} else {
		var own [ConvMaxTaps + 1]convTap
		t = own[:taps+1]
		p.table(t, p0)
	}
	var probe uint16
	for b := o0 / convRows; b*convRows < o1; b++ {
		rows := min(convRows, o1-b*convRows)
		var bp *float32
		if bias != nil {
			bp = &bias[b*convRows]
		}
		convKernel(rows, p.c, &weight[b*convRows*k], k, unsafe.SliceData(x), l, (*uint64)(unsafe.Pointer(&t[0])), taps,
			&y[b*convRows*l+p0], l, bp, &probe)
	}
	return probe == 0
}

// table writes the tap table of the tile at pixel p0 into t (taps+1
// entries): for each tap, its offset and the lanes that read inside the
// image, then the lanes that exist.
func (p *ConvPlan) table(t []convTap, p0 int) {
	l := p.h * p.w
	n := min(ConvTilePixels, l-p0)
	// Which of the tile's lanes each kernel row and column reads inside
	// the image, run by run of lanes in one output row.
	var rowIn [ConvMaxTaps]uint64
	var colIn [ConvMaxTaps]uint64
	for l0 := 0; l0 < n; {
		oy, ox0 := (p0+l0)/p.w, (p0+l0)%p.w
		l1 := min(n, l0+p.w-ox0) // this row's lanes: [l0, l1)
		run := (uint64(1)<<(l1-l0) - 1) << l0
		for i := 0; i < p.kh; i++ {
			if iy := oy + i*p.dh - p.ph; iy >= 0 && iy < p.h {
				rowIn[i] |= run
			}
		}
		for j := 0; j < p.kw; j++ {
			// Columns ox with 0 ≤ ox + j·dW − pW < w, as lanes l0 + ox − ox0.
			lo := max(ox0, p.pw-j*p.dw)
			hi := min(ox0+(l1-l0), p.w+p.pw-j*p.dw)
			if lo < hi {
				colIn[j] |= (uint64(1)<<(hi-lo) - 1) << (l0 + lo - ox0)
			}
		}
		l0 = l1
	}
	taps := p.kh * p.kw
	for i := 0; i < p.kh; i++ {
		for j := 0; j < p.kw; j++ {
			in := rowIn[i] & colIn[j]
			off := p0 + (i*p.dh-p.ph)*p.w + (j*p.dw - p.pw)
			// The lanes read values [off+first, off+last] of channel 0:
			// inside the image by construction, checked because the
			// kernel does no bounds checks of its own.
			if in != 0 {
				first, last := off+bits.TrailingZeros64(in), off+63-bits.LeadingZeros64(in)
				if first < 0 || last >= l {
					panic(fmt.Sprintf("gemm: ConvPlan tile at pixel %d: tap (%d,%d) reads x[%d..%d] of %d", p0, i, j, first, last, l))
				}
			}
			e := &t[i*p.kw+j]
			e.off = int64(off) * 4
			for v := 0; v < convVecs; v++ {
				e.lanes[v] = uint16(in >> (16 * v))
			}
		}
	}
	all := uint64(1)<<n - 1
	for v := 0; v < convVecs; v++ {
		t[taps].lanes[v] = uint16(all >> (16 * v))
	}
}

// Dims are the planned convolution's output channels, steps of depth
// (C·kH·kW) and output pixels.
func (p *ConvPlan) Dims() (oc, k, l int) { return p.oc, p.c * p.kh * p.kw, p.h * p.w }
