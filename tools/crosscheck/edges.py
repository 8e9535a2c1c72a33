"""Edge cases, family by family: the corners of each OPS.md row (empty, degenerate, extreme
values), misuse (missing, unknown, misspelt or out-of-range params), and a few larger inputs
("perf" in their names). The case names keep the "r2_" prefix they were published with.
"""
import math

import torch
import torch.nn.functional as F

from attention import cam_ref, cam_w, lora_mhsa_w, mhsa_ref, sdpa_ref, window_ref
from common import D, I, T, add, err, g, lin, rnd, uni
from conv import bn_ref, cd3_ref, dsc_ref, ts_ref
from detection import bnms_case, nms_case, rboxes
from diffusion import ddim_ref, sched_ref
from geometry import Ks, rigid, rot6d_ref, vwarp_ref
from losses import focal_ref, infonce_ref


def diffusion():
    """ddpm_step with alpha_t not 1 - beta_t, eta > 0 reaching alpha_bar_prev = 1, one-step schedules,
    missing and unknown params."""
    # ddpm: alpha_t deliberately NOT 1-beta_t -> beta only through sigma
    xt, eps, z = rnd(2, 3), rnd(2, 3), rnd(2, 3)
    a, ab, b = 0.9, 0.3, 0.05
    mean = (D(xt) - (1 - a) / math.sqrt(1 - ab) * D(eps)) / math.sqrt(a)
    add("diffusion", "r2_alpha_not_1_minus_beta", "ddpm_step", {"alpha_t": a, "alpha_bar_t": ab, "beta_t": b, "t": 3}, {"x_t": xt, "predicted_noise": eps, "noise": z}, {"x_prev": mean + math.sqrt(b) * D(z)})
    abp = 0.4
    add("diffusion", "r2_posterior_custom", "ddpm_step", {"alpha_t": a, "alpha_bar_t": ab, "beta_t": b, "t": 3, "sigma": "posterior", "alpha_bar_prev": abp}, {"x_t": xt, "predicted_noise": eps, "noise": z}, {"x_prev": mean + math.sqrt((1 - abp) / (1 - ab) * b) * D(z)})
    add("diffusion", "r2_t0_with_prev_given", "ddpm_step", {"alpha_t": a, "alpha_bar_t": ab, "beta_t": b, "t": 0, "sigma": "posterior", "alpha_bar_prev": abp}, {"x_t": xt, "predicted_noise": eps, "noise": z}, {"x_prev": mean})
    # ddim eta>0 but alpha_bar_prev = 1 -> sigma 0
    xp, x0 = ddim_ref(xt, eps, z, 0.5, 1.0, 0.8)
    add("diffusion", "r2_eta_prev1", "ddim_step", {"alpha_bar_t": 0.5, "alpha_bar_prev": 1.0, "eta": 0.8}, {"x_t": xt, "predicted_noise": eps, "noise": z}, {"x_prev": xp, "x0_pred": x0})
    b_, a_, ab_ = sched_ref(1, "cosine")
    add("diffusion", "r2_cosine_1", "noise_schedule", {"num_steps": 1, "kind": "cosine"}, {}, {"betas": b_, "alphas": a_, "alpha_bars": ab_})
    b_, a_, ab_ = sched_ref(1, "linear")
    add("diffusion", "r2_linear_1", "noise_schedule", {"num_steps": 1}, {}, {"betas": b_, "alphas": a_, "alpha_bars": ab_})
    b_, a_, ab_ = sched_ref(3, "cosine")
    add("diffusion", "r2_cosine_3_clip", "noise_schedule", {"num_steps": 3, "kind": "cosine"}, {}, {"betas": b_, "alphas": a_, "alpha_bars": ab_})
    err("diffusion", "r2_missing_num_steps", "noise_schedule", {}, {})
    err("diffusion", "r2_unknown_param", "cfg", {"guidance_scale": 2.0, "rescale": 0.7}, {"eps_uncond": rnd(2), "eps_cond": rnd(2)})
    err("diffusion", "r2_missing_t", "ddpm_step", {"alpha_t": 0.9, "alpha_bar_t": 0.5, "beta_t": 0.1}, {"x_t": rnd(2), "predicted_noise": rnd(2), "noise": rnd(2)})
    err("diffusion", "r2_ddim_shape_mismatch", "ddim_step", {"alpha_bar_t": 0.5, "alpha_bar_prev": 0.6}, {"x_t": rnd(2, 2), "predicted_noise": rnd(4)})
    err("diffusion", "r2_inv_missing_next", "ddim_inversion_step", {"alpha_bar_t": 0.5}, {"x_t": rnd(2), "predicted_noise": rnd(2)})
    err("diffusion", "r2_cfg_nan", "cfg", {"guidance_scale": 2.0}, {"eps_uncond": {"shape": [2], "data": ["NaN", 1.0]}, "eps_cond": rnd(2)})


