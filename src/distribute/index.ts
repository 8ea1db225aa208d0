import path from "node:path";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/index.js";
import { posixRelative } from "../lib/paths.js";
import { finish, type ExitCode } from "../pipeline/outcome.js";
import { checkpointed, type Checkpoint } from "./checkpoint.js";
import { markDelivered, sendAll, type DeliveryResult, type SendSeams } from "./deliver.js";
import { cleartextAllowed, nodemailerMailer, smtpUrl } from "./email.js";
import { ledgerPath, openLedger, readLedger, type LedgerWriter } from "./ledger.js";
import { loadDistribution, type Distribution } from "./load.js";
import { writeOutputs } from "./outputs.js";
import { olderReleaseProblem } from "./order.js";
import { baseUrlProblems, earlierOutcomes, outcomeDiagnostics, unreachedDiagnostics } from "./outcomes.js";
import { sessionStopDiagnostic } from "./session-stop.js";
import { due, planDeliveries, type Delivery } from "./plan.js";
import { readRelease, verifyRelease } from "./release.js";
import { DEFAULT_RETRY, SYSTEM_CLOCK } from "./retry.js";
import { chromiumThumbnails, type ThumbnailRenderer } from "./thumbnails.js";
import { fetchPoster } from "./webhook.js";

/**
 * `distribute()`: read and verify a release folder, load each brief's
 * distribution.yaml, plan who gets what (plan.ts: what each recipient
 * would read against what they last received, per the ledger), write the
 * site, feed and bundles (unless `site: false`: the workflow publishes them
 * before it sends), and with `send` deliver what is due. Every check comes
 * before the first side effect that leaves the machine: a bad file, a
 * mismatched edition, a missing secret, a base_url that is not where the
 * site is published, or a site that could not be written means nothing is
 * sent.
 */

/** Options for `distribute()`. Public: no test-only fields (tests use `runDistribute` with seams). */
export interface DistributeOptions {
  /** The release folder (`brief release --out DIR`). */
  readonly release: string;
  /** Project root; defaults to the current directory. */
  readonly root?: string;
  /** Deliver; without it, a dry run (site and bundles are still written). */
  readonly send?: boolean;
  /** Only these recipients, groups or addresses. */
  readonly only?: readonly string[];
  /** Send again what the ledger says was delivered, refused or unknown. */
  readonly resend?: boolean;
  /** Mail this release even to recipients whose copy reads the same (a layout-only release). */
  readonly notify?: boolean;
  /** Write the site, feed and bundles into the release folder (default true). */
  readonly site?: boolean;
  /** Where the site is published (the Pages URL); every base_url must be this, or nothing is sent. */
  readonly publishedAt?: string;
  /** Record what is due (or unknown) as delivered, without sending anything. */
  readonly markDelivered?: boolean;
  /** The ledger file (default: BRIEF_LEDGER, else .cache/brief/deliveries.jsonl under the root). */
  readonly ledger?: string;
  /** Simultaneous deliveries (and SMTP connections); default 3, or 1 with `checkpoint`. */
  readonly concurrency?: number;
  /** Push the ledger every N lines and at the end (checkpoint.ts); deliveries then go one at a time. */
  readonly checkpoint?: Checkpoint;
  /** Environment: BRIEF_SMTP_URL, webhook tokens, BRIEF_LEDGER, PUPPETEER_EXECUTABLE_PATH (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The outcome of a run. */
export interface DistributeResult {
  readonly exitCode: ExitCode;
  readonly diagnostics: readonly Diagnostic[];
  /** Every planned delivery, with what happened to it (nothing, in a dry run). */
  readonly deliveries: readonly { readonly delivery: Delivery; readonly result?: DeliveryResult }[];
  /** Release-relative paths written (site, feed, bundles). */
  readonly written: readonly string[];
  readonly sent: boolean;
  /** The ledger, as printed (relative to the root). */
  readonly ledger: string;
  /** The release's tag, once its manifest was read. */
  readonly tag?: string;
}

/** The side effects of distributing, as seams. */
export interface DistributeSeams extends SendSeams {
  readonly thumbnails: ThumbnailRenderer;
}

/** The real side effects. */
export const REAL_DISTRIBUTE_SEAMS: DistributeSeams = {
  mailer: nodemailerMailer,
  poster: fetchPoster,
  clock: SYSTEM_CLOCK,
  retry: DEFAULT_RETRY,
  thumbnails: chromiumThumbnails,
};

/** Missing secrets for what is due: BRIEF_SMTP_URL, webhook tokens. */
function secretProblems(todo: readonly Delivery[], env: NodeJS.ProcessEnv): { smtp?: URL; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let smtp: URL | undefined;
  const mail = todo.find((d) => d.channel === "email");
  if (mail) {
    const url = smtpUrl(env);
    if (typeof url === "string")
      diagnostics.push(
        diagnostic({
          rule: "distribute/no-smtp",
          at: mail.recipient.at,
          message: `${url}; e-mail is due (nothing was sent)`,
        }),
      );
    else smtp = url;
  }
  const seen = new Set<string>();
  for (const d of todo) {
    const hook = d.recipient.channel.kind === "webhook" ? d.recipient.channel.webhook : undefined;
    if (!hook?.token_env || env[hook.token_env] || seen.has(hook.token_env)) continue;
    seen.add(hook.token_env);
    const message = `${hook.token_env} is not set; the webhook "${d.recipient.name}" needs it (nothing was sent)`;
    diagnostics.push(diagnostic({ rule: "distribute/missing-token", at: d.recipient.at, message }));
  }
  return { ...(smtp ? { smtp } : {}), diagnostics };
}

/** `distribute()` with its side effects given explicitly. */
export async function runDistribute(o: DistributeOptions, seams: DistributeSeams): Promise<DistributeResult> {
  const env = o.env ?? process.env;
  const root = path.resolve(o.root ?? process.cwd());
  const ledgerFile = ledgerPath(root, o.ledger, env);
  const ledgerLabel = posixRelative(root, ledgerFile);
  const diagnostics: Diagnostic[] = [];
  let planned: Delivery[] = [];
  let written: string[] = [];
  let tag: string | undefined = undefined;
  const done = (results?: DeliveryResult[]): DistributeResult => {
    const r = finish(diagnostics, []);
    const byDelivery = new Map(results?.map((x) => [x.delivery, x]));
    const deliveries = planned.map((delivery) => {
      const result = byDelivery.get(delivery);
      return result ? { delivery, result } : { delivery };
    });
    return {
      exitCode: r.exitCode,
      diagnostics: r.diagnostics,
      deliveries,
      written,
      sent: !!results,
      ledger: ledgerLabel,
      ...(tag ? { tag } : {}),
    };
  };

  const release = await readRelease(path.resolve(root, o.release), root);
  diagnostics.push(...release.diagnostics);
  if (!release.value) return done();
  tag = release.value.manifest.tag;
  diagnostics.push(...(await verifyRelease(release.value)));
  if (hasErrors(diagnostics)) return done();

  const distributions: Distribution[] = [];
  for (const brief of [...new Set(release.value.manifest.editions.map((e) => e.brief))].sort()) {
    const loaded = await loadDistribution(root, path.join(root, "content"), brief);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value) distributions.push(loaded.value);
  }
  if (hasErrors(diagnostics)) return done();

