package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// testSite writes a small site: a module with both variants, a script with
// only gzip, a page with none, a dot-file, a subfolder, and a secret next to
// (outside) the site folder.
func testSite(t *testing.T) (dir string, module []byte) {
	t.Helper()
	parent := t.TempDir()
	dir = filepath.Join(parent, "site")
	module = bytes.Repeat([]byte("\x00asm module body "), 4000)
	files := map[string][]byte{
		"index.html":       []byte("<!doctype html><title>t</title>"),
		"dlprep.wasm":      module,
		"dlprep.wasm.gz":   gz(t, module),
		"dlprep.wasm.br":   br(t, module),
		"loader.js":        []byte("console.log(1)"),
		"loader.js.gz":     gz(t, []byte("console.log(1)")),
		".pack-state.json": []byte("{}"),
		"sub/index.html":   []byte("sub page"),
		"sub/data.bin":     []byte{1, 2, 3},
	}
	// Variants are newer than their files, as after a pack.
	old, newer := time.Now().Add(-time.Hour), time.Now().Add(-time.Minute)
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		mod := old
		if strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br") {
			mod = newer
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	return dir, module
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func br(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newTestServer(t *testing.T) (*httptest.Server, []byte) {
	t.Helper()
	dir, module := testSite(t)
	h, err := NewHandler(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, module
}

// get sends a raw request: the transport's own gzip handling is off, so
// the test sees the bytes on the wire.
func get(t *testing.T, srv *httptest.Server, method, path string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Keep "..", "%2e" and friends exactly as written.
	req.URL.Opaque, req.URL.RawQuery, _ = strings.Cut(path, "?")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestServeEncodingNegotiation(t *testing.T) {
	srv, module := newTestServer(t)
	tests := []struct {
		accept       string
		wantEncoding string
	}{
		{"", ""},
		{"gzip", "gzip"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0, gzip", "gzip"},
		{"gzip;q=0, br;q=0", ""},
		{"*", "br"},
		{"*, br;q=0", "gzip"},
		{"identity", ""},
		{"x-gzip", "gzip"},
		{"BR", "br"},
	}
	for _, tc := range tests {
		resp, body := get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Accept-Encoding": tc.accept})
		if resp.StatusCode != 200 {
			t.Fatalf("Accept-Encoding %q: status %d", tc.accept, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Encoding"); got != tc.wantEncoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.wantEncoding)
		}
		if got := resp.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, want application/wasm", tc.accept, got)
		}
		if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q, want Accept-Encoding", tc.accept, got)
		}
		if resp.ContentLength != int64(len(body)) {
			t.Errorf("Accept-Encoding %q: Content-Length %d for a %d-byte body", tc.accept, resp.ContentLength, len(body))
		}
		if got := decode(t, tc.wantEncoding, body); !bytes.Equal(got, module) {
			t.Errorf("Accept-Encoding %q: decoded body is %d bytes, want the %d-byte module", tc.accept, len(got), len(module))
		}
	}
}

func decode(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", coding, err)
	}
	return out
}

func TestServeContentTypesAndIndex(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		path, wantType, wantBody, wantEncoding string
	}{
		{"/", "text/html; charset=utf-8", "<!doctype html><title>t</title>", ""},
		{"/index.html", "text/html; charset=utf-8", "<!doctype html><title>t</title>", ""},
		{"/sub/", "text/html; charset=utf-8", "sub page", ""},
		{"/sub", "text/html; charset=utf-8", "sub page", ""},
		{"/loader.js", "text/javascript; charset=utf-8", "console.log(1)", ""},
		{"/sub/data.bin", "application/octet-stream", "\x01\x02\x03", ""},
		// No .br for loader.js: a br-only client gets the plain file.
		{"/loader.js?x=1", "text/javascript; charset=utf-8", "console.log(1)", ""},
	}
	for _, tc := range tests {
		resp, body := get(t, srv, "GET", tc.path, map[string]string{"Accept-Encoding": "br"})
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: status %d, want 200", tc.path, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != tc.wantType {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, got, tc.wantType)
		}
		if got := resp.Header.Get("Content-Encoding"); got != tc.wantEncoding {
			t.Errorf("GET %s: Content-Encoding %q, want %q", tc.path, got, tc.wantEncoding)
		}
		if string(body) != tc.wantBody {
			t.Errorf("GET %s: body %q, want %q", tc.path, body, tc.wantBody)
		}
		if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "'wasm-unsafe-eval'") || !strings.Contains(got, "default-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want default-src 'none' and wasm-unsafe-eval", tc.path, got)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", tc.path, got)
		}
	}
}

func TestServeStaysInsideFolder(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, p := range []string{
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/sub/../../secret.txt",
		"/sub/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/..%5csecret.txt",
		"/link.txt", // a symlink pointing outside the folder
		"/.pack-state.json",
		"/sub/.hidden",
		"/missing.js",
		"/dlprep.wasm%00.html",
	} {
		resp, body := get(t, srv, "GET", p, nil)
		if resp.StatusCode == 200 || strings.Contains(string(body), "secret") && !strings.Contains(string(body), "not found") {
			t.Errorf("GET %s: status %d body %q, want a 404 that leaks nothing", p, resp.StatusCode, body)
		}
		if resp.StatusCode != 404 && resp.StatusCode != 400 {
			t.Errorf("GET %s: status %d, want 404 (or 400 from the HTTP layer)", p, resp.StatusCode)
		}
	}
}

