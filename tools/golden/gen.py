#!/usr/bin/python3
"""Regenerates testdata/conformance/*.json from real PyTorch.

Run with Debian's python3-torch: `/usr/bin/python3 tools/golden/gen.py` (or
`make golden`). Each module fam_<family>.py beside this file defines
cases() -> list of case dicts (see common.py) and is written to
testdata/conformance/<family>.json. Pass family names to regenerate only some.
"""
import glob
import importlib
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "testdata", "conformance")


def main(argv):
    sys.path.insert(0, HERE)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT, exist_ok=True)
    fams = sorted(os.path.basename(p)[4:-3] for p in glob.glob(os.path.join(HERE, "fam_*.py")))
    if argv:
        fams = [f for f in fams if f in argv]
    for fam in fams:
        torch.manual_seed(0)
        mod = importlib.import_module("fam_" + fam)
        cases = mod.cases()
        names = [c["name"] for c in cases]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise SystemExit(f"{fam}: duplicate case names {sorted(dup)}")
        path = os.path.join(OUT, fam + ".json")
        with open(path, "w") as f:
            f.write("[\n" + ",\n".join(json.dumps(c, allow_nan=False) for c in cases) + "\n]\n")
        print(f"{path}: {len(cases)} cases")


if __name__ == "__main__":
    main(sys.argv[1:])