def attention():
    """sdpa with unknown params and inputs, a string for causal, Inf; window_size of the wrong length;
    a fractional num_heads; N = 1; larger mhsa and window_attention (n = 200, 16x4x8x12).

    Returns the sdpa query, key and value drawn first: value_forms reuses them."""
    q, k, v = rnd(2, 2, 3, 4), rnd(2, 2, 3, 4), rnd(2, 2, 3, 2)
    err("attention", "r2_unknown_param", "sdpa", {"scale": 0.5}, {"query": q, "key": k, "value": v})
    err("attention", "r2_causal_string", "sdpa", {"causal": "yes"}, {"query": q, "key": k, "value": v})
    err("attention", "r2_unknown_input", "sdpa", {}, {"query": q, "key": k, "value": v, "bias": rnd(3, 3)})
    err("attention", "r2_inf_query", "sdpa", {}, {"query": {"shape": [1, 1, 1, 2], "data": ["Infinity", 0]}, "key": rnd(1, 1, 2, 2), "value": rnd(1, 1, 2, 2)})
    o, a_ = sdpa_ref(q, k, v, None, True)
    add("attention", "r2_causal_false_explicit_vs_true", "sdpa", {"causal": True}, {"query": q, "key": k, "value": v}, {"output": o, "attention": a_})
    q1, k1, v1 = rnd(1, 1, 1, 3), rnd(1, 1, 4, 3), rnd(1, 1, 4, 2)
    o, a_ = sdpa_ref(q1, k1, v1, None, True)
    add("attention", "r2_causal_S1", "sdpa", {"causal": True}, {"query": q1, "key": k1, "value": v1}, {"output": o, "attention": a_})
    W = {}; W.update(lin("qkv", 12, 4)); W.update(lin("proj", 4, 4))
    err("attention", "r2_window_len2", "window_attention", {"num_heads": 2, "window_size": [1, 1]}, dict(x=rnd(1, 4, 2, 2, 2), **W))
    err("attention", "r2_window_missing", "window_attention", {"num_heads": 2}, dict(x=rnd(1, 4, 2, 2, 2), **W))
    err("attention", "r2_window_zero", "window_attention", {"num_heads": 2, "window_size": [0, 1, 1]}, dict(x=rnd(1, 4, 2, 2, 2), **W))
    err("attention", "r2_heads_fraction", "mhsa", {"num_heads": 1.5}, dict(x=rnd(1, 3, 6), **{k_: v_ for p in ["q_proj", "k_proj", "v_proj", "out_proj"] for k_, v_ in lin(p, 6, 6).items()}))
    Wm = {}
    for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: Wm.update(lin(p, 4, 4))
    x1 = rnd(3, 1, 4)
    y, a_ = mhsa_ref(x1, Wm, 2, True)
    add("attention", "r2_mhsa_N1_causal", "mhsa", {"num_heads": 2, "causal": True}, dict(x=x1, **Wm), {"y": y, "attention": a_})
    W = cam_w(4, 1); x = rnd(2, 2, 4, 3, 2); cam = rnd(2, 2, 1)
    add("attention", "r2_cam_Dc1_all_frames_h4", "camera_cross_attention", {"num_heads": 4, "mode": "all_frames"}, dict(x=x, cam=cam, **W), {"y": cam_ref(x, cam, W, 4, "all_frames")})
    err("attention", "r2_lora_mhsa_missing_alpha", "lora_mhsa", {"num_heads": 2}, dict(x=rnd(1, 3, 8), **lora_mhsa_w(8, 2)))
    # perf: larger attention
    Wm = {}
    for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: Wm.update(lin(p, 64, 64, scale=0.1))
    xb = rnd(2, 200, 64)
    y, a_ = mhsa_ref(xb, Wm, 8, True)
    add("attention", "r2_perf_mhsa_n200_d64", "mhsa", {"num_heads": 8, "causal": True}, dict(x=xb, **Wm), {"y": y, "attention": a_})
    W = {}; W.update(lin("qkv", 48, 16, scale=0.2)); W.update(lin("proj", 16, 16, scale=0.2))
    xw = rnd(2, 16, 4, 8, 12)
    add("attention", "r2_perf_window", "window_attention", {"num_heads": 4, "window_size": [2, 4, 4]}, dict(x=xw, **W), {"y": window_ref(xw, W, 4, [2, 4, 4])})
    return q, k, v


