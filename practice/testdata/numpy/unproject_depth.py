import numpy as np


def unproject_depth(depth, K, T_world_to_cam):
    h, w = depth.shape
    v, u = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    pix = np.stack([u.ravel(), v.ravel(), np.ones(h * w)])              # [3, HW]
    cam = np.linalg.inv(K.astype(np.float64)) @ pix * depth.ravel()
    world = np.linalg.inv(T_world_to_cam.astype(np.float64)) @ np.vstack([cam, np.ones(h * w)])
    return world[:3].T
