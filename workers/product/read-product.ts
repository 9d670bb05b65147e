import { fill, lookup, type CacheEntry } from "./cache";
import { loadProduct } from "./service";
import { detached } from "../kernel/meter";
import { primary } from "../kernel/consistency-token";

export interface CachedRead {
  entry: CacheEntry | null;
  hit: boolean;
}

/** Read-through: a hit is served from KV; a miss loads from D1 and fills the entry after the response (waitUntil). */
export async function readProduct(env: Env, id: string, waitUntil: (p: Promise<unknown>) => void): Promise<CachedRead> {
  if (cacheDisabled(env)) {
    const loaded = await loadProduct(env, id);
    return { entry: loaded && { generation: null, ...loaded }, hit: false };
  }
  const found = await lookup(env.PRODUCT_CACHE, id);
  if (found.hit) return { entry: found.entry, hit: true };
  // The row that fills the cache is read from the primary, not a replica: a lagging replica could hand back the
  // row from before the change that wrote this generation, and the entry would then serve it to every shopper until
  // the next change or the TTL. A hit costs nothing remote; a miss pays the primary, as it did before replicas.
  const loaded = await loadProduct(env, id, primary(env.DB_PRODUCT));
  if (!loaded) return { entry: null, hit: false };
  const entry: CacheEntry = { generation: found.generation, product: loaded.product, etag: loaded.etag };
  waitUntil(detached(() => fill(env.PRODUCT_CACHE, id, found.generation, loaded.product, loaded.etag)));
  return { entry, hit: false };
}

/** PRODUCT_CACHE_MODE=off (e.g. `wrangler dev --var PRODUCT_CACHE_MODE:off`) reads D1 only: the benchmark's baseline. */
const cacheDisabled = (env: Env) => (env as { PRODUCT_CACHE_MODE?: string }).PRODUCT_CACHE_MODE === "off";
