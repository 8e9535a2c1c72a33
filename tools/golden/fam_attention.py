"""Attention ops (problems 000, 003, 004, 017, 025, 027) computed with torch.

Each reference is written the way the problem's module is written (explicit
projections, view/transpose head split, masked_fill before softmax), and
mhsa / factorized_attention are cross-checked against nn.MultiheadAttention.
"""
import math

import torch
import torch.nn as nn

from common import case, err_case, rand, state

NEG = float("-inf")


# ---------------------------------------------------------------- sdpa

def sdpa_ref(q, k, v, mask=None, causal=False):
    """softmax(q k^T / sqrt(dk)) v with OPS.md's masks; all-masked rows -> 0."""
    S, S2, dk = q.shape[-2], k.shape[-2], q.shape[-1]
    scores = q @ k.transpose(-2, -1) / math.sqrt(dk)
    keep = torch.ones(S, S2, dtype=torch.bool)
    if mask is not None:
        keep = keep & mask.bool()
    if causal:
        keep = keep & torch.ones(S, S2, dtype=torch.bool).tril()
    scores = scores.masked_fill(~keep, NEG)
    attn = torch.nan_to_num(scores.softmax(dim=-1), nan=0.0)
    return attn @ v, attn


def sdpa_cases():
    out = []
    specs = [
        # name, B, H, S, S2, dk, dv, mask kind, causal
        ("single_head", 1, 1, 4, 4, 8, 8, None, False),
        ("batch_heads", 2, 3, 5, 5, 4, 4, None, False),
        ("cross_nonsquare", 2, 2, 3, 7, 5, 6, None, False),
        ("odd_dims", 3, 1, 5, 3, 3, 1, None, False),
        ("causal_square", 2, 2, 6, 6, 4, 3, None, True),
        ("causal_s_lt_s2", 1, 2, 3, 5, 4, 4, None, True),
        ("causal_s_gt_s2", 1, 1, 5, 3, 2, 2, None, True),
        ("mask_random", 2, 2, 4, 6, 4, 5, "random", False),
        ("mask_full_rows", 1, 2, 5, 4, 3, 3, "rows", False),
        ("mask_and_causal", 2, 1, 5, 5, 4, 4, "random", True),
        ("mask_causal_empty_row", 1, 2, 4, 4, 2, 3, "col0", True),
        ("mask_all_zero", 1, 1, 2, 3, 2, 2, "zero", False),
        ("mask_causal_nonsquare", 2, 2, 4, 6, 3, 5, "rows", True),
        ("mask_causal_s_gt_s2", 1, 3, 6, 4, 4, 2, "random", True),
    ]
    for i, (name, B, H, S, S2, dk, dv, mk, causal) in enumerate(specs):
        q = rand(B, H, S, dk, seed=100 + i)
        k = rand(B, H, S2, dk, seed=200 + i)
        v = rand(B, H, S2, dv, seed=300 + i)
        mask = None
        if mk == "random":
            g = torch.Generator().manual_seed(400 + i)
            mask = (torch.rand(S, S2, generator=g) > 0.4).float()
        elif mk == "rows":  # rows 1 and 3 see nothing
            mask = (torch.rand(S, S2, generator=torch.Generator().manual_seed(7)) > 0.3).float()
            mask[1] = 0
            mask[3] = 0
        elif mk == "col0":  # with causal, query 0 only had key 0: fully masked
            mask = torch.ones(S, S2)
            mask[:, 0] = 0
        elif mk == "zero":
            mask = torch.zeros(S, S2)
        o, a = sdpa_ref(q, k, v, mask, causal)
        inputs = {"query": q, "key": k, "value": v}
        if mask is not None:
            inputs["mask"] = mask
        params = {"causal": True} if causal else {}
        out.append(case(f"sdpa/{name}", "sdpa", inputs, {"output": o, "attention": a}, params=params))
    # large logits: the softmax must subtract the max
    q, k, v = rand(1, 1, 3, 4, seed=1, scale=30), rand(1, 1, 4, 4, seed=2, scale=30), rand(1, 1, 4, 2, seed=3)
    o, a = sdpa_ref(q, k, v)
    out.append(case("sdpa/large_logits", "sdpa", {"query": q, "key": k, "value": v},
                    {"output": o, "attention": a}, atol=1e-4, rtol=1e-3))
    q, k, v = rand(1, 2, 3, 4), rand(1, 2, 5, 4), rand(1, 2, 5, 2)
    good = {"query": q, "key": k, "value": v}
    out += [
        err_case("sdpa/dk_mismatch", "sdpa", {**good, "key": rand(1, 2, 5, 3)}, contains="key"),
        err_case("sdpa/s2_mismatch", "sdpa", {**good, "value": rand(1, 2, 4, 2)}, contains="value"),
        err_case("sdpa/batch_mismatch", "sdpa", {**good, "key": rand(2, 2, 5, 4)}),
        err_case("sdpa/heads_mismatch", "sdpa", {**good, "value": rand(1, 1, 5, 2)}),
        err_case("sdpa/query_3d", "sdpa", {**good, "query": rand(2, 3, 4)}, contains="query"),
        err_case("sdpa/mask_wrong_shape", "sdpa", {**good, "mask": torch.ones(5, 3)}, contains="mask"),
        err_case("sdpa/mask_4d", "sdpa", {**good, "mask": torch.ones(1, 1, 3, 5)}, contains="mask"),
        err_case("sdpa/mask_not_boolean", "sdpa", {**good, "mask": torch.full((3, 5), 0.5)}, contains="mask"),
        err_case("sdpa/dk_zero", "sdpa", {"query": torch.zeros(1, 1, 2, 0), "key": torch.zeros(1, 1, 2, 0),
                                          "value": rand(1, 1, 2, 2)}, contains="dk"),
        err_case("sdpa/nan_query", "sdpa", {**good, "query": torch.full((1, 2, 3, 4), float("nan"))}),
        err_case("sdpa/data_length", "sdpa", {**good, "value": {"shape": [1, 2, 5, 2], "data": [1.0] * 7}}),
        err_case("sdpa/missing_value", "sdpa", {"query": q, "key": k}),
        err_case("sdpa/causal_not_bool", "sdpa", good, {"causal": "yes"}),
        err_case("sdpa/unknown_param", "sdpa", good, {"scale": 0.5}),
    ]
    return out


