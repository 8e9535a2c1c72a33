import numpy as np


def sample(img, x, y):
    """Bilinear sampling of img [C,H,W] at pixel coordinates, zeros outside."""
    c, h, w = img.shape
    x0, y0 = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
    out = np.zeros((c,) + x.shape)
    for dy in (0, 1):
        for dx in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            wgt = (1 - np.abs(x - xi)) * (1 - np.abs(y - yi))
            ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
            out += np.where(ok, wgt, 0) * img[:, np.clip(yi, 0, h - 1), np.clip(xi, 0, w - 1)]
    return out


def vectorized_warp(src_img, depth, K, T_1_to_2):
    b, c, h, w = src_img.shape
    v, u = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    pix = np.stack([u.ravel(), v.ravel(), np.ones(h * w)]).astype(np.float64)
    warped = np.zeros((b, c, h, w))
    mask = np.zeros((b, 1, h, w))
    for i in range(b):
        k = K[i].astype(np.float64)
        t = T_1_to_2[i].astype(np.float64)
        p1 = np.linalg.inv(k) @ pix * depth[i, 0].ravel()
        q = k @ (t[:3, :3] @ p1 + t[:3, 3:])
        z = q[2] + 1e-7
        # normalised like the op, in float32, then back to pixels for sampling
        gx = (q[0] / z * (2 / (w - 1)) - 1).astype(np.float32)
        gy = (q[1] / z * (2 / (h - 1)) - 1).astype(np.float32)
        mask[i, 0] = ((np.abs(gx) <= 1) & (np.abs(gy) <= 1)).reshape(h, w)
        x = (gx.astype(np.float64) + 1) / 2 * (w - 1)
        y = (gy.astype(np.float64) + 1) / 2 * (h - 1)
        warped[i] = sample(src_img[i].astype(np.float64), x, y).reshape(c, h, w)
    return warped, mask
