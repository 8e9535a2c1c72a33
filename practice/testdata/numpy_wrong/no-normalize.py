# op: info_nce
import numpy as np


def info_nce(z_i, z_j, temperature=0.07):
    z = np.concatenate([z_i, z_j]).astype(np.float64)  # not normalised
    sim = z @ z.T / temperature
    np.fill_diagonal(sim, -1e9)
    n2 = len(z)
    pos = (np.arange(n2) + n2 // 2) % n2
    m = sim.max(1, keepdims=True)
    lse = np.log(np.exp(sim - m).sum(1)) + m[:, 0]
    return np.mean(lse - sim[np.arange(n2), pos])
