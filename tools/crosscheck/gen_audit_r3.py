# ---- round 3: value forms, ties, torchvision quirks, acos clamping, big integers
# integral floats for int params / int tensors  (file: forms.json)
Wm = {}
for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: Wm.update(lin(p, 6, 6))
x = rnd(2, 3, 6); y, a_ = mhsa_ref(x, Wm, 3, False)
c = dict(name="audit/mhsa/forms_num_heads_float", op="mhsa", params={"num_heads": 3.0}, inputs={k_: T(v_) for k_, v_ in dict(x=x, **Wm).items()},
         expected={"y": T(y), "attention": T(a_)}, atol=1e-4, rtol=1e-4)
FAM.setdefault("forms", []).append(c)
x = rnd(3, 4); t = torch.tensor([0, 3, 2])
tt = T(t); tt["data"] = [float(v) for v in tt["data"]]
FAM["forms"].append(dict(name="audit/cross_entropy/forms_targets_as_floats", op="cross_entropy", params={}, inputs={"logits": T(x), "targets": tt},
                         expected={"loss": T(F.cross_entropy(D(x), t))}))
xx = rnd(1, 2, 4, 4); ww = rnd(3, 2, 2, 2)
FAM["forms"].append(dict(name="audit/conv2d/forms_stride_float", op="conv2d", params={"stride": 2.0, "padding": [1.0, 0.0]}, inputs={"x": T(xx), "weight": T(ww)},
                         expected={"y": T(F.conv2d(D(xx), D(ww), stride=2, padding=(1, 0)))}))
b_, a2_, ab_ = sched_ref(10, "linear")
FAM["forms"].append(dict(name="audit/noise_schedule/forms_num_steps_float", op="noise_schedule", params={"num_steps": 10.0}, inputs={},
                         expected={"betas": T(b_), "alphas": T(a2_), "alpha_bars": T(ab_)}))
FAM["forms"].append(dict(name="audit/nms/forms_keep_as_float_expected", op="nms", params={"iou_threshold": 0.5},
                         inputs={"boxes": T(torch.tensor([[0.0, 0, 1, 1], [0, 0, 1, 1.1], [3, 3, 4, 4]])), "scores": T(torch.tensor([0.9, 0.8, 0.7]))},
                         expected={"keep": {"shape": [2], "data": [0.0, 2.0]}}))
FAM["forms"].append(dict(name="audit/sdpa/forms_causal_as_1", op="sdpa", params={"causal": 1},
                         inputs={"query": T(q), "key": T(k), "value": T(v)}, expected=dict(zip(["output", "attention"], map(T, sdpa_ref(q, k, v, None, True))))))
xg = rnd(1, 1, 3, 3); gg = uni(1, 2, 2, 2, lo=-1, hi=1)
FAM["forms"].append(dict(name="audit/grid_sample/forms_align_corners_0", op="grid_sample", params={"align_corners": 0},
                         inputs={"input": T(xg), "grid": T(gg)}, expected={"y": T(F.grid_sample(D(xg), D(gg), align_corners=False))}))
FAM["forms"].append(dict(name="audit/is_path_closed/forms_single_object_file_probe", op="is_path_closed", params={},
                         inputs={"rotations": T(torch.eye(3)[None])}, expected={"closed": {"shape": [], "data": [True]}}))
err("forms", "num_heads_2.5", "mhsa", {"num_heads": 2.5}, dict(x=rnd(1, 3, 6), **Wm))
err("forms", "targets_frac", "focal_loss", {}, {"logits": rnd(2, 3), "targets": {"shape": [2], "data": [0, 1.5]}})

# nms ties (torchvision sorts stably: equal scores -> lower index first)
nms_case("r3_ties_stable", torch.tensor([[0.0, 0, 1, 1], [5, 5, 6, 6], [0, 0, 1, 1], [5, 5, 6, 6]]), torch.tensor([0.5, 0.5, 0.5, 0.5]), 0.5)
nms_case("r3_ties_reverse", torch.tensor([[5.0, 5, 6, 6], [0, 0, 1, 1], [0, 0, 1.05, 1], [5, 5, 6.1, 6]]), torch.tensor([0.3, 0.7, 0.7, 0.3]), 0.5)
bnms_case("r3_bnms_ties", torch.tensor([[0.0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3]]), torch.tensor([0.5, 0.5, 0.5, 0.5]), torch.tensor([1, 0, 1, 0]), 0.5)
# torchvision coordinate-trick quirk: negative coords leak suppression across classes
bnms_case("r3_bnms_negative_coords_tv_quirk", torch.tensor([[-10.0, -10, 0, 0], [-10, -10, 0, 0]]), torch.tensor([0.9, 0.8]), torch.tensor([0, 1]), 0.5)
bnms_case("r3_bnms_positive_coords", torch.tensor([[0.0, 0, 10, 10], [0, 0, 10, 10]]), torch.tensor([0.9, 0.8]), torch.tensor([0, 1]), 0.5)

# is_path_closed: acos clamping at 180 deg and at ~0
Rpi = rotm([1, 1, 1], math.pi).float()
c_, tot, e, ang = ipc_ref(Rpi[None], 1e-6)
add("geometry", "r3_180deg", "is_path_closed", {}, {"rotations": Rpi[None]}, {"closed": I(0), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(180.0)}, atol=0.05, rtol=0)
for ax in ([1, 2, 3], [0.3, -1, 0.2], [5, 1, -2], [1, 0, 0.001]):
    R = rotm(ax, 0.9137).float()
    Rs = torch.stack([R, R.T, R, R.T])
    tt_ = D(Rs[3]) @ D(Rs[2]) @ D(Rs[1]) @ D(Rs[0])
    if tt_.trace() > 3 - 1e-9:
        break
c_, tot, e, ang = ipc_ref(Rs, 1e-3)
add("geometry", "r3_near_identity_trace", "is_path_closed", {"tol": 1e-3}, {"rotations": Rs}, {"closed": I(1), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(0.0)}, atol=0.1, rtol=0)

# big integers beyond 2^53 (still int64)
n, d = 3000001, 4097
P, S = 6 * n * d * d, 2 * n * n * d
add("complexity", "r3_beyond_2p53", "mhsa_flops", {"n": n, "d": d, "heads": 1}, {}, {"projections": I(P), "scores": I(S), "weighted_sum": I(S), "output_projection": I(2 * n * d * d), "total": I(P + 2 * S + 2 * n * d * d)}, atol=0, rtol=0)
# crossover must not loop
add("complexity", "r3_cross_huge", "cnn_vit_flops", {"N": 1, "C": 1000000, "K": 2000, "T": 1, "Kt": 1}, {},
    {"crossover_N": I(1000000 * (2000 * 2000 - 4) // 2 + 1)}, atol=0, rtol=0)
