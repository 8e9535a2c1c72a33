//go:build js

package gemm

import (
	"syscall/js"
	"time"
)

// threadCPU is Node's process CPU time (process.cpuUsage, microseconds):
// under wasm the Go program runs on Node's one main thread, so this is the
// product's cost without time the shared machine spent on other jobs.
func threadCPU() (time.Duration, bool) {
	proc := js.Global().Get("process")
	if proc.IsUndefined() {
		return 0, false
	}
	u := proc.Call("cpuUsage")
	return time.Duration(u.Get("user").Float()+u.Get("system").Float()) * time.Microsecond, true
}

func lockThread()   {}
func unlockThread() {}
