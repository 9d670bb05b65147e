import { productCacheStats } from "../product/cache-stats";

// The product context owns its cache counters; /admin/metrics reports them as they are.
export interface ProductCacheMetrics {
  hits: number;
  misses: number;
  hitRatio: number | null;
}

export async function productCacheMetrics(env: Env): Promise<ProductCacheMetrics | null> {
  const stats = await productCacheStats(env);
  return { hits: stats.hits, misses: stats.misses, hitRatio: stats.hits + stats.misses === 0 ? null : stats.hitRatio };
}
