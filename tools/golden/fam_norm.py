"""batchnorm2d (020) with nn.BatchNorm2d, layernorm (036) with nn.LayerNorm."""
import torch
import torch.nn as nn

from common import case, err_case, rand, state


def bn_module(c, seed, eps=1e-5, momentum=0.1):
    m = nn.BatchNorm2d(c, eps=eps, momentum=momentum)
    with torch.no_grad():
        m.weight.copy_(1 + 0.5 * rand(c, seed=seed))
        m.bias.copy_(0.5 * rand(c, seed=seed + 1))
        m.running_mean.copy_(0.3 * rand(c, seed=seed + 2))
        m.running_var.copy_(1.5 + 0.5 * rand(c, seed=seed + 3).abs())
    return m


def batchnorm_cases():
    out = []
    specs = [
        # name, x shape, x offset/scale, params
        ("train_default_momentum", (4, 3, 5, 6), 0.0, 1.0, {"training": True}),
        ("train_momentum_eps", (2, 5, 3, 7), 10.0, 3.0, {"training": True, "momentum": 0.3, "eps": 1e-3}),
        ("train_single_image", (1, 2, 3, 3), -1.0, 2.0, {"training": True}),
        ("train_batch_only", (6, 3, 1, 1), 0.5, 1.0, {"training": True}),
        ("train_momentum_one", (3, 2, 4, 5), 2.0, 0.5, {"training": True, "momentum": 1.0}),
        ("train_momentum_zero", (3, 2, 4, 5), 2.0, 0.5, {"training": True, "momentum": 0.0}),
        ("eval_default", (3, 4, 5, 5), 0.0, 1.0, {}),
        ("eval_explicit_eps", (2, 3, 4, 7), 1.0, 2.0, {"training": False, "eps": 1e-2}),
    ]
    for i, (name, xs, off, scale, p) in enumerate(specs):
        m = bn_module(xs[1], seed=10 * i, eps=p.get("eps", 1e-5), momentum=p.get("momentum", 0.1))
        m.train(p.get("training", False))
        inputs = {"x": off + scale * rand(*xs, seed=100 + i), **state(m)}
        with torch.no_grad():
            y = m(inputs["x"])
        out.append(case(f"batchnorm2d/{name}", "batchnorm2d", inputs,
                        {"y": y, "running_mean": m.running_mean, "running_var": m.running_var}, params=p))
    st = state(bn_module(3, seed=1))
    x = rand(2, 3, 4, 4)
    nan_x = x.clone()
    nan_x[1, 2, 0, 3] = float("nan")
    good = lambda **kw: {"x": x, **{**st, **kw}}
    no_rv = {k: v for k, v in st.items() if k != "running_var"}
    out += [
        err_case("batchnorm2d/weight_length", "batchnorm2d", good(weight=rand(4)), contains="weight"),
        err_case("batchnorm2d/running_var_length", "batchnorm2d", good(running_var=rand(2).abs()), contains="running_var"),
        err_case("batchnorm2d/x_3d", "batchnorm2d", good(x=rand(3, 4, 4))),
        err_case("batchnorm2d/negative_eps", "batchnorm2d", good(), {"eps": -1e-5}, contains="eps"),
        err_case("batchnorm2d/momentum_out_of_range", "batchnorm2d", good(), {"momentum": 1.5}, contains="momentum"),
        err_case("batchnorm2d/train_one_value_per_channel", "batchnorm2d", good(x=rand(1, 3, 1, 1)), {"training": True}),
        err_case("batchnorm2d/nan_input", "batchnorm2d", good(x=nan_x), {"training": True}),
        err_case("batchnorm2d/training_not_bool", "batchnorm2d", good(), {"training": "yes"}),
        err_case("batchnorm2d/missing_running_var", "batchnorm2d", {"x": x, **no_rv}),
        err_case("batchnorm2d/unknown_param", "batchnorm2d", good(), {"affine": True}),
    ]
    return out


def layernorm_cases():
    out = []
    specs = [
        ("b4_d8", (4, 8), 0.0, 1.0, {}),
        ("b3_d5_eps", (3, 5), 0.0, 2.0, {"eps": 1e-3}),
        ("large_offset", (2, 16), 100.0, 1.0, {}),
        ("d1_constant_rows", (5, 1), 0.0, 1.0, {}),
        ("b1_d33", (1, 33), -3.0, 5.0, {"eps": 1e-6}),
    ]
    for i, (name, xs, off, scale, p) in enumerate(specs):
        m = nn.LayerNorm(xs[1], eps=p.get("eps", 1e-5))
        with torch.no_grad():
            m.weight.copy_(1 + 0.5 * rand(xs[1], seed=20 + i))
            m.bias.copy_(0.5 * rand(xs[1], seed=30 + i))
        x = off + scale * rand(*xs, seed=40 + i)
        with torch.no_grad():
            y = m(x)
        out.append(case(f"layernorm/{name}", "layernorm", {"x": x, **state(m)}, {"y": y}, params=p))
    st = state(nn.LayerNorm(6))
    x = rand(3, 6)
    inf_x = x.clone()
    inf_x[2, 1] = float("inf")
    out += [
        err_case("layernorm/weight_length", "layernorm", {"x": x, **st, "weight": rand(5)}, contains="weight"),
        err_case("layernorm/bias_length", "layernorm", {"x": x, **st, "bias": rand(7)}, contains="bias"),
        err_case("layernorm/negative_eps", "layernorm", {"x": x, **st}, {"eps": -1e-5}, contains="eps"),
        err_case("layernorm/inf_input", "layernorm", {"x": inf_x, **st}),
        err_case("layernorm/missing_bias", "layernorm", {"x": x, "weight": st["weight"]}),
        err_case("layernorm/unknown_param", "layernorm", {"x": x, **st}, {"elementwise_affine": False}),
    ]
    return out


def cases():
    return batchnorm_cases() + layernorm_cases()
