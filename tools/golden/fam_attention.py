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


def cases():
    with torch.no_grad():
        return sdpa_cases() + mhsa_cases()