  // When sending, the ledger is locked before it is read, so two runs cannot both decide to send.
  let writer: LedgerWriter | undefined;
  try {
    if (o.send || o.markDelivered) {
      const opened = await openLedger(ledgerFile, ledgerLabel);
      diagnostics.push(...opened.diagnostics);
      if (!opened.value) return done();
      writer = o.checkpoint ? checkpointed(opened.value, o.checkpoint) : opened.value;
    }
    const ledger = await readLedger(ledgerFile, ledgerLabel);
    diagnostics.push(...ledger.diagnostics);
    if (!ledger.value) return done();
    const plan = planDeliveries(release.value, distributions, ledger.value, {
      only: o.only ?? [],
      resend: o.resend ?? false,
      notify: o.notify ?? false,
    });
    diagnostics.push(...plan.diagnostics, ...earlierOutcomes(plan.value ?? []));
    if (writer) diagnostics.push(...olderReleaseProblem(release.value.manifest.tag, ledger.value, ledgerLabel));
    planned = plan.value ?? [];
    const todo = due(planned);
    const secrets = o.send && !o.markDelivered ? secretProblems(todo, env) : { diagnostics: [] };
    diagnostics.push(...secrets.diagnostics, ...baseUrlProblems(distributions, o.publishedAt));
    if (hasErrors(diagnostics)) return done();

    if (o.site !== false) {
      const outputs = await writeOutputs(release.value, distributions, root, env, seams.thumbnails);
      diagnostics.push(...outputs.diagnostics);
      written = outputs.value ?? [];
    }
    if (!writer || hasErrors(diagnostics)) return done();

    const ctx = {
      release: release.value,
      ledger: writer,
      ...(secrets.smtp ? { smtp: secrets.smtp } : {}),
      env,
      concurrency: o.concurrency ?? (o.checkpoint ? 1 : 3),
      allowCleartext: cleartextAllowed(env),
    };
    const sent = o.markDelivered
      ? await markDelivered(
          planned.filter((d) => d.status === "due" || d.status === "unknown"),
          ctx,
          seams.clock,
        )
      : await sendAll(todo, ctx, seams);
    diagnostics.push(...outcomeDiagnostics(sent.results));
    if (sent.stopped) diagnostics.push(sessionStopDiagnostic(sent.stopped, todo));
    diagnostics.push(...unreachedDiagnostics(planned, new Map(sent.results.map((r) => [r.delivery, r]))));
    if (sent.ledgerError) {
      const message = `the ledger could not be written, so sending stopped: ${sent.ledgerError.message}`;
      diagnostics.push(
        diagnostic({ rule: "distribute/ledger", at: { file: ledgerLabel, line: 0, column: 0 }, message }),
      );
    }
    return done(sent.results);
  } finally {
    await writer?.close();
  }
}

/** Distribute a release's editions: site, feed and bundles, and with `send` the deliveries. */
export function distribute(o: DistributeOptions): Promise<DistributeResult> {
  return runDistribute(o, REAL_DISTRIBUTE_SEAMS);
}
