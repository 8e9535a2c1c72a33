package gemm

import (
	"fmt"
	"unsafe"
)

//go:generate sh -c "cd asm && go run . -pkg gemm -out ../kernel_amd64.s -stubs ../kernel_amd64_stubs.go"

// asmFunc is the signature of every generated kernel.
type asmFunc func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, accum int)

// wrap turns an assembly kernel into a kernFunc that first checks that the
// operands and the C tile lie inside their slices: the assembly does no
// bounds checks. aInPlace/bInPlace say how the kernel reads A and B.
func wrap(mr, nr int, aInPlace, bInPlace bool, f asmFunc) kernFunc {
	return func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, accum bool) {
		if aInPlace {
			_ = a[(mr-1)*lda+k-1]
		} else {
			_ = a[k*mr-1]
		}
		if bInPlace {
			_ = b[(k-1)*ldb+nr-1]
		} else {
			_ = b[k*nr-1]
		}
		_ = c[(mr-1)*ldc+nr-1]
		acc := 0
		if accum {
			acc = 1
		}
		f(k, unsafe.SliceData(a), lda, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc, alpha, beta, acc)
	}
}

// wrapEdge is wrap for an edge kernel computing the first rows rows of a
// packed A panel mr values wide per step.
func wrapEdge(mr, rows, nr int, bInPlace bool, f asmFunc) kernFunc {
	return func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, accum bool) {
		_ = a[(k-1)*mr+rows-1]
		if bInPlace {
			_ = b[(k-1)*ldb+nr-1]
		} else {
			_ = b[k*nr-1]
		}
		_ = c[(rows-1)*ldc+nr-1]
		acc := 0
		if accum {
			acc = 1
		}
		f(k, unsafe.SliceData(a), lda, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc, alpha, beta, acc)
	}
}

// wrapHalf is wrap for a half-width kernel: nr/2 columns of a packed B
// panel nr wide (or of B in place) into a tile with row stride ldc.
func wrapHalf(mr, nr int, aInPlace, bInPlace bool, f asmFunc) kernFunc {
	h := nr / 2
	return func(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, accum bool) {
		if aInPlace {
			_ = a[(mr-1)*lda+k-1]
		} else {
			_ = a[k*mr-1]
		}
		if bInPlace {
			_ = b[(k-1)*ldb+h-1]
		} else {
			_ = b[(k-1)*nr+h-1]
		}
		_ = c[(mr-1)*ldc+h-1]
		acc := 0
		if accum {
			acc = 1
		}
		f(k, unsafe.SliceData(a), lda, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc, alpha, beta, acc)
	}
}

// halfAsm is a kernel family's half-width assembly: A and B packed, A in
// place, B in place.
type halfAsm struct{ packed, inPlaceA, inPlaceB asmFunc }

func (h halfAsm) wrap(mr, nr int) *halfKernels {
	return &halfKernels{fn: wrapHalf(mr, nr, false, false, h.packed),
		directA: wrapHalf(mr, nr, true, false, h.inPlaceA), directB: wrapHalf(mr, nr, false, true, h.inPlaceB)}
}

// edgeAsm is one edge kernel's assembly: B packed, and B in place.
type edgeAsm struct {
	rows              int
	packedB, inPlaceB asmFunc
}

func asmKernel(name string, mr, nr, kc, mc, nc int, packedAB, inPlaceA, inPlaceB asmFunc, half halfAsm, edges ...edgeAsm) *microKernel {
	kn := &microKernel{name: name, mr: mr, nr: nr, kc: kc, mc: mc, nc: nc,
		fn:      wrap(mr, nr, false, false, packedAB),
		directA: wrap(mr, nr, true, false, inPlaceA),
		directB: wrap(mr, nr, false, true, inPlaceB),
		half:    half.wrap(mr, nr),
	}
	for _, e := range edges {
		kn.edges = append(kn.edges, edgeKernel{rows: e.rows,
			fn: wrapEdge(mr, e.rows, nr, false, e.packedB), directB: wrapEdge(mr, e.rows, nr, true, e.inPlaceB)})
	}
	return kn
}

