#!/usr/bin/python3
"""Randomised differential cases against torch, written to $CROSSCHECK_OUT/fuzz_*.json.

The tensors continue the shared generator's stream where gen_audit.py's contract cases
leave it, so those are made first and dropped; sizes and options come from Random(7).
"""
import random

import contract
import fuzz
from common import FAM, write_families


def main():
    contract.cases()
    FAM.clear()
    R = random.Random(7)
    fuzz.detection(R)
    fuzz.conv(R)
    fuzz.attention(R)
    fuzz.geometry(R)
    fuzz.losses(R)
    write_families()


if __name__ == "__main__":
    main()