def conv():
    """conv2d padding 'same'/'valid' and misspelt forms; unfold with every parameter per axis; even
    kernels; kT > T; batchnorm momentum 0; missing or unknown params; a larger conv2d."""
    x = rnd(2, 3, 5, 6); w = rnd(4, 3, 2, 4, scale=0.4)
    add("conv", "r2_padding_same_even_dil", "conv2d", {"padding": "same", "dilation": [1, 2]}, {"x": x, "weight": w}, {"y": F.conv2d(D(x), D(w), padding='same', dilation=(1, 2))})
    add("conv", "r2_padding_valid", "conv2d", {"padding": "valid"}, {"x": x, "weight": w}, {"y": F.conv2d(D(x), D(w), padding='valid')})
    err("conv", "r2_padding_same_stride2", "conv2d", {"padding": "same", "stride": 2}, {"x": x, "weight": w})
    err("conv", "r2_padding_bad_string", "conv2d", {"padding": "full"}, {"x": x, "weight": w})
    err("conv", "r2_stride_len3", "conv2d", {"stride": [1, 1, 1]}, {"x": x, "weight": w})
    err("conv", "r2_groups0", "conv2d", {"groups": 0}, {"x": x, "weight": w})
    err("conv", "r2_unknown_param", "conv2d", {"padding_mode": "reflect"}, {"x": x, "weight": w})
    err("conv", "r2_x_3d", "conv2d", {}, {"x": rnd(3, 5, 6), "weight": w})
    x = rnd(1, 2, 1, 1); w = rnd(3, 2, 1, 1); bb = rnd(3)
    add("conv", "r2_1x1_image", "conv2d", {}, {"x": x, "weight": w, "bias": bb}, {"y": F.conv2d(D(x), D(w), D(bb))})
    x = rnd(1, 2, 4, 5)
    add("conv", "r2_unfold_hw_all", "unfold", {"kernel_size": [1, 2], "stride": [2, 1], "padding": [0, 1], "dilation": [1, 3]}, {"x": x},
        {"y": F.unfold(D(x), (1, 2), dilation=(1, 3), padding=(0, 1), stride=(2, 1))})
    W = {"depth_conv.weight": rnd(3, 1, 2, 2), "depth_conv.bias": rnd(3), "pointwise_conv.weight": rnd(2, 3, 1, 1), "pointwise_conv.bias": rnd(2)}
    x = rnd(2, 3, 5, 4)
    add("conv", "r2_dsc_even_k2_s2", "depthwise_separable_conv", {"stride": 2}, dict(x=x, **W), {"y": dsc_ref(x, W, 2, 2)})
    err("conv", "r2_dsc_negative_stride", "depthwise_separable_conv", {"stride": -1}, dict(x=x, **W))
    err("conv", "r2_dsc_wrong_depth_channels", "depthwise_separable_conv", {}, dict(x=rnd(1, 4, 5, 4), **W))
    x = rnd(1, 2, 2, 1, 1); w = rnd(3, 2, 2, 3, 3); bb = rnd(3)
    add("conv", "r2_cd3_hw1", "causal_downsample3d", {}, {"x": x, "conv.weight": w, "conv.bias": bb}, {"y": cd3_ref(x, w, bb)})
    x = rnd(1, 1, 3, 6, 2); w = rnd(1, 1, 4, 1, 2); bb = rnd(1)
    add("conv", "r2_cd3_kT_gt_T", "causal_downsample3d", {}, {"x": x, "conv.weight": w, "conv.bias": bb}, {"y": cd3_ref(x, w, bb)})
    err("conv", "r2_cd3_channel_mismatch", "causal_downsample3d", {}, {"x": rnd(1, 2, 2, 4, 4), "conv.weight": rnd(1, 3, 1, 3, 3), "conv.bias": rnd(1)})
    # batchnorm momentum 0, eval with training false explicit, large B
    x = rnd(4, 3, 2, 3); Wb = {"weight": uni(3, lo=0.5, hi=1.5), "bias": rnd(3), "running_mean": rnd(3), "running_var": uni(3, lo=0.5, hi=2)}
    y, rm, rv = bn_ref(x, Wb, 1e-5, 0.0, True)
    add("conv", "r2_bn_momentum0", "batchnorm2d", {"training": True, "momentum": 0.0}, dict(x=x, **Wb), {"y": y, "running_mean": rm, "running_var": rv})
    err("conv", "r2_bn_unknown_param", "batchnorm2d", {"affine": False}, dict(x=x, **Wb))
    err("conv", "r2_layernorm_weight_len", "layernorm", {}, {"x": rnd(2, 4), "weight": rnd(3), "bias": rnd(4)})
    err("conv", "r2_ts_missing_dim", "timestep_embedding", {}, {"timesteps": torch.tensor([1.0])})
    err("conv", "r2_pe3_missing_bands", "positional_encoding_3d", {}, {"coords": rnd(1, 2, 3)})
    t = torch.tensor([-3.0, 0.0])
    add("conv", "r2_ts_negative_t_concat", "timestep_embedding", {"embedding_dim": 6, "layout": "concat"}, {"timesteps": t}, {"y": ts_ref(t, 6, "concat")})
    W = {"proj.weight": rnd(4, 3, 2, 2), "proj.bias": rnd(4), "cls_token": rnd(1, 1, 4), "pos_embed": rnd(1, 7, 4)}
    err("conv", "r2_pe_W_not_multiple", "patch_embed", {}, dict(x=rnd(1, 3, 4, 5), **W))
    err("conv", "r2_pe_channel_mismatch", "patch_embed", {}, dict(x=rnd(1, 2, 4, 6), **W))
    # perf conv
    x = rnd(2, 16, 64, 48); w = rnd(32, 16, 3, 3, scale=0.1); bb = rnd(32)
    add("conv", "r2_perf_conv", "conv2d", {"padding": 1, "stride": [1, 2]}, {"x": x, "weight": w, "bias": bb}, {"y": F.conv2d(D(x), D(w), D(bb), padding=1, stride=(1, 2))})


