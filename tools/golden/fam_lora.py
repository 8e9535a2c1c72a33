"""lora_linear (problem 013) with nn.Linear modules and its backward through autograd
(lora_linear_backward), flow_cond_layer (problem 033) as an nn.Module."""
import math

import torch
from torch import nn

from common import case, err_case, rand, state


class LoRALinear(nn.Module):
    def __init__(self, d_in, d_out, r, alpha):
        super().__init__()
        self.base = nn.Linear(d_in, d_out)
        self.lora_A = nn.Linear(d_in, r, bias=False)
        self.lora_B = nn.Linear(r, d_out, bias=False)
        self.scale = alpha / r

    def forward(self, x):
        return self.base(x) + self.scale * self.lora_B(self.lora_A(x))

    def merged(self):
        return self.base.weight + self.scale * (self.lora_B.weight @ self.lora_A.weight)


class FlowCondLayer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.d = d
        self.time_mlp = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, d))
        self.ada_norm = nn.Linear(d, 2 * d)
        self.out_layer = nn.Linear(d, d)

    def embed(self, t):
        half = self.d // 2
        # frequencies in float64 rounded once, like the Go side; D/2 in the denominator.
        f = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float64) / half).float()
        ang = t[:, None].float() * f[None, :]
        return torch.cat([torch.sin(ang.double()), torch.cos(ang.double())], dim=1).float()

    def forward(self, x, t):
        gamma, beta = self.ada_norm(self.time_mlp(self.embed(t))).chunk(2, dim=-1)
        return self.out_layer(x * (1 + gamma) + beta)


def lora_inputs(m, x):
    return {"x": x, **state(m)}


def lora_backward(m, x, grad_y):
    """The gradients autograd gives the trainable factors and the input of a LoRA
    layer whose base is frozen, for upstream gradient grad_y."""
    m.base.weight.requires_grad_(False)
    m.base.bias.requires_grad_(False)
    m.zero_grad(set_to_none=True)
    x = x.clone().requires_grad_(True)
    m(x).backward(grad_y)
    return {"lora_A.weight.grad": m.lora_A.weight.grad.clone(), "lora_B.weight.grad": m.lora_B.weight.grad.clone(),
            "x.grad": x.grad.clone()}


def backward_cases():
    out = []
    for i, (name, d_in, d_out, r, alpha, xshape, zero_b) in enumerate([
            ("rows", 8, 6, 2, 8.0, (32, 8), False),
            ("batch_seq", 16, 12, 4, 8.0, (2, 5, 16), False),
            ("rank1", 7, 9, 1, 1.0, (3, 7), False),
            ("vector_x", 10, 6, 2, 4.0, (10,), False),
            ("rank8_alpha16", 32, 24, 8, 16.0, (2, 3, 4, 32), False),
            # B = 0 at initialisation: A gets no gradient, B does.
            ("b_zero_first_step", 8, 5, 3, 6.0, (4, 8), True)]):
        torch.manual_seed(500 + i)
        m = LoRALinear(d_in, d_out, r, alpha)
        nn.init.normal_(m.lora_B.weight, std=0.5)
        if zero_b:
            nn.init.zeros_(m.lora_B.weight)
        x = rand(*xshape, seed=600 + i)
        grad_y = rand(*xshape[:-1], d_out, seed=700 + i)
        inputs = {**lora_inputs(m, x), "grad_y": grad_y}
        out.append(case(f"lora_linear_backward/{name}", "lora_linear_backward", inputs,
                        lora_backward(m, x, grad_y), params={"alpha": alpha}))
    torch.manual_seed(8)
    m = LoRALinear(6, 4, 2, 2.0)
    good = {**lora_inputs(m, rand(3, 6, seed=1)), "grad_y": rand(3, 4, seed=2)}
    out += [
        err_case("lora_linear_backward/grad_y_out_mismatch", "lora_linear_backward",
                 {**good, "grad_y": rand(3, 5, seed=3)}, {"alpha": 2.0}, contains="grad_y"),
        err_case("lora_linear_backward/grad_y_rows_mismatch", "lora_linear_backward",
                 {**good, "grad_y": rand(2, 4, seed=3)}, {"alpha": 2.0}, contains="grad_y"),
        err_case("lora_linear_backward/rank_mismatch", "lora_linear_backward",
                 {**good, "lora_B.weight": rand(4, 3, seed=2)}, {"alpha": 2.0}, contains="r"),
        err_case("lora_linear_backward/missing_grad_y", "lora_linear_backward",
                 {k: v for k, v in good.items() if k != "grad_y"}, {"alpha": 2.0}),
        err_case("lora_linear_backward/missing_alpha", "lora_linear_backward", good, {}),
    ]
    return out


