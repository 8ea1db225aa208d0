import { spawn } from "node:child_process";
import path from "node:path";
import type { Checkpoint } from "../distribute/checkpoint.js";
import type { Io } from "./io.js";
import { WEBHOOK_TOKEN_PREFIX } from "../distribute/webhook-guard.js";
import { OPS_DIR } from "./ops.js";

/**
 * `brief distribute --send --checkpoint-every N`: the ledger is pushed with
 * the package's own `scripts/ops/ledger.mjs push --file LEDGER` (the same
 * merge, retry and never-force logic as `make ledger-push` and `brief ops
 * ledger push`), in the current directory's git checkout, to the branch
 * LEDGER_BRANCH names (default brief-ledger) on origin; GH_TOKEN, when set,
 * authenticates it. Its messages go to stderr, so `--format json` stays JSON.
 */

/**
 * The push's environment: the send step's, without the secrets only sending
 * needs (BRIEF_SMTP_URL and every BRIEF_WEBHOOK_… token). The push needs git's
 * own settings and GH_TOKEN; a secret it never uses has no business in it.
 */
export function pushEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => name !== "BRIEF_SMTP_URL" && !name.startsWith(WEBHOOK_TOKEN_PREFIX)),
  );
}

/** Run ledger.mjs push on `file`; resolves to whether it worked. */
function pushLedger(file: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(OPS_DIR, "ledger.mjs"), "push", "--file", file], {
      env: pushEnvironment(env),
      stdio: ["ignore", process.stderr, process.stderr],
    });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}

/** The checkpoint for `distribute()`: every `every` lines, `file` is pushed; a failed push is a warning on stderr. */
export function ledgerCheckpoint(every: number, file: string, env: NodeJS.ProcessEnv, io: Io): Checkpoint {
  return {
    every,
    push: () => pushLedger(file, env),
    warn: (message) => io.err(`warning: ${message}\n`),
  };
}
