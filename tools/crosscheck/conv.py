"""Convolution, embedding and normalisation cases from the contract rows of OPS.md:
conv2d, unfold, depthwise_separable_conv, causal_downsample3d, patch_embed,
batchnorm2d, layernorm, timestep_embedding, positional_encoding_3d.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import D, add, err, rnd, uni


def pair(v): return (v, v) if isinstance(v, int) else tuple(v)


def dsc_ref(x, W, k, stride):
    C = x.shape[1]
    h = F.conv2d(D(x), D(W['depth_conv.weight']), D(W['depth_conv.bias']), stride=stride, padding=k // 2, groups=C)
    return F.conv2d(h, D(W['pointwise_conv.weight']), D(W['pointwise_conv.bias']))


def cd3_ref(x, w, b):
    kT, kH, kW = w.shape[2:]
    xp = F.pad(D(x), ((kW - 1) // 2, kW // 2, (kH - 1) // 2, kH // 2, kT - 1, 0))
    return F.conv3d(xp, D(w), D(b), stride=(1, 2, 2))


def pe_ref(x, W, P):
    y = F.conv2d(D(x), D(W['proj.weight']), D(W['proj.bias']), stride=P)
    B, Dm = y.shape[:2]
    y = y.flatten(2).transpose(1, 2)
    y = torch.cat([D(W['cls_token']).expand(B, 1, Dm), y], 1)
    return y + D(W['pos_embed'])


def bn_ref(x, W, eps, mom, training):
    m = nn.BatchNorm2d(x.shape[1], eps=eps, momentum=mom).double()
    m.weight.data = D(W['weight']); m.bias.data = D(W['bias'])
    m.running_mean.data = D(W['running_mean']); m.running_var.data = D(W['running_var'])
    m.train(training)
    y = m(D(x))
    return y, m.running_mean, m.running_var


def ts_ref(t, Dm, layout):
    t = D(t)[:, None]
    if layout == "interleaved":
        i = torch.arange(Dm // 2, dtype=torch.float64)
        arg = t / (10000 ** (2 * i / Dm))
        y = torch.zeros(t.shape[0], Dm, dtype=torch.float64)
        y[:, 0::2] = torch.sin(arg); y[:, 1::2] = torch.cos(arg)
        return y
    i = torch.arange(Dm // 2, dtype=torch.float64)
    f = torch.exp(-math.log(10000) * i / (Dm / 2 - 1))
    return torch.cat([torch.sin(t * f), torch.cos(t * f)], 1)


def pe3_ref(c, L):
    c = D(c)
    if L == 0: return c
    fr = (2.0 ** torch.arange(L, dtype=torch.float64)) * math.pi
    arg = (c[..., :, None] * fr).reshape(*c.shape[:-1], 3 * L)  # x bands, then y, then z
    return torch.cat([c, torch.sin(arg), torch.cos(arg)], -1)


def cases():
    for (nm, B, C, H, Wd, O, k, params, bias) in [
            ("even_kernel_stride2_pad1", 2, 3, 7, 9, 4, (2, 4), {"stride": 2, "padding": 1}, True),
            ("groups3_dil2_hw", 2, 6, 8, 7, 9, (3, 3), {"stride": [1, 2], "padding": [2, 1], "dilation": [2, 1], "groups": 3}, True),
            ("depthwise_groups_eq_C", 1, 4, 5, 6, 8, (3, 2), {"groups": 4, "padding": [1, 0]}, False),
            ("defaults_omitted_nobias", 3, 2, 4, 5, 3, (2, 3), {}, False),
            ("stride3_dil3", 1, 2, 11, 10, 2, (2, 2), {"stride": 3, "dilation": 3, "padding": 2}, True),
            ("kernel_1x1_stride2", 2, 5, 5, 4, 3, (1, 1), {"stride": 2}, True),
            ("kernel_eq_input", 2, 3, 3, 4, 2, (3, 4), {}, True),
            ("big_padding", 1, 1, 2, 2, 1, (2, 2), {"padding": 3}, True)]:
        x = rnd(B, C, H, Wd); w = rnd(O, C // params.get("groups", 1), *k, scale=0.4)
        inp = {"x": x, "weight": w}
        b = None
        if bias: b = rnd(O, scale=0.2); inp["bias"] = b
        y = F.conv2d(D(x), D(w), None if b is None else D(b), stride=pair(params.get("stride", 1)), padding=pair(params.get("padding", 0)),
                     dilation=pair(params.get("dilation", 1)), groups=params.get("groups", 1))
        add("conv", nm, "conv2d", params, inp, {"y": y})
    err("conv", "negative_stride", "conv2d", {"stride": -1}, {"x": rnd(1, 1, 4, 4), "weight": rnd(1, 1, 2, 2)})
    err("conv", "negative_padding", "conv2d", {"padding": -1}, {"x": rnd(1, 1, 4, 4), "weight": rnd(1, 1, 2, 2)})
    err("conv", "zero_stride", "conv2d", {"stride": 0}, {"x": rnd(1, 1, 4, 4), "weight": rnd(1, 1, 2, 2)})
    err("conv", "groups_not_divide_C", "conv2d", {"groups": 2}, {"x": rnd(1, 3, 4, 4), "weight": rnd(2, 1, 2, 2)})
    err("conv", "groups_not_divide_O", "conv2d", {"groups": 2}, {"x": rnd(1, 4, 4, 4), "weight": rnd(3, 2, 2, 2)})
    err("conv", "channel_mismatch", "conv2d", {}, {"x": rnd(1, 3, 4, 4), "weight": rnd(2, 2, 2, 2)})
    err("conv", "kernel_too_big", "conv2d", {}, {"x": rnd(1, 1, 2, 2), "weight": rnd(1, 1, 3, 3)})
    err("conv", "bias_len", "conv2d", {}, {"x": rnd(1, 1, 4, 4), "weight": rnd(2, 1, 2, 2), "bias": rnd(3)})
    err("conv", "data_len", "conv2d", {}, {"x": {"shape": [1, 1, 3, 3], "data": [1.0] * 8}, "weight": rnd(1, 1, 2, 2)})

    for (nm, B, C, H, Wd, params) in [
            ("k2x3_s1x2_p1_d2", 2, 3, 6, 7, {"kernel_size": [2, 3], "stride": [1, 2], "padding": 1, "dilation": 2}),
            ("k4_defaults", 1, 2, 5, 6, {"kernel_size": 4}),
            ("k3_s3_nonoverlap", 2, 1, 9, 6, {"kernel_size": 3, "stride": 3}),
            ("k1_pad2", 1, 2, 2, 3, {"kernel_size": 1, "padding": [2, 0]})]:
        x = rnd(B, C, H, Wd)
        y = F.unfold(D(x), kernel_size=pair(params["kernel_size"]), dilation=pair(params.get("dilation", 1)),
                     padding=pair(params.get("padding", 0)), stride=pair(params.get("stride", 1)))
        add("conv", nm, "unfold", params, {"x": x}, {"y": y})
    err("conv", "negative_stride", "unfold", {"kernel_size": 2, "stride": -1}, {"x": rnd(1, 1, 4, 4)})
    err("conv", "negative_kernel", "unfold", {"kernel_size": -2}, {"x": rnd(1, 1, 4, 4)})
    err("conv", "kernel_too_big", "unfold", {"kernel_size": 5}, {"x": rnd(1, 1, 4, 4)})
    err("conv", "missing_kernel", "unfold", {}, {"x": rnd(1, 1, 4, 4)})
    for (nm, B, C, H, Wd, O, k, stride) in [("k3_s1_nonsquare", 2, 3, 5, 7, 4, 3, None), ("k5_s2", 1, 4, 9, 8, 2, 5, 2),
                                            ("even_k4", 2, 2, 6, 5, 3, 4, 1), ("k3_s3_odd", 1, 3, 7, 7, 5, 3, 3)]:
        W = {"depth_conv.weight": rnd(C, 1, k, k, scale=0.4), "depth_conv.bias": rnd(C, scale=0.1),
             "pointwise_conv.weight": rnd(O, C, 1, 1, scale=0.4), "pointwise_conv.bias": rnd(O, scale=0.1)}
        x = rnd(B, C, H, Wd)
        add("conv", nm, "depthwise_separable_conv", {} if stride is None else {"stride": stride}, dict(x=x, **W), {"y": dsc_ref(x, W, k, stride or 1)})
    for (nm, B, Ci, Co, Tt, H, Wd, k) in [("k333_odd_hw", 2, 3, 4, 3, 5, 7, (3, 3, 3)), ("even_k244", 1, 2, 3, 4, 6, 5, (2, 4, 4)),
                                          ("k3_2_3_t1", 2, 2, 2, 1, 4, 4, (3, 2, 3)), ("k1_1_1", 1, 3, 2, 2, 3, 3, (1, 1, 1))]:
        x = rnd(B, Ci, Tt, H, Wd); w = rnd(Co, Ci, *k, scale=0.3); b = rnd(Co, scale=0.1)
        y = cd3_ref(x, w, b)
        assert y.shape[3] == math.ceil(H / 2) and y.shape[4] == math.ceil(Wd / 2) and y.shape[2] == Tt
        add("conv", nm, "causal_downsample3d", {}, {"x": x, "conv.weight": w, "conv.bias": b}, {"y": y})
    for (nm, B, C, H, Wd, P, Dm) in [("b2_nonsquare_p2", 2, 3, 4, 6, 2, 5), ("p3_b3", 3, 1, 6, 3, 3, 4), ("p1", 1, 2, 2, 3, 1, 3)]:
        N = (H // P) * (Wd // P)
        W = {"proj.weight": rnd(Dm, C, P, P, scale=0.3), "proj.bias": rnd(Dm, scale=0.1), "cls_token": rnd(1, 1, Dm), "pos_embed": rnd(1, N + 1, Dm, scale=0.2)}
        x = rnd(B, C, H, Wd)
        add("conv", nm, "patch_embed", {}, dict(x=x, **W), {"y": pe_ref(x, W, P)})
    W = {"proj.weight": rnd(4, 3, 2, 2), "proj.bias": rnd(4), "cls_token": rnd(1, 1, 4), "pos_embed": rnd(1, 7, 4)}
    err("conv", "H_not_multiple", "patch_embed", {}, dict(x=rnd(1, 3, 5, 6), **W))
    err("conv", "pos_embed_len", "patch_embed", {}, dict(x=rnd(1, 3, 4, 4), **W))  # needs 5, has 7
    for (nm, B, C, H, Wd, params) in [("train_b3_c4_nonsquare", 3, 4, 2, 5, {"training": True}),
                                      ("train_mom03_eps1e-3", 2, 3, 3, 3, {"training": True, "momentum": 0.3, "eps": 1e-3}),
                                      ("eval_default", 2, 3, 4, 2, {}),
                                      ("eval_explicit_eps", 1, 2, 3, 3, {"training": False, "eps": 0.1}),
                                      ("train_b1_hw1x2", 1, 2, 1, 2, {"training": True, "momentum": 1.0}),
                                      ("train_offset_1e3", 2, 2, 3, 2, {"training": True})]:
        x = rnd(B, C, H, Wd, scale=2.0) + 0.5
        if "offset" in nm: x = x + 1000.0
        W = {"weight": uni(C, lo=0.5, hi=1.5), "bias": rnd(C, scale=0.2), "running_mean": rnd(C, scale=0.3), "running_var": uni(C, lo=0.5, hi=2.0)}
        y, rm, rv = bn_ref(x, W, params.get("eps", 1e-5), params.get("momentum", 0.1), params.get("training", False))
        add("conv", nm, "batchnorm2d", params, dict(x=x, **W), {"y": y, "running_mean": rm, "running_var": rv}, atol=2e-4 if "offset" in nm else 1e-4)
    W = {"weight": uni(3), "bias": rnd(3), "running_mean": rnd(3), "running_var": uni(3)}
    err("conv", "param_len", "batchnorm2d", {}, dict(x=rnd(1, 2, 2, 2), **W))

    for (nm, B, Dm, eps, off) in [("b4_d7", 4, 7, None, 0.0), ("eps_0.1", 2, 5, 0.1, 0.0), ("offset_1e3", 3, 6, None, 1000.0), ("d1", 3, 1, None, 0.0)]:
        x = rnd(B, Dm, scale=3.0) + off; w = uni(Dm, lo=0.5, hi=1.5); b = rnd(Dm, scale=0.3)
        y = F.layer_norm(D(x), (Dm,), D(w), D(b), eps=eps or 1e-5)
        add("conv", nm, "layernorm", {} if eps is None else {"eps": eps}, {"x": x, "weight": w, "bias": b}, {"y": y}, atol=(1e-3 if off else 1e-4))
    for (nm, t, Dm, layout) in [("interleaved_default_d10", [0, 1, 7, 50, 999], 10, None), ("interleaved_d2", [0.0, 0.5, 3.0], 2, "interleaved"),
                                ("concat_d4", [0, 1, 2, 10], 4, "concat"), ("concat_d12_frac", [0.25, 13.5, 420.0], 12, "concat"),
                                ("interleaved_d6_explicit", [5.0, 123.0], 6, "interleaved")]:
        t = torch.tensor(t, dtype=torch.float32)
        params = {"embedding_dim": Dm}
        if layout: params["layout"] = layout
        add("conv", nm, "timestep_embedding", params, {"timesteps": t}, {"y": ts_ref(t, Dm, layout or "interleaved")}, atol=3e-4)
    err("conv", "odd_dim", "timestep_embedding", {"embedding_dim": 7}, {"timesteps": torch.tensor([1.0, 2.0])})
    err("conv", "concat_d2", "timestep_embedding", {"embedding_dim": 2, "layout": "concat"}, {"timesteps": torch.tensor([1.0])})
    err("conv", "bad_layout", "timestep_embedding", {"embedding_dim": 4, "layout": "stacked"}, {"timesteps": torch.tensor([1.0])})
    err("conv", "negative_dim", "timestep_embedding", {"embedding_dim": -4}, {"timesteps": torch.tensor([1.0])})
    err("conv", "odd_dim_concat", "timestep_embedding", {"embedding_dim": 9, "layout": "concat"}, {"timesteps": torch.tensor([1.0])})
    for (nm, B, N, L) in [("b2_n3_L4", 2, 3, 4), ("L1", 1, 5, 1), ("L0", 2, 2, 0), ("L6", 1, 2, 6)]:
        c = uni(B, N, 3, lo=-1, hi=1)
        add("conv", nm, "positional_encoding_3d", {"num_bands": L}, {"coords": c}, {"y": pe3_ref(c, L)}, atol=2e-4)
    err("conv", "negative_bands", "positional_encoding_3d", {"num_bands": -1}, {"coords": rnd(1, 2, 3)})
    err("conv", "coords_not_3", "positional_encoding_3d", {"num_bands": 2}, {"coords": rnd(1, 2, 2)})
