import math

import numpy as np


def ddim_inversion_step(x_t, predicted_noise, alpha_bar_t, alpha_bar_next):
    eps = predicted_noise.astype(np.float64)
    x0 = (x_t - math.sqrt(1 - alpha_bar_t) * eps) / math.sqrt(alpha_bar_t)
    return math.sqrt(alpha_bar_next) * x0 + math.sqrt(1 - alpha_bar_next) * eps
