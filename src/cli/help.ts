import { defaultJobs } from "../pipeline/options.js";
import { DEFAULT_PORT } from "../preview/defaults.js";
import { DEFAULT_TIMEOUT_MS } from "../stages/6-render/index.js";
import { OPS_STEPS } from "./ops.js";

/** One line per `brief ops` step: its name and arguments, then what it does. */
const opsLines = (): string =>
  Object.entries(OPS_STEPS)
    .map(([name, s]) => `  ${name} ${s.args}\n      ${s.what}`)
    .join("\n");

/**
 * The text `brief --help` prints, kept beside the commands it describes.
 * `cores` is what the --jobs default says it is on this machine; the CLI
 * reference in docs/cli.md is generated from the same text (`make docs`).
 */
export const helpText = (cores: string): string => `Usage: brief <command> [options]

Commands:
  init [DIR]       Start a team's project in DIR (default: here): package.json, content/,
                   templates/audiences/, the workflow, .gitignore, README.md; never overwrites
  setup            Find or install the browser the build prints with
  new ID           Start a brief: a complete, commented content/ID/ that builds at once
  new --audience NAME  Add an audience: templates/audiences/NAME.yaml
  build            Build PDF and HTML editions into output/
  check            Validate content and templates, and run the editorial rules
  release          Collect built editions into a release folder (manifest, checksums, changes)
  distribute       Write a release's site, feed and bundles; with --send, deliver
                   each edition to its recipients (content/<brief>/distribution.yaml)
  preview          Serve every edition on http://127.0.0.1:${DEFAULT_PORT}/ and update it on save
  override FILE    Make an editable copy of a package template (FILE relative to templates/),
                   recorded in templates/.overrides.json so check warns when an upgrade changes it
  ops STEP [ARGS]  A step of the scheduled workflow (see "Steps for ops" below)
  explain RULE-ID  Explain a diagnostic rule (without an id: list them all)
  clean            Remove the build cache (.cache/brief)
  help             Show this help

Options for new:
  --audiences A,B     The new brief's audiences (default: every audience defined)
  --title TEXT        Its title (default: a placeholder)
  --date YYYY-MM-DD   Its edition, information and access dates (default: today)
  --audience NAME     Add an audience instead of a brief: templates/audiences/NAME.yaml

Options for build:
  --brief ID          Build only this brief (repeatable)
  --audience NAME     Build only this audience (repeatable)
  --format pdf|html   Produce only this format (repeatable; default both)
  --timeout MS        Per-edition render time limit (default ${DEFAULT_TIMEOUT_MS})
  --jobs N            Editions rendered at once (default: the number of cores, here ${cores})
  --no-cache          Rebuild every edition, ignoring the build cache (.cache/brief)
  --quiet, -q         Print only problems (no progress, no list of files)
  --strict            Treat warnings as errors
  --shard K/N         Build only shard K of N: a balanced share of the editions (CI matrices)
  --out DIR           Write into DIR instead of output/

Options for check:
  --brief ID, --audience NAME, --timeout MS, --jobs N, --no-cache, --strict as above
  --format text|json|github  Findings as text, JSON, or GitHub annotations (default text)
  --no-render         Skip the page-budget rule, which renders PDFs (nothing is written)

Options for release:
  --out DIR           The release folder to write; required
  --from DIR          An output folder with built editions (repeatable; default output/)
  --previous PATH     The previous release (folder or manifest.json; checked against its
                      SHA256SUMS); a path that does not exist: a first release
  --force             Write the release even when no input changed
  --brief ID          Release only this brief (repeatable)
  --allow-specimen    Release a draft or specimen brief too (it then says "specimen" everywhere)

Options for distribute:
  --release DIR       The release folder (brief release --out DIR); required
  --send              Deliver (without it: a dry run that prints the plan)
  --only NAME         Only this recipient, group or address (repeatable)
  --resend            Send again what the ledger records as delivered, refused or unknown
  --notify            Also mail recipients whose copy reads the same (a layout-only release)
  --no-site           Do not write the site, feed and bundles (already published)
  --published-at URL  Where the site is published; every base_url must be this
  --mark-delivered    Record what is due (or unknown) as delivered, sending nothing
  --ledger FILE       The delivery ledger (default $BRIEF_LEDGER, else
                      .cache/brief/deliveries.jsonl)
  --checkpoint-every N  With --send: push the ledger (scripts/ops/ledger.mjs push,
                      to LEDGER_BRANCH, default brief-ledger) every N messages and at
                      the end, one message at a time: a lost runner re-sends at most N
  --format text|json  Output format (default text)

Options for preview:
  --port N            Port on 127.0.0.1 (default ${DEFAULT_PORT}; a free one if taken; 0: any free port)
  --brief ID, --audience NAME, --timeout MS as above
  --open              Open the index in the system browser

Steps for ops (each runs the package's scripts/ops/STEP.mjs; docs/scheduled-regeneration.md):
${opsLines()}

Exit codes:
  0  success
  1  content errors (each printed as path:line:col: severity message rule-id),
     or output/ could not be written or locked
  2  wrong usage
  3  the renderer failed (no browser, crash, time-out); setup found no browser
  4  a delivery failed (distribute --send: refused, or kept failing after retries),
     or the SMTP session failed before any recipient (login, sender, TLS)
  5  distribute --send: a recipient is still refused or its outcome unknown
     (clear with --resend, --mark-delivered or suppress:)

Environment:
  PUPPETEER_EXECUTABLE_PATH  Chrome/Chromium to use
  SOURCE_DATE_EPOCH          Fixed date for reproducible PDFs
  BRIEF_SMTP_URL             smtp:// (upgraded with STARTTLS) or smtps://
                             [user:password@]host[:port], for --send
  BRIEF_SMTP_ALLOW_CLEARTEXT 1: allow smtp:// without STARTTLS (local test servers only)
  BRIEF_LEDGER               The delivery ledger file (distribute)
  GITHUB_ACTIONS, GITHUB_OUTPUT  In GitHub Actions: problems are also printed as
                             annotations; release appends changed=, reader_changed=,
                             released=, tag=
  GITHUB_STEP_SUMMARY        distribute appends its table to the run's summary page
`;

/** `brief --help` on this machine. */
export const HELP = helpText(String(defaultJobs()));
