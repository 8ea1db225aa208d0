# Two commands: `make` builds every edition, `make test` runs the whole suite.
# Both do their own set-up: npm dependencies, a browser, and (for tests) the
# PDF inspection tools.
SHELL := /bin/bash
.DEFAULT_GOAL := all
TS_SOURCES := $(shell find src -name '*.ts' 2>/dev/null) tsconfig.json tsconfig.build.json package.json

.PHONY: all build check test test-fast lint format coverage docs clean setup browser test-tools bench \
	preview bench-preview release regenerate previous-manifest keepalive

all: build

# Install npm dependencies when the lock file is newer than node_modules.
node_modules/.install-stamp: package-lock.json package.json .puppeteerrc.cjs
	npm ci --no-audit --no-fund
	@touch $@

# Compile the TypeScript sources, then bundle them into dist/bundle/ (what `brief` runs: it starts faster).
dist/.stamp: node_modules/.install-stamp $(TS_SOURCES) scripts/bundle.mjs
	rm -rf dist
	npx tsc -p tsconfig.build.json
	node scripts/bundle.mjs
	@touch $@

# Make sure a Chromium exists (see scripts/setup-browser.sh for the order of places).
browser: node_modules/.install-stamp
	@bash scripts/setup-browser.sh

setup: node_modules/.install-stamp dist/.stamp browser

build: setup
	node bin/brief.js build

# Every edition in the browser at http://127.0.0.1:4173/, updated on save; Ctrl-C stops.
preview: setup
	node bin/brief.js preview

# Lints everything; renders PDFs (without writing them) only for the page-budget rule.
check: setup
	node bin/brief.js check

# Poppler, qpdf and Java (for the W3C Nu HTML checker), used by the end-to-end tests.
test-tools:
	@bash scripts/setup-test-tools.sh

# Types, lint and format, then every test: the fast ones, then those that drive Chromium.
test: setup test-tools lint
	NO_COLOR=1 npx vitest run --project fast
	NO_COLOR=1 npx vitest run --project browser

# Everything that needs no browser, in seconds.
test-fast: node_modules/.install-stamp dist/.stamp
	npx tsc -p tsconfig.json --noEmit
	NO_COLOR=1 npx vitest run --project fast

# Type-check, ESLint (type-checked rules) and Prettier; `make format` rewrites.
lint: node_modules/.install-stamp
	npx tsc -p tsconfig.json --noEmit
	npx eslint --max-warnings 0 .
	npx prettier --check --log-level warn .

format: node_modules/.install-stamp
	npx prettier --write --log-level warn .

# Line coverage of src/ by the fast tests (report in coverage/).
coverage: node_modules/.install-stamp dist/.stamp
	NO_COLOR=1 npx vitest run --project fast --coverage

# Regenerate the README's rules table from src/diagnostics/rules.ts.
docs: dist/.stamp
	node scripts/docs.mjs

bench: setup
	node scripts/bench.mjs

# --- Scheduled regeneration (README "Scheduled regeneration"; .github/workflows/editions.yml) ---
# PROJECT: the project folder; FROM: built output folders; RELEASE_DIR: the release to write;
# PREVIOUS: the previous release (folder or manifest.json; missing = first release); FORCE=1 releases anyway.
BRIEF := node $(CURDIR)/bin/brief.js
PROJECT ?= .
FROM ?= output
RELEASE_DIR ?= release
PREVIOUS ?= $(RELEASE_DIR)
FORCE ?=

# Collect built editions into a release folder when an input changed (prints changed=, released=, tag=).
release: dist/.stamp
	cd $(PROJECT) && $(BRIEF) release --out $(RELEASE_DIR) $(foreach d,$(FROM),--from $(d)) --previous $(PREVIOUS) $(if $(FORCE),--force)

# What a scheduled run does, on one machine: build every edition, then release if anything changed.
regenerate: setup
	cd $(PROJECT) && $(BRIEF) build
	$(MAKE) --no-print-directory release

# The latest GitHub release's manifest.json into previous/ (none yet: a first release). Needs gh and GH_TOKEN.
previous-manifest:
	@mkdir -p previous
	@gh release download --pattern manifest.json --dir previous --clobber 2>/dev/null \
		&& echo "previous release: previous/manifest.json" \
		|| echo "no previous release found: this will be the first"

# GitHub turns scheduled workflows off after 60 days without repository activity; re-enabling
# the workflow from its own scheduled run keeps it on. Needs gh, GH_TOKEN and actions: write.
keepalive:
	gh api --method PUT "repos/$${GITHUB_REPOSITORY}/actions/workflows/editions.yml/enable"

# From saving a section to `brief preview` serving the updated HTML (target: 300 ms).
bench-preview: setup
	node scripts/bench-preview.mjs

clean:
	rm -rf output dist coverage .cache
