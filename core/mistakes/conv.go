package mistakes

import (
	"dlprep/core"
	"dlprep/core/conv"
)

// CausalDownsampleTimeSymmetric is problem 001's time mistake: the frames
// are zero-padded kT//2 on both sides (nn.Conv3d(padding=kT//2)) instead of
// kT−1 in the past only, so output frame t sees frames up to t + kT//2,
// and an even kT gives one frame more than T. Height and width are padded
// as conv.CausalDownsample3D pads them. x [B,Ci,T,H,W], weight
// [Co,Ci,kT,kH,kW], bias [Co] or nil.
func CausalDownsampleTimeSymmetric(x, weight, bias *core.Tensor) (*core.Tensor, error) {
	if _, err := conv.CausalDownsample3D(x, weight, bias); err != nil {
		return nil, err
	}
	return conv3d(x, weight, bias, TimeSymmetricPadding(weight.Shape[2], weight.Shape[3], weight.Shape[4]))
}

// TimeSymmetricPadding is the padding (before, after) of T, H and W that
// CausalDownsampleTimeSymmetric uses: kT//2 frames on both sides, space as
// conv.CausalPadding pads it.
func TimeSymmetricPadding(kt, kh, kw int) [3][2]int {
	return [3][2]int{{kt / 2, kt / 2}, {(kh - 1) / 2, kh / 2}, {(kw - 1) / 2, kw / 2}}
}

// SpatialSymmetricPadding is the padding CausalDownsampleSpatialSymmetric
// uses: time as conv.CausalPadding pads it, k//2 on both sides in space.
func SpatialSymmetricPadding(kt, kh, kw int) [3][2]int {
	return [3][2]int{{kt - 1, 0}, {kh / 2, kh / 2}, {kw / 2, kw / 2}}
}

// CausalDownsampleSpatialSymmetric is problem 001's size mistake: height
// and width are padded k//2 on both sides instead of (k−1)//2 before and
// k//2 after. For an odd kernel that is the same; for an even one the taps
// shift by one pixel and an even H (or W) gives H/2 + 1 rows instead of
// H/2. Time is padded causally, as conv.CausalDownsample3D pads it.
func CausalDownsampleSpatialSymmetric(x, weight, bias *core.Tensor) (*core.Tensor, error) {
	if _, err := conv.CausalDownsample3D(x, weight, bias); err != nil {
		return nil, err
	}
	return conv3d(x, weight, bias, SpatialSymmetricPadding(weight.Shape[2], weight.Shape[3], weight.Shape[4]))
}

// conv3d is nn.Conv3d with stride (1, 2, 2) after zero padding x by pad
// (before, after) on T, H and W, built from conv.Conv2D: output frame t is
// the sum over the kT time taps a of a strided conv2d of padded frame t+a
// with weight[:, :, a]. The caller has validated the shapes.
func conv3d(x, weight, bias *core.Tensor, pad [3][2]int) (*core.Tensor, error) {
	b, ci, t, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	co, kt, kh, kw := weight.Shape[0], weight.Shape[2], weight.Shape[3], weight.Shape[4]
	tp, hp, wp := t+pad[0][0]+pad[0][1], h+pad[1][0]+pad[1][1], w+pad[2][0]+pad[2][1]
	to := tp - kt + 1
	o := conv.DefaultOptions()
	o.Stride = [2]int{2, 2}
	ho, wo, err := conv.Geometry{Kernel: [2]int{kh, kw}, Stride: o.Stride, Dilation: o.Dilation}.OutSize("causal_downsample3d", hp, wp)
	if err != nil {
		return nil, err
	}
	// frames[tt] is padded frame tt of every batch item, [B,Ci,Hp,Wp].
	frames := make([]*core.Tensor, tp)
	for tt := range frames {
		f := core.New(b, ci, hp, wp)
		src := tt - pad[0][0]
		if src >= 0 && src < t {
			for bc := 0; bc < b*ci; bc++ {
				for y := 0; y < h; y++ {
					row := x.Data[((bc*t+src)*h+y)*w : ((bc*t+src)*h+y+1)*w]
					copy(f.Data[(bc*hp+y+pad[1][0])*wp+pad[2][0]:], row)
				}
			}
		}
		frames[tt] = f
	}
	// taps[a] is weight[:, :, a] as a conv2d weight [Co,Ci,kH,kW].
	taps := make([]*core.Tensor, kt)
	plane := kh * kw
	for a := range taps {
		tw := core.New(co, ci, kh, kw)
		for oc := 0; oc < co*ci; oc++ {
			copy(tw.Data[oc*plane:(oc+1)*plane], weight.Data[(oc*kt+a)*plane:(oc*kt+a+1)*plane])
		}
		taps[a] = tw
	}
	out := core.New(b, co, max(to, 0), ho, wo)
	for tt := 0; tt < to; tt++ {
		for a := 0; a < kt; a++ {
			var bb *core.Tensor
			if a == 0 {
				bb = bias
			}
			y, err := conv.Conv2D(frames[tt+a], taps[a], bb, o)
			if err != nil {
				return nil, err
			}
			for bo := 0; bo < b*co; bo++ {
				dst := out.Data[(bo*to+tt)*ho*wo : (bo*to+tt+1)*ho*wo]
				for i, v := range y.Data[bo*ho*wo : (bo+1)*ho*wo] {
					dst[i] += v
				}
			}
		}
	}
	return out, nil
}

// Conv2DWeightChannelsLast is problem 018's mistake: the weight row is
// flattened channels-last, as [k, k, C], while F.unfold's rows run
// (C, k, k), so flat position q = (i·kW + j)·C + c of the row, which unfold
// pairs with input channel q / (kH·kW), holds weight[c, i, j]. It is
// conv.Conv2D with the weight entries moved accordingly; with one channel,
// or a 1×1 kernel, nothing moves.
func Conv2DWeightChannelsLast(x, weight, bias *core.Tensor, o conv.Options) (*core.Tensor, error) {
	if _, err := conv.Conv2D(x, weight, bias, o); err != nil {
		return nil, err
	}
	return conv.Conv2D(x, weightChannelsLast(weight), bias, o)
}

// weightChannelsLast is the weight [O, C, kH, kW] whose rows hold the
// entries as the channels-last flattening puts them: row position
// q = (i·kW + j)·C + c holds weight[c, i, j].
func weightChannelsLast(weight *core.Tensor) *core.Tensor {
	oc, cg, kk := weight.Shape[0], weight.Shape[1], weight.Shape[2]*weight.Shape[3]
	moved := core.New(weight.Shape...)
	for f := 0; f < oc; f++ {
		row, dst := weight.Data[f*cg*kk:(f+1)*cg*kk], moved.Data[f*cg*kk:(f+1)*cg*kk]
		for q := range dst {
			ij, c := q/cg, q%cg
			dst[q] = row[c*kk+ij]
		}
	}
	return moved
}
