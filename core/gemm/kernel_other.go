//go:build !amd64

package gemm

// active is the kernel Sgemm uses; kernels lists every kernel this build can
// run, for tests.
var (
	active  = generic4x4
	kernels = []*microKernel{generic4x4}
)
