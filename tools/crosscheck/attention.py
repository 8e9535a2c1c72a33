"""Attention cases from the contract rows of OPS.md: sdpa, mhsa, window_attention,
factorized_attention, camera_cross_attention, lora_mhsa.
"""
import math

import torch
import torch.nn as nn

from common import D, add, err, g, lin, rnd


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


def mhsa_ref(x, W, heads, causal):
    B, N, Dm = x.shape
    m = nn.MultiheadAttention(Dm, heads, batch_first=True).double().eval()
    m.in_proj_weight.data = D(torch.cat([W['q_proj.weight'], W['k_proj.weight'], W['v_proj.weight']]))
    m.in_proj_bias.data = D(torch.cat([W['q_proj.bias'], W['k_proj.bias'], W['v_proj.bias']]))
    m.out_proj.weight.data = D(W['out_proj.weight']); m.out_proj.bias.data = D(W['out_proj.bias'])
    mask = torch.ones(N, N).triu(1).bool() if causal else None
    y, a = m(D(x), D(x), D(x), attn_mask=mask, need_weights=True, average_attn_weights=False)
    return y, a


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


def cases():
    # sdpa
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

    # mhsa
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
    for (nm, B, Tt, C, H, Wd, heads) in [("b2_t3_h2x3", 2, 3, 6, 2, 3, 2), ("t1", 1, 1, 4, 3, 2, 4), ("nonsquare_h1", 2, 4, 5, 1, 3, 1)]:
        W = fact_w(C); x = rnd(B, Tt, C, H, Wd)
        add("attention", nm, "factorized_attention", {"num_heads": heads}, dict(x=x, **W), {"y": fact_ref(x, W, heads)})
    W = fact_w(6)
    err("attention", "heads_not_divide", "factorized_attention", {"num_heads": 4}, dict(x=rnd(1, 2, 6, 2, 2), **W))
    err("attention", "zero_heads", "factorized_attention", {"num_heads": 0}, dict(x=rnd(1, 2, 6, 2, 2), **W))
    # camera cross attention
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
    for (nm, B, S, Dm, heads, r, alpha) in [("b2_h2_r3_alpha6", 2, 5, 8, 2, 3, 6.0), ("h4_r1_alpha_half", 1, 3, 8, 4, 1, 0.5), ("r_gt_D", 2, 4, 6, 3, 8, 16.0)]:
        W = lora_mhsa_w(Dm, r); x = rnd(B, S, Dm)
        add("attention", nm, "lora_mhsa", {"num_heads": heads, "alpha": alpha}, dict(x=x, **W), {"y": lora_mhsa_ref(x, W, heads, alpha)})
    W = lora_mhsa_w(8, 2); W["lora_v_A"] = rnd(8, 3); W["lora_v_B"] = rnd(3, 8)
    err("attention", "r_mismatch", "lora_mhsa", {"num_heads": 2, "alpha": 4.0}, dict(x=rnd(1, 3, 8), **W))
    W = lora_mhsa_w(8, 2)
    err("attention", "heads_not_divide", "lora_mhsa", {"num_heads": 3, "alpha": 4.0}, dict(x=rnd(1, 3, 8), **W))
    W2 = dict(W); W2["lora_q_B"] = rnd(3, 8)
    err("attention", "AB_inner_mismatch", "lora_mhsa", {"num_heads": 2, "alpha": 4.0}, dict(x=rnd(1, 3, 8), **W2))
