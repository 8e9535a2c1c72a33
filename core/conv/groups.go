package conv

import "dlprep/core"

// fillSpec says how to unfold one image (or video) into the columns of
// an im2col product: Im2Col with a geometry, or problem 001's causal 3-D
// columns. It is a value, not a closure, so that the parallel jobs holding
// it allocate nothing.
type fillSpec struct {
	causal        bool
	h, w          int
	g             Geometry // Im2Col
	t, kt, kh, kw int      // causalCols
}

// rowsPerChannel is how many rows of the column matrix one input channel
// fills.
func (f *fillSpec) rowsPerChannel() int {
	if f.causal {
		return f.kt * f.kh * f.kw
	}
	return f.g.Kernel[0] * f.g.Kernel[1]
}

// fill writes the columns of ch channels of one image, starting at img,
// into dst with row stride ldd.
func (f *fillSpec) fill(dst []float32, ldd int, img []float32, ch int) {
	if f.causal {
		causalCols(dst, ldd, img, ch, f.t, f.h, f.w, f.kt, f.kh, f.kw)
		return
	}
	Im2Col(dst, ldd, img, ch, f.h, f.w, f.g)
}

// gemmGroups runs the product shared by every im2col convolution: for each
// group, the columns of all B images side by side form one [K, B·L] matrix,
// and one core.Gemm multiplies the group's weight rows [O/groups, K] by it.
// With B = 1 the product lands in y directly; otherwise each image's block is
// copied out, since y is [B, O, L] and the product is [O/groups, B·L].
// Each image's input is plane values per channel.
//
// At two threads or more the serial stages run in parts on every core:
// with few groups, unfolding (cut by image and channel) and copying out
// (cut by image) around a product that splits itself; with as many groups
// as threads (a depthwise conv's per-channel products are far too small to
// split), whole groups per part, each with its own buffers.
func gemmGroups(ws *Workspace, y, x, weight []float32, bias *core.Tensor, b, c, plane, oc, groups, k, l int, fill fillSpec) {
	if b == 0 || oc == 0 || l == 0 {
		return // an empty batch, no output channel or no output pixel: y is empty
	}
	if k == 0 {
		// No input channels: the output is the bias alone.
		for i := range y {
			y[i] = 0
			if bias != nil && l > 0 {
				y[i] = bias.Data[(i/l)%oc]
			}
		}
		return
	}
	cg, og := c/groups, oc/groups
	n := b * l
	j := &ws.groups
	*j = groupsJob{y: y, x: x, weight: weight, b: b, c: c, plane: plane, oc: oc, groups: groups, k: k, l: l,
		fill: fill, bufs: j.bufs}
	if bias != nil {
		j.bias = bias.Data
	}
	// Copying and unfolding move about k·n values per group; below 2^15 per
	// part the hand-off costs more than it saves.
	parts := core.Parts(groups*k*n, 1<<15)
	j.perGroup = parts > 1 && groups >= parts
	nb := 1
	if j.perGroup {
		nb = parts
	}
	for len(j.bufs) < nb {
		j.bufs = append(j.bufs, groupsBufs{})
	}
	for p := range j.bufs[:nb] {
		bb := &j.bufs[p]
		bb.cols = grow(bb.cols, k*n)
		if b > 1 {
			bb.prod = grow(bb.prod, og*n)
		}
	}
	if j.perGroup {
		core.Parallel(parts, j)
	} else {
		bb := &j.bufs[0]
		beta := float32(0)
		if b == 1 && bias != nil {
			beta = 1
		}
		for gi := 0; gi < groups; gi++ {
			j.gi, j.phase = gi, phaseFill
			core.Parallel(min(parts, b*cg), j)
			wg := weight[gi*og*k : (gi+1)*og*k]
			if b == 1 {
				core.Gemm(false, false, og, l, k, 1, wg, k, bb.cols, n, beta, y[gi*og*l:], max(l, 1))
				continue
			}
			core.Gemm(false, false, og, n, k, 1, wg, k, bb.cols, n, 0, bb.prod, n)
			j.phase = phaseScatter
			core.Parallel(min(parts, b), j)
		}
	}
	bufs := j.bufs
	*j = groupsJob{bufs: bufs} // keep the buffers, drop the caller's tensors
}

