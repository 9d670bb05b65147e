// Duration histograms with fixed bucket bounds (ms), so per-isolate counts add up across isolates and minutes.
// Percentiles read from them are the upper bound of the bucket holding the rank: coarse, but bounded in size.
export const BUCKET_BOUNDS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000] as const;

export function bucketOf(ms: number): number {
  let i = 0;
  while (i < BUCKET_BOUNDS_MS.length && ms > BUCKET_BOUNDS_MS[i]!) i++;
  return i;
}

export const emptyHistogram = (): number[] => new Array<number>(BUCKET_BOUNDS_MS.length + 1).fill(0);

export function addHistograms(into: number[], from: readonly number[]): number[] {
  from.forEach((n, i) => (into[i] = (into[i] ?? 0) + n));
  return into;
}

/** The q-quantile (0..1) of a histogram; the overflow bucket reads as the largest bound. */
export function histogramQuantile(h: readonly number[], q: number): number | null {
  const total = h.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i]!;
    if (seen >= rank) return BUCKET_BOUNDS_MS[Math.min(i, BUCKET_BOUNDS_MS.length - 1)]!;
  }
  return BUCKET_BOUNDS_MS[BUCKET_BOUNDS_MS.length - 1]!;
}
