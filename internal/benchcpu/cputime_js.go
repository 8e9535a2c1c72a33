//go:build js

package benchcpu

import (
	"syscall/js"
	"time"
)

// threadCPU is Node's process CPU time: under wasm the Go program runs on
// Node's one main thread.
func threadCPU() (time.Duration, bool) {
	proc := js.Global().Get("process")
	if proc.IsUndefined() {
		return 0, false
	}
	u := proc.Call("cpuUsage")
	return time.Duration(u.Get("user").Float()+u.Get("system").Float()) * time.Microsecond, true
}
