//go:build !amd64

package gemm

// active is the kernel Sgemm uses; kernels lists every kernel this build can
// run, for tests.
var (
	active  = generic2x4
	kernels = []*microKernel{generic2x4}
)
