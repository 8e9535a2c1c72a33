package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// contentTypes are set explicitly rather than taken from the host's
// mime.types, which differs between machines (and lacked application/wasm
// on older systems: browsers refuse to stream-compile a module without it).
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".wasm":  "application/wasm",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".gz":    "application/gzip",
	".br":    "application/octet-stream",
	".webp":  "image/webp",
	".woff2": "font/woff2",
}

// Cache-Control values. Asset URLs that carry ?v=<content hash> (Pack writes
// them into index.html) never change, so the browser may keep them for a
// year; everything else is revalidated with its ETag on each visit, which
// costs a 304 and no body.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// contentSecurityPolicy allows what the page needs and nothing else: its
// own scripts and styles, compiling WebAssembly ('wasm-unsafe-eval', not
// 'unsafe-eval'), fetching its own module. The canvas needs no image or
// font sources; ebiten's style changes go through the CSSOM, which
// style-src does not restrict.
const contentSecurityPolicy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves the static site in dir.
type Handler struct {
	root *os.Root

	mu     sync.Mutex
	hashes map[string]fileHash // by slash path inside root, incl. variants
	state  packState           // the folder's .pack-state.json, as last read
}

// fileHash caches a file's content hash while its size and mtime stay put.
type fileHash struct {
	size int64
	mod  time.Time
	sum  string
}

// NewHandler opens dir. The folder is opened as an os.Root, so neither ".."
// in a URL nor a symlink inside the folder can reach a file outside it.
func NewHandler(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Handler{root: root, hashes: map[string]fileHash{}}, nil
}

// Close releases the folder.
func (h *Handler) Close() error { return h.root.Close() }

// ServeHTTP serves GET and HEAD for files in the folder.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := sitePath(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if st, err := h.root.Stat(name); err == nil && st.IsDir() {
		name = path.Join(name, "index.html")
	}

	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", contentSecurityPolicy)
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Content-Type", contentType(name))

	// Serve the smallest variant the client accepts, if it was made from
	// the file as it is now: a .br left over from before the file changed
	// would otherwise go out, with an immutable Cache-Control when the URL
	// carries the new hash. Vary goes on every file that has a variant, so
	// a shared cache never hands gzip to a client that did not ask for it.
	srcSt, err := h.root.Stat(name)
	if err != nil || !srcSt.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
	served, coding := name, ""
	hasVariant := false
	for _, e := range encodings {
		if st, err := h.root.Stat(name + e.ext); err == nil && st.Mode().IsRegular() {
			hasVariant = true
			if coding == "" && accepted[e.name] && h.fresh(name, e.ext, srcSt, st) {
				served, coding = name+e.ext, e.name
			}
		}
	}
	if hasVariant {
		hdr.Add("Vary", "Accept-Encoding")
	}

	f, err := h.root.Open(served)
	if err != nil {
		// Missing, unreadable, or refused by os.Root for leaving the
		// folder: to the client these are all just not there.
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	sum, err := h.hash(served, f, st)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	if coding != "" {
		hdr.Set("Content-Encoding", coding)
		// ServeContent leaves Content-Length out of encoded responses, which
		// then go out chunked. A precompressed file has a known length, so
		// send it; byte ranges of a compressed stream are of no use to a
		// browser, so such requests get the whole file.
		r.Header.Del("Range")
		hdr.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	} else if rg := r.Header.Get("Range"); rg != "" {
		// ServeContent answers every range it is given, each with its own
		// part headers: 60,000 one-byte ranges made an 8.6 MB reply from a
		// 698 KB file. Overlapping and nearby ranges are merged; too many
		// get the whole file.
		if merged, ok := limitRanges(rg, st.Size()); ok {
			r.Header.Set("Range", merged)
		} else {
			r.Header.Del("Range")
		}
	}
	// The ETag names the bytes on the wire, so each variant has its own.
	hdr.Set("ETag", `"`+sum+`"`)
	if v := r.URL.Query().Get("v"); len(v) >= 8 && h.matchesPlain(name, v) {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheRevalidate)
	}
	// A zero modtime keeps ServeContent from sending Last-Modified: the
	// ETag is the validator.
	http.ServeContent(w, r, name, time.Time{}, f)
}

// matchesPlain reports whether v is a prefix of the uncompressed file's
// content hash, the one Pack stamps into asset URLs.
func (h *Handler) matchesPlain(name, v string) bool {
	f, err := h.root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	sum, err := h.hash(name, f, st)
	return err == nil && strings.HasPrefix(sum, v)
}

// hash returns the hex SHA-256 of the open file, cached by size and mtime,
// and leaves f positioned at its start.
func (h *Handler) hash(name string, f *os.File, st fs.FileInfo) (string, error) {
	h.mu.Lock()
	c, ok := h.hashes[name]
	h.mu.Unlock()
	if ok && c.size == st.Size() && c.mod.Equal(st.ModTime()) {
		return c.sum, nil
	}
	d := sha256.New()
	if _, err := io.Copy(d, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(d.Sum(nil))
	h.mu.Lock()
	h.hashes[name] = fileHash{st.Size(), st.ModTime(), sum}
	h.mu.Unlock()
	return sum, nil
}

// sitePath turns a URL path into a slash path relative to the site folder.
// It refuses dot-files and anything that still climbs after cleaning
// (os.Root refuses those too; this keeps the 404 cheap and explicit).
func sitePath(urlPath string) (string, bool) {
	if strings.ContainsRune(urlPath, 0) || strings.Contains(urlPath, "\\") {
		return "", false
	}
	p := path.Clean("/" + urlPath)
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return ".", true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return p, true
}

func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}
