import { streamLimit } from "../lib/stream-limit.js";
import type { PreparedEdition } from "../model.js";
import type { RenderPool } from "../stages/6-render/index.js";
import { publish, reportFatalOnce, type Outcome, type PublishOptions } from "./publish.js";
import type { Seams } from "./seams.js";

/**
 * `build`'s publishing as a stream: each edition is printed, checked and
 * written as soon as it is prepared, while the next one is prepared,
 * instead of after all of them (`publishAll`, which `check` still uses).
 * Every guarantee of `publishAll` holds per edition: its files are staged
 * privately and reach the output folder only when all its checks passed,
 * a failed edition writes nothing and the others still publish, and the
 * outcomes come back in the editions' order.
 */

/** What the stream carries: an edition to publish, or one that failed to prepare (nothing to print). */
export type Streamed = { readonly prepared: PreparedEdition } | { readonly prepared?: undefined };

/** How the stream is run, besides the publish options. */
export interface StreamControl {
  /** How many editions the source will yield, failed ones included: the pool closes after the last print. */
  readonly expected: number;
  /**
   * Awaited before an edition is published (not before it is prepared):
   * `build` takes the output lock here. False: the edition must not be
   * written (the lock was not got), and is reported as skipped.
   */
  readonly gate: () => Promise<boolean>;
  /** Called as each edition's publishing ends, with its time from its start. */
  readonly onDone: (outcome: Outcome, ms: number) => void;
}

/** Publish the editions `source` yields on `pool`, `options.jobs` printing and one more being finished or written. */
export async function publishStream(
  source: AsyncIterable<Streamed>,
  pool: RenderPool | undefined,
  options: PublishOptions,
  seams: Seams,
  control: StreamControl,
): Promise<Outcome[]> {
  // Once the last edition has printed (or cannot print), the browsers close while the last PDFs are finished.
  let toPrint = options.formats.has("pdf") ? control.expected : 0;
  const printed = (): void => {
    if (--toPrint === 0) void pool?.close();
  };
  const results = await streamLimit(source, options.jobs + 1, async (s): Promise<Outcome | undefined> => {
    const p = s.prepared;
    if (!p || !(await control.gate())) {
      if (options.formats.has("pdf")) printed();
      return p ? { p, kind: "skipped" } : undefined;
    }
    const started = Date.now();
    const outcome = await publish(p, pool, options, seams, printed);
    control.onDone(outcome, Date.now() - started);
    return outcome;
  });
  return reportFatalOnce(results.filter((r): r is Outcome => r !== undefined));
}
