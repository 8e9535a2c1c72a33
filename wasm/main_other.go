//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains itself when the package is built for the host: the real
// one is WebAssembly-only (main.go).
func main() {
	fmt.Fprintln(os.Stderr, "wasm: this is the browser build; run `make serve` (or GOOS=js GOARCH=wasm go build ./wasm)")
	os.Exit(2)
}
