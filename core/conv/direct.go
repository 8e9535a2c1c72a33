package conv

import (
	"sync/atomic"

	"dlprep/core"
	"dlprep/core/fastmath"
)

// On a CPU with the direct convolution kernel (gemm.ConvPlan: AVX-512F), a
// stride-1 convolution of one group whose output keeps its input's size
// (padding "same", the 3×3 pad-1 convolution of ResNets and U-Nets) reads x
// where it is, in NCHW, and writes y in place: the kernel puts 16 output
// pixels of one channel in a vector, masks off the lanes whose tap falls in
// the padding, and broadcasts the weights. Against the shifted form
// (shifted.go) it drops the channel-last transpose of the input, the
// transpose of the product into y, the product calls per output row, and
// the band edges laid out twice. Other stride-1 shapes take the shifted
// form (or im2col, when a kernel row holds fewer than 32 values).

// directDisabled turns the direct form off, for tests of the forms it
// replaces on CPUs that have it.
var directDisabled bool

// useDirect says whether conv2d takes the direct form: c channels of h×w
// in, ho×wo out.
func useDirect(g Geometry, groups, c, h, w, ho, wo int) bool {
	return !directDisabled && core.HaveDirectConv() && groups == 1 && g.Stride == [2]int{1, 1} &&
		ho == h && wo == w && core.ConvFits(c, h, w, g.Kernel[0], g.Kernel[1])
}

// directJob is one image of a direct convolution, computed in units of one
// tile of pixels for one group of output channels. Part p takes the units
// of its own contiguous segment, then helps with the others' until none is
// left: with both cores busy, one held by another job still gets its work
// done by the other. Units of a whole tile (33 µs on the benchmark) left
// one core idle for up to that long at the end of a call; units handed
// out in turn made each core read the whole image.
type directJob struct {
	x, y, bias []float32 // x [C,H,W] of this image, y [O, H·W], bias [O] or nil
	weight     []float32 // [O, C, kH, kW], read in place
	plan       *core.ConvPlan
	oc, group  int // output channels, and how many a unit computes
	groups     int // units per tile
	units      int // tiles × groups
	segs       []segment
	nonFinite  atomic.Bool // an output was NaN or ±Inf
}

// segment is one part's share of the units and how many have been taken,
// alone on its cache line: the other core reads it only when it runs out.
type segment struct {
	taken atomic.Int64
	_     [56]byte
}

// conv2dDirect computes y [B,O,H,W]. It reports false if an output is NaN
// or ±Inf: then x holds one, or finite values overflowed (the kernel tells,
// and every value of x meets some output, so x is not read again when
// all is finite; see gemm.ConvPlan). For the rare geometry whose padding
// leaves values of x unread, x is checked first, here.
func (ws *Workspace) conv2dDirect(y, x, weight []float32, bias *core.Tensor, b, c, h, w, oc int, g Geometry) (finite bool) {
	ws.plan.Plan(oc, c, h, w, g.Kernel[0], g.Kernel[1], g.Padding[0], g.Padding[1], g.Dilation[0], g.Dilation[1])
	if !ws.plan.Covers() && !fastmath.AllFinite(x) {
		return false
	}
	l := h * w
	tiles := (l + core.ConvTilePixels - 1) / core.ConvTilePixels
	// Units of at most 32 output channels (whole kernel blocks), so a unit
	// reuses the image rows it loads for several blocks.
	group := min(32, (oc+core.ConvTileChannels-1)/core.ConvTileChannels*core.ConvTileChannels)
	groups := (oc + group - 1) / group
	parts := min(core.Parts(l*oc*c*g.Kernel[0]*g.Kernel[1], 1<<20), tiles*groups)
	j := &ws.direct
	*j = directJob{plan: &ws.plan, weight: weight, oc: oc, group: group, groups: groups, units: tiles * groups, segs: j.segs}
	if len(j.segs) < parts {
		j.segs = make([]segment, parts)
	}
	j.segs = j.segs[:parts]
	if bias != nil {
		j.bias = bias.Data
	}
	for bi := 0; bi < b; bi++ {
		j.x = x[bi*c*l : (bi+1)*c*l]
		j.y = y[bi*oc*l : (bi+1)*oc*l]
		for i := range j.segs {
			j.segs[i].taken.Store(0)
		}
		core.Parallel(parts, j)
	}
	finite = !j.nonFinite.Load()
	j.x, j.y, j.weight, j.bias, j.plan = nil, nil, nil, nil, nil // keep no caller's tensor
	return finite
}

// Part computes units: its own segment's, then the next segments', until
// none is left.
func (j *directJob) Part(p, parts int) {
	for i := range parts {
		s := (p + i) % parts
		lo, hi := s*j.units/parts, (s+1)*j.units/parts
		for {
			u := lo + int(j.segs[s].taken.Add(1)) - 1
			if u >= hi {
				break
			}
			t, o0 := u/j.groups, u%j.groups*j.group
			if !core.ConvTile(j.plan, j.x, j.weight, t*core.ConvTilePixels, o0, min(j.oc, o0+j.group), j.y, j.bias) {
				j.nonFinite.Store(true)
			}
		}
	}
}