# ---------------------------------------------------------------- mhsa

class MHSA(nn.Module):
    """Problem 003's module (eval mode), with 004's causal mask."""

    def __init__(self, d, heads):
        super().__init__()
        self.h, self.hd = heads, d // heads
        self.q_proj = nn.Linear(d, d)
        self.k_proj = nn.Linear(d, d)
        self.v_proj = nn.Linear(d, d)
        self.out_proj = nn.Linear(d, d)

    def forward(self, x, causal=False):
        B, N, D = x.shape
        split = lambda t: t.view(B, N, self.h, self.hd).transpose(1, 2)
        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.hd)
        if causal:
            future = ~torch.ones(N, N, dtype=torch.bool).tril()
            scores = scores.masked_fill(future, NEG)  # before the softmax
        attn = scores.softmax(dim=-1)
        y = (attn @ v).transpose(1, 2).reshape(B, N, D)
        return self.out_proj(y), attn


def check_against_mha(m, x, causal):
    """The same weights in nn.MultiheadAttention must give the same y and weights."""
    B, N, D = x.shape
    mha = nn.MultiheadAttention(D, m.h, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([m.q_proj.weight, m.k_proj.weight, m.v_proj.weight]))
        mha.in_proj_bias.copy_(torch.cat([m.q_proj.bias, m.k_proj.bias, m.v_proj.bias]))
        mha.out_proj.weight.copy_(m.out_proj.weight)
        mha.out_proj.bias.copy_(m.out_proj.bias)
    mha.eval()
    mask = ~torch.ones(N, N, dtype=torch.bool).tril() if causal else None
    y2, a2 = mha(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
    y1, a1 = m(x, causal)
    assert torch.allclose(y1, y2, atol=1e-5), (y1 - y2).abs().max()
    assert torch.allclose(a1, a2, atol=1e-6), (a1 - a2).abs().max()


def mhsa_cases():
    out = []
    for i, (name, B, N, D, heads, causal) in enumerate([
        ("one_head", 1, 4, 8, 1, False),
        ("batch_heads", 2, 5, 12, 3, False),
        ("odd_tokens", 3, 7, 6, 2, False),
        ("head_dim_1", 1, 3, 4, 4, False),
        ("causal", 2, 6, 8, 2, True),
        ("causal_odd", 1, 5, 9, 3, True),
        ("single_token", 2, 1, 4, 2, True),
    ]):
        torch.manual_seed(10 + i)
        m = MHSA(D, heads).eval()
        x = rand(B, N, D, seed=20 + i)
        with torch.no_grad():
            check_against_mha(m, x, causal)
            y, a = m(x, causal)
        params = {"num_heads": heads}
        if causal:
            params["causal"] = True
        out.append(case(f"mhsa/{name}", "mhsa", {"x": x, **state(m)}, {"y": y, "attention": a}, params=params))
    torch.manual_seed(5)
    m = MHSA(8, 2)
    x = rand(2, 3, 8)
    good = {"x": x, **state(m)}
    bad_w = dict(good)
    bad_w["k_proj.weight"] = rand(8, 6)
    bad_b = dict(good)
    bad_b["out_proj.bias"] = rand(6)
    no_bias = {k: v for k, v in good.items() if k != "v_proj.bias"}
    out += [
        err_case("mhsa/heads_not_dividing", "mhsa", good, {"num_heads": 3}, contains="num_heads"),
        err_case("mhsa/zero_heads", "mhsa", good, {"num_heads": 0}, contains="num_heads"),
        err_case("mhsa/negative_heads", "mhsa", good, {"num_heads": -2}),
        err_case("mhsa/missing_heads", "mhsa", good, {}),
        err_case("mhsa/wrong_weight_shape", "mhsa", bad_w, {"num_heads": 2}, contains="k_proj"),
        err_case("mhsa/wrong_bias_shape", "mhsa", bad_b, {"num_heads": 2}, contains="out_proj"),
        err_case("mhsa/missing_bias", "mhsa", no_bias, {"num_heads": 2}),
        err_case("mhsa/x_2d", "mhsa", {**good, "x": rand(3, 8)}, {"num_heads": 2}),
        err_case("mhsa/x_width", "mhsa", {**good, "x": rand(2, 3, 6)}, {"num_heads": 2}),
        err_case("mhsa/data_length", "mhsa", {**good, "x": {"shape": [2, 3, 8], "data": [0.5] * 40}},
                 {"num_heads": 2}),
        err_case("mhsa/inf_x", "mhsa", {**good, "x": torch.full((2, 3, 8), float("inf"))}, {"num_heads": 2}),
    ]
    return out


# ---------------------------------------------------------------- window_attention

class WindowAttention3D(nn.Module):
    """Problem 000's module: attention inside non-overlapping wT x wH x wW tubes."""

    def __init__(self, dim, window_size, num_heads):
        super().__init__()
        self.ws, self.h, self.hd = window_size, num_heads, dim // num_heads
        self.scale = self.hd ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, C, T, H, W = x.shape
        wT, wH, wW = self.ws
        x = x.view(B, C, T // wT, wT, H // wH, wH, W // wW, wW)
        x = x.permute(0, 2, 4, 6, 3, 5, 7, 1).reshape(-1, wT * wH * wW, C)
        Bn, N, _ = x.shape
        qkv = self.qkv(x).reshape(Bn, N, 3, self.h, self.hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        x = self.proj((attn @ v).transpose(1, 2).reshape(Bn, N, C))
        # un-partition: the tube axes interleave back with the grid axes
        x = x.view(B, T // wT, H // wH, W // wW, wT, wH, wW, C)
        return x.permute(0, 7, 1, 4, 2, 5, 3, 6).reshape(B, C, T, H, W)


def check_window_by_loop(m, x, y):
    """Tube by tube with nn.MultiheadAttention: the module's permutes are right."""
    B, C, T, H, W = x.shape
    wT, wH, wW = m.ws
    mha = nn.MultiheadAttention(C, m.h, batch_first=True).eval()
    with torch.no_grad():
        mha.in_proj_weight.copy_(m.qkv.weight)
        mha.in_proj_bias.copy_(m.qkv.bias)
        mha.out_proj.weight.copy_(m.proj.weight)
        mha.out_proj.bias.copy_(m.proj.bias)
    for b in range(B):
        for t in range(0, T, wT):
            for h in range(0, H, wH):
                for w in range(0, W, wW):
                    tube = x[b, :, t:t + wT, h:h + wH, w:w + wW]
                    tok = tube.reshape(C, -1).T[None]
                    o, _ = mha(tok, tok, tok, need_weights=False)
                    want = o[0].T.reshape(C, wT, wH, wW)
                    got = y[b, :, t:t + wT, h:h + wH, w:w + wW]
                    assert torch.allclose(got, want, atol=1e-5), (got - want).abs().max()


def window_cases():
    out = []
    for i, (name, B, C, T, H, W, ws, heads) in enumerate([
        ("one_tube", 1, 4, 2, 2, 2, (2, 2, 2), 1),
        ("grid_2x2x2", 1, 6, 4, 4, 4, (2, 2, 2), 2),
        ("batch_nonsquare", 2, 8, 2, 6, 4, (1, 3, 2), 4),
        ("odd_sizes", 1, 6, 3, 5, 3, (3, 5, 1), 3),
        ("window_1x1x1", 2, 4, 2, 3, 2, (1, 1, 1), 2),
        ("uneven_window", 1, 12, 4, 2, 6, (2, 1, 3), 3),
    ]):
        torch.manual_seed(30 + i)
        m = WindowAttention3D(C, ws, heads).eval()
        x = rand(B, C, T, H, W, seed=40 + i)
        y = m(x)
        check_window_by_loop(m, x, y)
        out.append(case(f"window_attention/{name}", "window_attention", {"x": x, **state(m)}, {"y": y},
                        params={"num_heads": heads, "window_size": list(ws)}))
    torch.manual_seed(3)
    m = WindowAttention3D(4, (2, 2, 2), 2)
    x = rand(1, 4, 2, 4, 4)
    good = {"x": x, **state(m)}
    p = {"num_heads": 2, "window_size": [2, 2, 2]}
    out += [
        err_case("window_attention/T_not_multiple", "window_attention", {**good, "x": rand(1, 4, 3, 4, 4)}, p,
                 contains="T=3 is not a multiple of wT=2"),
        err_case("window_attention/H_not_multiple", "window_attention", {**good, "x": rand(1, 4, 2, 5, 4)}, p,
                 contains="H=5"),
        err_case("window_attention/W_not_multiple", "window_attention", good,
                 {"num_heads": 2, "window_size": [2, 2, 3]}, contains="W=4"),
        err_case("window_attention/heads_not_dividing", "window_attention", good,
                 {"num_heads": 3, "window_size": [2, 2, 2]}, contains="num_heads"),
        err_case("window_attention/zero_heads", "window_attention", good,
                 {"num_heads": 0, "window_size": [2, 2, 2]}, contains="num_heads"),
        err_case("window_attention/zero_window", "window_attention", good,
                 {"num_heads": 2, "window_size": [0, 2, 2]}, contains="window"),
        err_case("window_attention/negative_window", "window_attention", good,
                 {"num_heads": 2, "window_size": [2, -2, 2]}, contains="window"),
        err_case("window_attention/window_two_values", "window_attention", good,
                 {"num_heads": 2, "window_size": [2, 2]}, contains="window_size"),
        err_case("window_attention/qkv_wrong_shape", "window_attention", {**good, "qkv.weight": rand(8, 4)}, p,
                 contains="qkv"),
        err_case("window_attention/proj_bias_wrong", "window_attention", {**good, "proj.bias": rand(5)}, p,
                 contains="proj.bias"),
        err_case("window_attention/x_4d", "window_attention", {**good, "x": rand(4, 2, 4, 4)}, p),
        err_case("window_attention/missing_window", "window_attention", good, {"num_heads": 2}),
        err_case("window_attention/data_length", "window_attention",
                 {**good, "x": {"shape": [1, 4, 2, 4, 4], "data": [0.0] * 100}}, p),
    ]
    return out


# ---------------------------------------------------------------- factorized_attention

class FactorizedAttention(nn.Module):
    """Problem 027: spatial attention per frame, then temporal per pixel."""

    def __init__(self, C, heads):
        super().__init__()
        self.spatial = nn.MultiheadAttention(C, heads, batch_first=True)
        self.temporal = nn.MultiheadAttention(C, heads, batch_first=True)

    def forward(self, x):
        B, T, C, H, W = x.shape
        s = x.permute(0, 1, 3, 4, 2).reshape(B * T, H * W, C)
        s, _ = self.spatial(s, s, s)  # returns a tuple
        s = s.reshape(B, T, H * W, C).permute(0, 2, 1, 3).reshape(B * H * W, T, C)
        s, _ = self.temporal(s, s, s)
        return s.reshape(B, H, W, T, C).permute(0, 3, 4, 1, 2)


def factorized_cases():
    out = []
    for i, (name, B, T, C, H, W, heads) in enumerate([
        ("small", 1, 2, 4, 2, 2, 1),
        ("batch_heads", 2, 3, 6, 2, 3, 2),
        ("odd_sizes", 1, 5, 9, 3, 1, 3),
        ("one_frame", 2, 1, 8, 3, 3, 4),
    ]):
        torch.manual_seed(50 + i)
        m = FactorizedAttention(C, heads).eval()
        x = rand(B, T, C, H, W, seed=60 + i)
        out.append(case(f"factorized_attention/{name}", "factorized_attention", {"x": x, **state(m)},
                        {"y": m(x)}, params={"num_heads": heads}))
    torch.manual_seed(4)
    m = FactorizedAttention(4, 2)
    x = rand(1, 2, 4, 2, 2)
    good = {"x": x, **state(m)}
    p = {"num_heads": 2}
    out += [
        err_case("factorized_attention/heads_not_dividing", "factorized_attention", good, {"num_heads": 3},
                 contains="num_heads"),
        err_case("factorized_attention/zero_heads", "factorized_attention", good, {"num_heads": 0}),
        err_case("factorized_attention/in_proj_not_3C", "factorized_attention",
                 {**good, "spatial.in_proj_weight": rand(8, 4)}, p, contains="in_proj"),
        err_case("factorized_attention/in_proj_wrong_width", "factorized_attention",
                 {**good, "temporal.in_proj_weight": rand(18, 6)}, p, contains="temporal"),
        err_case("factorized_attention/out_proj_wrong", "factorized_attention",
                 {**good, "temporal.out_proj.weight": rand(4, 3)}, p, contains="out_proj"),
        err_case("factorized_attention/in_bias_wrong", "factorized_attention",
                 {**good, "spatial.in_proj_bias": rand(4)}, p, contains="in_proj_bias"),
        err_case("factorized_attention/x_channels", "factorized_attention", {**good, "x": rand(1, 2, 6, 2, 2)},
                 {"num_heads": 2}),
        err_case("factorized_attention/x_4d", "factorized_attention", {**good, "x": rand(2, 4, 2, 2)}, p),
        err_case("factorized_attention/missing_input", "factorized_attention",
                 {k: v for k, v in good.items() if k != "temporal.out_proj.bias"}, p),
    ]
    return out


# ---------------------------------------------------------------- camera_cross_attention

class CameraCrossAttention(nn.Module):
    """Problem 025: video tokens (queries) attend to camera embeddings."""

    def __init__(self, C, Dc, heads):
        super().__init__()
        self.h, self.hd = heads, C // heads
        self.to_q = nn.Linear(C, C, bias=False)
        self.to_k = nn.Linear(Dc, C, bias=False)
        self.to_v = nn.Linear(Dc, C, bias=False)
        self.proj = nn.Linear(C, C)

    def forward(self, x, cam, mode="per_frame"):
        B, T, C, H, W = x.shape
        tok = x.permute(0, 1, 3, 4, 2)  # B,T,H,W,C
        if mode == "per_frame":
            q_in, kv = tok.reshape(B * T, H * W, C), cam.reshape(B * T, 1, -1)
        else:
            q_in, kv = tok.reshape(B, T * H * W, C), cam
        split = lambda t: t.view(t.shape[0], t.shape[1], self.h, self.hd).transpose(1, 2)
        q, k, v = split(self.to_q(q_in)), split(self.to_k(kv)), split(self.to_v(kv))
        attn = (q @ k.transpose(-2, -1) / math.sqrt(self.hd)).softmax(dim=-1)
        o = (attn @ v).transpose(1, 2).reshape(q_in.shape[0], q_in.shape[1], C)
        o = self.proj(o).reshape(B, T, H, W, C).permute(0, 1, 4, 2, 3)
        return o, attn


def camera_cases():
    out = []
    for i, (name, B, T, C, H, W, Dc, heads) in enumerate([
        ("small", 1, 2, 4, 2, 2, 3, 1),
        ("batch_heads", 2, 3, 6, 2, 3, 5, 2),
        ("odd_sizes", 1, 3, 9, 1, 5, 7, 3),
        ("wide_camera", 2, 2, 4, 3, 2, 12, 4),
    ]):
        torch.manual_seed(70 + i)
        m = CameraCrossAttention(C, Dc, heads).eval()
        x, cam = rand(B, T, C, H, W, seed=80 + i), rand(B, T, Dc, seed=90 + i)
        for mode in ["per_frame", "all_frames"]:
            y, a = m(x, cam, mode)
            if mode == "per_frame":
                assert bool((a == 1).all())
            out.append(case(f"camera_cross_attention/{mode}_{name}", "camera_cross_attention",
                            {"x": x, "cam": cam, **state(m)}, {"y": y, "attention": a},
                            params={"num_heads": heads, "mode": mode}))
    torch.manual_seed(6)
    m = CameraCrossAttention(4, 3, 2).eval()
    x, cam = rand(1, 2, 4, 2, 2, seed=1), rand(1, 2, 3, seed=2)
    y, _ = m(x, cam)
    out.append(case("camera_cross_attention/default_mode", "camera_cross_attention",
                    {"x": x, "cam": cam, **state(m)}, {"y": y}, params={"num_heads": 2}))
    good = {"x": x, "cam": cam, **state(m)}
    p = {"num_heads": 2}
    out += [
        err_case("camera_cross_attention/unknown_mode", "camera_cross_attention", good,
                 {"num_heads": 2, "mode": "per_pixel"}, contains="mode"),
        err_case("camera_cross_attention/mode_not_string", "camera_cross_attention", good,
                 {"num_heads": 2, "mode": 1}),
        err_case("camera_cross_attention/heads_not_dividing", "camera_cross_attention", good,
                 {"num_heads": 3}, contains="num_heads"),
        err_case("camera_cross_attention/zero_heads", "camera_cross_attention", good, {"num_heads": 0}),
        err_case("camera_cross_attention/cam_frames", "camera_cross_attention", {**good, "cam": rand(1, 3, 3)}, p,
                 contains="cam"),
        err_case("camera_cross_attention/cam_batch", "camera_cross_attention", {**good, "cam": rand(2, 2, 3)}, p,
                 contains="cam"),
        err_case("camera_cross_attention/to_k_wrong_in", "camera_cross_attention",
                 {**good, "to_k.weight": rand(4, 5)}, p, contains="to_k"),
        err_case("camera_cross_attention/to_v_wrong_out", "camera_cross_attention",
                 {**good, "to_v.weight": rand(3, 3)}, p, contains="to_v"),
        err_case("camera_cross_attention/to_q_wrong", "camera_cross_attention",
                 {**good, "to_q.weight": rand(4, 3)}, p, contains="to_q"),
        err_case("camera_cross_attention/proj_bias", "camera_cross_attention",
                 {**good, "proj.bias": rand(3)}, p, contains="proj"),
        err_case("camera_cross_attention/x_4d", "camera_cross_attention", {**good, "x": rand(2, 4, 2, 2)}, p),
        err_case("camera_cross_attention/nan_cam", "camera_cross_attention",
                 {**good, "cam": torch.full((1, 2, 3), float("nan"))}, p),
    ]
    return out


# ---------------------------------------------------------------- lora_mhsa

class LoRAMHSA(nn.Module):
    """Problem 017: frozen q/k/v, LoRA on q and v, no output projection."""

    def __init__(self, D, heads, r, alpha, zero_b=True):
        super().__init__()
        self.h, self.hd, self.scale = heads, D // heads, alpha / r
        self.q_proj = nn.Linear(D, D, bias=False)
        self.k_proj = nn.Linear(D, D, bias=False)
        self.v_proj = nn.Linear(D, D, bias=False)
        for p in self.parameters():
            p.requires_grad_(False)
        init_b = torch.zeros if zero_b else torch.randn  # standard init: B = 0
        self.lora_q_A = nn.Parameter(torch.randn(D, r) * 0.5)
        self.lora_q_B = nn.Parameter(init_b(r, D))
        self.lora_v_A = nn.Parameter(torch.randn(D, r) * 0.5)
        self.lora_v_B = nn.Parameter(init_b(r, D))

    def forward(self, x):
        B, S, D = x.shape
        q = self.q_proj(x) + (x @ self.lora_q_A @ self.lora_q_B) * self.scale
        k = self.k_proj(x)
        v = self.v_proj(x) + (x @ self.lora_v_A @ self.lora_v_B) * self.scale
        split = lambda t: t.view(B, S, self.h, self.hd).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        attn = (q @ k.transpose(-2, -1) / math.sqrt(self.hd)).softmax(dim=-1)
        return (attn @ v).transpose(1, 2).reshape(B, S, D), attn


def lora_cases():
    out = []
    for i, (name, B, S, D, heads, r, alpha, zero_b) in enumerate([
        ("standard_init_is_base", 1, 4, 8, 2, 2, 16.0, True),
        ("trained", 2, 5, 8, 2, 4, 8.0, False),
        ("rank_1_odd", 3, 3, 6, 3, 1, 1.0, False),
        ("alpha_not_r", 1, 7, 12, 4, 3, 5.0, False),
        ("one_head", 2, 2, 4, 1, 2, 0.5, False),
    ]):
        torch.manual_seed(100 + i)
        m = LoRAMHSA(D, heads, r, alpha, zero_b).eval()
        x = rand(B, S, D, seed=110 + i)
        y, a = m(x)
        out.append(case(f"lora_mhsa/{name}", "lora_mhsa", {"x": x, **state(m)}, {"y": y, "attention": a},
                        params={"num_heads": heads, "alpha": alpha}, atol=2e-4, rtol=2e-4))
    torch.manual_seed(7)
    m = LoRAMHSA(8, 2, 2, 4.0, False)
    x = rand(2, 3, 8)
    good = {"x": x, **state(m)}
    p = {"num_heads": 2, "alpha": 4.0}
    out += [
        err_case("lora_mhsa/rank_mismatch_A", "lora_mhsa", {**good, "lora_v_A": rand(8, 3)}, p, contains="r"),
        err_case("lora_mhsa/rank_mismatch_B", "lora_mhsa", {**good, "lora_q_B": rand(3, 8)}, p, contains="lora_q_B"),
        err_case("lora_mhsa/B_wrong_width", "lora_mhsa", {**good, "lora_v_B": rand(2, 6)}, p, contains="lora_v_B"),
        err_case("lora_mhsa/A_wrong_rows", "lora_mhsa", {**good, "lora_q_A": rand(6, 2)}, p, contains="lora_q_A"),
        err_case("lora_mhsa/rank_zero", "lora_mhsa",
                 {**good, "lora_q_A": torch.zeros(8, 0), "lora_q_B": torch.zeros(0, 8),
                  "lora_v_A": torch.zeros(8, 0), "lora_v_B": torch.zeros(0, 8)}, p, contains="r"),
        err_case("lora_mhsa/heads_not_dividing", "lora_mhsa", good, {"num_heads": 3, "alpha": 4.0},
                 contains="num_heads"),
        err_case("lora_mhsa/zero_heads", "lora_mhsa", good, {"num_heads": 0, "alpha": 4.0}),
        err_case("lora_mhsa/missing_alpha", "lora_mhsa", good, {"num_heads": 2}),
        err_case("lora_mhsa/base_wrong_shape", "lora_mhsa", {**good, "k_proj.weight": rand(8, 4)}, p,
                 contains="k_proj"),
        err_case("lora_mhsa/x_2d", "lora_mhsa", {**good, "x": rand(3, 8)}, p),
        err_case("lora_mhsa/bias_given", "lora_mhsa", {**good, "q_proj.bias": rand(8)}, p),
        err_case("lora_mhsa/data_length", "lora_mhsa",
                 {**good, "lora_q_A": {"shape": [8, 2], "data": [0.1] * 15}}, p),
    ]
    return out


def cases():
    with torch.no_grad():
        return (sdpa_cases() + mhsa_cases() + window_cases() + factorized_cases()
                + camera_cases() + lora_cases())
