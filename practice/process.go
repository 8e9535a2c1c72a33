package practice

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// solution is the running program under judgement: its stdin receives the
// request lines from one goroutine while another reads its answers, so a
// solution that answers late, never reads, or floods its output cannot
// block the judge.
type solution struct {
	cmd    *exec.Cmd
	in     *os.File // our end of its stdin
	out    *os.File // our end of its stdout
	stderr *tail
	lines  chan answerLine
	done   chan struct{} // closed by finish: the reader stops sending
	exited chan struct{}
	err    error // cmd.Wait's result, set before exited is closed
	stop   sync.Once
	// exitedAlone records whether it had exited before finish killed it.
	exitedAlone bool
}

// answerLine is one line of the solution's stdout, or why there is none.
type answerLine struct {
	text []byte
	// tooLong is the length read so far of a line over its cap (the rest
	// was discarded); text is then nil.
	tooLong int
	err     error // io.EOF when stdout closed
}

// startSolution starts argv with requests written to its stdin (then
// closed) and answers read from its stdout, the k-th line capped at
// caps[k] bytes. The environment is ours plus PYTHONUNBUFFERED=1, so that a
// Python solution's answers are not held back in a buffer.
func startSolution(argv []string, requests [][]byte, caps []int) (*solution, error) {
	if len(argv) == 0 {
		return nil, errors.New("no command to run")
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	s := &solution{in: inW, out: outR, stderr: newTail(64 << 10), lines: make(chan answerLine, 4),
		done: make(chan struct{}), exited: make(chan struct{})}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, s.stderr
	cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	cmd.WaitDelay = 2 * time.Second
	ownProcessGroup(cmd)
	s.cmd = cmd
	err = cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, err
	}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	go func() {
		for _, r := range requests {
			if _, err := inW.Write(append(r, '\n')); err != nil {
				break // it exited or stopped reading: the reader reports it
			}
		}
		inW.Close()
	}()
	go s.read(caps)
	return s, nil
}

// read sends each stdout line to s.lines; lines past their cap are
// discarded as they stream in, so memory stays bounded whatever is printed.
func (s *solution) read(caps []int) {
	defer close(s.lines)
	send := func(a answerLine) bool {
		select {
		case s.lines <- a:
			return true
		case <-s.done:
			return false
		}
	}
	r := bufio.NewReaderSize(s.out, 64<<10)
	for k := 0; ; k++ {
		limit := 1 << 20 // lines beyond the cases get a small cap
		if k < len(caps) {
			limit = caps[k]
		}
		var line []byte
		n := 0
		for {
			chunk, err := r.ReadSlice('\n')
			n += len(chunk)
			if n <= limit {
				line = append(line, chunk...)
			} else {
				line = nil
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				if n > limit {
					send(answerLine{tooLong: n})
				} else if len(line) > 0 {
					send(answerLine{text: line}) // a last line without newline
				}
				send(answerLine{err: err})
				return
			}
			break
		}
		var a answerLine
		if n > limit {
			a.tooLong = n
		} else {
			a.text = bytes.TrimRight(line, "\r\n")
		}
		if !send(a) {
			return
		}
	}
}

// finish ends the solution: it gets grace to exit on its own (after its
// last answer), then it and anything it started are killed. It returns the
// exit status ("" for a clean exit) and whether it had exited by itself.
func (s *solution) finish(grace time.Duration) (status string, exitedAlone bool) {
	s.stop.Do(func() {
		close(s.done)
		select {
		case <-s.exited:
		case <-time.After(grace):
		}
		s.exitedAlone = s.exitedNow()
		killProcessGroup(s.cmd)
		s.in.Close()
		s.out.Close()
		<-s.exited
	})
	return exitStatus(s.err), s.exitedAlone
}

// exitedNow reports whether the process has exited.
func (s *solution) exitedNow() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// exitStatus describes cmd.Wait's error.
func exitStatus(err error) string {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ee):
		return ee.ProcessState.String()
	}
	return err.Error()
}

// tail keeps the last max bytes written to it (the solution's stderr).
type tail struct {
	mu    sync.Mutex
	max   int
	buf   []byte
	total int
}

func newTail(max int) *tail { return &tail{max: max} }

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total += len(p)
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

// lastLines returns up to n last lines, each indented and cut at 200
// characters, or "" when nothing was written.
func (t *tail) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	text := strings.TrimRight(string(t.buf), "\n")
	if text == "" {
		return ""
	}
	lines := strings.Split(text, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  its stderr ended with:\n")
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		if r := []rune(l); len(r) > 200 {
			l = string(r[:200]) + "…"
		}
		fmt.Fprintf(&b, "  | %s\n", l)
	}
	return b.String()
}

var _ io.Writer = (*tail)(nil)
