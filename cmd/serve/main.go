// Command serve serves the browser build (the site/ folder made by
// `make wasm`) on 127.0.0.1:8080, or packs that folder with -pack.
//
//	serve [-dir site] [-host 127.0.0.1] [-port 8080]
//	serve -build [-go go] [-src .] [-brotli 11] [-dir site] [-host ...] [-port ...]
//	serve -pack [-dir site] [-src .] [-brotli 11 | -no-brotli]
//
// With -build (what `make serve` runs) it listens at once, builds the site
// while a status page answers, serves the site gzip-compressed as soon as
// it is built and writes the brotli variants in the background.
//
// HOST and PORT in the environment set the defaults of -host and -port.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dlprep/web"
)

func main() {
	dir := flag.String("dir", "site", "site folder")
	host := flag.String("host", os.Getenv("HOST"), "interface to listen on (default 127.0.0.1: this machine only; [::1] for IPv6)")
	port := flag.String("port", os.Getenv("PORT"), "port (default 8080; 0 picks a free one)")
	pack := flag.Bool("pack", false, "pack the site folder (copy index.html and web/static, precompress) and exit")
	build := flag.Bool("build", false, "build the site (go build of both modules, then pack) while already serving a status page")
	goCmd := flag.String("go", "go", "the go command, for -build")
	src := flag.String("src", ".", "repository root, for -pack and -build")
	quality := flag.Int("brotli", 11, "brotli quality 1..11, for -pack and -build")
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
	var err error
	if *build {
		b := &builder{goCmd: *goCmd, src: *src, dir: *dir, brotli: *quality, log: os.Stdout, start: time.Now()}
		err = serveWhileBuilding(b, *host, *port)
	} else {
		err = serve(*dir, *host, *port)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func serve(dir, host, port string) error {
	if _, err := os.Stat(dir + "/" + web.WasmName); err != nil {
		return fmt.Errorf("serve: %s/%s is missing: run `make wasm` (or `make serve`) first", dir, web.WasmName)
	}
	ln, h, err := listen(dir, host, port)
	if err != nil {
		return err
	}
	fmt.Printf("serving %s at %s\n", dir, siteURL(ln))
	return web.NewServer(h).Serve(ln)
}

// listen opens the site folder and the listening socket.
func listen(dir, host, port string) (net.Listener, *web.Handler, error) {
	addr, err := web.ListenAddr(host, port)
	if err != nil {
		return nil, nil, err
	}
	h, err := web.NewHandler(dir)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	if !web.IsLoopback(host) && host != "" {
		fmt.Fprintf(os.Stderr, "serve: listening on %s: reachable from other machines\n", ln.Addr())
	}
	return ln, h, nil
}

func siteURL(ln net.Listener) string { return "http://" + ln.Addr().String() + "/" }

// serveWhileBuilding listens first, then builds: requests get the status
// page until the site is ready. A failed build, or an interrupt, stops the
// server (and any go build it started).
func serveWhileBuilding(b *builder, host, port string) error {
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return err
	}
	ln, h, err := listen(b.dir, host, port)
	if err != nil {
		return err
	}
	srv := web.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b.ready() {
			h.ServeHTTP(w, r)
			return
		}
		b.statusPage(w, r)
	}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("serving %s at %s — it answers now and shows the site once built\n", b.dir, siteURL(ln))
	// A build that fails on its own stops the server with its error; an
	// interrupt stops both (exec.CommandContext kills a running go build).
	failed := make(chan error, 1)
	go func() {
		if err := b.run(ctx); err != nil && ctx.Err() == nil {
			failed <- err
			srv.Close()
		}
	}()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	err = srv.Serve(ln)
	select {
	case ferr := <-failed:
		return fmt.Errorf("serve: building the site failed: %w", ferr)
	default:
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func mb(n int64) float64 { return float64(n) / 1e6 }