func TestServeMethods(t *testing.T) {
	srv, module := newTestServer(t)
	resp, body := get(t, srv, "HEAD", "/dlprep.wasm", nil)
	if resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength != int64(len(module)) {
		t.Errorf("HEAD: status %d, body %d bytes, Content-Length %d; want 200, 0, %d", resp.StatusCode, len(body), resp.ContentLength, len(module))
	}
	// A range of the plain file is served; a range of a compressed variant
	// is not (the whole variant comes back).
	resp, body = get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Range": "bytes=0-3"})
	if resp.StatusCode != http.StatusPartialContent || string(body) != "\x00asm" {
		t.Errorf("Range bytes=0-3: status %d body %q, want 206 and the magic \\0asm", resp.StatusCode, body)
	}
	resp, body = get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Range": "bytes=0-3", "Accept-Encoding": "gzip"})
	if resp.StatusCode != 200 || !bytes.Equal(decode(t, "gzip", body), module) {
		t.Errorf("Range with gzip: status %d, want 200 and the whole compressed module", resp.StatusCode)
	}
	resp, _ = get(t, srv, "POST", "/dlprep.wasm", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d Allow %q, want 405 and GET, HEAD", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestServeCaching(t *testing.T) {
	srv, _ := newTestServer(t)
	resp, _ := get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Accept-Encoding": "gzip"})
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on the module")
	}
	if got := resp.Header.Get("Cache-Control"); got != cacheRevalidate {
		t.Errorf("unversioned URL: Cache-Control %q, want %q", got, cacheRevalidate)
	}
	if resp.Header.Get("Last-Modified") != "" {
		t.Errorf("Last-Modified %q sent; the ETag alone should validate", resp.Header.Get("Last-Modified"))
	}
	// The same ETag revalidates to an empty 304; another variant's does not.
	resp, body := get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match %s: status %d, %d bytes; want 304 and none", etag, resp.StatusCode, len(body))
	}
	resp, _ = get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": etag})
	if resp.StatusCode != 200 {
		t.Errorf("gzip ETag sent by a br request: status %d, want 200 (each variant has its own ETag)", resp.StatusCode)
	}

	// A ?v= that matches the plain file's hash is cached for good.
	sum := plainHash(t, srv)
	for _, tc := range []struct {
		v, want string
	}{
		{sum[:12], cacheImmutable},
		{sum, cacheImmutable},
		{"0123456789ab", cacheRevalidate},
		{sum[:4], cacheRevalidate}, // too short to trust
	} {
		resp, _ := get(t, srv, "GET", "/dlprep.wasm?v="+tc.v, map[string]string{"Accept-Encoding": "br"})
		if got := resp.Header.Get("Cache-Control"); got != tc.want {
			t.Errorf("?v=%s: Cache-Control %q, want %q", tc.v, got, tc.want)
		}
	}
}

// plainHash reads the ETag of the uncompressed module.
func plainHash(t *testing.T, srv *httptest.Server) string {
	resp, _ := get(t, srv, "GET", "/dlprep.wasm", nil)
	return strings.Trim(resp.Header.Get("ETag"), `"`)
}

func TestAcceptedEncodings(t *testing.T) {
	tests := []struct {
		header   string
		br, gzip bool
	}{
		{"", false, false},
		{"gzip", false, true},
		{"br", true, false},
		{"gzip;q=0.5, br;q=0.9", true, true},
		{"gzip; q=0", false, false},
		{"br;q=0.000", false, false},
		{"*;q=0", false, false},
		{"*", true, true},
		{"*;q=0.1, gzip;q=0", true, false},
		{" Br , GZIP ", true, true},
		{"deflate, zstd", false, false},
	}
	for _, tc := range tests {
		got := acceptedEncodings(tc.header)
		if got["br"] != tc.br || got["gzip"] != tc.gzip {
			t.Errorf("acceptedEncodings(%q): br=%v gzip=%v, want br=%v gzip=%v", tc.header, got["br"], got["gzip"], tc.br, tc.gzip)
		}
	}
}

