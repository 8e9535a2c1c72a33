import math

import numpy as np


def noise_schedule(num_steps, kind="linear", beta_start=0.0001, beta_end=0.02):
    if kind == "linear":
        betas = np.linspace(beta_start, beta_end, num_steps)
    elif kind == "scaled_linear":
        betas = np.linspace(math.sqrt(beta_start), math.sqrt(beta_end), num_steps) ** 2
    else:
        s = 0.008
        t = np.arange(num_steps + 1, dtype=np.float64) / num_steps
        f = np.cos((t + s) / (1 + s) * math.pi / 2) ** 2
        abar = f / f[0]
        betas = np.minimum(1 - abar[1:] / abar[:-1], 0.999)
    alphas = 1 - betas
    return betas, alphas, np.cumprod(alphas)
