package attention

import (
	"dlprep/core"
)

// FactorizedWeights are problem 027's two nn.MultiheadAttention layers; use
// SplitInProj to view their in_proj_weight/in_proj_bias and out_proj.
type FactorizedWeights struct {
	Spatial, Temporal MHSAWeights
}

// FactorizedResult is the output of FactorizedAttention and the weights of
// both stages, for drawing.
type FactorizedResult struct {
	// Y is [B,T,C,H,W], like the input.
	Y *core.Tensor
	// Spatial is [B·T, heads, H·W, H·W]: sequence b·T+t is frame t of video
	// b, its tokens are pixels h·W+w.
	Spatial *core.Tensor
	// Temporal is [B·H·W, heads, T, T]: sequence b·H·W + h·W+w is pixel
	// (h, w) of video b, its tokens are frames.
	Temporal *core.Tensor
}

// FactorizedAttention is problem 027: spatial self-attention inside each
// frame (nn.MultiheadAttention, batch_first, over (B·T, H·W, C)), its output
// regrouped to (B·H·W, T, C) for temporal self-attention across the frames
// of each pixel, and the result put back as [B,T,C,H,W]. x is [B,T,C,H,W];
// there are no residuals and no normalisation. Its multiply-adds are exactly
// FactorizedCost(...).Factorized/2.
func FactorizedAttention(x *core.Tensor, w FactorizedWeights, numHeads int) (*FactorizedResult, error) {
	const op = "factorized_attention"
	if err := core.CheckShape(op, "x", x, "[B,T,C,H,W]", -1, -1, -1, -1, -1); err != nil {
		return nil, err
	}
	b, t, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	if _, err := checkHeads(op, "C", c, numHeads); err != nil {
		return nil, err
	}
	for _, m := range []struct {
		name string
		w    MHSAWeights
	}{{"spatial", w.Spatial}, {"temporal", w.Temporal}} {
		for _, p := range []struct {
			name string
			l    Linear
		}{{"in_proj(q)", m.w.Q}, {"in_proj(k)", m.w.K}, {"in_proj(v)", m.w.V}, {"out_proj", m.w.Out}} {
			if err := p.l.check(op, m.name+"."+p.name, c, c); err != nil {
				return nil, err
			}
		}
	}
	if err := core.CheckFinite(op, "x", x); err != nil {
		return nil, err
	}
	hw := h * wd
	// [B,T,C,H,W] -> [B,T,H,W,C] = (B·T, H·W, C)
	seq, err := x.Permute(0, 1, 3, 4, 2)
	if err != nil {
		return nil, err
	}
	ys, spatial, err := selfAttention(op, seq.Data, b*t, hw, c, w.Spatial, numHeads, false, nil)
	if err != nil {
		return nil, err
	}
	// (B·T, H·W, C) = [B,T,HW,C] -> [B,HW,T,C] = (B·H·W, T, C)
	ys.Shape = []int{b, t, hw, c}
	tseq, err := ys.Permute(0, 2, 1, 3)
	if err != nil {
		return nil, err
	}
	yt, temporal, err := selfAttention(op, tseq.Data, b*hw, t, c, w.Temporal, numHeads, false, nil)
	if err != nil {
		return nil, err
	}
	// (B·H·W, T, C) = [B,H,W,T,C] -> [B,T,C,H,W]
	yt.Shape = []int{b, h, wd, t, c}
	y, err := yt.Permute(0, 3, 4, 1, 2)
	if err != nil {
		return nil, err
	}
	return &FactorizedResult{Y: y, Spatial: spatial, Temporal: temporal}, nil
}

// AttentionCost counts the FLOPs (2 per multiply-add) of attention over
// video tokens, as OPS.md's cnn_vit_flops does.
type AttentionCost struct {
	// Full is joint space-time attention over all T·H·W tokens:
	// 8·NT·C² + 4·(NT)²·C with N = H·W.
	Full int64
	// Factorized is FactorizedAttention: 16·NT·C² + 4·N²T·C + 4·T²N·C.
	Factorized int64
}

// FactorizedCost returns the analytic cost of full versus factorized
// attention for a [T, C, H, W] video (one batch element).
func FactorizedCost(t, c, h, w int) AttentionCost {
	n, tt, cc := int64(h)*int64(w), int64(t), int64(c)
	return AttentionCost{
		Full:       8*n*tt*cc*cc + 4*(n*tt)*(n*tt)*cc,
		Factorized: 16*n*tt*cc*cc + 4*n*n*tt*cc + 4*tt*tt*n*cc,
	}
}
