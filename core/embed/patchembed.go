package embed

import (
	"fmt"

	"dlprep/core"
)

// PatchEmbedWeights are the learnable tensors of problem 002's module, named
// as in its state_dict.
type PatchEmbedWeights struct {
	Proj     *core.Tensor // proj.weight [D,C,P,P]: the patch size P is read from it
	ProjBias *core.Tensor // proj.bias [D], or nil
	ClsToken *core.Tensor // cls_token [1,1,D]
	PosEmbed *core.Tensor // pos_embed [1,N+1,D], N = (H/P)·(W/P)
}

// PatchEmbedWorkspace keeps the patch matrix and the output between calls
// of the same shape; the zero value is ready to use.
type PatchEmbedWorkspace struct {
	patches []float32
	out     core.Tensor
	job     patchJob
}

// PatchEmbed is problem 002: x [B,C,H,W] is cut into P×P patches in
// row-major order, each projected to D dims (the strided conv
// Conv2d(C, D, P, stride=P) is exactly patchify followed by a linear layer),
// the CLS token is put first and pos_embed is added: y [B,N+1,D].
func PatchEmbed(x *core.Tensor, w PatchEmbedWeights) (*core.Tensor, error) {
	var ws PatchEmbedWorkspace
	return ws.PatchEmbed(x, w)
}

// PatchEmbed is the package-level function on reused buffers; the result
// belongs to the workspace until its next call.
func (ws *PatchEmbedWorkspace) PatchEmbed(x *core.Tensor, w PatchEmbedWeights) (*core.Tensor, error) {
	const op = "patch_embed"
	if err := core.CheckShape(op, "x", x, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckData(op, []string{"x", "proj.weight", "proj.bias", "cls_token", "pos_embed"},
		x, w.Proj, w.ProjBias, w.ClsToken, w.PosEmbed); err != nil {
		return nil, err
	}
	b, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	if err := core.CheckShape(op, "proj.weight", w.Proj, "[D,C,P,P]", -1, c, -1, -1); err != nil {
		return nil, err
	}
	d, p := w.Proj.Shape[0], w.Proj.Shape[2]
	if c == 0 || h == 0 || wd == 0 {
		return nil, fmt.Errorf("%s: x must have at least one channel, row and column, got shape %v", op, x.Shape)
	}
	if d == 0 {
		return nil, fmt.Errorf("%s: the embedding width D must be positive, got proj.weight %v", op, w.Proj.Shape)
	}
	if w.Proj.Shape[3] != p || p < 1 {
		return nil, fmt.Errorf("%s: proj.weight must hold square P×P patches with P ≥ 1, got %v", op, w.Proj.Shape)
	}
	if h%p != 0 || wd%p != 0 {
		return nil, fmt.Errorf("%s: image %dx%d is not a multiple of the patch size P=%d", op, h, wd, p)
	}
	if w.ProjBias != nil {
		if err := core.CheckShape(op, "proj.bias", w.ProjBias, "[D]", d); err != nil {
			return nil, err
		}
	}
	if err := core.CheckShape(op, "cls_token", w.ClsToken, "[1,1,D]", 1, 1, d); err != nil {
		return nil, err
	}
	hp, wp := h/p, wd/p
	n := hp * wp
	if w.PosEmbed == nil || w.PosEmbed.Dims() != 3 || w.PosEmbed.Shape[0] != 1 || w.PosEmbed.Shape[2] != d {
		var got []int
		if w.PosEmbed != nil {
			got = w.PosEmbed.Shape
		}
		return nil, fmt.Errorf("%s: pos_embed must be [1,N+1,D] = [1,%d,%d], got %v", op, n+1, d, got)
	}
	if w.PosEmbed.Shape[1] != n+1 {
		return nil, fmt.Errorf("%s: pos_embed has %d positions, want N+1 = %d for %d patches of %dx%d in a %dx%d image",
			op, w.PosEmbed.Shape[1], n+1, n, p, p, h, wd)
	}
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"x", x}, {"proj.weight", w.Proj}, {"proj.bias", w.ProjBias}, {"cls_token", w.ClsToken}, {"pos_embed", w.PosEmbed}} {
		if t.t == nil {
			continue
		}
		if err := core.CheckFinite(op, t.name, t.t); err != nil {
			return nil, err
		}
	}
	k := c * p * p
	if err := core.CheckBudget(op, core.Float32s("patches", n, c, p, p), core.Float32s("y", b, n+1, d)); err != nil {
		return nil, err
	}
	ws.patches = growF32(ws.patches, n*k)
	ws.out.Shape = append(ws.out.Shape[:0], b, n+1, d)
	ws.out.Data = growF32(ws.out.Data, b*(n+1)*d)
	j := &ws.job
	*j = patchJob{patches: ws.patches, pos: w.PosEmbed.Data, cls: w.ClsToken.Data, c: c, h: h, w: wd, p: p, d: d}
	if w.ProjBias != nil {
		j.bias = w.ProjBias.Data
	}
	// At two threads patchify and the pos_embed + bias rows run on both
	// cores before the product (which splits itself): done serially, with
	// the serial checks, they kept patch_embed at 1.5× PyTorch at two
	// threads, no faster than at one.
	parts := core.Parts(n*(k+d), 1<<15)
	for bi := 0; bi < b; bi++ {
		j.x = x.Data[bi*c*h*wd : (bi+1)*c*h*wd]
		j.y = ws.out.Data[bi*(n+1)*d : (bi+1)*(n+1)*d]
		core.Parallel(parts, j)
		core.Gemm(false, true, n, d, k, 1, ws.patches, max(k, 1), w.Proj.Data, max(k, 1), 1, j.y[d:], max(d, 1))
	}
	*j = patchJob{} // drop the references to the caller's tensors
	return &ws.out, nil
}

