"""Helpers shared by the golden-case generators (OPS.md case format)."""
import math

import torch


def T(x):
    """A tensor (or number / nested list) as {"shape": [...], "data": [...]}."""
    if not isinstance(x, torch.Tensor):
        x = torch.tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int64)
    shape = list(x.shape)
    flat = x.detach().reshape(-1).tolist()
    return {"shape": shape, "data": [_num(v) for v in flat]}


def _num(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def case(name, op, inputs, expected, params=None, atol=None, rtol=None):
    c = {"name": name, "op": op, "params": params or {},
         "inputs": {k: T(v) for k, v in inputs.items()},
         "expected": {k: T(v) for k, v in expected.items()}}
    if atol is not None:
        c["atol"] = atol
    if rtol is not None:
        c["rtol"] = rtol
    return c


def err_case(name, op, inputs, params=None, contains=None):
    """A bad-input case: passes only if the op returns an error."""
    c = {"name": name, "op": op, "params": params or {},
         "inputs": {k: (v if isinstance(v, dict) else T(v)) for k, v in inputs.items()},
         "expect_error": True}
    if contains:
        c["error_contains"] = contains
    return c


def rand(*shape, seed=None, scale=1.0):
    g = torch.Generator().manual_seed(seed if seed is not None else 0)
    return torch.randn(*shape, generator=g) * scale


def state(module, prefix=""):
    """A module's state_dict as case inputs, keys prefixed."""
    return {prefix + k: v.detach().clone() for k, v in module.state_dict().items()
            if not k.endswith("num_batches_tracked")}
