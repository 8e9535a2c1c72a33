package contract

// Shorthands for the tables below.
func in(name, shape string) Tensor { return Tensor{Name: name, Shape: shape, Kind: Float} }
func opt(name, shape string) Tensor {
	return Tensor{Name: name, Shape: shape, Kind: Float, Optional: true}
}
func ints(name, shape string) Tensor     { return Tensor{Name: name, Shape: shape, Kind: Int} }
func out(name, shape string) Tensor      { return Tensor{Name: name, Shape: shape, Kind: Float} }
func note(t Tensor, n string) Tensor     { t.Note = n; return t }
func req(name string, t ParamType) Param { return Param{Name: name, Type: t} }
func def(name string, t ParamType, d string) Param {
	return Param{Name: name, Type: t, Default: d}
}

// linear lists the state_dict entries of nn.Linear layers: NAME.weight
// [d,d] and, with bias, NAME.bias [d].
func linear(d string, bias bool, names ...string) []Tensor {
	var ts []Tensor
	for _, n := range names {
		ts = append(ts, in(n+".weight", "["+d+","+d+"]"))
		if bias {
			ts = append(ts, in(n+".bias", "["+d+"]"))
		}
	}
	return ts
}

func cat(ts ...[]Tensor) []Tensor {
	var out []Tensor
	for _, t := range ts {
		out = append(out, t...)
	}
	return out
}

// intOut is an integer output (exact match).
func intOut(name, shape string) Tensor { return Tensor{Name: name, Shape: shape, Kind: Int} }

