package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/conv"
)

// convOptions reads conv2d's stride, padding, dilation (int or [h, w]) and
// groups with F.conv2d's defaults.
func convOptions(p conformance.Params) (conv.Options, error) {
	var o conv.Options
	var err error
	if o.Stride, err = p.Pair("stride", 1); err != nil {
		return o, err
	}
	// F.conv2d also takes padding="valid" (none) and "same".
	if mode, isStr := p["padding"].(string); isStr {
		switch mode {
		case "valid":
		case "same":
			o.Same = true
		default:
			return o, fmt.Errorf("conv2d: unknown padding %q (want an integer, [h, w], \"valid\" or \"same\")", mode)
		}
	} else if o.Padding, err = p.Pair("padding", 0); err != nil {
		return o, err
	}
	if o.Dilation, err = p.Pair("dilation", 1); err != nil {
		return o, err
	}
	o.Groups, err = p.IntOr("groups", 1)
	return o, err
}

func init() {
	conformance.Register(conformance.Op{
		Name:     "conv2d",
		Inputs:   []string{"x", "weight"},
		Optional: []string{"bias"},
		Params:   []string{"stride", "padding", "dilation", "groups"},
		Run:      conv2dRun(conv.Conv2D),
	})
	conformance.Register(conformance.Op{
		Name:   "unfold",
		Inputs: []string{"x"},
		Params: []string{"kernel_size", "stride", "padding", "dilation"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			var g conv.Geometry
			var err error
			if !p.Has("kernel_size") {
				return nil, fmt.Errorf("unfold: missing param %q", "kernel_size")
			}
			if g.Kernel, err = p.Pair("kernel_size", 0); err != nil {
				return nil, err
			}
			if g.Stride, err = p.Pair("stride", 1); err != nil {
				return nil, err
			}
			if g.Padding, err = p.Pair("padding", 0); err != nil {
				return nil, err
			}
			if g.Dilation, err = p.Pair("dilation", 1); err != nil {
				return nil, err
			}
			y, err := conv.Unfold(in["x"], g)
			return tensorOut("y", y, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:   "depthwise_separable_conv",
		Inputs: []string{"x", "depth_conv.weight", "depth_conv.bias", "pointwise_conv.weight", "pointwise_conv.bias"},
		Params: []string{"stride"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			stride, err := p.IntOr("stride", 1)
			if err != nil {
				return nil, err
			}
			y, err := conv.DepthwiseSeparable(in["x"], in["depth_conv.weight"], in["depth_conv.bias"],
				in["pointwise_conv.weight"], in["pointwise_conv.bias"], stride)
			return tensorOut("y", y, err)
		},
	})
	conformance.Register(conformance.Op{
		Name:   "causal_downsample3d",
		Inputs: []string{"x", "conv.weight", "conv.bias"},
		Run:    causalDownRun(conv.CausalDownsample3D),
	})
}

// conv2dRun adapts a conv2d computation: x, weight, an optional bias and
// F.conv2d's options in; y out.
func conv2dRun(f func(x, weight, bias *core.Tensor, o conv.Options) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		o, err := convOptions(p)
		if err != nil {
			return nil, err
		}
		y, err := f(in["x"], in["weight"], in["bias"], o)
		return tensorOut("y", y, err)
	}
}

// causalDownRun adapts a causal_downsample3d computation: x and the
// conv's weight and bias in; y out.
func causalDownRun(f func(x, w, b *core.Tensor) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		y, err := f(in["x"], in["conv.weight"], in["conv.bias"])
		return tensorOut("y", y, err)
	}
}
