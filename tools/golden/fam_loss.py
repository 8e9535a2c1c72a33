"""logsumexp, cross_entropy (022), focal_loss (024), info_nce (021) with torch."""
import torch
import torch.nn.functional as F

from common import case, err_case, rand


def lse_cases():
    out = []
    specs = [
        ("random_4x7", rand(4, 7, seed=1)),
        ("pm_1e4", rand(3, 5, seed=2) * 1e4),
        ("equal_1e4_rows", torch.tensor([[1e4, 1e4, 1e4, 1e4], [-1e4, -1e4, -1e4, -1e4], [1e4, -1e4, 1e4 - 1, 0.0]])),
        ("pm_1e30", torch.tensor([[1e30, 1e30, 0.0], [-1e30, 1e30, 5.0], [-1e30, -1e30, -1e30]])),
        ("beyond_float32_exp", torch.tensor([[90.0, 90.0], [-200.0, -300.0], [3e38, -3e38]])),
        ("single_class", rand(5, 1, seed=3)),
        ("infinities", torch.tensor([[float("-inf"), 0.0, 1.0], [float("-inf")] * 3, [float("inf"), 0.0, float("-inf")]])),
        ("wide_5x1000", rand(5, 1000, seed=4) * 10),
    ]
    for name, x in specs:
        out.append(case(f"logsumexp/{name}", "logsumexp", {"x": x}, {"y": torch.logsumexp(x, dim=1)}))
    nan_x = rand(2, 3)
    nan_x[1, 1] = float("nan")
    out += [
        err_case("logsumexp/nan_input", "logsumexp", {"x": nan_x}),
        err_case("logsumexp/x_1d", "logsumexp", {"x": rand(4)}),
        err_case("logsumexp/x_3d", "logsumexp", {"x": rand(2, 3, 4)}),
        err_case("logsumexp/unknown_param", "logsumexp", {"x": rand(2, 3)}, {"dim": 0}),
        err_case("logsumexp/bad_data_length", "logsumexp", {"x": {"shape": [2, 3], "data": [1, 2, 3]}}),
    ]
    return out


def targets(n, c, seed):
    return torch.randint(0, c, (n,), generator=torch.Generator().manual_seed(seed))


def ce_cases():
    out = []
    specs = [
        ("b4_c5", rand(4, 5, seed=10), None),
        ("smoothing_0_1", rand(6, 3, seed=11) * 2, 0.1),
        ("smoothing_0_5_pm_1e4", rand(3, 10, seed=12) * 1e4, 0.5),
        ("pm_1e30", torch.tensor([[1e30, -1e30, 0.0, 1.0], [-1e30, -1e30, 1e30, 0.0]]), 0.0),
        ("full_smoothing", rand(2, 4, seed=13), 1.0),
        ("imagenet_like_8x1000", rand(8, 1000, seed=14) * 3, 0.1),
        ("single_class", rand(3, 1, seed=15), 0.2),
    ]
    for i, (name, x, eps) in enumerate(specs):
        n, c = x.shape
        t = targets(n, c, 20 + i)
        if name == "pm_1e30":
            t = torch.tensor([1, 2])
        params = {} if eps is None else {"label_smoothing": eps}
        loss = F.cross_entropy(x, t, label_smoothing=eps or 0.0)
        out.append(case(f"cross_entropy/{name}", "cross_entropy", {"logits": x, "targets": t}, {"loss": loss}, params=params))
    x = rand(3, 4)
    t = torch.tensor([0, 3, 1])
    nan_x = x.clone()
    nan_x[0, 2] = float("nan")
    out += [
        err_case("cross_entropy/target_equals_c", "cross_entropy", {"logits": x, "targets": torch.tensor([0, 4, 1])}, contains="range"),
        err_case("cross_entropy/negative_target", "cross_entropy", {"logits": x, "targets": torch.tensor([0, -1, 1])}, contains="range"),
        err_case("cross_entropy/ignore_index_not_supported", "cross_entropy", {"logits": x, "targets": torch.tensor([0, -100, 1])}),
        err_case("cross_entropy/target_count", "cross_entropy", {"logits": x, "targets": torch.tensor([0, 1])}),
        err_case("cross_entropy/fractional_target", "cross_entropy", {"logits": x, "targets": torch.tensor([0.0, 1.5, 1.0])}),
        err_case("cross_entropy/targets_2d", "cross_entropy", {"logits": x, "targets": t[:, None]}),
        err_case("cross_entropy/logits_1d", "cross_entropy", {"logits": rand(4), "targets": torch.tensor([1])}),
        err_case("cross_entropy/smoothing_above_1", "cross_entropy", {"logits": x, "targets": t}, {"label_smoothing": 1.5}, contains="label_smoothing"),
        err_case("cross_entropy/negative_smoothing", "cross_entropy", {"logits": x, "targets": t}, {"label_smoothing": -0.1}),
        err_case("cross_entropy/nan_logits", "cross_entropy", {"logits": nan_x, "targets": t}),
        err_case("cross_entropy/missing_targets", "cross_entropy", {"logits": x}),
        err_case("cross_entropy/unknown_param", "cross_entropy", {"logits": x, "targets": t}, {"reduction": "sum"}),
    ]
    return out


