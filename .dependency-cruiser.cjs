// The boundaries between bounded contexts (issue 16), checked by `npm run test:boundaries` (part of `npm test`):
// scripts/check-boundaries.mjs runs dependency-cruiser with the import rules below and scans every context's files
// for the D1 bindings it uses (a binding is not an import, so dependency-cruiser cannot see it).
//
// A context is its worker folder plus its Durable Objects and its tables. Its public surface is its `index.ts`
// (workers/<context>/index.ts): the only module another context may import. No context has one yet, so every
// import that crosses a boundary today is listed in EXCEPTIONS with why it exists and the issue-sized step that
// removes it. A new crossing fails the check; fixing it means importing the other context's index.ts (or sending
// an event), not adding an exception.

/** Each context's folders. Operations owns the webhooks (integrations), as architecture.md says. */
const CONTEXTS = {
  cart: ["workers/cart", "durable-objects/cart", "schema/cart"],
  customer: ["workers/customer", "schema/customer"],
  inventory: ["workers/inventory", "durable-objects/inventory-item", "schema/inventory"],
  notification: ["workers/notification", "schema/notification"],
  operations: ["workers/operations", "workers/integrations", "durable-objects/event-log", "schema/operations"],
  order: ["workers/order", "durable-objects/order", "schema/order"],
  payment: ["workers/payment", "schema/payment"],
  product: ["workers/product", "schema/product"],
  promotion: ["workers/promotion", "schema/promotion"],
  review: ["workers/review", "schema/review"],
  seller: ["workers/seller", "schema/seller"],
  shipping: ["workers/shipping", "schema/shipping"],
};

/** Each context's D1 binding (wrangler.toml): only that context's files may name it. */
const DATABASES = Object.fromEntries(Object.keys(CONTEXTS).map((c) => [c, `DB_${c.toUpperCase()}`]));

/** Shared infrastructure every context builds on; it must know no context (or every context would know every other). */
const SHARED = ["workers/kernel", "workers/events", "durable-objects/shared", "schema/shared"];

/** Pure deciders: business rules with no env, no clock, no I/O (style.md, habit 2). */
const DECIDERS = [
  "^durable-objects/(order/(order|returns)|cart/cart|inventory-item/(inventory-item|shards))\\.ts$",
  "^workers/[^/]+/[^/]*domain\\.ts$",
];

/** The modules under workers/ that do no I/O, so a decider may import them (if the context rule allows it). */
const PURE = [
  "^workers/[^/]+/[^/]*(domain|schemas)\\.ts$",
  "^workers/kernel/(money|result|totals|return-refund|schema|errors)\\.ts$",
];

