#!/usr/bin/python3
# Independent audit generator (H10). Expected outputs from torch 1.13 / torchvision 0.14.
import torch, json, math, os, sys
import torch.nn as nn
import torch.nn.functional as F
import torchvision
torch.set_grad_enabled(False)
g = torch.Generator().manual_seed(20261125)
OUT = os.environ.get('CROSSCHECK_OUT', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'out'))
FAM = {}

def rnd(*shape, scale=1.0):
    return (torch.randn(*shape, generator=g) * scale).float()
def uni(*shape, lo=0.0, hi=1.0):
    return (torch.rand(*shape, generator=g) * (hi - lo) + lo).float()

def T(t, integer=False):
    t = torch.as_tensor(t)
    if t.dtype == torch.bool: t = t.to(torch.int64)
    flat = t.reshape(-1).tolist()
    if integer or not t.is_floating_point():
        data = [int(v) for v in flat]
    else:
        data = [float(v) for v in flat]
    return {"shape": list(t.shape), "data": data}

def add(fam, name, op, params, inputs, expected, atol=1e-4, rtol=1e-4):
    c = {"name": f"audit/{op}/{name}", "op": op, "params": params,
         "inputs": {k: (v if isinstance(v, dict) else T(v)) for k, v in inputs.items()},
         "expected": {k: (v if isinstance(v, dict) else T(v)) for k, v in expected.items()},
         "atol": atol, "rtol": rtol}
    FAM.setdefault(fam, []).append(c)

def err(fam, name, op, params, inputs, contains=None):
    c = {"name": f"audit/{op}/err_{name}", "op": op, "params": params,
         "inputs": {k: (v if isinstance(v, dict) else T(v)) for k, v in inputs.items()},
         "expect_error": True}
    if contains: c["error_contains"] = contains
    FAM.setdefault(fam, []).append(c)

def D(t): return t.double()

# ------------------------------------------------------------------ attention
def sdpa_ref(q, k, v, mask=None, causal=False):
    q, k, v = D(q), D(k), D(v)
    S, S2 = q.shape[-2], k.shape[-2]
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    keep = torch.ones(S, S2, dtype=torch.bool)
    if mask is not None: keep &= mask.bool()
    if causal: keep &= torch.ones(S, S2).tril().bool()
    s = s.masked_fill(~keep, float('-inf'))
    a = torch.nan_to_num(torch.softmax(s, -1), nan=0.0)
    return a @ v, a

for (nm, B, H, S, S2, dk, dv, use_mask, causal) in [
        ("b2h3_rect", 2, 3, 4, 5, 6, 7, False, False),
        ("causal_S_lt_S2", 2, 2, 3, 6, 4, 5, False, True),
        ("causal_S_gt_S2", 1, 2, 6, 3, 4, 4, False, True),
        ("mask_only", 2, 1, 4, 5, 8, 3, True, False),
        ("mask_and_causal", 3, 2, 5, 5, 4, 6, True, True)]:
    q, k, v = rnd(B, H, S, dk), rnd(B, H, S2, dk), rnd(B, H, S2, dv)
    inp = {"query": q, "key": k, "value": v}
    mask = None
    if use_mask:
        mask = (torch.rand(S, S2, generator=g) > 0.4)
        mask[:, 0] = True
        inp["mask"] = mask
    params = {"causal": True} if causal else {}
    o, a = sdpa_ref(q, k, v, mask, causal)
    add("attention", nm, "sdpa", params, inp, {"output": o, "attention": a})
# fully masked row -> zeros
q, k, v = rnd(2, 2, 3, 4), rnd(2, 2, 4, 4), rnd(2, 2, 4, 5)
mask = torch.tensor([[1, 0, 1, 0], [0, 0, 0, 0], [1, 1, 1, 1]]).bool()
o, a = sdpa_ref(q, k, v, mask)
add("attention", "fully_masked_row", "sdpa", {}, {"query": q, "key": k, "value": v, "mask": mask}, {"output": o, "attention": a})
# mask + causal leaves row 0 empty
mask = torch.tensor([[0, 1, 1, 1], [1, 1, 0, 0], [0, 1, 1, 1]]).bool()
o, a = sdpa_ref(q, k, v, mask, True)
add("attention", "mask_causal_empty_row", "sdpa", {"causal": True}, {"query": q, "key": k, "value": v, "mask": mask}, {"output": o, "attention": a})
# large scores (stability)
q, k, v = rnd(1, 1, 3, 4, scale=30), rnd(1, 1, 3, 4, scale=30), rnd(1, 1, 3, 2)
o, a = sdpa_ref(q, k, v)
add("attention", "large_scores", "sdpa", {}, {"query": q, "key": k, "value": v}, {"output": o, "attention": a})
err("attention", "dk_mismatch", "sdpa", {}, {"query": rnd(1, 1, 2, 4), "key": rnd(1, 1, 3, 5), "value": rnd(1, 1, 3, 2)})
err("attention", "mask_shape", "sdpa", {}, {"query": rnd(1, 1, 2, 4), "key": rnd(1, 1, 3, 4), "value": rnd(1, 1, 3, 2), "mask": torch.ones(3, 2)})
err("attention", "data_len", "sdpa", {}, {"query": {"shape": [1, 1, 2, 4], "data": [0.0] * 7}, "key": rnd(1, 1, 3, 4), "value": rnd(1, 1, 3, 2)})
err("attention", "missing_value", "sdpa", {}, {"query": rnd(1, 1, 2, 4), "key": rnd(1, 1, 3, 4)})

def lin(pfx, o, i, bias=True, scale=0.3):
    d = {pfx + ".weight": rnd(o, i, scale=scale)}
    if bias: d[pfx + ".bias"] = rnd(o, scale=0.1)
    return d

def mhsa_ref(x, W, heads, causal):
    B, N, Dm = x.shape
    m = nn.MultiheadAttention(Dm, heads, batch_first=True).double().eval()
    m.in_proj_weight.data = D(torch.cat([W['q_proj.weight'], W['k_proj.weight'], W['v_proj.weight']]))
    m.in_proj_bias.data = D(torch.cat([W['q_proj.bias'], W['k_proj.bias'], W['v_proj.bias']]))
    m.out_proj.weight.data = D(W['out_proj.weight']); m.out_proj.bias.data = D(W['out_proj.bias'])
    mask = torch.ones(N, N).triu(1).bool() if causal else None
    y, a = m(D(x), D(x), D(x), attn_mask=mask, need_weights=True, average_attn_weights=False)
    return y, a

for (nm, B, N, Dm, heads, causal) in [("b3_n5_d12_h4", 3, 5, 12, 4, False), ("causal_h3", 2, 6, 9, 3, True),
                                      ("h1_causal", 1, 4, 6, 1, True), ("heads_eq_D", 2, 3, 4, 4, False)]:
    W = {}
    for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: W.update(lin(p, Dm, Dm))
    x = rnd(B, N, Dm)
    y, a = mhsa_ref(x, W, heads, causal)
    params = {"num_heads": heads}
    if causal: params["causal"] = True
    add("attention", nm, "mhsa", params, dict(x=x, **W), {"y": y, "attention": a})
W = {}
for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: W.update(lin(p, 6, 6))
err("attention", "zero_heads", "mhsa", {"num_heads": 0}, dict(x=rnd(1, 3, 6), **W))
err("attention", "heads_not_divide", "mhsa", {"num_heads": 4}, dict(x=rnd(1, 3, 6), **W))
err("attention", "negative_heads", "mhsa", {"num_heads": -2}, dict(x=rnd(1, 3, 6), **W))
err("attention", "missing_num_heads", "mhsa", {}, dict(x=rnd(1, 3, 6), **W))
W2 = dict(W); del W2["out_proj.bias"]
err("attention", "missing_out_bias", "mhsa", {"num_heads": 2}, dict(x=rnd(1, 3, 6), **W2))
W3 = dict(W); W3["k_proj.weight"] = rnd(6, 5)
err("attention", "bad_k_weight_shape", "mhsa", {"num_heads": 2}, dict(x=rnd(1, 3, 6), **W3))

