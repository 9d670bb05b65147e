import { env } from "cloudflare:test";

// Real failures for tests: a context's table renamed away makes its handlers and routes fail as an outage would.
export async function breakProductTable(): Promise<void> {
  await env.DB_PRODUCT.exec("ALTER TABLE products RENAME TO products_unavailable");
}

export async function repairProductTable(): Promise<void> {
  await env.DB_PRODUCT.exec("ALTER TABLE products_unavailable RENAME TO products");
}
