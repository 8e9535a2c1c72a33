"""Matrix sizes around GEMM block boundaries (one past a power of two: 33, 65, 129, 257, 513;
exactly 64 and 128; a single row or a single column) in lora_linear, conv2d and mhsa,
where an off-by-one in blocking would show.
"""
import math

import torch.nn.functional as F

from attention import mhsa_ref
from common import D, add, lin, rnd


def cases():
    for (M, din, dout, r) in [(65, 257, 129, 33), (1, 513, 7, 1), (128, 64, 64, 64), (3, 1, 300, 2)]:
        x = rnd(M, din, scale=0.5); W = rnd(dout, din, scale=1 / math.sqrt(din)); b = rnd(dout); A = rnd(r, din, scale=1 / math.sqrt(din)); Bm = rnd(dout, r, scale=0.3)
        s = 2.0 / r
        add("lora", f"r5_gemm_{M}x{din}x{dout}_r{r}", "lora_linear", {"alpha": 2.0}, {"x": x, "base.weight": W, "base.bias": b, "lora_A.weight": A, "lora_B.weight": Bm},
            {"y": D(x) @ D(W).T + D(b) + s * (D(x) @ D(A).T) @ D(Bm).T, "merged_weight": D(W) + s * D(Bm) @ D(A)}, atol=2e-4, rtol=2e-4)
    for (B, C, H, Wd, O, k, params) in [(2, 33, 17, 19, 65, 3, {"padding": 1}), (1, 64, 9, 8, 129, 2, {"stride": 2, "groups": 1}), (3, 6, 31, 33, 6, 5, {"groups": 6, "dilation": 2, "padding": 4})]:
        x = rnd(B, C, H, Wd); w = rnd(O, C // params.get("groups", 1), k, k, scale=1 / math.sqrt(C * k * k)); bb = rnd(O)
        y = F.conv2d(D(x), D(w), D(bb), stride=params.get("stride", 1), padding=params.get("padding", 0), dilation=params.get("dilation", 1), groups=params.get("groups", 1))
        add("conv", f"r5_gemm_C{C}_O{O}_k{k}", "conv2d", params, {"x": x, "weight": w, "bias": bb}, {"y": y}, atol=2e-4, rtol=2e-4)
    Wm = {}
    for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: Wm.update(lin(p, 96, 96, scale=0.1))
    x = rnd(2, 130, 96); y, a_ = mhsa_ref(x, Wm, 3, False)
    add("attention", "r5_mhsa_n130_d96_h3", "mhsa", {"num_heads": 3}, dict(x=x, **Wm), {"y": y, "attention": a_}, atol=2e-4, rtol=2e-4)
