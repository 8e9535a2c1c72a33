"""conv2d (018), unfold, depthwise_separable_conv (006), causal_downsample3d (001) with torch."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import case, err_case, rand, state


def conv2d_cases():
    out = []
    specs = [
        # name, x shape, O, k (h, w), params, bias
        ("basic_pad1", (2, 3, 7, 5), 4, (3, 3), {"padding": 1}, True),
        ("stride2_nonsquare", (2, 4, 9, 6), 6, (3, 2), {"stride": [2, 1], "padding": [1, 0]}, True),
        ("dilation2", (1, 2, 10, 11), 3, (3, 3), {"dilation": 2, "padding": 2}, True),
        ("dilation_pair", (2, 3, 9, 8), 2, (2, 3), {"dilation": [2, 1], "padding": [1, 3], "stride": 2}, True),
        ("groups2_stride2", (2, 6, 8, 8), 4, (3, 3), {"groups": 2, "stride": 2, "padding": 1}, True),
        ("depthwise_groups_eq_c", (3, 4, 6, 7), 8, (3, 3), {"groups": 4, "padding": 1}, True),
        ("even_kernel4_stride2", (3, 2, 9, 9), 5, (4, 4), {"stride": 2, "padding": 1}, True),
        ("no_bias_defaults", (2, 3, 5, 6), 2, (3, 3), {}, False),
        ("pointwise_1x1", (2, 5, 4, 3), 3, (1, 1), {}, True),
        ("kernel_equals_input", (2, 2, 4, 5), 3, (4, 5), {}, True),
        ("all_mixed", (2, 6, 11, 7), 9, (2, 3), {"stride": [1, 2], "padding": [2, 1], "dilation": [1, 2], "groups": 3}, True),
        ("padding_same_k3", (2, 3, 6, 5), 4, (3, 3), {"padding": "same"}, True),
        ("padding_same_even_k4x2", (2, 2, 7, 6), 3, (4, 2), {"padding": "same"}, True),
        ("padding_same_dilated_groups", (1, 4, 8, 9), 2, (2, 3), {"padding": "same", "dilation": [3, 2], "groups": 2}, False),
        ("padding_valid", (2, 3, 6, 7), 2, (3, 2), {"padding": "valid", "stride": 2}, True),
    ]
    for i, (name, xs, o, k, p, has_bias) in enumerate(specs):
        g = p.get("groups", 1)
        x = rand(*xs, seed=100 + i)
        w = rand(o, xs[1] // g, *k, seed=200 + i, scale=0.5)
        b = rand(o, seed=300 + i) if has_bias else None
        y = F.conv2d(x, w, b, stride=p.get("stride", 1), padding=p.get("padding", 0),
                     dilation=p.get("dilation", 1), groups=g)
        inputs = {"x": x, "weight": w}
        if has_bias:
            inputs["bias"] = b
        out.append(case(f"conv2d/{name}", "conv2d", inputs, {"y": y}, params=p))
    x = rand(2, 4, 6, 6, seed=1)
    w = rand(4, 4, 3, 3, seed=2)
    nan_x = x.clone()
    nan_x[0, 1, 2, 3] = float("nan")
    out += [
        err_case("conv2d/weight_channel_mismatch", "conv2d", {"x": x, "weight": rand(4, 3, 3, 3)}, {}, contains="channels"),
        err_case("conv2d/groups_not_dividing_c", "conv2d", {"x": x, "weight": rand(3, 1, 3, 3)}, {"groups": 3}, contains="groups"),
        err_case("conv2d/groups_not_dividing_o", "conv2d", {"x": x, "weight": rand(3, 2, 3, 3)}, {"groups": 2}, contains="groups"),
        err_case("conv2d/groups_zero", "conv2d", {"x": x, "weight": w}, {"groups": 0}, contains="groups"),
        err_case("conv2d/kernel_larger_than_padded_input", "conv2d", {"x": x, "weight": rand(4, 4, 9, 3)}, {"padding": 1}),
        err_case("conv2d/dilated_kernel_too_large", "conv2d", {"x": x, "weight": w}, {"dilation": 3}),
        err_case("conv2d/negative_stride", "conv2d", {"x": x, "weight": w}, {"stride": -1}, contains="stride"),
        err_case("conv2d/zero_stride", "conv2d", {"x": x, "weight": w}, {"stride": [1, 0]}, contains="stride"),
        err_case("conv2d/negative_padding", "conv2d", {"x": x, "weight": w}, {"padding": [0, -1]}, contains="padding"),
        err_case("conv2d/zero_dilation", "conv2d", {"x": x, "weight": w}, {"dilation": 0}, contains="dilation"),
        err_case("conv2d/padding_same_with_stride2", "conv2d", {"x": x, "weight": w}, {"padding": "same", "stride": 2}, contains="stride"),
        err_case("conv2d/padding_unknown_string", "conv2d", {"x": x, "weight": w}, {"padding": "full"}, contains="padding"),
        err_case("conv2d/padding_three_values", "conv2d", {"x": x, "weight": w}, {"padding": [1, 1, 1]}),
        err_case("conv2d/absurd_padding", "conv2d", {"x": x, "weight": w}, {"padding": 1000000000}),
        err_case("conv2d/bias_wrong_length", "conv2d", {"x": x, "weight": w, "bias": rand(3)}, {}, contains="bias"),
        err_case("conv2d/x_3d", "conv2d", {"x": rand(4, 6, 6), "weight": w}, {}),
        err_case("conv2d/weight_3d", "conv2d", {"x": x, "weight": rand(4, 4, 9)}, {}),
        err_case("conv2d/nan_input", "conv2d", {"x": nan_x, "weight": w}, {}),
        err_case("conv2d/unknown_param", "conv2d", {"x": x, "weight": w}, {"padding_mode": 1}),
        err_case("conv2d/missing_weight", "conv2d", {"x": x}, {}),
    ]
    return out


def unfold_cases():
    out = []
    specs = [
        ("k2", (2, 3, 5, 4), {"kernel_size": 2}),
        ("k3_pad1_stride2", (2, 2, 7, 6), {"kernel_size": 3, "padding": 1, "stride": 2}),
        ("pairs", (1, 3, 6, 9), {"kernel_size": [2, 3], "stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]}),
        ("dilation2", (3, 1, 8, 8), {"kernel_size": 3, "dilation": 2, "padding": 1}),
        ("tiny_3x3_k2", (1, 1, 3, 3), {"kernel_size": 2}),
    ]
    for i, (name, xs, p) in enumerate(specs):
        x = rand(*xs, seed=400 + i)
        if name == "tiny_3x3_k2":
            x = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
        y = F.unfold(x, kernel_size=p["kernel_size"], stride=p.get("stride", 1),
                     padding=p.get("padding", 0), dilation=p.get("dilation", 1))
        out.append(case(f"unfold/{name}", "unfold", {"x": x}, {"y": y}, params=p))
    x = rand(1, 2, 4, 4)
    out += [
        err_case("unfold/kernel_larger_than_input", "unfold", {"x": x}, {"kernel_size": 5}),
        err_case("unfold/missing_kernel_size", "unfold", {"x": x}, {}, contains="kernel_size"),
        err_case("unfold/zero_kernel", "unfold", {"x": x}, {"kernel_size": 0}),
        err_case("unfold/negative_stride", "unfold", {"x": x}, {"kernel_size": 2, "stride": -2}, contains="stride"),
        err_case("unfold/negative_padding", "unfold", {"x": x}, {"kernel_size": 2, "padding": -1}, contains="padding"),
        err_case("unfold/x_3d", "unfold", {"x": rand(2, 4, 4)}, {"kernel_size": 2}),
    ]
    return out


class DepthwiseSeparable(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.depth_conv = nn.Conv2d(cin, cin, k, stride=stride, padding=k // 2, groups=cin)
        self.pointwise_conv = nn.Conv2d(cin, cout, 1)

    def forward(self, x):
        return self.pointwise_conv(self.depth_conv(x))


def depthwise_cases():
    out = []
    specs = [
        ("k3", (2, 3, 6, 6), 5, 3, 1),
        ("k3_stride2_odd", (2, 4, 7, 9), 6, 3, 2),
        ("k4_even_grows", (1, 3, 6, 5), 4, 4, 1),
        ("k5_batch3_nonsquare", (3, 2, 8, 11), 3, 5, 2),
        ("k1", (2, 4, 3, 3), 2, 1, 1),
    ]
    for i, (name, xs, o, k, s) in enumerate(specs):
        torch.manual_seed(500 + i)
        m = DepthwiseSeparable(xs[1], o, k, s).eval()
        x = rand(*xs, seed=600 + i)
        with torch.no_grad():
            y = m(x)
        params = {} if (name == "k3" and s == 1) else {"stride": s}
        out.append(case(f"depthwise_separable_conv/{name}", "depthwise_separable_conv",
                        {"x": x, **state(m)}, {"y": y}, params=params))
    torch.manual_seed(1)
    m = DepthwiseSeparable(3, 4, 3, 1)
    st = state(m)
    x = rand(1, 3, 5, 5)
    bad = lambda **kw: {"x": x, **{**st, **kw}}
    no_bias = {k: v for k, v in st.items() if k != "pointwise_conv.bias"}
    out += [
        err_case("depthwise_separable_conv/depth_weight_channels", "depthwise_separable_conv",
                 bad(**{"depth_conv.weight": rand(2, 1, 3, 3)}), contains="depth_conv.weight"),
        err_case("depthwise_separable_conv/depth_weight_not_depthwise", "depthwise_separable_conv",
                 bad(**{"depth_conv.weight": rand(3, 3, 3, 3)})),
        err_case("depthwise_separable_conv/pointwise_not_1x1", "depthwise_separable_conv",
                 bad(**{"pointwise_conv.weight": rand(4, 3, 3, 3)}), contains="pointwise_conv.weight"),
        err_case("depthwise_separable_conv/pointwise_bias_length", "depthwise_separable_conv",
                 bad(**{"pointwise_conv.bias": rand(3)})),
        err_case("depthwise_separable_conv/zero_stride", "depthwise_separable_conv", bad(), {"stride": 0}, contains="stride"),
        err_case("depthwise_separable_conv/negative_stride", "depthwise_separable_conv", bad(), {"stride": -1}),
        err_case("depthwise_separable_conv/missing_bias", "depthwise_separable_conv", {"x": x, **no_bias}),
        err_case("depthwise_separable_conv/unknown_param", "depthwise_separable_conv", bad(), {"padding": 1}),
    ]
    return out


class CausalDownsample3D(nn.Module):
    def __init__(self, cin, cout, k):
        super().__init__()
        self.k = k
        self.conv = nn.Conv3d(cin, cout, k, stride=(1, 2, 2))

    def forward(self, x):
        kt, kh, kw = self.k
        x = F.pad(x, ((kw - 1) // 2, kw // 2, (kh - 1) // 2, kh // 2, kt - 1, 0))
        return self.conv(x)


def causal_cases():
    out = []
    specs = [
        ("k3", (2, 3, 4, 6, 6), 4, (3, 3, 3)),
        ("k3_odd_hw", (1, 2, 5, 7, 9), 3, (3, 3, 3)),
        ("even_spatial_k4", (2, 2, 3, 7, 6), 3, (3, 4, 4)),
        ("k2_all", (1, 3, 4, 5, 5), 2, (2, 2, 2)),
        ("kt_larger_than_t", (2, 2, 2, 4, 3), 2, (4, 3, 2)),
        ("single_frame", (1, 4, 1, 8, 8), 5, (3, 3, 3)),
    ]
    for i, (name, xs, o, k) in enumerate(specs):
        torch.manual_seed(700 + i)
        m = CausalDownsample3D(xs[1], o, k).eval()
        x = rand(*xs, seed=800 + i)
        with torch.no_grad():
            y = m(x)
        assert list(y.shape) == [xs[0], o, xs[2], (xs[3] + 1) // 2, (xs[4] + 1) // 2]
        out.append(case(f"causal_downsample3d/{name}", "causal_downsample3d", {"x": x, **state(m)}, {"y": y}))
    torch.manual_seed(2)
    st = state(CausalDownsample3D(2, 3, (3, 3, 3)))
    x = rand(1, 2, 3, 4, 4)
    out += [
        err_case("causal_downsample3d/weight_channel_mismatch", "causal_downsample3d",
                 {"x": rand(1, 3, 3, 4, 4), **st}, contains="conv.weight"),
        err_case("causal_downsample3d/bias_length", "causal_downsample3d",
                 {"x": x, **st, "conv.bias": rand(2)}, contains="conv.bias"),
        err_case("causal_downsample3d/x_4d", "causal_downsample3d", {"x": rand(2, 3, 4, 4), **st}),
        err_case("causal_downsample3d/weight_4d", "causal_downsample3d", {"x": x, **st, "conv.weight": rand(3, 2, 3, 3)}),
        err_case("causal_downsample3d/missing_bias", "causal_downsample3d", {"x": x, "conv.weight": st["conv.weight"]}),
        err_case("causal_downsample3d/unknown_param", "causal_downsample3d", {"x": x, **st}, {"stride": 2}),
    ]
    return out


def cases():
    return conv2d_cases() + unfold_cases() + depthwise_cases() + causal_cases()
