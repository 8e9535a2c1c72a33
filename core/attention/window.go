package attention

import (
	"fmt"
	"sync/atomic"

	"dlprep/core"
)

// Window is the size of the tubes of window attention: wT frames by wH rows
// by wW columns.
type Window struct {
	T, H, W int
}

// Size is the number of tokens in one tube, wT·wH·wW.
func (win Window) Size() int { return win.T * win.H * win.W }

// Tube names one tube of a video: its batch index and its position on the
// grid of tubes (T/wT by H/wH by W/wW).
type Tube struct {
	B, T, H, W int
}

// TubeOf returns the tube holding token (b, t, h, w) and the token's index
// inside it; tokens of a tube are ordered (dt, dh, dw) row-major, the order of
// the rows and columns of WindowAttentionWeights' maps.
func (win Window) TubeOf(b, t, h, w int) (Tube, int) {
	tube := Tube{B: b, T: t / win.T, H: h / win.H, W: w / win.W}
	return tube, ((t%win.T)*win.H+h%win.H)*win.W + w%win.W
}

// Token is the inverse of TubeOf: the (t, h, w) video position of token i
// of a tube.
func (win Window) Token(tube Tube, i int) (t, h, w int) {
	dw := i % win.W
	dh := (i / win.W) % win.H
	dt := i / (win.W * win.H)
	return tube.T*win.T + dt, tube.H*win.H + dh, tube.W*win.W + dw
}

// WindowWeights are problem 000's projections: a fused QKV [3C,C] with bias
// [3C] (output rows q, then k, then v, each [heads, head_dim]) and the
// output projection Proj [C,C] with bias [C].
type WindowWeights struct {
	QKV, Proj Linear
}

// WindowAttention is problem 000: x [B,C,T,H,W] is cut into non-overlapping
// wT×wH×wW tubes, multi-head self-attention runs inside each tube only
// (fused qkv, output projection, no mask) and the tokens go back to their
// places: y has x's shape. T, H and W must be multiples of the window and C
// of numHeads. WindowAttention is (*Workspace).WindowAttention on a fresh
// workspace: the caller owns y.
func WindowAttention(x *core.Tensor, w WindowWeights, numHeads int, win Window) (*core.Tensor, error) {
	var ws Workspace
	y, err := ws.WindowAttention(x, w, numHeads, win)
	if err != nil {
		return nil, err
	}
	return detach(y), nil
}

// WindowAttention is the package-level WindowAttention reusing the
// workspace's channel-last copies, tube scratch and result: y belongs to ws
// until its next call.
func (ws *Workspace) WindowAttention(x *core.Tensor, w WindowWeights, numHeads int, win Window) (*core.Tensor, error) {
	bufs := &ws.win
	j := &bufs.job
	if err := j.wa.init(x, w, numHeads, win, bufs); err != nil {
		return nil, err
	}
	wa := &j.wa
	// The three stages run in parts at two threads or more: the layout
	// changes by columns, the tubes (256 of 98 tokens at the benchmark's
	// size, each a few products too small to split well) by tube, each
	// part with its own tube scratch.
	copyParts := core.Parts(len(x.Data), 1<<15)
	bufs.xt = grow(bufs.xt, len(x.Data))
	wa.xt = bufs.xt
	j.phase = phaseChannelsLast
	core.Parallel(copyParts, j)
	bufs.y = grow(bufs.y, len(x.Data))
	wa.y = bufs.y
	tubes := wa.b * wa.nt * wa.nh * wa.nw
	n := win.Size()
	parts := min(core.Parts(tubes*n*(4*wa.c*wa.c+2*n*wa.c), 1<<20), tubes)
	j.ready(max(parts, 1))
	j.phase = phaseTubes
	j.next.Store(0)
	j.stop.Store(false)
	core.Parallel(parts, j)
	err := firstErr(j.errs)
	var y *core.Tensor
	if err == nil {
		// y is channel-last [B, T·H·W, C]; the op returns [B, C, T, H, W].
		y = bufs.out.reshape(x.Shape...)
		j.out = y.Data
		j.phase = phaseChannelsFirst
		core.Parallel(copyParts, j)
	}
	j.release()
	return y, err
}

