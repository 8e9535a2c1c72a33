package problems

import (
	"strconv"
	"strings"
)

// Difficulty is how hard a problem is for someone who knows the basics of
// PyTorch: easy (one idea, a few lines), medium (several steps or one
// subtle convention), hard (many shapes to keep straight, or no single
// right answer).
type Difficulty string

// The three difficulties.
const (
	Easy   Difficulty = "easy"
	Medium Difficulty = "medium"
	Hard   Difficulty = "hard"
)

// Problem is one interview problem.
type Problem struct {
	// Number is the problem's three-digit id, "000" to "036".
	Number string
	Title  string
	// Family groups problems as the visualizer's menu does: attention,
	// convolution, diffusion, geometry, detection, losses, lora,
	// complexity, system design.
	Family string
	// Ops are the conformance ops (OPS.md) that check an answer, the main
	// one first: practice and judge use it when given only the number.
	// The four design problems have none.
	Ops        []string
	Difficulty Difficulty
	// Statement says what is asked, in a few sentences.
	Statement string
	// Idioms are the calls and shape tricks the clean solution turns on.
	Idioms []string
	// Mistakes are the ids of the catalogued mistakes first attempts made
	// (package core/mistakes), in the order a learner meets them.
	Mistakes []string
}

// MainOp is the op practice writes a starter for and judge checks when given
// the problem's number, or "" for a design problem.
func (p Problem) MainOp() string {
	if len(p.Ops) == 0 {
		return ""
	}
	return p.Ops[0]
}

// All returns every problem in number order. The slice is a copy; the
// problems share their string slices with the catalogue, which callers must
// not modify.
func All() []Problem { return append([]Problem(nil), catalogue...) }

// Lookup finds a problem by number, written with or without leading zeros
// ("7", "007").
func Lookup(number string) (Problem, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(number))
	if err != nil || n < 0 || n >= len(catalogue) {
		return Problem{}, false
	}
	return catalogue[n], true
}

