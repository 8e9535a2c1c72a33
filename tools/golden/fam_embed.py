"""patch_embed (002) with nn.Conv2d, positional_encoding_3d (035) by broadcasting in torch."""
import math

import torch
import torch.nn as nn

from common import case, err_case, rand, state


class PatchEmbed(nn.Module):
    def __init__(self, c, d, p, n):
        super().__init__()
        self.proj = nn.Conv2d(c, d, p, stride=p)
        self.cls_token = nn.Parameter(torch.randn(1, 1, d))
        self.pos_embed = nn.Parameter(torch.randn(1, n + 1, d))

    def forward(self, x):
        tokens = self.proj(x).flatten(2).transpose(1, 2)  # [B, N, D], patches row-major
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        return torch.cat([cls, tokens], dim=1) + self.pos_embed


def patch_embed_cases():
    out = []
    specs = [
        ("b2_8x8_p4", (2, 3, 8, 8), 4, 5),
        ("nonsquare_12x8_p4", (1, 3, 12, 8), 4, 6),
        ("odd_9x6_p3_b3", (3, 1, 9, 6), 3, 4),
        ("p1_every_pixel", (2, 2, 5, 5), 1, 3),
        ("p16_32x32", (1, 3, 32, 32), 16, 8),
        ("p7_one_row", (2, 3, 7, 14), 7, 3),
    ]
    for i, (name, xs, p, d) in enumerate(specs):
        torch.manual_seed(900 + i)
        n = (xs[2] // p) * (xs[3] // p)
        m = PatchEmbed(xs[1], d, p, n).eval()
        x = rand(*xs, seed=950 + i)
        with torch.no_grad():
            y = m(x)
        out.append(case(f"patch_embed/{name}", "patch_embed", {"x": x, **state(m)}, {"y": y}))
    torch.manual_seed(3)
    st = state(PatchEmbed(3, 4, 4, 4))
    x = rand(2, 3, 8, 8)
    good = lambda **kw: {"x": x, **{**st, **kw}}
    no_cls = {k: v for k, v in st.items() if k != "cls_token"}
    out += [
        err_case("patch_embed/height_not_multiple_of_p", "patch_embed", good(x=rand(2, 3, 10, 8)), contains="multiple"),
        err_case("patch_embed/odd_width", "patch_embed", good(x=rand(2, 3, 8, 7)), contains="multiple"),
        err_case("patch_embed/pos_embed_too_short", "patch_embed", good(pos_embed=rand(1, 4, 4)), contains="pos_embed"),
        err_case("patch_embed/pos_embed_too_long", "patch_embed", good(pos_embed=rand(1, 6, 4)), contains="pos_embed"),
        err_case("patch_embed/pos_embed_wrong_d", "patch_embed", good(pos_embed=rand(1, 5, 3)), contains="pos_embed"),
        err_case("patch_embed/cls_token_wrong_shape", "patch_embed", good(cls_token=rand(1, 4)), contains="cls_token"),
        err_case("patch_embed/weight_channel_mismatch", "patch_embed", good(**{"proj.weight": rand(4, 2, 4, 4)})),
        err_case("patch_embed/non_square_patch", "patch_embed", good(**{"proj.weight": rand(4, 3, 4, 2)})),
        err_case("patch_embed/bias_length", "patch_embed", good(**{"proj.bias": rand(3)})),
        err_case("patch_embed/missing_cls_token", "patch_embed", {"x": x, **no_cls}),
        err_case("patch_embed/unknown_param", "patch_embed", good(), {"patch_size": 4}),
    ]
    return out


def pe3d(coords, num_bands):
    freqs = (2.0 ** torch.arange(num_bands, dtype=torch.float32)) * math.pi
    ang = coords[..., None] * freqs  # [B, N, 3, L]: xyz outer, bands inner
    return torch.cat([coords, torch.sin(ang).flatten(-2), torch.cos(ang).flatten(-2)], dim=-1)


def posenc_cases():
    out = []
    specs = [
        ("b2_n5_l4", (2, 5, 3), 4, 1.0),
        ("no_bands", (1, 7, 3), 0, 1.0),
        ("l10_unit_cube", (3, 4, 3), 10, 0.5),
        ("l1_large_coords", (2, 3, 3), 1, 10.0),
        ("l6_b1", (1, 9, 3), 6, 1.0),
    ]
    for i, (name, cs, nb, scale) in enumerate(specs):
        coords = rand(*cs, seed=980 + i) * scale
        if name == "l10_unit_cube":
            coords = torch.rand(*cs, generator=torch.Generator().manual_seed(7))
        out.append(case(f"positional_encoding_3d/{name}", "positional_encoding_3d", {"coords": coords},
                        {"y": pe3d(coords, nb)}, params={"num_bands": nb}))
    c = rand(2, 3, 3)
    nan_c = c.clone()
    nan_c[1, 0, 2] = float("nan")
    out += [
        err_case("positional_encoding_3d/negative_bands", "positional_encoding_3d", {"coords": c}, {"num_bands": -1}, contains="num_bands"),
        err_case("positional_encoding_3d/fractional_bands", "positional_encoding_3d", {"coords": c}, {"num_bands": 2.5}),
        err_case("positional_encoding_3d/missing_num_bands", "positional_encoding_3d", {"coords": c}, {}),
        err_case("positional_encoding_3d/two_coordinates", "positional_encoding_3d", {"coords": rand(2, 3, 2)}, {"num_bands": 2}),
        err_case("positional_encoding_3d/coords_2d", "positional_encoding_3d", {"coords": rand(3, 3)}, {"num_bands": 2}),
        err_case("positional_encoding_3d/nan_coords", "positional_encoding_3d", {"coords": nan_c}, {"num_bands": 2}),
        err_case("positional_encoding_3d/absurd_bands", "positional_encoding_3d", {"coords": c}, {"num_bands": 1000000000}),
    ]
    return out


def cases():
    return patch_embed_cases() + posenc_cases()
