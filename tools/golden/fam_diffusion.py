"""Diffusion ops (problems 008, 010-012, schedules): the formulas written in torch float32.

diffusers is not installed, so each update is the textbook formula (Ho et al.
2020, Song et al. 2021, Nichol & Dhariwal 2021) on float32 tensors; schedule
values enter as Python floats, as they do through the case params.
"""
import math

import torch

from common import case, err_case, rand


def linear_schedule(n, b0=1e-4, b1=0.02):
    betas = torch.linspace(b0, b1, n, dtype=torch.float32)
    alphas = 1.0 - betas
    return betas, alphas, torch.cumprod(alphas, 0)


def scaled_linear_schedule(n, b0, b1):
    betas = torch.linspace(b0 ** 0.5, b1 ** 0.5, n, dtype=torch.float32) ** 2
    alphas = 1.0 - betas
    return betas, alphas, torch.cumprod(alphas, 0)


def cosine_schedule(n, s=0.008):
    def abar(t):
        return math.cos((t / n + s) / (1 + s) * math.pi / 2) ** 2
    a0 = abar(0)
    betas = torch.tensor([min(1 - (abar(t + 1) / a0) / (abar(t) / a0), 0.999) for t in range(n)],
                         dtype=torch.float64).float()
    alphas = 1.0 - betas
    return betas, alphas, torch.cumprod(alphas, 0)


def ddpm(x, eps, z, alpha_t, alpha_bar_t, beta_t, t, sigma="beta", alpha_bar_prev=None):
    mean = (x - (1 - alpha_t) / math.sqrt(1 - alpha_bar_t) * eps) / math.sqrt(alpha_t)
    if t == 0:
        return mean
    if sigma == "beta":
        s = math.sqrt(beta_t)
    else:
        s = math.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t) * beta_t)
    return mean + s * z


def ddim(x, eps, z, abar_t, abar_prev, eta=0.0):
    x0 = (x - math.sqrt(1 - abar_t) * eps) / math.sqrt(abar_t)
    s2 = 0.0
    if eta > 0:
        s2 = eta ** 2 * (1 - abar_prev) / (1 - abar_t) * (1 - abar_t / abar_prev)
    xp = math.sqrt(abar_prev) * x0 + math.sqrt(1 - abar_prev - s2) * eps
    if eta > 0:
        xp = xp + math.sqrt(s2) * z
    return xp, x0


