import numpy as np


def focal_loss(logits, targets, alpha=None, gamma=2.0, alpha_param=None):
    x = logits.astype(np.float64)
    m = x.max(1, keepdims=True)
    log_p = x - (np.log(np.exp(x - m).sum(1, keepdims=True)) + m)
    lp_t = log_p[np.arange(len(targets)), targets]
    if alpha is not None:
        a_t = alpha.astype(np.float64)[targets]
    else:
        a_t = 1.0 if alpha_param is None else alpha_param
    return np.mean(-a_t * (-np.expm1(lp_t)) ** gamma * lp_t)
