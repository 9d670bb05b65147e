import type { Rejected } from "./result";

// The one place that maps error codes to HTTP statuses (style.md, habit 5).
const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_CURSOR: 400,
  VARIANT_REQUIRED: 400,
  INVALID_CONSISTENCY_TOKEN: 400,
  PAYMENT_METHOD_INVALID: 400,
  WEBHOOK_URL_NOT_ALLOWED: 400,
  PROMOTION_DATES_OUT_OF_ORDER: 400,
  PRODUCT_VARIANTS_INVALID: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_TOKEN: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_REFRESH_INVALID: 401,
  LIVE_TICKET_INVALID: 401,
  FORBIDDEN: 403,
  REVIEW_NOT_PURCHASED: 403,
  CUSTOMER_INACTIVE: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  VARIANT_NOT_FOUND: 404,
  INVENTORY_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  SELLER_NOT_FOUND: 404,
  SHIPMENT_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  REVIEW_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  CART_ITEM_NOT_FOUND: 404,
  ADDRESS_NOT_FOUND: 404,
  SHIPPING_OPTION_NOT_FOUND: 404,
  RETURN_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRODUCT_SKU_EXISTS: 409,
  PRODUCT_NOT_AVAILABLE: 409,
  CUSTOMER_EMAIL_EXISTS: 409,
  SELLER_EMAIL_EXISTS: 409,
  INVENTORY_NEGATIVE_STOCK: 409,
  INVENTORY_ALREADY_EXISTS: 409,
  CART_INSUFFICIENT_STOCK: 409,
  CART_EMPTY: 409,
  CART_TOO_MANY_LINES: 409,
  CART_QUANTITY_LIMIT: 409,
  ORDER_INVALID_STATE: 409,
  ORDER_CANNOT_BE_CANCELLED: 409,
  PROMOTION_NOT_APPLICABLE: 409,
  PROMOTION_EXPIRED: 409,
  PROMOTION_USAGE_LIMIT_REACHED: 409,
  PROMOTION_CODE_EXISTS: 409,
  REVIEW_ALREADY_SUBMITTED: 409,
  REVIEW_INVALID_STATE: 409,
  SHIPMENT_INVALID_TRANSITION: 409,
  WEBHOOK_DELIVERY_NOT_DEAD: 409,
  ADDRESS_LIMIT_REACHED: 409,
  ADDRESS_DEFAULT_REQUIRED: 409,
  REFUND_NOT_ALLOWED: 409,
  REFUND_AMOUNT_EXCEEDS_ORIGINAL: 409,
  RETURN_NOT_ALLOWED: 409,
  RETURN_QUANTITY_EXCEEDED: 409,
  RETURN_INVALID_STATE: 409,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  AUTH_ACCOUNT_LOCKED: 423,
  UPGRADE_REQUIRED: 426,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  AUTH_NOT_CONFIGURED: 503,
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 409;
}

export interface ApiErrorItem {
  code: string;
  message: string;
  field?: string;
}

/** Thrown by route code to answer with an error envelope; caught by the single error handler. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiErrorItem[];
  readonly headers: Record<string, string>;
  constructor(code: string, message: string, field?: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = statusForCode(code);
    this.errors = [field ? { code, message, field } : { code, message }];
    this.headers = headers;
  }
  static fromRejection(r: Rejected): ApiError {
    return new ApiError(r.code, r.message, r.field);
  }
  static many(status: number, errors: ApiErrorItem[]): ApiError {
    const e = new ApiError(errors[0]?.code ?? "VALIDATION_FAILED", errors[0]?.message ?? "invalid request");
    (e as { status: number }).status = status;
    (e as { errors: ApiErrorItem[] }).errors = errors;
    return e;
  }
}