const (
	phaseChannelsLast  = iota // x [B, C, T·H·W] to xt [B, T·H·W, C]
	phaseTubes                // attention inside each tube, xt to y
	phaseChannelsFirst        // y [B, T·H·W, C] to the result [B, C, T·H·W]
)

// windowJob is WindowAttention's work for core.Parallel: one stage
// (phase) cut into parts, the tubes with one windowAttention (own scratch)
// per part.
type windowJob struct {
	wa    windowAttention
	phase int
	out   []float32
	parts []windowAttention
	next  atomic.Int32 // the next tube to take
	stop  atomic.Bool  // set at the first error
	errs  []sliceErr   // the first error of each part
}

// ready gives each of parts parts a copy of wa with its own tube scratch.
func (j *windowJob) ready(parts int) {
	n, c := j.wa.win.Size(), j.wa.c
	for len(j.parts) < parts {
		j.parts = append(j.parts, windowAttention{})
	}
	if cap(j.errs) < parts {
		j.errs = make([]sliceErr, parts)
	}
	j.errs = j.errs[:parts]
	clear(j.errs)
	bufs := j.wa.bufs
	for len(bufs.tubes) < parts {
		bufs.tubes = append(bufs.tubes, nil)
	}
	for p := 0; p < parts; p++ {
		wa := &j.parts[p]
		*wa = j.wa
		if p > 0 {
			bufs.tubes[p] = grow(bufs.tubes[p], 6*n*c+n*n)
			wa.scratch(bufs.tubes[p])
		}
	}
}

func (j *windowJob) Part(p, parts int) {
	wa := &j.wa
	thw := wa.t * wa.h * wa.wd
	switch j.phase {
	case phaseChannelsLast, phaseChannelsFirst:
		lo, hi := p*thw/parts, (p+1)*thw/parts
		for b := 0; b < wa.b; b++ {
			x, xt := wa.x[b*thw*wa.c:], wa.xt[b*thw*wa.c:]
			if j.phase == phaseChannelsLast {
				core.Transpose(xt[lo*wa.c:], wa.c, x[lo:], thw, wa.c, hi-lo)
			} else {
				core.Transpose(j.out[b*thw*wa.c+lo:], thw, wa.y[b*thw*wa.c+lo*wa.c:], wa.c, hi-lo, wa.c)
			}
		}
	case phaseTubes:
		// Tubes are taken one at a time, in order, like heads (headsJob).
		pw := &j.parts[p]
		tubes := wa.b * wa.nt * wa.nh * wa.nw
		for !j.stop.Load() {
			i := int(j.next.Add(1)) - 1
			if i >= tubes {
				return
			}
			ww := i % wa.nw
			h := i / wa.nw % wa.nh
			t := i / (wa.nw * wa.nh) % wa.nt
			b := i / (wa.nw * wa.nh * wa.nt)
			if err := pw.tube(Tube{b, t, h, ww}, nil); err != nil {
				j.errs[p] = sliceErr{i, err}
				j.stop.Store(true)
				return
			}
		}
	}
}

// release drops the references to the caller's tensors, keeping the
// per-part scratch.
func (j *windowJob) release() {
	for p := range j.parts {
		j.parts[p] = windowAttention{}
	}
	j.wa, j.out = windowAttention{}, nil
	clear(j.errs)
}

// WindowAttentionWeights runs the attention of one tube only and returns its
// weights [numHeads, N, N] (N = wT·wH·wW, tokens ordered as TubeOf says) and
// the tube's output tokens [N, C]. Use TubeOf to find the tube of a token.
func WindowAttentionWeights(x *core.Tensor, w WindowWeights, numHeads int, win Window, tube Tube) (attn, out *core.Tensor, err error) {
	var wa windowAttention
	if err := wa.init(x, w, numHeads, win, &windowBufs{}); err != nil {
		return nil, nil, err
	}
	if tube.B < 0 || tube.B >= wa.b || tube.T < 0 || tube.T >= wa.nt || tube.H < 0 || tube.H >= wa.nh || tube.W < 0 || tube.W >= wa.nw {
		return nil, nil, fmt.Errorf("window_attention: tube %+v is outside the grid B=%d by %dx%dx%d tubes", tube, wa.b, wa.nt, wa.nh, wa.nw)
	}
	n := win.Size()
	if err := core.CheckBudget("window_attention", core.Float32s("attention", numHeads, n, n), core.Float32s("out", n, wa.c)); err != nil {
		return nil, nil, err
	}
	wa.channelsLast()
	attn = core.New(numHeads, n, n)
	if err := wa.tube(tube, attn.Data); err != nil {
		return nil, nil, err
	}
	out = core.New(n, wa.c)
	copy(out.Data, wa.out)
	return attn, out, nil
}

