import numpy as np


def sample(img, gx, gy, align_corners):
    """Bilinear, zero padding: img [C,H,W], gx, gy [...] normalised."""
    c, h, w = img.shape
    if align_corners:
        x, y = (gx + 1) / 2 * (w - 1), (gy + 1) / 2 * (h - 1)
    else:
        x, y = ((gx + 1) * w - 1) / 2, ((gy + 1) * h - 1) / 2
    x0, y0 = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
    out = np.zeros((c,) + gx.shape)
    for dy in (0, 1):
        for dx in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            wgt = (1 - np.abs(x - xi)) * (1 - np.abs(y - yi))
            ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
            vals = img[:, np.clip(yi, 0, h - 1), np.clip(xi, 0, w - 1)]
            out += np.where(ok, wgt, 0) * vals
    return out


def grid_sample(input, grid, align_corners=True, mode="bilinear", padding_mode="zeros"):
    g = grid.astype(np.float64)
    return np.stack([sample(input[b].astype(np.float64), g[b, ..., 0], g[b, ..., 1], align_corners)
                     for b in range(input.shape[0])])
