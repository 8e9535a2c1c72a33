"""Value forms (family "forms"): integral floats where OPS.md says integer (num_heads 3.0,
targets as floats, stride 2.0, num_steps 10.0, expected keep indices as floats), 1 and 0
for booleans, a single-rotation path, and fractional values where an integer is required
(expect an error).
"""
import torch
import torch.nn.functional as F

from attention import mhsa_ref, sdpa_ref
from common import D, T, add_raw, err, lin, rnd, uni
from diffusion import sched_ref


def cases(sdpa_qkv):
    """sdpa_qkv: the sdpa query, key and value edges.attention() drew, reused by the causal = 1 case."""
    q, k, v = sdpa_qkv
    Wm = {}
    for p in ["q_proj", "k_proj", "v_proj", "out_proj"]: Wm.update(lin(p, 6, 6))
    x = rnd(2, 3, 6); y, a_ = mhsa_ref(x, Wm, 3, False)
    c = dict(name="audit/mhsa/forms_num_heads_float", op="mhsa", params={"num_heads": 3.0}, inputs={k_: T(v_) for k_, v_ in dict(x=x, **Wm).items()},
             expected={"y": T(y), "attention": T(a_)}, atol=1e-4, rtol=1e-4)
    add_raw("forms", c)
    x = rnd(3, 4); t = torch.tensor([0, 3, 2])
    tt = T(t); tt["data"] = [float(v) for v in tt["data"]]
    add_raw("forms", dict(name="audit/cross_entropy/forms_targets_as_floats", op="cross_entropy", params={}, inputs={"logits": T(x), "targets": tt},
                          expected={"loss": T(F.cross_entropy(D(x), t))}))
    xx = rnd(1, 2, 4, 4); ww = rnd(3, 2, 2, 2)
    add_raw("forms", dict(name="audit/conv2d/forms_stride_float", op="conv2d", params={"stride": 2.0, "padding": [1.0, 0.0]}, inputs={"x": T(xx), "weight": T(ww)},
                          expected={"y": T(F.conv2d(D(xx), D(ww), stride=2, padding=(1, 0)))}))
    b_, a2_, ab_ = sched_ref(10, "linear")
    add_raw("forms", dict(name="audit/noise_schedule/forms_num_steps_float", op="noise_schedule", params={"num_steps": 10.0}, inputs={},
                          expected={"betas": T(b_), "alphas": T(a2_), "alpha_bars": T(ab_)}))
    add_raw("forms", dict(name="audit/nms/forms_keep_as_float_expected", op="nms", params={"iou_threshold": 0.5},
                          inputs={"boxes": T(torch.tensor([[0.0, 0, 1, 1], [0, 0, 1, 1.1], [3, 3, 4, 4]])), "scores": T(torch.tensor([0.9, 0.8, 0.7]))},
                          expected={"keep": {"shape": [2], "data": [0.0, 2.0]}}))
    add_raw("forms", dict(name="audit/sdpa/forms_causal_as_1", op="sdpa", params={"causal": 1},
                          inputs={"query": T(q), "key": T(k), "value": T(v)}, expected=dict(zip(["output", "attention"], map(T, sdpa_ref(q, k, v, None, True))))))
    xg = rnd(1, 1, 3, 3); gg = uni(1, 2, 2, 2, lo=-1, hi=1)
    add_raw("forms", dict(name="audit/grid_sample/forms_align_corners_0", op="grid_sample", params={"align_corners": 0},
                          inputs={"input": T(xg), "grid": T(gg)}, expected={"y": T(F.grid_sample(D(xg), D(gg), align_corners=False))}))
    add_raw("forms", dict(name="audit/is_path_closed/forms_single_object_file_probe", op="is_path_closed", params={},
                          inputs={"rotations": T(torch.eye(3)[None])}, expected={"closed": {"shape": [], "data": [True]}}))
    err("forms", "num_heads_2.5", "mhsa", {"num_heads": 2.5}, dict(x=rnd(1, 3, 6), **Wm))
    err("forms", "targets_frac", "focal_loss", {}, {"logits": rnd(2, 3), "targets": {"shape": [2], "data": [0, 1.5]}})
