import numpy as np


def depth_to_world(K, T_world_to_cam, u, v, d):
    p = d * np.linalg.inv(K.astype(np.float64)) @ np.array([u, v, 1.0])
    return (np.linalg.inv(T_world_to_cam.astype(np.float64)) @ np.append(p, 1.0))[:3]