# window attention
def window_ref(x, W, heads, ws):
    B, C, Tt, H, Wd = x.shape; wt, wh, ww = ws
    m = nn.MultiheadAttention(C, heads, batch_first=True).double().eval()
    m.in_proj_weight.data = D(W['qkv.weight']); m.in_proj_bias.data = D(W['qkv.bias'])
    m.out_proj.weight.data = D(W['proj.weight']); m.out_proj.bias.data = D(W['proj.bias'])
    xx = D(x).permute(0, 2, 3, 4, 1)
    xx = xx.reshape(B, Tt // wt, wt, H // wh, wh, Wd // ww, ww, C).permute(0, 1, 3, 5, 2, 4, 6, 7).reshape(-1, wt * wh * ww, C)
    o = m(xx, xx, xx, need_weights=False)[0]
    o = o.reshape(B, Tt // wt, H // wh, Wd // ww, wt, wh, ww, C).permute(0, 1, 4, 2, 5, 3, 6, 7).reshape(B, Tt, H, Wd, C)
    return o.permute(0, 4, 1, 2, 3)

for (nm, B, C, Tt, H, Wd, heads, ws) in [("b2_c6_h3_w122", 2, 6, 2, 4, 6, 3, [1, 2, 2]),
                                         ("nonuniform_window", 1, 8, 4, 3, 4, 2, [2, 3, 1]),
                                         ("whole_volume", 1, 4, 2, 2, 3, 1, [2, 2, 3]),
                                         ("b3_window_111", 3, 4, 1, 2, 2, 2, [1, 1, 1])]:
    W = {}; W.update(lin("qkv", 3 * C, C)); W.update(lin("proj", C, C))
    x = rnd(B, C, Tt, H, Wd)
    add("attention", nm, "window_attention", {"num_heads": heads, "window_size": ws}, dict(x=x, **W), {"y": window_ref(x, W, heads, ws)})
W = {}; W.update(lin("qkv", 12, 4)); W.update(lin("proj", 4, 4))
err("attention", "T_not_divisible", "window_attention", {"num_heads": 2, "window_size": [2, 1, 1]}, dict(x=rnd(1, 4, 3, 2, 2), **W))
err("attention", "W_not_divisible", "window_attention", {"num_heads": 2, "window_size": [1, 1, 2]}, dict(x=rnd(1, 4, 2, 2, 3), **W))
err("attention", "heads_not_divide", "window_attention", {"num_heads": 3, "window_size": [1, 1, 1]}, dict(x=rnd(1, 4, 2, 2, 2), **W))
err("attention", "zero_heads", "window_attention", {"num_heads": 0, "window_size": [1, 1, 1]}, dict(x=rnd(1, 4, 2, 2, 2), **W))
err("attention", "negative_window", "window_attention", {"num_heads": 2, "window_size": [-1, 1, 1]}, dict(x=rnd(1, 4, 2, 2, 2), **W))

# factorized attention
def mha_from(W, pfx, C, heads):
    m = nn.MultiheadAttention(C, heads, batch_first=True).double().eval()
    m.in_proj_weight.data = D(W[pfx + '.in_proj_weight']); m.in_proj_bias.data = D(W[pfx + '.in_proj_bias'])
    m.out_proj.weight.data = D(W[pfx + '.out_proj.weight']); m.out_proj.bias.data = D(W[pfx + '.out_proj.bias'])
    return m
def fact_ref(x, W, heads):
    B, Tt, C, H, Wd = x.shape
    sp, tp = mha_from(W, 'spatial', C, heads), mha_from(W, 'temporal', C, heads)
    xs = D(x).permute(0, 1, 3, 4, 2).reshape(B * Tt, H * Wd, C)
    ys = sp(xs, xs, xs)[0]
    yt = ys.reshape(B, Tt, H * Wd, C).permute(0, 2, 1, 3).reshape(B * H * Wd, Tt, C)
    yt = tp(yt, yt, yt)[0]
    return yt.reshape(B, H * Wd, Tt, C).permute(0, 2, 3, 1).reshape(B, Tt, C, H, Wd)
def fact_w(C):
    W = {}
    for p in ["spatial", "temporal"]:
        W[p + ".in_proj_weight"] = rnd(3 * C, C, scale=0.3); W[p + ".in_proj_bias"] = rnd(3 * C, scale=0.1)
        W[p + ".out_proj.weight"] = rnd(C, C, scale=0.3); W[p + ".out_proj.bias"] = rnd(C, scale=0.1)
    return W
for (nm, B, Tt, C, H, Wd, heads) in [("b2_t3_h2x3", 2, 3, 6, 2, 3, 2), ("t1", 1, 1, 4, 3, 2, 4), ("nonsquare_h1", 2, 4, 5, 1, 3, 1)]:
    W = fact_w(C); x = rnd(B, Tt, C, H, Wd)
    add("attention", nm, "factorized_attention", {"num_heads": heads}, dict(x=x, **W), {"y": fact_ref(x, W, heads)})
W = fact_w(6)
err("attention", "heads_not_divide", "factorized_attention", {"num_heads": 4}, dict(x=rnd(1, 2, 6, 2, 2), **W))
err("attention", "zero_heads", "factorized_attention", {"num_heads": 0}, dict(x=rnd(1, 2, 6, 2, 2), **W))

# camera cross attention
def cam_ref(x, cam, W, heads, mode):
    B, Tt, C, H, Wd = x.shape
    hd = C // heads
    xt = D(x).permute(0, 1, 3, 4, 2).reshape(B, Tt, H * Wd, C)
    q = xt @ D(W['to_q.weight']).T
    k = D(cam) @ D(W['to_k.weight']).T
    v = D(cam) @ D(W['to_v.weight']).T
    if mode == "per_frame":
        qh = q.reshape(B, Tt, H * Wd, heads, hd).permute(0, 1, 3, 2, 4)  # B T h HW hd
        kh = k.reshape(B, Tt, 1, heads, hd).permute(0, 1, 3, 2, 4)
        vh = v.reshape(B, Tt, 1, heads, hd).permute(0, 1, 3, 2, 4)
        a = torch.softmax(qh @ kh.transpose(-1, -2) / math.sqrt(hd), -1)
        o = (a @ vh).permute(0, 1, 3, 2, 4).reshape(B, Tt, H * Wd, C)
    else:
        qh = q.reshape(B, Tt * H * Wd, heads, hd).permute(0, 2, 1, 3)
        kh = k.reshape(B, Tt, heads, hd).permute(0, 2, 1, 3)
        vh = v.reshape(B, Tt, heads, hd).permute(0, 2, 1, 3)
        a = torch.softmax(qh @ kh.transpose(-1, -2) / math.sqrt(hd), -1)
        o = (a @ vh).permute(0, 2, 1, 3).reshape(B, Tt, H * Wd, C)
    y = o @ D(W['proj.weight']).T + D(W['proj.bias'])
    return y.reshape(B, Tt, H, Wd, C).permute(0, 1, 4, 2, 3)
def cam_w(C, Dc):
    return {"to_q.weight": rnd(C, C, scale=0.5), "to_k.weight": rnd(C, Dc, scale=0.5), "to_v.weight": rnd(C, Dc, scale=0.5),
            "proj.weight": rnd(C, C, scale=0.3), "proj.bias": rnd(C, scale=0.1)}
for (nm, B, Tt, C, H, Wd, Dc, heads, mode) in [("default_mode", 2, 3, 4, 2, 3, 5, 2, None),
                                               ("per_frame_explicit", 1, 2, 6, 3, 1, 3, 3, "per_frame"),
                                               ("all_frames_h2", 2, 3, 4, 2, 2, 5, 2, "all_frames"),
                                               ("all_frames_h1_t4", 1, 4, 6, 1, 3, 2, 1, "all_frames")]:
    W = cam_w(C, Dc); x = rnd(B, Tt, C, H, Wd); cam = rnd(B, Tt, Dc)
    params = {"num_heads": heads}
    if mode: params["mode"] = mode
    add("attention", nm, "camera_cross_attention", params, dict(x=x, cam=cam, **W), {"y": cam_ref(x, cam, W, heads, mode or "per_frame")})
W = cam_w(4, 3)
err("attention", "bad_mode", "camera_cross_attention", {"num_heads": 2, "mode": "per_pixel"}, dict(x=rnd(1, 2, 4, 2, 2), cam=rnd(1, 2, 3), **W))
err("attention", "heads_not_divide", "camera_cross_attention", {"num_heads": 3, "mode": "all_frames"}, dict(x=rnd(1, 2, 4, 2, 2), cam=rnd(1, 2, 3), **W))
err("attention", "cam_T_mismatch", "camera_cross_attention", {"num_heads": 2}, dict(x=rnd(1, 2, 4, 2, 2), cam=rnd(1, 3, 3), **W))

# lora_mhsa
def lora_mhsa_ref(x, W, heads, alpha):
    B, S, Dm = x.shape
    r = W['lora_q_A'].shape[1]
    xd = D(x); s = alpha / r
    q = xd @ D(W['q_proj.weight']).T + s * xd @ D(W['lora_q_A']) @ D(W['lora_q_B'])
    k = xd @ D(W['k_proj.weight']).T
    v = xd @ D(W['v_proj.weight']).T + s * xd @ D(W['lora_v_A']) @ D(W['lora_v_B'])
    hd = Dm // heads
    sp = lambda t: t.reshape(B, S, heads, hd).transpose(1, 2)
    a = torch.softmax(sp(q) @ sp(k).transpose(-1, -2) / math.sqrt(hd), -1)
    return (a @ sp(v)).transpose(1, 2).reshape(B, S, Dm)
def lora_mhsa_w(Dm, r):
    return {"q_proj.weight": rnd(Dm, Dm, scale=0.3), "k_proj.weight": rnd(Dm, Dm, scale=0.3), "v_proj.weight": rnd(Dm, Dm, scale=0.3),
            "lora_q_A": rnd(Dm, r, scale=0.3), "lora_q_B": rnd(r, Dm, scale=0.3), "lora_v_A": rnd(Dm, r, scale=0.3), "lora_v_B": rnd(r, Dm, scale=0.3)}
for (nm, B, S, Dm, heads, r, alpha) in [("b2_h2_r3_alpha6", 2, 5, 8, 2, 3, 6.0), ("h4_r1_alpha_half", 1, 3, 8, 4, 1, 0.5), ("r_gt_D", 2, 4, 6, 3, 8, 16.0)]:
    W = lora_mhsa_w(Dm, r); x = rnd(B, S, Dm)
    add("attention", nm, "lora_mhsa", {"num_heads": heads, "alpha": alpha}, dict(x=x, **W), {"y": lora_mhsa_ref(x, W, heads, alpha)})
W = lora_mhsa_w(8, 2); W["lora_v_A"] = rnd(8, 3); W["lora_v_B"] = rnd(3, 8)
err("attention", "r_mismatch", "lora_mhsa", {"num_heads": 2, "alpha": 4.0}, dict(x=rnd(1, 3, 8), **W))
W = lora_mhsa_w(8, 2)
err("attention", "heads_not_divide", "lora_mhsa", {"num_heads": 3, "alpha": 4.0}, dict(x=rnd(1, 3, 8), **W))
W2 = dict(W); W2["lora_q_B"] = rnd(3, 8)
err("attention", "AB_inner_mismatch", "lora_mhsa", {"num_heads": 2, "alpha": 4.0}, dict(x=rnd(1, 3, 8), **W2))

# ------------------------------------------------------------------ conv / embedding / norm
def pair(v): return (v, v) if isinstance(v, int) else tuple(v)
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

def dsc_ref(x, W, k, stride):
    C = x.shape[1]
    h = F.conv2d(D(x), D(W['depth_conv.weight']), D(W['depth_conv.bias']), stride=stride, padding=k // 2, groups=C)
    return F.conv2d(h, D(W['pointwise_conv.weight']), D(W['pointwise_conv.bias']))
for (nm, B, C, H, Wd, O, k, stride) in [("k3_s1_nonsquare", 2, 3, 5, 7, 4, 3, None), ("k5_s2", 1, 4, 9, 8, 2, 5, 2),
                                        ("even_k4", 2, 2, 6, 5, 3, 4, 1), ("k3_s3_odd", 1, 3, 7, 7, 5, 3, 3)]:
    W = {"depth_conv.weight": rnd(C, 1, k, k, scale=0.4), "depth_conv.bias": rnd(C, scale=0.1),
         "pointwise_conv.weight": rnd(O, C, 1, 1, scale=0.4), "pointwise_conv.bias": rnd(O, scale=0.1)}
    x = rnd(B, C, H, Wd)
    add("conv", nm, "depthwise_separable_conv", {} if stride is None else {"stride": stride}, dict(x=x, **W), {"y": dsc_ref(x, W, k, stride or 1)})

def cd3_ref(x, w, b):
    kT, kH, kW = w.shape[2:]
    xp = F.pad(D(x), ((kW - 1) // 2, kW // 2, (kH - 1) // 2, kH // 2, kT - 1, 0))
    return F.conv3d(xp, D(w), D(b), stride=(1, 2, 2))
for (nm, B, Ci, Co, Tt, H, Wd, k) in [("k333_odd_hw", 2, 3, 4, 3, 5, 7, (3, 3, 3)), ("even_k244", 1, 2, 3, 4, 6, 5, (2, 4, 4)),
                                      ("k3_2_3_t1", 2, 2, 2, 1, 4, 4, (3, 2, 3)), ("k1_1_1", 1, 3, 2, 2, 3, 3, (1, 1, 1))]:
    x = rnd(B, Ci, Tt, H, Wd); w = rnd(Co, Ci, *k, scale=0.3); b = rnd(Co, scale=0.1)
    y = cd3_ref(x, w, b)
    assert y.shape[3] == math.ceil(H / 2) and y.shape[4] == math.ceil(Wd / 2) and y.shape[2] == Tt
    add("conv", nm, "causal_downsample3d", {}, {"x": x, "conv.weight": w, "conv.bias": b}, {"y": y})

def pe_ref(x, W, P):
    y = F.conv2d(D(x), D(W['proj.weight']), D(W['proj.bias']), stride=P)
    B, Dm = y.shape[:2]
    y = y.flatten(2).transpose(1, 2)
    y = torch.cat([D(W['cls_token']).expand(B, 1, Dm), y], 1)
    return y + D(W['pos_embed'])
for (nm, B, C, H, Wd, P, Dm) in [("b2_nonsquare_p2", 2, 3, 4, 6, 2, 5), ("p3_b3", 3, 1, 6, 3, 3, 4), ("p1", 1, 2, 2, 3, 1, 3)]:
    N = (H // P) * (Wd // P)
    W = {"proj.weight": rnd(Dm, C, P, P, scale=0.3), "proj.bias": rnd(Dm, scale=0.1), "cls_token": rnd(1, 1, Dm), "pos_embed": rnd(1, N + 1, Dm, scale=0.2)}
    x = rnd(B, C, H, Wd)
    add("conv", nm, "patch_embed", {}, dict(x=x, **W), {"y": pe_ref(x, W, P)})
W = {"proj.weight": rnd(4, 3, 2, 2), "proj.bias": rnd(4), "cls_token": rnd(1, 1, 4), "pos_embed": rnd(1, 7, 4)}
err("conv", "H_not_multiple", "patch_embed", {}, dict(x=rnd(1, 3, 5, 6), **W))
err("conv", "pos_embed_len", "patch_embed", {}, dict(x=rnd(1, 3, 4, 4), **W))  # needs 5, has 7

def bn_ref(x, W, eps, mom, training):
    m = nn.BatchNorm2d(x.shape[1], eps=eps, momentum=mom).double()
    m.weight.data = D(W['weight']); m.bias.data = D(W['bias'])
    m.running_mean.data = D(W['running_mean']); m.running_var.data = D(W['running_var'])
    m.train(training)
    y = m(D(x))
    return y, m.running_mean, m.running_var
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

def pe3_ref(c, L):
    c = D(c)
    if L == 0: return c
    fr = (2.0 ** torch.arange(L, dtype=torch.float64)) * math.pi
    arg = (c[..., :, None] * fr).reshape(*c.shape[:-1], 3 * L)  # x bands, then y, then z
    return torch.cat([c, torch.sin(arg), torch.cos(arg)], -1)
for (nm, B, N, L) in [("b2_n3_L4", 2, 3, 4), ("L1", 1, 5, 1), ("L0", 2, 2, 0), ("L6", 1, 2, 6)]:
    c = uni(B, N, 3, lo=-1, hi=1)
    add("conv", nm, "positional_encoding_3d", {"num_bands": L}, {"coords": c}, {"y": pe3_ref(c, L)}, atol=2e-4)
err("conv", "negative_bands", "positional_encoding_3d", {"num_bands": -1}, {"coords": rnd(1, 2, 3)})
err("conv", "coords_not_3", "positional_encoding_3d", {"num_bands": 2}, {"coords": rnd(1, 2, 2)})

# ------------------------------------------------------------------ diffusion
for (nm, shape, w) in [("w7.5_b2", (2, 3, 2, 2), 7.5), ("w0", (3, 4), 0.0), ("w1", (5,), 1.0), ("w_neg", (2, 2), -2.0)]:
    u, c = rnd(*shape), rnd(*shape)
    add("diffusion", nm, "cfg", {"guidance_scale": w}, {"eps_uncond": u, "eps_cond": c}, {"eps": D(u) + w * (D(c) - D(u))})
err("diffusion", "shape_mismatch", "cfg", {"guidance_scale": 2.0}, {"eps_uncond": rnd(2, 3), "eps_cond": rnd(3, 2)})
err("diffusion", "missing_scale", "cfg", {}, {"eps_uncond": rnd(2, 3), "eps_cond": rnd(2, 3)})

betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
alphas = 1 - betas; abar = torch.cumprod(alphas, 0)
def ddpm_ref(xt, eps, z, t, sigma):
    a, ab, b = alphas[t].item(), abar[t].item(), betas[t].item()
    mean = (D(xt) - (1 - a) / math.sqrt(1 - ab) * D(eps)) / math.sqrt(a)
    if t == 0: return mean
    if sigma == "beta": s = math.sqrt(b)
    else: s = math.sqrt((1 - abar[t - 1].item()) / (1 - ab) * b)
    return mean + s * D(z)
for (nm, t, sigma, shape) in [("beta_default_t500", 500, None, (2, 3, 4)), ("posterior_t10", 10, "posterior", (2, 5)),
                              ("posterior_t1", 1, "posterior", (3,)), ("t0_beta", 0, "beta", (2, 2)),
                              ("t0_posterior_no_prev", 0, "posterior", (4,)), ("beta_t999", 999, "beta", (1, 2, 3))]:
    xt, eps, z = rnd(*shape), rnd(*shape), rnd(*shape)
    params = {"alpha_t": alphas[t].item(), "alpha_bar_t": abar[t].item(), "beta_t": betas[t].item(), "t": t}
    if sigma: params["sigma"] = sigma
    if sigma == "posterior" and t > 0: params["alpha_bar_prev"] = abar[t - 1].item()
    add("diffusion", nm, "ddpm_step", params, {"x_t": xt, "predicted_noise": eps, "noise": z}, {"x_prev": ddpm_ref(xt, eps, z, t, sigma or "beta")}, atol=3e-4)
base = {"alpha_t": alphas[5].item(), "alpha_bar_t": abar[5].item(), "beta_t": betas[5].item(), "t": 5}
err("diffusion", "bad_sigma", "ddpm_step", dict(base, sigma="learned"), {"x_t": rnd(2), "predicted_noise": rnd(2), "noise": rnd(2)})
err("diffusion", "posterior_missing_prev", "ddpm_step", dict(base, sigma="posterior"), {"x_t": rnd(2), "predicted_noise": rnd(2), "noise": rnd(2)})
err("diffusion", "negative_t", "ddpm_step", dict(base, t=-1), {"x_t": rnd(2), "predicted_noise": rnd(2), "noise": rnd(2)})
err("diffusion", "noise_shape", "ddpm_step", base, {"x_t": rnd(2), "predicted_noise": rnd(2), "noise": rnd(3)})

def ddim_ref(xt, eps, z, ab, abp, eta):
    xt, eps = D(xt), D(eps)
    x0 = (xt - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    sig = eta * math.sqrt((1 - abp) / (1 - ab)) * math.sqrt(1 - ab / abp)
    xp = math.sqrt(abp) * x0 + math.sqrt(1 - abp - sig ** 2) * eps
    if eta > 0: xp = xp + sig * D(z)
    return xp, x0
for (nm, t, tp, eta, with_noise, shape) in [("eta0_jump", 800, 600, None, False, (2, 3, 3)), ("eta1", 500, 480, 1.0, True, (2, 4)),
                                           ("eta0.5", 300, 200, 0.5, True, (3, 2)), ("eta0_noise_ignored", 100, 50, 0.0, True, (4,)),
                                           ("to_prev_1", 20, -1, None, False, (2, 2))]:
    ab = abar[t].item(); abp = abar[tp].item() if tp >= 0 else 1.0
    xt, eps, z = rnd(*shape), rnd(*shape), rnd(*shape)
    params = {"alpha_bar_t": ab, "alpha_bar_prev": abp}
    if eta is not None: params["eta"] = eta
    inp = {"x_t": xt, "predicted_noise": eps}
    if with_noise: inp["noise"] = z
    xp, x0 = ddim_ref(xt, eps, z, ab, abp, eta or 0.0)
    add("diffusion", nm, "ddim_step", params, inp, {"x_prev": xp, "x0_pred": x0}, atol=3e-4)
err("diffusion", "eta_without_noise", "ddim_step", {"alpha_bar_t": 0.5, "alpha_bar_prev": 0.6, "eta": 0.3}, {"x_t": rnd(2), "predicted_noise": rnd(2)})
err("diffusion", "missing_prev", "ddim_step", {"alpha_bar_t": 0.5}, {"x_t": rnd(2), "predicted_noise": rnd(2)})

for (nm, t, tn, shape) in [("t100_to_150", 100, 150, (2, 3, 2)), ("t0_to_1", 0, 1, (5,)), ("big_jump", 10, 900, (2, 2))]:
    ab, abn = abar[t].item(), abar[tn].item()
    xt, eps = rnd(*shape), rnd(*shape)
    x0 = (D(xt) - math.sqrt(1 - ab) * D(eps)) / math.sqrt(ab)
    add("diffusion", nm, "ddim_inversion_step", {"alpha_bar_t": ab, "alpha_bar_next": abn}, {"x_t": xt, "predicted_noise": eps},
        {"x_next": math.sqrt(abn) * x0 + math.sqrt(1 - abn) * D(eps)}, atol=3e-4)

def sched_ref(n, kind, bs=1e-4, be=0.02):
    if kind == "linear": b = torch.linspace(bs, be, n, dtype=torch.float64)
    elif kind == "scaled_linear": b = torch.linspace(bs ** 0.5, be ** 0.5, n, dtype=torch.float64) ** 2
    else:
        s = 0.008
        f = lambda t: math.cos(((t / n) + s) / (1 + s) * math.pi / 2) ** 2
        b = torch.tensor([min(1 - f(t + 1) / f(t), 0.999) for t in range(n)], dtype=torch.float64)
    a = 1 - b
    return b, a, torch.cumprod(a, 0)
for (nm, params, n, kind, bs, be) in [("linear_default_1000", {"num_steps": 1000}, 1000, "linear", 1e-4, 0.02),
                                      ("linear_custom_7", {"num_steps": 7, "kind": "linear", "beta_start": 0.001, "beta_end": 0.2}, 7, "linear", 0.001, 0.2),
                                      ("scaled_linear_default", {"num_steps": 50, "kind": "scaled_linear"}, 50, "scaled_linear", 1e-4, 0.02),
                                      ("scaled_linear_sd", {"num_steps": 1000, "kind": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012}, 1000, "scaled_linear", 0.00085, 0.012),
                                      ("cosine_1000", {"num_steps": 1000, "kind": "cosine"}, 1000, "cosine", 0, 0),
                                      ("cosine_10", {"num_steps": 10, "kind": "cosine"}, 10, "cosine", 0, 0),
                                      ("linear_2", {"num_steps": 2}, 2, "linear", 1e-4, 0.02)]:
    b, a, ab = sched_ref(n, kind, bs, be)
    add("diffusion", nm, "noise_schedule", params, {}, {"betas": b, "alphas": a, "alpha_bars": ab})
err("diffusion", "bad_kind", "noise_schedule", {"num_steps": 10, "kind": "sigmoid"}, {})
err("diffusion", "negative_steps", "noise_schedule", {"num_steps": -5}, {})

# ------------------------------------------------------------------ geometry
def rotm(axis, ang):
    axis = torch.tensor(axis, dtype=torch.float64); axis = axis / axis.norm()
    Kx = torch.tensor([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]], dtype=torch.float64)
    return torch.eye(3, dtype=torch.float64) + math.sin(ang) * Kx + (1 - math.cos(ang)) * Kx @ Kx
def rigid(axis, ang, t):
    M = torch.eye(4, dtype=torch.float64); M[:3, :3] = rotm(axis, ang); M[:3, 3] = torch.tensor(t, dtype=torch.float64)
    return M.float()
Ks = [torch.tensor([[500.0, 0, 320], [0, 480, 240], [0, 0, 1]]), torch.tensor([[300.0, 2.5, 100], [0, 310, 80], [0, 0, 1]]),
      torch.tensor([[2.0, 0.1, 1.5], [0, 1.8, 1.0], [0, 0, 1]])]
for i, (K, Tm, u, v, d) in enumerate([(Ks[0], rigid([0, 1, 0], 0.3, [0.5, -0.2, 1.0]), 100.0, 50.0, 4.0),
                                      (Ks[1], rigid([1, 1, 0.2], -0.7, [2.0, 0.1, -3.0]), 17.5, 203.0, 2.5),
                                      (Ks[2], rigid([0.3, -1, 0.5], 1.2, [0.0, 0.0, 0.0]), 0.0, 3.0, 0.5)]):
    p = D(K).inverse() @ torch.tensor([u, v, 1.0], dtype=torch.float64) * d
    pw = D(Tm).inverse() @ torch.cat([p, torch.ones(1, dtype=torch.float64)])
    add("geometry", f"case{i}", "depth_to_world", {"u": u, "v": v, "d": d}, {"K": K, "T_world_to_cam": Tm}, {"p_world": pw[:3]}, atol=1e-3)
err("geometry", "singular_K", "depth_to_world", {"u": 1.0, "v": 1.0, "d": 1.0}, {"K": torch.tensor([[1.0, 2, 3], [2, 4, 6], [0, 0, 1]]), "T_world_to_cam": torch.eye(4)})
err("geometry", "singular_T", "depth_to_world", {"u": 1.0, "v": 1.0, "d": 1.0}, {"K": Ks[0], "T_world_to_cam": torch.zeros(4, 4)})
err("geometry", "K_shape", "depth_to_world", {"u": 1.0, "v": 1.0, "d": 1.0}, {"K": torch.eye(2), "T_world_to_cam": torch.eye(4)})

for i, (H, Wd, K, Tm) in enumerate([(3, 5, Ks[2], rigid([1, 0, 1], 0.4, [1.0, -1.0, 0.5])), (4, 2, Ks[1], rigid([0, 0, 1], -0.2, [0.0, 2.0, 0.0]))]):
    depth = uni(H, Wd, lo=0.5, hi=5.0)
    vv, uu = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(Wd, dtype=torch.float64), indexing='ij')
    pix = torch.stack([uu.flatten(), vv.flatten(), torch.ones(H * Wd, dtype=torch.float64)], 0)
    P = D(K).inverse() @ pix * D(depth).flatten()
    Pw = D(Tm).inverse() @ torch.cat([P, torch.ones(1, H * Wd, dtype=torch.float64)])
    add("geometry", f"nonsquare{i}", "unproject_depth", {}, {"depth": depth, "K": K, "T_world_to_cam": Tm}, {"points": Pw[:3].T}, atol=2e-3)

for i, (K, Tm, u, v, d) in enumerate([(Ks[0], rigid([0, 1, 0.1], 0.1, [0.3, -0.1, 0.2]), 200.0, 300.0, 5.0),
                                      (Ks[1], rigid([1, 0, 0], -0.3, [-0.5, 0.2, 1.0]), 40.0, 70.0, 3.0)]):
    P = D(K).inverse() @ torch.tensor([u, v, 1.0], dtype=torch.float64) * d
    P2 = D(Tm)[:3, :3] @ P + D(Tm)[:3, 3]
    q = D(K) @ P2
    add("geometry", f"case{i}", "warp_pixel", {"u1": u, "v1": v, "d1": d}, {"K": K, "T_1_to_2": Tm}, {"uv": q[:2] / q[2], "depth": P2[2:3]}, atol=2e-3)

for (nm, B, C, H, Wd, Ho, Wo, ac) in [("default_align_true", 2, 3, 4, 5, 3, 6, None), ("align_false", 1, 2, 5, 3, 4, 2, False),
                                      ("align_true_explicit", 2, 1, 3, 3, 2, 2, True)]:
    x = rnd(B, C, H, Wd); grid = uni(B, Ho, Wo, 2, lo=-1.3, hi=1.3)
    y = F.grid_sample(D(x), D(grid), mode='bilinear', padding_mode='zeros', align_corners=True if ac is None else ac)
    add("geometry", nm, "grid_sample", {} if ac is None else {"align_corners": ac}, {"input": x, "grid": grid}, {"y": y})
err("geometry", "grid_batch_mismatch", "grid_sample", {}, {"input": rnd(2, 1, 3, 3), "grid": rnd(1, 2, 2, 2)})

def vwarp_ref(src, depth, K, Tm):
    B, C, H, Wd = src.shape
    vv, uu = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(Wd, dtype=torch.float64), indexing='ij')
    pix = torch.stack([uu.flatten(), vv.flatten(), torch.ones(H * Wd, dtype=torch.float64)], 0)
    P = D(K).inverse() @ pix * D(depth).reshape(B, 1, H * Wd)
    P2 = D(Tm)[:, :3, :3] @ P + D(Tm)[:, :3, 3:]
    q = D(K) @ P2
    u2 = q[:, 0] / (q[:, 2] + 1e-7); v2 = q[:, 1] / (q[:, 2] + 1e-7)
    gx = 2 * u2 / (Wd - 1) - 1; gy = 2 * v2 / (H - 1) - 1
    grid = torch.stack([gx, gy], -1).reshape(B, H, Wd, 2)
    warped = F.grid_sample(D(src), grid, mode='bilinear', padding_mode='zeros', align_corners=True)
    mask = ((gx.abs() <= 1) & (gy.abs() <= 1)).reshape(B, 1, H, Wd)
    margin = torch.minimum((gx.abs() - 1).abs(), (gy.abs() - 1).abs()).min().item()
    return warped, mask, margin
for (nm, B, C, H, Wd) in [("b2_nonsquare_4x7", 2, 3, 4, 7), ("tall_6x3", 1, 2, 6, 3)]:
    for attempt in range(50):
        src = rnd(B, C, H, Wd); depth = uni(B, 1, H, Wd, lo=1.0, hi=3.0)
        K = torch.stack([torch.tensor([[float(Wd), 0.0, (Wd - 1) / 2], [0.0, float(H), (H - 1) / 2], [0, 0, 1]])] * B)
        Tm = torch.stack([rigid([0, 1, 0.3], 0.05 * (b + 1), [0.1 * (b + 1), -0.05, 0.1]) for b in range(B)])
        w, m, margin = vwarp_ref(src, depth, K, Tm)
        if margin > 2e-3 and 0 < m.sum() < m.numel(): break
    add("geometry", nm, "vectorized_warp", {}, {"src_img": src, "depth": depth, "K": K, "T_1_to_2": Tm}, {"warped": w, "mask": T(m, integer=True)}, atol=5e-4)

for (nm, B, N) in [("b3_n5", 3, 5), ("n1", 2, 1), ("opaque_front", 1, 4)]:
    col = uni(B, N, 3); op_ = uni(B, N, 1)
    if nm == "opaque_front": op_[:, 0] = 1.0
    a = D(op_)
    Tr = torch.cumprod(torch.cat([torch.ones(B, 1, 1, dtype=torch.float64), 1 - a[:, :-1]], 1), 1)
    add("geometry", nm, "alpha_composite", {}, {"colors": col, "opacities": op_}, {"color": (D(col) * a * Tr).sum(1), "transmittance": Tr})

def ipc_ref(Rs, tol):
    tot = torch.eye(3, dtype=torch.float64)
    for R in Rs: tot = D(R) @ tot
    e = (tot - torch.eye(3, dtype=torch.float64)).norm().item()
    ang = math.degrees(math.acos(max(-1, min(1, (tot.trace().item() - 1) / 2))))
    return e < tol, tot, e, ang
R1, R2, R3 = rotm([1, 0, 0], 0.5), rotm([0, 1, 0], 0.7), rotm([0, 0, 1], -0.4)
Rs = torch.stack([R1, R2, R3]).float()
c, tot, e, ang = ipc_ref(Rs, 1e-6)
add("geometry", "open_noncommuting", "is_path_closed", {}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(ang)}, atol=1e-3)
P = torch.tensor([[0.0, -1, 0], [1, 0, 0], [0, 0, 1]])
Rs = torch.stack([P, P, P, P])
c, tot, e, ang = ipc_ref(Rs, 1e-6)
add("geometry", "closed_perm4", "is_path_closed", {}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e)})
Rs = torch.stack([R1, R2, R1.T @ rotm([0, 0, 1], 0.01)]).float()
c, tot, e, ang = ipc_ref(Rs, 0.5)
add("geometry", "loose_tol_closed", "is_path_closed", {"tol": 0.5}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(ang)}, atol=2e-3)
Rs = torch.stack([rotm([1, 2, 3], 2.0)]).float()
c, tot, e, ang = ipc_ref(Rs, 1e-6)
add("geometry", "single_120deg", "is_path_closed", {"tol": 1e-6}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(ang)}, atol=2e-3)
err("geometry", "bad_shape", "is_path_closed", {}, {"rotations": rnd(2, 3, 2)})

