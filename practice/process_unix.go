//go:build unix

package practice

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup puts the solution in a new process group, so that
// killing it also kills what it started (go run's compiled program, a shell
// pipeline), which would otherwise keep its stdout open.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills the solution's process group; the group is ours
// (Setpgid above), so nothing else is touched.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Process.Kill()
}
