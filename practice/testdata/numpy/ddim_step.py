import math

import numpy as np


def ddim_step(x_t, predicted_noise, alpha_bar_t, alpha_bar_prev, noise=None, eta=0.0):
    eps = predicted_noise.astype(np.float64)
    x0 = (x_t - math.sqrt(1 - alpha_bar_t) * eps) / math.sqrt(alpha_bar_t)
    s2 = 0.0
    if eta > 0:
        s2 = eta ** 2 * (1 - alpha_bar_prev) / (1 - alpha_bar_t) * (1 - alpha_bar_t / alpha_bar_prev)
    x_prev = math.sqrt(alpha_bar_prev) * x0 + math.sqrt(max(1 - alpha_bar_prev - s2, 0.0)) * eps
    if eta > 0:
        x_prev = x_prev + math.sqrt(s2) * noise
    return x_prev, x0
