/**
 * Run `fn` on each item of `source` as soon as the source yields it, with
 * at most `limit` calls in flight; the source is not asked for its next
 * item while `limit` calls are running (so a slow consumer holds back a
 * producer that would otherwise pile up work in memory). The results keep
 * the source's order, whatever order the calls finish in.
 *
 * Unlike `mapLimit`, the items need not all exist first: `build` hands an
 * edition to the printer the moment it is prepared, while the next one is
 * prepared. Every call started is awaited before this returns or throws,
 * so nothing runs on after the caller has released what the calls use (the
 * output lock); the first error (of the source or of a call) is rethrown
 * once all have settled.
 */
export async function streamLimit<T, R>(
  source: AsyncIterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  const running = new Set<Promise<void>>();
  let failed: { readonly error: unknown } | undefined;
  let index = 0;
  try {
    for await (const item of source) {
      const i = index++;
      const call: Promise<void> = fn(item, i).then(
        (r) => void (results[i] = r),
        (error: unknown) => void (failed ??= { error }),
      );
      running.add(call);
      void call.finally(() => running.delete(call));
      if (running.size >= Math.max(1, limit)) await Promise.race(running);
    }
  } finally {
    await Promise.all(running);
  }
  if (failed) throw failed.error;
  return results;
}
