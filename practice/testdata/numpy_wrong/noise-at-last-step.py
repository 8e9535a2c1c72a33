# op: ddpm_step
import numpy as np


def ddpm_step(x_t, predicted_noise, alpha_t, alpha_bar_t, beta_t, t, noise=None, sigma="beta", alpha_bar_prev=None):
    x = (x_t - (1 - alpha_t) / np.sqrt(1 - alpha_bar_t) * predicted_noise) / np.sqrt(alpha_t)
    if t > 0 and sigma == "posterior":
        return x + np.sqrt((1 - alpha_bar_prev) / (1 - alpha_bar_t) * beta_t) * noise
    return x + np.sqrt(beta_t) * noise  # at t = 0 too
