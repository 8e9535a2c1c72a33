"""Analytic complexity ops (problems 019, 023, 026), computed in Python ints."""
from common import case, err_case


def mhsa(n, d, heads):
    proj, scores, ws, out = 3 * 2 * n * d * d, 2 * n * n * d, 2 * n * n * d, 2 * n * d * d
    return {"projections": proj, "scores": scores, "weighted_sum": ws, "output_projection": out,
            "total": proj + scores + ws + out}


def lora(d_in, d_out, r, N, L):
    full = 2 * N * L * d_in * d_out
    return {"params_full": d_in * d_out, "params_lora": r * (d_in + d_out), "flops_full": full,
            "flops_lora": full + 2 * N * L * r * (d_in + d_out),
            "flops_merge_first": 2 * d_out * r * d_in + full}


def cnn_vit(N, C, K, T=1, Kt=None):
    Kt = K if Kt is None else Kt
    conv = lambda n: 2 * n * K * K * C * C
    att = lambda n: 8 * n * C * C + 4 * n * n * C
    cross = 1
    while not att(cross) > conv(cross):  # direct search, independent of N
        cross += 1
    NT = N * T
    return {"conv2d": conv(N), "attention": att(N), "crossover_N": cross,
            "conv3d": 2 * NT * Kt * K * K * C * C, "attention_st": 8 * NT * C * C + 4 * NT * NT * C,
            "attention_factorized": 16 * NT * C * C + 4 * N * N * T * C + 4 * T * T * N * C}


def cases():
    out = []
    for name, n, d, h in [("vit_b16", 197, 768, 12), ("n_equals_d", 512, 512, 8), ("one_head", 10, 6, 1),
                          ("long_seq", 4096, 1024, 16), ("zero_tokens", 0, 64, 4)]:
        out.append(case(f"mhsa_flops/{name}", "mhsa_flops", {}, mhsa(n, d, h), params={"n": n, "d": d, "heads": h}))
    out += [
        err_case("mhsa_flops/heads_not_dividing", "mhsa_flops", {}, {"n": 10, "d": 64, "heads": 5}, contains="divide"),
        err_case("mhsa_flops/zero_heads", "mhsa_flops", {}, {"n": 10, "d": 64, "heads": 0}, contains="heads"),
        err_case("mhsa_flops/negative_n", "mhsa_flops", {}, {"n": -1, "d": 64, "heads": 4}, contains="n"),
        err_case("mhsa_flops/negative_d", "mhsa_flops", {}, {"n": 3, "d": -64, "heads": 4}),
        err_case("mhsa_flops/missing_heads", "mhsa_flops", {}, {"n": 3, "d": 64}),
        err_case("mhsa_flops/fractional_n", "mhsa_flops", {}, {"n": 3.5, "d": 64, "heads": 4}),
        err_case("mhsa_flops/overflow", "mhsa_flops", {}, {"n": 2 ** 40, "d": 2 ** 40, "heads": 1}),
    ]
    for name, p in [("vit_qv", (768, 768, 8, 32, 197)), ("llama_proj", (4096, 11008, 16, 4, 512)),
                    ("rank1_odd", (5, 9, 1, 3, 1)), ("rank_equals_dim", (16, 16, 16, 1, 4)),
                    ("no_tokens", (64, 32, 4, 0, 10))]:
        keys = ["d_in", "d_out", "r", "N", "L"]
        out.append(case(f"lora_costs/{name}", "lora_costs", {}, lora(*p), params=dict(zip(keys, p))))
    base = {"d_in": 64, "d_out": 32, "r": 4, "N": 2, "L": 7}
    for k in base:
        out.append(err_case(f"lora_costs/negative_{k}", "lora_costs", {}, {**base, k: -1}, contains=k))
    out += [err_case("lora_costs/missing_L", "lora_costs", {}, {k: v for k, v in base.items() if k != "L"}),
            err_case("lora_costs/unknown_param", "lora_costs", {}, {**base, "alpha": 16})]
    for name, p in [("resnet_stage", {"N": 56 * 56, "C": 64, "K": 3}), ("vit_tokens", {"N": 196, "C": 768, "K": 3}),
                    ("k1_always_attention", {"N": 10, "C": 8, "K": 1}),
                    ("even_kernel", {"N": 100, "C": 16, "K": 4}),
                    ("video", {"N": 196, "C": 96, "K": 3, "T": 8, "Kt": 3}),
                    ("video_default_kt", {"N": 64, "C": 32, "K": 5, "T": 4}),
                    ("video_kt1", {"N": 49, "C": 128, "K": 7, "T": 16, "Kt": 1}),
                    ("zero_pixels", {"N": 0, "C": 8, "K": 3})]:
        out.append(case(f"cnn_vit_flops/{name}", "cnn_vit_flops", {}, cnn_vit(**p), params=p))
    base = {"N": 16, "C": 8, "K": 3, "T": 2, "Kt": 2}
    for k in base:
        out.append(err_case(f"cnn_vit_flops/negative_{k}", "cnn_vit_flops", {}, {**base, k: -2}, contains=k))
    out += [err_case("cnn_vit_flops/zero_channels", "cnn_vit_flops", {}, {**base, "C": 0}, contains="C"),
            err_case("cnn_vit_flops/missing_K", "cnn_vit_flops", {}, {"N": 16, "C": 8}),
            err_case("cnn_vit_flops/string_N", "cnn_vit_flops", {}, {**base, "N": "many"})]
    return out
