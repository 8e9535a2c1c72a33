# dlprep: see README.md. `make serve` runs the visualizer, `make test` runs every test.
GO      ?= go
PORT    ?= 8080
PY      ?= /usr/bin/python3
WASMEXEC = $(shell $(GO) env GOROOT)/lib/wasm

.PHONY: test test-go test-wasm deps golden vet

## test: every test — gofmt and vet; unit, conformance (PyTorch golden and
## cross-check cases), fuzz-seed and scene tests; the core, shell, raster and
## plots under Node (GOOS=js); the ebiten backend under Xvfb; and the browser
## end-to-end suite in headless Chromium.
test: deps vet test-go test-wasm test-viz-wasm test-xvfb test-e2e

deps:
	./tools/ci/deps.sh

vet:
	@out=$$(gofmt -l . ); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test-go:
	$(GO) test ./...

## test-wasm: the core compiled to WebAssembly and run under Node.
test-wasm:
	PATH="$$PATH:$(WASMEXEC)" GOOS=js GOARCH=wasm $(GO) test ./core/...

## golden: regenerate testdata/conformance from real PyTorch (Debian python3-torch).
golden:
	@$(PY) -c 'import torch, torchvision' 2>/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision)
	$(PY) tools/golden/gen.py

# ---- browser build (H7) -------------------------------------------------
SITE   ?= site
HOST   ?= 127.0.0.1
BROTLI ?= 11

.PHONY: wasm serve test-e2e

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
## machine only; HOST=0.0.0.0 shares it on the network).
serve: wasm
	$(GO) run ./cmd/serve -dir $(SITE) -host $(HOST) -port $(PORT)

## test-e2e: the site in a real headless Chromium (apt-get install chromium;
## `make deps` does). Fails, rather than skips, without Chromium. -v prints
## the sizes, the first-frame time and the per-frame work it measured.
test-e2e:
	DLPREP_E2E=1 $(GO) test -count=1 -timeout 10m -v ./e2e/

## bench: speed table — every BenchmarkOp_<op> in ./core/... next to the same
## op in PyTorch (OpenBLAS) at 1 and 2 threads, plus the matrix product under
## WebAssembly against gonum. Slow (minutes); not part of `make test`.
## Installs libopenblas0-pthread first when root or sudo can; prints the BLAS
## torch uses and its 1024³ GFLOP/s, and refuses to print ratios against the
## reference BLAS.
bench:
	./tools/bench/openblas.sh
	$(GO) run ./tools/bench -py $(PY)

## bench-torch: the PyTorch side of `make bench` alone, as JSON.
bench-torch:
	$(PY) tools/bench/torch_bench.py --threads 1,2

.PHONY: bench bench-torch

.PHONY: test-xvfb desktop

## test-xvfb: the ebiten backend under Xvfb, compared pixel-wise with the raster backend.
test-xvfb:
	@command -v xvfb-run >/dev/null || ./tools/ci/deps.sh
	xvfb-run -a -s '-screen 0 1280x800x24' $(GO) test -tags xvfb ./viz/ebitenview/

## desktop: the visualizer in a native window (installs the X11/GL headers cgo needs if missing).
## Pass arguments with ARGS, e.g. make desktop ARGS='-scene nms -set iou_threshold=0.3'.
desktop:
	@for p in gcc pkg-config libx11-dev libxext-dev libgl1-mesa-dev libxcursor-dev libxi-dev libxinerama-dev libxrandr-dev libxxf86vm-dev; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing=1; done; \
	  if [ -n "$$missing" ]; then ./tools/ci/deps.sh; fi
	$(GO) run ./cmd/desktop $(ARGS)

## crosscheck: regenerate the independent cross-check cases (tools/crosscheck).
crosscheck:
	@$(PY) -c 'import torch, torchvision' 2>/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision)
	CROSSCHECK_OUT=$(CURDIR)/testdata/conformance/crosscheck $(PY) tools/crosscheck/gen_audit.py
	CROSSCHECK_OUT=$(CURDIR)/testdata/conformance/crosscheck $(PY) tools/crosscheck/gen_fuzz.py
	rm -rf testdata/conformance/crosscheck/ambiguous
.PHONY: crosscheck

## test-viz-wasm: the shell, raster backend and plots compiled to WebAssembly and
## run under Node (the light plot renderer only exists there).
test-viz-wasm:
	PATH="$$PATH:$(WASMEXEC)" GOOS=js GOARCH=wasm $(GO) test ./viz/plot/ ./viz/raster/... ./viz/shell/

.PHONY: test-viz-wasm
