package core

import (
	"fmt"
	"sync/atomic"

	"dlprep/core/gemm"
)

// mulAdds counts the multiply-adds performed by Gemm since the last reset.
var mulAdds atomic.Int64

// MulAdds returns how many multiply-adds the core's matrix products have
// executed since ResetMulAdds; FLOPs are twice that (OPS.md: one multiply-add
// is 2 FLOPs).
func MulAdds() int64 { return mulAdds.Load() }

// ResetMulAdds zeroes the multiply-add counter.
func ResetMulAdds() { mulAdds.Store(0) }

// Gemm is C = alpha·op(A)·op(B) + beta·C on row-major slices (see gemm.Sgemm)
// and counts m·n·k multiply-adds. Every matrix product in the core calls it.
func Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mulAdds.Add(int64(m) * int64(n) * int64(k))
	gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// PackedB is a matrix product's B packed once for many products (see
// gemm.PackedB); PackB fills it.
type PackedB = gemm.PackedB

// PackB packs op(B), k×n, for GemmPacked.
func PackB(pb *PackedB, transB bool, k, n int, b []float32, ldb int) {
	gemm.PackB(pb, transB, k, n, b, ldb)
}

// GemmPacked is Gemm with B from PackB, on the calling goroutine (for the
// parts of a Parallel job), and counts its multiply-adds like Gemm.
func GemmPacked(transA bool, m int, alpha float32, a []float32, lda int, pb *PackedB, beta float32, c []float32, ldc int) {
	k, n := pb.Dims()
	mulAdds.Add(int64(m) * int64(n) * int64(k))
	gemm.SgemmPacked(transA, m, alpha, a, lda, pb, beta, c, ldc)
}

// GemmPackedWindows is GemmPacked (A untransposed, alpha 1) for an A
// whose rows overlap: row i is a[i·lda : i·lda+k] for any lda ≥ 1 (see
// gemm.SgemmPackedWindows). It counts its multiply-adds like Gemm.
func GemmPackedWindows(m int, a []float32, lda int, pb *PackedB, beta float32, c []float32, ldc int) {
	k, n := pb.Dims()
	mulAdds.Add(int64(m) * int64(n) * int64(k))
	gemm.SgemmPackedWindows(m, a, lda, pb, beta, c, ldc)
}

// MatMul returns a·b for 2-d tensors a [m,k] and b [k,n].
func MatMul(a, b *Tensor) (*Tensor, error) {
	if a.Dims() != 2 || b.Dims() != 2 || a.Shape[1] != b.Shape[0] {
		return nil, fmt.Errorf("matmul: shapes %v and %v do not multiply", a.Shape, b.Shape)
	}
	if err := CheckData("matmul", []string{"a", "b"}, a, b); err != nil {
		return nil, err
	}
	m, k, n := a.Shape[0], a.Shape[1], b.Shape[1]
	if err := CheckBudget("matmul", Float32s("result", m, n)); err != nil {
		return nil, err
	}
	c := New(m, n)
	Gemm(false, false, m, n, k, 1, a.Data, max(k, 1), b.Data, max(n, 1), 0, c.Data, max(n, 1))
	return c, nil
}

// Linear applies y = x·Wᵀ + bias over the last axis of x, with W [out,in] and
// bias [out] (nil for none), the layout of PyTorch's nn.Linear.
func Linear(op string, x, w, bias *Tensor) (*Tensor, error) {
	if x == nil || w == nil {
		return nil, fmt.Errorf("%s: linear needs an input and a weight", op)
	}
	if err := CheckData(op, []string{"input", "weight", "bias"}, x, w, bias); err != nil {
		return nil, err
	}
	if w.Dims() != 2 {
		return nil, fmt.Errorf("%s: weight must be 2-d [out,in], got %v", op, w.Shape)
	}
	out, in := w.Shape[0], w.Shape[1]
	if x.Dims() < 1 || x.Shape[x.Dims()-1] != in {
		return nil, fmt.Errorf("%s: input last dim must be %d (weight %v), got shape %v", op, in, w.Shape, x.Shape)
	}
	if bias != nil && (bias.Dims() != 1 || bias.Shape[0] != out) {
		return nil, fmt.Errorf("%s: bias must be [%d], got %v", op, out, bias.Shape)
	}
	// rows is the product of the leading dims, formed from the shape rather
	// than the data so that a zero-width input cannot hide a huge count.
	rows, ok := CheckedProduct(x.Shape[:x.Dims()-1]...)
	if !ok {
		return nil, fmt.Errorf("%s: input shape %v is too large", op, x.Shape)
	}
	if err := CheckBudget(op, Float32s("linear output", rows, out)); err != nil {
		return nil, err
	}
	shape := append(append([]int(nil), x.Shape[:x.Dims()-1]...), out)
	y := New(shape...)
	if bias != nil {
		for r := 0; r < rows; r++ {
			copy(y.Data[r*out:(r+1)*out], bias.Data)
		}
	}
	beta := float32(0)
	if bias != nil {
		beta = 1
	}
	Gemm(false, true, rows, out, in, 1, x.Data, max(in, 1), w.Data, max(in, 1), beta, y.Data, max(out, 1))
	return y, nil
}

// ConvPlan is a stride-1 same-size convolution's geometry for the direct
// kernel (see gemm.ConvPlan); HaveDirectConv says whether the CPU has it.
type ConvPlan = gemm.ConvPlan

// ConvTilePixels is how many output pixels a ConvTile computes.
const ConvTilePixels = gemm.ConvTilePixels

// ConvTileChannels is the granularity of a ConvTile's output channels.
const ConvTileChannels = gemm.ConvTileChannels

// ConvFits says whether a ConvPlan takes c×h×w images and a kh×kw kernel
// (see gemm.ConvFits).
func ConvFits(c, h, w, kh, kw int) bool { return gemm.ConvFits(c, h, w, kh, kw) }

// HaveDirectConv says whether ConvTile can run on this CPU.
func HaveDirectConv() bool { return gemm.HaveDirectConv() }

// ConvTile is p.Tile (one tile of output pixels, output channels
// [o0, o1)), counting its multiply-adds like Gemm. It reports whether
// every output it stored is finite.
func ConvTile(p *ConvPlan, x, weight []float32, p0, o0, o1 int, y, bias []float32) bool {
	_, k, l := p.Dims()
	mulAdds.Add(int64(o1-o0) * int64(k) * int64(min(gemm.ConvTilePixels, l-p0)))
	return p.Tile(x, weight, p0, o0, o1, y, bias)
}
