package embed

import (
	"dlprep/core"
)

// PatchEmbedStages are the intermediate tensors of patch embedding
// (problem 002) in the order the reshape-and-matmul solution computes them,
// for a scene that shows each stage and a test that ties it to PatchEmbed.
type PatchEmbedStages struct {
	X *core.Tensor // image [B,C,H,W]
	// P is the patch size; Hp and Wp the patch grid, N = Hp·Wp.
	P, Hp, Wp int
	// Patches is x cut into patches: view(B,C,Hp,P,Wp,P),
	// permute(0,2,4,1,3,5), reshape(B, N, C·P·P). Row py·Wp + px is the
	// patch at patch-row py, patch-column px, flattened (channel, row,
	// column) like a row of proj.weight.
	Patches *core.Tensor
	// Weight is proj.weight read as a matrix [D, C·P·P].
	Weight *core.Tensor
	// Proj is Patches·Weightᵀ + bias [B,N,D]: what Conv2d(C, D, P,
	// stride=P) gives, flattened and transposed.
	Proj *core.Tensor
	// Seq is the CLS token put first: cat(cls, Proj) [B,N+1,D].
	Seq *core.Tensor
	// Y is Seq + pos_embed [B,N+1,D], PatchEmbed's output.
	Y *core.Tensor
}

// PatchEmbedTrace computes PatchEmbed stage by stage with core's pieces
// (Reshape, Permute, Linear) and keeps every intermediate. Its output
// equals PatchEmbed's (to float32 rounding).
func PatchEmbedTrace(x *core.Tensor, w PatchEmbedWeights) (*PatchEmbedStages, error) {
	const op = "patch_embed"
	// The production op checks the inputs with its own messages.
	if _, err := PatchEmbed(x, w); err != nil {
		return nil, err
	}
	b, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	d, p := w.Proj.Shape[0], w.Proj.Shape[2]
	hp, wp := h/p, wd/p
	n, k := hp*wp, c*p*p
	st := &PatchEmbedStages{X: x, P: p, Hp: hp, Wp: wp}
	v, err := x.Reshape(b, c, hp, p, wp, p)
	if err != nil {
		return nil, err
	}
	if v, err = v.Permute(0, 2, 4, 1, 3, 5); err != nil {
		return nil, err
	}
	if st.Patches, err = v.Reshape(b, n, k); err != nil {
		return nil, err
	}
	if st.Weight, err = w.Proj.Reshape(d, k); err != nil {
		return nil, err
	}
	if st.Proj, err = core.Linear(op, st.Patches, st.Weight, w.ProjBias); err != nil {
		return nil, err
	}
	st.Seq = core.New(b, n+1, d)
	st.Y = core.New(b, n+1, d)
	for bi := 0; bi < b; bi++ {
		seq := st.Seq.Data[bi*(n+1)*d : (bi+1)*(n+1)*d]
		copy(seq[:d], w.ClsToken.Data)
		copy(seq[d:], st.Proj.Data[bi*n*d:(bi+1)*n*d])
		y := st.Y.Data[bi*(n+1)*d : (bi+1)*(n+1)*d]
		for i := range y {
			y[i] = seq[i] + w.PosEmbed.Data[i]
		}
	}
	return st, nil
}