def r6_ref(d6):
    d6 = D(d6); a1, a2 = d6[:, :3], d6[:, 3:]
    b1 = F.normalize(a1, dim=-1)
    b2 = F.normalize(a2 - (b1 * a2).sum(-1, keepdim=True) * b1, dim=-1)
    b3 = torch.cross(b1, b2, dim=-1)
    return torch.stack([b1, b2, b3], -1)
d6 = rnd(4, 6, scale=2.0)
add("geometry", "b4_random", "rotation_6d_to_matrix", {}, {"d6": d6}, {"R": r6_ref(d6)})
d6 = torch.tensor([[1.0, 0, 0, 1, 1, 0], [0, 3, 0, 0, 0, -2]])
add("geometry", "axis_aligned", "rotation_6d_to_matrix", {}, {"d6": d6}, {"R": r6_ref(d6)})

# ------------------------------------------------------------------ detection
def rboxes(n, lo=0, hi=50, wmax=20):
    xy = uni(n, 2, lo=lo, hi=hi); wh = uni(n, 2, lo=1, hi=wmax)
    return torch.cat([xy, xy + wh], 1).float()
b1, b2 = rboxes(5), rboxes(3)
add("detection", "random_5x3", "box_iou", {}, {"boxes1": b1, "boxes2": b2}, {"iou": torchvision.ops.box_iou(D(b1), D(b2))})
b1 = torch.tensor([[0.0, 0, 0, 0], [0, 0, 2, 2], [1, 1, 1, 5]]); b2 = torch.tensor([[0.0, 0, 0, 0], [1, 1, 3, 3], [5, 5, 5, 5]])
iou = torch.nan_to_num(torchvision.ops.box_iou(D(b1), D(b2)), nan=0.0)
add("detection", "degenerate_zero_union", "box_iou", {}, {"boxes1": b1, "boxes2": b2}, {"iou": iou})
b1 = torch.tensor([[0.0, 0, 10, 10]]); b2 = torch.tensor([[10.0, 0, 20, 10], [-5, -5, 15, 15], [2, 2, 4, 4]])
add("detection", "touching_and_containing", "box_iou", {}, {"boxes1": b1, "boxes2": b2}, {"iou": torchvision.ops.box_iou(D(b1), D(b2))})
err("detection", "inverted_x", "box_iou", {}, {"boxes1": torch.tensor([[5.0, 0, 1, 3]]), "boxes2": torch.tensor([[0.0, 0, 1, 1]])})
err("detection", "inverted_y_in_boxes2", "box_iou", {}, {"boxes1": torch.tensor([[0.0, 0, 1, 1]]), "boxes2": torch.tensor([[0.0, 3, 1, 1]])})
err("detection", "nan", "box_iou", {}, {"boxes1": {"shape": [1, 4], "data": [0, 0, "NaN", 1]}, "boxes2": torch.tensor([[0.0, 0, 1, 1]])})
err("detection", "bad_cols", "box_iou", {}, {"boxes1": torch.zeros(2, 3), "boxes2": torch.zeros(1, 4)})

