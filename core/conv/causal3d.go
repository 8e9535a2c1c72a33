package conv

import (
	"fmt"

	"dlprep/core"
)

// CausalDownsample3D is problem 001: a conv3d with stride (1,2,2) that keeps
// the frame count T, halves H and W (rounding up), and never looks at a
// future frame. Time is zero-padded by kT−1 on the past side only, height by
// (kH−1)//2 above and kH//2 below, width likewise, so even kernels give
// exactly ceil(H/2) (symmetric k//2 padding would give one more).
//
// x is [B,Ci,T,H,W], weight [Co,Ci,kT,kH,kW], bias [Co] or nil; the result
// is [B,Co,T,ceil(H/2),ceil(W/2)].
func CausalDownsample3D(x, weight, bias *core.Tensor) (*core.Tensor, error) {
	var ws Workspace
	return ws.CausalDownsample3D(x, weight, bias)
}

// CausalDownsample3D is the package-level function on reused buffers; the
// result belongs to the workspace until its next call.
func (ws *Workspace) CausalDownsample3D(x, weight, bias *core.Tensor) (*core.Tensor, error) {
	const op = "causal_downsample3d"
	if err := core.CheckShape(op, "x", x, "[B,Ci,T,H,W]", -1, -1, -1, -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckData(op, []string{"x", "conv.weight", "conv.bias"}, x, weight, bias); err != nil {
		return nil, err
	}
	b, ci, t, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	if err := core.CheckShape(op, "conv.weight", weight, "[Co,Ci,kT,kH,kW]", -1, ci, -1, -1, -1); err != nil {
		return nil, err
	}
	co, kt, kh, kw := weight.Shape[0], weight.Shape[2], weight.Shape[3], weight.Shape[4]
	if bias != nil {
		if err := core.CheckShape(op, "conv.bias", bias, "[Co]", co); err != nil {
			return nil, err
		}
	}
	if kt < 1 || kh < 1 || kw < 1 {
		return nil, fmt.Errorf("%s: kernel sizes must be at least 1, got weight %v", op, weight.Shape)
	}
	if ci < 1 {
		return nil, fmt.Errorf("%s: x has no input channels, got shape %v", op, x.Shape)
	}
	if t < 1 || h < 1 || w < 1 {
		return nil, fmt.Errorf("%s: x must have at least one frame and pixel, got shape %v", op, x.Shape)
	}
	if err := checkFinite(op, x, weight, bias); err != nil {
		return nil, err
	}
	ho, wo := (h+1)/2, (w+1)/2
	prodRows := 0
	if b > 1 {
		prodRows = co
	}
	if err := core.CheckBudget(op, core.Float32s("im2col matrix", ci, kt, kh, kw, b, t, ho, wo),
		core.Float32s("product", prodRows, b, t, ho, wo), core.Float32s("output", b, co, t, ho, wo)); err != nil {
		return nil, err
	}
	ws.out.Shape = append(ws.out.Shape[:0], b, co, t, ho, wo)
	ws.out.Data = grow(ws.out.Data, b*co*t*ho*wo)
	k, l := ci*kt*kh*kw, t*ho*wo
	gemmGroups(ws, ws.out.Data, x.Data, weight.Data, bias, b, ci, t*h*w, co, 1, k, l,
		fillSpec{causal: true, t: t, h: h, w: w, kt: kt, kh: kh, kw: kw})
	return &ws.out, nil
}

// causalCols is Im2Col for one video [c,T,H,W] under problem 001's padding:
// row ((ch·kT + a)·kH + i)·kW + j, column (tt·Ho + oy)·Wo + ox holds
// x[ch, tt − (kT−1) + a, 2·oy − (kH−1)//2 + i, 2·ox − (kW−1)//2 + j], zero
// outside the video. Tap a = kT−1 is the current frame; no tap reaches past it.
func causalCols(dst []float32, ldd int, x []float32, c, t, h, w, kt, kh, kw int) {
	ho, wo := (h+1)/2, (w+1)/2
	pt, ph, pw := kt-1, (kh-1)/2, (kw-1)/2
	row := 0
	for ch := 0; ch < c; ch++ {
		for a := 0; a < kt; a++ {
			for i := 0; i < kh; i++ {
				for j := 0; j < kw; j++ {
					out := dst[row*ldd : row*ldd+t*ho*wo]
					row++
					for tt := 0; tt < t; tt++ {
						it := tt - pt + a
						for oy := 0; oy < ho; oy++ {
							seg := out[(tt*ho+oy)*wo : (tt*ho+oy+1)*wo]
							iy := 2*oy - ph + i
							if it < 0 || iy < 0 || iy >= h {
								clear(seg)
								continue
							}
							src := x[((ch*t+it)*h+iy)*w : ((ch*t+it)*h+iy+1)*w]
							for ox := range seg {
								ix := 2*ox - pw + j
								if ix < 0 || ix >= w {
									seg[ox] = 0
								} else {
									seg[ox] = src[ix]
								}
							}
						}
					}
				}
			}
		}
	}
}
