package conformance

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileBytes caps the size of a case file. Cases are decoded as a stream
// and their tensors are held to the memory budget, so the cap bounds time,
// not memory: reading 512 MiB of JSON takes seconds.
const MaxFileBytes = 512 << 20

// OpenCaseFile opens a case file for reading. Only a regular file (or a
// symlink to one) of at most MaxFileBytes is accepted: a named pipe would
// block the runner for ever and a device like /dev/zero would never end, so
// both are refused without a byte being read. The open itself does not
// block on a FIFO (see openNoBlock), and the file is checked again once
// open, in case it was swapped in between.
func OpenCaseFile(path string) (io.ReadCloser, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, st); err != nil {
		return nil, err
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	st2, err := f.Stat()
	if err == nil {
		err = checkRegular(path, st2)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &cappedFile{f: f, left: MaxFileBytes, path: path, size: st2.Size()}, nil
}

func checkRegular(path string, st fs.FileInfo) error {
	if st.Mode().IsRegular() {
		if st.Size() > MaxFileBytes {
			return fmt.Errorf("%s is %d bytes, over the %d-byte (%d MiB) limit of a case file", path, st.Size(), MaxFileBytes, MaxFileBytes>>20)
		}
		return nil
	}
	kind := "not a regular file"
	switch t := st.Mode().Type(); {
	case t&fs.ModeDir != 0:
		kind = "a directory"
	case t&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case t&fs.ModeDevice != 0, t&fs.ModeCharDevice != 0:
		kind = "a device"
	case t&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return fmt.Errorf("%s is %s, not a case file: only regular files are read", path, kind)
}

// cappedFile refuses to read past MaxFileBytes, for a file that grows
// after it was checked.
type cappedFile struct {
	f    *os.File
	left int64
	path string
	size int64 // at open
}

func (c *cappedFile) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, fmt.Errorf("%s grew past the %d MiB limit of a case file while being read", c.path, MaxFileBytes>>20)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.f.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *cappedFile) Close() error { return c.f.Close() }

// Size is the file's size when it was opened, for NewCaseReader.
func (c *cappedFile) Size() int64 { return c.size }
