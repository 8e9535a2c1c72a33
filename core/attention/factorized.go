package attention

import (
	"fmt"

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
// FactorizedCost(...).Factorized/2. FactorizedAttention is
// (*Workspace).FactorizedAttention on a fresh workspace: the caller owns the
// result.
func FactorizedAttention(x *core.Tensor, w FactorizedWeights, numHeads int) (*FactorizedResult, error) {
	var ws Workspace
	r, err := ws.FactorizedAttention(x, w, numHeads)
	if err != nil {
		return nil, err
	}
	return &FactorizedResult{Y: detach(r.Y), Spatial: detach(r.Spatial), Temporal: detach(r.Temporal)}, nil
}

// factorizedNames name the projections of both stages in messages; they are
// spelled out because concatenating them on every call would allocate.
var factorizedNames = [2][4]string{
	{"spatial.in_proj(q)", "spatial.in_proj(k)", "spatial.in_proj(v)", "spatial.out_proj"},
	{"temporal.in_proj(q)", "temporal.in_proj(k)", "temporal.in_proj(v)", "temporal.out_proj"},
}

// factorizedBufs are the buffers factorized attention keeps across calls:
// the two regrouped sequences, both stages' attention and the result.
type factorizedBufs struct {
	seq, tseq         []float32
	spatial, temporal selfAttnBufs
	y                 tensorBuf
	res               FactorizedResult
}

// FactorizedAttention is the package-level FactorizedAttention reusing the
// workspace's buffers: the result and its tensors belong to ws until its
// next call.
func (ws *Workspace) FactorizedAttention(x *core.Tensor, w FactorizedWeights, numHeads int) (*FactorizedResult, error) {
	const op = "factorized_attention"
	if err := core.CheckShape(op, "x", x, "[B,T,C,H,W]", -1, -1, -1, -1, -1); err != nil {
		return nil, err
	}
	b, t, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	if _, err := checkHeads(op, "C", c, numHeads); err != nil {
		return nil, err
	}
	for i, m := range [2]MHSAWeights{w.Spatial, w.Temporal} {
		for j, l := range [4]Linear{m.Q, m.K, m.V, m.Out} {
			if err := l.check(op, factorizedNames[i][j], c, c); err != nil {
				return nil, err
			}
		}
	}
	if h == 0 || wd == 0 {
		return nil, fmt.Errorf("%s: frames must be at least one pixel, got H=%d, W=%d (x %v)", op, h, wd, x.Shape)
	}
	if err := core.CheckFinite(op, "x", x); err != nil {
		return nil, err
	}
	// Both stages' buffers are live at once, next to the two regrouped
	// copies of x and the result.
	sp, tp := selfAttentionBlocks(b*t, h*wd, c, numHeads, 0), selfAttentionBlocks(b*h*wd, t, c, numHeads, 0)
	if err := core.CheckBudget(op, sp[0], sp[1], sp[2], sp[3], tp[0], tp[1], tp[2], tp[3],
		core.Float32s("regrouped x", 2, b, t, c, h, wd), core.Float32s("y", b, t, c, h, wd)); err != nil {
		return nil, err
	}
	fb := &ws.fact
	hw := h * wd
	// [B,T,C,H,W] -> [B,T,H,W,C] = (B·T, H·W, C)
	fb.seq = grow(fb.seq, len(x.Data))
	for bt := 0; bt < b*t; bt++ {
		transpose(fb.seq[bt*hw*c:], x.Data[bt*c*hw:], c, hw)
	}
	ys, spatial, err := selfAttention(op, fb.seq, b*t, hw, c, w.Spatial, numHeads, false, nil, &fb.spatial, false)
	if err != nil {
		return nil, err
	}
	// (B·T, H·W, C) = [B,T,HW,C] -> [B,HW,T,C] = (B·H·W, T, C)
	fb.tseq = grow(fb.tseq, len(x.Data))
	for bi := 0; bi < b; bi++ {
		for ti := 0; ti < t; ti++ {
			for p := 0; p < hw; p++ {
				dst := ((bi*hw+p)*t + ti) * c
				src := ((bi*t+ti)*hw + p) * c
				copy(fb.tseq[dst:dst+c], ys.Data[src:src+c])
			}
		}
	}
	yt, temporal, err := selfAttention(op, fb.tseq, b*hw, t, c, w.Temporal, numHeads, false, nil, &fb.temporal, false)
	if err != nil {
		return nil, err
	}
	// (B·H·W, T, C) = [B,HW,T,C] -> [B,T,C,HW] = [B,T,C,H,W]
	y := fb.y.reshape(b, t, c, h, wd)
	for bi := 0; bi < b; bi++ {
		for ti := 0; ti < t; ti++ {
			dst := y.Data[(bi*t+ti)*c*hw:]
			for p := 0; p < hw; p++ {
				row := yt.Data[((bi*hw+p)*t+ti)*c:]
				for ci := 0; ci < c; ci++ {
					dst[ci*hw+p] = row[ci]
				}
			}
		}
	}
	fb.res = FactorizedResult{Y: y, Spatial: spatial, Temporal: temporal}
	return &fb.res, nil
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
