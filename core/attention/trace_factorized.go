package attention

import (
	"dlprep/core"
)

// FactorizedStages are the intermediate tensors of factorized space-time
// attention (problem 027) in the order a solution computes them, for a
// scene that shows each stage and a test that ties it to
// FactorizedAttention.
type FactorizedStages struct {
	X *core.Tensor // input [B,T,C,H,W]
	// Frames is x regrouped for the spatial attention: permute(0,1,3,4,2)
	// and reshape(B·T, H·W, C); sequence b·T + t is frame t, its tokens are
	// the pixels h·W + w.
	Frames *core.Tensor
	// Spatial are the spatial weights [B·T, heads, H·W, H·W] and
	// SpatialOut the spatial attention's output (B·T, H·W, C).
	Spatial, SpatialOut *core.Tensor
	// Pixels is SpatialOut regrouped for the temporal attention:
	// view(B,T,H·W,C), permute(0,2,1,3), reshape(B·H·W, T, C); sequence
	// b·H·W + p is pixel p across the T frames.
	Pixels *core.Tensor
	// Temporal are the temporal weights [B·H·W, heads, T, T] and
	// TemporalOut the temporal attention's output (B·H·W, T, C).
	Temporal, TemporalOut *core.Tensor
	// Y is TemporalOut put back: view(B,H·W,T,C), permute(0,2,3,1),
	// reshape(B,T,C,H,W), the shape of x.
	Y *core.Tensor
}

// FactorizedTrace computes FactorizedAttention stage by stage with core's
// pieces (Reshape, Permute and MHSA for both attentions) and keeps every
// intermediate. Its weights and output equal FactorizedAttention's (to
// float32 rounding); it is for showing the process, not for speed.
func FactorizedTrace(x *core.Tensor, w FactorizedWeights, numHeads int) (*FactorizedStages, error) {
	// The production op checks the inputs with its own messages.
	var ws Workspace
	if _, err := ws.FactorizedAttention(x, w, numHeads); err != nil {
		return nil, err
	}
	b, t, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	hw := h * wd
	st := &FactorizedStages{X: x}
	regroup := func(src *core.Tensor, view, perm []int, out ...int) (*core.Tensor, error) {
		v, err := src.Reshape(view...)
		if err != nil {
			return nil, err
		}
		if v, err = v.Permute(perm...); err != nil {
			return nil, err
		}
		return v.Reshape(out...)
	}
	var err error
	if st.Frames, err = regroup(x, []int{b, t, c, hw}, []int{0, 1, 3, 2}, b*t, hw, c); err != nil {
		return nil, err
	}
	if st.SpatialOut, st.Spatial, err = MHSA(st.Frames, w.Spatial, numHeads, false); err != nil {
		return nil, err
	}
	if st.Pixels, err = regroup(st.SpatialOut, []int{b, t, hw, c}, []int{0, 2, 1, 3}, b*hw, t, c); err != nil {
		return nil, err
	}
	if st.TemporalOut, st.Temporal, err = MHSA(st.Pixels, w.Temporal, numHeads, false); err != nil {
		return nil, err
	}
	if st.Y, err = regroup(st.TemporalOut, []int{b, hw, t, c}, []int{0, 2, 3, 1}, b, t, c, h, wd); err != nil {
		return nil, err
	}
	return st, nil
}
