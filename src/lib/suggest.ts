/**
 * "Did you mean …?" for an unknown id: the known ids closest to what was
 * written, by edit distance (a transposition counts as one edit, as in
 * "jouranlist"), so a typo gets the right name back instead of a list.
 */

/** Optimal-string-alignment distance between two strings (insert, delete, substitute, swap neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    const row = d[i];
    if (!row) continue;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known ids worth suggesting for `wrong`, best first: within a third of
 * its length in edits (at least 1), or sharing its stem (one is a prefix of
 * the other, as "journalists" and "journalist").
 */
export function closest(wrong: string, known: Iterable<string>, max = 3): string[] {
  const w = wrong.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  const scored: [string, number][] = [];
  for (const k of new Set(known)) {
    const c = k.toLowerCase();
    if (c === w) continue;
    const distance = editDistance(w, c);
    const stem = c.length >= 3 && w.length >= 3 && (c.startsWith(w) || w.startsWith(c));
    if (distance <= limit || stem) scored.push([k, stem ? Math.min(distance, 1) : distance]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}

/**
 * A hint for an unknown id: "Did you mean "x"?" when something is close,
 * then the list of what exists (shortened when long).
 */
export function didYouMean(wrong: string, known: Iterable<string>, what = "one of"): string {
  const all = [...new Set(known)];
  const near = closest(wrong, all);
  const list = all.length > 12 ? `${all.slice(0, 12).join(", ")}, … (${all.length} in all)` : all.join(", ");
  const mean = near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}? ` : "";
  return all.length ? `${mean}Use ${what}: ${list}.` : "There are none defined yet.";
}