// ForOp returns the problems whose answers the op checks, in number order.
func ForOp(op string) []Problem {
	var out []Problem
	for _, p := range catalogue {
		for _, o := range p.Ops {
			if o == op {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// Title returns the title of the problem numbered number, or "" if there is
// none: the visualizer's menu and captions read it.
func Title(number string) string {
	p, _ := Lookup(number)
	return p.Title
}

var catalogue = []Problem{
	{
		Number: "000", Title: "Spatio-temporal window attention", Family: "attention",
		Ops: []string{"window_attention"}, Difficulty: Hard,
		Statement: "Cut a video [B,C,T,H,W] into non-overlapping wT×wH×wW tubes, run multi-head self-attention " +
			"inside each tube only (a fused qkv projection, then an output projection), and put every token back " +
			"where it came from, without Python loops.",
		Idioms: []string{
			"view T, H and W as (blocks, window) pairs, then permute so that the three window axes sit together",
			"un-partitioning is the inverse permute: the window axes must interleave back with the block axes",
			"call contiguous() before view() after a permute",
		},
		Mistakes: []string{"unpartition-order"},
	},
	{
		Number: "001", Title: "Causal 3D conv downsampler", Family: "convolution",
		Ops: []string{"causal_downsample3d"}, Difficulty: Medium,
		Statement: "A conv3d with stride (1,2,2) that keeps the frame count, halves height and width (rounding up) " +
			"and never looks at a future frame: time is padded on the past side only.",
		Idioms: []string{
			"F.pad takes (w_left, w_right, h_top, h_bottom, t_front, t_back): the last dim comes first",
			"t_back = 0 keeps it causal; (k-1)//2 before and k//2 after keeps ceil(H/2) for even kernels too",
			"nn.Conv3d(stride=(1, 2, 2)) with padding=0 once the input is padded",
		},
		Mistakes: []string{"time-padding-symmetric", "spatial-padding-symmetric"},
	},
	{
		Number: "002", Title: "Patch embedding", Family: "attention",
		Ops: []string{"patch_embed"}, Difficulty: Easy,
		Statement: "Turn an image into a sequence of P×P patch tokens with one strided convolution, put a learnable " +
			"CLS token first and add learnable position embeddings.",
		Idioms: []string{
			"nn.Conv2d(kernel_size=P, stride=P) is patchify plus a linear projection",
			"flatten(2).transpose(1, 2) turns [B,D,H/P,W/P] into [B,N,D]",
			"torch.cat the CLS token expanded over the batch; positions are an nn.Parameter",
		},
	},
	{
		Number: "003", Title: "Multi-head self-attention", Family: "attention",
		Ops: []string{"mhsa", "sdpa"}, Difficulty: Medium,
		Statement: "Project to Q, K and V, split the channels into heads, take the softmax of scaled dot products, " +
			"weight the values, merge the heads and apply the output projection.",
		Idioms: []string{
			"view(B, N, h, d).transpose(1, 2) splits heads; transpose(1, 2).reshape(B, N, D) merges them",
			"q @ k.transpose(-2, -1) / math.sqrt(d): the scale uses the head width",
			"F.scaled_dot_product_attention is the cross-check",
		},
		Mistakes: []string{"no-scale"},
	},
	{
		Number: "004", Title: "Causal masking", Family: "attention",
		Ops: []string{"sdpa", "mhsa"}, Difficulty: Easy,
		Statement: "Make position t unable to attend to any later position, while still attending to itself.",
		Idioms: []string{
			"torch.tril(torch.ones(S, S, dtype=torch.bool)) keeps the past and the diagonal",
			"masked_fill(~keep, float('-inf')) before the softmax, never after",
		},
		Mistakes: []string{"mask-after-softmax", "mask-diagonal"},
	},
	{
		Number: "005", Title: "Differentiable alpha compositing", Family: "geometry",
		Ops: []string{"alpha_composite"}, Difficulty: Medium,
		Statement: "Blend N samples along each ray front to back, C = Σ c_i α_i T_i with the transmittance " +
			"T_i = Π_{j<i}(1-α_j), with a cumulative product and no loop.",
		Idioms: []string{
			"torch.cumprod(1 - alpha, dim) shifted by one (prepend ones, drop the last) is the transmittance",
			"(c * alpha * T).sum(dim) composites",
		},
		Mistakes: []string{"transmittance-unshifted"},
	},
	{
		Number: "006", Title: "Depthwise separable conv", Family: "convolution",
		Ops: []string{"depthwise_separable_conv"}, Difficulty: Easy,
		Statement: "A per-channel k×k convolution (groups = channels) followed by a 1×1 convolution that mixes " +
			"channels; its parameter count is about 1/C_out + 1/k² of a standard conv's.",
		Idioms: []string{
			"nn.Conv2d(C, C, k, groups=C, padding=k // 2), then nn.Conv2d(C, O, 1)",
			"padding k // 2 keeps the size only for odd k",
		},
	},
	{
		Number: "007", Title: "2D non-maximum suppression", Family: "detection",
		Ops: []string{"nms", "box_iou", "batched_nms"}, Difficulty: Medium,
		Statement: "Visit boxes from the highest score down, keep a box unless its IoU with an already kept box " +
			"is above the threshold, and return the kept indices in score order.",
		Idioms: []string{
			"torch.argsort(scores, descending=True) gives the visiting order",
			"clamp(min=0) the overlap's width and height before multiplying them",
			"torchvision.ops.nms and box_iou are the cross-check",
		},
		Mistakes: []string{"nms-sort-only", "nms-no-sort", "iou-unclamped"},
	},
	{
		Number: "008", Title: "Classifier-free guidance", Family: "diffusion",
		Ops: []string{"cfg"}, Difficulty: Easy,
		Statement: "Combine the unconditional and conditional noise predictions, ε_uncond + w (ε_cond − ε_uncond), " +
			"with both computed in one batched model call.",
		Idioms: []string{
			"torch.cat([x, x]) with [null_cond, cond] runs both predictions in one call; chunk(2) splits them",
		},
	},
	{
		Number: "009", Title: "Sinusoidal timestep embedding", Family: "diffusion",
		Ops: []string{"timestep_embedding"}, Difficulty: Easy,
		Statement: "Map each timestep t to D numbers, sines and cosines of t at D/2 geometrically spaced " +
			"frequencies, either interleaved or concatenated.",
		Idioms: []string{
			"torch.exp(-math.log(10000) * torch.arange(half) / half) builds the frequencies in log space",
			"t[:, None] * freqs[None] broadcasts every timestep against every frequency",
			"torch.cat([sin, cos], -1) for the concatenated layout",
		},
		Mistakes: []string{"freq-over-d"},
	},
	{
		Number: "010", Title: "DDPM reverse step", Family: "diffusion",
		Ops: []string{"ddpm_step", "noise_schedule"}, Difficulty: Medium,
		Statement: "One ancestral sampling step, x_{t-1} = (x_t − (1−α_t)/√(1−ᾱ_t) ε)/√α_t + σ_t z, with no " +
			"noise added at t = 0.",
		Idioms: []string{
			"index the schedule tensors with t and reshape them to broadcast, e.g. [:, None, None, None]",
			"torch.randn_like for z, and no noise term at t = 0",
		},
		Mistakes: []string{"alpha-bar-for-alpha", "noise-at-last-step"},
	},
	{
		Number: "011", Title: "DDIM step", Family: "diffusion",
		Ops: []string{"ddim_step"}, Difficulty: Medium,
		Statement: "Predict x0 from x_t and ε, then re-noise it to ᾱ_{t-1}: x_{t-1} = √ᾱ_{t-1} x0 + √(1−ᾱ_{t-1}) ε " +
			"(deterministic for η = 0, and able to skip steps).",
		Idioms: []string{
			"compute x0 first, then move it to alpha_bar_prev; η = 0 makes the step deterministic",
		},
		Mistakes: []string{"alpha-bar-swapped"},
	},
	{
		Number: "012", Title: "DDIM inversion", Family: "diffusion",
		Ops: []string{"ddim_inversion_step"}, Difficulty: Medium,
		Statement: "Run the DDIM update toward more noise (ᾱ_{t+1}) to recover the noise that regenerates a given " +
			"image; it assumes ε barely changes between t and t+1, so few steps drift.",
		Idioms: []string{
			"the DDIM update with alpha_bar_next in place of alpha_bar_prev",
			"torch.no_grad() around the model calls",
		},
	},
	{
		Number: "013", Title: "LoRA linear", Family: "lora",
		Ops: []string{"lora_linear", "lora_linear_backward"}, Difficulty: Easy,
		Statement: "A frozen linear layer W plus a trainable low-rank update (α/r) B A x, A random and B zero so " +
			"training starts at the base model; after training the update merges into W.",
		Idioms: []string{
			"nn.Linear(in, r, bias=False) and nn.Linear(r, out, bias=False); nn.init.zeros_ on B",
			"requires_grad_(False) on the base layer",
			"x @ A.T @ B.T, never B @ A per token",
		},
		Mistakes: []string{"lora-no-scaling"},
	},
	{
		Number: "014", Title: "Depth to world", Family: "geometry",
		Ops: []string{"depth_to_world", "unproject_depth"}, Difficulty: Medium,
		Statement: "Take pixel (u, v) with depth d to camera space with K⁻¹, then to world space with the inverse " +
			"of the world-to-camera extrinsic.",
		Idioms: []string{
			"torch.linalg.inv(K) and torch.linalg.inv(T_world_to_cam)",
			"homogeneous coordinates: torch.cat([p, ones]) before a 4×4 matrix",
		},
		Mistakes: []string{"extrinsic-not-inverted"},
	},
	{
		Number: "015", Title: "Temporal feature warping", Family: "geometry",
		Ops: []string{"warp_pixel"}, Difficulty: Medium,
		Statement: "Back-project a pixel of frame 1 with its depth, move the point with T_1→2 and project it into " +
			"frame 2, returning the pixel and its new depth.",
		Idioms: []string{
			"divide by z after K @ P2, and keep z for the depth test",
		},
		Mistakes: []string{"no-divide-by-z"},
	},
	{
		Number: "016", Title: "Vectorized warper", Family: "geometry",
		Ops: []string{"vectorized_warp", "grid_sample"}, Difficulty: Hard,
		Statement: "Warp every pixel at once: back-project, move, project, normalise to [-1, 1] and sample the " +
			"source image with grid_sample; also return the mask of pixels that land inside it.",
		Idioms: []string{
			"torch.meshgrid(torch.arange(H), torch.arange(W), indexing='ij') gives (v, u), in that order",
			"normalise with 2u/(W-1) - 1 and 2v/(H-1) - 1; F.grid_sample(..., align_corners=True)",
			"the mask is abs(grid) <= 1 on both coordinates",
		},
		Mistakes: []string{"meshgrid-uv-swap"},
	},
	{
		Number: "017", Title: "LoRA in attention", Family: "lora",
		Ops: []string{"lora_mhsa"}, Difficulty: Medium,
		Statement: "Add LoRA adapters to the query and value projections of a multi-head attention layer, base " +
			"weights frozen and the standard initialisation.",
		Idioms: []string{
			"adapters on q_proj and v_proj only; k stays the base projection",
			"F.scaled_dot_product_attention for the attention itself",
		},
	},
	{
		Number: "018", Title: "Manual conv2d", Family: "convolution",
		Ops: []string{"conv2d", "unfold"}, Difficulty: Medium,
		Statement: "A 2-D convolution as im2col and one matrix product: unfold the input into columns, multiply by " +
			"the flattened weight, add the bias and reshape.",
		Idioms: []string{
			"F.unfold(x, k, padding=p, stride=s) gives [B, C·k·k, L], rows in (channel, row, column) order",
			"weight.view(O, -1) @ cols, then view(B, O, Ho, Wo)",
		},
		Mistakes: []string{"weight-channels-last"},
	},
	{
		Number: "019", Title: "MHSA complexity", Family: "complexity",
		Ops: []string{"mhsa_flops"}, Difficulty: Easy,
		Statement: "Count the FLOPs of multi-head self-attention, O(n²d + nd²), and show that the number of heads " +
			"does not change it.",
		Idioms: []string{
			"a product [m,k]×[k,n] costs 2·m·k·n FLOPs",
			"heads split d; they do not add cost",
		},
	},
	{
		Number: "020", Title: "Manual BatchNorm2d", Family: "convolution",
		Ops: []string{"batchnorm2d"}, Difficulty: Medium,
		Statement: "Normalise with the batch statistics over (B, H, W) in training and update the running " +
			"statistics by momentum; use the running statistics in eval; apply the affine γ, β.",
		Idioms: []string{
			"x.mean((0, 2, 3)) and x.var((0, 2, 3), unbiased=False) to normalise",
			"the running variance takes the unbiased variance",
			"update buffers in place (mul_, add_) rather than reassigning them",
		},
		Mistakes: []string{"running-var-biased"},
	},
	{
		Number: "021", Title: "InfoNCE loss", Family: "losses",
		Ops: []string{"info_nce"}, Difficulty: Medium,
		Statement: "The contrastive loss of SimCLR: L2-normalise both views, take the 2N×2N cosine similarities " +
			"over a temperature, mask each sample's similarity to itself and score the other view as the positive.",
		Idioms: []string{
			"F.normalize(z, dim=1), then z @ z.T / tau",
			"fill_diagonal_(-1e9), not -inf, which can turn into NaN",
			"targets torch.arange(2N).roll(N)",
		},
		Mistakes: []string{"diagonal-not-masked", "no-normalize"},
	},
	{
		Number: "022", Title: "Log-sum-exp cross-entropy", Family: "losses",
		Ops: []string{"cross_entropy", "logsumexp"}, Difficulty: Easy,
		Statement: "Cross-entropy from logits without fused helpers, stable for any finite logits: " +
			"log Σ exp x computed as max + log Σ exp(x − max).",
		Idioms: []string{
			"m = x.max(1, keepdim=True).values; m + torch.log(torch.exp(x - m).sum(1, keepdim=True))",
			"gather the target's logit",
		},
		Mistakes: []string{"naive-logsumexp"},
	},
	{
		Number: "023", Title: "LoRA vs full fine-tuning cost", Family: "complexity",
		Ops: []string{"lora_costs"}, Difficulty: Easy,
		Statement: "Compare parameters and FLOPs of full fine-tuning and LoRA: the parameter ratio is " +
			"r/d_in + r/d_out, and multiplying X by A, then by B, is cheaper than forming B A first.",
		Idioms: []string{
			"parameter ratio r/d_in + r/d_out",
			"the adapter costs 2NL·r(d_in + d_out) FLOPs for (X Aᵀ) Bᵀ",
		},
		Mistakes: []string{"lora-flops-no-seq-len"},
	},
	{
		Number: "024", Title: "Focal loss", Family: "losses",
		Ops: []string{"focal_loss"}, Difficulty: Medium,
		Statement: "The mean of −α_t (1−p_t)^γ log p_t over samples, computed from log-softmax so that confident " +
			"predictions stay finite.",
		Idioms: []string{
			"F.log_softmax then gather; p_t = log_p_t.exp()",
			"(1 - p_t) ** gamma weights the easy examples down",
		},
		Mistakes: []string{"probs-before-log"},
	},
	{
		Number: "025", Title: "Camera-conditioned cross-attention", Family: "attention",
		Ops: []string{"camera_cross_attention"}, Difficulty: Medium,
		Statement: "Video tokens attend to camera embeddings; with one camera token per frame the softmax runs " +
			"over a single key, so every weight is exactly 1 and the output ignores the pixels.",
		Idioms: []string{
			"with one key per query the softmax is exactly 1: check the shapes before trusting a picture",
		},
	},
	{
		Number: "026", Title: "CNN vs ViT complexity", Family: "complexity",
		Ops: []string{"cnn_vit_flops"}, Difficulty: Medium,
		Statement: "Compare a conv's O(N K² C²) with attention's O(N C² + N² C), find where they cross, and do " +
			"the same for 3-D convolution against full and factorized spatio-temporal attention.",
		Idioms: []string{
			"conv 2N·K²·C² against attention 8N·C² + 4N²·C: the crossover is in N",
		},
		Mistakes: []string{"crossover-written-rule"},
	},
	{
		Number: "027", Title: "Factorized attention", Family: "attention",
		Ops: []string{"factorized_attention"}, Difficulty: Hard,
		Statement: "Spatial attention inside each frame, then temporal attention for each pixel across frames: " +
			"O((HW)² T + T² HW) instead of O((THW)²).",
		Idioms: []string{
			"nn.MultiheadAttention(batch_first=True) returns (output, weights)",
			"regroup [B,T,C,H,W] to (B·T, H·W, C), then to (B·H·W, T, C) with permute + reshape",
		},
		Mistakes: []string{"regroup-no-permute"},
	},
	{
		Number: "028", Title: "Virtual cinematographer (design)", Family: "system design",
		Difficulty: Hard,
		Statement: "Re-render a static scene along a camera path the user draws: depth and 3-D Gaussians, " +
			"projection, finding the holes, inpainting them; ray (Plücker) conditioning for a generator.",
		Idioms: []string{"no single right answer: name the stages, their inputs and where each breaks"},
	},
	{
		Number: "029", Title: "Digital twin of a live match (design)", Family: "system design",
		Difficulty: Hard,
		Statement: "Eight fixed cameras and moving players: a static court plus per-player templates, fused across " +
			"views, with identities kept by a contrastive re-identification embedding.",
		Idioms: []string{"no single right answer: name the stages, their inputs and where each breaks"},
	},
	{
		Number: "030", Title: "Neural green screen (design)", Family: "system design",
		Difficulty: Hard,
		Statement: "Extract an actor from ordinary footage, estimate the lighting, relight them for a new " +
			"background and composite with plausible shadows.",
		Idioms: []string{"no single right answer: name the stages, their inputs and where each breaks"},
	},
	{
		Number: "031", Title: "Dynamic re-cinematographer (design)", Family: "system design",
		Difficulty: Hard,
		Statement: "Lift a monocular dynamic video to 4-D, render it along a new camera path (bullet time) and fill " +
			"the disocclusions with a generative prior.",
		Idioms: []string{"no single right answer: name the stages, their inputs and where each breaks"},
	},
	{
		Number: "032", Title: "Rotational consistency", Family: "geometry",
		Ops: []string{"is_path_closed"}, Difficulty: Easy,
		Statement: "Multiply the relative rotations around a loop, each new one on the left, and check that the " +
			"result is the identity, by Frobenius norm and by geodesic angle.",
		Idioms: []string{
			"R_total = R_{n-1} @ … @ R_0",
			"torch.dist(R_total, I) is the Frobenius error",
			"the angle is acos((trace - 1) / 2), with a clamp to [-1, 1] before acos",
		},
		Mistakes: []string{"order-reversed"},
	},
	{
		Number: "033", Title: "Time-conditioned flow layer", Family: "diffusion",
		Ops: []string{"flow_cond_layer"}, Difficulty: Medium,
		Statement: "Embed t with sinusoids, pass it through an MLP, turn it into an AdaLN-style scale and shift " +
			"for x, then apply a linear layer.",
		Idioms: []string{
			"F.silu between the two linear layers of the time MLP",
			"chunk(2, dim=-1) splits (γ, β); x * (1 + gamma) + beta",
		},
	},
	{
		Number: "034", Title: "6D rotation representation", Family: "geometry",
		Ops: []string{"rotation_6d_to_matrix"}, Difficulty: Easy,
		Statement: "Turn two 3-vectors into a rotation matrix: Gram-Schmidt for the first two columns, a cross " +
			"product for the third.",
		Idioms: []string{
			"F.normalize and torch.cross(b1, b2, dim=-1)",
			"torch.stack([b1, b2, b3], dim=-1) stacks them as columns",
		},
		Mistakes: []string{"rows-not-columns"},
	},
	{
		Number: "035", Title: "3D positional encoding", Family: "geometry",
		Ops: []string{"positional_encoding_3d"}, Difficulty: Easy,
		Statement: "Encode 3-D points as [x, sin(2^l π x), cos(2^l π x)] for L bands, with broadcasting and no " +
			"loops.",
		Idioms: []string{
			"2 ** torch.arange(L) * math.pi builds the bands",
			"coords[..., None] * freqs then flatten(-2); torch.cat([coords, sin, cos], -1)",
		},
	},
	{
		Number: "036", Title: "Manual LayerNorm", Family: "convolution",
		Ops: []string{"layernorm"}, Difficulty: Easy,
		Statement: "Normalise each sample over its features with the biased variance, then apply γ and β.",
		Idioms: []string{
			"x.mean(-1, keepdim=True) and x.var(-1, unbiased=False, keepdim=True)",
		},
		Mistakes: []string{"unbiased-variance"},
	},
}
