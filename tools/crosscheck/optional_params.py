"""Where optional and required meet: ddpm_step at t = 0 with no noise input (generalize, as
OPS.md lists noise as an input), alpha_bar_prev given while sigma is beta (ignored),
focal_loss alpha given both as a param equal to its default and as an input (an error),
and window_size as integral floats.
"""
import math

import torch

from attention import window_ref
from common import D, T, add, err, lin, rnd, uni


def cases():
    xt, eps = rnd(2, 3), rnd(2, 3)
    a, ab, b = 0.99, 0.01, 0.01
    add("generalize", "ddpm_t0_without_noise_input", "ddpm_step", {"alpha_t": a, "alpha_bar_t": ab, "beta_t": b, "t": 0}, {"x_t": xt, "predicted_noise": eps},
        {"x_prev": (D(xt) - (1 - a) / math.sqrt(1 - ab) * D(eps)) / math.sqrt(a)})
    z = rnd(2, 3)
    add("diffusion", "r9_beta_sigma_with_prev_given", "ddpm_step", {"alpha_t": a, "alpha_bar_t": ab, "beta_t": b, "t": 4, "alpha_bar_prev": 0.02}, {"x_t": xt, "predicted_noise": eps, "noise": z},
        {"x_prev": (D(xt) - (1 - a) / math.sqrt(1 - ab) * D(eps)) / math.sqrt(a) + math.sqrt(b) * D(z)})
    err("losses", "r9_focal_both_alpha_param_1", "focal_loss", {"alpha": 1.0}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1])), "alpha": uni(3)})
    W = {}; W.update(lin("qkv", 12, 4)); W.update(lin("proj", 4, 4)); xw = rnd(1, 4, 2, 2, 2)
    add("attention", "r9_window_size_floats", "window_attention", {"num_heads": 2, "window_size": [1.0, 2.0, 2.0]}, dict(x=xw, **W), {"y": window_ref(xw, W, 2, [1, 2, 2])})