func TestSitePath(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/", ".", true},
		{"", ".", true},
		{"/a/b.js", "a/b.js", true},
		{"/a/../b.js", "b.js", true},
		{"/../../etc/passwd", "etc/passwd", true}, // Clean pins it to the root
		{"/.git/config", "", false},
		{"/a/.env", "", false},
		{"/a\\..\\b", "", false},
		{"/a\x00b", "", false},
	}
	for _, tc := range tests {
		got, ok := sitePath(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("sitePath(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestListenAddr(t *testing.T) {
	tests := []struct {
		host, port, want string
		wantErr          bool
	}{
		{"", "", "127.0.0.1:8080", false},
		{"", "9000", "127.0.0.1:9000", false},
		{"0.0.0.0", "80", "0.0.0.0:80", false},
		{"::1", "0", "[::1]:0", false},
		{"[::1]", "8080", "[::1]:8080", false},
		{"[::1", "8080", "", true},
		{"[localhost]", "8080", "", true},
		{"", "http", "", true},
		{"", "70000", "", true},
	}
	for _, tc := range tests {
		got, err := ListenAddr(tc.host, tc.port)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("ListenAddr(%q, %q) = %q, %v; want %q, error %v", tc.host, tc.port, got, err, tc.want, tc.wantErr)
		}
	}
	for host, want := range map[string]bool{"127.0.0.1": true, "localhost": true, "::1": true, "[::1]": true, "127.1.2.3": true, "0.0.0.0": false, "192.0.2.1": false, "": false} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestServeSkipsStaleVariants: a precompressed variant made from an older
// version of its file is never served (and so never cached as immutable
// under the new file's hash); the file itself goes out instead.
func TestServeSkipsStaleVariants(t *testing.T) {
	dir, _ := testSite(t)
	h, err := NewHandler(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer h.Close()
	changed := bytes.Repeat([]byte("\x00asm a rebuilt module "), 4000)
	if err := os.WriteFile(filepath.Join(dir, "dlprep.wasm"), changed, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := plainHash(t, srv)
	resp, body := get(t, srv, "GET", "/dlprep.wasm?v="+sum[:12], map[string]string{"Accept-Encoding": "br, gzip"})
	if enc := resp.Header.Get("Content-Encoding"); enc != "" || !bytes.Equal(body, changed) {
		t.Errorf("after the module changed: Content-Encoding %q, %d bytes; want the new module, uncompressed", enc, len(body))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != cacheImmutable {
		t.Errorf("the new module under its own hash: Cache-Control %q, want %q", cc, cacheImmutable)
	}

	// With a pack state, the recorded hash decides, not the mtimes: a
	// variant touched after the change is still stale.
	state := `{"dlprep.wasm.br": "0000 q11", "dlprep.wasm.gz": "` + sum + `"}`
	os.WriteFile(filepath.Join(dir, "dlprep.wasm.gz"), gz(t, changed), 0o644)
	os.WriteFile(filepath.Join(dir, ".pack-state.json"), []byte(state), 0o644)
	future := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "dlprep.wasm.br"), future, future)
	resp, body = get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Accept-Encoding": "br, gzip"})
	if enc := resp.Header.Get("Content-Encoding"); enc != "gzip" {
		t.Errorf("state names another file for the .br: served %q, want the fresh gzip", enc)
	}
	if got := decode(t, "gzip", body); !bytes.Equal(got, changed) {
		t.Errorf("gzip variant decodes to %d bytes, want the new module", len(got))
	}
}

// TestServeLimitsRanges: many small ranges get the whole file, not a
// multipart reply many times its size; a few stay ranges; overlapping ones
// are merged.
func TestServeLimitsRanges(t *testing.T) {
	srv, module := newTestServer(t)
	size := len(module)
	var specs []string
	for i := 0; i < 60000 && 2*i < size; i++ {
		specs = append(specs, fmt.Sprintf("%d-%d", 2*i, 2*i))
	}
	resp, body := get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Range": "bytes=" + strings.Join(specs, ",")})
	if resp.StatusCode != 200 || len(body) != size {
		t.Errorf("%d one-byte ranges: status %d, %d bytes; want 200 and the %d-byte file", len(specs), resp.StatusCode, len(body), size)
	}
	resp, body = get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Range": "bytes=0-9"})
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, module[:10]) {
		t.Errorf("one range: status %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, body = get(t, srv, "GET", "/dlprep.wasm", map[string]string{"Range": "bytes=0-99,50-149,10-20"})
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, module[:150]) {
		t.Errorf("overlapping ranges: status %d, %d bytes; want one merged part of 150", resp.StatusCode, len(body))
	}
}

func TestLimitRanges(t *testing.T) {
	tests := []struct {
		header string
		size   int64
		want   string
		ok     bool
	}{
		{"bytes=0-9", 100, "bytes=0-9", true},
		{"bytes=0-9, 500-600", 1000, "bytes=0-9, 500-600", true},
		{"bytes=500-600,0-9", 1000, "bytes=0-9,500-600", true},
		{"bytes=0-99,50-149", 1000, "bytes=0-149", true},
		{"bytes=-10", 100, "bytes=-10", true},
		{"bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16", 1000, "bytes=0-16", true},
		{"bytes=0-0,200-200,400-400,600-600,800-800,1000-1000,1200-1200,1400-1400,1600-1600", 2000, "", false},
		{"bytes=5-1", 100, "bytes=5-1", true},
		{"items=0-1", 100, "items=0-1", true},
		{"bytes=200-300", 100, "bytes=200-300", true},
		{"bytes=" + strings.Repeat("0-0,", 2000), 100, "", false},
	}
	for _, tc := range tests {
		got, ok := limitRanges(tc.header, tc.size)
		if got != tc.want || ok != tc.ok {
			t.Errorf("limitRanges(%.40q, %d) = %q, %v; want %q, %v", tc.header, tc.size, got, ok, tc.want, tc.ok)
		}
	}
}
