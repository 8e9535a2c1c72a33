//go:build !linux && !js

package benchcpu

import "time"

func threadCPU() (time.Duration, bool) { return 0, false }
