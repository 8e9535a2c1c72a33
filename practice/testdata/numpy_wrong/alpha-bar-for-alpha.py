# op: ddpm_step
import numpy as np


def ddpm_step(x_t, predicted_noise, alpha_t, alpha_bar_t, beta_t, t, noise=None, sigma="beta", alpha_bar_prev=None):
    a = alpha_bar_t  # should be alpha_t
    x = (x_t - (1 - a) / np.sqrt(1 - alpha_bar_t) * predicted_noise) / np.sqrt(a)
    if t > 0:
        if sigma == "posterior":
            x = x + np.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t) * beta_t) * noise
        else:
            x = x + np.sqrt(beta_t) * noise
    return x