const dir = (folders) => `^(${folders.join("|")})/`;
const exactly = (file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;

// The plans, each one issue-sized; several exceptions go away with the same step.
const PLAN = {
  address:
    "Move the shipping-address value (ShippingAddressSchema in cart/domain.ts, ShippingAddress in order/order.ts) " +
    "to workers/kernel/address.ts: cart, order, customer and shipping all carry a copy of it, so it is shared " +
    "language, not one context's internals.",
  optionCopy:
    "Move OptionCopy (plain data: the option copied onto a cart or order) from shipping/quote.ts to " +
    "shipping/schemas.ts and export it from workers/shipping/index.ts; the deciders then import a pure module.",
  shippingIndex:
    "workers/shipping/index.ts exports quoteShipping, chargesOf, ShippingTarget and shipmentSummary; importers " +
    "switch to it.",
  orderIndex:
    "workers/order/index.ts exports orderStub, OrderState/ShippingAddress types, OrderSchema/orderView and " +
    "refundIdOf; the order context mints order ids (issue 16, part 3), so the cart hands over lines, not an id.",
  inventoryIndex:
    "workers/inventory/index.ts exports itemStub and sumByProduct; the order object calls stock through it " +
    "(or, better, reacts to inventory events only), so it stops knowing inventory's files.",
  promotionIndex:
    "workers/promotion/index.ts exports evaluate, PromotionTerms, readTerms, termsOf, redeemPromotion and " +
    "restoreRedemption; the cart and order objects import it.",
  productIndex:
    "workers/product/index.ts exports readProduct, loadProduct, productRow, the cache's lookup/fill and " +
    "productCacheStats; cart, review and operations import it.",
  customerIndex:
    "workers/customer/index.ts (the seller, notification and order contexts already use it) also exports the " +
    "credential schemas once they live in customer/schemas.ts (see credentialsSplit).",
  credentialsSplit:
    "Split customer/credentials.ts: the zod rules go to customer/schemas.ts (pure), registrationLimit (a rate " +
    "limiter reading env) to customer/rate-limits.ts; the domain files then import only the schemas.",
  paymentIndex:
    "Rename payment/payment-method.ts (pure token rules) to payment/domain.ts and export validatePaymentMethod, " +
    "TOKEN, CARD_NUMBER and paymentSummary from workers/payment/index.ts.",
  returnSchemas:
    "Move ReturnSchema and returnView from order/returns.ts (D1 queries) to order/schemas.ts; order/domain.ts " +
    "imports the pure module.",
  errorHandoff:
    "Move operations/error-handoff.ts (and error-tags.ts) to workers/kernel/: every object reports errors through " +
    "it, it imports only the kernel's logging, and its queue consumer stays in operations.",
  kernelTables:
    "Move the idempotency_keys table to schema/shared (it is the kernel's own store, kept in the operations " +
    "database), and let the customer context prune its login_replies from its own scheduled maintenance.",
  eventObservers:
    "Invert the dependency: the relay and the consumer take their observers (event log, webhook subscriptions, " +
    "dead-letter sink) from workers/index.ts, the composition root, instead of importing operations' modules; " +
    "the dead_letters table moves with the sink.",
  savedAddress:
    "The cart passes the saved address it read through customer's index.ts (customer's own query of its own " +
    "database) to quoteShipping, so shipping reads only DB_SHIPPING.",
};

// Every crossing in the code today (`npm run test:boundaries` lists them when this array is emptied). `rule` names
// the rule each one is an exception to; `to` is a module, or a D1 binding for no-foreign-database.
const x = (rule, from, to, reason, plan) => ({ rule, from, to, reason, plan });
const EXCEPTIONS = [
  // no-context-internals
  x("no-context-internals", "workers/cart/domain.ts", "durable-objects/order/order.ts", "the cart copies the order's ShippingAddress type", PLAN.address),
  x("no-context-internals", "workers/cart/domain.ts", "workers/shipping/quote.ts", "a cart line of charges embeds the shipping option copy", PLAN.optionCopy),
  x("no-context-internals", "workers/cart/routes.ts", "durable-objects/order/order.ts", "checkout's request body is typed with the order's ShippingAddress", PLAN.address),
  x("no-context-internals", "workers/cart/routes.ts", "workers/order/domain.ts", "checkout answers with the created order's view", PLAN.orderIndex),
  x("no-context-internals", "workers/cart/routes.ts", "workers/shipping/quote.ts", "the shipping quote route is typed with ShippingTarget", PLAN.shippingIndex),
  x("no-context-internals", "workers/cart/service.ts", "durable-objects/order/order.ts", "checkout reads the created order's state", PLAN.orderIndex),
  x("no-context-internals", "workers/cart/service.ts", "workers/inventory/stub.ts", "the cart reads availability from the item objects", PLAN.inventoryIndex),
  x("no-context-internals", "workers/cart/service.ts", "workers/product/read-product.ts", "adding a line reads the product (price, status)", PLAN.productIndex),
  x("no-context-internals", "workers/cart/service.ts", "workers/promotion/redemption.ts", "applying a code reads the promotion's terms", PLAN.promotionIndex),
  x("no-context-internals", "workers/cart/service.ts", "workers/shipping/quote.ts", "the cart quotes shipping for its address", PLAN.shippingIndex),
  x("no-context-internals", "durable-objects/cart/cart.ts", "durable-objects/order/order.ts", "the cart decider copies the order's ShippingAddress type", PLAN.address),
  x("no-context-internals", "durable-objects/cart/cart.ts", "workers/product/domain.ts", "a cart line copies the product's (variant's) price and name from its Product type", PLAN.productIndex),
  x("no-context-internals", "durable-objects/cart/cart.ts", "workers/promotion/domain.ts", "the cart's totals evaluate the applied promotion", PLAN.promotionIndex),
  x("no-context-internals", "durable-objects/cart/cart.ts", "workers/shipping/quote.ts", "the cart state holds the chosen option copy", PLAN.optionCopy),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "durable-objects/order/order.ts", "checkout hands the order object its ShippingAddress and reads its state", PLAN.orderIndex),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "workers/order/stub.ts", "checkout creates the order through its object", PLAN.orderIndex),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "workers/product/cache.ts", "the cart object reads prices from the edge product cache", PLAN.productIndex),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "workers/product/service.ts", "a cache miss loads the product from its database", PLAN.productIndex),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "workers/promotion/domain.ts", "the cart object evaluates the applied promotion", PLAN.promotionIndex),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "workers/promotion/redemption.ts", "applying a code reads the promotion's terms", PLAN.promotionIndex),
  x("no-context-internals", "durable-objects/cart/cart-object.ts", "workers/shipping/quote.ts", "the cart object quotes shipping and tax", PLAN.shippingIndex),
  x("no-context-internals", "workers/customer/address-domain.ts", "workers/cart/domain.ts", "a saved address reuses the cart's ShippingAddressSchema", PLAN.address),
  x("no-context-internals", "workers/operations/product-cache-adapter.ts", "workers/product/cache-stats.ts", "/admin/metrics shows the product cache's hit rate", PLAN.productIndex),
  x("no-context-internals", "workers/order/domain.ts", "workers/cart/domain.ts", "the order's request schema reuses the cart's address and charge fields", PLAN.address),
  x("no-context-internals", "workers/order/domain.ts", "workers/payment/payment-method.ts", "the order's request schema checks the card token's form", PLAN.paymentIndex),
  x("no-context-internals", "workers/order/service.ts", "workers/payment/payment-method.ts", "submitting an order validates the payment method", PLAN.paymentIndex),
  x("no-context-internals", "workers/order/service.ts", "workers/payment/payment-queries.ts", "the order read includes its payment summary", PLAN.paymentIndex),
  x("no-context-internals", "workers/order/service.ts", "workers/shipping/shipment-queries.ts", "the order read includes its shipment summary", PLAN.shippingIndex),
  x("no-context-internals", "durable-objects/order/order.ts", "workers/shipping/quote.ts", "the order state holds the chosen option copy", PLAN.optionCopy),
  x("no-context-internals", "durable-objects/order/order-object.ts", "workers/inventory/service.ts", "the order object sums its lines per product as inventory does", PLAN.inventoryIndex),
  x("no-context-internals", "durable-objects/order/order-object.ts", "workers/inventory/stub.ts", "the order object calls the item objects to reserve and release", PLAN.inventoryIndex),
  x("no-context-internals", "durable-objects/order/order-object.ts", "workers/operations/error-handoff.ts", "the object hands its errors to the error-reports queue", PLAN.errorHandoff),
  x("no-context-internals", "durable-objects/order/order-object.ts", "workers/promotion/redemption.ts", "the order object redeems and restores the promotion", PLAN.promotionIndex),
  x("no-context-internals", "durable-objects/inventory-item/inventory-item-object.ts", "workers/operations/error-handoff.ts", "the object hands its errors to the error-reports queue", PLAN.errorHandoff),
  x("no-context-internals", "workers/payment/payment-queries.ts", "workers/order/stub.ts", "a customer with no payment yet is told apart by the order's owner", PLAN.orderIndex),
  x("no-context-internals", "workers/payment/refund-return.ts", "durable-objects/order/returns.ts", "a return's refund id is derived from the return id", PLAN.orderIndex),
  x("no-context-internals", "workers/review/routes.ts", "workers/product/service.ts", "the product's reviews page reads the product", PLAN.productIndex),
  x("no-context-internals", "workers/seller/domain.ts", "workers/customer/credentials.ts", "seller registration uses the customer's credential rules", PLAN.customerIndex),
  x("no-context-internals", "workers/shipping/quote.ts", "durable-objects/order/order.ts", "a quote is typed with the order's ShippingAddress", PLAN.address),
  x("no-context-internals", "workers/shipping/quote.ts", "schema/customer/tables.ts", "a quote for a saved address reads the customer's addresses table", PLAN.savedAddress),
  // shared-imports-no-context
  x("shared-imports-no-context", "workers/kernel/idempotency.ts", "schema/operations/tables.ts", "idempotency keys are stored in the operations database", PLAN.kernelTables),
  x("shared-imports-no-context", "workers/kernel/idempotency.ts", "schema/customer/tables.ts", "the key pruner also prunes the customer's login replies", PLAN.kernelTables),
  x("shared-imports-no-context", "workers/events/outbox.ts", "workers/operations/event-log.ts", "the relay records every published event in the event log", PLAN.eventObservers),
  x("shared-imports-no-context", "workers/events/outbox.ts", "workers/integrations/subscriptions.ts", "the relay sends only subscribed events to the webhook queue", PLAN.eventObservers),
  x("shared-imports-no-context", "workers/events/consumer.ts", "workers/operations/event-log.ts", "the consumer records delivery states in the event log", PLAN.eventObservers),
  x("shared-imports-no-context", "workers/events/consumer.ts", "schema/operations/tables.ts", "the consumer writes dead letters to the operations database", PLAN.eventObservers),
  // deciders-import-no-io
  x("deciders-import-no-io", "workers/cart/domain.ts", "workers/shipping/quote.ts", "OptionCopy is declared beside the quote's D1 reads", PLAN.optionCopy),
  x("deciders-import-no-io", "durable-objects/cart/cart.ts", "workers/shipping/quote.ts", "OptionCopy is declared beside the quote's D1 reads", PLAN.optionCopy),
  x("deciders-import-no-io", "durable-objects/order/order.ts", "workers/shipping/quote.ts", "OptionCopy is declared beside the quote's D1 reads", PLAN.optionCopy),
  x("deciders-import-no-io", "workers/customer/domain.ts", "workers/customer/credentials.ts", "the credential schemas share a file with the registration rate limiter", PLAN.credentialsSplit),
  x("deciders-import-no-io", "workers/seller/domain.ts", "workers/customer/credentials.ts", "the credential schemas share a file with the registration rate limiter", PLAN.credentialsSplit),
  x("deciders-import-no-io", "workers/order/domain.ts", "workers/order/returns.ts", "the return's schema is declared beside the returns' D1 queries", PLAN.returnSchemas),
  x("deciders-import-no-io", "workers/order/domain.ts", "workers/payment/payment-method.ts", "the token rules are pure but not in a domain module", PLAN.paymentIndex),
  // no-foreign-database
  x("no-foreign-database", "workers/shipping/quote.ts", "DB_CUSTOMER", "a quote for a saved address reads it from the customer database", PLAN.savedAddress),
];

