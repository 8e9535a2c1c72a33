# op: causal_downsample3d
import numpy as np


def causal_downsample3d(x, conv_weight, conv_bias):
    b, ci, t, h, w = x.shape
    co, _, kt, kh, kw = conv_weight.shape
    # k//2 on both sides of H and W, like nn.Conv3d(padding=(0, kh//2, kw//2))
    xp = np.pad(x, ((0, 0), (0, 0), (kt - 1, 0), (kh // 2, kh // 2), (kw // 2, kw // 2)))
    ho, wo = (xp.shape[3] - kh) // 2 + 1, (xp.shape[4] - kw) // 2 + 1
    y = np.zeros((b, co, t, ho, wo))
    for a in range(kt):
        for i in range(kh):
            for j in range(kw):
                xs = xp[:, :, a:a + t, i:i + 2 * (ho - 1) + 1:2, j:j + 2 * (wo - 1) + 1:2]
                y += np.einsum("bcthw,oc->bothw", xs, conv_weight[:, :, a, i, j])
    return y + conv_bias[None, :, None, None, None]
