package ops

import (
	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/detect"
	"dlprep/core/diffusion"
	"dlprep/core/mistakes"
)

// The variants adapt each function of core/mistakes to the inputs and
// params of the ops it can be computed on, through the op's own adapter
// (adapt.go): a test checks they cover the catalogue exactly.
func init() {
	variant := func(id, op string, run runFunc) {
		conformance.RegisterVariant(conformance.Variant{Mistake: id, Op: op, Run: run})
	}
	for id, attend := range map[string]mistakes.AttendFunc{
		"no-scale": mistakes.NoScale, "mask-after-softmax": mistakes.MaskAfterSoftmax, "mask-diagonal": mistakes.MaskDiagonal,
	} {
		variant(id, "sdpa", sdpaRun(attend))
		variant(id, "mhsa", mhsaRun(func(x *core.Tensor, w attention.MHSAWeights, heads int, causal bool) (y, attn *core.Tensor, err error) {
			return mistakes.MHSAWith(x, w, heads, causal, attend)
		}))
	}
	variant("unpartition-order", "window_attention", windowRun(mistakes.UnpartitionOrder))
	variant("regroup-no-permute", "factorized_attention", factorizedRun(mistakes.RegroupNoPermute))
	for id, f := range map[string]func(x, w, b *core.Tensor) (*core.Tensor, error){
		"time-padding-symmetric":    mistakes.CausalDownsampleTimeSymmetric,
		"spatial-padding-symmetric": mistakes.CausalDownsampleSpatialSymmetric,
	} {
		variant(id, "causal_downsample3d", causalDownRun(f))
	}
	variant("weight-channels-last", "conv2d", conv2dRun(mistakes.Conv2DWeightChannelsLast))
	variant("transmittance-unshifted", "alpha_composite", compositeRun(mistakes.CompositeUnshifted))
	for id, f := range map[string]func([]detect.Box, []float32, float64) ([]int, error){
		"nms-sort-only": mistakes.NMSSortOnly, "nms-no-sort": mistakes.NMSNoSort, "iou-unclamped": mistakes.NMSUnclamped,
	} {
		variant(id, "nms", nmsRun(f))
	}
	variant("iou-unclamped", "box_iou", boxIoURun(mistakes.BoxIoUUnclamped))
	variant("freq-over-d", "timestep_embedding", timestepRun(mistakes.TimestepFreqOverD))
	for id, f := range map[string]func(xt, eps, z *core.Tensor, p diffusion.DDPMParams) (*core.Tensor, error){
		"alpha-bar-for-alpha": mistakes.DDPMAlphaBarForAlpha, "noise-at-last-step": mistakes.DDPMNoiseAtLastStep,
	} {
		variant(id, "ddpm_step", ddpmRun(f))
	}
	variant("alpha-bar-swapped", "ddim_step", ddimRun(mistakes.DDIMAlphaBarsSwapped))
	// The mistake leaves α out of the update: alpha is read (and must be
	// valid) but not used.
	variant("lora-no-scaling", "lora_linear", loraLinearRun(func(w, b, a, bb, x *core.Tensor, _ float64) (y, merged *core.Tensor, err error) {
		return mistakes.LoRALinearNoScaling(w, b, a, bb, x)
	}))
	variant("lora-no-scaling", "lora_mhsa", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		y, attn, err := mistakes.LoRAMHSANoScaling(in["x"], loraMHSAWeights(in), heads)
		return tensorsOut("y", y, "attention", attn, err)
	})
	variant("extrinsic-not-inverted", "depth_to_world", depthToWorldRun(mistakes.DepthToWorldNotInverted))
	variant("extrinsic-not-inverted", "unproject_depth", unprojectRun(mistakes.UnprojectDepthNotInverted))
	variant("no-divide-by-z", "warp_pixel", warpPixelRun(mistakes.WarpPixelUndivided))
	variant("meshgrid-uv-swap", "vectorized_warp", vectorizedWarpRun(mistakes.VectorizedWarpUVSwap))
	variant("order-reversed", "is_path_closed", pathClosedRun(mistakes.PathReversed))
	variant("rows-not-columns", "rotation_6d_to_matrix", rotation6DRun(mistakes.Rotation6DRows))
	variant("running-var-biased", "batchnorm2d", batchNormRun(mistakes.BatchNormBiasedRunningVar))
	variant("unbiased-variance", "layernorm", layerNormRun(mistakes.LayerNormUnbiased))
	variant("naive-logsumexp", "logsumexp", logSumExpRun(mistakes.NaiveLogSumExp))
	variant("naive-logsumexp", "cross_entropy", crossEntropyRun(mistakes.CrossEntropyNaive))
	for id, f := range map[string]func(zi, zj *core.Tensor, tau float64) (float64, error){
		"diagonal-not-masked": mistakes.InfoNCEDiagonalKept, "no-normalize": mistakes.InfoNCEUnnormalized,
	} {
		variant(id, "info_nce", infoNCERun(f))
	}
	variant("probs-before-log", "focal_loss", focalRun(mistakes.FocalFromProbabilities))
	variant("crossover-written-rule", "cnn_vit_flops", cnnViTRun(mistakes.CrossoverWrittenRule))
	variant("lora-flops-no-seq-len", "lora_costs", loraCostsRun(mistakes.LoRAFlopsNoSeqLen))
}
