import numpy as np


def depthwise_separable_conv(x, depth_conv_weight, depth_conv_bias, pointwise_conv_weight, pointwise_conv_bias,
                             stride=1):
    b, c, h, w = x.shape
    k = depth_conv_weight.shape[-1]
    p = k // 2
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))).astype(np.float64)
    ho = (h + 2 * p - k) // stride + 1
    wo = (w + 2 * p - k) // stride + 1
    d = np.zeros((b, c, ho, wo))
    for i in range(k):
        for j in range(k):
            xs = xp[:, :, i:i + stride * (ho - 1) + 1:stride, j:j + stride * (wo - 1) + 1:stride]
            d += xs * depth_conv_weight[None, :, 0, i, j, None, None]
    d += depth_conv_bias[None, :, None, None]
    y = np.einsum("bchw,oc->bohw", d, pointwise_conv_weight[:, :, 0, 0].astype(np.float64))
    return y + pointwise_conv_bias[None, :, None, None]