def geometry():
    """vectorized_warp with zero depths and points behind the camera, grid_sample on the border and
    outside it, an empty rotation path, singular K, zero opacity, 6d inputs of very different scales."""
    for nm, B, C, H, Wd, rotang, tvec in [("r2_zero_depth_pixels", 1, 2, 5, 4, 0.3, [0.1, 0.05, 0.0]), ("r2_big_rotation_behind", 1, 1, 4, 6, 2.5, [0.0, 0.0, 0.2])]:
        for attempt in range(200):
            src = rnd(B, C, H, Wd); depth = uni(B, 1, H, Wd, lo=0.5, hi=3.0)
            if "zero" in nm: depth[0, 0, 1, 1] = 0.0; depth[0, 0, 3, 2] = 0.0
            K = torch.tensor([[[float(Wd), 0.0, (Wd - 1) / 2], [0.0, float(H), (H - 1) / 2], [0, 0, 1]]])
            ax = [0, 0, 1] if "zero" in nm else [0, 1, 0]
            Tm = rigid(ax, rotang, tvec)[None]
            w_, m_, margin = vwarp_ref(src, depth, K, Tm)
            if margin > 2e-3: break
        assert margin > 2e-3
        add("geometry", nm, "vectorized_warp", {}, {"src_img": src, "depth": depth, "K": K, "T_1_to_2": Tm}, {"warped": w_, "mask": T(m_, integer=True)}, atol=5e-4)
    x = rnd(1, 2, 3, 4)
    grid = torch.tensor([[[[-1.0, -1.0], [1.0, 1.0], [5.0, 0.0], [-1.0, 1.0]], [[0.0, 0.0], [1.0, -1.0], [-1.2, -1.1], [0.999, 0.5]]]])
    for ac in [True, False]:
        add("geometry", f"r2_grid_boundaries_ac{ac}", "grid_sample", {"align_corners": ac}, {"input": x, "grid": grid}, {"y": F.grid_sample(D(x), D(grid), align_corners=ac)})
    x = rnd(2, 1, 1, 5); grid = uni(2, 1, 3, 2, lo=-1, hi=1)
    add("geometry", "r2_grid_H1", "grid_sample", {}, {"input": x, "grid": grid}, {"y": F.grid_sample(D(x), D(grid), align_corners=True)})
    err("geometry", "r2_grid_bad_last_dim", "grid_sample", {}, {"input": rnd(1, 1, 3, 3), "grid": rnd(1, 2, 2, 3)})
    err("geometry", "r2_grid_unknown_mode", "grid_sample", {"mode": "bicubic"}, {"input": rnd(1, 1, 3, 3), "grid": rnd(1, 2, 2, 2)})
    Rs = {"shape": [0, 3, 3], "data": []}
    add("geometry", "r2_empty_loop", "is_path_closed", {}, {"rotations": Rs}, {"closed": I(1), "total": torch.eye(3), "error": torch.tensor(0.0), "angle_deg": torch.tensor(0.0)})
    err("geometry", "r2_unproject_singular_K", "unproject_depth", {}, {"depth": uni(2, 2), "K": torch.zeros(3, 3), "T_world_to_cam": torch.eye(4)})
    err("geometry", "r2_warp_singular_K", "warp_pixel", {"u1": 1.0, "v1": 1.0, "d1": 1.0}, {"K": torch.tensor([[1.0, 0, 0], [0, 0, 0], [0, 0, 1]]), "T_1_to_2": torch.eye(4)})
    err("geometry", "r2_vwarp_singular_K", "vectorized_warp", {}, {"src_img": rnd(1, 1, 2, 2), "depth": uni(1, 1, 2, 2), "K": torch.zeros(1, 3, 3), "T_1_to_2": torch.eye(4)[None]})
    err("geometry", "r2_d2w_missing_d", "depth_to_world", {"u": 1.0, "v": 1.0}, {"K": Ks[0], "T_world_to_cam": torch.eye(4)})
    col = uni(2, 3, 3); op_ = torch.zeros(2, 3, 1)
    add("geometry", "r2_alpha_zero_opacity", "alpha_composite", {}, {"colors": col, "opacities": op_}, {"color": torch.zeros(2, 3), "transmittance": torch.ones(2, 3, 1)})
    err("geometry", "r2_alpha_N_mismatch", "alpha_composite", {}, {"colors": uni(1, 3, 3), "opacities": uni(1, 2, 1)})
    d6 = torch.tensor([[0.0, 0, 5, 0, 1, 1], [1e-3, 0, 0, 0, 1e3, 0]])
    add("geometry", "r2_6d_scales", "rotation_6d_to_matrix", {}, {"d6": d6}, {"R": rot6d_ref(d6)})