const (
	phaseFill    = iota // unfold group gi's channels of every image into bufs[0].cols
	phaseScatter        // copy group gi's product out of bufs[0].prod into y
)

// groupsJob is gemmGroups' work for core.Parallel: either whole groups per
// part (perGroup), or one stage (phase) of group gi cut into parts.
type groupsJob struct {
	y, x, weight, bias         []float32
	b, c, plane, oc, groups, k int
	l                          int
	fill                       fillSpec
	perGroup                   bool
	gi, phase                  int
	bufs                       []groupsBufs
}

type groupsBufs struct{ cols, prod []float32 }

func (j *groupsJob) Part(p, parts int) {
	cg, og, n := j.c/j.groups, j.oc/j.groups, j.b*j.l
	if j.perGroup {
		bb := &j.bufs[p]
		for gi := p * j.groups / parts; gi < (p+1)*j.groups/parts; gi++ {
			for bi := 0; bi < j.b; bi++ {
				j.fill.fill(bb.cols[bi*j.l:], n, j.x[(bi*j.c+gi*cg)*j.plane:], cg)
			}
			j.product(bb, gi)
		}
		return
	}
	bb := &j.bufs[0]
	switch j.phase {
	case phaseFill:
		// Units are (image, channel) pairs; a part unfolds a contiguous
		// run of them, a channel range per image.
		rpc := j.fill.rowsPerChannel()
		units := j.b * cg
		for u := p * units / parts; u < (p+1)*units/parts; {
			bi, ch := u/cg, u%cg
			cnt := min(cg-ch, (p+1)*units/parts-u)
			j.fill.fill(bb.cols[ch*rpc*n+bi*j.l:], n, j.x[(bi*j.c+j.gi*cg+ch)*j.plane:], cnt)
			u += cnt
		}
		if j.gi == 0 && j.b == 1 && j.bias != nil {
			// The product adds onto rows that start as the bias.
			for o := p * j.oc / parts; o < (p+1)*j.oc/parts; o++ {
				row := j.y[o*j.l : (o+1)*j.l]
				for i := range row {
					row[i] = j.bias[o]
				}
			}
		}
	case phaseScatter:
		for bi := p * j.b / parts; bi < (p+1)*j.b/parts; bi++ {
			j.scatter(bb.prod, j.gi, bi, og, n)
		}
	}
}

// product multiplies group gi's weights by the columns in bb (on the
// calling goroutine: inside core.Parallel products do not split) and puts
// the result in y.
func (j *groupsJob) product(bb *groupsBufs, gi int) {
	og, n, k, l := j.oc/j.groups, j.b*j.l, j.k, j.l
	wg := j.weight[gi*og*k : (gi+1)*og*k]
	if j.b == 1 {
		beta := float32(0)
		if j.bias != nil {
			for o := gi * og; o < (gi+1)*og; o++ {
				row := j.y[o*l : (o+1)*l]
				for i := range row {
					row[i] = j.bias[o]
				}
			}
			beta = 1
		}
		core.Gemm(false, false, og, l, k, 1, wg, k, bb.cols, n, beta, j.y[gi*og*l:], max(l, 1))
		return
	}
	core.Gemm(false, false, og, n, k, 1, wg, k, bb.cols, n, 0, bb.prod, n)
	for bi := 0; bi < j.b; bi++ {
		j.scatter(bb.prod, gi, bi, og, n)
	}
}

// scatter copies image bi's block of group gi's product [O/groups, B·L]
// into y [B, O, L], adding the bias.
func (j *groupsJob) scatter(prod []float32, gi, bi, og, n int) {
	l := j.l
	for o := 0; o < og; o++ {
		dst := j.y[(bi*j.oc+gi*og+o)*l : (bi*j.oc+gi*og+o+1)*l]
		src := prod[o*n+bi*l : o*n+(bi+1)*l]
		if j.bias == nil {
			copy(dst, src)
			continue
		}
		bv := j.bias[gi*og+o]
		for i, v := range src {
			dst[i] = v + bv
		}
	}
}