// windowBufs are the buffers window attention keeps across calls: the
// channel-last input and output, the scratch of one tube and the result.
type windowBufs struct {
	xt, y, tube []float32
	tubes       [][]float32 // the scratch of parts 1.. of WindowAttention
	out         tensorBuf
	job         windowJob
}

// windowAttention holds the checked shapes and the per-tube scratch buffers,
// reused for every tube of a call.
type windowAttention struct {
	x                 []float32 // [B, C, T·H·W] as given
	xt, y             []float32 // channel-last [B, T·H·W, C]: a tube row is wW·C contiguous floats
	bufs              *windowBufs
	w                 WindowWeights
	win               Window
	b, c, t, h, wd    int // x is [b, c, t, h, wd]
	nt, nh, nw, heads int
	hd                heads
	xw, qkv, ctx, out []float32 // [N,C], [N,3C], [N,C], [N,C]
	scores            []float32 // [N,N]
}

// init checks the op's inputs and sizes the scratch of one tube, shared by
// every tube of the call, from bufs.
func (wa *windowAttention) init(x *core.Tensor, w WindowWeights, numHeads int, win Window, bufs *windowBufs) error {
	const op = "window_attention"
	if err := core.CheckShape(op, "x", x, "[B,C,T,H,W]", -1, -1, -1, -1, -1); err != nil {
		return err
	}
	b, c, t, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	if win.T <= 0 || win.H <= 0 || win.W <= 0 {
		return fmt.Errorf("%s: window_size must be positive, got [%d %d %d]", op, win.T, win.H, win.W)
	}
	for _, d := range []struct {
		name  string
		n, wn int
		wname string
	}{{"T", t, win.T, "wT"}, {"H", h, win.H, "wH"}, {"W", wd, win.W, "wW"}} {
		if d.wn > d.n {
			return fmt.Errorf("%s: window %s=%d is larger than the video's %s=%d", op, d.wname, d.wn, d.name, d.n)
		}
		if d.n%d.wn != 0 {
			return fmt.Errorf("%s: %s=%d is not a multiple of %s=%d", op, d.name, d.n, d.wname, d.wn)
		}
	}
	hdim, err := checkHeads(op, "C", c, numHeads)
	if err != nil {
		return err
	}
	if err := w.QKV.check(op, "qkv", 3*c, c); err != nil {
		return err
	}
	if err := w.Proj.check(op, "proj", c, c); err != nil {
		return err
	}
	if err := core.CheckFinite(op, "x", x); err != nil {
		return err
	}
	n := win.Size()
	// The channel-last copy of x, its output, one tube's scratch and y.
	if err := core.CheckBudget(op, core.Float32s("channel-last x and y", 2, b, c, t, h, wd),
		core.Float32s("tube scratch", 6, n, c), core.Float32s("tube weights", n, n), core.Float32s("y", b, c, t, h, wd)); err != nil {
		return err
	}
	bufs.tube = grow(bufs.tube, 6*n*c+n*n)
	*wa = windowAttention{
		x: x.Data, bufs: bufs, w: w, win: win,
		b: b, c: c, t: t, h: h, wd: wd,
		nt: t / win.T, nh: h / win.H, nw: wd / win.W, heads: numHeads,
		hd: heads{s: n, s2: n, dk: hdim, dv: hdim, scale: scaleFor(hdim)},
	}
	wa.scratch(bufs.tube)
	return nil
}

// scratch points the per-tube buffers into buf (6·N·C + N² values).
func (wa *windowAttention) scratch(buf []float32) {
	n, c := wa.win.Size(), wa.c
	wa.xw = buf[:n*c]
	wa.qkv = buf[n*c : 4*n*c]
	wa.ctx = buf[4*n*c : 5*n*c]
	wa.out = buf[5*n*c : 6*n*c]
	wa.scores = buf[6*n*c:]
}

