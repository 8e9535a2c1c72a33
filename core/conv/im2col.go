package conv

import (
	"fmt"

	"dlprep/core"
)

// Im2Col writes the sliding-window columns of one image into dst as a
// [c·kH·kW, Ho·Wo] matrix with row stride ldd (ldd ≥ Ho·Wo, so several images
// can sit side by side in one matrix).
//
// Row (ch·kH + i)·kW + j, column oy·Wo + ox holds
// x[ch, oy·sH − pH + i·dH, ox·sW − pW + j·dW], or 0 where that falls in the
// padding. This is F.unfold's order and the flattening order of a PyTorch
// weight [O, c, kH, kW], so W[O, c·kH·kW] × cols is the convolution.
//
// x is the flat [c, h, w] image. The geometry must be valid for h×w (see
// Geometry.OutSize); Im2Col does no checking of its own because it sits on
// the hot path of every convolution.
func Im2Col(dst []float32, ldd int, x []float32, c, h, w int, g Geometry) {
	ho, _ := g.outSize(h, w)
	im2colRows(dst, ldd, x, c, h, w, g, 0, ho)
}

// im2colRows is Im2Col restricted to output rows [oy0, oy1): column
// (oy−oy0)·Wo + ox of dst holds what Im2Col puts in column oy·Wo + ox.
func im2colRows(dst []float32, ldd int, x []float32, c, h, w int, g Geometry, oy0, oy1 int) {
	_, wo := g.outSize(h, w)
	nc := (oy1 - oy0) * wo
	kh, kw := g.Kernel[0], g.Kernel[1]
	sh, sw := g.Stride[0], g.Stride[1]
	ph, pw := g.Padding[0], g.Padding[1]
	dh, dw := g.Dilation[0], g.Dilation[1]
	row := 0
	for ch := 0; ch < c; ch++ {
		img := x[ch*h*w : (ch+1)*h*w]
		for i := 0; i < kh; i++ {
			for j := 0; j < kw; j++ {
				out := dst[row*ldd : row*ldd+nc]
				row++
				// Columns ox in [lo, hi) read inside the image:
				// 0 ≤ ox·sw − pw + j·dw < w.
				off := j*dw - pw
				lo := 0
				if off < 0 {
					lo = (-off + sw - 1) / sw
				}
				hi := 0
				if w-off > 0 {
					hi = (w - off + sw - 1) / sw
				}
				lo, hi = min(lo, wo), min(hi, wo)
				if sh == 1 && sw == 1 && wo == w && lo < hi {
					bandCopy(out, img, oy0, oy1, i*dh-ph, off, lo, hi, h, w)
					continue
				}
				for oy := oy0; oy < oy1; oy++ {
					seg := out[(oy-oy0)*wo : (oy-oy0+1)*wo]
					iy := oy*sh - ph + i*dh
					if iy < 0 || iy >= h || lo >= hi {
						clear(seg)
						continue
					}
					src := img[iy*w : (iy+1)*w]
					clear(seg[:lo])
					if sw == 1 {
						copy(seg[lo:hi], src[lo+off:hi+off])
					} else {
						for ox := lo; ox < hi; ox++ {
							seg[ox] = src[ox*sw+off]
						}
					}
					clear(seg[hi:])
				}
			}
		}
	}
}

// Unfold is F.unfold: x [B,C,H,W] to [B, C·kH·kW, L] with L = Ho·Wo, the
// column order of Im2Col.
func Unfold(x *core.Tensor, g Geometry) (*core.Tensor, error) {
	const op = "unfold"
	if err := core.CheckShape(op, "x", x, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	b, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	if c == 0 || h == 0 || w == 0 {
		return nil, fmt.Errorf("%s: x must have at least one channel, row and column, got shape %v", op, x.Shape)
	}
	ho, wo, err := g.OutSize(op, h, w)
	if err != nil {
		return nil, err
	}
	if err := core.CheckBudget(op, core.Float32s("output", b, c, g.Kernel[0], g.Kernel[1], ho, wo)); err != nil {
		return nil, err
	}
	rows, l := c*g.Kernel[0]*g.Kernel[1], ho*wo
	if err := core.CheckData(op, []string{"x"}, x); err != nil {
		return nil, err
	}
	if err := core.CheckFinite(op, "x", x); err != nil {
		return nil, err
	}
	y := core.New(b, rows, l)
	for n := 0; n < b; n++ {
		Im2Col(y.Data[n*rows*l:], l, x.Data[n*c*h*w:], c, h, w, g)
	}
	return y, nil
}

// bandCopy fills out (rows oy0..oy1 of one im2col row) for stride 1 when
// output and input rows have the same width: input row iy = oy + dy maps
// to output row oy shifted by off columns, so the valid rows are one
// contiguous run of the image copied with a single memmove. The few values
// the shift carries over from the neighbouring input row, in columns
// outside [lo, hi), are then cleared, as are rows that fall in the padding.
func bandCopy(out, img []float32, oy0, oy1, dy, off, lo, hi, h, w int) {
	va, vb := max(oy0, -dy), min(oy1, h-dy) // output rows with 0 ≤ iy < h
	if va >= vb {
		clear(out)
		return
	}
	clear(out[:(va-oy0)*w])
	clear(out[(vb-oy0)*w:])
	band := out[(va-oy0)*w : (vb-oy0)*w]
	start := (va+dy)*w + off // image index of band[0]
	t0, t1 := max(0, -start), min(len(band), len(img)-start)
	copy(band[t0:t1], img[start+t0:start+t1])
	for r := 0; r < len(band); r += w {
		seg := band[r : r+w]
		clear(seg[:lo])
		clear(seg[hi:])
	}
}
