// The product context owns its cache counters (productCacheStats in workers/product/, in progress elsewhere).
// Until it is merged, /admin/metrics reports productCache: null. Wiring it is this one function:
//   return productCacheStats(env);
export interface ProductCacheMetrics {
  hits: number;
  misses: number;
  hitRatio: number | null;
}

export async function productCacheMetrics(_env: Env): Promise<ProductCacheMetrics | null> {
  return null;
}
