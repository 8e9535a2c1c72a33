"""Cases beyond the letter of OPS.md (family "generalize"): what a test writer may try where
the contract gives one shape or lists a parameter's default but not whether it may be
spelt out. The project may refuse them with a clear error, so they are written to
OUT/ambiguous/ and not committed.
"""
import torch
import torch.nn.functional as F

from attention import sdpa_ref, window_ref
from common import D, T, add, g, lin, rnd, uni
from conv import pe3_ref
from diffusion import sched_ref


def shapes():
    """Shapes other than the contract's one (3-d layernorm and logsumexp inputs, 2-d coords, 3-d
    sdpa, NCHW cross_entropy, a (B, 1, S, S2) mask), a per-axis stride for
    depthwise_separable_conv, and an int window_size."""
    x = rnd(2, 3, 5); w = uni(5); b = rnd(5)
    add("generalize", "layernorm_3d_input", "layernorm", {}, {"x": x, "weight": w, "bias": b}, {"y": F.layer_norm(D(x), (5,), D(w), D(b))})
    c = uni(4, 3)
    add("generalize", "pe3d_2d_coords", "positional_encoding_3d", {"num_bands": 2}, {"coords": c}, {"y": pe3_ref(c, 2)})
    x = rnd(2, 3, 4)
    add("generalize", "logsumexp_3d", "logsumexp", {}, {"x": x}, {"y": torch.logsumexp(D(x), -1)})
    q, k, v = rnd(2, 2, 3, 4), rnd(2, 2, 5, 4), rnd(2, 2, 5, 3)
    mask = (torch.rand(2, 1, 3, 5, generator=g) > 0.3); mask[..., 0] = True
    s_ = D(q) @ D(k).transpose(-1, -2) / 2.0
    a_ = torch.softmax(s_.masked_fill(~mask, float('-inf')), -1)
    add("generalize", "sdpa_mask_B1SS2", "sdpa", {}, {"query": q, "key": k, "value": v, "mask": mask}, {"output": a_ @ D(v), "attention": a_})
    q3, k3, v3 = rnd(2, 3, 4), rnd(2, 5, 4), rnd(2, 5, 3)
    o3, a3 = sdpa_ref(q3[:, None], k3[:, None], v3[:, None])
    add("generalize", "sdpa_3d_no_heads", "sdpa", {}, {"query": q3, "key": k3, "value": v3}, {"output": o3[:, 0], "attention": a3[:, 0]})
    x = rnd(2, 3, 4, 5); tt_ = torch.randint(0, 3, (2, 4, 5), generator=g)
    add("generalize", "cross_entropy_NCHW", "cross_entropy", {}, {"logits": x, "targets": T(tt_, integer=True)}, {"loss": F.cross_entropy(D(x), tt_)})
    x = rnd(1, 2, 4, 4)
    add("generalize", "dsc_stride_hw", "depthwise_separable_conv", {"stride": [1, 2]}, dict(x=x, **{"depth_conv.weight": (w1 := rnd(2, 1, 3, 3)), "depth_conv.bias": (b1 := rnd(2)), "pointwise_conv.weight": (w2 := rnd(3, 2, 1, 1)), "pointwise_conv.bias": (b2 := rnd(3))}),
        {"y": F.conv2d(F.conv2d(D(x), D(w1), D(b1), stride=(1, 2), padding=1, groups=2), D(w2), D(b2))})
    W = {}; W.update(lin("qkv", 12, 4)); W.update(lin("proj", 4, 4)); xw = rnd(1, 4, 2, 2, 2)
    add("generalize", "window_size_int", "window_attention", {"num_heads": 2, "window_size": 2}, dict(x=xw, **W), {"y": window_ref(xw, W, 2, [2, 2, 2])})


def explicit_defaults():
    """Parameters OPS.md names with their default, spelt out."""
    xg = rnd(1, 2, 3, 4); gg = uni(1, 2, 3, 2, lo=-1, hi=1)
    add("generalize", "grid_sample_explicit_mode_padding", "grid_sample", {"align_corners": True, "mode": "bilinear", "padding_mode": "zeros"}, {"input": xg, "grid": gg}, {"y": F.grid_sample(D(xg), D(gg), align_corners=True)})
    b_, a_, ab_ = sched_ref(20, "cosine")
    add("generalize", "cosine_with_beta_params", "noise_schedule", {"num_steps": 20, "kind": "cosine", "beta_start": 0.0001, "beta_end": 0.02}, {}, {"betas": b_, "alphas": a_, "alpha_bars": ab_})
