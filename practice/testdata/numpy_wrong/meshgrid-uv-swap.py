# op: vectorized_warp
import numpy as np


def bilinear(img, x, y):
    c, h, w = img.shape
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    out = np.zeros((c,) + x.shape)
    for dy in (0, 1):
        for dx in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
            wgt = np.where(ok, (1 - abs(x - xi)) * (1 - abs(y - yi)), 0)
            out += wgt * img[:, np.clip(yi, 0, h - 1), np.clip(xi, 0, w - 1)]
    return out


def vectorized_warp(src_img, depth, K, T_1_to_2):
    b, c, h, w = src_img.shape
    u, v = np.meshgrid(np.arange(h), np.arange(w), indexing="xy")  # the reference's grid
    pix = np.stack([u.ravel(), v.ravel(), np.ones(h * w)])
    warped, mask = np.zeros((b, c, h, w)), np.zeros((b, 1, h, w))
    for i in range(b):
        p = np.linalg.inv(K[i]) @ pix * depth[i, 0].ravel()
        q = K[i] @ (T_1_to_2[i, :3, :3] @ p + T_1_to_2[i, :3, 3:])
        gx = q[0] / (q[2] + 1e-7) * 2 / (w - 1) - 1
        gy = q[1] / (q[2] + 1e-7) * 2 / (h - 1) - 1
        mask[i, 0] = ((abs(gx) <= 1) & (abs(gy) <= 1)).reshape(h, w)
        warped[i] = bilinear(src_img[i], (gx + 1) / 2 * (w - 1), (gy + 1) / 2 * (h - 1)).reshape(c, h, w)
    return warped, mask
