import numpy as np


def patch_embed(x, proj_weight, proj_bias, cls_token, pos_embed):
    b, c, h, w = x.shape
    d, _, p, _ = proj_weight.shape
    patches = x.reshape(b, c, h // p, p, w // p, p).transpose(0, 2, 4, 1, 3, 5).reshape(b, -1, c * p * p)
    tokens = patches @ proj_weight.reshape(d, -1).T + proj_bias
    cls = np.broadcast_to(cls_token, (b, 1, d))
    return np.concatenate([cls, tokens], axis=1) + pos_embed