def focal(logits, t, gamma=2.0, alpha=1.0):
    logp = F.log_softmax(logits, dim=1).gather(1, t[:, None]).squeeze(1)
    p = logp.exp()
    a = alpha[t] if isinstance(alpha, torch.Tensor) else alpha
    return (-a * (1 - p) ** gamma * logp).mean()


def focal_cases():
    out = []
    specs = [
        ("defaults", rand(5, 4, seed=30), {}, None),
        ("gamma0_alpha_param", rand(6, 3, seed=31) * 2, {"gamma": 0.0, "alpha": 0.25}, None),
        ("class_alpha_gamma1_5", rand(7, 5, seed=32), {"gamma": 1.5}, torch.tensor([0.1, 0.2, 0.3, 0.25, 0.15])),
        ("pm_1e4", torch.tensor([[1e4, 0.0, -1e4], [0.0, 1e4, 0.0], [-1e4, -1e4, 1e4]]), {"alpha": 0.5}, None),
        ("gamma5_confident", rand(4, 6, seed=33) * 8, {"gamma": 5.0}, None),
        ("class_alpha_default_gamma", rand(3, 2, seed=34), {}, torch.tensor([0.75, 0.25])),
    ]
    for i, (name, x, p, alpha) in enumerate(specs):
        n, c = x.shape
        t = targets(n, c, 40 + i)
        if name == "pm_1e4":
            t = torch.tensor([0, 2, 2])
        a = alpha if alpha is not None else p.get("alpha", 1.0)
        inputs = {"logits": x, "targets": t}
        if alpha is not None:
            inputs["alpha"] = alpha
        out.append(case(f"focal_loss/{name}", "focal_loss", inputs, {"loss": focal(x, t, p.get("gamma", 2.0), a)}, params=p))
    x = rand(3, 4)
    t = torch.tensor([0, 3, 1])
    nan_x = x.clone()
    nan_x[2, 0] = float("nan")
    out += [
        err_case("focal_loss/alpha_input_and_param", "focal_loss",
                 {"logits": x, "targets": t, "alpha": torch.ones(4)}, {"alpha": 0.25}, contains="alpha"),
        err_case("focal_loss/alpha_length", "focal_loss", {"logits": x, "targets": t, "alpha": torch.ones(3)}, contains="alpha"),
        err_case("focal_loss/target_out_of_range", "focal_loss", {"logits": x, "targets": torch.tensor([0, 4, 1])}, contains="range"),
        err_case("focal_loss/negative_gamma", "focal_loss", {"logits": x, "targets": t}, {"gamma": -1.0}, contains="gamma"),
        err_case("focal_loss/nan_logits", "focal_loss", {"logits": nan_x, "targets": t}),
        err_case("focal_loss/unknown_param", "focal_loss", {"logits": x, "targets": t}, {"reduction": "mean"}),
    ]
    return out


def info_nce(zi, zj, tau):
    n = zi.shape[0]
    z = F.normalize(torch.cat([zi, zj]), dim=1)
    sim = z @ z.T / tau
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), -1e9)
    labels = torch.cat([torch.arange(n) + n, torch.arange(n)])
    return F.cross_entropy(sim, labels)


def info_nce_cases():
    out = []
    specs = [
        ("n4_d8_default_tau", 4, 8, None, 0.0),
        ("n3_d5_tau0_5", 3, 5, 0.5, 0.0),
        ("n1_d3", 1, 3, 0.1, 0.0),
        ("n8_d16_tau0_2", 8, 16, 0.2, 0.0),
        ("correlated_views", 6, 12, 0.07, 0.1),
    ]
    for i, (name, n, d, tau, noise) in enumerate(specs):
        zi = rand(n, d, seed=50 + i)
        zj = rand(n, d, seed=60 + i)
        if noise:
            zj = zi + noise * zj
        params = {} if tau is None else {"temperature": tau}
        out.append(case(f"info_nce/{name}", "info_nce", {"z_i": zi, "z_j": zj},
                        {"loss": info_nce(zi, zj, tau or 0.07)}, params=params))
    zi, zj = rand(3, 4, seed=1), rand(3, 4, seed=2)
    nan_z = zj.clone()
    nan_z[1, 2] = float("nan")
    out += [
        err_case("info_nce/shape_mismatch", "info_nce", {"z_i": zi, "z_j": rand(2, 4)}),
        err_case("info_nce/dim_mismatch", "info_nce", {"z_i": zi, "z_j": rand(3, 5)}),
        err_case("info_nce/zero_temperature", "info_nce", {"z_i": zi, "z_j": zj}, {"temperature": 0}, contains="temperature"),
        err_case("info_nce/negative_temperature", "info_nce", {"z_i": zi, "z_j": zj}, {"temperature": -0.07}, contains="temperature"),
        err_case("info_nce/z_1d", "info_nce", {"z_i": rand(4), "z_j": rand(4)}),
        err_case("info_nce/nan_input", "info_nce", {"z_i": zi, "z_j": nan_z}),
        err_case("info_nce/unknown_param", "info_nce", {"z_i": zi, "z_j": zj}, {"tau": 0.1}),
    ]
    return out


def cases():
    return lse_cases() + ce_cases() + focal_cases() + info_nce_cases()
