# op: depth_to_world
import numpy as np


def depth_to_world(K, T_world_to_cam, u, v, d):
    p = d * np.linalg.inv(K) @ np.array([u, v, 1.0])
    return (T_world_to_cam @ np.append(p, 1.0))[:3]