def nms_case(nm, boxes, scores, thr):
    keep = torchvision.ops.nms(D(boxes), D(scores), thr)
    add("detection", nm, "nms", {"iou_threshold": thr}, {"boxes": boxes, "scores": scores}, {"keep": T(keep, integer=True)})
b = rboxes(12, hi=30, wmax=15); s = torch.randperm(12, generator=g).float() / 12 + 0.01
nms_case("random12_t0.3", b, s, 0.3)
nms_case("random12_t0.7", b, s, 0.7)
nms_case("random12_t0", b, s, 0.0)
nms_case("exact_half_kept", torch.tensor([[0.0, 0, 2, 1], [0, 0, 1, 1], [5, 5, 6, 6]]), torch.tensor([0.9, 0.8, 0.95]), 0.5)
nms_case("duplicates_t1", torch.tensor([[0.0, 0, 4, 4], [0, 0, 4, 4], [1, 1, 5, 5]]), torch.tensor([0.3, 0.6, 0.5]), 1.0)
nms_case("touching_t0", torch.tensor([[0.0, 0, 1, 1], [1.0, 0, 2, 1], [0.5, 0, 1.5, 1]]), torch.tensor([0.9, 0.8, 0.7]), 0.0)
nms_case("chain_suppression", torch.tensor([[0.0, 0, 10, 10], [3, 0, 13, 10], [6, 0, 16, 10]]), torch.tensor([0.9, 0.8, 0.7]), 0.4)
nms_case("negative_scores", torch.tensor([[0.0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]]), torch.tensor([-0.5, -0.1, -2.0]), 0.5)
add("detection", "empty", "nms", {"iou_threshold": 0.5}, {"boxes": {"shape": [0, 4], "data": []}, "scores": {"shape": [0], "data": []}}, {"keep": {"shape": [0], "data": []}})
err("detection", "nan_coord", "nms", {"iou_threshold": 0.5}, {"boxes": {"shape": [2, 4], "data": [0, 0, 1, 1, 0, "NaN", 1, 1]}, "scores": torch.tensor([0.5, 0.4])})
err("detection", "inverted", "nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [2, 0, 1, 1]]), "scores": torch.tensor([0.5, 0.4])})
err("detection", "inverted_y", "nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [0, 2, 1, 1]]), "scores": torch.tensor([0.5, 0.4])})
err("detection", "scores_len", "nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1]]), "scores": torch.tensor([0.5, 0.4])})
err("detection", "missing_threshold", "nms", {}, {"boxes": torch.tensor([[0.0, 0, 1, 1]]), "scores": torch.tensor([0.5])})

def bnms_case(nm, boxes, scores, idxs, thr):
    keep = torchvision.ops.batched_nms(D(boxes), D(scores), idxs, thr)
    add("detection", nm, "batched_nms", {"iou_threshold": thr}, {"boxes": boxes, "scores": scores, "idxs": T(idxs, integer=True)}, {"keep": T(keep, integer=True)})
b = rboxes(15, hi=25, wmax=15); s = torch.randperm(15, generator=g).float() / 15 + 0.02
idx = torch.randint(0, 3, (15,), generator=g)
bnms_case("random15_3classes", b, s, idx, 0.4)
bnms_case("same_box_diff_class", torch.tensor([[0.0, 0, 5, 5], [0, 0, 5, 5], [0, 0, 5, 5], [1, 1, 5, 5]]), torch.tensor([0.9, 0.8, 0.7, 0.95]), torch.tensor([0, 1, 0, 1]), 0.5)
bnms_case("noncontig_class_ids", torch.tensor([[0.0, 0, 5, 5], [1, 0, 6, 5], [100, 100, 105, 105], [0, 0, 5, 5]]), torch.tensor([0.5, 0.6, 0.7, 0.4]), torch.tensor([7, 7, 2, 42]), 0.3)
err("detection", "idxs_len", "batched_nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [0, 0, 2, 2]]), "scores": torch.tensor([0.5, 0.4]), "idxs": T(torch.tensor([0]))})
err("detection", "inverted", "batched_nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [0, 3, 2, 2]]), "scores": torch.tensor([0.5, 0.4]), "idxs": T(torch.tensor([0, 1]))})

# ------------------------------------------------------------------ losses
for (nm, x) in [("pm1e4", torch.tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4]])),
                ("huge_1e38", torch.tensor([[1e38, -1e38], [-1e38, -1e38], [3e38, 3e38]])),
                ("random_b4_c7", rnd(4, 7, scale=5.0)), ("c1", torch.tensor([[3.0], [-2.0]]))]:
    add("losses", nm, "logsumexp", {}, {"x": x}, {"y": torch.logsumexp(D(x), 1)})

for (nm, N, C, ls, scale) in [("ls0.1_b6_c5", 6, 5, 0.1, 1.0), ("default_b3_c4", 3, 4, None, 2.0), ("logits_1e4_ls0.2", 4, 3, 0.2, 1e4),
                              ("ls1.0", 3, 6, 1.0, 1.0), ("c2_ls0.05_big90", 5, 2, 0.05, 90.0)]:
    x = rnd(N, C, scale=scale); t = torch.randint(0, C, (N,), generator=g)
    l = F.cross_entropy(D(x), t, label_smoothing=ls or 0.0)
    add("losses", nm, "cross_entropy", {} if ls is None else {"label_smoothing": ls}, {"logits": x, "targets": T(t, integer=True)}, {"loss": l})
err("losses", "target_too_big", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 3]))})
err("losses", "target_negative", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([-1, 0]))})
err("losses", "targets_len", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1, 2]))})

