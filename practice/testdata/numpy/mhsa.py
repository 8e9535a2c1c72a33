import numpy as np


def mhsa(x, q_proj_weight, q_proj_bias, k_proj_weight, k_proj_bias, v_proj_weight, v_proj_bias,
         out_proj_weight, out_proj_bias, num_heads, causal=False):
    b, n, d = x.shape
    dk = d // num_heads

    def heads(w, bias):
        return (x @ w.T + bias).reshape(b, n, num_heads, dk).transpose(0, 2, 1, 3)

    q, k, v = heads(q_proj_weight, q_proj_bias), heads(k_proj_weight, k_proj_bias), heads(v_proj_weight, v_proj_bias)
    scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(dk))
    if causal:
        scores = np.where(np.tril(np.ones((n, n), bool)), scores, -np.inf)
    scores = scores - scores.max(-1, keepdims=True)
    attn = np.exp(scores)
    attn /= attn.sum(-1, keepdims=True)
    merged = (attn @ v).transpose(0, 2, 1, 3).reshape(b, n, d)
    return merged @ out_proj_weight.T + out_proj_bias, attn
