// Command serve serves the browser build (the site/ folder made by
// `make wasm`) on 127.0.0.1:8080, or packs that folder with -pack.
//
//	serve [-dir site] [-host 127.0.0.1] [-port 8080]
//	serve -pack [-dir site] [-src .] [-brotli 11 | -no-brotli]
//
// HOST and PORT in the environment set the defaults of -host and -port.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"

	"dlprep/web"
)

func main() {
	dir := flag.String("dir", "site", "site folder")
	host := flag.String("host", os.Getenv("HOST"), "interface to listen on (default 127.0.0.1: this machine only)")
	port := flag.String("port", os.Getenv("PORT"), "port (default 8080; 0 picks a free one)")
	pack := flag.Bool("pack", false, "pack the site folder (copy index.html and web/static, precompress) and exit")
	src := flag.String("src", ".", "repository root, for -pack")
	quality := flag.Int("brotli", 11, "brotli quality 1..11, for -pack")
	noBrotli := flag.Bool("no-brotli", false, "write only .gz variants, for -pack")
	flag.Parse()
	if *pack {
		m, err := web.Pack(web.PackOptions{Src: *src, Out: *dir, BrotliQuality: *quality, NoBrotli: *noBrotli})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		w := m.Files[web.WasmName]
		fmt.Printf("packed %s: %s %.2f MB raw, %.2f MB gzip, %.2f MB brotli\n",
			*dir, web.WasmName, mb(w.Raw), mb(w.Gzip), mb(w.Brotli))
		if pw, ok := m.Files["plotworker.wasm"]; ok { // fetched after the first frame
			fmt.Printf("  plot worker plotworker.wasm: %.2f MB raw, %.2f MB gzip, %.2f MB brotli\n", mb(pw.Raw), mb(pw.Gzip), mb(pw.Brotli))
		}
		return
	}
	if err := serve(*dir, *host, *port); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func serve(dir, host, port string) error {
	if _, err := os.Stat(dir + "/" + web.WasmName); err != nil {
		return fmt.Errorf("serve: %s/%s is missing: run `make wasm` (or `make serve`) first", dir, web.WasmName)
	}
	addr, err := web.ListenAddr(host, port)
	if err != nil {
		return err
	}
	h, err := web.NewHandler(dir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if !web.IsLoopback(host) && host != "" {
		fmt.Fprintf(os.Stderr, "serve: listening on %s: reachable from other machines\n", ln.Addr())
	}
	fmt.Printf("serving %s at http://%s/\n", dir, ln.Addr())
	return web.NewServer(h).Serve(ln)
}

func mb(n int64) float64 { return float64(n) / 1e6 }