def detection():
    """Negative coordinates, thresholds outside [0, 1], empty inputs, Inf/NaN, and 1,500-2,000 boxes."""
    b = torch.tensor([[-5.0, -5, -1, -1], [-4, -4, 0, 0], [10, 10, 20, 20]])
    nms_case("r2_negative_coords_thrneg", b, torch.tensor([0.1, 0.9, 0.5]), -0.1)
    nms_case("r2_threshold_gt1", b, torch.tensor([0.1, 0.9, 0.5]), 1.5)
    bb = rboxes(2000, hi=500, wmax=40); ss = torch.randperm(2000, generator=g).float() / 2000
    nms_case("r2_perf_2000", bb, ss, 0.5)
    add("detection", "r2_bnms_empty", "batched_nms", {"iou_threshold": 0.5}, {"boxes": {"shape": [0, 4], "data": []}, "scores": {"shape": [0], "data": []}, "idxs": {"shape": [0], "data": []}}, {"keep": {"shape": [0], "data": []}})
    bb2 = rboxes(1500, hi=300, wmax=40); ss2 = torch.randperm(1500, generator=g).float() / 1500; ii2 = torch.randint(0, 20, (1500,), generator=g)
    bnms_case("r2_perf_1500_20cls", bb2, ss2, ii2, 0.6)
    err("detection", "r2_iou_inf", "box_iou", {}, {"boxes1": {"shape": [1, 4], "data": [0, 0, "Infinity", 1]}, "boxes2": torch.tensor([[0.0, 0, 1, 1]])})
    err("detection", "r2_bnms_nan_score_box", "batched_nms", {"iou_threshold": 0.5}, {"boxes": {"shape": [1, 4], "data": ["NaN", 0, 1, 1]}, "scores": torch.tensor([0.5]), "idxs": T(torch.tensor([0]))})
    b2 = rboxes(2)
    add("detection", "r2_iou_empty_rows", "box_iou", {}, {"boxes1": {"shape": [0, 4], "data": []}, "boxes2": b2}, {"iou": {"shape": [0, 2], "data": []}})


