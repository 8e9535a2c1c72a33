import math

import numpy as np


def positional_encoding_3d(coords, num_bands):
    freqs = (2.0 ** np.arange(num_bands) * math.pi).astype(np.float32)
    angles = (coords[..., None] * freqs).astype(np.float64)        # [B,N,3,L]
    flat = angles.reshape(coords.shape[:-1] + (3 * num_bands,))
    return np.concatenate([coords, np.sin(flat), np.cos(flat)], axis=-1)
