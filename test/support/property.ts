import { env } from "cloudflare:test";
import fc from "fast-check";

/**
 * fast-check parameters with replay overrides. A failing property prints its seed and path in the error
 * ("Property failed after N tests { seed: S, path: "P", ... }"); rerun exactly that case with
 *   FC_SEED=S FC_PATH=P npx vitest run <file>
 * and FC_NUM_RUNS=n to soak a property longer than its default.
 */
export function fcParams<T>(numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const seed = env.FC_SEED ? Number(env.FC_SEED) : undefined;
  const runs = env.FC_NUM_RUNS ? Number(env.FC_NUM_RUNS) : numRuns;
  return {
    numRuns: runs,
    verbose: 1,
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    ...(env.FC_PATH ? { path: env.FC_PATH } : {}),
    ...extra,
  };
}

/** The seed a non-property generator (the fuzzer) should use: FC_SEED when given, otherwise a fresh one it prints on failure. */
export function generatorSeed(): number {
  const given = env.FC_SEED ? Number(env.FC_SEED) : NaN;
  return Number.isFinite(given) ? given : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}

/** Every permutation of a short list (linearizability search over a handful of concurrent operations). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((head, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([head, ...rest]);
  });
  return out;
}

/** JSON with object keys sorted, so two observations compare equal whatever their insertion order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
