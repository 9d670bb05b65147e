import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aProduct, createProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";

const shirtOptions = [{ name: "Size", values: ["S", "M", "L"] }, { name: "Colour", values: ["Black", "White"] }];

/** A T-shirt in three sizes and two colours: six variants, M/White dearer, S/Black sold out. */
function aShirt(overrides: Record<string, unknown> = {}) {
  const base = aProduct({ name: "Logo T-shirt", price: { amount: 2_500, currency: "USD" }, initialStock: undefined, reorderPoint: 5 });
  const variants = shirtOptions[0]!.values.flatMap((size) => shirtOptions[1]!.values.map((colour) => ({
    sku: `${base.sku}-${size}-${colour}`.toUpperCase(),
    // Colour first on purpose: the answer lists options in the product's option order.
    options: { Colour: colour, Size: size },
    initialStock: size === "S" && colour === "Black" ? 0 : 10,
    ...(size === "M" && colour === "White" ? { price: { amount: 2_900, currency: "USD" } } : {}),
  })));
  return { ...base, options: shirtOptions, variants, ...overrides };
}

type VariantView = { id: string; sku: string; options: Record<string, string>; price: { amount: number }; availability: string };

async function createShirt(token: string, overrides: Record<string, unknown> = {}) {
  const res = await api("POST", v1("/products"), { token, body: aShirt(overrides) });
  expect(res.status).toBe(201);
  const variants = res.data.variants as VariantView[];
  await Promise.all(variants.map((v) => eventually(() => itemStub(env, v.id).snapshot(), (s) => s !== null)));
  return { product: res.data as { id: string; sku: string; availability: string }, variants };
}

const variantOf = (variants: VariantView[], size: string, colour: string) => variants.find((v) => v.options.Size === size && v.options.Colour === colour)!;

