package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStatusPage(t *testing.T) {
	b := &builder{log: io.Discard, start: time.Now().Add(-5 * time.Second)}
	b.setStep(1, "compiling <dlprep.wasm>")
	for _, tc := range []struct {
		accept, ctype, want string
	}{
		{"text/html,application/xhtml+xml", "text/html; charset=utf-8", "step 1 of 3: compiling &lt;dlprep.wasm&gt;"},
		{"*/*", "text/plain; charset=utf-8", "dlprep is being built (step 1 of 3: compiling <dlprep.wasm>"},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept", tc.accept)
		b.statusPage(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || rec.Header().Get("Content-Type") != tc.ctype {
			t.Errorf("Accept %q: status %d, headers %v", tc.accept, rec.Code, rec.Header())
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("Accept %q: body %q lacks %q", tc.accept, body, tc.want)
		}
	}
}

// TestBuildFailureIsReported: a go build that fails stops the build with
// its output, and leaves no half-written module in the site.
func TestBuildFailureIsReported(t *testing.T) {
	dir := t.TempDir()
	fakeGo := filepath.Join(dir, "go")
	if err := os.WriteFile(fakeGo, []byte("#!/bin/sh\necho 'wasm/main.go:1: syntax error' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	b := &builder{goCmd: fakeGo, src: dir, dir: site, log: io.Discard, start: time.Now()}
	err := b.run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "go build ./wasm") || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("error %v, want the failing go build and its output", err)
	}
	if b.ready() {
		t.Error("a failed build marked the site ready")
	}
	if left, _ := filepath.Glob(filepath.Join(site, ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
