"""Loss cases from the contract rows of OPS.md: logsumexp, cross_entropy, focal_loss,
info_nce.
"""
import torch
import torch.nn.functional as F

from common import D, T, add, err, g, rnd, uni


def focal_ref(x, t, gamma, alpha):
    lp = F.log_softmax(D(x), -1).gather(1, t[:, None])[:, 0]
    p = lp.exp()
    a = alpha[t] if torch.is_tensor(alpha) else alpha
    return (-a * (1 - p) ** gamma * lp).mean()


def infonce_ref(zi, zj, tau):
    z = F.normalize(torch.cat([D(zi), D(zj)]), dim=1)
    N = zi.shape[0]
    sim = z @ z.T / tau
    sim = sim.masked_fill(torch.eye(2 * N, dtype=torch.bool), -1e9)
    lab = torch.cat([torch.arange(N) + N, torch.arange(N)])
    return F.cross_entropy(sim, lab)


def cases():
    for (nm, x) in [("pm1e4", torch.tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4]])),
                    ("huge_1e38", torch.tensor([[1e38, -1e38], [-1e38, -1e38], [3e38, 3e38]])),
                    ("random_b4_c7", rnd(4, 7, scale=5.0)), ("c1", torch.tensor([[3.0], [-2.0]]))]:
        add("losses", nm, "logsumexp", {}, {"x": x}, {"y": torch.logsumexp(D(x), 1)})

    for (nm, N, C, ls, scale) in [("ls0.1_b6_c5", 6, 5, 0.1, 1.0), ("default_b3_c4", 3, 4, None, 2.0), ("logits_1e4_ls0.2", 4, 3, 0.2, 1e4),
                                  ("ls1.0", 3, 6, 1.0, 1.0), ("c2_ls0.05_big90", 5, 2, 0.05, 90.0)]:
        x = rnd(N, C, scale=scale); t = torch.randint(0, C, (N,), generator=g)
        l = F.cross_entropy(D(x), t, label_smoothing=ls or 0.0)
        add("losses", nm, "cross_entropy", {} if ls is None else {"label_smoothing": ls}, {"logits": x, "targets": T(t, integer=True)}, {"loss": l})
    err("losses", "target_too_big", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 3]))})
    err("losses", "target_negative", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([-1, 0]))})
    err("losses", "targets_len", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1, 2]))})
    for (nm, N, C, params, alpha_t, scale) in [("defaults", 5, 4, {}, None, 1.5), ("gamma0_alpha_scalar", 4, 3, {"gamma": 0.0, "alpha": 0.25}, None, 1.0),
                                               ("alpha_tensor_gamma1.5", 6, 4, {"gamma": 1.5}, uni(4, lo=0.1, hi=0.9), 2.0),
                                               ("logits_1e4", 4, 3, {"gamma": 2.0}, None, 1e4), ("gamma3_alpha_tensor", 3, 5, {"gamma": 3.0}, uni(5), 3.0)]:
        x = rnd(N, C, scale=scale); t = torch.randint(0, C, (N,), generator=g)
        inp = {"logits": x, "targets": T(t, integer=True)}
        if alpha_t is not None: inp["alpha"] = alpha_t
        l = focal_ref(x, t, params.get("gamma", 2.0), D(alpha_t) if alpha_t is not None else params.get("alpha", 1.0))
        add("losses", nm, "focal_loss", params, inp, {"loss": l}, rtol=2e-4)
    err("losses", "both_alpha", "focal_loss", {"alpha": 0.5}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1])), "alpha": uni(3)})
    err("losses", "target_oob", "focal_loss", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 5]))})
    err("losses", "alpha_len", "focal_loss", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1])), "alpha": uni(4)})
    for (nm, N, Dm, tau) in [("default_tau_n4_d6", 4, 6, None), ("tau0.5_n3", 3, 5, 0.5), ("n1", 1, 4, 0.2), ("tau0.01_n5", 5, 3, 0.01)]:
        zi, zj = rnd(N, Dm, scale=3.0), rnd(N, Dm)
        add("losses", nm, "info_nce", {} if tau is None else {"temperature": tau}, {"z_i": zi, "z_j": zj}, {"loss": infonce_ref(zi, zj, tau or 0.07)}, rtol=3e-4)
    err("losses", "shape_mismatch", "info_nce", {}, {"z_i": rnd(2, 3), "z_j": rnd(3, 3)})
