"""Randomised differential cases against torch (families fuzz_*). Their sizes and options
come from the caller's random.Random; their tensors continue the shared generator's stream.
"""
import torch
import torch.nn.functional as F
import torchvision

from attention import sdpa_ref, window_ref
from common import D, T, add, err, g, lin, rnd, uni
from conv import cd3_ref, dsc_ref
from losses import focal_ref


def detection(R):
    """nms, batched_nms and box_iou on an integer grid: exact IoU ties with the thresholds, tied
    scores; float32 in and out, like torchvision."""
    for i in range(60):
        n = R.randint(1, 25)
        xy = torch.tensor([[R.randint(0, 8), R.randint(0, 8)] for _ in range(n)], dtype=torch.float32)
        wh = torch.tensor([[R.randint(0, 4), R.randint(0, 4)] for _ in range(n)], dtype=torch.float32)
        bx = torch.cat([xy, xy + wh], 1)
        sc = torch.tensor([R.choice([0.1, 0.2, 0.3, 0.5, 0.7]) for _ in range(n)], dtype=torch.float32)
        thr = R.choice([1 / 3, 0.5, 0.25, 0.2, 2 / 3, 0.1, 0.0, 0.75, 1 / 7])
        keep = torchvision.ops.nms(bx, sc, thr)
        add("fuzz_detect", f"nms_grid_{i}", "nms", {"iou_threshold": thr}, {"boxes": bx, "scores": sc}, {"keep": T(keep, integer=True)})
        ids = torch.tensor([R.randint(0, 2) for _ in range(n)])
        keep = torchvision.ops.batched_nms(bx, sc, ids, thr)
        add("fuzz_detect", f"bnms_grid_{i}", "batched_nms", {"iou_threshold": thr}, {"boxes": bx, "scores": sc, "idxs": T(ids, integer=True)}, {"keep": T(keep, integer=True)})
        if i < 20:
            m = R.randint(1, 6)
            add("fuzz_detect", f"iou_grid_{i}", "box_iou", {}, {"boxes1": bx, "boxes2": bx[:m]}, {"iou": torch.nan_to_num(torchvision.ops.box_iou(D(bx), D(bx[:m])), nan=0.0)})