def focal_ref(x, t, gamma, alpha):
    lp = F.log_softmax(D(x), -1).gather(1, t[:, None])[:, 0]
    p = lp.exp()
    a = alpha[t] if torch.is_tensor(alpha) else alpha
    return (-a * (1 - p) ** gamma * lp).mean()
for (nm, N, C, params, alpha_t, scale) in [("defaults", 5, 4, {}, None, 1.5), ("gamma0_alpha_scalar", 4, 3, {"gamma": 0.0, "alpha": 0.25}, None, 1.0),
                                           ("alpha_tensor_gamma1.5", 6, 4, {"gamma": 1.5}, uni(4, lo=0.1, hi=0.9), 2.0),
                                           ("logits_1e4", 4, 3, {"gamma": 2.0}, None, 1e4), ("gamma3_alpha_tensor", 3, 5, {"gamma": 3.0}, uni(5), 3.0)]:
    x = rnd(N, C, scale=scale); t = torch.randint(0, C, (N,), generator=g)
    inp = {"logits": x, "targets": T(t, integer=True)}
    if alpha_t is not None: inp["alpha"] = alpha_t
    l = focal_ref(x, t, params.get("gamma", 2.0), D(alpha_t) if alpha_t is not None else params.get("alpha", 1.0))
    add("losses", nm, "focal_loss", params, inp, {"loss": l}, rtol=2e-4)
