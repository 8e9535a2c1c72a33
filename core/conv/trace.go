package conv

import (
	"fmt"

	"dlprep/core"
)

// Traces of the package's ops for the visualizer: each returns the
// intermediate tensors of the op as its problem asks to compute them, next
// to the production op's own result, so a view can show every stage and a
// test can tie each stage to the op.

// Conv2DStages are the stages of problem 018's conv2d: the input unfolded
// into columns, the weight viewed as a matrix, their product (plus the
// bias) and the product reshaped to the output grid.
type Conv2DStages struct {
	// Cols is F.unfold(x): [B, C·kH·kW, L], L = Ho·Wo.
	Cols *core.Tensor
	// WeightRows is weight.view(O, -1): [O, C·kH·kW], one GEMM row per
	// output channel, in Cols' row order (channel, kernel row, column).
	WeightRows *core.Tensor
	// Prod is WeightRows · Cols + bias: [B, O, L].
	Prod *core.Tensor
	// Y is Conv2D's output, [B, O, Ho, Wo]: Prod viewed as a grid.
	Y      *core.Tensor
	Ho, Wo int
}

// Conv2DTrace runs Conv2D and keeps its stages. It takes the options of
// Conv2D with one group and explicit padding (what problem 018 asks).
func Conv2DTrace(x, weight, bias *core.Tensor, o Options) (*Conv2DStages, error) {
	const op = "conv2d"
	if o.Groups != 1 || o.Same {
		return nil, fmt.Errorf("%s trace: only groups=1 with explicit padding is traced, got groups=%d same=%v", op, o.Groups, o.Same)
	}
	y, err := Conv2D(x, weight, bias, o)
	if err != nil {
		return nil, err
	}
	b := x.Shape[0]
	oc, cg, kh, kw := weight.Shape[0], weight.Shape[1], weight.Shape[2], weight.Shape[3]
	g := Geometry{Kernel: [2]int{kh, kw}, Stride: o.Stride, Padding: o.Padding, Dilation: o.Dilation}
	cols, err := Unfold(x, g)
	if err != nil {
		return nil, err
	}
	k, l := cg*kh*kw, y.Shape[2]*y.Shape[3]
	rows, err := core.FromData(weight.Data, oc, k)
	if err != nil {
		return nil, err
	}
	prod := core.New(b, oc, l)
	for n := 0; n < b; n++ {
		dst := prod.Data[n*oc*l : (n+1)*oc*l]
		beta := float32(0)
		if bias != nil {
			beta = 1
			for f := 0; f < oc; f++ {
				for i := range dst[f*l : (f+1)*l] {
					dst[f*l+i] = bias.Data[f]
				}
			}
		}
		if k > 0 && l > 0 {
			core.Gemm(false, false, oc, l, k, 1, rows.Data, k, cols.Data[n*k*l:(n+1)*k*l], l, beta, dst, l)
		}
	}
	return &Conv2DStages{Cols: cols, WeightRows: rows.Clone(), Prod: prod, Y: y, Ho: y.Shape[2], Wo: y.Shape[3]}, nil
}

// SeparableStages are the two stages of problem 006: the depthwise conv's
// output [B, C, Ho, Wo] and the pointwise conv's [B, O, Ho, Wo].
type SeparableStages struct {
	Depth, Y *core.Tensor
}

// DepthwiseSeparableTrace runs DepthwiseSeparable and keeps the depthwise
// stage, read from the op's own workspace.
func DepthwiseSeparableTrace(x, depthW, depthB, pointW, pointB *core.Tensor, stride int) (*SeparableStages, error) {
	var ws SeparableWorkspace
	y, err := ws.DepthwiseSeparable(x, depthW, depthB, pointW, pointB, stride)
	if err != nil {
		return nil, err
	}
	return &SeparableStages{Depth: ws.depth.out.Clone(), Y: y.Clone()}, nil
}

// SeparableMulAdds returns the multiply-adds of a standard k×k conv from c
// to o channels over an ho×wo output (o·c·k²·ho·wo) and of its depthwise
// separable replacement (c·k²·ho·wo for the depthwise stage plus o·c·ho·wo
// for the pointwise one), biases left out: the count core.Gemm makes when
// Conv2D and DepthwiseSeparable run. FLOPs are twice these.
func SeparableMulAdds(c, o, k, ho, wo int) (standard, separable int64) {
	l := int64(ho) * int64(wo)
	kk := int64(k) * int64(k)
	return int64(o) * int64(c) * kk * l, int64(c)*kk*l + int64(o)*int64(c)*l
}

