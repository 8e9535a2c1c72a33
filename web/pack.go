package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"
)

// WasmName is the module's file name in the site folder.
const WasmName = "dlprep.wasm"

// PackOptions say where the sources are and how hard to compress.
type PackOptions struct {
	// Src is the repository root: index.html and web/static/ are read from
	// there.
	Src string
	// Out is the site folder. It must already hold dlprep.wasm and
	// wasm_exec.js (the Makefile builds and copies them).
	Out string
	// BrotliQuality is 0-11; 0 means 11. Quality 11 is about 20 s for the
	// module but a quarter smaller than gzip; tests pack with 5.
	BrotliQuality int
	// NoBrotli skips the .br variants.
	NoBrotli bool
}

// FileSizes are one file's sizes in bytes; Gzip or Brotli is 0 when that
// variant was not written.
type FileSizes struct {
	Raw    int64  `json:"raw"`
	Gzip   int64  `json:"gzip,omitempty"`
	Brotli int64  `json:"br,omitempty"`
	SHA256 string `json:"sha256"`
}

// Manifest lists the site's files; Pack writes it as manifest.json.
type Manifest struct {
	Files map[string]FileSizes `json:"files"`
}

// bootConfig is written into index.html's <script id="dlprep-boot"> block:
// the loader reads the module URL and its uncompressed size from it, so the
// progress bar counts against the real total even when the response is
// compressed (Content-Length is then the compressed size, while the stream
// yields decoded bytes).
type bootConfig struct {
	Wasm      string `json:"wasm"`
	WasmBytes int64  `json:"wasmBytes"`
}

// compressible are the extensions worth precompressing.
var compressible = map[string]bool{".wasm": true, ".js": true, ".css": true, ".html": true, ".json": true, ".svg": true}

// packState remembers, in a dot-file the server never serves, which source
// hash each variant was made from, so repacking an unchanged module skips
// the slow brotli pass.
const packStateName = ".pack-state.json"

var bootBlock = regexp.MustCompile(`(?s)(<script id="dlprep-boot" type="application/json">).*?(</script>)`)

// Pack fills opts.Out from the sources and precompresses it.
func Pack(opts PackOptions) (Manifest, error) {
	q := opts.BrotliQuality
	if q == 0 {
		q = 11
	}
	if q < 0 || q > 11 {
		return Manifest{}, fmt.Errorf("pack: brotli quality %d is outside 0..11", q)
	}
	for _, need := range []string{WasmName, "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(opts.Out, need)); err != nil {
			return Manifest{}, fmt.Errorf("pack: %s is missing from %s (build it first: make wasm)", need, opts.Out)
		}
	}

	// Static assets first, so their hashes can be stamped into index.html.
	statics, err := filepath.Glob(filepath.Join(opts.Src, "web", "static", "*"))
	if err != nil {
		return Manifest{}, err
	}
	for _, s := range statics {
		if err := copyFile(s, filepath.Join(opts.Out, filepath.Base(s))); err != nil {
			return Manifest{}, fmt.Errorf("pack: %w", err)
		}
	}
	html, err := os.ReadFile(filepath.Join(opts.Src, "index.html"))
	if err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}
	assets := []string{"wasm_exec.js", WasmName}
	for _, s := range statics {
		assets = append(assets, filepath.Base(s))
	}
	for _, a := range assets {
		sum, _, err := hashFile(filepath.Join(opts.Out, a))
		if err != nil {
			return Manifest{}, fmt.Errorf("pack: %w", err)
		}
		html = stampAsset(html, a, sum[:12])
	}
	wsum, wsize, err := hashFile(filepath.Join(opts.Out, WasmName))
	if err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}
	boot, _ := json.Marshal(bootConfig{Wasm: WasmName + "?v=" + wsum[:12], WasmBytes: wsize})
	if !bootBlock.Match(html) {
		return Manifest{}, fmt.Errorf(`pack: index.html has no <script id="dlprep-boot" type="application/json"> block`)
	}
	html = bootBlock.ReplaceAll(html, append(append([]byte("${1}"), boot...), "${2}"...))
	if err := os.WriteFile(filepath.Join(opts.Out, "index.html"), html, 0o644); err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}

	state := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(opts.Out, packStateName)); err == nil {
		_ = json.Unmarshal(b, &state) // a bad state file only costs a recompression
	}
	m := Manifest{Files: map[string]FileSizes{}}
	names, err := siteFiles(opts.Out)
	if err != nil {
		return Manifest{}, err
	}
	for _, name := range names {
		p := filepath.Join(opts.Out, name)
		sum, size, err := hashFile(p)
		if err != nil {
			return Manifest{}, fmt.Errorf("pack: %w", err)
		}
		fs := FileSizes{Raw: size, SHA256: sum}
		if compressible[filepath.Ext(name)] {
			key := fmt.Sprintf("%s q%d br%v", sum, q, !opts.NoBrotli)
			fresh := state[name] == key && exists(p+".gz") && (opts.NoBrotli || exists(p+".br"))
			if !fresh {
				if err := compressVariants(p, q, opts.NoBrotli); err != nil {
					return Manifest{}, fmt.Errorf("pack: %s: %w", name, err)
				}
				state[name] = key
			}
			fs.Gzip, fs.Brotli = sizeOf(p+".gz"), sizeOf(p+".br")
		}
		m.Files[name] = fs
	}
	if b, err := json.MarshalIndent(state, "", "  "); err == nil {
		_ = os.WriteFile(filepath.Join(opts.Out, packStateName), b, 0o644)
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := os.WriteFile(filepath.Join(opts.Out, "manifest.json"), mb, 0o644); err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}
	return m, nil
}

// stampAsset rewrites src="name" and href="name" to carry ?v=sum, which the
// server answers with a year-long immutable Cache-Control.
func stampAsset(html []byte, name, sum string) []byte {
	for _, attr := range []string{"src", "href"} {
		old := []byte(attr + `="` + name + `"`)
		html = bytes.ReplaceAll(html, old, []byte(attr+`="`+name+"?v="+sum+`"`))
	}
	return html
}

// compressVariants writes p.gz and p.br, removing a variant that would not
// save at least 5%: serving it would only cost the client decode time.
func compressVariants(p string, brotliQuality int, noBrotli bool) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	gw.Write(data)
	if err := gw.Close(); err != nil {
		return err
	}
	if err := writeVariant(p+".gz", gz.Bytes(), len(data)); err != nil {
		return err
	}
	if noBrotli {
		return removeIfExists(p + ".br")
	}
	var br bytes.Buffer
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotliQuality, LGWin: 24})
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return err
	}
	return writeVariant(p+".br", br.Bytes(), len(data))
}

func writeVariant(p string, b []byte, rawLen int) error {
	if float64(len(b)) > 0.95*float64(rawLen) {
		return removeIfExists(p)
	}
	return os.WriteFile(p, b, 0o644)
}

// siteFiles lists the servable files of the folder, without variants,
// dot-files or the manifest itself.
func siteFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(n, ".") || n == "manifest.json" ||
			strings.HasSuffix(n, ".gz") || strings.HasSuffix(n, ".br") {
			continue
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	d := sha256.New()
	n, err := io.Copy(d, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(d.Sum(nil)), n, nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func sizeOf(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func removeIfExists(p string) error {
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
