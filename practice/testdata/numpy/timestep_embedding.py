import math

import numpy as np


def timestep_embedding(timesteps, embedding_dim, layout="interleaved"):
    half = embedding_dim // 2
    i = np.arange(half, dtype=np.float64)
    if layout == "concat":
        freqs = np.exp(-math.log(10000) * i / (half - 1))
    else:
        freqs = 10000.0 ** (-2 * i / embedding_dim)
    # the angle is a float32 product, as in PyTorch
    angles = (timesteps[:, None].astype(np.float32) * freqs[None].astype(np.float32)).astype(np.float64)
    s, c = np.sin(angles), np.cos(angles)
    if layout == "concat":
        return np.concatenate([s, c], axis=-1)
    return np.stack([s, c], axis=-1).reshape(len(timesteps), embedding_dim)