def losses():
    """Non-integer and out-of-range targets, label_smoothing outside [0, 1], confident wrong logits,
    identical views in info_nce, temperature 0, -3e38 in logsumexp."""
    err("losses", "r2_ce_nonint_target", "cross_entropy", {}, {"logits": rnd(2, 3), "targets": {"shape": [2], "data": [0.5, 1]}})
    err("losses", "r2_ce_unknown_param", "cross_entropy", {"reduction": "sum"}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1]))})
    err("losses", "r2_ce_ls_negative", "cross_entropy", {"label_smoothing": -0.1}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1]))})
    err("losses", "r2_ce_ls_gt1", "cross_entropy", {"label_smoothing": 1.5}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, 1]))})
    x = torch.tensor([[1e4, -1e4, 0.0], [0.0, 0.0, 0.0]]); t = torch.tensor([1, 2])
    add("losses", "r2_ce_wrong_class_1e4", "cross_entropy", {"label_smoothing": 0.3}, {"logits": x, "targets": T(t, integer=True)}, {"loss": F.cross_entropy(D(x), t, label_smoothing=0.3)})
    x = torch.tensor([[30.0, 0.0, 0.0], [-1e4, 1e4, 0.0]]); t = torch.tensor([0, 0])
    add("losses", "r2_focal_confident_and_wrong", "focal_loss", {"gamma": 2.0, "alpha": 0.25}, {"logits": x, "targets": T(t, integer=True)}, {"loss": focal_ref(x, t, 2.0, 0.25)})
    x = rnd(3, 4); t = torch.tensor([3, 0, 2])
    add("losses", "r2_focal_gamma_half", "focal_loss", {"gamma": 0.5}, {"logits": x, "targets": T(t, integer=True)}, {"loss": focal_ref(x, t, 0.5, 1.0)})
    err("losses", "r2_focal_negative_target", "focal_loss", {}, {"logits": rnd(2, 3), "targets": T(torch.tensor([0, -1]))})
    zi = rnd(3, 4); zj = zi.clone()
    add("losses", "r2_infonce_identical", "info_nce", {"temperature": 0.1}, {"z_i": zi, "z_j": zj}, {"loss": infonce_ref(zi, zj, 0.1)}, rtol=3e-4)
    err("losses", "r2_infonce_zero_temp", "info_nce", {"temperature": 0.0}, {"z_i": rnd(2, 3), "z_j": rnd(2, 3)})
    x = torch.tensor([[-3e38, -3e38, -3e38]])
    add("losses", "r2_lse_neg_max_float", "logsumexp", {}, {"x": x}, {"y": torch.logsumexp(D(x), 1)})
    err("losses", "r2_lse_nan", "logsumexp", {}, {"x": {"shape": [1, 2], "data": ["NaN", 0]}})


