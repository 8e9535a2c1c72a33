import numpy as np


def window_attention(x, qkv_weight, qkv_bias, proj_weight, proj_bias, num_heads, window_size):
    b, c, t, h, w = x.shape
    wt, wh, ww = window_size
    nt, nh, nw = t // wt, h // wh, w // ww
    n = wt * wh * ww
    tubes = x.reshape(b, c, nt, wt, nh, wh, nw, ww).transpose(0, 2, 4, 6, 3, 5, 7, 1).reshape(-1, n, c)
    dk = c // num_heads
    qkv = (tubes @ qkv_weight.T + qkv_bias).reshape(-1, n, 3, num_heads, dk).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(dk))
    attn = np.exp(scores - scores.max(-1, keepdims=True))
    attn /= attn.sum(-1, keepdims=True)
    out = (attn @ v).transpose(0, 2, 1, 3).reshape(-1, n, c) @ proj_weight.T + proj_bias
    out = out.reshape(b, nt, nh, nw, wt, wh, ww, c).transpose(0, 7, 1, 4, 2, 5, 3, 6)
    return out.reshape(b, c, t, h, w)