// channelsLast fills xt with x transposed to [B, T·H·W, C], so that the
// gather of a tube copies whole runs of wW tokens.
func (wa *windowAttention) channelsLast() {
	thw := wa.t * wa.h * wa.wd
	wa.bufs.xt = grow(wa.bufs.xt, len(wa.x))
	wa.xt = wa.bufs.xt
	for b := 0; b < wa.b; b++ {
		transpose(wa.xt[b*thw*wa.c:], wa.x[b*wa.c*thw:], wa.c, thw)
	}
}

// tube attends inside one tube. It gathers the tube's tokens into xw [N,C],
// projects, attends head by head (weights into attn [heads,N,N] when
// non-nil, else into scratch), projects out and, when wa.y is set, scatters
// the tokens back to their (t, h, w) places: the un-partition whose axis
// order problem 000 warns about is this index arithmetic.
func (wa *windowAttention) tube(tube Tube, attn []float32) error {
	n, c := wa.win.Size(), wa.c
	run := wa.win.W * c
	wa.tubeRows(tube, func(i, src int) { copy(wa.xw[i*c:i*c+run], wa.xt[src:src+run]) })
	wa.w.QKV.apply(wa.qkv, wa.xw, n)
	hdim := wa.hd.dk
	for h := 0; h < wa.heads; h++ {
		scores := wa.scores
		if attn != nil {
			scores = attn[h*n*n : (h+1)*n*n]
		}
		off := h * hdim
		err := wa.hd.attend("window_attention", wa.qkv[off:], 3*c, wa.qkv[c+off:], 3*c, wa.qkv[2*c+off:], 3*c, scores, wa.ctx[off:], c)
		if err != nil {
			return err
		}
	}
	wa.w.Proj.apply(wa.out, wa.ctx, n)
	if wa.y != nil {
		wa.tubeRows(tube, func(i, dst int) { copy(wa.y[dst:dst+run], wa.out[i*c:i*c+run]) })
	}
	return nil
}

// tubeRows calls f for each run of wW consecutive tokens of the tube: i is
// the index of the run's first token in the tube, at the flat offset off of
// the channel-last video.
func (wa *windowAttention) tubeRows(tube Tube, f func(i, off int)) {
	thw := wa.t * wa.h * wa.wd
	i := 0
	for dt := 0; dt < wa.win.T; dt++ {
		for dh := 0; dh < wa.win.H; dh++ {
			t, h := tube.T*wa.win.T+dt, tube.H*wa.win.H+dh
			tok := (t*wa.h+h)*wa.wd + tube.W*wa.win.W
			f(i, (tube.B*thw+tok)*wa.c)
			i += wa.win.W
		}
	}
}

// MisplacedToken is problem 000's pitfall, for drawing it: un-partitioning
// with the grid axes first and the tube axes after
// (permute(0,7,1,2,3,4,5,6) of the [B, T/wT, H/wH, W/wW, wT, wH, wW, C]
// view) instead of interleaving them (permute(0,7,1,4,2,5,3,6)). It
// returns where the output of token (t, h, w) of a tt×hh×ww video lands
// under that wrong order; the right order leaves it at (t, h, w). Only a
// window of one token or of the whole video hides the mistake.
func (win Window) MisplacedToken(tt, hh, ww, t, h, w int) (t2, h2, w2 int) {
	nh, nw := hh/win.H, ww/win.W
	gt, gh, gw := t/win.T, h/win.H, w/win.W
	dt, dh, dw := t%win.T, h%win.H, w%win.W
	flat := ((((gt*nh+gh)*nw+gw)*win.T+dt)*win.H+dh)*win.W + dw
	return flat / (hh * ww), flat / ww % hh, flat % ww
}

// transpose writes dst[c, r] = src[r, c] for a rows×cols src, in 32×32
// blocks so that both sides stay in cache.
func transpose(dst, src []float32, rows, cols int) {
	const bs = 32
	for r0 := 0; r0 < rows; r0 += bs {
		r1 := min(r0+bs, rows)
		for c0 := 0; c0 < cols; c0 += bs {
			c1 := min(c0+bs, cols)
			for r := r0; r < r1; r++ {
				row := src[r*cols : r*cols+cols]
				for c := c0; c < c1; c++ {
					dst[c*rows+r] = row[c]
				}
			}
		}
	}
}
