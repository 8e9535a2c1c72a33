"""The cases written from the contract rows of OPS.md, one module per family.

cases() makes them in the order their random inputs were first drawn; gen_fuzz.py
runs it too (and drops the result) because its cases continue the same RNG stream.
"""
import attention
import complexity
import conv
import detection
import diffusion
import geometry
import lora
import losses

FAMILIES = (attention, conv, diffusion, geometry, detection, losses, lora, complexity)


def cases():
    for family in FAMILIES:
        family.cases()
