//go:build !(js && wasm && gonumplot)

package main

import (
	"fmt"
	"os"
)

// main explains itself in any other build: the real one is the browser's
// plot worker, built for WebAssembly with -tags gonumplot (main.go).
func main() {
	fmt.Fprintln(os.Stderr, "plotworker: this is the browser's plot worker; build it with GOOS=js GOARCH=wasm go build -tags gonumplot ./wasm/plotworker (make wasm does)")
	os.Exit(2)
}
