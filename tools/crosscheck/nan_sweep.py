"""The NaN sweep: the contract says a NaN or Inf input ends in a failed case, so for each op
this takes the first non-error case made so far, puts NaN first in its first float input,
and expects an error. Written to its own family, nan_sweep.json. Draws nothing from the RNG.
"""
import json

from common import FAM


def cases():
    seen = set(); sweep = []
    for fam in list(FAM):
        for c in FAM[fam]:
            if c.get("expect_error") or c["op"] in seen or not c["inputs"]: continue
            for k_, v_ in c["inputs"].items():
                if v_["data"] and k_ not in ("targets", "idxs"):
                    seen.add(c["op"])
                    cc = json.loads(json.dumps(c)); del cc["expected"]; cc.pop("atol"); cc.pop("rtol")
                    cc["inputs"][k_]["data"][0] = "NaN"; cc["expect_error"] = True
                    cc["name"] = f"audit/{c['op']}/err_nan_sweep_{k_}"
                    sweep.append(cc)
                    break
    FAM["nan_sweep"] = sweep
