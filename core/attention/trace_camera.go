package attention

import (
	"math"

	"dlprep/core"
)

// CameraStages are the intermediate tensors of camera cross-attention
// (problem 025) for one mode, for a scene that shows each stage and a test
// that ties it to CameraCrossAttention.
type CameraStages struct {
	Mode CameraMode
	// Q are the pixels' queries [B,T,H·W,C] (x channel-last through to_q);
	// K and V the cameras' keys and values [B,T,C].
	Q, K, V *core.Tensor
	// Scores are q·k/√d before the softmax and Weights after it, shaped as
	// CameraCrossAttention's attn: PerFrame [B·T, heads, H·W, 1] (each
	// pixel's one key is its frame's camera), AllFrames [B, heads, T·H·W, T].
	Scores, Weights *core.Tensor
	// Ctx is the heads' weighted values merged [B,T,H·W,C], before proj.
	Ctx *core.Tensor
	// Y is the output [B,T,C,H,W], the shape of x.
	Y     *core.Tensor
	Scale float64 // 1/√d, d = C/heads
}

// CameraTrace computes CameraCrossAttention stage by stage with core's
// pieces (Permute, Reshape, Linear, Gemm and SDPA) and keeps every
// intermediate. Its weights and output equal CameraCrossAttention's (to
// float32 rounding).
func CameraTrace(x, cam *core.Tensor, w CameraWeights, numHeads int, mode CameraMode) (*CameraStages, error) {
	const op = "camera_cross_attention"
	// The production op checks the inputs with its own messages.
	var ws Workspace
	if _, _, err := ws.CameraCrossAttention(x, cam, w, numHeads, mode); err != nil {
		return nil, err
	}
	b, t, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	hw, hd := h*wd, c/numHeads
	st := &CameraStages{Mode: mode, Scale: 1 / math.Sqrt(float64(hd))}
	v, err := x.Reshape(b, t, c, hw)
	if err != nil {
		return nil, err
	}
	if v, err = v.Permute(0, 1, 3, 2); err != nil {
		return nil, err
	}
	if st.Q, err = core.Linear(op, v, w.Q.W, w.Q.B); err != nil {
		return nil, err
	}
	if st.K, err = core.Linear(op, cam, w.K.W, w.K.B); err != nil {
		return nil, err
	}
	if st.V, err = core.Linear(op, cam, w.V.W, w.V.B); err != nil {
		return nil, err
	}
	// A sequence is a frame (one key: its camera) or a whole video (T keys).
	nseq, s, s2 := b*t, hw, 1
	if mode == AllFrames {
		nseq, s, s2 = b, t*hw, t
	}
	split := func(src *core.Tensor, rows int) (*core.Tensor, error) {
		r, err := src.Reshape(nseq, rows, numHeads, hd)
		if err != nil {
			return nil, err
		}
		return r.Permute(0, 2, 1, 3)
	}
	q, err := split(st.Q, s)
	if err != nil {
		return nil, err
	}
	k, err := split(st.K, s2)
	if err != nil {
		return nil, err
	}
	vv, err := split(st.V, s2)
	if err != nil {
		return nil, err
	}
	st.Scores = core.New(nseq, numHeads, s, s2)
	for i := 0; i < nseq*numHeads; i++ {
		core.Gemm(false, true, s, s2, hd, float32(st.Scale), q.Data[i*s*hd:], max(hd, 1), k.Data[i*s2*hd:], max(hd, 1),
			0, st.Scores.Data[i*s*s2:], max(s2, 1))
	}
	out, attn, err := SDPA(q, k, vv, nil, false)
	if err != nil {
		return nil, err
	}
	st.Weights = attn
	if out, err = out.Permute(0, 2, 1, 3); err != nil {
		return nil, err
	}
	if st.Ctx, err = out.Reshape(b, t, hw, c); err != nil {
		return nil, err
	}
	y, err := core.Linear(op, st.Ctx, w.Proj.W, w.Proj.B)
	if err != nil {
		return nil, err
	}
	if y, err = y.Permute(0, 1, 3, 2); err != nil {
		return nil, err
	}
	if st.Y, err = y.Reshape(x.Shape...); err != nil {
		return nil, err
	}
	return st, nil
}