err("losses", "both_alpha", "focal_loss", {"alpha": 0.5}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1])), "alpha": uni(3)})
err("losses", "target_oob", "focal_loss", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 5]))})
err("losses", "alpha_len", "focal_loss", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1])), "alpha": uni(4)})

def infonce_ref(zi, zj, tau):
    z = F.normalize(torch.cat([D(zi), D(zj)]), dim=1)
    N = zi.shape[0]
    sim = z @ z.T / tau
    sim = sim.masked_fill(torch.eye(2 * N, dtype=torch.bool), -1e9)
    lab = torch.cat([torch.arange(N) + N, torch.arange(N)])
    return F.cross_entropy(sim, lab)
for (nm, N, Dm, tau) in [("default_tau_n4_d6", 4, 6, None), ("tau0.5_n3", 3, 5, 0.5), ("n1", 1, 4, 0.2), ("tau0.01_n5", 5, 3, 0.01)]:
    zi, zj = rnd(N, Dm, scale=3.0), rnd(N, Dm)
    add("losses", nm, "info_nce", {} if tau is None else {"temperature": tau}, {"z_i": zi, "z_j": zj}, {"loss": infonce_ref(zi, zj, tau or 0.07)}, rtol=3e-4)
err("losses", "shape_mismatch", "info_nce", {}, {"z_i": rnd(2, 3), "z_j": rnd(3, 3)})

