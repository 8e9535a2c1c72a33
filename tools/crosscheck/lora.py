"""LoRA and conditioning cases from the contract rows of OPS.md: lora_linear,
flow_cond_layer.
"""
import math

import torch
import torch.nn.functional as F

from common import D, add, err, lin, rnd


def flow_ref(x, t, W):
    Dm = x.shape[1]; half = Dm // 2
    f = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float64) / half)
    e = torch.cat([torch.sin(D(t)[:, None] * f), torch.cos(D(t)[:, None] * f)], 1)
    h = F.linear(F.silu(F.linear(e, D(W['time_mlp.0.weight']), D(W['time_mlp.0.bias']))), D(W['time_mlp.2.weight']), D(W['time_mlp.2.bias']))
    gb = F.linear(h, D(W['ada_norm.weight']), D(W['ada_norm.bias']))
    gam, bet = gb[:, :Dm], gb[:, Dm:]
    return F.linear(D(x) * (1 + gam) + bet, D(W['out_layer.weight']), D(W['out_layer.bias']))


def cases():
    for (nm, xs, din, dout, r, alpha) in [("x3d_r2", (2, 3, 5), 5, 4, 2, 8.0), ("x1d_r1", (6,), 6, 3, 1, 1.0), ("r4_alpha_half", (4, 7), 7, 9, 4, 0.5)]:
        x = rnd(*xs); W = rnd(dout, din, scale=0.3); b = rnd(dout, scale=0.1); A = rnd(r, din, scale=0.3); Bm = rnd(dout, r, scale=0.3)
        s = alpha / r
        y = D(x) @ D(W).T + D(b) + s * (D(x) @ D(A).T) @ D(Bm).T
        add("lora", nm, "lora_linear", {"alpha": alpha}, {"x": x, "base.weight": W, "base.bias": b, "lora_A.weight": A, "lora_B.weight": Bm},
            {"y": y, "merged_weight": D(W) + s * D(Bm) @ D(A)})
    err("lora", "r_mismatch", "lora_linear", {"alpha": 1.0}, {"x": rnd(2, 4), "base.weight": rnd(3, 4), "base.bias": rnd(3), "lora_A.weight": rnd(2, 4), "lora_B.weight": rnd(3, 3)})
    err("lora", "in_mismatch", "lora_linear", {"alpha": 1.0}, {"x": rnd(2, 5), "base.weight": rnd(3, 4), "base.bias": rnd(3), "lora_A.weight": rnd(2, 4), "lora_B.weight": rnd(3, 2)})
    for (nm, B, Dm, t) in [("b3_d6", 3, 6, [0.0, 0.5, 1.0]), ("d4_big_t", 2, 4, [10.0, 999.0]), ("d8", 1, 8, [0.3])]:
        W = {}; W.update(lin("time_mlp.0", Dm, Dm)); W.update(lin("time_mlp.2", Dm, Dm)); W.update(lin("ada_norm", 2 * Dm, Dm)); W.update(lin("out_layer", Dm, Dm))
        x = rnd(B, Dm); tt = torch.tensor(t)
        add("lora", nm, "flow_cond_layer", {}, dict(x=x, t=tt, **W), {"y": flow_ref(x, tt, W)}, atol=3e-4)