def cases():
    out = []
    # cfg (008)
    for name, shape, w in [("latent_w7.5", (2, 4, 8, 8), 7.5), ("vector_w0", (3, 5), 0.0),
                           ("w1_is_cond", (2, 3, 5), 1.0), ("negative_w", (7,), -0.5)]:
        u, c = rand(*shape, seed=1), rand(*shape, seed=2)
        out.append(case(f"cfg/{name}", "cfg", {"eps_uncond": u, "eps_cond": c},
                        {"eps": u + w * (c - u)}, params={"guidance_scale": w}))
    u = rand(2, 3, seed=1)
    out += [
        err_case("cfg/shape_mismatch", "cfg", {"eps_uncond": u, "eps_cond": rand(3, 2, seed=2)},
                 {"guidance_scale": 2.0}, contains="shape"),
        err_case("cfg/missing_scale", "cfg", {"eps_uncond": u, "eps_cond": u}, {}),
        err_case("cfg/bad_data_length", "cfg", {"eps_uncond": {"shape": [2, 3], "data": [1, 2, 3]},
                                                "eps_cond": u}, {"guidance_scale": 1.0}),
    ]

    # ddpm_step (010), schedule values from the linear 1000-step schedule.
    betas, alphas, abars = linear_schedule(1000)
    for name, shape, t, sigma in [("t500_beta", (2, 3, 5, 7), 500, "beta"),
                                  ("t500_posterior", (2, 3, 5, 7), 500, "posterior"),
                                  ("t999_beta", (4, 6), 999, "beta"),
                                  ("t1_posterior", (3, 4), 1, "posterior"),
                                  ("t0_no_noise", (2, 5), 0, "beta"),
                                  ("t0_posterior_no_prev", (2, 5), 0, "posterior")]:
        x, e, z = rand(*shape, seed=t + 1), rand(*shape, seed=t + 2), rand(*shape, seed=t + 3)
        p = {"alpha_t": alphas[t].item(), "alpha_bar_t": abars[t].item(), "beta_t": betas[t].item(),
             "t": t, "sigma": sigma}
        if t > 0 and sigma == "posterior":
            p["alpha_bar_prev"] = abars[t - 1].item()
        y = ddpm(x, e, z, p["alpha_t"], p["alpha_bar_t"], p["beta_t"], t, sigma, p.get("alpha_bar_prev"))
        out.append(case(f"ddpm_step/{name}", "ddpm_step", {"x_t": x, "predicted_noise": e, "noise": z},
                        {"x_prev": y}, params=p))
    x, e, z = rand(2, 3, seed=1), rand(2, 3, seed=2), rand(2, 3, seed=3)
    p = {"alpha_t": 0.99, "alpha_bar_t": 0.5, "beta_t": 0.01, "t": 10}
    out.append(case("ddpm_step/default_sigma_beta", "ddpm_step", {"x_t": x, "predicted_noise": e, "noise": z},
                    {"x_prev": ddpm(x, e, z, 0.99, 0.5, 0.01, 10)}, params=p))
    ins = {"x_t": x, "predicted_noise": e, "noise": z}
    out += [
        err_case("ddpm_step/noise_shape_mismatch", "ddpm_step",
                 {"x_t": x, "predicted_noise": e, "noise": rand(3, 2, seed=3)}, p, contains="noise"),
        err_case("ddpm_step/eps_shape_mismatch", "ddpm_step",
                 {"x_t": x, "predicted_noise": rand(2, 4, seed=3), "noise": z}, p, contains="predicted_noise"),
        err_case("ddpm_step/unknown_sigma", "ddpm_step", ins, {**p, "sigma": "learned"}, contains="sigma"),
        err_case("ddpm_step/posterior_missing_prev", "ddpm_step", ins, {**p, "sigma": "posterior"},
                 contains="alpha_bar_prev"),
        err_case("ddpm_step/alpha_bar_zero", "ddpm_step", ins, {**p, "alpha_bar_t": 0.0}, contains="alpha_bar_t"),
        err_case("ddpm_step/alpha_bar_above_one", "ddpm_step", ins, {**p, "alpha_bar_t": 1.5}, contains="alpha_bar_t"),
        err_case("ddpm_step/alpha_bar_one", "ddpm_step", ins, {**p, "alpha_bar_t": 1.0}, contains="alpha_bar_t"),
        err_case("ddpm_step/alpha_t_above_one", "ddpm_step", ins, {**p, "alpha_t": 1.2}, contains="alpha_t"),
        err_case("ddpm_step/negative_beta", "ddpm_step", ins, {**p, "beta_t": -0.1}, contains="beta_t"),
        err_case("ddpm_step/negative_t", "ddpm_step", ins, {**p, "t": -1}, contains="t"),
        err_case("ddpm_step/fractional_t", "ddpm_step", ins, {**p, "t": 2.5}),
        err_case("ddpm_step/posterior_prev_above_one", "ddpm_step", ins,
                 {**p, "sigma": "posterior", "alpha_bar_prev": 1.5}, contains="alpha_bar_prev"),
        err_case("ddpm_step/missing_beta", "ddpm_step", ins, {k: v for k, v in p.items() if k != "beta_t"}),
        err_case("ddpm_step/missing_noise_input", "ddpm_step", {"x_t": x, "predicted_noise": e}, p),
        err_case("ddpm_step/nan_input", "ddpm_step",
                 {"x_t": {"shape": [2], "data": [1.0, "NaN"]}, "predicted_noise": rand(2, seed=1),
                  "noise": rand(2, seed=2)}, p),
    ]

    # ddim_step (011 and eta > 0)
    for name, shape, at, ap, eta, with_noise in [
            ("eta0_t500_to_480", (2, 4, 6, 6), abars[500].item(), abars[480].item(), 0.0, False),
            ("eta0_big_jump", (3, 5), 0.05, 0.9, 0.0, False),
            ("eta0_final_to_one", (2, 7), abars[20].item(), 1.0, 0.0, False),
            ("eta0_noise_ignored", (4, 3), 0.3, 0.6, 0.0, True),
            ("eta0.5", (2, 3, 4), 0.3, 0.6, 0.5, True),
            ("eta1", (5, 2), abars[700].item(), abars[650].item(), 1.0, True),
            ("eta1_noisy_start", (3, 3), abars[999].item(), abars[950].item(), 1.0, True)]:
        x, e, z = rand(*shape, seed=11), rand(*shape, seed=12), rand(*shape, seed=13)
        ins = {"x_t": x, "predicted_noise": e}
        if with_noise:
            ins["noise"] = z
        xp, x0 = ddim(x, e, z, at, ap, eta)
        p = {"alpha_bar_t": at, "alpha_bar_prev": ap}
        if eta != 0.0 or name == "eta0_noise_ignored":
            p["eta"] = eta
        out.append(case(f"ddim_step/{name}", "ddim_step", ins, {"x_prev": xp, "x0_pred": x0}, params=p))
    x, e, z = rand(2, 3, seed=1), rand(2, 3, seed=2), rand(2, 3, seed=3)
    ins = {"x_t": x, "predicted_noise": e}
    p = {"alpha_bar_t": 0.3, "alpha_bar_prev": 0.6}
    out += [
        err_case("ddim_step/eta_without_noise", "ddim_step", ins, {**p, "eta": 0.5}, contains="noise"),
        err_case("ddim_step/negative_eta", "ddim_step", {**ins, "noise": z}, {**p, "eta": -0.5}, contains="eta"),
        err_case("ddim_step/eta_too_large", "ddim_step", {**ins, "noise": z}, {**p, "eta": 3.0}, contains="eta"),
        err_case("ddim_step/eta_toward_noise", "ddim_step", {**ins, "noise": z},
                 {"alpha_bar_t": 0.6, "alpha_bar_prev": 0.3, "eta": 1.0}),
        err_case("ddim_step/alpha_bar_t_zero", "ddim_step", ins, {**p, "alpha_bar_t": 0.0}, contains="alpha_bar_t"),
        err_case("ddim_step/alpha_bar_prev_above_one", "ddim_step", ins, {**p, "alpha_bar_prev": 1.01},
                 contains="alpha_bar_prev"),
        err_case("ddim_step/negative_alpha_bar_prev", "ddim_step", ins, {**p, "alpha_bar_prev": -0.2}),
        err_case("ddim_step/eps_shape_mismatch", "ddim_step", {"x_t": x, "predicted_noise": rand(6, seed=1)}, p,
                 contains="predicted_noise"),
        err_case("ddim_step/noise_shape_mismatch", "ddim_step", {**ins, "noise": rand(3, 2, seed=4)},
                 {**p, "eta": 1.0}, contains="noise"),
        err_case("ddim_step/missing_alpha_bar_prev", "ddim_step", ins, {"alpha_bar_t": 0.3}),
        err_case("ddim_step/unknown_param", "ddim_step", ins, {**p, "sigma": "beta"}),
    ]

    # ddim_inversion_step (012)
    for name, shape, at, an in [("t0_to_t20", (2, 4, 5, 5), 1.0, abars[20].item()),
                                ("t480_to_500", (3, 6), abars[480].item(), abars[500].item()),
                                ("big_jump", (7,), 0.9, 0.05)]:
        x, e = rand(*shape, seed=21), rand(*shape, seed=22)
        xn, _ = ddim(x, e, None, at, an)
        out.append(case(f"ddim_inversion_step/{name}", "ddim_inversion_step", {"x_t": x, "predicted_noise": e},
                        {"x_next": xn}, params={"alpha_bar_t": at, "alpha_bar_next": an}))
    ins = {"x_t": x, "predicted_noise": e}
    p = {"alpha_bar_t": 0.9, "alpha_bar_next": 0.5}
    out += [
        err_case("ddim_inversion_step/alpha_bar_next_zero", "ddim_inversion_step", ins,
                 {**p, "alpha_bar_next": 0.0}, contains="alpha_bar_next"),
        err_case("ddim_inversion_step/alpha_bar_t_above_one", "ddim_inversion_step", ins,
                 {**p, "alpha_bar_t": 2.0}, contains="alpha_bar_t"),
        err_case("ddim_inversion_step/shape_mismatch", "ddim_inversion_step",
                 {"x_t": x, "predicted_noise": rand(6, seed=1)}, p),
        err_case("ddim_inversion_step/missing_next", "ddim_inversion_step", ins, {"alpha_bar_t": 0.9}),
        err_case("ddim_inversion_step/eta_not_a_param", "ddim_inversion_step", ins, {**p, "eta": 0.0}),
    ]

    # noise_schedule
    for name, p, sched in [
            ("linear_default_1000", {"num_steps": 1000}, linear_schedule(1000)),
            ("linear_10_custom", {"num_steps": 10, "kind": "linear", "beta_start": 0.001, "beta_end": 0.2},
             linear_schedule(10, 0.001, 0.2)),
            ("linear_1", {"num_steps": 1, "kind": "linear"}, linear_schedule(1)),
            ("scaled_linear_sd", {"num_steps": 1000, "kind": "scaled_linear", "beta_start": 0.00085,
                                  "beta_end": 0.012}, scaled_linear_schedule(1000, 0.00085, 0.012)),
            ("scaled_linear_default_7", {"num_steps": 7, "kind": "scaled_linear"},
             scaled_linear_schedule(7, 1e-4, 0.02)),
            ("cosine_1000", {"num_steps": 1000, "kind": "cosine"}, cosine_schedule(1000)),
            ("cosine_50", {"num_steps": 50, "kind": "cosine"}, cosine_schedule(50)),
            ("cosine_1", {"num_steps": 1, "kind": "cosine"}, cosine_schedule(1))]:
        b, a, ab = sched
        out.append(case(f"noise_schedule/{name}", "noise_schedule", {},
                        {"betas": b, "alphas": a, "alpha_bars": ab}, params=p))
    out += [
        err_case("noise_schedule/zero_steps", "noise_schedule", {}, {"num_steps": 0}, contains="num_steps"),
        err_case("noise_schedule/negative_steps", "noise_schedule", {}, {"num_steps": -5}, contains="num_steps"),
        err_case("noise_schedule/absurd_steps", "noise_schedule", {}, {"num_steps": 1000000000}, contains="num_steps"),
        err_case("noise_schedule/fractional_steps", "noise_schedule", {}, {"num_steps": 10.5}),
        err_case("noise_schedule/unknown_kind", "noise_schedule", {}, {"num_steps": 10, "kind": "quadratic"},
                 contains="kind"),
        err_case("noise_schedule/beta_end_above_one", "noise_schedule", {},
                 {"num_steps": 10, "beta_end": 1.5}, contains="beta_end"),
        err_case("noise_schedule/negative_beta_start", "noise_schedule", {},
                 {"num_steps": 10, "kind": "scaled_linear", "beta_start": -0.1}, contains="beta_start"),
        err_case("noise_schedule/missing_steps", "noise_schedule", {}, {"kind": "cosine"}),
    ]
    return out
