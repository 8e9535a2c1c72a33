package attention

import (
	"fmt"

	"dlprep/core"
)

// CameraMode says which camera tokens the pixels of a frame attend to.
type CameraMode int

const (
	// PerFrame: the pixels of frame t attend only to camera t. With one key
	// the softmax is exactly 1, so the output is proj(v(cam_t)) broadcast
	// to every pixel, whatever the pixels are (problem 025's pitfall).
	PerFrame CameraMode = iota
	// AllFrames: every pixel attends to the T cameras of its video.
	AllFrames
)

// ParseCameraMode reads "per_frame" or "all_frames".
func ParseCameraMode(s string) (CameraMode, error) {
	switch s {
	case "per_frame":
		return PerFrame, nil
	case "all_frames":
		return AllFrames, nil
	}
	return 0, fmt.Errorf("camera_cross_attention: unknown mode %q (want per_frame or all_frames)", s)
}

// String is the mode as OPS.md spells it.
func (m CameraMode) String() string {
	if m == AllFrames {
		return "all_frames"
	}
	return "per_frame"
}

// CameraWeights are problem 025's projections: Q [C,C], K and V [C,Dc]
// (PyTorch leaves them without bias; a non-nil B is applied) and Proj [C,C]
// with bias [C].
type CameraWeights struct {
	Q, K, V, Proj Linear
}

// CameraCrossAttention is problem 025: the pixels of video x [B,T,C,H,W]
// are queries, the camera embeddings cam [B,T,Dc] are keys and values.
// Heads split C; the output projection follows; y has x's shape.
//
// attn holds the weights: in PerFrame mode [B·T, heads, H·W, 1] (sequence
// b·T+t; all exactly 1), in AllFrames mode [B, heads, T·H·W, T] (query
// t·H·W + h·W + w, key = camera index). CameraCrossAttention is
// (*Workspace).CameraCrossAttention on a fresh workspace: the caller owns
// the results.
func CameraCrossAttention(x, cam *core.Tensor, w CameraWeights, numHeads int, mode CameraMode) (y, attn *core.Tensor, err error) {
	var ws Workspace
	if y, attn, err = ws.CameraCrossAttention(x, cam, w, numHeads, mode); err != nil {
		return nil, nil, err
	}
	return detach(y), detach(attn), nil
}

// cameraBufs are the buffers camera cross-attention keeps across calls.
type cameraBufs struct {
	seq, q, kv, ctx, out []float32
	y, attn              tensorBuf
}

// CameraCrossAttention is the package-level CameraCrossAttention reusing
// the workspace's buffers: y and attn belong to ws until its next call.
func (ws *Workspace) CameraCrossAttention(x, cam *core.Tensor, w CameraWeights, numHeads int, mode CameraMode) (y, attn *core.Tensor, err error) {
	const op = "camera_cross_attention"
	if err := core.CheckShape(op, "x", x, "[B,T,C,H,W]", -1, -1, -1, -1, -1); err != nil {
		return nil, nil, err
	}
	b, t, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	if err := core.CheckShape(op, "cam", cam, "[B,T,Dc]", b, t, -1); err != nil {
		return nil, nil, err
	}
	dc := cam.Shape[2]
	if mode != PerFrame && mode != AllFrames {
		return nil, nil, fmt.Errorf("%s: unknown mode %d", op, int(mode))
	}
	hdim, err := checkHeads(op, "C", c, numHeads)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range []struct {
		name    string
		l       Linear
		out, in int
	}{{"to_q", w.Q, c, c}, {"to_k", w.K, c, dc}, {"to_v", w.V, c, dc}, {"proj", w.Proj, c, c}} {
		if err := p.l.check(op, p.name, p.out, p.in); err != nil {
			return nil, nil, err
		}
	}
	if h == 0 || wd == 0 {
		return nil, nil, fmt.Errorf("%s: frames must be at least one pixel, got H=%d, W=%d (x %v)", op, h, wd, x.Shape)
	}
	if dc == 0 {
		return nil, nil, fmt.Errorf("%s: the camera embedding width Dc must be positive, got cam %v", op, cam.Shape)
	}
	if err := core.CheckFinite(op, "x", x); err != nil {
		return nil, nil, err
	}
	if err := core.CheckFinite(op, "cam", cam); err != nil {
		return nil, nil, err
	}
	// A sequence is a frame (PerFrame: S = H·W queries, one key) or a
	// video (AllFrames: S = T·H·W queries, T keys); the rows of q, k and v
	// are already in that order.
	nseq, s, s2 := b*t, h*wd, 1
	if mode == AllFrames {
		nseq, s, s2 = b, t*h*wd, t
	}
	// x channel-last, q, the merged heads and the projected output are
	// each x-sized; k and v are [B·T, C] each.
	if err := core.CheckBudget(op, core.Float32s("x, q, heads, out", 4, b, t, h, wd, c), core.Float32s("k, v", 2, b, t, c),
		core.Float32s("attention", nseq, numHeads, s, s2), core.Float32s("y", b, t, c, h, wd)); err != nil {
		return nil, nil, err
	}
	cb := &ws.cam
	hw := h * wd
	rows := b * t * hw
	// [B,T,C,H,W] -> [B,T,H,W,C]: one row of C channels per pixel.
	cb.seq = grow(cb.seq, len(x.Data))
	for bt := 0; bt < b*t; bt++ {
		transpose(cb.seq[bt*hw*c:], x.Data[bt*c*hw:], c, hw)
	}
	cb.q = grow(cb.q, rows*c)
	q := cb.q
	w.Q.apply(q, cb.seq, rows)
	cb.kv = grow(cb.kv, 2*b*t*c)
	k, v := cb.kv[:b*t*c], cb.kv[b*t*c:]
	w.K.apply(k, cam.Data, b*t)
	w.V.apply(v, cam.Data, b*t)

	cb.ctx = grow(cb.ctx, rows*c)
	ctx := cb.ctx
	attn = cb.attn.reshape(nseq, numHeads, s, s2)
	hd := heads{s: s, s2: s2, dk: hdim, dv: hdim, scale: scaleFor(hdim)}
	for i := 0; i < nseq && s > 0; i++ {
		for hh := 0; hh < numHeads; hh++ {
			qo, ko := i*s*c+hh*hdim, i*s2*c+hh*hdim
			err := hd.attend(op, q[qo:], c, k[ko:], c, v[ko:], c, attn.Data[(i*numHeads+hh)*s*s2:], ctx[qo:], c)
			if err != nil {
				return nil, nil, err
			}
		}
	}
	cb.out = grow(cb.out, rows*c)
	w.Proj.apply(cb.out, ctx, rows)
	// [B,T,H,W,C] -> [B,T,C,H,W]
	y = cb.y.reshape(b, t, c, h, wd)
	for bt := 0; bt < b*t; bt++ {
		transpose(y.Data[bt*c*hw:], cb.out[bt*hw*c:], hw, c)
	}
	return y, attn, nil
}
