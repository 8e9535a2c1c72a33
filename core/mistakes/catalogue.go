package mistakes

import (
	"slices"
	"strings"
)

// Mistake describes one catalogued mistake.
type Mistake struct {
	// ID is the mistake's name in URLs, the judge's diagnosis and the
	// visualizer's pitfall choice: lower-case words joined by hyphens.
	ID string
	// Problem is the number ("000".."036") of the problem whose view shows
	// the mistake.
	Problem string
	// Ops are the conformance ops (OPS.md) on whose inputs the mistake can
	// be computed; the judge diagnoses it on failing answers to these ops.
	Ops []string
	// Summary says in one sentence what the mistaken code does and what
	// that changes.
	Summary string
	// Func names the exported function(s) of this package that compute it.
	Func string
}

// Link is the query string of the visualizer view that shows the mistake
// beside the right version: ?problem=NNN&pitfall=<id>.
func (m Mistake) Link() string { return "?problem=" + m.Problem + "&pitfall=" + m.ID }

// All returns every mistake, ordered by problem number, then as the
// problem's view lists them. The slice is a copy.
func All() []Mistake { return slices.Clone(catalogue) }

// Lookup finds a mistake by id.
func Lookup(id string) (Mistake, bool) {
	for _, m := range catalogue {
		if m.ID == id {
			return m, true
		}
	}
	return Mistake{}, false
}

// ForOp returns the mistakes that can be computed on the op's inputs.
func ForOp(op string) []Mistake {
	var out []Mistake
	for _, m := range catalogue {
		if slices.Contains(m.Ops, op) {
			out = append(out, m)
		}
	}
	return out
}

// ForProblem returns the mistakes shown in the problem's view.
func ForProblem(number string) []Mistake {
	var out []Mistake
	for _, m := range catalogue {
		if m.Problem == number {
			out = append(out, m)
		}
	}
	return out
}

// IDs lists the ids of ms, for messages.
func IDs(ms []Mistake) string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return strings.Join(ids, ", ")
}

