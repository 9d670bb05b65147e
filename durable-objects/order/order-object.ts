import { DurableObject } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import * as order from "./order";
import { OrderStorage } from "./storage";
import { LiveSockets, type LiveClaims } from "./live-sockets";
import { DoOutbox } from "../shared/do-outbox";
import { Coalesced } from "../shared/coalesced";
import { queueSender, type EventSender } from "../../workers/events/outbox";
import { causedBy, makeEvent, type AnyEnvelope, type Causation, type Envelope } from "../../workers/events/envelope";
import type { EventType } from "../../workers/events/catalog";
import { db } from "../../workers/events/outbox-d1";
import { orderReturns, orderSummaries } from "../../schema/order/tables";
import * as returns from "./returns";
import { newId } from "../../workers/kernel/ids";
import { itemOf, sumByItem } from "../../workers/inventory/service";
import { itemStub } from "../../workers/inventory/stub";
import { log, errorFields } from "../../workers/kernel/logging";
import { handingOffErrors } from "../../workers/operations/error-handoff";
import { redeemPromotion, restoreRedemption } from "../../workers/promotion/redemption";
import { meterEnv, meteredInvoke, type MeterToken } from "../../workers/kernel/meter";
import type { IdempotencyKey } from "../../workers/kernel/idempotency";
import { KeptReplies, type Replayable } from "../shared/kept-replies";

export type ReturnResult = { ok: true; value: returns.OrderReturn } | { ok: false; code: string; message: string; field?: string };

export type OrderResult = { ok: true; order: order.OrderState } | { ok: false; code: string; message: string; field?: string };

const NOT_FOUND = { ok: false, code: "ORDER_NOT_FOUND", message: "order not found" } as const;

/** Who asks: the order answers its owner and admins; anyone else is told it does not exist (contract §1). */
export interface Asker {
  id: string;
  role: string;
}
const owns = (a: Asker, s: order.OrderState) => a.role === "ADMIN" || s.customerId === a.id;

const SAFETY_DELAY_MS = 5_000;
const CONFIRM_RETRY_MS = 15_000;
/** How long after a hold would have expired a PENDING order waits for the expiry event before its own deadline. */
const DEADLINE_MARGIN_MS = 60_000;

/** The inputs the order reacts to, mapped from the catalogue's envelopes. Others are not the order's business. */
function incoming(e: AnyEnvelope): order.Incoming | null {
  switch (e.eventType) {
    case "InventoryReserved": return { type: "InventoryReserved" };
    case "InventoryReservationFailed": return { type: "InventoryReservationFailed" };
    case "InventoryReservationExpired": return { type: "InventoryReservationExpired" };
    case "InventoryFulfilled": return { type: "InventoryFulfilled" };
    case "PaymentAuthorized": return { type: "PaymentAuthorized", paymentId: e.data.paymentId };
    case "PaymentFailed": return { type: "PaymentFailed", paymentId: e.data.paymentId, reason: e.data.reason };
    case "ShipmentCreated": return { type: "ShipmentCreated", shipmentId: e.data.shipmentId, carrier: e.data.carrier, trackingNumber: e.data.trackingNumber };
    case "ShipmentDispatched": return { type: "ShipmentDispatched", shipmentId: e.data.shipmentId };
    case "ShipmentDelivered": return { type: "ShipmentDelivered", shipmentId: e.data.shipmentId };
    default: return null;
  }
}

/**
 * One object per order: its state machine, history, processed event ids and outbox. It is the saga's process
 * manager. The D1 read model is pushed from here after each change (and from the alarm until it succeeds).
 */
