package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/detect"
	"dlprep/core/diffusion"
	"dlprep/core/embed"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/core/norm"
)

// The variants adapt each function of core/mistakes to the inputs and
// params of the ops it can be computed on, decoding them as the op's own
// adapter does; a test checks they cover the catalogue exactly.
func init() {
	variant := func(id, op string, run func(conformance.Inputs, conformance.Params) (conformance.Outputs, error)) {
		conformance.RegisterVariant(conformance.Variant{Mistake: id, Op: op, Run: run})
	}
	for id, attend := range map[string]mistakes.AttendFunc{
		"no-scale": mistakes.NoScale, "mask-after-softmax": mistakes.MaskAfterSoftmax, "mask-diagonal": mistakes.MaskDiagonal,
	} {
		variant(id, "sdpa", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			causal, err := p.BoolOr("causal", false)
			if err != nil {
				return nil, err
			}
			out, attn, err := attend(in["query"], in["key"], in["value"], in["mask"], causal)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"output": conformance.FromTensor(out), "attention": conformance.FromTensor(attn)}, nil
		})
		variant(id, "mhsa", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			heads, err := p.Int("num_heads")
			if err != nil {
				return nil, err
			}
			causal, err := p.BoolOr("causal", false)
			if err != nil {
				return nil, err
			}
			w := attention.MHSAWeights{Q: attnLinear(in, "q_proj"), K: attnLinear(in, "k_proj"), V: attnLinear(in, "v_proj"), Out: attnLinear(in, "out_proj")}
			y, attn, err := mistakes.MHSAWith(in["x"], w, heads, causal, attend)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y), "attention": conformance.FromTensor(attn)}, nil
		})
	}
	variant("unpartition-order", "window_attention", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		ws, err := p.Ints("window_size")
		if err != nil {
			return nil, err
		}
		if len(ws) != 3 {
			return nil, fmt.Errorf("window_attention: window_size must be [wT, wH, wW], got %v", ws)
		}
		w := attention.WindowWeights{QKV: attnLinear(in, "qkv"), Proj: attnLinear(in, "proj")}
		y, err := mistakes.UnpartitionOrder(in["x"], w, heads, attention.Window{T: ws[0], H: ws[1], W: ws[2]})
		return tensorOut("y", y, err)
	})
	variant("regroup-no-permute", "factorized_attention", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		const op = "factorized_attention"
		var w attention.FactorizedWeights
		for _, m := range []struct {
			name string
			dst  *attention.MHSAWeights
		}{{"spatial", &w.Spatial}, {"temporal", &w.Temporal}} {
			*m.dst, err = attention.SplitInProj(op+": "+m.name, in[m.name+".in_proj_weight"], in[m.name+".in_proj_bias"],
				in[m.name+".out_proj.weight"], in[m.name+".out_proj.bias"])
			if err != nil {
				return nil, err
			}
		}
		y, err := mistakes.RegroupNoPermute(in["x"], w, heads)
		return tensorOut("y", y, err)
	})
	for id, f := range map[string]func(x, w, b *core.Tensor) (*core.Tensor, error){
		"time-padding-symmetric":    mistakes.CausalDownsampleTimeSymmetric,
		"spatial-padding-symmetric": mistakes.CausalDownsampleSpatialSymmetric,
	} {
		variant(id, "causal_downsample3d", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			y, err := f(in["x"], in["conv.weight"], in["conv.bias"])
			return tensorOut("y", y, err)
		})
	}
	variant("weight-channels-last", "conv2d", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		o, err := convOptions(p)
		if err != nil {
			return nil, err
		}
		y, err := mistakes.Conv2DWeightChannelsLast(in["x"], in["weight"], in["bias"], o)
		return tensorOut("y", y, err)
	})
	variant("transmittance-unshifted", "alpha_composite", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		c, t, err := mistakes.CompositeUnshifted(in["colors"], in["opacities"])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"color": conformance.FromTensor(c), "transmittance": conformance.FromTensor(t)}, nil
	})
	for id, f := range map[string]func([]detect.Box, []float32, float64) ([]int, error){
		"nms-sort-only": mistakes.NMSSortOnly, "nms-no-sort": mistakes.NMSNoSort, "iou-unclamped": mistakes.NMSUnclamped,
	} {
		variant(id, "nms", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			boxes, scores, thr, err := nmsInputs("nms", in, p)
			if err != nil {
				return nil, err
			}
			keep, err := f(boxes, scores, thr)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"keep": conformance.IntVector(keep)}, nil
		})
	}
	variant("iou-unclamped", "box_iou", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		b1, err := detect.BoxesFromTensor("box_iou", "boxes1", in["boxes1"])
		if err != nil {
			return nil, err
		}
		b2, err := detect.BoxesFromTensor("box_iou", "boxes2", in["boxes2"])
		if err != nil {
			return nil, err
		}
		iou, err := mistakes.BoxIoUUnclamped(b1, b2)
		return tensorOut("iou", iou, err)
	})
	variant("freq-over-d", "timestep_embedding", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		dim, err := p.Int("embedding_dim")
		if err != nil {
			return nil, err
		}
		ls, err := p.StringOr("layout", "interleaved")
		if err != nil {
			return nil, err
		}
		layout, err := embed.ParseLayout(ls)
		if err != nil {
			return nil, err
		}
		if err := oneD("timestep_embedding", "timesteps", in["timesteps"]); err != nil {
			return nil, err
		}
		y, err := mistakes.TimestepFreqOverD(in["timesteps"].Data, dim, layout)
		return tensorOut("y", y, err)
	})
	for id, f := range map[string]func(xt, eps, z *core.Tensor, p diffusion.DDPMParams) (*core.Tensor, error){
		"alpha-bar-for-alpha": mistakes.DDPMAlphaBarForAlpha, "noise-at-last-step": mistakes.DDPMNoiseAtLastStep,
	} {
		variant(id, "ddpm_step", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			dp, err := ddpmParams(p)
			if err != nil {
				return nil, err
			}
			x, err := f(in["x_t"], in["predicted_noise"], in["noise"], dp)
			return tensorOut("x_prev", x, err)
		})
	}
	variant("alpha-bar-swapped", "ddim_step", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		var dp diffusion.DDIMParams
		var err error
		if dp.AlphaBarT, err = p.Float("alpha_bar_t"); err != nil {
			return nil, err
		}
		if dp.AlphaBarPrev, err = p.Float("alpha_bar_prev"); err != nil {
			return nil, err
		}
		if dp.Eta, err = p.FloatOr("eta", 0); err != nil {
			return nil, err
		}
		xp, x0, err := mistakes.DDIMAlphaBarsSwapped(in["x_t"], in["predicted_noise"], in["noise"], dp)
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"x_prev": conformance.FromTensor(xp), "x0_pred": conformance.FromTensor(x0)}, nil
	})
	variant("lora-no-scaling", "lora_linear", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		if _, err := p.Float("alpha"); err != nil {
			return nil, err
		}
		y, merged, err := mistakes.LoRALinearNoScaling(in["base.weight"], in["base.bias"], in["lora_A.weight"], in["lora_B.weight"], in["x"])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"y": conformance.FromTensor(y), "merged_weight": conformance.FromTensor(merged)}, nil
	})
	variant("lora-no-scaling", "lora_mhsa", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		heads, err := p.Int("num_heads")
		if err != nil {
			return nil, err
		}
		w := attention.LoRAWeights{
			Q: in["q_proj.weight"], K: in["k_proj.weight"], V: in["v_proj.weight"],
			QA: in["lora_q_A"], QB: in["lora_q_B"], VA: in["lora_v_A"], VB: in["lora_v_B"],
		}
		y, attn, err := mistakes.LoRAMHSANoScaling(in["x"], w, heads)
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"y": conformance.FromTensor(y), "attention": conformance.FromTensor(attn)}, nil
	})
	variant("extrinsic-not-inverted", "depth_to_world", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		const op = "depth_to_world"
		uvd, err := floats(p, "u", "v", "d")
		if err != nil {
			return nil, err
		}
		k, t, err := cameraMats(op, in, "T_world_to_cam")
		if err != nil {
			return nil, err
		}
		w, err := mistakes.DepthToWorldNotInverted(k, t, uvd[0], uvd[1], uvd[2])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"p_world": conformance.FromFloat64s(w[:], 3)}, nil
	})
	variant("extrinsic-not-inverted", "unproject_depth", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		k, t, err := cameraMats("unproject_depth", in, "T_world_to_cam")
		if err != nil {
			return nil, err
		}
		pts, err := mistakes.UnprojectDepthNotInverted(in["depth"], k, t)
		return tensorOut("points", pts, err)
	})
	variant("no-divide-by-z", "warp_pixel", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		uvd, err := floats(p, "u1", "v1", "d1")
		if err != nil {
			return nil, err
		}
		k, t, err := cameraMats("warp_pixel", in, "T_1_to_2")
		if err != nil {
			return nil, err
		}
		u, v, z, err := mistakes.WarpPixelUndivided(k, t, uvd[0], uvd[1], uvd[2])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"uv": conformance.FromFloat64s([]float64{u, v}, 2), "depth": conformance.FromFloat64s([]float64{z}, 1)}, nil
	})
	variant("meshgrid-uv-swap", "vectorized_warp", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		w, m, err := mistakes.VectorizedWarpUVSwap(in["src_img"], in["depth"], in["K"], in["T_1_to_2"])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"warped": conformance.FromTensor(w), "mask": intTensor(m)}, nil
	})
	variant("order-reversed", "is_path_closed", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		tol, err := p.FloatOr("tol", 1e-6)
		if err != nil {
			return nil, err
		}
		r, err := mistakes.PathReversed(in["rotations"], tol)
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"closed":    conformance.BoolScalar(r.Closed),
			"total":     conformance.FromFloat64s(r.Total[:], 3, 3),
			"error":     conformance.FloatScalar(r.Error),
			"angle_deg": conformance.FloatScalar(r.AngleDeg),
		}, nil
	})
	variant("rows-not-columns", "rotation_6d_to_matrix", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		r, err := mistakes.Rotation6DRows(in["d6"])
		return tensorOut("R", r, err)
	})
	variant("running-var-biased", "batchnorm2d", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		bn := &norm.BatchNorm2D{Weight: in["weight"], Bias: in["bias"],
			RunningMean: in["running_mean"].Clone(), RunningVar: in["running_var"].Clone()}
		var err error
		if bn.Eps, err = p.FloatOr("eps", 1e-5); err != nil {
			return nil, err
		}
		if bn.Momentum, err = p.FloatOr("momentum", 0.1); err != nil {
			return nil, err
		}
		if bn.Training, err = p.BoolOr("training", false); err != nil {
			return nil, err
		}
		y, err := mistakes.BatchNormBiasedRunningVar(bn, in["x"])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{"y": conformance.FromTensor(y),
			"running_mean": conformance.FromTensor(bn.RunningMean),
			"running_var":  conformance.FromTensor(bn.RunningVar)}, nil
	})
	variant("unbiased-variance", "layernorm", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		eps, err := p.FloatOr("eps", 1e-5)
		if err != nil {
			return nil, err
		}
		y, err := mistakes.LayerNormUnbiased(in["x"], in["weight"], in["bias"], eps)
		return tensorOut("y", y, err)
	})
	variant("naive-logsumexp", "logsumexp", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		y, err := mistakes.NaiveLogSumExp(in["x"])
		return tensorOut("y", y, err)
	})
	variant("naive-logsumexp", "cross_entropy", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		eps, err := p.FloatOr("label_smoothing", 0)
		if err != nil {
			return nil, err
		}
		tg, err := lossTargets("cross_entropy", in["targets"])
		if err != nil {
			return nil, err
		}
		l, err := mistakes.CrossEntropyNaive(in["logits"], tg, eps)
		return scalarOut("loss", l, err)
	})
	for id, f := range map[string]func(zi, zj *core.Tensor, tau float64) (float64, error){
		"diagonal-not-masked": mistakes.InfoNCEDiagonalKept, "no-normalize": mistakes.InfoNCEUnnormalized,
	} {
		variant(id, "info_nce", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			tau, err := p.FloatOr("temperature", 0.07)
			if err != nil {
				return nil, err
			}
			l, err := f(in["z_i"], in["z_j"], tau)
			return scalarOut("loss", l, err)
		})
	}
	variant("probs-before-log", "focal_loss", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		f, tg, err := focalInputs(in, p)
		if err != nil {
			return nil, err
		}
		l, err := mistakes.FocalFromProbabilities(in["logits"], tg, f)
		return scalarOut("loss", l, err)
	})
	variant("crossover-written-rule", "cnn_vit_flops", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		v, err := int64Params(p, "N", "C", "K")
		if err != nil {
			return nil, err
		}
		t, err := p.IntOr("T", 1)
		if err != nil {
			return nil, err
		}
		kt, err := p.IntOr("Kt", int(v[2]))
		if err != nil {
			return nil, err
		}
		c, err := mistakes.CrossoverWrittenRule(v[0], v[1], v[2], int64(t), int64(kt))
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"conv2d":               conformance.IntScalar(c.Conv2D),
			"attention":            conformance.IntScalar(c.Attention),
			"crossover_N":          conformance.IntScalar(c.CrossoverN),
			"conv3d":               conformance.IntScalar(c.Conv3D),
			"attention_st":         conformance.IntScalar(c.AttentionST),
			"attention_factorized": conformance.IntScalar(c.AttentionFactorized),
		}, nil
	})
	variant("lora-flops-no-seq-len", "lora_costs", func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		v, err := int64Params(p, "d_in", "d_out", "r", "N", "L")
		if err != nil {
			return nil, err
		}
		c, err := mistakes.LoRAFlopsNoSeqLen(v[0], v[1], v[2], v[3], v[4])
		if err != nil {
			return nil, err
		}
		return conformance.Outputs{
			"params_full":       conformance.IntScalar(c.ParamsFull),
			"params_lora":       conformance.IntScalar(c.ParamsLoRA),
			"flops_full":        conformance.IntScalar(c.FlopsFull),
			"flops_lora":        conformance.IntScalar(c.FlopsLoRA),
			"flops_merge_first": conformance.IntScalar(c.FlopsMergeFirst),
		}, nil
	})
}

// tensorOut wraps one tensor result, or passes its error on.
func tensorOut(name string, t *core.Tensor, err error) (conformance.Outputs, error) {
	if err != nil {
		return nil, err
	}
	return conformance.Outputs{name: conformance.FromTensor(t)}, nil
}

// scalarOut wraps one real result, or passes its error on.
func scalarOut(name string, v float64, err error) (conformance.Outputs, error) {
	if err != nil {
		return nil, err
	}
	return conformance.Outputs{name: conformance.FloatScalar(v)}, nil
}

// cameraMats reads K [3,3] and the named 4×4 pose.
func cameraMats(op string, in conformance.Inputs, pose string) (geometry.Mat3, geometry.Mat4, error) {
	k, err := geometry.Mat3FromTensor(op, "K", in["K"])
	if err != nil {
		return k, geometry.Mat4{}, err
	}
	t, err := geometry.Mat4FromTensor(op, pose, in[pose])
	return k, t, err
}
