//go:build unix

package conformance

import (
	"os"
	"syscall"
)

// openNoBlock opens path read-only without waiting for a writer, should it
// have become a FIFO since it was checked (O_NONBLOCK does nothing to a
// regular file).
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
