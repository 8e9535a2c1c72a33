# dlprep: see README.md. `make serve` runs the visualizer; `make ci` installs
# what the tests need and runs them all (`make test` when it is installed).
GO      ?= go
PORT    ?= 8080
PY      ?= /usr/bin/python3
WASMEXEC = $(shell $(GO) env GOROOT)/lib/wasm
SITE   ?= site
HOST   ?= 127.0.0.1
BROTLI ?= 11

.PHONY: ci test deps vet test-go test-wasm test-viz-wasm test-xvfb test-e2e \
        golden crosscheck wasm serve bench bench-torch desktop help

## ci: what CI runs on a fresh machine: deps, then test.
ci: deps
	$(MAKE) test

## test: every test — gofmt and vet; unit, conformance (PyTorch golden and
## cross-check cases), fuzz-seed, practice-judge and scene tests; the core
## and the viz packages under Node (GOOS=js); the ebiten backend under Xvfb;
## and the browser end-to-end suite in headless Chromium. It installs
## no packages (`make ci`, or `make deps` once, does that).
test: vet test-go test-wasm test-viz-wasm test-xvfb test-e2e

## deps: install what the tests need (chromium, xvfb, X11/GL headers, nodejs)
## when missing, then download the Go modules; a no-op when all is there.
deps:
	./tools/ci/deps.sh

## vet: gofmt (lists the files it would change) and go vet.
vet:
	@out=$$(gofmt -l . ); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## test-go: go test ./... (no browser, no Node, no Xvfb).
test-go:
	$(GO) test ./...

## test-wasm: the core compiled to WebAssembly and run under Node.
test-wasm:
	PATH="$$PATH:$(WASMEXEC)" GOOS=js GOARCH=wasm $(GO) test ./core/...

## golden: regenerate testdata/conformance from real PyTorch (Debian python3-torch).
golden:
	@$(PY) -c 'import torch, torchvision' 2>/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision)
	$(PY) tools/golden/gen.py

# ---- browser build ------------------------------------------------------

## wasm: the static site in $(SITE)/: index.html, loader.js, style.css,
## wasm_exec.js, dlprep.wasm and the plot worker (plotworker.js/.wasm,
## gonum/plot, loaded after the first frame), each with precompressed
## .gz/.br siblings.
## Brotli at quality 11 takes ~20 s but only when the module changed.
wasm:
	@mkdir -p $(SITE)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $(SITE)/dlprep.wasm ./wasm
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -tags gonumplot -o $(SITE)/plotworker.wasm ./wasm/plotworker
	cp $(WASMEXEC)/wasm_exec.js $(SITE)/wasm_exec.js
	$(GO) run ./cmd/serve -pack -dir $(SITE) -brotli $(BROTLI)

## serve: build the site and serve it on http://$(HOST):$(PORT)/ (this
## machine only; HOST=0.0.0.0 shares it on the network). The server answers
## as soon as it is compiled, with a page that says what is being built;
## the site follows, gzip-compressed, and brotli in the background.
serve:
	@echo "serve: compiling the server; it then builds the site while answering (from an empty Go build cache, about a minute)"
	$(GO) run ./cmd/serve -build -go $(GO) -dir $(SITE) -host $(HOST) -port $(PORT) -brotli $(BROTLI)

## test-e2e: the site in a real headless Chromium (apt-get install chromium;
## `make deps` does). Fails, rather than skips, without Chromium. -v prints
## the sizes, the first-frame time and the per-frame work it measured.
test-e2e:
	DLPREP_E2E=1 $(GO) test -count=1 -timeout 40m -v ./e2e/

## bench: speed table — every BenchmarkOp_<op> in ./core/... next to the same
## op in PyTorch (OpenBLAS) at 1 and 2 threads, plus the matrix product under
## WebAssembly against gonum. Slow (minutes); not part of `make test`.
## Installs PyTorch, torchvision and libopenblas0-pthread first when missing
## and root or sudo can; prints the BLAS torch uses and its 1024³ GFLOP/s, and
## refuses to print ratios against the reference BLAS.
bench:
	./tools/bench/deps.sh
	$(GO) run ./tools/bench -py $(PY)

## bench-torch: the PyTorch side of `make bench` alone, as JSON.
bench-torch:
	$(PY) tools/bench/torch_bench.py --threads 1,2

## test-xvfb: the ebiten backend under Xvfb, compared pixel-wise with the raster backend.
test-xvfb:
	@command -v xvfb-run >/dev/null || { echo "test-xvfb: xvfb-run is missing: make deps"; exit 1; }
	xvfb-run -a -s '-screen 0 1280x800x24' $(GO) test -tags xvfb ./viz/ebitenview/

## desktop: the visualizer in a native window (installs the X11/GL headers cgo needs if missing).
## Pass arguments with ARGS, e.g. make desktop ARGS='-problem 007 -set iou_threshold=0.3'.
desktop:
	@for p in gcc pkg-config libx11-dev libxext-dev libgl1-mesa-dev libxcursor-dev libxi-dev libxinerama-dev libxrandr-dev libxxf86vm-dev; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing=1; done; \
	  if [ -n "$$missing" ]; then ./tools/ci/deps.sh; fi
	$(GO) run ./cmd/desktop $(ARGS)

## crosscheck: regenerate the independent cross-check cases (tools/crosscheck).
# The float64 references go through OpenBLAS, whose GEMM kernels round differently per CPU
# family: the committed files come from its Haswell (AVX2) kernels, which an AVX-512
# machine only uses when told to. Without AVX2 the last digits may differ.
CROSSCHECK_ENV ?= CROSSCHECK_OUT=$(CURDIR)/testdata/conformance/crosscheck $(if $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo y),OPENBLAS_CORETYPE=Haswell)
crosscheck:
	@$(PY) -c 'import torch, torchvision' 2>/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision)
	$(CROSSCHECK_ENV) $(PY) tools/crosscheck/gen_audit.py
	$(CROSSCHECK_ENV) $(PY) tools/crosscheck/gen_fuzz.py
	rm -rf testdata/conformance/crosscheck/ambiguous

## test-viz-wasm: the viz packages but the ebiten backend (scene contract,
## shell, layout lint, typesetter, raster backend, plots) compiled to
## WebAssembly and run under Node (the light plot renderer only exists there).
test-viz-wasm:
	PATH="$$PATH:$(WASMEXEC)" GOOS=js GOARCH=wasm $(GO) test ./viz/scene/ ./viz/shell/ ./viz/lint/ ./viz/tex/ ./viz/plot/ ./viz/raster/...

## help: this list, from the "## target:" comments of the Makefile.
help:
	@awk 'function show() { if (t != "") { n = split(d, w, " "); line = sprintf("  %-14s", t); \
	    for (i = 1; i <= n; i++) { if (length(line) + length(w[i]) > 78) { print line; line = sprintf("  %-14s", "") } line = line " " w[i] } \
	    print line; t = "" } } \
	  /^## [a-z0-9-]+:/ { show(); t = substr($$2, 1, length($$2) - 1); d = substr($$0, length($$2) + 5); next } \
	  /^## / && t != "" { d = d " " substr($$0, 4); next } \
	  { show() } END { show() }' $(firstword $(MAKEFILE_LIST))
