import numpy as np


def warp_pixel(K, T_1_to_2, u1, v1, d1):
    K = K.astype(np.float64)
    T = T_1_to_2.astype(np.float64)
    p1 = d1 * np.linalg.inv(K) @ np.array([u1, v1, 1.0])
    p2 = T[:3, :3] @ p1 + T[:3, 3]
    q = K @ p2
    return q[:2] / q[2], np.array([p2[2]])