// A rule applies to every module its `from` matches, except the pairs EXCEPTIONS names: files with exceptions get a
// rule of their own whose `to.pathNot` also lists their allowed targets (dependency-cruiser has no per-pair exclusion).
function forbid({ name, comment, from, fromNot = [], to, toNot = [] }, exceptions) {
  const matches = (file) => [from].flat().some((re) => new RegExp(re).test(file));
  const mine = exceptions.filter((e) => e.rule === name && matches(e.from));
  const files = [...new Set(mine.map((e) => e.from))];
  const rule = (path, pathNot, extraToNot) => ({
    name,
    severity: "error",
    comment,
    from: { path, ...(pathNot.length ? { pathNot } : {}) },
    to: { path: to, ...(toNot.length + extraToNot.length ? { pathNot: [...toNot, ...extraToNot] } : {}) },
  });
  return [
    rule(from, [...fromNot, ...files.map(exactly)], []),
    ...files.map((f) => rule(exactly(f), [], mine.filter((e) => e.from === f).map((e) => exactly(e.to)))),
  ];
}

function rules(exceptions) {
  const contextRules = Object.entries(CONTEXTS).flatMap(([context, folders]) => {
    const others = Object.entries(CONTEXTS).filter(([c]) => c !== context).flatMap(([, f]) => f);
    return forbid(
      {
        name: "no-context-internals",
        comment:
          `${context} imports another context's internals. A context may import another only through its public ` +
          "module (workers/<context>/index.ts), so that its files can change without breaking its neighbours.",
        from: dir(folders),
        to: dir(others),
        toNot: ["^workers/[^/]+/index\\.ts$"],
      },
      exceptions,
    );
  });
  return [
    ...contextRules,
    ...forbid(
      {
        name: "shared-imports-no-context",
        comment:
          "The kernel and the event backbone import no context: every context depends on them, so a context import " +
          "here would make every context depend on that one.",
        from: dir(SHARED),
        to: dir(Object.values(CONTEXTS).flat()),
      },
      exceptions,
    ),
    ...forbid(
      {
        name: "deciders-import-no-io",
        comment:
          "A pure decider (durable-objects/<object>/<decider>.ts, workers/<context>/domain.ts) imports no I/O module " +
          "from workers/: its rules must be testable with no env, no database and no clock.",
        from: DECIDERS,
        to: "^workers/",
        toNot: PURE,
      },
      exceptions,
    ),
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment:
        "An import dependency-cruiser cannot resolve escapes every rule above, so it fails the check too (the " +
        "workerd runtime's own `cloudflare:` modules exist only at run time).",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ];
}

function config(exceptions) {
  const result = {
    forbidden: rules(exceptions),
    options: {
      // `import type` couples modules as much as a value import does: the boundary is about knowledge, not bundles.
      tsPreCompilationDeps: true,
      doNotFollow: { path: "node_modules" },
      tsConfig: { fileName: "tsconfig.json" },
      // Resolve packages the way the bundler does (hono's subpath imports exist only in its `exports` map).
      enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"] },
      exclude: { path: "\\.d\\.ts$" },
    },
  };
  // dependency-cruiser rejects keys it does not know, so what only scripts/check-boundaries.mjs reads is not enumerable.
  Object.defineProperties(result, {
    boundaries: { value: { contexts: CONTEXTS, databases: DATABASES, exceptions } },
    withExceptions: { value: config },
  });
  return result;
}

module.exports = config(EXCEPTIONS);
