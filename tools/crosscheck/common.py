"""Shared by every cross-check module: the RNG, tensor encoding, case records,
and writing the families to CROSSCHECK_OUT.

All random inputs come from the one generator `g`. The modules draw from it in
the order the entry points call them, so that order fixes every case: adding a
case anywhere but at the end of the sequence changes the cases after it.
"""
import json
import os

import torch

torch.set_grad_enabled(False)
g = torch.Generator().manual_seed(20261125)
OUT = os.environ.get('CROSSCHECK_OUT', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'out'))
FAM = {}  # family (output file name without .json) -> list of cases, in the order they were made

# Families written to OUT/ambiguous/ instead of OUT: cases beyond the letter of OPS.md
# that the project may refuse (not committed).
AMBIGUOUS = ('generalize',)


def rnd(*shape, scale=1.0):
    return (torch.randn(*shape, generator=g) * scale).float()


def uni(*shape, lo=0.0, hi=1.0):
    return (torch.rand(*shape, generator=g) * (hi - lo) + lo).float()


def T(t, integer=False):
    t = torch.as_tensor(t)
    if t.dtype == torch.bool: t = t.to(torch.int64)
    flat = t.reshape(-1).tolist()
    if integer or not t.is_floating_point():
        data = [int(v) for v in flat]
    else:
        data = [float(v) for v in flat]
    return {"shape": list(t.shape), "data": data}


def I(v):
    """A scalar integer tensor."""
    return {"shape": [], "data": [int(v)]}


def D(t): return t.double()


def add(fam, name, op, params, inputs, expected, atol=1e-4, rtol=1e-4):
    c = {"name": f"audit/{op}/{name}", "op": op, "params": params,
         "inputs": {k: (v if isinstance(v, dict) else T(v)) for k, v in inputs.items()},
         "expected": {k: (v if isinstance(v, dict) else T(v)) for k, v in expected.items()},
         "atol": atol, "rtol": rtol}
    FAM.setdefault(fam, []).append(c)


def err(fam, name, op, params, inputs, contains=None):
    c = {"name": f"audit/{op}/err_{name}", "op": op, "params": params,
         "inputs": {k: (v if isinstance(v, dict) else T(v)) for k, v in inputs.items()},
         "expect_error": True}
    if contains: c["error_contains"] = contains
    FAM.setdefault(fam, []).append(c)


def add_raw(fam, case):
    """A case written out in full, for forms add() cannot produce (no tolerances, float data where ints go)."""
    FAM.setdefault(fam, []).append(case)


def lin(pfx, o, i, bias=True, scale=0.3):
    """Weights of a linear layer named pfx: pfx.weight (o x i) and, with bias, pfx.bias."""
    d = {pfx + ".weight": rnd(o, i, scale=scale)}
    if bias: d[pfx + ".bias"] = rnd(o, scale=0.1)
    return d


def write_families(indent=None):
    """Writes each family in FAM to OUT/<family>.json (AMBIGUOUS ones under OUT/ambiguous/)."""
    for fam, cases in FAM.items():
        dst = os.path.join(OUT, 'ambiguous') if fam in AMBIGUOUS else OUT
        os.makedirs(dst, exist_ok=True)
        with open(os.path.join(dst, fam + ".json"), "w") as fh:
            json.dump(cases, fh, indent=indent)
        print(fam, len(cases), sum(1 for c in cases if c.get("expect_error")))
