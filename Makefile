# Lodestone — see README.md. Everything runs through `go`; nothing else is needed.
GO ?= go
SRC ?= .
OUT ?= public

.PHONY: build serve bundle test bench fuzz fmt clean

## build: build the site in $(SRC) (default: this repo's content/) into $(OUT)/
build:
	$(GO) run ./generator build --src $(SRC) --out $(OUT) $(ARGS)

## serve: live preview of $(SRC) on http://127.0.0.1:8080 (rebuilds and reloads on save)
serve:
	$(GO) run ./generator serve --src $(SRC) $(ARGS)

## bundle: offline bundles of $(SRC) in dist/: a zip, and one self-contained HTML file
bundle:
	$(GO) run ./generator bundle --src $(SRC) $(ARGS)
	$(GO) run ./generator bundle --src $(SRC) --single $(ARGS)

## test: vet, then every test (browser tests skip when Chromium is missing)
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

## bench: Go benchmarks, then whole builds of a flat vault-like corpus and a sectioned one at 1,000 and 10,000 notes: Lodestone, the goldmark floor and Hugo (if on PATH), with ratios
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./generator/build/
	$(GO) run ./generator/internal/benchrun

fmt:
	gofmt -w generator theme.go

clean:
	rm -rf public dist

## fuzz: run every fuzz target for FUZZTIME each (default 10s; e.g. make fuzz FUZZTIME=10m)
FUZZTIME ?= 10s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./generator/brief
	$(GO) test -run '^$$' -fuzz '^FuzzMake$$' -fuzztime $(FUZZTIME) ./generator/slug
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./generator/query
	$(GO) test -run '^$$' -fuzz '^FuzzJoinInside$$' -fuzztime $(FUZZTIME) ./generator/site
	$(GO) test -run '^$$' -fuzz '^FuzzRel$$' -fuzztime $(FUZZTIME) ./generator/site
