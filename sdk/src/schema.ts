// Generated from /openapi.json by openapi-typescript (npm run sdk:generate). Do not edit.

export interface paths {
    "/api/v1/admin/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Messages that exhausted their retries (or were malformed), newest first
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    context?: "inventory" | "order" | "payment" | "shipping" | "notification" | "cart" | "product" | "promotion" | "review" | "seller" | "integrations" | "operations";
                    cursor?: string;
                    limit?: number;
                    /** @description false: only those not replayed yet */
                    replayed?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Dead letters */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["DeadLetter"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dead-letters/{context}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-deliver the context's unreplayed dead letters to its inbox queue */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    context: "inventory" | "order" | "payment" | "shipping" | "notification" | "cart" | "product" | "promotion" | "review" | "seller" | "integrations" | "operations";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description How many were re-sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                context: string;
                                replayed: number;
                                skippedMalformed: number;
                            };
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recorded domain events, oldest first, with delivery state per subscriber
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    aggregateId?: string;
                    cursor?: string;
                    limit?: number;
                    orderId?: string;
                    type?: "CustomerRegistered" | "CustomerProfileUpdated" | "SellerRegistered" | "ProductCreated" | "ProductUpdated" | "ProductPriceChanged" | "OrderCreated" | "OrderSubmitted" | "InventoryReserved" | "InventoryReservationFailed" | "PaymentAuthorized" | "PaymentFailed" | "PaymentRefunded" | "OrderConfirmed" | "OrderCancelled" | "InventoryFulfilled" | "InventoryReservationExpired" | "LowStockAlert" | "InventoryReplenished" | "ShipmentCreated" | "ShipmentDispatched" | "ShipmentDelivered" | "ReviewSubmitted" | "ReviewApproved" | "ReviewRejected" | "PromotionRedeemed" | "ReturnRequested" | "ReturnReceived" | "ReturnRejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Events with their correlationId and deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["RecordedEvent"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/inventory/{productId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit one item's stock against its ledger, holds and order decisions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description consistent, and each discrepancy with its code, expected and actual values */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["StockAudit"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/inventory/audits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Audit every item, one bounded page per call
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this route issued
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["StockAuditSweepRequest"];
                };
            };
            responses: {
                /** @description How many items this page checked, the inconsistent ones, and the cursor of the next page (null at the end) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["StockAuditSweep"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Event lag, processing time, error rate, throughput, outbox and dead letters per context; request metrics (last 15 min) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Metrics over the rolling window */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Metrics"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Returns, oldest first, optionally of one status (admin)
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "REQUESTED" | "RECEIVED" | "REFUNDED" | "REJECTED";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of returns */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Return"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/returns/{id}/receive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The returned units arrived: restock them and refund the return (admin)
         * @description Besides the schemas, the server checks:
         *     - 404 `RETURN_NOT_FOUND`: no such return
         *     - 409 `RETURN_INVALID_STATE`: the return was REJECTED
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RECEIVED: each unit goes back on hand (adjustment reason RETURN) and one refund of refundAmount is issued; REFUNDED once it succeeded. A refund the gateway refused is asked again with backoff; receiving a RECEIVED return again issues that same refund again at once (same refund id, so it is refunded at most once). Otherwise receiving again changes nothing */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Return"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/returns/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a requested return (admin)
         * @description Besides the schemas, the server checks:
         *     - 404 `RETURN_NOT_FOUND`: no such return
         *     - 409 `RETURN_INVALID_STATE`: the return is not REQUESTED
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RejectReturn"];
                };
            };
            responses: {
                /** @description REJECTED; its units can be asked for again */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Return"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/shipping-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Offer a shipping option (admin) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewShippingOption"];
                };
            };
            responses: {
                /** @description The option (sop_…); existing orders keep the fee they were charged */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ShippingOption"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/shipping-options/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a shipping option (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The option is withdrawn; orders that used it keep their snapshot */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                            };
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/tax-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every tax rate (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One rate per country, by country code; a country without one is taxed 0 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["TaxRate"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/tax-rates/{country}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a country's tax rate (admin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    country: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TaxRateInput"];
                };
            };
            responses: {
                /** @description The country's rate; tax is on subtotal − discount + shipping fee, half up, once per cart or order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["TaxRate"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Subscribe a URL to event types; deliveries are signed with Standard Webhooks headers
         * @description Besides the schemas, the server checks:
         *     - 400 `WEBHOOK_URL_NOT_ALLOWED`: deployed, the url must use https and must not point at a private, loopback or link-local address
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateWebhook"];
                };
            };
            responses: {
                /** @description The webhook with its signing secret (shown once) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's subscription and health: ACTIVE, or DISABLED after failing for 3 days */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The webhook (without its secret) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookState"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every delivery attempt of a webhook, oldest first, then the retries still scheduled
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Attempts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDeliveryAttempt"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a DEAD delivery: it gets the whole retry schedule again
         * @description Besides the schemas, the server checks:
         *     - 409 `WEBHOOK_DELIVERY_NOT_DEAD`: only a DEAD delivery can be replayed
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued for delivery */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                eventId: string;
                                id: string;
                                /** @enum {string} */
                                status: "PENDING";
                            };
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a webhook: ACTIVE again, and every PENDING delivery is sent (each once) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The webhook, ACTIVE */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["EnabledWebhook"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in (customers, sellers, admins) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Login"];
                };
            };
            responses: {
                /** @description Access token (HS512, 1 h) and refresh token (7 days) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["TokenPair"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Account locked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Rate limited (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new pair (rotating) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Refresh"];
                };
            };
            responses: {
                /** @description A new token pair; the old refresh token is spent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["TokenPair"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Rate limited (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/carts/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My cart at current prices */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cart (created empty on first use) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Cart"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/carts/me/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn the cart into an order (CREATED) with price and charge snapshots
         * @description Besides the schemas, the server checks:
         *     - 404 `ADDRESS_NOT_FOUND`: shippingAddressId is not one of the customer's saved addresses
         *     - 409 `CART_EMPTY`: the cart has no items
         *     - 409 `SHIPPING_ADDRESS_REQUIRED`: no address in the body and none set with PUT /carts/me/shipping
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Checkout"];
                };
            };
            responses: {
                /** @description The order; the cart is emptied */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/carts/me/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a product's variant (merges with an existing line of that variant)
         * @description Besides the schemas, the server checks:
         *     - 400 `VARIANT_REQUIRED`: the product has more than one variant and the body names none
         *     - 404 `PRODUCT_NOT_FOUND`: no such product
         *     - 404 `VARIANT_NOT_FOUND`: variantId is not one of this product's variants
         *     - 409 `PRODUCT_NOT_AVAILABLE`: the product is discontinued
         *     - 409 `CART_QUANTITY_LIMIT`: the variant's line would pass 99 units once merged with what the cart already holds
         *     - 409 `CART_TOO_MANY_LINES`: the cart already has 50 lines
         *     - 409 `CART_INSUFFICIENT_STOCK`: more units of the variant than are available
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AddCartItem"];
                };
            };
            responses: {
                /** @description The cart */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Cart"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/carts/me/items/{variantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a variant's line */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cart */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Cart"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a variant's line quantity (0 removes it)
         * @description Besides the schemas, the server checks:
         *     - 404 `CART_ITEM_NOT_FOUND`: the variant is not in the cart
         *     - 409 `CART_INSUFFICIENT_STOCK`: more units than are available
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChangeCartItem"];
                };
            };
            responses: {
                /** @description The cart */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Cart"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/carts/me/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a promotion code
         * @description Besides the schemas, the server checks:
         *     - 409 `PROMOTION_NOT_APPLICABLE`: no such code, someone else's coupon, or its conditions (minimum purchase) are not met
         *     - 409 `PROMOTION_EXPIRED`: outside the promotion's dates
         *     - 409 `PROMOTION_USAGE_LIMIT_REACHED`: the code has been used up
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApplyPromotion"];
                };
            };
            responses: {
                /** @description The cart with the discount */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Cart"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/carts/me/shipping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Choose where the cart ships and how (the cheapest option when none is named)
         * @description Besides the schemas, the server checks:
         *     - 404 `ADDRESS_NOT_FOUND`: shippingAddressId is not one of the customer's saved addresses
         *     - 409 `SHIPPING_NOT_AVAILABLE`: shippingOptionId does not ship to the address's country
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SetCartShipping"];
                };
            };
            responses: {
                /** @description The cart with its shippingAddress, shippingOption, shippingFee and tax */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Cart"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a customer
         * @description Besides the schemas, the server checks:
         *     - 409 `CUSTOMER_EMAIL_EXISTS`: an account has this email (case-insensitive)
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RegisterCustomer"];
                };
            };
            responses: {
                /** @description The new customer (STANDARD, ACTIVE); CustomerRegistered is published */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Customer"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Rate limited (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{customerId}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's orders, newest first
         * @description Besides the schemas, the server checks:
         *     - 404 `CUSTOMER_NOT_FOUND`: no such customer (an admin asking), or another customer's id (a customer asking)
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Order summaries (read model) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["OrderSummary"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My customer profile */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The signed-in customer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Customer"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change my name or phone
         * @description Besides the schemas, the server checks:
         *     - 409 `CONFLICT`: the profile was changed concurrently: read it again and retry
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateCustomerProfile"];
                };
            };
            responses: {
                /** @description The updated profile; CustomerProfileUpdated is published when something changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Customer"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/customers/me/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My saved addresses */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description At most 20; the default first, then the newest */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SavedAddress"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Save an address
         * @description Besides the schemas, the server checks:
         *     - 409 `ADDRESS_LIMIT_REACHED`: the customer already has 20 saved addresses
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewSavedAddress"];
                };
            };
            responses: {
                /** @description The saved address (adr_…) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SavedAddress"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/me/addresses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a saved address */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The addresses that remain (the newest becomes the default when the default was deleted) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SavedAddress"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a saved address, or make it the default
         * @description Besides the schemas, the server checks:
         *     - 404 `ADDRESS_NOT_FOUND`: no such address among the customer's
         *     - 409 `ADDRESS_DEFAULT_REQUIRED`: isDefault: false on the default address (make another one the default instead)
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SavedAddressPatch"];
                };
            };
            responses: {
                /** @description The changed address */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SavedAddress"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/inventory/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stock levels (its seller or an admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description onHand, reserved, available, reorderPoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InventoryLevels"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory/{productId}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adjust on-hand stock (receiving, corrections)
         * @description Besides the schemas, the server checks:
         *     - 404 `INVENTORY_NOT_FOUND`: no inventory for this product, or it belongs to another seller
         *     - 409 `INVENTORY_NEGATIVE_STOCK`: onHand would fall below what is reserved
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InventoryAdjustment"];
                };
            };
            responses: {
                /** @description The new levels */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InventoryLevels"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory/{productId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public availability of a product */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Units available now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InventoryAvailability"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory/{productId}/reorder-point": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the reorder point */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ReorderPoint"];
                };
            };
            responses: {
                /** @description The new levels */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InventoryLevels"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory/{productId}/shards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Spread a hot item's stock over 1–32 objects
         * @description Reservations of the item then go to one of that many single-writer objects (chosen from the order id, borrowing from the others when short), so one product takes more reservations per second than one object allows. Levels, availability, low-stock edges, expiry and holds stay those of the whole item; changing the count moves free stock while orders keep arriving, without losing or duplicating a unit.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InventoryShards"];
                };
            };
            responses: {
                /** @description The whole item's levels and its shard count */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InventoryShardedLevels"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My notifications, newest first
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of my notifications; metadata.nextCursor for the next */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Notification"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order with its payment, shipment and history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel before confirmation
         * @description Besides the schemas, the server checks:
         *     - 409 `ORDER_CANNOT_BE_CANCELLED`: the order is CONFIRMED or later
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CancelOrder"];
                };
            };
            responses: {
                /** @description CANCELLED with cancellationReason CUSTOMER_REQUEST */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderId}/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live order status (WebSocket)
         * @description On connect the current state, then one message per status change: {"type":"order","orderId","status","version","at","reason"}; `version` increases. Closed with 1000 after DELIVERED or CANCELLED.
         */
        get: {
            parameters: {
                query?: {
                    /** @description From POST /orders/{orderId}/live-tickets: single use, 60 s */
                    ticket?: string;
                };
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Switching Protocols: the WebSocket is open. On connect the current state, then one message per status change: {"type":"order","orderId","status","version","at","reason"}; `version` increases. Closed with 1000 after DELIVERED or CANCELLED. */
                101: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description No valid ticket (missing, forged, already used or expired) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Upgrade required: open it as a WebSocket (Upgrade: websocket) */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderId}/live-tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use ticket (60 s) to open the order's live status stream */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Pass it as ?ticket= to GET /orders/{orderId}/live */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["LiveTicket"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderId}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return delivered units (within 7 days of delivery)
         * @description Besides the schemas, the server checks:
         *     - 404 `ORDER_NOT_FOUND`: no such order, or another customer's
         *     - 409 `RETURN_NOT_ALLOWED`: the order is not DELIVERED, or was delivered more than 7 days ago
         *     - 409 `RETURN_QUANTITY_EXCEEDED`: more units of a variant than were delivered less those already returned or requested (or a variant the order does not have)
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewReturn"];
                };
            };
            responses: {
                /** @description The return, REQUESTED, with the refund its units will get */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Return"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderId}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit the order: reserve stock and authorize payment
         * @description Besides the schemas, the server checks:
         *     - 409 `ORDER_INVALID_STATE`: the order is not CREATED
         *     - 409 `PROMOTION_USAGE_LIMIT_REACHED`: the order's promotion code has been used up meanwhile (the order stays CREATED)
         *     - 409 `PROMOTION_NOT_APPLICABLE`: the order's promotion no longer applies (the order stays CREATED)
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SubmitOrder"];
                };
            };
            responses: {
                /** @description PENDING; the outcome (CONFIRMED or CANCELLED) follows asynchronously */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payments of an order (its customer or an admin) */
        get: {
            parameters: {
                query: {
                    orderId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description At most one payment per order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Payment"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{paymentId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a captured payment, partly or fully (admin)
         * @description Besides the schemas, the server checks:
         *     - 404 `PAYMENT_NOT_FOUND`: no such payment
         *     - 409 `REFUND_NOT_ALLOWED`: the payment is not CAPTURED or PARTIALLY_REFUNDED, or was captured more than 30 days ago
         *     - 409 `REFUND_AMOUNT_EXCEEDS_ORIGINAL`: all refunds together would pass the captured amount
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewRefund"];
                };
            };
            responses: {
                /** @description The refund (rfd_…): SUCCEEDED and PaymentRefunded published; FAILED if the gateway refused (nothing refunded; try again); PENDING if the gateway did not answer (retried with the same idempotency key) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Refund"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List active products
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    category?: string;
                    cursor?: string;
                    limit?: number;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of active products, by id */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Product"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a product (a seller owns what it creates)
         * @description Besides the schemas, the server checks:
         *     - 400 `PRODUCT_VARIANTS_INVALID`: options without variants or variants without options; a variant naming an unknown option or value, or missing one; a combination or SKU twice; an option or value twice
         *     - 409 `PRODUCT_SKU_EXISTS`: another product or variant has this SKU, or one of the variants' SKUs
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateProduct"];
                };
            };
            responses: {
                /** @description The created product; ProductCreated creates its inventory item */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Product"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a product (served from the product cache; ETag + If-None-Match) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "if-none-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The product with availability and rating */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Product"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not modified: the If-None-Match entity tag still matches */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a product (its seller or an admin)
         * @description Besides the schemas, the server checks:
         *     - 404 `PRODUCT_NOT_FOUND`: no such product, or it belongs to another seller
         *     - 409 `CONFLICT`: the product was changed concurrently: read it again and retry
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateProduct"];
                };
            };
            responses: {
                /** @description The updated product */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Product"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products/{id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A product's approved reviews, newest first
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of APPROVED reviews */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Review"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/variants/{variantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a variant's price or SKU (its seller or an admin); a simple product's one variant is the product
         * @description Besides the schemas, the server checks:
         *     - 404 `PRODUCT_NOT_FOUND`: no such product, or it belongs to another seller
         *     - 404 `VARIANT_NOT_FOUND`: the product has no variant with this id
         *     - 409 `PRODUCT_SKU_EXISTS`: another product or variant has this SKU
         *     - 409 `CONFLICT`: the product was changed concurrently: read it again and retry
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateVariant"];
                };
            };
            responses: {
                /** @description The product with the changed variant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Product"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products/{productId}/availability/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live availability of a product (public WebSocket)
         * @description On connect and on every change {"type":"availability","productId","available","status","version"}, coalesced to at most about 4 messages per second; the same fields as GET /inventory/{productId}/availability.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Switching Protocols: the WebSocket is open. On connect and on every change {"type":"availability","productId","available","status","version"}, coalesced to at most about 4 messages per second; the same fields as GET /inventory/{productId}/availability. */
                101: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Upgrade required: open it as a WebSocket (Upgrade: websocket) */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a promotion code
         * @description Besides the schemas, the server checks:
         *     - 400 `PROMOTION_DATES_OUT_OF_ORDER`: endsAt is not after startsAt
         *     - 409 `PROMOTION_CODE_EXISTS`: the code is taken (case-insensitive)
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreatePromotion"];
                };
            };
            responses: {
                /** @description The promotion; its code is stored upper-cased */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Promotion"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/promotions/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Coupons issued to me (the welcome coupon) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description My personal coupons, newest first, with the uses I have left */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["MyCoupon"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Moderation queue: reviews by status (PENDING by default), oldest first
         * @description Besides the schemas, the server checks:
         *     - 400 `INVALID_CURSOR`: the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "PENDING" | "APPROVED" | "REJECTED";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of reviews */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Review"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Review a product you received (one review per product)
         * @description Besides the schemas, the server checks:
         *     - 403 `REVIEW_NOT_PURCHASED`: the customer has no DELIVERED order containing the product
         *     - 409 `REVIEW_ALREADY_SUBMITTED`: one review per customer and product
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SubmitReview"];
                };
            };
            responses: {
                /** @description The review, PENDING until a moderator decides */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Review"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviews/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a PENDING review (publishes its rating)
         * @description Besides the schemas, the server checks:
         *     - 409 `REVIEW_INVALID_STATE`: the review is not PENDING
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The APPROVED review */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Review"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviews/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a PENDING review with a reason
         * @description Besides the schemas, the server checks:
         *     - 409 `REVIEW_INVALID_STATE`: the review is not PENDING
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RejectReview"];
                };
            };
            responses: {
                /** @description The REJECTED review */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Review"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sellers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a seller (logs in at /auth/login)
         * @description Besides the schemas, the server checks:
         *     - 409 `SELLER_EMAIL_EXISTS`: an account has this email (case-insensitive)
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RegisterSeller"];
                };
            };
            responses: {
                /** @description The new seller; SellerRegistered is published */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Seller"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Rate limited (see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sellers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public seller profile */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Name and status (the email stays private) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PublicSeller"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shipments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A shipment with its history (its customer or an admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The shipment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Shipment"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shipments/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a carrier event (admin)
         * @description Besides the schemas, the server checks:
         *     - 409 `SHIPMENT_INVALID_TRANSITION`: the shipment cannot move to that status from where it is
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Stripe-style idempotency key (1–255 chars), kept 24 h */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ShipmentEvent"];
                };
            };
            responses: {
                /** @description The shipment after the event; IN_TRANSIT publishes ShipmentDispatched, DELIVERED ShipmentDelivered */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Shipment"];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not authenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not allowed for this role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Not found (or owned by someone else) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body larger than 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Idempotency-Key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shipping-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shipping options for a country (public) */
        get: {
            parameters: {
                query: {
                    country: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The options that ship to the country, cheapest first (read from a nearby replica) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ShippingOption"][];
                            metadata: components["schemas"]["Metadata"];
                        };
                    };
                };
                /** @description Validation failed: every field error is listed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
                /** @description Unexpected error (a bug) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorEnvelope"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AddCartItem: {
            productId: string;
            quantity: number;
            /** @description Required when the product has more than one variant; a simple product's one variant is the product itself */
            variantId?: string;
        };
        ApplyPromotion: {
            code: string;
        };
        CancelOrder: {
            reason?: string;
        };
        Cart: {
            discount: components["schemas"]["MoneyTotal"];
            id: string;
            items: {
                name: string;
                /** @description The variant's option values, e.g. {"Size": "M", "Colour": "Black"}; {} for a simple product */
                options: {
                    [key: string]: string;
                };
                productId: string;
                quantity: number;
                /** @description The variant's SKU; null only on lines and orders stored before variants existed */
                sku: string | null;
                subtotal: components["schemas"]["MoneyTotal"];
                unitPrice: components["schemas"]["Money"];
                /** @description The variant (var_…); for a product without variants, the product's id */
                variantId: string;
            }[];
            promotionCode: string | null;
            /** @description Set by PUT /carts/me/shipping; null until then */
            shippingAddress: components["schemas"]["ShippingAddress"] | null;
            shippingFee: components["schemas"]["MoneyTotal"];
            shippingOption: components["schemas"]["ShippingOptionRef"] | null;
            subtotal: components["schemas"]["MoneyTotal"];
            tax: components["schemas"]["Tax"];
            total: components["schemas"]["MoneyTotal"] & unknown;
        };
        ChangeCartItem: {
            quantity: number;
        };
        /** @description The address to ship to; optional once `PUT /carts/me/shipping` has set one. An address given here replaces the cart's: it keeps the chosen option if that ships there, else the cheapest */
        Checkout: {
            shippingAddress?: components["schemas"]["ShippingAddress"];
            shippingAddressId?: string;
        };
        ContextMetrics: {
            /** @description dead letters not yet replayed */
            deadLettered: number;
            /** @description failed handler attempts / all attempts in the window */
            errorRate: number;
            /** @description handled time − occurredOn */
            eventLagMs: {
                p50: number | null;
                p99: number | null;
            };
            failedAttempts: number;
            handled: number;
            /** @description unsent rows in the context's D1 outbox (null: no D1 outbox) */
            outboxPending: number | null;
            processingMs: {
                p50: number | null;
                p99: number | null;
            };
            retrying: number;
            /** @description events handled in the last 60 seconds */
            throughputPerMin: number;
        };
        CreateFixedAmountPromotion: {
            code: string;
            /**
             * Format: date-time
             * @example 2026-01-01T00:00:00Z
             */
            endsAt: string;
            minimumPurchase?: components["schemas"]["PositiveMoney"];
            perCustomerLimit?: number;
            /**
             * Format: date-time
             * @example 2026-01-01T00:00:00Z
             */
            startsAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "FIXED_AMOUNT";
            usageLimit?: number;
            value: components["schemas"]["PositiveMoney"];
        };
        CreatePercentagePromotion: {
            code: string;
            /**
             * Format: date-time
             * @example 2026-01-01T00:00:00Z
             */
            endsAt: string;
            minimumPurchase?: components["schemas"]["PositiveMoney"];
            perCustomerLimit?: number;
            /**
             * Format: date-time
             * @example 2026-01-01T00:00:00Z
             */
            startsAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "PERCENTAGE";
            usageLimit?: number;
            value: number;
        };
        CreateProduct: {
            category?: string;
            description: string;
            initialStock?: number;
            name: string;
            options?: components["schemas"]["ProductOption"][];
            price: components["schemas"]["PositiveMoney"];
            reorderPoint?: number;
            sku: string;
            variants?: components["schemas"]["CreateVariant"][];
        };
        CreatePromotion: components["schemas"]["CreatePercentagePromotion"] | components["schemas"]["CreateFixedAmountPromotion"];
        CreateVariant: {
            initialStock?: number;
            options: {
                [key: string]: string;
            };
            price?: components["schemas"]["PositiveMoney"];
            reorderPoint?: number;
            sku: string;
        };
        CreateWebhook: {
            eventTypes: ("CustomerRegistered" | "CustomerProfileUpdated" | "SellerRegistered" | "ProductCreated" | "ProductUpdated" | "ProductPriceChanged" | "OrderCreated" | "OrderSubmitted" | "InventoryReserved" | "InventoryReservationFailed" | "PaymentAuthorized" | "PaymentFailed" | "PaymentRefunded" | "OrderConfirmed" | "OrderCancelled" | "InventoryFulfilled" | "InventoryReservationExpired" | "LowStockAlert" | "InventoryReplenished" | "ShipmentCreated" | "ShipmentDispatched" | "ShipmentDelivered" | "ReviewSubmitted" | "ReviewApproved" | "ReviewRejected" | "PromotionRedeemed" | "ReturnRequested" | "ReturnReceived" | "ReturnRejected")[];
            /** @example https://example.com/hooks */
            url: string;
        };
        Customer: {
            createdAt: string;
            email: string;
            id: string;
            /** @enum {string} */
            membershipLevel: "STANDARD" | "SILVER" | "GOLD";
            name: string;
            phone: string | null;
            /** @enum {string} */
            status: "ACTIVE" | "SUSPENDED";
        };
        DeadLetter: {
            attempts: number;
            context: string;
            eventId: string | null;
            eventType: string | null;
            id: string;
            reason: string;
            recordedAt: string;
            replayedAt: string | null;
        };
        EnabledWebhook: components["schemas"]["WebhookState"] & {
            /** @description PENDING deliveries queued for sending */
            pending: number;
        };
        ErrorEnvelope: {
            errors: {
                code: string;
                field?: string;
                message: string;
            }[];
            metadata: components["schemas"]["Metadata"];
        };
        InventoryAdjustment: {
            delta: number;
            reason: string;
        };
        InventoryAvailability: {
            available: number;
            productId: string;
            /** @enum {string} */
            status: "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK";
        };
        InventoryLevels: {
            available: number;
            onHand: number;
            productId: string;
            reorderPoint: number;
            reserved: number;
        };
        InventoryShardedLevels: components["schemas"]["InventoryLevels"] & {
            shards: number;
        };
        InventoryShards: {
            shards: number;
        };
        LiveTicket: {
            expiresAt: string;
            ticket: string;
        };
        Login: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            password: string;
        };
        Metadata: {
            nextCursor?: string | null;
            requestId: string;
            timestamp: string;
        };
        Metrics: {
            /** @description Circuit breaker per outbound dependency (payment-gateway, mailer, webhook:<id>) as this isolate sees it; a dependency appears once it has been called */
            breakers: {
                [key: string]: {
                    failures: number;
                    since: string;
                    /** @enum {string} */
                    state: "CLOSED" | "OPEN" | "HALF_OPEN";
                };
            };
            contexts: {
                [key: string]: components["schemas"]["ContextMetrics"];
            };
            http: {
                byStatus: {
                    [key: string]: number;
                };
                clientErrorRate: number;
                durationMs: {
                    avg: number | null;
                    p50: number | null;
                    p99: number | null;
                };
                errorRate: number;
                requests: number;
                /** @description average over the window */
                throughputPerMin: number;
            };
            /** @description Per context, one point per minute of the last hour in which an event was handled or failed (oldest first): what the operator page's charts draw on first open */
            lastHour: {
                contexts: {
                    [key: string]: {
                        eventLagMs: {
                            p50: number | null;
                            p99: number | null;
                        };
                        failed: number;
                        handled: number;
                        /** @description start of the minute (ISO 8601) */
                        minute: string;
                    }[];
                };
                minutes: number;
            };
            productCache: {
                hitRatio: number | null;
                hits: number;
                misses: number;
            } | null;
            totals: components["schemas"]["ContextMetrics"];
            window: {
                minutes: number;
                since: string;
            };
        };
        /**
         * @example {
         *       "amount": 1999,
         *       "currency": "USD"
         *     }
         */
        Money: {
            amount: number;
            /**
             * @description ISO 4217; USD only
             * @enum {string}
             */
            currency: "USD";
        };
        /**
         * @description A computed amount; never above 1000000000000000 minor units
         * @example {
         *       "amount": 25800,
         *       "currency": "USD"
         *     }
         */
        MoneyTotal: {
            amount: number;
            /**
             * @description ISO 4217; USD only
             * @enum {string}
             */
            currency: "USD";
        };
        MyCoupon: {
            code: string;
            endsAt: string;
            promotionId: string;
            /** @enum {string} */
            type: "PERCENTAGE" | "FIXED_AMOUNT";
            /** @description null when unlimited */
            usesLeft: number | null;
            value: number | components["schemas"]["Money"];
        };
        NewRefund: {
            /** @description Positive, in the payment's currency; without it, what remains of the captured amount is refunded */
            amount?: {
                amount: number;
                /** @enum {string} */
                currency: "USD";
            };
            reason: string;
        };
        NewReturn: {
            items: {
                quantity: number;
                /** @description The variant returned; for a product without variants, its product id */
                variantId: string;
            }[];
            reason: string;
        };
        /** @description The first address saved becomes the default whatever isDefault says; isDefault: true moves the default here */
        NewSavedAddress: {
            city: string;
            country: string;
            isDefault?: boolean;
            /** @description What the customer calls it: Home, Office… */
            label?: string;
            line1: string;
            line2?: string;
            postalCode: string;
            recipient: string;
        };
        NewShippingOption: {
            amount: components["schemas"]["Money"] & unknown;
            countries: string[];
            freeOver?: components["schemas"]["PositiveMoney"] & unknown;
            name: string;
        };
        Notification: {
            body: string;
            /** @enum {string} */
            channel: "EMAIL";
            createdAt: string;
            id: string;
            /**
             * @description PENDING until sent (failed sends are retried with backoff), FAILED after the last attempt
             * @enum {string}
             */
            status: "PENDING" | "SENT" | "FAILED";
            subject: string;
            /**
             * @description REVIEW_REJECTED (to the author, with the moderator's reason) completes the contract's list
             * @enum {string}
             */
            type: "WELCOME" | "ORDER_SUBMITTED" | "ORDER_CONFIRMED" | "ORDER_CANCELLED" | "SHIPMENT_CREATED" | "ORDER_DELIVERED" | "PAYMENT_FAILED" | "REFUND_ISSUED" | "RETURN_RECEIVED" | "REVIEW_PENDING_MODERATION" | "REVIEW_PUBLISHED" | "REVIEW_REJECTED" | "LOW_STOCK";
        };
        Order: {
            cancellationReason: string | null;
            createdAt: string;
            customer?: {
                email: string;
                name: string;
            } | null;
            customerId: string;
            discount: components["schemas"]["MoneyTotal"];
            history: {
                at: string;
                reason: string | null;
                /** @enum {string} */
                status: "CREATED" | "PENDING" | "CONFIRMED" | "SHIPPED" | "DELIVERED" | "CANCELLED";
            }[];
            id: string;
            items: {
                name: string;
                /** @description The variant's option values, e.g. {"Size": "M", "Colour": "Black"}; {} for a simple product */
                options: {
                    [key: string]: string;
                };
                productId: string;
                quantity: number;
                /** @description The variant's SKU; null only on lines and orders stored before variants existed */
                sku: string | null;
                subtotal: components["schemas"]["MoneyTotal"];
                unitPrice: components["schemas"]["Money"];
                /** @description The variant (var_…); for a product without variants, the product's id */
                variantId: string;
            }[];
            payment: {
                method: string | null;
                status: string;
            };
            promotionCode: string | null;
            /** @description The order's returns, oldest first */
            returns: components["schemas"]["Return"][];
            shipment: {
                carrier: string | null;
                id: string;
                status: string;
                trackingNumber: string | null;
            } | null;
            shippingAddress: components["schemas"]["ShippingAddress"];
            shippingFee: components["schemas"]["MoneyTotal"];
            shippingOption: components["schemas"]["ShippingOptionRef"] | null;
            /** @enum {string} */
            status: "CREATED" | "PENDING" | "CONFIRMED" | "SHIPPED" | "DELIVERED" | "CANCELLED";
            subtotal: components["schemas"]["MoneyTotal"];
            tax: components["schemas"]["Tax"];
            total: components["schemas"]["MoneyTotal"] & unknown;
            updatedAt: string;
        };
        OrderSummary: {
            cancellationReason: string | null;
            createdAt: string;
            customerId: string;
            id: string;
            itemCount: number;
            /** @enum {string} */
            status: "CREATED" | "PENDING" | "CONFIRMED" | "SHIPPED" | "DELIVERED" | "CANCELLED";
            total: components["schemas"]["MoneyTotal"];
            updatedAt: string;
        };
        Payment: {
            amount: components["schemas"]["MoneyTotal"];
            /** @description CARD_DECLINED, INSUFFICIENT_FUNDS, INVALID_PAYMENT_METHOD, … */
            failureReason: string | null;
            id: string;
            orderId: string;
            /** @description Refunds of the payment, oldest first */
            refunds: components["schemas"]["Refund"][];
            /** @enum {string} */
            status: "AUTHORIZED" | "CAPTURED" | "PARTIALLY_REFUNDED" | "VOIDED" | "REFUNDED" | "FAILED" | "PENDING";
        };
        /**
         * @example {
         *       "type": "CARD",
         *       "token": "tok_visa"
         *     }
         */
        PaymentMethod: {
            /** @example tok_visa */
            token: string;
            /** @enum {string} */
            type: "CARD";
        };
        /**
         * @example {
         *       "amount": 1999,
         *       "currency": "USD"
         *     }
         */
        PositiveMoney: {
            amount: number;
            /**
             * @description ISO 4217; USD only
             * @enum {string}
             */
            currency: "USD";
        };
        Product: {
            /** @enum {string} */
            availability: "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK";
            averageRating: number | null;
            category: string | null;
            createdAt: string;
            description: string;
            id: string;
            name: string;
            options: {
                name: string;
                values: string[];
            }[];
            price: components["schemas"]["Money"];
            reviewCount: number;
            sellerId: string | null;
            sku: string;
            /** @enum {string} */
            status: "ACTIVE" | "DISCONTINUED";
            updatedAt: string;
            variants: components["schemas"]["Variant"][];
        };
        ProductOption: {
            name: string;
            values: string[];
        };
        Promotion: {
            code: string;
            createdAt: string;
            customerId: string | null;
            endsAt: string;
            id: string;
            /** @description null when the promotion has no minimum purchase */
            minimumPurchase: components["schemas"]["Money"] | null;
            perCustomerLimit: number | null;
            startsAt: string;
            /** @enum {string} */
            status: "ACTIVE" | "DISABLED";
            /** @enum {string} */
            type: "PERCENTAGE" | "FIXED_AMOUNT";
            usageLimit: number | null;
            used: number;
            value: number | components["schemas"]["Money"];
        };
        PublicSeller: {
            createdAt: string;
            id: string;
            name: string;
            /** @enum {string} */
            status: "ACTIVE" | "SUSPENDED";
        };
        RecordedEvent: {
            aggregateId: string;
            aggregateType: string;
            aggregateVersion: number;
            causationId: string | null;
            correlationId: string;
            data: {
                [key: string]: unknown;
            };
            deliveries: {
                [key: string]: {
                    attempts: number;
                    lastError: string | null;
                    status: string;
                };
            };
            eventId: string;
            eventType: string;
            eventVersion: number;
            occurredOn: string;
            /** @description W3C trace context of the step that produced the event (absent on events recorded before tracing) */
            traceparent?: string;
        };
        Refresh: {
            refreshToken: string;
        };
        Refund: {
            amount: components["schemas"]["Money"];
            createdAt: string;
            failureReason: string | null;
            id: string;
            orderId: string;
            paymentId: string;
            reason: string;
            /**
             * @description PENDING: the gateway has not confirmed yet (it is retried with the same idempotency key); FAILED: refused by the gateway, nothing was refunded, the amount can be refunded again (a return's refund is asked again with backoff, under the same id)
             * @enum {string}
             */
            status: "PENDING" | "SUCCEEDED" | "FAILED";
        };
        RegisterCustomer: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example Ada Lovelace */
            name: string;
            /**
             * Format: password
             * @example Str0ng-password
             */
            password: string;
            /** @example +44 20 7946 0958 */
            phone?: string;
        };
        RegisterSeller: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example Ada Lovelace */
            name: string;
            /**
             * Format: password
             * @example Str0ng-password
             */
            password: string;
        };
        RejectReturn: {
            reason: string;
        };
        RejectReview: {
            reason: string;
        };
        ReorderPoint: {
            reorderPoint: number;
        };
        Return: {
            createdAt: string;
            id: string;
            items: {
                productId: string;
                quantity: number;
                variantId: string;
            }[];
            orderId: string;
            reason: string;
            refundAmount: components["schemas"]["Money"] & unknown;
            refundId: string | null;
            rejectionReason: string | null;
            /**
             * @description REQUESTED → RECEIVED (restocked, refund issued) → REFUNDED (the refund succeeded); or REJECTED
             * @enum {string}
             */
            status: "REQUESTED" | "RECEIVED" | "REFUNDED" | "REJECTED";
            updatedAt: string;
        };
        Review: {
            comment: string;
            createdAt: string;
            customerId: string;
            id: string;
            productId: string;
            rating: number;
            rejectionReason: string | null;
            /** @enum {string} */
            status: "PENDING" | "APPROVED" | "REJECTED";
            title: string | null;
            updatedAt: string;
        };
        SavedAddress: {
            city: string;
            country: string;
            createdAt: string;
            id: string;
            isDefault: boolean;
            label: string | null;
            line1: string;
            line2: string | null;
            postalCode: string;
            recipient: string;
            updatedAt: string;
        };
        SavedAddressPatch: {
            city?: string;
            country?: string;
            isDefault?: boolean;
            /** @description What the customer calls it: Home, Office… */
            label?: string | null;
            line1?: string;
            line2?: string | null;
            postalCode?: string;
            recipient?: string;
        };
        Seller: {
            email: string;
            id: string;
            name: string;
            /** @enum {string} */
            status: "ACTIVE" | "SUSPENDED";
        };
        /** @description One address (typed in, or a saved one by id) and optionally the option; without one, the cheapest for the country */
        SetCartShipping: {
            shippingAddress?: components["schemas"]["ShippingAddress"];
            shippingAddressId?: string;
            shippingOptionId?: string;
        } | unknown | unknown;
        Shipment: {
            carrier: string;
            /** @description Times the parcel went out for delivery (at most 3) */
            deliveryAttempts: number;
            history: {
                at: string;
                /** @enum {string} */
                status: "PENDING" | "IN_TRANSIT" | "DELIVERED" | "DELIVERY_FAILED";
            }[];
            id: string;
            orderId: string;
            /** @enum {string} */
            status: "PENDING" | "IN_TRANSIT" | "DELIVERED" | "DELIVERY_FAILED";
            trackingNumber: string;
        };
        /** @description PENDING → IN_TRANSIT → DELIVERED; DELIVERY_FAILED → IN_TRANSIT again, at most 3 attempts */
        ShipmentEvent: {
            /** @enum {string} */
            status: "IN_TRANSIT" | "DELIVERED" | "DELIVERY_FAILED";
        };
        ShippingAddress: {
            city: string;
            country: string;
            line1: string;
            line2?: string;
            postalCode: string;
            recipient: string;
        };
        ShippingOption: {
            amount: components["schemas"]["Money"];
            countries: string[];
            createdAt: string;
            /** @description Free once subtotal − discount reaches it; null: never free */
            freeOver: components["schemas"]["Money"] | null;
            id: string;
            name: string;
        };
        ShippingOptionRef: {
            id: string;
            name: string;
        };
        StockAudit: {
            consistent: boolean;
            discrepancies: {
                actual: number;
                code: string;
                detail: string;
                expected: number;
            }[];
            ledger: {
                activeHolds: number;
                adjustments: number;
                fulfilled: number;
                initial: number;
            };
            levels: {
                available: number;
                onHand: number;
                reserved: number;
            };
            orders: {
                activeQuantity: number;
                confirmedQuantity: number;
            };
            productId: string;
        };
        StockAuditSweep: {
            checked: number;
            inconsistent: string[];
            nextCursor: string | null;
        };
        StockAuditSweepRequest: {
            cursor?: string;
        };
        SubmitOrder: {
            paymentMethod: components["schemas"]["PaymentMethod"];
        };
        SubmitReview: {
            comment: string;
            productId: string;
            rating: number;
            title?: string;
        };
        /** @description Tax on subtotal − discount + shippingFee at the shipping country's rate, half up, once; inclusive: the part of the total that is tax */
        Tax: {
            amount: number;
            /** @enum {string} */
            currency: "USD";
            inclusive: boolean;
            rateBasisPoints: number;
        };
        TaxRate: {
            country: string;
            inclusive: boolean;
            rateBasisPoints: number;
            updatedAt: string;
        };
        TaxRateInput: {
            /** @description true: prices include the tax (it is reported, the total is unchanged); false: it is added to the total */
            inclusive: boolean;
            /** @description 1 basis point = 0.01 %; 2000 = 20 % */
            rateBasisPoints: number;
        };
        TokenPair: {
            accessToken: string;
            expiresIn: number;
            principal: {
                id: string;
                /** @enum {string} */
                role: "CUSTOMER" | "SELLER" | "ADMIN";
            };
            refreshToken: string;
        };
        UpdateCustomerProfile: {
            /** @example Ada Lovelace */
            name?: string;
            /** @example +44 20 7946 0958 */
            phone?: string | null;
        };
        UpdateProduct: {
            category?: string;
            description?: string;
            name?: string;
            price?: components["schemas"]["PositiveMoney"];
            /** @enum {string} */
            status?: "ACTIVE" | "DISCONTINUED";
        };
        UpdateVariant: {
            price?: components["schemas"]["PositiveMoney"];
            sku?: string;
        };
        Variant: {
            /** @enum {string} */
            availability: "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK";
            id: string;
            options: {
                [key: string]: string;
            };
            price: components["schemas"]["Money"];
            sku: string;
        };
        Webhook: {
            createdAt: string;
            eventTypes: string[];
            id: string;
            /** @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw */
            secret: string;
            url: string;
        };
        WebhookDeliveryAttempt: {
            at: string;
            attempt: number;
            error: string | null;
            eventId: string;
            eventType: string;
            /** @description The delivery id (one per webhook and event); replay takes it */
            id: string;
            responseStatus: number | null;
            /** @enum {string} */
            status: "SUCCEEDED" | "FAILED" | "PENDING" | "DEAD";
        };
        WebhookState: {
            createdAt: string;
            disabledAt: string | null;
            eventTypes: string[];
            /** @description Start of the current run of failed attempts; null after a success */
            failingSince: string | null;
            id: string;
            /**
             * @description DISABLED after every attempt failed for 3 days; its deliveries are kept (PENDING) and none is sent until it is enabled
             * @enum {string}
             */
            status: "ACTIVE" | "DISABLED";
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
