//go:build !unix

package conformance

import "os"

// openNoBlock is a plain open where O_NONBLOCK does not exist; the file was
// checked to be regular just before.
func openNoBlock(path string) (*os.File, error) { return os.Open(path) }
