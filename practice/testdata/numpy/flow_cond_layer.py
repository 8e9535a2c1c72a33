import math

import numpy as np


def flow_cond_layer(x, t, time_mlp_0_weight, time_mlp_0_bias, time_mlp_2_weight, time_mlp_2_bias,
                    ada_norm_weight, ada_norm_bias, out_layer_weight, out_layer_bias):
    d = x.shape[1]
    half = d // 2
    freqs = np.exp(-math.log(10000) * np.arange(half) / half).astype(np.float32)
    angles = (t[:, None] * freqs[None]).astype(np.float64)
    emb = np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)
    h = emb @ time_mlp_0_weight.T + time_mlp_0_bias
    h = h / (1 + np.exp(-h))  # SiLU
    h = h @ time_mlp_2_weight.T + time_mlp_2_bias
    gb = h @ ada_norm_weight.T + ada_norm_bias
    gamma, beta = gb[:, :d], gb[:, d:]
    return (x * (1 + gamma) + beta) @ out_layer_weight.T + out_layer_bias
