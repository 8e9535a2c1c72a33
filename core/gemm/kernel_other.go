//go:build !amd64

package gemm

// active is the kernel Sgemm uses; kernels lists every kernel this build can
// run, for tests.
var (
	active  = generic2x4
	kernels = []*microKernel{generic2x4}
)

// haveConvKernel is false: the direct convolution kernel is amd64
// AVX-512F assembly (see HaveDirectConv).
const haveConvKernel = false

func convKernel(rows, c int, a *float32, lda int, x *float32, hw int, table *uint64, taps int, y *float32, ldc int, bias *float32, probe *uint16) {
	panic("gemm: no direct convolution kernel on this architecture")
}
