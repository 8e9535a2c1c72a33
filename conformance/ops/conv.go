package ops

import (
	"fmt"

	"dlprep/conformance"
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
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			o, err := convOptions(p)
			if err != nil {
				return nil, err
			}
			y, err := conv.Conv2D(in["x"], in["weight"], in["bias"], o)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
		},
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
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
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
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "causal_downsample3d",
		Inputs: []string{"x", "conv.weight", "conv.bias"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			y, err := conv.CausalDownsample3D(in["x"], in["conv.weight"], in["conv.bias"])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
		},
	})
}