def lora():
    """Missing alpha or inputs; lora_B all zeros on a 4-d input."""
    err("lora", "r2_missing_alpha", "lora_linear", {}, {"x": rnd(2, 4), "base.weight": rnd(3, 4), "base.bias": rnd(3), "lora_A.weight": rnd(2, 4), "lora_B.weight": rnd(3, 2)})
    err("lora", "r2_flow_missing_input", "flow_cond_layer", {}, {"x": rnd(2, 4), "t": rnd(2)})
    x = rnd(2, 2, 2, 3); W = rnd(2, 3); bb = rnd(2); A = rnd(5, 3); Bm = torch.zeros(2, 5)
    add("lora", "r2_B_zero_4d", "lora_linear", {"alpha": 3.0}, {"x": x, "base.weight": W, "base.bias": bb, "lora_A.weight": A, "lora_B.weight": Bm}, {"y": F.linear(D(x), D(W), D(bb)), "merged_weight": W})


def complexity():
    """crossover_N against its closed form 2N > C(K^2 - 4); missing and fractional integers."""
    for (C, K) in [(7, 2), (100000, 300), (3, 5)]:
        Nx = max(1, (C * (K * K - 4)) // 2 + 1) if K * K - 4 >= 0 else 1
        # closed-form check: 2N > C(K^2-4)
        assert 2 * Nx > C * (K * K - 4) and (Nx == 1 or not 2 * (Nx - 1) > C * (K * K - 4))
        N = 12
        add("complexity", f"r2_cross_C{C}_K{K}", "cnn_vit_flops", {"N": N, "C": C, "K": K}, {},
            {"crossover_N": I(Nx), "conv2d": I(2 * N * K * K * C * C), "attention": I(8 * N * C * C + 4 * N * N * C)}, atol=0, rtol=0)
    err("complexity", "r2_mhsa_flops_missing_d", "mhsa_flops", {"n": 4, "heads": 2}, {})
    err("complexity", "r2_lora_costs_fraction", "lora_costs", {"d_in": 4.5, "d_out": 4, "r": 1, "N": 1, "L": 1}, {})


def cases():
    """All of the above in the order their inputs are drawn; returns what attention() returns."""
    diffusion()
    sdpa_qkv = attention()
    conv()
    geometry()
    detection()
    losses()
    lora()
    complexity()
    return sdpa_qkv
