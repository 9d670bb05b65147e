import type { CartState } from "./cart";

// One row holds the whole cart (50 lines at most: a few KB). Writes are synchronous, so a decision is stored
// before the object can take its next call.
export class CartStorage {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cart_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)`);
  }

  load(): CartState | null {
    const row = this.sql.exec<{ state: string }>(`SELECT state FROM cart_state WHERE id = 1`).toArray()[0];
    return row ? (JSON.parse(row.state) as CartState) : null;
  }

  save(state: CartState): void {
    this.sql.exec(`INSERT INTO cart_state (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state`, JSON.stringify(state));
  }
}
