# iisemu: the two commands a fresh machine needs are `make conformance`
# (the suite on the in-memory model and on loopback sockets, with a
# summary) and `make test` (every test). Only Go is required.

GO ?= go
PKGS := ./...

.PHONY: test conformance bench vet build catalog generate soak loadtest httpapi-host mutate

build:
	$(GO) build -o bin/iisemu ./cmd/iisemu

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

# The suite runs once more in Ginkgo's parallel mode: its suite-level
# checks must pass, and say why they fail, across processes too.
test: vet
	$(GO) test -count=1 -timeout 5m $(PKGS)
	$(GO) tool ginkgo --procs=2 --no-color --succinct ./conformance

# On a cold build cache the first run compiles the standard library's
# net/http, crypto/tls and go/types and Ginkgo and Gomega with their
# dependencies before the suite's few seconds: say so before it starts.
conformance:
	@n=$$($(GO) build -n -o /dev/null ./cmd/iisemu 2>&1 | grep -c '/compile '); \
	test "$$n" -lt 50 || echo "make conformance: compiling $$n packages first (a cold build cache); that takes about a minute on 2 cores, longer on a busy machine; later runs start in seconds"
	$(GO) run ./cmd/iisemu conformance

# The native HTTP Server API host of the scripted-module protocol, for Wine
# or Windows (README: "Running the suite against Windows' HTTP.sys").
HTTPAPI_CC ?= x86_64-w64-mingw32-gcc
HTTPAPI_SRC := $(addprefix fixtures/hosts/httpapi/src/,main.c scenario.c json.c pipeline.c calls.c trace.c guard.c)
httpapi-host: bin/httpapi-host.exe
bin/httpapi-host.exe: $(HTTPAPI_SRC) fixtures/hosts/httpapi/src/host.h
	@mkdir -p bin
	$(HTTPAPI_CC) -std=c11 -Wall -Wextra -Werror -O2 -o $@ $(HTTPAPI_SRC) -lhttpapi -lws2_32

# In-process benchmarks: httpsys's parser, the model round trip, the
# sockets benchmarks, serve's own wiring (trace store, log store,
# connection observer, sample site) beside net/http on the same keep-alive
# GETs, and the heap serve retains per request of one connection. Six
# rounds, each running every benchmark once, so that each benchmark and its
# peer alternate (-count 6 would run each six times in a row); compare the
# medians, and the ratios round by round.
BENCH_PKGS := ./httpsys/ ./iis/ ./cmd/iisemu/ ./fixtures/protocol/
bench:
	@rm -f bench.out
	@for round in 1 2 3 4 5 6; do \
		echo "# round $$round of 6" | tee -a bench.out; \
		$(GO) test -run '^$$' -bench . -benchmem -count 1 $(BENCH_PKGS) 2>&1 | tee -a bench.out || exit 1; \
	done

# Rewrite the generated files: the module handler table (iis), the scripted
# module's notification methods, PROTOCOL.md's method tables and the
# schema's method list (fixtures), and the README's table of HTTP.sys
# parameters. Tests fail while any is stale.
generate:
	$(GO) generate ./iis ./fixtures
	$(GO) test ./fixtures/config -run '^TestREADMETable$$' -update

# Regenerate the checked-in behaviour catalogue after changing specs or
# behaviours; the suite fails while it is stale.
catalog:
	$(GO) run ./cmd/iisemu catalog > conformance/catalogue.yaml
	$(GO) run ./cmd/iisemu catalog --scenarios fixtures/scenarios

# Soak iisemu serve, built from the tree, under mixed load on loopback and
# judge its memory, goroutines, descriptors, answers and logs (see README,
# Soak). Not part of make test; SOAK_DURATION=1m make soak for a short run.
SOAK_DURATION ?= 5m
soak: build
	$(GO) run ./internal/soak/cmd/soak --iisemu bin/iisemu --duration $(SOAK_DURATION)

# Load serve, a net/http peer and a fasthttp peer (internal/loadtest) in
# turn with wrk on loopback, and print server CPU per request and rps as
# medians of alternating rounds, with their ratios to net/http. Needs wrk
# (Debian: apt-get install wrk). Not part of make test; it takes about 8
# minutes (LOADTEST_FLAGS='--rounds 5 --duration 2s --idle 0' for less).
LOADTEST_FLAGS ?=
loadtest:
	@command -v wrk >/dev/null 2>&1 || { echo "make loadtest: wrk is not installed (on Debian: apt-get install wrk)"; exit 1; }
	$(GO) run ./internal/loadtest/cmd/loadtest $(LOADTEST_FLAGS)

# Mutation testing of httpsys and iis with `iisemu conformance` alone as the
# test (see README, Exploring beyond the specs): an evenly spread sample of
# the mutants, one at a time under nice -n 19, through go build -overlay.
# Not part of make test; MUTATE_SAMPLE=0 runs every mutant (hours).
MUTATE_SAMPLE ?= 200
mutate:
	$(GO) run ./internal/mutate/cmd/mutate --sample $(MUTATE_SAMPLE)