var catalogue = []Mistake{
	{ID: "unpartition-order", Problem: "000", Ops: []string{"window_attention"}, Func: "UnpartitionOrder",
		Summary: "the tubes are reshaped straight back to [T,H,W] without the inverse permute, so tokens land in other tubes' places"},
	{ID: "time-padding-symmetric", Problem: "001", Ops: []string{"causal_downsample3d"}, Func: "CausalDownsampleTimeSymmetric",
		Summary: "time is padded kT//2 on both sides, so each output frame sees future frames (and an even kT adds a frame)"},
	{ID: "spatial-padding-symmetric", Problem: "001", Ops: []string{"causal_downsample3d"}, Func: "CausalDownsampleSpatialSymmetric",
		Summary: "height and width are padded k//2 on both sides, which for an even kernel shifts the taps and can add an output row or column"},
	{ID: "no-scale", Problem: "003", Ops: []string{"sdpa", "mhsa"}, Func: "NoScale, MHSAWith",
		Summary: "the scores q·k are not divided by √d, so the softmax is too sharp"},
	{ID: "mask-after-softmax", Problem: "004", Ops: []string{"sdpa", "mhsa"}, Func: "MaskAfterSoftmax, MHSAWith",
		Summary: "the mask zeroes weights after the softmax, so the future still takes probability mass and the rows no longer sum to 1"},
	{ID: "mask-diagonal", Problem: "004", Ops: []string{"sdpa", "mhsa"}, Func: "MaskDiagonal, MHSAWith",
		Summary: "the causal mask is the strict triangle, so a token cannot see itself and the first token sees nothing"},
	{ID: "transmittance-unshifted", Problem: "005", Ops: []string{"alpha_composite"}, Func: "CompositeUnshifted",
		Summary: "the cumulative product is not shifted, so T_i includes (1-α_i) and every sample is dimmed by its own opacity"},
	{ID: "nms-sort-only", Problem: "007", Ops: []string{"nms"}, Func: "NMSSortOnly",
		Summary: "the boxes are sorted by score and returned without suppressing any"},
	{ID: "nms-no-sort", Problem: "007", Ops: []string{"nms"}, Func: "NMSNoSort",
		Summary: "boxes are visited in input order instead of by decreasing score, so a weak box can suppress a better one"},
	{ID: "iou-unclamped", Problem: "007", Ops: []string{"nms", "box_iou"}, Func: "BoxIoUUnclamped, NMSUnclamped",
		Summary: "the overlap's width and height are not clamped at 0, so disjoint boxes get a negative or phantom positive IoU"},
	{ID: "freq-over-d", Problem: "009", Ops: []string{"timestep_embedding"}, Func: "TimestepFreqOverD",
		Summary: "frequencies are indexed over D instead of D/2, so they only span half the range and the slowest clock is far too fast"},
	{ID: "alpha-bar-for-alpha", Problem: "010", Ops: []string{"ddpm_step"}, Func: "DDPMAlphaBarForAlpha",
		Summary: "ᾱ_t is used where α_t belongs, so the step jumps to the x0 estimate instead of moving one step"},
	{ID: "noise-at-last-step", Problem: "010", Ops: []string{"ddpm_step"}, Func: "DDPMNoiseAtLastStep",
		Summary: "σ z is added at t = 0 too, so the final sample is noisy"},
	{ID: "alpha-bar-swapped", Problem: "011", Ops: []string{"ddim_step"}, Func: "DDIMAlphaBarsSwapped",
		Summary: "ᾱ_t and ᾱ_{t-1} are swapped, so x0 is predicted with the wrong level and the step runs toward noise"},
	{ID: "lora-no-scaling", Problem: "013", Ops: []string{"lora_linear", "lora_mhsa"}, Func: "LoRALinearNoScaling, LoRAMHSANoScaling",
		Summary: "the update B A x is added without its α/r factor"},
	{ID: "extrinsic-not-inverted", Problem: "014", Ops: []string{"depth_to_world", "unproject_depth"}, Func: "DepthToWorldNotInverted, UnprojectDepthNotInverted",
		Summary: "the world-to-camera matrix is applied as if it were camera-to-world, without inverting it"},
	{ID: "no-divide-by-z", Problem: "015", Ops: []string{"warp_pixel"}, Func: "WarpPixelUndivided",
		Summary: "the projection K P is not divided by its z, so the pixel is off by the depth factor"},
	{ID: "meshgrid-uv-swap", Problem: "016", Ops: []string{"vectorized_warp"}, Func: "VectorizedWarpUVSwap",
		Summary: "the pixel grid comes from meshgrid(arange(H), arange(W), indexing='xy'), which swaps u and v (invisible on square images)"},
	{ID: "weight-channels-last", Problem: "018", Ops: []string{"conv2d"}, Func: "Conv2DWeightChannelsLast",
		Summary: "the weight is flattened as [k, k, C] while unfold's rows are (C, k, k), so the taps meet the wrong inputs"},
	{ID: "running-var-biased", Problem: "020", Ops: []string{"batchnorm2d"}, Func: "BatchNormBiasedRunningVar",
		Summary: "the running variance is updated with the biased batch variance instead of the unbiased one"},
	{ID: "diagonal-not-masked", Problem: "021", Ops: []string{"info_nce"}, Func: "InfoNCEDiagonalKept",
		Summary: "each sample's similarity to itself is left in the softmax, where it outscores the positive"},
	{ID: "no-normalize", Problem: "021", Ops: []string{"info_nce"}, Func: "InfoNCEUnnormalized",
		Summary: "the embeddings are not L2-normalised, so the similarities are raw dot products over τ, not cosines"},
	{ID: "naive-logsumexp", Problem: "022", Ops: []string{"logsumexp", "cross_entropy"}, Func: "NaiveLogSumExp, CrossEntropyNaive",
		Summary: "log Σ exp x is taken without subtracting the maximum, so float32 overflows to Inf beyond logits of about 88"},
	{ID: "lora-flops-no-seq-len", Problem: "023", Ops: []string{"lora_costs"}, Func: "LoRAFlopsNoSeqLen",
		Summary: "the adapter's FLOP term drops the sequence length L: 2N·r(d_in+d_out) instead of 2NL·r(d_in+d_out)"},
	{ID: "probs-before-log", Problem: "024", Ops: []string{"focal_loss"}, Func: "FocalFromProbabilities",
		Summary: "the softmax probabilities are computed first and then logged, so a target probability that underflows gives log 0 and an infinite loss"},
	{ID: "crossover-written-rule", Problem: "026", Ops: []string{"cnn_vit_flops"}, Func: "CrossoverWrittenRule",
		Summary: "the crossover is taken from the written rule N > K²C, which leaves out the projections' cost"},
	{ID: "regroup-no-permute", Problem: "027", Ops: []string{"factorized_attention"}, Func: "RegroupNoPermute",
		Summary: "the spatial output is reshaped to (B·H·W, T, C) without a permute, so each temporal sequence mixes pixels of one frame"},
	{ID: "order-reversed", Problem: "032", Ops: []string{"is_path_closed"}, Func: "PathReversed",
		Summary: "the rotations are multiplied with each new one on the right, R_0 R_1 … R_{n-1}, the reverse order"},
	{ID: "rows-not-columns", Problem: "034", Ops: []string{"rotation_6d_to_matrix"}, Func: "Rotation6DRows",
		Summary: "b1, b2, b3 are stacked as rows, which gives the transpose Rᵀ"},
	{ID: "unbiased-variance", Problem: "036", Ops: []string{"layernorm"}, Func: "LayerNormUnbiased",
		Summary: "each row is normalised with the unbiased variance (divided by D-1) where LayerNorm uses the biased one"},
}
