// The demo catalogue `npm start` seeds: a few products with stock, one of them already below its reorder point.
export const DEMO_PRODUCTS = [
  { sku: "DEMO-TRAIL-SHOE", name: "Trail Running Shoe", description: "Light, grippy, waterproof.", price: { amount: 12900, currency: "USD" }, category: "footwear", initialStock: 40, reorderPoint: 5 },
  { sku: "DEMO-WOOL-SOCKS", name: "Merino Wool Socks", description: "Three pairs, cushioned heel.", price: { amount: 2400, currency: "USD" }, category: "apparel", initialStock: 120, reorderPoint: 20 },
  { sku: "DEMO-RAIN-JACKET", name: "Packable Rain Jacket", description: "2.5-layer shell, 210 g.", price: { amount: 18900, currency: "USD" }, category: "apparel", initialStock: 25, reorderPoint: 5 },
  { sku: "DEMO-HEADLAMP", name: "Rechargeable Headlamp", description: "400 lumens, USB-C.", price: { amount: 4900, currency: "USD" }, category: "gear", initialStock: 60, reorderPoint: 10 },
  { sku: "DEMO-WATER-FILTER", name: "Squeeze Water Filter", description: "0.1 micron hollow fibre.", price: { amount: 3900, currency: "USD" }, category: "gear", initialStock: 30, reorderPoint: 8 },
  // Below its reorder point from the start: it shows LOW_STOCK and raises a LowStockAlert.
  { sku: "DEMO-TREKKING-POLES", name: "Carbon Trekking Poles", description: "Pair, flick-lock, 480 g.", price: { amount: 15900, currency: "USD" }, category: "gear", initialStock: 3, reorderPoint: 5 },
];

// Shipping and tax (contract §6), so the first cart and order already show a fee and a tax line: two options for the
// storefront's default country (US) and the demo's (PT), an exclusive US rate (added to the total) and Portugal's
// VAT, inclusive (reported, the total unchanged). Options are matched by name on a second start (POST would add them
// again); a rate is a PUT, the same every time.
export const DEMO_SHIPPING_OPTIONS = [
  { name: "Standard", countries: ["US", "PT"], amount: { amount: 500, currency: "USD" } },
  { name: "Express", countries: ["US", "PT"], amount: { amount: 1500, currency: "USD" } },
];
export const DEMO_TAX_RATES = { US: { rateBasisPoints: 800, inclusive: false }, PT: { rateBasisPoints: 2300, inclusive: true } };
