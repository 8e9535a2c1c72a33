import numpy as np


def sdpa(query, key, value, mask=None, causal=False):
    s, s2 = query.shape[-2], key.shape[-2]
    keep = np.ones((s, s2), bool)
    if mask is not None:
        keep &= mask
    if causal:
        keep &= np.tril(np.ones((s, s2), bool))
    scores = query @ np.swapaxes(key, -1, -2) / np.float32(np.sqrt(query.shape[-1]))
    scores = np.where(keep, scores, -np.inf)
    m = scores.max(-1, keepdims=True) if s2 else np.zeros(scores.shape[:-1] + (1,), np.float32)
    m = np.where(np.isfinite(m), m, 0)
    e = np.exp(scores - m)
    total = e.sum(-1, keepdims=True)
    attn = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    return attn @ value, attn
