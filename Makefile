# Lodestone — see README.md. Everything runs through `go`; nothing else is needed.
GO ?= go
SRC ?= .
OUT ?= public

# The lodestone command, built into bin/ (git-ignored) and run from there, so
# that its exit code and Ctrl-C reach you unchanged. `go build` leaves an
# up-to-date binary alone. The version is stamped from git describe (when git
# can tell), not from the toolchain's VCS data: that fails the build in a
# clone git does not trust ("dubious ownership").
BIN := bin/lodestone
GIT_VERSION := $(shell git describe --tags --always --dirty --abbrev=12 2>/dev/null)
VERSION ?= $(if $(GIT_VERSION),$(if $(filter v%,$(GIT_VERSION)),$(GIT_VERSION),devel-$(GIT_VERSION)),devel)

.PHONY: build serve check bundle lodestone test bench pgo fuzz fmt clean

## build: build the site in $(SRC) (default: this repo's content/) into $(OUT)/
build: lodestone
	$(BIN) build --src $(SRC) --out $(OUT) $(ARGS)

## serve: live preview of $(SRC) on http://127.0.0.1:8080 (rebuilds and reloads on save)
serve: lodestone
	$(BIN) serve --src $(SRC) $(ARGS)

## check: everything build does but write; reports the site's problems
check: lodestone
	$(BIN) check --src $(SRC) $(ARGS)

## bundle: offline bundles of $(SRC) in dist/: a zip, and one self-contained HTML file
bundle: lodestone
	$(BIN) bundle --src $(SRC) $(ARGS)
	$(BIN) bundle --src $(SRC) --single $(ARGS)

## lodestone: build the lodestone command into bin/lodestone
lodestone:
	@$(GO) build -buildvcs=false -ldflags "-X github.com/lodestone-ssg/lodestone/generator/cli.stamp=$(VERSION)" -o $(BIN) ./generator/cmd/lodestone

## test: vet, then every test (browser tests skip when Chromium is missing)
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

## bench: Go benchmarks, then whole builds of a flat vault-like corpus and a sectioned one at 1,000 and 10,000 notes: Lodestone, the goldmark floor and Hugo (if on PATH), with ratios
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./generator/build/
	$(GO) run ./generator/internal/benchrun

## pgo: make generator/cmd/lodestone/default.pgo again, the CPU profile go build optimises the command with (builds of generated corpora and of content/)
pgo:
	$(GO) run ./generator/internal/benchrun -profile generator/cmd/lodestone/default.pgo

fmt:
	gofmt -w generator theme.go

clean:
	rm -rf public dist bin

## fuzz: run every fuzz target for FUZZTIME each (default 10s; e.g. make fuzz FUZZTIME=10m)
FUZZTIME ?= 10s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./generator/brief
	$(GO) test -run '^$$' -fuzz '^FuzzMake$$' -fuzztime $(FUZZTIME) ./generator/slug
	$(GO) test -run '^$$' -fuzz '^FuzzStarSuffix$$' -fuzztime $(FUZZTIME) ./generator/source
	$(GO) test -run '^$$' -fuzz '^FuzzAutoLinks$$' -fuzztime $(FUZZTIME) ./generator/markdown
	$(GO) test -run '^$$' -fuzz '^FuzzNumberCell$$' -fuzztime $(FUZZTIME) ./generator/markdown
	$(GO) test -run '^$$' -fuzz '^FuzzHref$$' -fuzztime $(FUZZTIME) ./generator/markdown
	$(GO) test -run '^$$' -fuzz '^FuzzSqueezed$$' -fuzztime $(FUZZTIME) ./generator/graph
	$(GO) test -run '^$$' -fuzz '^FuzzTokens$$' -fuzztime $(FUZZTIME) ./generator/search
	$(GO) test -run '^$$' -fuzz '^FuzzAttrValues$$' -fuzztime $(FUZZTIME) ./generator/render
	$(GO) test -run '^$$' -fuzz '^FuzzEscapers$$' -fuzztime $(FUZZTIME) ./generator/render
	$(GO) test -run '^$$' -fuzz '^FuzzFeaturesOfString$$' -fuzztime $(FUZZTIME) ./generator/render
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./generator/query
	$(GO) test -run '^$$' -fuzz '^FuzzJoinInside$$' -fuzztime $(FUZZTIME) ./generator/site
	$(GO) test -run '^$$' -fuzz '^FuzzRel$$' -fuzztime $(FUZZTIME) ./generator/site
	$(GO) test -run '^$$' -fuzz '^FuzzRelSame$$' -fuzztime $(FUZZTIME) ./generator/site
	$(GO) test -run '^$$' -fuzz '^FuzzBibTeX$$' -fuzztime $(FUZZTIME) ./generator/bib
	$(GO) test -run '^$$' -fuzz '^FuzzCSLJSON$$' -fuzztime $(FUZZTIME) ./generator/bib
