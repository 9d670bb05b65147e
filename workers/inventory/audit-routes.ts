import { z } from "@hono/zod-openapi";
import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { auditItem, auditPage, itemLedger } from "./audit-service";
import { ITEM_ID, ItemParams } from "./item-id";

const Params = ItemParams;
const Counts = z.object({ onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() });
const StockAuditSchema = z
  .object({
    productId: z.string(),
    consistent: z.boolean(),
    levels: Counts,
    ledger: z.object({ initial: z.number().int(), adjustments: z.number().int(), fulfilled: z.number().int(), activeHolds: z.number().int() }),
    orders: z.object({ confirmedQuantity: z.number().int(), activeQuantity: z.number().int() }),
    discrepancies: z.array(z.object({ code: z.string(), expected: z.number().int(), actual: z.number().int(), detail: z.string() })),
  })
  .openapi("StockAudit");
const SweepBody = z.object({ cursor: z.string().max(200).optional() }).strict().openapi("StockAuditSweepRequest");
const SweepSchema = z.object({ checked: z.number().int(), inconsistent: z.array(z.string()), nextCursor: z.string().nullable() }).openapi("StockAuditSweep");

export const auditRoutes = newRouter();

auditRoutes.openapi(
  route({
    method: "get", path: "/admin/inventory/{productId}/audit", tags: ["Inventory"], summary: "Audit one item's stock against its ledger, holds and order decisions",
    roles: ["SELLER", "ADMIN"], request: { params: Params },
    success: { status: 200, schema: StockAuditSchema, description: "consistent, and each discrepancy with its code, expected and actual values" }, errors: [404],
  }),
  async (c) => {
    const principal = principalOf(c);
    const ledger = await itemLedger(c.env, c.req.valid("param").productId);
    if (!ledger || (principal.role !== "ADMIN" && ledger.sellerId !== principal.id)) throw new ApiError("INVENTORY_NOT_FOUND", "no inventory for this product");
    return respond(c, await auditItem(c.env, ledger), 200);
  },
);

auditRoutes.openapi(
  route({
    method: "post", path: "/admin/inventory/audits", tags: ["Inventory"], summary: "Audit every item, one bounded page per call",
    roles: ["ADMIN"], request: { body: { content: { "application/json": { schema: SweepBody } }, required: false } },
    success: { status: 200, schema: SweepSchema, description: "How many items this page checked, the inconsistent ones, and the cursor of the next page (null at the end)" },
    rules: [{ status: 400, code: "INVALID_CURSOR", when: "the cursor is not one this route issued" }],
  }),
  async (c) => {
    const body = (c.req.valid("json") as z.infer<typeof SweepBody> | undefined) ?? {};
    const page = await auditPage(c.env, decodeCursor(body.cursor, ITEM_ID));
    return respond(c, { ...page, nextCursor: encodeCursor(page.nextCursor) }, 200);
  },
);
