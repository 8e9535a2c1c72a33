import numpy as np


def mha(x, in_w, in_b, out_w, out_b, heads):
    n, s, c = x.shape
    dk = c // heads
    qkv = (x @ in_w.T + in_b).reshape(n, s, 3, heads, dk).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(dk))
    attn = np.exp(scores - scores.max(-1, keepdims=True))
    attn /= attn.sum(-1, keepdims=True)
    return (attn @ v).transpose(0, 2, 1, 3).reshape(n, s, c) @ out_w.T + out_b


def factorized_attention(x, spatial_in_proj_weight, spatial_in_proj_bias, spatial_out_proj_weight,
                         spatial_out_proj_bias, temporal_in_proj_weight, temporal_in_proj_bias,
                         temporal_out_proj_weight, temporal_out_proj_bias, num_heads):
    b, t, c, h, w = x.shape
    frames = x.transpose(0, 1, 3, 4, 2).reshape(b * t, h * w, c)
    s = mha(frames, spatial_in_proj_weight, spatial_in_proj_bias, spatial_out_proj_weight, spatial_out_proj_bias, num_heads)
    seqs = s.reshape(b, t, h * w, c).transpose(0, 2, 1, 3).reshape(b * h * w, t, c)
    u = mha(seqs, temporal_in_proj_weight, temporal_in_proj_bias, temporal_out_proj_weight, temporal_out_proj_bias, num_heads)
    return u.reshape(b, h * w, t, c).transpose(0, 2, 3, 1).reshape(b, t, c, h, w)
