package conv

import (
	"fmt"

	"dlprep/core"
)

// SeparableWorkspace keeps the buffers of both stages of a depthwise
// separable convolution; the zero value is ready to use.
type SeparableWorkspace struct {
	depth, point Workspace
}

// DepthwiseSeparable is problem 006: a depthwise conv (one kH×kW filter per
// channel, groups = C, padding kH//2 and kW//2, the given stride) and then a
// 1×1 pointwise conv mixing channels. depthW is [C,1,kH,kW], pointW is
// [O,C,1,1]; either bias may be nil. With an even kernel the k//2 padding
// grows the output by one (PyTorch does the same; that is the problem's
// pitfall).
func DepthwiseSeparable(x, depthW, depthB, pointW, pointB *core.Tensor, stride int) (*core.Tensor, error) {
	var ws SeparableWorkspace
	return ws.DepthwiseSeparable(x, depthW, depthB, pointW, pointB, stride)
}

// DepthwiseSeparable is the package-level function on reused buffers; the
// result belongs to the workspace until its next call.
func (ws *SeparableWorkspace) DepthwiseSeparable(x, depthW, depthB, pointW, pointB *core.Tensor, stride int) (*core.Tensor, error) {
	const op = "depthwise_separable_conv"
	if err := core.CheckShape(op, "x", x, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckData(op, []string{"x", "depth_conv.weight", "depth_conv.bias", "pointwise_conv.weight", "pointwise_conv.bias"},
		x, depthW, depthB, pointW, pointB); err != nil {
		return nil, err
	}
	c := x.Shape[1]
	if err := core.CheckShape(op, "depth_conv.weight", depthW, "[C,1,kH,kW]", c, 1, -1, -1); err != nil {
		return nil, err
	}
	if depthB != nil {
		if err := core.CheckShape(op, "depth_conv.bias", depthB, "[C]", c); err != nil {
			return nil, err
		}
	}
	if err := core.CheckShape(op, "pointwise_conv.weight", pointW, "[O,C,1,1]", -1, c, 1, 1); err != nil {
		return nil, err
	}
	if pointB != nil {
		if err := core.CheckShape(op, "pointwise_conv.bias", pointB, "[O]", pointW.Shape[0]); err != nil {
			return nil, err
		}
	}
	if stride < 1 {
		return nil, fmt.Errorf("%s: stride must be at least 1, got %d", op, stride)
	}
	if c == 0 {
		return nil, fmt.Errorf("%s: x has no channels (shape %v)", op, x.Shape)
	}
	kh, kw := depthW.Shape[2], depthW.Shape[3]
	d := Options{Stride: [2]int{stride, stride}, Padding: [2]int{kh / 2, kw / 2}, Dilation: [2]int{1, 1}, Groups: c}
	// Each stage checks its own buffers; both stages' are live together.
	g := Geometry{Kernel: [2]int{kh, kw}, Stride: d.Stride, Padding: d.Padding, Dilation: d.Dilation}
	ho, wo, err := g.OutSize(op, x.Shape[2], x.Shape[3])
	if err != nil {
		return nil, err
	}
	b, o := x.Shape[0], pointW.Shape[0]
	prodRows := 0 // a batch's product is copied out of a buffer of its own
	if b > 1 {
		prodRows = 1 + o // one row per group for the depthwise stage, o for the pointwise
	}
	if err := core.CheckBudget(op, core.Float32s("depthwise im2col", kh, kw, b, ho, wo), core.Float32s("depthwise output", b, c, ho, wo),
		core.Float32s("pointwise im2col", c, b, ho, wo), core.Float32s("products", prodRows, b, ho, wo), core.Float32s("output", b, o, ho, wo)); err != nil {
		return nil, err
	}
	mid, err := ws.depth.conv2d(op, x, depthW, depthB, d)
	if err != nil {
		return nil, err
	}
	return ws.point.conv2d(op, mid, pointW, pointB, DefaultOptions())
}

// SeparableParams returns the weight counts of a standard k×k conv from c to
// o channels (o·c·k²) and of its depthwise separable replacement (c·k² + o·c),
// biases left out. Their ratio is 1/o + 1/k².
func SeparableParams(c, o, k int) (standard, separable int) {
	return o * c * k * k, c*k*k + o*c
}