# ------------------------------------------------------------------ lora / conditioning
for (nm, xs, din, dout, r, alpha) in [("x3d_r2", (2, 3, 5), 5, 4, 2, 8.0), ("x1d_r1", (6,), 6, 3, 1, 1.0), ("r4_alpha_half", (4, 7), 7, 9, 4, 0.5)]:
    x = rnd(*xs); W = rnd(dout, din, scale=0.3); b = rnd(dout, scale=0.1); A = rnd(r, din, scale=0.3); Bm = rnd(dout, r, scale=0.3)
    s = alpha / r
    y = D(x) @ D(W).T + D(b) + s * (D(x) @ D(A).T) @ D(Bm).T
    add("lora", nm, "lora_linear", {"alpha": alpha}, {"x": x, "base.weight": W, "base.bias": b, "lora_A.weight": A, "lora_B.weight": Bm},
        {"y": y, "merged_weight": D(W) + s * D(Bm) @ D(A)})
err("lora", "r_mismatch", "lora_linear", {"alpha": 1.0}, {"x": rnd(2, 4), "base.weight": rnd(3, 4), "base.bias": rnd(3), "lora_A.weight": rnd(2, 4), "lora_B.weight": rnd(3, 3)})
err("lora", "in_mismatch", "lora_linear", {"alpha": 1.0}, {"x": rnd(2, 5), "base.weight": rnd(3, 4), "base.bias": rnd(3), "lora_A.weight": rnd(2, 4), "lora_B.weight": rnd(3, 2)})

