import type { Product } from "./domain";
import { ulid } from "../kernel/ids";

// Cache-aside for product reads (seed, "Cache-Aside Pattern"), in the PRODUCT_CACHE KV namespace.
//
// The classic race: a reader misses, loads the row from D1, and is slow to write it back; meanwhile the row changes
// and the change is evicted; the reader's late write then puts the old row back, and it is served until the TTL.
// Deleting the entry cannot prevent that, and neither can writing the fresh row through (KV has no compare-and-set,
// so the late write still wins). Instead each product has a generation key, and an entry is only valid for the
// generation it was loaded under:
//   read:   read generation G and the entry together; serve the entry only if it was filled under G;
//   miss:   read G first, then the row from D1, then store the entry tagged with G;
//   evict:  after the D1 commit, write a new, never-reused generation.
// An entry tagged G was loaded after G was read, so it holds every change whose eviction happened before; a change
// evicted later replaced G, so a stale late write is tagged with a dead generation and is never served.
// Generation keys have no TTL: an expired one would bring old entries back to life. Entries do (a backstop only).
//
// Locally KV is strongly consistent. Deployed, KV reads are eventually consistent across locations (up to ~60 s),
// which bounds how soon another location stops serving an evicted entry; the TTL bounds the worst case.
export const ENTRY_TTL_SECONDS = 300;

const entryKey = (id: string) => `product:${id}`;
const generationKey = (id: string) => `product-gen:${id}`;

export interface CacheEntry {
  generation: string | null;
  product: Product;
  etag: string;
}

export type Lookup = { hit: true; entry: CacheEntry } | { hit: false; generation: string | null };

/** The cache half of a read: a valid entry, or the generation a loader must tag its entry with. */
export async function lookup(kv: KVNamespace, id: string): Promise<Lookup> {
  // One bulk read for both keys: one KV round trip on the hot path instead of two.
  const found = await kv.get([generationKey(id), entryKey(id)], "text");
  const generation = found.get(generationKey(id)) ?? null;
  const raw = found.get(entryKey(id));
  const entry = raw ? (JSON.parse(raw) as CacheEntry) : null;
  if (entry && entry.generation === generation) return { hit: true, entry };
  return { hit: false, generation };
}

export async function fill(kv: KVNamespace, id: string, generation: string | null, product: Product, etag: string): Promise<CacheEntry> {
  const entry: CacheEntry = { generation, product, etag };
  await kv.put(entryKey(id), JSON.stringify(entry), { expirationTtl: ENTRY_TTL_SECONDS });
  return entry;
}

/** Invalidates every entry loaded before now. Call it after the D1 commit that changed the row (idempotent). */
export async function evictProduct(kv: KVNamespace, id: string): Promise<void> {
  await kv.put(generationKey(id), ulid());
}
