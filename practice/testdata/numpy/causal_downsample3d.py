import numpy as np


def causal_downsample3d(x, conv_weight, conv_bias):
    b, ci, t, h, w = x.shape
    co, _, kt, kh, kw = conv_weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (kt - 1, 0), ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2))).astype(np.float64)
    ho, wo = (h + 1) // 2, (w + 1) // 2
    y = np.zeros((b, co, t, ho, wo))
    for a in range(kt):
        for i in range(kh):
            for j in range(kw):
                xs = xp[:, :, a:a + t, i:i + 2 * (ho - 1) + 1:2, j:j + 2 * (wo - 1) + 1:2]
                y += np.einsum("bcthw,oc->bothw", xs, conv_weight[:, :, a, i, j].astype(np.float64))
    return y + conv_bias[None, :, None, None, None]
