import numpy as np


def lora_mhsa(x, q_proj_weight, k_proj_weight, v_proj_weight, lora_q_A, lora_q_B, lora_v_A, lora_v_B, num_heads, alpha):
    b, s, d = x.shape
    scale = alpha / lora_q_A.shape[1]
    q = x @ q_proj_weight.T + scale * ((x @ lora_q_A) @ lora_q_B)
    k = x @ k_proj_weight.T
    v = x @ v_proj_weight.T + scale * ((x @ lora_v_A) @ lora_v_B)
    dk = d // num_heads

    def heads(t):
        return t.reshape(b, s, num_heads, dk).transpose(0, 2, 1, 3)

    scores = heads(q) @ heads(k).transpose(0, 1, 3, 2) / np.float32(np.sqrt(dk))
    attn = np.exp(scores - scores.max(-1, keepdims=True))
    attn /= attn.sum(-1, keepdims=True)
    return (attn @ heads(v)).transpose(0, 2, 1, 3).reshape(b, s, d), attn
