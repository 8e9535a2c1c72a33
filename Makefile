# dlprep: see README.md. `make serve` runs the visualizer, `make test` runs every test.
GO      ?= go
PORT    ?= 8080
PY      ?= /usr/bin/python3
WASMEXEC = $(shell $(GO) env GOROOT)/lib/wasm

.PHONY: test test-go test-wasm deps golden vet

## test: every test — vet, gofmt, unit/conformance/scene tests, the core under
## Node (GOOS=js), the ebiten backend under Xvfb and the browser end-to-end suite.
test: deps vet test-go test-wasm

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
