# op: warp_pixel
import numpy as np


def warp_pixel(K, T_1_to_2, u1, v1, d1):
    p1 = d1 * np.linalg.inv(K) @ np.array([u1, v1, 1.0])
    p2 = T_1_to_2[:3, :3] @ p1 + T_1_to_2[:3, 3]
    return (K @ p2)[:2], p2[2:]
