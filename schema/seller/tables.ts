import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/** Seller profiles; the id is also the seller's account id in the customer (identity) database. */
export const sellers = sqliteTable("sellers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  status: text("status", { enum: ["ACTIVE", "SUSPENDED"] }).notNull(),
  createdAt: integer("created_at").notNull(),
});
