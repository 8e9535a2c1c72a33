# op: ddim_step
import numpy as np


def ddim_step(x_t, predicted_noise, alpha_bar_t, alpha_bar_prev, noise=None, eta=0.0):
    alpha_bar_t, alpha_bar_prev = alpha_bar_prev, alpha_bar_t  # mixed up
    x0 = (x_t - np.sqrt(1 - alpha_bar_t) * predicted_noise) / np.sqrt(alpha_bar_t)
    s2 = 0.0
    if eta > 0:
        s2 = eta ** 2 * (1 - alpha_bar_prev) / (1 - alpha_bar_t) * (1 - alpha_bar_t / alpha_bar_prev)
    x_prev = np.sqrt(alpha_bar_prev) * x0 + np.sqrt(max(1 - alpha_bar_prev - s2, 0)) * predicted_noise
    if eta > 0:
        x_prev = x_prev + np.sqrt(s2) * noise
    return x_prev, x0
