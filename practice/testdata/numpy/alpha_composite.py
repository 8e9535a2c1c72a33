import numpy as np


def alpha_composite(colors, opacities):
    a = opacities[..., 0]                                        # [B,N]
    t = np.cumprod(np.concatenate([np.ones_like(a[:, :1]), 1 - a[:, :-1]], axis=1), axis=1)
    color = (colors * (a * t)[..., None]).sum(1)
    return color, t[..., None]