def cases():
    out = []
    with torch.no_grad():
        for i, (name, d_in, d_out, r, alpha, xshape, zero_b) in enumerate([
                ("batch_seq", 16, 12, 4, 8.0, (2, 5, 16), False),
                ("rank1_2d", 7, 9, 1, 1.0, (3, 7), False),
                ("vector_x", 10, 6, 2, 4.0, (10,), False),
                ("rank8_alpha16", 32, 24, 8, 16.0, (2, 3, 4, 32), False),
                ("b_zero_is_base", 8, 5, 3, 6.0, (4, 8), True)]):
            torch.manual_seed(100 + i)
            m = LoRALinear(d_in, d_out, r, alpha)
            nn.init.normal_(m.lora_B.weight, std=0.5)
            if zero_b:
                nn.init.zeros_(m.lora_B.weight)
            x = rand(*xshape, seed=200 + i)
            out.append(case(f"lora_linear/{name}", "lora_linear", lora_inputs(m, x),
                            {"y": m(x), "merged_weight": m.merged()}, params={"alpha": alpha}))
        torch.manual_seed(7)
        m = LoRALinear(6, 4, 2, 2.0)
        good = lora_inputs(m, rand(3, 6, seed=1))
        out += [
            err_case("lora_linear/rank_mismatch", "lora_linear", {**good, "lora_B.weight": rand(4, 3, seed=2)},
                     {"alpha": 2.0}, contains="r"),
            err_case("lora_linear/A_in_mismatch", "lora_linear", {**good, "lora_A.weight": rand(2, 5, seed=2)},
                     {"alpha": 2.0}, contains="lora_A"),
            err_case("lora_linear/B_out_mismatch", "lora_linear", {**good, "lora_B.weight": rand(5, 2, seed=2)},
                     {"alpha": 2.0}, contains="lora_B"),
            err_case("lora_linear/x_in_mismatch", "lora_linear", {**good, "x": rand(3, 5, seed=2)},
                     {"alpha": 2.0}, contains="x"),
            err_case("lora_linear/bias_size", "lora_linear", {**good, "base.bias": rand(5, seed=2)},
                     {"alpha": 2.0}, contains="base.bias"),
            err_case("lora_linear/weight_not_2d", "lora_linear", {**good, "base.weight": rand(24, seed=2)},
                     {"alpha": 2.0}),
            err_case("lora_linear/missing_alpha", "lora_linear", good, {}),
            err_case("lora_linear/missing_B", "lora_linear",
                     {k: v for k, v in good.items() if k != "lora_B.weight"}, {"alpha": 2.0}),
            err_case("lora_linear/rank_zero", "lora_linear",
                     {**good, "lora_A.weight": torch.zeros(0, 6), "lora_B.weight": torch.zeros(4, 0)}, {"alpha": 2.0}),
        ]
    out += backward_cases()
    with torch.no_grad():

        for i, (name, b, d, t) in enumerate([
                ("b3_d8", 3, 8, [0.0, 0.25, 1.0]),
                ("b2_d16", 2, 16, [0.5, 0.9]),
                ("b4_d6_odd_half", 4, 6, [0.1, 0.2, 0.7, 0.3]),
                ("b1_d32_large_t", 1, 32, [37.0])]):
            torch.manual_seed(300 + i)
            m = FlowCondLayer(d)
            x = rand(b, d, seed=400 + i)
            tt = torch.tensor(t)
            out.append(case(f"flow_cond_layer/{name}", "flow_cond_layer", {"x": x, "t": tt, **state(m)},
                            {"y": m(x, tt)}))
        torch.manual_seed(9)
        m = FlowCondLayer(8)
        good = {"x": rand(2, 8, seed=1), "t": torch.tensor([0.1, 0.4]), **state(m)}
        out += [
            err_case("flow_cond_layer/t_length", "flow_cond_layer", {**good, "t": torch.tensor([0.1, 0.2, 0.3])},
                     contains="t"),
            err_case("flow_cond_layer/ada_norm_not_2D", "flow_cond_layer",
                     {**good, "ada_norm.weight": rand(8, 8, seed=3)}, contains="ada_norm"),
            err_case("flow_cond_layer/time_mlp_shape", "flow_cond_layer",
                     {**good, "time_mlp.2.weight": rand(8, 6, seed=3)}, contains="time_mlp.2"),
            err_case("flow_cond_layer/odd_D", "flow_cond_layer",
                     {**state(FlowCondLayer(7)), "x": rand(2, 7, seed=1), "t": torch.tensor([0.1, 0.4])}, contains="even"),
            err_case("flow_cond_layer/missing_bias", "flow_cond_layer",
                     {k: v for k, v in good.items() if k != "out_layer.bias"}),
            err_case("flow_cond_layer/x_3d", "flow_cond_layer", {**good, "x": rand(2, 1, 8, seed=1)}),
        ]
    return out
