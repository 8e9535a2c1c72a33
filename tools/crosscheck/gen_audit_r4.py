# ---- round 4: non-rigid extrinsics, shape generalisations (ambiguous), tighter tolerances
A = torch.tensor([[1.3, 0.2, -0.1, 0.5], [0.1, 0.8, 0.3, -1.0], [-0.2, 0.1, 1.1, 2.0], [0, 0, 0, 1]])
for i, (K, Tm, u, v, d) in enumerate([(Ks[1], A, 33.0, 12.0, 3.0), (Ks[2], A.T.contiguous() * 0 + torch.tensor([[2.0, 0, 0, 1], [0, 0.5, 0, 0], [0, 0, 1, -1], [0, 0, 0, 1]]), 1.0, 2.0, 4.0)]):
    p = D(K).inverse() @ torch.tensor([u, v, 1.0], dtype=torch.float64) * d
    pw = D(Tm).inverse() @ torch.cat([p, torch.ones(1, dtype=torch.float64)])
    add("geometry", f"r4_affine_T{i}", "depth_to_world", {"u": u, "v": v, "d": d}, {"K": K, "T_world_to_cam": Tm}, {"p_world": pw[:3]}, atol=1e-3)
H, Wd = 2, 3; depth = uni(H, Wd, lo=1, hi=2)
vv, uu = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(Wd, dtype=torch.float64), indexing='ij')
pix = torch.stack([uu.flatten(), vv.flatten(), torch.ones(H * Wd, dtype=torch.float64)], 0)
P_ = D(Ks[2]).inverse() @ pix * D(depth).flatten()
Pw = D(A).inverse() @ torch.cat([P_, torch.ones(1, H * Wd, dtype=torch.float64)])
add("geometry", "r4_affine_T", "unproject_depth", {}, {"depth": depth, "K": Ks[2], "T_world_to_cam": A}, {"points": Pw[:3].T}, atol=1e-3)
P = D(Ks[2]).inverse() @ torch.tensor([1.0, 2.0, 1.0], dtype=torch.float64) * 2.0
P2 = D(A)[:3, :3] @ P + D(A)[:3, 3]; qq = D(Ks[2]) @ P2
add("geometry", "r4_affine_T", "warp_pixel", {"u1": 1.0, "v1": 2.0, "d1": 2.0}, {"K": Ks[2], "T_1_to_2": A}, {"uv": qq[:2] / qq[2], "depth": P2[2:3]}, atol=1e-3)

# generalisations a test writer may try (contract gives one shape; file generalize.json)
x = rnd(2, 3, 5); w = uni(5); b = rnd(5)
add("generalize", "layernorm_3d_input", "layernorm", {}, {"x": x, "weight": w, "bias": b}, {"y": F.layer_norm(D(x), (5,), D(w), D(b))})
c = uni(4, 3)
add("generalize", "pe3d_2d_coords", "positional_encoding_3d", {"num_bands": 2}, {"coords": c}, {"y": pe3_ref(c, 2)})
x = rnd(2, 3, 4); t = torch.tensor([[0, 1, 2], [3, 3, 0]])
add("generalize", "logsumexp_3d", "logsumexp", {}, {"x": x}, {"y": torch.logsumexp(D(x), -1)})
q, k, v = rnd(2, 2, 3, 4), rnd(2, 2, 5, 4), rnd(2, 2, 5, 3)
mask = (torch.rand(2, 1, 3, 5, generator=g) > 0.3); mask[..., 0] = True
s_ = D(q) @ D(k).transpose(-1, -2) / 2.0
a_ = torch.softmax(s_.masked_fill(~mask, float('-inf')), -1)
add("generalize", "sdpa_mask_B1SS2", "sdpa", {}, {"query": q, "key": k, "value": v, "mask": mask}, {"output": a_ @ D(v), "attention": a_})
q3, k3, v3 = rnd(2, 3, 4), rnd(2, 5, 4), rnd(2, 5, 3)
o3, a3 = sdpa_ref(q3[:, None], k3[:, None], v3[:, None])
add("generalize", "sdpa_3d_no_heads", "sdpa", {}, {"query": q3, "key": k3, "value": v3}, {"output": o3[:, 0], "attention": a3[:, 0]})
x = rnd(2, 3, 4, 5); tt_ = torch.randint(0, 3, (2, 4, 5), generator=g)
add("generalize", "cross_entropy_NCHW", "cross_entropy", {}, {"logits": x, "targets": T(tt_, integer=True)}, {"loss": F.cross_entropy(D(x), tt_)})
x = rnd(1, 2, 4, 4)
add("generalize", "dsc_stride_hw", "depthwise_separable_conv", {"stride": [1, 2]}, dict(x=x, **{"depth_conv.weight": (w1 := rnd(2, 1, 3, 3)), "depth_conv.bias": (b1 := rnd(2)), "pointwise_conv.weight": (w2 := rnd(3, 2, 1, 1)), "pointwise_conv.bias": (b2 := rnd(3))}),
    {"y": F.conv2d(F.conv2d(D(x), D(w1), D(b1), stride=(1, 2), padding=1, groups=2), D(w2), D(b2))})
W = {}; W.update(lin("qkv", 12, 4)); W.update(lin("proj", 4, 4)); xw = rnd(1, 4, 2, 2, 2)
add("generalize", "window_size_int", "window_attention", {"num_heads": 2, "window_size": 2}, dict(x=xw, **W), {"y": window_ref(xw, W, 2, [2, 2, 2])})
