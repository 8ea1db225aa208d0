# Two commands: `make` builds every edition, `make test` runs the whole suite.
# Both do their own set-up: npm dependencies, a browser, and (for tests) the
# PDF inspection tools.
SHELL := /bin/bash
.DEFAULT_GOAL := all
TS_SOURCES := $(shell find src -name '*.ts' 2>/dev/null) tsconfig.json tsconfig.build.json package.json

.PHONY: all build check test clean setup browser test-tools bench

all: build

# Install npm dependencies when the lock file is newer than node_modules.
node_modules/.install-stamp: package-lock.json package.json .puppeteerrc.cjs
	npm ci --no-audit --no-fund
	@touch $@

# Compile the TypeScript sources the `brief` command runs.
dist/.stamp: node_modules/.install-stamp $(TS_SOURCES)
	rm -rf dist
	npx tsc -p tsconfig.build.json
	@touch $@

# Make sure a Chromium exists (see scripts/setup-browser.sh for the order of places).
browser: node_modules/.install-stamp
	@bash scripts/setup-browser.sh

setup: node_modules/.install-stamp dist/.stamp browser

build: setup
	node bin/brief.js build

# Lints everything; renders PDFs (without writing them) only for the page-budget rule.
check: setup
	node bin/brief.js check

# Poppler and qpdf, used by the end-to-end tests to read PDFs back.
test-tools:
	@bash scripts/setup-test-tools.sh

test: setup test-tools
	npx tsc -p tsconfig.json --noEmit
	NO_COLOR=1 npx vitest run

bench: setup
	node scripts/bench.mjs

clean:
	rm -rf output dist
