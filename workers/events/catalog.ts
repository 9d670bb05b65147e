import { z } from "zod";

// One schema per event type of the catalogue (contract §4). Payloads are validated on publish and on consume.
const id = z.string().min(1).max(64);
const money = z.object({ amount: z.number().int().min(0), currency: z.literal("USD") });
const quantity = z.number().int().min(1);
// variantId, sku, options: which variant of the product (its inventory item); absent on events published before
// variants existed, whose items were simple products' (the variant id is then the product id).
const orderItem = z.object({ productId: id, variantId: id.optional(), sku: z.string().nullable().optional(), options: z.record(z.string(), z.string()).optional(), quantity });
const pricedItem = orderItem.extend({ name: z.string(), unitPrice: money });
const returnItem = z.object({ variantId: id, productId: id, quantity });
const cancellationReason = z.enum(["CUSTOMER_REQUEST", "PAYMENT_DECLINED", "INSUFFICIENT_STOCK", "RESERVATION_EXPIRED"]);

export const EventSchemas = {
  CustomerRegistered: z.object({ customerId: id, name: z.string(), email: z.string() }),
  CustomerProfileUpdated: z.object({ customerId: id, name: z.string(), email: z.string(), changedFields: z.array(z.string()) }),
  SellerRegistered: z.object({ sellerId: id, name: z.string(), email: z.string() }),
  ProductCreated: z.object({
    productId: id, sku: z.string(), name: z.string(), price: money, sellerId: id.nullable(),
    initialStock: z.number().int().min(0), reorderPoint: z.number().int().min(0),
    // Only for a product created with options: each variant is its own inventory item, keyed by variantId.
    variants: z.array(z.object({
      variantId: id, sku: z.string(), options: z.record(z.string(), z.string()), price: money,
      initialStock: z.number().int().min(0), reorderPoint: z.number().int().min(0),
    })).optional(),
  }),
  ProductUpdated: z.object({
    productId: id, changedFields: z.array(z.string()), price: money, name: z.string(),
    status: z.enum(["ACTIVE", "DISCONTINUED"]),
    // The variant a PATCH /products/{id}/variants/{variantId} changed, as it now is.
    variant: z.object({ variantId: id, sku: z.string(), price: money }).optional(),
  }),
  ProductPriceChanged: z.object({ productId: id, oldPrice: money, newPrice: money }),
  OrderCreated: z.object({ orderId: id, customerId: id, items: z.array(pricedItem), subtotal: money }),
  OrderSubmitted: z.object({
    orderId: id, customerId: id, items: z.array(orderItem), total: money,
    paymentMethod: z.object({ type: z.literal("CARD"), token: z.string() }),
  }),
  InventoryReserved: z.object({ orderId: id, items: z.array(orderItem), reservedUntil: z.string() }),
  // variantId: the item short of stock (absent on events from before variants: the product's own item).
  InventoryReservationFailed: z.object({ orderId: id, productId: id, variantId: id.optional(), requested: z.number().int(), available: z.number().int() }),
  PaymentAuthorized: z.object({ paymentId: id, orderId: id, amount: money }),
  PaymentFailed: z.object({ paymentId: id, orderId: id, reason: z.string() }),
  PaymentRefunded: z.object({ paymentId: id, refundId: id, orderId: id, amount: money, reason: z.string() }),
  OrderConfirmed: z.object({ orderId: id, customerId: id, total: money, items: z.array(orderItem) }),
  OrderCancelled: z.object({ orderId: id, customerId: id, reason: cancellationReason, items: z.array(orderItem) }),
  InventoryFulfilled: z.object({ orderId: id, items: z.array(orderItem) }),
  InventoryReservationExpired: z.object({ orderId: id, productId: id, quantity }),
  LowStockAlert: z.object({ productId: id, available: z.number().int().min(0), reorderPoint: z.number().int().min(0) }),
  InventoryReplenished: z.object({ productId: id, available: z.number().int().min(0) }),
  ShipmentCreated: z.object({ shipmentId: id, orderId: id, carrier: z.string(), trackingNumber: z.string() }),
  ShipmentDispatched: z.object({ shipmentId: id, orderId: id }),
  ShipmentDelivered: z.object({ shipmentId: id, orderId: id, items: z.array(orderItem) }),
  ReviewSubmitted: z.object({ reviewId: id, productId: id, customerId: id, rating: z.number().int().min(1).max(5) }),
  ReviewApproved: z.object({ reviewId: id, productId: id, customerId: id, rating: z.number().int().min(1).max(5) }),
  ReviewRejected: z.object({ reviewId: id, productId: id, customerId: id, reason: z.string() }),
  PromotionRedeemed: z.object({ promotionId: id, code: z.string(), orderId: id, customerId: id, discount: money }),
  ReturnRequested: z.object({ returnId: id, orderId: id, customerId: id, items: z.array(returnItem), refundAmount: money, reason: z.string() }),
  // paymentId: the order's captured payment the refund goes to (null: the order was never paid, nothing to refund).
  ReturnReceived: z.object({ returnId: id, orderId: id, customerId: id, items: z.array(returnItem), refundAmount: money, paymentId: id.nullable() }),
  ReturnRejected: z.object({ returnId: id, orderId: id, customerId: id, reason: z.string() }),
} as const;

export type EventType = keyof typeof EventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof EventSchemas)[T]>;
export const EVENT_TYPES = Object.keys(EventSchemas) as EventType[];

export type AggregateType = "InventoryReservation" | "Customer" | "Seller" | "Product" | "InventoryItem" | "Order" | "Payment" | "Shipment" | "Review" | "Promotion" | "Return";

/** The aggregate each event belongs to (one publisher per event type). */
export const AGGREGATE_OF: Record<EventType, AggregateType> = {
  CustomerRegistered: "Customer",
  CustomerProfileUpdated: "Customer",
  SellerRegistered: "Seller",
  ProductCreated: "Product",
  ProductUpdated: "Product",
  ProductPriceChanged: "Product",
  OrderCreated: "Order",
  OrderSubmitted: "Order",
  InventoryReserved: "InventoryReservation",
  InventoryReservationFailed: "InventoryReservation",
  PaymentAuthorized: "Payment",
  PaymentFailed: "Payment",
  PaymentRefunded: "Payment",
  OrderConfirmed: "Order",
  OrderCancelled: "Order",
  InventoryFulfilled: "InventoryReservation",
  InventoryReservationExpired: "InventoryItem",
  LowStockAlert: "InventoryItem",
  InventoryReplenished: "InventoryItem",
  ShipmentCreated: "Shipment",
  ShipmentDispatched: "Shipment",
  ShipmentDelivered: "Shipment",
  ReviewSubmitted: "Review",
  ReviewApproved: "Review",
  ReviewRejected: "Review",
  PromotionRedeemed: "Promotion",
  ReturnRequested: "Return",
  ReturnReceived: "Return",
  ReturnRejected: "Return",
};
