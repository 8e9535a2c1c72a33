package web

import (
	"encoding/json"
	"io"
	"io/fs"
	"strings"
	"time"
)

// packState is the folder's .pack-state.json (see packStateName), cached
// while its size and mtime stay put.
type packState struct {
	size    int64
	mod     time.Time
	read    bool
	entries map[string]string
}

// fresh reports whether the variant name+ext (stat vst) may stand for the
// file name (stat srcSt): its pack-state entry names the file's current
// hash; without an entry (a folder not packed by Pack), it is at least as
// new as the file.
func (h *Handler) fresh(name, ext string, srcSt, vst fs.FileInfo) bool {
	entry, ok := h.stateEntry(name + ext)
	if !ok {
		return !vst.ModTime().Before(srcSt.ModTime())
	}
	if strings.HasSuffix(entry, " none") {
		return false
	}
	f, err := h.root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false
	}
	sum, err := h.hash(name, f, st)
	if err != nil {
		return false
	}
	made, _, _ := strings.Cut(entry, " ")
	return made == sum
}

// stateEntry returns the pack-state entry of a variant, re-reading the
// state file when it has changed.
func (h *Handler) stateEntry(variant string) (string, bool) {
	st, err := h.root.Stat(packStateName)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		h.state = packState{}
		return "", false
	}
	if !h.state.read || h.state.size != st.Size() || !h.state.mod.Equal(st.ModTime()) {
		h.state = packState{size: st.Size(), mod: st.ModTime(), read: true, entries: map[string]string{}}
		if f, err := h.root.Open(packStateName); err == nil {
			b, _ := io.ReadAll(io.LimitReader(f, 1<<20))
			f.Close()
			_ = json.Unmarshal(b, &h.state.entries) // unreadable: every variant falls back to mtimes
		}
	}
	e, ok := h.state.entries[variant]
	return e, ok
}
