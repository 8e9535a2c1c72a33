import numpy as np


def camera_cross_attention(x, cam, to_q_weight, to_k_weight, to_v_weight, proj_weight, proj_bias, num_heads,
                           mode="per_frame"):
    b, t, c, h, w = x.shape
    dk = c // num_heads
    pix = x.transpose(0, 1, 3, 4, 2).reshape(b, t, h * w, c)
    q = pix @ to_q_weight.T                      # [B,T,HW,C]
    k = cam @ to_k_weight.T                      # [B,T,C]
    v = cam @ to_v_weight.T
    if mode == "per_frame":
        # one key per query: the softmax is exactly 1, the output is v
        out = np.broadcast_to(v[:, :, None, :], (b, t, h * w, c))
        attn = np.ones((b * t, num_heads, h * w, 1))
    else:
        qh = q.reshape(b, t * h * w, num_heads, dk).transpose(0, 2, 1, 3)   # [B,heads,THW,dk]
        kh = k.reshape(b, t, num_heads, dk).transpose(0, 2, 1, 3)           # [B,heads,T,dk]
        vh = v.reshape(b, t, num_heads, dk).transpose(0, 2, 1, 3)
        scores = qh @ kh.transpose(0, 1, 3, 2) / np.float32(np.sqrt(dk))
        attn = np.exp(scores - scores.max(-1, keepdims=True))
        attn /= attn.sum(-1, keepdims=True)
        out = (attn @ vh).transpose(0, 2, 1, 3).reshape(b, t, h * w, c)
    y = out @ proj_weight.T + proj_bias
    return y.reshape(b, t, h, w, c).transpose(0, 1, 4, 2, 3), attn
