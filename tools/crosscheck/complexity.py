"""Cost-formula cases from the contract rows of OPS.md: mhsa_flops, lora_costs,
cnn_vit_flops. Exact integers (atol = rtol = 0).
"""
from common import I, add, err


def cross(C, K):
    N = 1
    while not (8 * N * C * C + 4 * N * N * C > 2 * N * K * K * C * C): N += 1
    return N


def cases():
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
    for (params) in [{"N": 1024, "C": 64, "K": 3}, {"N": 5, "C": 3, "K": 3}, {"N": 4096, "C": 128, "K": 7, "T": 8, "Kt": 3},
                     {"N": 100, "C": 16, "K": 5, "T": 4}, {"N": 10, "C": 8, "K": 1}, {"N": 1, "C": 5, "K": 4, "T": 2, "Kt": 1}]:
        N, C, K = params["N"], params["C"], params["K"]; Tt = params.get("T", 1); Kt = params.get("Kt", K)
        exp = {"conv2d": I(2 * N * K * K * C * C), "attention": I(8 * N * C * C + 4 * N * N * C), "crossover_N": I(cross(C, K)),
               "conv3d": I(2 * N * Tt * Kt * K * K * C * C), "attention_st": I(8 * N * Tt * C * C + 4 * (N * Tt) ** 2 * C),
               "attention_factorized": I(16 * N * Tt * C * C + 4 * N * N * Tt * C + 4 * Tt * Tt * N * C)}
        add("complexity", "_".join(f"{k}{v}" for k, v in params.items()), "cnn_vit_flops", params, {}, exp, atol=0, rtol=0)
    err("complexity", "negative_C", "cnn_vit_flops", {"N": 10, "C": -3, "K": 3}, {})
