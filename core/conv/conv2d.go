package conv

import (
	"fmt"

	"dlprep/core"
)

// Options are conv2d's hyper-parameters as F.conv2d takes them, each pair as
// [h, w].
type Options struct {
	Stride, Padding, Dilation [2]int
	Groups                    int
	// Same replaces Padding by F.conv2d's padding="same" (see SamePadding):
	// the output keeps the input's size, which needs stride 1.
	Same bool
}

// DefaultOptions is F.conv2d's default: stride 1, padding 0, dilation 1,
// one group.
func DefaultOptions() Options {
	return Options{Stride: [2]int{1, 1}, Dilation: [2]int{1, 1}, Groups: 1}
}

// Workspace keeps the buffers of a convolution (im2col matrix, product
// before it is scattered to the output, the output itself) so that repeated
// calls with the same shapes allocate nothing. The zero value is ready to
// use; a Workspace is not safe for concurrent use.
type Workspace struct {
	cols, prod []float32
	out        core.Tensor

	// The parallel stages' state (core.Parallel takes a pointer to it, so
	// a call allocates nothing) and each part's own buffers.
	shift  shiftJob
	direct directJob
	plan   core.ConvPlan // the direct form's geometry and tap tables
	wr, wt []float32
	packed []core.PackedB // the shifted form's Wᵢ, one per kernel row
	chunk  chunkJob
	groups groupsJob

	// form is the form the last call took ("direct", "shifted",
	// "pointwise", "chunked", "groups" or "" when there was nothing to
	// compute), for tests that must cover each.
	form string
}

// Conv2D is F.conv2d(x, weight, bias, stride, padding, dilation, groups)
// with x [B,C,H,W], weight [O, C/groups, kH, kW] and bias [O] or nil. It
// returns a new tensor; use a Workspace to reuse buffers. Non-finite inputs
// are an error.
func Conv2D(x, weight, bias *core.Tensor, o Options) (*core.Tensor, error) {
	var ws Workspace
	return ws.Conv2D(x, weight, bias, o)
}

// Conv2D is the package-level Conv2D on reused buffers. The result belongs
// to the workspace and is overwritten by its next call; Clone it to keep it,
// and do not feed it back as x to the same workspace (chain two workspaces,
// as SeparableWorkspace does).
func (ws *Workspace) Conv2D(x, weight, bias *core.Tensor, o Options) (*core.Tensor, error) {
	return ws.conv2d("conv2d", x, weight, bias, o)
}