// CausalStages are the stages of problem 001: the video padded as
// F.pad(x, (pw0, pw1, ph0, ph1, kT−1, 0)) and the strided conv3d's output.
type CausalStages struct {
	// Pad is the zero padding (before, after) of T, H and W.
	Pad [3][2]int
	// Padded is x after that padding: [B, Ci, T+kT−1, H+kH−1, W+kW−1].
	Padded *core.Tensor
	// Y is CausalDownsample3D's output [B, Co, T, ceil(H/2), ceil(W/2)].
	Y *core.Tensor
}

// CausalPadding is problem 001's padding for a kT×kH×kW kernel: kT−1 frames
// before and none after, (k−1)//2 before and k//2 after in height and width.
func CausalPadding(kt, kh, kw int) [3][2]int {
	return [3][2]int{{kt - 1, 0}, {(kh - 1) / 2, kh / 2}, {(kw - 1) / 2, kw / 2}}
}

// CausalDownsample3DTrace runs CausalDownsample3D and keeps the padded
// video it convolves.
func CausalDownsample3DTrace(x, weight, bias *core.Tensor) (*CausalStages, error) {
	y, err := CausalDownsample3D(x, weight, bias)
	if err != nil {
		return nil, err
	}
	pad := CausalPadding(weight.Shape[2], weight.Shape[3], weight.Shape[4])
	return &CausalStages{Pad: pad, Padded: Pad3D(x, pad), Y: y}, nil
}

// Pad3D zero-pads a video x [B,C,T,H,W] by pad (before, after) on T, H and
// W, as F.pad(x, (w0, w1, h0, h1, t0, t1)). The caller has checked x's
// shape.
func Pad3D(x *core.Tensor, pad [3][2]int) *core.Tensor {
	b, c, t, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	tp, hp, wp := t+pad[0][0]+pad[0][1], h+pad[1][0]+pad[1][1], w+pad[2][0]+pad[2][1]
	out := core.New(b, c, tp, hp, wp)
	for bc := 0; bc < b*c; bc++ {
		for tt := 0; tt < t; tt++ {
			for y := 0; y < h; y++ {
				src := x.Data[((bc*t+tt)*h+y)*w : ((bc*t+tt)*h+y+1)*w]
				copy(out.Data[((bc*tp+tt+pad[0][0])*hp+y+pad[1][0])*wp+pad[2][0]:], src)
			}
		}
	}
	return out
}

// VideoOp is an op on a video with a 3-D kernel, such as
// CausalDownsample3D or one of its catalogued mistakes.
type VideoOp func(x, weight, bias *core.Tensor) (*core.Tensor, error)

// FrameDependence measures which input frames each output frame of op
// reads: entry (t, j) of the [To, T] result is Σ|Δy| over output frame t
// when input frame j of x (every channel and pixel) is raised by one. For
// a causal op it is zero wherever j > t. x is [B,C,T,H,W].
func FrameDependence(op VideoOp, x, weight, bias *core.Tensor) (*core.Tensor, error) {
	base, err := op(x, weight, bias)
	if err != nil {
		return nil, err
	}
	if base.Dims() != 5 {
		return nil, fmt.Errorf("frame dependence: the op returned shape %v, want [B,Co,T,Ho,Wo]", base.Shape)
	}
	y0 := base.Clone()
	b, c, t, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	bo, co, to, plane := y0.Shape[0], y0.Shape[1], y0.Shape[2], y0.Shape[3]*y0.Shape[4]
	dep := core.New(to, t)
	xp := x.Clone()
	for j := 0; j < t; j++ {
		copy(xp.Data, x.Data)
		for bc := 0; bc < b*c; bc++ {
			for i := range xp.Data[(bc*t+j)*h*w : (bc*t+j+1)*h*w] {
				xp.Data[(bc*t+j)*h*w+i]++
			}
		}
		y, err := op(xp, weight, bias)
		if err != nil {
			return nil, err
		}
		for n := 0; n < bo*co; n++ {
			for tt := 0; tt < to; tt++ {
				off := (n*to + tt) * plane
				var s float64
				for i := off; i < off+plane; i++ {
					d := float64(y.Data[i]) - float64(y0.Data[i])
					if d < 0 {
						d = -d
					}
					s += d
				}
				dep.Data[tt*t+j] += float32(s)
			}
		}
	}
	return dep, nil
}
