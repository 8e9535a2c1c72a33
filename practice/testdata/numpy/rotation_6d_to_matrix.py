import numpy as np


def rotation_6d_to_matrix(d6):
    a1, a2 = d6[:, :3].astype(np.float64), d6[:, 3:].astype(np.float64)
    b1 = a1 / np.linalg.norm(a1, axis=1, keepdims=True)
    b2 = a2 - (b1 * a2).sum(1, keepdims=True) * b1
    b2 /= np.linalg.norm(b2, axis=1, keepdims=True)
    b3 = np.cross(b1, b2)
    return np.stack([b1, b2, b3], axis=-1)
