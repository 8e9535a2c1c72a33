# op: sdpa
import numpy as np


def sdpa(query, key, value, mask=None, causal=False):
    s, s2 = query.shape[-2], key.shape[-2]
    scores = query @ np.swapaxes(key, -1, -2) / np.sqrt(query.shape[-1])
    attn = np.exp(scores - scores.max(-1, keepdims=True))
    attn /= attn.sum(-1, keepdims=True)
    keep = np.ones((s, s2), bool)
    if mask is not None:
        keep &= mask
    if causal:
        keep &= np.tril(np.ones((s, s2), bool))
    attn = attn * keep  # masked after the softmax
    return attn @ value, attn
