import type { PlannedEdition } from "./project.js";

/**
 * `--shard K/N`: a deterministic, balanced share of the editions, so that
 * N CI runners (a GitHub Actions matrix) together build exactly the full
 * set. The split depends only on the inputs: each edition's expected cost
 * is estimated from its text (the bytes of its sections, plus a fixed cost
 * for starting a page and printing), and editions are dealt out longest
 * first, each to the shard with the least work so far (ties: the lower
 * shard, then the edition name). The same inputs always give the same split.
 */

/** Shard K of N, 1-based. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What one page and one print cost besides the text, in "bytes of section text". */
const FIXED_COST = 8000;

/** The expected cost of rendering an edition, in bytes of text. */
export function expectedCost(e: Pick<PlannedEdition, "edition">): number {
  return FIXED_COST + e.edition.sections.reduce((n, s) => n + Buffer.byteLength(s.body), 0);
}

/** "K/N" as a shard, or why it is not one. */
export function parseShard(spec: string): Shard | { error: string } {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1) || !(index >= 1) || index > count) {
    return { error: `--shard must be K/N with 1 ≤ K ≤ N (for example 1/3), not "${spec}"` };
  }
  return { index, count };
}

/** The editions shard `s` builds, in their original order. */
export function shardOf<T extends PlannedEdition>(editions: readonly T[], s: Shard): T[] {
  const load = Array.from({ length: s.count }, () => 0);
  const owner = new Map<T, number>();
  const byCost = [...editions].sort(
    (a, b) => expectedCost(b) - expectedCost(a) || a.edition.name.localeCompare(b.edition.name),
  );
  for (const e of byCost) {
    const least = load.indexOf(Math.min(...load));
    load[least] = (load[least] ?? 0) + expectedCost(e);
    owner.set(e, least + 1);
  }
  return editions.filter((e) => owner.get(e) === s.index);
}
