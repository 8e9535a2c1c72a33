package mistakes

import (
	"dlprep/core"
	"dlprep/core/attention"
)

// Problem 027's mistake kept stage by stage, for the view that draws the
// wrongly regrouped sequences beside the right ones.

// RegroupStages are the tensors of factorized attention after its spatial
// stage, regrouped one way or the other (see RegroupNoPermuteTrace).
type RegroupStages struct {
	// Pixels are the temporal attention's sequences (B·H·W, T, C).
	Pixels *core.Tensor
	// Temporal are its weights [B·H·W, heads, T, T].
	Temporal *core.Tensor
	// Y is the output [B,T,C,H,W].
	Y *core.Tensor
}

// RegroupNoPermuteTrace is RegroupNoPermute keeping what the mistake
// changes: the "temporal" sequences it builds by reshaping the spatial
// output, their attention weights and the output (which is
// RegroupNoPermute's). Element k of sequence b·H·W + s comes from where
// RegroupNoPermuteSource says.
func RegroupNoPermuteTrace(x *core.Tensor, w attention.FactorizedWeights, numHeads int) (*RegroupStages, error) {
	return factorizedStages(x, w, numHeads, false)
}

// RegroupNoPermuteSource says which token the mistake puts at element k of
// "temporal" sequence s of a video with t frames of hw pixels: the spatial
// output of pixel `pixel` of frame `frame`. The reshape reads the (T, H·W)
// tokens of a video in their stored order, so a sequence holds T
// consecutive pixels of one frame (or straddles two); the right regroup
// gives frame k, pixel s.
func RegroupNoPermuteSource(t, hw, s, k int) (frame, pixel int) {
	flat := s*t + k
	return flat / hw, flat % hw
}

func factorizedStages(x *core.Tensor, w attention.FactorizedWeights, numHeads int, permute bool) (*RegroupStages, error) {
	if _, err := attention.FactorizedAttention(x, w, numHeads); err != nil {
		return nil, err
	}
	b, t, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	hw := h * wd
	// [B,T,C,H,W] → (B·T, H·W, C)
	frames, err := reshapePermute(x, []int{b, t, c, hw}, []int{0, 1, 3, 2}, b*t, hw, c)
	if err != nil {
		return nil, err
	}
	s, _, err := attention.MHSA(frames, w.Spatial, numHeads, false)
	if err != nil {
		return nil, err
	}
	st := &RegroupStages{}
	if permute {
		st.Pixels, err = reshapePermute(s, []int{b, t, hw, c}, []int{0, 2, 1, 3}, b*hw, t, c)
	} else {
		st.Pixels, err = s.Reshape(b*hw, t, c)
	}
	if err != nil {
		return nil, err
	}
	u, temporal, err := attention.MHSA(st.Pixels, w.Temporal, numHeads, false)
	if err != nil {
		return nil, err
	}
	st.Temporal = temporal
	if permute {
		u, err = reshapePermute(u, []int{b, hw, t, c}, []int{0, 2, 1, 3}, b*t, hw, c)
	} else {
		u, err = u.Reshape(b*t, hw, c)
	}
	if err != nil {
		return nil, err
	}
	if st.Y, err = reshapePermute(u, []int{b, t, hw, c}, []int{0, 1, 3, 2}, b, t, c, h, wd); err != nil {
		return nil, err
	}
	return st, nil
}