var (
	avx2x6x16 = asmKernel("avx2-6x16", 6, 16, 256, 144, 4096, kernAVX2x6x16, kernAVX2x6x16DirectA, kernAVX2x6x16DirectB,
		halfAsm{kernAVX2x6x16Half, kernAVX2x6x16HalfDirectA, kernAVX2x6x16HalfDirectB},
		edgeAsm{4, kernAVX2x6x16Edge4, kernAVX2x6x16DirectBEdge4},
		edgeAsm{2, kernAVX2x6x16Edge2, kernAVX2x6x16DirectBEdge2},
		edgeAsm{1, kernAVX2x6x16Edge1, kernAVX2x6x16DirectBEdge1})
	avx512x14x32 = asmKernel("avx512-14x32", 14, 32, 256, 168, 4096, kernAVX512x14x32, kernAVX512x14x32DirectA, kernAVX512x14x32DirectB,
		halfAsm{kernAVX512x14x32Half, kernAVX512x14x32HalfDirectA, kernAVX512x14x32HalfDirectB},
		edgeAsm{8, kernAVX512x14x32Edge8, kernAVX512x14x32DirectBEdge8},
		edgeAsm{4, kernAVX512x14x32Edge4, kernAVX512x14x32DirectBEdge4},
		edgeAsm{2, kernAVX512x14x32Edge2, kernAVX512x14x32DirectBEdge2},
		edgeAsm{1, kernAVX512x14x32Edge1, kernAVX512x14x32DirectBEdge1})
	avx512x12x32 = asmKernel("avx512-12x32", 12, 32, 256, 144, 4096, kernAVX512x12x32, kernAVX512x12x32DirectA, kernAVX512x12x32DirectB,
		halfAsm{kernAVX512x12x32Half, kernAVX512x12x32HalfDirectA, kernAVX512x12x32HalfDirectB},
		edgeAsm{8, kernAVX512x12x32Edge8, kernAVX512x12x32DirectBEdge8},
		edgeAsm{4, kernAVX512x12x32Edge4, kernAVX512x12x32DirectBEdge4},
		edgeAsm{2, kernAVX512x12x32Edge2, kernAVX512x12x32DirectBEdge2},
		edgeAsm{1, kernAVX512x12x32Edge1, kernAVX512x12x32DirectBEdge1})
)

// active is the kernel Sgemm uses; kernels lists every kernel this CPU can
// run, for tests.
var active, kernels = detect()

func detect() (*microKernel, []*microKernel) {
	ks := []*microKernel{generic2x4}
	f := features()
	if f.avx2 && f.fma {
		ks = append(ks, avx2x6x16)
		transpose8x8 = transpose8Checked
		transpose8rows = transpose8RowsChecked
		haveDot = true
	}
	if f.avx512 {
		ks = append(ks, avx512x12x32, avx512x14x32)
	}
	return ks[len(ks)-1], ks
}

type cpuFeatures struct{ avx2, fma, avx512 bool }

// features reads CPUID and XCR0 the way internal/cpu does: an instruction set
// counts only if the OS also saves the registers it uses.
func features() cpuFeatures {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return cpuFeatures{}
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx, fma = 1 << 27, 1 << 28, 1 << 12
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return cpuFeatures{}
	}
	xcr0, _ := xgetbv0()
	ymmSaved := xcr0&0x6 == 0x6
	zmmSaved := xcr0&0xe6 == 0xe6
	_, ebx7, _, _ := cpuid(7, 0)
	const avx2, avx512f = 1 << 5, 1 << 16
	return cpuFeatures{
		avx2:   ymmSaved && ebx7&avx2 != 0,
		fma:    ymmSaved && ecx1&fma != 0,
		avx512: zmmSaved && ebx7&avx512f != 0 && ecx1&fma != 0,
	}
}

// transpose8Checked is the assembly transpose8 behind the bounds checks it
// does not do itself.
func transpose8Checked(dst []float32, ldd int, src []float32, lds, cols int, scale float32) {
	_ = src[7*lds+cols-1]
	_ = dst[(cols-1)*ldd+7]
	transpose8(unsafe.SliceData(dst), ldd, unsafe.SliceData(src), lds, cols/8, scale)
}

// transpose8RowsChecked is the assembly transpose8Rows behind bounds
// checks.
func transpose8RowsChecked(dst []float32, ldd int, src []float32, lds, rows int, add []float32) {
	_ = src[(rows-1)*lds+7]
	_ = dst[7*ldd+rows-1]
	var a *float32
	if add != nil {
		_ = add[7]
		a = unsafe.SliceData(add)
	}
	transpose8Rows(unsafe.SliceData(dst), ldd, unsafe.SliceData(src), lds, rows/8, a)
}

// haveConvKernel says whether the direct convolution kernels run here
// (AVX-512F; see HaveDirectConv).
var haveConvKernel = features().avx512

// convKernel runs the direct convolution kernel for rows output channels
// (1…8). It calls each kernel by name, not through a table of func values,
// so the tile block t, which the kernels do not keep, stays on the
// caller's stack.
func convKernel(rows, c int, a *float32, lda int, x *float32, hw int, table *uint64, taps int, y *float32, ldc int, bias *float32, probe *uint16) {
	switch rows {
	case 1:
		convDirect1(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 2:
		convDirect2(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 3:
		convDirect3(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 4:
		convDirect4(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 5:
		convDirect5(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 6:
		convDirect6(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 7:
		convDirect7(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	case 8:
		convDirect8(c, a, lda, x, hw, table, taps, y, ldc, bias, probe)
	default:
		panic(fmt.Sprintf("gemm: no direct convolution kernel for %d rows", rows))
	}
}
