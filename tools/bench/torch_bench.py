"""Times dlprep's benchmarked ops in PyTorch and prints JSON.

Each op here mirrors a Go benchmark named BenchmarkOp_<op> (same op name,
same shapes): tools/bench joins the two by name. Run with Debian's
/usr/bin/python3 (python3-torch 1.13, torchvision 0.14):

    /usr/bin/python3 tools/bench/torch_bench.py --threads 1,2

Every thread count runs in a fresh process whose OpenBLAS/OpenMP pools are
sized by environment before torch loads, and OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE are removed so OpenBLAS picks its kernel for the real CPU.

The output also says which BLAS torch multiplies with ("blas": the shared
library mapped into the process, or the one torch was built with) and its
GFLOP/s on a 1024x1024x1024 torch.mm per thread count: Debian's torch links
the generic libblas.so.3, which is the reference BLAS (about 7 GFLOP/s)
unless an optimised one such as libopenblas0-pthread provides it. `--blas`
prints only that, quickly, so tools/bench can refuse to compare against a
reference BLAS before timing anything.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time


def flops_matmul(m, n, k):
    return 2 * m * n * k


def build_ops():
    import torch
    import torch.nn.functional as F
    import torchvision

    g = torch.Generator().manual_seed(0)

    def rand(*shape):
        return torch.rand(*shape, generator=g) * 2 - 1

    ops = []

    def op(name, shape, flops, fn):
        ops.append((name, shape, flops, fn))

    for m, n, k in [(1024, 1024, 1024), (197, 768, 768), (197, 2304, 768), (3136, 64, 576)]:
        a, b, c = rand(m, k), rand(k, n), torch.empty(m, n)
        op(f"matmul_{m}x{n}x{k}", f"[{m},{k}]x[{k},{n}]", flops_matmul(m, n, k),
           lambda a=a, b=b, c=c: torch.mm(a, b, out=c))

    # ViT-B/16 self-attention, eval mode, per-head attention weights returned
    # like the Go op (OPS.md mhsa outputs y and attention [B,heads,N,N]).
    N, D, H = 197, 768, 12
    mha = torch.nn.MultiheadAttention(D, H, batch_first=True).eval()
    x = rand(1, N, D)
    op("mhsa", f"B=1 N={N} D={D} heads={H}", 2 * (4 * N * D * D + 2 * N * N * D),
       lambda: mha(x, x, x, need_weights=True, average_attn_weights=False))

    # The attention core alone (torch 1.13 has no F.scaled_dot_product_attention).
    q, kk, v = rand(1, H, N, 64), rand(1, H, N, 64), rand(1, H, N, 64)

    def sdpa():
        att = torch.softmax(q @ kk.transpose(-2, -1) / 8.0, dim=-1)
        return att @ v, att
    op("sdpa", f"B=1 heads={H} S={N} dk=64", 2 * 2 * H * N * N * 64, sdpa)

    # Video Swin stage 1: x [1,96,8,56,56], 3 heads, 2x7x7 tubes, no shift.
    C, T, HH, WW, heads, wt, wh, ww = 96, 8, 56, 56, 3, 2, 7, 7
    xw = rand(1, C, T, HH, WW)
    qkv = torch.nn.Linear(C, 3 * C)
    proj = torch.nn.Linear(C, C)
    L, wn = wt * wh * ww, T * HH * WW // (wt * wh * ww)

    def window_attention():
        t = xw.permute(0, 2, 3, 4, 1)  # B,T,H,W,C
        t = t.reshape(1, T // wt, wt, HH // wh, wh, WW // ww, ww, C)
        t = t.permute(0, 1, 3, 5, 2, 4, 6, 7).reshape(-1, L, C)
        z = qkv(t).reshape(-1, L, 3, heads, C // heads).permute(2, 0, 3, 1, 4)
        att = torch.softmax(z[0] @ z[1].transpose(-2, -1) / math.sqrt(C // heads), dim=-1)
        o = (att @ z[2]).transpose(1, 2).reshape(-1, L, C)
        o = proj(o).reshape(1, T // wt, HH // wh, WW // ww, wt, wh, ww, C)
        return o.permute(0, 7, 1, 4, 2, 5, 3, 6).reshape(1, C, T, HH, WW)
    tokens = T * HH * WW
    op("window_attention", f"C={C} T={T} H=W={HH} window={wt}x{wh}x{ww} heads={heads}",
       2 * (4 * tokens * C * C + 2 * tokens * L * C), window_attention)

    # ViT-B/16 patch embedding with CLS token and positional embedding.
    P = 16
    img = rand(1, 3, 224, 224)
    pw, pb = rand(768, 3, P, P), rand(768)
    cls, pos = rand(1, 1, 768), rand(1, 197, 768)

    def patch_embed():
        t = F.conv2d(img, pw, pb, stride=P).flatten(2).transpose(1, 2)
        return torch.cat([cls, t], dim=1) + pos
    op("patch_embed", "3x224x224 P=16 D=768", 2 * 196 * 768 * 768, patch_embed)

    xc, wc, bc = rand(1, 64, 56, 56), rand(64, 64, 3, 3), rand(64)
    op("conv2d", "[1,64,56,56] 64->64 k=3 pad=1", 2 * 64 * 64 * 9 * 56 * 56,
       lambda: F.conv2d(xc, wc, bc, padding=1))

    bn = torch.nn.BatchNorm2d(64).train()
    xb = rand(8, 64, 56, 56)
    op("batchnorm2d", "[8,64,56,56] training", None, lambda: bn(xb))

    ln_x, ln_w, ln_b = rand(1024, 768), rand(768), rand(768)
    op("layernorm", "[1024,768]", None, lambda: F.layer_norm(ln_x, (768,), ln_w, ln_b))

    logits = rand(4096, 1000) * 5
    target = torch.randint(0, 1000, (4096,), generator=g)
    op("cross_entropy", "[4096,1000]", None, lambda: F.cross_entropy(logits, target))

    # Same distribution as core/detect's benchmark: corners in [0,1000),
    # sizes in [0,80), IoU 0.5.
    xy = torch.rand(5000, 2, generator=g) * 1000
    boxes = torch.cat([xy, xy + torch.rand(5000, 2, generator=g) * 80], dim=1)
    scores = torch.rand(5000, generator=g)
    op("nms", "5000 boxes IoU 0.5", None, lambda: torchvision.ops.nms(boxes, scores, 0.5))
    cls_ids = torch.randint(0, 10, (5000,), generator=g)
    op("batched_nms", "5000 boxes 10 classes IoU 0.5", None,
       lambda: torchvision.ops.batched_nms(boxes, scores, cls_ids, 0.5))
    b1, b2 = boxes[:1000], boxes[1000:2000]
    op("box_iou", "1000x1000", None, lambda: torchvision.ops.box_iou(b1, b2))

    gs_x = rand(1, 3, 256, 256)
    gs_grid = rand(1, 256, 256, 2) * 1.1
    op("grid_sample", "[1,3,256,256] bilinear zeros align_corners", None,
       lambda: F.grid_sample(gs_x, gs_grid, mode="bilinear", padding_mode="zeros", align_corners=True))

    # Problem 016 with the correct pixel grid (OPS.md vectorized_warp).
    Hh = Ww = 256
    src = rand(1, 3, Hh, Ww)
    depth = torch.rand(1, 1, Hh, Ww, generator=g) * 4 + 1
    K = torch.tensor([[[200.0, 0, 128], [0, 200.0, 128], [0, 0, 1]]])
    T12 = torch.eye(4).unsqueeze(0)
    T12[0, :3, 3] = torch.tensor([0.1, -0.05, 0.2])

    def vectorized_warp():
        v, u = torch.meshgrid(torch.arange(Hh, dtype=torch.float32), torch.arange(Ww, dtype=torch.float32), indexing="ij")
        pix = torch.stack([u, v, torch.ones_like(u)], 0).reshape(1, 3, -1)
        cam = torch.linalg.inv(K) @ pix * depth.reshape(1, 1, -1)
        cam2 = T12[:, :3, :3] @ cam + T12[:, :3, 3:]
        p = K @ cam2
        z = p[:, 2:3] + 1e-7
        uv = p[:, :2] / z
        gx = 2 * uv[:, 0] / (Ww - 1) - 1
        gy = 2 * uv[:, 1] / (Hh - 1) - 1
        grid = torch.stack([gx, gy], -1).reshape(1, Hh, Ww, 2)
        warped = F.grid_sample(src, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
        mask = ((gx.abs() <= 1) & (gy.abs() <= 1)).float().reshape(1, 1, Hh, Ww)
        return warped, mask
    op("vectorized_warp", "[1,3,256,256]", None, vectorized_warp)

    # ViT-B token sequence through one LoRA-adapted projection, r=8, alpha=16.
    lx, lw, lb = rand(197, 768), rand(768, 768), rand(768)
    la, lbb = rand(8, 768), rand(768, 8)

    def lora_linear():
        return F.linear(lx, lw, lb) + (lx @ la.t()) @ lbb.t() * (16 / 8)
    op("lora_linear", "[197,768] W[768,768] r=8", 2 * (197 * 768 * 768 + 2 * 197 * 768 * 8), lora_linear)
    return ops


# Substrings of a mapped library's path that name a BLAS, most specific
# first. The reference BLAS is Debian's /usr/lib/<triplet>/blas/libblas.so.3.
BLAS_LIBS = [("openblas", "OpenBLAS"), ("mkl", "MKL"), ("blis", "BLIS"), ("atlas", "ATLAS"),
             ("/blas/libblas.so", "reference BLAS (Netlib)")]


def mapped_libraries():
    """(start, end, path) of every file-backed mapping of this process."""
    maps = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and parts[-1].startswith("/"):
                    lo, hi = (int(x, 16) for x in parts[0].split("-"))
                    maps.append((lo, hi, parts[-1]))
    except OSError:
        pass
    return maps


def sgemm_provider(maps):
    """The file holding the sgemm_ that torch's own library binds to: dlsym
    on libtorch_cpu's handle searches it and its dependencies in load order,
    the order the dynamic linker used, so this is the code torch.mm runs
    (another BLAS may be mapped too, e.g. OpenBLAS through liblapack)."""
    import ctypes
    torch_lib = next((p for _, _, p in maps if "libtorch_cpu" in p), "")
    if not torch_lib:
        return ""
    try:
        fn = getattr(ctypes.CDLL(torch_lib), "sgemm_")
    except (OSError, AttributeError):
        return ""
    addr = ctypes.cast(fn, ctypes.c_void_p).value or 0
    return next((p for lo, hi, p in maps if lo <= addr < hi), "")


def blas_info(threads):
    """Which BLAS this process's torch uses, and its best GFLOP/s on a
    1024^3 torch.mm (best of several calls after a warm-up)."""
    import torch
    a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)
    c = torch.empty(1024, 1024)
    torch.mm(a, b, out=c)  # loads the BLAS library
    maps = mapped_libraries()
    libs = []
    for _, _, p in maps:
        if p not in libs and any(k in p.lower() for k in ("blas", "mkl", "blis", "atlas")):
            libs.append(p)
    m = re.search(r"BLAS_INFO=[^,\s]*", torch.__config__.show())
    config = m.group(0) if m else ""
    library = sgemm_provider(maps)
    name = next((label for key, label in BLAS_LIBS if key in library.lower()), "")
    if not name and "mkl" in config.lower():
        name = "MKL"
    if not library:
        library = "unknown (no sgemm_ found through libtorch_cpu)"
    best = float("inf")
    t_end = time.perf_counter() + 0.5
    reps = 0
    while reps < 3 or (time.perf_counter() < t_end and reps < 50):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        best = min(best, time.perf_counter() - t0)
        reps += 1
    return {"name": name, "library": library, "libraries": libs, "config": config,
            "threads": threads, "gflops": 2 * 1024 ** 3 / best / 1e9}


def time_op(fn, min_time=0.3, min_reps=5):
    """Median wall seconds per call after warm-up, over at least min_time,
    and the calling thread's mean CPU seconds per call (with one thread the
    op runs on it, so that is the op's cost without time spent descheduled
    by other jobs on a shared machine)."""
    for _ in range(3):
        fn()
    samples, total = [], 0.0
    cpu0 = time.thread_time()
    while len(samples) < min_reps or total < min_time:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        samples.append(dt)
        total += dt
        if len(samples) >= 2000:
            break
    cpu = (time.thread_time() - cpu0) / len(samples)
    samples.sort()
    return samples[len(samples) // 2], cpu


def child(threads, only, blas_only):
    import torch
    torch.set_num_threads(threads)
    blas = blas_info(threads)
    if blas_only:
        json.dump({"threads": threads, "torch": torch.__version__, "blas": blas, "ops": []}, sys.stdout)
        return
    out = []
    for name, shape, flops, fn in build_ops():
        if only and name not in only:
            continue
        with torch.no_grad():
            sec, cpu = time_op(fn)
        o = {"op": name, "shape": shape, "flops": flops, "seconds": sec}
        if threads == 1:
            o["cpu_seconds"] = cpu
        out.append(o)
    json.dump({"threads": threads, "torch": torch.__version__, "blas": blas, "ops": out}, sys.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    ap.add_argument("--ops", default="", help="comma-separated op names (default all)")
    ap.add_argument("--blas", action="store_true",
                    help="only report the BLAS torch uses and its 1024^3 GFLOP/s per thread count")
    ap.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    only = set(filter(None, args.ops.split(",")))
    if args.child:
        child(args.child, only, args.blas)
        return
    result = {"blas": None, "ops": []}
    index = {}
    for t in [int(s) for s in args.threads.split(",")]:
        env = dict(os.environ)
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
        env.update(OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        cmd = [sys.executable, os.path.abspath(__file__), "--child", str(t), "--ops", args.ops]
        if args.blas:
            cmd.append("--blas")
        run = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout)
        result["torch"] = run["torch"]
        b = run["blas"]
        if result["blas"] is None:
            result["blas"] = {k: b[k] for k in ("name", "library", "libraries", "config")}
            result["blas"]["gflops"] = {}
        result["blas"]["gflops"][str(t)] = b["gflops"]
        for o in run["ops"]:
            if o["op"] not in index:
                index[o["op"]] = {"op": o["op"], "shape": o["shape"], "flops": o["flops"], "seconds": {}}
                result["ops"].append(index[o["op"]])
            index[o["op"]]["seconds"][str(t)] = o["seconds"]
            if "cpu_seconds" in o:
                index[o["op"]]["cpu_seconds"] = o["cpu_seconds"]
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
