import math

import torch


def sdpa(query, key, value, mask=None, causal=False):
    s, s2 = query.shape[-2], key.shape[-2]
    keep = torch.ones(s, s2, dtype=torch.bool)
    if mask is not None:
        keep &= mask
    if causal:
        keep &= torch.ones(s, s2, dtype=torch.bool).tril()
    scores = query @ key.transpose(-2, -1) / math.sqrt(query.shape[-1])
    scores = scores.masked_fill(~keep, float("-inf"))
    attn = torch.softmax(scores, dim=-1).nan_to_num(0.0)  # a row with no key: zeros, not NaN
    return attn @ value, attn
