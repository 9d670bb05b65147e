// The operator page's browser script, served inline with a CSP nonce (admin-page.ts calls show() once every part
// of the script is defined). Plain DOM code: every value from the API
// is written with textContent, never parsed as HTML, so an event payload cannot inject markup into the page.
export const ADMIN_PAGE_SCRIPT = String.raw`
const API = "/api/v1";
const $ = (id) => document.getElementById(id);
const token = () => sessionStorage.getItem("adminToken");

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function call(path, init = {}) {
  const headers = { ...(init.headers || {}) };
  if (token()) headers.authorization = "Bearer " + token();
  const res = await fetch(API + path, { ...init, headers });
  const body = await res.json().catch(() => null);
  if (res.status === 401) { sessionStorage.removeItem("adminToken"); show(); }
  if (!res.ok) throw new Error((body && body.errors && body.errors[0] && body.errors[0].message) || ("HTTP " + res.status));
  return body.data;
}

function show() {
  const signedIn = !!token();
  $("login").hidden = signedIn;
  $("console").hidden = !signedIn;
  if (signedIn) { loadMetrics(); startSampling(); } else stopSampling();
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("login-error").textContent = "";
  try {
    const res = await fetch(API + "/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: $("email").value, password: $("password").value }) });
    const body = await res.json();
    if (!res.ok) throw new Error(body.errors[0].message);
    if (body.data.principal.role !== "ADMIN") throw new Error("this page is for administrators");
    sessionStorage.setItem("adminToken", body.data.accessToken);
    show();
  } catch (err) { $("login-error").textContent = err.message; }
});
$("logout").addEventListener("click", () => { sessionStorage.removeItem("adminToken"); show(); });

const fmt = (n) => (n === null || n === undefined ? "–" : String(n));
const pct = (n) => (Math.round(n * 1000) / 10) + "%";

async function loadMetrics() {
  try {
    const m = await call("/admin/metrics");
    const rows = [["totals", m.totals], ...Object.entries(m.contexts)];
    const body = $("metrics-body");
    body.replaceChildren();
    for (const [name, c] of rows) {
      const tr = el("tr", undefined, name === "totals" ? "totals" : c.deadLettered || c.errorRate > 0.05 ? "warn" : "");
      tr.dataset.context = name;
      for (const v of [name, c.handled, fmt(c.eventLagMs.p50) + " / " + fmt(c.eventLagMs.p99), fmt(c.processingMs.p50) + " / " + fmt(c.processingMs.p99), pct(c.errorRate), c.throughputPerMin, fmt(c.outboxPending), c.deadLettered]) tr.append(el("td", v));
      body.append(tr);
    }
    const h = m.http;
    $("http-summary").textContent = h.requests + " requests in the last " + m.window.minutes + " min · 5xx " + pct(h.errorRate) + " · 4xx " + pct(h.clientErrorRate) + " · p50 " + fmt(h.durationMs.p50) + " ms · p99 " + fmt(h.durationMs.p99) + " ms" +
      (m.productCache ? " · product cache hit ratio " + pct(m.productCache.hitRatio || 0) : "");
    const breakers = $("breakers");
    breakers.replaceChildren(el("span", "Circuit breakers: "));
    const list = Object.entries(m.breakers || {});
    if (list.length === 0) breakers.append(el("span", "none used yet"));
    for (const [dep, b] of list) breakers.append(el("span", dep + " " + b.state + (b.failures ? " (" + b.failures + " failures)" : "") + " since " + b.since.slice(11, 19), "badge" + (b.state === "CLOSED" ? " handled" : " dead")));
    $("metrics-error").textContent = "";
    chartMetrics(m);
  } catch (err) { $("metrics-error").textContent = err.message; }
}
$("refresh").addEventListener("click", loadMetrics);

// What each event means for the order (or item) it concerns: the status column of the timeline.
function statusChange(e) {
  const d = e.data || {};
  switch (e.eventType) {
    case "OrderCreated": return "CREATED";
    case "OrderSubmitted": return "PENDING";
    case "OrderConfirmed": return "CONFIRMED";
    case "ShipmentDispatched": return "SHIPPED";
    case "ShipmentDelivered": return "DELIVERED";
    case "OrderCancelled": return "CANCELLED (" + d.reason + ")";
    case "PaymentAuthorized": return "payment authorized";
    case "PaymentFailed": return "payment failed: " + d.reason;
    case "PaymentRefunded": return "refunded " + (d.amount.amount / 100).toFixed(2) + " " + d.amount.currency;
    case "InventoryReserved": return "stock reserved";
    case "InventoryReservationFailed": return "stock unavailable";
    case "InventoryReservationExpired": return "hold expired";
    case "InventoryFulfilled": return "stock fulfilled";
    case "ShipmentCreated": return "shipment " + d.carrier + " " + d.trackingNumber;
    case "LowStockAlert": return d.available === 0 ? "OUT_OF_STOCK" : "LOW_STOCK (" + d.available + " left)";
    case "InventoryReplenished": return "IN_STOCK (" + d.available + " available)";
    case "ProductCreated": return "ACTIVE";
    case "ProductUpdated": return d.status;
    case "PromotionRedeemed": return "promotion " + d.code + " redeemed";
    case "ReturnRequested": return "return requested (" + (d.refundAmount.amount / 100).toFixed(2) + " " + d.refundAmount.currency + ")";
    case "ReturnReceived": return "return received";
    case "ReturnRejected": return "return rejected: " + d.reason;
    default: return "";
  }
}
const ORDER_STATES = ["CREATED", "PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"];

$("timeline-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const id = $("order-id").value.trim();
  const list = $("timeline-body");
  list.replaceChildren();
  $("timeline-error").textContent = "";
  $("timeline-status").textContent = "";
  try {
    const events = await call("/admin/events?limit=100&orderId=" + encodeURIComponent(id));
    if (events.length === 0) { $("timeline-error").textContent = "no events recorded for " + id; return; }
    let current = "";
    for (const ev of events) {
      const change = statusChange(ev);
      if (ORDER_STATES.includes(change) || change.startsWith("CANCELLED") || change.includes("STOCK")) current = change;
      const tr = el("tr");
      tr.dataset.eventType = ev.eventType;
      tr.append(el("td", new Date(ev.occurredOn).toISOString().replace("T", " ").slice(0, 23)), el("td", ev.eventType, "type"), el("td", change, "status"), el("td", ev.aggregateType + " " + ev.aggregateId + " v" + ev.aggregateVersion));
      const subs = el("td");
      for (const [ctx, s] of Object.entries(ev.deliveries)) subs.append(el("span", ctx + ": " + s.status + (s.attempts > 1 ? " ×" + s.attempts : ""), "badge " + s.status.toLowerCase()));
      tr.append(subs, el("td", ev.correlationId, "mono"), el("td", ev.traceparent ? ev.traceparent.split("-")[1] : "", "mono trace"));
      list.append(tr);
    }
    $("timeline-status").textContent = current ? "Current status: " + current : "";
  } catch (err) { $("timeline-error").textContent = err.message; }
});

`;
