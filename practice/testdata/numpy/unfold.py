import numpy as np


def unfold(x, kernel_size, stride=(1, 1), padding=(0, 0), dilation=(1, 1)):
    b, c, h, w = x.shape
    kh, kw = kernel_size
    xp = np.pad(x, ((0, 0), (0, 0), (padding[0], padding[0]), (padding[1], padding[1])))
    ho = (xp.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    wo = (xp.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    cols = np.zeros((b, c, kh * kw, ho * wo), x.dtype)
    for i in range(kh):
        for j in range(kw):
            r0, c0 = i * dilation[0], j * dilation[1]
            xs = xp[:, :, r0:r0 + stride[0] * (ho - 1) + 1:stride[0], c0:c0 + stride[1] * (wo - 1) + 1:stride[1]]
            cols[:, :, i * kw + j] = xs.reshape(b, c, -1)
    return cols.reshape(b, c * kh * kw, ho * wo)
