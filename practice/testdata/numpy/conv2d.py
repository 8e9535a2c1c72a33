import numpy as np


def conv2d(x, weight, bias=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    b, c, h, w = x.shape
    o, cg, kh, kw = weight.shape
    if padding == "same":
        th, tw = dilation[0] * (kh - 1), dilation[1] * (kw - 1)
        pads = ((th // 2, th - th // 2), (tw // 2, tw - tw // 2))
    else:
        pads = ((padding[0], padding[0]), (padding[1], padding[1]))
    xp = np.pad(x, ((0, 0), (0, 0)) + pads)
    hp, wp = xp.shape[2], xp.shape[3]
    ho = (hp - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    wo = (wp - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    y = np.zeros((b, o, ho, wo), np.float64)
    og = o // groups
    for i in range(kh):
        for j in range(kw):
            r0, c0 = i * dilation[0], j * dilation[1]
            xs = xp[:, :, r0:r0 + stride[0] * (ho - 1) + 1:stride[0], c0:c0 + stride[1] * (wo - 1) + 1:stride[1]]
            for g in range(groups):
                y[:, g * og:(g + 1) * og] += np.einsum("bchw,oc->bohw", xs[:, g * cg:(g + 1) * cg],
                                                       weight[g * og:(g + 1) * og, :, i, j].astype(np.float64))
    if bias is not None:
        y += bias[None, :, None, None]
    return y
