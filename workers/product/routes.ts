import { z } from "@hono/zod-openapi";
import { exactText } from "../kernel/schema";
import { newRouter, respond, route, PaginationQuery } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requestCause, runtimeOf } from "../kernel/cause";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { CreateProductBody, ProductSchema, VARIANTS_INVALID, UpdateProductBody, UpdateVariantBody } from "./domain";
import { createProduct, listProducts, updateProduct, updateVariant } from "./service";
import { readProduct } from "./read-product";
import { recordCacheAccess } from "./cache-stats";
import { detached } from "../kernel/meter";

const ProductParams = z.object({ id: exactText(1, 64).openapi({ param: { name: "id", in: "path" } }) });

export const productRoutes = newRouter();

productRoutes.openapi(
    route({
      method: "post", path: "/products", tags: ["Catalogue"], summary: "Create a product (a seller owns what it creates)",
      roles: ["SELLER", "ADMIN"], request: { body: { content: { "application/json": { schema: CreateProductBody } }, required: true } },
      success: { status: 201, schema: ProductSchema, description: "The created product; ProductCreated creates its inventory item" }, errors: [409],
      rules: [
        {
          status: 400, code: VARIANTS_INVALID,
          when: "options without variants or variants without options; a variant naming an unknown option or value, or missing one; a combination or SKU twice; an option or value twice",
        },
        { status: 409, code: "PRODUCT_SKU_EXISTS", when: "another product or variant has this SKU, or one of the variants' SKUs" },
      ],
    }),
    async (c) => {
      const result = await createProduct(runtimeOf(c), principalOf(c), c.req.valid("json"), requestCause(c));
      if (!result.ok) throw ApiError.fromRejection(result);
      return respond(c, result.value, 201);
    },
);

productRoutes.openapi(
    route({
      method: "get", path: "/products", tags: ["Catalogue"], summary: "List active products",
      request: { query: PaginationQuery.extend({ category: exactText(0, 60).optional(), q: exactText(0, 48).optional() }) },
      success: { status: 200, schema: z.array(ProductSchema), description: "A page of active products, by id" },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await listProducts(c.env, { category: q.category, q: q.q, limit: q.limit, after: decodeCursor(q.cursor) });
      c.header("cache-control", "public, max-age=30");
      return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
    },
);

productRoutes.openapi(
    route({
      method: "get", path: "/products/{id}", tags: ["Catalogue"], summary: "Get a product (served from the product cache; ETag + If-None-Match)",
      request: { params: ProductParams, headers: z.object({ "if-none-match": z.string().max(1000).optional() }) },
      success: { status: 200, schema: ProductSchema, description: "The product with availability and rating" }, errors: [404], notModified: true,
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
      const read = await readProduct(c.env, id, waitUntil);
      const flush = detached(() => recordCacheAccess(c.env, read.hit));
      if (flush) waitUntil(flush);
      if (!read.entry) throw new ApiError("PRODUCT_NOT_FOUND", "product not found");
      // Short max-age with revalidation: clients and the CDN revalidate cheaply with If-None-Match (304, no body).
      c.header("cache-control", "public, max-age=30, must-revalidate");
      c.header("etag", read.entry.etag);
      c.header("x-cache", read.hit ? "HIT" : "MISS");
      if (matches(c.req.valid("header")["if-none-match"], read.entry.etag)) return c.body(null, 304);
      return respond(c, read.entry.product, 200);
    },
);

/** RFC 9110 If-None-Match: a list of tags (weak comparison) or "*". */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === strip(etag));
}

productRoutes.openapi(
    route({
      method: "patch", path: "/products/{id}", tags: ["Catalogue"], summary: "Update a product (its seller or an admin)",
      roles: ["SELLER", "ADMIN"],
      request: { params: ProductParams, body: { content: { "application/json": { schema: UpdateProductBody } }, required: true } },
      success: { status: 200, schema: ProductSchema, description: "The updated product" }, errors: [404, 409],
      rules: [
        { status: 404, code: "PRODUCT_NOT_FOUND", when: "no such product, or it belongs to another seller" },
        { status: 409, code: "CONFLICT", when: "the product was changed concurrently: read it again and retry" },
      ],
    }),
    async (c) => {
      const result = await updateProduct(runtimeOf(c), principalOf(c), c.req.valid("param").id, c.req.valid("json"), requestCause(c));
      if (!result.ok) throw ApiError.fromRejection(result);
      return respond(c, result.value, 200);
    },
  );

const VariantParams = ProductParams.extend({ variantId: exactText(1, 64).openapi({ param: { name: "variantId", in: "path" } }) });

productRoutes.openapi(
    route({
      method: "patch", path: "/products/{id}/variants/{variantId}", tags: ["Catalogue"],
      summary: "Change a variant's price or SKU (its seller or an admin); a simple product's one variant is the product",
      roles: ["SELLER", "ADMIN"],
      request: { params: VariantParams, body: { content: { "application/json": { schema: UpdateVariantBody } }, required: true } },
      success: { status: 200, schema: ProductSchema, description: "The product with the changed variant" }, errors: [404, 409],
      rules: [
        { status: 404, code: "PRODUCT_NOT_FOUND", when: "no such product, or it belongs to another seller" },
        { status: 404, code: "VARIANT_NOT_FOUND", when: "the product has no variant with this id" },
        { status: 409, code: "PRODUCT_SKU_EXISTS", when: "another product or variant has this SKU" },
        { status: 409, code: "CONFLICT", when: "the product was changed concurrently: read it again and retry" },
      ],
    }),
    async (c) => {
      const { id, variantId } = c.req.valid("param");
      const result = await updateVariant(runtimeOf(c), principalOf(c), id, variantId, c.req.valid("json"), requestCause(c));
      if (!result.ok) throw ApiError.fromRejection(result);
      return respond(c, result.value, 200);
    },
  );
