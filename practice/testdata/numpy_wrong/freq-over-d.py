# op: timestep_embedding
import math

import numpy as np


def timestep_embedding(timesteps, embedding_dim, layout="interleaved"):
    half = embedding_dim // 2
    i = np.arange(half)
    if layout == "concat":
        freqs = np.exp(-math.log(10000) * i / (embedding_dim - 1))
    else:
        freqs = 10000.0 ** (-i / embedding_dim)  # over D, not D/2
    angles = timesteps[:, None].astype(np.float64) * freqs[None]
    if layout == "concat":
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)
    return np.stack([np.sin(angles), np.cos(angles)], axis=-1).reshape(len(timesteps), -1)
