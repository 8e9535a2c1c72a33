#!/usr/bin/python3
"""Independent cross-check cases, written from OPS.md alone; expected outputs from torch 1.13
and torchvision 0.14. Writes one JSON file per family to $CROSSCHECK_OUT (default ./out).

Every random input comes from one seeded generator, in the order of the calls below: a new
case goes at the end, or the cases after it change.
"""
import affine_extrinsics
import batched_nms_paths
import contract
import contract_errors
import edges
import float32_references
import gemm_sizes
import generalize
import nan_sweep
import optional_params
import ties_and_limits
import value_forms
from common import write_families


def main():
    contract.cases()
    sdpa_qkv = edges.cases()
    nan_sweep.cases()  # over the cases above only
    value_forms.cases(sdpa_qkv)
    ties_and_limits.cases()
    affine_extrinsics.cases()
    generalize.shapes()
    gemm_sizes.cases()
    contract_errors.cases()
    generalize.explicit_defaults()
    batched_nms_paths.path_switch()
    float32_references.cases()
    optional_params.cases()
    batched_nms_paths.many_ties()
    write_families(indent=1)


if __name__ == "__main__":
    main()
