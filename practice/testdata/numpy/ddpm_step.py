import math

import numpy as np


def ddpm_step(x_t, predicted_noise, alpha_t, alpha_bar_t, beta_t, t, noise=None, sigma="beta", alpha_bar_prev=None):
    x = (x_t.astype(np.float64) - (1 - alpha_t) / math.sqrt(1 - alpha_bar_t) * predicted_noise) / math.sqrt(alpha_t)
    if t > 0:
        if sigma == "posterior":
            s = math.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t) * beta_t)
        else:
            s = math.sqrt(beta_t)
        x = x + s * noise
    return x
