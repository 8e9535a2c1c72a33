// Package dlprep embeds the conformance cases, so that the CLI's practice
// judge ships with them and runs from any folder.
//
// It lives at the repository root because go:embed reaches only into the
// embedding package's own folder, and the cases stay in testdata/conformance
// where the generators (tools/golden, tools/crosscheck) and the conformance
// tests keep them. Only cmd/dlprep imports it.
package dlprep

import (
	"embed"
	"io/fs"
)

//go:embed testdata/conformance
var conformanceFiles embed.FS

// ConformanceCases returns the golden cases (at its root) and the
// cross-check cases (in crosscheck/) as read-only files.
func ConformanceCases() fs.FS {
	sub, err := fs.Sub(conformanceFiles, "testdata/conformance")
	if err != nil {
		panic(err) // the embedded tree always has this folder
	}
	return sub
}