// conv2d names op in its errors so that ops built on it (the depthwise
// separable conv) report their own name.
func (ws *Workspace) conv2d(op string, x, weight, bias *core.Tensor, o Options) (*core.Tensor, error) {
	if err := core.CheckShape(op, "x", x, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckShape(op, "weight", weight, "[O,C/groups,kH,kW]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckData(op, []string{"x", "weight", "bias"}, x, weight, bias); err != nil {
		return nil, err
	}
	b, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	oc, cg, kh, kw := weight.Shape[0], weight.Shape[1], weight.Shape[2], weight.Shape[3]
	if c == 0 || h == 0 || w == 0 {
		return nil, fmt.Errorf("%s: x must have at least one channel, row and column, got shape %v", op, x.Shape)
	}
	groups := o.Groups
	if groups < 1 {
		return nil, fmt.Errorf("%s: groups must be at least 1, got %d", op, groups)
	}
	if c%groups != 0 {
		return nil, fmt.Errorf("%s: groups=%d does not divide the %d input channels", op, groups, c)
	}
	if oc%groups != 0 {
		return nil, fmt.Errorf("%s: groups=%d does not divide the %d output channels (weight %v)", op, groups, oc, weight.Shape)
	}
	if cg != c/groups {
		return nil, fmt.Errorf("%s: weight %v expects %d input channels per group, x has C=%d in %d groups (%d per group)",
			op, weight.Shape, cg, c, groups, c/groups)
	}
	if bias != nil && (bias.Dims() != 1 || bias.Shape[0] != oc) {
		return nil, fmt.Errorf("%s: bias must be [%d] (O of weight %v), got %v", op, oc, weight.Shape, bias.Shape)
	}
	g := Geometry{Kernel: [2]int{kh, kw}, Stride: o.Stride, Padding: o.Padding, Dilation: o.Dilation}
	if o.Same {
		if o.Stride != [2]int{1, 1} {
			return nil, fmt.Errorf("%s: padding=\"same\" needs stride 1, got stride %v", op, o.Stride)
		}
		if err := g.Validate(op); err != nil {
			return nil, err
		}
		g.Padding, g.Extra = SamePadding(g.Kernel, g.Dilation)
	}
	ho, wo, err := g.OutSize(op, h, w)
	if err != nil {
		return nil, err
	}
	// The im2col matrix is counted whole (a single image builds it in
	// bands, but the budget does not depend on how the product is tiled),
	// with the product of a batch before it is scattered, and the output.
	prodRows := 0
	if b > 1 {
		prodRows = oc / groups
	}
	if err := core.CheckBudget(op, core.Float32s("im2col matrix", cg, kh, kw, b, ho, wo),
		core.Float32s("product", prodRows, b, ho, wo), core.Float32s("output", b, oc, ho, wo)); err != nil {
		return nil, err
	}
	k, l := cg*kh*kw, ho*wo
	ws.out.Shape = append(ws.out.Shape[:0], b, oc, ho, wo)
	ws.out.Data = grow(ws.out.Data, b*oc*l)
	y := ws.out.Data
	empty := b == 0 || oc == 0
	point := b == 1 && kh == 1 && kw == 1 && g.Stride == [2]int{1, 1} && g.Padding == [2]int{} && g.Extra == [2]int{}
	direct := !empty && !point && useDirect(g, groups, c, h, w, ho, wo)
	shifted := !empty && !point && !direct && useShifted(g, groups, cg, kw)
	// The shifted form checks x as it unfolds it, on every core, and the
	// direct form through its outputs, rather than in a pass of their own
	// first (a serial 5 % of the 64→64 3×3 56×56 benchmark at two
	// threads); both say whether they met a non-finite value. The other
	// forms check x here.
	xc := x
	if shifted || direct {
		xc = nil
	}
	if err := checkFinite(op, xc, weight, bias); err != nil {
		return nil, err
	}
	ws.form = ""
	if empty {
		return &ws.out, nil // an empty batch, or no output channel: nothing to compute
	}
	if point {
		// A 1×1 stride-1 unpadded conv of one image (the pointwise half of
		// a depthwise separable conv): its im2col matrix is x itself.
		ws.form = "pointwise"
		pointwise(y, x.Data, weight.Data, bias, cg, oc, groups, l)
		return &ws.out, nil
	}
	if direct {
		ws.form = "direct"
		if !ws.conv2dDirect(y, x.Data, weight.Data, bias, b, c, h, w, oc, g) {
			// x holds NaN or ±Inf (the error names it), or finite values
			// overflowed, which is a result like PyTorch's.
			if err := core.CheckFinite(op, "x", x); err != nil {
				return nil, err
			}
		}
		return &ws.out, nil
	}
	if shifted {
		ws.form = "shifted"
		if !ws.conv2dShifted(y, x.Data, weight.Data, bias, b, c, h, w, oc, ho, wo, g) {
			return nil, core.CheckFinite(op, "x", x) // names the value
		}
		return &ws.out, nil
	}
	if b == 1 && k*l > colsChunk {
		ws.form = "chunked"
		ws.conv2dChunked(y, x.Data, weight.Data, bias, c, h, w, oc, groups, k, ho, wo, g)
		return &ws.out, nil
	}
	ws.form = "groups"
	gemmGroups(ws, y, x.Data, weight.Data, bias, b, c, h*w, oc, groups, k, l, fillSpec{h: h, w: w, g: g})
	return &ws.out, nil
}

// colsChunk is the most float32s of im2col matrix conv2dChunked builds at
// once (4 MiB): it bounds the workspace and keeps the band in the last-level
// cache between being written and being read by the product; smaller bands
// make the product itself slower than the memory traffic they save.
var colsChunk = 1 << 20

// conv2dChunked is the single-image convolution a band of output rows at a
// time: the full im2col matrix of a large image (k·Ho·Wo floats, 7 MB for 64
// channels at 56×56 with a 3×3 kernel) would go out to memory and back,
// which costs as much as half the product. At two threads or more the
// output rows are cut into one range per thread, each with its own band
// buffer, so im2col runs on every core instead of one.
func (ws *Workspace) conv2dChunked(y, x, weight []float32, bias *core.Tensor, c, h, w, oc, groups, k, ho, wo int, g Geometry) {
	l := ho * wo
	bands := (k*l + colsChunk - 1) / colsChunk
	rows := (ho + bands - 1) / bands
	parts := min(core.Parts(oc/groups*k*l, 1<<20), ho)
	j := &ws.chunk
	*j = chunkJob{x: x, weight: weight, y: y, c: c, h: h, w: w, oc: oc, groups: groups, k: k, ho: ho, wo: wo,
		rows: rows, g: g, cols: j.cols}
	if bias != nil {
		j.bias = bias.Data
	}
	for len(j.cols) < parts {
		j.cols = append(j.cols, nil)
	}
	for p := range j.cols[:parts] {
		j.cols[p] = grow(j.cols[p], k*min(rows, ho)*wo)
	}
	core.Parallel(parts, j)
	cols := j.cols
	*j = chunkJob{cols: cols}
}

// chunkJob is conv2dChunked's work, cut by output rows into parts.
type chunkJob struct {
	x, weight, bias, y     []float32
	c, h, w, oc, groups, k int
	ho, wo, rows           int
	g                      Geometry
	cols                   [][]float32 // one band buffer per part
}

// Part computes output rows [lo, hi) of every group, in bands of at most
// j.rows rows split evenly.
func (j *chunkJob) Part(p, parts int) {
	lo, hi := p*j.ho/parts, (p+1)*j.ho/parts
	if lo == hi {
		return
	}
	cg, og, l, wo := j.c/j.groups, j.oc/j.groups, j.ho*j.wo, j.wo
	beta := float32(0)
	if j.bias != nil {
		beta = 1
	}
	cols := j.cols[p]
	bands := (hi - lo + j.rows - 1) / j.rows
	for gi := 0; gi < j.groups; gi++ {
		img := j.x[gi*cg*j.h*j.w:]
		wg := j.weight[gi*og*j.k : (gi+1)*og*j.k]
		for bi := 0; bi < bands; bi++ {
			oy0, oy1 := lo+bi*(hi-lo)/bands, lo+(bi+1)*(hi-lo)/bands
			nc := (oy1 - oy0) * wo
			im2colRows(cols, nc, img, cg, j.h, j.w, j.g, oy0, oy1)
			if j.bias != nil {
				// Filled band by band, just before the product reads it
				// back, so it is still in cache.
				for o := gi * og; o < (gi+1)*og; o++ {
					row := j.y[o*l+oy0*wo : o*l+oy1*wo]
					bv := j.bias[o]
					for i := range row {
						row[i] = bv
					}
				}
			}
			core.Gemm(false, false, og, nc, j.k, 1, wg, j.k, cols, nc, beta, j.y[gi*og*l+oy0*wo:], l)
		}
	}
}

// pointwise is conv2d for a 1×1 kernel, stride 1, no padding and one
// image: each group's product reads its channels of x in place.
func pointwise(y, x, weight []float32, bias *core.Tensor, cg, oc, groups, l int) {
	og := oc / groups
	beta := float32(0)
	if bias != nil {
		for o := 0; o < oc; o++ {
			row := y[o*l : (o+1)*l]
			for i := range row {
				row[i] = bias.Data[o]
			}
		}
		beta = 1
	}
	for gi := 0; gi < groups; gi++ {
		core.Gemm(false, false, og, l, cg, 1, weight[gi*og*cg:], max(cg, 1), x[gi*cg*l:], max(l, 1), beta, y[gi*og*l:], max(l, 1))
	}
}

// checkFinite refuses NaN or ±Inf in the input, weight or bias, which would
// otherwise spread silently through the matrix product; a nil x is
// checked elsewhere.
func checkFinite(op string, x, weight, bias *core.Tensor) error {
	if x != nil {
		if err := core.CheckFinite(op, "x", x); err != nil {
			return err
		}
	}
	if err := core.CheckFinite(op, "weight", weight); err != nil {
		return err
	}
	if bias != nil {
		return core.CheckFinite(op, "bias", bias)
	}
	return nil
}