var ops = []Op{
	// Attention
	{
		Name: "sdpa", Section: "Attention",
		Inputs: []Tensor{in("query", "[B,H,S,dk]"), in("key", "[B,H,S2,dk]"), in("value", "[B,H,S2,dv]"),
			note(Tensor{Name: "mask", Shape: "[S,S2]", Kind: Bool, Optional: true}, "1 keeps the key")},
		Params:  []Param{def("causal", BoolParam, "false")},
		Outputs: []Tensor{out("output", "[B,H,S,dv]"), out("attention", "[B,H,S,S2]")},
		Semantics: "softmax(q kᵀ/√dk, masked) v over the last (key) axis. causal keeps key j ≤ query i (top-left " +
			"aligned, like torch.ones(S,S2).tril()); with both mask and causal a key must pass both. A query whose keys " +
			"are all masked gets zero weights and a zero output (PyTorch gives NaN there).",
	},
	{
		Name: "mhsa", Section: "Attention",
		Inputs:  cat([]Tensor{in("x", "[B,N,D]")}, linear("D", true, "q_proj", "k_proj", "v_proj", "out_proj")),
		Params:  []Param{req("num_heads", IntParam), def("causal", BoolParam, "false")},
		Outputs: []Tensor{out("y", "[B,N,D]"), out("attention", "[B,heads,N,N]")},
		Semantics: "Eval mode (no dropout): nn.Linear projections (weight [out,in], y = x Wᵀ + b), " +
			"D split as [heads, D/heads], softmax(q kᵀ/√(D/heads)) v per head (causal: key j ≤ query i), heads merged, " +
			"output projection. num_heads must divide D.",
	},
	{
		Name: "window_attention", Section: "Attention",
		Inputs: []Tensor{in("x", "[B,C,T,H,W]"), note(in("qkv.weight", "[3C,C]"), "q rows, then k, then v"),
			in("qkv.bias", "[3C]"), in("proj.weight", "[C,C]"), in("proj.bias", "[C]")},
		Params:  []Param{req("num_heads", IntParam), paramNote(req("window_size", IntsParam), "[wT, wH, wW]")},
		Outputs: []Tensor{out("y", "[B,C,T,H,W]")},
		Semantics: "Multi-head self-attention only inside each non-overlapping wT×wH×wW tube (tokens " +
			"ordered t, h, w within a tube; the fused qkv output is [3, heads, C/heads]), then the output projection, " +
			"every token back in its place. Error if T, H, W are not multiples of the window or C of num_heads.",
	},
	{
		Name: "factorized_attention", Section: "Attention",
		Inputs: []Tensor{in("x", "[B,T,C,H,W]"),
			in("spatial.in_proj_weight", "[3C,C]"), in("spatial.in_proj_bias", "[3C]"),
			in("spatial.out_proj.weight", "[C,C]"), in("spatial.out_proj.bias", "[C]"),
			in("temporal.in_proj_weight", "[3C,C]"), in("temporal.in_proj_bias", "[3C]"),
			in("temporal.out_proj.weight", "[C,C]"), in("temporal.out_proj.bias", "[C]")},
		Params:  []Param{req("num_heads", IntParam)},
		Outputs: []Tensor{out("y", "[B,T,C,H,W]")},
		Semantics: "nn.MultiheadAttention (batch_first) over (B·T, H·W, C), its output regrouped to " +
			"(B·H·W, T, C) for the temporal one, the result back to [B,T,C,H,W]; no residuals. in_proj packs q, k, v " +
			"rows in that order.",
	},
	{
		Name: "camera_cross_attention", Section: "Attention",
		Inputs: []Tensor{in("x", "[B,T,C,H,W]"), in("cam", "[B,T,Dc]"), in("to_q.weight", "[C,C]"),
			in("to_k.weight", "[C,Dc]"), in("to_v.weight", "[C,Dc]"), in("proj.weight", "[C,C]"), in("proj.bias", "[C]")},
		Params: []Param{req("num_heads", IntParam),
			{Name: "mode", Type: StringParam, Default: `"per_frame"`, Choices: []string{"per_frame", "all_frames"},
				Note: "per_frame: the pixels of frame t attend only to camera t; all_frames: to all T cameras"}},
		Outputs: []Tensor{out("y", "[B,T,C,H,W]"),
			note(out("attention", "[B·T,heads,H·W,1] or [B,heads,T·H·W,T]"), "per_frame; all_frames (query t·H·W + h·W + w)")},
		Semantics: "Pixels are queries (to_q, no bias), cameras keys and values (to_k, to_v, no bias), " +
			"heads split C, then proj. With one camera per frame every weight is exactly 1.",
	},
	{
		Name: "lora_mhsa", Section: "Attention",
		Inputs: cat([]Tensor{in("x", "[B,S,D]")}, linear("D", false, "q_proj", "k_proj", "v_proj"),
			[]Tensor{in("lora_q_A", "[D,r]"), in("lora_q_B", "[r,D]"), in("lora_v_A", "[D,r]"), in("lora_v_B", "[r,D]")}),
		Params:  []Param{req("num_heads", IntParam), req("alpha", FloatParam)},
		Outputs: []Tensor{out("y", "[B,S,D]"), out("attention", "[B,heads,S,S]")},
		Semantics: "q and v get + (alpha/r) x A B on top of their projections; k is the base projection " +
			"only; heads attend without a mask and are merged back, with no output projection. r is read from the A " +
			"matrices; both adapters must have the same r.",
	},

	// Convolution, embedding, normalisation
	{
		Name: "conv2d", Section: "Convolution, embedding, normalisation",
		Inputs: []Tensor{in("x", "[B,C,H,W]"), in("weight", "[O,C/groups,kH,kW]"), opt("bias", "[O]")},
		Params: []Param{def("stride", PairParam, "1"), def("padding", PaddingParam, "0"), def("dilation", PairParam, "1"),
			def("groups", IntParam, "1")},
		Outputs:   []Tensor{out("y", "[B,O,Ho,Wo]")},
		Semantics: "Same as F.conv2d; problem 018 asks for im2col (F.unfold) and one matrix product.",
	},
	{
		Name: "unfold", Section: "Convolution, embedding, normalisation",
		Inputs: []Tensor{in("x", "[B,C,H,W]")},
		Params: []Param{req("kernel_size", PairParam), def("stride", PairParam, "1"), def("padding", PairParam, "0"),
			def("dilation", PairParam, "1")},
		Outputs:   []Tensor{out("y", "[B,C·kH·kW,L]")},
		Semantics: "Same as F.unfold: rows in (channel, kernel row, kernel column) order, L output positions row-major.",
	},
	{
		Name: "depthwise_separable_conv", Section: "Convolution, embedding, normalisation",
		Inputs: []Tensor{in("x", "[B,C,H,W]"), in("depth_conv.weight", "[C,1,k,k]"), in("depth_conv.bias", "[C]"),
			in("pointwise_conv.weight", "[O,C,1,1]"), in("pointwise_conv.bias", "[O]")},
		Params:    []Param{def("stride", IntParam, "1")},
		Outputs:   []Tensor{out("y", "[B,O,Ho,Wo]")},
		Semantics: "Depthwise conv (groups = C) with padding k//2 and the stride, then the 1×1 conv.",
	},
	{
		Name: "causal_downsample3d", Section: "Convolution, embedding, normalisation",
		Inputs:  []Tensor{in("x", "[B,Ci,T,H,W]"), in("conv.weight", "[Co,Ci,kT,kH,kW]"), in("conv.bias", "[Co]")},
		Outputs: []Tensor{out("y", "[B,Co,T,ceil(H/2),ceil(W/2)]")},
		Semantics: "Zero-pad time (kT-1, 0) (past only), height ((kH-1)//2, kH//2), width likewise, then " +
			"conv3d with stride (1, 2, 2).",
	},
	{
		Name: "patch_embed", Section: "Convolution, embedding, normalisation",
		Inputs: []Tensor{in("x", "[B,C,H,W]"), in("proj.weight", "[D,C,P,P]"), in("proj.bias", "[D]"),
			in("cls_token", "[1,1,D]"), in("pos_embed", "[1,N+1,D]")},
		Outputs: []Tensor{out("y", "[B,N+1,D]")},
		Semantics: "P×P patches (a conv with kernel and stride P) in row-major order, CLS first, then " +
			"+ pos_embed. Error if H or W is not a multiple of P or pos_embed has the wrong length.",
	},
	{
		Name: "batchnorm2d", Section: "Convolution, embedding, normalisation",
		Inputs: []Tensor{in("x", "[B,C,H,W]"), in("weight", "[C]"), in("bias", "[C]"), in("running_mean", "[C]"),
			in("running_var", "[C]")},
		Params: []Param{def("eps", FloatParam, "1e-05"), def("momentum", FloatParam, "0.1"), def("training", BoolParam, "false")},
		Outputs: []Tensor{out("y", "[B,C,H,W]"), note(out("running_mean", "[C]"), "updated in training, unchanged in eval"),
			note(out("running_var", "[C]"), "updated in training, unchanged in eval")},
		Semantics: "Same as nn.BatchNorm2d: in training, normalise with the batch mean and biased variance " +
			"over (B, H, W) and move the running stats by momentum (the running variance takes the unbiased variance); " +
			"in eval, normalise with the running stats.",
	},
	{
		Name: "layernorm", Section: "Convolution, embedding, normalisation",
		Inputs:    []Tensor{in("x", "[B,D]"), in("weight", "[D]"), in("bias", "[D]")},
		Params:    []Param{def("eps", FloatParam, "1e-05")},
		Outputs:   []Tensor{out("y", "[B,D]")},
		Semantics: "Each row normalised by its mean and biased variance, then × weight + bias.",
	},
	{
		Name: "timestep_embedding", Section: "Convolution, embedding, normalisation",
		Inputs: []Tensor{in("timesteps", "[N]")},
		Params: []Param{paramNote(req("embedding_dim", IntParam), "D, even"),
			{Name: "layout", Type: StringParam, Default: `"interleaved"`, Choices: []string{"interleaved", "concat"}}},
		Outputs: []Tensor{out("y", "[N,D]")},
		Semantics: "interleaved: PE(t,2i) = sin(t/10000^(2i/D)), PE(t,2i+1) = cos(...). concat: " +
			"[sin(t f_i), cos(t f_i)] with f_i = exp(-ln(10000) i/(D/2-1)). Error if D is odd, or below 4 with concat.",
	},
	{
		Name: "positional_encoding_3d", Section: "Convolution, embedding, normalisation",
		Inputs:    []Tensor{in("coords", "[B,N,3]")},
		Params:    []Param{paramNote(req("num_bands", IntParam), "L")},
		Outputs:   []Tensor{out("y", "[B,N,3+6L]")},
		Semantics: "[coords, sin(2^l π c) for c in x, y, z for l < L, cos(...) in the same order].",
	},

	// Diffusion
	{
		Name: "cfg", Section: "Diffusion",
		Inputs:    []Tensor{in("eps_uncond", "[...]"), in("eps_cond", "[...]")},
		Params:    []Param{paramNote(req("guidance_scale", FloatParam), "w")},
		Outputs:   []Tensor{out("eps", "[...]")},
		Semantics: "eps_uncond + w (eps_cond - eps_uncond); both inputs have the same shape.",
	},
	{
		Name: "ddpm_step", Section: "Diffusion",
		Inputs: []Tensor{in("x_t", "[...]"), in("predicted_noise", "[...]"),
			note(opt("noise", "[...]"), "the z; not needed at t = 0")},
		Params: []Param{req("alpha_t", FloatParam), req("alpha_bar_t", FloatParam), req("beta_t", FloatParam),
			req("t", IntParam),
			{Name: "sigma", Type: StringParam, Default: `"beta"`, Choices: []string{"beta", "posterior"},
				Note: "σ = √β_t, or σ² = (1-ᾱ_{t-1})/(1-ᾱ_t) β_t"},
			{Name: "alpha_bar_prev", Type: FloatParam, Optional: true, Note: `needed by "posterior" when t > 0`}},
		Outputs: []Tensor{out("x_prev", "[...]")},
		Semantics: "(x_t - (1-α_t)/√(1-ᾱ_t) ε)/√α_t + σ z; β_t enters only through σ; no noise term at " +
			"t = 0.",
	},
	{
		Name: "ddim_step", Section: "Diffusion",
		Inputs:  []Tensor{in("x_t", "[...]"), in("predicted_noise", "[...]"), note(opt("noise", "[...]"), "needed when eta > 0")},
		Params:  []Param{req("alpha_bar_t", FloatParam), req("alpha_bar_prev", FloatParam), def("eta", FloatParam, "0")},
		Outputs: []Tensor{out("x_prev", "[...]"), out("x0_pred", "[...]")},
		Semantics: "DDIM (problem 011 is eta 0): x0 = (x_t - √(1-ᾱ_t) ε)/√ᾱ_t, then " +
			"x_prev = √ᾱ_prev x0 + √(1-ᾱ_prev-σ²) ε + σ z with σ = eta √((1-ᾱ_prev)/(1-ᾱ_t)) √(1-ᾱ_t/ᾱ_prev).",
	},
	{
		Name: "ddim_inversion_step", Section: "Diffusion",
		Inputs:    []Tensor{in("x_t", "[...]"), in("predicted_noise", "[...]")},
		Params:    []Param{req("alpha_bar_t", FloatParam), req("alpha_bar_next", FloatParam)},
		Outputs:   []Tensor{out("x_next", "[...]")},
		Semantics: "The DDIM update (eta 0) from ᾱ_t toward ᾱ_next: √ᾱ_next x0 + √(1-ᾱ_next) ε.",
	},
	{
		Name: "noise_schedule", Section: "Diffusion",
		Params: []Param{req("num_steps", IntParam),
			{Name: "kind", Type: StringParam, Default: `"linear"`, Choices: []string{"linear", "scaled_linear", "cosine"}},
			def("beta_start", FloatParam, "0.0001"), def("beta_end", FloatParam, "0.02")},
		Outputs: []Tensor{out("betas", "[num_steps]"), out("alphas", "[num_steps]"), out("alpha_bars", "[num_steps]")},
		Semantics: "linear: β evenly from beta_start to beta_end; scaled_linear: √β evenly from √beta_start to " +
			"√beta_end, squared; cosine (Nichol & Dhariwal): ᾱ(t) = cos²(((t/T)+s)/(1+s)·π/2)/ᾱ(0) with s = 0.008, " +
			"β_t = min(1 - ᾱ(t+1)/ᾱ(t), 0.999) for t = 0..T-1. alphas = 1 - β, alpha_bars their cumulative product.",
	},
	// Geometry
	{
		Name: "depth_to_world", Section: "Geometry",
		Inputs:    []Tensor{in("K", "[3,3]"), in("T_world_to_cam", "[4,4]")},
		Params:    []Param{req("u", FloatParam), req("v", FloatParam), paramNote(req("d", FloatParam), "camera-space z")},
		Outputs:   []Tensor{out("p_world", "[3]")},
		Semantics: "T⁻¹ [d K⁻¹ (u, v, 1); 1] with the full K⁻¹ (skew allowed); error if K or T is singular.",
	},
	{
		Name: "unproject_depth", Section: "Geometry",
		Inputs:    []Tensor{in("depth", "[H,W]"), in("K", "[3,3]"), in("T_world_to_cam", "[4,4]")},
		Outputs:   []Tensor{out("points", "[H·W,3]")},
		Semantics: "depth_to_world for every pixel, row-major (u = column runs fastest).",
	},
	{
		Name: "warp_pixel", Section: "Geometry",
		Inputs:    []Tensor{in("K", "[3,3]"), in("T_1_to_2", "[4,4]")},
		Params:    []Param{req("u1", FloatParam), req("v1", FloatParam), req("d1", FloatParam)},
		Outputs:   []Tensor{out("uv", "[2]"), note(out("depth", "[1]"), "z in frame 2")},
		Semantics: "P1 = d1 K⁻¹ (u1, v1, 1), P2 = R P1 + t, (u2, v2) = (K P2) divided by its z.",
	},
	{
		Name: "grid_sample", Section: "Geometry",
		Inputs: []Tensor{in("input", "[B,C,H,W]"), note(in("grid", "[B,Ho,Wo,2]"), "(x, y) in [-1, 1]")},
		Params: []Param{paramNote(def("align_corners", BoolParam, "true"), "unlike PyTorch's false"),
			{Name: "mode", Type: StringParam, Default: `"bilinear"`, Choices: []string{"bilinear"}},
			{Name: "padding_mode", Type: StringParam, Default: `"zeros"`, Choices: []string{"zeros"}}},
		Outputs:   []Tensor{out("y", "[B,C,Ho,Wo]")},
		Semantics: "Same as F.grid_sample, bilinear with zero padding.",
	},
	{
		Name: "vectorized_warp", Section: "Geometry",
		Inputs:  []Tensor{in("src_img", "[B,C,H,W]"), in("depth", "[B,1,H,W]"), in("K", "[B,3,3]"), in("T_1_to_2", "[B,4,4]")},
		Outputs: []Tensor{out("warped", "[B,C,H,W]"), note(intOut("mask", "[B,1,H,W]"), "0 or 1")},
		Semantics: "A correct pixel grid (u = column 0..W-1, v = row 0..H-1, also for H ≠ W): " +
			"back-project, R P + t, project (K P2, whose third component gets + 1e-7 before dividing), normalise " +
			"2u/(W-1)-1 and 2v/(H-1)-1, bilinear grid_sample (zeros, align_corners); mask = both normalised " +
			"coordinates within [-1, 1].",
	},
	{
		Name: "alpha_composite", Section: "Geometry",
		Inputs:    []Tensor{in("colors", "[B,N,3]"), note(in("opacities", "[B,N,1]"), "in [0, 1]")},
		Outputs:   []Tensor{out("color", "[B,3]"), out("transmittance", "[B,N,1]")},
		Semantics: "Front to back: color = Σ c_i α_i T_i with T_i = Π_{j<i}(1-α_j), so T_1 = 1.",
	},
	{
		Name: "is_path_closed", Section: "Geometry",
		Inputs: []Tensor{in("rotations", "[n,3,3]")},
		Params: []Param{def("tol", FloatParam, "1e-06")},
		Outputs: []Tensor{Tensor{Name: "closed", Shape: "[]", Kind: Bool}, out("total", "[3,3]"),
			note(out("error", "[]"), "Frobenius norm of total - I"), note(out("angle_deg", "[]"), "geodesic angle of total")},
		Semantics: "total = R_{n-1} … R_1 R_0 (each new rotation multiplies on the left); closed is " +
			"error < tol.",
	},
	{
		Name: "rotation_6d_to_matrix", Section: "Geometry",
		Inputs:  []Tensor{in("d6", "[B,6]")},
		Outputs: []Tensor{out("R", "[B,3,3]")},
		Semantics: "a1 is the first three numbers, a2 the last three; b1 = a1/|a1|, b2 = a2 minus its " +
			"b1 component, normalised, b3 = b1 × b2; b1, b2, b3 are the columns of R (PyTorch3D stacks rows).",
	},

	// Detection
	{
		Name: "box_iou", Section: "Detection",
		Inputs:  []Tensor{note(in("boxes1", "[N,4]"), "x1, y1, x2, y2"), in("boxes2", "[M,4]")},
		Outputs: []Tensor{out("iou", "[N,M]")},
		Semantics: "Same as torchvision.ops.box_iou, except that two boxes whose union is empty have IoU 0 (not NaN); " +
			"error on inverted or non-finite boxes.",
	},
	{
		Name: "nms", Section: "Detection",
		Inputs:  []Tensor{in("boxes", "[N,4]"), in("scores", "[N]")},
		Params:  []Param{req("iou_threshold", FloatParam)},
		Outputs: []Tensor{intOut("keep", "[K]")},
		Semantics: "Same as torchvision.ops.nms: indices in decreasing score order (equal scores in index order), a " +
			"box is dropped when its IoU with a kept box is greater than the threshold; error on NaN coordinates or " +
			"x2 < x1 or y2 < y1.",
	},
	{
		Name: "batched_nms", Section: "Detection",
		Inputs:    []Tensor{in("boxes", "[N,4]"), in("scores", "[N]"), note(ints("idxs", "[N]"), "class ids")},
		Params:    []Param{req("iou_threshold", FloatParam)},
		Outputs:   []Tensor{intOut("keep", "[K]")},
		Semantics: "Same as torchvision.ops.batched_nms (nms within each class), with nms's input checks.",
	},

	// Losses
	{
		Name: "logsumexp", Section: "Losses",
		Inputs:    []Tensor{in("x", "[N,C]")},
		Outputs:   []Tensor{out("y", "[N]")},
		Semantics: "log Σ exp over each row, stable for any finite input (±1e4 and beyond).",
	},
	{
		Name: "cross_entropy", Section: "Losses",
		Inputs:    []Tensor{in("logits", "[N,C]"), note(ints("targets", "[N]"), "class indices")},
		Params:    []Param{def("label_smoothing", FloatParam, "0")},
		Outputs:   []Tensor{out("loss", "[]")},
		Semantics: "Same as F.cross_entropy with mean reduction.",
	},
	{
		Name: "focal_loss", Section: "Losses",
		Inputs: []Tensor{in("logits", "[N,C]"), ints("targets", "[N]"), note(opt("alpha", "[C]"), "per-class α")},
		Params: []Param{def("gamma", FloatParam, "2"),
			{Name: "alpha", Type: FloatParam, Optional: true, Note: "α for every class (1 when neither this nor the alpha input is given; giving both is an error)"}},
		Outputs:   []Tensor{out("loss", "[]")},
		Semantics: "The mean of -α_t (1-p_t)^γ log p_t, with log p_t from log-softmax.",
	},
	{
		Name: "info_nce", Section: "Losses",
		Inputs:  []Tensor{in("z_i", "[N,D]"), in("z_j", "[N,D]")},
		Params:  []Param{def("temperature", FloatParam, "0.07")},
		Outputs: []Tensor{out("loss", "[]")},
		Semantics: "L2-normalise the rows of [z_i; z_j], 2N×2N cosine similarities / τ, diagonal set to " +
			"-1e9, the positive of row i is i ± N, mean cross-entropy.",
	},

	// LoRA and conditioning
	{
		Name: "lora_linear", Section: "LoRA and conditioning",
		Inputs: []Tensor{in("x", "[...,in]"), in("base.weight", "[out,in]"), in("base.bias", "[out]"),
			in("lora_A.weight", "[r,in]"), in("lora_B.weight", "[out,r]")},
		Params:    []Param{req("alpha", FloatParam)},
		Outputs:   []Tensor{out("y", "[...,out]"), out("merged_weight", "[out,in]")},
		Semantics: "y = base(x) + (alpha/r) B(A x); merged_weight = W + (alpha/r) B A.",
	},
	{
		Name: "lora_linear_backward", Section: "LoRA and conditioning",
		Inputs: []Tensor{in("x", "[...,in]"), in("base.weight", "[out,in]"), in("base.bias", "[out]"),
			in("lora_A.weight", "[r,in]"), in("lora_B.weight", "[out,r]"), in("grad_y", "[...,out]")},
		Params: []Param{req("alpha", FloatParam)},
		Outputs: []Tensor{out("lora_A.weight.grad", "[r,in]"), out("lora_B.weight.grad", "[out,r]"),
			out("x.grad", "[...,in]")},
		Semantics: "Problem 013's training step: the gradients autograd gives lora_linear with the base frozen, for upstream " +
			"grad_y = dL/dy. With s = alpha/r, h = x Aᵀ and g = grad_y B (leading dims flattened into rows): " +
			"lora_A.weight.grad = s gᵀ x, lora_B.weight.grad = s grad_yᵀ h, x.grad = grad_y W + s g A. The base gets no " +
			"gradient; with lora_B.weight = 0, as training starts, lora_A.weight.grad is 0.",
	},

	{
		Name: "flow_cond_layer", Section: "LoRA and conditioning",
		Inputs: cat([]Tensor{in("x", "[B,D]"), in("t", "[B]")}, linear("D", true, "time_mlp.0", "time_mlp.2"),
			[]Tensor{in("ada_norm.weight", "[2D,D]"), in("ada_norm.bias", "[2D]")}, linear("D", true, "out_layer")),
		Outputs: []Tensor{out("y", "[B,D]")},
		Semantics: "Embedding [sin(t f_i), cos(t f_i)] with f_i = exp(-ln(10000) i/(D/2)) (D/2, not " +
			"D/2-1 as in timestep_embedding), time_mlp = Linear, SiLU, Linear; [γ, β] = first and second half of " +
			"ada_norm(...) (no normalisation); y = out_layer(x (1+γ) + β).",
	},

	// Complexity
	{
		Name: "mhsa_flops", Section: "Complexity",
		Params: []Param{req("n", IntParam), req("d", IntParam), paramNote(req("heads", IntParam), "must divide d")},
		Outputs: []Tensor{intOut("projections", "[]"), intOut("scores", "[]"), intOut("weighted_sum", "[]"),
			intOut("output_projection", "[]"), intOut("total", "[]")},
		Semantics: "One multiply-add = 2 FLOPs: projections 3·2nd², scores 2n²d, weighted_sum 2n²d, " +
			"output_projection 2nd², and their total; heads do not change it.",
	},
	{
		Name: "lora_costs", Section: "Complexity",
		Params: []Param{req("d_in", IntParam), req("d_out", IntParam), req("r", IntParam), paramNote(req("N", IntParam), "sequences"),
			paramNote(req("L", IntParam), "tokens per sequence")},
		Outputs: []Tensor{intOut("params_full", "[]"), intOut("params_lora", "[]"), intOut("flops_full", "[]"),
			intOut("flops_lora", "[]"), intOut("flops_merge_first", "[]")},
		Semantics: "params_full d_in·d_out, params_lora r(d_in+d_out), flops_full 2NL·d_in·d_out, " +
			"flops_lora 2NL·d_in·d_out + 2NL·r(d_in+d_out), flops_merge_first 2·d_out·r·d_in + 2NL·d_in·d_out.",
	},
	{
		Name: "cnn_vit_flops", Section: "Complexity",
		Params: []Param{paramNote(req("N", IntParam), "pixels"), req("C", IntParam), req("K", IntParam),
			paramNote(def("T", IntParam, "1"), "frames"), Param{Name: "Kt", Type: IntParam, Optional: true, Note: "temporal kernel; K when absent"}},
		Outputs: []Tensor{intOut("conv2d", "[]"), intOut("attention", "[]"), intOut("crossover_N", "[]"), intOut("conv3d", "[]"),
			intOut("attention_st", "[]"), intOut("attention_factorized", "[]")},
		Semantics: "conv2d 2N·K²·C², attention 8N·C² + 4N²·C, crossover_N the smallest N (whatever the N " +
			"param) with attention strictly above conv2d, conv3d 2NT·Kt·K²·C², attention_st 8NT·C² + 4(NT)²·C, " +
			"attention_factorized 16NT·C² + 4N²T·C + 4T²N·C.",
	},
}

// paramNote attaches a note to a param.
func paramNote(p Param, n string) Param { p.Note = n; return p }
