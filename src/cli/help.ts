import { defaultJobs } from "../pipeline/options.js";
import { DEFAULT_TIMEOUT_MS } from "../stages/6-render/index.js";

/** The text `brief --help` prints. Kept beside the commands it describes. */
export const HELP = `Usage: brief <command> [options]

Commands:
  build            Build PDF and HTML editions into output/
  check            Validate content and templates, and run the editorial rules
  explain RULE-ID  Explain a diagnostic rule (without an id: list them all)
  clean            Remove the build cache (.cache/brief)
  help             Show this help

Options for build:
  --brief ID          Build only this brief (repeatable)
  --audience NAME     Build only this audience (repeatable)
  --format pdf|html   Produce only this format (repeatable; default both)
  --timeout MS        Per-edition render time limit (default ${DEFAULT_TIMEOUT_MS})
  --jobs N            Editions rendered at once (default: the number of cores, here ${defaultJobs()})
  --no-cache          Rebuild every edition, ignoring the build cache (.cache/brief)
  --quiet, -q         Print only problems (no progress, no list of files)
  --strict            Treat warnings as errors

Options for check:
  --brief ID, --audience NAME, --timeout MS, --jobs N, --no-cache, --strict as above
  --format text|json  Output format for findings (default text)
  --no-render         Skip the page-budget rule, which renders PDFs (nothing is written)

Exit codes:
  0  success
  1  content errors (each printed as path:line:col: severity message rule-id),
     or output/ could not be written or locked
  2  wrong usage
  3  the renderer failed (no browser, crash, time-out)

Environment:
  PUPPETEER_EXECUTABLE_PATH  Chrome/Chromium to use
  SOURCE_DATE_EPOCH          Fixed date for reproducible PDFs
`;
