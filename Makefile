# Two commands: `make` builds every edition, `make test` runs the whole suite.
# Both do their own set-up: npm dependencies, a browser, and (for tests) the
# PDF inspection tools.
SHELL := /bin/bash
# Recipes never read the user's ~/.bashrc. bash reads it even for `bash -c` when stdin is a socket
# and SHLVL is unset or 0 (it takes itself to be started by rshd): make run from a program with piped
# stdio (a test, a CI harness) then ran, on a machine whose ~/.bashrc starts pyenv, about 1 s of CPU
# per recipe line and per $(shell), and a PATH the terminal never had (docs/testing.md, round 5).
.SHELLFLAGS := --norc -c
.DEFAULT_GOAL := all
TS_SOURCES := $(shell find src -name '*.ts' 2>/dev/null) tsconfig.json tsconfig.build.json package.json

.PHONY: all build check test test-fast lint format coverage docs clean setup browser test-tools bench \
	preview bench-preview release regenerate previous-release previous-manifest latest-release site \
	publish-draft publish-release pages-commit ledger-pull ledger-push distribute failure-issue keepalive simulate-year \
	runtime plan ledger-copy approval-watchdog head-check production-deps

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

# The real briefs in content/ (the test suite never reads them): every edition prepared, printed
# through the build's own path into a temporary folder (nothing is written to output/), and every
# rule run. CI runs it after make test (.ci/run).
check: setup
	node bin/brief.js check

# Poppler, qpdf and Java (for the W3C Nu HTML checker), used by the end-to-end tests.
test-tools:
	@bash scripts/setup-test-tools.sh

# Types, lint and format, then every test: those that need no browser (fast and slow), then those that
# drive Chromium. TEST_SHARD=i/n (environment) runs only the i-th of n parts of each (vitest --shard),
# so a CI matrix of n jobs running `make test` covers the whole suite between them (docs/testing.md).
test: setup test-tools lint
	NO_COLOR=1 npx vitest run --project fast --project slow --passWithNoTests $${TEST_SHARD:+--shard "$$TEST_SHARD"}
	NO_COLOR=1 npx vitest run --project browser --passWithNoTests $${TEST_SHARD:+--shard "$$TEST_SHARD"}

# The inner loop, under a minute: the tests that need no browser and start (almost) no process.
# No type-check (`make lint` has it; vitest runs the TypeScript as it is).
test-fast: node_modules/.install-stamp dist/.stamp
	NO_COLOR=1 npx vitest run --project fast

# Type-check, ESLint (type-checked rules) and Prettier; `make format` rewrites.
lint: node_modules/.install-stamp
	npx tsc -p tsconfig.json --noEmit
	npx eslint --max-warnings 0 .
	npx prettier --check --log-level warn .

format: node_modules/.install-stamp
	npx prettier --write --log-level warn .

# Line coverage of src/ by the tests that need no browser (report in coverage/).
coverage: node_modules/.install-stamp dist/.stamp
	NO_COLOR=1 npx vitest run --project fast --project slow --coverage

# Regenerate the README's rules table from src/diagnostics/rules.ts.
docs: dist/.stamp
	node scripts/docs.mjs

# Every ratio as alternating pairs (warm-up, then BENCH_PAIRS ≥ 5): median of per-pair ratios, min and max,
# the load average before and after; a ratio whose pairs spread over 1.25× is refused (docs/benchmark.md).
# BENCH_ONLY=cold,startup (environment) runs only those sections.
bench: setup
	node scripts/bench.mjs

# --- Operations (docs/scheduled-regeneration.md; .github/workflows/editions.yml) ---
# Every target the workflow calls runs here too, on one machine, against `gh` and `git`
# (the simulation in test/e2e/simulate-year.test.ts drives them through a year of runs).
# PROJECT: the project folder (a git checkout for the ledger and pages targets); FROM: built
# output folders; RELEASE_DIR: the release folder; PREVIOUS: the previous release's folder
# (a path that does not exist = a first release); FORCE=1 releases anyway; ALLOW_SPECIMEN=1
# releases a draft or specimen brief (it then says "specimen" everywhere). Values that come
# from people (ONLY_BRIEF, NOTIFY, PAGES_URL, TARGET_SHA) are read from the environment by
# the shell, quoted, never pasted into the command text.
BRIEF := node $(CURDIR)/bin/brief.js
OPS := node $(CURDIR)/scripts/ops
PROJECT ?= .
FROM ?= output
RELEASE_DIR ?= release
PREVIOUS ?= $(RELEASE_DIR)
FORCE ?=
ALLOW_SPECIMEN ?=
TAG_PREFIX ?= editions-
ATTESTATIONS ?= required
LEDGER ?= ledger/deliveries.jsonl

# Collect built editions into a release folder when an input changed (prints changed=, reader_changed=,
# released=, tag=). ONLY_BRIEF (environment): release only that brief.
release: dist/.stamp
	cd $(PROJECT) && $(BRIEF) release --out $(RELEASE_DIR) $(foreach d,$(FROM),--from $(d)) --previous $(PREVIOUS) \
		$(if $(FORCE),--force) $(if $(filter 1,$(ALLOW_SPECIMEN)),--allow-specimen) $${ONLY_BRIEF:+--brief "$$ONLY_BRIEF"}

# What a scheduled run does, on one machine: build every edition, then release if anything changed.
# Like the workflow, it releases a specimen brief (content/deepseek is one) as a specimen; pass
# ALLOW_SPECIMEN=0 to refuse it instead.
regenerate: setup
	cd $(PROJECT) && $(BRIEF) build
	$(MAKE) --no-print-directory release ALLOW_SPECIMEN=$(or $(ALLOW_SPECIMEN),1)

