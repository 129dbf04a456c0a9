# iisemu: the two commands a fresh machine needs are `make conformance`
# (the suite on the in-memory model and on loopback sockets, with a
# summary) and `make test` (every test). Only Go is required.

GO ?= go
PKGS := ./...

.PHONY: test conformance bench vet build catalog generate soak mutate

build:
	$(GO) build -o bin/iisemu ./cmd/iisemu

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

test: vet
	$(GO) test -count=1 -timeout 5m $(PKGS)

conformance:
	$(GO) run ./cmd/iisemu conformance

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./httpsys/ ./iis/ 2>&1 | tee bench.out

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

# Mutation testing of httpsys and iis with `iisemu conformance` alone as the
# test (see README, Exploring beyond the specs): an evenly spread sample of
# the mutants, one at a time under nice -n 19, through go build -overlay.
# Not part of make test; MUTATE_SAMPLE=0 runs every mutant (hours).
MUTATE_SAMPLE ?= 200
mutate:
	$(GO) run ./internal/mutate/cmd/mutate --sample $(MUTATE_SAMPLE)
