import { DEFAULT_PORT } from "../preview/defaults.js";
import { DEFAULT_TIMEOUT_MS } from "../stages/6-render/index.js";

/** The text `brief --help` prints. Kept beside the commands it describes. */
export const HELP = `Usage: brief <command> [options]

Commands:
  build            Build PDF and HTML editions into output/
  check            Validate content and templates, and run the editorial rules
  preview          Serve every edition on http://127.0.0.1:${DEFAULT_PORT}/ and update it on save
  explain RULE-ID  Explain a diagnostic rule (without an id: list them all)
  help             Show this help

Options for build:
  --brief ID          Build only this brief (repeatable)
  --audience NAME     Build only this audience (repeatable)
  --format pdf|html   Produce only this format (repeatable; default both)
  --timeout MS        Per-edition render time limit (default ${DEFAULT_TIMEOUT_MS})
  --strict            Treat warnings as errors

Options for check:
  --brief ID, --audience NAME, --timeout MS, --strict as above
  --format text|json  Output format for findings (default text)
  --no-render         Skip the page-budget rule, which renders PDFs (nothing is written)

Options for preview:
  --port N            Port on 127.0.0.1 (default ${DEFAULT_PORT}; a free one if taken; 0: any free port)
  --brief ID, --audience NAME, --timeout MS as above
  --open              Open the index in the system browser

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