def flow_ref(x, t, W):
    Dm = x.shape[1]; half = Dm // 2
    f = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float64) / half)
    e = torch.cat([torch.sin(D(t)[:, None] * f), torch.cos(D(t)[:, None] * f)], 1)
    h = F.linear(F.silu(F.linear(e, D(W['time_mlp.0.weight']), D(W['time_mlp.0.bias']))), D(W['time_mlp.2.weight']), D(W['time_mlp.2.bias']))
    gb = F.linear(h, D(W['ada_norm.weight']), D(W['ada_norm.bias']))
    gam, bet = gb[:, :Dm], gb[:, Dm:]
    return F.linear(D(x) * (1 + gam) + bet, D(W['out_layer.weight']), D(W['out_layer.bias']))
for (nm, B, Dm, t) in [("b3_d6", 3, 6, [0.0, 0.5, 1.0]), ("d4_big_t", 2, 4, [10.0, 999.0]), ("d8", 1, 8, [0.3])]:
    W = {}; W.update(lin("time_mlp.0", Dm, Dm)); W.update(lin("time_mlp.2", Dm, Dm)); W.update(lin("ada_norm", 2 * Dm, Dm)); W.update(lin("out_layer", Dm, Dm))
    x = rnd(B, Dm); tt = torch.tensor(t)
    add("lora", nm, "flow_cond_layer", {}, dict(x=x, t=tt, **W), {"y": flow_ref(x, tt, W)}, atol=3e-4)

# ------------------------------------------------------------------ complexity
def I(v): return {"shape": [], "data": [int(v)]}
for (n, d, h) in [(7, 12, 3), (4096, 1024, 16), (1, 1, 1), (100000, 2048, 8)]:
    P, S, Wsum, O = 3 * 2 * n * d * d, 2 * n * n * d, 2 * n * n * d, 2 * n * d * d
    add("complexity", f"n{n}_d{d}_h{h}", "mhsa_flops", {"n": n, "d": d, "heads": h}, {}, {"projections": I(P), "scores": I(S), "weighted_sum": I(Wsum), "output_projection": I(O), "total": I(P + S + Wsum + O)}, atol=0, rtol=0)
err("complexity", "heads_not_divide", "mhsa_flops", {"n": 4, "d": 10, "heads": 3}, {})
err("complexity", "zero_heads", "mhsa_flops", {"n": 4, "d": 10, "heads": 0}, {})
err("complexity", "negative_n", "mhsa_flops", {"n": -4, "d": 8, "heads": 2}, {})
for (di, do, r, N, L) in [(4096, 4096, 8, 16, 512), (768, 3072, 4, 3, 7), (1, 1, 1, 1, 1), (8192, 28672, 64, 64, 4096)]:
    add("complexity", f"din{di}_dout{do}_r{r}_N{N}_L{L}", "lora_costs", {"d_in": di, "d_out": do, "r": r, "N": N, "L": L}, {},
        {"params_full": I(di * do), "params_lora": I(r * (di + do)), "flops_full": I(2 * N * L * di * do),
         "flops_lora": I(2 * N * L * di * do + 2 * N * L * r * (di + do)), "flops_merge_first": I(2 * do * r * di + 2 * N * L * di * do)}, atol=0, rtol=0)
err("complexity", "negative_r", "lora_costs", {"d_in": 4, "d_out": 4, "r": -1, "N": 1, "L": 1}, {})
def cross(C, K):
    N = 1
    while not (8 * N * C * C + 4 * N * N * C > 2 * N * K * K * C * C): N += 1
    return N
for (params) in [{"N": 1024, "C": 64, "K": 3}, {"N": 5, "C": 3, "K": 3}, {"N": 4096, "C": 128, "K": 7, "T": 8, "Kt": 3},
                 {"N": 100, "C": 16, "K": 5, "T": 4}, {"N": 10, "C": 8, "K": 1}, {"N": 1, "C": 5, "K": 4, "T": 2, "Kt": 1}]:
    N, C, K = params["N"], params["C"], params["K"]; Tt = params.get("T", 1); Kt = params.get("Kt", K)
    exp = {"conv2d": I(2 * N * K * K * C * C), "attention": I(8 * N * C * C + 4 * N * N * C), "crossover_N": I(cross(C, K)),
           "conv3d": I(2 * N * Tt * Kt * K * K * C * C), "attention_st": I(8 * N * Tt * C * C + 4 * (N * Tt) ** 2 * C),
           "attention_factorized": I(16 * N * Tt * C * C + 4 * N * N * Tt * C + 4 * Tt * Tt * N * C)}
    add("complexity", "_".join(f"{k}{v}" for k, v in params.items()), "cnn_vit_flops", params, {}, exp, atol=0, rtol=0)
err("complexity", "negative_C", "cnn_vit_flops", {"N": 10, "C": -3, "K": 3}, {})

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r2.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r3.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r4.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r5.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r6.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r7.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r8.py')).read())
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r9.py')).read())
import random as _r; R10 = _r.Random(10)
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_audit_r10.py')).read())

for fam, cases in FAM.items():
    dst = os.path.join(OUT, 'ambiguous') if fam == 'generalize' else OUT
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(dst, fam + ".json"), "w") as fh:
        json.dump(cases, fh, indent=1)
    print(fam, len(cases), sum(1 for c in cases if c.get("expect_error")))
