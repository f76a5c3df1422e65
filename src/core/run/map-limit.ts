/** Runs async jobs with at most `limit` at a time, keeping the results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  job: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