describe("product variants", () => {
  it("creates one var_ variant per combination, each its own inventory item with its own stock; the product has no item of its own", async () => {
    const { token } = await adminToken();
    const { product, variants } = await createShirt(token);
    expect(variants).toHaveLength(6);
    for (const v of variants) expect(v.id).toMatch(/^var_/);
    expect(Object.keys(variantOf(variants, "L", "Black").options)).toEqual(["Size", "Colour"]);
    expect(variantOf(variants, "M", "White").price.amount).toBe(2_900);
    expect(variantOf(variants, "L", "White").price.amount).toBe(2_500);
    expect(variantOf(variants, "S", "Black").availability).toBe("OUT_OF_STOCK");
    expect(product.availability).toBe("IN_STOCK");

    const black = variantOf(variants, "S", "Black");
    const white = variantOf(variants, "S", "White");
    expect((await api("GET", v1(`/inventory/${black.id}`), { token })).data).toEqual({ productId: black.id, onHand: 0, reserved: 0, available: 0, reorderPoint: 5 });
    expect((await api("GET", v1(`/inventory/${white.id}/availability`))).data).toEqual({ productId: white.id, available: 10, status: "IN_STOCK" });
    expect((await api("GET", v1(`/inventory/${product.id}`), { token })).status).toBe(404);

    const read = await api("GET", v1(`/products/${product.id}`));
    expect(read.data.options).toEqual(shirtOptions);
    expect(read.data.variants).toEqual(variants);
  });

  it("gives a product without options exactly one variant: the product itself", async () => {
    const p = await createProduct({ initialStock: 3, reorderPoint: 5 });
    const read = await api("GET", v1(`/products/${p.id}`));
    expect(read.data.options).toEqual([]);
    expect(read.data.variants).toEqual([{ id: p.id, sku: p.sku, options: {}, price: { amount: 12_900, currency: "USD" }, availability: "LOW_STOCK" }]);
  });

  it("refuses bad options and variants with 400 listing every problem at once, and creates nothing", async () => {
    const { token } = await adminToken();
    const good = aShirt();
    const [first, second] = good.variants;
    const body = {
      ...good,
      variants: [
        { ...first!, options: { Size: "XL", Colour: "Black" } },
        { ...second!, options: { Size: "S" } },
        { ...first!, sku: `${good.sku}-A`, options: { Size: "M", Colour: "Black", Fit: "Slim" } },
        { ...first!, sku: `${good.sku}-B`, options: { Size: "M", Colour: "Black" } },
        { ...first!, sku: `${good.sku}-C`, options: { Size: "M", Colour: "Black" } },
        { ...first!, sku: `${good.sku}-C`, options: { Size: "L", Colour: "Black" } },
      ],
    };
    const res = await api("POST", v1("/products"), { token, body });
    expect(res.status).toBe(400);
    const fields = (res.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual([
      "variants.0.options.Size", "variants.1.options.Colour", "variants.2.options.Fit", "variants.3.options", "variants.4.options", "variants.5.sku",
    ].sort());

    const limits = [
      { ...good, options: [...shirtOptions, { name: "Fit", values: ["Slim"] }, { name: "Sleeve", values: ["Short"] }] },
      { ...good, options: [{ name: "Size", values: Array.from({ length: 21 }, (_, i) => `S${i}`) }] },
      { ...good, variants: Array.from({ length: 101 }, (_, i) => ({ sku: `${good.sku}-${i}`, options: { Size: "S", Colour: "Black" } })) },
      { ...good, variants: undefined },
      { ...good, options: undefined },
      { ...good, options: [{ name: "Size", values: ["S", "S"] }], variants: [{ sku: `${good.sku}-1`, options: { Size: "S" } }] },
    ];
    for (const bad of limits) expect((await api("POST", v1("/products"), { token, body: bad })).status).toBe(400);
    // Nothing was claimed: the same SKUs still create the product.
    expect((await api("POST", v1("/products"), { token, body: good })).status).toBe(201);
  });

  it("keeps SKUs unique across products and variants (409 PRODUCT_SKU_EXISTS)", async () => {
    const { token } = await adminToken();
    const simple = await createProduct();
    const { variants } = await createShirt(token);
    const taken = variants[0]!.sku;

    const variantReusesProduct = await api("POST", v1("/products"), { token, body: aShirt({ variants: [{ sku: simple.sku, options: { Size: "S", Colour: "Black" } }] }) });
    expect(variantReusesProduct.status).toBe(409);
    expect(variantReusesProduct.errors[0]?.code).toBe("PRODUCT_SKU_EXISTS");
    const productReusesVariant = await api("POST", v1("/products"), { token, body: aProduct({ sku: taken }) });
    expect(productReusesVariant.status).toBe(409);
    expect(productReusesVariant.errors[0]?.code).toBe("PRODUCT_SKU_EXISTS");
    const variantReusesVariant = await api("POST", v1("/products"), { token, body: aShirt({ variants: [{ sku: taken, options: { Size: "S", Colour: "Black" } }] }) });
    expect(variantReusesVariant.status).toBe(409);
  });

  it("PATCH /products/{id}/variants/{variantId} changes a variant's price and SKU; the freed SKU is reusable, a taken one is 409", async () => {
    const { token } = await adminToken();
    const { product, variants } = await createShirt(token);
    const target = variantOf(variants, "L", "Black");
    expect((await api("GET", v1(`/products/${product.id}`))).status).toBe(200); // warms the cache

    const newSku = `${product.sku}-LB2`;
    const res = await api("PATCH", v1(`/products/${product.id}/variants/${target.id}`), { token, body: { price: { amount: 3_100, currency: "USD" }, sku: newSku } });
    expect(res.status).toBe(200);
    expect(variantOf(res.data.variants, "L", "Black")).toMatchObject({ id: target.id, sku: newSku, price: { amount: 3_100 } });
    expect(variantOf(res.data.variants, "L", "White").price.amount).toBe(2_500);
    const read = await api("GET", v1(`/products/${product.id}`));
    expect(variantOf(read.data.variants, "L", "Black").sku).toBe(newSku);

    expect((await api("POST", v1("/products"), { token, body: aProduct({ sku: target.sku }) })).status).toBe(201);
    const clash = await api("PATCH", v1(`/products/${product.id}/variants/${target.id}`), { token, body: { sku: variants[0]!.sku } });
    expect(clash.status).toBe(409);
    expect(clash.errors[0]?.code).toBe("PRODUCT_SKU_EXISTS");
    expect(variantOf((await api("GET", v1(`/products/${product.id}`))).data.variants, "L", "Black").sku).toBe(newSku);
  });

  it("answers 404 VARIANT_NOT_FOUND for a variant of another product, 404 PRODUCT_NOT_FOUND to another seller, 400 for an empty patch", async () => {
    const seller = await sellerAccount();
    const other = await sellerAccount();
    const { product } = await createShirt(seller.token);
    const { variants: foreign } = await createShirt(seller.token);
    const missing = await api("PATCH", v1(`/products/${product.id}/variants/${foreign[0]!.id}`), { token: seller.token, body: { sku: "X-1" } });
    expect(missing.status).toBe(404);
    expect(missing.errors[0]?.code).toBe("VARIANT_NOT_FOUND");
    const notYours = await api("PATCH", v1(`/products/${product.id}/variants/${foreign[0]!.id}`), { token: other.token, body: { sku: "X-1" } });
    expect(notYours.status).toBe(404);
    expect(notYours.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
    expect((await api("PATCH", v1(`/products/${product.id}/variants/${foreign[0]!.id}`), { token: seller.token, body: {} })).status).toBe(400);
    const simple = await createProduct();
    const notItsVariant = await api("PATCH", v1(`/products/${simple.id}/variants/${foreign[0]!.id}`), { token: (await adminToken()).token, body: { sku: "X-2" } });
    expect(notItsVariant.errors[0]?.code).toBe("VARIANT_NOT_FOUND");
  });

  it("a simple product's one variant is the product: patching it changes the product's SKU and price", async () => {
    const { token } = await adminToken();
    const p = await createProduct();
    const sku = `${p.sku}-NEW`;
    const res = await api("PATCH", v1(`/products/${p.id}/variants/${p.id}`), { token, body: { sku, price: { amount: 9_900, currency: "USD" } } });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ sku, price: { amount: 9_900 }, variants: [{ id: p.id, sku, price: { amount: 9_900 } }] });
    expect((await api("POST", v1("/products"), { token, body: aProduct({ sku }) })).status).toBe(409);
    expect((await api("POST", v1("/products"), { token, body: aProduct({ sku: p.sku }) })).status).toBe(201);
  });

  it("moves the product's availability to the best of its variants' as each variant's stock changes (the seller owns each item)", async () => {
    const seller = await sellerAccount();
    const { product, variants } = await createShirt(seller.token, {
      variants: [{ sku: `V-${crypto.randomUUID().slice(0, 8)}-A`, options: { Size: "S", Colour: "Black" }, initialStock: 0 },
        { sku: `V-${crypto.randomUUID().slice(0, 8)}-B`, options: { Size: "M", Colour: "Black" }, initialStock: 3 }],
    });
    expect(product.availability).toBe("LOW_STOCK");
    const [empty, low] = variants;
    const adjust = async (id: string, delta: number) => expect((await api("POST", v1(`/inventory/${id}/adjustments`), { token: seller.token, body: { delta, reason: "COUNT" } })).status).toBe(200);
    const availability = async () => (await api("GET", v1(`/products/${product.id}`))).data as { availability: string; variants: VariantView[] };

    await adjust(low!.id, -3);
    await settle();
    expect((await availability()).availability).toBe("OUT_OF_STOCK");
    await adjust(empty!.id, 20);
    await settle();
    const after = await availability();
    expect(after.availability).toBe("IN_STOCK");
    expect(after.variants.map((v) => v.availability)).toEqual(["IN_STOCK", "OUT_OF_STOCK"]);
    expect((await itemStub(env, low!.id).snapshot())?.available).toBe(0);
  });
});
