/**
 * Run `fn` over `items` with at most `limit` calls in flight, starting them
 * in `order` (item indices; default: the items' order). The results keep
 * the items' order, whatever order the calls start or finish in.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  order: readonly number[] = items.map((_, i) => i),
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const i = order[next++] as number;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