export class OrderObject extends DurableObject<Env> {
  private readonly store: OrderStorage;
  private readonly outbox: DoOutbox;
  private current: ReturnType<OrderStorage["load"]> = null;
  /** Test seam: tests replace the sender to inject relay failures. */
  sender: EventSender;
  /** Test seam: the clock the PENDING deadline is judged by (tests move it forward instead of waiting). */
  clock: () => number = () => Date.now();
  // Two lanes, so an event (OrderConfirmed) is never queued behind the read model's D1 write.
  private readonly relayer = new Coalesced(() => this.relay());
  private readonly projector = new Coalesced(() => this.project());
  private readonly live: LiveSockets;
  /** Idempotency-Key records of submit and cancel, kept with the order they change (kernel/idempotency.ts). */
  private readonly kept: KeptReplies;
  /** A submit is redeeming the order's code (in memory: after a restart a retried submit finds its redemption). */
  private submitting = false;
  /** Test seam: runs after a submit's checks, before its redemption (a cancellation can be slipped in here). */
  beforeRedemption: (() => Promise<void>) | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    env = meterEnv(env);
    super(ctx, env);
    this.store = new OrderStorage(ctx.storage.sql);
    this.outbox = new DoOutbox(ctx.storage.sql);
    this.sender = queueSender(env);
    this.live = new LiveSockets(ctx, ctx.storage.sql);
    this.kept = new KeptReplies(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.outbox.migrate();
      this.live.migrate();
      this.current = this.store.load();
    });
  }

  /** Test seam of the binding meter (workers/kernel/meter.ts): refused unless the budget test turned it on. */
  async meteredCall(token: MeterToken, method: string, args: unknown[]): Promise<unknown> {
    return meteredInvoke(this, token, method, args);
  }

  // ---- commands -------------------------------------------------------------------------------------------

  /** Idempotent: checkout retried after a crash finds the order it already created. */
  async create(cmd: order.CreateOrder, cause: Causation): Promise<OrderResult> {
    if (this.current) return { ok: true, order: this.current.state };
    const outcome = order.create(cmd, new Date().toISOString());
    if ("ok" in outcome) return outcome;
    this.apply(outcome, cause);
    return { ok: true, order: outcome.state };
  }

  async snapshot(): Promise<order.OrderState | null> {
    return this.current?.state ?? null;
  }

  async submit(paymentMethod: { type: "CARD"; token: string }, cause: Causation): Promise<OrderResult> {
    if (!this.current) return { ok: false, code: "ORDER_NOT_FOUND", message: "order not found" };
    const outcome = order.submit(this.current.state, paymentMethod, new Date().toISOString());
    if ("ok" in outcome) return outcome;
    this.apply(outcome, cause);
    return { ok: true, order: outcome.state };
  }

  /**
   * Submit on behalf of a caller, in one call: the object checks ownership and state itself. A promotion code is
   * redeemed first (synchronously, exactly once per order); a used-up code leaves the order CREATED. The redemption
   * and the move to PENDING agree: if the order was cancelled while its code was being redeemed, the use is given
   * back here, whether or not the cancellation's own restore ran before the redemption committed.
   */
  async submitFor(asker: Asker, method: { type: "CARD"; token: string } | { invalid: { code: string; message: string; field?: string } }, cause: Causation, key: IdempotencyKey | null = null): Promise<Replayable<OrderResult>> {
    // An order that does not exist keeps nothing (no storage in an object that is no order).
    if (!this.current) return NOT_FOUND;
    return this.kept.keyed(key, () => this.submitOnce(asker, method, cause));
  }

  private async submitOnce(asker: Asker, method: { type: "CARD"; token: string } | { invalid: { code: string; message: string; field?: string } }, cause: Causation): Promise<OrderResult> {
    if (!this.current || !owns(asker, this.current.state)) return NOT_FOUND;
    // A bad payment method is answered only to the order's owner (anyone else learns nothing, not even that).
    if ("invalid" in method) return { ok: false, ...method.invalid };
    const paymentMethod = method;
    if (this.submitting) return { ok: false, code: "ORDER_INVALID_STATE", message: "this order is being submitted" };
    const s = this.current.state;
    const check = order.submit(s, paymentMethod, new Date().toISOString());
    if ("ok" in check) return check;
    if (s.promotionCode) {
      this.submitting = true;
      try {
        await this.beforeRedemption?.();
        const rt = { env: this.env, waitUntil: (p: Promise<unknown>) => this.ctx.waitUntil(p) };
        const redeemed = await redeemPromotion(rt, { code: s.promotionCode, orderId: s.id, customerId: s.customerId, subtotal: s.subtotal }, cause);
        if (!redeemed.ok) return { ok: false, code: redeemed.code, message: redeemed.message, field: redeemed.field };
        const after = order.submit(this.current.state, paymentMethod, new Date().toISOString());
        if ("ok" in after) {
          await restoreRedemption(rt, s.id, cause);
          return after;
        }
        this.apply(after, cause);
        return { ok: true, order: after.state };
      } finally {
        this.submitting = false;
      }
    }
    this.apply(check, cause);
    return { ok: true, order: check.state };
  }

  /** Cancel on behalf of a caller (ownership checked here, one call). */
  async cancelFor(asker: Asker, reason: order.CancellationReason, cause: Causation, key: IdempotencyKey | null = null): Promise<Replayable<OrderResult>> {
    if (!this.current) return NOT_FOUND;
    return this.kept.keyed(key, () => (this.current && owns(asker, this.current.state) ? this.cancel(reason, cause) : NOT_FOUND));
  }

  async cancel(reason: order.CancellationReason, cause: Causation): Promise<OrderResult> {
    if (!this.current) return { ok: false, code: "ORDER_NOT_FOUND", message: "order not found" };
    const outcome = order.cancel(this.current.state, reason, new Date().toISOString());
    if ("ok" in outcome) return outcome;
    this.apply(outcome, cause);
    return { ok: true, order: outcome.state };
  }

  // ---- returns (returns.ts) ----------------------------------------------------------------------------------

  /**
   * A return asked for by the order's owner (anyone else is told the order does not exist). The read model row is
   * written before the answer, so an admin can act on the return (found by id in the order database) at once.
   */
  async requestReturnFor(asker: Asker, cmd: { items: { variantId: string; quantity: number }[]; reason: string }, cause: Causation): Promise<ReturnResult> {
    if (!this.current || !owns(asker, this.current.state)) return NOT_FOUND;
    const now = this.clock();
    const outcome = returns.requestReturn(this.current.state, { id: newId("ret", now), ...cmd }, now);
    return this.applyReturn(outcome, cause);
  }

  async rejectReturn(returnId: string, reason: string, cause: Causation): Promise<ReturnResult> {
    if (!this.current) return { ok: false, code: "RETURN_NOT_FOUND", message: "return not found" };
    return this.applyReturn(returns.rejectReturn(this.current.state, returnId, reason, this.clock()), cause, returnId);
  }

  /** Idempotent: a return already received is answered as it is (no second restock, no second refund). */
  async receiveReturn(returnId: string, cause: Causation): Promise<ReturnResult> {
    if (!this.current) return { ok: false, code: "RETURN_NOT_FOUND", message: "return not found" };
    return this.applyReturn(returns.receiveReturn(this.current.state, returnId, this.clock()), cause, returnId);
  }

  private async applyReturn(outcome: order.Outcome | order.Refusal, cause: Causation, returnId?: string): Promise<ReturnResult> {
    if ("ok" in outcome) return outcome;
    if (outcome.state !== this.current!.state) this.apply(outcome, cause);
    await this.project();
    const id = returnId ?? outcome.events.find((e) => "returnId" in e)?.returnId;
    const r = returns.returnsOf(outcome.state).find((x) => x.id === id);
    return r ? { ok: true, value: r } : { ok: false, code: "RETURN_NOT_FOUND", message: "return not found" };
  }

  /** An event from another context. Deduplicated by eventId in the same transaction as its effect. */
  async receive(event: AnyEnvelope): Promise<"handled" | "duplicate" | "ignored"> {
    if (!this.current) {
      // Every saga event follows the order's own OrderSubmitted, so the object always exists first. An event for
      // an order that was never created is not ours to retry forever: it is logged and dropped.
      log("warn", "event for an order that does not exist; ignored", { eventId: event.eventId, eventType: event.eventType, correlationId: event.correlationId });
      return "ignored";
    }
    if (this.store.seen(event.eventId)) {
      // A redelivery may be the retry of a confirmation interrupted mid-way: drive it again.
      if (order.needsHoldCommit(this.current.state)) await this.confirm(event);
      return "duplicate";
    }
    const input = incoming(event);
    const at = new Date().toISOString();
    const outcome = input
      ? order.receive(this.current.state, input, at)
      : event.eventType === "PaymentRefunded" ? returns.returnRefunded(this.current.state, event.data.refundId, at) : null;
    this.store.markSeen(event.eventId, event.eventType, Date.now());
    if (!outcome || outcome.state === this.current.state) {
      // A late event's id on a finished (perhaps compacted) order: the alarm compacts it away again.
      if (order.isFinished(this.current.state)) await this.armAlarm();
      return "ignored";
    }
    // The events this one causes continue its trace (a new span); the confirmation below belongs to the same span.
    const cause = causedBy(event);
    this.apply(outcome, cause);
    if (outcome.commitHolds) await this.confirm({ correlationId: event.correlationId, eventId: event.eventId, traceparent: cause.traceparent });
    return "handled";
  }

  /** Retries an interrupted confirmation, the relay and the read model push. Errors are handed to the error-reports queue (Sentry), then retry. */
  override async alarm(): Promise<void> {
    await handingOffErrors(this.env, { handler: "alarm", orderId: this.current?.state.id }, async () => {
      if (this.current && order.needsHoldCommit(this.current.state)) {
        await this.confirm({ correlationId: this.current.state.id, eventId: null });
      }
      const deadline = this.deadline();
      if (deadline !== null && this.clock() >= deadline) this.expire();
      await this.relay();
      await this.project();
      this.compactIfFinished();
      await this.armAlarm();
    });
  }

  // ---- compaction of a finished order --------------------------------------------------------------------------

  /**
   * A DELIVERED or CANCELLED order keeps only its state. Its sent outbox rows are history the event log keeps, and
   * its processed event ids are no longer needed: a finished order's decider is idempotent by its state alone (a
   * redelivered event finds its fact recorded and changes nothing, order.ts `isFinished`), so no id is needed. The safe
   * delay is the object's own work, not a clock: the alarm compacts only once every event is sent, the read model
   * has the final version, and no confirmation is in flight (the alarm comes SAFETY_DELAY_MS after the last change).
   */
  private compactIfFinished(): void {
    const cur = this.current;
    if (!cur || !order.isFinished(cur.state) || order.needsHoldCommit(cur.state)) return;
    if (cur.projectedVersion < cur.state.version || this.outbox.pendingCount() > 0) return;
    this.outbox.dropSent();
    this.store.forgetSeen();
  }

  private hasWorkingRows(): boolean {
    return this.outbox.sentCount() > 0 || this.store.seenCount() > 0;
  }

  // ---- live status (contract §5; the sockets and tickets live in live-sockets.ts) ----------------------------

  /** Stores a live ticket's nonce for the order's owner or an admin; anyone else is told the order does not exist. */
  async issueLiveTicket(principalId: string, admin: boolean, nonce: string, ttlMs: number): Promise<{ ok: true; expiresAt: number } | { ok: false }> {
    const s = this.current?.state;
    if (!s || (!admin && s.customerId !== principalId)) return { ok: false };
    return { ok: true, ...this.live.issue(nonce, principalId, Date.now(), ttlMs) };
  }

  /** The WebSocket upgrade, forwarded by the live route with the ticket's verified claims. */
  override async fetch(request: Request): Promise<Response> {
    const claims = JSON.parse(request.headers.get("x-live-claims") ?? "null") as LiveClaims | null;
    if (!claims) return new Response(null, { status: 401 });
    return this.live.connect(claims, this.current?.state ?? null, Date.now());
  }

  /** Completes the client's close handshake; a hibernated socket wakes the object only for this. */
  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed by the client");
    } catch {
      // already closed
    }
  }

  // ---- the confirmation step -----------------------------------------------------------------------------

  /**
   * Commits every hold before confirming. Each item object decides commit-versus-expiry alone, one call at a time,
   * so a hold is either committed (and can no longer expire) or found expired (and the order is cancelled): an
   * order is never CONFIRMED without its stock. Other events may arrive while the commits are in flight, so the
   * state is read again afterwards.
   */
  private async confirm(cause: { correlationId: string; eventId: string | null; traceparent?: string }): Promise<void> {
    const state = this.current!.state;
    this.store.setConfirming(Date.now());
    await this.ctx.storage.setAlarm(Date.now() + CONFIRM_RETRY_MS);
    const causation: Causation = { correlationId: cause.correlationId, causationId: cause.eventId, traceparent: cause.traceparent };
    const results = await Promise.all(sumByItem(state.items.map(order.eventItem)).map((i) => itemStub(this.env, itemOf(i)).commit(state.id, causation)));
    const allCommitted = results.every((r) => r.ok);
    const outcome = order.holdsCommitted(this.current!.state, allCommitted, new Date().toISOString());
    this.store.setConfirming(null);
    if (outcome.state !== this.current!.state) this.apply(outcome, causation);
    if (!allCommitted) log("warn", "order cancelled: a hold expired before confirmation", { orderId: state.id, correlationId: cause.correlationId, traceparent: cause.traceparent });
  }

  // ---- the PENDING deadline (one alarm serves it, the relay and the confirmation retry) ------------------------

  private deadline(): number | null {
    return this.current ? order.pendingDeadline(this.current.state, Number(this.env.RESERVATION_TTL_SECONDS) * 1000 + DEADLINE_MARGIN_MS) : null;
  }

  /** The alarm may fire twice: only a PENDING order changes, so the cancellation and its event happen once. */
  private expire(): void {
    const state = this.current!.state;
    const outcome = order.deadlinePassed(state, new Date().toISOString());
    if (outcome.state === state) return;
    log("warn", "order cancelled: no reservation outcome before its deadline", { orderId: state.id, reservation: state.reservation, payment: state.payment.status });
    this.apply(outcome, { correlationId: state.id, causationId: null });
  }

  // ---- persistence, events, read model ----------------------------------------------------------------------

  private apply(outcome: order.Outcome, cause: Causation): void {
    const now = Date.now();
    const before = this.current?.state ?? null;
    this.store.save(outcome.state);
    const events = outcome.events.map((e) => this.envelope(e, outcome.state, cause, now));
    this.outbox.append(events, now);
    this.current = { state: outcome.state, projectedVersion: this.current?.projectedVersion ?? 0, confirmingSince: null };
    for (const e of events) log("info", "order event", { orderId: outcome.state.id, eventId: e.eventId, eventType: e.eventType, status: outcome.state.status, correlationId: cause.correlationId, traceparent: e.traceparent });
    this.live.changed(before, outcome.state);
    this.kickSync();
  }

  private envelope(e: order.OrderEvent, s: order.OrderState, cause: Causation, now: number): Envelope<EventType> {
    const lines = s.items.map(order.eventItem);
    switch (e.type) {
      case "OrderCreated":
        return makeEvent("OrderCreated", s.id, s.version, {
          orderId: s.id, customerId: s.customerId, subtotal: s.subtotal,
          items: s.items.map((i) => ({ ...order.eventItem(i), name: i.name, unitPrice: i.unitPrice })),
        }, cause, { now });
      case "OrderSubmitted":
        return makeEvent("OrderSubmitted", s.id, s.version, { orderId: s.id, customerId: s.customerId, items: lines, total: s.total, paymentMethod: s.paymentMethod! }, cause, { now });
      case "OrderConfirmed":
        return makeEvent("OrderConfirmed", s.id, s.version, { orderId: s.id, customerId: s.customerId, total: s.total, items: lines }, cause, { now });
      case "OrderCancelled":
        return makeEvent("OrderCancelled", s.id, s.version, { orderId: s.id, customerId: s.customerId, reason: e.reason, items: lines }, cause, { now });
      case "ReturnRequested":
      case "ReturnReceived":
      case "ReturnRejected": {
        const r = returns.returnsOf(s).find((x) => x.id === e.returnId)!;
        const base = { returnId: r.id, orderId: s.id, customerId: s.customerId };
        if (e.type === "ReturnRequested") return makeEvent("ReturnRequested", r.id, r.version, { ...base, items: r.items, refundAmount: r.refundAmount, reason: r.reason }, cause, { now });
        if (e.type === "ReturnRejected") return makeEvent("ReturnRejected", r.id, r.version, { ...base, reason: r.rejectionReason ?? "" }, cause, { now });
        return makeEvent("ReturnReceived", r.id, r.version, { ...base, items: r.items, refundAmount: r.refundAmount, paymentId: s.payment.paymentId }, cause, { now });
      }
      default: {
        const never: never = e;
        throw new Error(`unknown order event ${JSON.stringify(never)}`);
      }
    }
  }

  private kickSync(): void {
    void this.armAlarm();
    this.relayer.kick();
    this.projector.kick();
  }

  /** Relays pending events. Failures are retried by the alarm. */
  private async relay(): Promise<void> {
    try {
      await this.outbox.relay(this.sender);
    } catch (err) {
      log("error", "order outbox relay failed", { orderId: this.current?.state.id, ...errorFields(err) });
    }
  }

  /** Pushes the read model. Failures are retried by the alarm. */
  private async project(): Promise<void> {
    const cur = this.current;
    if (!cur || cur.projectedVersion >= cur.state.version) return;
    const s = cur.state;
    try {
      const body = JSON.stringify({ id: s.id, customerId: s.customerId, status: s.status, total: s.total, itemCount: s.items.length, createdAt: s.createdAt, updatedAt: s.updatedAt, cancellationReason: s.cancellationReason });
      const d = db(this.env.DB_ORDER);
      const summary = d
        .insert(orderSummaries)
        .values({ id: s.id, customerId: s.customerId, status: s.status, totalAmount: s.total.amount, currency: s.total.currency, itemCount: s.items.length, version: s.version, body, createdAt: s.createdAt, updatedAt: s.updatedAt })
        .onConflictDoUpdate({
          target: orderSummaries.id,
          set: { status: s.status, totalAmount: s.total.amount, version: s.version, body, updatedAt: s.updatedAt },
          setWhere: sql`${orderSummaries.version} < ${s.version}`,
        });
      // The returns' rows (GET /admin/returns, and the return id → order id lookup of the admin routes), in the
      // same batch; each only moves forward. An order has a handful of returns at most.
      const returnRows = returns.returnsOf(s).map((r) =>
        d.insert(orderReturns)
          .values({ id: r.id, orderId: r.orderId, customerId: r.customerId, status: r.status, version: r.version, body: JSON.stringify(r), createdAt: r.createdAt, updatedAt: r.updatedAt })
          .onConflictDoUpdate({
            target: orderReturns.id,
            set: { status: r.status, version: r.version, body: JSON.stringify(r), updatedAt: r.updatedAt },
            setWhere: sql`${orderReturns.version} < ${r.version}`,
          }),
      );
      await d.batch([summary, ...returnRows]);
      this.store.setProjected(s.version);
      if (this.current) this.current = { ...this.current, projectedVersion: Math.max(this.current.projectedVersion, s.version) };
    } catch (err) {
      log("warn", "order read model update failed; the alarm retries", { orderId: s.id, ...errorFields(err) });
    }
  }

  private async armAlarm(): Promise<void> {
    const now = Date.now();
    const times: number[] = [];
    const due = this.outbox.nextDueAt();
    if (due !== null) times.push(Math.max(due, now + SAFETY_DELAY_MS));
    if (this.current && this.current.projectedVersion < this.current.state.version) times.push(now + SAFETY_DELAY_MS);
    if (this.current && order.needsHoldCommit(this.current.state)) times.push(now + CONFIRM_RETRY_MS);
    if (this.current && order.isFinished(this.current.state) && this.hasWorkingRows()) times.push(now + SAFETY_DELAY_MS);
    // While the holds are being committed the retry above drives the order, so a passed deadline never spins.
    const deadline = this.deadline();
    if (deadline !== null && !order.needsHoldCommit(this.current!.state)) times.push(Math.max(deadline, now));
    if (times.length === 0) return;
    const at = Math.min(...times);
    const existing = await this.ctx.storage.getAlarm();
    if (existing === null || existing > at || existing < now) await this.ctx.storage.setAlarm(at);
  }
}