# The latest published GitHub release (tag prefix TAG_PREFIX) into previous/, every file checked against its
# SHA256SUMS and its manifest against its attestation (ATTESTATIONS=off where there are none). No release
# yet: previous/ is removed (a first release). Any other failure stops. Needs gh and GH_TOKEN.
previous-release:
	cd $(PROJECT) && $(OPS)/previous-release.mjs --dir previous --prefix $(TAG_PREFIX) --attestations $(ATTESTATIONS)

# The old name of previous-release.
previous-manifest: previous-release

# Whether RUN_SHA (environment: github.sha) is still the default branch's head: a re-run of an old run
# must not release old content (step output current=true|false; scripts/ops/head.mjs).
head-check:
	cd $(PROJECT) && $(OPS)/head.mjs --sha "$$RUN_SHA"

# The mailing job's install: production dependencies only, and no install scripts (dist/ comes built).
production-deps:
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# When nothing changed: the latest release (previous/) becomes RELEASE_DIR, its assets unpacked from the HTML zip.
latest-release:
	cd $(PROJECT) && test -f previous/manifest.json && rm -rf $(RELEASE_DIR) && cp -R previous $(RELEASE_DIR) \
		&& unzip -q -o $(RELEASE_DIR)/editions-html.zip -d $(RELEASE_DIR)

# The release's site, feed and bundles (a dry run of distribute: it also prints who would get what).
site: dist/.stamp
	cd $(PROJECT) && $(BRIEF) distribute --release $(RELEASE_DIR)

# What is due against LEDGER, without sending: due= and unreached= go to GITHUB_OUTPUT (the mailing job
# and its approval run only when something is due). NOTIFY=1 (environment) as for distribute.
plan: dist/.stamp
	cd $(PROJECT) && $(BRIEF) distribute --release $(RELEASE_DIR) --no-site --ledger $(LEDGER) $${NOTIFY:+--notify}

# The Node and Chromium versions this machine builds with, as step outputs (node=, chromium=): the
# workflow's build cache key includes them, so a runner update rebuilds once.
runtime: node_modules/.install-stamp
	$(OPS)/runtime.mjs

# Create the GitHub release as a draft, tag at TARGET_SHA (environment), the files SHA256SUMS lists. Needs gh.
publish-draft:
	cd $(PROJECT) && $(OPS)/publish.mjs draft --dir $(RELEASE_DIR) --prefix $(TAG_PREFIX) --target "$$TARGET_SHA"

# Publish the draft (after its attestation). Needs gh.
publish-release:
	cd $(PROJECT) && $(OPS)/publish.mjs publish --dir $(RELEASE_DIR) --prefix $(TAG_PREFIX)

# Add the release's folder to the Pages branch (brief-pages) and point latest/ at it. Needs git push access.
pages-commit:
	cd $(PROJECT) && $(OPS)/pages.mjs commit --dir $(RELEASE_DIR)

# The delivery ledger from its branch (brief-ledger) into LEDGER, and back (merged; a lost race retries).
ledger-pull:
	cd $(PROJECT) && $(OPS)/ledger.mjs pull --file $(LEDGER)
ledger-copy:
	cd $(PROJECT) && $(OPS)/ledger.mjs copy --release "$$RELEASE_TAG"
ledger-push:
	cd $(PROJECT) && $(OPS)/ledger.mjs push --file $(LEDGER) $${RELEASE_TAG:+--release "$$RELEASE_TAG"}

# Send what is due (the site is already published). NOTIFY=1 (environment) mails a layout-only release too;
# PAGES_URL (environment) is where the site is published, checked against every base_url.
# CHECKPOINT_EVERY=N (environment) pushes the ledger every N messages (brief distribute --checkpoint-every).
# PREBUILT=1: dist/ is already built (the mailing job's bundle artifact); nothing is compiled or installed.
distribute: $(if $(filter 1,$(PREBUILT)),,dist/.stamp)
	cd $(PROJECT) && $(BRIEF) distribute --release $(RELEASE_DIR) --send --no-site --ledger $(LEDGER) \
		$${NOTIFY:+--notify} $${PAGES_URL:+--published-at "$$PAGES_URL"} \
		$${CHECKPOINT_EVERY:+--checkpoint-every "$$CHECKPOINT_EVERY"}

# Report runs waiting longer than APPROVAL_LIMIT_HOURS (default 24) for a stakeholders approval on the failure issue.
approval-watchdog:
	cd $(PROJECT) && $(OPS)/approval-watchdog.mjs

# Open, update or close the "Editions workflow is failing" issue from NEEDS (the workflow's needs, as JSON).
failure-issue:
	cd $(PROJECT) && $(OPS)/failure-issue.mjs

# GitHub turns scheduled workflows off after 60 days without repository activity; re-enabling
# the workflow from its own scheduled run keeps it on. Needs gh, GH_TOKEN and actions: write.
keepalive:
	gh api --method PUT "repos/$${GITHUB_REPOSITORY}/actions/workflows/editions.yml/enable"

# A year of scheduled runs on one machine: a throw-away repository, local SMTP and webhook servers,
# the runner wiped between runs (test/e2e/simulate-year.test.ts).
simulate-year: setup test-tools
	NO_COLOR=1 npx vitest run --project browser test/e2e/simulate-year.test.ts

# From saving a section to `brief preview` serving the updated HTML (target: 300 ms).
bench-preview: setup
	node scripts/bench-preview.mjs

clean:
	rm -rf output dist coverage .cache
