# op: alpha_composite
import numpy as np


def alpha_composite(colors, opacities):
    t = np.cumprod(1 - opacities, axis=1)  # forgot to shift by one
    return (colors * opacities * t).sum(1), t
