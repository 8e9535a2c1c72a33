"""Diffusion cases from the contract rows of OPS.md: cfg, ddpm_step, ddim_step,
ddim_inversion_step, noise_schedule.
"""
import math

import torch

from common import D, add, err, rnd

# The DDPM linear schedule (1000 steps) the ddpm/ddim cases take their alphas from.
betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
alphas = 1 - betas; abar = torch.cumprod(alphas, 0)


def ddpm_ref(xt, eps, z, t, sigma):
    a, ab, b = alphas[t].item(), abar[t].item(), betas[t].item()
    mean = (D(xt) - (1 - a) / math.sqrt(1 - ab) * D(eps)) / math.sqrt(a)
    if t == 0: return mean
    if sigma == "beta": s = math.sqrt(b)
    else: s = math.sqrt((1 - abar[t - 1].item()) / (1 - ab) * b)
    return mean + s * D(z)


def ddim_ref(xt, eps, z, ab, abp, eta):
    xt, eps = D(xt), D(eps)
    x0 = (xt - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    sig = eta * math.sqrt((1 - abp) / (1 - ab)) * math.sqrt(1 - ab / abp)
    xp = math.sqrt(abp) * x0 + math.sqrt(1 - abp - sig ** 2) * eps
    if eta > 0: xp = xp + sig * D(z)
    return xp, x0


def sched_ref(n, kind, bs=1e-4, be=0.02):
    if kind == "linear": b = torch.linspace(bs, be, n, dtype=torch.float64)
    elif kind == "scaled_linear": b = torch.linspace(bs ** 0.5, be ** 0.5, n, dtype=torch.float64) ** 2
    else:
        s = 0.008
        f = lambda t: math.cos(((t / n) + s) / (1 + s) * math.pi / 2) ** 2
        b = torch.tensor([min(1 - f(t + 1) / f(t), 0.999) for t in range(n)], dtype=torch.float64)
    a = 1 - b
    return b, a, torch.cumprod(a, 0)


def cases():
    for (nm, shape, w) in [("w7.5_b2", (2, 3, 2, 2), 7.5), ("w0", (3, 4), 0.0), ("w1", (5,), 1.0), ("w_neg", (2, 2), -2.0)]:
        u, c = rnd(*shape), rnd(*shape)
        add("diffusion", nm, "cfg", {"guidance_scale": w}, {"eps_uncond": u, "eps_cond": c}, {"eps": D(u) + w * (D(c) - D(u))})
    err("diffusion", "shape_mismatch", "cfg", {"guidance_scale": 2.0}, {"eps_uncond": rnd(2, 3), "eps_cond": rnd(3, 2)})
    err("diffusion", "missing_scale", "cfg", {}, {"eps_uncond": rnd(2, 3), "eps_cond": rnd(2, 3)})

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