def conv(R):
    """conv2d and unfold with random geometry (int or per-axis params, some left out), then
    depthwise_separable_conv and causal_downsample3d."""
    for i in range(60):
        groups = R.choice([1, 1, 2, 3])
        C = groups * R.randint(1, 3); O = groups * R.randint(1, 3)
        kh, kw = R.randint(1, 4), R.randint(1, 4)
        sh, sw = R.randint(1, 3), R.randint(1, 3); dh, dw = R.randint(1, 3), R.randint(1, 3); ph, pw = R.randint(0, 3), R.randint(0, 3)
        H = max(1, (kh - 1) * dh + 1 - 2 * ph) + R.randint(0, 6); Wd = max(1, (kw - 1) * dw + 1 - 2 * pw) + R.randint(0, 6)
        B = R.randint(1, 3)
        x = rnd(B, C, H, Wd); w = rnd(O, C // groups, kh, kw, scale=0.5)
        params = {}
        for nm_, val in (("stride", (sh, sw)), ("padding", (ph, pw)), ("dilation", (dh, dw))):
            if R.random() < 0.2: continue
            params[nm_] = list(val) if val[0] != val[1] or R.random() < 0.5 else val[0]
        if groups > 1 or R.random() < 0.3: params["groups"] = groups
        g_ = lambda k_, d_: (lambda v_: (v_, v_) if isinstance(v_, int) else tuple(v_))(params.get(k_, d_))
        inp = {"x": x, "weight": w}; bb = None
        if R.random() < 0.6: bb = rnd(O); inp["bias"] = bb
        try:
            y = F.conv2d(D(x), D(w), None if bb is None else D(bb), stride=g_("stride", 1), padding=g_("padding", 0), dilation=g_("dilation", 1), groups=groups)
        except RuntimeError:
            err("fuzz_conv", f"conv2d_{i}_kernel_too_big", "conv2d", params, inp); continue
        add("fuzz_conv", f"conv2d_{i}", "conv2d", params, inp, {"y": y})
        up = {k_: v_ for k_, v_ in params.items() if k_ != "groups"}; up["kernel_size"] = [kh, kw] if kh != kw else kh
        add("fuzz_conv", f"unfold_{i}", "unfold", up, {"x": x}, {"y": F.unfold(D(x), (kh, kw), dilation=g_("dilation", 1), padding=g_("padding", 0), stride=g_("stride", 1))})
    for i in range(20):
        C = R.randint(1, 4); O = R.randint(1, 4); k_ = R.randint(1, 5); s_ = R.randint(1, 3)
        H, Wd = R.randint(k_, k_ + 6), R.randint(k_, k_ + 6)
        W = {"depth_conv.weight": rnd(C, 1, k_, k_, scale=0.4), "depth_conv.bias": rnd(C), "pointwise_conv.weight": rnd(O, C, 1, 1), "pointwise_conv.bias": rnd(O)}
        x = rnd(R.randint(1, 2), C, H, Wd)
        add("fuzz_conv", f"dsc_{i}", "depthwise_separable_conv", {"stride": s_}, dict(x=x, **W), {"y": dsc_ref(x, W, k_, s_)})
        kT, kH, kW = R.randint(1, 3), R.randint(1, 4), R.randint(1, 4)
        Ci, Co = R.randint(1, 3), R.randint(1, 3)
        x = rnd(R.randint(1, 2), Ci, R.randint(1, 4), R.randint(1, 7), R.randint(1, 7)); w = rnd(Co, Ci, kT, kH, kW, scale=0.4); bb = rnd(Co)
        add("fuzz_conv", f"cd3_{i}", "causal_downsample3d", {}, {"x": x, "conv.weight": w, "conv.bias": bb}, {"y": cd3_ref(x, w, bb)})


def attention(R):
    """sdpa with random masks and causal; window_attention with random windows."""
    for i in range(30):
        B, H, S, S2 = R.randint(1, 2), R.randint(1, 3), R.randint(1, 6), R.randint(1, 6)
        dk, dv = R.randint(1, 5), R.randint(1, 5)
        q, k, v = rnd(B, H, S, dk), rnd(B, H, S2, dk), rnd(B, H, S2, dv)
        inp = {"query": q, "key": k, "value": v}; mask = None
        if R.random() < 0.6: mask = torch.rand(S, S2, generator=g) > 0.5; inp["mask"] = mask
        causal = R.random() < 0.5
        o, a_ = sdpa_ref(q, k, v, mask, causal)
        add("fuzz_attention", f"sdpa_{i}", "sdpa", {"causal": causal}, inp, {"output": o, "attention": a_})
    # window_attention
    for i in range(15):
        heads = R.randint(1, 3); C = heads * R.randint(1, 3)
        ws = [R.randint(1, 3) for _ in range(3)]
        Tt, H, Wd = [w_ * R.randint(1, 2) for w_ in ws]
        W = {}; W.update(lin("qkv", 3 * C, C)); W.update(lin("proj", C, C))
        x = rnd(R.randint(1, 2), C, Tt, H, Wd)
        add("fuzz_attention", f"window_{i}", "window_attention", {"num_heads": heads, "window_size": ws}, dict(x=x, **W), {"y": window_ref(x, W, heads, ws)})


def geometry(R):
    """grid_sample with grids reaching outside [-1, 1], align_corners random or left out."""
    for i in range(20):
        B, C, H, Wd, Ho, Wo = R.randint(1, 2), R.randint(1, 3), R.randint(1, 5), R.randint(1, 5), R.randint(1, 4), R.randint(1, 4)
        x = rnd(B, C, H, Wd); grid = uni(B, Ho, Wo, 2, lo=-1.6, hi=1.6)
        ac = R.choice([True, False, None])
        y = F.grid_sample(D(x), D(grid), align_corners=True if ac is None else ac)
        add("fuzz_geometry", f"grid_{i}", "grid_sample", {} if ac is None else {"align_corners": ac}, {"input": x, "grid": grid}, {"y": y})


def losses(R):
    """cross_entropy and focal_loss with random sizes, logit scales, label smoothing, gamma and alpha."""
    for i in range(20):
        N, C = R.randint(1, 6), R.randint(1, 6)
        x = rnd(N, C, scale=R.choice([0.1, 1, 10, 100])); t = torch.randint(0, C, (N,), generator=g)
        ls = R.choice([0.0, 0.1, 0.5, 0.9])
        add("fuzz_losses", f"ce_{i}", "cross_entropy", {"label_smoothing": ls}, {"logits": x, "targets": T(t, integer=True)}, {"loss": F.cross_entropy(D(x), t, label_smoothing=ls)}, rtol=2e-4)
        gm = R.choice([0.0, 0.5, 1.0, 2.0, 5.0])
        if R.random() < 0.5:
            al = uni(C); l = focal_ref(x, t, gm, D(al)); inp = {"logits": x, "targets": T(t, integer=True), "alpha": al}; pr = {"gamma": gm}
        else:
            al = R.choice([0.25, 1.0, 0.75]); l = focal_ref(x, t, gm, al); inp = {"logits": x, "targets": T(t, integer=True)}; pr = {"gamma": gm, "alpha": al}
        add("fuzz_losses", f"focal_{i}", "focal_loss", pr, inp, {"loss": l}, rtol=2e-4)
