package gemm

import "unsafe"

//go:generate sh -c "cd asm && go run . -pkg gemm -out ../kernel_amd64.s -stubs ../kernel_amd64_stubs.go"

// asmKernel wraps an assembly micro-kernel after checking that the panels
// and the C tile lie inside their slices: the assembly does no bounds checks.
func asmKernel(name string, mr, nr, kc, mc, nc int, f func(k int, a, b, c *float32, ldc int, beta float32, accum int)) *microKernel {
	return &microKernel{name: name, mr: mr, nr: nr, kc: kc, mc: mc, nc: nc,
		fn: func(k int, a, b, c []float32, ldc int, beta float32, accum bool) {
			_ = a[k*mr-1]
			_ = b[k*nr-1]
			_ = c[(mr-1)*ldc+nr-1]
			acc := 0
			if accum {
				acc = 1
			}
			f(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), ldc, beta, acc)
		}}
}

// withDirect adds an assembly kernel that reads A unpacked, with the same
// bounds checks.
func withDirect(kn *microKernel, maxN int, f func(k int, a *float32, lda int, b, c *float32, ldc int, alpha, beta float32, accum int)) *microKernel {
	mr, nr := kn.mr, kn.nr
	kn.directMaxN = maxN
	kn.direct = func(k int, a []float32, lda int, b, c []float32, ldc int, alpha, beta float32, accum bool) {
		_ = a[(mr-1)*lda+k-1]
		_ = b[k*nr-1]
		_ = c[(mr-1)*ldc+nr-1]
		acc := 0
		if accum {
			acc = 1
		}
		f(k, unsafe.SliceData(a), lda, unsafe.SliceData(b), unsafe.SliceData(c), ldc, alpha, beta, acc)
	}
	return kn
}

// directMaxN is the widest product for which the direct kernels replace
// packing A.
const directMaxN = 256

var (
	avx2x6x16    = withDirect(asmKernel("avx2-6x16", 6, 16, 256, 144, 4096, kernAVX2x6x16), directMaxN, kernDirectAVX2x6x16)
	avx512x14x32 = withDirect(asmKernel("avx512-14x32", 14, 32, 256, 168, 4096, kernAVX512x14x32), directMaxN, kernDirectAVX512x14x32)
	avx512x12x32 = withDirect(asmKernel("avx512-12x32", 12, 32, 256, 144, 4096, kernAVX512x12x32), directMaxN, kernDirectAVX512x12x32)
)

// active is the kernel Sgemm uses; kernels lists every kernel this CPU can
// run, for tests.
var active, kernels = detect()

func detect() (*microKernel, []*microKernel) {
	ks := []*microKernel{generic2x4}
	f := features()
	if f.avx2 && f.fma {
		ks = append(ks, avx2x6x16)
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
