import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requestCause } from "../kernel/cause";
import type { AppEnv } from "../kernel/http-env";
import { itemStub } from "./stub";
import { integer, text } from "../kernel/schema";
import type { InventoryLevels } from "../../durable-objects/inventory-item/inventory-item-object";
import { ItemParams } from "./item-id";
import { MAX_SHARDS } from "../../durable-objects/inventory-item/shards";

const Params = ItemParams;

const LevelsSchema = z
  .object({ productId: z.string(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int(), reorderPoint: z.number().int() })
  .openapi("InventoryLevels");
const AvailabilitySchema = z
  .object({ productId: z.string(), available: z.number().int(), status: z.enum(["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]) })
  .openapi("InventoryAvailability");
const AdjustmentBody = z
  .object({
    delta: integer(-1_000_000, 1_000_000, { not: 0, notMessage: "must not be 0: an adjustment adds or removes stock" }),
    reason: text(1, 200),
  })
  .strict()
  .openapi("InventoryAdjustment");
const ShardsBody = z.object({ shards: z.number().int().min(1).max(MAX_SHARDS) }).strict().openapi("InventoryShards");
const ShardedLevelsSchema = LevelsSchema.extend({ shards: z.number().int() }).openapi("InventoryShardedLevels");
const ReorderPointBody = z.object({ reorderPoint: z.number().int().min(0).max(1_000_000) }).strict().openapi("ReorderPoint");

const view = (l: InventoryLevels) => ({ productId: l.productId, onHand: l.onHand, reserved: l.reserved, available: l.available, reorderPoint: l.reorderPoint });
const STATUS = { IN: "IN_STOCK", LOW: "LOW_STOCK", OUT: "OUT_OF_STOCK" } as const;

/** The item, if the caller may manage it: its seller or an admin. Anyone else is told it does not exist. */
async function ownedItem(c: Context<AppEnv>, productId: string) {
  const principal = principalOf(c);
  const stub = itemStub(c.env, productId);
  const levels = await stub.snapshot();
  if (!levels || (principal.role !== "ADMIN" && levels.sellerId !== principal.id)) throw new ApiError("INVENTORY_NOT_FOUND", "no inventory for this product");
  return { stub, levels };
}

export const inventoryRoutes = newRouter();

inventoryRoutes.openapi(
    route({
      method: "get", path: "/inventory/{productId}", tags: ["Inventory"], summary: "Stock levels (its seller or an admin)",
      roles: ["SELLER", "ADMIN"], request: { params: Params },
      success: { status: 200, schema: LevelsSchema, description: "onHand, reserved, available, reorderPoint" }, errors: [404],
    }),
    async (c) => {
      const { levels } = await ownedItem(c, c.req.valid("param").productId);
      return respond(c, view(levels), 200);
    },
);

inventoryRoutes.openapi(
    route({
      method: "get", path: "/inventory/{productId}/availability", tags: ["Inventory"], summary: "Public availability of a product",
      request: { params: Params }, success: { status: 200, schema: AvailabilitySchema, description: "Units available now" }, errors: [404],
    }),
    async (c) => {
      const levels = await itemStub(c.env, c.req.valid("param").productId).snapshot();
      if (!levels) throw new ApiError("INVENTORY_NOT_FOUND", "no inventory for this product");
      return respond(c, { productId: levels.productId, available: levels.available, status: STATUS[levels.level] }, 200);
    },
);

inventoryRoutes.openapi(
    route({
      method: "post", path: "/inventory/{productId}/adjustments", tags: ["Inventory"], summary: "Adjust on-hand stock (receiving, corrections)",
      roles: ["SELLER", "ADMIN"], request: { params: Params, body: { content: { "application/json": { schema: AdjustmentBody } }, required: true } },
      success: { status: 200, schema: LevelsSchema, description: "The new levels" }, errors: [404, 409],
      rules: [
        { status: 404, code: "INVENTORY_NOT_FOUND", when: "no inventory for this product, or it belongs to another seller" },
        { status: 409, code: "INVENTORY_NEGATIVE_STOCK", when: "onHand would fall below what is reserved" },
      ],
    }),
    async (c) => {
      const { stub } = await ownedItem(c, c.req.valid("param").productId);
      const body = c.req.valid("json");
      const result = await stub.adjust(body.delta, body.reason, requestCause(c));
      if (!result.ok) throw new ApiError(result.code, result.message, result.code === "INVENTORY_NEGATIVE_STOCK" ? "delta" : undefined);
      return respond(c, view(result.levels), 200);
    },
);

inventoryRoutes.openapi(
    route({
      method: "put", path: "/inventory/{productId}/reorder-point", tags: ["Inventory"], summary: "Set the reorder point",
      roles: ["SELLER", "ADMIN"], request: { params: Params, body: { content: { "application/json": { schema: ReorderPointBody } }, required: true } },
      success: { status: 200, schema: LevelsSchema, description: "The new levels" }, errors: [404],
    }),
    async (c) => {
      const { stub } = await ownedItem(c, c.req.valid("param").productId);
      const result = await stub.setReorderPoint(c.req.valid("json").reorderPoint, requestCause(c));
      if (!result.ok) throw new ApiError(result.code, result.message);
      return respond(c, view(result.levels), 200);
    },
  );

inventoryRoutes.openapi(
    route({
      method: "put", path: "/inventory/{productId}/shards", tags: ["Inventory"], summary: "Spread a hot item's stock over 1–32 objects",
      description: "Reservations of the item then go to one of that many single-writer objects (chosen from the order id, borrowing from the others when short), so one product takes more reservations per second than one object allows. Levels, availability, low-stock edges, expiry and holds stay those of the whole item; changing the count moves free stock while orders keep arriving, without losing or duplicating a unit.",
      roles: ["SELLER", "ADMIN"], request: { params: Params, body: { content: { "application/json": { schema: ShardsBody } }, required: true } },
      success: { status: 200, schema: ShardedLevelsSchema, description: "The whole item's levels and its shard count" }, errors: [404],
    }),
    async (c) => {
      const { stub } = await ownedItem(c, c.req.valid("param").productId);
      const result = await stub.setShards(c.req.valid("json").shards, requestCause(c));
      if (!result.ok) throw new ApiError(result.code, result.message);
      return respond(c, { ...view(result.levels), shards: result.shards }, 200);
    },
  );