// patchJob is one image's work before the product: its patch matrix and
// the initial token rows, cut by patches into parts for core.Parallel.
type patchJob struct {
	x, patches, y, pos, cls, bias []float32
	c, h, w, p, d                 int
}

// Part patchifies patches [lo, hi) of the image and starts their token
// rows as pos_embed + bias, which the product then adds onto; part 0 also
// writes the CLS row.
func (j *patchJob) Part(part, parts int) {
	n := (j.h / j.p) * (j.w / j.p)
	lo, hi := part*n/parts, (part+1)*n/parts
	d, y, pos := j.d, j.y, j.pos
	if part == 0 {
		for i := 0; i < d; i++ {
			y[i] = j.cls[i] + pos[i]
		}
	}
	for t := lo + 1; t <= hi; t++ {
		row, pr := y[t*d:(t+1)*d], pos[t*d:(t+1)*d]
		if j.bias == nil {
			copy(row, pr)
			continue
		}
		for i := range row {
			row[i] = pr[i] + j.bias[i]
		}
	}
	patchifyRows(j.patches, j.x, j.c, j.h, j.w, j.p, lo, hi)
}

// Patchify writes the non-overlapping P×P patches of one image x [c,h,w]
// (h and w multiples of p) into dst as an [N, c·p·p] matrix: row
// py·(w/p) + px is the patch at patch-row py, patch-column px, laid out as
// (channel, row in patch, column in patch), the flattening order of a conv
// weight [D,c,p,p].
func Patchify(dst, x []float32, c, h, w, p int) {
	patchifyRows(dst, x, c, h, w, p, 0, (h/p)*(w/p))
}

// patchifyRows is Patchify for patches [lo, hi) only.
func patchifyRows(dst, x []float32, c, h, w, p, lo, hi int) {
	wp := w / p
	k := c * p * p
	for t := lo; t < hi; t++ {
		py, px := t/wp, t%wp
		row := dst[t*k : (t+1)*k]
		o := 0
		for ch := 0; ch < c; ch++ {
			for i := 0; i < p; i++ {
				src := (ch*h+py*p+i)*w + px*p
				copy(row[o:o+p], x[src:src+p])
				o += p
			}
		}
	}
}

// growF32 reslices buf to n elements, reallocating only when it is short.
func growF32(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}
