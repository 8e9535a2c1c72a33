"""Error rows of OPS.md not yet covered, one case each: zero heads in camera_cross_attention
and lora_mhsa, H not divisible by the window, a singular T in unproject_depth, a singular K
in the second batch of vectorized_warp, zero stride, dilation or kernel size, and a target
equal to the class count.
"""
import torch

from attention import cam_w, lora_mhsa_w
from common import T, err, lin, rnd, uni
from geometry import Ks


def cases():
    W = cam_w(4, 3)
    err("attention", "r6_cam_zero_heads", "camera_cross_attention", {"num_heads": 0}, dict(x=rnd(1, 2, 4, 2, 2), cam=rnd(1, 2, 3), **W))
    err("attention", "r6_lora_mhsa_zero_heads", "lora_mhsa", {"num_heads": 0, "alpha": 1.0}, dict(x=rnd(1, 3, 8), **lora_mhsa_w(8, 2)))
    W = {}; W.update(lin("qkv", 12, 4)); W.update(lin("proj", 4, 4))
    err("attention", "r6_H_not_divisible", "window_attention", {"num_heads": 2, "window_size": [1, 2, 1]}, dict(x=rnd(1, 4, 2, 3, 2), **W))
    err("geometry", "r6_unproject_singular_T", "unproject_depth", {}, {"depth": uni(2, 2), "K": Ks[0], "T_world_to_cam": torch.tensor([[1.0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]])})
    K2 = torch.stack([Ks[2], torch.tensor([[1.0, 2, 0], [2, 4, 0], [0, 0, 1]])])
    err("geometry", "r6_vwarp_second_batch_singular_K", "vectorized_warp", {}, {"src_img": rnd(2, 1, 2, 3), "depth": uni(2, 1, 2, 3), "K": K2, "T_1_to_2": torch.eye(4).expand(2, 4, 4).contiguous()})
    err("conv", "r6_unfold_stride0", "unfold", {"kernel_size": 2, "stride": 0}, {"x": rnd(1, 1, 4, 4)})
    err("conv", "r6_unfold_dilation0", "unfold", {"kernel_size": 2, "dilation": 0}, {"x": rnd(1, 1, 4, 4)})
    err("conv", "r6_unfold_kernel0", "unfold", {"kernel_size": 0}, {"x": rnd(1, 1, 4, 4)})
    err("conv", "r6_conv_dilation0", "conv2d", {"dilation": 0}, {"x": rnd(1, 1, 4, 4), "weight": rnd(1, 1, 2, 2)})
    err("conv", "r6_dsc_stride0", "depthwise_separable_conv", {"stride": 0}, dict(x=rnd(1, 3, 4, 4), **{"depth_conv.weight": rnd(3, 1, 3, 3), "depth_conv.bias": rnd(3), "pointwise_conv.weight": rnd(2, 3, 1, 1), "pointwise_conv.bias": rnd(2)}))
    err("losses", "r6_ce_target_eq_C", "cross_entropy", {"label_smoothing": 0.1}, {"logits": rnd(3, 4), "targets": T(torch.tensor([0, 4, 1]))})
